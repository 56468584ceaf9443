// A request header's value beyond ASCII goes out as its UTF-8 bytes, as curl sends it, with either client and from the logql/promql client too.
import { afterEach, expect, test } from "bun:test";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { scriptedServer } from "../../../test/helpers/scripted-server.ts";
import { always, ok } from "../../../test/helpers/wire-diff.ts";
import { getText } from "../../prom/http.ts";

const saved = process.env.SCENARIO_HTTP_CLIENT;
afterEach(() => {
  if (saved === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
  else process.env.SCENARIO_HTTP_CLIENT = saved;
});

/** The bytes of the line `name: …` in a request as the server received it (the server records them one character per byte). */
function lineBytes(raw: string, name: string): Buffer {
  const line = raw.split("\r\n").find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return Buffer.from(line ?? "", "latin1");
}

for (const client of ["default", "fetch"] as const) {
  test(`${client}: ä and € in a header value are sent as UTF-8 bytes, and the request detail shows the text`, async () => {
    // By default a value beyond printable ASCII is outside the built-in client's envelope: fetch sends it either way.
    if (client === "fetch") process.env.SCENARIO_HTTP_CLIENT = "fetch";
    else delete process.env.SCENARIO_HTTP_CLIENT;
    const server = scriptedServer(always(ok()));
    try {
      const r = await step.run(step.schema.parse({ url: `${server.base}/`, headers: { Authorization: "Bearer pässwörd-€-42", "X-Plain": "abc" } }), testContext());
      expect(r.error).toBeUndefined();
      expect(r.observed?.status).toBe(200);
      const raw = server.requests[0]!.raw;
      expect(lineBytes(raw, "authorization")).toEqual(Buffer.from("Authorization: Bearer pässwörd-€-42", "utf8"));
      expect(lineBytes(raw, "x-plain")).toEqual(Buffer.from("X-Plain: abc"));
      const request = r.details!.find((d) => d.title === "request")!.body;
      expect(request).toContain("authorization: Bearer pässwörd-€-42");
    } finally {
      server.stop();
    }
  });
}

test("the logql/promql client sends a tenant, a bearer token and headers beyond ASCII as UTF-8 bytes", async () => {
  const server = scriptedServer(always(ok('{"status":"success","data":1}', "Content-Type: application/json\r\n")));
  try {
    await getText({ url: server.base, server: "Loki", tenant: "tën", auth: { bearer: "tök€n" }, headers: { "X-Name": "Zoë" } }, "/api");
    const raw = server.requests[0]!.raw;
    expect(lineBytes(raw, "x-scope-orgid")).toEqual(Buffer.from("X-Scope-OrgID: tën", "utf8"));
    expect(lineBytes(raw, "authorization")).toEqual(Buffer.from("Authorization: Bearer tök€n", "utf8"));
    expect(lineBytes(raw, "x-name")).toEqual(Buffer.from("X-Name: Zoë", "utf8"));
  } finally {
    server.stop();
  }
});

for (const client of ["default", "fetch"] as const) {
  test(`${client}: a response header's UTF-8 bytes are read as their text in checks, captures and the response detail; other bytes as Latin-1`, async () => {
    if (client === "fetch") process.env.SCENARIO_HTTP_CLIENT = "fetch";
    else delete process.env.SCENARIO_HTTP_CLIENT;
    const head = Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nX-User: José-€\r\n", "utf8"), Buffer.from("X-Old: caf\xe9\r\nContent-Length: 2\r\n\r\nok", "latin1")]);
    const server = scriptedServer(always({ segments: [head] }));
    try {
      const input = step.schema.parse({ url: `${server.base}/`, expect: { headers: { "x-user": "José-€", "x-old": "café" } }, capture: { WHO: "header:x-user" } });
      const r = await step.run(input, testContext());
      expect(r.error).toBeUndefined();
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expect(r.captures).toEqual({ WHO: "José-€" });
      expect(r.details!.find((d) => d.title === "response")!.body).toContain("x-user: José-€");
    } finally {
      server.stop();
    }
  });
}

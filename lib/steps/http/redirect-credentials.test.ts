// A redirect to another origin (another port, host or scheme) drops every credential header, with both clients: the server it leads to never gets the key the step sent to the first.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { scriptedServer, type Answer, type ScriptedServer } from "../../../test/helpers/scripted-server.ts";
import { ok, raw } from "../../../test/helpers/wire-diff.ts";

const saved = process.env.SCENARIO_HTTP_CLIENT;
beforeEach(() => void delete process.env.SCENARIO_HTTP_CLIENT);
afterEach(() => {
  if (saved === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
  else process.env.SCENARIO_HTTP_CLIENT = saved;
});

const CREDENTIALS = {
  Authorization: "Bearer auth-cred-1",
  Cookie: "sid=cookie-cred-2",
  "Proxy-Authorization": "Basic proxy-cred-3",
  "X-Api-Key": "api-key-cred-4",
  "X-Auth-Token": "auth-token-cred-5",
};
const redirect = (status: string, location: string): Answer => raw(`HTTP/1.1 ${status}\r\nLocation: ${location}\r\nContent-Length: 0\r\n\r\n`);

/** The credential header names (lower case) in a request's raw head. */
function credentialsIn(rawHead: string): string[] {
  return Object.keys(CREDENTIALS)
    .map((n) => n.toLowerCase())
    .filter((n) => rawHead.toLowerCase().includes(`\n${n}:`));
}

async function run(input: Record<string, unknown>) {
  const r = await step.run(step.schema.parse(input), testContext());
  return { error: r.error, status: r.observed?.status, final: r.observed?.final_url };
}

describe.each([["the built-in client"], ["fetch"]])("redirect credentials with %s", (client) => {
  let a: ScriptedServer;
  let b: ScriptedServer;
  beforeEach(() => {
    if (client === "fetch") process.env.SCENARIO_HTTP_CLIENT = "fetch";
    b = scriptedServer((req) => (req.target === "/back" ? redirect("302 Found", `${a.base}/home`) : ok("b")));
    a = scriptedServer((req) => {
      if (req.target === "/cross") return redirect("302 Found", `${b.base}/x`);
      if (req.target === "/cross-by-name") return redirect("307 Temporary Redirect", `http://localhost:${b.port}/x`);
      if (req.target === "/same") return redirect("302 Found", "/x");
      if (req.target === "/post-303") return redirect("303 See Other", `${b.base}/x`);
      if (req.target === "/there-and-back") return redirect("302 Found", `${b.base}/back`);
      if (req.target === "/to-userinfo") return redirect("302 Found", `http://bob:loc-pw-6@127.0.0.1:${a.port}/x`);
      if (req.target === "/absolute-same") return redirect("302 Found", `${a.base}/x`);
      return ok("a");
    });
  });
  afterEach(() => {
    a.stop();
    b.stop();
  });

  test("a redirect to another port drops Authorization, Cookie, Proxy-Authorization, X-Api-Key and X-Auth-Token", async () => {
    expect(await run({ url: `${a.base}/cross`, headers: { ...CREDENTIALS, "X-Other": "kept" } })).toEqual({ error: undefined, status: 200, final: `${b.base}/x` });
    expect(credentialsIn(a.requests[0]!.raw)).toEqual(Object.keys(CREDENTIALS).map((n) => n.toLowerCase()));
    expect(b.requests.map((r) => [r.target, credentialsIn(r.raw)])).toEqual([["/x", []]]);
    expect(b.requests[0]!.raw.toLowerCase()).toContain("\nx-other: kept");
  });

  test("so does one to another host (a name, which fetch sends), and a 303 that turns a POST into a GET", async () => {
    expect((await run({ url: `${a.base}/cross-by-name`, headers: CREDENTIALS })).status).toBe(200);
    expect(await run({ url: `${a.base}/post-303`, method: "POST", body: "x", headers: CREDENTIALS })).toMatchObject({ status: 200 });
    expect(b.requests.map((r) => [r.target, credentialsIn(r.raw)])).toEqual([
      ["/x", []],
      ["/x", []],
    ]);
    expect(b.requests[1]!.raw.startsWith("GET /x ")).toBe(true);
  });

  test("a credential dropped stays dropped when a later redirect comes back to the first origin", async () => {
    expect((await run({ url: `${a.base}/there-and-back`, headers: { "X-Api-Key": "api-key-cred-4" } })).status).toBe(200);
    expect(a.requests.map((r) => [r.target, credentialsIn(r.raw)])).toEqual([
      ["/there-and-back", ["x-api-key"]],
      ["/home", []],
    ]);
  });

  test("a redirect within the origin keeps them all", async () => {
    expect(await run({ url: `${a.base}/same`, headers: CREDENTIALS })).toEqual({ error: undefined, status: 200, final: `${a.base}/x` });
    expect(a.requests.map((r) => [r.target, credentialsIn(r.raw).length])).toEqual([
      ["/same", 5],
      ["/x", 5],
    ]);
  });

  test("the user name and password of a Location are not sent, as fetch sends none from a redirect (an X-Api-Key too)", async () => {
    expect(await run({ url: `${a.base}/to-userinfo` })).toMatchObject({ error: undefined, status: 200, final: `http://bob:loc-pw-6@127.0.0.1:${a.port}/x` });
    expect(await run({ url: `${a.base}/to-userinfo`, headers: { "X-Api-Key": "api-key-cred-4" } })).toMatchObject({ error: undefined, status: 200 });
    expect(a.requests.map((r) => [r.target, r.raw.toLowerCase().includes("\nauthorization:")])).toEqual([
      ["/to-userinfo", false],
      ["/x", false],
      ["/to-userinfo", false],
      ["/x", false],
    ]);
  });

  test("the step URL's user name and password go on to an absolute Location of the same origin, as fetch sends them (an X-Api-Key too)", async () => {
    const basic = `authorization: basic ${Buffer.from("al:pw-7").toString("base64").toLowerCase()}`;
    const url = `http://al:pw-7@127.0.0.1:${a.port}/absolute-same`;
    expect(await run({ url })).toMatchObject({ error: undefined, status: 200, final: `${a.base}/x` });
    expect(await run({ url, headers: { "X-Api-Key": "api-key-cred-4" } })).toMatchObject({ error: undefined, status: 200, final: `${a.base}/x` });
    expect(a.requests.map((r) => [r.target, r.raw.toLowerCase().includes(`\n${basic}`)])).toEqual([
      ["/absolute-same", true],
      ["/x", true],
      ["/absolute-same", true],
      ["/x", true],
    ]);
  });
});

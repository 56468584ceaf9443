// The response detail's body is made lazily, and the masker looks through its sources for credentials' words instead
// (lib/core/detail.ts lazyDetail): every place a word of the body comes from must be among them, with either client.
import { afterAll, describe, expect, test } from "bun:test";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { Masker } from "../../vars/mask.ts";
import { unmadeSources } from "../../core/detail.ts";
import { withClient } from "../../../test/helpers/wire-diff.ts";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    switch (new URL(req.url).pathname) {
      case "/header-name":
        return new Response("ok", { headers: { "X-Api-Key": "Kx9ab8cd7e12" } });
      case "/header-value":
        return new Response("ok", { headers: { "x-note": "Bearer Kx9ab8cd7e12" } });
      case "/body":
        return new Response("password=Kx9ab8cd7e12\n", { headers: { "content-type": "text/plain" } });
      case "/url":
        return new Response("dsn postgres://app:Kx9ab8cd7e12@db/x\n", { headers: { "content-type": "text/plain" } });
      default:
        return new Response("plain answer", { headers: { "x-trace": "abc-123" } });
    }
  },
});
// Bun.serve sends no status text of its own: this one writes its answer's bytes.
const raw = Bun.listen({
  hostname: "127.0.0.1",
  port: 0,
  socket: {
    data(socket) {
      socket.end("HTTP/1.1 200 OK token=Kx9ab8cd7e12\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
    },
  },
});
afterAll(() => {
  server.stop(true);
  raw.stop(true);
});

async function result(client: string, path: string) {
  const port = path === "/status-text" ? raw.port : server.port;
  return withClient(client, () => step.run(step.schema.parse({ url: `http://127.0.0.1:${port}${path}`, expect: { status: 200 } }), testContext()));
}

describe.each([["wire"], ["fetch"]])("with the %s client", (client) => {
  test.each([["/status-text"], ["/header-name"], ["/header-value"], ["/body"], ["/url"]])("a credential the response detail shows from %s is found while no secret is known", async (path) => {
    const r = await result(client, path);
    const response = r.details!.find((d) => d.title === "response")!;
    const m = new Masker();
    m.deep({ type: "attempt-end", result: r });
    expect(m.text("sent Kx9ab8cd7e12")).toBe("sent ***");
    expect(response.body).toContain("Kx9ab8cd7e12");
  });

  test("a response holding no credential's word is not formatted by the look: the run log makes its detail later, the same", async () => {
    const r = await result(client, "/plain");
    const response = r.details!.find((d) => d.title === "response")!;
    new Masker().deep({ type: "attempt-end", result: r });
    expect(unmadeSources(response)).toBeDefined();
    expect(response.body).toStartWith("HTTP 200 OK\n");
    expect(response.body).toContain("x-trace: abc-123\n");
    expect(response.body).toEndWith("\nplain answer");
    expect(unmadeSources(response)).toBeUndefined();
  });
});

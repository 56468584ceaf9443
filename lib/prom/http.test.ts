// Tests of the API client's redirects: followed within the server's origin, refused to another one (its headers stay home).
import { afterAll, describe, expect, test } from "bun:test";
import { ApiError, getData } from "./http.ts";

const seen: { server: string; key: string | null; path: string }[] = [];
const other = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    seen.push({ server: "other", key: req.headers.get("x-api-key"), path: new URL(req.url).pathname });
    return Response.json({ status: "success", data: "from the other server" });
  },
});
const home = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname;
    seen.push({ server: "home", key: req.headers.get("x-api-key"), path });
    if (path === "/away/api") return new Response(null, { status: 302, headers: { location: `http://127.0.0.1:${other.port}/api` } });
    if (path === "/moved/api") return new Response(null, { status: 301, headers: { location: "/api" } });
    if (path === "/loop/api") return new Response(null, { status: 302, headers: { location: "/loop/api" } });
    return Response.json({ status: "success", data: "from home" });
  },
});
afterAll(() => {
  home.stop(true);
  other.stop(true);
});

const opts = (prefix: string) => ({ url: `http://127.0.0.1:${home.port}${prefix}`, server: "Loki", headers: { "X-Api-Key": "k-123" } });

describe("redirects", () => {
  test("within the server's origin they are followed, headers and all", async () => {
    seen.length = 0;
    expect(await getData(opts("/moved"), "/api")).toBe("from home");
    expect(seen).toEqual([{ server: "home", key: "k-123", path: "/moved/api" }, { server: "home", key: "k-123", path: "/api" }]);
  });

  test("to another host or port they are refused: nothing is sent there, and the error names where it pointed", async () => {
    seen.length = 0;
    const err = await getData(opts("/away"), "/api").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as Error).message).toBe(
      `Loki at http://127.0.0.1:${home.port}/away answered 302, a redirect to http://127.0.0.1:${other.port}/api (another server): not followed, so the step's headers and auth are not sent there; point url at that server if it is the one to ask`,
    );
    expect(seen.map((s) => s.server)).toEqual(["home"]);
  });

  test("a loop ends", async () => {
    expect(((await getData(opts("/loop"), "/api").catch((e: unknown) => e)) as Error).message).toBe(`Loki at http://127.0.0.1:${home.port}/loop: more than 5 redirects`);
  });
});

describe("network errors", () => {
  test("https to a plain-HTTP port: the TLS failure is said once, its code not repeated", async () => {
    const err = await getData({ url: `https://127.0.0.1:${home.port}`, server: "Prometheus" }, "/api").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const message = (err as Error).message;
    const code = /: ([A-Z][A-Z_]+): /.exec(message)?.[1];
    // Bun (the pinned version) names the failure by a code, EPROTO, and starts its message with it: it shows once.
    expect(code).toBeDefined();
    expect(message.split(`${code}:`).length).toBe(2);
    expect(message).toStartWith("Prometheus");
  });
});

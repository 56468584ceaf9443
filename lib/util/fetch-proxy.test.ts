// fetchProxy against Bun's fetch itself: each case is sent through fetch with a fake proxy (which answers "proxy") and a
// server (which answers "direct") on loopback, and fetchProxy must name the proxy exactly when fetch went through it.
import { afterAll, afterEach, describe, expect, test } from "bun:test";
import { fetchProxy } from "./fetch-proxy.ts";

const VARS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"];
const saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
afterEach(() => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
});

/** A proxy that answers every request with its own name, and closes. */
function fakeProxy(name: string) {
  return Bun.listen({
    hostname: "127.0.0.1",
    port: 0,
    socket: {
      data(s) {
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${name.length}\r\nConnection: close\r\n\r\n${name}`);
        s.end();
      },
    },
  });
}

// Made here, not in beforeAll: whether IPv6 loopback works decides which cases run, before any test does.
const proxyA = fakeProxy("A");
const proxyB = fakeProxy("B");
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("direct") });
const server6 = ipv6Server();
function ipv6Server(): ReturnType<typeof Bun.serve> | undefined {
  try {
    return Bun.serve({ hostname: "::1", port: 0, fetch: () => new Response("direct") });
  } catch {
    return undefined; // no IPv6 loopback here: its cases are left out
  }
}
afterAll(() => {
  proxyA.stop(true);
  proxyB.stop(true);
  server.stop(true);
  server6?.stop(true);
});

/** What fetch did: "A" or "B" (through that proxy) or "direct". */
async function viaFetch(url: string, env: Record<string, string>): Promise<string> {
  for (const v of VARS) delete process.env[v];
  Object.assign(process.env, env);
  return (await fetch(url)).text();
}

/** What fetchProxy says, in the same words. */
function viaModel(url: string, env: Record<string, string>): string {
  const at = fetchProxy(new URL(url), env);
  return at === undefined ? "direct" : at === `127.0.0.1:${proxyA.port}` ? "A" : at === `127.0.0.1:${proxyB.port}` ? "B" : `elsewhere: ${at}`;
}

type Case = [label: string, env: (p: { A: string; B: string; port: number }) => Record<string, string>, host?: "v4" | "localhost" | "v6"];

const cases: Case[] = [
  ["nothing set", () => ({})],
  ["HTTP_PROXY", ({ A }) => ({ HTTP_PROXY: A })],
  ["http_proxy", ({ A }) => ({ http_proxy: A })],
  ["ALL_PROXY", ({ A }) => ({ ALL_PROXY: A })],
  ["all_proxy", ({ A }) => ({ all_proxy: A })],
  ["HTTPS_PROXY alone does not take http://", ({ A }) => ({ HTTPS_PROXY: A })],
  ["the lower-case name first", ({ A, B }) => ({ http_proxy: A, HTTP_PROXY: B })],
  ["all_proxy before ALL_PROXY", ({ A, B }) => ({ all_proxy: A, ALL_PROXY: B })],
  ["HTTP_PROXY before ALL_PROXY", ({ A, B }) => ({ ALL_PROXY: A, HTTP_PROXY: B })],
  ["an empty http_proxy is unset", ({ A }) => ({ http_proxy: "", HTTP_PROXY: A })],
  ["a quoted empty http_proxy ends the pair", ({ A }) => ({ http_proxy: "''", HTTP_PROXY: A })],
  ["a quoted empty HTTP_PROXY leaves ALL_PROXY", ({ A }) => ({ HTTP_PROXY: '""', ALL_PROXY: A })],
  ["a proxy without a scheme", ({ A }) => ({ HTTP_PROXY: A.replace("http://", "") })],
  ["NO_PROXY the host", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1" })],
  ["no_proxy the host", ({ A }) => ({ HTTP_PROXY: A, no_proxy: "127.0.0.1" })],
  ["NO_PROXY applies to ALL_PROXY", ({ A }) => ({ ALL_PROXY: A, NO_PROXY: "127.0.0.1" })],
  ["no_proxy before NO_PROXY", ({ A }) => ({ HTTP_PROXY: A, no_proxy: "elsewhere", NO_PROXY: "127.0.0.1" })],
  ["a quoted empty no_proxy falls to NO_PROXY", ({ A }) => ({ HTTP_PROXY: A, no_proxy: "''", NO_PROXY: "127.0.0.1" })],
  ["NO_PROXY empty", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "" })],
  ["NO_PROXY *", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "*" })],
  ["NO_PROXY * among others, blank-separated", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "foo *" })],
  ["NO_PROXY a list", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "foo, 127.0.0.1" })],
  ["NO_PROXY a tab", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "foo\t127.0.0.1" })],
  ["NO_PROXY a semicolon is no separator", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1;foo" })],
  ["NO_PROXY no suffix of an address", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "0.0.1" })],
  ["NO_PROXY .address", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: ".127.0.0.1" })],
  ["NO_PROXY another address", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.10" })],
  ["NO_PROXY an address spelt otherwise", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.1" })],
  ["NO_PROXY a range holding it", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.0/8" })],
  ["NO_PROXY a range not holding it", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.1.0/24" })],
  ["NO_PROXY a /33", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1/33" })],
  ["NO_PROXY a range with leading zeros", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.0/008" })],
  ["NO_PROXY a range without its length", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1/" })],
  ["NO_PROXY a range length with a sign", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.0/+8" })],
  ["NO_PROXY a range length of -0", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.0/-0" })],
  ["NO_PROXY a range length in hex", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.0/0x8" })],
  ["NO_PROXY a range length with an exponent", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.0/1e1" })],
  ["NO_PROXY a range length with decimals", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.0/8.0" })],
  ["NO_PROXY the host and its port", ({ A, port }) => ({ HTTP_PROXY: A, NO_PROXY: `127.0.0.1:${port}` })],
  ["NO_PROXY the host and its port, a leading zero", ({ A, port }) => ({ HTTP_PROXY: A, NO_PROXY: `127.0.0.1:0${port}` })],
  ["NO_PROXY the host and another port", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1:1" })],
  ["NO_PROXY host:", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1:" })],
  ["NO_PROXY :port", ({ A, port }) => ({ HTTP_PROXY: A, NO_PROXY: `:${port}` })],
  ["localhost through the proxy", ({ A }) => ({ HTTP_PROXY: A }), "localhost"],
  ["NO_PROXY localhost", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "LOCALHOST" }), "localhost"],
  ["NO_PROXY .localhost", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: ".localhost" }), "localhost"],
  ["NO_PROXY localhost.", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "localhost." }), "localhost"],
  ["NO_PROXY *localhost", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "*localhost" }), "localhost"],
  ["NO_PROXY a name's tail", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "host" }), "localhost"],
  ["NO_PROXY an address for a name", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1" }), "localhost"],
  ["NO_PROXY localhost:port", ({ A, port }) => ({ HTTP_PROXY: A, NO_PROXY: `localhost:${port}` }), "localhost"],
  ["NO_PROXY localhost:another port", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "localhost:1" }), "localhost"],
  ["[::1] through the proxy", ({ A }) => ({ HTTP_PROXY: A }), "v6"],
  ["NO_PROXY ::1", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "::1" }), "v6"],
  ["NO_PROXY [::1]", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "[::1]" }), "v6"],
  ["NO_PROXY [::1]:port", ({ A, port }) => ({ HTTP_PROXY: A, NO_PROXY: `[::1]:${port}` }), "v6"],
  ["NO_PROXY ::1 spelt long", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "0:0:0:0:0:0:0:1" }), "v6"],
  ["NO_PROXY ::/0", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "::/0" }), "v6"],
  ["NO_PROXY 127.0.0.1 for [::1]", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "127.0.0.1" }), "v6"],
  ["NO_PROXY 1 for [::1]", ({ A }) => ({ HTTP_PROXY: A, NO_PROXY: "1" }), "v6"],
];

describe("fetchProxy decides as Bun's fetch does", () => {
  for (const [label, env, host = "v4"] of cases) {
    test.skipIf(host === "v6" && !server6)(`${label}${host === "v6" && !server6 ? " (skipped: no IPv6 loopback here)" : ""}`, async () => {
      const port = (host === "v6" ? server6!.port : server.port)!;
      const url = `http://${host === "v6" ? "[::1]" : host === "localhost" ? "localhost" : "127.0.0.1"}:${port}/x`;
      const vars = env({ A: `http://127.0.0.1:${proxyA.port}`, B: `http://127.0.0.1:${proxyB.port}`, port });
      expect(viaModel(url, vars)).toBe(await viaFetch(url, vars));
    });
  }
});

test("https:// reads HTTPS_PROXY, then ALL_PROXY, never HTTP_PROXY; a proxy's port defaults by its scheme", () => {
  const url = new URL("https://api.example/");
  expect(fetchProxy(url, { HTTP_PROXY: "http://p:3128" })).toBeUndefined();
  expect(fetchProxy(url, { HTTPS_PROXY: "http://p:3128", ALL_PROXY: "http://q:1" })).toBe("p:3128");
  expect(fetchProxy(url, { ALL_PROXY: "https://q" })).toBe("q:443");
  expect(fetchProxy(url, { https_proxy: "http://p", NO_PROXY: ".example" })).toBeUndefined();
  expect(fetchProxy(url, { https_proxy: "http://p", NO_PROXY: "sub.api.example" })).toBe("p:80");
  expect(fetchProxy(new URL("http://a.b.example:8080/"), { HTTP_PROXY: "p:1", NO_PROXY: "*.example:8080" })).toBeUndefined();
});

test("a proxy value that is no URL is named without its user name and password: a password that breaks the URL is the usual cause", () => {
  const url = new URL("http://api.example/");
  expect(fetchProxy(url, { HTTP_PROXY: "http://bob:Pr0xy/pass@proxy:3128" })).toBe("http://***@proxy:3128");
  expect(fetchProxy(url, { HTTP_PROXY: "bob:Pr0xy/pass@proxy:3128" })).toBe("***@proxy:3128");
  expect(fetchProxy(url, { HTTP_PROXY: "http://bob:Pr0xy-pass@proxy:3128" })).toBe("proxy:3128");
});

// Connection reuse of the wire client against Bun's fetch: which requests share a connection, retries on a connection closed while idle.
import { expect, test } from "bun:test";
import { closing, compareSequences, ok, raw, runSequence, withoutClientChoice, type SeqCase, type SeqRequest } from "../../../test/helpers/wire-diff.ts";

withoutClientChoice();

const three: SeqRequest[] = [{ path: "/1" }, { path: "/2" }, { path: "/3" }];

const SEQUENCES: SeqCase[] = [
  ["keep-alive responses share one connection", () => ok(), three],
  ["after Connection: close a new connection", (i) => (i === 0 ? ok("ok", "Connection: close\r\n") : ok()), three],
  ["after an HTTP/1.0 response a new connection", (i) => (i === 0 ? raw("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") : ok()), three],
  ["after a close-delimited body a new connection", (i) => (i === 0 ? closing("HTTP/1.1 200 OK\r\n\r\nokay") : ok()), three],
  ["after a malformed response a new connection", (i) => (i === 0 ? raw("HTTP/1.1 abc\r\nContent-Length: 0\r\n\r\n") : ok()), three],
  ["after the user's Connection: close a new connection", () => ok(), [{ path: "/1", headers: { Connection: "close" } }, { path: "/2" }]],
  ["a server that ends each connection after its response", () => ({ ...ok(), end: true }), three],
  ...["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].map((method): SeqCase => [
    `${method} on a reused connection the server closes unanswered`,
    (_i, req) => (req.connection === 1 && req.onConnection === 1 ? "close" : ok()),
    [{ path: "/1" }, { path: "/2", method, body: method === "GET" || method === "HEAD" ? undefined : "b" }, { path: "/3" }],
  ]),
];

compareSequences("wire client connections = fetch's", SEQUENCES);

test("after a truncated body the wire client opens a new connection (fetch reuses one whose body had all arrived; the bytes and results agree)", async () => {
  const list: SeqRequest[] = [{ path: "/1", max: 4 }, { path: "/2" }, { path: "/3", max: 4 }];
  const viaFetch = await runSequence(() => ok("0123456789"), list, "fetch");
  const viaWire = await runSequence(() => ok("0123456789"), list, "wire");
  expect(viaWire.results).toEqual(viaFetch.results);
  expect(viaWire.requests.map((r) => r.raw)).toEqual(viaFetch.requests.map((r) => r.raw));
  expect(viaWire.requests.map((r) => r.connection)).toEqual([1, 2, 2]);
});

test.each([["POST"], ["PATCH"]])("%s on a reused connection the server closes unanswered is sent again on a new one (fetch fails it; curl sends it again)", async (method) => {
  const list: SeqRequest[] = [{ path: "/1" }, { path: "/2", method, body: "b" }, { path: "/3" }];
  const answer = (_i: number, req: { connection: number; onConnection: number }) => (req.connection === 1 && req.onConnection === 1 ? "close" : ok());
  const viaWire = await runSequence(answer, list, "wire");
  expect(viaWire.results.map((r) => (r as { status?: number }).status)).toEqual([200, 200, 200]);
  // The second request went out twice: unanswered on the first connection, answered on the second.
  expect(viaWire.requests.map((r) => [r.connection, r.raw.split(" ")[0]])).toEqual([[1, "GET"], [1, method], [2, method], [2, "GET"]]);
  const viaFetch = await runSequence(answer, list, "fetch");
  expect((viaFetch.results[1] as { error?: string }).error).toBeDefined();
});

test("a HEAD goes on a connection of its own, closed after it, in both clients (a body a server wrongly sends after it cannot reach another request)", async () => {
  const list: SeqRequest[] = [{ path: "/1" }, { path: "/2", method: "HEAD" }, { path: "/3" }, { path: "/4", method: "HEAD" }, { path: "/5" }];
  for (const transport of ["fetch", "wire"] as const) {
    const got = await runSequence(() => ok(), list, transport);
    expect(got.requests.map((r) => r.connection)).toEqual([1, 2, 1, 3, 1]);
    // No Connection: keep-alive line on a HEAD (fetch sends none with keepalive false).
    expect(got.requests.map((r) => r.raw.includes("\r\nConnection:"))).toEqual([true, false, true, false, true]);
  }
});

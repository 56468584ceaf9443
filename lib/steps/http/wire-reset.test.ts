// A connection reset (RST) that ends a response: the wire client reads it as curl does, a body cut short where only the
// connection's end could end it (close-delimited), and as nothing where the response was whole before it.
import { expect, test } from "bun:test";
import { gzipSync } from "node:zlib";
import { scriptedServer, type Answer } from "../../../test/helpers/scripted-server.ts";
import { exchangeOrError, withoutClientChoice } from "../../../test/helpers/wire-diff.ts";

withoutClientChoice();

const resetting = (...segments: (string | Uint8Array)[]): Answer => ({ segments, reset: true });

async function wireGets(answer: Answer): Promise<{ error: string } | { status: number; text: string }> {
  const server = scriptedServer(() => answer);
  try {
    const got = await exchangeOrError("wire", new URL(`${server.base}/x`), {}, "reset case");
    return "error" in got ? { error: got.error.replaceAll(String(server.port), "P") } : { status: got.res.status, text: got.read.text };
  } finally {
    server.stop();
  }
}

const CUT = { error: "connection closed by the server before a full response: http://127.0.0.1:P/x" };

test("a close-delimited body that a reset ends is cut short, as curl says (Recv failure: Connection reset by peer), not whole", async () => {
  // `not_contains: ERROR` passed on "all good so far", whatever the server was still to send
  expect(await wireGets(resetting("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall good so far"))).toEqual(CUT);
  expect(await wireGets(resetting("HTTP/1.0 200 OK\r\n\r\nall good so far"))).toEqual(CUT);
  expect(await wireGets(resetting("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", gzipSync("all good so far")))).toEqual(CUT);
});

test("the same body ended by the server's close is whole", async () => {
  expect(await wireGets({ segments: ["HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall good so far"], end: true })).toEqual({ status: 200, text: "all good so far" });
});

test("a reset after a whole response (its length, or its last chunk) takes nothing from it", async () => {
  expect(await wireGets(resetting("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"))).toEqual({ status: 200, text: "ok" });
  expect(await wireGets(resetting("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"))).toEqual({ status: 200, text: "ok" });
});

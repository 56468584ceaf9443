// Adversarial differential cases (what real servers and stacks send) for the wire client against Bun's fetch.
import { describe, expect, test } from "bun:test";
import { constants, createBrotliCompress, createDeflate, createGzip, gzipSync, type Gzip } from "node:zlib";
import { seededRandom } from "../../../test/helpers/random.ts";
import { always, closing, compareCases, compareSequences, encoded, exchangeVia, ok, raw, runSequence, withoutClientChoice, type DiffCase, type SeqCase, type SeqRequest } from "../../../test/helpers/wire-diff.ts";

withoutClientChoice();

const MIB = 1024 * 1024;
/** Bytes that do not compress (a fixed seeded sequence). */
function noise(n: number): Buffer {
  const rand = seededRandom(1);
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) out[i] = rand() * 256;
  return out;
}
/** A compressed stream of 11 MiB of zeros, flushed but not finished (a stream the server is still writing). */
async function flushedNotEnded(make: () => Gzip | ReturnType<typeof createBrotliCompress>, flush: number): Promise<Buffer> {
  const z = make();
  const parts: Buffer[] = [];
  z.on("data", (d: Buffer) => parts.push(d));
  z.write(Buffer.alloc(11 * MIB));
  await new Promise<void>((r) => z.flush(flush, () => r()));
  return Buffer.concat(parts);
}
const OPEN_STREAMS: [string, Buffer][] = [
  ["gzip", await flushedNotEnded(createGzip, constants.Z_SYNC_FLUSH)],
  ["deflate", await flushedNotEnded(createDeflate, constants.Z_SYNC_FLUSH)],
  ["br", await flushedNotEnded(createBrotliCompress, constants.BROTLI_OPERATION_FLUSH)],
];
const sse = Array.from({ length: 300 }, (_, i) => `data: {"id":${i},"choices":[{"delta":{"content":"t${i}"}}]}\n\n`);

const CASES: DiffCase[] = [
  { name: "SSE: many small chunks, each its own segment", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n", ...sse.map((e) => `${Buffer.byteLength(e).toString(16)}\r\n${e}\r\n`), "0\r\n\r\n")) },
  { name: "Go gzip'd JSON, chunked", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Type: application/json\r\nVary: Accept-Encoding\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n", (() => { const g = gzipSync(JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } })); return Buffer.concat([Buffer.from(`${g.length.toString(16)}\r\n`), g, Buffer.from("\r\n0\r\n\r\n")]); })())) },
  { name: "uvicorn style head", answer: always(raw('HTTP/1.1 200 OK\r\ndate: Mon, 01 Jan 2024 00:00:00 GMT\r\nserver: uvicorn\r\ncontent-length: 11\r\ncontent-type: application/json\r\n\r\n{"ok":true}')) },
  { name: "upper-case header names and values", answer: always(raw("HTTP/1.1 200 OK\r\nCONTENT-LENGTH: 2\r\nX-UPPER: VALUE\r\nCONTENT-TYPE: TEXT/PLAIN\r\n\r\nok")) },
  { name: "TRANSFER-ENCODING: CHUNKED", answer: always(raw("HTTP/1.1 200 OK\r\nTRANSFER-ENCODING: CHUNKED\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "Connection: keep-alive, close", answer: always(ok("ok", "Connection: keep-alive, close\r\n")) },
  { name: "both Content-Length and chunked, length larger", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 100\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "HTTP/1.0 chunked", answer: always(closing("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "chunk size with spaces", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2 \r\nok\r\n0\r\n\r\n")) },
  { name: "chunk size with leading space", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n 2\r\nok\r\n0\r\n\r\n")) },
  { name: "chunk size 0x2", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x2\r\nok\r\n0\r\n\r\n")) },
  { name: "chunk size leading zeros", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0002\r\nok\r\n000\r\n\r\n")) },
  { name: "chunk size huge", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffffffffff\r\nok")) },
  { name: "chunk size upper-case hex", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n")) },
  { name: "chunked LF only", answer: always(raw("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n0\n\n")) },
  { name: "chunk data not followed by CRLF", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokXY0\r\n\r\n")) },
  { name: "chunk extension with quotes", answer: always(raw('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;name="a;b"\r\nok\r\n0\r\n\r\n')) },
  { name: "chunked, last chunk then close without final CRLF", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n")) },
  { name: "chunked, ends after trailer without blank line", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n")) },
  { name: "chunked, an empty size line", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "chunked, size line with CR alone", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\rX\r\nok\r\n0\r\n\r\n")) },
  { name: "a space before the colon", answer: always(raw("HTTP/1.1 200 OK\r\nX-A : 1\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "status 200 with tab before reason", answer: always(raw("HTTP/1.1 200\tOK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "status line trailing spaces no reason", answer: always(raw("HTTP/1.1 200  \r\nContent-Length: 2\r\n\r\nok")) },
  { name: "CR only line ends", answer: always(closing("HTTP/1.1 200 OK\rContent-Length: 2\r\rok")) },
  { name: "mixed CRLF and LF", answer: always(raw("HTTP/1.1 200 OK\r\nX-A: 1\nContent-Length: 2\r\n\nok")) },
  { name: "a bare CR inside a header value", answer: always(raw("HTTP/1.1 200 OK\r\nX-A: a\rb\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "100 Continue then close", answer: always(closing("HTTP/1.1 100 Continue\r\n\r\n")) },
  { name: "two 100 Continue", answer: always(raw("HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "102 Processing with headers", answer: always(raw("HTTP/1.1 102 Processing\r\nX-P: 1\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "1xx with a length", answer: always(raw("HTTP/1.1 100 Continue\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "HEAD with Content-Length and gzip", method: "HEAD", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 50\r\n\r\n")) },
  { name: "304 with gzip and length", answer: always(raw("HTTP/1.1 304 Not Modified\r\nContent-Encoding: gzip\r\nContent-Length: 50\r\n\r\n")) },
  { name: "204 with gzip", answer: always(raw("HTTP/1.1 204 No Content\r\nContent-Encoding: gzip\r\n\r\n")) },
  { name: "200 gzip with Content-Length 0", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 0\r\n\r\n")) },
  { name: "200 br, empty chunked", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")) },
  { name: "gzip close-delimited", answer: always(closing("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", gzipSync("closing gzip"))) },
  { name: "server closes right after the head (length)", answer: always(closing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")) },
  { name: "server closes right after the head (chunked)", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) },
  { name: "server closes right after a 204 head", answer: always(closing("HTTP/1.1 204 No Content\r\n\r\n")) },
  { name: "a body longer than Content-Length in a later segment", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "GARBAGE")) },
  { name: "Content-Length with leading zeros and big", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 0000000002\r\n\r\nok")) },
  { name: "Content-Length: empty", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nok")) },
  { name: "Content-Length: 1.0", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 2.0\r\n\r\nok")) },
  { name: "Content-Length: -1", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok")) },
  { name: "Transfer-Encoding: chunked twice", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "Transfer-Encoding: chunked;q=1", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked;q=1\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "Transfer-Encoding: empty", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding:\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "Transfer-Encoding: xchunked", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: xchunked\r\n\r\nok")) },
  { name: "a header value with obs-text bytes", answer: always(raw(Buffer.from("HTTP/1.1 200 OK\r\nX-L: caf\xe9\r\nContent-Length: 2\r\n\r\nok", "latin1"))) },
  { name: "a header name with obs-text", answer: always(raw(Buffer.from("HTTP/1.1 200 OK\r\nX-\xe9: 1\r\nContent-Length: 2\r\n\r\nok", "latin1"))) },
  { name: "a very long reason phrase", answer: always(raw(`HTTP/1.1 200 ${"R".repeat(5000)}\r\nContent-Length: 2\r\n\r\nok`)) },
  { name: "a head split byte by byte", answer: always(raw(..."HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".split(""))) },
  { name: "a head split at the blank line", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r", "\nok")) },
  { name: "a head split after CRLF CR", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n", "\r", "\nok")) },
  { name: "a head with LF then CRLF", answer: always(raw("HTTP/1.1 200 OK\nContent-Length: 2\n\r\nok")) },
  { name: "leading CRLF before the status line", answer: always(raw("\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "a NUL in the status line", answer: always(raw("HTTP/1.1 200 O\x00K\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "status 000", answer: always(raw("HTTP/1.1 000 Zero\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "status 199", answer: always(raw("HTTP/1.1 199 X\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "status 999", answer: always(raw("HTTP/1.1 999 X\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "a very long URL", path: `/${"p".repeat(60_000)}?q=${"v".repeat(20_000)}`, answer: always(ok()) },
  { name: "very long request header", headers: { "X-Long": "v".repeat(100_000) }, answer: always(ok()) },
  { name: "unicode, percent and spaces in the query", path: "/s?q=a b&u=日本&p=100%&e=%E2%9C%93&h=#x", answer: always(ok()) },
  { name: "a query with a tab and a newline", path: "/s?q=a\tb\nc", answer: always(ok()) },
  { name: "a path with backslashes", path: "/a\\b", answer: always(ok()) },
  { name: "POST multi-byte JSON", method: "POST", json: { text: "日本語 ✓ 😀", n: [1.5, null] }, answer: always(ok()) },
  { name: "POST with Content-Type given and body", method: "POST", body: "a=1", headers: { "content-type": "application/x-www-form-urlencoded" }, answer: always(ok()) },
  { name: "POST body with headers (no content-type)", method: "POST", body: "a=1", headers: { "x-a": "1" }, answer: always(ok()) },
  { name: "headers: odd names", headers: { "X-1": "a", "x--": "b", "-x": "c", "_": "d", "x-a.b": "e", "Sec-Ch-Ua": '"x"' }, answer: always(ok()) },
  { name: "headers: host given in odd case with port", headers: { HOST: "example.com" }, answer: always(ok()) },
  { name: "headers: Expect 100-continue, server sends 417", method: "POST", body: "payload", headers: { Expect: "100-continue" }, answer: always(raw("HTTP/1.1 417 Expectation Failed\r\nContent-Length: 0\r\n\r\n")) },
  { name: "headers: cookie twice via case", headers: { Cookie: "a=1", cookie: "b=2" }, answer: always(ok()) },
  { name: "headers: Accept-Encoding gzip, server gzips", headers: { "Accept-Encoding": "gzip" }, answer: always(raw(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${gzipSync("z").length}\r\n\r\n`, gzipSync("z"))) },
  { name: "headers: Range", headers: { Range: "bytes=0-1" }, answer: always(raw("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-1/10\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "OPTIONS with a body", method: "OPTIONS", body: "x", answer: always(ok()) },
  { name: "redirect 307 of a POST with json", method: "POST", json: { a: 1 }, answer: (i) => (i === 0 ? raw("HTTP/1.1 307 Temporary Redirect\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : ok()) },
  { name: "redirect with Location relative scheme-less //", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: //127.0.0.1:1/x\r\nContent-Length: 0\r\n\r\n") : ok()) },
  { name: "redirect to the same URL, loop", answer: () => raw("HTTP/1.1 302 Found\r\nLocation: /\r\nContent-Length: 0\r\n\r\n") },
  { name: "redirect with an empty Location", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: \r\nContent-Length: 0\r\n\r\n") : ok("after")) },
  { name: "redirect with Location containing spaces", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /a b c\r\nContent-Length: 0\r\n\r\n") : ok("after")) },
  { name: "redirect chunked body", answer: (i) => (i === 0 ? raw("HTTP/1.1 301 Moved\r\nLocation: /n\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n") : ok("after")) },
  { name: "redirect close-delimited", answer: (i) => (i === 0 ? closing("HTTP/1.1 301 Moved\r\nLocation: /n\r\n\r\nabc") : ok("after")) },
  { name: "redirect with a corrupt gzip body", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc") : ok("after")) },
  { name: "a redirect chain, then a corrupt gzip body", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc")) },
  { name: "a redirect chain, then a malformed head", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : raw("HTTP/1.1 2x0 OK\r\n\r\n")) },
  { name: "a redirect chain, then an unsupported protocol", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : raw("HTTP/1.1 302 Found\r\nLocation: ws://127.0.0.1/\r\nContent-Length: 0\r\n\r\n")) },
  // fetch follows a redirect on its head: the body is not read, whatever it is
  ...Object.entries({
    "a chunked body that never ends": "HTTP/1.1 302 Found\r\nLocation: /n\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
    "a length not all sent": "HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 10\r\n\r\nabc",
    "a close-delimited body left open": "HTTP/1.1 302 Found\r\nLocation: /n\r\n\r\nabc",
    "a bad chunk": "HTTP/1.1 302 Found\r\nLocation: /n\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    "a corrupt gzip body": "HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Encoding: gzip\r\nContent-Length: 3\r\n\r\nabc",
  }).map(([what, head]): DiffCase => ({ name: `a redirect with ${what} is followed on its head`, answer: (i) => (i === 0 ? raw(head) : ok("after")) })),
  { name: "a redirect not followed: its body is read", follow: false, answer: always(raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")) },
  { name: "a redirect chain, then a bad chunk", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) },
  { name: "a redirect chain, then two content-lengths", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : raw("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "a redirect chain, then an unknown transfer coding", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: foo\r\n\r\nok")) },
  { name: "a redirect chain, then a short body", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n") : closing("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok")) },
  { name: "a Location of white space only", answer: (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation:   \r\nContent-Length: 0\r\n\r\n") : ok("after")) },
  ...["HTTP/1.1 200 OK\rX-A: 1", "garbage garbage garbage", "HTTP/1.1 200 OK\r\nX A: 1\r\n", "HTTP/1.1 abc OK\r\n", "HTTP/1.1 200 OK\r\nfoo\r\n", "HTTP/1.1 200 OK\r\nX-A: \u0001\r\n", "HTTP/1.1 200 OK\r\n\r\r\n", "HTTP/1.1 200 OK\r\nA: 1\r\n\rX", "HTTP/1.1 200 O\u0001K", "HTTP/1.1 200 OK\r\n:x\r\n"].map(
    (head): DiffCase => ({ name: `a head fetch refuses before it ends (connection left open): ${JSON.stringify(head)}`, answer: always(raw(head)) }),
  ),
  ...["2 \r\n", " 2\r\n", "2\t\r\n", "2 ;x\r\n", "2;x\nok\r\n0\r\n\r\n", "2\r\nok\n0\r\n\r\n", "2\r\nok\r\n0\n\n", "00000000000000002\r\n", "0000000000000002\r\nok\r\n0\r\n\r\n", "2\r\nok\r\n0;e=1\r\n\r\n", "+2\r\n", "g"].map(
    (body): DiffCase => ({ name: `chunk framing ${JSON.stringify(body)} (connection left open)`, answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", body)) }),
  ),
  ...["chunked, chunked", "Chunked", "gzip, chunked", "identity, chunked", "chunked,", ",chunked", "compress", "compress, chunked", "x-gzip, chunked", "gzip, gzip", "CHUNKED, gzip", "chunked,,", " , chunked", "foo", "gzip;q=1, chunked", "chunked ,identity", "gzip,chunked,chunked"].map(
    (te): DiffCase => ({ name: `Transfer-Encoding: ${te}`, answer: always(closing(`HTTP/1.1 200 OK\r\nTransfer-Encoding: ${te}\r\n\r\n2\r\nok\r\n0\r\n\r\n`)) }),
  ),
  { name: "Transfer-Encoding on two lines, chunked twice", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "Transfer-Encoding on two lines, chunked then empty", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding:\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "redirect to a scheme fetch refuses", answer: () => raw("HTTP/1.1 302 Found\r\nLocation: ftp://127.0.0.1/x\r\nContent-Length: 0\r\n\r\n") },
  { name: "redirect to data:", answer: () => raw("HTTP/1.1 302 Found\r\nLocation: data:,hi\r\nContent-Length: 0\r\n\r\n") },
  { name: "redirect to an unreachable loopback address", answer: () => raw("HTTP/1.1 302 Found\r\nLocation: http://127.255.255.255:9/\r\nContent-Length: 0\r\n\r\n") },
  { name: "redirect to a bare IP refused port", answer: () => raw("HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/\r\nContent-Length: 0\r\n\r\n") },
  { name: "a gzip body just over the bound", max: 1000, answer: always((() => { const g = gzipSync("y".repeat(1001)); return raw(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${g.length}\r\n\r\n`, g); })()) },
  { name: "a gzip body over the bound, truncated raw", max: 10, answer: always((() => { const g = gzipSync(Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251))); return raw(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: ${g.length}\r\n\r\n`, g); })()) },
  { name: "a corrupt gzip over the bound", max: 10, answer: always(raw(`HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 100\r\n\r\n`, Buffer.alloc(100, 7))) },
  { name: "a chunked body at the bound then a bad chunk", max: 2, answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\nzz\r\n")) },
  { name: "a chunked body at the bound then 0", max: 2, answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n", "0\r\n\r\n")) },
  { name: "a length body exactly the bound then close", max: 2, answer: always(closing("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "close-delimited body at the bound", max: 2, answer: always(closing("HTTP/1.1 200 OK\r\n\r\nok")) },
  { name: "a head still not whole after 1 MiB (connection left open)", answer: always(raw(`HTTP/1.1 200 OK\r\nX-Big: ${"b".repeat(1_100_000)}`)) },
  { name: "a head of 300 lines not yet ended (connection left open)", answer: always(raw(`HTTP/1.1 200 OK\r\n${Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}\r\n`).join("")}`)) },
  { name: "a head of 256 lines not yet ended, then the rest", answer: always(raw(`HTTP/1.1 200 OK\r\n${Array.from({ length: 254 }, (_, i) => `X-H${i}: ${i}\r\n`).join("")}`, "Content-Length: 2\r\n\r\nok")) },
  // The 10 MiB bound of the http step, with and without Content-Encoding
  { name: "an 11 MiB body with a length", answer: always(ok("x".repeat(11 * MIB))) },
  { name: "an 11 MiB body in 64 KiB chunks", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", ...Array.from({ length: 176 }, () => `10000\r\n${"c".repeat(65536)}\r\n`), "0\r\n\r\n")) },
  { name: "an 11 MiB gzip'd body of zeros (small on the wire)", answer: always(encoded("gzip", gzipSync(Buffer.alloc(11 * MIB)))) },
  { name: "an 11 MiB gzip'd body that does not compress", answer: always(encoded("gzip", gzipSync(noise(11 * MIB)))) },
  ...OPEN_STREAMS.flatMap(([coding, data]): DiffCase[] => [
    { name: `${coding}: decoded past the bound while the stream is still open (chunked)`, answer: always(raw(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding}\r\nTransfer-Encoding: chunked\r\n\r\n${data.length.toString(16)}\r\n`, data, "\r\n")) },
    { name: `${coding}: decoded past the bound while the stream is still open (close-delimited)`, answer: always(raw(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding}\r\n\r\n`, data)) },
    { name: `${coding}: decoded past the bound, a longer length still to come`, answer: always(raw(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding}\r\nContent-Length: ${data.length + 100}\r\n\r\n`, data)) },
  ]),
  { name: "a 10 MiB gzip'd body exactly at the bound", answer: always(encoded("gzip", gzipSync(Buffer.alloc(10 * MIB, 97)))) },
];

compareCases("wire client = fetch (adversarial)", CASES);

const three: SeqRequest[] = [{ path: "/1" }, { path: "/2" }, { path: "/3" }];
const SEQUENCES: SeqCase[] = [
  ["Connection: keep-alive, close", (i) => (i === 0 ? ok("ok", "Connection: keep-alive, close\r\n") : ok()), three],
  ["Connection: close, keep-alive", (i) => (i === 0 ? ok("ok", "Connection: close, keep-alive\r\n") : ok()), three],
  ["Connection: Close", (i) => (i === 0 ? ok("ok", "Connection: Close\r\n") : ok()), three],
  ["Connection:close without space", (i) => (i === 0 ? ok("ok", "Connection:close\r\n") : ok()), three],
  ["Connection: upgrade, close", (i) => (i === 0 ? ok("ok", "Connection: upgrade,close\r\n") : ok()), three],
  ["two Connection lines, close second", (i) => (i === 0 ? ok("ok", "Connection: keep-alive\r\nConnection: close\r\n") : ok()), three],
  ["HTTP/1.0 with Connection: keep-alive", (i) => (i === 0 ? raw("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok") : ok()), three],
  ["HTTP/1.0 with Connection: keep-alive, foo", (i) => (i === 0 ? raw("HTTP/1.0 200 OK\r\nConnection: keep-alive, foo\r\nContent-Length: 2\r\n\r\nok") : ok()), three],
  ["HTTP/1.0 404 with Connection: Keep-Alive", (i) => (i === 0 ? raw("HTTP/1.0 404 Not Found\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nno") : ok()), three],
  ["HTTP/1.0 with Proxy-Connection: keep-alive only", (i) => (i === 0 ? raw("HTTP/1.0 200 OK\r\nProxy-Connection: keep-alive\r\nContent-Length: 2\r\n\r\nok") : ok()), three],
  ["a 404 with Connection: close left open by the server", (i) => (i === 0 ? raw("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno") : ok()), three],
  ["a 200 with Connection: foo", (i) => (i === 0 ? ok("ok", "Connection: foo\r\n") : ok()), three],
  ["a chunked body closed after its last chunk, then a new connection", (i) => (i === 0 ? closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n") : ok()), three],
  ...Object.entries({
    "Content-Length: 0": ["HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 0\r\n\r\n"],
    "a length body in one packet": ["HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 5\r\n\r\nhello"],
    "a length body in a later packet": ["HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 5\r\n\r\n", "hello"],
    "a chunked body": ["HTTP/1.1 302 Found\r\nLocation: /n\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"],
    "an empty chunked body": ["HTTP/1.1 302 Found\r\nLocation: /n\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"],
  }).map(([what, segments]): SeqCase => [`a followed redirect with ${what}: the connection kept as fetch keeps it`, (i) => (i === 0 ? raw(...segments) : ok()), [{ path: "/1" }, { path: "/2" }]]),
  ["a HEAD redirect with a length", (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 5\r\n\r\n") : ok()), [{ path: "/1", method: "HEAD" }, { path: "/2" }]],
  ...["Keep-Alive", "keep-alive, Upgrade", "close, keep-alive", "CLOSE", "foo", "closed", "keep-alive , close ", "close;x"].map((value): SeqCase => [
    `the user's Connection: ${value}`,
    () => ok(),
    [{ path: "/1", headers: { Connection: value } }, { path: "/2" }, { path: "/3" }],
  ]),
  ["a 204 then more", (i) => (i === 0 ? raw("HTTP/1.1 204 No Content\r\n\r\n") : ok()), three],
  ["a HEAD then a GET", () => ok(), [{ path: "/1", method: "HEAD" }, { path: "/2" }]],
  ["a 304 without a length then a GET", (i) => (i === 0 ? raw("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n") : ok()), three],
  ["a 304 with Content-Length: 0 then a GET", (i) => (i === 0 ? raw("HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\n\r\n") : ok()), three],
  ["a 304 with Content-Length: 00 then a GET", (i) => (i === 0 ? raw("HTTP/1.1 304 Not Modified\r\nContent-Length: 00\r\n\r\n") : ok()), three],
  ["a 304 with Content-Length: 0 twice then a GET", (i) => (i === 0 ? raw("HTTP/1.1 304 Not Modified\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n") : ok()), three],
  ["a 205 with Content-Length: 0 then a GET", (i) => (i === 0 ? raw("HTTP/1.1 205 Reset Content\r\nContent-Length: 0\r\n\r\n") : ok()), three],
  ["a 100 continue response kept", (i) => (i === 0 ? raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok") : ok()), three],
  ["chunked with trailers then reuse", (i) => (i === 0 ? raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX: 1\r\n\r\n") : ok()), three],
  ["gzip then reuse", (i) => (i === 0 ? encoded("gzip", gzipSync("g")) : ok()), three],
  ["a redirect then reuse", (i) => (i === 0 ? raw("HTTP/1.1 302 Found\r\nLocation: /x\r\nContent-Length: 0\r\n\r\n") : ok()), three],
  ["POST then reuse", () => ok(), [{ path: "/1", method: "POST", body: "abc" }, { path: "/2", method: "POST", body: "é" }, { path: "/3" }]],
];

compareSequences("wire client connections = fetch's (adversarial)", SEQUENCES);

test.each([
  ["304 with a length", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n"],
  ["204 with a length", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"],
  ["205 chunked", "HTTP/1.1 205 Reset Content\r\nTransfer-Encoding: chunked\r\n\r\n"],
])("after a %s (a head that announces a body) both clients ask that origin without keep-alive, each request on a new connection; the bytes and results agree", async (_what, head) => {
  // A server that sent that body would have it read as the next response (own-response.test.ts, lib/steps/http/no-reuse.ts).
  const answer = (i: number) => (i === 0 ? raw(head) : ok());
  const viaFetch = await runSequence(answer, three, "fetch");
  const viaWire = await runSequence(answer, three, "wire");
  expect(viaWire.results).toEqual(viaFetch.results);
  expect(viaWire.requests.map((r) => r.raw)).toEqual(viaFetch.requests.map((r) => r.raw));
  expect(viaFetch.requests.map((r) => r.connection)).toEqual([1, 2, 3]);
  expect(viaWire.requests.map((r) => r.connection)).toEqual([1, 2, 3]);
  expect(viaWire.requests.slice(1).map((r) => /\r\nconnection:/i.test(r.raw))).toEqual([false, false]);
});

describe("a server that answers before it has read a large POST body", () => {
  for (const ends of [false, true])
    test(`the answer is read as fetch reads it (${ends ? "then the server ends the connection" : "the connection left open"})`, async () => {
      const seen: Record<string, unknown> = {};
      for (const transport of ["fetch", "wire"] as const) {
        const server = Bun.listen<{ answered: boolean }>({
          hostname: "127.0.0.1",
          port: 0,
          socket: {
            open(s) {
              s.data = { answered: false };
            },
            data(s) {
              if (s.data.answered) return;
              s.data.answered = true;
              s.write(`HTTP/1.1 413 Payload Too Large\r\n${ends ? "Connection: close\r\n" : ""}Content-Length: 4\r\n\r\nbig!`);
              if (ends) s.end();
            },
          },
        });
        try {
          const url = new URL(`http://127.0.0.1:${server.port}/upload`);
          const body = "x".repeat(8 * MIB);
          const signal = AbortSignal.timeout(10_000);
          const got = await exchangeVia(transport, url, { method: "POST", body, max: 1024, signal });
          seen[transport] = { status: got.res.status, text: got.read.text };
        } catch (e) {
          seen[transport] = { error: String(e) };
        } finally {
          server.stop(true);
        }
      }
      expect(seen.wire).toEqual(seen.fetch);
      expect(seen.wire).toEqual({ status: 413, text: "big!" });
    });
});

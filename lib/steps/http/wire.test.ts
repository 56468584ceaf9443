// The wire client against Bun's fetch, case by case: the same bytes sent on every hop, the same response seen or the same error text.
import { describe, expect, test } from "bun:test";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { always, closing, compareCases, encoded, exchangeOrError, ok, raw, runCase, withoutClientChoice, type DiffCase } from "../../../test/helpers/wire-diff.ts";
import { scriptedServer, type Answer } from "../../../test/helpers/scripted-server.ts";
import { headerOf } from "./exchange.ts";

withoutClientChoice();

const redirect = (status: string, location: string): Answer => raw(`HTTP/1.1 ${status}\r\nLocation: ${location}\r\nContent-Length: 0\r\n\r\n`);
const first = (a: Answer | "close" | undefined, rest: Answer = ok()) => (i: number) => (i === 0 ? a : rest);

const K = { "X-Api-Key": "k", "X-Auth-Token": "t", "Content-Type": "text/plain", "X-K": "k" };
const H = { Authorization: "Bearer x", "Content-Type": "text/plain", "X-K": "k", Cookie: "c=1", "Proxy-Authorization": "p" };

const CASES: DiffCase[] = [
  // What is sent
  { name: "plain GET", answer: always(ok()) },
  { name: "path and query percent-encoding", path: "/a b/%7e/é?x=1&y=é&z=a%20b+c", answer: always(ok()) },
  { name: "odd path characters", path: "/a|b^c{d}e'f`g\"h<i>j[k]l@m!n$o;p=q,r:s", answer: always(ok()) },
  { name: "dot segments and encoded dots", path: "/a/./b/../c/%2e%2E/d/%2F", answer: always(ok()) },
  { name: "odd query characters", path: "/?a=|^{}'`\"<>[]\\&b=%zz&c=+&&d", answer: always(ok()) },
  { name: "a bare ? and a fragment", path: "/x?#frag", answer: always(ok()) },
  { name: "query: parameters, repeated", path: "/q?a=1", query: { b: "two words", c: ["1", "2"], "é": "&=" }, answer: always(ok()) },
  { name: "user headers in odd case override the defaults", headers: { "user-agent": "me", ACCEPT: "a/b", hOsT: "h.example:1", connection: "keep-alive", "Accept-Encoding": "identity", "X-Foo": "1", "x-foo": "2" }, answer: always(ok()) },
  { name: "connection: close from the user", headers: { Connection: "close" }, answer: always(ok()) },
  { name: "known and unknown names sorted together", headers: { "b-un": "1", Zz: "2", "User-Agent": "u", accept: "a", "C-x": "c", "set-cookie": "s", DNT: "1", etag: "e", "x-dns-prefetch-control": "o", "sec-websocket-key": "k" }, answer: always(ok()) },
  { name: "Expect: 100-continue with a body, answered by 100 then 200", method: "POST", body: "payload", headers: { Expect: "100-continue" }, answer: always(raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "TE, Upgrade, Keep-Alive, Trailer from the user", headers: { TE: "trailers", Upgrade: "h2c", "Keep-Alive": "timeout=5", Trailer: "x" }, answer: always(ok()) },
  { name: "header names with odd token characters", headers: { "x_under": "1", "X.Dot": "2", "x~!#$%&'*+^`|": "3" }, answer: always(ok()) },
  { name: "empty header values", headers: { "x-e": "", accept: "", "user-agent": "" }, answer: always(ok()) },
  { name: "header values with inner and outer white space", headers: { x: "a  b", y: " lead", z: "tab\tin", w: "trail " }, answer: always(ok()) },
  { name: "POST with a UTF-8 body", method: "POST", body: "héllo ✓", answer: always(ok()) },
  { name: "POST json: sets content-type", method: "POST", json: { a: [1, "é"] }, answer: always(ok()) },
  { name: "PUT json: with the user's content-type", method: "PUT", json: { a: 1 }, headers: { "content-type": "application/merge-patch+json" }, answer: always(ok()) },
  { name: "POST with a 3 MB body (written across drains)", method: "POST", body: "é".repeat(1_500_000), answer: always(ok()) },
  { name: "PUT with an empty body", method: "PUT", body: "", answer: always(ok()) },
  { name: "POST without body", method: "POST", answer: always(ok()) },
  { name: "PATCH without body", method: "PATCH", answer: always(ok()) },
  { name: "DELETE without body", method: "DELETE", answer: always(ok()) },
  { name: "DELETE with a body", method: "DELETE", body: "xy", answer: always(ok()) },
  { name: "OPTIONS", method: "OPTIONS", answer: always(ok()) },
  { name: "HEAD", method: "HEAD", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n")) },
  { name: "HEAD answered with a chunked header", method: "HEAD", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) },
  { name: "HEAD answered without a length", method: "HEAD", answer: always(raw("HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\n")) },
  // What is read
  { name: "no reason phrase", answer: always(raw("HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "an empty reason phrase", answer: always(raw("HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok")) },
  { name: "an odd reason phrase", answer: always(raw("HTTP/1.1 299 Weird  Thing \r\nContent-Length: 2\r\n\r\nok")) },
  { name: "a Latin-1 reason phrase", answer: always(raw(Buffer.from("HTTP/1.1 200 Ok\xe9\r\nContent-Length: 2\r\n\r\nok", "latin1"))) },
  { name: "a UTF-8 reason phrase", answer: always(raw(Buffer.concat([Buffer.from("HTTP/1.1 200 Ok"), Buffer.from("é ✓"), Buffer.from("\r\nContent-Length: 2\r\n\r\nok")]))) },
  { name: "a Location with invalid UTF-8", answer: first(raw(Buffer.from("HTTP/1.1 302 Found\r\nLocation: /caf\xe9\r\nContent-Length: 0\r\n\r\n", "latin1"))) },
  { name: "a UTF-8 header value", answer: always(raw(Buffer.concat([Buffer.from("HTTP/1.1 200 OK\r\nX-U: "), Buffer.from("é"), Buffer.from("\r\nContent-Length: 2\r\n\r\nok")]))) },
  { name: "HTTP/1.0 with a length", answer: always(raw("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "HTTP/1.0 close-delimited", answer: always(closing("HTTP/1.0 200 OK\r\n\r\nok")) },
  { name: "close-delimited HTTP/1.1", answer: always(closing("HTTP/1.1 200 OK\r\n\r\nokay", " and more")) },
  { name: "status 099", answer: first(raw("HTTP/1.1 099 X\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "status 600", answer: first(raw("HTTP/1.1 600 X\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "100 Continue skipped", answer: always(raw("HTTP/1.1 100 Continue\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "103 Early Hints skipped", answer: always(raw("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "duplicate headers, set-cookie, white space, case", answer: always(raw("HTTP/1.1 200 OK\r\nX-A: 1\r\nx-a:  2 \r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nX-Empty:\r\nX-Tab:\tv\t\r\nContent-Length: 0\r\n\r\n")) },
  { name: "LF-only line ends", answer: always(raw("HTTP/1.1 200 OK\nX-A: 1\nContent-Length: 2\n\nok")) },
  { name: "204 with a stray length", answer: always(raw("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n")) },
  { name: "304 with a chunked header", answer: always(raw("HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n")) },
  { name: "205 with a length", answer: always(raw("HTTP/1.1 205 Reset Content\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "304", answer: always(raw("HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n")) },
  { name: "chunked with extensions and trailers", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n")) },
  { name: "chunked split everywhere", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-", "Encoding: chunked\r\n\r", "\n5\r", "\nhel", "lo\r", "\n0\r\n", "\r\n")) },
  { name: "chunked wins over a length", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")) },
  { name: "UTF-8 cut across segments", answer: always(raw(Buffer.from("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nh\xc3", "latin1"), Buffer.from("\xa9\xe2\x9c", "latin1"), Buffer.from("\x93ab", "latin1"))) },
  { name: "gzip", answer: always(encoded("gzip", gzipSync("hello gzip"))) },
  { name: "x-gzip", answer: always(encoded("x-gzip", gzipSync("hello"))) },
  { name: "GZIP in capitals", answer: always(encoded("GZIP", gzipSync("hello"))) },
  { name: "deflate (zlib)", answer: always(encoded("deflate", deflateSync("hello deflate"))) },
  { name: "deflate (raw)", answer: always(encoded("deflate", deflateRawSync("hello raw"))) },
  { name: "br", answer: always(encoded("br", brotliCompressSync("hello br"))) },
  { name: "zstd", answer: always(encoded("zstd", Buffer.from(Bun.zstdCompressSync("hello zstd")))) },
  { name: "an unknown encoding is left as is", answer: always(encoded("foo", Buffer.from("hello"))) },
  { name: "identity", answer: always(encoded("identity", Buffer.from("hello"))) },
  { name: "stacked encodings are left as is", answer: always(encoded("gzip, gzip", gzipSync(gzipSync("hello")))) },
  { name: "gzip chunked", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n", `${gzipSync("chunky").length.toString(16)}\r\n`, gzipSync("chunky"), "\r\n0\r\n\r\n")) },
  { name: "a body over the bound", max: 10, answer: always(ok("0123456789abcdef")) },
  { name: "a body at the bound", max: 16, answer: always(ok("0123456789abcdef")) },
  { name: "a chunked body over the bound", max: 7, answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")) },
  { name: "a close-delimited body over the bound", max: 3, answer: always(closing("HTTP/1.1 200 OK\r\n\r\nhello")) },
  { name: "a gzip body over the bound", max: 100, answer: always(encoded("gzip", gzipSync("x".repeat(1000)))) },
  { name: "Content-Encoding on two lines", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Encoding: gzip\r\n", `Content-Length: ${gzipSync(gzipSync("hi")).length}\r\n\r\n`, gzipSync(gzipSync("hi")))) },
  { name: "Content-Encoding gzip then identity", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Encoding: identity\r\n", `Content-Length: ${gzipSync("hi").length}\r\n\r\n`, gzipSync("hi"))) },
  { name: "two equal content-lengths", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "Transfer-Encoding: identity with a length", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "Transfer-Encoding: gzip, chunked", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")) },
  { name: "Transfer-Encoding: chunked, gzip (close-delimited)", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nok")) },
  { name: "bytes after the framed body", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA")) },
  { name: "Location on two lines", answer: first(raw("HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n")) },
  { name: "a 100 KB header", answer: always(raw(`HTTP/1.1 200 OK\r\nX-Big: ${"b".repeat(100_000)}\r\nContent-Length: 2\r\n\r\nok`)) },
  { name: "a 1 MB header", answer: always(raw(`HTTP/1.1 200 OK\r\nX-Big: ${"b".repeat(1_000_000)}\r\nContent-Length: 2\r\n\r\nok`)) },
  ...[["gzip", "identity"], ["identity, gzip"], ["gzip", "br"], ["foo", "gzip"], [" gzip "], ["gzip;q=1"], ["Gzip"], ["", "gzip"], ["gzip,"], ["x-gzip", "identity"], ["identity"]].map(
    (lines): DiffCase => ({ name: `Content-Encoding lines ${JSON.stringify(lines)}`, answer: always(raw(`HTTP/1.1 200 OK\r\n${lines.map((v) => `Content-Encoding: ${v}\r\n`).join("")}Content-Length: ${gzipSync("hi").length}\r\n\r\n`, gzipSync("hi"))) }),
  ),
  ...["02", "+2", "2, 2", "99999999999999999999", " 2 "].map((value): DiffCase => ({ name: `Content-Length: ${value}`, answer: always(raw(`HTTP/1.1 200 OK\r\nContent-Length: ${value}\r\n\r\nok`)) })),
  { name: "Transfer-Encoding: gzip with a length", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "256 header lines", answer: always(raw(`HTTP/1.1 200 OK\r\n${Array.from({ length: 255 }, (_, i) => `X-H${i}: ${i}\r\n`).join("")}Content-Length: 2\r\n\r\nok`)) },
  { name: "257 header lines", answer: always(raw(`HTTP/1.1 200 OK\r\n${Array.from({ length: 256 }, (_, i) => `X-H${i}: ${i}\r\n`).join("")}Content-Length: 2\r\n\r\nok`)) },
  { name: "a tab in the reason phrase", answer: always(raw("HTTP/1.1 200 O\tK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "DEL in a header value", answer: always(raw("HTTP/1.1 200 OK\r\nX-A: a\x7fb\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "300 headers", answer: always(raw(`HTTP/1.1 200 OK\r\n${Array.from({ length: 300 }, (_, i) => `X-H${i}: ${i}\r\n`).join("")}Content-Length: 2\r\n\r\nok`)) },
  { name: "101 Switching Protocols", answer: always(raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "a reason phrase with a control character", answer: always(raw("HTTP/1.1 200 O\x01K\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "a NUL in the body", answer: always(ok("a\u0000b")) },
  // Errors
  { name: "a malformed status line", answer: always(raw("HTTP/1.1 abc OK\r\n\r\n")) },
  { name: "HTTP/2 in the status line", answer: always(raw("HTTP/2 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "lower-case http", answer: always(raw("http/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "obs-fold", answer: always(raw("HTTP/1.1 200 OK\r\nX-A: 1\r\n  cont\r\nContent-Length: 0\r\n\r\n")) },
  { name: "a space in a header name", answer: always(raw("HTTP/1.1 200 OK\r\nX A: 1\r\nContent-Length: 2\r\n\r\nok")) },
  { name: "a bad content-length", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nok")) },
  { name: "two content-lengths", answer: always(raw("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok")) },
  { name: "closed before any byte", answer: always("close") },
  { name: "garbage then close", answer: always(closing("garbage\r\n\r\n")) },
  { name: "longer garbage", answer: always(raw("garbagegarbage\r\n\r\n")) },
  { name: "a head under 16 bytes, then close", answer: always(closing("HTTP/1.1 20\r\n\r\n")) },
  { name: "the shortest head fetch reads", answer: always(closing("HTTP/1.1 200\r\n\r\n")) },
  { name: "a four-digit status", answer: always(raw("HTTP/1.1 2000 OK\r\n\r\n")) },
  { name: "a status with a letter", answer: always(raw("HTTP/1.1 20x OK\r\nA: b\r\n\r\n")) },
  { name: "a header line without colon", answer: always(raw("HTTP/1.1 200 OK\r\nfoo\r\n\r\n")) },
  { name: "an empty header name", answer: always(raw("HTTP/1.1 200 OK\r\n:x\r\n\r\n")) },
  { name: "a control character in a header value", answer: always(raw("HTTP/1.1 200 OK\r\nX-A: \x01\r\nContent-Length: 0\r\n\r\n")) },
  { name: "HTTP/1.2", answer: always(closing("HTTP/1.2 200 OK\r\n\r\nbody")) },
  { name: "two spaces before the status", answer: always(raw("HTTP/1.1  200 OK\r\nContent-Length: 0\r\n\r\n")) },
  { name: "two spaces before the reason", answer: always(raw("HTTP/1.1 200  Two\r\nContent-Length: 0\r\n\r\n")) },
  { name: "a short body", answer: always(closing("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")) },
  { name: "closed inside the head", answer: always(closing("HTTP/1.1 200 OK\r\nContent-Le")) },
  { name: "a bad chunk size", answer: always(raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")) },
  { name: "closed mid-chunk", answer: always(closing("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")) },
  { name: "corrupt gzip", answer: always(encoded("gzip", Buffer.from("notgzipatall"))) },
  { name: "gzip without its trailer", answer: always(encoded("gzip", gzipSync("hello there").subarray(0, -8))) },
  { name: "gzip cut in the middle", answer: always(encoded("gzip", gzipSync("hello there, a longer text".repeat(20)).subarray(0, 30))) },
  { name: "gzip with trailing garbage", answer: always(encoded("gzip", Buffer.concat([gzipSync("hello"), Buffer.from("garbage")]))) },
  { name: "gzip with a wrong CRC, then garbage", answer: always(encoded("gzip", Buffer.concat([gzipSync("hello").map((b, i, all) => (i === all.length - 8 ? b ^ 1 : b)), Buffer.from("garbage")]))) },
  { name: "two gzip members, then garbage", answer: always(encoded("gzip", Buffer.concat([gzipSync("hello "), gzipSync("world"), Buffer.from("garbage")]))) },
  { name: "deflate with trailing garbage", answer: always(encoded("deflate", Buffer.concat([deflateSync("hello"), Buffer.from("garbage")]))) },
  { name: "br with trailing garbage", answer: always(encoded("br", Buffer.concat([brotliCompressSync("hello"), Buffer.from("garbage")]))) },
  { name: "zstd with trailing garbage", answer: always(encoded("zstd", Buffer.concat([Buffer.from(Bun.zstdCompressSync("hello")), Buffer.from("garbage")]))) },
  { name: "two zstd frames", answer: always(encoded("zstd", Buffer.concat([Buffer.from(Bun.zstdCompressSync("hello ")), Buffer.from(Bun.zstdCompressSync("world"))]))) },
  { name: "two gzip members", answer: always(encoded("gzip", Buffer.concat([gzipSync("hello "), gzipSync("world")]))) },
  { name: "br cut in the middle", answer: always(encoded("br", brotliCompressSync("hello there, a longer text".repeat(20)).subarray(0, 20))) },
  { name: "zstd cut in the middle", answer: always(encoded("zstd", Buffer.from(Bun.zstdCompressSync(Buffer.from("hello there, a longer text".repeat(20)))).subarray(0, 20))) },
  { name: "deflate cut in the middle", answer: always(encoded("deflate", deflateSync("hello there, a longer text".repeat(20)).subarray(0, 20))) },
  { name: "corrupt br", answer: always(encoded("br", Buffer.from("notbrotli-at-all!"))) },
  { name: "corrupt zstd", answer: always(encoded("zstd", Buffer.from("notzstd-at-all!"))) },
  // Redirects
  ...["301 Moved", "302 Found", "303 See Other", "307 Temporary Redirect", "308 Permanent Redirect"].flatMap((st): DiffCase[] => [
    { name: `POST ${st}`, method: "POST", body: "data", headers: H, answer: first(redirect(st, "/next?x=1#f")) },
    { name: `PUT ${st}`, method: "PUT", body: "data", headers: H, answer: first(redirect(st, "/next")) },
    { name: `GET ${st} to another origin`, headers: H, answer: first(redirect(st, "{B}/other")) },
    { name: `POST ${st} to another origin`, method: "POST", body: "d", headers: H, answer: first(redirect(st, "{B}/other")) },
  ]),
  { name: "POST 302 with every body header", method: "POST", body: "data", headers: { "Content-Type": "text/plain", "Content-Encoding": "gzip", "Content-Language": "en", "Content-Location": "/x", "X-Keep": "1" }, answer: first(redirect("302 Found", "/next")) },
  { name: "PUT 303 with every body header to another origin", method: "PUT", body: "data", headers: { "Content-Type": "text/plain", "Content-Encoding": "gzip", "Content-Language": "en", "Content-Location": "/x", Cookie2: "c", Authorization: "a" }, answer: first(redirect("303 See Other", "{B}/x")) },
  { name: "HEAD 303", method: "HEAD", headers: H, answer: first(redirect("303 See Other", "/next")) },
  { name: "DELETE 301", method: "DELETE", headers: H, answer: first(redirect("301 Moved", "/next")) },
  { name: "a relative Location", path: "/a/b", answer: first(redirect("302 Found", "next/../x y?q=é")) },
  { name: "a redirect with a body", answer: first(raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 5\r\n\r\nhello")) },
  { name: "a redirect without Location", answer: always(raw("HTTP/1.1 302 Found\r\nContent-Length: 0\r\n\r\n")) },
  { name: "300 is not followed", answer: always(redirect("300 Multiple Choices", "/n")) },
  { name: "an invalid Location", answer: first(redirect("302 Found", "http://[bad")) },
  { name: "follow_redirects false", follow: false, answer: first(redirect("302 Found", "/next")) },
  { name: "a chain of three", answer: (i) => (i < 3 ? redirect("302 Found", `/hop${i}`) : ok("end")) },
  { name: "a Location with a fragment, then one without", path: "/s#orig", answer: (i) => (i === 0 ? redirect("302 Found", "/one#f1") : i === 1 ? redirect("302 Found", "/two") : ok()) },
  { name: "the redirect limit", answer: (i) => redirect("302 Found", `/l${i}`) },
  { name: "a redirect to a host name goes on with fetch", method: "PUT", body: "b", headers: H, answer: first(redirect("307 Temporary Redirect", "{BL}/by-name")), second: (i) => (i === 0 ? redirect("302 Found", "/then") : ok("there")) },
  { name: "the second server redirects back", answer: first(redirect("307 Temporary Redirect", "{B}/x")), second: () => redirect("302 Found", "/back"), method: "PUT", body: "b" },
  // With an X-Api-Key, which fetch keeps across origins, the step follows fetch's redirects itself (redirect-rules.ts)
  ...["301 Moved", "302 Found", "303 See Other", "307 Temporary Redirect"].flatMap((st): DiffCase[] => [
    { name: `POST ${st} with an API key`, method: "POST", body: "data", headers: K, answer: first(redirect(st, "/next?x=1#f")) },
    { name: `POST ${st} with an API key to another origin`, method: "POST", body: "d", headers: K, answer: first(redirect(st, "{B}/other")) },
  ]),
  { name: "HEAD 303 with an API key", method: "HEAD", headers: K, answer: first(redirect("303 See Other", "/next")) },
  { name: "a chain of three with an API key", headers: K, answer: (i) => (i < 3 ? redirect("302 Found", `/hop${i}`) : ok("end")) },
  { name: "the redirect limit with an API key", headers: K, answer: (i) => redirect("302 Found", `/l${i}`) },
  { name: "an invalid Location with an API key", headers: K, answer: first(redirect("302 Found", "http://[bad")) },
  { name: "a Location to ftp: with an API key", headers: K, answer: first(redirect("302 Found", "ftp://127.0.0.1/x")) },
  { name: "a redirect with a body, with an API key", headers: K, answer: first(raw("HTTP/1.1 302 Found\r\nLocation: /n\r\nContent-Length: 5\r\n\r\nhello")) },
  { name: "an API key to a host name, then back", headers: K, answer: first(redirect("307 Temporary Redirect", "{BL}/by-name")), second: (i) => (i === 0 ? redirect("302 Found", "/then") : ok("there")) },
];

compareCases("wire client = fetch", CASES);

// Every comparison above passes as well when both transports fail alike: this pins that a case reaches its servers.
test("the harness: fetch reaches the scripted server, and a redirect to {B} the second one", async () => {
  const got = await runCase({ name: "harness", answer: first(redirect("302 Found", "{B}/x")) }, "fetch");
  expect([got.requests.length, got.secondRequests.length]).toEqual([1, 1]);
  expect(got.result).toMatchObject({ status: 200, redirected: true, url: "http://127.0.0.1:B/x" });
});

describe("addresses", () => {
  const outcome = async (url: URL, transport: "fetch" | "wire") => {
    const got = await exchangeOrError(transport, url, { max: 1024 }, String(url));
    return "error" in got ? got : { status: got.res.status, url: got.res.url, text: got.read.text };
  };

  test("a listener on ::1 only: the same request bytes (Host with brackets) and response", async () => {
    const seen: Record<string, string[]> = {};
    for (const transport of ["fetch", "wire"] as const) {
      const server = scriptedServer(() => ok("six"), "::1");
      try {
        const got = await outcome(new URL(`${server.base}/v6?q=1`), transport);
        expect(got).toEqual({ status: 200, url: `${server.base}/v6?q=1`, text: "six" });
        seen[transport] = server.requests.map((r) => r.raw.replaceAll(String(server.port), "P"));
      } finally {
        server.stop();
      }
    }
    expect(seen.wire).toEqual(seen.fetch!);
  });

  // 127.255.255.255 (the loopback broadcast address) is unreachable: Bun.connect calls that ECONNREFUSED, fetch ENETUNREACH.
  for (const address of ["127.0.0.1", "[::1]", "0.0.0.0", "[::ffff:127.0.0.1]", "127.255.255.255"])
    test(`refused at ${address}: the same error text`, async () => {
      const url = new URL(`http://${address}:1/`);
      expect(await outcome(url, "wire")).toEqual(await outcome(url, "fetch"));
    });
});

// The one read of a single response header (the step's codings checks): the wire client's plain response answers it from its
// header list, without making a Headers object, and must give what that Headers object would.
describe("headerOf", () => {
  const NAMES = ["content-type", "content-encoding", "transfer-encoding", "x-a", "set-cookie", "x-absent"];
  const ANSWERS: [string, Answer][] = [
    ["a plain response with repeated lines in odd case", raw("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nx-a: 1\r\nX-A: 2\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nCONTENT-TYPE: charset=utf-8\r\nContent-Length: 2\r\n\r\nok")],
    ["a chunked response", raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n2\r\nok\r\n0\r\n\r\n")],
    ["a gzipped response", encoded("gzip", gzipSync("hello"))],
  ];
  // The wire client's alone: fetch's response has no header(), so headerOf reads its Headers, and compared with them it
  // could not fail.
  for (const [what, answer] of ANSWERS)
    test(`gives what the response's Headers give: ${what} (wire)`, async () => {
      const server = scriptedServer(() => answer);
      try {
        const got = await exchangeOrError("wire", new URL(`${server.base}/h`), {}, what);
        if ("error" in got) throw new Error(got.error);
        expect(NAMES.map((name) => [name, headerOf(got.res, name)])).toEqual(NAMES.map((name) => [name, got.res.headers.get(name)]));
      } finally {
        server.stop();
      }
    });
});

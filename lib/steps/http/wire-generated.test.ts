// Generated cases for the wire client against Bun's fetch: random requests, responses, framings, encodings and TCP segmentations.
import { expect, test } from "bun:test";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { seededRandom } from "../../../test/helpers/random.ts";
import { runCase, withoutClientChoice, type DiffCase } from "../../../test/helpers/wire-diff.ts";

withoutClientChoice();

const SEED = Number(process.env.WIRE_SEED ?? Date.now() % 1_000_000);
const CASES = Number(process.env.WIRE_CASES ?? 80);

const KNOWN_NAMES = ["accept", "Authorization", "CONTENT-TYPE", "user-agent", "Host", "cache-control", "ETag", "dnt", "If-None-Match", "x-frame-options", "Cookie", "Range", "Origin", "Referer", "sec-websocket-key"];
const METHODS = ["GET", "GET", "GET", "HEAD", "POST", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
const STATUSES = ["200 OK", "201 Created", "202", "400 Bad Request", "404 Not Found", "418 I'm a teapot", "500 Internal Server Error", "503 Service  Unavailable ", "299 x"];
const TEXT = ["a", "b", "z", " ", "{", "}", '"', "é", "✓", "日本", "😀", "\n", "0", "9", "-", "%"];

function generate(rand: () => number, n: number): DiffCase {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const int = (max: number) => Math.floor(rand() * max);
  const word = (len: number) => Array.from({ length: len }, () => pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".split(""))).join("");
  const text = (len: number) => Array.from({ length: len }, () => pick(TEXT)).join("");
  const ascii = (len: number) => Array.from({ length: len }, () => String.fromCharCode(32 + int(95))).join("");

  const method = pick(METHODS);
  const headers: Record<string, string> = {};
  for (let i = int(6); i > 0; i--) {
    const name = rand() < 0.5 ? pick(KNOWN_NAMES) : `X-${word(1 + int(8))}`;
    headers[rand() < 0.3 ? name.toLowerCase() : name] = rand() < 0.1 ? ` ${ascii(int(10))} ` : ascii(int(20));
  }
  const withBody = method !== "GET" && method !== "HEAD" && rand() < 0.7;
  const json = withBody && rand() < 0.4 ? { k: text(int(10)), n: int(1000) } : undefined;
  const body = withBody && !json ? text(int(40)) : undefined;
  const query = rand() < 0.3 ? { [word(3)]: text(int(6)), q: [text(2), ascii(3)] } : undefined;

  const payload = Buffer.from(rand() < 0.2 ? "" : text(int(200)));
  const encoding = pick(["", "", "", "gzip", "deflate", "deflate-raw", "br", "zstd", "x-unknown"]);
  const encodedBody =
    encoding === "gzip" ? gzipSync(payload) : encoding === "deflate" ? deflateSync(payload) : encoding === "deflate-raw" ? deflateRawSync(payload) : encoding === "br" ? brotliCompressSync(payload) : encoding === "zstd" ? Buffer.from(Bun.zstdCompressSync(payload)) : payload;
  const framing = method === "HEAD" ? "length" : pick(["length", "length", "chunked", "close"]);
  let head = `HTTP/1.${rand() < 0.1 ? 0 : 1} ${pick(STATUSES)}\r\n`;
  for (let i = int(5); i > 0; i--) head += `${rand() < 0.2 ? "Set-Cookie" : `X-${word(1 + int(3))}`}:${rand() < 0.5 ? " " : ""}${ascii(int(15)).trim()}\r\n`;
  if (encoding) head += `Content-Encoding: ${encoding === "deflate-raw" ? "deflate" : encoding}\r\n`;
  let bodyBytes: Buffer;
  if (framing === "chunked") {
    head += "Transfer-Encoding: chunked\r\n";
    const parts: Buffer[] = [];
    for (let at = 0; at < encodedBody.length; ) {
      const size = Math.min(encodedBody.length - at, 1 + int(40));
      parts.push(Buffer.from(`${size.toString(16)}${rand() < 0.2 ? ";ext=1" : ""}\r\n`), encodedBody.subarray(at, at + size), Buffer.from("\r\n"));
      at += size;
    }
    parts.push(Buffer.from(rand() < 0.3 ? "0\r\nX-Trailer: t\r\n\r\n" : "0\r\n\r\n"));
    bodyBytes = Buffer.concat(parts);
  } else if (framing === "length") {
    head += `Content-Length: ${encodedBody.length}\r\n`;
    bodyBytes = method === "HEAD" ? Buffer.alloc(0) : encodedBody;
  } else bodyBytes = encodedBody;
  const whole = Buffer.concat([Buffer.from(`${head}\r\n`, "latin1"), bodyBytes]);
  const cuts = [...new Set(Array.from({ length: int(6) }, () => 1 + int(whole.length - 1)))].sort((a, b) => a - b);
  const segments = [0, ...cuts].map((from, i) => whole.subarray(from, cuts[i] ?? whole.length));
  const max = rand() < 0.3 ? Math.max(1, payload.length + int(3) - 1) : undefined;
  const answer = { segments, end: framing === "close" };
  const hops = rand() < 0.2 ? 1 + int(3) : 0;
  const redirects = Array.from({ length: hops }, (_, i) => ({
    segments: [`HTTP/1.1 ${pick(["301 Moved", "302 Found", "303 See Other", "307 Temporary Redirect", "308 Permanent Redirect"])}\r\nLocation: ${pick(["/r", "r2/../r3?x=é", `/hop${i}#frag`, "?only=query"])}\r\nContent-Length: 0\r\n\r\n`],
  }));
  return { name: `generated #${n}`, method, headers, body, json, query, max, answer: (i) => redirects[i] ?? answer };
}

test(`generated requests and responses agree with fetch (seed ${SEED}, WIRE_SEED=${SEED} replays)`, async () => {
  const rand = seededRandom(SEED);
  for (let n = 0; n < CASES; n++) {
    const c = generate(rand, n);
    const viaFetch = await runCase(c, "fetch");
    const viaWire = await runCase(c, "wire");
    if (!Bun.deepEquals(viaWire, viaFetch)) {
      console.error(`seed ${SEED}, case ${n}: ${JSON.stringify({ method: c.method, headers: c.headers, body: c.body, json: c.json, query: c.query, max: c.max })}`);
      expect(viaWire).toEqual(viaFetch);
    }
  }
}, 120_000);

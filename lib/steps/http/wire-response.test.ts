// The whole-response shortcut of the wire client's parser (wholePlain) against its step by step reading of the same bytes.
import { describe, expect, test } from "bun:test";
import { seededRandom } from "../../../test/helpers/random.ts";
import { ResponseParser, wholePlain } from "./wire-response.ts";

const MAX = 64;

/** What a parser ends with after taking `data` in one read: its state, or the error it threw. */
function readWith(data: Buffer, method: string, whole: boolean) {
  const parser = new ResponseParser(method, MAX, 4 * MAX, whole);
  try {
    parser.push(data);
  } catch (e) {
    return { error: (e as { code?: string }).code ?? String(e) };
  }
  return { head: parser.head, body: Buffer.concat(parser.chunks).toString("latin1"), bodyBytes: parser.bodyBytes, done: parser.done, truncated: parser.truncated, leftover: parser.leftover };
}

const response = (text: string) => Buffer.from(text, "latin1");
const COMMON = "HTTP/1.1 200 OK\r\ncontent-type: application/json;charset=utf-8\r\nDate: Mon, 30 Nov 2026 10:00:00 GMT\r\nContent-Length: 11\r\n\r\n{\"id\": 123}";

describe("wholePlain", () => {
  test("takes the common response (so the comparisons below test the shortcut, not only its refusals)", () => {
    const read = wholePlain(response(COMMON), MAX);
    expect(read?.head).toEqual({ status: 200, statusText: "OK", headers: [["content-type", "application/json;charset=utf-8"], ["Date", "Mon, 30 Nov 2026 10:00:00 GMT"], ["Content-Length", "11"]], coding: undefined, keepAlive: true });
    expect(read?.body.toString()).toBe('{"id": 123}');
  });

  const edges: [string, string, boolean][] = [
    ["common", COMMON, true],
    ["empty body", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", true],
    ["value padded with spaces", "HTTP/1.1 404 Not Found\r\nX-A:   spaced   \r\nContent-Length: 2\r\n\r\nno", true],
    ["reason with trailing spaces", "HTTP/1.1 503 Service  Unavailable  \r\nContent-Length: 1\r\n\r\nx", true],
    ["no reason", "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", false],
    ["empty reason", "HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nok", false],
    ["two spaces before the reason", "HTTP/1.1 200  OK\r\nContent-Length: 2\r\n\r\nok", false],
    ["HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false],
    ["a tab in a value", "HTTP/1.1 200 OK\r\nX-A:\tv\t\r\nContent-Length: 2\r\n\r\nok", false],
    ["a byte above 0x7e in a value", "HTTP/1.1 200 OK\r\nX-A: caf\xe9\r\nContent-Length: 2\r\n\r\nok", false],
    ["a non-ASCII reason", "HTTP/1.1 200 \xc3\xa9t\xc3\xa9\r\nContent-Length: 2\r\n\r\nok", false],
    ["a control character in a value", "HTTP/1.1 200 OK\r\nX-A: a\x01b\r\nContent-Length: 2\r\n\r\nok", false],
    ["a space before the colon", "HTTP/1.1 200 OK\r\nX-A : v\r\nContent-Length: 2\r\n\r\nok", false],
    ["LF-only lines", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok", false],
    ["a bare LF inside the head", "HTTP/1.1 200 OK\r\nX-A: v\nX-B: w\r\nContent-Length: 2\r\n\r\nok", false],
    ["Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", false],
    ["Connection: keep-alive", "HTTP/1.1 200 OK\r\nconnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", false],
    ["chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", false],
    ["gzip", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\nok", false],
    ["identity coding", "HTTP/1.1 200 OK\r\nContent-Encoding: identity\r\nContent-Length: 2\r\n\r\nok", false],
    ["two equal lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok", false],
    ["two lengths that differ", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok", false],
    ["a signed length", "HTTP/1.1 200 OK\r\nContent-Length: +2\r\n\r\nok", false],
    ["a 16-digit length", "HTTP/1.1 200 OK\r\nContent-Length: 0000000000000002\r\n\r\nok", false],
    ["no length (close-delimited)", "HTTP/1.1 200 OK\r\nX-A: v\r\n\r\nok", false],
    ["a body shorter than its length", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nok", false],
    ["bytes after the body", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1", false],
    ["a body over the bound", `HTTP/1.1 200 OK\r\nContent-Length: ${MAX + 1}\r\n\r\n${"x".repeat(MAX + 1)}`, false],
    ["a body at the bound", `HTTP/1.1 200 OK\r\nContent-Length: ${MAX}\r\n\r\n${"x".repeat(MAX)}`, true],
    ["100 Continue first", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", false],
    ["101", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n", false],
    ["204 with a length", "HTTP/1.1 204 No Content\r\nContent-Length: 2\r\n\r\nok", false],
    ["205", "HTTP/1.1 205 Reset Content\r\nContent-Length: 0\r\n\r\n", false],
    ["304", "HTTP/1.1 304 Not Modified\r\nContent-Length: 2\r\n\r\n", false],
    ["status 2040", "HTTP/1.1 2040 X\r\nContent-Length: 2\r\n\r\nok", false],
    ["status 999", "HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\nok", true],
    ["a head under 16 bytes", "HTTP/1.1 200 O\r\n\r\n", false],
    [`${300} header lines`, `HTTP/1.1 200 OK\r\n${"X-A: v\r\n".repeat(300)}Content-Length: 2\r\n\r\nok`, false],
  ];
  for (const [name, text, taken] of edges) {
    test(`${name}: ${taken ? "taken" : "left to the step by step reading"}, with the same outcome`, () => {
      const data = response(text);
      expect(wholePlain(data, MAX) !== undefined).toBe(taken);
      expect(readWith(data, "GET", true)).toEqual(readWith(data, "GET", false));
    });
  }

  test("a HEAD request is always read step by step (its response has no body whatever its length says)", () => {
    const data = response(COMMON.slice(0, COMMON.indexOf("\r\n\r\n") + 4));
    expect(readWith(data, "HEAD", true)).toEqual(readWith(data, "HEAD", false));
    expect(readWith(data, "HEAD", true)).toMatchObject({ done: true, bodyBytes: 0 });
  });

  test("generated responses: the shortcut, where it applies, ends as the step by step reading does", () => {
    const seed = Number(process.env.WIRE_SEED ?? Date.now() % 1_000_000);
    const rand = seededRandom(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
    const NAMES = ["Content-Type", "content-length", "Content-Length", "X-Id", "Date", "Server", "connection", "Transfer-Encoding", "content-encoding", "Set-Cookie", "X Bad", "X:A", ""];
    const VALUES = ["v", " v ", "\tv", "a, b", "close", "keep-alive", "chunked", "gzip", "identity", "2", "02", "-1", "x\xe9", "", "   ", "a\x7fb", "12345678901234567"];
    const STATUS = ["HTTP/1.1 200 OK", "HTTP/1.1 201 Created", "HTTP/1.1 200", "HTTP/1.1 204 No Content", "HTTP/1.1 304 NM", "HTTP/1.0 200 OK", "HTTP/1.1  200 OK", "HTTP/1.1 500 Internal Server Error", "HTTP/1.1 100 Continue", "HTTP/2 200 OK", "HTTP/1.1 20 OK"];
    let taken = 0;
    const failures: string[] = [];
    // 3,000 cases, and more (up to 6,000) until over 100 were taken: about 4% are, so 3,000 alone fell short of 100
    // about once in a hundred seeds; the cap still fails a shortcut that stopped being taken.
    for (let i = 0; i < 3000 || (taken <= 100 && i < 6000); i++) {
      const body = "b".repeat(Math.floor(rand() * (MAX + 8)));
      const lines = [pick(STATUS)];
      for (let n = Math.floor(rand() * 5); n > 0; n--) lines.push(`${pick(NAMES)}:${pick(VALUES)}`);
      if (rand() < 0.8) lines.splice(1 + Math.floor(rand() * lines.length), 0, `Content-Length: ${rand() < 0.85 ? body.length : body.length + pick([-1, 1, 5])}`);
      const eol = rand() < 0.95 ? "\r\n" : "\n";
      const text = `${lines.join(eol)}${eol}${eol}${body}${rand() < 0.1 ? "extra" : ""}`;
      const data = response(text);
      const method = rand() < 0.1 ? "HEAD" : "GET";
      if (method !== "HEAD" && wholePlain(data, MAX)) taken++;
      const fast = readWith(data, method, true);
      const slow = readWith(data, method, false);
      if (!Bun.deepEquals(fast, slow)) failures.push(JSON.stringify(text));
    }
    if (failures.length > 0) console.error(`WIRE_SEED=${seed} reproduces ${failures.length} differences, e.g. ${failures[0]}`);
    expect(failures).toEqual([]);
    expect(taken).toBeGreaterThan(100);
  });
});

// readBody against the former implementation (which looked at res.body first) on the same responses: equal results.
import { afterAll, describe, expect, test } from "bun:test";
import { readBody, type BodyRead } from "./body.ts";

/** The implementation before the declared-length path stopped touching res.body, kept here to compare with. */
async function formerReadBody(res: Response, max: number): Promise<BodyRead> {
  if (!res.body) return { text: "", bytes: 0, truncated: false };
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (Number.isFinite(declared) && declared <= max && !res.headers.has("content-encoding")) {
    const buf = new Uint8Array(await res.arrayBuffer());
    return { text: new TextDecoder().decode(buf), bytes: buf.byteLength, truncated: false };
  }
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes + value.byteLength > max) {
      chunks.push(value.subarray(0, max - bytes));
      bytes = max;
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
    chunks.push(value);
    bytes += value.byteLength;
  }
  const all = new Uint8Array(bytes);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return { text: new TextDecoder().decode(all), bytes, truncated };
}

const invalidUtf8 = new Uint8Array([0x7b, 0xff, 0xfe, 0x22, 0xc3, 0x7d]);
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const path = new URL(req.url).pathname;
    if (path === "/json") return Response.json({ id: 1, name: "é ✓" });
    if (path === "/empty") return new Response(null, { status: 204 });
    if (path === "/bom") return new Response(new Uint8Array([0xef, 0xbb, 0xbf, 0x6f, 0x6b]));
    if (path === "/invalid") return new Response(invalidUtf8);
    if (path === "/gzip") return new Response(Bun.gzipSync(new TextEncoder().encode("zipped text ".repeat(50))), { headers: { "content-encoding": "gzip" } });
    if (path === "/stream") {
      return new Response(new ReadableStream({
        start(c) {
          for (let i = 0; i < 5; i++) c.enqueue(new TextEncoder().encode(`chunk ${i};`));
          c.close();
        },
      }));
    }
    return new Response("x".repeat(100));
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

describe("readBody", () => {
  test.each([
    ["/json", "GET", 1024],
    ["/json", "HEAD", 1024],
    ["/empty", "GET", 1024],
    ["/bom", "GET", 1024],
    ["/invalid", "GET", 1024],
    ["/gzip", "GET", 1 << 20],
    ["/gzip", "GET", 40],
    ["/stream", "GET", 1024],
    ["/stream", "GET", 12],
    ["/long", "GET", 1024],
    ["/long", "GET", 10],
  ])("%s %s with at most %d bytes reads as before", async (path, method, max) => {
    const now = await readBody(await fetch(`${base}${path}`, { method }), max);
    const before = await formerReadBody(await fetch(`${base}${path}`, { method }), max);
    expect(now).toEqual(before);
  });

  test("a body over the bound is cut at it and says so", async () => {
    expect(await readBody(await fetch(`${base}/long`), 10)).toEqual({ text: "x".repeat(10), bytes: 10, truncated: true });
  });
});

// lineRanges cuts only just after newlines and covers the file in order; readRange yields exactly a range's bytes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lineRanges, readRange, RANGE_CHUNK_BYTES } from "./line-ranges.ts";

let dir = "";
const files: Record<string, string | Buffer> = {
  empty: "",
  tiny: "a\n",
  "no-newline": "abc",
  "one-long-line": "x".repeat(300_000) + "\n",
  "long-line-in-the-middle": "short\n".repeat(1000) + "y".repeat(200_000) + "\n" + "tail\n".repeat(1000),
  crlf: "line one\r\nline two\r\n".repeat(5000),
  "no-final-newline": "row\n".repeat(10_000) + "last",
  "many-lines": Array.from({ length: 50_000 }, (_, i) => `line ${i} ${"z".repeat(i % 50)}`).join("\n") + "\n",
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "line-ranges-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("lineRanges", () => {
  for (const name of Object.keys(files)) {
    test(`${name}: ranges are contiguous, non-empty, cover the file and start at line starts`, async () => {
      const bytes = await readFile(join(dir, name));
      for (const parts of [1, 2, 3, 4, 7, 16]) {
        const ranges = await lineRanges(join(dir, name), bytes.length, parts);
        expect(ranges.length).toBeLessThanOrEqual(parts);
        if (bytes.length === 0) {
          expect(ranges).toEqual([]);
          continue;
        }
        expect(ranges[0]!.start).toBe(0);
        expect(ranges.at(-1)!.end).toBe(bytes.length);
        for (const [i, r] of ranges.entries()) {
          expect(r.end).toBeGreaterThan(r.start);
          if (i > 0) {
            expect(r.start).toBe(ranges[i - 1]!.end);
            expect(bytes[r.start - 1]).toBe(10);
          }
        }
      }
    });
  }

  test("a big file of short lines is cut into as many parts as asked, near the even split points", async () => {
    const size = Buffer.byteLength(files["many-lines"] as string);
    const ranges = await lineRanges(join(dir, "many-lines"), size, 4);
    expect(ranges).toHaveLength(4);
    for (const [i, r] of ranges.entries()) if (i > 0) expect(Math.abs(r.start - (size * i) / 4)).toBeLessThan(100);
  });

  test("a line longer than a part leaves fewer ranges", async () => {
    const size = Buffer.byteLength(files["one-long-line"] as string);
    expect(await lineRanges(join(dir, "one-long-line"), size, 4)).toEqual([{ start: 0, end: size }]);
  });
});

describe("readRange", () => {
  test("yields exactly the range's bytes, in chunks of at most RANGE_CHUNK_BYTES", async () => {
    const path = join(dir, "big");
    const content = Buffer.alloc(RANGE_CHUNK_BYTES * 2 + 123, "0123456789abcdef");
    await writeFile(path, content);
    const range = { start: 77, end: content.length - 5 };
    const parts: Buffer[] = [];
    for await (const chunk of readRange(path, range)) {
      expect(chunk.length).toBeLessThanOrEqual(RANGE_CHUNK_BYTES);
      parts.push(Buffer.from(chunk));
    }
    expect(parts.length).toBeGreaterThan(2);
    expect(Buffer.concat(parts).equals(content.subarray(range.start, range.end))).toBe(true);
  });

  test("stops with the signal's reason", async () => {
    const ac = new AbortController();
    ac.abort(new Error("interrupted"));
    const read = async () => {
      for await (const _ of readRange(join(dir, "many-lines"), { start: 0, end: 100 }, ac.signal));
    };
    await expect(read()).rejects.toThrow("interrupted");
  });
});

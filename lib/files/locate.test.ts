// Tests for the second pass of a failure message: the bytes around an offset, however the file's chunks fall, and the quote made of them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { locateLines, quoteAround, type Located } from "./locate.ts";
import { utf8Skip } from "./regex-probe.ts";
import { CONTEXT_BEFORE, QUOTE_LIMIT } from "./text.ts";
import { Masker } from "../vars/mask.ts";

const WINDOW = QUOTE_LIMIT * 4;

describe("locateLines", () => {
  let dir: string;
  // A first short line, then one of 3 MiB (multibyte characters in it), then short ones.
  const unit = "0123456789abcdéf😀 ";
  const long = unit.repeat(Math.ceil((3 << 20) / Buffer.byteLength(unit)));
  const bytes = Buffer.from(`first\r\n${long}\nthird\n\nlast`);
  const lineStart = 7;
  const lineEnd = bytes.indexOf(10, lineStart);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "locate-"));
    writeFileSync(join(dir, "f.log"), bytes);
    writeFileSync(join(dir, "f.log.gz"), gzipSync(bytes));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Offsets at and around every multiple of 64 KiB, where chunks end (256 KiB and 512 KiB ones), and the long line's ends.
  const offsets = [0, 3, 6, lineStart, lineStart + 1, lineStart + WINDOW, lineStart + WINDOW + 1, lineEnd - WINDOW, lineEnd - 1, lineEnd];
  for (let p = 1 << 16; p < lineEnd; p += 1 << 16) offsets.push(...[p - 1, p, p + 1, p - WINDOW, p + WINDOW - 1, p + WINDOW].filter((o) => o <= lineEnd));

  test.each(["f.log", "f.log.gz"])("%s: each offset's line, column and bytes around it, as slicing the file gives them", async (name) => {
    const found = await locateLines(join(dir, name), offsets);
    for (const o of offsets) {
      const start = o < lineStart ? 0 : o <= lineEnd ? lineStart : lineEnd + 1;
      const end = o < lineStart ? lineStart - 1 : lineEnd;
      const from = Math.max(start, o - WINDOW);
      const to = Math.min(end, o + WINDOW);
      const at = found.get(o)!;
      expect({ o, lineNo: at.lineNo, column: at.column, fromStart: at.fromStart, toEnd: at.toEnd }).toEqual({ o, lineNo: o < lineStart ? 1 : 2, column: o - start + 1, fromStart: from === start, toEnd: to === end });
      expect(at.before.equals(bytes.subarray(from, o))).toBe(true);
      expect(at.after.equals(bytes.subarray(o, to))).toBe(true);
    }
  });

  test("the last line without a newline, and an offset past the end, which is not found", async () => {
    const found = await locateLines(join(dir, "f.log"), [bytes.length - 2, bytes.length + 5]);
    expect(found.get(bytes.length - 2)).toMatchObject({ lineNo: 5, column: 3, toEnd: true });
    expect(found.get(bytes.length - 2)!.after.toString()).toBe("st");
    expect(found.has(bytes.length + 5)).toBe(false);
  });
});

/** What locateLines gives for the find at `find` of `line` (a line of the file, its newline left out). */
function located(line: string | Buffer, find: number): Located {
  const b = Buffer.from(line);
  const from = Math.max(0, find - WINDOW);
  const to = Math.min(b.length, find + WINDOW);
  return { lineNo: 1, column: find + 1, before: b.subarray(from, find), after: b.subarray(find, to), fromStart: from === 0, toEnd: to === b.length };
}

describe("quoteAround", () => {
  test("a line of up to QUOTE_LIMIT characters is quoted whole, without a column", () => {
    const line = `${"x".repeat(QUOTE_LIMIT - 10)} ERROR end`;
    expect(quoteAround(located(line, line.indexOf("ERROR")))).toEqual({ text: line });
    expect(quoteAround(located("a ERROR\r", 2))).toEqual({ text: "a ERROR" });
  });

  test("a longer line: the find's column, a little before it from a word's start, the rest after, cut marked", () => {
    const line = `${"a".repeat(5000)} worker=7 Traceback (most recent call last): ${"b".repeat(300)}`;
    const find = line.indexOf("Traceback");
    expect(quoteAround(located(line, find))).toEqual({ text: `…${line.slice(find - 9, find - 9 + QUOTE_LIMIT)}…`, column: find + 1 });
  });

  test("a find near the line's start is quoted from it; near its end, to it", () => {
    const line = `x ERROR ${"c".repeat(400)} ERROR`;
    expect(quoteAround(located(line, 2))).toEqual({ text: `${line.slice(0, QUOTE_LIMIT)}…`, column: 3 });
    expect(quoteAround(located(line, line.length - 5))).toEqual({ text: "…ERROR", column: line.length - 4 });
    const spaced = `${"c ".repeat(300)}ERROR`;
    expect(quoteAround(located(spaced, spaced.length - 5)).text).toBe(`…${"c ".repeat(CONTEXT_BEFORE / 2)}ERROR`);
  });

  test("the context before is measured as reports show it: NULs (\\u0000 each) leave room for the find", () => {
    const line = `${"\0 ".repeat(3000)}ERROR`;
    const { text } = quoteAround(located(line, line.length - 5));
    expect(JSON.stringify(text).indexOf("ERROR")).toBeLessThanOrEqual(CONTEXT_BEFORE + 2);
    expect(text.endsWith("ERROR")).toBe(true);
  });

  test("a window cut inside a multibyte character shows no broken character; a character outside the BMP is not split", () => {
    for (let shift = 0; shift < 4; shift++) {
      const line = `${"x".repeat(shift)}${"😀".repeat(2000)} ERROR ${"é😀".repeat(500)}`;
      const find = Buffer.from(line).indexOf("ERROR");
      const { text } = quoteAround(located(line, find));
      expect(text).not.toContain("\ufffd");
      expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)).toBe(false);
      expect(text.startsWith("…ERROR")).toBe(true);
    }
  });

  test("a secret around the cuts is masked: the quote starts at a word's start, and the masker masks what the end cuts", () => {
    const secret = "Zq8pLkW3vNs7TbYx";
    const masker = new Masker();
    masker.add(secret);
    const lines = [
      `${"a".repeat(3000)} token=${secret} Traceback ${"y".repeat(300)}`,
      `${"a".repeat(3000)}${secret}Traceback ${"y".repeat(300)}`,
      `${"a".repeat(3000)}"${secret}",Traceback ${"y".repeat(300)}`,
      `${"a".repeat(3000)} Traceback ${"y".repeat(QUOTE_LIMIT - 20)} ${secret} ${"y".repeat(300)}`,
    ];
    for (const line of lines) {
      const shown = masker.text(quoteAround(located(line, line.indexOf("Traceback"))).text);
      expect(shown).toContain("Traceback");
      for (let k = 2; k <= secret.length; k++) expect(shown).not.toContain(secret.slice(secret.length - k));
      for (let k = 4; k <= secret.length; k++) expect(shown).not.toContain(secret.slice(0, k));
    }
  });

  test("a secret holding a space or a comma, inside which the quote starts, is masked as far as the quote shows it", () => {
    for (const secret of ["Open Sesame 12345 Alibaba", "Open,Sesame,12345,Alibaba", 'Open"Sesame"12345"Alibaba']) {
      const masker = new Masker();
      masker.add(secret);
      const line = `${"x".repeat(300)} pw=${secret} ${"y".repeat(20)} Traceback ${"x".repeat(300)}`;
      const quote = quoteAround(located(line, line.indexOf("Traceback"))).text;
      // The quote starts inside the secret.
      expect(quote).toStartWith("…12345");
      const shown = masker.text(quote);
      expect(shown).toContain("Traceback");
      // "Traceback" itself holds "ba", the secret's last two characters.
      for (let k = 3; k <= secret.length; k++) expect({ k, shown: shown.includes(secret.slice(secret.length - k)) }).toEqual({ k, shown: false });
    }
  });
});

describe("utf8Skip", () => {
  test("reaches each character of any bytes where Buffer's decoder does", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    const pieces = [[0x41], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xe9], [0xff], [0xe2, 0x82], [0xf0, 0x9f], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0x80]];
    for (let round = 0; round < 500; round++) {
      const raw = Buffer.from(Array.from({ length: 1 + (next() % 12) }, () => pieces[next() % pieces.length]!).flat());
      const text = raw.toString("utf8");
      for (let j = 0; j <= text.length; j++) {
        if (j > 0 && (text.charCodeAt(j - 1) & 0xfc00) === 0xd800) continue;
        expect(raw.subarray(0, utf8Skip(raw, 0, j)).toString("utf8")).toBe(text.slice(0, j));
      }
    }
  });
});

// Tests for streaming: every way of cutting the input into chunks gives the same literal hits, line counts and regex matches.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { LineCountProbe, LiteralProbe } from "./byte-probes.ts";
import { RegexProbe } from "./regex-probe.ts";
import { ProbeFeeder, probeFile, type TextProbe } from "./scan.ts";
import { lineHead, locateLines } from "./locate.ts";

const TEXT = 'alpha one\nbeta "ünïcode" two\r\n\ngamma ERROR three\nδelta error four\nlast without newline ERROR';
const BYTES = Buffer.from(TEXT, "utf8");

/** Feeds BYTES cut at the given positions. */
function feed(cuts: number[], probes: ConstructorParameters<typeof ProbeFeeder>[0]): void {
  const feeder = new ProbeFeeder(probes);
  let prev = 0;
  for (const c of [...cuts, BYTES.length]) {
    feeder.push(BYTES.subarray(prev, c));
    prev = c;
  }
  feeder.end();
}

/** Every single cut and every pair of cuts, plus one byte at a time. */
function cutsList(): number[][] {
  const all: number[][] = [[], Array.from({ length: BYTES.length - 1 }, (_, i) => i + 1)];
  for (let i = 1; i < BYTES.length; i++) {
    all.push([i]);
    for (let j = i + 1; j < BYTES.length; j += 7) all.push([i, j]);
  }
  return all;
}

class Collect implements TextProbe {
  text = "";
  readonly done = false;
  onText(t: string): void {
    this.text += t;
  }
}

describe("ProbeFeeder", () => {
  test("text probes get whole lines whatever the chunking", () => {
    for (const cuts of cutsList()) {
      const c = new Collect();
      feed(cuts, { bytes: [], text: [c] });
      expect(c.text).toBe(TEXT);
    }
  });
  test("literal hits and line counts do not depend on the chunking", () => {
    for (const cuts of cutsList()) {
      const lit = new LiteralProbe("ERROR three");
      const missing = new LiteralProbe("nowhere");
      const lines = new LineCountProbe();
      feed(cuts, { bytes: [lit, missing, lines], text: [] });
      expect(lit.hit?.offset !== undefined && BYTES.subarray(lit.hit.offset).toString().includes("ERROR three")).toBe(true);
      expect(missing.hit).toBeUndefined();
      expect(lines.lines).toBe(6);
    }
  });
  test("regex counts matching lines once each, with byte offsets of line starts", () => {
    for (const cuts of cutsList()) {
      const re = new RegexProbe("(?i)error");
      feed(cuts, { bytes: [], text: [re] });
      expect(re.count).toBe(3);
      expect(re.samples.map((s) => s.text)).toEqual(["gamma ERROR three", "δelta error four", "last without newline ERROR"]);
      expect(re.samples.map((s) => BYTES.indexOf(Buffer.from(s.text)))).toEqual(re.samples.map((s) => s.offset));
    }
  });
});

describe("LineCountProbe", () => {
  test.each([
    ["", 0],
    ["a", 1],
    ["a\n", 1],
    ["a\nb", 2],
    ["\n\n", 2],
  ])("%j has %d lines", (text, n) => {
    const p = new LineCountProbe();
    const f = new ProbeFeeder({ bytes: [p], text: [] });
    f.push(Buffer.from(text));
    f.end();
    expect(p.lines).toBe(n);
  });
});

describe("RegexProbe", () => {
  const count = (source: string, text: string) => {
    const p = new RegexProbe(source);
    p.onText(text, 0);
    return p.count;
  };
  test.each([
    ["b", "ab\nb\nc\n", 2],
    ["^b", "ab\nb\nc\n", 1],
    ["c$", "ac\nc\ncb\n", 2],
    ["a\\sb", "a\nb\n", 0],
    ["x*", "1\n2\n", 2],
    ['level":"error', '{"level":"error"}\n{"level":"info"}\n', 1],
    // An empty match after a block's last newline is no line: `^$` counted one in every block fed (grep -c: 0 and 1).
    ["^$", "a\nb\n", 0],
    ["^\\s*$", "a\n\nb\n", 1],
    ['^(?!.*"level")', '{"level":1}\n{"level":2}\n', 0],
    ["^$", "", 0],
    ["$", "a\nb", 2],
    // JavaScript's multiline ^ also matches after a CR, U+2028 or U+2029 inside a line; grep does not.
    ["^ERROR", "foo\rERROR x\nERROR y\n", 1],
    ["^ERROR", "foo\u2028ERROR x\nERROR y\r\n", 1],
    ["x$", "ax\rb\nax\r\n", 1],
    // `.` stops at a CR or U+2028 in JavaScript, not in grep (a progress bar's \r updates); lookarounds see only their line.
    ["Loading.*CUDA", "Loading 10%\rLoading 100%\rRuntimeError: CUDA out of memory\nok\n", 1],
    ["a.b", "a\u2028b\n", 1],
    ["ERROR(?=\\s+\\S)", "ERROR\nnext\nfine\n", 0],
    ["(?<=ERROR\\s)next", "ERROR\nnext\nfine\n", 0],
    ["(?<![\\s\\S])fine", "ERROR\nnext\nfine\n", 1],
    ["fine(?![\\s\\S])", "ERROR\nnext\nfine\n", 1],
    // A CR before the newline is not part of the line: JavaScript's multiline `^` also matched between it and the
    // newline, so `^$` counted every CRLF line; grep -c on the file with its CRs removed gives these counts.
    ["^$", "abc\r\ndef\r\n", 0],
    ["^$", "abc\r\ndef\r\n\r\nxyz\n", 1],
    ["^\\s*$", "abc\r\ndef\r\n\r\n \t\r\nxyz\n", 2],
    ["(?i)^$", "abc\r\ndef\r\n\r\nxyz\n", 1],
    ["^.{0}$", "abc\r\ndef\r\n\r\nxyz\n", 1],
    ["^(?:)$", "abc\r\ndef\r\n\r\nxyz\n", 1],
    ["\\r$", "abc\r\ndef\r\n", 0],
    ["\\r", "abc\r\ndef\r\n", 0],
    ["\\s+$", "abc\r\ndef \r\nxyz\n", 1],
    ["\\s$", "abc\r\n", 0],
    ["[^a-z]$", "abc\r\nab1\r\n", 1],
    ["c\\r?$", "abc\r\nabd\r\n", 1],
    ["(?s)c.$", "abc\r\nacd\r\n", 1],
    ["c$", "abc\r\n", 1],
    ["\\s*$", "abc\r\n\r\nx \r\n", 3],
    ["\\b\\s*$", "abc\r\nab \r\n", 2],
    ["\\B\\s*$", "abc\r\n", 0],
  ])("/%s/ matches %j on %d lines", (source, text, n) => {
    expect(count(source, text)).toBe(n);
  });

  test("fed in chunks, a regex matching the empty string counts each blank line once (grep -c)", () => {
    const bytes = Buffer.from("a\n\nb\n".repeat(1000));
    for (const size of [1, 3, 7, 4096]) {
      const p = new RegexProbe("^$");
      const feeder = new ProbeFeeder({ bytes: [], text: [p] });
      for (let at = 0; at < bytes.length; at += size) feeder.push(bytes.subarray(at, at + size));
      feeder.end();
      expect(p.count).toBe(1000);
    }
  });

  test("fed in chunks, CRLF lines: `^$` counts only the blank ones, `\\r$` none (the CR is no part of a line)", () => {
    const bytes = Buffer.from("a\r\n\r\nb\r\n\n".repeat(1000));
    for (const size of [1, 2, 3, 7, 4096]) {
      const blank = new RegexProbe("^$");
      const cr = new RegexProbe("\\r$");
      const feeder = new ProbeFeeder({ bytes: [], text: [blank, cr] });
      for (let at = 0; at < bytes.length; at += size) feeder.push(bytes.subarray(at, at + size));
      feeder.end();
      expect([blank.count, cr.count]).toEqual([2000, 0]);
      expect(blank.samples.map((h) => [h.offset, h.text])).toEqual([[3, ""], [8, ""], [12, ""]]);
    }
  });

  test("a line fed in pieces (longer than the feeder keeps whole) is one line: `^` and `$` only at its ends, not at its CRs", () => {
    // A progress bar's \r updates without a newline grow past 32 MiB; pieces of 5 bytes with a 8-byte limit stand for them.
    const bytes = Buffer.from("Loading 1%\rLoading 2%\rRuntimeError: CUDA out of memory\r\nok\n");
    const want: [string, number][] = [["^Loading 2", 0], ["^Loading 1", 1], ["2%$", 0], ["memory$", 1], ["\\r$", 0], ["^ok$", 1]];
    const probes = want.map(([source]) => new RegexProbe(source));
    const feeder = new ProbeFeeder({ bytes: [], text: probes }, 0, 8);
    for (let at = 0; at < bytes.length; at += 5) feeder.push(bytes.subarray(at, at + 5));
    feeder.end();
    expect(probes.map((p, i) => [want[i]![0], p.count])).toEqual(want);
  });

  test("a hit after invalid UTF-8 in its block is placed at its own line's bytes (a U+FFFD stands for 1 to 3 bytes)", () => {
    for (const bad of [6, 10]) {
      const bytes = Buffer.concat([Buffer.alloc(bad, 0xff), Buffer.from("\nshort\nERROR here!\nall good line\n")]);
      const p = new RegexProbe("ERR(O)R");
      const feeder = new ProbeFeeder({ bytes: [], text: [p] });
      feeder.push(bytes);
      feeder.end();
      expect(p.samples.map((h) => [h.offset, h.text])).toEqual([[bytes.indexOf("ERROR"), "ERROR here!"]]);
    }
  });
});

const big = () => Array.from({ length: 200_000 }, (_, i) => `line ${i + 1} ${i === 150_000 ? "NEEDLE" : "hay"}`).join("\n") + "\n";

describe("probeFile and locateLines", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scan-"));
    writeFileSync(join(dir, "big.log"), big());
    writeFileSync(join(dir, "big.log.gz"), gzipSync(big()));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each(["big.log", "big.log.gz"])("%s: finds the literal across chunks and locates its line", async (name) => {
    const path = join(dir, name);
    const lit = new LiteralProbe("NEEDLE");
    const lines = new LineCountProbe();
    const read = await probeFile(path, { bytes: [lit, lines], text: [] });
    expect(lines.lines).toBe(200_000);
    expect(read).toBeGreaterThan(2_000_000);
    expect(lit.hit!.at).toBe(Buffer.from(big()).indexOf("NEEDLE"));
    const at = await locateLines(path, [lit.hit!.offset, lit.hit!.at!]);
    expect(lineHead(at.get(lit.hit!.offset)!)).toBe("line 150001 NEEDLE");
    expect(at.get(lit.hit!.offset)).toMatchObject({ lineNo: 150_001, column: 1, fromStart: true, toEnd: true });
    const find = at.get(lit.hit!.at!)!;
    expect([find.lineNo, find.column, find.before.toString(), find.after.toString()]).toEqual([150_001, 13, "line 150001 ", "NEEDLE"]);
  });
  test("stops reading once every probe is done", async () => {
    const lit = new LiteralProbe("line 1 hay");
    const read = await probeFile(join(dir, "big.log"), { bytes: [lit], text: [] });
    expect(lit.hit?.offset).toBe(0);
    expect(read).toBeLessThan(2_000_000);
  });
  test("locateLines resolves several offsets, the first and last lines included", async () => {
    const path = join(dir, "big.log");
    const at = await locateLines(path, [0, 12, 5, 2_000_000]);
    const seen = (n: number) => [at.get(n)!.lineNo, at.get(n)!.column, at.get(n)!.before.toString() + "|" + at.get(n)!.after.toString()];
    expect(seen(0)).toEqual([1, 1, "|line 1 hay"]);
    expect(seen(5)).toEqual([1, 6, "line |1 hay"]);
    expect(seen(12)).toEqual([2, 2, "l|ine 2 hay"]);
    expect(at.get(2_000_000)?.lineNo).toBeGreaterThan(100_000);
  });
  test("an aborted signal stops the scan", async () => {
    const ac = new AbortController();
    ac.abort(new Error("timeout"));
    await expect(probeFile(join(dir, "big.log"), { bytes: [new LineCountProbe()], text: [] }, ac.signal)).rejects.toThrow("timeout");
  });
});

describe("RegexProbe: searches that Bun's engine gives up (regex-limit.ts)", () => {
  // Each line backtracks a little; searched over the whole block in one call, the steps run out before the last line.
  const BLOCK = "word word word word\n".repeat(5000) + "x: ERROR\n";

  test("a block whose one search gives up is searched again line by line: the match on its last line counts", () => {
    const p = new RegexProbe(String.raw`(\w+ ?)+: ERROR`);
    p.onText(BLOCK, 100);
    expect(p.gaveUp).toBeUndefined();
    expect(p.count).toBe(1);
    expect(p.samples).toEqual([{ offset: 100 + 5000 * 20, text: "x: ERROR", at: 100 + 5000 * 20 }]);
  });

  test("a line whose own search gives up leaves the count not known: the line is kept, and the probe reads no further", () => {
    const p = new RegexProbe(String.raw`(\w+\s?)+: ERROR`);
    const line = "word ".repeat(30) + "! zz: ERROR";
    p.onText(`ok\n${line}\nzz: ERROR\n`, 7);
    expect(p.gaveUp).toEqual({ offset: 10, text: line });
    expect(p.done).toBe(true);
  });

  test("through the feeder, a line longer than it keeps whole that gives up is kept too", () => {
    const p = new RegexProbe(String.raw`(\w+\s?)+: ERROR`);
    const feeder = new ProbeFeeder({ bytes: [], text: [p] }, 0, 64);
    feeder.push(Buffer.from("ok\n" + "word ".repeat(30) + "! zz: ERROR\n"));
    feeder.end();
    expect(p.gaveUp?.offset).toBe(3);
  });
});

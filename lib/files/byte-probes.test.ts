// The byte-level line counter for literal regexes gives what the regex probe gives, however the file is cut into chunks.
import { describe, expect, test } from "bun:test";
import { LiteralLinesProbe } from "./byte-probes.ts";
import { RegexProbe } from "./regex-probe.ts";
import { MAX_LINE_BYTES, ProbeFeeder } from "./scan.ts";

/** Feeds `text` in chunks of the given sizes (cycled) to a regex probe and a literal probe. */
function both(text: string, regex: string, literal: string, sizes: number[], maxLine = MAX_LINE_BYTES) {
  const regexProbe = new RegexProbe(regex);
  const literalProbe = new LiteralLinesProbe(literal, maxLine);
  const feeder = new ProbeFeeder({ bytes: [literalProbe], text: [regexProbe] }, 0, maxLine);
  const bytes = Buffer.from(text, "utf8");
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    feeder.push(bytes.subarray(at, at + n));
    at += n;
  }
  feeder.end();
  return { regex: { count: regexProbe.count, samples: regexProbe.samples }, literal: { count: literalProbe.count, samples: literalProbe.samples } };
}

describe("LiteralLinesProbe", () => {
  // Each text with the number of its lines holding ERROR: agreeing with the regex probe alone would also hold for two
  // probes that counted alike wrongly, or both kept every sample.
  const texts: [string, string, number][] = [
    ["several lines, two hits in one line counted once", "a ERROR b ERROR\nok\nERROR\n\nxERRORx\n", 3],
    ["no trailing newline", "ok\nlast ERROR", 1],
    ["CRLF lines", "ERROR one\r\nok\r\nERROR\r\n", 2],
    ["no hit", "nothing here\nat all\n", 0],
    ["the literal at the very start and end", "ERROR\nERROR", 2],
    ["multibyte text around the literal", "é ERROR ü\n€\n日本 ERROR\n", 2],
    ["more than three hits: only three samples", "ERROR 1\nERROR 2\nERROR 3\nERROR 4\nERROR 5\n", 5],
  ];
  for (const [name, text, lines] of texts) {
    test(name, () => {
      for (const sizes of [[1], [2], [3, 5], [7], [1024 * 1024]]) {
        const r = both(text, "ERROR", "ERROR", sizes);
        expect(r.literal).toEqual(r.regex);
        expect(r.literal.count).toBe(lines);
        expect(r.literal.samples).toHaveLength(Math.min(lines, 3));
      }
    });
  }

  test("a multibyte literal cut between chunks", () => {
    const text = "x 日本語 y\nnone\n日本語\n";
    for (const sizes of [[1], [2], [4], [5, 3]]) {
      const r = both(text, "日本語", "日本語", sizes);
      expect(r.literal).toEqual(r.regex);
      expect(r.literal.count).toBe(2);
    }
  });

  test("samples hold the line's byte offset and text, and the find's byte offset", () => {
    const r = both("ok\nhas ERROR here\r\n", "ERROR", "ERROR", [4]);
    expect(r.literal.samples).toEqual([{ offset: 3, text: "has ERROR here", at: 7 }]);
  });

  test("the find's byte offset after multibyte and invalid bytes, as the regex probe gives it too", () => {
    const bytes = Buffer.concat([Buffer.from("ok\néé "), Buffer.from([0xe9, 0xff, 0xe2, 0x82]), Buffer.from(" 😀 ERROR x\n")]);
    const regex = new RegexProbe("E[R]ROR");
    const literal = new LiteralLinesProbe("ERROR", MAX_LINE_BYTES);
    const feeder = new ProbeFeeder({ bytes: [literal], text: [regex] });
    feeder.push(bytes);
    feeder.end();
    expect(literal.samples[0]!.at).toBe(bytes.indexOf("ERROR"));
    expect(regex.samples[0]!.at).toBe(bytes.indexOf("ERROR"));
  });
});

describe("a line longer than the longest line kept whole (checked in pieces)", () => {
  const long = `start ERROR ${"a".repeat(40)} ERROR end`;
  test("counts once, with the line's start as the sample, in both probes", () => {
    for (const sizes of [[1], [3], [5, 7], [64]]) {
      const r = both(`${long}\nok\nalso ERROR\n`, "ERROR", "ERROR", sizes, 8);
      expect(r.literal.count).toBe(2);
      expect(r.regex.count).toBe(2);
      expect(r.literal.samples.map((s) => s.offset)).toEqual([0, long.length + 4]);
      expect(r.regex.samples.map((s) => s.offset)).toEqual([0, long.length + 4]);
    }
  });

  test("a literal or regex match cut between two pieces is found, once, at its own offset", () => {
    for (let at = 0; at < 30; at++) {
      const text = `${"a".repeat(at)}ERROR${"b".repeat(30)}\nok\n`;
      for (const sizes of [[1], [2], [3], [8]]) {
        const r = both(text, "E.ROR", "ERROR", sizes, 8);
        expect([r.literal.count, r.regex.count]).toEqual([1, 1]);
        expect([r.literal.samples[0]!.at, r.regex.samples[0]!.at]).toEqual([at, at]);
      }
    }
  });

  test("the find's offset in a later piece, after multibyte and invalid bytes", () => {
    const bytes = Buffer.concat([Buffer.from("é".repeat(20)), Buffer.from([0xe9, 0xff, 0xe2, 0x82]), Buffer.from(`${"😀".repeat(5)}ERROR end\nok\n`)]);
    for (const size of [1, 3, 8, 64]) {
      const regex = new RegexProbe("E[R]ROR");
      const literal = new LiteralLinesProbe("ERROR", 8);
      const feeder = new ProbeFeeder({ bytes: [literal], text: [regex] }, 0, 8);
      for (let i = 0; i < bytes.length; i += size) feeder.push(bytes.subarray(i, i + size));
      feeder.end();
      expect([literal.samples[0]!.at, regex.samples[0]!.at]).toEqual([bytes.indexOf("ERROR"), bytes.indexOf("ERROR")]);
    }
  });

  test("^ matches only at the start of a long line, not at a cut", () => {
    const r = both(`x${"a".repeat(40)}\nok\n`, "^a", "a", [1], 8);
    expect(r.regex.count).toBe(0);
  });
});


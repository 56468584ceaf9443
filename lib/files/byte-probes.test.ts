// The byte-level line counter for literal regexes gives what the regex probe gives, however the file is cut into chunks.
import { describe, expect, test } from "bun:test";
import { LiteralLinesProbe } from "./byte-probes.ts";
import { RegexProbe } from "./regex-probe.ts";
import { MAX_LINE_BYTES, ProbeFeeder } from "./scan.ts";

/** Feeds `text` in chunks of the given sizes (cycled) to a regex probe and a literal probe. */
function both(text: string, regex: string, literal: string, sizes: number[]) {
  const regexProbe = new RegexProbe(regex);
  const literalProbe = new LiteralLinesProbe(literal, MAX_LINE_BYTES);
  const feeder = new ProbeFeeder({ bytes: [literalProbe], text: [regexProbe] });
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
  const texts: [string, string][] = [
    ["several lines, two hits in one line counted once", "a ERROR b ERROR\nok\nERROR\n\nxERRORx\n"],
    ["no trailing newline", "ok\nlast ERROR"],
    ["CRLF lines", "ERROR one\r\nok\r\nERROR\r\n"],
    ["no hit", "nothing here\nat all\n"],
    ["the literal at the very start and end", "ERROR\nERROR"],
    ["multibyte text around the literal", "é ERROR ü\n€\n日本 ERROR\n"],
    ["more than three hits: only three samples", "ERROR 1\nERROR 2\nERROR 3\nERROR 4\nERROR 5\n"],
  ];
  for (const [name, text] of texts) {
    test(name, () => {
      for (const sizes of [[1], [2], [3, 5], [7], [1024 * 1024]]) {
        const r = both(text, "ERROR", "ERROR", sizes);
        expect(r.literal).toEqual(r.regex);
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

  test("samples hold the line's byte offset and text", () => {
    const r = both("ok\nhas ERROR here\r\n", "ERROR", "ERROR", [4]);
    expect(r.literal.samples).toEqual([{ offset: 3, text: "has ERROR here" }]);
  });
});

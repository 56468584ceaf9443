// Counts lines matching a regex: one global search over each block of lines, verifying only the lines it lands on.
import { compileRegex } from "../expect/regex.ts";
import { type Hit, SAMPLE_LIMIT } from "./byte-probes.ts";
import type { TextProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

/** In a line checked in pieces, how many characters of one piece are searched again with the next. */
export const LONG_LINE_OVERLAP = 64 * 1024;

/** Characters a multiline JavaScript regex takes for line breaks that do not end a line here (a CR before the newline is cut off first). */
const INNER_BREAK = /[\r\u2028\u2029]/;

/** Counts every matching line (not_contains shares the probe and reports how many more lines matched, so it never stops early). */
export class RegexProbe implements TextProbe {
  count = 0;
  samples: Hit[] = [];
  readonly done = false;
  private readonly search: RegExp;
  private readonly line: RegExp;

  constructor(readonly source: string) {
    this.search = compileRegex(source, "gm");
    // One line on its own: `^` and `$` only at its ends, as grep reads them (the search's multiline `^` also matches
    // after a \r, U+2028 or U+2029 inside a line).
    this.line = compileRegex(source, "");
  }

  /** A line longer than the feeder keeps whole, seen so far in pieces: where it starts, its head, whether it matched. */
  private long: { start: number; head: string; counted: boolean; tail: string } | undefined;

  onText(text: string, offset: number, partial = false, raw?: Buffer): void {
    if (partial || this.long) {
      // A piece of a long line (the whole text when partial, else up to its first newline): the line counts once.
      const nl = partial ? -1 : text.indexOf("\n");
      const end = nl < 0 ? text.length : nl;
      const piece = partial ? text : lineOf(text, 0, end);
      const long = (this.long ??= { start: offset, head: piece.slice(0, QUOTE_LIMIT * 4), counted: false, tail: "" });
      if (!long.counted) {
        // The previous piece's last characters go first, so a match across the cut is found; the search starts after
        // their first one, so `^` does not match there (it is not the line's start).
        const seen = long.tail + piece;
        this.search.lastIndex = long.tail ? 1 : 0;
        if (this.search.exec(seen)) {
          long.counted = true;
          this.count++;
          if (this.samples.length < SAMPLE_LIMIT) this.samples.push({ offset: long.start, text: long.head });
        }
        long.tail = seen.slice(-LONG_LINE_OVERLAP);
      }
      if (partial) return;
      this.long = undefined;
      if (nl < 0 || nl + 1 === text.length) return;
      const skipped = raw ? raw.indexOf(10) + 1 : Buffer.byteLength(text.slice(0, nl + 1));
      offset += skipped;
      raw = raw?.subarray(skipped);
      text = text.slice(nl + 1);
    }
    const re = this.search;
    // The text's lines end at its last newline: an empty match after it (`^$`, `^\s*$`, a lookahead) is no line.
    const stop = text.endsWith("\n") ? text.length - 1 : text.length;
    const mayBreak = INNER_BREAK.test(text);
    let pos = 0;
    while (pos < text.length) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m || m.index > stop) return;
      const start = m.index > 0 ? text.lastIndexOf("\n", m.index - 1) + 1 : 0;
      let end = text.indexOf("\n", m.index);
      if (end < 0) end = text.length;
      // A match running past the end of its line (e.g. through \s), or in a line holding a break JavaScript's `^`/`$`
      // know and grep does not, counts only if the line matches on its own.
      const inLine = (m.index + m[0].length <= end && !mayBreak) || this.line.test(lineOf(text, start, end));
      if (inLine) {
        this.count++;
        if (this.samples.length < SAMPLE_LIMIT) {
          this.samples.push({ offset: offset + byteOffset(text, start, raw), text: lineOf(text, start, Math.min(end, start + QUOTE_LIMIT * 4)) });
        }
      }
      pos = end + 1;
    }
  }
}

function lineOf(text: string, start: number, end: number): string {
  return end > start && text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
}

/**
 * Where the line starting at text[start] begins in the bytes `text` was decoded from. Text holding U+FFFD may come from
 * invalid bytes (one U+FFFD for one to three of them): its lines are found by counting newlines in the bytes instead.
 */
function byteOffset(text: string, start: number, raw: Buffer | undefined): number {
  if (!raw || !text.includes("\ufffd")) return Buffer.byteLength(text.slice(0, start));
  let at = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < start; i = text.indexOf("\n", i + 1)) at = raw.indexOf(10, at) + 1;
  return at;
}

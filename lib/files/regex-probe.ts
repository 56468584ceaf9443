// Counts lines matching a regex: one global search over each block of lines, verifying only the lines it lands on.
import { compileRegex } from "../expect/regex.ts";
import { doubtful, mayGiveUp, testAnswer } from "../util/regex-limit.ts";
import { type Hit, SAMPLE_LIMIT } from "./byte-probes.ts";
import type { TextProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

/** In a line checked in pieces, how many characters of one piece are searched again with the next. */
export const LONG_LINE_OVERLAP = 64 * 1024;

/**
 * Characters JavaScript takes for line breaks (for `^`, `$` and `.`) that do not end a line here: a CR not before the
 * newline (a progress bar's `\r` updates), U+2028, U+2029. A block holding one is checked line by line.
 */
const INNER_BREAK = /\r(?!\n)|[\u2028\u2029]/;
/** A lookahead or lookbehind: searched over a block of lines it would see the lines around its own. */
const LOOKAROUND = /\(\?<?[=!]/;

/** Counts every matching line (not_contains shares the probe and reports how many more lines matched, so it never stops early). */
export class RegexProbe implements TextProbe {
  count = 0;
  samples: Hit[] = [];
  /**
   * The first line whose search may have given up (regex-limit.ts): the count is then not known, and the probe reads
   * no further.
   */
  gaveUp: Hit | undefined;
  get done(): boolean {
    return this.gaveUp !== undefined;
  }
  private readonly search: RegExp;
  private readonly line: RegExp;
  /** `line`, sticky: tried at one position only. */
  private readonly atEnd: RegExp;
  /**
   * For the pieces of a long line: `^` only at the start of the text searched, `$` only at its end. (Not `s`: `.*`
   * across a 32 MiB piece of a progress bar's \r updates backtracks from each start, for minutes.)
   */
  private readonly pieces: RegExp;
  private readonly lookaround: boolean;
  /** Whether a search may give up (mayGiveUp): only then is it timed. */
  private readonly timed: boolean;

  constructor(readonly source: string) {
    this.search = compileRegex(source, "gm");
    // One line on its own, as grep reads it: `^` and `$` only at its ends, `.` any character of it (JavaScript's `.`
    // stops at a CR, U+2028 or U+2029, and its multiline `^` also matches after one).
    this.line = compileRegex(source, "s");
    this.atEnd = compileRegex(source, "sy");
    this.pieces = compileRegex(source, "g");
    this.lookaround = LOOKAROUND.test(source);
    this.timed = mayGiveUp(source);
  }

  /** A line longer than the feeder keeps whole, seen so far in pieces: where it starts, its head, whether it matched. */
  private long: { start: number; head: string; counted: boolean; tail: string } | undefined;

  onText(text: string, offset: number, partial = false, raw?: Buffer): void {
    if (this.gaveUp) return;
    if (partial || this.long) {
      // A piece of a long line (the whole text when partial, else up to its first newline): the line counts once.
      const nl = partial ? -1 : text.indexOf("\n");
      const end = nl < 0 ? text.length : nl;
      const piece = partial ? text : lineOf(text, 0, end);
      const long = (this.long ??= { start: offset, head: piece.slice(0, QUOTE_LIMIT * 4), counted: false, tail: "" });
      if (!long.counted) {
        // The previous piece's last characters go first, so a match across the cut is found; the search starts after
        // their first one, so `^` (not multiline: a CR inside the line is no line start) does not match there.
        const seen = long.tail + piece;
        this.pieces.lastIndex = long.tail ? 1 : 0;
        const t0 = this.timed ? performance.now() : 0;
        const found = this.pieces.exec(seen);
        if (!found && this.timed && doubtful(performance.now() - t0, seen.length)) {
          this.gaveUp = { offset: long.start, text: long.head };
          return;
        }
        if (found) {
          long.counted = true;
          this.count++;
          // The find in this piece (which starts at `offset`), or in the last characters of the one before.
          const at = found.index >= long.tail.length
            ? offset + bytesOf(piece, 0, found.index - long.tail.length, raw, 0)
            : offset - Buffer.byteLength(seen.slice(found.index, long.tail.length));
          if (this.samples.length < SAMPLE_LIMIT) this.samples.push({ offset: long.start, text: long.head, at });
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
    if (this.lookaround || INNER_BREAK.test(text)) return this.eachLine(text, offset, raw);
    const re = this.search;
    // The text's lines end at its last newline: an empty match after it (`^$`, `^\s*$`, a lookahead) is no line.
    const stop = text.endsWith("\n") ? text.length - 1 : text.length;
    let pos = 0;
    while (pos < text.length) {
      re.lastIndex = pos;
      const t0 = this.timed ? performance.now() : 0;
      const m = re.exec(text);
      // One search over many lines shares one budget of backtracking steps: a "no match" that took long may be the
      // engine giving up (regex-limit.ts), so the rest of the block is searched line by line, each with its own.
      if (!m && this.timed && doubtful(performance.now() - t0, text.length - pos)) return this.eachLine(text, offset, raw, pos);
      if (!m || m.index > stop) return;
      const start = m.index > 0 ? text.lastIndexOf("\n", m.index - 1) + 1 : 0;
      let end = text.indexOf("\n", m.index);
      if (end < 0) end = text.length;
      // A match reaching the CR before the newline, or past it (`\r$`, `\s+$`, or `^$` between the CR and the newline,
      // where JavaScript's multiline `^` also matches) counts only if the line, without that CR, matches on its own.
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (m.index + m[0].length <= lineEnd) this.hit(text, start, end, offset, raw, m.index);
      else if (this.lineMatches(text, start, lineEnd, offset, raw, m.index >= lineEnd)) this.hit(text, start, end, offset, raw, m.index >= lineEnd ? lineEnd : undefined);
      if (this.gaveUp) return;
      pos = end + 1;
    }
  }

  /**
   * Whether a line matches on its own. `atEndOnly`: the block search found no match starting before the line's end
   * (its first one starts at the CR, or after it), and every match of the line alone would be one there too, so only
   * the end is tried (a CRLF file searched for `\s+$` would otherwise retry each of its lines from every position).
   */
  private lineMatches(text: string, start: number, lineEnd: number, offset: number, raw: Buffer | undefined, atEndOnly: boolean): boolean {
    if (!atEndOnly) return this.answer(this.line, text, start, lineEnd, offset, raw);
    this.atEnd.lastIndex = lineEnd - start;
    return this.answer(this.atEnd, text, start, lineEnd, offset, raw);
  }

  /**
   * Tests each line from `from` on its own: for a regex with lookarounds, a block holding a break JavaScript knows and
   * grep does not, and the rest of a block whose search may have given up.
   */
  private eachLine(text: string, offset: number, raw: Buffer | undefined, from = 0): void {
    for (let start = from; start < text.length; ) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      if (this.answer(this.line, text, start, lineEnd, offset, raw)) this.hit(text, start, end, offset, raw);
      if (this.gaveUp) return;
      start = end + 1;
    }
  }

  /** Whether the line text[start, lineEnd) matches; when that is not known, false, and the line is kept as `gaveUp`. */
  private answer(re: RegExp, text: string, start: number, lineEnd: number, offset: number, raw: Buffer | undefined): boolean {
    if (!this.timed) return re.test(text.slice(start, lineEnd));
    const answer = testAnswer(re, text.slice(start, lineEnd));
    if (answer === undefined) this.gaveUp = { offset: offset + byteOffset(text, start, raw), text: text.slice(start, Math.min(lineEnd, start + QUOTE_LIMIT * 4)) };
    return answer === true;
  }

  /**
   * Counts the line text[start, end) as matching, and keeps it as a sample while there are few: its start, its head, and
   * where the match starts (`index` in text, when the search found it; else the line is searched alone for it).
   */
  private hit(text: string, start: number, end: number, offset: number, raw: Buffer | undefined, index?: number): void {
    this.count++;
    if (this.samples.length < SAMPLE_LIMIT) {
      const lineStart = byteOffset(text, start, raw);
      const found = index ?? start + this.indexInLine(lineOf(text, start, end));
      this.samples.push({ offset: offset + lineStart, text: lineOf(text, start, Math.min(end, start + QUOTE_LIMIT * 4)), at: offset + lineStart + bytesOf(text, start, found, raw, lineStart) });
    }
  }

  /** Where the regex first matches a line known to match (0 when the engine, giving up, does not say). */
  private indexInLine(line: string): number {
    return this.line.exec(line)?.index ?? 0;
  }
}

/**
 * How many bytes text[from, to) was decoded from, its first byte raw[rawFrom]. Text holding U+FFFD may come from invalid
 * bytes (one U+FFFD for one to three of them): its bytes are then counted in `raw`, as the decoder read them.
 */
function bytesOf(text: string, from: number, to: number, raw: Buffer | undefined, rawFrom: number): number {
  const part = text.slice(from, to);
  if (!raw || !part.includes("\ufffd")) return Buffer.byteLength(part);
  return utf8Skip(raw, rawFrom, to - from) - rawFrom;
}

/**
 * Where in `raw`, decoding from `from`, the text reaches `units` UTF-16 code units: as Buffer's UTF-8 decoder reads
 * bytes (the WHATWG decoder: each invalid byte, or a cut-short sequence up to the byte that breaks it, is one U+FFFD).
 */
export function utf8Skip(raw: Uint8Array, from: number, units: number): number {
  let i = from;
  let left = units;
  while (left > 0 && i < raw.length) {
    const b = raw[i]!;
    let need = 0;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    }
    i++;
    if (need === 0) {
      left--; // ASCII, or an invalid byte (one U+FFFD)
      continue;
    }
    let got = 0;
    for (; got < need && i < raw.length; got++, i++) {
      const c = raw[i]!;
      if (c < (got === 0 ? lower : 0x80) || c > (got === 0 ? upper : 0xbf)) break;
    }
    // Four bytes are a character outside the BMP: two units. A sequence cut short is one U+FFFD; the byte that broke it is read next.
    left -= got === 3 ? 2 : 1;
  }
  return i;
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

// Byte-level probes: find a literal (Buffer.indexOf on raw chunks, across chunk boundaries), count the lines holding one, count lines.
import type { ByteProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

/** How many matching lines a probe keeps as examples. */
export const SAMPLE_LIMIT = 3;

/**
 * Where a literal or regex was found: byte offset of the line start, (a prefix of) the line, and the byte offset of the
 * find itself (its first byte), from which a failure quotes the line around it (locate.ts). A line whose search gave
 * up (regex-limit.ts) has no find: `at` is absent.
 */
export interface Hit {
  offset: number;
  text: string;
  at?: number;
}

/**
 * The line around position `i` of `buf` (possibly cut at the chunk's edges), with its start offset, and the find at
 * `i`: past the newlines a literal starts with (`"\nERROR"` is found on the line the newline ends it on, and shown
 * on the one its text is on, as a matcher's `found` places it).
 */
export function lineAround(buf: Buffer, i: number, bufOffset: number, needle?: Buffer): Hit {
  const start = i > 0 ? buf.lastIndexOf(10, i - 1) + 1 : 0;
  let end = buf.indexOf(10, i);
  if (end < 0) end = buf.length;
  if (end > start && buf[end - 1] === 13) end--;
  let lead = 0;
  while (needle && lead < needle.length - 1 && needle[lead] === 10) lead++;
  return { offset: bufOffset + start, text: buf.toString("utf8", start, Math.min(end, start + QUOTE_LIMIT * 4)), at: bufOffset + i + lead };
}

/** Finds the first occurrence of a literal; done once found. */
export class LiteralProbe implements ByteProbe {
  readonly needle: Buffer;
  hit: Hit | undefined;
  private tail: Buffer = Buffer.alloc(0);

  constructor(literal: string) {
    this.needle = Buffer.from(literal, "utf8");
  }

  get done(): boolean {
    return this.hit !== undefined;
  }

  onBytes(buf: Buffer, offset: number): void {
    const n = this.needle.length;
    if (n === 0) {
      this.hit = { offset: 0, text: "", at: 0 };
      return;
    }
    if (this.tail.length > 0) {
      const joined = Buffer.concat([this.tail, buf.subarray(0, n - 1)]);
      const i = joined.indexOf(this.needle);
      if (i >= 0) {
        this.hit = lineAround(joined, i, offset - this.tail.length, this.needle);
        return;
      }
    }
    const i = buf.indexOf(this.needle);
    if (i >= 0) {
      this.hit = lineAround(buf, i, offset, this.needle);
      return;
    }
    // Keep the last n-1 bytes seen (they may span several small chunks) to catch a literal cut by a chunk edge.
    this.tail = buf.length >= n - 1 ? Buffer.from(buf.subarray(buf.length - (n - 1))) : Buffer.concat([this.tail, buf]).subarray(-(n - 1));
  }
}

/** Counts lines: newlines, plus a last line that has none. */
export class LineCountProbe implements ByteProbe {
  lines = 0;
  private last = 10;
  readonly done = false;

  onBytes(buf: Buffer): void {
    let p = buf.indexOf(10);
    while (p >= 0) {
      this.lines++;
      p = buf.indexOf(10, p + 1);
    }
    if (buf.length) this.last = buf[buf.length - 1]!;
  }

  onEnd(): void {
    if (this.last !== 10) this.lines++;
  }
}

/** The line text a sample shows, as the regex probe cuts it: at most QUOTE_LIMIT * 4 characters, without a trailing "\r". */
function sampleText(line: string): string {
  const end = Math.min(line.length, QUOTE_LIMIT * 4);
  return end > 0 && line.charCodeAt(end - 1) === 13 ? line.slice(0, end - 1) : line.slice(0, end);
}

/**
 * Counts the lines containing a literal by searching raw bytes (a regex without metacharacters needs no decoding):
 * the same count and samples as RegexProbe, whose line splitting it follows, a line over `maxLine` bytes included.
 */
export class LiteralLinesProbe implements ByteProbe {
  count = 0;
  samples: Hit[] = [];
  readonly done = false;
  private readonly needle: Buffer;
  /** The current line's bytes so far (it has no newline yet), and where it starts. */
  private carry: Buffer[] = [];
  private carryLen = 0;
  private carryOffset = 0;
  /** A line longer than `maxLine`, seen so far in pieces: its start, head, whether it matched, and its last bytes (a literal cut between pieces). */
  private long: { start: number; head: Buffer; counted: boolean; tail: Buffer } | undefined;

  constructor(literal: string, private readonly maxLine: number) {
    this.needle = Buffer.from(literal, "utf8");
  }

  onBytes(buf: Buffer, offset: number): void {
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      if (this.carryLen === 0) this.carryOffset = offset;
      this.carry.push(Buffer.from(buf));
      this.carryLen += buf.length;
      if (this.carryLen > this.maxLine) this.longPiece(Buffer.concat(this.carry), this.carryOffset, false);
      return;
    }
    let start = 0;
    if (this.carryLen > 0 || this.long) {
      const first = buf.indexOf(10);
      // The piece starts where the carry does, or here when a long line's last piece was just handed on.
      const pieceStart = this.carryLen > 0 ? this.carryOffset : offset;
      this.carry.push(buf.subarray(0, first + 1));
      if (this.long) this.longPiece(Buffer.concat(this.carry), pieceStart, true);
      else this.lines(Buffer.concat(this.carry), this.carryOffset);
      start = first + 1;
    }
    if (start <= last) this.lines(buf.subarray(start, last + 1), offset + start);
    this.carry = last + 1 < buf.length ? [Buffer.from(buf.subarray(last + 1))] : [];
    this.carryLen = buf.length - last - 1;
    this.carryOffset = offset + last + 1;
  }

  onEnd(): void {
    this.flush();
  }

  private flush(): void {
    if (this.long) this.longPiece(Buffer.concat(this.carry), this.carryOffset, true);
    else if (this.carryLen > 0) this.lines(Buffer.concat(this.carry), this.carryOffset);
    this.carry = [];
    this.carryLen = 0;
  }

  /**
   * One piece of a long line (the carry, emptied here, which starts at `pieceStart`; `last`: the line ends with it): the
   * line counts once, a literal cut between pieces included.
   */
  private longPiece(piece: Buffer, pieceStart: number, last: boolean): void {
    const long = (this.long ??= { start: this.carryOffset, head: Buffer.from(piece.subarray(0, QUOTE_LIMIT * 4)), counted: false, tail: Buffer.alloc(0) });
    this.carry = [];
    this.carryLen = 0;
    if (!long.counted) {
      const seen = long.tail.length ? Buffer.concat([long.tail, piece]) : piece;
      const i = seen.indexOf(this.needle);
      if (i >= 0) {
        long.counted = true;
        this.count++;
        if (this.samples.length < SAMPLE_LIMIT) this.samples.push({ offset: long.start, text: sampleText(long.head.toString("utf8")), at: pieceStart - long.tail.length + i });
      }
      const keep = Math.min(seen.length, this.needle.length - 1);
      long.tail = Buffer.from(seen.subarray(seen.length - keep));
    }
    if (last) this.long = undefined;
  }

  /** Counts the lines of a block of whole lines that hold the needle, each once. */
  private lines(block: Buffer, blockOffset: number): void {
    let i = block.indexOf(this.needle);
    while (i >= 0) {
      let end = block.indexOf(10, i + this.needle.length);
      if (end < 0) end = block.length;
      this.count++;
      if (this.samples.length < SAMPLE_LIMIT) {
        const start = i > 0 ? block.lastIndexOf(10, i - 1) + 1 : 0;
        this.samples.push({ offset: blockOffset + start, text: sampleText(block.toString("utf8", start, end)), at: blockOffset + i });
      }
      i = end + 1 < block.length ? block.indexOf(this.needle, end + 1) : -1;
    }
  }
}

// Byte-level probes: find a literal (Buffer.indexOf on raw chunks, across chunk boundaries) and count lines.
import type { ByteProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

/** Where a literal or regex was found: byte offset of the line start, and (a prefix of) the line. */
export interface Hit {
  offset: number;
  text: string;
}

/** The line around position `i` of `buf` (possibly cut at the chunk's edges), with its start offset. */
export function lineAround(buf: Buffer, i: number, bufOffset: number): Hit {
  const start = i > 0 ? buf.lastIndexOf(10, i - 1) + 1 : 0;
  let end = buf.indexOf(10, i);
  if (end < 0) end = buf.length;
  if (end > start && buf[end - 1] === 13) end--;
  return { offset: bufOffset + start, text: buf.toString("utf8", start, Math.min(end, start + QUOTE_LIMIT * 4)) };
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
      this.hit = { offset: 0, text: "" };
      return;
    }
    if (this.tail.length > 0) {
      const joined = Buffer.concat([this.tail, buf.subarray(0, n - 1)]);
      const i = joined.indexOf(this.needle);
      if (i >= 0) {
        this.hit = lineAround(joined, i, offset - this.tail.length);
        return;
      }
    }
    const i = buf.indexOf(this.needle);
    if (i >= 0) {
      this.hit = lineAround(buf, i, offset);
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

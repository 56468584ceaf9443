// Splits a stream of raw chunks into lines and picks the ones that can match: lines whose bytes hold a required literal and no excluded one.

const NL = 10;

/** Where the picked lines go: `line` gets one line buf[start, end) (no newline); `block` every line of buf[start, last) (buf[last] is a newline). */
export interface LineOut {
  line(buf: Buffer, start: number, end: number): void;
  /** Called only without literals: all lines of a block, so they can be decoded in one go. */
  block(buf: Buffer, start: number, last: number): void;
  /**
   * When present, gets the lines not handed over (holding none of the literals, or an excluded one) in their place
   * among the others: every line of buf[start, end), the last one ending at `end` (a newline or the line's end).
   */
  gap?(buf: Buffer, start: number, end: number): void;
}

/**
 * Pushed chunks in order, calls `out` for every line holding one of `literals` (any line without literals) and
 * none of `excluded`, found with raw byte searches before anything is decoded. A line cut by a chunk edge is joined
 * first. Chunks may be reused by the caller once push returns.
 */
export class CandidateLines {
  private carry: Buffer[] = [];
  private readonly excluded: readonly Buffer[] | undefined;

  constructor(private readonly literals: readonly Buffer[] | undefined, private readonly out: LineOut, excluded?: readonly Buffer[]) {
    this.excluded = excluded?.length ? excluded : undefined;
  }

  push(buf: Buffer): void {
    let start = 0;
    if (this.carry.length) {
      const nl = buf.indexOf(NL);
      if (nl === -1) {
        this.carry.push(Buffer.from(buf));
        return;
      }
      this.carry.push(buf.subarray(0, nl));
      this.whole(Buffer.concat(this.carry));
      this.carry = [];
      start = nl + 1;
    }
    const last = buf.lastIndexOf(NL);
    if (last < start) {
      if (start < buf.length) this.carry.push(Buffer.from(buf.subarray(start)));
      return;
    }
    const lits = this.literals;
    if (!lits && this.excluded) this.allBut(buf, start, last, this.excluded);
    else if (!lits) this.out.block(buf, start, last);
    else if (lits.length === 1) this.one(buf, start, last, lits[0]!);
    else this.any(buf, start, last, lits);
    if (last + 1 < buf.length) this.carry.push(Buffer.from(buf.subarray(last + 1)));
  }

  /** Hands over a last line without a newline. */
  end(): void {
    if (!this.carry.length) return;
    const rest = Buffer.concat(this.carry);
    this.carry = [];
    if (rest.length) this.whole(rest);
  }

  private whole(line: Buffer): void {
    if ((this.literals && !this.literals.some((l) => line.includes(l))) || this.excluded?.some((l) => line.includes(l))) {
      this.out.gap?.(line, 0, line.length);
      return;
    }
    this.out.line(line, 0, line.length);
  }

  /** A line found by a required literal, unless it holds an excluded one. */
  private found(buf: Buffer, start: number, end: number): void {
    const ex = this.excluded;
    if (ex) {
      const line = buf.subarray(start, end);
      if (ex.some((l) => line.includes(l))) {
        this.out.gap?.(buf, start, end);
        return;
      }
    }
    this.out.line(buf, start, end);
  }

  /** Every line of [start, last) but those holding an excluded literal: the runs between them go out as blocks. */
  private allBut(buf: Buffer, start: number, last: number, excluded: readonly Buffer[]): void {
    let from = start;
    const next = excluded.map(() => -2);
    for (;;) {
      let hit = -1;
      for (let k = 0; k < excluded.length; k++) {
        if (next[k]! !== -1 && next[k]! < from) next[k] = buf.indexOf(excluded[k]!, from);
        const i = next[k]!;
        if (i !== -1 && i < last && (hit === -1 || i < hit)) hit = i;
      }
      if (hit === -1) break;
      const lineStart = Math.max(from, buf.lastIndexOf(NL, hit) + 1);
      if (lineStart > from) this.out.block(buf, from, lineStart - 1);
      from = buf.indexOf(NL, hit) + 1;
      this.out.gap?.(buf, lineStart, from - 1);
      if (from > last) return;
    }
    this.out.block(buf, from, last);
  }

  /** The lines of buf[start, end) (none when start >= end) go to `gap`, when there is one. */
  private skipped(buf: Buffer, start: number, end: number): void {
    if (start < end) this.out.gap?.(buf, start, end);
  }

  /** The lines of [start, last] holding `lit`: found with a raw byte search. */
  private one(buf: Buffer, start: number, last: number, lit: Buffer): void {
    let pos = start;
    while (pos < last) {
      const i = buf.indexOf(lit, pos);
      if (i === -1 || i >= last) return this.skipped(buf, pos, last);
      const lineStart = Math.max(start, buf.lastIndexOf(NL, i) + 1);
      this.skipped(buf, pos, lineStart - 1);
      const lineEnd = buf.indexOf(NL, i + lit.length);
      this.found(buf, lineStart, lineEnd);
      pos = lineEnd + 1;
    }
  }

  /** Like `one` for several literals: the next line holding any of them. */
  private any(buf: Buffer, start: number, last: number, lits: readonly Buffer[]): void {
    const next = lits.map(() => -2);
    let pos = start;
    while (pos < last) {
      let best = -1;
      for (let k = 0; k < lits.length; k++) {
        if (next[k]! !== -1 && next[k]! < pos) next[k] = buf.indexOf(lits[k]!, pos);
        const n = next[k]!;
        if (n !== -1 && n < last && (best === -1 || n < best)) best = n;
      }
      if (best === -1) return this.skipped(buf, pos, last);
      const lineStart = Math.max(start, buf.lastIndexOf(NL, best) + 1);
      this.skipped(buf, pos, lineStart - 1);
      const lineEnd = buf.indexOf(NL, best);
      this.found(buf, lineStart, lineEnd);
      pos = lineEnd + 1;
    }
  }
}

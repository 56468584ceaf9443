// Picks the lines of one byte range of a log file that hold a required literal (and no excluded one) into pages of raw lines, for decoding later: done by helper threads, and by the main thread for ranges ahead of their turn.
import { type ByteRange, pushRange } from "../util/line-ranges.ts";
import { CandidateLines } from "./candidate-lines.ts";
import { type Fallback, newHeld, passedTimes, resetHeld } from "./held-times.ts";
import type { NativeLineTimes } from "./native-times.ts";

/** Size of a page of picked lines (a longer line gets a page of its own). */
export const PAGE_BYTES = 1024 * 1024;

/**
 * A range's picked lines in pages, each line ending with a newline and inside one page, and when every line's time is
 * read, the newest times among the lines passed over; null: too many to keep (read the range again in its turn).
 */
export type PickedLines = { pages: Uint8Array[]; passed: PassedNewest | undefined } | null;

/**
 * The newest time (ms, then the nanoseconds past it; ms -Infinity when there is none) among the lines passed over
 * between picked lines, leaving out those too new (heldAt hands it on: see there): `before` per page, a pair for each of
 * its lines (the lines passed over since the picked line before it), `after` for those after the range's last picked line.
 */
export interface PassedNewest {
  before: Float64Array[];
  after: [number, number];
}

/** Read the times of the lines passed over: the file's modification time, and whether line-times.c reads them. */
export interface PassedTimes {
  fallback: Fallback;
  native: NativeLineTimes | undefined;
}

/** Bytes of picked lines a thread may still keep, shared by the ranges it picks. */
export interface PickBudget {
  left: number;
}

class TooMany extends Error {}

/**
 * The picked lines of `range`, or null once they would take the budget below zero (what was picked of this range is
 * dropped; the budget stays spent, so the caller stops picking ahead). `buffer` takes the reads and `scratch` gathers
 * lines: both reused from range to range; each full page goes out as an exact-size copy.
 */
export async function pickRange(path: string, range: ByteRange, literals: readonly Buffer[], excluded: readonly Buffer[], budget: PickBudget, buffer: Buffer, scratch: Uint8Array, signal?: AbortSignal, times?: PassedTimes): Promise<PickedLines> {
  const pages: Uint8Array[] = [];
  let used = 0;
  const held = times ? newHeld(times.fallback) : undefined;
  const before: Float64Array[] = [];
  /** The pairs of the lines in scratch. */
  let pairs: number[] = [];
  const flush = () => {
    if (used) {
      pages.push(scratch.slice(0, used));
      if (held) before.push(Float64Array.from(pairs));
      pairs = [];
    }
    used = 0;
  };
  /** The newest time passed over since the line before, for the line just kept; then none. */
  const passedNewest = (into: number[]) => {
    if (!held) return;
    into.push(held[0]!, held[1]!);
    resetHeld(held);
  };
  const keep = (buf: Buffer, start: number, end: number) => {
    const size = end - start + 1;
    budget.left -= size;
    if (budget.left < 0) throw new TooMany();
    if (size > scratch.length) {
      flush();
      const line = new Uint8Array(size);
      line.set(buf.subarray(start, end));
      line[size - 1] = 10;
      pages.push(line);
      const pair: number[] = [];
      passedNewest(pair);
      if (held) before.push(Float64Array.from(pair));
      return;
    }
    if (used + size > scratch.length) flush();
    scratch.set(buf.subarray(start, end), used);
    scratch[used + size - 1] = 10;
    used += size;
    passedNewest(pairs);
  };
  const lines = new CandidateLines(literals, { line: keep, block: () => {}, ...(held ? { gap: passedTimes(held, times!.native) } : {}) }, excluded);
  try {
    await pushRange(path, range, (chunk) => lines.push(chunk), buffer, signal, (err) => err);
    lines.end();
  } catch (err) {
    if (err instanceof TooMany) return null;
    throw err;
  }
  flush();
  return { pages, passed: held ? { before, after: [held[0]!, held[1]!] } : undefined };
}

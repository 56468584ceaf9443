// Picks the lines of one byte range of a log file that hold a required literal (and no excluded one) into pages of raw lines, for decoding later: done by helper threads, and by the main thread for ranges ahead of their turn.
import { type ByteRange, pushRange } from "../util/line-ranges.ts";
import { CandidateLines } from "./candidate-lines.ts";

/** Size of a page of picked lines (a longer line gets a page of its own). */
export const PAGE_BYTES = 1024 * 1024;

/** A range's picked lines in pages, each line ending with a newline and inside one page; null: too many to keep (read the range again in its turn). */
export type PickedLines = Uint8Array[] | null;

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
export async function pickRange(path: string, range: ByteRange, literals: readonly Buffer[], excluded: readonly Buffer[], budget: PickBudget, buffer: Buffer, scratch: Uint8Array, signal?: AbortSignal): Promise<PickedLines> {
  const pages: Uint8Array[] = [];
  let used = 0;
  const flush = () => {
    if (used) pages.push(scratch.slice(0, used));
    used = 0;
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
      return;
    }
    if (used + size > scratch.length) flush();
    scratch.set(buf.subarray(start, end), used);
    scratch[used + size - 1] = 10;
    used += size;
  };
  const lines = new CandidateLines(literals, { line: keep, block: () => {} }, excluded);
  try {
    await pushRange(path, range, (chunk) => lines.push(chunk), buffer, signal, (err) => err);
    lines.end();
  } catch (err) {
    if (err instanceof TooMany) return null;
    throw err;
  }
  flush();
  return pages;
}

// Thread entry: picks the lines of some byte ranges of a log file that hold a required literal (and no excluded one), posting each range's raw lines in turn, at most one ahead of the main thread.
import { type ByteRange, RANGE_CHUNK_BYTES, readRange } from "../util/line-ranges.ts";
import { answerJobs } from "../util/worker-threads.ts";
import { CandidateLines } from "./candidate-lines.ts";

export interface CandidateJob {
  path: string;
  /** The ranges to pick from, in file order; each gets one part, in this order. */
  ranges: ByteRange[];
  literals: string[];
  excluded: string[];
  /** Most bytes of lines to send back in all; beyond, the remaining ranges are answered with null (read them yourself). */
  maxBytes: number;
}

/** One range's picked lines in pages, each line ending with a newline and inside one page; null: not picked. */
export type CandidatePart = Uint8Array[] | null;

/** Size of a page of picked lines (a longer line gets a page of its own). */
const PAGE_BYTES = 1024 * 1024;

class TooMany extends Error {}

const scratch = new Uint8Array(PAGE_BYTES);
const buffer = Buffer.allocUnsafe(RANGE_CHUNK_BYTES);

answerJobs<CandidateJob, null, CandidatePart>(async ({ path, ranges, literals, excluded, maxBytes }, post) => {
  let total = 0;
  // At most one part waits for the main thread while the next is picked: a helper ahead of it holds back.
  let previous: Promise<void> = Promise.resolve();
  const send = async (part: CandidatePart, transfer?: ArrayBuffer[]) => {
    await previous;
    previous = post(part, transfer);
  };
  for (const range of ranges) {
    if (total > maxBytes) {
      await send(null);
      continue;
    }
    // Lines are gathered in one reused scratch page; each full page goes out as an exact-size copy.
    const pages: Uint8Array[] = [];
    let used = 0;
    const flush = () => {
      if (used) pages.push(scratch.slice(0, used));
      used = 0;
    };
    const keep = (buf: Buffer, start: number, end: number) => {
      const size = end - start + 1;
      total += size;
      if (total > maxBytes) throw new TooMany();
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
    const lines = new CandidateLines(
      literals.map((l) => Buffer.from(l)),
      { line: keep, block: () => {} },
      excluded.map((l) => Buffer.from(l)),
    );
    try {
      for await (const chunk of readRange(path, range, undefined, buffer)) lines.push(chunk);
      lines.end();
    } catch (err) {
      if (!(err instanceof TooMany)) throw err;
      await send(null);
      continue;
    }
    flush();
    await send(pages, pages.map((p) => p.buffer as ArrayBuffer));
  }
  return { answer: null };
});

// Thread entry: takes byte ranges of a log file one at a time from a counter it shares with the main thread and the other helpers, and posts each one's picked lines (those holding a required literal and no excluded one).
import { RANGE_CHUNK_BYTES } from "../util/line-ranges.ts";
import type { ByteRange } from "../util/line-ranges.ts";
import { answerJobs } from "../util/worker-threads.ts";
import type { Fallback } from "./held-times.ts";
import { type NativeChoice, nativeLineTimes } from "./native-times.ts";
import { PAGE_BYTES, pickRange, type PickedLines } from "./pick-lines.ts";

export interface CandidateJob {
  path: string;
  /** Every range of the file, in file order. */
  ranges: ByteRange[];
  literals: string[];
  excluded: string[];
  /** Most bytes of lines to hand back in all: the range that would pass it is answered with null, and the helper stops. */
  maxBytes: number;
  /** One Int32: the index of the next range nobody has taken (Atomics.add takes one). */
  next: SharedArrayBuffer;
  /**
   * Read the times of the lines passed over too (see PassedNewest), with the file's modification time; `native`: in C,
   * the reading chosen (nativeLineTimes's `which`), compiled under the process's COMPILE_LOCK if compiled.
   */
  times?: { fallback: Fallback; native: { lock: SharedArrayBuffer; which: NativeChoice } | undefined };
}

/** One range's picked lines (see PickedLines). */
export interface CandidatePart {
  index: number;
  lines: PickedLines;
}

const scratch = new Uint8Array(PAGE_BYTES);
const buffer = Buffer.allocUnsafe(RANGE_CHUNK_BYTES);

answerJobs<CandidateJob, null, CandidatePart>(async ({ path, ranges, literals, excluded, maxBytes, next, times }, post) => {
  const counter = new Int32Array(next);
  const budget = { left: maxBytes };
  const wanted = literals.map((l) => Buffer.from(l));
  const unwanted = excluded.map((l) => Buffer.from(l));
  const passed = times ? { fallback: times.fallback, native: times.native ? nativeLineTimes(times.native.lock, times.native.which) : undefined } : undefined;
  for (;;) {
    const index = Atomics.add(counter, 0, 1);
    if (index >= ranges.length) break;
    const lines = await pickRange(path, ranges[index]!, wanted, unwanted, budget, buffer, scratch, undefined, passed);
    // Not held back: what a helper keeps is bounded by maxBytes, and the main thread takes the parts as they come.
    void post({ index, lines }, lines ? [...lines.pages, ...(lines.passed?.before ?? [])].map((p) => p.buffer as ArrayBuffer) : undefined);
    if (lines === null) break;
  }
  return { answer: null };
});

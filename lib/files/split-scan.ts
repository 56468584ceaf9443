// Scans one big plain file on several threads: byte ranges cut at line starts, the first on this thread, results merged in file order.
import { stat } from "node:fs/promises";
import { helpersWanted, lineRanges, type ByteRange, type SplitOptions } from "../util/line-ranges.ts";
import { runKeptWorker, runWorker, withWorkers } from "../util/worker-threads.ts";
import { literalOfRegex } from "../expect/regex.ts";
import { type ContentResult, type ContentSpec, mergeContentResults, runContentProbes } from "./content-probes.ts";
import type { RangeAnswer, RangeJob } from "./range-worker.ts";
import { probeFile, probeRange, refuseWideText } from "./scan.ts";
import { compressionOfFile, isGzipPath } from "../util/read-chunks.ts";

const RANGE_WORKER = new URL("./range-worker.ts", import.meta.url);

/**
 * Runs the spec's probes over the file and returns their results and the bytes read. A plain file of at least
 * `minBytes` is split across the helper threads free in the budget; otherwise (or for .gz) one pass on this thread.
 */
export async function probeContent(path: string, spec: ContentSpec, signal?: AbortSignal, options: SplitOptions = {}): Promise<{ result: ContentResult; bytes: number }> {
  const onDisk = (await stat(path)).size;
  const gzipName = isGzipPath(path);
  // Cut into ranges, a file in UTF-16 is read as bytes without the look at its start that refuses it (probeFile).
  if (!gzipName && onDisk > 0) refuseWideText(path);
  // A regular expression can take time growing with the square of a line's length (`.*out of memory` on a progress
  // bar's 200 KB line: 26 s), which no deadline or signal interrupts on the thread running it: every part of such a
  // file is read on helper threads, and this thread, only waiting, keeps the step's timeout and Ctrl-C. A gzip file of
  // any size: 4 KB of it inflated to a 1.6 MB line.
  const offThread = spec.regexes.some((r) => literalOfRegex(r) === undefined) && (gzipName ? onDisk > 0 : onDisk >= (options.offThreadMinBytes ?? OFF_THREAD_MIN_BYTES));
  let size = gzipName ? 0 : onDisk;
  // Compressed bytes (gzip without a .gz name, or another compressor) are no lines to cut into ranges: one pass, which
  // decompresses gzip and refuses the others (probeFile).
  if (size > 0 && helpersWanted(size, options) > 0 && compressionOfFile(path) !== undefined) size = 0;
  // A literal holding a newline may lie across the cut between two ranges, where neither range sees it whole: such a
  // spec is read in one pass (`not_contains: "BEGIN\nEND"` passed on a 130 MiB file holding it across the cut).
  const spansLines = spec.literals.some((l) => l.includes("\n"));
  return withWorkers(spansLines ? 0 : helpersWanted(size, options), async (helpers) => {
    const ranges = helpers ? await lineRanges(path, size, helpers + 1) : [];
    if (ranges.length >= 2) return await probeRanges(path, ranges, spec, signal, offThread);
    if (offThread) return await runKeptWorker<RangeJob, RangeAnswer>(RANGE_WORKER, { path, spec }, signal);
    return await runContentProbes(spec, (probes) => probeFile(path, probes, signal));
  });
}

/**
 * The first range on this thread (`allOnHelpers`: on a helper thread too), the others each on a helper thread; all stop
 * when one fails or the signal fires.
 */
async function probeRanges(path: string, ranges: readonly ByteRange[], spec: ContentSpec, signal?: AbortSignal, allOnHelpers = false): Promise<RangeAnswer> {
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const onHelper = (range: ByteRange) => (allOnHelpers ? runKeptWorker<RangeJob, RangeAnswer> : runWorker<RangeJob, RangeAnswer>)(RANGE_WORKER, { path, range, spec }, both);
  const helpers = (allOnHelpers ? ranges : ranges.slice(1)).map(onHelper);
  helpers.forEach((h) => h.catch(() => {}));
  const merged = (all: RangeAnswer[]) => ({ result: mergeContentResults(all.map((a) => a.result)), bytes: all.reduce((s, a) => s + a.bytes, 0) });
  try {
    if (allOnHelpers) return merged(await Promise.all(helpers));
    let allDone = false;
    const first = await runContentProbes(spec, async (probes) => {
      const bytes = await probeRange(path, ranges[0]!, probes, both);
      allDone = probes.bytes.every((p) => p.done) && probes.text.every((p) => p.done);
      return bytes;
    });
    // Every probe done here (each literal found): the later ranges cannot change the answer.
    if (allDone) {
      stop.abort();
      return first;
    }
    return merged([first, ...(await Promise.all(helpers))]);
  } catch (err) {
    stop.abort();
    throw signal?.aborted ? signal.reason : err;
  }
}

/** Files at least this big whose content checks hold a regular expression are read on helper threads (see probeContent). */
export const OFF_THREAD_MIN_BYTES = 32 * 1024;

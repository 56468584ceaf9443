// Thread entry: runs the content probes of a files step over one byte range of a file and answers with their results.
import { answerJobs } from "../util/worker-threads.ts";
import type { ByteRange } from "../util/line-ranges.ts";
import { type ContentResult, type ContentSpec, runContentProbes } from "./content-probes.ts";
import { probeFile, probeRange } from "./scan.ts";

export interface RangeJob {
  path: string;
  /** The byte range to read; none: the whole file, as one pass on the main thread reads it (gzip decompressed). */
  range?: ByteRange;
  spec: ContentSpec;
}

/** The range's results and how many of its bytes were read (fewer when every probe finished early). */
export interface RangeAnswer {
  result: ContentResult;
  bytes: number;
}

answerJobs<RangeJob, RangeAnswer>(async ({ path, range, spec }) => ({
  answer: await runContentProbes(spec, (probes) => (range ? probeRange(path, range, probes) : probeFile(path, probes))),
}));

// Thread entry: runs the content probes of a files step over one byte range of a file and answers with their results.
import { answerJobs } from "../util/worker-threads.ts";
import type { ByteRange } from "../util/line-ranges.ts";
import { type ContentResult, type ContentSpec, runContentProbes } from "./content-probes.ts";
import { probeRange } from "./scan.ts";

export interface RangeJob {
  path: string;
  range: ByteRange;
  spec: ContentSpec;
}

/** The range's results and how many of its bytes were read (fewer when every probe finished early). */
export interface RangeAnswer {
  result: ContentResult;
  bytes: number;
}

answerJobs<RangeJob, RangeAnswer>(async ({ path, range, spec }) => ({
  answer: await runContentProbes(spec, (probes) => probeRange(path, range, probes)),
}));

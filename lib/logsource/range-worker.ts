// Thread entry: picks the lines of one byte range of a log file that hold a required literal (and no excluded one), and answers with their raw bytes.
import { type ByteRange, readRange } from "../util/line-ranges.ts";
import { answerJobs } from "../util/worker-threads.ts";
import { CandidateLines } from "./candidate-lines.ts";

export interface CandidateJob {
  path: string;
  range: ByteRange;
  literals: string[];
  excluded: string[];
  /** Most bytes of lines to send back; more and the answer is null (the caller reads the range itself). */
  maxBytes: number;
}

/** The picked lines, each ending with a newline; null when they exceeded maxBytes. */
export type CandidateAnswer = ArrayBuffer | null;

const NEWLINE = Buffer.from("\n");

class TooMany extends Error {}

answerJobs<CandidateJob, CandidateAnswer>(async ({ path, range, literals, excluded, maxBytes }) => {
  const parts: Buffer[] = [];
  let size = 0;
  const keep = (buf: Buffer, start: number, end: number) => {
    size += end - start + 1;
    if (size > maxBytes) throw new TooMany();
    parts.push(Buffer.from(buf.subarray(start, end)), NEWLINE);
  };
  const lines = new CandidateLines(
    literals.map((l) => Buffer.from(l)),
    { line: keep, block: () => {} },
    excluded.map((l) => Buffer.from(l)),
  );
  try {
    for await (const chunk of readRange(path, range)) lines.push(chunk);
    lines.end();
  } catch (err) {
    if (err instanceof TooMany) return { answer: null };
    throw err;
  }
  const out = Buffer.concat(parts, size);
  const copy = out.buffer.slice(out.byteOffset, out.byteOffset + out.byteLength) as ArrayBuffer;
  return { answer: copy, transfer: [copy] };
});

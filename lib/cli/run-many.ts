// Runs several scenario files, up to --jobs at a time; prints each concurrent run's output whole, then one combined summary.
import { resolve } from "node:path";
import type { Io } from "./io.ts";
import { EXIT } from "../exit-codes.ts";
import { shownPath } from "./shown-path.ts";
import type { RunRecord } from "../report/run-record.ts";
import { type FileOutcome, type FileStatus, combinedSummaryMarkdown, summaryLines, writeSummary } from "../report/files-summary.ts";
import { unrunAnnotations } from "../report/github-annotations.ts";
import { notCommands } from "../report/workflow-commands.ts";
import { appendStepSummary } from "../report/markdown.ts";
import { NotRegularFile } from "../util/regular-file.ts";
import { PartlyWritten } from "../report/multiplexer.ts";
import { removeStaleLatest } from "./stale-latest.ts";

export interface FileRun {
  file: string;
  scenario: string;
  runId: string;
  /** The file's path in its git checkout, when it is in one (where a GitHub annotation points). */
  repoPath?: string;
  /** Runs the file with its console output going to io; resolves to its exit code, record and report paths. */
  run(io: Io): Promise<{ code: number; record?: RunRecord; reports: string[]; refused?: string }>;
}

/** How bad an exit code is: invalid (2) > interrupted (130) > failed (1) > passed (0). */
const SEVERITY: Record<number, number> = { [EXIT.ok]: 0, [EXIT.failed]: 1, [EXIT.interrupted]: 2, [EXIT.invalid]: 3 };

/** The worst of several exit codes by SEVERITY. */
export function worstExit(codes: readonly number[]): number {
  return codes.reduce((worst, c) => ((SEVERITY[c] ?? 3) > (SEVERITY[worst] ?? 3) ? c : worst), EXIT.ok as number);
}

const STATUS: Record<number, FileStatus> = { [EXIT.ok]: "passed", [EXIT.failed]: "failed", [EXIT.interrupted]: "interrupted", [EXIT.invalid]: "invalid" };

/**
 * An Io whose stdout and stderr are kept until flush(), so a concurrent run's lines come out together, in the order
 * they were written: stderr printed whole before stdout put a run's last lines (`stopped after the run: …`, written
 * after its `reports:` line) above its `▶` header, under the block of the run printed before it, where 2>&1 merges them.
 */
function bufferedIo(io: Io, mask: (text: string) => string): { io: Io; flush(): void } {
  // Consecutive writes to one stream are one chunk: a secret written in two parts is masked whole.
  const chunks: { err: boolean; text: string }[] = [];
  const add = (err: boolean, s: string) => {
    const last = chunks[chunks.length - 1];
    if (last?.err === err) last.text += s;
    else chunks.push({ err, text: s });
  };
  return {
    io: { ...io, stdout: { write: (s: string) => add(false, s), isTTY: io.stdout.isTTY }, stderr: { write: (s: string) => add(true, s), isTTY: io.stderr.isTTY } },
    // Masked again as it is printed: a secret another file captured while this one ran was unknown when its lines were made.
    flush() {
      for (const { err, text } of chunks) (err ? io.stderr : io.stdout).write(mask(text));
    },
  };
}

export interface RunManyOptions {
  jobs: number;
  io: Io;
  /** Fired by the first Ctrl-C: every running file stops and tears down; no file starts after it. */
  interrupt: AbortSignal;
  reportDir: string;
  startedAt: Date;
  /** Masks every secret of every file: a file's name or a refusal may hold another file's secret. */
  mask?: (text: string) => string;
  /** Masks a file's record again with every secret known at the end (one another file captured after it ended). */
  remask?: (record: RunRecord) => void;
}

/** Runs every file; returns the worst exit code. The combined summary is printed (even with --quiet) and written. */
export async function runMany(files: readonly FileRun[], opts: RunManyOptions): Promise<number> {
  const { io } = opts;
  const outcomes: FileOutcome[] = files.map((f) => ({ file: f.file, scenario: f.scenario, status: "not run", exitCode: EXIT.interrupted, runId: f.runId, reports: [], ...(f.repoPath !== undefined ? { repoPath: f.repoPath } : {}) }));
  let next = 0;
  const worker = async () => {
    while (next < files.length && !opts.interrupt.aborted) {
      const i = next++;
      const f = files[i]!;
      const buffer = opts.jobs > 1 ? bufferedIo(io, opts.mask ?? ((t) => t)) : undefined;
      try {
        const r = await f.run(buffer?.io ?? io);
        const reports = r.reports.map((p) => shownPath(io.cwd, p));
        // latest.* now hold this run's reports: they are no longer those of a file that finished before it.
        const latest = new Set(reports.filter((p) => /(^|[\\/])latest\.[^\\/]+$/.test(p)));
        for (const o of outcomes) if (latest.size > 0) o.reports = o.reports.filter((p) => !latest.has(p));
        // A run that ended keeps its status when a report of it could not be written (exit 2): it was not refused.
        const status = r.record?.status ?? STATUS[r.code] ?? "invalid";
        outcomes[i] = { ...outcomes[i]!, status, exitCode: r.code, record: r.record, reports, ...(r.refused !== undefined ? { refused: r.refused } : {}) };
      } finally {
        buffer?.flush();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.jobs, files.length) }, worker));
  for (const o of outcomes) if (o.record) opts.remask?.(o.record);
  const exitCode = worstExit(outcomes.map((o) => o.exitCode));
  const wallMs = Date.now() - opts.startedAt.getTime();
  // The records are masked; a file's name, scenario name, report paths or refusal may hold another file's secret too.
  const mask = opts.mask ?? ((t: string) => t);
  const shown = outcomes.map((o) => ({
    ...o, file: mask(o.file), scenario: mask(o.scenario), reports: o.reports.map(mask),
    ...(o.refused !== undefined ? { refused: mask(o.refused) } : {}), ...(o.repoPath !== undefined ? { repoPath: mask(o.repoPath) } : {}),
  }));
  let written: readonly string[];
  let unwritten: string | undefined;
  try {
    written = await writeSummary(resolve(io.cwd, opts.reportDir), shown, wallMs, exitCode, opts.startedAt);
  } catch (error) {
    // As for a file's own reports: said on stderr, the rest still listed, and exit 2. It crashed with a stack trace
    // (exit 1 whatever the files' verdicts) before the summary was printed, and left the formats after it unwritten.
    written = error instanceof PartlyWritten ? error.written : [];
    unwritten = error instanceof PartlyWritten ? error.message : `the combined summary could not be written: ${(error as Error).message}`;
  }
  const problems = unwritten === undefined ? [] : [unwritten];
  // The step summary ends with every file's outcome and the invocation's exit code: it showed the reports of the files
  // that ran alone, a page of passes for a job that exited 2 (a file refused before its first step) or 130.
  const stepSummary = io.env.GITHUB_STEP_SUMMARY || undefined;
  if (stepSummary) {
    const code = worstExit([exitCode, ...(problems.length ? [EXIT.invalid] : [])]);
    try {
      appendStepSummary(stepSummary, `${combinedSummaryMarkdown(shown, wallMs, code, opts.startedAt)}\n`, "The combined summary", pointerTo(written, io.cwd));
      written = [...written, stepSummary];
    } catch (error) {
      // As for a file's report: one that is no regular file (a FIFO would hold the run in open()) is skipped with a warning.
      if (error instanceof NotRegularFile) io.stderr.write(`warning: the GitHub step summary (GITHUB_STEP_SUMMARY ${stepSummary}) is ${error.kind}, not a regular file: the combined summary was not written to it\n`);
      else problems.push(`the GitHub step summary (GITHUB_STEP_SUMMARY ${stepSummary}) could not be written: ${(error as Error).message}`);
    }
  }
  // A file that never ran has no run to annotate it: the pull request showed only the files that did.
  if (io.env.GITHUB_ACTIONS === "true") for (const line of unrunAnnotations(shown)) io.stdout.write(`${line}\n`);
  // The table names the files, the last line the summary's: plain text as the console's lines are (the annotations above are meant).
  io.stdout.write(notCommands(`\n${summaryLines(shown, wallMs).join("\n")}\n${written.length ? `summary: ${written.map((p) => shownPath(io.cwd, p)).join(", ")}\n` : ""}`));
  if (written.some((p) => p !== stepSummary)) removeStaleLatest(resolve(io.cwd, opts.reportDir), opts.startedAt, io);
  if (!problems.length) return exitCode;
  for (const p of problems) io.stderr.write(`scenario: ${p}\n`);
  return worstExit([exitCode, EXIT.invalid]);
}

/** Where a combined summary left out of the step summary is: its latest-summary.md, else the console's table. */
function pointerTo(written: readonly string[], cwd: string): string {
  const md = written.find((p) => p.endsWith("latest-summary.md")) ?? written.find((p) => p.endsWith(".md"));
  return md ? shownPath(cwd, md) : "the console output";
}

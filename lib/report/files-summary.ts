// The combined summary of several scenario files run in one invocation: console lines and summary-<stamp>.md/.json/.xml.
import { closeSync, mkdirSync, openSync, rmSync } from "node:fs";
import { basename, join } from "node:path";
import { PartlyWritten } from "./multiplexer.ts";
import type { Totals } from "../engine/events.ts";
import { junitTree, unrunSuite } from "./junit.ts";
import { mdFence, mdText } from "./markdown-text.ts";
import { clipBlockHead, clipCounted } from "../util/clip.ts";
import { utcStamp } from "./names.ts";
import { type RunRecord, allStepViews, countTotals, runDuration, runStatus } from "./run-record.ts";
import { serializeXml, type XmlElement } from "./xml.ts";
import { writeAtomic } from "./write-atomic.ts";
import { EXIT } from "../exit-codes.ts";

/** How one file of the invocation ended. "invalid": refused before running (exit 2); "not run": an interrupt came first. */
export type FileStatus = "passed" | "failed" | "interrupted" | "invalid" | "not run";

export interface FileOutcome {
  /** The scenario file as the user named it (relative to cwd when inside it). */
  file: string;
  scenario: string;
  status: FileStatus;
  exitCode: number;
  runId: string;
  /** The run as the reports saw it; absent when the file never ran. */
  record?: RunRecord;
  /** Paths of this file's own reports, relative to cwd. */
  reports: string[];
  /** Why the file was refused before its first step (secrets masked), as stderr said it: "invalid" alone told a CI reader nothing. */
  refused?: string;
  /** The file's path in its git checkout, when it is in one: where a GitHub annotation points. */
  repoPath?: string;
}

/** A refusal in the JUnit message is its first line cut as a failed step's message is; the body and Markdown block keep this much of it. */
const MESSAGE_MAX = 200;
const REFUSED_BODY = 2000;

function totalsOf(o: FileOutcome): Totals {
  return o.record ? countTotals(allStepViews(o.record)) : { passed: 0, failed: 0, skipped: 0, interrupted: 0 };
}

function durationOf(o: FileOutcome, now: Date): number {
  return o.record ? runDuration(o.record, now) : 0;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function countsText(t: Totals): string {
  return `${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.interrupted ? `, ${t.interrupted} interrupted` : ""}`;
}

/**
 * Why a file failed when none of its steps did: its crossed thresholds, or no step that checks anything ran. The
 * summary said "failed … 0 failed" and left the reader to open the file's own report.
 */
function failedWhy(o: FileOutcome): string {
  if (o.status !== "failed" || !o.record || totalsOf(o).failed > 0) return "";
  const crossed = (o.record.thresholds ?? []).filter((t) => !t.ok).length;
  return crossed > 0 ? `${crossed} threshold${crossed === 1 ? "" : "s"} crossed` : "no step that checks anything ran";
}

/**
 * A file whose run ended but a report of which could not be written exits 2 and keeps its run's status: it was counted
 * "invalid", which says refused before its first step, for a run that passed or failed.
 */
function unwritten(o: FileOutcome): boolean {
  return o.record !== undefined && o.exitCode === EXIT.invalid;
}

/** What the console and Markdown add after a file's status: why it failed, and a report it could not write. */
function statusNote(o: FileOutcome): string {
  return [failedWhy(o), unwritten(o) ? "a report could not be written: exit 2" : ""].filter(Boolean).join("; ");
}

/** "3 files: 2 passed, 1 failed" — only the statuses that occur. */
function overallText(outcomes: readonly FileOutcome[]): string {
  const order: FileStatus[] = ["passed", "failed", "interrupted", "invalid", "not run"];
  const parts = order.map((s) => [s, outcomes.filter((o) => o.status === s).length] as const).filter(([, n]) => n > 0);
  return `${outcomes.length} file${outcomes.length === 1 ? "" : "s"}: ${parts.map(([s, n]) => `${n} ${s}`).join(", ")}`;
}

/** The console's closing table: one line per file, in the order given. */
export function summaryLines(outcomes: readonly FileOutcome[], wallMs: number, now: Date = new Date()): string[] {
  const width = Math.max(...outcomes.map((o) => o.file.length));
  const lines = [`summary — ${overallText(outcomes)} (${seconds(wallMs)})`];
  for (const o of outcomes) {
    const why = statusNote(o);
    const counts = o.record ? `${countsText(totalsOf(o))}${why ? ` (${why})` : ""}  ${seconds(durationOf(o, now))}` : "";
    lines.push(`  ${o.status.padEnd(11)} ${o.file.padEnd(width)}  ${counts}`.trimEnd());
  }
  return lines;
}

/** Why the summary's exit code is 2 when every file's is less. */
function unwrittenText(names: readonly string[]): string {
  return `${names.join(", ")} of this summary could not be written`;
}

function markdown(outcomes: readonly FileOutcome[], wallMs: number, exitCode: number, startedAt: Date, now: Date, notWritten: readonly string[]): string {
  const cell = mdText;
  const lines = [
    `# Scenario summary`,
    ``,
    `${overallText(outcomes)} · exit code ${exitCode}${notWritten.length ? ` (${unwrittenText(notWritten)})` : ""} · started ${startedAt.toISOString()} · ${seconds(wallMs)}`,
    ``,
    `| Status | File | Scenario | Passed | Failed | Skipped | Interrupted | Duration | Run | Report |`,
    `|---|---|---|---:|---:|---:|---:|---:|---|---|`,
  ];
  for (const o of outcomes) {
    const t = totalsOf(o);
    const md = o.reports.find((r) => r.endsWith(".md") && !r.endsWith("latest.md")) ?? "";
    const why = statusNote(o);
    lines.push(`| ${o.status}${why ? ` (${why})` : ""} | ${cell(o.file)} | ${cell(o.scenario)} | ${t.passed} | ${t.failed} | ${t.skipped} | ${t.interrupted} | ${seconds(durationOf(o, now))} | ${o.runId} | ${cell(md)} |`);
  }
  const refused = outcomes.filter((o) => o.refused !== undefined);
  if (refused.length > 0) {
    lines.push("", "## Refused before the first step");
    for (const o of refused) lines.push("", `### ${cell(o.file)}`, "", ...mdFence(clipBlockHead(o.refused!, REFUSED_BODY)));
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The combined summary as latest-summary.md holds it: appended to the GitHub step summary too, which showed only the files
 * that ran (a file refused before its first step, or not run after a Ctrl-C, was not there: a page of passes for exit 2 or 130).
 */
export function combinedSummaryMarkdown(outcomes: readonly FileOutcome[], wallMs: number, exitCode: number, startedAt: Date, now: Date = new Date()): string {
  return markdown(outcomes, wallMs, exitCode, startedAt, now, []);
}

function json(outcomes: readonly FileOutcome[], wallMs: number, exitCode: number, startedAt: Date, now: Date, notWritten: readonly string[]) {
  return {
    version: 1,
    startedAt: startedAt.toISOString(),
    durationMs: wallMs,
    exitCode,
    ...(notWritten.length ? { summaryUnwritten: notWritten } : {}),
    files: outcomes.map((o) => {
      const why = failedWhy(o);
      return {
        file: o.file,
        scenario: o.scenario,
        status: o.status,
        exitCode: o.exitCode,
        runId: o.runId,
        runStatus: o.record ? runStatus(o.record) : undefined,
        ...(why ? { failedBecause: why } : {}),
        ...(unwritten(o) ? { reportsUnwritten: true } : {}),
        ...(o.refused !== undefined ? { refused: o.refused } : {}),
        totals: totalsOf(o),
        durationMs: durationOf(o, now),
        reports: o.reports,
      };
    }),
  };
}

/**
 * The combined JUnit: each run's suite, and for a file that never ran (an interrupt came first) or was refused, a suite
 * of one test in error, so a JUnit reader sees it as not passed instead of not seeing it at all (the Markdown and JSON
 * summaries list it too).
 */
function summaryJunit(outcomes: readonly FileOutcome[], now: Date): XmlElement {
  const unrun = outcomes.filter((o) => !o.record).map((o) =>
    o.refused !== undefined
      ? unrunSuite(o.scenario, o.file, o.status, clipCounted(`${o.status}: ${o.refused.split("\n")[0]}`, MESSAGE_MAX), clipBlockHead(o.refused, REFUSED_BODY))
      : unrunSuite(o.scenario, o.file, o.status, o.status === "not run" ? "not run: the invocation was interrupted before this file started" : `${o.status}: the file did not run`));
  return junitTree(outcomes.flatMap((o) => (o.record ? [o.record] : [])), now, unrun);
}

/**
 * A summary's file stem no other invocation has taken: `summary-<stamp>`, or with `-2`, `-3`, … when another started in
 * the same second (two shards, say), whose summary was overwritten. Taken by creating its .md exclusively (the write
 * replaces it), so two invocations at once never pick the same.
 */
function claimSummaryStem(reportDir: string, base: string): string {
  mkdirSync(reportDir, { recursive: true });
  for (let n = 1; ; n++) {
    const stem = n === 1 ? base : `${base}-${n}`;
    try {
      closeSync(openSync(join(reportDir, `${stem}.md`), "wx"));
      return stem;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
}

/**
 * Writes summary-<stamp>.md/.json/.xml and latest-summary.* into reportDir; returns the stamped paths and the latest ones.
 * A file that cannot be written makes the invocation exit 2: the ones written are then written again with exit code 2 and
 * the files not written named (they recorded the files' exit code, 0 or 1, for a process that exited 2).
 */
export async function writeSummary(reportDir: string, outcomes: readonly FileOutcome[], wallMs: number, exitCode: number, startedAt: Date, now: Date = new Date()): Promise<string[]> {
  const docs = (code: number, unwritten: readonly string[]): [string, string][] => [
    ["md", markdown(outcomes, wallMs, code, startedAt, now, unwritten)],
    ["json", `${JSON.stringify(json(outcomes, wallMs, code, startedAt, now, unwritten), null, 2)}\n`],
    ["xml", serializeXml(summaryJunit(outcomes, now))],
  ];
  const stem = claimSummaryStem(reportDir, `summary-${utcStamp(startedAt)}`);
  const first = await writeEach(reportDir, stem, docs(exitCode, []), () => true);
  if (first.failed.length === 0) return first.written;
  // Written again with the exit code the process exits with, and only where the first pass wrote (a path that failed once is left).
  const names = first.failed.map(([name]) => name);
  const again = await writeEach(reportDir, stem, docs(EXIT.invalid, names), (path) => first.written.includes(path));
  const failed = [...first.failed, ...again.failed].map(([name, why]) => `${name}: ${why}`);
  throw new PartlyWritten(`the combined summary could not be written (${failed.join("; ")})`, again.written);
}

/** Writes each document as <stem>.<ext> and latest-summary.<ext> where `wanted`; a file that fails is removed (not left stale). */
async function writeEach(reportDir: string, stem: string, docs: readonly [string, string][], wanted: (path: string) => boolean): Promise<{ written: string[]; failed: [string, string][] }> {
  const written: string[] = [];
  const failed: [string, string][] = [];
  for (const [ext, text] of docs) {
    const stamped = join(reportDir, `${stem}.${ext}`);
    const latest = join(reportDir, `latest-summary.${ext}`);
    for (const path of [stamped, latest]) {
      if (!wanted(path)) continue;
      // Each format is still tried, and a latest-summary.<ext> this invocation could not write is removed: left, it
      // showed the invocation before (its verdict) as the latest; the exception left the other formats unwritten too.
      // latest-summary.<ext> is a copy of the stamped file: none without it.
      if (path === latest && !written.includes(stamped)) {
        removeFile(path);
        continue;
      }
      try {
        await writeAtomic(path, text);
        written.push(path);
      } catch (error) {
        removeFile(path);
        failed.push([basename(path), (error as Error).message]);
      }
    }
  }
  return { written, failed };
}

/** Removes a file of ours that could not be written; a directory of that name is not ours, and stays. */
function removeFile(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // A directory: nothing of ours to remove.
  }
}

// The JUnit XML reporter: testsuites > testsuite per scenario run > testcase per step, built as a tree and written once.
import { join } from "node:path";
import type { Detail } from "../core/detail.ts";
import { capturedNotKept, checkLine, failureCause, interruptCause, observedText } from "./format.ts";
import { clipCounted } from "../util/clip.ts";
import { reportStem, writeRunReport, writeWithLatest } from "./names.ts";
import { type RunRecord, type StepView, allStepViews, countTotals, interruptedBetweenSteps, runDuration, runStatus } from "./run-record.ts";
import { type XmlElement, serializeXml } from "./xml.ts";
import { writeAtomic } from "./write-atomic.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";
import { groupFacts, runSummary, thresholdObserved } from "./summary.ts";
import { warningLines } from "../core/warnings.ts";
import type { ThresholdResult } from "../metrics/threshold-result.ts";

export interface JunitReporterOptions extends CollectedRuns {
  /** Directory of the report file (the CLI's --report-dir). */
  reportDir: string;
  /** Added to the file name ("<slug>-<stamp>-<suffix>"): the run id when several files run at once. */
  nameSuffix?: string;
  /** Clock for the duration of a run that never ended (tests). */
  now?: () => Date;
}

/** Longest actual value in a failure message; the body holds up to ACTUAL_BODY. */
const MESSAGE_MAX = 200;
const ACTUAL_BODY = 2000;

export class JunitReporter extends RunReporter<JunitReporterOptions> {
  readonly name = "junit";

  async finish(): Promise<string[]> {
    const runs = this.runs;
    const first = runs[0];
    if (!first) return [];
    const now = (this.options.now ?? (() => new Date()))();
    // Encoded once for both files.
    const xml = Buffer.from(serializeXml(junitTree(runs, now)));
    const written: string[] = [];
    if (runs.length === 1) await writeRunReport(first, this.options.reportDir, ".xml", xml, this.options.nameSuffix, written);
    else {
      // Several files at once: one document for all, named for the invocation.
      const file = join(this.options.reportDir, `${reportStem("scenarios", first.startedAt, this.options.nameSuffix)}.xml`);
      await writeWithLatest(this.options.reportDir, ".xml", xml, written, async () => {
        await writeAtomic(file, xml);
        return file;
      });
    }
    return written;
  }
}

/** The whole document as data. */
export function junitTree(runs: readonly RunRecord[], now: Date = new Date(), more: readonly XmlElement[] = []): XmlElement {
  const suites = [...runs.map((run) => suite(run, now)), ...more];
  uniqueCaseNames(suites);
  const sum = (key: string) => suites.reduce((n, s) => n + Number(s.attrs?.[key] ?? 0), 0);
  const time = runs.reduce((n, r) => n + runDuration(r, now), 0);
  return {
    name: "testsuites",
    attrs: { name: "scenario", tests: sum("tests"), failures: sum("failures"), errors: sum("errors"), skipped: sum("skipped"), time: seconds(time) },
    children: suites,
  };
}

/**
 * Gives each test case a name no other of the document has with its class name: a repeated one gets " (2)", " (3)", ….
 * GitLab keys a job's test cases by class name and name (across every suite of the file), so two failed steps named
 * "check" counted as one failure, and Jenkins and GitHub's reporters link a test by that pair too.
 */
function uniqueCaseNames(suites: readonly XmlElement[]): void {
  const seen = new Set<string>();
  for (const suite of suites) {
    if (!Array.isArray(suite.children)) continue;
    for (const c of suite.children) {
      if (c.name !== "testcase" || !c.attrs) continue;
      const name = String(c.attrs.name);
      const key = (n: string) => `${String(c.attrs!.classname)}\u0000${n}`;
      let unique = name;
      for (let n = 2; seen.has(key(unique)); n++) unique = `${name} (${n})`;
      seen.add(key(unique));
      c.attrs.name = unique;
    }
  }
}

/**
 * A scenario file that did not run (an interrupt came first, or it was refused) as a suite of one test in error: a JUnit
 * reader counts it as not passed instead of not seeing it at all.
 */
export function unrunSuite(scenario: string, file: string, type: string, message: string, body?: string): XmlElement {
  return {
    name: "testsuite",
    attrs: { name: scenario, tests: 1, failures: 0, errors: 1, skipped: 0, time: "0.000", file },
    children: [{ name: "testcase", attrs: { name: scenario, classname: file, time: "0.000" }, children: [{ name: "error", attrs: { message, type }, ...(body !== undefined ? { children: body } : {}) }] }],
  };
}

function suite(run: RunRecord, now: Date): XmlElement {
  const steps = allStepViews(run);
  const totals = countTotals(steps);
  const props: [string, string | undefined][] = [
    ["status", runStatus(run)],
    ["run id", run.runId],
    ["file", run.file],
    ["description", run.description],
    ...run.info,
    ...groupFacts(runSummary(run, now).total),
  ];
  const thresholds = run.thresholds ?? [];
  const stopped = stoppedBetweenSteps(run, steps, totals.interrupted);
  return {
    name: "testsuite",
    attrs: {
      name: run.scenario,
      tests: steps.length + thresholds.length + stopped.length,
      failures: totals.failed + thresholds.filter((t) => !t.ok).length,
      // A stopped step did not complete: JUnit's <error>, which consumers count as not passed, unlike <skipped>.
      errors: totals.interrupted + stopped.length,
      skipped: totals.skipped,
      time: seconds(runDuration(run, now)),
      timestamp: run.startedAt.toISOString().replace(/\.\d+Z$/, "Z"),
      file: run.file,
    },
    children: [
      { name: "properties", children: props.filter(([, v]) => v !== undefined).map(([name, value]) => ({ name: "property", attrs: { name, value } })) },
      ...steps.map(testcase),
      ...thresholds.map(thresholdCase),
      ...stopped,
    ],
  };
}

/**
 * An interrupt that came when no step was running (before the first, or between two) stops no step: the steps it kept
 * from running are skipped, and the suite read "0 failures, 0 errors", as a run with nothing wrong. One test case in
 * error says the run was interrupted, as the combined summary's suite of a file that never ran does. So does one that
 * came after the main steps (during teardown, which a first interrupt lets finish, or the cleanup): the run exits 130
 * and every other record says interrupted, where the suite alone read as passed.
 */
function stoppedBetweenSteps(run: RunRecord, steps: readonly StepView[], interrupted: number): XmlElement[] {
  if (runStatus(run) !== "interrupted" || interrupted > 0) return [];
  const message = interruptedBetweenSteps(steps);
  return [{ name: "testcase", attrs: { name: run.scenario, classname: run.file, time: "0.000" }, children: [{ name: "error", attrs: { message, type: "interrupted" } }] }];
}

function testcase(s: StepView): XmlElement {
  const children: XmlElement[] = [];
  if (s.step.tags.length > 0) {
    children.push({ name: "properties", children: s.step.tags.map((value) => ({ name: "property", attrs: { name: "tag", value } })) });
  }
  if (s.status === "failed") children.push(failure(s));
  if (s.status === "skipped") children.push({ name: "skipped", attrs: { message: s.reason } });
  if (s.status === "interrupted") children.push(interrupted(s));
  const out = systemOut(s);
  if (out) children.push({ name: "system-out", children: out });
  return {
    name: "testcase",
    attrs: {
      name: s.step.phase === "teardown" ? `teardown: ${s.step.name}` : s.step.name,
      classname: s.step.service ?? s.step.kind,
      time: seconds(s.durationMs ?? 0),
    },
    children,
  };
}

function failure(s: StepView): XmlElement {
  const r = s.result;
  const failed = r?.checks.filter((c) => !c.ok) ?? [];
  const lines = failed.map((c) => checkLine(c, ACTUAL_BODY));
  if (r?.error) lines.push(`error: ${r.error}`);
  if (s.reason) lines.push(`reason: ${s.reason}`);
  if (s.attemptCount > 1) lines.push(`after ${s.attemptCount} attempts`);
  const message = failureCause(r, s.reason, MESSAGE_MAX);
  return { name: "failure", attrs: { message, type: r?.error ? "error" : "expectation" }, children: lines.join("\n") };
}

/** A step Ctrl-C or SIGTERM stopped: an error (neither passed nor failed) saying what its cut attempt gave. */
function interrupted(s: StepView): XmlElement {
  const r = s.result;
  const lines = (r?.checks.filter((c) => !c.ok) ?? []).map((c) => checkLine(c, ACTUAL_BODY));
  if (r?.error) lines.push(`error: ${r.error}`);
  if (s.attemptCount > 1) lines.push(`after ${s.attemptCount} attempts`);
  const message = clipCounted(interruptCause(r), MESSAGE_MAX);
  return { name: "error", attrs: { message, type: "interrupted" }, ...(lines.length ? { children: lines.join("\n") } : {}) };
}

function systemOut(s: StepView): string {
  const r = s.result;
  const parts: string[] = [];
  if (r?.summary) parts.push(r.summary);
  // A step that passed with a warning (a hold started over, a background process that failed) said nothing in JUnit.
  for (const line of warningLines(r?.warnings ?? [])) parts.push(`warning: ${line}`);
  if (r?.observed && Object.keys(r.observed).length > 0) parts.push(`observed: ${observedText(r.observed)}`);
  if (r?.captures && Object.keys(r.captures).length > 0) parts.push(`${s.status === "passed" ? "captured" : capturedNotKept}: ${observedText(r.captures)}`);
  const block = (d: Detail) => `--- ${d.title} ---\n${d.body.replace(/\n$/, "")}`;
  parts.push(...(r?.details ?? []).map(block), ...s.diagnostics.map(block));
  return parts.join("\n");
}

/** A threshold as a test case (as k6's JUnit summary has them): a crossed one fails with its observed value. */
function thresholdCase(t: ThresholdResult): XmlElement {
  const observed = thresholdObserved(t);
  const children: XmlElement[] = t.ok ? [{ name: "system-out", children: observed }] : [{ name: "failure", attrs: { message: `${t.key} '${t.expression}' crossed: ${observed}`, type: "threshold" }, children: observed }];
  return { name: "testcase", attrs: { name: `${t.key} ${t.expression}`, classname: "thresholds", time: "0.000" }, children };
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

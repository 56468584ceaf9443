// The JSON reporter: the whole run as data (steps, attempts, checks, observed values, captures, details), one file per run.
import type { StepResult } from "../core/step-result.ts";
import type { Check } from "../expect/matcher.ts";
import { writeRunReport } from "./names.ts";
import { type RunRecord, type StepView, allStepViews, countTotals, runDuration, runStatus } from "./run-record.ts";
import { tagRows } from "./tags.ts";
import { runSummary } from "./summary.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";

export interface JsonReporterOptions extends CollectedRuns {
  /** Directory of the report files (the CLI's --report-dir). */
  reportDir: string;
  /** Added to the file name ("<slug>-<stamp>-<suffix>"): the run id when several files run at once. */
  nameSuffix?: string;
  /** Clock for the duration of a run that never ended (tests). */
  now?: () => Date;
}

export class JsonReporter extends RunReporter<JsonReporterOptions> {
  readonly name = "json";

  async finish(): Promise<string[]> {
    const now = (this.options.now ?? (() => new Date()))();
    const written: string[] = [];
    for (const run of this.runs) {
      // Encoded once for both files.
      const bytes = Buffer.from(`${jsonText(runJson(run, now))}\n`);
      await writeRunReport(run, this.options.reportDir, ".json", bytes, this.options.nameSuffix, written);
    }
    return written;
  }
}

/** Version of the document's shape; bump it when a field changes meaning or goes away. */
export const JSON_REPORT_VERSION = 1;

/** One run as a plain object. A check whose actual value was missing has no `actual` key. */
export function runJson(run: RunRecord, now: Date = new Date()) {
  const steps = allStepViews(run);
  return {
    version: JSON_REPORT_VERSION,
    scenario: run.scenario,
    description: run.description,
    file: run.file,
    runId: run.runId,
    status: runStatus(run),
    startedAt: run.startedAt.toISOString(),
    endedAt: run.endedAt?.toISOString(),
    durationMs: runDuration(run, now),
    totals: countTotals(steps),
    info: Object.fromEntries(run.info),
    // Per tag (user story): its status, counts, the services of its failed steps and counts per service.
    tags: tagRows(steps).map((t) => ({
      tag: t.tag,
      status: t.status,
      ...t.totals,
      failedServices: t.failedServices,
      services: Object.fromEntries(t.services),
    })),
    summary: runSummary(run, now),
    thresholds: run.thresholds ?? [],
    steps: steps.map(stepJson),
  };
}

function stepJson(s: StepView) {
  return {
    number: s.number,
    index: s.step.index,
    phase: s.step.phase,
    name: s.step.name,
    kind: s.step.kind,
    service: s.step.service,
    tags: s.step.tags,
    status: s.status,
    reason: s.reason,
    started: s.started,
    interrupted: s.cut || s.status === "interrupted",
    attemptCount: s.attemptCount,
    durationMs: s.durationMs,
    ...resultJson(s.result),
    // Each attempt without its captures and details: those of the last attempt are on the step itself.
    attempts: s.attempts.map((a) => ({
      attempt: a.attempt,
      ok: a.ok,
      durationMs: a.durationMs,
      summary: a.result?.summary,
      error: a.result?.error,
      checks: a.result && checksJson(a.result.checks),
      observed: a.result?.observed,
    })),
    diagnostics: s.diagnostics,
  };
}

/** Checks as the document shows them: `empty` is the engine's own mark for `not` (a failed check says why in `actual`). */
function checksJson(checks: readonly Check[]): Omit<Check, "empty">[] {
  // NaN and ±Infinity (a body's 1e400, a sample's +Inf), which JSON writes as null, a value no server sent: by name.
  const named = (c: Check) => (typeof c.actual === "number" && !Number.isFinite(c.actual) ? { ...c, actual: String(c.actual) } : c);
  if (!checks.some((c) => c.empty || (typeof c.actual === "number" && !Number.isFinite(c.actual)))) return checks as Check[];
  return checks.map(({ empty: _, ...c }) => named(c));
}

function resultJson(r: StepResult | undefined) {
  return {
    summary: r?.summary,
    error: r?.error,
    checks: checksJson(r?.checks ?? []),
    observed: r?.observed,
    // Every warning the server gave, as it gave it: the console, run log and Markdown show a handful (core/warnings.ts).
    warnings: r?.warnings,
    captures: r?.captures,
    details: r?.details ?? [],
  };
}

/**
 * The document as indented JSON, big integers as strings. A replacer takes JSON.stringify off its fast path (about
 * three times slower on a thousand steps), so it is used only when the plain call throws: for a big integer, or for
 * what throws with the replacer too (a cycle), which then throws the same error.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value, null, 2);
  } catch {
    return JSON.stringify(value, bigintAsString, 2);
  }
}

/** Values JSON cannot hold: big integers as strings, everything else as JSON.stringify does. */
function bigintAsString(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

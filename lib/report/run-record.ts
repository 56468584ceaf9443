// Collects the event stream into a record of each run, for the reporters that write a whole report at the end.
import type { Phase, RunEvent, RunStatus, StepInfo, StepStatus, Totals } from "../engine/events.ts";
import type { Detail } from "../core/detail.ts";
import type { StepResult } from "../core/step-result.ts";
import type { ThresholdResult } from "../metrics/threshold-result.ts";
import { skippedByInterrupt } from "../core/abort-text.ts";

export interface AttemptRecord {
  attempt: number;
  /** Undefined while the attempt runs (or when the run was cut short during it). */
  ok?: boolean;
  durationMs?: number;
  result?: StepResult;
}

export interface StepRecord {
  step: StepInfo;
  started: boolean;
  /** Undefined until step-end; see `finalStatus` for what reports show. */
  status?: StepStatus;
  reason?: string;
  attempts: AttemptRecord[];
  /** From step-end; else the number of attempts seen. */
  attemptCount: number;
  durationMs?: number;
  /** The result of the last attempt. */
  result?: StepResult;
  diagnostics: Detail[];
}

export interface RunRecord {
  scenario: string;
  description?: string;
  file: string;
  runId: string;
  startedAt: Date;
  /** Its run log found its plain name taken (a run started in the same second) and took the run id's: its reports do too. */
  logByRunId?: boolean;
  /** Facts for the report header, in order of first appearance; a repeated key keeps its last value. */
  info: Map<string, string>;
  /** Planned steps in plan order (main, then teardown), plus any step the plan did not list. */
  steps: StepRecord[];
  /** The `thresholds:` results, when the scenario has thresholds and the run reached its end. */
  thresholds?: ThresholdResult[];
  /** Undefined until run-end: a run without an end was cut short. */
  status?: RunStatus;
  durationMs?: number;
  endedAt?: Date;
}

/** What a report shows for a step: a step that never ended is skipped, with the reason why. */
export interface StepView extends StepRecord {
  status: StepStatus;
  /** 1-based position within its phase. */
  number: number;
  /** It started but never ended: the run was cut short while it ran. */
  cut: boolean;
}

/** How many of the steps an interrupt kept from running (skipped because of it). */
function keptByInterrupt(steps: readonly StepView[]): number {
  return steps.filter((s) => s.status === "skipped" && skippedByInterrupt(s.reason)).length;
}

/**
 * Why an interrupted run whose interrupt stopped no step (it came before a step, between two, or after the main steps:
 * during teardown, which a first interrupt lets finish, or the cleanup) is interrupted: the JUnit suite, the GitHub
 * annotations and the Markdown report's "Problems found" say it in one entry of their own, where they would otherwise
 * read as a run with nothing wrong.
 */
export function interruptedBetweenSteps(steps: readonly StepView[]): string {
  const kept = keptByInterrupt(steps);
  if (kept > 0) return `interrupted (Ctrl-C or SIGTERM) while no step was running: ${kept} step${kept === 1 ? "" : "s"} did not run`;
  // A step the run's end found started and not ended (a second signal ended the process's wait for it).
  const cut = steps.filter((s) => s.cut).length;
  if (cut > 0) return `interrupted (Ctrl-C or SIGTERM): ${cut} step${cut === 1 ? " was" : "s were"} cut short before ${cut === 1 ? "it" : "they"} ended`;
  return "interrupted (Ctrl-C or SIGTERM) after its steps had run (during teardown or the cleanup): the run ends as interrupted, exit code 130";
}

export class RunCollector {
  readonly runs: RunRecord[] = [];
  #pendingInfo = new Map<string, string>();
  #byIndex = new Map<number, StepRecord>();
  /** The last run started: read by every step event. */
  #current: RunRecord | undefined;

  get current(): RunRecord | undefined {
    return this.#current;
  }

  onEvent(event: RunEvent): void {
    const run = this.#current;
    switch (event.type) {
      case "run-start":
      case "info":
      case "run-end":
      case "thresholds":
        return this.#onRunEvent(event);
      case "log":
        return;
    }
    if (!run) return;
    const rec = this.#record(run, event.step);
    switch (event.type) {
      case "step-start":
        rec.started = true;
        break;
      case "attempt-start":
        rec.started = true;
        rec.attempts.push({ attempt: event.attempt });
        rec.attemptCount = Math.max(rec.attemptCount, event.attempt);
        break;
      case "attempt-end": {
        let a = attemptOf(rec, event.attempt);
        if (!a) rec.attempts.push((a = { attempt: event.attempt }));
        a.ok = event.ok;
        a.durationMs = event.durationMs;
        a.result = event.result;
        rec.result = event.result;
        rec.attemptCount = Math.max(rec.attemptCount, event.attempt);
        break;
      }
      case "step-end":
        rec.status = event.status;
        rec.reason = event.reason;
        rec.attemptCount = event.attempts;
        rec.durationMs = event.durationMs;
        if (event.result) rec.result = event.result;
        break;
      case "diagnostics":
        rec.diagnostics.push(...event.details);
        break;
    }
  }

  /**
   * Masks every run again with the secrets known now: a value captured as a secret during the run was masked only from
   * its capture on, and a step before it may have shown it (the reports are written at the end, with every secret known).
   */
  remask(masker: RemaskWith): void {
    for (const run of this.runs) remaskRun(run, masker);
  }

  /** The events that come once a run: kept apart so the code run for every step event stays small. */
  #onRunEvent(event: Extract<RunEvent, { type: "run-start" | "info" | "run-end" | "thresholds" }>): void {
    if (event.type === "run-start") {
      const run: RunRecord = {
        scenario: event.scenario,
        description: event.description,
        file: event.file,
        runId: event.runId,
        startedAt: event.startedAt,
        info: this.#pendingInfo,
        steps: [],
      };
      this.#pendingInfo = new Map();
      this.#byIndex = new Map();
      this.runs.push(run);
      this.#current = run;
      for (const step of event.steps) this.#record(run, step);
      return;
    }
    if (event.type === "info") {
      const info = this.#current?.info ?? this.#pendingInfo;
      info.delete(event.key);
      info.set(event.key, event.value);
      return;
    }
    if (event.type === "run-end") {
      const run = this.#current;
      if (!run) return;
      run.status = event.status;
      run.durationMs = event.durationMs;
      run.endedAt = event.endedAt;
      return;
    }
    if (event.type === "thresholds") {
      if (this.#current) this.#current.thresholds = event.results;
      return;
    }
  }

  #record(run: RunRecord, step: StepInfo): StepRecord {
    let rec = this.#byIndex.get(step.index);
    if (!rec) {
      rec = { step, started: false, attempts: [], attemptCount: 0, diagnostics: [] };
      this.#byIndex.set(step.index, rec);
      run.steps.push(rec);
    }
    rec.step = step; // the engine may name a step only once it has interpolated its variables
    return rec;
  }
}

/** The record of attempt `n` of a step (the first with that number, as Array.find gives), or undefined. */
function attemptOf(rec: StepRecord, n: number): AttemptRecord | undefined {
  const attempts = rec.attempts;
  for (let i = 0; i < attempts.length; i++) if (attempts[i]!.attempt === n) return attempts[i];
  return undefined;
}

/** The run's status; a run that never reported its end was interrupted. */
export function runStatus(run: RunRecord): RunStatus {
  return run.status ?? "interrupted";
}

/** The run's duration, measured up to `now` when the run never ended. */
export function runDuration(run: RunRecord, now: Date = new Date()): number {
  return run.durationMs ?? Math.max(0, now.getTime() - run.startedAt.getTime());
}

/** Steps of one phase as reports show them, numbered from 1. */
export function stepViews(run: RunRecord, phase: Phase): StepView[] {
  return addStepViews(run, phase, []);
}

/** Every step as reports show it: main steps, then teardown. */
export function allStepViews(run: RunRecord): StepView[] {
  return addStepViews(run, "teardown", addStepViews(run, "main", []));
}

/** Appends the views of one phase's steps to `views` (one pass, no call per step: the reports make them once a run for every step). */
function addStepViews(run: RunRecord, phase: Phase, views: StepView[]): StepView[] {
  const interrupted = runStatus(run) === "interrupted";
  const steps = run.steps;
  let number = 0;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s.step.phase !== phase) continue;
    number++;
    if (s.status) {
      views.push({ ...s, status: s.status, number, cut: false });
      continue;
    }
    const reason = s.started
      ? s.attemptCount > 0 ? `interrupted during attempt ${s.attemptCount}` : "interrupted while running"
      : interrupted ? "not run (the run was interrupted)" : "not run";
    views.push({ ...s, status: "skipped" as const, reason, number, cut: s.started });
  }
  return views;
}

/** Counts what the reports show, so totals always agree with the tables. */
export function countTotals(steps: readonly { status: StepStatus }[]): Totals {
  const totals: Totals = { passed: 0, failed: 0, skipped: 0, interrupted: 0 };
  for (let i = 0; i < steps.length; i++) totals[steps[i]!.status]++;
  return totals;
}

/** "3 passed, 1 failed, 2 skipped, 1 interrupted" (zero counts other than passed are left out). */
export function totalsText(t: Totals): string {
  const parts = [`${t.passed} passed`];
  if (t.failed) parts.push(`${t.failed} failed`);
  if (t.skipped) parts.push(`${t.skipped} skipped`);
  if (t.interrupted) parts.push(`${t.interrupted} interrupted`);
  return parts.join(", ");
}

type RemaskWith = { deep<T>(value: T): T; text(value: string): string };

/** Masks one run again with the secrets known now (RunCollector.remask; and the combined summary's records, lib/cli.ts). */
export function remaskRun(run: RunRecord, masker: RemaskWith): void {
  run.scenario = masker.text(run.scenario);
  if (run.description !== undefined) run.description = masker.text(run.description);
  for (const [key, value] of [...run.info]) {
    run.info.delete(key);
    run.info.set(masker.text(key), masker.text(value));
  }
  if (run.thresholds) run.thresholds = masker.deep(run.thresholds);
  for (const rec of run.steps) {
    rec.step = masker.deep(rec.step);
    if (rec.reason !== undefined) rec.reason = masker.text(rec.reason);
    rec.attempts = masker.deep(rec.attempts);
    if (rec.result) rec.result = masker.deep(rec.result);
    rec.diagnostics = masker.deep(rec.diagnostics);
  }
}

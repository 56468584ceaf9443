// The sequencer: runs the selected main steps in order, then teardown and cleanup, then the thresholds; emits events.
import { captureNames } from "../vars/captures.ts";
import { stepChecks, type Scenario, type StepSpec } from "./spec.ts";
import type { VarScope } from "../vars/scope.ts";
import type { Masker } from "../vars/mask.ts";
import type { Resource } from "../core/resource.ts";
import type { RunOptions } from "../steps/types.ts";
import type { RunEvent, RunStatus, Totals } from "./events.ts";
import { evaluateThresholds } from "../metrics/evaluate-thresholds.ts";
import { stepsToRun, type Selection } from "./selection.ts";
import { skipStep, stepInfo, stepName, type RunState } from "./run-state.ts";
import { runStep } from "./run-step.ts";
import { cleanUp, DEFAULT_CLEANUP_TIMEOUT_MS } from "./resources.ts";
import { RunMarks, stopLeftovers } from "./leftovers.ts";
import { SKIPPED_BY_INTERRUPT, SKIPPED_BY_SECOND_INTERRUPT } from "../core/abort-text.ts";
import { formatDuration } from "../core/units/duration.ts";

export type { Selection } from "./selection.ts";

export interface RunConfig {
  scenario: Scenario;
  scope: VarScope;
  masker: Masker;
  runId: string;
  startedAt: Date;
  emit: (event: RunEvent) => void;
  /** Fires on the first Ctrl-C/SIGTERM: the running step is aborted, the rest skipped, teardown runs. */
  interrupt: AbortSignal;
  /** Fires on the second Ctrl-C: teardown and cleanup are abandoned too. */
  hardStop?: AbortSignal;
  selection?: Selection;
  bail?: boolean;
  options?: RunOptions;
  /** Where the run keeps its live resources (the CLI reads it on a second Ctrl-C); default a list of its own. */
  resources?: Resource[];
  /** Time budget for each resource's cleanup; default 2 minutes. */
  cleanupTimeoutMs?: number;
  /**
   * Writes a line on the console at once, not through the reporters (the CLI: stderr, masked): after an interrupt, the
   * processes the run waits for to stop. Absent: nothing is said.
   */
  say?: (line: string) => void;
}

export interface RunOutcome {
  status: RunStatus;
  totals: Totals;
  /** What the run leaves up on purpose (compose `keep: true`, `--keep-stack`), each with the command that removes it. */
  kept: string[];
  /** Processes its steps left running outside every resource, stopped after cleanup: pid, command, step, signal. */
  stopped: string[];
  /** Background processes that failed on their own after the last step ended: the warnings no step carries. */
  ended: string[];
  /** What the end-of-run cleanup could not remove (a compose `down` the engine refused), why, and the command that removes it. */
  unremoved: string[];
}

function runState(cfg: RunConfig): RunState {
  const emit = (e: RunEvent) => cfg.emit(cfg.masker.deep(e));
  return {
    scenario: cfg.scenario,
    scope: cfg.scope,
    masker: cfg.masker,
    runId: cfg.runId,
    startedAt: cfg.startedAt,
    options: cfg.options ?? { keepStack: false },
    emit,
    log: (line) => emit({ type: "log", at: new Date(), line }),
    sayStopWait: (what, killInMs) => {
      if (cfg.interrupt.aborted) cfg.say?.(`waiting for ${what} to stop (SIGKILL in ${formatDuration(killInMs)})…`);
    },
    resources: cfg.resources ?? [],
    marks: new RunMarks(cfg.runId),
    totals: { passed: 0, failed: 0, skipped: 0, interrupted: 0 },
    metrics: [],
    missedCaptures: new Set(),
  };
}

/** Runs the main steps; returns how many of those that ran check something (a sleep checks nothing). */
async function runMainSteps(run: RunState, cfg: RunConfig): Promise<number> {
  let failedBefore = false;
  let bailed = false;
  let checkedSteps = 0;
  const toRun = stepsToRun(run.scenario.steps, cfg.selection, run.scope.lookup);
  const skipReason = (spec: StepSpec): string | undefined => {
    if (cfg.interrupt.aborted) return SKIPPED_BY_INTERRUPT;
    if (!toRun.has(spec)) return "not selected";
    if (bailed) return "--bail after a failure";
    if (failedBefore && !spec.always) return "an earlier step failed";
    return undefined;
  };
  for (const spec of run.scenario.steps) {
    const reason = skipReason(spec);
    if (reason !== undefined) {
      skipStep(run, spec, reason);
      if (reason !== "not selected") for (const name of captureNames(spec.input)) run.missedCaptures.add(name);
      continue;
    }
    const status = await runStep(run, spec, cfg.interrupt);
    if (stepChecks(spec)) checkedSteps++;
    if (status === "failed") {
      if (cfg.bail) bailed = true;
      if (!spec.continueOnFailure || cfg.bail) failedBefore = true;
    }
  }
  return checkedSteps;
}

/** Teardown always runs, with its own signal: only a second Ctrl-C stops it. */
async function runTeardown(run: RunState, signal: AbortSignal): Promise<void> {
  for (const spec of run.scenario.teardown) {
    if (signal.aborted) skipStep(run, spec, SKIPPED_BY_SECOND_INTERRUPT);
    else await runStep(run, spec, signal);
  }
}

/**
 * Each threshold's place in the file, the line and column of its expression, for the results (a crossed one's GitHub
 * annotation points there, as a failed step's does at its line). Read once the run is over: the file's positions are
 * parsed on the first call, and a place that cannot be found leaves the result without one.
 */
async function locateThresholds(scenario: Scenario): Promise<void> {
  const { locate } = scenario;
  if (!locate) return;
  for (const t of scenario.thresholds ?? []) t.pos ??= await locate(["thresholds", t.key, t.index]).catch(() => undefined);
}

/** Runs one scenario to the end and reports how it went. Never throws for step failures. */
export async function runScenario(cfg: RunConfig): Promise<RunOutcome> {
  const run = runState(cfg);
  const { scenario, totals } = run;
  const runStart = performance.now();
  for (const name of scenario.secrets) run.masker.add(run.scope.lookup(name));
  run.emit({
    type: "run-start",
    scenario: scenario.name,
    description: scenario.description,
    file: scenario.file,
    runId: cfg.runId,
    startedAt: cfg.startedAt,
    steps: [...scenario.steps, ...scenario.teardown].map((s) => stepInfo(s, stepName(run, s))),
  });

  /** A run in which no step that checks anything ran is never green. */
  const checkedSteps = await runMainSteps(run, cfg);
  const teardownSignal = cfg.hardStop ?? new AbortController().signal;
  await runTeardown(run, teardownSignal);
  const { kept, ended, unremoved } = await cleanUp(run, teardownSignal, cfg.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
  // No step is left to carry it: the reports' header (`warning: background process`) and stderr say it.
  ended.forEach((notice, i) => run.emit({ type: "info", key: `warning: background process${ended.length > 1 ? ` ${i + 1}` : ""}`, value: notice }));
  // So is what the cleanup left behind (`warning: cleanup`): the run's status stays what its steps and thresholds make it.
  unremoved.forEach((line, i) => run.emit({ type: "info", key: `warning: cleanup${unremoved.length > 1 ? ` ${i + 1}` : ""}`, value: line }));
  // Last: a background process's own `setsid` child is found once its group is stopped.
  const stopped = await stopLeftovers(run.marks, run.log, teardownSignal, undefined, run.sayStopWait);

  const durationMs = performance.now() - runStart;
  await locateThresholds(scenario);
  const thresholds = evaluateThresholds(scenario.thresholds ?? [], run.metrics, durationMs);
  if (thresholds.length > 0) run.emit({ type: "thresholds", results: thresholds });
  const crossed = thresholds.some((t) => !t.ok);
  if (!cfg.interrupt.aborted && checkedSteps === 0) run.log("no step that checks anything ran: the run fails");
  const status: RunStatus = cfg.interrupt.aborted ? "interrupted" : totals.failed > 0 || checkedSteps === 0 || crossed ? "failed" : "passed";
  run.emit({ type: "run-end", status, durationMs, totals, endedAt: new Date() });
  return { status, totals, kept, stopped, ended, unremoved };
}

// The sequencer: runs the selected main steps in order, then teardown and cleanup, then the thresholds; emits events.
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
}

/**
 * Microtask turns the handover of held events waits after the first of them (see HeldEvents): after a step's end the
 * engine goes on to the next step after one turn (runStep's promise settling), and sends the next request in that turn.
 */
const HELD_TURNS = 2;

/**
 * The engine's events, held in order for a few microtask turns, then masked and handed to cfg.emit. Between one step's
 * response and the next step's request the engine emits attempt-end, step-end, step-start, attempt-start and the
 * request's log line, and the request goes out a turn later: masking and handing over those events as they came kept
 * the request waiting for them; now they are handled while its answer is on its way. A few turns of the microtask
 * queue are all they wait: nothing that runs between turns (a signal, a timer, I/O) finds them held. The masker sees
 * the same calls in the same order as when each event was masked as it was emitted: whatever the engine adds to it
 * (RunState.addSecret) first delivers what is held. An exit in those turns (process.exit in an abort listener) delivers
 * what is held first, before the CLI's own handover at exit (lib/report/deferred.ts). An error from cfg.emit or the
 * masker is thrown by the engine's next emit, and at the end of the run.
 */
class HeldEvents {
  #held: RunEvent[] = [];
  #failed: { error: unknown } | undefined;
  #scheduled = false;
  #turns = 0;
  /** How many exit listeners there were when this one was last put first (-1: not watching). */
  #exitListeners = -1;

  constructor(private readonly cfg: RunConfig) {}

  readonly emit = (event: RunEvent): void => {
    if (this.#failed) throw this.#failed.error;
    this.#held.push(event);
    if (!this.#scheduled) {
      this.#scheduled = true;
      this.#turns = HELD_TURNS;
      queueMicrotask(this.#later);
    }
  };

  readonly #later = (): void => {
    if (this.#turns-- > 0) return queueMicrotask(this.#later);
    this.#scheduled = false;
    this.deliver();
  };

  /** Masks and hands over every event held, in order (nothing with none). */
  readonly deliver = (): void => {
    if (this.#held.length === 0) return;
    const events = this.#held;
    this.#held = [];
    try {
      for (let i = 0; i < events.length; i++) this.cfg.emit(this.cfg.masker.deep(events[i]!));
    } catch (error) {
      this.#failed ??= { error };
    }
    // First among the exit's listeners, again whenever they changed (the CLI puts its own handover first when it is
    // first handed an event): what an exit finds held here reaches the CLI's handover before that runs.
    if (process.listenerCount("exit") !== this.#exitListeners) {
      process.off("exit", this.deliver);
      process.prependListener("exit", this.deliver);
      this.#exitListeners = process.listenerCount("exit");
    }
  };

  /** The run's end: everything held delivered, and a delivery's error thrown. */
  end(): void {
    this.deliver();
    if (this.#failed) throw this.#failed.error;
  }

  /** Stops watching the exit (the run ended, or threw). */
  unwatch(): void {
    process.off("exit", this.deliver);
    this.#exitListeners = -1;
  }
}

function runState(cfg: RunConfig, events: HeldEvents): RunState {
  const emit = events.emit;
  return {
    scenario: cfg.scenario,
    scope: cfg.scope,
    masker: cfg.masker,
    addSecret: (value) => {
      events.deliver();
      return cfg.masker.add(value);
    },
    runId: cfg.runId,
    startedAt: cfg.startedAt,
    options: cfg.options ?? { keepStack: false },
    emit,
    log: (line) => emit({ type: "log", at: new Date(), line }),
    resources: cfg.resources ?? [],
    marks: new RunMarks(cfg.runId),
    totals: { passed: 0, failed: 0, skipped: 0, interrupted: 0 },
    metrics: [],
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

/** Runs one scenario to the end and reports how it went. Never throws for step failures. */
export async function runScenario(cfg: RunConfig): Promise<RunOutcome> {
  const held = new HeldEvents(cfg);
  try {
    const run = runState(cfg, held);
    const { scenario, totals } = run;
    const runStart = performance.now();
    for (const name of scenario.secrets) run.addSecret(run.scope.lookup(name));
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
    const { kept, ended } = await cleanUp(run, teardownSignal, cfg.cleanupTimeoutMs ?? DEFAULT_CLEANUP_TIMEOUT_MS);
    // No step is left to carry it: the reports' header (`warning: background process`) and stderr say it.
    ended.forEach((notice, i) => run.emit({ type: "info", key: `warning: background process${ended.length > 1 ? ` ${i + 1}` : ""}`, value: notice }));
    // Last: a background process's own `setsid` child is found once its group is stopped.
    const stopped = await stopLeftovers(run.marks, run.log, teardownSignal);

    const durationMs = performance.now() - runStart;
    const thresholds = evaluateThresholds(scenario.thresholds ?? [], run.metrics, durationMs);
    if (thresholds.length > 0) run.emit({ type: "thresholds", results: thresholds });
    const crossed = thresholds.some((t) => !t.ok);
    if (!cfg.interrupt.aborted && checkedSteps === 0) run.log("no step that checks anything ran: the run fails");
    const status: RunStatus = cfg.interrupt.aborted ? "interrupted" : totals.failed > 0 || checkedSteps === 0 || crossed ? "failed" : "passed";
    run.emit({ type: "run-end", status, durationMs, totals, endedAt: new Date() });
    held.end();
    return { status, totals, kept, stopped, ended };
  } finally {
    // A run that threw (its sink failed, say) stops watching the exit too.
    held.unwatch();
  }
}

// What one run shares between its parts: the scenario, variables, masking, live resources, totals, metrics and the event sink.
import type { Scenario, StepSpec } from "./spec.ts";
import type { VarScope } from "../vars/scope.ts";
import type { Masker } from "../vars/mask.ts";
import { interpolate } from "../vars/interpolate.ts";
import type { RunOptions } from "../steps/types.ts";
import type { Resource } from "../core/resource.ts";
import type { StepResult } from "../core/step-result.ts";
import type { StepMetrics } from "../metrics/aggregate.ts";
import type { RunEvent, StepInfo, Totals } from "./events.ts";
import { oneLine } from "../util/one-line.ts";
import type { RunMarks } from "./leftovers.ts";

export interface RunState {
  scenario: Scenario;
  scope: VarScope;
  masker: Masker;
  runId: string;
  startedAt: Date;
  options: RunOptions;
  /** Sends an event, masked, to the reporters. */
  emit(event: RunEvent): void;
  /** Sends one line to the run log. */
  log(line: string): void;
  /**
   * After an interrupt, says on the console (RunConfig.say) that the run waits for `what` ("step 2 (Serve)'s
   * processes") to stop, `killInMs` before their SIGKILL: the wait is not taken for a hung tool. Before one, nothing.
   */
  sayStopWait(what: string, killInMs: number): void;
  /** The run's live resources, oldest first. */
  resources: Resource[];
  /** The marks its steps' processes carry: what they leave running is found and stopped at the end (leftovers.ts). */
  marks: RunMarks;
  totals: Totals;
  /** What each step measured, for the thresholds (empty when the scenario has none). */
  metrics: StepMetrics[];
  /**
   * Names a step that ran and did not pass, or was skipped after a failure or an interrupt, would have captured: a
   * value another source gives them (the environment, vars:) is not theirs to use in its place (attempt.ts uncaptured).
   * A step left out by the selection adds none: the user chose to give the value another way.
   */
  missedCaptures: Set<string>;
}

export function passed(result: StepResult): boolean {
  if (result.error !== undefined) return false;
  for (const check of result.checks) if (!check.ok) return false;
  return true;
}

/** The step's name as every report shows it: variables filled in (captures of earlier steps included), on one line. */
export function stepName(run: RunState, spec: StepSpec): string {
  return oneLine(interpolate(spec.name, run.missedCaptures.size > 0 ? (n) => (missedCapture(run, n) ? undefined : run.scope.lookup(n)) : run.scope.lookup));
}

/**
 * Whether a name's capture was missed (its step ran and did not pass, or was skipped after a failure) and nothing has
 * captured it since: it has no value in a step, even where the environment or vars: gives one (a stale token), so a
 * step's name shows the reference as written and a child does not get the stale value as `$NAME`.
 */
export function missedCapture(run: RunState, name: string): boolean {
  return run.missedCaptures.has(name) && !Object.hasOwn(run.scope.captures, name);
}

/** "step 3 (name)", "teardown step 1 (name)": a step as the run log names it. */
export function stepLabel(run: RunState, spec: StepSpec): string {
  const number = spec.phase === "teardown" ? `teardown step ${spec.index - run.scenario.steps.length + 1}` : `step ${spec.index + 1}`;
  return `${number} (${stepName(run, spec)})`;
}

export function stepInfo(spec: StepSpec, name: string): StepInfo {
  // Without object spreads (this runs for every step); the keys keep their order: id after name, line last.
  if (spec.id === undefined) {
    if (spec.line === undefined) return { index: spec.index, phase: spec.phase, name, kind: spec.kind, service: spec.service, tags: spec.tags };
    return { index: spec.index, phase: spec.phase, name, kind: spec.kind, service: spec.service, tags: spec.tags, line: spec.line };
  }
  if (spec.line === undefined) return { index: spec.index, phase: spec.phase, name, id: spec.id, kind: spec.kind, service: spec.service, tags: spec.tags };
  return { index: spec.index, phase: spec.phase, name, id: spec.id, kind: spec.kind, service: spec.service, tags: spec.tags, line: spec.line };
}

/** Records a step that did not run. */
export function skipStep(run: RunState, spec: StepSpec, reason: string): void {
  run.emit({ type: "step-end", step: stepInfo(spec, stepName(run, spec)), status: "skipped", attempts: 0, durationMs: 0, reason });
  run.totals.skipped++;
}

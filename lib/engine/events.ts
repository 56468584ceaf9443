// The RunEvent union: everything the engine tells reporters, in order. Reporters import only this file's types.
import type { Detail } from "../core/detail.ts";
import type { StepResult } from "../core/step-result.ts";
import type { ThresholdResult } from "../metrics/threshold-result.ts";
import type { Phase } from "./spec.ts";

export type { Phase };

/** interrupted: a Ctrl-C or SIGTERM stopped the step before it passed; it neither passed nor failed. */
export type StepStatus = "passed" | "failed" | "skipped" | "interrupted";
export type RunStatus = "passed" | "failed" | "interrupted";

/** A step as reports describe it. `index` is unique across main steps and teardown. */
export interface StepInfo {
  index: number;
  phase: Phase;
  name: string;
  /** The step's `id:`, for `{step:ID}` threshold selectors. */
  id?: string;
  kind: string;
  service?: string;
  tags: string[];
  /** The line of the scenario file the step starts on. */
  line?: number;
}

export interface Totals {
  passed: number;
  failed: number;
  skipped: number;
  interrupted: number;
}

export type RunEvent =
  | { type: "run-start"; scenario: string; description?: string; file: string; runId: string; startedAt: Date; steps: StepInfo[] }
  | { type: "info"; key: string; value: string }
  | { type: "step-start"; step: StepInfo }
  | { type: "attempt-start"; step: StepInfo; attempt: number }
  /** `interrupted`: the run's interrupt (Ctrl-C, SIGTERM) cut this attempt short, so it neither passed nor failed. */
  | { type: "attempt-end"; step: StepInfo; attempt: number; ok: boolean; interrupted?: true; durationMs: number; result: StepResult }
  | { type: "step-end"; step: StepInfo; status: StepStatus; attempts: number; durationMs: number; result?: StepResult; reason?: string }
  | { type: "diagnostics"; step: StepInfo; details: Detail[] }
  | { type: "log"; at: Date; line: string }
  /** Every `thresholds:` expression checked at the end of the run (before run-end; absent without thresholds). */
  | { type: "thresholds"; results: ThresholdResult[] }
  | { type: "run-end"; status: RunStatus; durationMs: number; totals: Totals; endedAt: Date };

/** A consumer of events. A reporter never runs anything; the engine never formats text. */
export interface Reporter {
  /** `at`: when the engine emitted the event (ms since the epoch), given when it is handed over later (lib/report/deferred.ts); else it is now. */
  onEvent(event: RunEvent, at?: number): void;
  /** Called once after run-end: write files here. Returns the paths written. */
  finish?(): Promise<string[]>;
}

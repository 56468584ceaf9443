// What the loader hands the engine: a validated scenario and its steps, typed (the loader builds it, the engine runs it).
import type { Step } from "../steps/types.ts";
import type { Threshold } from "../metrics/thresholds.ts";

export type Phase = "main" | "teardown";

export interface EventuallySpec {
  timeoutMs: number;
  intervalMs?: number;
  backoff?: number;
  maxIntervalMs?: number;
}

/** One step, validated; `input` is the value under the kind key as written (interpolated at run time). */
export interface StepSpec {
  index: number;
  phase: Phase;
  kind: string;
  impl: Step;
  name: string;
  id?: string;
  service?: string;
  tags: string[];
  timeoutMs?: number;
  eventually?: EventuallySpec;
  retries?: number;
  holdMs?: number;
  continueOnFailure: boolean;
  always: boolean;
  /** Kept by a --tag/--step selection that selects a later main step (--skip-tag can still drop it). */
  setup: boolean;
  input: unknown;
  /** The validated input, when it holds no ${…} and so is the same at run time (the engine skips re-parsing). */
  staticInput?: unknown;
  /** The line of the file the step starts on (its `-`), for reports and annotations. */
  line?: number;
  /**
   * The texts the step wrote for integers beyond ±2^53 that print otherwise (1234567890123456788, read as a double
   * that prints as …800), by that double: its checks show them as written (lib/expect/written-numbers.ts).
   */
  writtenNumbers?: ReadonlyMap<number, string>;
}

export interface Scenario {
  file: string;
  dir: string;
  name: string;
  description?: string;
  vars: Record<string, string>;
  secrets: string[];
  defaults: { timeoutMs: number; intervalMs: number };
  steps: StepSpec[];
  teardown: StepSpec[];
  /** `thresholds:`, checked at the end of the run (none when absent). */
  thresholds?: Threshold[];
  /**
   * The variables the steps' own fields name (`timeout`, `eventually`, `hold`, `service`, filled in at load, and
   * `name`): a --var read only there is no unused one.
   */
  fieldRefs?: readonly string[];
  /**
   * Where a value is written in the file, for a warning about it or a threshold's result (the file's positions are read
   * on the first call).
   */
  locate?(path: readonly (string | number)[]): Promise<{ line: number; col: number } | undefined>;
}

/** Whether the step checks something about the system (its kind's `checks`, decided from its input as written). */
export function stepChecks(spec: Pick<StepSpec, "impl" | "input">): boolean {
  const { checks } = spec.impl;
  return typeof checks === "function" ? checks(spec.input) : checks;
}

import type { SecretValue } from "../vars/mask.ts";
// The plugin contract every step kind implements: a name, a zod input schema, and run(input, ctx) → StepResult.
import type { z } from "zod";
import type { Resource } from "../core/resource.ts";
import type { StepResult } from "../core/step-result.ts";
import type { AbortWatch } from "../core/abort-watch.ts";
import type { JsonPathFields } from "../vars/interpolate.ts";
import type { SlowStop } from "../util/exec.ts";

/** The run options a step may need to honour. */
export interface RunOptions {
  keepStack: boolean;
}

/** What the engine hands a step for one attempt. */
export interface StepContext {
  /** Fires when the attempt's timeout passes or the run is interrupted; pass it to every I/O call. */
  signal: AbortSignal;
  /**
   * The run's interrupt (Ctrl-C, SIGTERM; in teardown the second one) alone. `signal` fires once, for whichever came
   * first: after the attempt's deadline it cannot say that a Ctrl-C came too. Work a step still does once `signal` fired
   * for its deadline (the check a timeout makes of the port) watches this, so a Ctrl-C ends it at once.
   */
  interrupt: AbortSignal;
  /** The same abort, watched without an AbortSignal until one is read (lib/core/abort-watch.ts); absent: watch `signal`. */
  abort?: AbortWatch;
  /** Directory of the scenario file: relative paths in steps resolve from here. */
  scenarioDir: string;
  scenarioName: string;
  runId: string;
  /** When the scenario started (for `fresh` files and `since` windows). */
  startedAt: Date;
  /** Every resolved variable, to export to child processes. */
  env: Record<string, string>;
  /**
   * Names a child process must not have, even from the tool's own environment: variables whose capture was missed (see
   * withoutNames). Absent: none.
   */
  unsetEnv?: readonly string[];
  /** Interpolates ${VAR} in a field the step declared raw, inserting values as text (never for code: see lib/vars/shell-refs.ts). */
  interpolate(text: string): string;
  /** A variable's value in the scenario's lookup order, undefined when nothing defines it. */
  lookup(name: string): string | undefined;
  /** Appends a line to the chronological run log (commands, requests, outputs); secrets are masked by the engine. */
  log(line: string): void;
  /** Masks a credential the step has just received (a token a command printed) from now on, before a line shows it. */
  addSecret?(value: SecretValue): void;
  /** Registers something to diagnose on failure and clean up at the end of the scenario. */
  addResource(resource: Resource): void;
  /** Removes a resource that the step itself already cleaned up (e.g. `compose down`). */
  removeResource(resource: Resource): void;
  /** Resources currently live, for steps that act on earlier ones (compose down finds its project). */
  resources(): readonly Resource[];
  /**
   * A fresh SCENARIO_EXEC_MARK for a process the step starts (lib/util/marked-processes.ts): whatever that process leaves
   * running, with the mark inherited, is found and stopped when the run ends.
   */
  processMark(): string;
  /**
   * For exec's `onSlowStop`: told when the stop of the step's processes (its command's after an abort, a background
   * process's at cleanup) waits for some that outlive the SIGTERM; after an interrupt the run says so on the console.
   * Absent: nothing is said.
   */
  onSlowStop?: SlowStop;
  /** The step as the run names it, `step 2 (Start gateway)` (`teardown step 1 (…)`). */
  readonly stepLabel: string;
  /** Adds a fact about the run to the reports' header (e.g. "compose engine": "docker compose 2.26.1"). */
  setInfo(key: string, value: string): void;
  /** 1-based attempt number under `eventually`/`retries`. */
  attempt: number;
  options: RunOptions;
}

/** One step kind. `schema` validates the value under the kind key (e.g. the mapping under `http:`). */
export interface Step<S extends z.ZodType = z.ZodType> {
  kind: string;
  /**
   * Whether its steps check something (false for sleep): a run in which no step that checks anything ran fails. A
   * function decides per step from its input as written (compose: `down` or `logs` checks nothing, `ps` with `expect` does).
   */
  checks: boolean | ((input: unknown) => boolean);
  /** Its input is its own duration (sleep): `defaults.timeout` does not cut it short, only a `timeout` the step sets. */
  ownDuration?: true;
  schema: S;
  /** Field names (top level of the input) whose ${VARS} the step interpolates itself (shell.run). */
  rawFields?: readonly string[];
  /** Where the input holds JSONPaths, whose quoted text takes a variable's value as text (lib/vars/interpolate.ts). */
  jsonPathFields?: JsonPathFields;
  /** Field names (top level) holding a LogQL or PromQL query, whose quoted strings take a variable's value as text (interpolateQuery). */
  queryFields?: readonly string[];
  /** Field names (top level) holding globs (a pattern, a list, or a mapping keyed by patterns), whose values are names, not syntax (interpolateGlob). */
  globFields?: readonly string[];
  /** Field names (top level) holding a URL, where a value the run captured stays in the part it stands in (interpolateUrl). */
  urlFields?: readonly string[];
  /**
   * Paths inside the input (`*`: any key or item) of the fields that are text on the wire yet take a YAML number or
   * boolean (the schema's `scalar`): there a plain `0012345`, `1.10` or `True` is taken as written, not as the value
   * YAML reads (lib/loader/written-scalars.ts).
   */
  textScalars?: readonly (readonly string[])[];
  /**
   * Paths inside the input (`*`: any key or item, `#`: any list item) where a literal is compared with text (a label's
   * value): a plain number written otherwise than it prints (`1.10`, `1.0`, `007`), which YAML reads as 1.1, 1 or 7,
   * is refused at load, asking to quote it (lib/loader/written-scalars.ts).
   */
  spelledNumbers?: readonly (readonly string[])[];
  /** The default step name in reports, from the input. */
  describe(input: z.output<S>): string;
  /**
   * Called once before anything runs, with every input of this kind in the scenario (variables not yet
   * interpolated). Returns error messages that make the run invalid (exit 2): e.g. no compose engine.
   */
  preflight?(inputs: readonly z.output<S>[], ctx: PreflightContext): Promise<string[]>;
  run(input: z.output<S>, ctx: StepContext): Promise<StepResult>;
  /**
   * Optional: checks the common inputs of the kind without zod, returning `schema`'s exact output, or undefined when
   * not sure (the loader then parses with zod, which words every error). Must never accept what `schema` rejects.
   */
  fastInput?(input: unknown): { value: z.output<S> } | undefined;
}

/** What preflight checks may use. */
export interface PreflightContext {
  scenarioDir: string;
  env: Record<string, string>;
  setInfo(key: string, value: string): void;
}

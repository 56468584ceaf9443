// One attempt of a step: interpolate and validate its input, run it under the attempt's deadline and the run's signal.
import type { StepSpec } from "./spec.ts";
import type { StepContext } from "../steps/types.ts";
import type { StepResult } from "../core/step-result.ts";
import { findRefs, interpolate, interpolateInput, type Lookup, InterpolationError, type RunValues } from "../vars/interpolate.ts";
import { madeEnvKeyError } from "../vars/code-names.ts";
import { attemptCredentials, writtenCredentials } from "./secrets.ts";
import { captureNames } from "../vars/captures.ts";
import { widenedByEmptyCapture } from "./empty-captures.ts";
import { parseInput } from "../steps/parse-input.ts";
import { formatPath } from "./path-text.ts";
import { formatDuration } from "../core/units/duration.ts";
import { setLongTimeout } from "../util/sleep.ts";
import { envWithBun } from "./runtime-path.ts";
import { missedCapture, passed, stepLabel, stepName, type RunState } from "./run-state.ts";
import { watchAbort } from "./abort-fanout.ts";
import { ownValue } from "../util/own.ts";
import { abortText, interruptReason } from "../core/abort-text.ts";
import { AttemptAbort } from "../core/abort-watch.ts";
import { ABORTED_EXEC_RETURNS_MS } from "../util/exec.ts";
import { withWrittenNumbers } from "../expect/written-numbers.ts";

/**
 * How long an aborted step may take to return its own result (with partial output) before it is given up on: more than a
 * shell step takes to stop its process group (SIGTERM, SIGKILL 2 s later, the group gone), or the attempt returned while
 * a member that ignores SIGTERM ran on into the next attempt, step or teardown.
 */
const GRACE_MS = Math.max(3000, ABORTED_EXEC_RETURNS_MS + 500);

/**
 * The log lines of an attempt that captures a secret, held until the captured value is masked: a shell step's output is
 * logged as it comes, before the step captures from it, and the masker cannot know the value yet. `open` turns false
 * once they are handed over; later lines (a background process's) go straight to the log.
 */
export interface HeldLog {
  lines: [at: Date, line: string][];
  open: boolean;
}

/** Whether a step captures a variable the scenario declares secret (its attempts' log lines are then held: HeldLog). */
export function capturesSecret(run: RunState, spec: StepSpec): boolean {
  return run.scenario.secrets.length > 0 && captureNames(spec.input).some((name) => run.scenario.secrets.includes(name));
}

/** What one attempt gave, and whether its deadline stopped it (`timedOut`: it got no answer of its own to the end). */
export interface Attempt {
  result: StepResult;
  timedOut: boolean;
}

/** `deadlineNote`: where an attempt's deadline other than the step's timeout comes from, said after "timed out after …". */
export async function attemptOnce(run: RunState, spec: StepSpec, attempt: number, timeoutMs: number, outer: AbortSignal, held?: HeldLog, deadlineNote?: string): Promise<Attempt> {
  let timedOut = false;
  const result = await attemptResult(run, spec, attempt, timeoutMs, outer, () => (timedOut = true), held, deadlineNote);
  return { result, timedOut };
}

async function attemptResult(run: RunState, spec: StepSpec, attempt: number, timeoutMs: number, outer: AbortSignal, onDeadline: () => void, held?: HeldLog, deadlineNote?: string): Promise<StepResult> {
  const lookup = stepLookup(run);
  let input: unknown = spec.staticInput;
  if (input === undefined) {
    const missing = uncaptured(run, spec, lookup);
    if (missing) return { checks: [], error: missing };
    // What the scenario puts in a credential's place (`Authorization: Bearer ${TOKEN}`, `http://bob:${PASS}@host`), its
    // value from the run: masked from this attempt on, whether or not the request goes out. The step may be refused
    // below for what the value makes of its input (a line break in the header, a `#` in the password) and send
    // nothing, but the step that captured it showed it (its captured line, the response body) in every report and the
    // run log. Those written or known before the run are masked already.
    for (const value of writtenCredentials(spec.input, lookup)) run.masker.add(value);
    // The captured values do not change while the step is tried: a later attempt would fail the same.
    const widened = widenedByEmptyCapture(spec, run.scope);
    if (widened) return { checks: [], error: widened, final: true };
    // An env: key a captured value made BASH_ENV, PATH, LD_…: an answer would choose what runs (known ones: at load).
    if (spec.kind === "shell") {
      const made = madeEnvKeyError((spec.input as { env?: unknown }).env, (key) => interpolate(key, lookup));
      if (made) return { checks: [], error: made, final: true };
    }
    let interpolated: unknown;
    try {
      interpolated = interpolateInput(spec.impl, spec.input, lookup, undefined, runValues(run));
    } catch (e) {
      if (!(e instanceof InterpolationError)) throw e;
      return { checks: [], error: `invalid input after interpolating variables: ${e.message}`, final: true };
    }
    // And those the input filled in holds (`Authorization: ${AUTH}`, `url: ${LOKI_URL}`, a URL no parser reads among
    // them), before the input is checked and before anything shows the request.
    for (const value of attemptCredentials(interpolated)) run.masker.add(value);
    // The same values make the same input: a query or pattern they break is refused on every attempt (`eventually:
    // 5m` tried it 5 minutes). A key a value made is quoted when it holds a line break (formatPath): a server's answer
    // printed report lines of its own.
    const parsed = parseInput(spec.impl, interpolated);
    if (!parsed.success) {
      return { checks: [], error: `invalid input after interpolating variables: ${parsed.issues.map((i) => `${formatPath(i.path) || spec.kind}: ${i.message}`).join("; ")}`, final: true };
    }
    input = parsed.data;
  }
  // One abort per attempt, fired by the attempt's deadline or by the outer (run) signal: nothing else aborts it. Its
  // AbortSignal is made when the step first reads ctx.signal (the wire client watches it without one).
  // Its reason is the step's error text: the deadline's, or "interrupted" whichever signal stopped the run (lib/core/abort-text.ts).
  const attemptAbort = new AttemptAbort();
  let giveUp: ((result: StepResult) => void) | undefined;
  const abort = (reason: unknown) => {
    if (attemptAbort.aborted) return;
    attemptAbort.abort(reason);
    setTimeout(() => giveUp?.({ checks: [], error: abortText(attemptAbort) }), GRACE_MS).unref?.();
  };
  const deadline = () => {
    if (!attemptAbort.aborted) onDeadline();
    abort(new Error(`timed out after ${formatDuration(timeoutMs)}${deadlineNote ? ` (${deadlineNote})` : ""}`));
  };
  // No deadline (a sleep without its own timeout): no timer, which a delay of Infinity would fire at once.
  const cancelDeadline = Number.isFinite(timeoutMs) ? setLongTimeout(deadline, timeoutMs) : undefined;
  const stopWatching = watchAbort(outer, () => abort(interruptReason()));
  try {
    // The step's own result, or after the grace period of an abort the give-up result, whichever comes first.
    const result = await new Promise<StepResult>((resolve, reject) => {
      giveUp = resolve;
      // Its checks show a number beyond 2^53 as the step wrote it, in whatever the run awaits (lib/expect/written-numbers.ts).
      const ctx = stepContext(run, spec, attemptAbort, outer, attempt, held);
      Promise.resolve(withWrittenNumbers(spec.writtenNumbers, () => spec.impl.run(input, ctx))).then(resolve, reject);
    });
    if (attemptAbort.aborted && passed(result)) return result;
    if (attemptAbort.aborted && result.error === undefined) return { ...result, error: abortText(attemptAbort) };
    return result;
  } catch (e) {
    if (attemptAbort.aborted) return { checks: [], error: abortText(attemptAbort) };
    const err = e as Error;
    run.log(`internal error in ${spec.kind} step: ${err.stack ?? err.message}`);
    return { checks: [], error: `internal error in the ${spec.kind} step: ${err.message}` };
  } finally {
    cancelDeadline?.();
    stopWatching();
  }
}

/**
 * A reference the loader accepted because an earlier step captures it, when that step has not passed (failed, skipped,
 * not selected) so the value was never captured: the step would run with the text "${NAME}" (or, in a shell, nothing).
 */
/**
 * The lookup a step's input is filled in with: a name whose capture was missed (its step ran and did not pass, or was
 * skipped after a failure) has no value there, even where the environment or vars: gives one: that value (a stale
 * token) is not the one the scenario captures. A `${NAME:-default}` takes its default, and uncaptured() fails the rest.
 */
export function stepLookup(run: RunState): Lookup {
  let lookup = stepLookups.get(run);
  if (!lookup) {
    const { scope, missedCaptures } = run;
    lookup = (name) => (missedCaptures.size > 0 && missedCapture(run, name) ? undefined : scope.lookup(name));
    stepLookups.set(run, lookup);
  }
  return lookup;
}
const stepLookups = new WeakMap<RunState, Lookup>();

/**
 * The values of a run its steps' JSONPaths and queries take outside quotes only as one literal: its captures (a server's
 * answer, a command's output), each said with the step that captured it and shown masked. The author's values (--var,
 * --env-file, the environment, vars:, built-ins) are not among them: stepLookup gives a capture before any of those.
 */
export function runValues(run: RunState): RunValues {
  let values = runValuesOf.get(run);
  if (!values) {
    const { scope, masker } = run;
    values = {
      origin: (name) => {
        if (!Object.hasOwn(scope.captures, name)) return undefined;
        const by = ownValue(scope.capturedBy, name);
        return by === undefined ? "captured during the run" : `captured by step ${JSON.stringify(by)}`;
      },
      shown: (value) => masker.text(value),
    };
    runValuesOf.set(run, values);
  }
  return values;
}
const runValuesOf = new WeakMap<RunState, RunValues>();

export function uncaptured(run: RunState, spec: StepSpec, lookup: Lookup): string | undefined {
  const names = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      for (const ref of findRefs(v)) if (!ref.error && !ref.hasDefault && lookup(ref.name) === undefined) names.add(ref.name);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) (walk(k), walk(x));
  };
  walk(spec.input);
  if (!names.size) return undefined;
  return [...names].map((n) => {
    const by = [...run.scenario.steps, ...run.scenario.teardown].find((s) => s !== spec && captureNames(s.input).includes(n));
    const other = run.scope.lookup(n) !== undefined ? run.scope.sourceOf(n) : undefined;
    const instead = other === undefined ? "" : ` (the value ${other === "under vars:" ? "vars: gives" : `${other.replace(/^from /, "")} gives`} is not taken in its place; \${${n}:-…} would take a default)`;
    return `\${${n}} has no value: ${by ? `step ${JSON.stringify(stepName(run, by))}, which captures it, has not passed` : "no step captured it"}${instead}`;
  }).join("; ");
}

/** The parts of a step's context that are the same for every attempt of a run, made once per run. */
type RunTools = Pick<StepContext, "interpolate" | "log" | "addResource" | "removeResource" | "resources" | "setInfo">;
const toolsOfRun = new WeakMap<RunState, RunTools>();

function runTools(run: RunState): RunTools {
  let tools = toolsOfRun.get(run);
  if (!tools) {
    const { scope, resources } = run;
    tools = {
      interpolate: (text) => interpolate(text, stepLookup(run)),
      log: (line) => run.log(line),
      addResource: (r) => void resources.push(r),
      removeResource: (r) => {
        const i = resources.indexOf(r);
        if (i >= 0) resources.splice(i, 1);
      },
      resources: () => resources,
      setInfo: (key, value) => run.emit({ type: "info", key, value }),
    };
    toolsOfRun.set(run, tools);
  }
  return tools;
}

/** What a step may use of the run: variables, environment, resources, the log. */
function stepContext(run: RunState, spec: StepSpec, abort: AttemptAbort, interrupt: AbortSignal, attempt: number, held?: HeldLog): StepContext {
  const { scenario, scope } = run;
  const tools = runTools(run);
  const log = held ? (line: string) => (held.open ? void held.lines.push([new Date(), line]) : run.log(line)) : tools.log;
  return {
    get signal() {
      return abort.signal;
    },
    abort,
    interrupt,
    scenarioDir: scenario.dir,
    scenarioName: scenario.name,
    runId: run.runId,
    startedAt: run.startedAt,
    // Read when a step starts a process: the exported variables as they are now (captures change them between steps).
    get env() {
      return envWithBun(scope.exported());
    },
    unsetEnv: run.missedCaptures.size > 0 ? [...run.missedCaptures].filter((n) => missedCapture(run, n)) : undefined,
    interpolate: tools.interpolate,
    lookup: stepLookup(run),
    log,
    addSecret: (value) => void run.masker.add(value),
    addResource: tools.addResource,
    removeResource: tools.removeResource,
    resources: tools.resources,
    processMark: () => run.marks.give(stepLabel(run, spec)),
    onSlowStop: (killInMs) => run.sayStopWait(`${stepLabel(run, spec)}'s processes`, killInMs),
    get stepLabel() {
      return stepLabel(run, spec);
    },
    setInfo: tools.setInfo,
    attempt,
    options: run.options,
  };
}

// Builds the run spec the engine takes (lib/engine/spec.ts) from validated scenario data.
import type { Phase, Scenario, StepSpec } from "../engine/spec.ts";
import type { StepParsed } from "../schema/scenario.ts";
import type { Step } from "../steps/types.ts";
import type { VarScope } from "../vars/scope.ts";
import { parseThresholds } from "../metrics/thresholds.ts";
import type { Analysis } from "./analyze.ts";
import { kindOf } from "./kinds.ts";
import type { StepLines } from "./step-lines.ts";
import { COMMON_WITH_REFS, hasRefs } from "./variables.ts";
import { stringsIn } from "../util/strings-in.ts";
import { CHECKED_AT_RUN } from "../schema/at-run.ts";
import { clipToWidth } from "../util/clip.ts";
import { captureNames } from "../vars/captures.ts";
import { findRefs, InterpolationError, interpolateInput, withoutDefaults } from "../vars/interpolate.ts";
import { parseInput } from "../steps/parse-input.ts";
import { oneLine } from "../util/one-line.ts";

/** A step's time limit when neither the step nor `defaults:` sets one. */
const DEFAULT_STEP_TIMEOUT_MS = 30_000;
/** The pause between `retries:` attempts when `defaults:` sets no interval (`eventually:` has its own default, lib/engine/retry.ts). */
const DEFAULT_RETRY_INTERVAL_MS = 500;

/** A value in YAML's flow style, roughly: {url: http://h/, timeout: ${WAIT}}. */
function asWritten(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(asWritten).join(", ")}]`;
  if (v && typeof v === "object") return `{${Object.entries(v).map(([k, x]) => `${k}: ${asWritten(x)}`).join(", ")}}`;
  return String(v);
}

/**
 * A step's name from its input as written. The run fills a name's references in (lib/engine/run-state.ts): a kind that
 * reads fields of its own as written (`rawFields`: the shell's `run`, whose default name keeps `${NAME}`) keeps them
 * as `$${`, escaped after the clip as its describe does, so that no value is spliced into the name shown.
 */
function writtenName(impl: Step, raw: unknown): string {
  const line = `${impl.kind} ${clipToWidth(oneLine(asWritten(raw)), 80)}`;
  return impl.rawFields?.length ? line.replaceAll("${", () => "$${") : line;
}

/** Default step name: the kind's own summary of its (already validated) input; an input checked only at run time, as written. */
function defaultName(impl: Step, parsed: unknown, raw: unknown): string {
  if (parsed === CHECKED_AT_RUN) return writtenName(impl, raw);
  try {
    return impl.describe(parsed);
  } catch {
    return impl.kind;
  }
}

/** Whether a JSON-like value (mapping keys included) refers to one of the names. */
function refersTo(value: unknown, names: ReadonlySet<string>): boolean {
  if (typeof value === "string") return value.includes("${") && findRefs(value).some((ref) => names.has(ref.name));
  if (Array.isArray(value)) return value.some((v) => refersTo(v, names));
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => refersTo(k, names) || refersTo(v, names));
  return false;
}

/**
 * The default name of a step whose input refers to a name an earlier step captures: the value known at load (`vars:`,
 * `--var`) is replaced during the run, so the name shows `${NAME}` there, as --dry-run shows the request (a name with
 * `?v=fromvars` for a request sent with the captured `?v=hi` said what did not happen).
 */
function nameBeforeCaptures(impl: Step, raw: unknown, scope: VarScope, pending: ReadonlySet<string>): string | undefined {
  try {
    const parsed = parseInput(impl, interpolateInput(impl, withoutDefaults(raw, pending), (n) => (pending.has(n) ? undefined : scope.lookupKnown(n))));
    return parsed.success ? impl.describe(parsed.data) : writtenName(impl, raw);
  } catch (e) {
    if (!(e instanceof InterpolationError)) throw e;
    return undefined;
  }
}

/** The variables the steps' own fields name (those filled in at load, COMMON_WITH_REFS, and `name`), for the unused --var check. */
function fieldRefNames(root: Record<string, unknown>): string[] | undefined {
  const names = new Set<string>();
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    for (const raw of list) {
      if (raw === null || typeof raw !== "object") continue;
      for (const key of [...COMMON_WITH_REFS, "name"]) {
        const v = (raw as Record<string, unknown>)[key];
        if (hasRefs(v)) for (const text of stringsIn(v)) for (const ref of findRefs(text)) names.add(ref.name);
      }
    }
  }
  return names.size ? [...names] : undefined;
}

/** The typed scenario from data the analysis found valid (`r.parsed` set). */
export function buildScenario(root: Record<string, unknown>, r: Analysis, display: string, dir: string, lines: StepLines): { scenario: Scenario; scope: VarScope } {
  const s = r.parsed!;
  let index = 0;
  /** The names the steps so far capture (teardown comes after every step). */
  const captured = new Set<string>();
  const toSpec = (phase: Phase) => (step: StepParsed, i: number): StepSpec => {
    const raw = (root[phase === "main" ? "steps" : "teardown"] as Record<string, unknown>[])[i]!;
    const impl = kindOf(raw, r.steps)!;
    const ev = step.eventually;
    const input = raw[impl.kind];
    const named = step.name ?? (captured.size > 0 && refersTo(input, captured) ? nameBeforeCaptures(impl, input, r.scope, captured) : undefined);
    for (const n of captureNames(input)) captured.add(n);
    return {
      index: index++,
      phase,
      kind: impl.kind,
      impl,
      name: named ?? defaultName(impl, (step as Record<string, unknown>)[impl.kind], input),
      id: step.id,
      service: step.service,
      tags: step.tags ?? [],
      timeoutMs: step.timeout,
      eventually: ev === undefined ? undefined : typeof ev === "number" ? { timeoutMs: ev, intervalMs: s.defaults?.interval } :
        { timeoutMs: ev.timeout, intervalMs: ev.interval ?? s.defaults?.interval, backoff: ev.backoff, maxIntervalMs: ev.max_interval },
      retries: step.retries,
      holdMs: step.hold,
      continueOnFailure: step.continue_on_failure ?? false,
      always: step.always ?? false,
      setup: step.setup ?? false,
      input,
      staticInput: r.refs && hasRefs(input) ? undefined : (step as Record<string, unknown>)[impl.kind],
      line: lines[phase === "main" ? "steps" : "teardown"][i],
    };
  };
  const scenario: Scenario = {
    file: display,
    dir,
    name: s.name,
    description: s.description,
    vars: s.vars ?? {},
    secrets: s.secrets ?? [],
    defaults: { timeoutMs: s.defaults?.timeout ?? DEFAULT_STEP_TIMEOUT_MS, intervalMs: s.defaults?.interval ?? DEFAULT_RETRY_INTERVAL_MS },
    steps: s.steps.map(toSpec("main")),
    teardown: (s.teardown ?? []).map(toSpec("teardown")),
    thresholds: parseThresholds(s.thresholds ?? {}).thresholds,
    fieldRefs: fieldRefNames(root),
  };
  return { scenario, scope: r.scope };
}

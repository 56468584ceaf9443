// The scenario checked without zod's whole-scenario parse: its steps by their kinds' fast input checks (or zod's step schema one by one), the rest by hand; zod's exact output, or undefined (then the scenario schema decides and words every error).
import { copyChecked, fastDeadline, fastScalar, fastStringList, isFastMapping, isIntIn, onlyKeys, UNSURE, type Fast } from "../core/fast-fields.ts";
import { BACKOFF, RETRIES, STEP_ID } from "../schema/limits.ts";
import { VAR_NAME } from "../vars/interpolate.ts";
import type { ScenarioParsed, StepParsed } from "../schema/scenario.ts";
import { onceOnlyIssue } from "../schema/once-only.ts";
import { isKind, type Kind } from "../steps/registry.ts";
import type { Steps } from "./kinds.ts";

/** Top-level keys this path vouches for (`thresholds` is left to zod). */
const TOP_KEYS: ReadonlySet<string> = new Set(["name", "description", "vars", "secrets", "defaults", "steps", "teardown"]);
const DEFAULTS_KEYS: ReadonlySet<string> = new Set(["timeout", "interval"]);
const EVENTUALLY_KEYS: ReadonlySet<string> = new Set(["timeout", "interval", "backoff", "max_interval"]);
/** The common step fields in the schema's order (lib/schema/scenario.ts), which is the order of zod's output. */
const COMMON_ORDER = ["name", "id", "service", "tags", "timeout", "eventually", "retries", "hold", "continue_on_failure", "always", "setup"] as const;
const COMMON_KEYS: ReadonlySet<string> = new Set(COMMON_ORDER);

/** Copies `timeout` (a deadline) and `interval` (when present) as milliseconds into out; false when one is not so. */
function copyTimeoutAndInterval(v: Record<string, unknown>, out: Record<string, number>): boolean {
  return copyChecked(v, "timeout", fastDeadline, out) && copyChecked(v, "interval", fastDeadline, out);
}

function fastEventually(v: unknown): Fast<number | Record<string, number>> {
  if (!isFastMapping(v)) return fastDeadline(v);
  if (!onlyKeys(v, EVENTUALLY_KEYS) || !("timeout" in v)) return UNSURE;
  const out: Record<string, number> = {};
  if (!copyTimeoutAndInterval(v, out)) return UNSURE;
  if ("backoff" in v) {
    const b = v.backoff;
    if (typeof b !== "number" || !Number.isFinite(b) || b < BACKOFF.min || b > BACKOFF.max) return UNSURE;
    out.backoff = b;
  }
  if (!copyChecked(v, "max_interval", fastDeadline, out)) return UNSURE;
  if (out.interval !== undefined && out.max_interval !== undefined && out.max_interval < out.interval) return UNSURE;
  return out;
}

/** One common field's parsed value. */
function fastCommon(key: (typeof COMMON_ORDER)[number], v: unknown): Fast<unknown> {
  switch (key) {
    case "name":
    case "service":
      return typeof v === "string" ? v : UNSURE;
    case "id":
      return typeof v === "string" && STEP_ID.test(v) ? v : UNSURE;
    case "tags":
      return fastStringList(v);
    case "timeout":
      return fastDeadline(v);
    case "hold":
      return fastDeadline(v);
    case "eventually":
      return fastEventually(v);
    case "retries":
      return isIntIn(v, RETRIES.min, RETRIES.max) ? v : UNSURE;
    default:
      return typeof v === "boolean" ? v : UNSURE;
  }
}

/** One step: common fields plus exactly one kind key whose kind has a fast input check. */
function fastStep(raw: unknown, steps: Steps): Fast<StepParsed> {
  if (!isFastMapping(raw)) return UNSURE;
  let kind: Kind | undefined;
  let commons = 0;
  for (const key in raw) {
    if (raw[key] === undefined) return UNSURE;
    if (COMMON_KEYS.has(key)) {
      commons++;
      continue;
    }
    if (kind !== undefined || !isKind(key)) return UNSURE;
    kind = key;
  }
  const fastInput = kind && steps.get(kind)?.fastInput;
  if (!kind || !fastInput || ("eventually" in raw && "retries" in raw)) return UNSURE;
  // A step that runs again (eventually, retries, hold) of a kind whose attempt means nothing twice: zod words why.
  if (onceOnlyIssue(raw)) return UNSURE;
  const out: Record<string, unknown> = {};
  for (let i = 0; commons > 0 && i < COMMON_ORDER.length; i++) {
    const key = COMMON_ORDER[i]!;
    if (!(key in raw)) continue;
    commons--;
    const value = fastCommon(key, raw[key]);
    if (value === UNSURE) return UNSURE;
    out[key] = value;
  }
  const input = fastInput(raw[kind]);
  if (!input) return UNSURE;
  out[kind] = input.value;
  return out as StepParsed;
}

/** A step's parse by the zod step schema when the fast check is unsure of it: its output, or undefined when it fails. */
export type SlowStep = (raw: unknown) => StepParsed | undefined;

function fastStepList(v: unknown, steps: Steps, slowStep: SlowStep | undefined): Fast<StepParsed[]> {
  if (!Array.isArray(v)) return UNSURE;
  const out: StepParsed[] = [];
  for (const raw of v) {
    const step = fastStep(raw, steps);
    if (step !== UNSURE) out.push(step);
    else {
      const slow = slowStep?.(raw);
      if (!slow) return UNSURE;
      out.push(slow);
    }
  }
  return out;
}

function fastVars(v: unknown): Fast<Record<string, string>> {
  if (!isFastMapping(v)) return UNSURE;
  const out: Record<string, string> = {};
  for (const k in v) {
    const s = fastScalar(v[k]);
    // A value with a NUL byte is refused: zod words it.
    if (s === UNSURE || !VAR_NAME.test(k) || s.includes("\0")) return UNSURE;
    out[k] = s;
  }
  return out;
}

function fastDefaults(v: unknown): Fast<Record<string, number>> {
  if (!isFastMapping(v) || !onlyKeys(v, DEFAULTS_KEYS)) return UNSURE;
  const out: Record<string, number> = {};
  if (!copyTimeoutAndInterval(v, out)) return UNSURE;
  return out;
}

/** Whether two steps share an id (the scenario schema refuses that, and words it). */
function idsRepeat(main: readonly StepParsed[], teardown: readonly StepParsed[] = []): boolean {
  const ids = new Set<string>();
  for (const list of [main, teardown]) {
    for (const step of list) {
      if (step.id === undefined) continue;
      if (ids.has(step.id)) return true;
      ids.add(step.id);
    }
  }
  return false;
}

/**
 * The scenario schema's exact output for data it surely accepts, else undefined. Steps the fast check is unsure of
 * go to `slowStep` when given (zod's step schema gives the same output alone as inside the scenario).
 */
export function fastScenario(data: Record<string, unknown>, steps: Steps, slowStep?: SlowStep): ScenarioParsed | undefined {
  if (!isFastMapping(data) || !onlyKeys(data, TOP_KEYS)) return undefined;
  if (typeof data.name !== "string" || data.name.length === 0) return undefined;
  const out: Record<string, unknown> = { name: data.name };
  if ("description" in data) {
    if (typeof data.description !== "string") return undefined;
    out.description = data.description;
  }
  if (!copyChecked(data, "vars", fastVars, out) || !copyChecked(data, "secrets", fastStringList, out) || !copyChecked(data, "defaults", fastDefaults, out)) return undefined;
  const main = fastStepList(data.steps, steps, slowStep);
  if (main === UNSURE || main.length === 0) return undefined;
  out.steps = main;
  if ("teardown" in data) {
    const teardown = fastStepList(data.teardown, steps, slowStep);
    if (teardown === UNSURE) return undefined;
    out.teardown = teardown;
  }
  if (idsRepeat(main, out.teardown as StepParsed[] | undefined)) return undefined;
  return out as ScenarioParsed;
}

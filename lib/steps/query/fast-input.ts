// The logql and promql steps' common inputs checked without zod: the schemas' exact output (transforms applied, keys in
// the schemas' order), or undefined when unsure (then zod decides and words any error). The checks the schemas run in
// their refinements are the same functions, called here.
import { copyChecked, fastDuration, fastScalar, fastStringMap, isFastMapping, onlyKeys, UNSURE, type Fast } from "../../core/fast-fields.ts";
import { everyLineIssue, regexError } from "../../expect/regex.ts";
import { isMatcher, isNumericMatcher } from "../shared/fast-expect.ts";
import { labelsOperatorIssues, valueIssues } from "./expect.ts";
import { logqlInputIssues, promqlInputIssues } from "./input-issues.ts";
import { timeField } from "./source.ts";

const LOGQL_KEYS: ReadonlySet<string> = new Set(["query", "url", "tenant", "auth", "headers", "files", "since", "start", "end", "step", "limit", "direction", "ingest_labels", "expect"]);
const PROMQL_KEYS: ReadonlySet<string> = new Set(["url", "query", "time", "start", "end", "since", "step", "tenant", "auth", "headers", "expect"]);
const METRIC_EXPECT_KEYS = ["value", "series", "labels", "empty"] as const;
const LOG_EXPECT_KEYS: ReadonlySet<string> = new Set(["lines", "streams", "contains", "not_contains", ...METRIC_EXPECT_KEYS]);
const METRIC_EXPECT_SET: ReadonlySet<string> = new Set(METRIC_EXPECT_KEYS);

/** A time field (`timeValue`): RFC 3339 or epoch seconds in milliseconds; NaN for a string still holding `${…}`. */
function fastTime(v: unknown): Fast<number> {
  if (typeof v !== "string" && typeof v !== "number") return UNSURE;
  const ms = timeField(v);
  return typeof ms === "number" ? ms : UNSURE;
}

function fastString(v: unknown): Fast<string> {
  return typeof v === "string" ? v : UNSURE;
}

/** `auth`: {bearer: TOKEN} or {basic: {username, password}}, copied as zod's strict objects copy them. */
function fastAuth(v: unknown): Fast<Record<string, unknown>> {
  if (!isFastMapping(v)) return UNSURE;
  const keys = Object.keys(v);
  if (keys.length !== 1) return UNSURE;
  if (keys[0] === "bearer") return typeof v.bearer === "string" ? { bearer: v.bearer } : UNSURE;
  if (keys[0] !== "basic") return UNSURE;
  const b = v.basic;
  if (!isFastMapping(b) || Object.keys(b).length !== 2 || typeof b.username !== "string" || typeof b.password !== "string") return UNSURE;
  return { basic: { username: b.username, password: b.password } };
}

/** `files`: glob → static labels (null for none, which zod turns into {}). */
function fastFiles(v: unknown): Fast<Record<string, Record<string, string>>> {
  if (!isFastMapping(v)) return UNSURE;
  const out: Record<string, Record<string, string>> = {};
  for (const glob in v) {
    const labels = v[glob] === null ? {} : fastStringMap(v[glob]);
    if (labels === UNSURE) return UNSURE;
    out[glob] = labels;
  }
  return out;
}

/** One `contains` (withCount) or `not_contains` item: a string, or {matches: REGEX[, count: matcher]}. */
function fastPattern(v: unknown, withCount: boolean): Fast<unknown> {
  if (typeof v === "string") return v === "" ? UNSURE : v;
  // A pattern that checks no line (empty, `^`, `.*`, `$ERR`, one sliding past its lookahead) is left to zod, which
  // refuses it (or keeps `^`, `.*` beside a count): everyLineIssue is its rule.
  if (!isFastMapping(v) || typeof v.matches !== "string" || everyLineIssue(v.matches, false) !== undefined || regexError(v.matches) !== undefined) return UNSURE;
  for (const k in v) if (k !== "matches" && !(withCount && k === "count")) return UNSURE;
  if (!("count" in v)) return { matches: v.matches };
  return v.count !== undefined && isNumericMatcher(v.count, "count") ? { matches: v.matches, count: v.count } : UNSURE;
}

/** `contains` / `not_contains`: one item or a non-empty list of them, always a list. */
function fastPatterns(withCount: boolean): (v: unknown) => Fast<unknown[]> {
  return (v) => {
    const items = Array.isArray(v) ? v : [v];
    if (items.length === 0) return UNSURE;
    const out: unknown[] = [];
    for (const item of items) {
      const p = fastPattern(item, withCount);
      if (p === UNSURE) return UNSURE;
      out.push(p);
    }
    return out;
  };
}

const containsItems = fastPatterns(true);
const absentItems = fastPatterns(false);

/** `lines`, `streams`, `series`: a count that overrides "something came back" (logqlInputIssues refuses one that checks nothing). */
function fastCount(v: unknown): Fast<unknown> {
  return isNumericMatcher(v, "count", true) ? v : UNSURE;
}

function fastValue(v: unknown): Fast<unknown> {
  return valueIssues(v).length === 0 ? v : UNSURE;
}

/** `labels`: label name → a matcher of the list of its values (list operators only). */
function fastLabels(v: unknown): Fast<Record<string, unknown>> {
  if (!isFastMapping(v)) return UNSURE;
  const out: Record<string, unknown> = {};
  for (const name in v) {
    if (!isMatcher(v[name])) return UNSURE;
    out[name] = v[name];
  }
  return labelsOperatorIssues(out).length === 0 ? out : UNSURE;
}

function fastBoolean(v: unknown): Fast<boolean> {
  return typeof v === "boolean" ? v : UNSURE;
}

/** The metric fields of `expect`, in the schema's order, into out. */
function copyMetricExpect(v: Record<string, unknown>, out: Record<string, unknown>): boolean {
  return copyChecked(v, "value", fastValue, out) && copyChecked(v, "series", fastCount, out) && copyChecked(v, "labels", fastLabels, out) && copyChecked(v, "empty", fastBoolean, out);
}

function fastLogExpect(v: unknown): Fast<Record<string, unknown>> {
  if (!isFastMapping(v) || !onlyKeys(v, LOG_EXPECT_KEYS)) return UNSURE;
  const out: Record<string, unknown> = {};
  const ok =
    copyChecked(v, "lines", fastCount, out) &&
    copyChecked(v, "streams", fastCount, out) &&
    copyChecked(v, "contains", containsItems, out) &&
    copyChecked(v, "not_contains", absentItems, out) &&
    copyMetricExpect(v, out);
  return ok ? out : UNSURE;
}

function fastMetricExpect(v: unknown): Fast<Record<string, unknown>> {
  if (!isFastMapping(v) || !onlyKeys(v, METRIC_EXPECT_SET)) return UNSURE;
  const out: Record<string, unknown> = {};
  return copyMetricExpect(v, out) ? out : UNSURE;
}

function fastLimit(v: unknown): Fast<number> {
  return typeof v === "number" && Number.isSafeInteger(v) && v > 0 ? v : UNSURE;
}

function fastDirection(v: unknown): Fast<string> {
  return v === "forward" || v === "backward" ? v : UNSURE;
}

/** The connection fields (tenant, auth, headers) in the schemas' order, into out. */
function copyConnection(v: Record<string, unknown>, out: Record<string, unknown>): boolean {
  return copyChecked(v, "tenant", fastScalar, out) && copyChecked(v, "auth", fastAuth, out) && copyChecked(v, "headers", fastStringMap, out);
}

/** The parsed logql input, exactly as the zod schema would return it, or undefined when this path is not sure. */
export function fastLogqlInput(v: unknown): { value: Record<string, unknown> } | undefined {
  if (!isFastMapping(v) || !onlyKeys(v, LOGQL_KEYS)) return undefined;
  if (typeof v.query !== "string" || v.query.length === 0) return undefined;
  const out: Record<string, unknown> = { query: v.query };
  const ok =
    copyChecked(v, "url", fastString, out) &&
    copyConnection(v, out) &&
    copyChecked(v, "files", fastFiles, out) &&
    copyChecked(v, "since", fastDuration, out) &&
    copyChecked(v, "start", fastTime, out) &&
    copyChecked(v, "end", fastTime, out) &&
    copyChecked(v, "step", fastDuration, out) &&
    copyChecked(v, "limit", fastLimit, out) &&
    copyChecked(v, "direction", fastDirection, out) &&
    copyChecked(v, "ingest_labels", fastBoolean, out) &&
    copyChecked(v, "expect", fastLogExpect, out);
  if (!ok) return undefined;
  // The schema's refinements: any issue leaves the input to zod, which words it.
  if (logqlInputIssues(out as unknown as Parameters<typeof logqlInputIssues>[0]).length) return undefined;
  return { value: out };
}

/** The parsed promql input, exactly as the zod schema would return it, or undefined when this path is not sure. */
export function fastPromqlInput(v: unknown): { value: Record<string, unknown> } | undefined {
  if (!isFastMapping(v) || !onlyKeys(v, PROMQL_KEYS)) return undefined;
  if (typeof v.url !== "string" || typeof v.query !== "string" || v.query.length === 0) return undefined;
  const out: Record<string, unknown> = { url: v.url, query: v.query };
  const ok =
    copyChecked(v, "time", fastTime, out) &&
    copyChecked(v, "start", fastTime, out) &&
    copyChecked(v, "end", fastTime, out) &&
    copyChecked(v, "since", fastDuration, out) &&
    copyChecked(v, "step", fastDuration, out) &&
    copyConnection(v, out) &&
    copyChecked(v, "expect", fastMetricExpect, out);
  if (!ok) return undefined;
  if (promqlInputIssues(out as unknown as Parameters<typeof promqlInputIssues>[0]).length) return undefined;
  return { value: out };
}

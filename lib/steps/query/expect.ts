// Expectations on a LogQL/PromQL result shared by the logql and promql steps (lines, streams, contains, labels, series, value, empty).
import {
  deepEqual,
  describe as describeMatcher,
  evaluate,
  isPlainObject,
  matcherIssues,
  numericMatcherIssues,
  passes,
  toNumber,
  type Check,
  type Matcher,
  type MatcherIssue,
  OPERATORS,
} from "../../expect/matcher.ts";
import { compileRegex } from "../../expect/regex.ts";
import { didYouMean } from "../../util/did-you-mean.ts";
import { gaveUpText, testAnswer } from "../../util/regex-limit.ts";
import { labelOf, type Labels, type QueryResult, type TiedPick } from "../../core/query-result.ts";
import { iso, type RangeGrid, type WrittenCheck } from "./source.ts";

import { clipAfter } from "../../util/clip.ts";

// ---------------------------------------------------------------- input checks (zod-free: the schemas in expect-schema.ts and the fast check use them)

export type TextPattern = string | { matches: string; count?: Matcher };

/** Operators that say something of a label's list of values; the others compare the whole list with one value. */
const LIST_OPERATORS: ReadonlySet<string> = new Set(["contains", "not_contains", "length", "every", "some"]);

type Issue = MatcherIssue;

/**
 * `labels: {NAME: matcher}` applies an operator mapping to the list of NAME's values: `ne: api`, `not: api` or
 * `not_matches: "^api$"` compared that list with one value and passed whatever it held, `matches` read its JSON text.
 * Those are refused, naming the operators that check the values. `not` around those (`not: {some: {eq: dead}}`: no
 * value is dead) says something of the values, and is read as the operators under it are.
 */
export function labelsOperatorIssues(labels: Record<string, unknown>): Issue[] {
  const issues: Issue[] = [];
  if (Object.keys(labels).length === 0)
    issues.push({ path: [], message: "labels: {} checks nothing: give a label and a matcher of its values (e.g. {service: {contains: api}}), or leave labels out" });
  for (const [name, m] of Object.entries(labels)) listMatcherIssues(name, m, [name], false, issues);
  return issues;
}

/**
 * The issues of a matcher of the list of `name`'s values at `path` (labelsOperatorIssues): under `labels`, or a `not`
 * there (`negated`: under an odd number of them). `every` fails on an empty list (it would check nothing), so `not`
 * around it held where no series carries the label: "not every value is api" passed on no values. It is refused there,
 * pointing at `some: {not: …}`, which needs a value that is not.
 */
function listMatcherIssues(name: string, m: unknown, path: (string | number)[], negated: boolean, issues: Issue[]): void {
  if (!isPlainObject(m)) return;
  for (const [op, operand] of Object.entries(m)) {
    if (op === "every" && negated) {
      issues.push({
        path: [...path, op],
        message: `not: {every: …} would hold where nothing has ${name} (every fails on an empty list, so not around it passes): write some: {not: …} (some value is not …), which needs such a value`,
      });
      continue;
    }
    if (LIST_OPERATORS.has(op) || ((op === "eq" || op === "ne") && Array.isArray(operand))) continue;
    if (op === "not" && isPlainObject(operand)) {
      listMatcherIssues(name, operand, [...path, op], !negated, issues);
      continue;
    }
    // An unknown operator (a typo of contains) is the matcher's own error, at the operator: one error for one typo.
    if (!(OPERATORS as readonly string[]).includes(op)) continue;
    // The list is always there (empty when no series has the label) and always a list: these held or failed whatever the result.
    if (op === "exists" || op === "type") {
      issues.push({
        path: [...path, op],
        message: `${op} would ask it of the list of ${name}'s values, which is always there and always a list (empty when nothing has ${name}), and decide nothing: write length: {gte: 1} (some series or stream has ${name}), length: 0 (none has it), or every: {…} (each value)`,
      });
      continue;
    }
    issues.push({
      path: [...path, op],
      message: `${op} would compare the list of ${name}'s values with ${JSON.stringify(operand)}, and decide nothing: write contains: V (V is among them), not_contains: V (it is not), some: {matches: …} or every: {…} (each value), not: {some: …} (no value is), length: N, or a list of the exact values`,
    });
  }
}

/** A `value` list item: labels that select exactly one series, and the matcher its value must satisfy. */
export interface ValueItem {
  labels: Record<string, Matcher>;
  value: Matcher;
}

function valueItemIssues(item: unknown, i: number): Issue[] {
  const shape = "each item is {labels: {NAME: matcher, …}, value: matcher}";
  if (!isPlainObject(item)) return [{ path: [i], message: shape }];
  const issues: Issue[] = [];
  for (const key of Object.keys(item)) {
    if (key !== "labels" && key !== "value") issues.push({ path: [i, key], message: `unknown key "${key}"${didYouMean(key, ["labels", "value"])}; ${shape}` });
  }
  if (!isPlainObject(item.labels)) issues.push({ path: [i, "labels"], message: `labels is required: ${shape}` });
  else {
    for (const [name, m] of Object.entries(item.labels)) {
      const own = matcherIssues(m, [i, "labels", name]);
      issues.push(...(own.length > 0 ? own : everySeriesIssues(name, m, [i, "labels", name])));
    }
  }
  if (!("value" in item)) issues.push({ path: [i, "value"], message: `value is required: ${shape}` });
  else issues.push(...numericMatcherIssues(item.value, "value", [i, "value"]));
  return issues;
}

/**
 * A value item's label matcher reads a label a series lacks as "", as PromQL and LogQL do (valueItemChecks): `exists`
 * and `type` (there, or under `not`) then decide nothing, every series having the label as text, and are refused,
 * pointing at `""` and `{ne: ""}`.
 */
function everySeriesIssues(name: string, m: unknown, path: (string | number)[]): Issue[] {
  if (!isPlainObject(m)) return [];
  return Object.entries(m).flatMap(([op, v]): Issue[] => {
    if (op === "not") return everySeriesIssues(name, v, [...path, op]);
    if (op !== "exists" && op !== "type") return [];
    return [{ path: [...path, op], message: `${op} decides nothing here: a label a series lacks reads as "", as PromQL and LogQL read it (${name}="" selects it), so every series has ${name}, as text; write ${name}: "" for the series without ${name}, or ${name}: {ne: ""} for those with it` }];
  });
}

/** `value`'s issues: a matcher every series must satisfy, or a non-empty list of {labels, value} items. */
export function valueIssues(v: unknown): Issue[] {
  const issues: Issue[] = [];
  if (!Array.isArray(v)) issues.push(...numericMatcherIssues(v, "value"));
  else if (v.length === 0) issues.push({ path: [], message: "value takes a matcher, or a non-empty list of {labels, value} items" });
  else v.forEach((item, i) => issues.push(...valueItemIssues(item, i)));
  return issues;
}

export interface QueryExpect {
  lines?: Matcher;
  streams?: Matcher;
  contains?: TextPattern[];
  not_contains?: (string | { matches: string })[];
  labels?: Record<string, Matcher>;
  series?: Matcher;
  value?: unknown;
  empty?: boolean;
}

/**
 * Every key of QueryExpect, in the order judge checks them (and its checks come): where a topk picked among tied series,
 * withOpenPicks judges them one by one in this order. `open`: its verdict may depend on which tied series were kept;
 * `logs`: it checks log lines, so no topk inside the query decides it (on a metric answer it is n/a). Typed over
 * QueryExpect: a key added there and not here does not compile.
 */
const EXPECT_KEYS = {
  empty: { open: false, logs: false },
  lines: { open: false, logs: true },
  streams: { open: false, logs: true },
  series: { open: true, logs: false },
  labels: { open: true, logs: false },
  contains: { open: false, logs: true },
  not_contains: { open: false, logs: true },
  value: { open: true, logs: false },
} as const satisfies { readonly [K in keyof QueryExpect]-?: { open: boolean; logs: boolean } };

type ExpectKey = keyof typeof EXPECT_KEYS;

// ---------------------------------------------------------------- result views

interface SeriesView {
  labels: Labels;
  points: { tsMs: number; value: number }[];
}

/** Every series of a metric result with its points; a vector sample is a series of one point. */
function seriesOf(result: QueryResult): SeriesView[] {
  switch (result.type) {
    case "vector":
      return result.samples.map((s) => ({ labels: s.labels, points: [{ tsMs: s.tsMs, value: s.value }] }));
    case "matrix":
      return result.series;
    case "scalar":
      return [{ labels: {}, points: [{ tsMs: result.tsMs, value: result.value }] }];
    case "streams":
      return [];
  }
}

export interface LineView {
  tsNs: bigint;
  labels: Labels;
  line: string;
}

/** Every log line of a result, newest first (or oldest first for direction forward). */
function linesOf(result: QueryResult, direction: "forward" | "backward" = "backward"): LineView[] {
  if (result.type !== "streams") return [];
  const lines = result.streams.flatMap((s) => s.entries.map((e) => ({ tsNs: e.tsNs, labels: s.labels, line: e.line })));
  const sign = direction === "forward" ? 1 : -1;
  return lines.sort((a, b) => (a.tsNs < b.tsNs ? -sign : a.tsNs > b.tsNs ? sign : 0));
}

function labelSets(result: QueryResult): Labels[] {
  return result.type === "streams" ? result.streams.filter((s) => s.entries.length > 0).map((s) => s.labels) : seriesOf(result).map((s) => s.labels);
}

export function countLines(result: QueryResult): number {
  return result.type === "streams" ? result.streams.reduce((n, s) => n + s.entries.length, 0) : 0;
}

/** Distinct label sets returned: streams with lines for a log query, series for a metric query. */
function countSeries(result: QueryResult): number {
  return labelSets(result).length;
}

export function isEmpty(result: QueryResult): boolean {
  return result.type === "streams" ? countLines(result) === 0 : seriesOf(result).length === 0;
}

/**
 * The distinct values of a label across the result, sorted. A series or stream without the label, where another has
 * it, adds the empty value: PromQL and LogQL read a missing label as "" (`{path=""}` selects it), and `every` or an
 * exact list of the values held while a series lacked the label. Where none has it, the list is empty (`length: 0`).
 */
export function labelValues(result: QueryResult, name: string): string[] {
  const values = new Set<string>();
  let lacking = false;
  for (const labels of labelSets(result)) {
    const v = labelOf(labels, name);
    if (v !== undefined) values.add(v);
    else lacking = true;
  }
  if (lacking && values.size > 0) values.add("");
  return [...values].sort();
}

/** Loki/Prometheus notation: {a="b", c="d"} with sorted names. */
function formatLabels(labels: Labels): string {
  const names = Object.keys(labels).sort();
  return `{${names.map((n) => `${n}=${JSON.stringify(labels[n])}`).join(", ")}}`;
}

/** A sample's value as reports show it: every digit (rounded to 10, 0.99999999999 showed as the 1 a check had just refused), NaN and ±Inf as Prometheus writes them. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  return String(v);
}

/** A value for `observed` (the JSON report): NaN and ±Inf as text, which JSON would write as null. */
function observedValue(v: number | undefined): number | string | undefined {
  return v === undefined || Number.isFinite(v) ? v : formatValue(v);
}

// ---------------------------------------------------------------- evaluation

/** At most this many series get a check of their own; the rest are summed up in one check. */
const MAX_SERIES_CHECKS = 20;

function notApplicable(path: string, matcher: Matcher, actual: string): Check {
  return { path, expected: describeMatcher(matcher), actual, ok: false };
}

/** A sample checked as a number, its actual shown as Prometheus writes it: NaN and ±Inf have no JSON form (they showed as null). */
function evaluateSample(matcher: Matcher, value: number, path: string): Check[] {
  const checks = evaluate(matcher, value, path);
  return Number.isFinite(value) ? checks : checks.map((c) => (Object.is(c.actual, value) ? { ...c, actual: formatValue(value) } : c));
}


/**
 * The steps of a range query at which a series has no point (Prometheus: no sample then; Loki: no line in the range,
 * a count of 0 it leaves out), and the first stretch without one; undefined when it has a point at every step. Points
 * are `step` apart where present: a wider spacing, or more than a step between the window's edge and the first or last
 * point, is a gap.
 */
function missingSteps(points: readonly { tsMs: number }[], grid: RangeGrid): { missing: number; total: number; from: number; to: number } | undefined {
  const { startMs, endMs, stepMs } = grid;
  // The instants evaluated are startMs + k·step up to endMs (the grid the request asked for): each one without a point
  // is missing, the first and the last too (a tolerance of a step and a half there let an empty last hour pass).
  const total = Math.floor((endMs - startMs) / stepMs + 1e-9) + 1;
  const seen = new Uint8Array(total);
  for (const p of points) {
    const k = Math.round((p.tsMs - startMs) / stepMs);
    if (k >= 0 && k < total) seen[k] = 1;
  }
  let missing = 0;
  let first: { from: number; to: number } | undefined;
  let open = false;
  for (let k = 0; k < total; k++) {
    if (seen[k]) {
      open = false;
      continue;
    }
    missing++;
    const at = startMs + k * stepMs;
    if (!first) {
      first = { from: at, to: at };
      open = true;
    } else if (open) first.to = at;
  }
  return first ? { missing, total, ...first } : undefined;
}

/** The value matcher on every point of one series: the first failing point, or one passing check. */
function seriesChecks(matcher: Matcher, s: SeriesView, path: string, timed: boolean, grid?: RangeGrid): Check[] {
  if (s.points.length === 0) return [{ path, expected: describeMatcher(matcher), actual: "no points", ok: false }];
  for (const p of s.points) {
    const checks = evaluateSample(matcher, p.value, path);
    if (!checks.every((c) => c.ok)) return checks.filter((c) => !c.ok).map((c) => (timed ? { ...c, path: `${path} at ${iso(p.tsMs)}` } : c));
  }
  // A step without a point held no value to pass: "at every point" would have skipped the hour a service was down.
  const gaps = timed && grid ? missingSteps(s.points, grid) : undefined;
  if (gaps) {
    const stretch = gaps.from === gaps.to ? `at ${iso(gaps.from)}` : `from ${iso(gaps.from)} to ${iso(gaps.to)}`;
    return [{ path, expected: `every point ${describeMatcher(matcher)}`, actual: `no point at ${gaps.missing} of ${gaps.total} steps (first ${stretch}): no sample there`, ok: false }];
  }
  if (s.points.length === 1) return evaluateSample(matcher, s.points[0]!.value, path);
  const values = s.points.map((p) => p.value);
  const range = `${formatValue(Math.min(...values))} to ${formatValue(Math.max(...values))}`;
  return [{ path, expected: `every point ${describeMatcher(matcher)}`, actual: `${values.length} points from ${range}`, ok: true }];
}

function listSeries(series: SeriesView[], max = 5): string {
  const shown = series.slice(0, max).map((s) => formatLabels(s.labels));
  return shown.join(", ") + (series.length > max ? ` and ${series.length - max} more` : "");
}

function valueAllChecks(matcher: Matcher, series: SeriesView[], timed: boolean, grid?: RangeGrid): Check[] {
  if (series.length === 0) return [{ path: "value", expected: describeMatcher(matcher), actual: "no series: the result is empty", ok: false }];
  const per = series.map((s) => seriesChecks(matcher, s, `value${formatLabels(s.labels)}`, timed, grid));
  if (per.length <= MAX_SERIES_CHECKS) return per.flat();
  const failing = per.filter((cs) => !cs.every((c) => c.ok));
  // The summing-up check counts, in the checks metric, the checks of the series it stands for: every passing one, and
  // the failing ones not listed (one failing series in 21 was 0 of 2 checks passed, where one in 20 was 19 of 20).
  let passed = 0;
  for (const cs of per) for (const c of cs) if (c.ok) passed++;
  const failedLeft = failing.slice(MAX_SERIES_CHECKS).reduce((n, cs) => n + cs.filter((c) => !c.ok).length, 0);
  return [
    ...failing.slice(0, MAX_SERIES_CHECKS).flat(),
    {
      path: "value",
      expected: `every one of ${series.length} series: ${describeMatcher(matcher)}`,
      actual: failing.length ? `${failing.length} of ${series.length} series fail` : `all ${series.length} series pass`,
      ok: failing.length === 0,
      counts: { passed, failed: failedLeft },
    },
  ];
}

function itemPath(labels: Record<string, Matcher>): string {
  const parts = Object.entries(labels).map(([k, m]) => (isPlainObject(m) ? `${k} ${describeMatcher(m)}` : `${k}=${JSON.stringify(String(m))}`));
  return `value{${parts.join(", ")}}`;
}

/**
 * Each item's check: the one series its labels select, its value checked. A label a series lacks reads as "", as PromQL
 * and LogQL read it (`{room=""}` selects it, and so do `room!="a"` and `room!~"a"`): `room: ""` picks the series
 * without room, `room: {ne: a}` those without it too.
 */
function valueItemChecks(items: ValueItem[], series: SeriesView[], timed: boolean, grid?: RangeGrid): Check[] {
  return items.flatMap((item) => {
    const path = itemPath(item.labels);
    const selected = series.filter((s) => Object.entries(item.labels).every(([k, m]) => passes(m, labelOf(s.labels, k) ?? "")));
    if (selected.length === 1) return seriesChecks(item.value, selected[0]!, path, timed, grid);
    const expected = `exactly one series with these labels, then ${describeMatcher(item.value)}`;
    if (selected.length === 0) {
      const actual = series.length ? `no such series; the result has ${listSeries(series)}` : "no series: the result is empty";
      return [{ path, expected, actual, ok: false }];
    }
    return [{ path, expected, actual: `${selected.length} series: ${listSeries(selected)}; name more labels to pick one`, ok: false }];
  });
}

function patternText(p: TextPattern): string {
  return typeof p === "string" ? JSON.stringify(p) : `/${p.matches}/`;
}

/**
 * The lines matching a pattern, or why that is not known: a regex search of a line answered "no match" so slowly that
 * it may have given up (regex-limit.ts).
 */
function matchingLines(lines: readonly string[], p: TextPattern): string[] | { notKnown: string } {
  if (typeof p === "string") return lines.filter((line) => line.includes(p));
  const re = compileRegex(p.matches);
  const matching: string[] = [];
  for (const line of lines) {
    const found = testAnswer(re, line);
    if (found === undefined) return { notKnown: gaveUpText(p.matches, `the line ${JSON.stringify(clipAfter(line, 80))}`) };
    if (found) matching.push(line);
  }
  return matching;
}

/** A list item of `labels` as the report shows it: a number as Prometheus writes one (`.inf` is +Inf), anything else as JSON. */
function writtenItem(v: unknown): string {
  return typeof v === "number" ? formatValue(v) : (JSON.stringify(v) ?? String(v));
}

/** Whether a written list holds exactly the values: each value equals an item and each item a value (a list under `labels`). */
function sameValues(values: readonly string[], written: readonly unknown[]): boolean {
  return values.every((v) => written.some((w) => deepEqual(v, w))) && written.every((w) => values.some((v) => deepEqual(v, w)));
}

/**
 * A matcher of a label's values with each list under `eq` or `ne` (there or under `not`) that holds exactly the values
 * replaced by the values themselves, in their order: deepEqual compares lists item by item, in order. The matcher itself
 * where none does.
 */
function asExactValues(m: Record<string, unknown>, values: readonly string[]): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const [op, operand] of Object.entries(m)) {
    const exact =
      (op === "eq" || op === "ne") && Array.isArray(operand) && sameValues(values, operand) ? [...values]
      : op === "not" && isPlainObject(operand) ? asExactValues(operand, values)
      : operand;
    if (exact !== operand) (out ??= { ...m })[op] = exact;
  }
  return out ?? m;
}

/** That the answer's series or streams (`answered`, some) do not carry the label `name`. */
function notCarried(name: string, answered: { count: number; unit: "series" | "streams" }): string {
  return answered.count === 1 ? `the one ${answered.unit === "streams" ? "stream" : "series"} does not carry the label ${name}` : `none of the ${answered.count} ${answered.unit} carries the label ${name}`;
}

/**
 * The warnings of the labels `expect` names that none of the answer's series or streams carries, where every check of
 * the label passed (`not_contains: api` holds on no values): the note beside such a verdict (labelChecks) shows only in
 * the run log and the JSON report, as a passing check is not listed on the console or in the Markdown report, so a typo
 * in the name (`lee` for `le`) passed unseen there. A failed check shows its note itself. `limit`: as for checkResult.
 */
export function unlabelledWarnings(whole: QueryResult, expect: QueryExpect, checks: readonly Check[], limit?: number): string[] {
  // The answer judge judged the labels on.
  const result = (limit !== undefined ? tiedLines(whole)?.sure : undefined) ?? whole;
  const answered = { count: countSeries(result), unit: result.type === "streams" ? ("streams" as const) : ("series" as const) };
  if (answered.count === 0) return [];
  return Object.keys(expect.labels ?? {}).flatMap((name) => {
    if (labelValues(result, name).length > 0) return [];
    const path = `labels.${name}`;
    const own = checks.filter((c) => c.path === path || c.path.startsWith(`${path}.`) || c.path.startsWith(`${path}[`));
    return own.length > 0 && own.every((c) => c.ok) ? [`${path} passed, but ${notCarried(name, answered)}: a typo in its name?`] : [];
  });
}

/**
 * The checks of `labels.NAME`. `answered`: the series (or streams with lines) of the answer and what they are called;
 * where there are some and none carries the label (a typo in its name: `svcx` for `svc`), each check says so beside its
 * verdict, which stands (`not_contains: api` holds on no values).
 */
function labelChecks(name: string, matcher: Matcher, values: string[], answered?: { count: number; unit: "series" | "streams" }): Check[] {
  const path = `labels.${name}`;
  let checks: Check[];
  if (Array.isArray(matcher)) {
    // Each value equals an item and each item a value, by the equality of a single value (`le: 1.0` is the number 1,
    // which "1.0" equals; `.inf` is +Inf): String() made them "1" and "Infinity", which no label was. Shown as written.
    const written = matcher as unknown[];
    const ok = sameValues(values, written);
    checks = [{ path, expected: `values are exactly [${written.map(writtenItem).join(", ")}]`, actual: values, ok }];
  } else if (isPlainObject(matcher)) {
    // An operator mapping applies to the list of values; a list under eq or ne is the exact values in any order, as a
    // list written alone is (the values are sorted: `ne: [b, a]` passed on exactly a and b). Shown as written.
    const exact = asExactValues(matcher, values);
    checks = evaluate(exact, values, path);
    if (exact !== matcher) {
      const written = evaluate(matcher, values, path);
      if (written.length === checks.length) checks.forEach((c, i) => (c.expected = written[i]!.expected));
    }
  } else {
    // A single literal means "this value is present".
    checks = evaluate({ contains: matcher }, values, path);
  }
  if (values.length === 0 && answered !== undefined && answered.count > 0) {
    const none = notCarried(name, answered);
    for (const c of checks) c.note = `${c.note === undefined ? "" : `${c.note}; `}${none} (a typo in its name reads so too)`;
  }
  // The empty value stands for the series or streams without the label (labelValues): a failure on it says so.
  if (values.includes("")) {
    for (const c of checks) {
      if (!c.ok) c.note = `${c.note === undefined ? "" : `${c.note}; `}"" is the value of the series or streams without ${name}, which others have`;
    }
  }
  return checks;
}

/**
 * Checks of a log query whose answer stopped at its line limit hold only if they would hold on the lines past it too: a
 * line not returned may contain what not_contains forbids, and counts are of the returned lines only. Such a check that
 * passed on the returned lines fails, saying why; a count matcher that holds for any larger number too (`gte: 1`) still
 * passes, and so does contains (a line found is found).
 */
function unlessCut(checks: Check[], limit: number | undefined, holdsForMore = false): Check[] {
  if (limit === undefined || holdsForMore) return checks;
  for (const c of checks) {
    if (!c.ok) continue;
    c.ok = false;
    c.actual = `${typeof c.actual === "string" ? c.actual : JSON.stringify(c.actual)}, but the query stopped at its limit of ${limit} lines: lines past it were not seen (raise limit)`;
  }
  return checks;
}

/**
 * A contains check that failed on an answer cut at its line limit says so: the line looked for may be past the limit
 * ("none of 5 lines" read as if the window held none).
 */
function failedWhereCut(checks: Check[], limit: number | undefined): Check[] {
  if (limit === undefined) return checks;
  for (const c of checks) {
    if (c.ok || (typeof c.actual === "string" && c.actual.includes("stopped at its limit"))) continue;
    c.actual = `${typeof c.actual === "string" ? c.actual : JSON.stringify(c.actual)}, but the query stopped at its limit of ${limit} lines: matching lines may be past it (raise limit)`;
  }
  return checks;
}

/** The operators of a count matcher whose truth, over whole numbers, changes only next to the numbers they name. */
const COMPARISONS: ReadonlySet<string> = new Set(["eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "not"]);

/** The finite numbers a count matcher compares with, or undefined when it holds another operator (matches, length…). */
function comparedNumbers(matcher: Matcher, out: number[] = []): number[] | undefined {
  if (!isPlainObject(matcher)) {
    const n = toNumber(matcher);
    if (n !== undefined && Number.isFinite(n)) out.push(n);
    return Array.isArray(matcher) ? undefined : out;
  }
  for (const [op, operand] of Object.entries(matcher)) {
    if (!COMPARISONS.has(op)) return undefined;
    const items = op === "in" || op === "between" ? (operand as unknown[]) : [operand];
    for (const item of items) if (comparedNumbers(item, out) === undefined) return undefined;
  }
  return out;
}

/**
 * Whether a count matcher holds for every count from `seen` up (`gte: 1` does; `lte: 10`, `5` and `ne: 19` do not once
 * 19 can be reached): a limit-cut answer's true count is `seen` or more. Over whole numbers a comparison changes truth
 * only next to the number it names, so the matcher is tried at `seen` and at each count next to one of its numbers past
 * `seen`: between two of those its truth cannot change. A matcher with another operator is not vouched for.
 */
function holdsFrom(matcher: Matcher, seen: number): boolean {
  const numbers = comparedNumbers(matcher);
  if (numbers === undefined) return false;
  const counts = new Set([seen]);
  for (const n of numbers) for (const k of [Math.floor(n), Math.floor(n) + 1, Math.ceil(n), Math.ceil(n) + 1]) if (k > seen) counts.add(k);
  for (const k of counts) if (!evaluate(matcher, k, "").every((c) => c.ok)) return false;
  return true;
}

/** Whether a labels matcher that holds on some lines holds on more too: a value present (a literal, contains, some) stays present; an exact list, every or length may not. */
function holdsWithMoreValues(matcher: Matcher): boolean {
  if (Array.isArray(matcher)) return false;
  return !isPlainObject(matcher) || Object.keys(matcher).every((k) => k === "contains" || k === "some");
}

/**
 * The answer without its lines at the time where the limit cut through lines of one timestamp (tiedAtLimit), and what
 * a check judged without them says; undefined when the limit did not cut so.
 */
function tiedLines(result: QueryResult): { sure: QueryResult; text: string } | undefined {
  if (result.type !== "streams" || result.tiedAtLimit === undefined) return undefined;
  const at = result.tiedAtLimit;
  let tied = 0;
  const streams = [];
  for (const s of result.streams) {
    const entries = s.entries.filter((e) => e.tsNs !== at);
    tied += s.entries.length - entries.length;
    if (entries.length) streams.push({ labels: s.labels, entries });
  }
  const text =
    `${tied} of the lines returned are at ${nsText(at)}, where the limit cut through lines of one time: which of those Loki ` +
    `returns is not known (it depends on how Loki holds them), so they are not counted (raise limit)`;
  return { sure: { type: "streams", streams }, text };
}

/**
 * Evaluates every expectation against a result: one or more checks each, never an exception. `limit`: the line limit a
 * log query's answer reached, if it did (its checks then see only the returned lines). Where a topk/bottomk picked
 * among series of one value (tiedPicks), a check whose verdict depends on the pick is not known (withOpenPicks).
 */
export function checkResult(whole: QueryResult, expect: QueryExpect, limit?: number, grid?: RangeGrid): Check[] {
  const ties = whole.type === "vector" || whole.type === "matrix" ? whole.tiedPicks : undefined;
  return ties?.length ? withOpenPicks(whole, ties, expect, grid) : judge(whole, expect, limit, grid);
}

/** checkResult without the topk picks; `orSomething`: nothing expected asks for a non-empty answer. */
function judge(whole: QueryResult, expect: QueryExpect, limit?: number, grid?: RangeGrid, orSomething = true): Check[] {
  const checks: Check[] = [];
  const logs = whole.type === "streams";
  // Where the limit cut through lines of one timestamp, the lines returned at it are not sure: the checks that stand on
  // a cut answer (a line found, a label value present, a count that holds from here up) are judged without them. The
  // number of lines is the limit whichever of them Loki returns.
  const tie = limit !== undefined ? tiedLines(whole) : undefined;
  const result = tie?.sure ?? whole;
  const noLines = `n/a: the query returned a ${result.type}; a metric query has no log lines`;
  const noValues = "n/a: a log query returns lines, not values; count them with count_over_time({…}[5m]) or use lines";
  if (expect.empty !== undefined) checks.push(...evaluate(expect.empty, isEmpty(whole), "empty"));
  if (expect.lines !== undefined) checks.push(...(logs ? unlessCut(evaluate(expect.lines, countLines(whole), "lines"), limit, holdsFrom(expect.lines, countLines(whole))) : [notApplicable("lines", expect.lines, noLines)]));
  const before = checks.length;
  if (expect.streams !== undefined) checks.push(...(logs ? unlessCut(evaluate(expect.streams, countSeries(result), "streams"), limit, holdsFrom(expect.streams, countSeries(result))) : [notApplicable("streams", expect.streams, noLines)]));
  if (expect.series !== undefined) checks.push(...unlessCut(evaluate(expect.series, countSeries(result), "series"), limit, holdsFrom(expect.series, countSeries(result))));
  const answered = { count: countSeries(result), unit: logs ? ("streams" as const) : ("series" as const) };
  for (const [name, m] of Object.entries(expect.labels ?? {})) checks.push(...unlessCut(labelChecks(name, m, labelValues(result, name), answered), limit, holdsWithMoreValues(m)));
  const lines = logs && expect.contains ? linesOf(result).map((l) => l.line) : [];
  const allLines = logs && expect.not_contains ? (result === whole && expect.contains ? lines : linesOf(whole).map((l) => l.line)) : [];
  for (const p of expect.contains ?? []) {
    if (!logs) {
      checks.push({ path: "contains", expected: `a line matching ${patternText(p)}`, actual: noLines, ok: false });
      continue;
    }
    const found = matchingLines(lines, p);
    if (!Array.isArray(found)) {
      checks.push({ path: "contains", expected: `a line matching ${patternText(p)}`, actual: found.notKnown, ok: false });
      continue;
    }
    const matching = found.length;
    if (typeof p !== "string" && p.count !== undefined) checks.push(...failedWhereCut(unlessCut(evaluate(p.count, matching, `contains ${patternText(p)} count`), limit, holdsFrom(p.count, matching)), limit));
    else {
      const expected = typeof p === "string" ? `a line containing ${patternText(p)}` : `a line matching ${patternText(p)}`;
      checks.push(...failedWhereCut([{ path: "contains", expected, actual: matching ? `${matching} of ${lines.length} lines` : `none of ${lines.length} lines`, ok: matching > 0 }], limit));
    }
  }
  for (const p of expect.not_contains ?? []) {
    const expected = typeof p === "string" ? `no line containing ${patternText(p)}` : `no line matching ${patternText(p)}`;
    if (!logs) {
      checks.push({ path: "not_contains", expected, actual: noLines, ok: false });
      continue;
    }
    const matching = matchingLines(allLines, p);
    if (!Array.isArray(matching)) {
      checks.push({ path: "not_contains", expected, actual: matching.notKnown, ok: false });
      continue;
    }
    const actual = matching.length ? `${matching.length} of ${allLines.length} lines, e.g. ${JSON.stringify(clipAfter(matching[0]!, 200))}` : `none of ${allLines.length} lines`;
    checks.push(...unlessCut([{ path: "not_contains", expected, actual, ok: matching.length === 0 }], limit));
  }
  if (tie !== undefined) {
    for (const c of checks.slice(before)) {
      if (c.ok || c.path === "not_contains") continue;
      c.note = `${c.note === undefined ? "" : `${c.note}; `}${tie.text}`;
    }
  }
  if (expect.value !== undefined) {
    if (logs) checks.push(notApplicable("value", Array.isArray(expect.value) ? "a value per series" : expect.value, noValues));
    else if (Array.isArray(expect.value)) checks.push(...valueItemChecks(expect.value as ValueItem[], seriesOf(result), result.type === "matrix", grid));
    else checks.push(...valueAllChecks(expect.value, seriesOf(result), result.type === "matrix", grid));
  }
  // Nothing expected (no expect, `expect: {}`, an empty labels mapping or list): the query must return something, as an
  // http step without status must not answer 4xx/5xx. A step that passed on an empty answer would have checked nothing.
  if (checks.length === 0 && orSomething) {
    const empty = isEmpty(whole);
    checks.push({ path: "empty", expected: `false (nothing expected explicitly: the query must return ${logs ? "lines" : "series"})`, actual: empty, ok: !empty });
  }
  return checks;
}

// ---------------------------------------------------------------- topk/bottomk picks among series of one value

/** The most picks among tied series tried for one answer, and the most points judged over all of them. */
const MAX_PICKS = 512;
const MAX_PICK_POINTS = 2_000_000;

/**
 * The expectations judged one by one, in judge's order (EXPECT_KEYS): each label of `labels` and each item of a `value`
 * list is one.
 */
function expectParts(expect: QueryExpect): { key: ExpectKey; part: QueryExpect }[] {
  const parts: { key: ExpectKey; part: QueryExpect }[] = [];
  for (const key of Object.keys(EXPECT_KEYS) as ExpectKey[]) {
    const v = expect[key];
    if (v === undefined) continue;
    if (key === "labels") for (const [name, m] of Object.entries(v as Record<string, Matcher>)) parts.push({ key, part: { labels: { [name]: m } } });
    else if (key === "value" && Array.isArray(v)) for (const item of v) parts.push({ key, part: { value: [item] } });
    else parts.push({ key, part: { [key]: v } });
  }
  return parts;
}

/**
 * The checks of an answer where a topk/bottomk kept some of a group's series of one value and left others out: Loki
 * keeps a group's k best in a heap it feeds in Go map order, so which of them it keeps changes from run to run. Each
 * expectation is judged on the answer and on every other pick (at each tie, as many of its series as were kept, any
 * of them): one whose verdict changes is not known, and fails saying so; the others keep their verdict (a count of
 * series, a value every tied series has). Too many picks to try (MAX_PICKS, MAX_PICK_POINTS), a check the pick may
 * change (pickFree) is not known. Where the topk is inside the query, the rest of the query stands on its pick, and
 * every check of the metric answer is not known. The other picks are built once for the answer, each judged by every
 * expectation whose verdict has not changed yet.
 */
function withOpenPicks(whole: QueryResult, ties: TiedPick[], expect: QueryExpect, grid?: RangeGrid): Check[] {
  const parts = expectParts(expect).map((p) => ({ ...p, checks: judge(whole, p.part, undefined, grid, false) }));
  if (parts.length === 0) return judge(whole, expect, undefined, grid);
  const inside = ties.find((t) => !t.direct);
  if (inside) return parts.flatMap((p) => (EXPECT_KEYS[p.key].logs ? p.checks : notKnown(p.checks, `the rest of the query stands on ${whichKept(inside)}`)));
  const pools = ties.map((t) => [...t.kept, ...t.left]);
  const open = parts.filter((p) => EXPECT_KEYS[p.key].open && !pickFree(p.part, pools, whole.type === "vector"));
  const tried = open.length > 0 && triable(whole, ties);
  const changed = new Set<(typeof parts)[number]>();
  if (tried) {
    const base = new Map(seriesOf(whole).map((s) => [formatLabels(s.labels), s]));
    let pending = open.map((p) => ({ p, ok: p.checks.every((c) => c.ok) }));
    for (const r of otherPicks(whole, ties, base)) {
      pending = pending.filter(({ p, ok }) => {
        if (judge(r, p.part, undefined, grid, false).every((c) => c.ok) === ok) return true;
        changed.add(p);
        return false;
      });
      if (pending.length === 0) break;
    }
  }
  const first = ties[0]!;
  return parts.flatMap((p) => {
    if (!open.includes(p)) return p.checks;
    if (!tried) return notKnown(p.checks, `its verdict may depend on ${whichKept(first, "too many ways to pick to try each")}`);
    return changed.has(p) ? notKnown(p.checks, `its verdict depends on ${whichKept(first)}`) : p.checks;
  });
}

/** Which tied series a topk keeps, which Loki leaves to Go map order, and how to settle it. */
function whichKept(t: TiedPick, aside?: string): string {
  return `which tied series ${t.op}(${t.k}) keeps (Loki picks in Go map order; ${aside ? `${aside}; ` : ""}raise k past the tie, or aggregate so that no two series tie)`;
}

function notKnown(checks: Check[], why: string): Check[] {
  for (const c of checks) {
    c.ok = false;
    c.actual = `${typeof c.actual === "string" ? c.actual : JSON.stringify(c.actual)}, but not known: ${why}`;
  }
  return checks;
}

/**
 * Whether an expectation's verdict is the same whichever tied series are kept, known without trying the picks: in an
 * instant query the number of series and the values are the same; a label all the tied series share in each tie gives
 * the same values; a value item that selects none of the tied series selects the same series.
 */
function pickFree(part: QueryExpect, pools: Labels[][], instant: boolean): boolean {
  if (part.series !== undefined || (part.value !== undefined && !Array.isArray(part.value))) return instant;
  if (part.labels !== undefined) {
    const [name] = Object.keys(part.labels);
    return pools.every((pool) => pool.every((l) => labelOf(l, name!) === labelOf(pool[0]!, name!)));
  }
  const item = (part.value as ValueItem[])[0]!;
  return !pools.some((pool) => pool.some((l) => Object.entries(item.labels).every(([k, m]) => passes(m, labelOf(l, k) ?? ""))));
}

/** Whether every pick can be tried: at most MAX_PICKS of them, and MAX_PICK_POINTS points judged over all. */
function triable(whole: QueryResult, ties: TiedPick[]): boolean {
  const points = Math.max(1, seriesOf(whole).reduce((n, s) => n + s.points.length, 0));
  let count = 1;
  for (const t of ties) {
    const n = t.kept.length + t.left.length;
    for (let i = 1; i <= t.kept.length; i++) count = (count * (n - t.kept.length + i)) / i;
    if (count > MAX_PICKS || count * points > MAX_PICK_POINTS) return false;
  }
  return true;
}

/** Every k-subset of items, in order. */
function* subsets<T>(items: readonly T[], k: number, from = 0): Generator<T[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= items.length - k; i++) for (const rest of subsets(items, k - 1, i + 1)) yield [items[i]!, ...rest];
}

/**
 * The answers every other pick among the tied series gives, one at a time: at each tie, as many of its series as were
 * kept, any of them, with the tie's value at its time, in place of those kept. `base`: the answer's series by labels.
 */
function* otherPicks(whole: QueryResult, ties: TiedPick[], base: Map<string, SeriesView>, chosen: Labels[][] = []): Generator<QueryResult> {
  const i = chosen.length;
  if (i === ties.length) {
    if (chosen.some((c, j) => c.some((l, n) => l !== ties[j]!.kept[n]))) yield picked(whole.type === "vector", ties, chosen, base);
    return;
  }
  for (const c of subsets([...ties[i]!.kept, ...ties[i]!.left], ties[i]!.kept.length)) yield* otherPicks(whole, ties, base, [...chosen, c]);
}

/** The answer with each tie's kept series replaced by `chosen[i]` at the tie's time (the other series as they are). */
function picked(instant: boolean, ties: TiedPick[], chosen: Labels[][], base: Map<string, SeriesView>): QueryResult {
  const changed = new Map<string, { labels: Labels; points: Map<number, number> }>();
  const points = (l: Labels) => {
    const key = formatLabels(l);
    let c = changed.get(key);
    if (!c) {
      const s = base.get(key);
      changed.set(key, (c = { labels: s?.labels ?? l, points: new Map(s?.points.map((p) => [p.tsMs, p.value])) }));
    }
    return c.points;
  };
  ties.forEach((t, i) => {
    for (const l of t.kept) points(l).delete(t.tsMs);
    for (const l of chosen[i]!) points(l).set(t.tsMs, t.value);
  });
  const series: SeriesView[] = [...base].filter(([key]) => !changed.has(key)).map(([, s]) => s);
  for (const c of changed.values()) if (c.points.size) series.push({ labels: c.labels, points: [...c.points].sort((a, b) => a[0] - b[0]).map(([tsMs, value]) => ({ tsMs, value })) });
  if (instant) return { type: "vector", samples: series.map((s) => ({ labels: s.labels, ...s.points[0]! })) };
  return { type: "matrix", series };
}

/** The report's notes on an answer's picks among tied series (tiedPicks): which series tied, where, and at what value. */
export function tiedPicksNotes(result: QueryResult): string[] {
  const ties = result.type === "vector" || result.type === "matrix" ? (result.tiedPicks ?? []) : [];
  const shown = 5;
  const list = (ls: Labels[]) => ls.slice(0, shown).map(formatLabels).join(", ") + (ls.length > shown ? ` and ${ls.length - shown} more` : "");
  const notes = ties.slice(0, shown).map((t) => {
    const group = Object.keys(t.group).length ? ` in the group ${formatLabels(t.group)}` : "";
    return (
      `note:   ${t.op}(${t.k}) at ${iso(t.tsMs)}${group}: ${list(t.kept)} kept, ${list(t.left)} left out, all of value ${formatValue(t.value)}: ` +
      "which of them Loki keeps is not known (it picks in Go map order), so checks that depend on it are not known"
    );
  });
  if (ties.length > shown) notes.push(`note:   and ${ties.length - shown} more steps or groups where a topk or bottomk picked among series of one value`);
  return notes;
}

/** A count matcher bounded from below only: `gte`/`gt` and nothing else (`between`, `lt`, a number bound it above). */
function boundedBelowOnly(m: Matcher | undefined): boolean {
  return isPlainObject(m) && Object.keys(m).length > 0 && Object.keys(m).every((op) => op === "gte" || op === "gt");
}

/** A matcher as it is written in the scenario, on one line: `lt 2`, `1`, `not_contains "remote"`, `some {matches: "^a"}`. */
function asWritten(m: unknown, nested = false): string {
  if (Array.isArray(m)) return `[${m.map((v) => asWritten(v, true)).join(", ")}]`;
  if (!isPlainObject(m)) return writtenItem(m);
  const parts = Object.entries(m).map(([op, v]) => `${op}${nested ? ":" : ""} ${asWritten(v, true)}`);
  return nested ? `{${parts.join(", ")}}` : parts.join(", ");
}

/**
 * Each expectation of `expect` as written, in the order the checks come, with whether it is a presence check (an
 * answer that may be partial is judged on those alone, partialAnswer in source.ts). Nothing expected: the default
 * check that the answer is not empty, a presence check.
 */
export function writtenChecks(expect: QueryExpect): WrittenCheck[] {
  const out: WrittenCheck[] = [];
  const pattern = (p: TextPattern | { matches: string }) => (typeof p === "string" ? JSON.stringify(p) : `/${p.matches}/`);
  // In judge's order, a label of `labels` and an item of a `value` list each one part (expectParts).
  for (const { key, part } of expectParts(expect)) {
    const v = part[key]!;
    if (key === "empty") out.push({ text: `empty: ${String(v)}`, presence: v === false });
    else if (key === "lines" || key === "streams" || key === "series") out.push({ text: `${key}: ${asWritten(v)}`, presence: boundedBelowOnly(v as Matcher) });
    else if (key === "labels") {
      for (const [name, m] of Object.entries(v as Record<string, Matcher>)) out.push({ text: `labels.${name}: ${asWritten(m)}`, presence: holdsWithMoreValues(m) });
    } else if (key === "contains") {
      for (const p of v as TextPattern[]) {
        if (typeof p !== "string" && p.count !== undefined) out.push({ text: `contains ${pattern(p)} count: ${asWritten(p.count)}`, presence: boundedBelowOnly(p.count) });
        else out.push({ text: `contains: ${pattern(p)}`, presence: true });
      }
    } else if (key === "not_contains") {
      for (const p of v as (string | { matches: string })[]) out.push({ text: `not_contains: ${pattern(p)}`, presence: false });
    } else if (Array.isArray(v)) {
      for (const item of v as ValueItem[]) out.push({ text: `${itemPath(item.labels)}: ${asWritten(item.value)}`, presence: false });
    } else out.push({ text: `value: ${asWritten(v)}`, presence: false });
  }
  if (out.length === 0) out.push({ text: "the answer not being empty (nothing expected)", presence: true });
  return out;
}

/** Whether a count matcher says the answer is empty: it holds for 0 and not for 1 (`lines: 0`, `series: {lt: 1}`). */
export function requiresNone(matcher: Matcher | undefined): boolean {
  return matcher !== undefined && passes(matcher, 0) && !passes(matcher, 1);
}

/**
 * Whether an empty answer is what the expectation asks for and every check passed on it: `empty: true`, or a `streams`
 * or `series` count that holds for 0 and not for 1 (a typo in a selector or a metric's name answers so too, which the
 * logql and promql steps then ask about).
 */
export function emptyAsExpected(result: QueryResult, expect: QueryExpect, checks: readonly Check[]): boolean {
  const expectsNone = expect.empty === true || requiresNone(expect.streams) || requiresNone(expect.series);
  return expectsNone && isEmpty(result) && checks.length > 0 && checks.every((c) => c.ok);
}

/** The warning of an empty answer emptyAsExpected passed where nothing was there to read: `what` (no stream matches …), and what else reads so. */
export function emptyAsExpectedWarning(what: string, alsoSo: string): string {
  return `empty as expected, but ${what}: a typo? (${alsoSo})`;
}

/**
 * The note a report gives when the answer is empty and checks passed on it: each of them held on nothing (a wrong
 * tenant, a typo'd metric or selector answer nothing too; a Loki not ready yet is asked, see logql.ts readiness), `not_contains`, `labels: {x: {not_contains:
 * y}}`, `labels: {x: []}`, `lines: {lt: 5}`, a `contains` count of 0 alike. Undefined when the answer has something, when
 * nothing passed, or when the expectation says the answer is empty (`empty`, or a count that holds for 0 only). Verdicts
 * are unchanged: the note says on what they stand.
 */
export function heldOnNothingNote(result: QueryResult, expect: QueryExpect, checks: readonly Check[]): string | undefined {
  if (!isEmpty(result) || expect.empty !== undefined) return undefined;
  if (requiresNone(expect.lines) || requiresNone(expect.streams) || requiresNone(expect.series)) return undefined;
  const held = [...new Set(checks.filter((c) => c.ok).map((c) => c.path))];
  if (held.length === 0) return undefined;
  const logs = result.type === "streams";
  const what = logs ? "no line in the window" : "no series in the answer";
  const add = logs ? "add lines: {gte: 1} if lines are expected here" : "add series: {gte: 1} if series are expected here";
  return `note:   ${what}: ${held.join(", ")} held on nothing (${add})`;
}

// ---------------------------------------------------------------- report text

const MAX_LINES_SHOWN = 10;
const MAX_SERIES_SHOWN = 20;
const MAX_POINTS_SHOWN = 10;

/** A time in nanoseconds as RFC 3339 to the millisecond, and the nanoseconds past it when there are any. */
export function nsText(tsNs: bigint): string {
  const past = tsNs % 1_000_000n;
  return `${isoNs(tsNs)}${past === 0n ? "" : ` (+${past} ns)`}`;
}

function isoNs(tsNs: bigint): string {
  return iso(Number(tsNs / 1_000_000n));
}

/** One line of what came back: "3 lines in 2 streams", "2 series", "scalar 6". */
export function resultSummary(result: QueryResult): string {
  switch (result.type) {
    case "streams": {
      const n = countLines(result);
      const s = countSeries(result);
      return `${n} line${n === 1 ? "" : "s"} in ${s} stream${s === 1 ? "" : "s"}`;
    }
    case "scalar":
      return `scalar ${formatValue(result.value)}`;
    default: {
      const n = seriesOf(result).length;
      return `${n} series${result.type === "matrix" ? " (range)" : ""}`;
    }
  }
}

/** Key values for the report: counts, and the value of each series (its last point). */
export function resultObserved(result: QueryResult): Record<string, unknown> {
  if (result.type === "streams") return { lines: countLines(result), streams: countSeries(result) };
  const series = seriesOf(result);
  const last = (s: SeriesView) => s.points[s.points.length - 1]?.value;
  if (result.type === "scalar") return { value: observedValue(result.value) };
  const observed: Record<string, unknown> = { series: series.length };
  if (series.length === 1) observed.value = observedValue(last(series[0]!));
  else if (series.length > 1) {
    const values: Record<string, unknown> = {};
    for (const s of series.slice(0, 10)) values[formatLabels(s.labels)] = observedValue(last(s));
    observed.values = values;
  }
  return observed;
}

/** The result as text for <details>: the newest few lines, or each series with its values. */
export function resultText(result: QueryResult, direction: "forward" | "backward" = "backward"): string {
  if (result.type === "streams") {
    const lines = linesOf(result, direction);
    if (lines.length === 0) return "(no lines)";
    const shown = lines.slice(0, MAX_LINES_SHOWN).map((l) => `${isoNs(l.tsNs)} ${clipAfter(formatLabels(l.labels), 300)} ${clipAfter(l.line, 500)}`);
    if (lines.length > MAX_LINES_SHOWN) shown.push(`… ${lines.length - MAX_LINES_SHOWN} more lines`);
    return shown.join("\n");
  }
  if (result.type === "scalar") return `${formatValue(result.value)} at ${iso(result.tsMs)}`;
  const series = seriesOf(result);
  if (series.length === 0) return "(no series)";
  const out = series.slice(0, MAX_SERIES_SHOWN).map((s) => {
    if (result.type === "vector") return `${formatLabels(s.labels)} ${formatValue(s.points[0]!.value)}`;
    const pts = s.points.slice(-MAX_POINTS_SHOWN).map((p) => `${formatValue(p.value)} @${iso(p.tsMs).slice(11, 19)}`);
    const more = s.points.length > MAX_POINTS_SHOWN ? `(last ${MAX_POINTS_SHOWN} of ${s.points.length}) ` : "";
    return `${formatLabels(s.labels)} ${more}${pts.join(", ")}`;
  });
  if (series.length > MAX_SERIES_SHOWN) out.push(`… ${series.length - MAX_SERIES_SHOWN} more series`);
  return out.join("\n");
}

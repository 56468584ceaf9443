// Pieces shared by the logql and promql steps: server connection (auth, tenant, headers), time values, windows, and how they read in reports.
import { ApiError, type Auth, type HttpOptions } from "../../prom/http.ts";
import type { StepResult } from "../../core/step-result.ts";
import type { QueryResult } from "../../core/query-result.ts";
import { clipToWidth } from "../../util/clip.ts";
import { invalidUrl, withoutUserinfo } from "../../util/url-text.ts";
import { textMatcherSpelledNumbers } from "../shared/spelled-numbers.ts";
import { endOfGroup, endOfString, LABEL_LISTS } from "../../prom/selectors.ts";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):?(\d{2}))$/;

/**
 * Why an RFC 3339 text names no instant, or undefined: Date.parse rolls 2023-02-29 over to March 1st (and 24:00 to the
 * next day) where RFC 3339 and the servers' own parsers refuse it, so a window would silently start a day late.
 */
function impossibleTime(m: RegExpExecArray): string | undefined {
  const [year, month, day, hour, minute, second, offHour, offMinute] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  if (month! < 1 || month! > 12) return `month ${m[2]} does not exist`;
  const days = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  if (day! < 1 || day! > days) return `${m[1]}-${m[2]} has ${days} days`;
  if (hour! > 23 || minute! > 59 || second! > 59) return `${m[4]}:${m[5]}${m[6] === undefined ? "" : `:${m[6]}`} is not a time of day (hours 00-23, minutes and seconds 00-59)`;
  if (offHour! > 23 || offMinute! > 59) return `the offset ${m[7]}:${m[8]} is not one (hours 00-23, minutes 00-59)`;
  return undefined;
}
const EPOCH = /^\d+(\.\d+)?$/;
/** Epoch seconds above this (year 5138) are surely milliseconds or nanoseconds. */
const MAX_EPOCH_S = 1e11;

/** Decimals of a second past the millisecond that are not all zero (a window is kept to the millisecond). */
const PAST_MS = /\.\d{3}\d*[1-9]/;

/** Parses an RFC 3339 time or epoch seconds to epoch milliseconds; a string is returned as an error message. */
export function parseTime(v: string | number): number | string {
  const shown = JSON.stringify(v);
  // Cut to the millisecond, a window would silently hold (or leave out) the lines between: 06:01:00.123456790 as start
  // kept a line at .123456789.
  const finer = `time ${shown} is finer than a millisecond, and windows are kept to the millisecond: give at most 3 decimals of a second`;
  if (typeof v === "number" || EPOCH.test(v.trim())) {
    const s = Number(v);
    if (!Number.isFinite(s) || s < 0) return `invalid time ${shown}`;
    if (s > MAX_EPOCH_S) return `time ${shown} looks like milliseconds or nanoseconds; give epoch seconds (e.g. 1700000000) or RFC 3339`;
    if (PAST_MS.test(String(v).trim())) return finer;
    return Math.round(s * 1000);
  }
  const t = v.trim();
  const parts = RFC3339.exec(t);
  const impossible = parts ? impossibleTime(parts) : undefined;
  if (impossible !== undefined) return `invalid time ${shown}: ${impossible}`;
  if (!parts || Number.isNaN(Date.parse(t))) {
    return `invalid time ${shown}: use RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds (1714564800)`;
  }
  if (PAST_MS.test(t)) return `${finer} (e.g. ${new Date(Date.parse(t)).toISOString()})`;
  return Date.parse(t);
}

/**
 * A time field's value, as both readers of an input take it (the schema's timeValue, the fast check): epoch
 * milliseconds, NaN for a string still holding `${…}` (a variable captured at run time: checked once it is known), or
 * why it is no time.
 */
export function timeField(v: string | number): number | string {
  if (typeof v === "string" && v.includes("${")) return Number.NaN;
  return parseTime(v);
}

export interface Window {
  startMs: number;
  endMs: number;
}

/** start..end from `start`/`end`/`since` (default: the hour up to now); a string is an error message. */
export function resolveWindow(input: { start?: number; end?: number; since?: number }, nowMs: number, defaultSinceMs = 3_600_000): Window | string {
  if (Number.isNaN(input.start) || Number.isNaN(input.end)) return "start/end still hold an undefined variable";
  const endMs = input.end ?? nowMs;
  const startMs = input.start ?? endMs - (input.since ?? defaultSinceMs);
  if (startMs >= endMs) return `the window is empty: start ${iso(startMs)} is not before end ${iso(endMs)}`;
  return { startMs, endMs };
}

/**
 * Load-time checks of the connection: an http(s) URL, not ending in `server`'s API path (one still holding a `${…}`
 * captured during the run is checked when the step runs), and the tenant given once (`tenant:` and an `X-Scope-OrgID`
 * header both: the header was replaced by the tenant without a word).
 */
export function connectionIssues(input: { url?: string; tenant?: string; headers?: Record<string, string>; auth?: unknown }, server?: QueryServer): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const badUrl = input.url === undefined || input.url.includes("${") ? undefined : urlError(input.url, server);
  if (badUrl !== undefined) issues.push({ path: "url", message: badUrl });
  const header = tenantHeader(input.headers);
  if (header !== undefined && input.tenant !== undefined) issues.push({ path: "tenant", message: `give the tenant once: tenant: (sent as X-Scope-OrgID) or the ${header} header, not both` });
  // So are the credentials: `auth:` replaced an Authorization header without a word.
  const authorization = headerNamed(input.headers, "authorization");
  if (authorization !== undefined && input.auth !== undefined) issues.push({ path: "auth", message: `give the credentials once: auth: (sent as Authorization) or the ${authorization} header, not both` });
  return issues;
}

/** Load-time checks of a window: `since` or `start`, and start before end when both are known. */
export function windowIssues(input: { start?: number; end?: number; since?: number }): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  // A window of no time holds nothing: said at load rather than "the window is empty" at run.
  if (input.since !== undefined && input.since <= 0) issues.push({ path: "since", message: "since must be more than 0" });
  if (input.since !== undefined && input.start !== undefined) issues.push({ path: "since", message: "give either since or start, not both" });
  if (input.start !== undefined && input.end !== undefined && input.start >= input.end) {
    issues.push({ path: "start", message: `start ${iso(input.start)} is not before end ${iso(input.end)}` });
  }
  return issues;
}

export function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms);
}

const UNITS: [string, number][] = [["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000], ["ms", 1]];

/** A duration as a user writes it: 15s, 10m, 1m30s, 1h, 250ms. */
export function compactDuration(ms: number): string {
  let rest = Math.round(ms);
  if (rest <= 0) return "0s";
  let out = "";
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

export function describeWindow(w: Window): string {
  return `${iso(w.startMs)} .. ${iso(w.endMs)} (${compactDuration(w.endMs - w.startMs)})`;
}

/** When a query is evaluated, for the report: a phrase ("over … (1h)", "over … every 15s", "at …") and the observed times. */
export interface Evaluation {
  when: string;
  observed: Record<string, unknown>;
}

/** Over a window: the lines of a log query, or a metric query every stepMs. */
export function windowEvaluation(w: Window, stepMs?: number): Evaluation {
  const observed: Record<string, unknown> = { start: iso(w.startMs), end: iso(w.endMs) };
  if (stepMs === undefined) return { when: `over ${describeWindow(w)}`, observed };
  const step = compactDuration(stepMs);
  return { when: `over ${describeWindow(w)} every ${step}`, observed: { ...observed, step } };
}

/** A range query's window and step: where its points should be. */
export interface RangeGrid {
  startMs: number;
  endMs: number;
  stepMs: number;
}

/**
 * The instants a range is evaluated at: the whole steps within the window (multiples of step since 1970), the first at
 * or after its start and the last at or before its end. Loki moves a range's ends to whole steps (its start down, its
 * end up), and so do Prometheus-API servers that align to step (Thanos's query-frontend, VictoriaMetrics, Mimir with
 * alignment), start and end down: asked for the raw window, such an answer judged a stretch before the window, or lost
 * its first point and showed the last step of the raw grid as missing, depending on the second the run started. Asked
 * for whole steps, they move nothing and a server that does not align (Prometheus) answers the same instants.
 * Undefined when the window holds no whole step.
 */
function gridOf(window: Window, stepMs: number): RangeGrid | undefined {
  const startMs = Math.ceil(window.startMs / stepMs) * stepMs;
  const endMs = Math.floor(window.endMs / stepMs) * stepMs;
  return endMs < startMs ? undefined : { startMs, endMs, stepMs };
}

/** A range over a window: its grid and how the report says when (naming the instants judged where they are not the window's ends), or why the window holds no whole step. */
export function rangeEvaluation(window: Window, stepMs: number): (Evaluation & { grid: RangeGrid }) | string {
  const grid = gridOf(window, stepMs);
  if (!grid) return `the window ${describeWindow(window)} holds no whole step of ${compactDuration(stepMs)}: a range is evaluated at whole steps (multiples of step since 1970); make it at least one step long`;
  const evaluation = windowEvaluation(window, stepMs);
  if (grid.startMs === window.startMs && grid.endMs === window.endMs) return { grid, ...evaluation };
  const at = grid.startMs === grid.endMs ? `at ${iso(grid.startMs)}` : `at ${iso(grid.startMs)} … ${iso(grid.endMs)}`;
  return { grid, when: `${evaluation.when} (evaluated ${at})`, observed: { ...evaluation.observed, evaluated: at } };
}

/** A metric query at one instant. */
export function instantEvaluation(timeMs: number): Evaluation {
  return { when: `at ${iso(timeMs)}`, observed: { time: iso(timeMs) } };
}

/** The name a step's headers give the header `lower` (a lower-case name) in any case, or undefined. */
function headerNamed(headers: Record<string, string> | undefined, lower: string): string | undefined {
  return Object.keys(headers ?? {}).find((h) => h.toLowerCase() === lower);
}

/** The name of the X-Scope-OrgID header among a step's headers (any case of it), or undefined. */
const tenantHeader = (headers: Record<string, string> | undefined) => headerNamed(headers, "x-scope-orgid");

/** The tenant a query goes to: `tenant:`, or the value of an X-Scope-OrgID header (any case of its name); undefined for none. */
function tenantOf(input: { tenant?: string; headers?: Record<string, string> }): string | undefined {
  const header = tenantHeader(input.headers);
  return input.tenant ?? (header === undefined ? undefined : input.headers![header]);
}

/** The server a query goes to, for the report: "Loki http://… (tenant team-a)". */
export function describeServer(server: string, input: { url?: string; tenant?: string; headers?: Record<string, string> }): string {
  const tenant = tenantOf(input);
  return `${server} ${input.url ?? ""}${tenant ? ` (tenant ${tenant})` : ""}`;
}

/**
 * The tenant a query went to (`tenant:` or an X-Scope-OrgID header), in a sentence that says what it holds: ` of tenant
 * "team-a"` ("no stream of tenant … matches"), or "".
 */
export function tenantText(input: { tenant?: string; headers?: Record<string, string> }): string {
  const tenant = tenantOf(input);
  return tenant !== undefined ? ` of tenant ${JSON.stringify(tenant)}` : "";
}

/** A query on one line for titles and summaries: whitespace collapsed, clipped to max characters. */
export function clipQuery(query: string, max = 80): string {
  return clipToWidth(query.replace(/\s+/g, " ").trim(), max);
}

/** The servers a query step asks: each adds its API's path to the step's url. */
export type QueryServer = "Prometheus" | "Loki";

/**
 * A url's path ending in the server's API path (`/api/v1/query`, `/api/v1`, `/loki/api/v1/query_range`): the step adds
 * that path to the url, and asked `/api/v1/query/api/v1/query`, a 404. Only the API's own endpoints end it, so a prefix
 * that holds `/api/v1` on the way (Kubernetes' `/api/v1/namespaces/…/proxy`) or a Loki behind `/loki` is kept.
 */
const API_PATH: Record<QueryServer, RegExp> = {
  Prometheus: /\/api\/v1(?:\/(?:query|query_range|query_exemplars|format_query|parse_query|series|labels|label\/[^/]+\/values|metadata|targets(?:\/metadata)?|rules|alerts|alertmanagers|status\/[^/]+))?\/*$/,
  Loki: /\/loki\/api\/v1(?:\/(?:query|query_range|series|labels|label\/[^/]+\/values|index\/stats|index\/volume|index\/volume_range|patterns|detected_fields|detected_labels|tail|push|format_query|status\/[^/]+))?\/*$/,
};

/** Why a url cannot be queried, or undefined when it looks like an http(s) URL (of `server`'s root, when given). */
export function urlError(url: string | undefined, server?: QueryServer): string | undefined {
  if (!url) return `url is empty`;
  if (!/^https?:\/\/[^/]/i.test(url)) return `url ${JSON.stringify(withoutUserinfo(url))} is not an http:// or https:// URL`;
  const invalid = invalidUrl(url);
  if (invalid !== undefined) return invalid;
  // The API's path is added after the URL: `http://p:9090/?x=1` asked `/?x=1/api/v1/query?…`, which the server answered with a page.
  const { href } = new URL(url);
  if (href.includes("?") || href.includes("#")) {
    return `url ${JSON.stringify(withoutUserinfo(url))} holds a ${href.includes("?") ? "query string (?…)" : "fragment (#…)"}: give the server's root URL (a path prefix is kept), to which the API's path is added`;
  }
  // Read in the path alone (a host named `api` is no path), as written: the root shown is the url without it.
  const shown = withoutUserinfo(url);
  const pathAt = shown.indexOf("/", shown.indexOf("//") + 2);
  const api = server === undefined || pathAt === -1 ? null : API_PATH[server].exec(shown.slice(pathAt));
  if (api) {
    return `url ${JSON.stringify(shown)} ends in the API's path ${api[0]}: give ${server}'s root URL, ${shown.slice(0, pathAt + api.index)} (a path prefix is kept), to which the step adds the API's path`;
  }
  return undefined;
}

/** HTTP client options from a step's connection fields and context. */
export function httpOptions(
  input: { url?: string; tenant?: string; auth?: Auth; headers?: Record<string, string> },
  ctx: { signal: AbortSignal; interrupt?: AbortSignal; log(line: string): void },
  /** Receives the warnings (and infos) a successful answer carries (for the step's report). */
  warnings?: string[],
  /** Receives the `warnings` alone, not Prometheus's `infos`: what may say the answer is partial (partialAnswer). */
  partial?: string[],
): Omit<HttpOptions, "server"> {
  return {
    url: input.url ?? "",
    tenant: input.tenant,
    auth: input.auth,
    headers: input.headers,
    signal: ctx.signal,
    interrupt: ctx.interrupt,
    log: (line) => ctx.log(line),
    warn: warnings || partial ? (all, only) => (warnings?.push(...all), partial?.push(...only)) : undefined,
  };
}

/**
 * A query that fills missing data in: `… or vector(0)`, `scalar(…)` (NaN for no series), `… or absent(x) * 0`,
 * `absent_over_time(x[5m]) - 1` (1 for no series), a time function of no argument, which reads `vector(time())`
 * (`… or minute() * 0`), whose answer has a value when no series was there: the function in group 1, or a time
 * function in group 2. (LogQL has only vector and absent_over_time of these.)
 */
export const FILLS_IN = /\b(vector|scalar|absent_over_time|absent)\s*\(|\b(minute|hour|day_of_month|day_of_week|day_of_year|days_in_month|month|year)\s*\(\s*\)/;

/** Operators and functions whose answer more data can take from or change (notMonotone). */
const NOT_MONOTONE: ReadonlySet<string> = new Set(["unless", "bool", "topk", "bottomk", "approx_topk", "limitk", "limit_ratio", "count_values", "quantile"]);
/** The same, where they are functions: only with their `(` (a metric may be named `vector`). */
const NOT_MONOTONE_CALLS: ReadonlySet<string> = new Set(["absent", "absent_over_time", "vector", "scalar"]);

/**
 * The first operator or function of a PromQL or LogQL query whose answer more data can take from or change (`unless`,
 * `absent(…)`, `absent_over_time(…)`, `vector(…)`, `scalar(…)`, `bool`, `topk`, `bottomk`, LogQL's `approx_topk`,
 * `limitk`, `limit_ratio`, `count_values`, `quantile`), or undefined for a monotone query: one whose answer only grows
 * with more data. Read outside selectors' braces, strings (`"…"`, `'…'`, `` `…` ``), `#` comments and the label lists
 * of `by`, `without`, `on`, `ignoring`, `group_left` and `group_right`: a label matcher `job!="x"`, a line filter
 * `!= "unless"` or a label named quantile is none. Keywords are read in any case, as PromQL reads them (`UNLESS`).
 */
export function notMonotone(query: string): string | undefined {
  const n = query.length;
  const nextChar = (at: number): string | undefined => query.slice(at).match(/^\s*(\S)/)?.[1];
  // A comparison of what an aggregation or a function gave (`count(up) < 2`, `rate(x[5m]) == 0`): missing data can make
  // it hold. The (…) may stand anywhere in either operand, which arithmetic binds tighter than a comparison:
  // `count(up) - 3 < 0` and `3 > count(up)` hold where count(up) < 3 does. One frame a bracket level: whether the
  // operand read so far holds a (…) (`group`), and a comparison whose left operand held none, waiting for one on its
  // right (`pending`). `and`, `or`, `unless`, a `,` and a LogQL pipe stage (`|`) start a new operand. Not a line filter
  // (`|= ip("…") != "x"`, `!= ip("…")`: a string or LogQL's ip(…) follows), nor a series' own value filtered (`up == 0`,
  // `up > on(job) group_left() threshold`: label lists are no (…)) or a label filter in a pipeline
  // (`| duration > 10s`), which more data only adds to.
  const frames: { group: boolean; pending?: string; ip: boolean }[] = [{ group: false, ip: false }];
  const top = () => frames[frames.length - 1]!;
  const newOperand = () => {
    top().group = false;
    top().pending = undefined;
  };
  /** The word just read, when a "(" follows it: the call's name (LogQL's `ip` opens no operand's (…)). */
  let called = "";
  let i = 0;
  while (i < n) {
    const c = query[i]!;
    const op = /^(?:[<>]=?|==|!=)/.exec(query.slice(i))?.[0];
    if (op !== undefined) {
      const after = query.slice(i + op.length).match(/^\s*([A-Za-z_]*)\s*(\S)?/);
      const filter = after?.[1] === "" ? after[2] === '"' || after[2] === "'" || after[2] === "`" : after?.[1] === "ip" && after[2] === "(";
      if (!filter) {
        if (top().group) return `a comparison after (…) (${op})`;
        top().pending = op;
      }
      i += op.length;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") i = endOfString(query, i);
    else if (c === "#") {
      const nl = query.indexOf("\n", i);
      i = nl === -1 ? n : nl + 1;
    } else if (c === "{") i = endOfGroup(query, i);
    else if (c === "(") {
      frames.push({ group: false, ip: called === "ip" });
      called = "";
      i++;
    } else if (c === ")") {
      const closed = frames.length > 1 ? frames.pop()! : undefined;
      if (closed !== undefined && !closed.ip) {
        if (top().pending !== undefined) return `a comparison before (…) (${top().pending})`;
        top().group = true;
      }
      i++;
    } else if (c === "," || c === "|") {
      newOperand();
      i++;
    } else if (/[0-9]/.test(c)) {
      i += query.slice(i).match(/^[0-9A-Za-z_.]+/)![0].length;
    } else if (/[A-Za-z_:]/.test(c)) {
      const word = query.slice(i).match(/^[A-Za-z_:][A-Za-z0-9_:]*/)![0];
      i += word.length;
      const lower = word.toLowerCase();
      if (NOT_MONOTONE.has(lower)) return lower;
      const call = nextChar(i) === "(";
      if (call && NOT_MONOTONE_CALLS.has(lower)) return `${lower}(…)`;
      if (lower === "and" || lower === "or") newOperand();
      // The label list's close: the first ")" (a quoted name holding one, `by ("a)b")`, ends it there).
      if (call && LABEL_LISTS.has(lower)) {
        const close = query.indexOf(")", i);
        i = close === -1 ? n : close + 1;
      } else called = call ? lower : "";
    } else i++;
  }
  return undefined;
}

/**
 * One expectation as written (`value: lt 2`, `labels.job: not_contains "remote"`: writtenChecks in expect.ts), and
 * whether more data keeps its verdict.
 */
export interface WrittenCheck {
  text: string;
  /**
   * A presence check: one that holds on an answer holds on any answer with more in it (of a monotone query): a count
   * bounded from below only (`gte`/`gt`, `empty: false`, the default non-empty check), `contains`, a label's value
   * present (a value, `contains`, `some`). A `value` is never one.
   */
  presence: boolean;
}

/** Items in a sentence: "a", "a and b", "a, b and c", past 4 "a, b, c and 2 more". */
function listed(items: readonly string[]): string {
  const shown = items.length > 4 ? [...items.slice(0, 3), `${items.length - 3} more`] : items;
  return shown.length === 1 ? shown[0]! : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

/** A PromQL selector read at an instant (instantSelector in lib/prom/selectors.ts), said where a partial answer is not judged for it. */
const AT_AN_INSTANT = "at an instant (its newest sample: the data the answer lacks may hold a newer one, or the stale marker that ended the series)";

/**
 * Why an answer whose checks all passed is not judged, or undefined: it came with `warnings` (a server says so when
 * the answer may be partial: a querier or store that did not answer, a remote_read that failed) and its verdict could
 * change with data it lacks. The answer is empty (no line, no series); the query turns missing data into a value
 * (`absent(…)`, `absent_over_time(…)`, `… or vector(0)`, `scalar(…)`, a time function of no argument: `minute()`); a
 * check is no presence check (`expectations`: a `value`, `not_contains`, a count bounded from above, an exact list of a
 * label's values…); or the query is not monotone (notMonotone: `unless`, `topk`…; or, for PromQL, `instant`: a selector
 * read at an instant, whose newest sample the data lacking may replace or end), and more data could take from what
 * every check saw. An answer passes only on presence checks of a monotone query: what it holds is there.
 */
export function partialAnswer(server: string, query: string, empty: boolean, warnings: readonly string[], expectations: readonly WrittenCheck[], instant?: string): string | undefined {
  if (warnings.length === 0) return undefined;
  const fills = FILLS_IN.exec(query);
  let what: string;
  if (empty) what = "the answer is empty";
  else if (fills) what = `the query turns missing data into a value (${fills[0].replace(/\s+/g, "")}…))`;
  else {
    const operator = notMonotone(query);
    const judged = expectations.filter((e) => !e.presence);
    // A selector read at an instant is said only where it alone makes presence checks rest on what the answer holds.
    const reads = operator !== undefined ? `holds ${operator}` : instant !== undefined && judged.length === 0 ? `reads ${instant} ${AT_AN_INSTANT}` : undefined;
    const held = reads !== undefined ? expectations : judged;
    if (held.length === 0) return undefined;
    const rests = `${listed(held.map((e) => e.text))} rest${held.length === 1 ? "s" : ""} on what the answer holds`;
    what = reads !== undefined ? `the query ${reads}, so ${rests}` : rests;
  }
  const more = warnings.length > 1 ? ` and ${warnings.length - 1} more` : "";
  return `${server} answered with warnings (${JSON.stringify(clipToWidth(warnings[0]!, 200))}${more}) and ${what}: an answer that may be partial is not judged on what it lacks`;
}

/**
 * The answer's result type when it fits the request, else an error naming both: a range query answered with a vector or
 * a scalar (one instant) skipped the check at every step and passed; a log query's lines answered with series had
 * nothing to count. `wanted` lists the types that fit.
 */
export function fitting(result: QueryResult, wanted: readonly QueryResult["type"][], server: string, url: string | undefined, request: string): QueryResult {
  if (wanted.includes(result.type)) return result;
  const fits = wanted.map((t) => RESULT_NAMES[t]).join(" or ");
  return fail(`${server} at ${url ?? ""} answered ${request} with ${RESULT_NAMES[result.type]}, where its answer is ${fits}: not judged`);
}

const RESULT_NAMES: Record<QueryResult["type"], string> = { streams: "log streams", matrix: "a matrix", vector: "a vector", scalar: "a scalar" };

function fail(message: string): never {
  throw new ApiError(message);
}

/** A request error becomes a failed step with the server's message; anything else is a bug and is rethrown. */
export function requestFailure(err: unknown, partial: Pick<StepResult, "details" | "observed" | "summary">): StepResult {
  if (err instanceof ApiError) return err.refused ? { checks: [], error: err.message, final: true, ...partial } : { checks: [], error: err.message, ...partial };
  throw err;
}

/**
 * Where a logql or promql step's `expect` compares a label's value (text) with what is written: a number written
 * otherwise than it prints there (`version: 1.10`) is refused, asking to quote it (the steps' `spelledNumbers`). On the
 * list of a label's values: a value, a list (also under eq and ne), contains and not_contains; and wherever a matcher
 * of one value compares it (`some: 1.10`, `every: {in: [1.10]}`, a `value` item's labels), which passed on "1.1" too.
 */
export const LABEL_SPELLED_NUMBERS: readonly (readonly string[])[] = [
  ["expect", "labels", "*"],
  ["expect", "labels", "*", "#"],
  // The list's operators, and the same under one or two `not` (`not: {some: 1.10}`).
  ...[[], ["not"], ["not", "not"]].flatMap((not): (readonly string[])[] => {
    const at = ["expect", "labels", "*", ...not];
    return [[...at, "eq", "#"], [...at, "ne", "#"], [...at, "contains"], [...at, "not_contains"], ...textMatcherSpelledNumbers([...at, "some"], [...at, "every"])];
  }),
  ...textMatcherSpelledNumbers(["expect", "value", "*", "labels", "*"]),
];

// The `logql` step: a LogQL query on Loki (`url`) or on local files (`files`, embedded engine), checked against `expect`.
import { formatSize } from "../core/units/size.ts";
import { lokiClient } from "../loki/client.ts";
import { ApiError } from "../prom/http.ts";
import { isLogQuery } from "../loki/query-kind.ts";
import { embeddedSupportErrors, queryLogFiles, LogqlError } from "../logsource/evaluate.ts";
import type { QueryResult } from "../core/query-result.ts";
import { describeSkipped } from "../util/glob-walk.ts";
import { checkResult, countLines, emptyAsExpected, emptyAsExpectedWarning, heldOnNothingNote, isEmpty, nsText, requiresNone, resultObserved, resultSummary, resultText, tiedPicksNotes, unlabelledWarnings, writtenChecks } from "./query/expect.ts";
import {
  clipQuery,
  describeServer,
  fitting,
  httpOptions,
  instantEvaluation,
  iso,
  partialAnswer,
  rangeEvaluation,
  requestFailure,
  resolveWindow,
  tenantText,
  urlError,
  windowEvaluation,
  LABEL_SPELLED_NUMBERS,
  type Evaluation,
  type RangeGrid,
  type Window,
} from "./query/source.ts";
import type { Detail } from "../core/detail.ts";
import { warningLines } from "../core/warnings.ts";
import type { StepResult } from "../core/step-result.ts";
import { abortText } from "../core/abort-text.ts";
import type { Step, StepContext } from "./types.ts";
import type { LogqlInput as Input, LogqlSchema } from "./logql/schema.ts";
import { fastLogqlInput } from "./query/fast-input.ts";
import { DEFAULT_STEP_LINE_LIMIT } from "./logql/limits.ts";
import { RegexLimitError } from "../util/regex-limit.ts";

export { DEFAULT_STEP_LINE_LIMIT };

/** What the query is evaluated over: the log window, a metric range, or one instant (the window's end). */
interface Plan extends Evaluation {
  log: boolean;
  window: Window;
  /** A metric range: the instants it is evaluated at (`grid.startMs`, every step, to `grid.endMs`). */
  grid?: RangeGrid;
  limit?: number;
}

function plan(input: Input, nowMs: number): Plan | string {
  const window = resolveWindow(input, nowMs);
  if (typeof window === "string") return window;
  if (isLogQuery(input.query)) return { log: true, window, limit: input.limit ?? DEFAULT_STEP_LINE_LIMIT, ...windowEvaluation(window) };
  if (input.step !== undefined) {
    const range = rangeEvaluation(window, input.step);
    return typeof range === "string" ? range : { log: false, window, ...range };
  }
  return { log: false, window, ...instantEvaluation(window.endMs) };
}

interface Outcome {
  result: QueryResult;
  notes: string[];
  observed: Record<string, unknown>;
  /** Loki's warnings about its answer, each "Loki: …" (StepResult.warnings). */
  warnings?: string[];
  /** The same, as Loki gave them (partialAnswer). */
  partial?: string[];
}

async function fromLoki(input: Input, p: Plan, ctx: StepContext): Promise<Outcome> {
  const warnings: string[] = [];
  const partial: string[] = [];
  const client = lokiClient(httpOptions(input, ctx, warnings, partial));
  const { startMs, endMs } = p.window;
  let result: QueryResult;
  if (p.log) result = withinWindow(fitting(await client.queryRange(input.query, { startMs, endMs, limit: p.limit, direction: input.direction }), ["streams"], "Loki", input.url, "a log query"), startMs, endMs, input.url);
  else if (p.grid) result = fitting(await client.queryRange(input.query, p.grid), ["matrix"], "Loki", input.url, "a range query (step)");
  else result = fitting(await client.query(input.query, { timeMs: endMs }), ["vector", "scalar"], "Loki", input.url, "an instant metric query");
  const warned = warnings.map((w) => `Loki: ${w}`);
  // The Query detail shows a handful, one line each (core/warnings.ts); StepResult.warnings keeps them all for the JSON report.
  return { result, notes: warningLines(warned, "warning: "), observed: warnings.length ? { warnings: warnings.length } : {}, warnings: warned, partial };
}

/**
 * A log query's answer whose lines all lie in the window asked for. Loki returns no other; a cache, proxy or stand-in
 * answering with lines outside it (a stale answer) was judged as if they were the window's: `lines: 2` and a contains
 * passed on a line an hour in the future and one ten days old.
 */
function withinWindow(result: QueryResult, startMs: number, endMs: number, url: string | undefined): QueryResult {
  if (result.type !== "streams") return result;
  const from = BigInt(startMs) * 1_000_000n;
  const to = BigInt(endMs) * 1_000_000n;
  for (const s of result.streams) {
    for (const e of s.entries) {
      // Loki's window takes its start and leaves out its end (a line at end is not returned).
      if (e.tsNs >= from && e.tsNs < to) continue;
      throw new ApiError(
        `Loki at ${url ?? ""} answered a log query for ${iso(startMs)} to ${iso(endMs)} with a line at ${nsText(e.tsNs)}, outside that window ` +
          `(Loki returns none: a cache or proxy answering for another window?): not judged`,
      );
    }
  }
  return result;
}

/**
 * The embedded engine rejects with LogqlError (query problems), a plain Error (unreadable files, bad globs) or the
 * signal's reason: all of them are the step's error. Other errors (TypeError…) are bugs and propagate.
 */
function filesFailure(err: unknown, ctx: StepContext): ApiError {
  if (ctx.signal.aborted) return new ApiError(abortText(ctx.signal));
  if (err instanceof LogqlError || err instanceof RegexLimitError || (err instanceof Error && err.constructor === Error)) return new ApiError(err.message);
  throw err;
}

/**
 * Whether Loki said it is not ready, or a note when it could not be asked. Loki answers queries with 200 while it is
 * still starting, its ingester not ready yet (`GET /ready` answers 503 "Ingester not ready: waiting for 15s after being
 * ready"): without the lines that ingester has not taken in, every query with nothing at first. A check that holds on
 * missing lines (`lines: 0`, `not_contains`, `empty: true`, `value: {lt: 5}` on `… or vector(0)`, `absent_over_time`)
 * would pass on it. Only a 503 of /ready says not ready; any other failure of it (a gateway that does not route /ready:
 * 404) leaves the answer judged, with a note when the answer is empty.
 */
async function readiness(input: Input, ctx: StepContext): Promise<{ notReady?: string; note?: string }> {
  try {
    await lokiClient(httpOptions(input, ctx)).ready();
    return {};
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    if (err.status === 503) return { notReady: err.message };
    return { note: `note:   could not tell whether Loki was ready: GET /ready: ${err.message}` };
  }
}

/** A stream selector of a query, with the span of time its lines are read from. */
interface Selector {
  text: string;
  startMs: number;
  endMs: number;
  /**
   * A metric range's window is left-open and right-closed, (start, end]: a line at its end is counted. Loki's series and
   * log queries read [start, end): asked so, a stream whose only line lay at the end was missing from a window whose answer
   * counted it (readEnd asks one millisecond further).
   */
  closedEnd?: boolean;
}

/** The end to ask Loki or the files for, exclusive: one millisecond past a window whose end is counted. */
const readEnd = (sel: Selector) => sel.endMs + (sel.closedEnd ? 1 : 0);

/** Selectors no stream (or no line of the files) matches, each with its time: `{a="b"} from … to …, nor {…} from … to …`. */
const windowsText = (none: readonly Selector[]) => none.map((sel) => `${sel.text} from ${iso(sel.startMs)} to ${iso(sel.endMs)}`).join(", nor ");

/** The query's syntax tree (the parser loaded on first use), or undefined when it cannot be read here. */
function parsedQuery(query: string): import("../logql/ast.ts").Query | undefined {
  const { parseLogql } = require("../logql/parse.ts") as typeof import("../logql/parse.ts");
  try {
    return parseLogql(query).query;
  } catch {
    return undefined;
  }
}

/**
 * The stream selectors whose lines a query reads, each with the time it reads them over: a log query's over the window;
 * a metric query's range aggregations over their range (and offset) before each instant it is evaluated at. An
 * `absent_over_time` and the right side of `unless` are left out: no stream is what they ask about. Undefined when the
 * query cannot be read here.
 */
function selectorsOf(query: string, p: Plan): Selector[] | undefined {
  const q = parsedQuery(query);
  if (q === undefined) return undefined;
  const text = (matchers: import("../logql/ast.ts").LabelMatcher[]) => `{${matchers.map((m) => `${m.name}${m.op}${JSON.stringify(m.value)}`).join(", ")}}`;
  if (q.kind === "log") return [{ text: text(q.matchers), startMs: p.window.startMs, endMs: p.window.endMs }];
  const first = p.grid?.startMs ?? p.window.endMs;
  const last = p.grid?.endMs ?? p.window.endMs;
  const out: Selector[] = [];
  const walk = (m: import("../logql/ast.ts").MetricQuery): void => {
    if (m.kind === "range_agg") {
      if (m.op !== "absent_over_time") out.push({ text: text(m.range.matchers), startMs: first - m.range.rangeMs - m.range.offsetMs, endMs: last - m.range.offsetMs, closedEnd: true });
    } else if (m.kind === "vector_agg" || m.kind === "label_replace") walk(m.expr);
    else if (m.kind === "binop") {
      walk(m.left);
      if (m.op !== "unless") walk(m.right);
    }
  };
  walk(q);
  return out;
}

/**
 * Whether any stream matches the query's selectors (selectorsOf; GET /loki/api/v1/series over each one's time, with the
 * step's auth, tenant and headers), for an answer whose checks passed on data being missing: an empty answer a check
 * held on nothing, or one a query's `vector(…)` filled in. None: the selectors (a typo, a label Loki does not have), the
 * tenant, or the logs never reaching Loki made the answer, and the checks checked nothing. One is enough: a stream label
 * value not seen yet (`{svc="api", level="error"}` beside `{svc="api"}` in an error ratio) cannot be told from a typo. A
 * note when Loki could not be asked (it refuses a selector made only of matchers that match the empty value).
 */
async function noStream(input: Input, p: Plan, ctx: StepContext): Promise<{ none?: Selector[]; note?: string }> {
  const selectors = selectorsOf(input.query, p);
  if (!selectors?.length) return {};
  const client = lokiClient(httpOptions(input, ctx));
  for (const sel of selectors) {
    let asked = "GET /loki/api/v1/series";
    try {
      if ((await client.series([sel.text], { startMs: sel.startMs, endMs: readEnd(sel) })).length > 0) return {};
      // Loki 3.4 stops listing a recent stream there once its chunk is flushed (POST /flush, or chunk_idle_period of
      // quiet), while its lines are still queried: one line of the selector alone says the stream is there.
      asked = "GET /loki/api/v1/query_range";
      const lines = await client.queryRange(sel.text, { startMs: sel.startMs, endMs: readEnd(sel), limit: 1 });
      if (lines.type === "streams" && lines.streams.some((s) => s.entries.length > 0)) return {};
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { note: `note:   could not tell whether ${sel.text} matches a stream: ${asked}: ${err.message}` };
    }
  }
  return { none: selectors };
}

/**
 * Loki 3.4.6's ingester cuts (flushes) a stream's chunk after its chunk_idle_period without a new line (30 minutes by
 * default), and the stream's next line starts another chunk. Its GET /loki/api/v1/series lists a stream whose chunk
 * overlaps the window, a chunk spanning its first line to its last: a window between two lines of a stream no more
 * than this apart lies in one chunk and the stream is listed; further apart, the lines lie in two chunks and the window
 * between them is held by neither. Loki counts the period on its own clock since the last push; here it is counted
 * between the lines' times, as for lines pushed when written. Lines further apart pushed together share a chunk in
 * Loki, whose stream is then listed: the files' answer is the stricter one, failing a step Loki passes, never passing
 * one it fails.
 */
const CHUNK_IDLE_PERIOD_MS = 30 * 60_000;
const CHUNK_IDLE_PERIOD_NS = BigInt(CHUNK_IDLE_PERIOD_MS) * 1_000_000n;

/**
 * The most lines each look-up around a window reads (spansWindow): the newest before it, the oldest after it. A stream
 * the limit leaves out is not found, which can fail a step, never pass one.
 */
const AROUND_WINDOW_LIMIT = DEFAULT_STEP_LINE_LIMIT;

/**
 * With files: the query's selectors when none of them holds a stream over its time, else undefined. A selector holds
 * one when it has a line in its time (the embedded engine asked for one line), or when one of its streams has a line
 * before that time and its next line at or after its end, no more than CHUNK_IDLE_PERIOD_MS apart (spansWindow): what
 * Loki's GET /loki/api/v1/series lists.
 */
async function noFileStream(input: Input, p: Plan, ctx: StepContext): Promise<Selector[] | undefined> {
  const selectors = selectorsOf(input.query, p);
  if (!selectors?.length) return undefined;
  const read = (sel: Selector, startMs: number, endMs: number, limit: number, direction?: "forward" | "backward") =>
    queryLogFiles({
      query: sel.text,
      files: input.files ?? {},
      scenarioDir: ctx.scenarioDir,
      startMs,
      endMs,
      limit,
      direction,
      ingestLabels: input.ingest_labels ?? true,
      signal: ctx.signal,
    }).then(
      (out) => out.result,
      (err: unknown) => {
        throw filesFailure(err, ctx);
      },
    );
  for (const sel of selectors) {
    // One stream with a line: the answer read data (a stream label's value not seen yet, `level="error"` beside
    // `{svc="api"}`, is no typo to tell from it).
    if (countLines(await read(sel, sel.startMs, readEnd(sel), 1)) > 0) return undefined;
  }
  for (const sel of selectors) if (await spansWindow(sel, input.ingest_labels ?? true, read)) return undefined;
  return selectors;
}

/**
 * Whether one stream of a selector that has no line in its time has a line before it and its next line at or after its
 * end, no more than CHUNK_IDLE_PERIOD_MS apart: Loki holds both in one chunk, which overlaps the window. Such a line
 * before lies at or after end minus the period, the one after it before start plus the period: the newest lines before
 * the window and the oldest after it, over those spans, are read (the step's engine, which leaves out the lines Loki
 * would refuse), and each stream's newest before is paired with its oldest after. Lines on either side that belong to
 * different streams do not count.
 */
async function spansWindow(
  sel: Selector,
  ingestLabels: boolean,
  read: (sel: Selector, startMs: number, endMs: number, limit: number, direction: "forward" | "backward") => Promise<QueryResult>,
): Promise<boolean> {
  // A line before the window and one at or after its end are further apart than the window is long.
  const end = readEnd(sel);
  if (end - sel.startMs >= CHUNK_IDLE_PERIOD_MS) return false;
  const newest = edgeTimes(await read(sel, end - CHUNK_IDLE_PERIOD_MS, sel.startMs, AROUND_WINDOW_LIMIT, "backward"), ingestLabels, true);
  if (newest.size === 0) return false;
  const oldest = edgeTimes(await read(sel, end, sel.startMs + CHUNK_IDLE_PERIOD_MS, AROUND_WINDOW_LIMIT, "forward"), ingestLabels, false);
  for (const [key, last] of newest) {
    const next = oldest.get(key);
    if (next !== undefined && next - last <= CHUNK_IDLE_PERIOD_NS) return true;
  }
  return false;
}

/** Each stream's newest (or oldest) line time in an answer, by entryTimes' stream key. */
function edgeTimes(result: QueryResult, ingestLabels: boolean, newest: boolean): Map<string, bigint> {
  const edge = new Map<string, bigint>();
  for (const [key, tsNs] of entryTimes(result, ingestLabels)) {
    const seen = edge.get(key);
    if (seen === undefined || (newest ? tsNs > seen : tsNs < seen)) edge.set(key, tsNs);
  }
  return edge;
}

/**
 * Each line of a bare selector's answer with its stream: its labels without the `detected_level` structured metadata
 * the engine adds per line when it adds Loki's ingestion labels (a stream's lines of two levels are two streams of the
 * answer). A stream with a `detected_level` label of its own has the metadata as `detected_level_extracted`; when the
 * answer holds both names, which one is the stream's is not known, and both are kept (a stream's lines of two levels
 * are then not paired: a step may fail on it, never pass).
 */
function* entryTimes(result: QueryResult, ingestLabels: boolean): Generator<[string, bigint]> {
  if (result.type !== "streams") return;
  for (const s of result.streams) {
    const labels = Object.entries(s.labels).filter(([name]) => !(ingestLabels && name === "detected_level" && !Object.hasOwn(s.labels, "detected_level_extracted")));
    const key = JSON.stringify(labels.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const e of s.entries) yield [key, e.tsNs];
  }
}

/**
 * How a metric query fills missing data in, whose answer then has a value when no stream had a line: `vector(…)`
 * (`… or vector(0)`), or `absent_over_time(…)` (one series of 1 where its selector has no line: `… or
 * absent_over_time(x[5m]) * 0`), read from the parsed query (a line filter's "vector(" is none). Undefined for none, or
 * a query that cannot be read here.
 */
function fillsIn(query: string): "vector" | "absent_over_time" | undefined {
  const q = parsedQuery(query);
  if (q === undefined) return undefined;
  let absent = false;
  const walk = (m: import("../logql/ast.ts").MetricQuery): boolean => {
    if (m.kind === "vector") return true;
    if (m.kind === "range_agg") absent ||= m.op === "absent_over_time";
    else if (m.kind === "vector_agg" || m.kind === "label_replace") return walk(m.expr);
    else if (m.kind === "binop") return walk(m.left) || walk(m.right);
    return false;
  };
  if (q.kind === "log") return undefined;
  return walk(q) ? "vector" : absent ? "absent_over_time" : undefined;
}

/**
 * What to write instead when a check held on nothing: no stream is the answer (`empty: true`); for a metric query that
 * fills missing data in, without the filling (absent_over_time alone asks that its selector has no line, which is not
 * asked about).
 */
function insteadText(log: boolean, fills: ReturnType<typeof fillsIn>): string {
  if (log) return "write empty: true or streams: 0 if no stream is the expected answer";
  if (fills === "absent_over_time") return "query absent_over_time(…) alone, or write empty: true, if no line is the expected answer";
  return "leave out or vector(…) and write empty: true if no line is the expected answer";
}

async function fromFiles(input: Input, p: Plan, ctx: StepContext): Promise<Outcome> {
  const files = input.files ?? {};
  const { startMs, endMs } = p.grid ?? p.window;
  const instant = !p.log && p.grid === undefined;
  const out = await queryLogFiles({
    query: input.query,
    files,
    scenarioDir: ctx.scenarioDir,
    startMs: instant ? endMs : startMs,
    endMs,
    stepMs: p.grid?.stepMs,
    limit: p.limit,
    direction: input.direction,
    ingestLabels: input.ingest_labels ?? true,
    signal: ctx.signal,
  }).catch((err: unknown) => {
    throw filesFailure(err, ctx);
  });
  const read = `${out.filesRead} file${out.filesRead === 1 ? "" : "s"}, ${formatSize(out.bytesRead)}`;
  ctx.log(`logql files: read ${read}; timestamps: ${out.timestampRule}`);
  const links = out.skippedLinks.length ? describeSkipped(out.skippedLinks).split("\n").map((l) => `link:   ${l}`) : [];
  for (const line of links) ctx.log(`logql files: ${line}`);
  return {
    result: out.result,
    notes: [`read:   ${read}`, `timestamps: ${out.timestampRule}`, ...links],
    observed: { files_read: out.filesRead },
  };
}

function describeSource(input: Input): string {
  if (input.url !== undefined) return describeServer("Loki", input);
  const globs = Object.entries(input.files ?? {}).map(([glob, labels]) => {
    const static_ = Object.entries(labels).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    return static_.length ? `${glob} {${static_.join(", ")}}` : glob;
  });
  return `files ${globs.join(", ")}`;
}

let builtSchema: LogqlSchema | undefined;

export const step = {
  kind: "logql",
  checks: true,
  queryFields: ["query"],
  urlFields: ["url"],
  globFields: ["files"],
  /** Built on first read (zod, when a step is unsure to the fast check, or for the JSON Schema); the same object every read. */
  get schema(): LogqlSchema {
    return (builtSchema ??= (require("./logql/schema.ts") as typeof import("./logql/schema.ts")).logqlSchema);
  },
  textScalars: [["tenant"], ["headers", "*"], ["files", "*", "*"]],
  spelledNumbers: LABEL_SPELLED_NUMBERS,
  describe: (input: Input) => `logql ${clipQuery(input.query)}`,
  async run(input, ctx): Promise<StepResult> {
    if (input.url !== undefined) {
      const bad = urlError(input.url, "Loki");
      if (bad) return { checks: [], error: bad };
    } else {
      const unsupported = embeddedSupportErrors(input.query);
      if (unsupported.length) return { checks: [], error: unsupported.join("\n") };
    }
    const p = plan(input, Date.now());
    if (typeof p === "string") return { checks: [], error: p };
    const source = describeSource(input);
    const queryLines = [`query:  ${input.query}`, `source: ${source}`, `when:   ${p.when}`];
    if (p.limit !== undefined) queryLines.push(`limit:  ${p.limit}${input.direction ? `, ${input.direction}` : ""}`);
    const queryDetail = (extra: string[] = []): Detail => ({ title: "Query", body: [...queryLines, ...extra].join("\n") });
    const summary = `logql ${clipQuery(input.query, 60)} on ${input.url ?? "files"} ${p.when}`;
    let outcome: Outcome;
    try {
      outcome = input.url !== undefined ? await fromLoki(input, p, ctx) : await fromFiles(input, p, ctx);
    } catch (err) {
      return requestFailure(err, { summary, details: [queryDetail()], observed: p.observed });
    }
    const { result } = outcome;
    const notes = [...outcome.notes];
    const observed: Record<string, unknown> = { ...resultObserved(result), ...p.observed, ...outcome.observed };
    const cut = p.limit !== undefined && countLines(result) >= p.limit ? p.limit : undefined;
    if (cut !== undefined) {
      notes.push(`note:   the limit of ${cut} lines was reached; not_contains and counts that lines past it could change fail (raise limit to see more)`);
      observed.limit_reached = true;
      if (result.type === "streams" && result.tiedAtLimit !== undefined) {
        notes.push(`note:   the limit cut through lines of one time (${nsText(result.tiedAtLimit)}): which of them Loki returns is not known, so checks do not count the lines returned at that time`);
      }
    }
    // A topk/bottomk that picked among series of one value (files): which of them Loki keeps is not known.
    notes.push(...tiedPicksNotes(result));
    const checks = checkResult(result, input.expect ?? {}, cut, p.grid);
    // A check that passed on an empty answer held on nothing: said beside the verdict (a wrong tenant or selector
    // answers with no line too), with how to require lines.
    const nothing = heldOnNothingNote(result, input.expect ?? {}, checks);
    if (nothing !== undefined) notes.push(nothing);
    // `lines: 0` ("no error line") says no line of the selector's streams passes the filters, not that the streams are
    // missing: on a selector with a typo it held on nothing. `empty: true` and `streams: 0` say no stream is expected.
    const e = input.expect ?? {};
    const noLinesOfStreams = p.log && isEmpty(result) && e.empty === undefined && !requiresNone(e.streams) && requiresNone(e.lines);
    // A metric query that fills missing data in (`… or vector(0)`, `… or absent_over_time(x[5m]) * 0`) has a value when no
    // stream had a line: its selectors (absent_over_time's own left out) are asked about as for an empty answer.
    const fills = p.log ? undefined : fillsIn(input.query);
    const askStreams = nothing !== undefined || noLinesOfStreams || fills !== undefined;
    ctx.log(`logql ${input.query} → ${resultSummary(result)}`);
    // Every check passed: an answer that may be partial passes only presence checks of a monotone query, never on what
    // it lacks (partialAnswer), and Loki's answer only if Loki was ready to give one (readiness).
    const partial = checks.every((c) => c.ok) ? partialAnswer("Loki", input.query, isEmpty(result), outcome.partial ?? [], writtenChecks(input.expect ?? {})) : undefined;
    if (partial !== undefined) {
      ctx.log(partial);
      const done = requestFailure(new ApiError(partial), { summary: `${summary} → partial answer`, details: [queryDetail(notes), { title: p.log ? "Lines" : "Series", body: resultText(result, input.direction) }], observed });
      if (outcome.warnings?.length) done.warnings = outcome.warnings;
      return done;
    }
    if (input.url !== undefined && checks.every((c) => c.ok)) {
      const ready = await readiness(input, ctx);
      if (ready.notReady !== undefined) {
        const error = `Loki is not ready (${ready.notReady}): its answer is not judged, as a Loki still starting answers without the lines its ingester has not taken in (at first, every query with nothing)`;
        ctx.log(error);
        return requestFailure(new ApiError(error), { summary: `${summary} → Loki not ready`, details: [queryDetail(notes)], observed });
      }
      if (ready.note !== undefined && isEmpty(result)) notes.push(ready.note);
      // Checks that passed on missing data (an empty answer, a value vector() filled in): on nothing at all when no stream matches.
      if (askStreams) {
        const streams = await noStream(input, p, ctx);
        if (streams.none !== undefined) {
          const held = [...new Set(checks.map((c) => c.path))].join(", ");
          const instead = insteadText(p.log, fills);
          const error = `no stream${tenantText(input)} matches ${windowsText(streams.none)}: ${held} held on nothing (a typo in the selector, a wrong tenant or logs that never reached Loki answer so too; ${instead})`;
          ctx.log(error);
          return requestFailure(new ApiError(error), { summary: `${summary} → no stream`, details: [queryDetail(notes)], observed });
        }
        if (streams.note !== undefined) notes.push(streams.note);
      }
    }
    // The same for files: a selector that no file's labels match read nothing at all (the embedded engine asked for one
    // line of each selector over its time, or a line of one of its streams on either side of it: noFileStream).
    if (input.url === undefined && checks.every((c) => c.ok) && askStreams) {
      let none: Selector[] | undefined;
      try {
        none = await noFileStream(input, p, ctx);
      } catch (err) {
        return requestFailure(err, { summary, details: [queryDetail(notes)], observed });
      }
      if (none !== undefined) {
        const held = [...new Set(checks.map((c) => c.path))].join(", ");
        const instead = insteadText(p.log, fills);
        const error = `no line of any file matches ${windowsText(none)}: ${held} held on nothing (a typo in the selector, or a label the files do not carry, answers so too; ${instead})`;
        ctx.log(error);
        return requestFailure(new ApiError(error), { summary: `${summary} → no stream`, details: [queryDetail(notes)], observed });
      }
    }
    // `empty: true` and `streams: 0` (a `series` count that holds for 0 and not for 1) say no stream is the answer,
    // which a typo in the selector gives too: where such an answer is empty and every check passed, the step asks
    // what it asks of a check that held on nothing, and passes with a warning where no selector holds a stream
    // (docs/steps/logql.md). Not when that was asked above (`lines: 0` beside `series: 0`).
    const own: string[] = [];
    if (!askStreams && emptyAsExpected(result, e, checks)) {
      // Carried as `hold` carries a hold started over (lib/engine/run-step.ts): under the step on the console, in the
      // run log, the Markdown report's Warnings and the JSON report.
      const warn = (none: Selector[], what: string) => {
        own.push(emptyAsExpectedWarning(`${what} matches ${windowsText(none)}`, "a service silent in the window reads so too"));
      };
      if (input.url !== undefined) {
        const streams = await noStream(input, p, ctx);
        if (streams.none !== undefined) warn(streams.none, `no stream${tenantText(input)}`);
        else if (streams.note !== undefined) notes.push(streams.note);
      } else {
        try {
          const none = await noFileStream(input, p, ctx);
          if (none !== undefined) warn(none, "no line of any file");
        } catch (err) {
          // The files were read for the answer just now; one that cannot be read again leaves the verdict standing.
          if (!(err instanceof ApiError) || ctx.signal.aborted) return requestFailure(err, { summary, details: [queryDetail(notes)], observed });
          notes.push(`note:   could not tell whether the query's selectors match a line of the files: ${err.message}`);
        }
      }
    }
    // A label no stream or series carries, whose checks passed (a typo in its name): the note beside them is in the run log only.
    own.push(...unlabelledWarnings(result, e, checks, cut));
    const done: StepResult = {
      checks,
      observed,
      details: [queryDetail(notes), { title: p.log ? "Lines" : "Series", body: resultText(result, input.direction) }],
      summary: `${summary} → ${resultSummary(result)}`,
    };
    // The step's own warnings before Loki's: shown first when a step has more than a handful.
    const warnings = [...own, ...(outcome.warnings ?? [])];
    if (warnings.length) done.warnings = warnings;
    return done;
  },
  fastInput: (raw) => fastLogqlInput(raw) as { value: Input } | undefined,
} satisfies Step<LogqlSchema>;

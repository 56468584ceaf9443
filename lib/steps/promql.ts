// The `promql` step: runs a PromQL query on Prometheus (instant, or a range with `step`) and checks value/series/labels/empty.
import { promClient } from "../prom/client.ts";
import type { QueryResult } from "../core/query-result.ts";
import type { StepResult } from "../core/step-result.ts";
import { warningLines } from "../core/warnings.ts";
import { checkResult, emptyAsExpected, emptyAsExpectedWarning, heldOnNothingNote, isEmpty, resultObserved, resultSummary, resultText, unlabelledWarnings, writtenChecks } from "./query/expect.ts";
import {
  clipQuery,
  describeServer,
  fitting,
  httpOptions,
  instantEvaluation,
  iso,
  FILLS_IN,
  partialAnswer,
  requestFailure,
  resolveWindow,
  tenantText,
  urlError,
  rangeEvaluation,
  LABEL_SPELLED_NUMBERS,
  type Evaluation,
  type RangeGrid,
} from "./query/source.ts";
import type { Step } from "./types.ts";
import type { PromqlInput as Input, PromqlSchema } from "./promql/schema.ts";
import { fastPromqlInput } from "./query/fast-input.ts";
import { instantSelector, metricAndLabels, timedSelectorNeeds } from "../prom/selectors.ts";
import { needed, unmet } from "../prom/needs.ts";
import { ApiError } from "../prom/http.ts";
import type { PromClient } from "../prom/client.ts";
import { clipToWidth } from "../util/clip.ts";

/**
 * For an answer whose checks all passed on missing data (an empty answer a check held on nothing, or a value a query's
 * `vector(…)`, `scalar(…)`, `absent(…)` or `absent_over_time(…)` filled in): whether each selector the answer rests on (selectorNeeds) reads data from an
 * hour before its first instant to its last (GET /api/v1/series, one a selector). A selector no series matches reads
 * data still when its metric has series that carry every label it asks a value of (GET /api/v1/labels; none asked by
 * a matcher a series without the label meets, `code!~"2..|4.."`): a value not seen yet (`code="500"` before the first
 * 500), said in a note; a typo in the metric or a label's name, a wrong tenant or a target never scraped reads none, and
 * so does a selector with a `!~` matcher whose regex matches every value (`code!~".*"`, "" too: it leaves out every
 * series), whatever the metric has (`why` says so). `none`: those the answer rests on without data — on either side of `a / b`,
 * on both of `a or b` — so the checks checked nothing there, each with what Prometheus warned in answering its look-ups
 * (`warned`: an answer that may be partial could read none), whose warnings are never the query's. A note for each
 * selector Prometheus could not be asked about (taken as reading data).
 */
async function noSeries(ask: () => LookUp, query: string, firstMs: number, lastMs: number): Promise<{ none?: NoSeries[]; notes: string[] }> {
  const { needs, window: windowOf } = timedSelectorNeeds(query);
  const selectors = needed(needs);
  const asked = await Promise.all(
    selectors.map(async (key): Promise<{ matched: boolean; note?: string; why?: string; warned?: string }> => {
      // Where `offset`, `@` or a long range moves the data a selector reads: asked about there (`x offset 1d` a day back).
      const { text: sel, unknown, ...window } = windowOf(key, firstMs, lastMs);
      if (unknown) return { matched: true, note: `note:   could not tell whether ${key} matches a series: a duration or time in it was not read` };
      // The look-ups' own warnings: said with a conclusion of no series, which an answer that may be partial could make.
      const { client, warnings } = ask();
      const noMatch = () => ({ matched: false, ...(warnings.length ? { warned: lookUpWarned(key, warnings) } : {}) });
      try {
        if ((await client.seriesCount([sel], window)) > 0) return { matched: true };
        const parts = metricAndLabels(sel);
        // No series can ever match it: no value is one not seen yet. Said as the load says it of a matcher an empty
        // variable widens (lib/vars/empty-refs.ts).
        if (parts?.excludesEvery !== undefined) {
          const why = parts.excludesEvery.map((m) => {
            const label = /^[A-Za-z0-9_]+/.exec(m)![0];
            return `the label matcher ${m} would leave out more than meant: its regex matches every value, "" of a series without ${label} too, so no series can match it`;
          });
          // No answer decides it: what the look-up warned does not matter.
          return { matched: false, why: why.join("; ") };
        }
        // The metric alone (`up`) matched nothing: it has no series.
        if (parts === undefined || !parts.narrowed) return noMatch();
        const names = new Set(await client.labelNames([parts.metric], window));
        // Every series has a __name__: none means the metric has no series.
        if (names.size === 0 || !parts.labels.every((l) => names.has(l))) return noMatch();
        const carrying = parts.labels.length > 0 ? ` with ${parts.labels.join(", ")}` : "";
        return { matched: true, note: `note:   no series matches ${key}; ${parts.metric} has series${carrying}: taken as a value not seen yet (a typo in the value reads so too)` };
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return { matched: true, note: `note:   could not tell whether ${key} matches a series: ${err.message}` };
      }
    }),
  );
  const matched = new Map(selectors.map((sel, k) => [sel, asked[k]!]));
  const none = unmet(needs, (sel) => matched.get(sel)?.matched === true);
  const windows = none?.map((sel) => {
    const { startMs, endMs } = windowOf(sel, firstMs, lastMs);
    const { why, warned } = matched.get(sel) ?? {};
    return { sel, startMs, endMs, ...(why !== undefined ? { why } : {}), ...(warned !== undefined ? { warned } : {}) };
  });
  return { ...(windows !== undefined ? { none: windows } : {}), notes: asked.flatMap((a) => (a.note === undefined ? [] : [a.note])) };
}

/**
 * For an empty answer the expectation asks for (`empty: true`, a `series` count that holds for 0 and not for 1), whose
 * checks all passed: whether the metric of each selector the answer rests on (its name alone, the label matchers left
 * out: `upp` of `upp{job=~"a|b"}`) has any series in the window that selector reads (GET /api/v1/series, as noSeries
 * asks: one request a metric and window, with `limit`). A labelled counter has no series before its first increment, so
 * a metric without series does not fail the step: `warnings` says so of each (a typo in its name answers so too). A
 * selector without a metric's name (`{job="api"}`) is not asked; one Prometheus could not be asked about, or whose time
 * was not read, leaves a note. What Prometheus warned in answering a look-up is said in its metric's warning, and
 * dropped where the metric has series.
 */
async function unseenMetrics(ask: () => LookUp, query: string, firstMs: number, lastMs: number, tenant: string): Promise<{ warnings: string[]; notes: string[] }> {
  const { needs, window: windowOf } = timedSelectorNeeds(query);
  const notes: string[] = [];
  const windows = new Map<string, { metric: string; startMs: number; endMs: number }>();
  for (const key of needed(needs)) {
    const { text, unknown, startMs, endMs } = windowOf(key, firstMs, lastMs);
    const metric = metricAndLabels(text)?.metric;
    if (metric === undefined) continue;
    if (unknown) notes.push(`note:   could not tell whether ${metric} has series where ${key} reads: a duration or time in it was not read`);
    else windows.set(`${metric} ${startMs} ${endMs}`, { metric, startMs, endMs });
  }
  const asked = await Promise.all(
    [...windows.values()].map(async ({ metric, startMs, endMs }): Promise<{ warning?: string; note?: string }> => {
      const { client, warnings } = ask();
      try {
        if ((await client.seriesCount([metric], { startMs, endMs })) > 0) return {};
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        return { note: `note:   could not tell whether ${metric} has series: ${err.message}` };
      }
      // `{__name__=~"x.*"}` is no one name.
      const none = metric.startsWith("{") ? `no series${tenant} matches ${metric}` : `no series${tenant} named ${metric} exists`;
      const warned = warnings.length ? `; ${lookUpWarned(metric, warnings)}` : "";
      return { warning: `${emptyAsExpectedWarning(`${none} from ${iso(startMs)} to ${iso(endMs)}`, "a labelled counter has none before its first increment")}${warned}` };
    }),
  );
  return { warnings: asked.flatMap((a) => (a.warning === undefined ? [] : [a.warning])), notes: [...notes, ...asked.flatMap((a) => (a.note === undefined ? [] : [a.note]))] };
}

/** A selector the answer rests on that no series matches, the window it was asked about, and why none can when that is known. */
interface NoSeries {
  sel: string;
  startMs: number;
  endMs: number;
  why?: string;
  /** What Prometheus warned when asked about it (lookUpWarned): its answer may have been partial. */
  warned?: string;
}

/**
 * A client for one of the step's own look-ups (GET /api/v1/series, /api/v1/labels), with the warnings its answers
 * carry: theirs, not the query's. A Prometheus with a remote_read answers every /api/v1/labels with `"warnings":["not
 * implemented"]`, which the step showed as if the query had it.
 */
interface LookUp {
  client: PromClient;
  warnings: string[];
}

/** What Prometheus warned when asked about `what` in a look-up, said as the look-up's: the first warning, and how many more. */
function lookUpWarned(what: string, warnings: readonly string[]): string {
  const more = warnings.length > 1 ? ` and ${warnings.length - 1} more` : "";
  return `when asked about ${what}, Prometheus warned: ${JSON.stringify(clipToWidth(warnings[0]!, 200))}${more}`;
}

/** The selectors no series matches, each with the window it was asked about; one window at the end when they share it. */
function noneText(none: readonly NoSeries[]): string {
  const span = (w: { startMs: number; endMs: number }) => `from ${iso(w.startMs)} to ${iso(w.endMs)}`;
  const shared = none.every((w) => w.startMs === none[0]!.startMs && w.endMs === none[0]!.endMs);
  return shared ? `${none.map((w) => w.sel).join(", nor ")} ${span(none[0]!)}` : none.map((w) => `${w.sel} ${span(w)}`).join(", nor ");
}


let builtSchema: PromqlSchema | undefined;


export const step = {
  kind: "promql",
  checks: true,
  queryFields: ["query"],
  urlFields: ["url"],
  /** Built on first read (zod, when a step is unsure to the fast check, or for the JSON Schema); the same object every read. */
  get schema(): PromqlSchema {
    return (builtSchema ??= (require("./promql/schema.ts") as typeof import("./promql/schema.ts")).promqlSchema);
  },
  textScalars: [["tenant"], ["headers", "*"]],
  spelledNumbers: LABEL_SPELLED_NUMBERS,
  describe: (input: Input) => `promql ${clipQuery(input.query)}`,
  async run(input, ctx) {
    const badUrl = urlError(input.url, "Prometheus");
    if (badUrl) return { checks: [], error: badUrl };
    const warnings: string[] = [];
    const partialWarnings: string[] = [];
    // The query's warnings are the step's; each look-up after it reads its own (LookUp).
    const client = promClient(httpOptions(input, ctx, warnings, partialWarnings));
    const lookUp = (): LookUp => {
      const own: string[] = [];
      return { client: promClient(httpOptions(input, ctx, own)), warnings: own };
    };
    const now = Date.now();
    let evaluation: Evaluation;
    let run: () => Promise<QueryResult>;
    let grid: RangeGrid | undefined;
    if (input.step !== undefined) {
      const window = resolveWindow(input, now);
      if (typeof window === "string") return { checks: [], error: window };
      // Whole steps within the window, as the logql step asks Loki: a server that aligns to step answers them unmoved.
      const range = rangeEvaluation(window, input.step);
      if (typeof range === "string") return { checks: [], error: range };
      const g = range.grid;
      grid = g;
      evaluation = range;
      run = async () => fitting(await client.queryRange(input.query, g), ["matrix"], "Prometheus", input.url, "a range query (step)");
    } else {
      if (Number.isNaN(input.time)) return { checks: [], error: "time still holds an undefined variable" };
      const timeMs = input.time ?? now;
      evaluation = instantEvaluation(timeMs);
      run = () => client.query(input.query, { timeMs });
    }
    const { when, observed: observedWhen } = evaluation;
    const queryDetail = { title: "Query", body: `query:  ${input.query}\nsource: ${describeServer("Prometheus", input)}\nwhen:   ${when}` };
    const summary = `promql ${clipQuery(input.query, 60)} on ${input.url}`;
    let result: QueryResult;
    try {
      result = await run();
    } catch (err) {
      return requestFailure(err, { summary, details: [queryDetail], observed: observedWhen });
    }
    ctx.log(`promql ${input.query} → ${resultSummary(result)}`);
    // Prometheus's warnings and infos (a partial answer, a metric that may not be a counter) go with the query: a handful,
    // one line each (core/warnings.ts); StepResult.warnings keeps them all for the JSON report.
    const checks = checkResult(result, input.expect ?? {}, undefined, grid);
    // A check that passed on no series held on nothing (a typo'd metric answers nothing too): said beside the verdict.
    const nothing = heldOnNothingNote(result, input.expect ?? {}, checks);
    const extra = [...warningLines(warnings, "warning: "), ...(nothing === undefined ? [] : [nothing])];
    // Every check passed: an answer that may be partial (its `warnings`; `infos` only inform) passes only presence
    // checks of a monotone query, never on what it lacks (partialAnswer).
    // A selector read at an instant takes each series' newest sample, which the data the answer lacks may replace or end.
    const partial = checks.every((c) => c.ok) ? partialAnswer("Prometheus", input.query, isEmpty(result), partialWarnings, writtenChecks(input.expect ?? {}), instantSelector(input.query)) : undefined;
    if (partial !== undefined) ctx.log(partial);
    let error = partial;
    // A query that fills missing data in: its selectors outside absent(…)'s argument must read data (selectorNeeds
    // leaves that argument out: no series there is the answer).
    const filler = FILLS_IN.exec(input.query);
    const fills = filler?.[1] ?? filler?.[2];
    const firstMs = grid?.startMs ?? input.time ?? now;
    const lastMs = grid?.endMs ?? input.time ?? now;
    const tenant = tenantText(input);
    // Warnings of the step's own, before Prometheus's: shown first when a step has more than a handful.
    const own: string[] = [];
    if (error === undefined && checks.every((c) => c.ok) && (nothing !== undefined || fills !== undefined)) {
      const series = await noSeries(lookUp, input.query, firstMs, lastMs);
      if (series.none !== undefined) {
        const held = [...new Set(checks.map((c) => c.path))].join(", ");
        // absent(x) alone asks that x has no series, which its selector need not read data for.
        const instead =
          fills === "vector" ? "leave out or vector(…) and write empty: true"
          : fills === "scalar" ? "leave out scalar(…) and write empty: true"
          : filler?.[2] !== undefined ? `leave out ${fills}() (the time of evaluation, a value with no series) and write empty: true`
          : fills !== undefined ? `query ${fills}(…) alone, or write empty: true,`
          : "write empty: true";
        const why = series.none.flatMap((w) => (w.why === undefined ? [] : [w.why]));
        const typo = `a typo in a metric or label, a wrong tenant or a target never scraped answer so too; ${instead} if no series is the expected answer`;
        // Where every selector is one no series can match, the reason alone: no typo to look for, nothing to leave out.
        const because = why.length === series.none.length ? why.join("; ") : [typo, ...why].join("; ");
        const warned = series.none.flatMap((w) => (w.warned === undefined ? [] : [`; ${w.warned}`])).join("");
        error = `no series${tenant} matches ${noneText(series.none)}: ${held} held on nothing (${because})${warned}`;
        ctx.log(error);
      } else extra.push(...series.notes);
    }
    // No series is the answer asked for, which a typo in a metric's name gives too: passed, with a warning where no
    // series has the name of a metric it reads (docs/steps/promql.md).
    if (error === undefined && fills === undefined && emptyAsExpected(result, input.expect ?? {}, checks)) {
      // Carried as `hold` carries a hold started over (lib/engine/run-step.ts): under the step on the console, in the
      // run log, the Markdown report's Warnings and the JSON report.
      const unseen = await unseenMetrics(lookUp, input.query, firstMs, lastMs, tenant);
      own.push(...unseen.warnings);
      extra.push(...unseen.notes);
    }
    // A label no series carries, whose checks passed (a typo in its name): the note beside them is in the run log only.
    if (error === undefined) own.push(...unlabelledWarnings(result, input.expect ?? {}, checks));
    const warned = extra.length ? { ...queryDetail, body: `${queryDetail.body}\n${extra.join("\n")}` } : queryDetail;
    const done: StepResult = {
      ...(error !== undefined ? { error } : {}),
      checks: error !== undefined ? [] : checks,
      observed: { ...resultObserved(result), ...observedWhen, ...(warnings.length ? { warnings: warnings.length } : {}) },
      details: [warned, { title: "Result", body: resultText(result) }],
      summary: `${summary} ${when} → ${partial !== undefined ? "partial answer" : error !== undefined ? "no series" : resultSummary(result)}`,
    };
    const all = [...own, ...warnings.map((w) => `Prometheus: ${w}`)];
    if (all.length) done.warnings = all;
    return done;
  },
  fastInput: (raw) => fastPromqlInput(raw) as { value: Input } | undefined,
} satisfies Step<PromqlSchema>;

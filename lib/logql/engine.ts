// Plans a query into leaves and runs it: streams are fed line by line, then the result is assembled (no I/O here).
import type { QueryResult, Sample, Series, TiedPick } from "../core/query-result.ts";
import type { Grouping, MetricQuery, Query } from "./ast.ts";
import { DuplicateFilter } from "./dedup.ts";
import { LogqlError } from "./errors.ts";
import { DETECTED_LEVEL, detectLevel, levelFromStream, withServiceName } from "./ingest-labels.ts";
import { ERROR_LABEL, type Labels, compareLabels, labelsKey, sortedLabels } from "./labels.ts";
import { type Leaf, LogLeaf, RangeLeaf } from "./leaves.ts";
import { MetricEvaluator } from "./metric-eval.ts";
import { parseQuery } from "./parse.ts";
import { compilePipeline } from "./pipeline.ts";
import { commonExcluded, excludedLiterals, requiredLiterals, unionLiterals } from "./prefilter.ts";
import { Row, StreamLabels } from "./row.ts";
import { stepTimes } from "./timestamps.ts";

export interface QueryParams {
  /** Start of the window, ms since the epoch (log queries: inclusive). */
  startMs: number;
  /** End of the window (log queries: exclusive; metric queries: the instant evaluated, or the last step). */
  endMs: number;
  /** Evaluate a metric query at every step from start to end (a range query); otherwise once, at end. */
  stepMs?: number;
  /** Log queries: most entries returned (default 100, at most 5000, as Loki). */
  limit?: number;
  /** Log queries: backward (newest first, the default) or forward. */
  direction?: "forward" | "backward";
  /**
   * Add the labels a default Loki 3.x adds at ingestion: `service_name` (when a stream has none) and, on every
   * line, `detected_level` (see ingest-labels.ts). Default false here; the logql step's files mode turns it on.
   */
  ingestLabels?: boolean;
}

/** Entries a log query returns when it gives no limit (Loki's default). */
const DEFAULT_ENGINE_ENTRY_LIMIT = 100;
const MAX_ENTRIES_LIMIT = 5000;
/** Loki's max_query_series default. */
const MAX_QUERY_SERIES = 500;
/** Loki's limit of points per series in a range query. */
const MAX_POINTS = 11000;

/** What a stream reader feeds: one call per line in the stream's time window. */
export interface StreamSink {
  /** Lines lacking all of these strings cannot match: skip them before decoding (undefined: read every line). An exact duplicate (same time, same line) is dropped. */
  readonly literals: string[] | undefined;
  /** A line holding any of these strings cannot match: skip it before decoding (undefined: none). */
  readonly excluded?: string[] | undefined;
  /** True when a line at this time can matter (cheap; call before building the line string if possible). */
  wants(ms: number, sub: number): boolean;
  /**
   * `bytes`: the line's length in the file when it held invalid UTF-8 (decoded as one U+FFFD per such byte).
   * `untimed`: the line has no time of its own (it is given the file's modification time), so it is never an exact
   * duplicate of another line: a shipper such as promtail stamps each such line with the moment it reads it.
   */
  push(line: string, ms: number, sub: number, bytes?: number, untimed?: boolean): void;
}

export interface QueryRun {
  /** A sink for a stream with these labels, or null when no stream selector of the query selects it. */
  openStream(labels: Labels): StreamSink | null;
  /** Assembles the result; throws LogqlError (pipeline errors, limits). */
  finish(): QueryResult;
}

export interface PreparedQuery {
  readonly text: string;
  readonly ast: Query;
  readonly isLogQuery: boolean;
  /** Lines outside [fromMs, toMs] (whole ms, inclusive) are never needed: files wholly outside can be skipped. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Evaluation instants (metric queries). */
  readonly times: readonly number[];
  /**
   * Starts a run over streams with these labels (every stream openStream will be given, known ahead so that a stream's
   * byte prefilter can allow for the others: see differingNames).
   */
  start(streams: readonly Labels[]): QueryRun;
}

/** Parses and plans a query; throws LogqlError for syntax errors, unsupported features and bad parameters. */
export function prepareQuery(text: string, params: QueryParams): PreparedQuery {
  const ast = parseQuery(text);
  if (!(params.endMs >= params.startMs)) throw new LogqlError("parse", "the query window ends before it starts");
  if (params.stepMs !== undefined && !(params.stepMs > 0))
    throw new LogqlError("parse", "zero or negative query resolution step widths are not accepted. Try a positive integer");
  const limit = params.limit ?? DEFAULT_ENGINE_ENTRY_LIMIT;
  if (ast.kind === "log") {
    if (!(limit > 0) || !Number.isInteger(limit)) throw new LogqlError("parse", `limit must be a positive integer, got ${limit}`);
    if (limit > MAX_ENTRIES_LIMIT) throw new LogqlError("limit", `max entries limit per query exceeded, limit > max_entries_limit (${limit} > ${MAX_ENTRIES_LIMIT})`);
  }
  const times = ast.kind === "log" ? [] : stepTimes(params.startMs, params.endMs, params.stepMs);
  if (times.length > MAX_POINTS)
    throw new LogqlError("limit", `exceeded maximum resolution of ${MAX_POINTS} points per timeseries. Try increasing the value of the step`);
  // Compile once to surface template errors at load time.
  collectRanges(ast).forEach((r) => compilePipeline(r.range.stages, text));
  if (ast.kind === "log") compilePipeline(ast.stages, text);

  const window = () => {
    if (ast.kind === "log") return { fromMs: params.startMs, toMs: params.endMs };
    let from = Infinity;
    let to = -Infinity;
    for (const r of collectRanges(ast)) {
      from = Math.min(from, times[0]! - r.range.offsetMs - r.range.rangeMs);
      to = Math.max(to, times[times.length - 1]! - r.range.offsetMs);
    }
    return { fromMs: from, toMs: to };
  };
  const { fromMs, toMs } = window();

  return {
    text,
    ast,
    isLogQuery: ast.kind === "log",
    fromMs,
    toMs,
    times,
    start: (streams) => startRun(text, ast, params, times, limit, streams),
  };
}

/** The range aggregations of a query (each reads one selector with its pipeline). */
export function collectRanges(q: Query): Extract<MetricQuery, { kind: "range_agg" }>[] {
  switch (q.kind) {
    case "log":
    case "literal":
    case "vector":
      return [];
    case "range_agg":
      return [q];
    case "vector_agg":
    case "label_replace":
      return collectRanges(q.expr);
    case "binop":
      return [...collectRanges(q.left), ...collectRanges(q.right)];
  }
}

function startRun(text: string, ast: Query, params: QueryParams, times: readonly number[], limit: number, streams: readonly Labels[]): QueryRun {
  const leaves: Leaf[] = [];
  const byNode = new Map<MetricQuery, RangeLeaf>();
  if (ast.kind === "log") {
    leaves.push(new LogLeaf(ast.matchers, ast.stages, compilePipeline(ast.stages, text, undefined, true), params.startMs, params.endMs, limit, params.direction ?? "backward"));
  } else {
    const injected = pushedDownGroupings(ast);
    for (const node of collectRanges(ast)) {
      // Loki 3.4.6 reads absent_over_time's lines with no labels (extractor.go sets noLabels, as for `by ()`): its
      // parsers extract only what a filter or template needs, and a line's __error__ is no pipeline error there.
      const grouping = node.op === "absent_over_time" ? { without: false, labels: [] } : (node.grouping ?? injected.get(node));
      const leaf = new RangeLeaf(node.range, node.op, grouping, compilePipeline(node.range.stages, text, undefined, false, node.range.unwrap?.postFilters), times);
      leaves.push(leaf);
      byNode.set(node, leaf);
    }
  }
  const ingest = params.ingestLabels === true;
  const declared = new Set(streams.map(labelsKey));
  const allLabels = streams.map((l) => (ingest ? withServiceName(l) : l));
  const differing = new Map(leaves.map((l) => [l, differingNames(l, allLabels)]));
  return {
    openStream(original) {
      if (!declared.has(labelsKey(original))) throw new Error(`openStream: ${JSON.stringify(original)} is no stream the run was started with`);
      const labels = ingest ? withServiceName(original) : original;
      const matching = leaves.filter((l) => l.selects(labels));
      if (!matching.length) return null;
      const stream = new StreamLabels(labels);
      const streamLevel = ingest ? levelFromStream(labels) : undefined;
      const fixed = streamLevel !== undefined ? stream.withLevel(streamLevel) : stream;
      // Lines get a detected level only when some leaf can see it (a `sum by (x)` without it cannot).
      const detecting = ingest && streamLevel === undefined ? matching.map((l) => seesLevel(l)) : matching.map(() => false);
      // The others get it only for a line whose pipeline fails (Leaf.collect), which shows all its labels.
      const levelled = matching.map((_, i) => !ingest || streamLevel !== undefined || detecting[i]!);
      const literals = unionLiterals(matching.map((l) => requiredLiterals(l.stages, labels, differing.get(l))));
      const excluded = commonExcluded(matching.map((l) => excludedLiterals(l.stages, differing.get(l))));
      const single = matching.length === 1 ? matching[0]! : undefined;
      const duplicates = new DuplicateFilter();
      return {
        literals,
        excluded,
        wants: single
          ? (ms, sub) => single.accepts(ms, sub) && single.wants(ms, sub)
          : (ms, sub) => matching.some((l) => l.accepts(ms, sub) && l.wants(ms, sub)),
        push(line, ms, sub, bytes, untimed) {
          if (!untimed && duplicates.seen(ms, sub, line)) return;
          let detected: StreamLabels | undefined;
          for (let i = 0; i < matching.length; i++) {
            const leaf = matching[i]!;
            if (!leaf.accepts(ms, sub) || !leaf.wants(ms, sub)) continue;
            const base = detecting[i] ? (detected ??= stream.withLevel(detectLevel(line))) : fixed;
            const row = new Row(base, line, ms, sub, leaf.hints, bytes, untimed, leaf.suffixes, leaf.decisions);
            if (!leaf.pipeline(row) || leaf.collect(row, levelled[i])) continue;
            const again = new Row((detected ??= stream.withLevel(detectLevel(line))), line, ms, sub, leaf.hints, bytes, untimed, leaf.suffixes, leaf.decisions);
            if (leaf.pipeline(again)) leaf.collect(again);
          }
        },
      };
    },
    finish() {
      if (ast.kind === "log") {
        const sink = (leaves[0] as LogLeaf).sink;
        const tiedAtLimit = sink.tiedAtLimit();
        return { type: "streams", streams: sink.result(), ...(tiedAtLimit === undefined ? {} : { tiedAtLimit }) };
      }
      const evaluator = new MetricEvaluator(times, (node) => byNode.get(node)!, params.stepMs !== undefined);
      const value = evaluator.eval(ast);
      const instant = params.stepMs === undefined;
      const tiedPicks = picksOf(evaluator, ast, times);
      const ties = tiedPicks.length ? { tiedPicks } : {};
      if (value.kind === "scalar") {
        if (instant) return { type: "scalar", tsMs: times[0]!, value: value.values[0]! };
        return { type: "matrix", series: [{ labels: {}, points: times.map((t, i) => ({ tsMs: t, value: value.values[i]! })) }] };
      }
      if (instant) {
        const samples: Sample[] = value.steps[0]!.map((s) => ({ labels: sortedLabels(s.labels), tsMs: times[0]!, value: s.value }));
        if (samples.length > MAX_QUERY_SERIES) throw seriesLimit();
        if (!usesSort(ast)) samples.sort((a, b) => compareLabels(a.labels, b.labels));
        return { type: "vector", samples, ...ties };
      }
      const series = new Map<string, Series>();
      value.steps.forEach((samples, i) => {
        for (const s of samples) {
          const key = labelsKey(s.labels);
          let out = series.get(key);
          if (!out) {
            if (series.size >= MAX_QUERY_SERIES) throw seriesLimit();
            series.set(key, (out = { labels: sortedLabels(s.labels), points: [] }));
          }
          out.points.push({ tsMs: times[i]!, value: s.value });
        }
      });
      return { type: "matrix", series: [...series.values()].sort((a, b) => compareLabels(a.labels, b.labels)), ...ties };
    },
  };
}

/**
 * The ties of the evaluation's topk/bottomk picks (TiedPick). One is the answer's own (direct) when its topk is the
 * query, or under sort/sort_desc, which pass its samples on as they are.
 */
function picksOf(evaluator: MetricEvaluator, ast: MetricQuery, times: readonly number[]): TiedPick[] {
  let top = ast;
  while (top.kind === "vector_agg" && (top.op === "sort" || top.op === "sort_desc")) top = top.expr;
  return evaluator.ties.map(({ node, step, tie }) => ({
    op: node.op as TiedPick["op"],
    k: node.param!,
    tsMs: times[step]!,
    group: sortedLabels(tie.group),
    value: tie.value,
    kept: tie.kept.map(sortedLabels),
    left: tie.left.map(sortedLabels),
    direct: node === top,
  }));
}

/**
 * True when a leaf's result can depend on `detected_level`: always for a log query; for a range aggregation unless
 * its samples are grouped `by` labels without it and its pipeline names neither it nor `__error__` (a line whose
 * error the query keeps, as Loki's hints do when it names `__error__`, keeps all its labels, detected_level too:
 * fuzz grammar forms, seeds 475 and 519). A leaf that does not see it still gets it for a line whose pipeline fails
 * (Leaf.collect): the pipeline error quotes all the line's labels.
 */
function seesLevel(leaf: Leaf): boolean {
  if (leaf instanceof LogLeaf) return true;
  const g = leaf.grouping;
  if (!g || g.without || g.labels.some((l) => l.startsWith(DETECTED_LEVEL)) || g.labels.includes(ERROR_LABEL)) return true;
  const range = JSON.stringify(leaf.range);
  return range.includes(DETECTED_LEVEL) || range.includes(ERROR_LABEL);
}

/**
 * The names a parser of the leaf may set whose `_extracted` choice matters and is not the same on every stream it
 * selects: a label of some of those streams and not of others (Row.sameSuffix refuses a query that meets both). A
 * metric query's parsers set only the labels its hints name (none under `noLabels`); a log query's, any.
 */
function differingNames(leaf: Leaf, streams: readonly Labels[]): Set<string> {
  const hints = leaf.hints;
  if (hints.noLabels) return new Set();
  const selected = streams.filter((l) => leaf.selects(l));
  const counts = new Map<string, number>();
  for (const labels of selected) for (const name of Object.keys(labels)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const out = new Set<string>();
  for (const [name, n] of counts) {
    if (n === selected.length) continue;
    if (hints.required && !hints.required.has(name) && !hints.required.has(`${name}_extracted`)) continue;
    out.add(name);
  }
  return out;
}

/** Range functions whose sum over series equals the function over the merged series (Loki's canInjectVectorGrouping). */
const ADDITIVE = new Set(["count_over_time", "rate", "bytes_over_time", "bytes_rate", "sum_over_time"]);

/** `sum [by|without (…)] (f(…))` with an additive f and no grouping of its own: f's samples can be grouped already. */
function pushedDownGroupings(q: Query): Map<MetricQuery, Grouping> {
  const out = new Map<MetricQuery, Grouping>();
  const walk = (n: Query) => {
    if (n.kind === "vector_agg") {
      if (n.op === "sum" && n.expr.kind === "range_agg" && ADDITIVE.has(n.expr.op) && !n.expr.grouping)
        out.set(n.expr, n.grouping ?? { without: false, labels: [] });
      walk(n.expr);
    } else if (n.kind === "label_replace") walk(n.expr);
    else if (n.kind === "binop") {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(q);
  return out;
}

function seriesLimit(): LogqlError {
  return new LogqlError("limit", `maximum of series (${MAX_QUERY_SERIES}) reached for a single query; aggregate with sum by (...) or narrow the selector`);
}

function usesSort(q: Query): boolean {
  switch (q.kind) {
    case "vector_agg":
      return q.op === "sort" || q.op === "sort_desc" || usesSort(q.expr);
    case "label_replace":
      return usesSort(q.expr);
    case "binop":
      return usesSort(q.left) || usesSort(q.right);
    default:
      return false;
  }
}

// Leaves of a query: each stream selector with its pipeline, the time window it reads, and what it collects.
import type { Grouping, LabelMatcher, LogRange, RangeOp, Stage } from "./ast.ts";
import { LogqlError } from "./errors.ts";
import { NO_HINTS, type ParserHints, parserHints } from "./hints.ts";
import { bytesError, compileLabelFilter, durationError, floatError, type RowPredicate } from "./label-filter.ts";
import { emptyLabels, ERROR_DETAILS_LABEL, ERROR_LABEL, groupLabels, type Labels, labelsKey } from "./labels.ts";
import { parseBytes, parseGoDurationSeconds, parseGoFloat } from "./lexical.ts";
import { LogSink } from "./log-sink.ts";
import { compileSelector } from "./matcher.ts";
import type { StageFn } from "./pipeline.ts";
import { KeyDecisions, type Row } from "./row.ts";
import { binnable, BinnedSeries, windowEdges } from "./series-bins.ts";
import { type RangeSamples, SeriesBuffer } from "./series-buffer.ts";
import { after, atOrBefore } from "./timestamps.ts";

/** Accumulated series of one range aggregation, before any range function runs. */
const MAX_COLLECTED_SERIES = 100_000;

export interface LeafBase {
  readonly matchers: readonly LabelMatcher[];
  readonly stages: readonly Stage[];
  readonly selects: (labels: Labels) => boolean;
  readonly pipeline: StageFn;
  /** Parser hints for rows of this leaf. */
  readonly hints: ParserHints;
  /** Per parsed label name, whether the first stream a parser set it on had a stream label of that name (Row.put). */
  readonly suffixes: Map<string, boolean>;
  /** Per parser stage and key, whether the first line that parser met the key on took it (Row.decideKey). */
  readonly decisions: KeyDecisions;
  /** Exact window test. */
  accepts(ms: number, sub: number): boolean;
  /** Cheap pre-pipeline test (a full log result may not want older lines). */
  wants(ms: number, sub: number): boolean;
  /**
   * Takes the row into the result. `levelled` false: the row lacks the line's detected_level, which the leaf's
   * answer leaves out (the engine's seesLevel); a row whose pipeline failed is then not taken and the answer is false,
   * for the engine to read the line again with its level: a failed line shows all its labels in the pipeline error,
   * detected_level too, as in Loki 3.4.6.
   */
  collect(row: Row, levelled?: boolean): boolean;
}

/** A log query: entries with start <= ts < end (Loki's query_range bounds). */
export class LogLeaf implements LeafBase {
  readonly selects: (labels: Labels) => boolean;
  readonly sink: LogSink;
  readonly hints = NO_HINTS;
  readonly suffixes = new Map<string, boolean>();
  readonly decisions = new KeyDecisions();

  constructor(
    readonly matchers: readonly LabelMatcher[],
    readonly stages: readonly Stage[],
    readonly pipeline: StageFn,
    private readonly startMs: number,
    private readonly endMs: number,
    limit: number,
    direction: "forward" | "backward",
  ) {
    this.selects = compileSelector(matchers);
    this.sink = new LogSink(limit, direction, direction === "backward" && spansSplits(startMs, endMs));
  }

  accepts(ms: number): boolean {
    return ms >= this.startMs && ms < this.endMs;
  }

  wants(ms: number, sub: number): boolean {
    return this.sink.wants(ms, sub);
  }

  collect(row: Row): boolean {
    row.reachedAnswer();
    this.sink.push(row.ms, row.sub, row.line, row.labels(), row.stream.origin, row.untimed);
    return true;
  }
}

/** Loki's default split_queries_by_interval: its query frontend cuts a query's window at whole hours. */
const SPLIT_MS = 3600_000;

/**
 * True when the window crosses a whole hour, so Loki's frontend runs it as several queries and merges their
 * answers, listing the streams in descending label order when backward; one query lists them ascending.
 */
function spansSplits(startMs: number, endMs: number): boolean {
  return Math.floor(startMs / SPLIT_MS) < Math.floor((endMs - 1) / SPLIT_MS);
}

export interface CollectedSeries {
  labels: Labels;
  buf: RangeSamples;
}

/** Each unwrap conversion, and Go's error text for a value it refuses (Loki's `__error_details__`). */
const CONVERT: Record<string, [convert: (v: string) => number | undefined, error: (v: string) => string]> = {
  float: [parseGoFloat, floatError],
  duration: [parseGoDurationSeconds, durationError],
  bytes: [parseBytes, bytesError],
};

/**
 * A range aggregation's log range: samples with (first eval - offset - range) < ts <= (last eval - offset).
 * `grouping` is the range aggregation's own by/without, or the grouping of a `sum` around a count/rate/bytes/sum
 * range, which Loki pushes down into the extraction (the sum is the same, with fewer series).
 */
export class RangeLeaf implements LeafBase {
  readonly selects: (labels: Labels) => boolean;
  readonly matchers: readonly LabelMatcher[];
  readonly stages: readonly Stage[];
  readonly series = new Map<string, CollectedSeries>();
  readonly hints: ParserHints;
  readonly suffixes = new Map<string, boolean>();
  readonly decisions = new KeyDecisions();
  private readonly postFilters: RowPredicate[];
  private readonly withValues: boolean;
  /** Edges of the evaluation windows when samples are binned (see series-bins.ts), else undefined. */
  private readonly edges: Float64Array | undefined;
  private readonly lo: number;
  private readonly hi: number;

  constructor(
    readonly range: LogRange,
    readonly op: RangeOp,
    readonly grouping: Grouping | undefined,
    readonly pipeline: StageFn,
    evalTimes: readonly number[],
  ) {
    this.matchers = range.matchers;
    this.stages = range.stages;
    this.selects = compileSelector(range.matchers);
    this.lo = evalTimes[0]! - range.offsetMs - range.rangeMs;
    this.hi = evalTimes[evalTimes.length - 1]! - range.offsetMs;
    this.postFilters = (range.unwrap?.postFilters ?? []).map(compileLabelFilter);
    this.hints = parserHints(range.stages, grouping, range.unwrap?.label, range.unwrap?.postFilters ?? []);
    this.withValues = !!range.unwrap || op === "bytes_over_time" || op === "bytes_rate";
    this.edges = binnable(op, evalTimes, range.rangeMs) ? windowEdges(evalTimes.map((t) => t - range.offsetMs), range.rangeMs) : undefined;
  }

  accepts(ms: number, sub: number): boolean {
    return after(ms, sub, this.lo) && atOrBefore(ms, sub, this.hi);
  }

  wants(): boolean {
    return true;
  }

  collect(row: Row, levelled = true): boolean {
    let value = 1;
    const unwrap = this.range.unwrap;
    if (unwrap) {
      const raw = row.get(unwrap.label);
      if (raw === undefined || raw === "") return true; // a line without the label gives no sample (not an error)
      const [convert, error] = CONVERT[unwrap.conversion]!;
      const v = convert(raw);
      if (v === undefined) {
        row.setError("SampleExtractionErr", error(raw));
        value = 0;
      } else value = v;
      for (const f of this.postFilters) if (!f(row)) return true;
    } else if (this.withValues) value = row.lineBytes();
    if (!levelled && row.hasError()) return false;
    row.reachedAnswer();
    const labels = this.sampleLabels(row);
    const key = row.unchangedLabels() && !unwrap && !this.grouping ? streamKey(row) : labelsKey(labels);
    let s = this.series.get(key);
    if (!s) {
      if (this.series.size >= MAX_COLLECTED_SERIES)
        throw new LogqlError("limit", `maximum of series (${MAX_COLLECTED_SERIES}) collected for one range aggregation; aggregate with sum by (...) or narrow the selector`);
      const buf = this.edges ? new BinnedSeries(this.edges, this.withValues) : new SeriesBuffer(this.withValues);
      this.series.set(key, (s = { labels, buf }));
    }
    s.buf.add(row.ms, row.sub, value);
    return true;
  }

  /**
   * Sample labels: the grouping's, else every label (for unwrapped ranges without the unwrapped label).
   * A line carrying __error__ keeps all its labels so the error is not grouped away.
   */
  private sampleLabels(row: Row): Labels {
    if (row.hasError()) return row.labels();
    const unwrap = this.range.unwrap;
    const g = this.grouping;
    // Loki 3.4.6's labels builder groups an unwrap's samples without (the unwrapped label, …), others by or without
    // the labels a grouping names (their own, or a sum's pushed down to them); those results (withResult,
    // withoutResult) show no error details, which `| drop __error__` leaves: only ungrouped samples do.
    if (g !== undefined && !g.without) {
      // Read one by one: the row's other labels are not copied.
      const out = emptyLabels();
      for (const n of g.labels) {
        // A label a stage deleted on the line is left out, even where a later stage set it again (Row.deletedOnLine).
        if (row.deletedOnLine(n)) continue;
        // Loki's withResult finds only a line's own key named __error__ or __error_details__ (the error itself was not set).
        const v = n === ERROR_DETAILS_LABEL || n === ERROR_LABEL ? row.getParsed(n) : row.get(n);
        if (v !== undefined) out[n] = v;
      }
      return out;
    }
    const all = row.labels();
    const grouped = !!unwrap || (g !== undefined && g.labels.length > 0);
    const labels = grouped && ERROR_DETAILS_LABEL in all ? withoutErrorDetails(all, row) : all;
    // A range aggregation's own without (…) keeps a label with an empty value, as Loki's labels builder does
    // (withoutResult); a vector aggregation around it, or the sum/min/max without () Loki's shard mapper merges
    // min/max_over_time with (emptyLabelsDropped), drops it.
    if (!unwrap) return this.grouping ? allBut(labels, this.grouping.labels) : labels;
    // Without a grouping Loki only deletes the unwrapped label: a label a label_format emptied stays (as "").
    return allBut(labels, this.grouping ? [...this.grouping.labels, unwrap.label] : [unwrap.label]);
  }
}

/**
 * The labels without the pipeline's error details, as Loki's withoutResult builds them, which keeps a line's own key
 * named `__error_details__` (a parsed label: `{"__error_details__":"d"}` under `| json`, fuzz grammar forms, seed 432).
 */
function withoutErrorDetails(labels: Labels, row: Row): Labels {
  const out = allBut(labels, [ERROR_DETAILS_LABEL]);
  const own = row.getParsed(ERROR_DETAILS_LABEL);
  if (own !== undefined) out[ERROR_DETAILS_LABEL] = own;
  return out;
}

/** The labels but the named ones, empty values included. */
function allBut(labels: Labels, names: readonly string[]): Labels {
  return groupLabels(labels, names, true);
}

const keyCache = new WeakMap<object, string>();

/** The series key of a row whose labels are the stream's own (cached per stream). */
function streamKey(row: Row): string {
  let k = keyCache.get(row.stream);
  if (k === undefined) keyCache.set(row.stream, (k = labelsKey(row.stream.labels)));
  return k;
}

export type Leaf = LogLeaf | RangeLeaf;

// The LogQL syntax tree the embedded engine works on: what parse.ts builds from the lezer-logql tree.

/** A byte range in the query text, for error messages. */
export interface Span {
  from: number;
  to: number;
}

export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
}

/** `|=`, `!=`, `|~`, `!~`, and the pattern filters `|>`, `!>`. */
export type LineFilterOp = "|=" | "!=" | "|~" | "!~" | "|>" | "!>";

/** One line filter; `values` holds an `or` chain (`|= "a" or "b"`). */
export interface LineFilterStage {
  kind: "line_filter";
  op: LineFilterOp;
  values: string[];
  span: Span;
}

export type CmpOp = "==" | "!=" | ">" | ">=" | "<" | "<=";

export type LabelFilterExpr =
  | { kind: "match"; matcher: LabelMatcher }
  | { kind: "number"; name: string; op: CmpOp; value: number }
  | { kind: "duration"; name: string; op: CmpOp; seconds: number }
  | { kind: "bytes"; name: string; op: CmpOp; bytes: number }
  /** `name = ip("…")` / `name != ip("…")` (negative). */
  | { kind: "ip"; name: string; negative: boolean; pattern: string }
  | { kind: "and" | "or"; left: LabelFilterExpr; right: LabelFilterExpr };

/** `| json a="b.c"` / `| logfmt a="b"`: extract only these labels. */
export interface Extraction {
  name: string;
  path: string;
}

export interface LabelFormatItem {
  dst: string;
  /** `dst=src`: rename. */
  src?: string;
  /** `dst="{{…}}"`: template. */
  template?: string;
}

export interface DropKeepItem {
  name: string;
  /** `name="value"` (or another matcher): only when the label matches. */
  matcher?: LabelMatcher;
}

export type Stage =
  | LineFilterStage
  /** `|= ip("…")` / `!= ip("…")` (negative): keeps the lines holding an address the pattern takes (ip-filter.ts). */
  | { kind: "ip_filter"; negative: boolean; pattern: string; span: Span }
  | { kind: "json"; extractions: Extraction[]; span: Span }
  | { kind: "logfmt"; strict: boolean; keepEmpty: boolean; extractions: Extraction[]; span: Span }
  | { kind: "regexp"; pattern: string; span: Span }
  | { kind: "pattern"; pattern: string; span: Span }
  | { kind: "unpack"; span: Span }
  | { kind: "label_filter"; filter: LabelFilterExpr; span: Span }
  | { kind: "line_format"; template: string; span: Span }
  | { kind: "label_format"; items: LabelFormatItem[]; span: Span }
  | { kind: "drop"; items: DropKeepItem[]; span: Span }
  | { kind: "keep"; items: DropKeepItem[]; span: Span }
  | { kind: "decolorize"; span: Span };

export interface LogQuery {
  kind: "log";
  matchers: LabelMatcher[];
  stages: Stage[];
  span: Span;
}

export type UnwrapConversion = "float" | "bytes" | "duration";

export interface Unwrap {
  label: string;
  conversion: UnwrapConversion;
  /** Label filters written after the unwrap (`| unwrap x | __error__=""`). */
  postFilters: LabelFilterExpr[];
}

export interface LogRange {
  matchers: LabelMatcher[];
  stages: Stage[];
  rangeMs: number;
  offsetMs: number;
  unwrap?: Unwrap;
  span: Span;
}

export type RangeOp =
  | "count_over_time"
  | "rate"
  | "rate_counter"
  | "bytes_over_time"
  | "bytes_rate"
  | "absent_over_time"
  | "sum_over_time"
  | "avg_over_time"
  | "min_over_time"
  | "max_over_time"
  | "stddev_over_time"
  | "stdvar_over_time"
  | "quantile_over_time"
  | "first_over_time"
  | "last_over_time";

export type VectorOp = "sum" | "avg" | "min" | "max" | "count" | "stddev" | "stdvar" | "topk" | "bottomk" | "sort" | "sort_desc";

export interface Grouping {
  without: boolean;
  labels: string[];
}

export type ArithOp = "+" | "-" | "*" | "/" | "%" | "^";
export type BinOp = ArithOp | CmpOp | "and" | "or" | "unless";

export interface VectorMatching {
  /** `on(...)` (true) or `ignoring(...)` (false); absent modifier = ignoring(). */
  on: boolean;
  labels: string[];
  card: "one-to-one" | "many-to-one" | "one-to-many";
  /** Labels named in group_left(...)/group_right(...). */
  include: string[];
  /**
   * No matching options at all, as in the division Loki's shard mapper writes for avg_over_time … by (g): samples
   * match on every label, an empty value included ({g=""} and {} are apart), and nothing is checked for duplicates.
   */
  exact?: boolean;
}

export type MetricQuery =
  | {
      kind: "range_agg";
      op: RangeOp;
      param?: number;
      range: LogRange;
      grouping?: Grouping;
      /** Loki's shard mapper merges it with `sum/min/max without ()`, which drops every label with an empty value. */
      emptyLabelsDropped?: boolean;
      /**
       * A `min`/`max_over_time … by (…)` Loki's shard mapper merges with `min`/`max by (…)` of the same labels: a sample
       * that kept its parser error (labelled with all its labels) folds into the group of its `by` labels.
       */
      errorsFoldedBy?: boolean;
      /**
       * Loki's frontend reads this part's answer back from a querier as a matrix, one step at a time (a binary
       * operator's side the shard mapper cannot shard): in a range query, a series with two points at one step keeps
       * the first and loses every later point (see stallDuplicates in metric-eval.ts).
       */
      querierMatrix?: boolean;
      span: Span;
    }
  | {
      kind: "vector_agg";
      op: VectorOp;
      param?: number;
      grouping?: Grouping;
      expr: MetricQuery;
      /** An `avg by (…)` Loki's shard mapper answers as sum/count: its result drops every label with an empty value. */
      emptyLabelsDropped?: boolean;
      /**
       * A `sum`/`avg`/`count without (…)` Loki's shard mapper hands down and aggregates again over the shards' answers,
       * which carry no empty labels: groups that differ only by one (`{y=""}` and no y) merge.
       */
      emptyGroupsMerged?: boolean;
      /** An `avg` Loki's shard mapper answers as `sum(…) / count(…)`: each group's sum divided by its count. */
      sumOverCount?: boolean;
      /** A sharded `avg` whose sum and count sides Loki labels apart, so that their division matches nothing. */
      matchesNothing?: boolean;
      /** As a range aggregation's querierMatrix: its answer is read back from a querier step by step. */
      querierMatrix?: boolean;
      span: Span;
    }
  | { kind: "binop"; op: BinOp; bool: boolean; matching: VectorMatching; left: MetricQuery; right: MetricQuery; span: Span }
  | { kind: "literal"; value: number; span: Span }
  | { kind: "vector"; value: number; span: Span }
  | { kind: "label_replace"; expr: MetricQuery; dst: string; replacement: string; src: string; regex: string; querierMatrix?: boolean; span: Span };

export type Query = LogQuery | MetricQuery;

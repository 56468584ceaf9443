// The embedded LogQL engine's public API: load-time support check, query planning, and evaluation over in-memory streams.
/**
 * # Embedded LogQL engine
 *
 * Evaluates LogQL with Loki's semantics over streams handed to it (lib/logsource reads them from files).
 * It does no I/O. Queries are parsed with `@grafana/lezer-logql`; anything outside the grammar below is
 * rejected when the scenario loads ("… is not supported by the embedded engine — point `url` at a Loki"),
 * never evaluated differently.
 *
 * ## Supported grammar
 *
 * ```
 * query        = log-query | metric-query
 * log-query    = selector pipeline
 * selector     = "{" matcher ("," matcher)* "}"            matcher: name ( = | != | =~ | !~ ) "string"
 * pipeline     = stage*
 * stage        = line-filter | "|" parser | "|" label-filter | "|" line_format "tmpl"
 *              | "|" label_format dst=src|dst="tmpl", …  | "|" drop names | "|" keep names | "|" decolorize
 * line-filter  = ( |= | != | |~ | !~ | |> | !> ) "string" ( or "string" )*
 * parser       = json [name="path", …] | logfmt [--strict] [--keep-empty] [name="key", …]
 *              | regexp "re" | pattern "<a> <_> …" | unpack
 * label-filter = predicate ( (and | "," | or | nothing: side by side, a ",") predicate )*   (grouped as Loki's parser groups them)
 * predicate    = name (=|!=|=~|!~) "string" | name (==|=|!=|>|>=|<|<=) (number | duration | bytes) | "(" label-filter ")"
 * metric-query = range-agg | vector-agg | metric-query binop [bool] [on|ignoring (…) [group_left|group_right (…)]] metric-query
 *              | number | vector(number) | label_replace(metric-query, "dst", "repl", "src", "re") | "(" metric-query ")"
 * range-agg    = (count_over_time | rate | bytes_over_time | bytes_rate | absent_over_time) "(" log-range ")"
 *              | (sum|avg|min|max|stddev|stdvar|first|last)_over_time "(" unwrapped-range ")" [by|without (…)]
 *              | quantile_over_time "(" φ "," unwrapped-range ")" [by|without (…)]  | rate "(" unwrapped-range ")"
 * log-range    = selector pipeline "[" duration "]" [offset duration]
 * unwrapped    = selector pipeline "|" unwrap [bytes|duration|duration_seconds] "(" name ")" ("|" label-filter)* "[" duration "]"
 * vector-agg   = (sum|avg|min|max|count|stddev|stdvar) [by|without (…)] "(" metric-query ")"
 *              | (topk|bottomk) "(" k "," metric-query ")" [by|without (…)] | (sort|sort_desc) "(" metric-query ")"
 * binop        = + - * / % ^ == != > >= < <= and or unless   (Loki's precedence; ^ is right-associative)
 * comments     = "#" … end of line | "//" … end of line | "/*" … "*\/"   (the last two as Go's scanner, which Loki's lexer uses)
 * ```
 *
 * Templates (line_format, label_format) support `{{.label}}`, pipelines, `if`/`else if`/`else`, and the functions
 * listed in template-funcs.ts. Not supported (rejected at load): an `ip()` line filter in an `or` chain, `approx_topk`,
 * template `range`/`with`/variables/`toDate`/`fromJson`, RE2 constructs JavaScript cannot express, `logfmt a, b` (several
 * keys in one stage) in a metric query. Label filters mixing `and`, `,` and `or` group as Loki's parser groups them.
 */
import type { QueryResult } from "../core/query-result.ts";
import { type PreparedQuery, type QueryParams, collectRanges, prepareQuery } from "./engine.ts";
import { LogqlError } from "./errors.ts";
import type { Labels } from "./labels.ts";
import { parseLogql } from "./parse.ts";
import { compilePipeline } from "./pipeline.ts";

export { LogqlError } from "./errors.ts";
export { prepareQuery, type PreparedQuery, type QueryParams } from "./engine.ts";
export { parseLogql, parseQuery } from "./parse.ts";

/**
 * The load-time check: every reason the embedded engine cannot evaluate `query` (syntax errors, unsupported
 * features, bad templates), as user-facing messages. Empty when the query is supported.
 */
export function embeddedSupportErrors(query: string): string[] {
  try {
    const { query: ast, unsupported } = parseLogql(query);
    const problems: LogqlError[] = [...unsupported];
    const pipelines = ast.kind === "log" ? [ast.stages] : collectRanges(ast).map((r) => r.range.stages);
    for (const stages of pipelines) compilePipeline(stages, query, problems);
    return problems.map((p) => p.message);
  } catch (err) {
    if (err instanceof LogqlError) return [err.message];
    throw err;
  }
}

/**
 * The load-time check of a query sent to a Loki (a `url:` step): only the syntax errors the embedded parser finds (a
 * selector or filter cut short, a bad regexp, a duration with no unit, a template that does not parse), which Loki
 * refuses too. What the engine cannot run (approx_topk, …) is not reported: Loki runs it. An error that
 * is no LogqlError would be the parser's own bug: the check then says nothing, and Loki judges the query.
 */
export function lokiSyntaxErrors(query: string): string[] {
  try {
    const { query: ast } = parseLogql(query);
    const problems: LogqlError[] = [];
    const pipelines = ast.kind === "log" ? [ast.stages] : collectRanges(ast).map((r) => r.range.stages);
    for (const stages of pipelines) compilePipeline(stages, query, problems);
    return problems.filter((p) => p.kind === "parse").map((p) => p.message);
  } catch (err) {
    return err instanceof LogqlError && err.kind === "parse" ? [err.message] : [];
  }
}

/** An in-memory stream: its labels and lines with their timestamps (ms and the nanoseconds past them). */
export interface MemoryStream {
  labels: Labels;
  entries: { ms: number; sub?: number; line: string }[];
}

/** Evaluates a query over in-memory streams (what tests and small callers use). Throws LogqlError. */
export function evaluateStreams(query: string | PreparedQuery, params: QueryParams, streams: MemoryStream[]): QueryResult {
  const prepared = typeof query === "string" ? prepareQuery(query, params) : query;
  const run = prepared.start(streams.map((s) => s.labels));
  for (const s of streams) {
    const sink = run.openStream(s.labels);
    if (!sink) continue;
    for (const e of s.entries) {
      const sub = e.sub ?? 0;
      if (sink.wants(e.ms, sub)) sink.push(e.line, e.ms, sub);
    }
  }
  return run.finish();
}

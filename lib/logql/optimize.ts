// Loki's rewrite of a metric query before its queriers run it (optimize.go, optimizeSampleExpr): line_format removed.
import type { MetricQuery, Stage } from "./ast.ts";

/** Stages that read the line a line_format wrote, so it stays: parsers and line filters. */
const READS_LINE = new Set<Stage["kind"]>(["line_filter", "ip_filter", "json", "logfmt", "regexp", "pattern", "unpack"]);

/**
 * Loki 3.4.6 drops every `line_format` of a range aggregation's pipeline that no later parser or line filter reads
 * (removeLineformat), except under bytes_over_time/bytes_rate, which count the line. This is visible: the template
 * never runs, so its errors set no `__error__` (`| line_format "{{ .d | duration_seconds }}" | __error__=""`
 * keeps lines without `d`), an unknown function in it is no error, and a later label_format's `__line__` is
 * the line as read. The engine drops the same stages, so it gives the same answers.
 */
export function removeLineFormats(q: MetricQuery): MetricQuery {
  switch (q.kind) {
    case "literal":
    case "vector":
      return q;
    case "label_replace":
    case "vector_agg":
      return { ...q, expr: removeLineFormats(q.expr) };
    case "binop":
      return { ...q, left: removeLineFormats(q.left), right: removeLineFormats(q.right) };
    case "range_agg": {
      if (q.op === "bytes_over_time" || q.op === "bytes_rate") return q;
      const stages = q.range.stages;
      const kept = stages.filter((st, i) => st.kind !== "line_format" || stages.slice(i + 1).some((later) => READS_LINE.has(later.kind)));
      return kept.length === stages.length ? q : { ...q, range: { ...q.range, stages: kept } };
    }
  }
}

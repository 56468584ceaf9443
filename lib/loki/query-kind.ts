// Tells a LogQL log query (returns lines) from a metric query (returns numbers), which Loki serves at different endpoints.
import { parser } from "@grafana/lezer-logql";

/** True when the query's top expression is a log selector with its pipeline; false for metric expressions. */
export function isLogQuery(query: string): boolean {
  const expr = parser.parse(query).topNode.firstChild;
  return expr?.firstChild?.name === "LogExpr";
}

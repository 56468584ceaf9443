// Tells a LogQL log query (returns lines) from a metric query (returns numbers), which Loki serves at different endpoints.
import { parser } from "../logql/grammar.ts";

/** True when the query's top expression is a log selector with its pipeline; false for metric expressions. */
export function isLogQuery(query: string): boolean {
  // The top node's first child is a `# comment` when the query starts with one: the expression is the `Expr` child.
  const expr = parser.parse(query).topNode.getChild("Expr");
  return expr?.firstChild?.name === "LogExpr";
}

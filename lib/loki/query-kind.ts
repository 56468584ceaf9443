// Tells a LogQL log query (returns lines) from a metric query (returns numbers), which Loki serves at different endpoints.
import { parser } from "../logql/grammar.ts";
import { hasError } from "../logql/loki-lexer.ts";
import { parseLogql } from "../logql/parse.ts";

/** True when the query's top expression is a log selector with its pipeline; false for metric expressions. */
export function isLogQuery(query: string): boolean {
  const top = parser.parse(query).topNode;
  // Where lezer-logql fails, the query as the engine reads it, with Loki's lexer rules (`size > 1kib != "x"`).
  if (hasError(top)) {
    try {
      return parseLogql(query).query.kind === "log";
    } catch {
      // A syntax error: as lezer-logql recovered from it.
    }
  }
  // The top node's first child is a `# comment` when the query starts with one: the expression is the `Expr` child.
  const expr = top.getChild("Expr");
  return expr?.firstChild?.name === "LogExpr";
}

// Label matchers (`=`, `!=`, `=~`, `!~`) as predicates; a missing label compares as the empty string, as in Prometheus.
import type { LabelMatcher } from "./ast.ts";
import { labelOf, type Labels } from "./labels.ts";
import { compileRe2 } from "./re2.ts";

export type ValuePredicate = (value: string) => boolean;

/** Regex matchers are fully anchored: `=~"api"` does not match "api-2". */
export function compileMatcher(m: LabelMatcher): ValuePredicate {
  switch (m.op) {
    case "=":
      return (v) => v === m.value;
    case "!=":
      return (v) => v !== m.value;
    case "=~": {
      const re = compileRe2(m.value, true);
      return (v) => re.test(v);
    }
    case "!~": {
      const re = compileRe2(m.value, true);
      return (v) => !re.test(v);
    }
  }
}

/** A stream selector: true when every matcher accepts the stream's labels. */
export function compileSelector(matchers: readonly LabelMatcher[]): (labels: Labels) => boolean {
  const compiled = matchers.map((m) => ({ name: m.name, test: compileMatcher(m) }));
  return (labels) => compiled.every((c) => c.test(labelOf(labels, c.name) ?? ""));
}

// Label matchers (`=`, `!=`, `=~`, `!~`) as predicates; a missing label compares as the empty string, as in Prometheus.
import type { LabelMatcher } from "./ast.ts";
import { labelOf, type Labels } from "./labels.ts";
import { compileRe2 } from "./re2.ts";
import { mayGiveUp, RegexLimitError, testAnswer } from "../util/regex-limit.ts";

export type ValuePredicate = (value: string) => boolean;

/** Regex matchers are fully anchored: `=~"api"` does not match "api-2". */
export function compileMatcher(m: LabelMatcher): ValuePredicate {
  switch (m.op) {
    case "=":
      return (v) => v === m.value;
    case "!=":
      return (v) => v !== m.value;
    case "=~": {
      const test = answered(m.value);
      return (v) => test(v);
    }
    case "!~": {
      const test = answered(m.value);
      return (v) => !test(v);
    }
  }
}

/**
 * An anchored regex's test of a label's value; one that may give up (regex-limit.ts) is timed, and a give-up is the
 * query's error (Loki's RE2 never gives up): `msg=~"(\w+ ?)+!|.*ERROR"` kept no line where Loki kept one.
 */
function answered(source: string): (v: string) => boolean {
  const re = compileRe2(source, true);
  if (!mayGiveUp(source)) return (v) => re.test(v);
  return (v) => {
    const found = testAnswer(re, v);
    if (found === undefined) throw new RegexLimitError(source, `a label value of ${v.length} characters: ${JSON.stringify(v.slice(0, 80))}`);
    return found;
  };
}

/** A stream selector: true when every matcher accepts the stream's labels. */
export function compileSelector(matchers: readonly LabelMatcher[]): (labels: Labels) => boolean {
  const compiled = matchers.map((m) => ({ name: m.name, test: compileMatcher(m) }));
  return (labels) => compiled.every((c) => c.test(labelOf(labels, c.name) ?? ""));
}

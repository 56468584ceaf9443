// The fast input checks' shared parts for `expect:` mappings (http and shell): matchers and JSONPath → matcher maps, checked without zod.
import { isFastMapping, UNSURE, type Fast } from "../../core/fast-fields.ts";
import { headerMatcherIssues, matcherIssues, numericMatcherIssues, textMatcherIssues, type NumericUnit } from "../../expect/matcher.ts";
import { jsonPathError, severalNeverPasses } from "./jsonpath.ts";

/** A literal, or an operator mapping without issues (matcherSchema passes it through as it is). */
export function isMatcher(v: unknown): boolean {
  return typeof v !== "object" || v === null || Array.isArray(v) || matcherIssues(v).length === 0;
}

/** A matcher of a number in the unit (an exit code, a latency) that numericMatcherSchema(unit) passes through as it is. */
export function isNumericMatcher(v: unknown, unit: NumericUnit, everyAllowed = false): boolean {
  return numericMatcherIssues(v, unit, [], everyAllowed).length === 0;
}

/** A matcher of a text (stdout, stderr, an http body) that textMatcherSchema passes through as it is. */
export function isTextMatcher(v: unknown): boolean {
  return textMatcherIssues(v, "").length === 0;
}

/** A matcher of a response header's value that headerMatchersSchema passes through as it is. */
export function isHeaderMatcher(v: unknown): boolean {
  return headerMatcherIssues(v, "").length === 0;
}

/** `expect.json`: a copy of the JSONPath → matcher mapping, as jsonPathMap(matcherSchema) outputs it. */
export function jsonMatchers(v: unknown): Fast<Record<string, unknown>> {
  if (!isFastMapping(v) || Object.keys(v).length === 0) return UNSURE;
  const out: Record<string, unknown> = {};
  for (const path in v) {
    const matcher = v[path];
    // A path is parsed once (jsonpath.ts keeps what it parsed): a scenario repeats the same few paths.
    if (jsonPathError(path) !== undefined || !isMatcher(matcher) || severalNeverPasses(path, matcher) !== undefined) return UNSURE;
    out[path] = matcher;
  }
  return out;
}

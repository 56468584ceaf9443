// The zod schema of a matcher, apart from matcher.ts so that evaluating matchers never loads zod.
import { z } from "zod";
import { headerMatcherIssues, matcherIssues, numericMatcherIssues, textMatcherIssues, type MatcherIssue, type NumericUnit } from "./matcher.ts";

/**
 * Adds a matcher's issues to a zod refinement. One about a key itself (an unknown operator) says so in its params, so
 * the loader points file:line:col at the key (lib/loader/zod-issues.ts), not at its value.
 */
export function addMatcherIssues(ctx: z.RefinementCtx, issues: readonly MatcherIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, ...(issue.atKey ? { params: { atKey: true } } : {}) });
}

/** Zod schema of a matcher: any value, with operator mappings checked. */
export const matcherSchema = z.unknown().superRefine((value, ctx) => {
  addMatcherIssues(ctx, matcherIssues(value));
});

/**
 * Zod schema of a matcher of a number in the unit (a count, bytes, milliseconds): every value it compares with is one.
 * `everyAllowed`: the field overrides a default (exit code 0, at least one), so one that holds for every number says "any".
 */
export function numericMatcherSchema(unit: NumericUnit, everyAllowed = false) {
  return z.unknown().superRefine((value, ctx) => {
    addMatcherIssues(ctx, numericMatcherIssues(value, unit, [], everyAllowed));
  });
}

/** Zod schema of a matcher of a text that is always there (stdout, stderr, a body: named `name` in messages, `empty` naming an empty one): no literal it compares with for equality is one no text equals. */
export function textMatcherSchema(name: string, empty?: string) {
  return z.unknown().superRefine((value, ctx) => {
    addMatcherIssues(ctx, textMatcherIssues(value, name, [], empty));
  });
}

/** Zod schema of an http step's `expect.headers`: header name → a matcher of its value, text or absent (headerMatcherIssues, naming the header). */
export const headerMatchersSchema = z.record(z.string(), z.unknown()).superRefine((headers, ctx) => {
  if (Object.keys(headers).length === 0)
    ctx.addIssue({ code: "custom", message: "headers: {} checks nothing: give a header and a matcher of its value (e.g. {content-type: {contains: json}}), or leave headers out" });
  for (const [name, value] of Object.entries(headers))
    addMatcherIssues(ctx, headerMatcherIssues(value, name, [name]));
});

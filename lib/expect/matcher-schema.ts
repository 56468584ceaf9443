// The zod schema of a matcher, apart from matcher.ts so that evaluating matchers never loads zod.
import { z } from "zod";
import { headerMatcherIssues, matcherIssues, numericMatcherIssues, textMatcherIssues, type NumericUnit } from "./matcher.ts";

/** Zod schema of a matcher: any value, with operator mappings checked. */
export const matcherSchema = z.unknown().superRefine((value, ctx) => {
  for (const issue of matcherIssues(value)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

/**
 * Zod schema of a matcher of a number in the unit (a count, bytes, milliseconds): every value it compares with is one.
 * `everyAllowed`: the field overrides a default (exit code 0, at least one), so one that holds for every number says "any".
 */
export function numericMatcherSchema(unit: NumericUnit, everyAllowed = false) {
  return z.unknown().superRefine((value, ctx) => {
    for (const issue of numericMatcherIssues(value, unit, [], everyAllowed)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
}

/** Zod schema of a matcher of a text that is always there (stdout, stderr, a body: named `name` in messages, `empty` naming an empty one): no literal it compares with for equality is one no text equals. */
export function textMatcherSchema(name: string, empty?: string) {
  return z.unknown().superRefine((value, ctx) => {
    for (const issue of textMatcherIssues(value, name, [], empty)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
}

/** Zod schema of an http step's `expect.headers`: header name → a matcher of its value, text or absent (headerMatcherIssues, naming the header). */
export const headerMatchersSchema = z.record(z.string(), z.unknown()).superRefine((headers, ctx) => {
  if (Object.keys(headers).length === 0)
    ctx.addIssue({ code: "custom", message: "headers: {} checks nothing: give a header and a matcher of its value (e.g. {content-type: {contains: json}}), or leave headers out" });
  for (const [name, value] of Object.entries(headers))
    for (const issue of headerMatcherIssues(value, name, [name])) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

// The zod schema of a matcher, apart from matcher.ts so that evaluating matchers never loads zod.
import { z } from "zod";
import { matcherIssues, numericMatcherIssues } from "./matcher.ts";

/** Zod schema of a matcher: any value, with operator mappings checked. */
export const matcherSchema = z.unknown().superRefine((value, ctx) => {
  for (const issue of matcherIssues(value)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

/** A matcher of a count, a size or an age: every value it compares with must be a number, a duration or a size. */
export const numericMatcherSchema = z.unknown().superRefine((value, ctx) => {
  for (const issue of numericMatcherIssues(value)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

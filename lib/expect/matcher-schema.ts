// The zod schema of a matcher, apart from matcher.ts so that evaluating matchers never loads zod.
import { z } from "zod";
import { matcherIssues } from "./matcher.ts";

/** Zod schema of a matcher: any value, with operator mappings checked. */
export const matcherSchema = z.unknown().superRefine((value, ctx) => {
  for (const issue of matcherIssues(value)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
});

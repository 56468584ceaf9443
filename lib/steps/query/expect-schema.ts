// The zod schemas of the logql and promql steps' `expect:` fields, built only when a step of theirs goes through zod
// (the fast input check, query/fast-input.ts, was unsure of it) or for the JSON Schema; the checks they run are
// expect.ts's, which the fast check runs too.
import { z } from "zod";
import { addMatcherIssues, MATCHER_META, matcherSchema, numericMatcherSchema } from "../../expect/matcher-schema.ts";
import { regex } from "../../core/zod-fields.ts";
import { everyLineIssue } from "../../expect/regex.ts";
import { labelsOperatorIssues, valueIssues } from "./expect.ts";

// An empty text is in every line and an empty pattern matches every line: `contains: "${ID}"` with ID empty passed on
// any answer (the fast check leaves both to zod, which words them).
const NOTHING_TEXT = "an empty string is in every line: give the text to look for";
const text = z.string().min(1, NOTHING_TEXT);

const checked = <T extends z.ZodType<{ matches: string; count?: unknown }>>(item: T) =>
  item.superRefine((v, ctx) => {
    const issue = everyLineIssue(v.matches, v.count !== undefined);
    if (issue) ctx.addIssue({ code: "custom", path: ["matches"], message: issue });
  });
const textPattern = z.union([text, checked(z.object({ matches: regex, count: numericMatcherSchema("count").optional() }).strict())], {
  error: "give a string, or {matches: REGEX, count: matcher}",
});
const absentPattern = z.union([text, checked(z.object({ matches: regex }).strict())], { error: "give a string, or {matches: REGEX}" });

const listOf = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).min(1)], { error: "give a string, {matches: REGEX}, or a list of them" }).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** `contains`: a string, `{matches: REGEX, count: matcher}`, or a list of them. */
export const containsSchema = listOf(textPattern);
/** `not_contains`: a string, `{matches: REGEX}`, or a list of them. */
export const notContainsSchema = listOf(absentPattern);

/** `labels`: label name → matcher on the list of its distinct values in the result (list operators only: expect.ts). */
const labelsExpectSchema = z.record(z.string(), matcherSchema).superRefine((labels, ctx) => {
  addMatcherIssues(ctx, labelsOperatorIssues(labels));
});

/** `value`: a matcher every series must satisfy, or a list of {labels, value} items. */
export const valueSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    addMatcherIssues(ctx, valueIssues(v));
  })
  .meta(MATCHER_META)
  .meta({ description: "A matcher every series (every point) must satisfy, or a list of {labels, value} items each selecting one series" });

/** The expectations of a metric query (promql, and logql metric queries). */
export const metricExpectFields = {
  value: valueSchema.optional(),
  series: numericMatcherSchema("count", true).optional(),
  labels: labelsExpectSchema.optional(),
  empty: z.boolean().optional(),
};

/** The expectations of a logql step: log and metric ones. */
export const logExpectFields = {
  lines: numericMatcherSchema("count", true).optional(),
  streams: numericMatcherSchema("count", true).optional(),
  contains: containsSchema.optional(),
  not_contains: notContainsSchema.optional(),
  ...metricExpectFields,
};

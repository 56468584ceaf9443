// The zod schema of a matcher, apart from matcher.ts so that evaluating matchers never loads zod.
import { z } from "zod";
import { headerMatcherIssues, matcherIssues, numericMatcherIssues, OPERATORS, textMatcherIssues, TYPES, type MatcherIssue, type NumericUnit } from "./matcher.ts";

/**
 * The JSON Schema of a matcher, for editors (scenario.schema.json's definitions.matcher): a literal, or a mapping of
 * known operators, the nested ones (not, every, some, length) matchers again. The loader checks more (bounds, units,
 * regexes); this catches a misspelt operator as the editor types it.
 */
export const MATCHER_JSON_SCHEMA = {
  description: "a literal (equality), or a mapping of operators that must all hold ({gte: 1, lt: 10}); a literal mapping is written {eq: {...}}",
  anyOf: [
    { type: ["string", "number", "boolean", "null", "array"] },
    {
      type: "object",
      minProperties: 1,
      propertyNames: { enum: [...OPERATORS] },
      properties: {
        between: { type: "array", minItems: 2, maxItems: 2 },
        in: { type: "array" },
        exists: { type: "boolean" },
        type: { enum: [...TYPES] },
        length: { $ref: "#/definitions/matcher" },
        every: { $ref: "#/definitions/matcher" },
        some: { $ref: "#/definitions/matcher" },
        not: { $ref: "#/definitions/matcher" },
      },
    },
  ],
};

/** What a matcher's zod schema says in the JSON Schema: the matcher's definition. */
export const MATCHER_META = { allOf: [{ $ref: "#/definitions/matcher" }] } as Record<string, unknown>;

/**
 * Adds a matcher's issues to a zod refinement. One about a key itself (an unknown operator) says so in its params, so
 * the loader points file:line:col at the key (lib/loader/zod-issues.ts), not at its value.
 */
export function addMatcherIssues(ctx: z.RefinementCtx, issues: readonly MatcherIssue[]): void {
  for (const issue of issues) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, ...(issue.atKey ? { params: { atKey: true } } : {}) });
}

/** Zod schema of a matcher: any value, with operator mappings checked. */
export const matcherSchema = z
  .unknown()
  .superRefine((value, ctx) => {
    addMatcherIssues(ctx, matcherIssues(value));
  })
  .meta(MATCHER_META);

/**
 * Zod schema of a matcher of a number in the unit (a count, bytes, milliseconds): every value it compares with is one.
 * `everyAllowed`: the field overrides a default (exit code 0, at least one), so one that holds for every number says "any".
 */
export function numericMatcherSchema(unit: NumericUnit, everyAllowed = false) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      addMatcherIssues(ctx, numericMatcherIssues(value, unit, [], everyAllowed));
    })
    .meta(MATCHER_META);
}

/** Zod schema of a matcher of a text that is always there (stdout, stderr, a body: named `name` in messages, `empty` naming an empty one): no literal it compares with for equality is one no text equals. */
export function textMatcherSchema(name: string, empty?: string) {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      addMatcherIssues(ctx, textMatcherIssues(value, name, [], empty));
    })
    .meta(MATCHER_META);
}

/** Zod schema of an http step's `expect.headers`: header name → a matcher of its value, text or absent (headerMatcherIssues, naming the header). */
export const headerMatchersSchema = z.record(z.string(), z.unknown().meta(MATCHER_META)).superRefine((headers, ctx) => {
  if (Object.keys(headers).length === 0)
    ctx.addIssue({ code: "custom", message: "headers: {} checks nothing: give a header and a matcher of its value (e.g. {content-type: {contains: json}}), or leave headers out" });
  for (const [name, value] of Object.entries(headers))
    addMatcherIssues(ctx, headerMatcherIssues(value, name, [name]));
});

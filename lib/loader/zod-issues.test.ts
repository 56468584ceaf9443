// zodIssues' wording of a union that refused a value: never zod's own words ("Invalid input: expected array, received number").
import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { zodIssues } from "./zod-issues.ts";
import type { RawIssue } from "./raw-issue.ts";

function messages(schema: z.ZodType, data: unknown): string[] {
  const parsed = schema.safeParse(data);
  if (parsed.success) return [];
  const out: RawIssue[] = [];
  zodIssues(parsed.error.issues, [], data, out, schema);
  return out.map((i) => i.message);
}

describe("a union's refusal", () => {
  const scalarOrMapping = z.object({ key: z.union([z.union([z.string(), z.number()]), z.object({ a: z.string() }).strict()]) });
  test("of the value's type, through a union inside it, names every type taken", () => {
    expect(messages(scalarOrMapping, { key: [1] })).toEqual(["key: expected string or number or a mapping, got a list"]);
  });
  test("one inner union with its own words: those words", () => {
    const listOrItem = z.object({ key: z.union([z.union([z.string(), z.object({ m: z.string() }).strict()], { error: "key takes a text or {m: TEXT}, or a list of these" }), z.array(z.string())]) });
    expect(messages(listOrItem, { key: 5 })).toEqual(["key: key takes a text or {m: TEXT}, or a list of these; got number 5"]);
  });
  test("of the value itself by the one branch that takes its type: that branch's words alone", () => {
    // As a duration refuses "soon": in a transform, which zod reports as the union's, beside the other branch's type.
    const duration = z.string().transform((v, ctx) => (v.endsWith("s") ? v : (ctx.addIssue({ code: "custom", message: "a duration ends in s" }), z.NEVER)));
    const refined = z.object({ key: z.union([duration, z.object({ a: z.string() }).strict()]) });
    expect(messages(refined, { key: "soon" })).toEqual(["key: a duration ends in s"]);
  });
});

// Matchers on a cut text: a pass counts only where the whole text would pass too.
import { describe, expect, test } from "bun:test";
import { evaluateKept } from "./cut.ts";

const NOTE = "the body was cut at 10.0 MiB and the rest not read";
const verdicts = (matcher: unknown, text: string, kept?: "head" | "tail") => evaluateKept(matcher, text, "body", kept, NOTE).map((c) => [c.ok, c.actual]);

describe("evaluateKept", () => {
  test("a whole text is checked as it is", () => {
    expect(verdicts({ not_contains: "TAIL" }, "head part")).toEqual([[true, "head part"]]);
  });

  test.each([
    [{ not_contains: "TAIL" }],
    [{ not_matches: "TAIL$" }],
    ["head part"],
    [{ ne: "x" }],
    [{ length: { lt: 11_000_000 } }],
    [{ matches: "part$" }],
    [{ matches: "\\bpart\\b" }],
    [{ not: { contains: "TAIL" } }],
  ])("a pass the rest of the text could undo is no pass: %j", (matcher) => {
    expect(verdicts(matcher, "head part", "head")).toEqual([[false, `not known: ${NOTE}`]]);
  });

  test.each([[{ contains: "head" }], [{ matches: "h.ad" }], [{ matches: "(?i)HEAD" }], [{ length: { gte: 5 } }], [{ exists: true, type: "string" }]])(
    "a pass the whole text gives too stays: %j",
    (matcher) => {
      expect(verdicts(matcher, "head part", "head").every(([ok]) => ok)).toBe(true);
      // every() holds on no check at all: the kept text's checks are the whole text's, each holding.
      expect(verdicts(matcher, "head part", "head")).toEqual(verdicts(matcher, "head part"));
      expect(verdicts(matcher, "head part", "head").map(([ok]) => ok)).toEqual(Object.keys(matcher as object).map(() => true));
    },
  );

  test("a failure stays a failure, with what was seen", () => {
    expect(verdicts({ not_contains: "part" }, "head part", "tail")).toEqual([[false, "head part"]]);
  });
});

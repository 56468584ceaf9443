// Matchers on a cut text: a pass counts only where the whole text would pass too.
import { describe, expect, test } from "bun:test";
import { evaluateKept } from "./cut.ts";
import { Masker } from "../vars/mask.ts";

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
      // every() holds on no check at all: the kept text's checks are the whole text's, each holding (the text shown
      // with a "…" where it was cut).
      expect(verdicts(matcher, "head part", "head")).toEqual(verdicts(matcher, "head part").map(([ok, actual]) => [ok, actual === "head part" ? "head part…" : actual]));
      expect(verdicts(matcher, "head part", "head").map(([ok]) => ok)).toEqual(Object.keys(matcher as object).map(() => true));
    },
  );

  test("a failure stays a failure, with what was seen; one the whole could turn into a pass says the text was cut", () => {
    expect(verdicts({ not_contains: "part" }, "head part", "tail")).toEqual([[false, "…head part"]]);
    // `contains: ERROR` where ERROR came before the kept end read as though the whole output lacked it.
    expect(verdicts({ contains: "ERROR" }, "tail part", "tail")).toEqual([[false, `(${NOTE}: on the whole it may hold) …tail part`]]);
    expect(verdicts("whole", "tail part", "tail")).toEqual([[false, `(${NOTE}: on the whole it may hold) …tail part`]]);
  });

  test("the text shown says where it was cut, with a \"…\" on that side, so a secret the cut went through is masked", () => {
    // A command's output kept from inside a secret (its last 10 Mi characters), a body read up to inside one (10 MiB):
    // shown as it was, the part of the secret beside the cut was no secret to the masker, in every report.
    const key = "Zq7tokenSecretValue99";
    const m = new Masker();
    m.add(key);
    const tail = evaluateKept({ not_contains: "yyy" }, `${key.slice(9)}yyyy`, "stdout", "tail", NOTE);
    expect(tail.map((c) => [c.actual, c.found])).toEqual([["…" + `${key.slice(9)}yyyy`, { line: 1, column: key.length - 9 + 2 }]]);
    expect(m.deep(tail.map((c) => c.actual))).toEqual(["…***yyyy"]);
    const head = evaluateKept({ contains: "ERROR" }, `yyyy\n${key.slice(0, 10)}`, "body", "head", NOTE);
    expect(m.deep(head.map((c) => c.actual))).toEqual([`(${NOTE}: on the whole it may hold) yyyy\n***…`]);
    // A value that is not the text (a length) is shown as it is.
    expect(evaluateKept({ length: { lt: 9 } }, "yyyy", "stdout", "tail", NOTE).map((c) => c.actual)).toEqual([`not known: ${NOTE}`]);
    expect(evaluateKept({ length: { gt: 9 } }, "yyyy", "stdout", "tail", NOTE).map((c) => c.actual)).toEqual([`(${NOTE}: on the whole it may hold) 4`]);
  });

  // A text of digits beyond 2^53 (stdout, a body) compared with a number: `stdout: 9007199254740993` passed on …992,
  // the matcher's number being a double too. Undecided, as a JSONPath value is; compared as text (quoted), exact.
  test.each([[9007199254740993], [{ eq: 9007199254740993 }], [{ gt: 9007199254740991 }], [{ not: { ne: 9007199254740993 } }], [{ in: [9007199254740993] }]])(
    "digits beyond 2^53 compared with %j cannot be decided",
    (matcher) => {
      expect(verdicts(matcher, "9007199254740992").map(([ok, actual]) => [ok, String(actual).includes("cannot be decided")])).toEqual([[false, true]]);
    },
  );
  test("the same digits as text compare exactly; far from the constant a number decides", () => {
    expect(verdicts("9007199254740992", "9007199254740992")).toEqual([[true, "9007199254740992"]]);
    expect(verdicts("9007199254740993", "9007199254740992").map(([ok]) => ok)).toEqual([false]);
    expect(verdicts({ gt: 5 }, "9007199254740992").map(([ok]) => ok)).toEqual([true]);
  });
});

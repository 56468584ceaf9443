// Tests for the answers of Bun's regular expressions that may be a give-up: no match after a long search is not known.
import { describe, expect, test } from "bun:test";
import { execAnswer, gaveUpText, mayGiveUp, testAnswer } from "./regex-limit.ts";

/** A line on which `(\w+\s?)+: ERROR` backtracks past the engine's limit before it reaches the match after the `!`. */
export const GIVE_UP_LINE = "word ".repeat(30) + "! zz: ERROR";
export const NESTED = String.raw`(\w+\s?)+: ERROR`;

describe("testAnswer and execAnswer", () => {
  test("a plain answer is given as it is: a match, and a quick no match", () => {
    expect(testAnswer(/ERROR/, "x: ERROR")).toBe(true);
    expect(testAnswer(/ERROR/, "x: fine")).toBe(false);
    expect(execAnswer(/(E)RROR/, "x: ERROR")?.[1]).toBe("E");
    expect(execAnswer(/ERROR/, "x: fine")).toBeNull();
    // A match found after much backtracking is a match.
    expect(testAnswer(new RegExp(NESTED), "word ".repeat(30) + "zz: ERROR")).toBe(true);
  });

  test("a no match that is the engine giving up is not known (undefined), where plain test() says false", () => {
    const re = new RegExp(NESTED);
    // What the engine itself answers: no match, though grep finds `zz: ERROR` on the line.
    expect(re.test(GIVE_UP_LINE)).toBe(false);
    expect(testAnswer(re, GIVE_UP_LINE)).toBeUndefined();
    expect(execAnswer(re, GIVE_UP_LINE)).toBeUndefined();
  });

  test("a global or sticky regex is tried again from where it started", () => {
    const re = new RegExp(NESTED, "g");
    re.lastIndex = 3;
    expect(testAnswer(re, GIVE_UP_LINE)).toBeUndefined();
    const ok = /b/g;
    ok.lastIndex = 1;
    expect(testAnswer(ok, "abab")).toBe(true);
    expect(ok.lastIndex).toBe(2);
  });

  test("the text says where, what and what to write instead", () => {
    expect(gaveUpText("(a+)+b", "logs/x.log:3: aaa")).toBe(
      'not known on logs/x.log:3: aaa: /(a+)+b/ answered "no match" only after a long search, as Bun\'s regular expressions answer when they give up (after about a million backtracking steps); write it without nested quantifiers (`\\w+: ERROR` finds the lines `(\\w+ ?)+: ERROR` is meant to)',
    );
    expect(gaveUpText("(a+)+b")).toStartWith('not known: /(a+)+b/ answered "no match"');
  });
});

describe("mayGiveUp", () => {
  test.each([
    [String.raw`(\w+ ?)+: ERROR`, true],
    ["(a|aa)+$", true],
    ["(a*)*b", true],
    ["(?:ab){2,}c", true],
    [String.raw`(\d+)\.\1`, true],
    ["(?<=x)y", true],
    [String.raw`\w*\w*\w*!X`, false],
    [".*out of memory", false],
    ['level":"(error|warn)"', false],
    [String.raw`(\w+\s?){12}: ERROR`, true],
    ["(ab)?c", true],
    ["ab?c{2,}", false],
  ])("%s: %p", (source, expected) => expect(mayGiveUp(source)).toBe(expected));

  test("every pattern it leaves out is searched to the end, as measured: a match after much backtracking is found", () => {
    expect(new RegExp(String.raw`\w*\w*\w*\w*!X`, "u").test("a".repeat(60) + " b!X")).toBe(true);
  });
});

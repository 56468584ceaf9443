// Loki 3.4.6's regex simplifier: which regex filters run as text tests, and the case-fold orbits its (?i) literals use.
import { describe, expect, test } from "bun:test";
import { simplifiedRegex } from "./regex-simplify.ts";

describe("Loki's simplifier and a one-character class under (?i)", () => {
  // Go's parser makes [a] under (?i) a folded literal, but keeps [k] ([Kk\u212A]) a class: Loki 3.4.6 runs that regex,
  // so `a=~"(?i)x[k]y"` matches "x\u212Ay".
  test("[k] is left to the regex, [a] is a literal", () => {
    expect(simplifiedRegex("(?i)x[k]y", true)).toBeUndefined();
    expect(simplifiedRegex("(?i)x[s]y", false)).toBeUndefined();
    const a = simplifiedRegex("(?i)x[a]y", true);
    expect(typeof a === "function" && a("XAY")).toBe(true);
    expect(typeof simplifiedRegex("x[k]y", true)).toBe("function");
  });
});

describe("(?i) literals keep the smallest character of Go 1.23's case-fold orbit (Loki 3.4.6)", () => {
  // Go's orbit, not JavaScript's: U+A64A and U+A64B fold with U+1C88 (the smallest, which Loki's text search looks
  // for); ΐ U+1FD3, ΰ U+1FE3 and ﬆ, which Unicode 15.1 folded with U+0390, U+03B0 and ﬅ, fold with nothing in Go's
  // Unicode 15.0 tables, nor do ƛ and Ꟍ (paired by Unicode 16).
  test.each([
    ["\ua64a", "x\u1c88y", true],
    ["\ua64a", "x\ua64ay", false],
    ["\ua64b", "x\u1c88y", true],
    ["\ua64b", "x\ua64by", false],
    ["\u1c88", "x\u1c88y", true],
    ["\u1fd3", "x\u1fd3y", true],
    ["\u1fd3", "x\u0390y", false],
    ["\u0390", "x\u1fd3y", false],
    ["\u1fe3", "x\u1fe3y", true],
    ["\u1fe3", "x\u03b0y", false],
    ["\ufb06", "x\ufb06y", true],
    ["\ufb06", "x\ufb05y", false],
    ["\ufb05", "x\ufb06y", false],
    ["\u019b", "x\ua7dcy", false],
    ["\u019b", "x\u019by", true],
    ["\u03c3", "x\u03c3y", true],
    ["\u00b5", "x\u03bcy", false],
    // Go's parser flags every literal character under (?i), a space or digit too, so `(?i)k sign` is one folded
    // literal that Loki searches as text (a match starts only at a character whose UTF-8 form begins as the literal's
    // first does), not a regex: it misses the Kelvin sign, ſ and the ohm sign there, and `(?i)σ x` misses "Σ x".
    ["k sign", "kelvin \u212a sign", false],
    ["K SIGN", "upper K sign", true],
    ["s x", "long \u017f x", false],
    ["\u03c9 x", "ohm \u2126 x", false],
    ["\u03c3 x", "upper \u03a3 x", false],
    ["\u03c3 x", "lower \u03c3 x", true],
    ["1\u03c3", "x1\u03a3 y", true],
    ["error: disk", "ERROR: disk", true],
  ])("(?i)%s on %s → %p", (c, line, want) => {
    const f = simplifiedRegex(`(?i)${c}`, false);
    expect(typeof f).toBe("function");
    expect(typeof f === "function" && f(line)).toBe(want);
  });

  test("[c] under (?i) stays a class when Go's orbit of c has more than two characters", () => {
    expect(simplifiedRegex("(?i)x[\ua64a]y", false)).toBeUndefined();
    // [ﬆ] (no other case in Go's tables) is a literal without FoldCase, which Go's parser does not merge with the
    // folded x and y beside it: three literals, which Loki's simplifier leaves to the regex; [ﬆ] alone is text.
    expect(simplifiedRegex("(?i)x[\ufb06]y", false)).toBeUndefined();
    expect(typeof simplifiedRegex("(?i)[\ufb06]", false)).toBe("function");
  });
});

describe("what Go's parser reads as literals (Loki 3.4.6 tests text for them)", () => {
  /** simplifiedRegex gives a text test, not the regex, that keeps `hit` and not `miss`. */
  const expectTextTest = (pattern: string, label: boolean, hit: string, miss: string) => {
    const f = simplifiedRegex(pattern, label);
    expect(typeof f).toBe("function");
    expect(typeof f === "function" && f(hit)).toBe(true);
    expect(typeof f === "function" && f(miss)).toBe(false);
  };
  // Each checked against Loki 3.4.6: an empty alternative beside a literal drops out (`X|` is a contains test for X),
  // however the literal is written; leading or inner flag groups change no literal.
  test.each([
    ["\\x61|", "cat", "xyz"],
    ["\\x{61}|", "cat", "xyz"],
    ["\\141|", "cat", "xyz"],
    ["\\Qab\\E|", "xaby", "a b"],
    ["\\t|", "tab\there", "no tab"],
    ["[aa]|", "cat", "xyz"],
    ["[a-a]|", "cat", "xyz"],
    ["a{1,1}|", "cat", "xyz"],
    ["a{1}|", "cat", "xyz"],
    ["(?:a){1,1}|", "cat", "xyz"],
    ["(?s)ab|", "xaby", "a b"],
    ["(?m)ab|", "xaby", "a b"],
    ["(?is)ab|", "xABy", "a b"],
    ["(?i)(?U)ab|", "xABy", "a b"],
    ["(?U)(?i)ab|", "xABy", "a b"],
    ["(?i-s)ab|", "xABy", "a b"],
    ["[Aa]|", "cat", "xyz"],
    ["[Aa]|", "cAt", "xyz"],
    ["(?P<1n>a)|", "cat", "xyz"],
  ])("line filter %s", (pattern, hit, miss) => expectTextTest(pattern, false, hit, miss));

  // A label filter whose literal stands beside `.*`, or was factored out of alternatives, is an unanchored contains test.
  test.each([
    ["\\Q/api/v1\\E.*", "GET /api/v1/users", "/api/v2"],
    ["\\x61.*", "cat", "xyz"],
    ["(?m)ab.*", "tab\there", "a b"],
    ["(?i)(?U)AB.*", "tab\there", "a b"],
    ["(?s:ab).*", "tab\there", "a b"],
    ["ab|\\x61bab", "tab\there", "a b"],
    ["(?P<1n>a).*", "cat", "xyz"],
  ])("label filter %s", (pattern, hit, miss) => expectTextTest(pattern, true, hit, miss));

  // What Loki runs as a regex: .* under (?s) (any character, not Go's AnyCharNotNL), a literal a count splits off
  // (Go's Simplify leaves `a` beside `b` two literals), a class of more than one character.
  test.each(["(?s)ab.*", "ab|(?s).*", "ab{1}c.*", "[ab]|", "(?i)[k]|", "x(?s:.*)"])("%s runs as a regex", (pattern) => {
    expect(simplifiedRegex(pattern, true)).toBeUndefined();
  });
});

describe("an or of many (?i) literals", () => {
  // `(?-i)w0|(?i)w1|(?-i)w2|…` runs as contains tests, one for each literal, on each line: the line is lowered once
  // (300 such literals had lowered each line 150 times: 50 MB took 28 s).
  test("lowers a line once, whichever literal finds it", () => {
    const pattern = Array.from({ length: 20 }, (_, k) => `${k % 2 ? "(?i)" : "(?-i)"}w${k}`).join("|");
    const f = simplifiedRegex(pattern, false);
    if (typeof f !== "function") throw new Error(`${pattern} should be contains tests`);
    const lower = String.prototype.toLowerCase;
    let calls = 0;
    String.prototype.toLowerCase = function (this: string) {
      calls++;
      return lower.call(this);
    };
    const found: boolean[] = [];
    try {
      for (const line of ["a line with W19 in it", "nothing here", "w2 then", "W2 only"]) found.push(f(line));
    } finally {
      String.prototype.toLowerCase = lower;
    }
    expect(found).toEqual([true, false, true, false]);
    expect(calls).toBe(4);
    // A line with the Kelvin sign is read character by character, as before.
    expect([f("kelvin \u212a W7"), f("\u212a W2"), f("\u212a w1")]).toEqual([true, false, true]);
  });
});

// RE2 → JavaScript regex translation: what carries over, what RE2 rejects, and what the engine cannot translate.
import { describe, expect, test } from "bun:test";
import { RegexSyntaxError, compileRe2, literalOf, translateRe2 } from "./re2.ts";

describe("translation", () => {
  test.each([
    ["(?i)error", "ERROR", true],
    ["(?P<name>\\w+)=", "key=", true],
    ["[[:digit:]]+", "123", true],
    ["[^[:space:]]+x", "abx", true],
    ["\\Qa.b\\E", "a.b", true],
    ["\\Qa.b\\E", "axb", false],
    ["^a\\z", "a", true],
    ["\\Aab", "cab", false],
    ["\\pL+", "é", true],
    ["a\\-b", "a-b", true],
    // RE2 script classes are scripts in JavaScript: \p{Greek} is \p{Script=Greek}.
    ["\\p{Greek}+", "αβγ", true],
    ["^\\p{Greek}", "abc", false],
    ["^\\P{Greek}", "abc", true],
    ["^\\p{^Greek}", "abc", true],
    ["^[\\p{Han}x]+$", "漢字x", true],
    ["\\p{Lu}", "É", true],
    ["\\p{Any}", "x", true],
    // RE2's . stops only at \n, and its \s is [\t\n\f\r ] (JavaScript's differ; Loki 3.4.6 answers as RE2).
    ["^a.c$", "a\rc", true],
    ["^a.c$", "a\u2028c", true],
    ["^a.c$", "a\nc", false],
    ["(?s)^a.c$", "a\nc", true],
    ["\\s", "\v\u00a0\ufeff", false],
    ["[\\s]", "\u00a0", false],
    ["^\\S$", "\u00a0", true],
    ["\\s", "\t", true],
  ])("%s ~ %j → %p", (pattern, input, want) => {
    expect(compileRe2(pattern).test(input)).toBe(want);
  });

  test("label matchers are fully anchored", () => {
    expect(compileRe2("api", true).test("api-2")).toBe(false);
    expect(compileRe2("api|web", true).test("web")).toBe(true);
  });

  test("named groups are reported", () => {
    expect(translateRe2("(?P<a>x)(?<b>y)(z)").names).toEqual(["a", "b"]);
  });
});

describe("rejections", () => {
  test.each([
    ["(?=x)", false, /invalid or unsupported Perl syntax/],
    ["(?<!x)y", false, /invalid or unsupported Perl syntax/],
    ["(a)\\1", false, /invalid escape sequence/],
    ["\\y", false, /invalid escape sequence/],
    ["[a", false, /missing closing \]/],
    ["(?U)a+", true, /ungreedy/],
    ["a(?i)b", true, /flag group inside the pattern/],
  ])("%s", (pattern, unsupported, re) => {
    let err: unknown;
    try {
      translateRe2(pattern);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RegexSyntaxError);
    expect((err as RegexSyntaxError).unsupported).toBe(unsupported);
    expect((err as Error).message).toMatch(re);
  });
});

describe("literalOf (regex filters that are plain text)", () => {
  test.each([
    ["error", "error"],
    ["GET /api\\.v1", "GET /api.v1"],
    ["err.r", undefined],
    ["(?i)error", undefined],
    ["a\\d", undefined],
  ])("%s", (pattern, want) => {
    expect(literalOf(pattern)).toBe(want);
  });
});

// RE2 → JavaScript regex translation: what carries over, what RE2 rejects, and what the engine cannot translate.
import { describe, expect, test } from "bun:test";
import { RegexSyntaxError, compileRe2, literalOf, translateRe2 } from "./re2.ts";

/** What translateRe2 throws for `pattern`, which must be a RegexSyntaxError. */
function errorOf(pattern: string): RegexSyntaxError {
  let err: unknown;
  try {
    translateRe2(pattern);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(RegexSyntaxError);
  return err as RegexSyntaxError;
}

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
    // \S in a class is RE2's (not [\t\n\f\r ]): \v and U+00A0 are in it (Loki 3.4.6 answers so).
    ["^[\\S]$", "\v", true],
    ["^[\\S]$", "\u00a0", true],
    ["^[^\\S\\n]$", "\u00a0", false],
    ["^[^\\S\\n]$", "\t", true],
    ["^[\\S]$", " ", false],
    // Characters, not UTF-16 halves: . and a negated class take a whole emoji; ranges may hold one.
    ["^x.y$", "x😀y", true],
    ["^[^a]$", "😀", true],
    ["^[😀-😂]$", "😁", true],
    // (?i) folds as Go's SimpleFold: the Kelvin sign with k, ſ with s, ẞ with ß, the Ångström and Ohm signs.
    ["(?i)^k$", "\u212a", true],
    ["(?i)^s$", "\u017f", true],
    ["(?i)^[a-z]$", "\u212a", true],
    ["(?i)^ß$", "ẞ", true],
    ["(?i)^å$", "\u212b", true],
    ["(?i)^ω$", "\u2126", true],
    ["(?i)^[^k]$", "\u212a", false],
    ["(?i)^\\w$", "\u017f", true],
    ["(?i)^[\\W]$", "\u017f", false],
    ["(?i)\\bk", "\u017fk", true],
    ["(?i)\\Bk", "\u017fk", false],
    // What the u flag would refuse, RE2 takes as itself: a { that starts no repetition, a lone } or ], a - after a
    // class escape; octal escapes.
    ["^a{$", "a{", true],
    ["^{x}$", "{x}", true],
    ["^a{,2}$", "a{,2}", true],
    ["^a]}$", "a]}", true],
    ["^[\\d-z]+$", "1-z", true],
    ["^[\\d-z]$", "b", false],
    ["^[\\s-z]$", "a", false],
    ["^\\101\\0$", "A\u0000", true],
    ["^\\Q-\\E$", "-", true],
    ["^a\\-b$", "a-b", true],
    // A `-` at a class item's start is itself, after a class (\d, [:space:]) too; after a single character (a literal
    // `[` included) it makes a range whose end is a single character, `[` never [:name:] (Go's parseClass; Loki 3.4.6).
    ["^[[:space:]-z]+$", " -z\t", true],
    ["^[[:space:]-z]$", "y", false],
    ["^[[:cntrl:]-z]+$", "\x7f-z", true],
    ["^[[:cntrl:]-z]$", "y", false],
    ["^[\\d[-z]+$", "1[\\]^_az", true],
    ["^[\\d[-z]$", "-", false],
    ["^[\\d--/]+$", "1-./", true],
    ["^[\\pL-z]+$", "é-z", true],
    ["^[!-[:alpha:]]$", "[]", true],
    ["^[!-[:alpha:]]$", "b]", false],
    ["^[]-a]+$", "]^a", true],
    ["^[a-c-e]+$", "b-e", true],
    ["^[a-c-e]$", "d", false],
    ["^[\\x41-\\x{5a}]+$", "AZ", true],
    // (?i) folds as Go 1.23 (Unicode 15.0) does: ƛ and Ꟍ (paired by Unicode 16), ΐ U+0390 and U+1FD3 (Unicode 15.1) are
    // each only themselves, as literals, in classes (a range, a negated class) and as escapes (Loki 3.4.6).
    ["(?i)^ƛ$", "Ꟍ", false],
    ["(?i)^ƛ$", "ƛ", true],
    ["(?i)^ƛ+$", "ƛƛ", true],
    ["(?i)^ƛ+$", "ƛꟜ", false],
    ["(?i)^[ƛ]$", "Ꟍ", false],
    ["(?i)^[^ƛ]$", "Ꟍ", true],
    ["(?i)^[^ƛ]$", "ƛ", false],
    ["(?i)^[a-ʒ]$", "Ꟍ", false],
    ["(?i)^[a-ʒ]$", "Æ", true],
    ["(?i)^[a-ʒ]$", "ƛ", true],
    ["(?i)^\\x{a7dc}$", "ƛ", false],
    ["(?i)^\\633$", "Ꟍ", false],
    ["(?i)^\u0390$", "\u1fd3", false],
    ["(?i)^[^a-z]$", "Ꟍ", true],
  ])("%s ~ %j → %p", (pattern, input, want) => {
    expect(compileRe2(pattern).test(input)).toBe(want);
  });

  // (?U) swaps greedy and non-greedy repetition (Loki 3.4.6: `(?U)a+` on caaandy replaces each a alone).
  test.each([
    ["(?U)a+", "caaandy", "cXXXndy"],
    ["(?U)a+?", "caaandy", "cXndy"],
    ["(?U)a{1,3}", "aaaaa", "XXXXX"],
    ["(?U)a{2,}?", "aaaaa", "X"],
    ["(?U)^a+$", "aa", "X"],
    ["(?Ui)A{2,}", "aaaa", "XX"],
  ])("%s on %s", (pattern, input, want) => {
    const re = new RegExp(compileRe2(pattern).source, compileRe2(pattern).flags + "g");
    expect(input.replace(re, "X")).toBe(want);
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
    // In a class only a character's escape or a class (\d, \pL) stands, and a range's end is a single character.
    ["[a-\\d]", false, /^error parsing regexp: invalid escape sequence: `\\d`$/],
    ["[a-\\pL]", false, /^error parsing regexp: invalid escape sequence: `\\p`$/],
    ["[\\b]", false, /^error parsing regexp: invalid escape sequence: `\\b`$/],
    ["[\\Qa\\E]", false, /^error parsing regexp: invalid escape sequence: `\\Q`$/],
    ["[z-[:alpha:]]", false, /^error parsing regexp: invalid character class range: `z-\[`$/],
    ["[\\x{42}-\\x41]", false, /^error parsing regexp: invalid character class range: `\\x\{42\}-\\x41`$/],
    // A name Object.prototype answers to is no POSIX class (its member was spliced into the pattern).
    ["[[:constructor:]]", false, /^error parsing regexp: invalid character class range: `\[:constructor:\]`$/],
    ["[[:toString:]]", false, /^error parsing regexp: invalid character class range: `\[:toString:\]`$/],
    // \x as Go reads it: two hex digits, or up to U+10FFFF in braces (an unclosed brace once looped forever).
    ["\\x{41", false, /^error parsing regexp: invalid escape sequence: `\\x\{41`$/],
    ["\\x{110000}", false, /^error parsing regexp: invalid escape sequence: `\\x\{110000`$/],
    ["\\x{}", false, /^error parsing regexp: invalid escape sequence: `\\x\{\}`$/],
    ["[\\x4]", false, /^error parsing regexp: invalid escape sequence: `\\x4\]`$/],
    // Go's bounds on counted repetitions (Loki 3.4.6 refuses each with these words): a number over 1000, a range out of
    // order, and nested counts whose product passes 1000, named by the outer count (with its lazy mark).
    ["a{1001}", false, /^error parsing regexp: invalid repeat count: `\{1001\}`$/],
    ["x{0,1001}", false, /^error parsing regexp: invalid repeat count: `\{0,1001\}`$/],
    ["a{1001,}", false, /^error parsing regexp: invalid repeat count: `\{1001,\}`$/],
    ["a{99999999999}", false, /^error parsing regexp: invalid repeat count: `\{99999999999\}`$/],
    ["a{2,1}", false, /^error parsing regexp: invalid repeat count: `\{2,1\}`$/],
    ["[{]{1001}", false, /^error parsing regexp: invalid repeat count: `\{1001\}`$/],
    ["(a{500}){3}", false, /^error parsing regexp: invalid repeat count: `\{3\}`$/],
    ["(?:a{40}){30}", false, /^error parsing regexp: invalid repeat count: `\{30\}`$/],
    ["(a{500}|b){3}?", false, /^error parsing regexp: invalid repeat count: `\{3\}\?`$/],
    ["((a{10}){10}){11}", false, /^error parsing regexp: invalid repeat count: `\{11\}`$/],
    ["(a{2}){501}", false, /^error parsing regexp: invalid repeat count: `\{501\}`$/],
    ["(a{500}){3,}", false, /^error parsing regexp: invalid repeat count: `\{3,\}`$/],
  ])("%s", (pattern, unsupported, re) => {
    const err = errorOf(pattern);
    expect(err.unsupported).toBe(unsupported);
    expect(err.message).toMatch(re);
  });
});

describe("counted repetitions Go takes", () => {
  // Each checked against Loki 3.4.6: within the bounds, or a count of 0 (nothing under it repeats), or an outer count
  // of 1; a number with a leading zero starts no repetition, so the braces are text.
  test.each([
    ["a{1000}", "a".repeat(1000), "a".repeat(999)],
    ["(a{2}){500}", "a".repeat(1000), "a".repeat(999)],
    ["((a{10}){10}){10}", "a".repeat(1000), "a".repeat(999)],
    ["(a{1000}){1}", "a".repeat(1000), "a".repeat(999)],
    ["(a{500}){2,}", "a".repeat(1000), "a".repeat(999)],
    ["x(a{500}){0}y", "xy", "xay"],
    ["x(a{500}){0,}y", "xy", "xz"],
    ["x(a{1000}){0,1}y", "xy", "xay"],
    ["a{01}", "a{01}", "a"],
    ["b{1,02}", "b{1,02}", "bb"],
    ["\\{1001}", "{1001}", "1001"],
  ])("%s", (pattern, matches, misses) => {
    const re = compileRe2(pattern, true);
    expect(re.test(matches)).toBe(true);
    expect(re.test(misses)).toBe(false);
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

describe("Go's flags anywhere, group names and escapes, as Loki 3.4.6 reads them", () => {
  test.each([
    // (?m): RE2's ^ and $ break only at \n and the text's ends, not at \r, U+2028 or U+2029 as JavaScript's m flag does.
    ["(?m)^done", "fetch 10%\r50%\rdone", false],
    ["(?m)^done", "fetch\ndone", true],
    ["(?m)^b", "a\u2028b", false],
    ["(?m)^b", "a\u2029b", false],
    ["(?m)a$", "a\rb", false],
    ["(?m)a$", "a\nb", true],
    ["(?m)a$", "xa", true],
    ["(?m)^a", "a", true],
    ["(?m:^b)", "a\rb", false],
    ["(?m:^b)", "a\nb", true],
    ["(?m)(?-m)^b", "a\nb", false],
    ["(?m)\\Ab", "a\nb", false],
    ["(?m)a\\z", "a\nb", false],
    // Flags set mid-pattern or in a group hold to the group's end, across its alternatives.
    ["^GET (?i:/API)$", "GET /api", true],
    ["^GET (?i:/API)$", "get /api", false],
    ["^a(?i)B$", "ab", true],
    ["^a(?i)B$", "Ab", false],
    ["^(?i)a(?-i)B$", "Ab", false],
    ["^(?i)a(?-i)B$", "aB", true],
    ["^(a(?i)b|c)d$", "aBd", true],
    ["^(a(?i)b|c)d$", "Cd", true],
    ["^(a(?i)b|c)d$", "aBD", false],
    ["^(?:(?i)a)b$", "AB", false],
    ["^(?:(?i)a)b$", "Ab", true],
    ["^(?i)(?-i:a)$", "A", false],
    ["^x(?i)k$", "x\u212a", true],
    ["^x(?i)\u019b$", "x\ua7dc", false],
    ["^x(?i)[a-c]$", "xB", true],
    ["^(?i:x)\\bk$", "x\u017fk", false],
    ["^(?s:a.)b$", "a\nb", true],
    ["^(?s:a).b$", "a\nb", false],
    ["^(?i-s:A.)$", "a\n", false],
    ["^(?i-s:A.)$", "ax", true],
    // A negated POSIX class is every other character.
    ["^[[:^alpha:]]+$", "1-é", true],
    ["^[[:^alpha:]]$", "a", false],
    ["^[x[:^digit:]]$", "5", false],
    // Group names Go takes: starting with a digit, and one name twice.
    ["^(?P<1st>a)$", "a", true],
    ["^(?P<v>GET)|(?P<v>POST)$", "POST", true],
    // \P{Any} matches nothing, alone or in a class.
    ["\\P{Any}", "a", false],
    ["^[\\P{Any}a]$", "a", true],
    ["^[\\P{Any}a]$", "b", false],
    ["^[^\\P{Any}]$", "b", true],
  ])("%s ~ %j → %p", (pattern, input, want) => {
    expect(compileRe2(pattern).test(input)).toBe(want);
  });

  test("(?U) in a group", () => {
    const re = new RegExp(compileRe2("(?U:a+)a+").source, "gu");
    expect("aaaa".replace(re, "X")).toBe("X");
    expect("aaaa".match(re)![0]).toBe("aaaa");
    expect(compileRe2("x(?U)a+").exec("xaaa")![0]).toBe("xa");
  });

  test("every capture group, named or not, in order", () => {
    expect(translateRe2("(?P<1st>a)(b)(?<v>c)(?:d)(?P<v>e)").groups).toEqual(["1st", undefined, "v", "v"]);
    expect(translateRe2("(?P<1st>a)(b)(?<v>c)(?:d)(?P<v>e)").names).toEqual(["1st", "v", "v"]);
  });

  test.each([
    // Go's errors, as Loki 3.4.6 answers 400 with them.
    ["\\C", /^error parsing regexp: invalid escape sequence: `\\C`$/],
    ["a\\Cb", /^error parsing regexp: invalid escape sequence: `\\C`$/],
    ["\\p{Latn}", /^error parsing regexp: invalid character class range: `\\p\{Latn\}`$/],
    ["\\p{Grek}", /^error parsing regexp: invalid character class range: `\\p\{Grek\}`$/],
    ["[\\p{Zyyy}]", /^error parsing regexp: invalid character class range: `\\p\{Zyyy\}`$/],
    ["\\p{Letter}", /^error parsing regexp: invalid character class range: `\\p\{Letter\}`$/],
    ["\\p{Cn}", /^error parsing regexp: invalid character class range: `\\p\{Cn\}`$/],
    ["\\é", /^error parsing regexp: invalid escape sequence: `\\é`$/],
    ["a(?i-)b", /^error parsing regexp: invalid or unsupported Perl syntax: `\(\?i-\)`$/],
    ["(?z)a", /^error parsing regexp: invalid or unsupported Perl syntax: `\(\?z`$/],
    ["(?P<a-b>x)", /^error parsing regexp: invalid named capture: `\(\?P<a-b>`$/],
  ])("%s is Go's error", (pattern, re) => {
    const err = errorOf(pattern);
    expect(err.unsupported).toBe(false);
    expect(err.message).toMatch(re);
  });
});

describe("a negated POSIX class under (?i) is the complement of the folded set (Go's appendGroup; Loki 3.4.6)", () => {
  test.each([
    ["(?i)^[[:^lower:]]$", "A", false],
    ["(?i)^[[:^lower:]]$", "\u212a", false],
    ["(?i)^[[:^lower:]]$", "\u017f", false],
    ["(?i)^[[:^lower:]]$", "é", true],
    ["(?i)^[[:^lower:]]$", "1", true],
    ["(?i)^a[[:^alpha:]]$", "A-", true],
    ["(?i)^a[[:^alpha:]]$", "aB", false],
    ["^[[:^lower:]]$", "A", true],
  ])("%s ~ %j → %p", (pattern, input, want) => {
    expect(compileRe2(pattern).test(input)).toBe(want);
  });
});

describe("a negated Unicode class under (?i) is the complement of the folded class (Go's parseUnicodeClass; Loki 3.4.6)", () => {
  test.each([
    // \P{X} and \p{^X}: Go folds X, then negates it, so no character with a case partner in X is left.
    ["(?i)\\P{Ll}bc", "abc", false],
    ["(?i)\\P{Ll}bc", "1bc", true],
    ["(?i)^\\P{Ll}$", "A", false],
    ["(?i)^\\P{Ll}$", "\u212a", false],
    ["(?i)\\P{Lu}elvin", "K kelvin", false],
    ["(?i)\\P{Lu}elvin", "-elvin", true],
    ["(?i)\\P{Lu}ΑΣ", "ααΣ", false],
    ["(?i)\\P{Lu}ΑΣ", "1ασ", true],
    ["(?i)\\p{^Lu}bc", "abc", false],
    ["(?i)\\p{^Lu}bc", "_bc", true],
    ["(?i)^\\PL$", "ι", false],
    ["(?i)^\\PL$", "\u0345", false],
    ["(?i)^\\PL$", "1", true],
    ["(?i)^\\P{Greek}$", "µ", false],
    ["(?i)^\\P{Greek}$", "μ", false],
    ["(?i)^\\P{Greek}$", "a", true],
    ["(?i)^\\P{Nd}$", "a", true],
    ["(?i)^\\P{Nd}$", "5", false],
    // In a class, alone or beside other items, and in a negated class (the folded class again).
    ["(?i)[\\P{Ll}]elvin", "K kelvin", false],
    ["(?i)[\\P{Ll}]elvin", " elvin", true],
    ["(?i)[^\\P{Lu}]elvin", "K kelvin", true],
    ["(?i)[^\\P{Lu}]elvin", " 1elvin", false],
    ["(?i)^[\\P{Ll}\\d]$", "a", false],
    ["(?i)^[\\P{Ll}\\d]$", "5", true],
    ["(?i)^[\\P{Ll}\\d]$", "!", true],
    ["(?i)^[x\\P{Lu}]$", "X", true],
    ["(?i)^[x\\P{Lu}]$", "y", false],
    ["(?i)^[\\P{Lu}x-z\\p{^Ll}]$", "Y", true],
    ["(?i)^[\\P{Lu}x-z\\p{^Ll}]$", "b", false],
    ["(?i)^[\\P{Lu}\\P{Greek}]$", "b", true],
    ["(?i)^[\\P{Lu}\\P{Greek}]$", "β", false],
    ["(?i)^[\\P{Lu}\\P{Greek}]$", "=", true],
    ["(?i)^[^\\P{Lu}\\d]$", "a", true],
    ["(?i)^[^\\P{Lu}\\d]$", "5", false],
    ["(?i)^[^\\P{Lu}\\d]$", "!", false],
    ["(?i)^[^x\\P{Lu}]$", "a", true],
    ["(?i)^[^x\\P{Lu}]$", "X", false],
    ["(?i)^[^\\P{Lu}\\P{Greek}]$", "b", false],
    ["(?i)^[^\\P{Lu}\\P{Greek}]$", "β", true],
    ["(?i)^[\\P{Lu}-]$", "-", true],
    ["(?i)^[\\P{Any}a]$", "A", true],
    ["(?i)^[\\P{Any}a]$", "b", false],
    // Where (?i) is set or cleared mid-pattern, and without it (no folding).
    ["a(?i)\\P{Ll}", "aA", false],
    ["a(?i)\\P{Ll}", "a1", true],
    ["(?i)(?-i:\\P{Ll})", "a", false],
    ["(?i)(?-i:\\P{Ll})", "A", true],
    ["a(?i:[^x\\P{Lu}])", "ab", true],
    ["a(?i:[^x\\P{Lu}])", "aX", false],
    ["^\\P{Ll}$", "A", true],
    ["^[\\P{Ll}]$", "a", false],
    ["^[^\\P{Ll}]$", "a", true],
    // Go 1.23 gives ƛ no case partner: (?i)\P{Lu} takes it, (?i)\p{Lu} does not.
    ["(?i)^\\P{Lu}$", "ƛ", true],
    ["(?i)^\\p{Lu}$", "ƛ", false],
    ["(?i)^[\\P{Lu}]$", "ƛ", true],
  ])("%s ~ %j → %p", (pattern, input, want) => {
    expect(compileRe2(pattern).test(input)).toBe(want);
  });
});

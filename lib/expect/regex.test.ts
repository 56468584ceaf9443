import { describe, expect, test } from "bun:test";
import { compileRegex, isEmptyPattern, literalOfRegex, matchesEveryText, regexError, slidingLookaheadIssue } from "./regex.ts";
import { seededRandom } from "../../test/helpers/random.ts";

describe("compileRegex", () => {
  test.each([
    { source: "(?i)error", text: "ERROR here", flags: "iu", match: true },
    { source: "(?s)a.b", text: "a\nb", flags: "su", match: true },
    { source: "(?m)^b$", text: "a\nb", flags: "mu", match: true },
    { source: "(?is)x.y", text: "X\nY", flags: "isu", match: true },
    { source: "error", text: "ERROR", flags: "u", match: false },
    { source: "a(?i)b", text: "aB", flags: "", match: null },
  ])("$source", ({ source, text, flags, match }) => {
    if (match === null) {
      expect(() => compileRegex(source)).toThrow(SyntaxError);
      return;
    }
    const re = compileRegex(source);
    expect(re.flags).toBe(flags);
    expect(re.test(text)).toBe(match);
  });

  test("compiled in Unicode mode: `.`, classes and quantifiers see code points (an emoji is one character, as in Python and grep)", () => {
    expect(compileRegex("^.\\.log$").test("😀.log")).toBe(true);
    expect(compileRegex("x . y").test("x 😀 y")).toBe(true);
    expect(compileRegex("^[😀😃]+$").test("😃😀")).toBe(true);
    expect(compileRegex("^\\S$").test("😀")).toBe(true);
    expect(compileRegex("^\\p{L}+$").test("ébène")).toBe(true);
    expect(compileRegex("(?i)error").flags).toBe("iu");
  });

  // What plain mode reads as the character itself and Unicode mode refuses is rewritten, so these mean what they did.
  test.each([
    ["a\\-b", "a-b", "ab"],
    ["\\_x", "_x", "x"],
    ["a\\ b", "a b", "ab"],
    ['\\"q\\"', '"q"', "q"],
    ["\\:\\=\\@\\#\\%\\'\\!\\,\\~\\&", ":=@#%'!,~&", ":=@#%'!,~"],
    ["^[\\<\\>]+$", "<>", "a"],
    ["^[\\w-]+$", "a-b_c", "a b"],
    ["^[\\d-x]+$", "1-x", "y"],
    ["^[a-\\d]+$", "a-1", "b"],
    ["^[a\\-z]+$", "-az", "b"],
    ["^[\\]\\[]+$", "][", "a"],
    ["a\\/b", "a/b", "ab"],
    ["a{b", "a{b", "ab"],
    ["{x}", "{x}", "x"],
    ["a{,2}", "a{,2}", "aa"],
    ["^x{2}$", "xx", "x"],
    ["^x{1,}y{0,1}$", "xxy", "yy"],
    ["a]", "a]", "a"],
    ["a}", "a}", "a"],
    ["^(a)\\1$", "aa", "ab"],
    ["^(?<n>a)\\k<n>$", "aa", "ab"],
    ["^[\\b]$", "\b", "b"],
    ["^\\u0041\\x42$", "AB", "ab"],
  ])("%s still matches %j, not %j", (source, yes, no) => {
    const re = compileRegex(source);
    expect(re.flags).toBe("u");
    expect([re.test(yes), re.test(no)]).toEqual([true, false]);
  });

  test("a pattern Unicode mode refuses even rewritten is compiled as before, in UTF-16 code units", () => {
    for (const [source, text] of [["\\1", "\u0001"], ["\\k", "k"], ["\\x4", "x4"], ["\\c", "\\c"]]) {
      const re = compileRegex(source!);
      expect([re.flags, re.test(text!)]).toEqual(["", true]);
    }
  });

  test("a flag group adds to the caller's flags without repeating one", () => {
    expect(compileRegex("(?is)x", "gi").flags).toBe("gisu");
  });
});

describe("regexError", () => {
  test("undefined for a valid regex, the engine's message without its prefix otherwise", () => {
    expect(regexError("a+b")).toBeUndefined();
    const message = regexError("a(b");
    expect(message).toBeString();
    expect(message).not.toStartWith("Invalid regular expression");
  });
});

describe("literalOfRegex", () => {
  const table: [string, string | undefined][] = [
    ["ERROR", "ERROR"],
    ["took 400ms", "took 400ms"],
    ["GET /api\\.v1", "GET /api.v1"],
    ["a\\/b-c", "a/b-c"],
    ["took 4[0-9]{2}ms", undefined],
    ["a.b", undefined],
    ["^start", undefined],
    ["end$", undefined],
    ["a|b", undefined],
    ["(?i)error", undefined],
    ["\\d+", undefined],
    ["\\bword", undefined],
    ["", undefined],
    ["line\nbreak", undefined],
    ["\ud800", undefined],
    ["日本語", "日本語"],
  ];
  for (const [source, literal] of table) test(JSON.stringify(source), () => expect(literalOfRegex(source)).toBe(literal));

  test("a literal found this way matches exactly the lines the regex matches", () => {
    const lines = ["GET /api.v1 ok", "GET /apixv1", "took 400ms", "a/b-c", "nothing"];
    for (const [source, literal] of table) {
      if (literal === undefined) continue;
      const re = compileRegex(source);
      expect(lines.map((l) => l.includes(literal))).toEqual(lines.map((l) => re.test(l)));
    }
  });
});

test("other flavours' anchors and POSIX classes, which JavaScript reads as letters, are refused (not_matches: FAILED\\z passed on \"job FAILED\")", () => {
  expect(regexError("FAILED\\z")).toContain("no anchors in JavaScript regexes");
  expect(regexError("\\Aroot")).toContain("no anchors in JavaScript regexes");
  expect(regexError("[[:alpha:]]+")).toContain("POSIX classes such as [[:alpha:]] do not exist");
  // An escaped backslash before z is the two characters \ and z: fine.
  expect(regexError("a\\\\z")).toBeUndefined();
  expect(regexError("[[a-z]]")).toBeUndefined();
});

test("other flavours' escapes, which JavaScript reads as letters or characters, are refused (not_contains: {matches: '\\<ERROR\\>'} passed on \"ERROR x\", which grep finds)", () => {
  // GNU grep's word boundaries: JavaScript read them as the characters < and >.
  expect(regexError("\\<ERROR\\>")).toBe("\\< and \\> are no word boundaries in JavaScript regexes (they match the characters < and >; grep reads a word's start and end): write \\b, or < and > unescaped for the characters");
  expect(regexError("ERROR\\>")).toContain("no word boundaries");
  // PCRE's (grep -P, Perl) and Python's letter escapes that JavaScript has not: it read them as the letters.
  expect(regexError("ERROR\\hx")).toBe("\\h is no escape in JavaScript regexes (it matches the letter h; PCRE and grep -P read a space or tab): write [ \\t]");
  expect(regexError("\\QERROR (x)\\E")).toBe("\\Q is no escape in JavaScript regexes (it matches the letter Q; PCRE and grep -P read \\Q…\\E as quoted text): escape each special character with \\ instead (\\. \\( \\*)");
  expect(regexError("\\e\\[31m")).toBe("\\e is no escape in JavaScript regexes (it matches the letter e; PCRE and grep -P read the escape character): write \\x1b");
  for (const letter of "aegGhHiIjJKlLmMNoOqQRTUVXyY") expect(regexError(`x\\${letter}`)).toStartWith(`\\${letter} is no escape in JavaScript regexes (it matches the letter ${letter}`);
  for (const letter of "aegGhHiIjJKlLmMNoOqQRTUVXyY") expect(regexError(`[\\${letter}]`)).toBeDefined();
  // JavaScript's own escapes, an escaped backslash before a letter, and < > in a class or unescaped are fine.
  for (const ok of ["\\d\\D\\w\\W\\s\\S\\bx\\B\\f\\n\\r\\t\\v\\cJ\\x41\\u0041\\p{L}\\P{L}\\0", "a\\\\h", "a\\\\<b", "[\\<\\>]", "<ERROR>", "(?<n>a)\\k<n>"]) expect(regexError(ok)).toBeUndefined();
});

test("isEmptyPattern: empty, or a leading flag group alone, which matches every text", () => {
  for (const p of ["", "(?i)", "(?s)", "(?ims)"]) {
    expect(isEmptyPattern(p)).toBe(true);
    expect(compileRegex(p).test("anything")).toBe(true);
  }
  for (const p of ["(?i)a", "a", "(?i", "(?x)"]) expect(isEmptyPattern(p)).toBe(false);
});

describe("matchesEveryText: a pattern that needs no character at the text's start or end", () => {
  // What `^${ID}`, `.*${ID}`, `(${A}|${B})` become with the values empty, and the spellings of "anything".
  const every = ["", "(?i)", "^", "$", ".*", "x?", "a*", "a|", "|a", "(?:)", "()", "(a|)", "^a*", "a*$", "(^|$)", "(?i)^", "x{0,3}", "x{0}", "[abc]*", "(?<n>a?)", "^(?:x*)", "a*?", "(?s).*", "(?:a|b*)", "\\x41*", "[^]*",
    // Lookarounds that hold at an end of every text: nothing follows the end, nothing precedes the start.
    "(?!a)", "(?!.*ERROR)", "(?!.*ok)$", "(?<!t)", "(?=)", "(?<=)", "(?=$)", "(?=a*)", "(?<=^)", "x|(?!y)", "(?:(?!a))", "(?!a|bc)", "(?<!\\d)"];
  // Each needs a character, an empty text, or a character beside a position.
  const not = ["a", "^$", "^a", "a$", "\\b", "(?=a)", "[]", "[^]", "a+", "x{1,}", "(a)", "^a*$", "\\d", "(?<=a)", "\\1", "[a]", "a{,5}", "(?i)x", ".+", "^(?=a)", "^${ID}", "${ID}", ".*${ID}", "[*]", "\\*", "(?:a|b)+",
    // A negative lookaround anchored away from the end it holds at, or around what may match empty.
    "^(?!.*ERROR)", "(?!a)^", "(?<!a)$", "(?!a|)", "(?!\\b)", "(?!\\1)", "(?!a?)", "(?<!a*)", "(?!(?=a))", "^(?!a)(?<!b)$"];
  test.each(every)("%j matches every text", (p) => expect(matchesEveryText(p)).toBe(true));
  test.each(not)("%j does not", (p) => expect(matchesEveryText(p)).toBe(false));

  test("it never says so of a pattern that fails on some text (seeded random patterns)", () => {
    const parts = ["a", "b", "^", "$", "*", "?", "+", "|", "(", ")", "(?:", "(?=", "(?!", "(?<=", "(?<!", "[a]", "[^a]", "\\b", "\\d", ".", "{0,2}", "{1}", "\\1", "(?<n>", "\\x61", "[]", "[^]"];
    const texts = ["", "a", "b", "ab", "zzz", "\n", "hello world", "a\nb", "é😀", "ba"];
    const r = seededRandom(20261204);
    let said = 0;
    for (let k = 0; k < 20000; k++) {
      let p = "";
      for (let n = 1 + Math.floor(r() * 6); n > 0; n--) p += parts[Math.floor(r() * parts.length)];
      if (regexError(p) !== undefined || !matchesEveryText(p)) continue;
      said++;
      const re = compileRegex(p);
      expect(texts.filter((t) => !re.test(t)).map((t) => `${p} on ${JSON.stringify(t)}`)).toEqual([]);
    }
    // The draw gives it patterns of both kinds to judge.
    expect(said).toBeGreaterThan(500);
  });
});

describe("slidingLookaheadIssue: a negative lookahead a search slides past what it names", () => {
  // Each passed as "no ok" (or "no DEBUG") on a text holding one: the search found a place past the last one, or a run
  // without one.
  const refused = ["(?!.*ok).", "(?!.*ok).+", "(?!.*ok)\\S", "(?!.*ok)[\\s\\S]", "((?!ok).)+", "((?!ok).)+$", "^((?!ok).)+", "\\b(?!.*ok)", "(?!.*ok)\\b", "x|(?!.*ok).", "(?i)(?!.*ok).+", "(?:(?!ok).)+", "(?!.+ok).",
    "(?:(?!DEBUG)[\\s\\S])+", "((?!DEBUG).){1,}", "((?!DEBUG)\\S)+", "((?!DEBUG).)*a", "(?!.{0,}DEBUG).+", "(?![\\s\\S]{0,}DEBUG).+", "(?![\\w\\W]*DEBUG).+", "(?!(.*)DEBUG).+", "(?=.*a)(?!.*DEBUG).+", "(?!.*?DEBUG).+", "(?:(?!DEBUG).)+?", "(?!.*DEBUG)(?=.).", '(?!.*ok)[^"]'];
  // Anchored, after what the lookahead guards, or before a find of its own (an ERROR no DEBUG follows).
  const kept = ["^(?!.*ok)", "^(?!.*ok).+", "^((?!ok).)*$", "^(?:(?!ok).)+$", "foo(?!.*bar)", "foo((?!bar).)*baz", "(?!ab)a", "a(?!b)", "(?=.*ok)", "(?<!x)y",
    "(?!.*DEBUG)ERROR", "(?!.*-SNAPSHOT)\\d+\\.\\d+\\.\\d+", "^(?!.*DEBUG).*ERROR", "\\d+(?!\\.)", "(?<=id=)\\d+", "ERROR(?!.*ok)", "^(?=.*a)(?!.*DEBUG).+", "(?i)^(?!.*debug).*error", "^((?!DEBUG).)*ERROR", "(?!(?:.*)DEBUG)ERROR"];
  test.each(refused)("%j is refused", (p) => {
    expect(slidingLookaheadIssue(p)).toBeDefined();
    // And it does match a text holding what it was meant to keep out.
    expect(compileRegex(p).test('{"ok":true} DEBUG a')).toBe(true);
  });
  test.each(kept)("%j is not", (p) => expect(slidingLookaheadIssue(p)).toBeUndefined());
});

// Table-driven tests of the matcher language: every operator, passing and failing, and shape validation.
import { describe, expect, test } from "bun:test";
import { evaluate, evaluateJsonValue, holdsForEvery, isUndecided, matcherIssues, numericMatcherIssues, passes, textMatcherIssues } from "./matcher.ts";

describe("evaluate", () => {
  const table: [string, unknown, unknown, boolean][] = [
    ["literal number", 200, 200, true],
    ["literal number mismatch", 200, 404, false],
    ["literal string vs numeric string", 200, "200", true],
    // Only decimal numbers are numbers: Number() read "0x10" as 16, "0b11" as 3 and " 5 " as 5.
    ["a hex string is no number", 16, "0x10", false],
    ["a binary string is no number", 3, "0b11", false],
    ["a padded string is no number", 5, " 5 ", false],
    ["a decimal string with an exponent is", -1500, "-1.5e3", true],
    // As Prometheus writes a sample and Go's ParseFloat reads one: leading zeros, a sign, a bare point, an exponent.
    ["zero-padded digits are the number", 7, "007", true],
    ["a leading plus sign is", 5, "+5", true],
    ["a point with no digits before it is", 0.5, ".5", true],
    ["a point with no digits after it is", 5, "5.", true],
    ["Prometheus's exponent form is", 1000000, "1e+06", true],
    ["digit separators are not", 1000, "1_000", false],
    ["gt on a hex string fails", { gt: 10 }, "0x10", false],
    ["literal string", "ok", "ok", true],
    ["literal null", null, null, true],
    ["NaN (YAML .nan) equals a NaN sample", NaN, NaN, true],
    ["NaN as Prometheus writes it", "NaN", NaN, true],
    ["NaN is not a number it is compared with", NaN, 1, false],
    ["ne NaN on a NaN", { ne: NaN }, NaN, false],
    ["ne NaN on a number", { ne: "NaN" }, 3, true],
    ["NaN is not greater than anything", { gt: 0 }, NaN, false],
    ["+Inf as Prometheus writes it", "+Inf", Infinity, true],
    ["-Inf", "-Inf", -Infinity, true],
    ["+Inf is not -Inf", "+Inf", -Infinity, false],
    ["a name on Object.prototype is no number", { gt: 0 }, "constructor", false],
    ["eq mapping", { eq: { a: [1, 2] } }, { a: [1, 2] }, true],
    ["eq mapping mismatch", { eq: { a: [1, 2] } }, { a: [2, 1] }, false],
    ["ne", { ne: 5 }, 4, true],
    ["ne equal", { ne: 5 }, 5, false],
    ["gt", { gt: 1 }, 2, true],
    ["gt equal", { gt: 2 }, 2, false],
    ["gte", { gte: 2 }, 2, true],
    ["lt", { lt: 3 }, 2, true],
    ["lte fails", { lte: 1 }, 2, false],
    ["AND of operators", { gte: 1, lte: 3 }, 2, true],
    ["AND of operators fails", { gte: 1, lte: 3 }, 4, false],
    ["duration vs ms", { lt: "2s" }, 1999, true],
    ["duration vs ms fails", { lt: "2s" }, 2000, false],
    ["compound duration", { gte: "1m30s" }, 90_000, true],
    ["size vs bytes", { lt: "1MiB" }, 1024 * 1024 - 1, true],
    ["size KB is decimal", { lte: "10KB" }, 10_001, false],
    ["numeric string actual", { gt: 3 }, "4", true],
    ["non-numeric actual never compares", { gt: 3 }, "four", false],
    ["missing actual never compares", { lt: 3 }, undefined, false],
    ["between inclusive", { between: [1, 5] }, 5, true],
    ["between outside", { between: [1, 5] }, 6, false],
    ["in", { in: [200, 201] }, 201, true],
    ["in missing", { in: [200, 201] }, 204, false],
    ["contains string", { contains: "Loading" }, "x Loading model", true],
    ["contains list", { contains: "b" }, ["a", "b"], true],
    ["contains list missing", { contains: "c" }, ["a", "b"], false],
    ["not_contains", { not_contains: "ERROR" }, "all good", true],
    ["not_contains found", { not_contains: "ERROR" }, "an ERROR", false],
    ["not_contains on nothing fails", { not_contains: "x" }, undefined, false],
    ["matches", { matches: "^vllm_\\d{8}_\\d{6}\\.log$" }, "vllm_20260117_220000.log", true],
    ["matches fails", { matches: "^a" }, "ba", false],
    ["matches (?i)", { matches: "(?i)error" }, "ERROR", true],
    ["not_matches", { not_matches: "secret" }, "public", true],
    // An emoji is one character, as in Python and grep: without Unicode mode `.` saw its two UTF-16 halves.
    ["matches: . is one code point", { matches: "^.$" }, "😀", true],
    ["matches: a negated class is one code point", { matches: "^x [^a] y$" }, "x 😀 y", true],
    ["matches: a quantifier repeats a code point", { matches: "^😀{2}$" }, "😀😀", true],
    ["not_matches: . is one code point", { not_matches: "^..$" }, "😀", true],
    // Escapes Unicode mode refuses keep their meaning: the character itself.
    ["matches: \\- \\_ \\  \\\" outside a class", { matches: '^a\\-b\\_c\\ d\\"$' }, 'a-b_c d"', true],
    ["matches: [\\w-] is a word character or -", { matches: "^[\\w-]+$" }, "a-b", true],
    ["matches: a { that starts no quantifier and a lone ] are themselves", { matches: "^\\{a{b}]$" }, "{a{b}]", true],
    ["exists true", { exists: true }, 0, true],
    ["exists true on missing", { exists: true }, undefined, false],
    ["exists false", { exists: false }, undefined, true],
    ["type string", { type: "string" }, "x", true],
    ["type array", { type: "array" }, [], true],
    ["type null", { type: "null" }, null, true],
    ["type object vs array", { type: "object" }, [], false],
    ["length", { length: 3 }, [1, 2, 3], true],
    ["length matcher", { length: { gte: 2 } }, "abc", true],
    ["length of number fails", { length: 1 }, 5, false],
    // An empty text to look for (a variable captured empty) checks nothing: it fails; in a list, "" is an item like any.
    ["contains an empty text fails", { contains: "" }, "any output", false],
    ["a list contains an empty item", { contains: "" }, ["", "a"], true],
    // So does an empty pattern: it matches every text, a list's or a mapping's JSON too.
    ["matches an empty pattern fails", { matches: "" }, "FATAL: database down", false],
    ["matches an empty case-insensitive pattern fails", { matches: "(?i)" }, "x", false],
    ["matches a flag group alone fails", { matches: "(?sm)" }, "x", false],
    ["not matches a flag group alone fails", { not: { matches: "(?s)" } }, "x", false],
    ["matches an empty pattern fails on a list", { matches: "" }, ["a"], false],
    // And `not` around either fails too: not: {matches: "${E}"} with E empty passed on anything.
    ["not matches an empty pattern fails", { not: { matches: "" } }, "ERROR", false],
    ["not contains an empty text fails", { not: { contains: "" } }, "ERROR", false],
    ["not not contains an empty text fails", { not: { not: { contains: "" } } }, "ERROR", false],
    ["every not matches an empty pattern fails", { every: { not: { matches: "" } } }, ["a", "b"], false],
    // So does `not` around `some` whose item checks had nothing to look for: no item passing was no answer.
    ["not some contains an empty text fails", { not: { some: { contains: "" } } }, ["user 42 failed", "id 42"], false],
    ["not some matches an empty pattern fails", { not: { some: { matches: "" } } }, ["a"], false],
    ["some contains an empty text fails", { some: { contains: "" } }, ["a"], false],
    ["not some still passes when no item holds it", { not: { some: { contains: "x" } } }, ["a", "b"], true],
    // And a pattern that needs no character at the text's start or end: what `^${ID}` becomes with ID empty.
    ["matches ^ fails", { matches: "^" }, "FATAL: database down", false],
    ["matches .* fails", { matches: ".*" }, "x", false],
    ["not matches a| fails", { not: { matches: "a|" } }, "x", false],
    ["matches ^$ still checks", { matches: "^$" }, "", true],
    // Characters, as python's len() and jq count (JavaScript's length counts UTF-16 units: "😀" was 2).
    ["length of an emoji is 1", { length: 1 }, "😀", true],
    ["length of text with emoji and accents", { length: 4 }, "é😀a€", true],
    ["a lone surrogate is one character", { length: 2 }, "\ud800x", true],
    ["every", { every: { gt: 0 } }, [1, 2, 3], true],
    ["every fails", { every: { gt: 1 } }, [1, 2, 3], false],
    ["every of empty: nothing was checked", { every: { gt: 1 } }, [], false],
    ["not some failing, the way to accept an empty list", { not: { some: { not: { gt: 1 } } } }, [], true],
    ["not some failing, on a failing item", { not: { some: { not: { gt: 1 } } } }, [2, 1], false],
    ["some", { some: "ready" }, ["loading", "ready"], true],
    ["some fails", { some: "ready" }, ["loading"], false],
    ["not", { not: { contains: "x" } }, "abc", true],
    ["not fails", { not: { contains: "a" } }, "abc", false],
    // A missing value (a JSONPath that matches nothing, an absent header) passes exists: false and nothing else.
    ["ne on nothing fails", { ne: "error" }, undefined, false],
    ["not on nothing fails", { not: { eq: "error" } }, undefined, false],
    ["not of matches on nothing fails", { not: { matches: "^e" } }, undefined, false],
    ["not exists true on nothing", { not: { exists: true } }, undefined, true],
    ["not exists false on nothing fails", { not: { exists: false } }, undefined, false],
    ["ne on null", { ne: "error" }, null, true],
    // A number is read as text by contains, as by matches: not_contains "5" passed on 500 (not_matches "5" failed).
    ["not_contains on a number holding the digit fails", { not_contains: "5" }, 500, false],
    ["not_contains on a number without the digit", { not_contains: "5" }, 404, true],
    ["contains on a number holding the digits", { contains: "50" }, 500, true],
    ["contains a number in a number", { contains: 0 }, 500, true],
    ["contains on a number without them fails", { contains: "5" }, 404, false],
    ["contains on true as text", { contains: "ru" }, true, true],
    ["contains an empty text on a number fails", { contains: "" }, 5, false],
    // A mapping's own keys only: `in` also found what every object inherits.
    ["contains toString on an empty mapping fails", { contains: "toString" }, {}, false],
    ["contains constructor on a mapping fails", { contains: "constructor" }, { a: 1 }, false],
    ["contains __proto__ on a mapping fails", { contains: "__proto__" }, {}, false],
    ["not_contains constructor on a mapping", { not_contains: "constructor" }, {}, true],
    ["contains an own key", { contains: "a" }, { a: 1 }, true],
    ["contains an own key named constructor", { contains: "constructor" }, JSON.parse('{"constructor":1}'), true],
    ["contains a numeric key", { contains: 200 }, { "200": "ok" }, true],
    // An infinity or NaN is its own text, never JSON's null: `contains: .inf` passed on "result=null", and
    // `not_contains: .inf` on "Infinity".
    ["contains infinity on null as text fails", { contains: Infinity }, "result=null", false],
    ["contains infinity on its text", { contains: Infinity }, "x=Infinity", true],
    ["not_contains infinity on its text fails", { not_contains: Infinity }, "x=Infinity", false],
    ["not_contains -infinity on null as text", { not_contains: -Infinity }, "result=null", true],
    ["contains NaN on null as text fails", { contains: NaN }, "v=null", false],
    ["not_contains NaN on its text fails", { not_contains: NaN }, "v=NaN", false],
  ];
  for (const [name, matcher, actual, ok] of table) {
    test(name, () => expect(passes(matcher, actual)).toBe(ok));
  }

  test("a failure names the path, the expectation and the actual value", () => {
    const [check] = evaluate({ gte: 1 }, 0, "count");
    expect(check).toEqual({ path: "count", expected: ">= 1", actual: 0, ok: false });
  });

  test("every reports the first failing item with its index", () => {
    const checks = evaluate({ every: { lt: 3 } }, [1, 2, 5], "$.x");
    expect(checks).toEqual([{ path: "$.x[2]", expected: "< 3", actual: 5, ok: false }]);
  });

  test("a failed not_contains or not_matches on a text says where it found what it must not: line and column", () => {
    const page = "a_total 0\nb_total 0\nloki_discarded_samples_total{reason=\"x\"} 3\nc 1";
    expect(evaluate({ not_contains: "reason=" }, page, "body")[0]!.found).toEqual({ line: 3, column: 30 });
    // A pattern that starts with its line's newline is placed on the line after it.
    expect(evaluate({ not_matches: "(^|\n)loki_discarded_samples_total\\{[^}]*\\} [1-9]" }, page, "body")[0]!.found).toEqual({ line: 3, column: 1 });
    expect(evaluate({ not_matches: "^a_" }, page, "body")[0]!.found).toEqual({ line: 1, column: 1 });
    expect(evaluate({ not: { contains: "c 1" } }, page, "body")[0]!.found).toEqual({ line: 4, column: 1 });
    expect(evaluate({ not: { matches: "b_t" } }, page, "body")[0]!.found).toEqual({ line: 2, column: 1 });
    // Passing checks, and values not read as text, have none.
    for (const [m, v] of [[{ not_contains: "zzz" }, page], [{ not_matches: "zzz" }, page], [{ not_contains: 1 }, [1, 2]], [{ not: { contains: "zzz" } }, page], [{ not: { contains: "a", matches: "b" } }, page]] as const)
      expect(evaluate(m, v, "body").map((c) => c.found)).toEqual(evaluate(m, v, "body").map(() => undefined));
  });

  test("one check per operator", () => {
    expect(evaluate({ gte: 1, lte: 3, ne: 2 }, 2, "v").map((c) => c.ok)).toEqual([true, true, false]);
  });
});

describe("matcherIssues", () => {
  const table: [string, unknown, string | undefined][] = [
    ["literal", 5, undefined],
    ["operators", { gte: 1, lt: "2s" }, undefined],
    ["unknown operator with suggestion", { gtee: 1 }, 'unknown matcher operator "gtee" (did you mean "gte"?)'],
    ["bad regex", { matches: "(" }, "invalid regular expression"],
    ["between shape", { between: [1] }, "between takes a list of two bounds"],
    ["between durations", { between: ["1s", "2m"] }, undefined],
    ["between of no value", { between: [5, 1] }, "between [5,1] holds for no value: write the lower bound first"],
    ["between a word", { between: [1, "lots"] }, 'between takes two numbers, durations (2s) or sizes (10MiB); got [1,"lots"]'],
    ["between NaN", { between: [Number.NaN, 5] }, "between [NaN, 5] holds for no value: to check for NaN write the literal (value: NaN)"],
    ["bad bound", { lt: "soon" }, "lt takes a number, a duration (2s) or a size (10MiB)"],
    ["nested", { not: { mtches: "x" } }, 'unknown matcher operator "mtches" (did you mean "matches"?)'],
    ["type names", { type: "str" }, "type takes one of"],
    ["empty mapping", {}, "an empty mapping is not a matcher"],
    // A pattern that matches every text: matches checks only that there is a value, not_matches never passes.
    ["matches every text", { matches: "^" }, "/^/ matches every text (it needs no character at its start or end): it checks only that there is a value; give the pattern to look for (or write exists: true)"],
    ["matches empty", { not: { matches: "(?i)" } }, "an empty pattern (or a flag group alone, such as (?i)) matches every text: it checks only that there is a value"],
    ["not_matches every text", { not_matches: ".*" }, "/.*/ matches every text (it needs no character at its start or end): the check could never pass"],
    // "No ok in the body" written without the ^ holds at the end of every text: it passed on {"ok":true}.
    ["a lookahead not anchored", { matches: "(?!.*ok)" }, "/(?!.*ok)/ matches every text (it needs no character at its start or end; a (?!…) holds at the end of every text and a (?<!…) at its start: to say a text holds no ERROR, write not_matches: ERROR or not_contains: ERROR): it checks only that there is a value"],
    // The same slip with a character after it: it matched the "}" of {"ok":true}. Before a find of its own it is a check.
    ["a lookahead before a find of its own", { matches: "(?!.*DEBUG)ERROR" }, undefined],
    ["a lookahead sliding past the find", { matches: "(?!.*ok).+" }, "/(?!.*ok).+/: a search tries (?!…) at every position, and past the last place what it names occurs it holds (it is not anchored with ^ at the text's start): to say a text holds no X, write not_matches: X or not_contains: X"],
    ["a tempered run not between ^ and $", { not_matches: "((?!ok).)+$" }, "/((?!ok).)+$/: a search finds a run of ((?!…).)+ in any text with one character that does not start what the lookahead names (it is not anchored with ^)"],
    ["matches needing a character", { matches: "^a", not_matches: "^$" }, undefined],
    // `$ERR` written for the variable ERR (as compose or bash read it) is the end of the text followed by ERR, which no
    // text holds: not_matches with it passed on "boom", matches with it never passed.
    ["not_matches $NAME", { not_matches: "$ERR" }, '/$ERR/: "$ERR" matches nowhere ("$" is the end of the text or line, and "E" cannot follow it), so this part of the pattern checks nothing; for the variable ERR write ${ERR}, for a dollar sign \\$'],
    ["matches a$b", { matches: "(?m)a$b|c" }, '/(?m)a$b|c/: "$b" matches nowhere ("$" is the end of the text or line, and "b" cannot follow it), so this part of the pattern checks nothing; for the variable b write ${b}, for a dollar sign \\$'],
    ["under not", { not: { not_matches: "x$1" } }, '"$1" matches nowhere'],
    ["a dollar sign escaped, in a class, or at the end", { matches: "\\$ERR|[$]ERR|a$|$\\n|(a$)|\\\\$" }, undefined],
  ];
  for (const [name, matcher, message] of table) {
    test(name, () => {
      const issues = matcherIssues(matcher);
      if (message === undefined) expect(issues).toEqual([]);
      else expect(issues.map((i) => i.message).join("\n")).toContain(message);
    });
  }

  test("nested issues carry their path", () => {
    expect(matcherIssues({ not: { every: { bogus: 1 } } })[0]!.path).toEqual(["not", "every", "bogus"]);
  });

  // The loader sets aside an issue at a text holding a value captured during the run, and the step judges it once the
  // value is known: a bound still holding a reference stands at its own place, as gte's does (at \`between\`, a list, it
  // was never set aside: between: ["\${ZERO}", "\${BIG}"] was refused at load, while gte/lte loaded).
  test("a between bound holding a reference is said at the bound itself, any other at the list, once", () => {
    const said = (v: unknown[]) => matcherIssues({ between: v }).map((i) => i.path);
    expect(said(["\${ZERO}", 5])).toEqual([["between", 0]]);
    expect(said([0, "x\${BIG}"])).toEqual([["between", 1]]);
    expect(said(["\${ZERO}", "\${BIG}"])).toEqual([["between", 0], ["between", 1]]);
    expect(said(["\${ZERO}", "1k"])).toEqual([["between", 0], ["between"]]);
    expect(said(["\${ZERO}", "lots"])).toEqual([["between", 0], ["between"]]);
    expect(said([1, "lots"])).toEqual([["between"]]);
    expect(said(["some", "lots"])).toEqual([["between"]]);
    expect(said(["1k", 5])).toEqual([["between"]]);
    expect(said([1])).toEqual([["between"]]);
    expect(said([5, 1])).toEqual([["between"]]);
  });
});

// A body (stdout, stderr) is always text: `body: {exists: true}` beside `status: {gte: 0}` passed on a 503 error page,
// and `body: {length: {gte: 0}}` checked nothing; `body: {type: number}` never passed.
describe("textMatcherIssues: a matcher that holds for every text, or none", () => {
  const samples = ["", "x", "0", "5", "Service Unavailable", '{"a":1}', "[]", "true", "😀"];
  test.each([
    [{ exists: true }], [{ type: "string" }], [{ not: { type: "number" } }], [{ not: { exists: false } }], [{ length: { gte: 0 } }],
    [{ not: { some: { eq: "a" } } }], [{ not: { every: "a" } }], [{ length: { type: "number" } }], [{ exists: true, length: { gt: -1 } }],
    // Beside another operator under not, one that holds for no text makes the whole hold for none, whatever the other.
    [{ not: { type: "number", contains: "x" } }], [{ not: { exists: false, contains: "x" } }], [{ not: { every: { eq: "a" }, not_contains: "x" } }],
  ] as [unknown][])("%j holds for every text: refused at the matcher, as never failing", (m) => {
    for (const text of samples) expect(passes(m, text)).toBe(true);
    const issues = textMatcherIssues(m, "body", ["body"], "an empty body");
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(["body"]);
    expect(issues[0]!.message).toStartWith("body is always text: ");
    expect(issues[0]!.message).toContain("holds for every text, so the check could never fail");
  });
  test.each([
    [{ type: "number" }, ["type"]], [{ exists: false, contains: "a" }, ["exists"]], [{ some: { eq: "a" } }, ["some"]],
    [{ not: { type: "string" } }, ["not"]], [{ not: { exists: true } }, ["not"]], [{ every: "a" }, ["every"]],
  ] as [unknown, string[]][])("%j holds for no text: refused at the operator, as never passing", (m, at) => {
    for (const text of samples) expect(passes(m, text)).toBe(false);
    const issues = textMatcherIssues(m, "stdout", []);
    expect(issues.map((i) => i.path)).toEqual([at]);
    expect(issues[0]!.message).toMatch(/^stdout is always text: .* holds for no text( \(it takes a list\))?, so the check could never pass$/);
  });
  test.each([
    [{ exists: true, contains: "a" }], [{ type: "string", not: { eq: "" } }], [{ length: { gte: 1 } }], [{ length: 0 }], [{ not: { length: { gte: 1 } } }],
    [{ not: { some: "a", contains: "" } }], [{ not: { some: "a", matches: "^x" } }], [{ not: { type: "number", eq: "9007199254740993" } }], [{ not: { contains: "x" } }], [{ ne: "true", in: ["", 1.5], not: { eq: "null" }, length: 0, type: "string" }], ["ok"],
  ] as [unknown][])("%j can pass and can fail: loads", (m) => {
    expect(textMatcherIssues(m, "body", [], "an empty body")).toEqual([]);
  });
});

describe("numbers in expected texts", () => {
  test("finite ones read as JSON writes them", () => {
    const numbers = [0, -0, 1, -1, 200, 404, 0.1, -2.5, 1 / 3, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, Number.MAX_VALUE];
    for (const n of numbers) {
      expect(evaluate(n, n, "p")[0]!.expected).toBe(`== ${JSON.stringify(n)}`);
      expect(evaluate({ ne: n }, 1, "p")[0]!.expected).toBe(`!= ${JSON.stringify(n)}`);
    }
  });

  test("NaN and the infinities by name, not as JSON's null", () => {
    expect(evaluate(NaN, NaN, "p")[0]).toEqual({ path: "p", expected: "== NaN", actual: NaN, ok: true });
    expect(evaluate({ ne: Infinity }, 1, "p")[0]!.expected).toBe("!= Infinity");
    expect(evaluate(-Infinity, 1, "p")[0]!.expected).toBe("== -Infinity");
  });
});


describe("numbers in the data are decimal, units are the matcher's", () => {
  // A body's " 0" read as the duration 0 and "1m" as 60,000 ms: `"$.count": 0` passed on " 0", `"$.version": {gte: 2}` on "1m".
  test.each([
    [0, " 0"], [0, "0 "], [{ lte: 1 }, " 0"], [{ between: [-1, 1] }, "0 "], [2000, "2s"], [{ gte: 2 }, "1m"], [{ in: [1024] }, "1k"],
    [{ gt: 5 }, "7d"], [{ lt: 10_000_000 }, "1MiB"], [{ every: { lte: 10 } }, [" 0"]], [{ eq: [2000] }, ["2s"]],
  ] as [unknown, unknown][])("%j on %j fails", (m, actual) => expect(passes(m, actual)).toBe(false));
  test.each([
    // The matcher still writes numbers with units, and a text equals the same text.
    [{ lt: "2s" }, 1999], [1024, "1024"], ["10MiB", 10 * 1024 * 1024], [{ ne: 2000 }, "2s"], ["2s", "2s"], [{ not: { gte: 2 } }, "1m"], ["+Inf", "+Inf"], [{ gt: 0 }, "+Inf"],
  ] as [unknown, unknown][])("%j on %j passes", (m, actual) => expect(passes(m, actual)).toBe(true));
  test("a bound with spaces around it is refused at load, as it could never compare", () => {
    expect(matcherIssues({ gt: " 5" }).map((i) => i.path)).toEqual([["gt"]]);
    expect(numericMatcherIssues({ ne: " 2s" }, "ms")).toEqual([{ path: ["ne"], message: '" 2s" has spaces around it, so it is not a number of milliseconds or a duration (2s): remove them' }]);
  });
});

describe("length takes a count and bounds take no NaN", () => {
  test("a length compared with what no count is, or with another unit, is refused", () => {
    for (const [m, path] of [[{ length: "abc" }, ["length"]], [{ length: -1 }, ["length"]], [{ length: { ne: 1.5 } }, ["length", "ne"]], [{ length: { gte: "2s" } }, ["length", "gte"]], [{ not: { length: { in: [1, -2] } } }, ["not", "length", "in", 1]]] as [unknown, (string | number)[]][])
      expect(matcherIssues(m).map((i) => i.path)).toEqual([path]);
    for (const m of [{ length: 0 }, { length: { gte: 1, lt: 2.5 } }, { every: { length: { between: [1, 3] } } }]) expect(matcherIssues(m)).toEqual([]);
  });
  test("a bound of NaN holds for no value, so it is refused", () => {
    for (const m of [{ gt: Number.NaN }, { lte: "NaN" }, { not: { lt: Number.NaN } }]) expect(matcherIssues(m)[0]!.message).toContain("NaN holds for no value");
    expect(matcherIssues({ gt: "+Inf", eq: Number.NaN })).toEqual([]);
  });
});

describe("numericMatcherIssues (counts, sizes, times)", () => {
  // A count, a size, a time is always a number: an operator that holds for no number made a check that never passed.
  test.each([
    [{ contains: "x" }, "count", ["contains"]],
    [{ contains: "10MiB" }, "bytes", ["contains"]],
    [{ type: "string" }, "count", ["type"]],
    [{ length: 1 }, "count", ["length"]],
    [{ every: { gt: 1 } }, "ms", ["every"]],
    [{ some: 1 }, "count", ["some"]],
    [{ exists: false }, "count", ["exists"]],
    [{ not: { type: "number" } }, "count", ["not"]],
    [{ not: { exists: true } }, "bytes", ["not"]],
    [{ gte: 1, type: "string" }, "count", ["type"]],
    [{ type: "string" }, "value", ["type"]],
  ] as [unknown, "count" | "bytes" | "ms" | "value", string[]][])("%j on %s can never pass: refused", (m, unit, path) => {
    const issues = numericMatcherIssues(m, unit);
    expect(issues.map((i) => i.path)).toEqual([path]);
    expect(issues[0]!.message).toContain("the check could never pass");
  });
  test.each([[{ type: "number" }], [{ exists: true }], [{ not: { type: "string" } }], [{ not_contains: "x" }], [{ not: { length: 0 } }]])("%j holds for every count: refused, it checks nothing", (m) => {
    expect(numericMatcherIssues(m, "count").map((i) => [i.path, i.message.includes("it checks nothing")])).toEqual([[[], true]]);
  });
  // A count, a size or a time is never below 0: `count: {gte: 0}` held for every count, `exit_code: {lt: 0}` for none.
  test.each([
    [{ gte: 0 }, "count"], [{ gte: -3 }, "bytes"], [{ gt: -1 }, "ms"], [{ between: [0, "Inf"] }, "count"], [{ not: { lt: 0 } }, "count"], [{ gte: "0s" }, "ms"], [{ gte: 0, lte: "+Inf" }, "bytes"],
    // A comparison with a number outside the range: `size: {ne: -1}` held for every size.
    [{ ne: -1 }, "bytes"], [{ not: { in: [-1, -2] } }, "bytes"], [{ lt: "Inf" }, "ms"],
  ] as [unknown, "count" | "bytes" | "ms"][])("the bound %j holds for every %s, never below 0: refused, it checks nothing", (m, unit) => {
    expect(numericMatcherIssues(m, unit).map((i) => [i.path, /which is (never below 0|always finite): it checks nothing/.test(i.message)])).toEqual([[[], true]]);
    // Where the field overrides a default (exit code 0, at least one), it says "any": the step decides whether that checks nothing.
    expect(numericMatcherIssues(m, unit, [], true)).toEqual([]);
    expect(holdsForEvery(m, unit)).toBe(true);
  });
  test.each([
    [{ lt: 0 }, "count", ["lt"]], [{ lte: -1 }, "bytes", ["lte"]], [{ between: [-5, -1] }, "ms", ["between"]], [{ gte: 1, lt: 0 }, "count", ["lt"]],
    [{ in: [-1, -2] }, "bytes", ["in"]], [{ eq: -1 }, "ms", ["eq"]], [{ gt: "Inf" }, "ms", ["gt"]], [{ gte: "Inf" }, "count", ["gte"]],
    // An exit code is 0-255.
    [{ gte: 256 }, "exit", ["gte"]], [{ lt: 0 }, "exit", ["lt"]], [{ in: [300, 400] }, "exit", ["in"]],
    // A literal is compared for equality: `exit_code: 300` never passed.
    [300, "exit", []], [-1, "ms", []], [-2, "bytes", []],
  ] as [unknown, "count" | "exit" | "bytes" | "ms", (string | number)[]][])("the bound %j holds for no %s in its range: refused, also where any is allowed", (m, unit, path) => {
    for (const every of [false, true]) {
      const issues = numericMatcherIssues(m, unit, [], every);
      expect(issues.map((i) => [i.path, /which is (never below 0|always finite|0 to 255): the check could never pass/.test(i.message)])).toEqual([[path, true]]);
    }
  });
  test("bounds that decide something on a count load, and a query's value may be negative", () => {
    for (const m of [{ gte: 1 }, { gt: 0 }, { lte: 0 }, { lt: 1 }, { between: [0, 5] }, { between: [-1, 0] }, { not: { gte: 0.5 } }]) {
      expect(numericMatcherIssues(m, "count")).toEqual([]);
      expect(holdsForEvery(m, "count")).toBe(false);
    }
    for (const m of [{ gte: 0 }, { lt: 0 }, { between: [-5, -1] }]) expect(numericMatcherIssues(m, "value")).toEqual([]);
    // One item of a list in the range is enough for `in` to pass on it: only a list of none is refused.
    for (const m of [{ in: [0, 300] }, { in: [300, 2] }, { not: { in: [0, 300] } }]) expect(numericMatcherIssues(m, "exit")).toEqual([]);
  });
  test("the refusal says which range rules the bound out: below 0, or a bound at infinity", () => {
    expect(numericMatcherIssues({ gte: 0 }, "count")[0]!.message).toContain("which is never below 0: it checks nothing");
    expect(numericMatcherIssues({ lt: "Inf" }, "ms")[0]!.message).toContain("which is always finite: it checks nothing");
    expect(numericMatcherIssues({ gte: 1, lt: 0 }, "count")[0]!.message).toContain("which is never below 0: the check could never pass");
  });
  test("a duration as a query's value is refused, naming the seconds to write", () => {
    expect(numericMatcherIssues({ lt: "500ms" }, "value")).toEqual([{ path: ["lt"], message: '"500ms" is a duration: a query\'s value is a plain number, and PromQL and LogQL give durations in seconds — write 0.5' }]);
  });
  test("what can pass on a number loads: the number read as text by matches and contains, and type: number beside a bound", () => {
    for (const m of [{ matches: "^1$" }, { contains: 1 }, { contains: "0" }, { not_contains: "5" }, { not_matches: "^0$" }, { gte: 1, type: "number" }, { exists: true, lt: 5 }, { not: { contains: "5" } }])
      expect(numericMatcherIssues(m, "count")).toEqual([]);
    expect(numericMatcherIssues({ contains: "1." }, "ms")).toEqual([]);
  });
  test("a query's value is refused the operators that read it as text: contains: 1 held for 10, 0.1 and 21", () => {
    for (const [m, path] of [[{ contains: 1 }, ["contains"]], [{ contains: "e" }, ["contains"]], [{ not_contains: 5 }, ["not_contains"]], [{ matches: "^1$" }, ["matches"]], [{ not: { not_matches: "0" } }, ["not", "not_matches"]], [{ gte: 1, contains: 1 }, ["contains"]]] as [unknown, string[]][]) {
      const key = path[path.length - 1];
      expect(numericMatcherIssues(m, "value")).toEqual([{ path, message: `${key} would read the value as text, its digits (contains: 1 holds for 10, 0.1 and 21, and a sample may print as 1e-7): compare the number with eq, ne, in, between, gt, gte, lt or lte` }]);
    }
  });

  test("every value compared with is a number of the field's unit", () => {
    for (const ok of [5, "7", { gte: 1 }, { in: [1, "2"] }, { not: { eq: 3 } }, { gt: 2.5 }, { gte: 0.5 }, { gte: 1, lt: "+Inf" }]) expect(numericMatcherIssues(ok, "count")).toEqual([]);
    // A count compared for equality with what no count is: lines: 1.5 could never pass, {ne: -1} never fail.
    for (const [bad, path] of [[1.5, []], ["-1", []], ["NaN", []], [{ ne: -1 }, ["ne"]], [{ not: { eq: 2.5 } }, ["not", "eq"]], [{ in: [1, 0.5] }, ["in", 1]]] as [unknown, (string | number)[]][]) {
      expect(numericMatcherIssues(bad, "count")).toEqual([{ path, message: `${JSON.stringify(bad === "-1" || bad === "NaN" || bad === 1.5 ? bad : path.length === 1 ? -1 : path[0] === "not" ? 2.5 : 0.5)} is no count (a count is a whole number, 0 or more), so comparing one with it for equality decides nothing` }]);
    }
    // Other units take fractions and negatives.
    expect(numericMatcherIssues(1.5, "value")).toEqual([]);
    for (const ok of [5, "10MiB", "1KB", { ne: "1KiB" }, { between: ["1B", "2GiB"] }]) expect(numericMatcherIssues(ok, "bytes")).toEqual([]);
    // A unit of one letter is 1000-based to some tools and 1024-based to others: size: {lt: 100M} passed on 104,000,000 bytes.
    for (const [bad, path] of [["100M", []], [{ lt: "1G" }, ["lt"]], [{ between: ["1k", "2GiB"] }, ["between"]]] as [unknown, (string | number)[]][]) {
      expect(numericMatcherIssues(bad, "bytes")).toEqual([{ path, message: expect.stringContaining("a unit of one letter is 1000-based to some tools and 1024-based to others, so it is no unit here: write the number") }]);
    }
    expect(numericMatcherIssues("100M", "value")[0]?.message).toBe('"100M": a unit of one letter is 1000-based to some tools and 1024-based to others, so it is no unit here: write the number (100000000), or a size with B: 100MB (1000-based) or 100MiB (1024-based)');
    // A count or a latency is told to write the number: 10KB would be refused there as a size.
    expect(numericMatcherIssues({ lt: "10k" }, "count")[0]?.message).toContain("write the number (10000)");
    expect(numericMatcherIssues("1.5k", "count")[0]?.message).toContain("write the number (1500)");
    expect(numericMatcherIssues("1.005k", "count")[0]?.message).toContain("write the number (1005)");
    // In a general matcher too; 10m stays ten minutes.
    expect(matcherIssues({ gt: "10k" }).map((i) => i.message)).toEqual(['"10k": a unit of one letter is 1000-based to some tools and 1024-based to others, so it is no unit here: write the number (10000), or a size with B: 10KB (1000-based) or 10KiB (1024-based)']);
    expect(matcherIssues({ between: ["1K", 5] }).map((i) => i.message)).toEqual([expect.stringContaining("or a size with B: 1KB (1000-based) or 1KiB (1024-based)")]);
    expect(matcherIssues({ gt: "10m" })).toEqual([]);
    for (const ok of [5, "2s", "1m30s", "10m", { lt: "500ms" }, { between: [1, "2s"] }]) expect(numericMatcherIssues(ok, "ms")).toEqual([]);
    // A typo that never passes (10XB) or, under ne/not, never fails.
    expect(numericMatcherIssues("10XB", "bytes")).toEqual([{ path: [], message: '"10XB" is not a number of bytes or a size (10MiB)' }]);
    expect(numericMatcherIssues({ ne: "10XB" }, "count")).toEqual([{ path: ["ne"], message: '"10XB" is not a number' }]);
    expect(numericMatcherIssues({ not: { in: [1, "ten"] } }, "count").map((i) => i.path)).toEqual([["not", "in", 1]]);
    // Shape problems come first, as matcherIssues says them.
    expect(numericMatcherIssues({ gtee: 1 }, "count")[0]!.message).toContain('unknown matcher operator "gtee"');
  });

  test("a value of another unit is refused, under every operator", () => {
    // Each was accepted before and compared as another number: bytes with 5,000, a latency with 10,485,760 ms.
    expect(numericMatcherIssues({ lt: "5s" }, "bytes")).toEqual([{ path: ["lt"], message: '"5s" is a duration, not a number of bytes or a size (10MiB)' }]);
    expect(numericMatcherIssues({ between: [1, "10MiB"] }, "ms")).toEqual([{ path: ["between", 1], message: '"10MiB" is a size, not a number of milliseconds or a duration (2s)' }]);
    expect(numericMatcherIssues("2s", "count")).toEqual([{ path: [], message: '"2s" is a duration, not a number' }]);
    expect(numericMatcherIssues({ gte: "1KB" }, "count")).toEqual([{ path: ["gte"], message: '"1KB" is a size, not a number' }]);
    expect(numericMatcherIssues(true, "count")).toEqual([{ path: [], message: "true is not a number" }]);
    // Decimal only, as comparisons read numbers: 0x10 would never compare as 16.
    expect(numericMatcherIssues("0x10", "count")).toEqual([{ path: [], message: '"0x10" is not a number' }]);
    // `10m` compares as ten minutes wherever a matcher reads it: in a size it would have been 600,000 bytes.
    expect(numericMatcherIssues({ lte: "10m" }, "bytes")[0]!.message).toBe('"10m" reads as a duration (m is minutes), not a size: write the bytes with B, e.g. 10MB or 10MiB');
  });
});

describe("evaluateJsonValue: integers beyond 2^53", () => {
  // {"n":9007199254740993} parses as 9007199254740992: equality with either was a pass, ne a failure, both untrue.
  const n = (JSON.parse('{"n":9007199254740993}') as { n: number }).n;
  const verdicts = (m: unknown) => evaluateJsonValue(m, n, "json $.n").map((c) => [c.ok, String(c.actual).includes("cannot be decided")]);
  test.each([[9007199254740992], ["9007199254740993"], [{ ne: 9007199254740992 }], [{ lte: 9007199254740990 }], [{ in: [1, 9007199254740994] }], [{ between: [0, 9007199254740992] }]])(
    "%j: undecided, so failed, saying why",
    (m) => expect(verdicts(m)).toEqual([[false, true]]),
  );
  // Under not, the rounded ne was false on …993 vs …992, so the not passed: a pass the exact id would not give.
  test.each([[{ not: { ne: 9007199254740992 } }], [{ not: { not: { eq: 9007199254740992 } } }], [{ not: { lt: 9007199254740994 } }], [{ gt: 0, not: { in: [9007199254740994] } }]])(
    "%j: undecided under not too, so failed",
    (m) => expect(verdicts(m).some(([ok, undecided]) => !ok && undecided)).toBe(true),
  );
  test("a string of digits equals the same digits written as text: two texts compare as text, exactly", () => {
    expect(evaluateJsonValue("9007199254740993", "9007199254740993", "json $.s").map((c) => c.ok)).toEqual([true]);
    expect(evaluateJsonValue({ in: ["9007199254740993"] }, "9007199254740993", "json $.s").map((c) => c.ok)).toEqual([true]);
    expect(evaluateJsonValue({ ne: "9007199254740992" }, "9007199254740993", "json $.s").map((c) => c.ok)).toEqual([true]);
    // Compared with a number it is still a number, and undecided.
    expect(evaluateJsonValue({ lte: "9007199254740992" }, "9007199254740993", "json $.s").map((c) => c.ok)).toEqual([false]);
  });
  test.each([[{ gt: 5 }, true], [{ lt: 5 }, false], [1e20, false], [{ exists: true }, true]])("%j: far enough to decide (%p)", (m, ok) => {
    expect(verdicts(m)).toEqual([[ok, false]]);
  });
  test("a float sample elsewhere compares as a float: evaluate is unchanged", () => {
    expect(evaluate(1e20, 1e20, "value").map((c) => c.ok)).toEqual([true]);
  });
  // The same id inside a list or an object, or as a string of digits: every, some, contains, a list or mapping literal
  // and a JSONPath filter's constant all compared the rounded number, and passed.
  const body = JSON.parse('{"id":9007199254740993,"s":"9007199254740993","items":[{"id":9007199254740993}]}') as Record<string, unknown>;
  test.each([
    ["$..id", [body.id, (body.items as { id: number }[])[0]!.id], { every: { eq: 9007199254740992 } }],
    ["$..id", [body.id], [9007199254740992]],
    ["$..id", [body.id], { some: { lte: 9007199254740992 } }],
    ["$.*", Object.values(body), { contains: 9007199254740992 }],
    ["$", body, { eq: { id: 9007199254740992, s: "9007199254740993", items: [{ id: 9007199254740993 }] } }],
    ["$.s", body.s, 9007199254740992],
    ["$.items[?(@.id == 9007199254740992)]", body.items, { length: 1 }],
  ] as [string, unknown, unknown][])("%s %j: undecided, so failed, saying why", (path, actual, m) => {
    expect(evaluateJsonValue(m, actual, `json ${path}`).map((c) => [c.ok, String(c.actual).includes("cannot be decided")])).toEqual([[false, true]]);
  });
  test("the actual value says the number is as read, not as sent: an id of …993 compared with its digits quoted showed …992 alone", () => {
    const [check] = evaluateJsonValue("9007199254740993", body.id, "json $.id");
    expect(check!.actual).toStartWith("a number read as 9007199254740992, whatever digits were sent: beyond 2^53 a number is not exact here");
  });
  test("read as text, a rounded id shows other digits: contains, not_contains, matches, not_matches are undecided on it", () => {
    for (const m of [{ not_contains: "993" }, { contains: "740992" }, { matches: "993$" }, { not_matches: "993$" }, { not: { contains: "993" } }])
      expect(evaluateJsonValue(m, body.id, "json $.id").map((c) => [c.ok, String(c.actual).includes("cannot be decided")])).toEqual([[false, true]]);
    // Inside a list too: every / some item read as text, or the list's JSON text.
    for (const m of [{ every: { not_matches: "993$" } }, { some: { not_contains: "993" } }, { not_matches: "993" }])
      expect(evaluateJsonValue(m, [body.id], "json $..id").map((c) => [c.ok, String(c.actual).includes("cannot be decided")])).toEqual([[false, true]]);
    expect(evaluateJsonValue({ every: { matches: "^\\d+$" } }, ["12", "9007199254740993"], "json $..s").map((c) => c.ok)).toEqual([true]);
    // Its digits as text are exact.
    expect(evaluateJsonValue({ contains: "993" }, body.s, "json $.s").map((c) => c.ok)).toEqual([true]);
    expect(evaluateJsonValue({ not_contains: "740992" }, body.s, "json $.s").map((c) => c.ok)).toEqual([true]);
  });
  test("far from any constant, or without one, a big id inside a value is compared as before", () => {
    expect(evaluateJsonValue({ every: { gt: 5 } }, [body.id], "json $..id").map((c) => c.ok)).toEqual([true]);
    expect(evaluateJsonValue({ length: 2 }, [body.id, 1], "json $..id").map((c) => c.ok)).toEqual([true]);
    expect(evaluateJsonValue({ type: "string" }, "12345678901234567890123", "json $.s").map((c) => c.ok)).toEqual([true]);
  });
});

test("type on a missing value shows it missing, as every other operator does", () => {
  expect(evaluate({ type: "string" }, undefined, "json $.x")).toEqual([{ path: "json $.x", expected: "is of type string", actual: undefined, ok: false }]);
  expect(evaluate({ type: "string" }, 5, "json $.x")[0]!.actual).toBe("number");
});

test("length: {gte: 0} says the value has a length and loads; a bound no length meets does not; infinities show as written", () => {
  expect(matcherIssues({ length: { gte: 0 } })).toEqual([]);
  expect(matcherIssues({ length: { lt: 0 } }).map((i) => i.path)).toEqual([["length", "lt"]]);
  expect(numericMatcherIssues({ between: [0, Infinity] }, "bytes")[0]!.message).toStartWith("{\"between\":[0,Infinity]} holds for every size");
  expect(evaluate({ in: ["Infinity", Infinity] }, 5, "value")[0]!.expected).toBe('one of ["Infinity",Infinity]');
});

test("length, every and some on a value without a length or not a list say their nested matcher, in failures and descriptions", () => {
  // A record's description listed `tags (is of type array and has a length and a list (for every))`: no bound, no item rule.
  expect(evaluate({ length: { gte: 1 } }, 5, "v").map((c) => [c.expected, c.ok])).toEqual([["has a length: >= 1", false]]);
  expect(evaluate({ every: { matches: "\\S" } }, "x", "v").map((c) => [c.expected, c.ok])).toEqual([["is a list, every item: matches /\\S/", false]]);
  expect(evaluate({ some: { eq: 1 } }, undefined, "v").map((c) => [c.expected, c.ok])).toEqual([["is a list, some item: == 1", false]]);
  expect(evaluate({ type: "array", length: { gte: 1 }, every: { type: "string" } }, undefined, "").map((c) => c.expected).join(" and "))
    .toBe("is of type array and has a length: >= 1 and is a list, every item: is of type string");
});

test("matches, not_matches and not: {matches} on a text whose one search Bun's engine gives up fail as not known, not as a no match", () => {
  // Each line backtracks a little; the whole text searched in one call runs out of steps before its last line.
  const body = "word word word word\n".repeat(5000) + "x: ERROR\n";
  const nested = String.raw`(\w+ ?)+: ERROR`;
  for (const m of [{ matches: nested }, { not_matches: nested }, { not: { matches: nested } }]) {
    const checks = evaluate(m, body, "body");
    const notKnown = `not known: /${nested}/ answered "no match" only after a long search`;
    expect(checks.map((c) => [c.ok, String(c.actual).slice(0, notKnown.length)])).toEqual([[false, notKnown]]);
  }
  expect(evaluate({ not_matches: "zz: ERROR" }, body, "body").map((c) => c.ok)).toEqual([true]);
  // An item's search that gave up is no answer either: `not: {some: {matches}}` passed on a list whose item matched.
  for (const m of [{ not: { some: { matches: nested } } }, { some: { matches: nested } }]) {
    const checks = evaluate(m, ["a", body], "body");
    const notKnown = `not known: /${nested}/ answered "no match" only after a long search`;
    expect(checks.map((c) => [c.ok, String(c.actual).slice(0, notKnown.length)])).toEqual([[false, notKnown]]);
  }
});

test("a JSON number beyond a double's range (1e400 reads as Infinity) is undecided, unless only finite numbers or its type decide", () => {
  const doc = JSON.parse('{"n":1e400,"m":-1e400,"list":[1,1e400]}') as { n: number; m: number; list: number[] };
  const verdicts = (m: unknown, v: unknown) => evaluateJsonValue(m as never, v, "json $.n").map((c) => [c.ok, isUndecided(c)]);
  // 1e400 "equalled" 1e401 and -1e999 "equalled" -1e400: both read as ±Infinity.
  for (const m of ["1e401", { eq: "1e401" }, { in: ["1e401"] }, { lt: "1e401" }, { eq: null }, { matches: "^1e" }, { contains: "4" }]) expect(verdicts(m, doc.n)).toEqual([[false, true]]);
  expect(verdicts("-1e999", doc.m)).toEqual([[false, true]]);
  expect(verdicts({ every: { gt: 0 } }, doc.list)).toEqual([[false, true]]);
  for (const m of [{ gt: 0 }, { ne: 5 }, { exists: true }, { type: "number" }, { between: [-1, 1e300] }]) expect(evaluateJsonValue(m as never, doc.n, "x").map((c) => c.ok)).toEqual([!("between" in m)]);
  expect(evaluateJsonValue({ lt: 0 }, doc.m, "x").map((c) => c.ok)).toEqual([true]);
});

describe("evaluateJsonValue: a text that reads as a number its double does not hold", () => {
  const verdicts = (m: unknown, v: unknown) => evaluateJsonValue(m as never, v, "json $.v").map((c) => [c.ok, isUndecided(c)]);
  // "1e-400" read as 0: `0` passed on it and {gt: 0} failed; "1.0000000000000001" equalled 1; "1e999" equalled .inf.
  test.each([
    [0, "1e-400"], [{ gt: 0 }, "1e-400"], [{ not: { gt: 0 } }, "1e-400"], [{ ne: 0 }, "1e-400"], [{ in: [0, 7] }, "-2.5e-330"], [{ lte: 0 }, `0.${"0".repeat(400)}1`],
    [1, "1.0000000000000001"], [{ ne: 1 }, "1.0000000000000001"], [{ gt: 1 }, "1.0000000000000001"], [{ between: [0, 1] }, "1.0000000000000001"], [{ in: [1] }, "1.0000000000000001"],
    [{ lte: 0.30000000000000004 }, "0.300000000000000044"],
    [Infinity, "1e999"], [{ eq: Infinity }, "1e999"], [{ gte: Infinity }, "1e999"], [{ ne: Infinity }, "1e999"], [{ not: { lt: Infinity } }, "1e999"], [-Infinity, "-1e999"],
  ])("%j on %j: undecided, so failed, saying why", (m, v) => {
    expect(verdicts(m, v)).toEqual([[false, true]]);
  });
  test.each([
    // Decided whatever the lost digits: far from the constant, or the same text.
    [{ gt: 5 }, "1e999", true], [{ lt: 1e300 }, "1e999", false], [{ ne: 5 }, "1e999", true], [{ gt: 0 }, "-1e999", false], [5, "1e999", false],
    [{ lt: 5 }, "1e-400", true], [{ gt: -1 }, "1e-400", true], [{ between: [1, 2] }, "1e-400", false],
    [{ gt: 0.5 }, "1.0000000000000001", true], [2, "1.0000000000000001", false],
    ["1.0000000000000001", "1.0000000000000001", true], ["1e999", "1e999", true], ["1e-400", "1e-400", true], [{ ne: "1e-400" }, "0", true], [{ in: ["+Inf"] }, "1e999", false],
    [{ matches: "^1e-4" }, "1e-400", true], [{ contains: "999" }, "1e999", true], [{ type: "string" }, "1e999", true],
    // What a double holds exactly as written decides as before: "0.1" is 0.1, "1.10" 1.1, "1e3" 1000, "+Inf" infinity.
    [0.1, "0.1", true], [1.1, "1.10", true], [1000, "1e3", true], [0.30000000000000004, "0.30000000000000004", true], [0, "0e-999", true], [0, "-0.000", true],
    [Infinity, "+Inf", true], [{ gt: 5 }, "+Inf", true], [-Infinity, "-Inf", true], [Number.NaN, "NaN", true], [5e-324, "5e-324", true],
  ])("%j on %j: decided (%p)", (m, v, ok) => {
    expect(verdicts(m, v)).toEqual([[ok, false]]);
  });
  test("inside a list, and the actual value says what was lost", () => {
    expect(verdicts({ every: { eq: 1 } }, ["1.0000000000000001"])).toEqual([[false, true]]);
    expect(verdicts({ contains: 0 }, ["1e-400"])).toEqual([[false, true]]);
    expect(verdicts({ every: { gt: 5 } }, ["1e999", "6"])).toEqual([[true, false]]);
    expect(String(evaluateJsonValue(1, "1.0000000000000001", "json $.v")[0]!.actual)).toStartWith('"1.0000000000000001" has more digits than a double keeps (read as 1), so this comparison cannot be decided');
    expect(String(evaluateJsonValue(0, "1e-400", "json $.v")[0]!.actual)).toStartWith('"1e-400" is too small for a double (read as 0), so this comparison cannot be decided');
    expect(String(evaluateJsonValue(Infinity, "1e999", "json $.v")[0]!.actual)).toStartWith('"1e999" is beyond a double\'s range (read as Infinity), so this comparison cannot be decided');
  });
});

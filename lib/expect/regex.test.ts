import { describe, expect, test } from "bun:test";
import { compileRegex, literalOfRegex, regexError } from "./regex.ts";

describe("compileRegex", () => {
  test.each([
    { source: "(?i)error", text: "ERROR here", flags: "i", match: true },
    { source: "(?s)a.b", text: "a\nb", flags: "s", match: true },
    { source: "(?m)^b$", text: "a\nb", flags: "m", match: true },
    { source: "(?is)x.y", text: "X\nY", flags: "is", match: true },
    { source: "error", text: "ERROR", flags: "", match: false },
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

  test("a flag group adds to the caller's flags without repeating one", () => {
    expect(compileRegex("(?is)x", "gi").flags).toBe("gis");
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

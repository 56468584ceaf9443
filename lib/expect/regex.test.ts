import { describe, expect, test } from "bun:test";
import { compileRegex, regexError } from "./regex.ts";

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

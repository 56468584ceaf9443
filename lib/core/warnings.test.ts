// A step's warnings as text: one line each, a handful, the rest counted.
import { expect, test } from "bun:test";
import { shownWarnings, warningLines } from "./warnings.ts";

test("a line break shows as ↵; past 5 the rest is a count, one warning said as one", () => {
  expect(warningLines(["a\nb", "c\r\nd"], "warning: ")).toEqual(["warning: a ↵ b", "warning: c ↵ d"]);
  expect(warningLines(["1", "2", "3", "4", "5", "6"])).toEqual(["1", "2", "3", "4", "5", "… and 1 more warning (all in the JSON report: --report json)"]);
  expect(shownWarnings(Array.from({ length: 500 }, (_, i) => String(i)))).toEqual({ lines: ["0", "1", "2", "3", "4"], more: 495 });
});

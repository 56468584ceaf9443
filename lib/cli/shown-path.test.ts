// Tests of shownPath: relative below the working directory, in full elsewhere.
import { expect, test } from "bun:test";
import { shownPath } from "./shown-path.ts";

test("a path below the working directory is shown from it; one elsewhere in full", () => {
  expect(shownPath("/work/repo", "/work/repo/reports/latest.md")).toBe("reports/latest.md");
  expect(shownPath("/work/repo", "/tmp/out/latest.md")).toBe("/tmp/out/latest.md");
  expect(shownPath("/work/repo", "/work/other/doc.md")).toBe("/work/other/doc.md");
  expect(shownPath("/work/repo", "/work/repo")).toBe("/work/repo");
  expect(shownPath("/work/repo", "/work/repo/..hidden/x.md")).toBe("..hidden/x.md");
});

// Tests of report file names: slugs and UTC stamps.
import { describe, expect, test } from "bun:test";
import { epochSeconds, reportSlug, utcStamp } from "./names.ts";

describe("reportSlug", () => {
  test.each([
    ["Full stack logging integration", "full-stack-logging-integration"],
    ["Demo: logging pipeline (v2)", "demo-logging-pipeline-v2"],
    ["  --Crème brûlée--  ", "creme-brulee"],
    ["日本語", "scenario"],
    ["", "scenario"],
    ["a".repeat(80), "a".repeat(60)],
    [`${"a".repeat(59)} b`, "a".repeat(59)],
  ])("%p → %p", (name, slug) => {
    expect(reportSlug(name)).toBe(slug);
  });
});

test("utcStamp and epochSeconds use UTC and drop milliseconds", () => {
  const d = new Date("2026-11-22T01:51:30.999Z");
  expect(utcStamp(d)).toBe("20261122T015130Z");
  expect(epochSeconds(d)).toBe(1795312290);
});

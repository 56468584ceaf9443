// Tests of report file names: slugs and UTC stamps.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { epochSeconds, reportSlug, runReportStem, utcStamp } from "./names.ts";
import { tempDir } from "../../test/helpers/cli.ts";

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

describe("runReportStem", () => {
  test("a run started in the same second as one whose report is there gets its run id in the name, the same for every format", () => {
    const dir = tempDir("report-names-");
    const startedAt = new Date("2026-12-01T06:00:00.100Z");
    const first = { scenario: "Flip", startedAt, runId: "aaaa1111" };
    expect(runReportStem(first, dir)).toBe("flip-20261201T060000Z");
    writeFileSync(join(dir, "flip-20261201T060000Z.md"), "first run");
    // Asked again after writing its own file, the first run keeps its stem.
    expect(runReportStem(first, dir)).toBe("flip-20261201T060000Z");
    const second = { scenario: "Flip", startedAt: new Date("2026-12-01T06:00:00.900Z"), runId: "bbbb2222" };
    expect(runReportStem(second, dir)).toBe("flip-20261201T060000Z-bbbb2222");
    writeFileSync(join(dir, "flip-20261201T060000Z-bbbb2222.md"), "second run");
    expect(runReportStem(second, dir)).toBe("flip-20261201T060000Z-bbbb2222");
    // Several files at once name theirs with the suffix given, as before.
    expect(runReportStem({ ...second, runId: "cccc3333" }, dir, "cccc3333")).toBe("flip-20261201T060000Z-cccc3333");
  });
});

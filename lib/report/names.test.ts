// Tests of report file names: slugs and UTC stamps.
import { describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { epochSeconds, reportSlug, runReportStem, utcStamp, writeRunReport } from "./names.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { PartlyWritten } from "./multiplexer.ts";

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

describe("writeRunReport", () => {
  test("a report another run wrote under the stem after this run chose it is kept: this run's reports move to its run id", async () => {
    const dir = tempDir("report-race-");
    const startedAt = new Date("2026-12-01T06:00:00.100Z");
    const mine = { scenario: "Race", startedAt, runId: "aaaa1111" };
    // Both runs looked before either wrote (runReportStem saw no report); the other run's write came first.
    expect(runReportStem(mine, dir)).toBe("race-20261201T060000Z");
    writeFileSync(join(dir, "race-20261201T060000Z.md"), "the other run: failed");
    expect(await writeRunReport(mine, dir, ".md", "this run: passed")).toBe(join(dir, "race-20261201T060000Z-aaaa1111.md"));
    expect(readFileSync(join(dir, "race-20261201T060000Z.md"), "utf8")).toBe("the other run: failed");
    expect(readFileSync(join(dir, "race-20261201T060000Z-aaaa1111.md"), "utf8")).toBe("this run: passed");
    expect(readFileSync(join(dir, "latest.md"), "utf8")).toBe("this run: passed");
    // Its other formats follow, though their stamped names are free.
    expect(await writeRunReport(mine, dir, ".json", "{}")).toBe(join(dir, "race-20261201T060000Z-aaaa1111.json"));
    expect(readdirSync(dir).sort()).toEqual(["latest.json", "latest.md", "race-20261201T060000Z-aaaa1111.json", "race-20261201T060000Z-aaaa1111.md", "race-20261201T060000Z.md"]);
  });

  test("a free name is written as chosen, with latest beside it", async () => {
    const dir = tempDir("report-free-");
    const run = { scenario: "Free", startedAt: new Date("2026-12-01T06:00:00Z"), runId: "bbbb2222" };
    expect(await writeRunReport(run, dir, ".xml", "<x/>")).toBe(join(dir, "free-20261201T060000Z.xml"));
    expect(readdirSync(dir).sort()).toEqual(["free-20261201T060000Z.xml", "latest.xml"]);
  });

  test("when only latest cannot be written, the stamped report is listed as written and the error names latest", async () => {
    const dir = tempDir("report-latest-");
    // A directory with a file in it: no file can replace it.
    mkdirSync(join(dir, "latest.xml", "x"), { recursive: true });
    const run = { scenario: "Half", startedAt: new Date("2026-12-01T06:00:00Z"), runId: "dddd4444" };
    const written: string[] = [];
    const error = await writeRunReport(run, dir, ".xml", "<failed/>", undefined, written).catch((e) => e);
    expect(error).toBeInstanceOf(PartlyWritten);
    expect((error as PartlyWritten).message).toStartWith("latest.xml could not be written: ");
    expect((error as PartlyWritten).written).toEqual([join(dir, "half-20261201T060000Z.xml")]);
    expect(readFileSync(join(dir, "half-20261201T060000Z.xml"), "utf8")).toBe("<failed/>");
  });

  test("when the report cannot be written, the latest of the run before is removed, not left saying it passed", async () => {
    const dir = tempDir("report-fail-");
    writeFileSync(join(dir, "latest.md"), "## passed (the run before)");
    const run = { scenario: "Fail", startedAt: new Date("2026-12-01T06:00:00Z"), runId: "cccc3333" };
    // Both names the report could take are directories with files in them: no file can replace one.
    for (const name of ["fail-20261201T060000Z.md", "fail-20261201T060000Z-cccc3333.md"]) mkdirSync(join(dir, name, "x"), { recursive: true });
    await expect(writeRunReport(run, dir, ".md", "## failed")).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(["fail-20261201T060000Z-cccc3333.md", "fail-20261201T060000Z.md"]);
  });
});

// Tests of the combined summary of several files: its Markdown renders every name literally, as the per-run reports do.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeSummary } from "./files-summary.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "files-summary-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("a scenario or file name with HTML, Markdown or control characters is a literal table cell, escaped as the per-run report escapes it", async () => {
  const outcomes = [{ file: "dir/a_b|<i>.yaml", scenario: "<details><summary>x ]]> & | pipe \x01 `tick` *em*", status: "not run" as const, exitCode: 130, runId: "r1", reports: [] }];
  await writeSummary(dir, outcomes, 10, 130, new Date("2026-11-30T00:00:00Z"), new Date("2026-11-30T00:00:01Z"));
  const md = await readFile(join(dir, "latest-summary.md"), "utf8");
  const row = md.split("\n").find((l) => l.startsWith("| not run |"))!;
  expect(row).toBe("| not run | dir/a\\_b\\|\\<i\\>.yaml | \\<details\\>\\<summary\\>x \\]\\]\\> & \\| pipe \\\\x01 \\`tick\\` \\*em\\* | 0 | 0 | 0 | 0 | 0.0s | r1 |  |");
  expect(md).not.toMatch(/[\x00-\x08\x0B-\x1F\x7F]/);
});

test("the combined JUnit counts a file that never ran as a test in error, as the Markdown and JSON summaries list it", async () => {
  const outcomes = [{ file: "b.yaml", scenario: "B", status: "not run" as const, exitCode: 130, runId: "r2", reports: [] }];
  await writeSummary(dir, outcomes, 10, 130, new Date("2026-11-30T00:00:00Z"), new Date("2026-11-30T00:00:01Z"));
  const xml = await readFile(join(dir, "latest-summary.xml"), "utf8");
  expect(xml).toMatch(/<testsuites name="scenario" tests="1" failures="0" errors="1" skipped="0"/);
  expect(xml).toContain('<testsuite name="B" tests="1" failures="0" errors="1" skipped="0" time="0.000" file="b.yaml">');
  expect(xml).toContain('<error message="not run: the invocation was interrupted before this file started" type="not run"');
});

test("two invocations starting in the same second (two shards) each keep their summary: the second takes summary-<stamp>-2", async () => {
  const at = new Date("2026-11-30T00:00:00Z");
  const shard = (file: string) => [{ file, scenario: file, status: "not run" as const, exitCode: 130, runId: file, reports: [] }];
  const first = await writeSummary(dir, shard("a.yaml"), 10, 130, at);
  const second = await writeSummary(dir, shard("b.yaml"), 10, 130, at);
  expect(first.filter((p) => p.endsWith(".md")).map((p) => p.slice(dir.length + 1))).toEqual(["summary-20261130T000000Z.md", "latest-summary.md"]);
  expect(second.filter((p) => p.endsWith(".md")).map((p) => p.slice(dir.length + 1))).toEqual(["summary-20261130T000000Z-2.md", "latest-summary.md"]);
  expect(await readFile(join(dir, "summary-20261130T000000Z.md"), "utf8")).toContain("a.yaml");
  expect(await readFile(join(dir, "summary-20261130T000000Z-2.md"), "utf8")).toContain("b.yaml");
});

test("a file that failed with no failed step says why: its crossed thresholds (the summary said 'failed … 0 failed')", async () => {
  const { thresholdRun } = await import("../../test/fixtures/metrics-run.ts");
  const { recordRun } = await import("../../test/fixtures/report-runs.ts");
  const { summaryLines } = await import("./files-summary.ts");
  const outcomes = [{ file: "smoke.yaml", scenario: "Gateway smoke", status: "failed" as const, exitCode: 1, runId: "r7k6", record: recordRun(thresholdRun()), reports: [] }];
  expect(summaryLines(outcomes, 10, new Date("2026-11-30T00:00:01Z"))[1]).toMatch(/^  failed      smoke\.yaml  3 passed, 0 failed, 0 skipped \(1 threshold crossed\)  /);
  await writeSummary(dir, outcomes, 10, 1, new Date("2026-11-30T00:00:00Z"), new Date("2026-11-30T00:00:01Z"));
  expect(await readFile(join(dir, "latest-summary.md"), "utf8")).toContain("| failed (1 threshold crossed) | smoke.yaml |");
  expect(JSON.parse(await readFile(join(dir, "latest-summary.json"), "utf8")).files[0].failedBecause).toBe("1 threshold crossed");
});

test("a format that cannot be written leaves no latest-summary of the invocation before, and the other formats are written", async () => {
  const { mkdir } = await import("node:fs/promises");
  const { existsSync, statSync } = await import("node:fs");
  const { PartlyWritten } = await import("./multiplexer.ts");
  const before = [{ file: "a.yaml", scenario: "A", status: "failed" as const, exitCode: 1, runId: "r1", reports: [] }];
  await writeSummary(dir, before, 10, 1, new Date("2026-11-30T00:00:00Z"));
  await mkdir(join(dir, "summary-20261130T000100Z.json")); // this invocation's JSON cannot be written
  const now = [{ file: "b.yaml", scenario: "B", status: "not run" as const, exitCode: 130, runId: "r2", reports: [] }];
  const error = await writeSummary(dir, now, 10, 130, new Date("2026-11-30T00:01:00Z")).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PartlyWritten);
  expect((error as Error).message).toStartWith("the combined summary could not be written (summary-20261130T000100Z.json: ");
  expect((error as InstanceType<typeof PartlyWritten>).written.map((p) => p.slice(dir.length + 1)))
    .toEqual(["summary-20261130T000100Z.md", "latest-summary.md", "summary-20261130T000100Z.xml", "latest-summary.xml"]);
  expect(existsSync(join(dir, "latest-summary.json"))).toBe(false); // it showed the failed invocation before as the latest
  expect(statSync(join(dir, "summary-20261130T000100Z.json")).isDirectory()).toBe(true);
  expect(await readFile(join(dir, "latest-summary.xml"), "utf8")).toContain('file="b.yaml"');
});

test("a summary that cannot be written whole records the exit code the process exits with (2), and what was not written", async () => {
  const { mkdir } = await import("node:fs/promises");
  const { PartlyWritten } = await import("./multiplexer.ts");
  await mkdir(join(dir, "latest-summary.xml")); // the JUnit copy cannot be written
  const outcomes = [{ file: "a.yaml", scenario: "A", status: "passed" as const, exitCode: 0, runId: "r1", reports: [] }];
  const error = await writeSummary(dir, outcomes, 10, 0, new Date("2026-11-30T00:02:00Z")).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(PartlyWritten);
  expect((error as InstanceType<typeof PartlyWritten>).written.map((p) => p.slice(dir.length + 1)))
    .toEqual(["summary-20261130T000200Z.md", "latest-summary.md", "summary-20261130T000200Z.json", "latest-summary.json", "summary-20261130T000200Z.xml"]);
  // It said exit code 0 for an invocation that exited 2 (lib/cli/run-many.ts: a summary not written is exit 2).
  for (const name of ["latest-summary.json", "summary-20261130T000200Z.json"]) {
    const json = JSON.parse(await readFile(join(dir, name), "utf8"));
    expect({ exitCode: json.exitCode, summaryUnwritten: json.summaryUnwritten }).toEqual({ exitCode: 2, summaryUnwritten: ["latest-summary.xml"] });
  }
  expect(await readFile(join(dir, "latest-summary.md"), "utf8")).toContain("1 file: 1 passed · exit code 2 (latest-summary.xml of this summary could not be written) · ");
});

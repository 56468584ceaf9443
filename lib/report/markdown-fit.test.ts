// Tests that the Markdown for a pull request fits GitHub's limits: a 10,000-step run, huge service logs, many failures, a full step summary.
import { expect, test } from "bun:test";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunEvent, StepInfo } from "../engine/events.ts";
import { STARTED, failedRun, recordRun } from "../../test/fixtures/report-runs.ts";
import { GITHUB_COMMENT_MAX, GITHUB_STEP_SUMMARY_MAX_BYTES, fitMarkdown } from "./markdown-fit.ts";
import { renderMarkdown } from "./markdown-render.ts";
import { MarkdownReporter } from "./markdown.ts";
import { tempDir } from "../../test/helpers/cli.ts";

const WHERE = "the run log under .context/terminal/";

/** A run of `n` steps; those whose index `fails` picks fail with `log` as a diagnostics block. */
function manySteps(n: number, fails: (i: number) => boolean = () => false, log = ""): RunEvent[] {
  const steps: StepInfo[] = Array.from({ length: n }, (_, i) => ({ index: i, phase: "main", name: `check number ${i}`, kind: "http", service: `svc${i % 7}`, tags: ["smoke"], line: 3 + 2 * i }));
  const events: RunEvent[] = [{ type: "run-start", scenario: "big", file: "scenarios/big.yaml", runId: "r1", startedAt: STARTED, steps }];
  for (const step of steps) {
    const failed = fails(step.index);
    const result = failed ? { checks: [{ path: "status", expected: "== 200", actual: 503, ok: false }], summary: `GET /x${step.index} → 503` } : { checks: [] };
    events.push({ type: "step-start", step }, { type: "attempt-start", step, attempt: 1 }, { type: "attempt-end", step, attempt: 1, ok: !failed, durationMs: 1, result });
    events.push({ type: "step-end", step, status: failed ? "failed" : "passed", attempts: 1, durationMs: 1, result });
    if (failed && log) events.push({ type: "diagnostics", step, details: [{ title: `logs of svc${step.index % 7}`, body: log }] });
  }
  const failedCount = steps.filter((s) => fails(s.index)).length;
  events.push({ type: "run-end", status: failedCount ? "failed" : "passed", durationMs: n, totals: { passed: n - failedCount, failed: failedCount, skipped: 0, interrupted: 0 }, endedAt: new Date(STARTED.getTime() + n) });
  return events;
}

test("a small run is not touched", () => {
  const run = recordRun(failedRun());
  expect(fitMarkdown(run, STARTED, GITHUB_COMMENT_MAX, WHERE)).toBe(renderMarkdown(run, STARTED));
});

test("a 10,000-step run folds its passed steps into a count, keeps the failure, and says so", () => {
  const run = recordRun(manySteps(10_000, (i) => i === 4321));
  expect(renderMarkdown(run, STARTED).length).toBeGreaterThan(GITHUB_COMMENT_MAX);
  const text = fitMarkdown(run, STARTED, GITHUB_COMMENT_MAX, WHERE);
  expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX);
  expect(text).toContain("| steps | 9999 passed, 1 failed (10000 in all) |");
  expect(text).toContain("| 4322 | check number 4321 `smoke` | svc2 | ❌ failed | 1 | 1ms |");
  expect(text).toContain("|  | 9999 passed steps not listed |  | ✅ passed |  |  |");
  expect(text).toContain("> Shortened to fit GitHub's limit of 65,536 characters: passed steps are folded into a count. The full record: the run log under .context/terminal/.");
  expect(text).toContain("At `scenarios/big.yaml:8645`.");
  expect(text).not.toContain("check number 4320");
});

test("a failed run with huge service logs cuts the logs to their last lines and stays whole", () => {
  const log = Array.from({ length: 20_000 }, (_, i) => `api  | line ${i} ${"x".repeat(40)}`).join("\n");
  const run = recordRun(manySteps(30, (i) => i % 3 === 0, log));
  const text = fitMarkdown(run, STARTED, GITHUB_COMMENT_MAX, WHERE);
  expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX);
  expect(text).toContain("output blocks are cut to their last");
  expect(text).toContain(`api  | line 19999 ${"x".repeat(40)}`);
  expect(text).not.toContain("api  | line 0 ");
  expect(text.split("<details>").length).toBe(text.split("</details>").length);
  expect(text.split("\n").filter((l) => /^`{3,}/.test(l)).length % 2).toBe(0);
});

test("thousands of failing steps with logs: the end is cut at a line and a warning says where the rest is", () => {
  const run = recordRun(manySteps(3_000, () => true, "boom\n".repeat(100)));
  const text = fitMarkdown(run, STARTED, GITHUB_COMMENT_MAX, WHERE);
  expect(text.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX);
  expect(text).toEndWith("> Cut at 65,536 characters to fit GitHub's limit. The full record: the run log under .context/terminal/.");
}, 60_000);

test("the report file and the step summary both fit; a summary near 1 MiB gets a pointer instead", async () => {
  const dir = tempDir("md-fit-");
  const summary = join(dir, "summary.md");
  const reporter = new MarkdownReporter({ reportDir: join(dir, "reports"), githubStepSummary: summary, fullRecord: WHERE });
  for (const e of manySteps(10_000, (i) => i === 1)) reporter.onEvent(e);
  await reporter.finish();
  const file = await readFile(join(dir, "reports", "latest.md"), "utf8");
  expect(file.length).toBeLessThanOrEqual(GITHUB_COMMENT_MAX);
  // The file keeps one character for its last newline; the limit it names is GitHub's.
  expect(file).toContain("> Shortened to fit GitHub's limit of 65,536 characters:");
  expect(await readFile(summary, "utf8")).toBe(`${file}\n`);

  await writeFile(summary, "x".repeat(GITHUB_STEP_SUMMARY_MAX_BYTES - 1000));
  const again = new MarkdownReporter({ reportDir: join(dir, "reports"), githubStepSummary: summary, files: false, fullRecord: WHERE });
  for (const e of manySteps(10_000, (i) => i === 1)) again.onEvent(e);
  await again.finish();
  const after = await readFile(summary, "utf8");
  expect(Buffer.byteLength(after)).toBeLessThanOrEqual(GITHUB_STEP_SUMMARY_MAX_BYTES);
  expect(after).toEndWith("> The report of big is left out of this step summary: it would pass GitHub's 1 MiB limit. See the run log under .context/terminal/.\n\n");
});

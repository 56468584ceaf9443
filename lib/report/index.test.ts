// Tests of createReporters: the formats asked for, and only those, are written; the console always reports.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { failedRun } from "../../test/fixtures/report-runs.ts";
import { createReporters } from "./index.ts";
import { RunCollector } from "./run-record.ts";
import { JsonReporter } from "./json.ts";
import { JunitReporter } from "./junit.ts";
import { MarkdownReporter } from "./markdown.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "reporters-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function capture() {
  const out = { text: "", write: (s: string) => void (out.text += s) };
  return out;
}

test("every format: the paths written, under the report dir and the cwd's .context/terminal", async () => {
  const stdout = capture();
  const stderr = capture();
  const reporters = await createReporters({
    formats: ["md", "log", "junit", "json", "html"],
    reportDir: join(dir, "reports"),
    cwd: dir,
    console: { stream: stdout, color: false },
    stderr,
  });
  for (const e of failedRun()) reporters.onEvent(e);
  const stamp = "demo-logging-pipeline-20261122T015130Z";
  expect(await reporters.finish()).toEqual([
    join(dir, "reports", `${stamp}.md`),
    join(dir, "reports", "latest.md"),
    join(dir, ".context", "terminal", "integration_test_1795312290.log"),
    join(dir, "reports", `${stamp}.xml`),
    join(dir, "reports", "latest.xml"),
    join(dir, "reports", `${stamp}.json`),
    join(dir, "reports", "latest.json"),
    join(dir, "reports", `${stamp}.html`),
    join(dir, "reports", "latest.html"),
  ]);
  expect(stdout.text).toContain("✗ Demo: logging pipeline: failed");
  expect(stderr.text).toBe("");
});

test("default formats are md and log; --update-doc alone writes only the doc", async () => {
  const doc = join(dir, "docs", "LOGGING.md");
  const reporters = await createReporters({ formats: [], reportDir: join(dir, "reports"), cwd: dir, updateDoc: doc, console: { stream: capture() } });
  for (const e of failedRun()) reporters.onEvent(e);
  expect(await reporters.finish()).toEqual([doc]);
  expect(await readdir(dir)).toEqual(["docs"]);

  const defaults = await createReporters({ reportDir: join(dir, "reports"), cwd: dir, console: { stream: capture() } });
  for (const e of failedRun()) defaults.onEvent(e);
  expect((await defaults.finish()).map((p) => p.slice(dir.length + 1))).toEqual([
    "reports/demo-logging-pipeline-20261122T015130Z.md",
    "reports/latest.md",
    ".context/terminal/integration_test_1795312290.log",
  ]);
});

test("one collector for every report: fed once, first, and the reports it gives equal those of reporters collecting alone", async () => {
  const runs = new RunCollector();
  const shared = await createReporters({ formats: ["md", "log", "junit", "json"], reportDir: join(dir, "shared"), cwd: dir, console: { stream: capture() }, runs });
  const events = failedRun();
  for (const e of events) shared.onEvent(e);
  await shared.finish();
  expect(runs.runs).toHaveLength(1);
  expect(runs.current!.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed", "skipped", "passed"]);

  const alone = join(dir, "alone");
  for (const r of [new MarkdownReporter({ reportDir: alone }), new JunitReporter({ reportDir: alone }), new JsonReporter({ reportDir: alone })]) {
    for (const e of events) r.onEvent(e);
    await r.finish();
  }
  for (const name of ["latest.md", "latest.xml", "latest.json"]) {
    expect(await readFile(join(dir, "shared", name), "utf8")).toBe(await readFile(join(alone, name), "utf8"));
  }
});

// Tests of createReporters: the formats asked for, and only those, are written; the console always reports.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { failedRun } from "../../test/fixtures/report-runs.ts";
import { createReporters } from "./index.ts";

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

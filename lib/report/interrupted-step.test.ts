// A step stopped by Ctrl-C is "interrupted" in every report: its own total, never counted as failed.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { recordRun, stoppedRun } from "../../test/fixtures/report-runs.ts";
import { createReporters } from "./index.ts";
import { GithubAnnotations } from "./github-annotations.ts";
import { summaryLines } from "./files-summary.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "interrupted-step-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("console, Markdown, log, JSON, JUnit and HTML count the stopped step as interrupted, not failed", async () => {
  const out = { text: "", write: (s: string) => void (out.text += s) };
  const reporters = await createReporters({
    formats: ["md", "log", "junit", "json", "html"],
    reportDir: join(dir, "reports"),
    cwd: dir,
    console: { stream: out, color: false },
    stderr: out,
  });
  for (const e of stoppedRun()) reporters.onEvent(e);
  const written = await reporters.finish();
  const read = (suffix: string) => readFile(written.find((p) => p.endsWith(suffix) && !p.includes("latest"))!, "utf8");

  expect(out.text).toContain("⚠ Health endpoint answers [api] #US-001 (interrupted after 300ms, 1 attempt)");
  expect(out.text).toContain("⚠ Demo: logging pipeline: interrupted · 2 passed, 2 skipped, 1 interrupted");
  expect(out.text).not.toContain("failed");

  const md = await read(".md");
  expect(md).toContain("> **Interrupted**: the run was stopped before it finished.");
  expect(md).toContain("| steps | 2 passed, 2 skipped, 1 interrupted (5 in all) |");
  expect(md).toContain("| ⚠️ interrupted |");
  expect(md).toContain("| service | passed | failed | skipped | interrupted |");
  expect(md).toContain("| ⚠️ api | 0 | 0 | 1 | 1 |");
  // Problems found lists the stopped step with its cause, though it has no diagnostics: "None." hid it.
  const problems = md.slice(md.indexOf("### Problems found"));
  expect(problems).not.toContain("None.");
  expect(problems).toContain("#### ⚠️ 2. Health endpoint answers (api) `US-001`");
  expect(problems).toContain("**Cause:** `request aborted: interrupted`");

  const log = await read(".log");
  expect(log).toContain("end: interrupted");
  expect(log).toContain("run end: interrupted, 2 passed, 2 skipped, 1 interrupted");

  const json = JSON.parse(await read(".json")) as { totals: object; summary: { total: { checks: object } }; steps: { status: string; interrupted: boolean }[] };
  expect(json.totals).toEqual({ passed: 2, failed: 0, skipped: 2, interrupted: 1 });
  // The cut attempt's failed check says nothing about the system: the k6 summary leaves it out.
  expect(json.summary.total.checks).toEqual({ passed: 0, failed: 0 });
  expect(json.steps[1]).toMatchObject({ status: "interrupted", interrupted: true });

  const xml = await read(".xml");
  expect(xml).toContain('failures="0" errors="1" skipped="2"');
  expect(xml).toContain('<error message="request aborted: interrupted" type="interrupted">status: expected == 200, actual (missing)\nerror: request aborted: interrupted</error>');

  const html = await read(".html");
  const htmlProblems = html.slice(html.indexOf("<h3>Problems found</h3>"));
  expect(htmlProblems).toContain("2. Health endpoint answers");
  expect(htmlProblems).toContain("<strong>Cause:</strong> <code>request aborted: interrupted</code>");
  expect(htmlProblems).not.toContain("None.");
});

test("Problems found and JUnit give an interrupted step's cause: the step's own words, or that it was stopped between attempts", async () => {
  const cases: [error: string | undefined, cause: string][] = [
    ["interrupted after 211 of 2000 requests", "interrupted after 211 of 2000 requests"],
    ["interrupted", "interrupted"],
    // The signal came while the step waited to try again: its last attempt had ended (a failed check), nothing cut it.
    [undefined, "stopped by Ctrl-C or SIGTERM before it finished"],
  ];
  for (const [error, cause] of cases) {
    const checks = error === undefined ? [{ path: "status", expected: "== 200", actual: 503, ok: false }] : [];
    const result = error === undefined ? { checks } : { checks, error };
    const events = stoppedRun().map((e) => (e.type === "step-end" && e.status === "interrupted" ? { ...e, result } : e));
    const reporters = await createReporters({ formats: ["md", "junit"], reportDir: join(dir, "reports"), cwd: dir, console: { stream: { write: () => {} }, color: false } });
    for (const e of events) reporters.onEvent(e);
    const written = await reporters.finish();
    const read = (suffix: string) => readFile(written.find((p) => p.endsWith(suffix) && !p.includes("latest"))!, "utf8");
    const md = await read(".md");
    expect(md.slice(md.indexOf("### Problems found"))).toContain(`Interrupted after 1 attempt in 300ms.\n\n**Cause:** \`${cause}\``);
    expect(await read(".xml")).toContain(`<error message="${cause}" type="interrupted">`);
    await rm(join(dir, "reports"), { recursive: true, force: true });
  }
});

test("GitHub: the stopped step is a warning, not an error", async () => {
  let text = "";
  const reporter = new GithubAnnotations({ stream: { write: (t: string) => (text += t) } });
  for (const e of stoppedRun()) reporter.onEvent(e);
  await reporter.finish();
  expect(text.trimEnd().split("\n")).toEqual([
    "::warning file=scenarios/demo.yaml,title=Demo%3A logging pipeline%3A step 2 Health endpoint answers interrupted::stopped by Ctrl-C or SIGTERM before it finished: it neither passed nor failed",
  ]);
});

test("the many-files summary counts it as interrupted", () => {
  const lines = summaryLines([{ file: "a.yaml", scenario: "Demo", status: "interrupted", exitCode: 130, runId: "r7s6t", record: recordRun(stoppedRun()), reports: [] }], 1000);
  expect(lines[1]).toContain("2 passed, 0 failed, 2 skipped, 1 interrupted");
});

test("a Ctrl-C during teardown, after every step ran: the report does not claim a step was cut short", async () => {
  // The same run, but every main step passed and the signal came while teardown ran (it went on to the end).
  const events = stoppedRun().filter((e) => !("step" in e && e.step.phase === "main" && e.step.index > 0));
  const plan = events.find((e) => e.type === "run-start")!;
  const endOf = (e: (typeof events)[number]) => e.type === "run-end";
  const reporters = await createReporters({ formats: ["md"], reportDir: join(dir, "reports"), cwd: dir, console: { stream: { write: () => {} }, color: false } });
  for (const e of events) {
    if (endOf(e)) reporters.onEvent({ type: "run-end", status: "interrupted", durationMs: 1000, totals: { passed: 2, failed: 0, skipped: 0, interrupted: 0 }, endedAt: (e as { endedAt: Date }).endedAt });
    else if (e === plan && e.type === "run-start") reporters.onEvent({ ...e, steps: e.steps.filter((s) => s.phase !== "main" || s.index === 0) });
    else reporters.onEvent(e);
  }
  const written = await reporters.finish();
  const md = await readFile(written.find((p) => p.endsWith(".md") && !p.includes("latest"))!, "utf8");
  expect(md).toContain("> **Interrupted**: a Ctrl-C (or SIGTERM) arrived after every main step had ended");
  expect(md).not.toContain("stopped before it finished");
});


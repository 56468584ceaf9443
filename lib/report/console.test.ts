// Tests of the console reporter: plain lines, quiet mode, colour decisions, and the spinner on a (fake) terminal.
import { describe, expect, test } from "bun:test";
import type { RunEvent } from "../engine/events.ts";
import { waitFor } from "../../test/helpers/cli.ts";
import { failedRun, interruptedRun } from "../../test/fixtures/report-runs.ts";
import { ConsoleReporter, type ConsoleReporterOptions, colorLevel, HEARTBEAT_MS } from "./console.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";

class Capture {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A terminal as the spinner library uses one. */
class FakeTerminal extends Capture {
  isTTY = true;
  columns = 200;
  cursorTo(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
  clearLine(): boolean {
    return true;
  }
  once(): this {
    return this;
  }
}

async function plain(events: RunEvent[], options: ConsoleReporterOptions = {}): Promise<string> {
  const stream = new Capture();
  const reporter = new ConsoleReporter({ stream, env: {}, ...options });
  for (const e of events) reporter.onEvent(e);
  expect(await reporter.finish()).toEqual([]);
  return stream.text;
}

test("diagnostics the engine sends before a failed step's end are printed under that step, after its failures", async () => {
  const fixtureOrder = failedRun();
  const engineOrder = [...fixtureOrder];
  const diag = engineOrder.findIndex((e) => e.type === "diagnostics");
  const [event] = engineOrder.splice(diag, 1);
  const end = engineOrder.findIndex((e) => e.type === "step-end" && e.status === "failed");
  engineOrder.splice(end, 0, event!);
  const text = await plain(engineOrder);
  expect(text).toBe(await plain(fixtureOrder));
  expect(text.indexOf("diagnostics in the reports")).toBeGreaterThan(text.indexOf("✗ API writes JSON logs"));
  expect(await plain(engineOrder, { quiet: true })).toBe(await plain(fixtureOrder, { quiet: true }));
});

test("--verbose: a command of several lines ending in a line break (a `run: |` script) shows its lines and no empty one after them", async () => {
  const events = failedRun();
  const start = events.findIndex((e) => e.type === "attempt-start");
  events.splice(start + 1, 0, { type: "log", at: new Date(0), line: "$ echo one\necho two\n" });
  const text = await plain(events, { verbose: true });
  expect(text).toContain("  │ $ echo one\n  │ echo two\n");
  expect(text).not.toContain("  │ \n");
});

test("plain mode, failed run: a line per finished step, failures with path, expected and actual, then the summary", async () => {
  expect(await plain(failedRun())).toMatchInlineSnapshot(`
    "▶ Demo: logging pipeline · scenarios/demo.yaml · 4 steps + 1 teardown · run r1a2b
    ✓ Start demo server (12ms, 1 attempt)
    ✓ Health endpoint answers [api] #US-001 (4ms, 1 attempt)
    ✗ API writes JSON logs [api] (1.51s, 2 attempts)
        contains: expected contains "level|error", actual "a | b \`tick\` xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (114 more chars)
        required_fields.message: expected exists, actual (missing)
        diagnostics in the reports: compose ps, logs of api
    - Logs reach Loki [loki] (skipped: an earlier step failed)
    ✓ teardown: compose down (800ms, 1 attempt)

      █ TOTAL RESULTS

        checks.....: 50.00% 2 out of 4, 2 failed
        steps......: 3 passed, 1 failed, 1 skipped
        attempts...: 5

      █ SERVICE api

        checks.....: 50.00% 2 out of 4, 2 failed
        steps......: 1 passed, 1 failed
        attempts...: 3

      █ SERVICE loki

        steps......: 0 passed, 1 skipped
        attempts...: 0

    ✗ Demo: logging pipeline: failed · 3 passed, 1 failed, 1 skipped · 2.35s
    "
  `);
});

test("plain mode, interrupted run: the step that was cut is named", async () => {
  expect(await plain(interruptedRun())).toMatchInlineSnapshot(`
    "▶ Demo: logging pipeline · scenarios/demo.yaml · 4 steps + 1 teardown · run r9z8y
    ✓ Start demo server (10ms, 1 attempt)
    ✗ teardown: compose down (30ms, 1 attempt)
        error: docker compose down exited 1:
        no such project\\x07
    ⚠ Health endpoint answers [api] #US-001 (interrupted during attempt 2)

      █ TOTAL RESULTS

        checks.....: 0.00% 0 out of 1, 1 failed
        steps......: 1 passed, 1 failed, 3 skipped
        attempts...: 4

      █ SERVICE api

        steps......: 0 passed, 2 skipped
        attempts...: 2

      █ SERVICE loki

        steps......: 0 passed, 1 skipped
        attempts...: 0

    ⚠ Demo: logging pipeline: interrupted · 1 passed, 1 failed, 3 skipped · 1.00s
    "
  `);
});

test("quiet mode: only failures and the final summary", async () => {
  expect(await plain(failedRun(), { quiet: true })).toMatchInlineSnapshot(`
    "✗ API writes JSON logs [api] (1.51s, 2 attempts)
        contains: expected contains "level|error", actual "a | b \`tick\` xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx… (114 more chars)
        required_fields.message: expected exists, actual (missing)
        diagnostics in the reports: compose ps, logs of api
    ✗ Demo: logging pipeline: failed · 3 passed, 1 failed, 1 skipped · 2.35s
    "
  `);
});

describe("colour", () => {
  test.each([
    [undefined, false, {}, 0],
    [undefined, true, { NO_COLOR: "1" }, 0],
    [undefined, true, { NO_COLOR: "" }, "tty"],
    [undefined, false, { FORCE_COLOR: "2" }, 2],
    [undefined, true, { FORCE_COLOR: "0" }, 0],
    [undefined, false, { FORCE_COLOR: "3", NO_COLOR: "1" }, 3],
    [false, true, { FORCE_COLOR: "3" }, 0],
    [true, false, { NO_COLOR: "1" }, "tty"],
  ] as const)("color=%p tty=%p env=%p → %p", (color, tty, env, level) => {
    // "tty": whatever level this terminal supports, at least 1
    const got = colorLevel(color, tty, env);
    if (level === "tty") expect(got).toBeGreaterThan(0);
    else expect(got).toBe(level);
  });

  test("FORCE_COLOR paints the lines; --no-color (color: false) wins over it", async () => {
    expect(await plain(failedRun(), { env: { FORCE_COLOR: "1" } })).toContain("\x1b[31m✗\x1b[39m");
    expect(await plain(failedRun(), { env: { FORCE_COLOR: "1" }, color: false })).not.toContain("\x1b[");
  });
});

test("a terminal that reports no width gets plain lines and no spinner", async () => {
  const stream = new FakeTerminal();
  stream.columns = 0;
  const reporter = new ConsoleReporter({ stream, env: {}, color: false, spinner: true });
  await reporter.ready;
  for (const e of failedRun()) reporter.onEvent(e);
  await reporter.finish();
  expect(stream.text).toBe(await plain(failedRun(), { color: false }));
});

test("on a terminal a spinner shows the running step, its attempt and elapsed time, and stops when it ends", async () => {
  const stream = new FakeTerminal();
  let clock = 1_000;
  const reporter = new ConsoleReporter({ stream, env: {}, color: false, now: () => clock });
  const events = failedRun();
  const logs = events.filter((e) => "step" in e && e.step.index === 2);
  const [start, attempt1, end1, attempt2] = logs;
  reporter.onEvent(events.find((e) => e.type === "run-start")!);
  reporter.onEvent(start!);
  reporter.onEvent(attempt1!);
  await reporter.ready;
  await waitFor(() => stream.text.includes("API writes JSON logs [api] · attempt 1 · 0ms"), "the spinner of attempt 1");
  expect(stream.write).not.toBe(Capture.prototype.write);
  clock += 1_500;
  reporter.onEvent(end1!);
  reporter.onEvent(attempt2!);
  await waitFor(() => stream.text.includes("· attempt 2 · 1.50s · last: count: expected >= 1, actual 0"), "the spinner of attempt 2");
  const before = stream.text.length;
  for (const e of logs.slice(4)) reporter.onEvent(e);
  await reporter.finish();
  const after = stream.text.slice(before);
  expect(after).toContain("✗ API writes JSON logs [api] (1.51s, 2 attempts)\n");
  // While it spins, the spinner library wraps the stream's write(); a stopped spinner has put the original back.
  expect(stream.write).toBe(Capture.prototype.write);
});

test("a second Ctrl-C (hardStop) stops the spinner at once, while the step still runs", async () => {
  const stream = new FakeTerminal();
  const hardStop = new AbortController();
  const reporter = new ConsoleReporter({ stream, env: {}, color: false, hardStop: hardStop.signal });
  const events = failedRun();
  reporter.onEvent(events.find((e) => e.type === "run-start")!);
  for (const e of events.filter((e) => "step" in e && e.step.index === 2).slice(0, 2)) reporter.onEvent(e);
  await reporter.ready;
  await waitFor(() => stream.text.includes("API writes JSON logs [api] · attempt 1"), "the spinner");
  expect(stream.write).not.toBe(Capture.prototype.write);
  hardStop.abort(new Error("SIGINT"));
  // Synchronously: the process exits right after the abort, so nothing may wait for a later turn.
  expect(stream.write).toBe(Capture.prototype.write);
});

test("without a spinner, a long-running step prints a heartbeat with its latest progress, and stops when the step ends", async () => {
  const stream = new Capture();
  let clock = 0;
  const reporter = new ConsoleReporter({ stream, env: {}, color: false, now: () => clock, heartbeatMs: 5 });
  const step = { index: 0, phase: "main" as const, name: "Start the stack", kind: "compose", tags: [] };
  reporter.onEvent({ type: "run-start", scenario: "s", file: "s.yaml", runId: "r", startedAt: new Date(0), steps: [step] });
  reporter.onEvent({ type: "step-start", step });
  reporter.onEvent({ type: "attempt-start", step, attempt: 1 });
  reporter.onEvent({ type: "log", at: new Date(0), line: "still starting: vllm (health: starting)\nsecond line" });
  clock = 90_000;
  await waitFor(() => stream.text.includes("… Start the stack still running · attempt 1 · 1m30s · still starting: vllm (health: starting)\n"), "a heartbeat line");
  reporter.onEvent({ type: "step-end", step, status: "passed", attempts: 1, durationMs: 90_000 });
  const afterEnd = stream.text.length;
  // A witness reporter with the same period shows when several heartbeats' time has passed since the step ended.
  const witnessStream = new Capture();
  const witness = new ConsoleReporter({ stream: witnessStream, env: {}, color: false, heartbeatMs: 5 });
  witness.onEvent({ type: "step-start", step });
  await waitFor(() => witnessStream.text.split("still running").length > 3, "three heartbeats of the witness");
  witness.onEvent({ type: "step-end", step, status: "passed", attempts: 1, durationMs: 1 });
  await witness.finish();
  expect(stream.text.slice(afterEnd)).not.toContain("still running");
  await reporter.finish();
});

test("README gives the heartbeat's period and its line as the test above prints it", () => {
  const readme = readFileSync(join(import.meta.dir, "../../README.md"), "utf8").replace(/\s+/g, " ");
  expect(readme).toContain(`a step still running prints the same as a line every ${HEARTBEAT_MS / 1000} s`);
  expect(readme).toContain("(`… Start the stack still running · attempt 1 · 1m30s · still starting: vllm (health: starting)`)");
});

test("without a spinner, the heartbeat is silent between steps, speaks for the next step, and stops at run-end", async () => {
  const stream = new Capture();
  const reporter = new ConsoleReporter({ stream, env: {}, color: false, now: () => 0, heartbeatMs: 5 });
  const first = { index: 0, phase: "main" as const, name: "first", kind: "shell", tags: [] };
  const second = { index: 1, phase: "main" as const, name: "second", kind: "shell", tags: [] };
  const witnessStream = new Capture();
  const witness = new ConsoleReporter({ stream: witnessStream, env: {}, color: false, heartbeatMs: 5 });
  witness.onEvent({ type: "step-start", step: first });
  /** Waits until the witness, with the same period, has beaten `n` more times. */
  const beats = async (n: number) => {
    const target = witnessStream.text.split("still running").length + n;
    await waitFor(() => witnessStream.text.split("still running").length >= target, `${n} heartbeats of the witness`);
  };
  reporter.onEvent({ type: "run-start", scenario: "s", file: "s.yaml", runId: "r", startedAt: new Date(0), steps: [first, second] });
  reporter.onEvent({ type: "step-start", step: first });
  reporter.onEvent({ type: "step-end", step: first, status: "passed", attempts: 1, durationMs: 1 });
  const betweenSteps = stream.text.length;
  await beats(3);
  expect(stream.text.slice(betweenSteps)).not.toContain("still running");
  reporter.onEvent({ type: "step-start", step: second });
  await waitFor(() => stream.text.includes("… second still running · attempt 1 · 0ms\n"), "a heartbeat of the second step");
  expect(stream.text).not.toContain("first still running");
  reporter.onEvent({ type: "step-end", step: second, status: "passed", attempts: 1, durationMs: 1 });
  reporter.onEvent({ type: "run-end", status: "passed", durationMs: 2, totals: { passed: 2, failed: 0, skipped: 0, interrupted: 0 }, endedAt: new Date(2) });
  const afterRun = stream.text.length;
  await beats(3);
  expect(stream.text.slice(afterRun)).not.toContain("still running");
  witness.onEvent({ type: "step-end", step: first, status: "passed", attempts: 1, durationMs: 1 });
  await Promise.all([witness.finish(), reporter.finish()]);
});

test("quiet mode prints no heartbeat", async () => {
  const step = { index: 0, phase: "main" as const, name: "x", kind: "shell", tags: [] };
  const quietStream = new Capture();
  const quiet = new ConsoleReporter({ stream: quietStream, env: {}, color: false, quiet: true, heartbeatMs: 1 });
  // A second, non-quiet reporter with the same period shows when several heartbeats' time has passed.
  const loudStream = new Capture();
  const loud = new ConsoleReporter({ stream: loudStream, env: {}, color: false, heartbeatMs: 1 });
  for (const r of [quiet, loud]) r.onEvent({ type: "step-start", step });
  await waitFor(() => loudStream.text.split("still running").length > 3, "three heartbeats of the other reporter");
  for (const r of [quiet, loud]) {
    r.onEvent({ type: "step-end", step, status: "passed", attempts: 1, durationMs: 1 });
    await r.finish();
  }
  expect(quietStream.text).toBe("");
});

test("a scenario name with control characters or escape sequences is printed as step names are (\\xNN, colours dropped), in its first and last lines, plain and quiet", async () => {
  const events = failedRun().map((e) => (e.type === "run-start" ? { ...e, scenario: "Demo \x01 \x1B[31mred\x1B[0m" } : e));
  for (const quiet of [false, true]) {
    const text = await plain(events, { quiet });
    if (!quiet) expect(text).toContain("▶ Demo \\x01 red ·");
    expect(text).toContain("✗ Demo \\x01 red: failed ·");
    expect(text).not.toMatch(/[\x00-\x08\x0B-\x1F\x7F]/);
  }
});

test("a line GitHub would run as a workflow command (a Loki error's second line) gets a zero-width space before it", async () => {
  const step = { index: 0, phase: "main" as const, name: "q", kind: "logql", tags: [] };
  const result = { checks: [], error: "Loki refused the query (400): parse error\n::error::from-the-service\n\u00A0 ::stop-commands::x\n##[error]old form\nstatus ##[stop-commands]tok" };
  const text = await plain([
    { type: "run-start", scenario: "s", file: "s.yaml", runId: "r", startedAt: new Date(0), steps: [step] },
    { type: "step-start", step },
    { type: "attempt-end", step, attempt: 1, ok: false, durationMs: 1, result },
    { type: "step-end", step, status: "failed", attempts: 1, durationMs: 1, result },
    { type: "run-end", status: "failed", durationMs: 2, totals: { passed: 0, failed: 1, skipped: 0, interrupted: 0 }, endedAt: new Date(2) },
  ]);
  // As the runner reads a line: leading white space trimmed, then `::` starts a command; `##[` anywhere in it does.
  expect(text.split("\n").filter((l) => /^::/.test(l.trimStart()) || l.includes("##["))).toEqual([]);
  expect(text).toContain("    \u200B::error::from-the-service\n");
  expect(text).toContain("    \u00A0 \u200B::stop-commands::x\n");
  expect(text).toContain("    #\u200B#[error]old form\n");
  expect(text).toContain("    status #\u200B#[stop-commands]tok\n");
});

// Tests of the run record: what reports show for each step, including runs cut short.
import { expect, test } from "bun:test";
import type { RunEvent } from "../engine/events.ts";
import { STARTED, failedRun, interruptedRun } from "../../test/fixtures/report-runs.ts";
import { RunCollector, allStepViews, countTotals, runDuration, runStatus, totalsText } from "./run-record.ts";

function collect(events: RunEvent[]) {
  const c = new RunCollector();
  for (const e of events) c.onEvent(e);
  return c;
}

test.each([
  ["failed run", failedRun(), "failed", [["passed", undefined], ["passed", undefined], ["failed", undefined], ["skipped", "an earlier step failed"], ["passed", undefined]]],
  [
    "interrupted run",
    interruptedRun(),
    "interrupted",
    [["passed", undefined], ["skipped", "interrupted during attempt 2"], ["skipped", "not run (the run was interrupted)"], ["skipped", "not run (the run was interrupted)"], ["failed", undefined]],
  ],
  [
    "run that never ended, killed before its first attempt",
    [...interruptedRun().slice(0, 6)],
    "interrupted",
    [["passed", undefined], ["skipped", "interrupted while running"], ["skipped", "not run (the run was interrupted)"], ["skipped", "not run (the run was interrupted)"], ["skipped", "not run (the run was interrupted)"]],
  ],
] as const)("%s", (_, events, status, steps) => {
  const run = collect([...events]).current!;
  expect(runStatus(run)).toBe(status);
  expect(allStepViews(run).map((s) => [s.status, s.reason])).toEqual(steps.map((s) => [...s]));
});

test("info before the run start belongs to the run; a repeated key keeps its last value", () => {
  const run = collect([
    { type: "info", key: "engine", value: "old" },
    ...failedRun(),
    { type: "info", key: "engine", value: "new" },
  ]).current!;
  expect([...run.info]).toEqual([["compose engine", "docker compose 2.26.1"], ["bun", "1.4.5"], ["engine", "new"]]);
});

test("a second run-start begins a second run; steps unknown to the plan are still recorded", () => {
  const c = collect([...failedRun(), ...interruptedRun()]);
  expect(c.runs.map((r) => r.runId)).toEqual(["r1a2b", "r9z8y"]);
  c.onEvent({ type: "step-end", step: { index: 99, phase: "main", name: "late", kind: "sleep", tags: [] }, status: "passed", attempts: 1, durationMs: 1 });
  expect(c.current!.steps.at(-1)!.step.name).toBe("late");
});

test("totals and duration", () => {
  const run = collect(interruptedRun().slice(0, 5)).current!;
  expect(runDuration(run, new Date(STARTED.getTime() + 4200))).toBe(4200);
  expect(totalsText(countTotals(allStepViews(run)))).toBe("1 passed, 4 skipped");
  expect(totalsText({ passed: 0, failed: 0, skipped: 0, interrupted: 0 })).toBe("0 passed");
});

test("attempt-end completes the first record of its attempt number, or adds one when its start was not seen", () => {
  const step = { index: 0, phase: "main" as const, name: "s", kind: "http", tags: [] };
  const ended = (attempt: number, ok: boolean): RunEvent => ({ type: "attempt-end", step, attempt, ok, durationMs: attempt, result: { checks: [] } });
  const run = collect([
    { type: "run-start", scenario: "x", file: "x.yaml", runId: "r", startedAt: STARTED, steps: [step] },
    { type: "attempt-start", step, attempt: 1 },
    { type: "attempt-start", step, attempt: 2 },
    { type: "attempt-start", step, attempt: 2 },
    ended(2, false),
    ended(3, true),
  ]).current!;
  expect(run.steps[0]!.attempts.map((a) => [a.attempt, a.ok, a.durationMs])).toEqual([[1, undefined, undefined], [2, false, 2], [2, undefined, undefined], [3, true, 3]]);
  expect(run.steps[0]!.attemptCount).toBe(3);
});

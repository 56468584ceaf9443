// Fixed event sequences for the reporters' tests: a failed run and an interrupted one, with fixed clocks.
import type { RunEvent, StepInfo } from "../engine/events.ts";

export const STARTED = new Date("2026-11-22T01:51:30.250Z");
const at = (ms: number) => new Date(STARTED.getTime() + ms);

const server: StepInfo = { index: 0, phase: "main", name: "Start demo server", kind: "shell", tags: [] };
const health: StepInfo = { index: 1, phase: "main", name: "Health endpoint answers", kind: "http", service: "api", tags: ["US-001"] };
const logs: StepInfo = { index: 2, phase: "main", name: "API writes JSON logs", kind: "files", service: "api", tags: [] };
const loki: StepInfo = { index: 3, phase: "main", name: "Logs reach Loki", kind: "logql", service: "loki", tags: [] };
const down: StepInfo = { index: 4, phase: "teardown", name: "compose down", kind: "compose", tags: [] };
const PLAN = [server, health, logs, loki, down];

/** A run with a pass, a failure with checks after retries (plus diagnostics), a skipped step and teardown. */
export function failedRun(): RunEvent[] {
  return [
    { type: "info", key: "compose engine", value: "docker compose 2.26.1" },
    { type: "run-start", scenario: "Demo: logging pipeline", description: "Starts a tiny API and checks its logs.", file: "scenarios/demo.yaml", runId: "r1a2b", startedAt: STARTED, steps: PLAN },
    { type: "info", key: "bun", value: "1.4.5" },
    { type: "step-start", step: server },
    { type: "attempt-start", step: server, attempt: 1 },
    { type: "log", at: at(5), line: "$ bun demo/server.ts &" },
    { type: "attempt-end", step: server, attempt: 1, ok: true, durationMs: 12, result: { checks: [], summary: "started bun demo/server.ts (pid 4242)" } },
    { type: "step-end", step: server, status: "passed", attempts: 1, durationMs: 12, result: { checks: [], summary: "started bun demo/server.ts (pid 4242)" } },
    { type: "step-start", step: health },
    { type: "attempt-start", step: health, attempt: 1 },
    { type: "log", at: at(20), line: "GET http://127.0.0.1:8080/health" },
    { type: "attempt-end", step: health, attempt: 1, ok: true, durationMs: 4, result: { checks: [{ path: "status", expected: "== 200", actual: 200, ok: true }], observed: { status: 200, latency_ms: 4 }, summary: "GET http://127.0.0.1:8080/health → 200 in 4ms" } },
    { type: "step-end", step: health, status: "passed", attempts: 1, durationMs: 4, result: { checks: [{ path: "status", expected: "== 200", actual: 200, ok: true }], observed: { status: 200, latency_ms: 4 }, summary: "GET http://127.0.0.1:8080/health → 200 in 4ms" } },
    { type: "step-start", step: logs },
    { type: "attempt-start", step: logs, attempt: 1 },
    { type: "attempt-end", step: logs, attempt: 1, ok: false, durationMs: 3, result: { checks: [{ path: "count", expected: ">= 1", actual: 0, ok: false }], summary: "logs/api/*.jsonl matched 0 files" } },
    { type: "attempt-start", step: logs, attempt: 2 },
    { type: "attempt-end", step: logs, attempt: 2, ok: false, durationMs: 5, result: LOGS_RESULT },
    { type: "step-end", step: logs, status: "failed", attempts: 2, durationMs: 1510, result: LOGS_RESULT },
    { type: "diagnostics", step: logs, details: [{ title: "compose ps", body: "NAME   STATUS\napi    running" }, { title: "logs of api", body: "api  | ready\napi  | ```oops```" }] },
    { type: "step-end", step: loki, status: "skipped", attempts: 0, durationMs: 0, reason: "an earlier step failed" },
    { type: "step-start", step: down },
    { type: "attempt-start", step: down, attempt: 1 },
    { type: "attempt-end", step: down, attempt: 1, ok: true, durationMs: 800, result: { checks: [], summary: "docker compose down" } },
    { type: "step-end", step: down, status: "passed", attempts: 1, durationMs: 800, result: { checks: [], summary: "docker compose down" } },
    { type: "run-end", status: "failed", durationMs: 2345, totals: { passed: 3, failed: 1, skipped: 1 }, endedAt: at(2345) },
  ];
}

const LOGS_RESULT = {
  checks: [
    { path: "count", expected: ">= 1", actual: 2, ok: true },
    { path: "contains", expected: 'contains "level|error"', actual: `a | b \`tick\` ${"x".repeat(300)}`, ok: false },
    { path: "required_fields.message", expected: "exists", actual: undefined, ok: false },
  ],
  observed: { files: 2, bytes: 1234 },
  details: [{ title: "first lines of logs/api/app.jsonl", body: '{"level":"info","msg":"<ready> & \\"set\\""}\n{"level":"info"}' }],
  summary: "logs/api/*.jsonl matched 2 files (1.2 KiB)",
};

/** A run stopped by Ctrl-C during step 2 (attempt 3): step 3 never started; teardown still ran and failed. */
export function interruptedRun(): RunEvent[] {
  return [
    { type: "run-start", scenario: "Demo: logging pipeline", file: "scenarios/demo.yaml", runId: "r9z8y", startedAt: STARTED, steps: PLAN },
    { type: "step-start", step: server },
    { type: "attempt-start", step: server, attempt: 1 },
    { type: "attempt-end", step: server, attempt: 1, ok: true, durationMs: 10, result: { checks: [] } },
    { type: "step-end", step: server, status: "passed", attempts: 1, durationMs: 10, result: { checks: [] } },
    { type: "step-start", step: health },
    { type: "attempt-start", step: health, attempt: 1 },
    { type: "attempt-end", step: health, attempt: 1, ok: false, durationMs: 2, result: { checks: [], error: "connect ECONNREFUSED 127.0.0.1:8080" } },
    { type: "attempt-start", step: health, attempt: 2 },
    { type: "log", at: at(900), line: "interrupted: stopping" },
    { type: "step-start", step: down },
    { type: "attempt-start", step: down, attempt: 1 },
    { type: "attempt-end", step: down, attempt: 1, ok: false, durationMs: 30, result: { checks: [], error: "docker compose down exited 1:\nno such project\u0007" } },
    { type: "step-end", step: down, status: "failed", attempts: 1, durationMs: 30, result: { checks: [], error: "docker compose down exited 1:\nno such project\u0007" } },
    { type: "run-end", status: "interrupted", durationMs: 1000, totals: { passed: 1, failed: 1, skipped: 3 }, endedAt: at(1000) },
  ];
}

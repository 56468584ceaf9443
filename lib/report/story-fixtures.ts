// A fixed event sequence tagged by user story across services: failures in three stories, one step never reached.
import type { RunEvent, StepInfo } from "../engine/events.ts";
import type { StepResult } from "../core/step-result.ts";

export const STORY_STARTED = new Date("2026-11-29T23:00:00.000Z");
const at = (ms: number) => new Date(STORY_STARTED.getTime() + ms);

const up: StepInfo = { index: 0, phase: "main", name: "Serving file up", kind: "compose", tags: ["us-001"] };
const vllmLog: StepInfo = { index: 1, phase: "main", name: "vLLM writes a fresh log", kind: "files", service: "vllm", tags: ["us-001"] };
const models: StepInfo = { index: 2, phase: "main", name: "GET /v1/models", kind: "http", service: "vllm", tags: ["us-001"] };
const labels: StepInfo = { index: 3, phase: "main", name: "Loki has the service label", kind: "http", service: "loki", tags: ["us-002"] };
const vllmInLoki: StepInfo = { index: 4, phase: "main", name: "vLLM lines in Loki", kind: "logql", service: "vllm", tags: ["us-002", "us-003"] };
const grafana: StepInfo = { index: 5, phase: "main", name: "Grafana answers", kind: "http", service: "grafana", tags: ["us-003"] };
const down: StepInfo = { index: 6, phase: "teardown", name: "compose down", kind: "compose", tags: [] };
const PLAN = [up, vllmLog, models, labels, vllmInLoki, grafana, down];

const ok = (summary: string): StepResult => ({ checks: [], summary });
const NO_LOG: StepResult = {
  checks: [{ path: "count", expected: ">= 1", actual: 0, ok: false }],
  observed: { files: 0 },
  summary: "vllm/*.log matched 0 files",
};
const NO_LINES: StepResult = {
  checks: [{ path: "lines", expected: ">= 1", actual: 0, ok: false }],
  summary: '{service="vllm"} returned 0 lines',
};

function passed(step: StepInfo, ms: number, result: StepResult): RunEvent[] {
  return [
    { type: "step-start", step },
    { type: "attempt-start", step, attempt: 1 },
    { type: "attempt-end", step, attempt: 1, ok: true, durationMs: ms, result },
    { type: "step-end", step, status: "passed", attempts: 1, durationMs: ms, result },
  ];
}

/** us-001 fails on vLLM's log file (later steps go on), us-002 and us-003 fail on vLLM's lines in Loki, Grafana is never reached. */
export function storyRun(): RunEvent[] {
  return [
    { type: "run-start", scenario: "Full stack", file: "scenarios/full-stack.yaml", runId: "r5t0r", startedAt: STORY_STARTED, steps: PLAN },
    ...passed(up, 9000, ok("docker compose up --wait")),
    { type: "step-start", step: vllmLog },
    { type: "attempt-start", step: vllmLog, attempt: 1 },
    { type: "attempt-end", step: vllmLog, attempt: 1, ok: false, durationMs: 2, result: NO_LOG },
    { type: "step-end", step: vllmLog, status: "failed", attempts: 1, durationMs: 2, result: NO_LOG },
    { type: "diagnostics", step: vllmLog, details: [{ title: "logs of vllm", body: "INFO: Loading model weights took 0.1 GB" }] },
    ...passed(models, 5, { checks: [{ path: "status", expected: "== 200", actual: 200, ok: true }], summary: "GET /v1/models → 200" }),
    ...passed(labels, 3, ok("GET /loki/api/v1/labels → 200")),
    { type: "step-start", step: vllmInLoki },
    { type: "attempt-start", step: vllmInLoki, attempt: 1 },
    { type: "attempt-end", step: vllmInLoki, attempt: 1, ok: false, durationMs: 4, result: NO_LINES },
    { type: "step-end", step: vllmInLoki, status: "failed", attempts: 1, durationMs: 4, result: NO_LINES },
    { type: "step-end", step: grafana, status: "skipped", attempts: 0, durationMs: 0, reason: "an earlier step failed" },
    ...passed(down, 700, ok("docker compose down")),
    { type: "run-end", status: "failed", durationMs: 9800, totals: { passed: 4, failed: 2, skipped: 1 }, endedAt: at(9800) },
  ];
}

// A fixed run with HTTP samples, a repeated request and thresholds (one crossed), for the summary's tests in every reporter.
import type { RunEvent, StepInfo } from "../engine/events.ts";
import type { StepResult } from "../core/step-result.ts";
import { STARTED } from "./fixtures.ts";

const at = (ms: number) => new Date(STARTED.getTime() + ms);
const models: StepInfo = { index: 0, phase: "main", name: "List models", id: "models", kind: "http", service: "vllm", tags: ["us-001"] };
const burst: StepInfo = { index: 1, phase: "main", name: "Gateway burst", kind: "http", service: "api", tags: ["us-002"] };
const logs: StepInfo = { index: 2, phase: "main", name: "API logs", kind: "files", service: "api", tags: [] };

const ok = (path: string) => ({ path, expected: "== 200", actual: 200, ok: true });
const MODELS_FAIL: StepResult = { checks: [{ path: "status", expected: "== 200", actual: 503, ok: false }], http: [{ durationMs: 3, status: 503, sentBytes: 0, receivedBytes: 19 }] };
const MODELS_OK: StepResult = { checks: [ok("status")], http: [{ durationMs: 12, status: 200, sentBytes: 0, receivedBytes: 1000 }] };
const BURST: StepResult = {
  checks: [10, 20, 30, 40].map((_, i) => ok(`#${i + 1} status`)),
  http: [10, 20, 30, 400].map((durationMs) => ({ durationMs, status: 200, sentBytes: 100, receivedBytes: 2048 })),
  summary: "POST http://127.0.0.1:8080/chat ×4, 2 at once → 4 × 200, p(95) 346ms",
};
const LOGS: StepResult = { checks: [{ path: "count", expected: ">= 1", actual: 2, ok: true }] };

/** All steps pass; `http_req_duration{service:api} p(95)<300` is crossed, so the run fails. */
export function thresholdRun(): RunEvent[] {
  return [
    { type: "run-start", scenario: "Gateway smoke", file: "scenarios/smoke.yaml", runId: "r7k6", startedAt: STARTED, steps: [models, burst, logs] },
    { type: "step-start", step: models },
    { type: "attempt-start", step: models, attempt: 1 },
    { type: "attempt-end", step: models, attempt: 1, ok: false, durationMs: 3, result: MODELS_FAIL },
    { type: "attempt-start", step: models, attempt: 2 },
    { type: "attempt-end", step: models, attempt: 2, ok: true, durationMs: 12, result: MODELS_OK },
    { type: "step-end", step: models, status: "passed", attempts: 2, durationMs: 520, result: MODELS_OK },
    { type: "step-start", step: burst },
    { type: "attempt-start", step: burst, attempt: 1 },
    { type: "attempt-end", step: burst, attempt: 1, ok: true, durationMs: 450, result: BURST },
    { type: "step-end", step: burst, status: "passed", attempts: 1, durationMs: 450, result: BURST },
    { type: "step-start", step: logs },
    { type: "attempt-start", step: logs, attempt: 1 },
    { type: "attempt-end", step: logs, attempt: 1, ok: true, durationMs: 2, result: LOGS },
    { type: "step-end", step: logs, status: "passed", attempts: 1, durationMs: 2, result: LOGS },
    {
      type: "thresholds",
      results: [
        { key: "http_req_duration{service:api}", expression: "p(95)<300", metric: "http_req_duration", method: "p", p: 95, ok: false, observed: 344.5, samples: 4 },
        { key: "checks", expression: "rate>0.99", metric: "checks", method: "rate", ok: true, observed: 1, samples: 6 },
        { key: "http_reqs", expression: "count>=6", metric: "http_reqs", method: "count", ok: true, observed: 6, samples: 6 },
      ],
    },
    { type: "run-end", status: "failed", durationMs: 2000, totals: { passed: 3, failed: 0, skipped: 0 }, endedAt: at(2000) },
  ];
}

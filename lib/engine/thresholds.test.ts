// The engine checks `thresholds:` at the end of the run: a crossed one fails the run; every attempt's requests count, the deciding attempt's checks.
import { expect, test } from "bun:test";
import { z } from "zod";
import { runScenario } from "./run-scenario.ts";
import type { Scenario, StepSpec } from "./spec.ts";
import type { RunEvent } from "./events.ts";
import type { StepResult } from "../core/step-result.ts";
import type { Step } from "../steps/types.ts";
import { VarScope } from "../vars/scope.ts";
import { Masker } from "../vars/mask.ts";
import { parseThresholds } from "../metrics/thresholds.ts";

/** Attempt 1 fails with one slow request, attempt 2 passes with two fast ones. */
function flaky(): Step {
  const results: StepResult[] = [
    { checks: [{ path: "status", expected: "== 200", actual: 500, ok: false }], http: [{ durationMs: 900, status: 500, sentBytes: 0, receivedBytes: 5 }] },
    { checks: [{ path: "status", expected: "== 200", actual: 200, ok: true }, { path: "body", expected: "ok", actual: "ok", ok: true }],
      http: [{ durationMs: 10, status: 200, sentBytes: 0, receivedBytes: 2 }, { durationMs: 20, status: 200, sentBytes: 0, receivedBytes: 2 }] },
  ];
  let i = 0;
  return { kind: "http", checks: true, schema: z.object({}), describe: () => "GET", run: async () => results[Math.min(i++, 1)]! };
}

async function run(thresholds: Record<string, string[]>) {
  const impl = flaky();
  const spec: StepSpec = { index: 0, phase: "main", kind: "http", impl, name: "api", service: "api", tags: [], retries: 1, continueOnFailure: false, always: false, setup: false, input: {}, staticInput: {} };
  const parsed = parseThresholds(thresholds);
  expect(parsed.errors).toEqual([]);
  const scenario: Scenario = {
    file: "t.yaml", dir: "/tmp", name: "t", vars: {}, secrets: [], defaults: { timeoutMs: 5000, intervalMs: 1 }, steps: [spec], teardown: [], thresholds: parsed.thresholds,
  };
  const events: RunEvent[] = [];
  const outcome = await runScenario({
    scenario, scope: new VarScope({ cli: {}, envFile: {}, env: {}, vars: {}, builtins: {} }), masker: new Masker(), runId: "r1", startedAt: new Date(),
    emit: (e) => events.push(e), interrupt: new AbortController().signal,
  });
  const types = events.map((e) => e.type);
  const results = events.flatMap((e) => (e.type === "thresholds" ? e.results : []));
  return { outcome, types, results };
}

test("thresholds that hold keep a passing run passing; the results come just before run-end", async () => {
  const { outcome, types, results } = await run({ "http_reqs{service:api}": ["count==3"], checks: ["rate==1"] });
  expect(outcome.status).toBe("passed");
  expect(types.slice(-2)).toEqual(["thresholds", "run-end"]);
  expect(results.map((r) => [r.key, r.expression, r.ok, r.observed, r.samples])).toEqual([
    ["http_reqs{service:api}", "count==3", true, 3, 3],
    ["checks", "rate==1", true, 1, 2],
  ]);
});

test("a crossed threshold fails a run whose steps all passed, with the observed value", async () => {
  const { outcome, results } = await run({ http_req_duration: ["p(95)<500", "med<=20"] });
  expect(outcome.status).toBe("failed");
  expect(outcome.totals).toEqual({ passed: 1, failed: 0, skipped: 0, interrupted: 0 });
  expect(results.map((r) => [r.expression, r.ok])).toEqual([["p(95)<500", false], ["med<=20", true]]);
  expect(results[0]!.observed).toBeCloseTo(812, 9); // 20 + (900 - 20) · 0.9: k6's interpolation over 10, 20, 900
  expect(results[1]!.observed).toBe(20);
});

test("without thresholds there is no thresholds event", async () => {
  const { outcome, types } = await run({});
  expect(outcome.status).toBe("passed");
  expect(types).not.toContain("thresholds");
});

test("a step stopped by an interrupt adds its requests but not the checks of its cut attempt", async () => {
  const ctl = new AbortController();
  const impl: Step = {
    kind: "http", checks: true, schema: z.object({}), describe: () => "GET",
    run: async () => {
      ctl.abort();
      return { checks: [{ path: "status", expected: "== 200", actual: undefined, ok: false }], http: [{ durationMs: 7, status: 200, sentBytes: 0, receivedBytes: 2 }] };
    },
  };
  const spec: StepSpec = { index: 0, phase: "main", kind: "http", impl, name: "api", tags: [], continueOnFailure: false, always: false, setup: false, input: {}, staticInput: {} };
  const parsed = parseThresholds({ checks: ["rate==1"], http_reqs: ["count==1"] });
  const scenario: Scenario = {
    file: "t.yaml", dir: "/tmp", name: "t", vars: {}, secrets: [], defaults: { timeoutMs: 5000, intervalMs: 1 }, steps: [spec], teardown: [], thresholds: parsed.thresholds,
  };
  const events: RunEvent[] = [];
  const outcome = await runScenario({
    scenario, scope: new VarScope({ cli: {}, envFile: {}, env: {}, vars: {}, builtins: {} }), masker: new Masker(), runId: "r1", startedAt: new Date(),
    emit: (e) => events.push(e), interrupt: ctl.signal,
  });
  expect(outcome).toEqual({ status: "interrupted", totals: { passed: 0, failed: 0, skipped: 0, interrupted: 1 }, kept: [], stopped: [], ended: [], unremoved: [] });
  const results = events.flatMap((e) => (e.type === "thresholds" ? e.results : []));
  expect(results.map((r) => [r.key, r.ok, r.samples])).toEqual([["checks", false, 0], ["http_reqs", true, 1]]);
});

test("{step:NAME} names a step by its name as written: a name with a variable is still matched once the variable is filled in", async () => {
  const impl = flaky();
  const spec: StepSpec = { index: 0, phase: "main", kind: "http", impl, name: "health ${ENV}", tags: [], retries: 1, continueOnFailure: false, always: false, setup: false, input: {}, staticInput: {} };
  const parsed = parseThresholds({ "http_reqs{step:health ${ENV}}": ["count==3"] });
  const scenario: Scenario = {
    file: "t.yaml", dir: "/tmp", name: "t", vars: {}, secrets: [], defaults: { timeoutMs: 5000, intervalMs: 1 }, steps: [spec], teardown: [], thresholds: parsed.thresholds,
  };
  const events: RunEvent[] = [];
  const outcome = await runScenario({
    scenario, scope: new VarScope({ cli: {}, envFile: {}, env: {}, vars: { ENV: "prod" }, builtins: {} }), masker: new Masker(), runId: "r1", startedAt: new Date(),
    emit: (e) => events.push(e), interrupt: new AbortController().signal,
  });
  expect(events.flatMap((e) => (e.type === "step-end" ? [e.step.name] : []))).toEqual(["health prod"]);
  const results = events.flatMap((e) => (e.type === "thresholds" ? e.results : []));
  expect(results.map((r) => [r.key, r.ok, r.observed, r.samples])).toEqual([["http_reqs{step:health ${ENV}}", true, 3, 3]]);
  expect(outcome.status).toBe("passed");
});

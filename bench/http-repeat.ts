// Benchmark: one http step with `repeat` at several concurrencies against a local server, and the summary/thresholds over many samples.
// Run: npx bun bench/http-repeat.ts [--repeat N]. Prints requests per second and the time to summarize and evaluate.
import { step as httpStep } from "../lib/steps/http.ts";
import { testContext } from "../test/helpers/context.ts";
import { summarize } from "../lib/metrics/summary.ts";
import { evaluateThresholds } from "../lib/metrics/evaluate-thresholds.ts";
import { parseThresholds } from "../lib/metrics/thresholds.ts";
import type { StepMetrics } from "../lib/metrics/aggregate.ts";
import { numberOption } from "./measure.ts";

const repeat = numberOption("--repeat", 2000);
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ ok: true }) });
const url = `http://127.0.0.1:${server.port}/`;

for (const concurrency of [1, 10, 50]) {
  const input = httpStep.schema.parse({ url, repeat, concurrency, expect: { status: 200, json: { "$.ok": true } } });
  const t0 = performance.now();
  const r = await httpStep.run(input, testContext());
  const ms = performance.now() - t0;
  const failed = r.checks.filter((c) => !c.ok).length;
  console.log(`repeat ${repeat}, concurrency ${concurrency}: ${ms.toFixed(0)} ms, ${(repeat / (ms / 1000)).toFixed(0)} req/s, ${r.checks.length} checks (${failed} failed)`);
}
server.stop(true);

const samples = 100_000;
const steps: StepMetrics[] = Array.from({ length: 100 }, (_, i) => ({
  step: { index: i, phase: "main", name: `s${i}`, kind: "http", service: `svc${i % 10}`, tags: [`t${i % 5}`] },
  status: "passed",
  attempts: 1,
  requests: Array.from({ length: samples / 100 }, (_, j) => ({ durationMs: (i * 7 + j * 13) % 500, status: 200, sentBytes: 10, receivedBytes: 100 })),
  checks: { passed: 10, failed: 0 },
}));
const { thresholds } = parseThresholds({ http_req_duration: ["p(95)<500", "avg<300"], "http_req_duration{service:svc3}": ["p(99)<499"], "checks{tag:t1}": ["rate==1"] });
const t1 = performance.now();
const summary = summarize(steps, 60_000);
const t2 = performance.now();
const results = evaluateThresholds(thresholds, steps, 60_000);
const t3 = performance.now();
console.log(`summary of ${samples} samples in 100 steps, 10 services: ${(t2 - t1).toFixed(1)} ms (p95 ${summary.total.http_req_duration!.p95.toFixed(1)} ms)`);
console.log(`${results.length} thresholds over them: ${(t3 - t2).toFixed(1)} ms`);

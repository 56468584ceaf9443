// Table-driven tests of threshold evaluation over step metrics: every metric and method, selectors, no samples.
import { describe, expect, test } from "bun:test";
import { evaluateThresholds } from "./evaluate-thresholds.ts";
import { parseThresholds } from "./thresholds.ts";
import type { StepMetrics } from "./aggregate.ts";
import type { HttpSample } from "../core/step-result.ts";
import { percentile, trendStats } from "../util/trend.ts";

const req = (durationMs: number, status: number | null = 200, sentBytes = 10, receivedBytes = 100): HttpSample =>
  ({ durationMs, ...(status === null ? {} : { status }), sentBytes, receivedBytes });

const STEPS: StepMetrics[] = [
  { step: { index: 0, phase: "main", name: "models", id: "models", kind: "http", service: "vllm", tags: ["us-001"] }, status: "passed", attempts: 1,
    requests: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((d) => req(d)), checks: { passed: 20, failed: 0 } },
  { step: { index: 1, phase: "main", name: "chat", kind: "http", service: "api", tags: ["us-002"] }, writtenName: "chat", status: "failed", attempts: 2,
    requests: [req(500, 500), req(5, null, 10, 0)], checks: { passed: 1, failed: 1 } },
  { step: { index: 2, phase: "main", name: "logs", kind: "files", service: "api", tags: ["us-002"] }, writtenName: "logs", status: "passed", attempts: 1, requests: [], checks: { passed: 2, failed: 0 } },
];

function run(key: string, expression: string, durationMs = 10_000) {
  const { thresholds, errors } = parseThresholds({ [key]: [expression] });
  expect(errors).toEqual([]);
  const [r] = evaluateThresholds(thresholds, STEPS, durationMs);
  return { ok: r!.ok, observed: r!.observed, samples: r!.samples };
}

describe("evaluateThresholds", () => {
  test.each([
    ["http_req_duration", "max<=500", true, 500, 12],
    ["http_req_duration", "min<5", false, 5, 12],
    ["http_req_duration{service:vllm}", "avg==55", true, 55, 10],
    ["http_req_duration{service:vllm}", "med==55", true, 55, 10],
    ["http_req_duration{service:vllm}", "p(90)==91", true, 91, 10],
    ["http_req_duration{service:vllm}", "p(95)<95", false, 95.5, 10],
    ["http_req_duration{step:models}", "p(100)==100", true, 100, 10],
    ["http_req_duration{tag:us-002}", "max<100", false, 500, 2],
    ["http_reqs", "count>=12", true, 12, 12],
    ["http_reqs", "count>12", false, 12, 12],
    ["http_reqs", "rate==1.2", true, 1.2, 12],
    ["http_reqs", "count!=12", false, 12, 12],
    ["http_reqs", "count!=11", true, 12, 12],
    ["http_req_failed", "rate<0.2", true, 2 / 12, 12],
    ["http_req_failed{service:api}", "rate==1", true, 1, 2],
    ["checks", "rate>0.95", true, 23 / 24, 24],
    ["checks{service:api}", "rate==1", false, 3 / 4, 4],
    ["checks{tag:us-001}", "rate==1", true, 1, 20],
    ["checks{service:api,tag:us-002}", "rate>0.7", true, 3 / 4, 4],
    ["data_sent", "count==120", true, 120, 12],
    ["data_received{service:api}", "count==100", true, 100, 2],
  ] as const)("%s %s", (key, expression, ok, observed, samples) => {
    const r = run(key, expression);
    expect(r.ok).toBe(ok);
    expect(r.observed).toBeCloseTo(observed, 9);
    expect(r.samples).toBe(samples);
  });

  test.each([
    ["http_req_duration{service:nothing}", "p(95)<1"],
    ["checks{service:nothing}", "rate>=0"],
    ["http_reqs{step:logs}", "count>=0"],
    ["http_req_failed{step:logs}", "rate<=1"],
  ])("%s %s fails: a metric without samples checked nothing", (key, expression) => {
    expect(run(key, expression)).toEqual({ ok: false, observed: undefined, samples: 0 });
  });

  test("{step:NAME} takes the steps named so as written, not a step without a name whose name in reports is NAME", () => {
    // An unnamed step shows as "GET http://…/?ms=1 ×40": a fast one so made `p(95)<300` of a slow step named so pass.
    const unnamed: StepMetrics = { step: { index: 3, phase: "main", name: "GET /fast", kind: "http", tags: [] }, status: "passed", attempts: 1, requests: [req(1), req(1), req(1)], checks: { passed: 3, failed: 0 } };
    const named: StepMetrics = { step: { index: 4, phase: "main", name: "GET /fast", kind: "http", tags: [] }, writtenName: "GET /fast", status: "passed", attempts: 1, requests: [req(450)], checks: { passed: 1, failed: 0 } };
    const { thresholds } = parseThresholds({ "http_req_duration{step:GET /fast}": ["p(95)<300"] });
    const [r] = evaluateThresholds(thresholds, [unnamed, named], 1000);
    expect([r!.ok, r!.observed, r!.samples]).toEqual([false, 450, 1]);
  });
});

describe("thresholds over requests whose body was cut", () => {
  // Their durations and bytes received are to the cut: lower bounds of the true ones.
  const cut: HttpSample = { ...req(100, 200, 10, 10 * 1024 * 1024), bodyCut: true };
  const steps: StepMetrics[] = [{ ...STEPS[0]!, requests: [req(10), req(20), cut] }];
  const verdict = (key: string, expression: string) => {
    const { thresholds } = parseThresholds({ [key]: [expression] });
    const [r] = evaluateThresholds(thresholds, steps, 10_000);
    return { ok: r!.ok, undecided: r!.undecided };
  };
  const why = "1 response's body was cut at the http step's 10 MiB bound and not read to the end";
  test.each([
    // A pass of an upper bound, or of equality, could be a failure on the true values: not known.
    ["http_req_duration", "max<1000", false, why],
    ["http_req_duration", "p(95)<=5000", false, why],
    ["http_req_duration", "avg==50", false, why],
    ["http_req_duration", "avg==43.33", false, undefined],
    ["http_req_duration", "avg!=43.33", true, undefined],
    // Exact where the cut request cannot move the value: the fastest, the median of three whose slowest was cut.
    ["http_req_duration", "min<15", true, undefined],
    ["http_req_duration", "med<1000", true, undefined],
    ["http_req_duration", "p(50)>=20", true, undefined],
    ["data_received", "count<100000000", false, why],
    // A lower bound that holds holds on the true values; an upper bound that fails fails on them.
    ["http_req_duration", "max>50", true, undefined],
    ["http_req_duration", "min>=10", true, undefined],
    ["http_req_duration", "max<100", false, undefined],
    ["data_received", "count>1000", true, undefined],
    // What the cut does not touch: counts of requests, failures, data sent, checks.
    ["http_reqs", "count<10", true, undefined],
    ["http_req_failed", "rate<0.5", true, undefined],
    ["data_sent", "count<1000", true, undefined],
    // Reading the rest would have made the run longer: a rate of bytes received could be higher or lower (more bytes,
    // more time), one of requests or bytes sent only lower.
    ["data_received", "rate>1", false, why],
    ["data_received", "rate<1e12", false, why],
    ["http_reqs", "rate<100", true, undefined],
    ["http_reqs", "rate>0.01", false, why],
    ["data_sent", "rate>=100", false, undefined],
  ])("%s %s: ok %p, undecided %p", (key, expression, ok, undecided) => {
    expect(verdict(key, expression)).toEqual({ ok, undecided });
  });
});

describe("trend", () => {
  test.each([
    [[1], 95, 1],
    [[1, 2], 50, 1.5],
    [[1, 2, 3, 4, 5], 95, 4.8],
    [[1, 2, 3, 4, 5], 0, 1],
    [[1, 2, 3, 4, 5], 100, 5],
  ])("percentile(%j, %d) = %d (k6's interpolation)", (values, p, want) => {
    expect(percentile(values, p)).toBeCloseTo(want, 9);
  });

  test("trendStats of nothing is undefined", () => {
    expect(trendStats([])).toBeUndefined();
    expect(trendStats([3, 5])).toEqual({ count: 2, avg: 4, min: 3, med: 4, max: 5, p90: 4.8, p95: 4.9 });
  });
});

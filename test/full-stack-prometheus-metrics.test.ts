// full-stack.yaml's step on each Prometheus job's own series, run as written against a stand-in Prometheus answering
// `count by (job)` of the series other than up and scrape_*: a job that is up but collects nothing of its own (vLLM's job
// scraping /health, which answers 200 with an empty body) must turn it red.
import { afterAll, describe, expect, test } from "bun:test";
import { fullStackStep, passesWith } from "./helpers/full-stack-step.ts";
import { standInPrometheus } from "./helpers/prometheus.ts";

const STEP = "Prometheus collects each job's own metrics, not only up";
const JOBS = ["prometheus", "vllm", "fastapi", "mlflow", "loki", "alloy", "grafana"];

/** The step from full-stack.yaml with its variables, unchanged but for its wait (the stand-in's answer does not change). */
const scenario = (): object => fullStackStep(STEP, "prometheus-metrics", true);

let counts: Record<string, number> = {};
const queries: string[] = [];
const server = standInPrometheus((query) => {
  queries.push(query);
  return Object.entries(counts).map(([job, n]) => ({ metric: { job }, value: String(n) }));
});
afterAll(() => server.stop());

async function passes(answer: Record<string, number>): Promise<boolean> {
  counts = answer;
  return passesWith(scenario(), "prometheus-metrics-", "PROM_URL", server.url);
}

const every = () => Object.fromEntries(JOBS.map((job, i) => [job, 10 + i]));

describe("full-stack.yaml: Prometheus collects each job's own metrics", () => {
  test("every job with series of its own passes; the query leaves up and scrape_* out and names every job", async () => {
    expect(await passes(every())).toBe(true);
    const query = queries.at(-1)!;
    expect(query).toContain('__name__!~"up|scrape_.+"');
    for (const job of JOBS) expect(query).toMatch(new RegExp(`job=~"[^"]*\\b${job}\\b`));
  });

  test("vLLM's job with no series but up and scrape_* (it scrapes /health) fails", async () => {
    const { vllm: _, ...rest } = every();
    expect(await passes(rest)).toBe(false);
  });
});

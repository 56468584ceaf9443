// full-stack.yaml's Prometheus step, run as written against a stand-in Prometheus answering `up`: a job scraping
// another service's address (up == 1, its own service unwatched) or a target down must turn it red.
import { afterAll, describe, expect, test } from "bun:test";
import { fullStackStep, passesWith } from "./helpers/full-stack-step.ts";
import { standInPrometheus } from "./helpers/prometheus.ts";

const STEP = "Prometheus scrapes every job (up == 1)";

/** The step from full-stack.yaml with its variables, unchanged but for its wait (the stand-in's answer does not change). */
const scenario = (): object => fullStackStep(STEP, "prometheus", true);

/** The targets of compose/monitoring/prometheus/prometheus.yml, by job. */
const TARGETS: Record<string, string> = {
  prometheus: "localhost:9090",
  vllm: "vllm:8000",
  fastapi: "fastapi:8080",
  mlflow: "mlflow:5000",
  loki: "loki:3100",
  alloy: "alloy:12345",
  grafana: "grafana:3000",
};
let up: { job: string; instance: string; value: string }[] = [];

const server = standInPrometheus(() => up.map((u) => ({ metric: { __name__: "up", job: u.job, instance: u.instance }, value: u.value })));
afterAll(() => server.stop());

async function passes(answer: typeof up): Promise<boolean> {
  up = answer;
  return passesWith(scenario(), "prometheus-", "PROM_URL", server.url);
}

const every = () => Object.entries(TARGETS).map(([job, instance]) => ({ job, instance, value: "1" }));

describe("full-stack.yaml: Prometheus scrapes every job, each at its own service", () => {
  test("every job up at its own target passes", async () => {
    expect(await passes(every())).toBe(true);
  });

  test("mlflow's job pointed at vLLM's address (up == 1) fails", async () => {
    expect(await passes(every().map((u) => (u.job === "mlflow" ? { ...u, instance: "vllm:8000" } : u)))).toBe(false);
  });

  test("a target down fails", async () => {
    expect(await passes(every().map((u) => (u.job === "loki" ? { ...u, value: "0" } : u)))).toBe(false);
  });
});

// Tests of the Prometheus client against a real Prometheus scraping a local /metrics endpoint.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { promClient } from "./client.ts";
import { describeWithPrometheus, START_TIMEOUT_MS, startDemoPrometheus, type RunningPrometheus } from "../../test/helpers/prometheus.ts";

describeWithPrometheus("Prometheus client against a real Prometheus", () => {
  let prom: RunningPrometheus;

  beforeAll(async () => {
    prom = await startDemoPrometheus("demo_up");
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await prom?.stop();
  });

  test("ready", async () => {
    expect(await promClient({ url: prom.url }).ready()).toContain("Ready");
  });

  test("an instant query returns a vector with the scraped values", async () => {
    const r = await promClient({ url: prom.url }).query("sum by (service) (demo_requests_total)", { timeMs: Date.now() });
    expect(r.type).toBe("vector");
    if (r.type !== "vector") return;
    const byService = Object.fromEntries(r.samples.map((s) => [s.labels.service, s.value]));
    expect(byService).toEqual({ api: 200, vllm: 20 });
  });

  test("a scalar expression returns a scalar", async () => {
    const r = await promClient({ url: prom.url }).query("2 * 3", { timeMs: 1_700_000_000_000 });
    expect(r).toEqual({ type: "scalar", tsMs: 1_700_000_000_000, value: 6 });
  });

  test("a range query returns a matrix whose points fall on the steps", async () => {
    const end = Date.now();
    const r = await promClient({ url: prom.url }).queryRange("demo_up", { startMs: end - 10_000, endMs: end, stepMs: 1000 });
    expect(r.type).toBe("matrix");
    if (r.type !== "matrix") return;
    expect(r.series).toHaveLength(1);
    expect(r.series[0]!.labels).toMatchObject({ __name__: "demo_up", job: prom.job });
    expect(r.series[0]!.points.length).toBeGreaterThan(0);
    for (const p of r.series[0]!.points) {
      expect(p.value).toBe(1);
      expect((end - p.tsMs) % 1000).toBe(0);
    }
  });

  test("a bad query surfaces Prometheus's error body", async () => {
    const err = await promClient({ url: prom.url }).query("sum(").then(() => undefined, (e: Error) => e);
    expect(err?.name).toBe("ApiError");
    expect(err?.message).toStartWith(`Prometheus at ${prom.url} refused the query (400 Bad Request): bad_data: `);
    expect(err?.message).toContain("parse error");
  });

  test("an unknown API path is a 404 error", async () => {
    const err = await promClient({ url: `${prom.url}/nope` }).query("up").then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain("answered 404 Not Found");
  });
});

// A query the server refuses (Loki's 400, Prometheus's 400 bad_data) fails its step at once; the answers of a moment (429, 5xx, 422) are asked again.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../cli.ts";
import { lokiFixture } from "../../../test/helpers/loki-fixtures.ts";

/** Each query names the answer the fake server gives it; the server counts the requests per query. */
const ANSWERS: Record<string, () => Promise<Response>> = {
  // Loki 3.4.6's own answers (plain text), recorded in test/fixtures/loki.
  "loki-parse": async () => new Response(await lokiFixture("parse_error_400.txt"), { status: 400 }),
  "loki-pipeline": async () => new Response(await lokiFixture("pipeline_error_400.txt"), { status: 400 }),
  "loki-429": async () => new Response("too many outstanding requests", { status: 429 }),
  "loki-500": async () => new Response("rpc error: code = Unavailable", { status: 500 }),
  "loki-503": async () => new Response("Ingester not ready", { status: 503 }),
  "loki-504": async () => new Response("request timed out, decrease the duration of the request", { status: 504 }),
  // Prometheus's envelope: 400 bad_data for what it cannot read, 422 execution and 503 timeout for one evaluation.
  "prom-bad-data": async () => Response.json({ status: "error", errorType: "bad_data", error: 'invalid parameter "query": 1:17: parse error: unexpected <by> in aggregation' }, { status: 400 }),
  "prom-422": async () => Response.json({ status: "error", errorType: "execution", error: "found duplicate series for the match group" }, { status: 422 }),
  "prom-503": async () => Response.json({ status: "error", errorType: "timeout", error: "query timed out in expression evaluation" }, { status: 503 }),
  "prom-400-other": async () => new Response("400 Bad Request", { status: 400 }),
};

describe("a refused query is final, a failure of the moment is retried", () => {
  const asked = new Map<string, number>();
  let server: ReturnType<typeof Bun.serve>;
  let dir = "";
  beforeAll(async () => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req) {
        const q = new URL(req.url).searchParams.get("query") ?? "";
        const key = /"([a-z0-9-]+)"/.exec(q)?.[1] ?? "";
        asked.set(key, (asked.get(key) ?? 0) + 1);
        return ANSWERS[key]?.() ?? new Response("no such answer", { status: 404 });
      },
    });
    dir = await mkdtemp(join(tmpdir(), "scenario-refused-"));
  });
  afterAll(async () => {
    server.stop(true);
    await rm(dir, { recursive: true, force: true });
  });

  const runScenario = async (kind: "logql" | "promql", key: string) => {
    const url = `http://127.0.0.1:${server.port}`;
    const query = kind === "logql" ? `sum(count_over_time({k="${key}"}[5m]))` : `up{k="${key}"}`;
    const yaml = ["name: refused", "defaults: { interval: 1ms }", "steps:", `  - name: ${key}`, "    retries: 3", `    ${kind}:`, `      url: ${url}`, `      query: '${query}'`, ""].join("\n");
    const file = join(dir, `${key}.yaml`);
    await writeFile(file, yaml);
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, cwd: dir, env: {}, handleSignals: false };
    const reports = join(dir, `reports-${key}`);
    const code = await main(["run", file, "--report", "json", "--report-dir", reports, "--no-color"], io);
    if (code === 2) throw new Error(out.join(""));
    const report = JSON.parse(await Bun.file(join(reports, "latest.json")).text()) as { steps: { attemptCount: number; error?: string }[] };
    return { code, out: out.join(""), step: report.steps[0]! };
  };

  const cases: [kind: "logql" | "promql", key: string, requests: number, error: string][] = [
    ["logql", "loki-parse", 1, "refused the query (400 Bad Request): parse error at line 1, col 15: syntax error: unexpected $end, expecting } or ,"],
    ["logql", "loki-pipeline", 1, "refused the query (400 Bad Request): pipeline error: "],
    ["logql", "loki-429", 4, "answered 429 Too Many Requests: too many outstanding requests"],
    ["logql", "loki-500", 4, "answered 500 Internal Server Error: "],
    ["logql", "loki-503", 4, "answered 503 Service Unavailable: Ingester not ready"],
    ["logql", "loki-504", 4, "answered 504 Gateway Timeout: request timed out"],
    ["promql", "prom-bad-data", 1, 'refused the query (400 Bad Request): bad_data: invalid parameter "query": 1:17: parse error: unexpected <by> in aggregation'],
    ["promql", "prom-422", 4, "answered 422 Unprocessable Entity: execution: found duplicate series"],
    ["promql", "prom-503", 4, "answered 503 Service Unavailable: timeout: query timed out"],
    // A 400 without Prometheus's bad_data (a proxy's, say) is not known to be the query's: asked again.
    ["promql", "prom-400-other", 4, "answered 400 Bad Request: 400 Bad Request"],
  ];
  for (const [kind, key, requests, error] of cases) {
    test(`${kind} ${key}: ${requests === 1 ? "failed at once" : `asked ${requests} times`}`, async () => {
      const { code, step } = await runScenario(kind, key);
      expect(code).toBe(1);
      expect(asked.get(key)).toBe(requests);
      expect(step.attemptCount).toBe(requests);
      expect(step.error).toContain(error);
    });
  }
});

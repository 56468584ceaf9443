// Test helper: runs a real Prometheus on 127.0.0.1 (random port, temp storage) scraping a local /metrics endpoint.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exec, type ExecResult } from "../../lib/util/exec.ts";
import { promClient } from "../../lib/prom/client.ts";
import { freePort } from "./ports.ts";
import { pollUntil } from "./poll.ts";
import { describeRequiring } from "./requires.ts";

/** Why Prometheus tests cannot run here, or undefined when the binary is installed. */
export function prometheusMissing(): string | undefined {
  return Bun.which("prometheus") ? undefined : "the prometheus binary is not installed (scripts/setup-prometheus.sh installs it)";
}

export interface RunningPrometheus {
  url: string;
  /** The scraped endpoint's job label. */
  job: string;
  /** The scraped endpoint (host:port): its series carry it as `instance`. */
  target: string;
  stop(): Promise<void>;
}

/** The tests' beforeAll timeout for starting Prometheus. */
export const START_TIMEOUT_MS = 90_000;
/** Starting gives up (stopping what it started) this long before the hook would time out and leave Prometheus running. */
const START_BUDGET_MS = START_TIMEOUT_MS - 15_000;


/**
 * Starts Prometheus scraping `target` (host:port serving /metrics) every second, waits until it is ready and
 * `readyQuery` returns a sample, and returns its URL. stop() ends its process group and removes its storage.
 * Gives up within START_BUDGET_MS, with nothing left running.
 */
export async function startPrometheus(target: string, readyQuery: string): Promise<RunningPrometheus> {
  const dir = await mkdtemp(join(tmpdir(), "scenario-prom-"));
  const job = "scenario-test";
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  evaluation_interval: 1s",
    "scrape_configs:",
    `  - job_name: ${job}`,
    "    static_configs:",
    `      - targets: ["${target}"]`,
    "",
  ].join("\n");
  await writeFile(join(dir, "prometheus.yml"), config);
  const deadline = Date.now() + START_BUDGET_MS;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3 && Date.now() < deadline; attempt++) {
    const port = freePort();
    const url = `http://127.0.0.1:${port}`;
    const abort = new AbortController();
    let output = "";
    let done: ExecResult | undefined;
    const run = exec(
      [
        "prometheus",
        `--config.file=${join(dir, "prometheus.yml")}`,
        `--storage.tsdb.path=${join(dir, `data-${attempt}`)}`,
        `--web.listen-address=127.0.0.1:${port}`,
        "--log.level=warn",
      ],
      { signal: abort.signal, maxOutput: 64 * 1024, onOutput: (_s, text) => void (output = (output + text).slice(-4000)) },
    ).then((r) => (done = r));
    const stop = async () => {
      abort.abort();
      await run;
      await rm(dir, { recursive: true, force: true });
    };
    try {
      const client = promClient({ url, timeoutMs: 2000 });
      const exited = () => (done === undefined ? undefined : "prometheus exited");
      await pollUntil("prometheus did not get ready", async () => (await client.ready()).length > 0, deadline, exited, 100);
      await pollUntil(`prometheus did not scrape ${target}`, async () => {
        const r = await client.query(readyQuery);
        return r.type === "vector" && r.samples.length > 0;
      }, deadline, exited, 100);
      return { url, job, target, stop };
    } catch (e) {
      lastError = new Error(`${(e as Error).message}\n${output}`);
      abort.abort();
      await run;
    }
  }
  await rm(dir, { recursive: true, force: true });
  throw lastError;
}

/** The metrics the Prometheus tests scrape: a counter per service and a gauge. */
export const DEMO_METRICS = [
  "# TYPE demo_requests_total counter",
  'demo_requests_total{service="api"} 200',
  'demo_requests_total{service="vllm"} 20',
  "# TYPE demo_up gauge",
  "demo_up 1",
  "",
].join("\n");

/** Serves DEMO_METRICS on 127.0.0.1 and starts a Prometheus scraping it; stop() ends both. */
export async function startDemoPrometheus(readyQuery = "demo_up"): Promise<RunningPrometheus> {
  const metrics = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: () => new Response(DEMO_METRICS, { headers: { "content-type": "text/plain; version=0.0.4" } }),
  });
  try {
    const prom = await startPrometheus(`127.0.0.1:${metrics.port}`, readyQuery);
    return { ...prom, stop: async () => { await prom.stop(); metrics.stop(true); } };
  } catch (e) {
    metrics.stop(true);
    throw e;
  }
}

/** A describe() that needs the prometheus binary: without it, a failing test in CI and a skip that says why elsewhere. */
export function describeWithPrometheus(title: string, body: () => void): void {
  describeRequiring(title, "the prometheus binary", prometheusMissing(), body);
}

/** A sample a stand-in Prometheus answers: its labels and its value as Prometheus writes it (a string). */
export interface StandInSample {
  metric: Record<string, string>;
  value: string;
}

/**
 * A stand-in Prometheus on 127.0.0.1 that answers each instant query (`/api/v1/query`) with the samples `answer` gives
 * for its query text, at the time asked; any other path is 404.
 */
export function standInPrometheus(answer: (query: string) => StandInSample[]): { url: string; stop(): void } {
  const server = Bun.serve({
    port: 0,
    hostname: "127.0.0.1",
    fetch(req) {
      const url = new URL(req.url);
      if (url.pathname !== "/api/v1/query") return new Response("not found", { status: 404 });
      const t = Number(url.searchParams.get("time") ?? Date.now() / 1000);
      const result = answer(url.searchParams.get("query") ?? "").map((s) => ({ metric: s.metric, value: [t, s.value] }));
      return Response.json({ status: "success", data: { resultType: "vector", result } });
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, stop: () => server.stop(true) };
}

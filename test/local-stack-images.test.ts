// The local stand-in stack's images (scripts/setup-local-stack.sh): each FAULT breaks its one thing, and an unknown FAULT stops every stand-in.
import { afterAll, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO, waitFor, tempDir } from "./helpers/cli.ts";
import { describeRequiring } from "./helpers/requires.ts";
import { exec } from "../lib/util/exec.ts";

const STAND_INS = ["vllm", "fastapi", "mlflow", "grafana", "promtail", "loki"] as const;
const IMAGES = [...STAND_INS, "prometheus"].map((s) => `scenario-local/${s}:1`);
const started: string[] = [];

async function docker(args: string[], timeoutMs = 60_000) {
  return exec(["docker", ...args], { signal: AbortSignal.timeout(timeoutMs) });
}

async function missingImages(): Promise<string | undefined> {
  try {
    const r = await docker(["image", "inspect", ...IMAGES], 15_000);
    if (r.exitCode === 0) return undefined;
    return `the local stack images are missing (${r.stderr.trim().split("\n")[0]}): run \`bash scripts/setup-local-stack.sh\``;
  } catch (e) {
    return `docker cannot run: ${(e as Error).message}`;
  }
}

/** A container left running in the background, removed after the tests. */
async function startContainer(args: string[]): Promise<string> {
  const name = `scenario-test-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  started.push(name);
  const r = await docker(["run", "-d", "--name", name, ...args]);
  if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.stderr}`);
  return name;
}

async function healthy(name: string, url: string): Promise<boolean> {
  return (await docker(["exec", name, "curl", "-fsS", "-o", "/dev/null", url], 15_000)).exitCode === 0;
}

afterAll(async () => {
  if (started.length) await docker(["rm", "-f", ...started]);
});

describeRequiring("local stack images", "the local stack images", await missingImages(), () => {
  for (const service of STAND_INS) {
    test(`${service}: an unknown FAULT stops it at start, naming the known ones`, async () => {
      const r = await docker(["run", "--rm", "-e", "FAULT=no-such-fault", `scenario-local/${service}:1`]);
      expect(r.exitCode).toBe(2);
      expect(r.stdout + r.stderr).toContain("unknown FAULT='no-such-fault' (known: no-vllm-log, shipper-wrong-path, gateway-no-vllm, mlflow-down");
    }, 60_000);
  }

  test("mlflow: FAULT=mlflow-down exits 1 at start, after saying so in its log", async () => {
    const logs = tempDir("stand-in-mlflow-");
    const r = await docker(["run", "--rm", "-e", "FAULT=mlflow-down", "-v", `${logs}:/logs/mlflow`, "scenario-local/mlflow:1"]);
    expect(r.exitCode).toBe(1);
    expect(readFileSync(join(logs, "mlflow.log"), "utf8")).toContain("exiting at start (FAULT=mlflow-down)");
  }, 60_000);

  for (const fault of ["", "no-vllm-log"]) {
    test(`vllm${fault ? ` with FAULT=${fault}` : ""}: its timestamped log file ${fault ? "is not" : "is"} in logs/vllm/`, async () => {
      const logs = tempDir("stand-in-vllm-");
      const name = await startContainer(["-e", `FAULT=${fault}`, "-v", `${logs}:/logs/vllm`, "scenario-local/vllm:1", "--model", "test/model"]);
      await waitFor(() => healthy(name, "http://127.0.0.1:8000/health"), "the vLLM stand-in to answer /health", 60_000);
      const files = readdirSync(logs);
      if (fault) {
        expect(files).toEqual([]);
        const elsewhere = await docker(["exec", name, "sh", "-c", "cat /tmp/vllm-logs-elsewhere/vllm_*.log"]);
        expect(elsewhere.stdout).toContain("Model loading took");
      } else {
        expect(files).toEqual([expect.stringMatching(/^vllm_\d{8}_\d{6}\.log$/)]);
        const text = readFileSync(join(logs, files[0]!), "utf8");
        expect(text).toContain("Starting to load model test/model...");
        expect(text).toContain("Model loading took");
      }
    }, 150_000);
  }

  test("promtail: FAULT=shipper-wrong-path runs it on the team's config with every /logs/<service>/ path moved; shipper-swapped-labels swaps vllm's and fastapi's labels", async () => {
    const config = join(REPO, "compose/monitoring/promtail/config.yml");
    const printed: Record<string, string> = {};
    for (const fault of ["", "shipper-wrong-path", "shipper-swapped-labels"]) {
      const name = await startContainer(["-e", `FAULT=${fault}`, "-v", `${config}:/etc/promtail/config.yml:ro`, "scenario-local/promtail:1",
        "-config.file=/etc/promtail/config.yml", "-print-config-stderr", "-dry-run"]);
      const logs = async () => (await docker(["logs", name], 15_000)).stderr;
      await waitFor(async () => (await logs()).includes("scrape_configs:"), "promtail to print its config", 60_000);
      printed[fault || "none"] = await logs();
    }
    for (const service of ["vllm", "fastapi", "mlflow"]) {
      expect(printed.none).toContain(`__path__: /logs/${service}/*.log`);
      expect(printed["shipper-wrong-path"]).toContain(`__path__: /logs/wrong-${service}/*.log`);
      expect(printed["shipper-wrong-path"]).not.toContain(`__path__: /logs/${service}/*.log`);
    }
    // promtail prints each target's labels in order: __path__, then service.
    const swapped = printed["shipper-swapped-labels"]!.replace(/\s+/g, " ");
    expect(swapped).toMatch(/__path__: \/logs\/vllm\/\*\.log service: fastapi/);
    expect(swapped).toMatch(/__path__: \/logs\/fastapi\/\*\.log service: vllm/);
    expect(swapped).toMatch(/__path__: \/logs\/mlflow\/\*\.log service: mlflow/);
  }, 150_000);

  test("fastapi: FAULT=gateway-no-vllm points it at a vLLM that does not exist; /health stays degraded", async () => {
    const name = await startContainer(["-e", "FAULT=gateway-no-vllm", "-e", "API_KEY=test-key", "-e", "VLLM_URL=http://vllm:8000",
      "-e", "LOG_FILE=/tmp/app.log", "-e", "DATABASE_URL=sqlite+aiosqlite:////tmp/gateway.db", "scenario-local/fastapi:1"]);
    await waitFor(() => healthy(name, "http://127.0.0.1:8080/health"), "the gateway to answer /health", 60_000);
    const health = await docker(["exec", name, "curl", "-fsS", "http://127.0.0.1:8080/health"]);
    expect(JSON.parse(health.stdout)).toEqual({ status: "degraded", vllm: "unreachable", database: "ok" });
    const log = await docker(["exec", name, "cat", "/tmp/app.log"]);
    expect(log.stdout).toContain("vLLM at http://vllm-wrong:8000");
    const current = await docker(["exec", name, "alembic", "current"]);
    expect(current.stdout).toContain("0001 (head)");
  }, 150_000);
});

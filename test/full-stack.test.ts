// Proves scenarios/full-stack.yaml on the local stack: a run without a fault passes, and each fault fails exactly the steps that depend on it.
import { afterAll, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describeRequiring } from "./helpers/requires.ts";
import { REPO, runCli, tempDir } from "./helpers/cli.ts";
import { SYNC_CHILD_LIMIT } from "./helpers/bounded-spawn.ts";
import { freePort } from "./helpers/ports.ts";
import { FAULT_RUNS, type FaultRun } from "./full-stack-faults.ts";

const IMAGES = ["vllm", "fastapi", "mlflow", "grafana", "loki", "promtail", "prometheus"].map((s) => `scenario-local/${s}:1`);
/** One run brings up seven containers and waits on Loki; on a loaded machine that takes minutes. */
const RUN_TIMEOUT_MS = 15 * 60_000;
/** A fault test waits for its own run, which may run slower beside another: a margin over one run's time. */
const FAULT_TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;

/** Why the local stack cannot run here, or undefined when it can. */
function missing(): string | undefined {
  const docker = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8", ...SYNC_CHILD_LIMIT });
  if (docker.error || docker.status !== 0) return `no Docker engine (${(docker.stderr || String(docker.error)).trim()})`;
  const absent = IMAGES.filter((image) => spawnSync("docker", ["image", "inspect", image], { stdio: "ignore", ...SYNC_CHILD_LIMIT }).status !== 0);
  if (absent.length > 0) return `the local stack images are not built (${absent.join(", ")}): run bash scripts/setup-local-stack.sh`;
  return undefined;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface JsonStep {
  name: string;
  phase: string;
  status: string;
  tags: string[];
}
interface JsonReport {
  runId: string;
  status: string;
  steps: JsonStep[];
  tags: { tag: string; status: string; failedServices: string[] }[];
}

/** Runs the scenario on the local stack with a fault (or none), on free ports and a new log folder. */
async function runFullStack(run: FaultRun, extra: string[] = []) {
  const dir = tempDir("full-stack-");
  dirs.push(dir);
  const doc = join(dir, "LOGGING.md");
  copyFileSync(join(REPO, "docs/references/LOGGING.md"), doc);
  const ports = ["VLLM_PORT", "FASTAPI_PORT", "MLFLOW_PORT", "LOKI_PORT", "GRAFANA_PORT", "PROMETHEUS_PORT"].flatMap((name) => ["--var", `${name}=${freePort()}`]);
  const args = [
    "scenarios/full-stack.yaml",
    "--var", "STACK=local",
    "--var", `FAULT=${run.fault}`,
    "--var", `LOG_DIR=${join(dir, "logs")}`,
    ...ports,
    "--report", "md,log,json",
    "--report-dir", join(dir, "reports"),
    "--update-doc", doc,
    "--no-color",
    ...extra,
  ];
  const secret = () => crypto.randomUUID().replaceAll("-", "");
  const result = await runCli(args, { cwd: REPO, env: { API_KEY: secret(), GRAFANA_PASSWORD: secret() } });
  const files = readdirSync(join(dir, "reports"));
  const json = files.find((f) => f.endsWith(".json"));
  if (!json) throw new Error(`no JSON report; exit ${result.code}\n${result.stdout}\n${result.stderr}`);
  const report = JSON.parse(readFileSync(join(dir, "reports", json), "utf8")) as JsonReport;
  const markdown = readFileSync(join(dir, "reports", "latest.md"), "utf8");
  return { result, report, markdown, doc: readFileSync(doc, "utf8") };
}

/** Containers still there from a run's compose project (teardown must have removed them all). */
function leftovers(runId: string, base = "full-stack-logging-integration"): string {
  const project = `${base}-${runId}`;
  const ps = spawnSync("docker", ["ps", "-a", "--filter", `label=com.docker.compose.project=${project}`, "--format", "{{.Names}}"], { encoding: "utf8", ...SYNC_CHILD_LIMIT });
  return ps.stdout.trim();
}

describeRequiring("scenarios/app.yaml on the local stack", "Docker and the local stack images", missing(), () => {
  test(
    "the gateway's own checks pass",
    async () => {
      const dir = tempDir("app-");
      dirs.push(dir);
      const args = [
        "scenarios/app.yaml",
        "--var", "STACK=local",
        "--var", `LOG_DIR=${join(dir, "logs")}`,
        "--var", `VLLM_PORT=${freePort()}`,
        "--var", `FASTAPI_PORT=${freePort()}`,
        "--report", "json",
        "--report-dir", join(dir, "reports"),
        "--no-color",
      ];
      const result = await runCli(args, { cwd: REPO, env: { API_KEY: crypto.randomUUID() } });
      expect({ code: result.code, out: result.code === 0 ? "" : `${result.stdout.slice(-6000)}\n${result.stderr.slice(-2000)}` }).toEqual({ code: 0, out: "" });
      const json = readdirSync(join(dir, "reports")).find((f) => f.endsWith(".json"))!;
      const report = JSON.parse(readFileSync(join(dir, "reports", json), "utf8")) as JsonReport;
      expect(report.steps.filter((s) => s.status !== "passed").map((s) => s.name)).toEqual([]);
      expect(leftovers(report.runId, "gateway-checks")).toBe("");
    },
    RUN_TIMEOUT_MS,
  );
});

/**
 * The fault runs, two at a time: each test starts its own run and the next one's, then waits for its own. A failing
 * run mostly waits out its steps' `eventually` timeouts, so the second stack costs little beside it (each has its own
 * ports, log folder, report folder and compose project).
 */
const started = new Map<FaultRun, ReturnType<typeof runFullStack>>();
function outcomeOf(i: number): ReturnType<typeof runFullStack> {
  for (const j of [i, i + 1]) {
    const run = FAULT_RUNS[j];
    if (run && !started.has(run)) {
      const outcome = runFullStack(run);
      outcome.catch(() => {}); // seen by its own test
      started.set(run, outcome);
    }
  }
  return started.get(FAULT_RUNS[i]!)!;
}

describeRequiring("scenarios/full-stack.yaml on the local stack", "Docker and the local stack images", missing(), () => {
  for (const [i, run] of FAULT_RUNS.entries()) {
    test(
      `FAULT=${run.fault || "(none)"}: ${run.failed.length === 0 ? "passes" : `fails ${run.failed.length} steps of ${Object.keys(run.broken).join(", ")}`}`,
      async () => {
        const { result, report, markdown, doc } = await outcomeOf(i);
        const failed = report.steps.filter((s) => s.status === "failed").map((s) => s.name);
        const context = `exit ${result.code}\n${result.stdout.slice(-6000)}\n${result.stderr.slice(-2000)}`;
        expect({ failed, context: failed.length === run.failed.length ? "" : context }).toEqual({ failed: run.failed, context: "" });
        expect(report.steps.filter((s) => s.status === "skipped").map((s) => s.name)).toEqual([]);
        const broken = Object.fromEntries(report.tags.filter((t) => t.status === "failed").map((t) => [t.tag, t.failedServices]));
        expect(broken).toEqual(run.broken);
        expect(result.code).toBe(run.failed.length === 0 ? 0 : 1);
        expect(leftovers(report.runId)).toBe("");

        expect(markdown).toContain("### User stories (tags) × services");
        expect(markdown).toContain("### Problems found");
        if (run.failed.length === 0) {
          expect(markdown).toContain("### Problems found\n\nNone.");
        } else {
          const shown = (service: string) => (service === "(no service)" ? "no service" : service);
          const line = Object.entries(run.broken).map(([tag, services]) => `\`${tag}\` (${services.map(shown).join(", ")})`).join(", ");
          expect(markdown.split("\n").filter((l) => l.startsWith("**Broken:**"))).toEqual([`**Broken:** ${line}.`]);
          expect(markdown.split("\n").filter((l) => l.startsWith("**Cause:**"))).toHaveLength(run.failed.length);
        }
        // --update-doc replaced the block in place: the text around it is the committed document's.
        const original = readFileSync(join(REPO, "docs/references/LOGGING.md"), "utf8");
        const outside = (text: string) => text.replace(/<!-- scenario:full-stack-logging-integration:begin -->[\s\S]*<!-- scenario:full-stack-logging-integration:end -->/, "");
        expect(outside(doc)).toBe(outside(original));
        // Nested under the document's "## Integration test".
        expect(doc).toContain(`\n### ${run.failed.length === 0 ? "✅" : "❌"} Full stack logging integration — ${run.failed.length === 0 ? "passed" : "failed"}`);
      },
      FAULT_TEST_TIMEOUT_MS,
    );
  }
});

describeRequiring("scenarios/full-stack.yaml --keep-stack", "Docker and the local stack images", missing(), () => {
  test(
    "leaves the whole stack running, as docs/full-stack.md says",
    async () => {
      const { result, report } = await runFullStack(FAULT_RUNS[0]!, ["--keep-stack"]);
      const project = `full-stack-logging-integration-${report.runId}`;
      try {
        expect({ code: result.code, out: result.code === 0 ? "" : result.stdout.slice(-6000) }).toEqual({ code: 0, out: "" });
        const ps = spawnSync("docker", ["ps", "--filter", `label=com.docker.compose.project=${project}`, "--format", "{{.Label \"com.docker.compose.service\"}}"], { encoding: "utf8", ...SYNC_CHILD_LIMIT });
        expect(ps.stdout.trim().split("\n").sort()).toEqual(["alloy", "fastapi", "grafana", "loki", "mlflow", "prometheus", "vllm"]);
      } finally {
        spawnSync("docker", ["compose", "-p", project, "down", "--volumes", "--remove-orphans"], { stdio: "ignore", ...SYNC_CHILD_LIMIT });
      }
      expect(leftovers(report.runId)).toBe("");
    },
    RUN_TIMEOUT_MS,
  );
});

// The README's "A scenario" example is the first scenario a user copies: saved under scenarios/ as it says, it must pass
// on the stack of compose/ (here the local stand-in, --var STACK=local), not only load. It once named the gateway's
// port for vLLM, a log line vLLM never writes and a Loki no step started, and failed three of its four checks.
import { afterAll, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeRequiring } from "./helpers/requires.ts";
import { REPO, runCli, tempDir } from "./helpers/cli.ts";
import { SYNC_CHILD_LIMIT } from "./helpers/bounded-spawn.ts";
import { freePort } from "./helpers/ports.ts";

const IMAGES = ["vllm", "loki", "promtail", "grafana", "prometheus"].map((s) => `scenario-local/${s}:1`);

/** Why the local stack cannot run here, or undefined when it can. */
function missing(): string | undefined {
  const docker = spawnSync("docker", ["info", "--format", "{{.ServerVersion}}"], { encoding: "utf8", ...SYNC_CHILD_LIMIT });
  if (docker.error || docker.status !== 0) return `no Docker engine (${(docker.stderr || String(docker.error)).trim()})`;
  const absent = IMAGES.filter((image) => spawnSync("docker", ["image", "inspect", image], { stdio: "ignore", ...SYNC_CHILD_LIMIT }).status !== 0);
  if (absent.length > 0) return `the local stack images are not built (${absent.join(", ")}): run bash scripts/setup-local-stack.sh`;
  return undefined;
}

/** The first ```yaml block under "## A scenario" of README.md. */
function readmeScenario(): string {
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## A scenario\n"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md has no yaml block under ## A scenario");
  return block[1]!;
}

const file = join(REPO, "scenarios", `readme-example-${process.pid}.yaml`);
const dirs: string[] = [];
afterAll(() => {
  rmSync(file, { force: true });
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describeRequiring("README.md's example scenario on the local stack", "Docker and the local stack images", missing(), () => {
  test("saved under scenarios/ as the README says, it passes with --var STACK=local", async () => {
    writeFileSync(file, readmeScenario());
    const dir = tempDir("readme-example-");
    dirs.push(dir);
    // The example's ports are compose's defaults; moved here (compose reads *_PORT from the environment) to free ones.
    const ports = { VLLM_PORT: freePort(), LOKI_PORT: freePort(), GRAFANA_PORT: freePort(), PROMETHEUS_PORT: freePort() };
    const env = { ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), GRAFANA_PASSWORD: crypto.randomUUID().replaceAll("-", "") };
    const result = await runCli([
      file,
      "--var", "STACK=local",
      "--var", `VLLM_URL=http://127.0.0.1:${ports.VLLM_PORT}`,
      "--var", `LOKI_URL=http://127.0.0.1:${ports.LOKI_PORT}`,
      "--report-dir", join(dir, "reports"),
      "--no-color",
    ], { cwd: REPO, env });
    expect({ code: result.code, out: result.code === 0 ? "" : `${result.stdout}\n${result.stderr}` }).toEqual({ code: 0, out: "" });
    expect(result.stdout).toContain("✓ The request reached Loki");
    expect(result.stdout).not.toContain(env.GRAFANA_PASSWORD);
  }, 15 * 60_000);
});

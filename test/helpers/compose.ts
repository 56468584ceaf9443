// Helpers for tests that need a real compose engine: the default one and the matrix of every supported engine (fail in CI, else skip with the reason), stacks, leftovers.
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE_VAR, probeEngines, type ComposeEngine } from "../../lib/compose/engine.ts";
import { PROJECT_LABEL } from "../../lib/compose/down.ts";
import { claimFile } from "../../lib/compose/claim.ts";
import { exec } from "../../lib/util/exec.ts";
import { describeRequiring } from "./requires.ts";
import { tempDir } from "./cli.ts";

/** The local image scripts/setup-docker.sh builds (no registry is reachable). */
export const IMAGE = "scenario-busybox:latest";

/** podman's Docker-compatible service, as scripts/setup-engines.sh starts it. */
export const PODMAN_DOCKER_HOST = "unix:///run/podman/podman.sock";
const HEALTHCHECKS_PID = "/run/scenario-podman-healthchecks.pid";

/** Environment overrides that select an engine; every command of a test on that engine runs with them. */
export type EngineEnv = Record<string, string>;

async function findEngine(env: EngineEnv, setup: string): Promise<{ engine?: ComposeEngine; reason?: string }> {
  const full = { ...process.env, ...env };
  const r = await probeEngines(full);
  if ("error" in r) return { reason: `${r.error}\n(set up with \`bash ${setup}\`)` };
  const img = await exec([r.engine.cli, "image", "inspect", IMAGE], { env: full, signal: AbortSignal.timeout(15_000) });
  if (img.exitCode !== 0) return { reason: `image ${IMAGE} is missing: run \`bash ${setup}\`` };
  return { engine: r.engine };
}

/** Whether something runs podman's healthchecks (systemd, or the runner setup-engines.sh starts). */
function podmanHealthchecksRun(): boolean {
  if (existsSync("/run/systemd/system")) return true;
  try {
    // A zombie keeps its pid but has an empty command line.
    const pid = readFileSync(HEALTHCHECKS_PID, "utf8").trim();
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("podman-healthchecks");
  } catch {
    return false;
  }
}

const found = await findEngine({}, "scripts/setup-docker.sh");
export const engine: ComposeEngine | undefined = found.engine;
const noEngineReason: string | undefined = found.reason;

/**
 * describe() for tests that need the default engine: runs them when it answers; otherwise one failing test when CI=true,
 * else a skipped block whose title gives the reason.
 */
export function describeWithEngine(title: string, body: (engine: ComposeEngine) => void): void {
  describeRequiring(title, "a Docker engine with compose", engine ? undefined : noEngineReason ?? "unknown reason", () => body(engine!));
}

interface MatrixEntry {
  label: string;
  env: EngineEnv;
  /** Why this entry cannot run here, or undefined. */
  missing: string | undefined;
  engine?: ComposeEngine;
}

/** Every engine the docs name, each with the environment that selects it. */
async function engineMatrix(): Promise<MatrixEntry[]> {
  const wanted: { label: string; env: EngineEnv; setup: string; check: (e: ComposeEngine) => string | undefined }[] = [
    { label: "docker compose v2", env: { [ENGINE_VAR]: "docker compose" }, setup: "scripts/setup-docker.sh", check: (e) => (e.server === "docker" ? undefined : `the engine is ${e.server}, not docker`) },
    { label: "docker-compose v1", env: { [ENGINE_VAR]: "docker-compose" }, setup: "scripts/setup-engines.sh", check: (e) => (e.version.startsWith("1.") ? undefined : `docker-compose on PATH is ${e.version}, not v1`) },
    {
      label: "docker compose v2 on podman",
      env: { [ENGINE_VAR]: "docker compose", DOCKER_HOST: PODMAN_DOCKER_HOST },
      setup: "scripts/setup-engines.sh",
      check: (e) =>
        e.server !== "podman" ? `${PODMAN_DOCKER_HOST} is ${e.server}, not podman`
        : podmanHealthchecksRun() ? undefined
        : "nothing runs podman's healthchecks (no systemd, no runner): run `bash scripts/setup-engines.sh`",
    },
  ];
  return Promise.all(
    wanted.map(async (w) => {
      const f = await findEngine(w.env, w.setup);
      return { label: w.label, env: w.env, engine: f.engine, missing: f.engine ? w.check(f.engine) : f.reason ?? "unknown reason" };
    }),
  );
}

const matrix = await engineMatrix();

/**
 * describe() once per engine the docs name (docker compose v2, docker-compose v1, docker compose v2 on podman's
 * Docker API): body gets the engine and the environment that selects it. A missing engine fails when CI=true, else skips.
 */
export function describeEachEngine(title: string, body: (engine: ComposeEngine, env: EngineEnv) => void): void {
  for (const m of matrix) {
    describeRequiring(`${title} [${m.label}]`, m.label, m.missing, () => body(m.engine!, m.env));
  }
}


/** A fresh directory holding `files` (name → content); returns its path. */
export function stackDir(files: Record<string, string>): string {
  const dir = tempDir("compose-stack-");
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A busybox service on the host network: fast to stop (init), never pulled. */
export function busyboxService(command: string, extra = ""): string {
  return [
    `    image: ${IMAGE}`,
    "    pull_policy: never",
    "    network_mode: host",
    "    init: true",
    "    stop_grace_period: 2s",
    `    command: ["sh", "-c", ${JSON.stringify(command)}]`,
    ...(extra ? [extra.replace(/^\n+|\n+$/g, "")] : []),
  ].join("\n");
}

/** An http server on 127.0.0.1:port serving /health, healthy once it answers. */
export function httpService(port: number | string): string {
  return busyboxService(
    `mkdir -p /www && echo ok > /www/health && echo "serving on ${port}" && exec httpd -f -v -p 127.0.0.1:${port} -h /www`,
    [
      "    healthcheck:",
      `      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:${port}/health"]`,
      "      interval: 1s",
      "      timeout: 2s",
      "      retries: 30",
    ].join("\n"),
  );
}

/** Containers, networks and volumes that still carry the project's label. */
export async function leftovers(cli: string, project: string, env: EngineEnv = {}): Promise<string[]> {
  const filter = ["--filter", `label=${PROJECT_LABEL}=${project}`];
  const out: string[] = [];
  for (const [kind, args] of [["container", ["ps", "-a", "-q"]], ["network", ["network", "ls", "-q"]], ["volume", ["volume", "ls", "-q"]]] as const) {
    const r = await exec([cli, ...args, ...filter], { env: { ...process.env, ...env }, signal: AbortSignal.timeout(15_000) });
    if (r.exitCode !== 0) throw new Error(`${cli} ${args.join(" ")} failed: ${r.stderr}`);
    for (const id of r.stdout.split("\n").filter(Boolean)) out.push(`${kind} ${id}`);
  }
  return out;
}

/**
 * Removes a project by label whatever state it is in (test safety net), and this process's claim on it: a test that runs
 * an `up` without its cleanup leaves it, and bun test runs no exit handler (lib/compose/claim.ts).
 */
export async function forceRemove(cli: string, project: string, env: EngineEnv = {}): Promise<void> {
  const full = { ...process.env, ...env };
  const claim = claimFile(project, full);
  try {
    if ((JSON.parse(readFileSync(claim, "utf8")) as { pid?: number }).pid === process.pid) rmSync(claim, { force: true });
  } catch {
    // No claim, or not one of this process.
  }
  const filter = ["--filter", `label=${PROJECT_LABEL}=${project}`];
  const ids = await exec([cli, "ps", "-a", "-q", ...filter], { env: full, signal: AbortSignal.timeout(15_000) });
  const list = ids.stdout.split("\n").filter(Boolean);
  if (list.length) await exec([cli, "rm", "-f", "-v", ...list], { env: full, signal: AbortSignal.timeout(30_000) });
  for (const kind of ["network", "volume"]) {
    const r = await exec([cli, kind, "ls", "-q", ...filter], { env: full, signal: AbortSignal.timeout(15_000) });
    const l = r.stdout.split("\n").filter(Boolean);
    if (l.length) await exec([cli, kind, "rm", ...l], { env: full, signal: AbortSignal.timeout(30_000) });
  }
}

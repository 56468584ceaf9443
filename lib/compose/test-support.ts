// Helpers for tests that need a real Docker engine: detection (fail in CI, else skip with the reason), free ports, stacks, leftovers.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { probeEngines, type ComposeEngine } from "./engine.ts";
import { PROJECT_LABEL } from "./down.ts";
import { exec } from "../util/exec.ts";
import { describeRequiring } from "../../test/helpers/requires.ts";

/** The local image scripts/setup-docker.sh builds (no registry is reachable). */
export const IMAGE = "scenario-busybox:latest";

async function findEngine(): Promise<{ engine?: ComposeEngine; reason?: string }> {
  const r = await probeEngines(process.env);
  if ("error" in r) return { reason: r.error };
  const img = await exec([r.engine.cli, "image", "inspect", IMAGE], { signal: AbortSignal.timeout(15_000) });
  if (img.exitCode !== 0) return { reason: `image ${IMAGE} is missing: run \`bash scripts/setup-docker.sh\`` };
  return { engine: r.engine };
}

const found = await findEngine();
export const engine: ComposeEngine | undefined = found.engine;
const noEngineReason: string | undefined = found.reason;

/**
 * describe() for tests that need the engine: runs them when it answers; otherwise one failing test when CI=true,
 * else a skipped block whose title gives the reason.
 */
export function describeWithEngine(title: string, body: (engine: ComposeEngine) => void): void {
  describeRequiring(title, "a Docker engine with compose", engine ? undefined : noEngineReason ?? "unknown reason", () => body(engine!));
}

export { freePort } from "../../test/helpers/ports.ts";

/** A fresh directory holding `files` (name → content); returns its path. */
export function stackDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "compose-stack-"));
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
export async function leftovers(cli: string, project: string): Promise<string[]> {
  const filter = ["--filter", `label=${PROJECT_LABEL}=${project}`];
  const out: string[] = [];
  for (const [kind, args] of [["container", ["ps", "-a", "-q"]], ["network", ["network", "ls", "-q"]], ["volume", ["volume", "ls", "-q"]]] as const) {
    const r = await exec([cli, ...args, ...filter], { signal: AbortSignal.timeout(15_000) });
    if (r.exitCode !== 0) throw new Error(`${cli} ${args.join(" ")} failed: ${r.stderr}`);
    for (const id of r.stdout.split("\n").filter(Boolean)) out.push(`${kind} ${id}`);
  }
  return out;
}

/** Removes a project by label whatever state it is in (test safety net). */
export async function forceRemove(cli: string, project: string): Promise<void> {
  const filter = ["--filter", `label=${PROJECT_LABEL}=${project}`];
  const ids = await exec([cli, "ps", "-a", "-q", ...filter], { signal: AbortSignal.timeout(15_000) });
  const list = ids.stdout.split("\n").filter(Boolean);
  if (list.length) await exec([cli, "rm", "-f", "-v", ...list], { signal: AbortSignal.timeout(30_000) });
  for (const kind of ["network", "volume"]) {
    const r = await exec([cli, kind, "ls", "-q", ...filter], { signal: AbortSignal.timeout(15_000) });
    const l = r.stdout.split("\n").filter(Boolean);
    if (l.length) await exec([cli, kind, "rm", ...l], { signal: AbortSignal.timeout(30_000) });
  }
}

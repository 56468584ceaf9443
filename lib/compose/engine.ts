// Finds the compose engine once per run: `docker compose` (v2), then `docker-compose` (v1), then `podman compose`.
import { exec, SpawnError } from "../util/exec.ts";

/** A compose command line and the container engine behind it. */
export interface ComposeEngine {
  /** How reports name it: "docker compose", "docker-compose", "podman compose". */
  name: string;
  /** The compose version, e.g. "2.26.1". */
  version: string;
  /** argv prefix of every compose command, e.g. ["/usr/bin/docker", "compose"]. */
  compose: string[];
  /** The container CLI for `inspect` and label queries ("docker" or "podman", as a path). */
  cli: string;
  /** The container engine's own version, e.g. "20.10.24". */
  serverVersion: string;
  /** Whether `ps --format json` is understood (compose v2, podman). */
  jsonPs: boolean;
}

export type EngineResult = { engine: ComposeEngine } | { error: string };

interface Candidate {
  name: string;
  bin: string;
  versionArgs: string[];
  cliBin: string;
  infoArgs: string[];
  jsonPs: (version: string) => boolean;
  prefix: (binPath: string) => string[];
}

const CANDIDATES: Candidate[] = [
  {
    name: "docker compose",
    bin: "docker",
    versionArgs: ["compose", "version", "--short"],
    cliBin: "docker",
    infoArgs: ["info", "--format", "{{.ServerVersion}}"],
    jsonPs: () => true,
    prefix: (p) => [p, "compose"],
  },
  {
    name: "docker-compose",
    bin: "docker-compose",
    versionArgs: ["version", "--short"],
    cliBin: "docker",
    infoArgs: ["info", "--format", "{{.ServerVersion}}"],
    // The standalone binary of compose v2 is also called docker-compose.
    jsonPs: (v) => !v.startsWith("1."),
    prefix: (p) => [p],
  },
  {
    name: "podman compose",
    bin: "podman",
    versionArgs: ["compose", "version"],
    cliBin: "podman",
    infoArgs: ["info", "--format", "{{.Version.Version}}"],
    jsonPs: () => true,
    prefix: (p) => [p, "compose"],
  },
];

const PROBE_MS = 15_000;

/** The socket a docker client talks to, for messages. */
export function dockerSocket(env: Record<string, string | undefined>): string {
  if (env.DOCKER_HOST) return `DOCKER_HOST=${env.DOCKER_HOST}`;
  if (env.DOCKER_CONTEXT) return `docker context ${env.DOCKER_CONTEXT}`;
  return "unix:///var/run/docker.sock";
}

function firstLine(text: string): string {
  return text.trim().split("\n").filter((l) => l.trim() !== "").pop()?.trim() ?? "";
}

async function run(argv: string[], env: Record<string, string | undefined>): Promise<{ ok: boolean; out: string; why: string }> {
  try {
    const r = await exec(argv, { env, signal: AbortSignal.timeout(PROBE_MS), maxOutput: 64 * 1024 });
    if (r.aborted) return { ok: false, out: "", why: `no answer within ${PROBE_MS / 1000}s` };
    if (r.exitCode === 0) return { ok: true, out: r.stdout, why: "" };
    return { ok: false, out: r.stdout, why: firstLine(r.stderr) || firstLine(r.stdout) || `exit code ${r.exitCode}` };
  } catch (e) {
    if (e instanceof SpawnError) return { ok: false, out: "", why: e.message };
    throw e;
  }
}

/** Pulls "2.26.1" out of "v2.26.1", "Docker Compose version v2.26.1-4" or podman's provider banner. */
export function parseVersion(text: string): string | undefined {
  const lines = text.trim().split("\n").reverse();
  for (const line of lines) {
    const m = /v?(\d+\.\d+(?:\.\d+)?)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

function fixHint(c: Candidate, env: Record<string, string | undefined>): string {
  if (c.cliBin === "podman") return "start the podman service (`systemctl --user start podman.socket`) or check `podman info`";
  const where = dockerSocket(env);
  return (
    `the Docker engine at ${where} does not answer: start dockerd (in this repository: \`bash scripts/setup-docker.sh\`; ` +
    `elsewhere \`sudo systemctl start docker\`), or set DOCKER_HOST to the socket of a running engine ` +
    `(e.g. DOCKER_HOST=unix:///run/user/$UID/docker.sock for rootless Docker)`
  );
}

/** Probes every candidate in order and returns the first whose compose command and engine both answer. */
export async function probeEngines(env: Record<string, string | undefined>): Promise<EngineResult> {
  const tried: string[] = [];
  for (const c of CANDIDATES) {
    const binPath = Bun.which(c.bin, { PATH: env.PATH ?? "" });
    if (!binPath) {
      tried.push(`\`${c.name}\`: ${c.bin} is not on PATH`);
      continue;
    }
    const v = await run([binPath, ...c.versionArgs], env);
    const version = v.ok ? parseVersion(v.out) : undefined;
    if (!version) {
      tried.push(`\`${c.name}\` (${binPath}): ${v.ok ? `cannot read a version from ${JSON.stringify(firstLine(v.out))}` : v.why}`);
      continue;
    }
    const cliPath = c.cliBin === c.bin ? binPath : Bun.which(c.cliBin, { PATH: env.PATH ?? "" });
    if (!cliPath) {
      tried.push(`\`${c.name}\` ${version} (${binPath}): the ${c.cliBin} CLI it needs is not on PATH`);
      continue;
    }
    const info = await run([cliPath, ...c.infoArgs], env);
    if (!info.ok) {
      tried.push(`\`${c.name}\` ${version} (${binPath}): ${info.why}; ${fixHint(c, env)}`);
      continue;
    }
    return {
      engine: {
        name: c.name,
        version,
        compose: c.prefix(binPath),
        cli: cliPath,
        serverVersion: firstLine(info.out),
        jsonPs: c.jsonPs(version),
      },
    };
  }
  return { error: `no compose engine answered. Tried, in order:\n${tried.map((t) => `  - ${t}`).join("\n")}` };
}

const cache = new Map<string, Promise<EngineResult>>();

/** Detects the engine once per environment (PATH, DOCKER_HOST, DOCKER_CONTEXT); failures are not cached. */
export function detectEngine(env: Record<string, string | undefined>): Promise<EngineResult> {
  const key = [env.PATH, env.DOCKER_HOST, env.DOCKER_CONTEXT].join("\0");
  let hit = cache.get(key);
  if (!hit) {
    hit = probeEngines(env);
    cache.set(key, hit);
    void hit.then((r) => {
      if ("error" in r) cache.delete(key);
    });
  }
  return hit;
}

/** "docker compose 2.26.1", as the report header shows it. */
export function engineLabel(e: ComposeEngine): string {
  return `${e.name} ${e.version}`;
}

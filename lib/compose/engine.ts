// Finds the compose engine once per run: `docker compose` (v2), then `docker-compose` (v1); SCENARIO_COMPOSE_ENGINE picks one.
import { exec, SpawnError } from "../util/exec.ts";
import { errorLine } from "./output-text.ts";
import { withoutUserinfo } from "../util/url-text.ts";

/** A compose command line and the container engine behind it. */
export interface ComposeEngine {
  /** How reports name it: "docker compose" or "docker-compose". */
  name: string;
  /** The compose tool's own version, e.g. "2.26.1" or "1.29.2". */
  version: string;
  /** argv prefix of every compose command, e.g. ["/usr/bin/docker", "compose"]. */
  compose: string[];
  /** The docker CLI (a path), for `inspect` and label queries. */
  cli: string;
  /** What answers on the Docker API: "docker", or "podman" through its Docker-compatible service. */
  server: string;
  /** That engine's own version, e.g. "20.10.24" or "4.3.1". */
  serverVersion: string;
  /** Whether `ps --format json` is understood (compose v2). */
  jsonPs: boolean;
}

export type EngineResult = { engine: ComposeEngine } | { error: string };

/** The environment variable that forces one engine. */
export const ENGINE_VAR = "SCENARIO_COMPOSE_ENGINE";

interface Candidate {
  name: string;
  bin: string;
  versionArgs: string[];
  jsonPs: (version: string) => boolean;
  prefix: (binPath: string) => string[];
}

const CANDIDATES: Candidate[] = [
  { name: "docker compose", bin: "docker", versionArgs: ["compose", "version", "--short"], jsonPs: () => true, prefix: (p) => [p, "compose"] },
  // The standalone binary of compose v2 is also called docker-compose.
  { name: "docker-compose", bin: "docker-compose", versionArgs: ["version", "--short"], jsonPs: (v) => !v.startsWith("1."), prefix: (p) => [p] },
];

/** The server's version and the names of its components: "Engine" for docker, "Podman Engine" for podman. */
const SERVER_ARGS = ["version", "--format", "{{.Server.Version}}|{{range .Server.Components}}{{.Name}};{{end}}"];

const PODMAN_SOCKET = "unix:///run/podman/podman.sock";
const PODMAN_HINT =
  "`podman compose` and podman-compose are not supported; podman is, through its Docker-compatible API with docker compose v2: " +
  `start \`podman system service --time=0 ${PODMAN_SOCKET}\` and set DOCKER_HOST=${PODMAN_SOCKET} (see docs/steps/compose.md)`;

const PROBE_MS = 15_000;

/** The socket a docker client talks to, for messages: a user name and password in DOCKER_HOST shown as `***`. */
export function dockerSocket(env: Record<string, string | undefined>): string {
  if (env.DOCKER_HOST) return `DOCKER_HOST=${withoutUserinfo(env.DOCKER_HOST)}`;
  if (env.DOCKER_CONTEXT) return `docker context ${env.DOCKER_CONTEXT}`;
  return "unix:///var/run/docker.sock";
}

function lastLine(text: string): string {
  return text.trim().split("\n").filter((l) => l.trim() !== "").pop()?.trim() ?? "";
}

async function run(argv: string[], env: Record<string, string | undefined>): Promise<{ ok: boolean; out: string; why: string }> {
  try {
    const r = await exec(argv, { env, signal: AbortSignal.timeout(PROBE_MS), maxOutput: 64 * 1024 });
    if (r.aborted) return { ok: false, out: "", why: `no answer within ${PROBE_MS / 1000}s` };
    if (r.exitCode === 0) return { ok: true, out: r.stdout, why: "" };
    return { ok: false, out: r.stdout, why: errorLine(r.stderr) || errorLine(r.stdout) || `exit code ${r.exitCode}` };
  } catch (e) {
    if (e instanceof SpawnError) return { ok: false, out: "", why: e.message };
    throw e;
  }
}

/** Pulls "2.26.1" out of "v2.26.1", "Docker Compose version v2.26.1-4" or "docker-compose version 1.29.2, build unknown". */
export function parseVersion(text: string): string | undefined {
  const lines = text.trim().split("\n").reverse();
  for (const line of lines) {
    const m = /v?(\d+\.\d+(?:\.\d+)?)/.exec(line);
    if (m) return m[1];
  }
  return undefined;
}

/** Reads `docker version` output in SERVER_ARGS' format: which engine answers and its version. */
export function parseServer(text: string): { server: string; version: string } {
  const [version = "", components = ""] = lastLine(text).split("|");
  const podman = components.split(";").some((c) => /podman/i.test(c));
  return { server: podman ? "podman" : "docker", version: version.trim() };
}

function fixHint(env: Record<string, string | undefined>): string {
  const where = dockerSocket(env);
  if (/podman/.test(env.DOCKER_HOST ?? "")) {
    return `podman's Docker-compatible service at ${where} does not answer: start it with \`podman system service --time=0 ${withoutUserinfo(env.DOCKER_HOST!)}\``;
  }
  return (
    `the Docker engine at ${where} does not answer: start dockerd (in this repository: \`bash scripts/setup-docker.sh\`; ` +
    `elsewhere \`sudo systemctl start docker\`), or set DOCKER_HOST to the socket of a running engine ` +
    `(e.g. DOCKER_HOST=unix:///run/user/$UID/docker.sock for rootless Docker, or ${PODMAN_SOCKET} for podman's service)`
  );
}

function which(bin: string, env: Record<string, string | undefined>): string | null {
  return Bun.which(bin, { PATH: env.PATH ?? "" });
}

/** Why one candidate cannot be used, or the engine it gives. */
async function probe(c: Candidate, env: Record<string, string | undefined>): Promise<ComposeEngine | string> {
  const binPath = which(c.bin, env);
  if (!binPath) return `\`${c.name}\`: ${c.bin} is not on PATH`;
  const v = await run([binPath, ...c.versionArgs], env);
  const version = v.ok ? parseVersion(v.out) : undefined;
  if (!version) return `\`${c.name}\` (${binPath}): ${v.ok ? `cannot read a version from ${JSON.stringify(lastLine(v.out))}` : v.why}`;
  const cliPath = c.bin === "docker" ? binPath : which("docker", env);
  if (!cliPath) return `\`${c.name}\` ${version} (${binPath}): the docker CLI it needs is not on PATH`;
  const info = await run([cliPath, ...SERVER_ARGS], env);
  if (!info.ok) return `\`${c.name}\` ${version} (${binPath}): ${info.why}; ${fixHint(env)}`;
  const server = parseServer(info.out);
  return { name: c.name, version, compose: c.prefix(binPath), cli: cliPath, server: server.server, serverVersion: server.version, jsonPs: c.jsonPs(version) };
}

/** Probes the candidates in order (only the one SCENARIO_COMPOSE_ENGINE names, when set) and returns the first that answers. */
export async function probeEngines(env: Record<string, string | undefined>): Promise<EngineResult> {
  const forced = env[ENGINE_VAR]?.trim() || undefined;
  let candidates = CANDIDATES;
  if (forced) {
    const named = CANDIDATES.find((c) => c.name === forced);
    if (!named) {
      const names = CANDIDATES.map((c) => JSON.stringify(c.name)).join(" or ");
      return { error: `${ENGINE_VAR}=${JSON.stringify(forced)} names no supported compose engine: use ${names}${/podman/i.test(forced) ? `. ${PODMAN_HINT}` : ""}` };
    }
    candidates = [named];
  }
  const tried: string[] = [];
  for (const c of candidates) {
    const r = await probe(c, env);
    if (typeof r !== "string") return { engine: r };
    tried.push(r);
  }
  const podman = which("podman-compose", env) ?? which("podman", env);
  if (podman) tried.push(`podman (${podman}): ${PODMAN_HINT}`);
  const head = forced ? `the compose engine ${ENGINE_VAR} names does not answer` : "no compose engine answered";
  return { error: `${head}. Tried, in order:\n${tried.map((t) => `  - ${t}`).join("\n")}` };
}

const cache = new Map<string, Promise<EngineResult>>();

/** Detects the engine once per environment (PATH, DOCKER_HOST, DOCKER_CONTEXT, SCENARIO_COMPOSE_ENGINE); failures are not cached. */
export function detectEngine(env: Record<string, string | undefined>): Promise<EngineResult> {
  const key = [env.PATH, env.DOCKER_HOST, env.DOCKER_CONTEXT, env[ENGINE_VAR]].join("\0");
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

/** "docker 20.10.24", or with the socket when it is not the default: "podman 4.3.1 (Docker API at DOCKER_HOST=…)". */
export function serverLabel(e: ComposeEngine, env: Record<string, string | undefined>): string {
  const named = e.server !== "docker" || Boolean(env.DOCKER_HOST) || Boolean(env.DOCKER_CONTEXT);
  return `${e.server} ${e.serverVersion}${named ? ` (Docker API at ${dockerSocket(env)})` : ""}`;
}

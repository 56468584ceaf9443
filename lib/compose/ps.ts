// Parses `compose ps --format json` (one object per line, or an array in older versions) and `inspect` output into container states.
import { containerName, inspectedContainers, isObj, type Obj } from "./inspect-json.ts";

/** One container of a compose project, as `ps` shows it. */
export interface ContainerState {
  service: string;
  /** Container name, e.g. "demo-1a2b-web-1". */
  name: string;
  /** created | running | restarting | paused | exited | dead | removing */
  state: string;
  /** What the engine reports: starting | healthy | unhealthy, or "" (no healthcheck, or none reported in this read). */
  health: string;
  /** Whether the container's configuration defines a healthcheck; set by the wait (lib/compose/healthcheck.ts), never guessed from `health`. */
  healthcheck?: boolean;
  /** Meaningful once the container has exited. */
  exitCode: number | null;
  /** Docker's human status, e.g. "Up 3 seconds (healthy)" or "Exited (1) 2 seconds ago". */
  status: string;
  /** When the engine last started it and how often its restart policy did (inspect), set by the wait (lib/compose/starts.ts). */
  start?: ContainerStart;
  /**
   * Its healthcheck's last runs (inspect's State.Health.Log), oldest first: read only for a container found unhealthy
   * (or, for the report, still starting), to say why (lib/compose/health-log.ts).
   */
  healthLog?: HealthRun[];
}

/**
 * A container's `State.StartedAt` and `RestartCount`: a change between two reads is a restart the reads did not see. The
 * count is of the starts its restart policy made since it was last started otherwise (`up`, `start`, `restart` set it to 0).
 */
export interface ContainerStart {
  startedAt: string;
  restarts: number;
  /** When it was created (`Created`), where inspect says. */
  created?: string;
}

/** One run of a container's healthcheck, as the engine keeps it (docker the last 5, each output cut to 4 KiB). */
export interface HealthRun {
  /** null when the engine gave none. */
  exitCode: number | null;
  /** stdout and stderr together, as the engine wrote them. */
  output: string;
  start: string;
  end: string;
}

/** One read of a project's containers, or why it could not be read. */
export type ListResult = { states: ContainerState[] } | { error: string };

const SERVICE_LABEL = "com.docker.compose.service";
/** "True" on a container `compose run` made: a one-off command, not one of the service's containers. */
const ONEOFF_LABEL = "com.docker.compose.oneoff";
/** States in which the exit code says something. */
const ENDED: ReadonlySet<string> = new Set(["exited", "dead", "restarting"]);

/**
 * The state word, lowercased. podman says "stopped" for a container that ended and has not been cleaned up yet, which
 * is where a restart policy finds it before it starts it again; docker says "exited" there. Read as "exited", so a
 * crash-looping service fails a wait at once and names its exit code on either engine.
 */
function stateWord(raw: string): string {
  const state = raw.toLowerCase();
  return state === "stopped" ? "exited" : state;
}


function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v) && typeof v[0] === "string") return v[0];
  return "";
}

/** Labels come as "k=v,k=v" (docker) or as an object (podman). */
function label(labels: unknown, key: string): string {
  if (isObj(labels)) return str(labels[key]);
  if (typeof labels !== "string") return "";
  for (const pair of labels.split(",")) {
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq) === key) return pair.slice(eq + 1);
  }
  return "";
}

/** Health from a status text when no Health field is given: docker's "Up 2 seconds (health: starting)", podman's "Up 2 seconds ago (starting)". */
export function healthFromStatus(status: string): string {
  const m = /\((healthy|unhealthy|health: starting|starting)\)/.exec(status);
  if (!m) return "";
  return m[1] === "health: starting" ? "starting" : m[1]!;
}

function exitFromStatus(status: string): number | null {
  const m = /^Exited \((-?\d+)\)/.exec(status);
  return m ? Number(m[1]) : null;
}

/**
 * Whether a container is one of its service's own, not a one-off that `compose run` made (`docker compose run api
 * migrate`, left after it exited unless given --rm): compose ps lists those under the service too, and a one-off that
 * exited 3 made `running: [api]` fail on a running api, and `up` report "service api exited with code 3".
 * `compose up --wait` leaves them out too.
 */
function serviceContainer(labels: unknown): boolean {
  return label(labels, ONEOFF_LABEL).toLowerCase() !== "true";
}

function fromPsObject(o: Obj): ContainerState {
  const status = str(o.Status);
  const state = stateWord(str(o.State)) || (status.startsWith("Up") ? "running" : status.startsWith("Exited") ? "exited" : "");
  const exitRaw = o.ExitCode;
  const exitCode = typeof exitRaw === "number" ? exitRaw : exitFromStatus(status);
  return {
    service: str(o.Service) || label(o.Labels, SERVICE_LABEL),
    name: str(o.Name) || str(o.Names),
    state,
    health: (typeof o.Health === "string" ? o.Health : healthFromStatus(status)).toLowerCase(),
    exitCode: ENDED.has(state) ? exitCode : null,
    status,
  };
}

/**
 * Parses `ps --format json` output: NDJSON (compose ≥ 2.21), a JSON array (earlier v2, podman), or nothing. The
 * services' own containers only: one-offs of `compose run` are left out (serviceContainer).
 */
export function parsePsJson(text: string): ContainerState[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  let items: unknown[];
  if (trimmed.startsWith("[")) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) throw new Error("compose ps printed something other than a JSON array");
    items = parsed;
  } else {
    items = trimmed
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as unknown);
  }
  return items.filter(isObj).filter((o) => serviceContainer(o.Labels)).map(fromPsObject).sort(byService);
}

/** Parses `docker inspect` output of a project's containers (the fallback for compose v1). */
export function parseInspect(text: string): ContainerState[] {
  return inspectedContainers(text)
    .filter((c) => serviceContainer(isObj(c.Config) ? c.Config.Labels : undefined))
    .map((c) => {
      const st = isObj(c.State) ? c.State : {};
      const cfg = isObj(c.Config) ? c.Config : {};
      const health = isObj(st.Health) ? str(st.Health.Status) : "";
      const state = stateWord(str(st.Status));
      const exitCode = typeof st.ExitCode === "number" && ENDED.has(state) ? st.ExitCode : null;
      const status = state === "exited" ? `Exited (${exitCode})` : state === "running" ? `Up${health ? ` (${health})` : ""}` : state;
      return {
        service: label(cfg.Labels, SERVICE_LABEL),
        name: containerName(c),
        state,
        health,
        exitCode,
        status,
      };
    })
    .sort(byService);
}

function byService(a: ContainerState, b: ContainerState): number {
  return a.service.localeCompare(b.service) || a.name.localeCompare(b.name);
}

/** Whether a container needs attention in diagnostics: not running, not (yet) healthy, or started again by its restart policy (where the read has its start). */
export function troubled(c: ContainerState): boolean {
  return c.state !== "running" || c.health === "unhealthy" || c.health === "starting" || (c.start?.restarts ?? 0) > 0;
}

/** A fixed-width table of the states, for reports. */
export function formatPs(states: readonly ContainerState[]): string {
  if (states.length === 0) return "(no containers)";
  const rows = [
    ["SERVICE", "CONTAINER", "STATE", "HEALTH", "EXIT", "STATUS"],
    ...states.map((s) => [s.service, s.name, s.state, s.health || "-", s.exitCode === null ? "-" : String(s.exitCode), s.status]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd()).join("\n");
}

/** Per service: the state to show in `observed` ("running (healthy)", "exited (1)"). */
export function summarizeStates(states: readonly ContainerState[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of states) {
    const key = states.filter((o) => o.service === s.service).length > 1 ? s.name : s.service;
    out[key] = describeState(s);
  }
  return out;
}

/** "running (healthy)", "running (health: starting)", "exited (1)", "created". */
export function describeState(s: ContainerState): string {
  if (ENDED.has(s.state)) return `${s.state} (${s.exitCode ?? "?"})`;
  if (s.health) return `${s.state} (${s.health === "starting" ? "health: starting" : s.health})`;
  return s.state;
}

/**
 * What one read shows of the project's services, counted by state: "2 services running, 1 exited (0)". A service is
 * "running" only when every container of it is; otherwise it counts under its first container that is not.
 */
export function countServices(states: readonly ContainerState[]): string {
  const counts = new Map<string, number>();
  for (const service of new Set(states.map((s) => s.service))) {
    const mine = states.filter((s) => s.service === service);
    const other = mine.find((c) => c.state !== "running");
    const word = other ? describeState(other) : "running";
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  if (counts.size === 0) return "no services";
  const order = [...counts].sort(([a], [b]) => Number(b === "running") - Number(a === "running"));
  return order.map(([word, n]) => `${n} service${n === 1 ? "" : "s"} ${word}`).join(", ");
}

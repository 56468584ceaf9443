// When each container was last started, from `inspect` on every poll of a wait: a container that exits and is started again by its restart policy between two polls looks running in both.
import type { ComposeEngine } from "./engine.ts";
import type { ComposeTarget } from "./command.ts";
import type { ContainerStart, ContainerState, ListResult } from "./ps.ts";
import { containerName, inspectedContainers, inspectWith, isObj } from "./inspect-json.ts";
import { runLogged } from "./command.ts";

/** `inspect` output → container name → its start. */
export function parseInspectStarts(text: string): Map<string, ContainerStart> {
  const out = new Map<string, ContainerStart>();
  for (const c of inspectedContainers(text)) {
    const state = isObj(c.State) ? c.State : {};
    out.set(containerName(c), {
      startedAt: typeof state.StartedAt === "string" ? state.StartedAt : "",
      restarts: typeof c.RestartCount === "number" ? c.RestartCount : 0,
      ...(typeof c.Created === "string" ? { created: c.Created } : {}),
    });
  }
  return out;
}

/** The engine's zero time: `StartedAt` of a container never started (created only). */
const NEVER = /^0001-01-01/;

/** How many times, as a verdict says it: "once", "3 times". */
function timesText(n: number): string {
  return n === 1 ? "once" : `${n} times`;
}

/** "restarted 3 times after exiting with code 3" (without the code when it is not known), as a read words a restart. */
export function restartedText(times: number, code?: number): string {
  return `restarted ${timesText(times)} after exiting${code === undefined ? "" : ` with code ${code}`}`;
}

/**
 * Why a container restarted between two reads (its restart count grew, or it was started again after a start already
 * seen), or undefined. A first start (from created) is none.
 */
export function restartBetween(before: ContainerStart, now: ContainerStart): string | undefined {
  if (now.restarts > before.restarts) return `restarted ${timesText(now.restarts - before.restarts)} while waiting (it exited and its restart policy started it again)`;
  if (now.startedAt !== before.startedAt && before.startedAt !== "" && !NEVER.test(before.startedAt)) return "restarted while waiting (it was started again)";
  return undefined;
}

/** Wraps a poll so that every container it returns carries its start (one `inspect` of them all per poll). */
export function withStarts(poll: () => Promise<ListResult>, inspect: (names: string[]) => Promise<Map<string, ContainerStart> | { error: string }>): () => Promise<ListResult> {
  return async () => {
    const r = await poll();
    if ("error" in r || r.states.length === 0) return r;
    const found = await inspect(r.states.map((c) => c.name));
    if ("error" in found) return found;
    const states: ContainerState[] = r.states.map((c) => {
      const start = found.get(c.name);
      return start ? { ...c, start } : c;
    });
    return { states };
  };
}

/** Inspects containers' starts by name through the engine's CLI. */
export function inspectStartsWith(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal, log?: (line: string) => void) {
  return inspectWith(engine, t, signal, log, parseInspectStarts, true);
}

/** How long the read of a container's events may take: it only adds the exit code to a failure already found. */
const EVENTS_MS = 10_000;

/**
 * The exit code in the last `die` event of `name` in `docker events --format '{{json .}}'` output, or undefined. The
 * event's own name is compared, as the engine's `container=` filter matches names as a pattern (looper-1 finds looper-10).
 * Docker names the code `exitCode`; podman's Docker API does too (and `containerExitCode`, as its own API does, where the
 * event is `died`).
 */
export function lastExitCode(text: string, name: string): number | undefined {
  let code: number | undefined;
  for (const line of text.split("\n")) {
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      continue;
    }
    if (!isObj(e) || !isObj(e.Actor) || !isObj(e.Actor.Attributes)) continue;
    const action = e.Action ?? e.status ?? e.Status;
    const attrs = e.Actor.Attributes;
    if ((action !== "die" && action !== "died") || attrs.name !== name) continue;
    const raw = attrs.exitCode ?? attrs.containerExitCode;
    if (typeof raw === "string" && /^-?\d+$/.test(raw)) code = Number(raw);
  }
  return code;
}

/**
 * The code of a container's last exit before its current start, from the engine's events between its creation and that
 * start (both by the engine's clock), or undefined. A running container shows none: docker and podman set `ExitCode` back
 * to 0 at each start. The engine keeps few events (Docker the last 256), so on a busy engine the exit may be gone.
 */
export function lastExitWith(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal, log?: (line: string) => void) {
  return async (name: string, start: ContainerStart): Promise<number | undefined> => {
    if (!start.created || !start.startedAt || NEVER.test(start.startedAt)) return undefined;
    const argv = [engine.cli, "events", "--since", start.created, "--until", start.startedAt, "--filter", `container=${name}`, "--format", "{{json .}}"];
    const r = await runLogged(argv, t.cwd, t.env, { signal: AbortSignal.any([signal, AbortSignal.timeout(EVENTS_MS)]), log, quiet: true });
    return r.exitCode === 0 ? lastExitCode(r.stdout, name) : undefined;
  };
}

/**
 * Container name → the code of its last exit, for each container of the `expected` services (every one when undefined)
 * that its restart policy has started again (restart count above 0), where the engine's events still have it.
 */
export async function exitsBeforeRestarts(states: readonly ContainerState[], expected: readonly string[] | undefined, lastExit: (name: string, start: ContainerStart) => Promise<number | undefined>): Promise<Map<string, number>> {
  const restarted = states.filter((c) => c.start && c.start.restarts > 0 && (!expected || expected.includes(c.service)));
  const codes = await Promise.all(restarted.map((c) => lastExit(c.name, c.start!)));
  const out = new Map<string, number>();
  restarted.forEach((c, i) => codes[i] !== undefined && out.set(c.name, codes[i]!));
  return out;
}

/** A running container its restart policy started again since the run last saw it come up. */
export interface RestartedSince {
  name: string;
  start: ContainerStart;
  /** Its restart count when the run last saw it come up. */
  from: number;
  /** The step that saw it then, or that set its count back to 0: "compose up", "compose restart", "compose stop". */
  by: string;
}

/**
 * The running containers of `services` whose restart count (`starts`, from inspect) is above the one the run saw when it
 * last came up (`since`; undefined: the run knows none, as for a project it did not bring up). One caught running between
 * two crashes, or that crashed and recovered, is running in a read; its count says it failed.
 */
export function restartedSince(
  states: readonly ContainerState[],
  services: readonly string[],
  starts: ReadonlyMap<string, ContainerStart>,
  since: (name: string, start: ContainerStart) => { restarts: number; by: string } | undefined,
): RestartedSince[] {
  const out: RestartedSince[] = [];
  for (const c of states) {
    const start = starts.get(c.name);
    if (c.state !== "running" || !services.includes(c.service) || !start) continue;
    const seen = since(c.name, start);
    if (seen && start.restarts > seen.restarts) out.push({ name: c.name, start, from: seen.restarts, by: seen.by });
  }
  return out;
}

/** "restarted once after exiting with code 3 since this run's compose up", as an up's read words a restart. */
export function restartedSinceText(r: RestartedSince, code?: number): string {
  const count = r.from > 0 ? ` (restart count ${r.from} → ${r.start.restarts})` : "";
  return `${restartedText(r.start.restarts - r.from, code)} since this run's ${r.by}${count}`;
}

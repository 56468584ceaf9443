// When each container was last started, from `inspect` on every poll of a wait: a container that exits and is started again by its restart policy between two polls looks running in both.
import type { ComposeEngine } from "./engine.ts";
import type { ComposeTarget } from "./command.ts";
import type { ContainerStart, ContainerState, ListResult } from "./ps.ts";
import { containerName, inspectedContainers, inspectWith, isObj } from "./inspect-json.ts";

/** `inspect` output → container name → its start. */
export function parseInspectStarts(text: string): Map<string, ContainerStart> {
  const out = new Map<string, ContainerStart>();
  for (const c of inspectedContainers(text)) {
    const state = isObj(c.State) ? c.State : {};
    out.set(containerName(c), {
      startedAt: typeof state.StartedAt === "string" ? state.StartedAt : "",
      restarts: typeof c.RestartCount === "number" ? c.RestartCount : 0,
    });
  }
  return out;
}

/** The engine's zero time: `StartedAt` of a container never started (created only). */
const NEVER = /^0001-01-01/;

/**
 * Why a container restarted between two reads (its restart count grew, or it was started again after a start already
 * seen), or undefined. A first start (from created) is none.
 */
export function restartBetween(before: ContainerStart, now: ContainerStart): string | undefined {
  if (now.restarts > before.restarts) return `restarted ${now.restarts - before.restarts === 1 ? "once" : `${now.restarts - before.restarts} times`} while waiting (it exited and its restart policy started it again)`;
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

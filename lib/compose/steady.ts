// What `expect: {running, healthy}` reads: the containers, and for one started less than STEADY_MS ago a second read once it has been up that long, so a crash-looping container caught while up does not count as running.
import { sleep } from "../util/sleep.ts";
import type { ContainerStart, ContainerState, ListResult } from "./ps.ts";

/** How long a container must have run since its current start for `running` (and `healthy`) to count it: the wait's settle period. */
export const STEADY_MS = 2000;

export interface SteadyIo {
  /** Each named container's start (inspect: State.StartedAt, RestartCount). */
  starts: (names: string[]) => Promise<Map<string, ContainerStart> | { error: string }>;
  /** Reads the project's containers again. */
  reread: () => Promise<ListResult>;
  signal: AbortSignal;
  /** Wall clock in epoch ms, compared with the engine's StartedAt (default Date.now). */
  now?: () => number;
  steadyMs?: number;
}

export interface SteadyRead {
  /** The states to judge: the second read when one was needed, else the first. */
  states: ContainerState[];
  /** Container name → why it does not count as running although a read shows it running (it was started again). */
  unsteady: Map<string, string>;
}

/**
 * The states that `running` and `healthy` of `services` are judged on. Every running container of those services that
 * started less than steadyMs before the first read (by its StartedAt against `now`) is read again once it has been up
 * that long: it counts as running only when that read finds it running from the same start (same StartedAt, same
 * restart count). A container that its restart policy starts again every second is running in many reads; it never
 * runs 2 s from one start.
 */
export async function steadyRead(first: ContainerState[], services: readonly string[], io: SteadyIo): Promise<SteadyRead | { error: string }> {
  const steadyMs = io.steadyMs ?? STEADY_MS;
  const now = io.now ?? Date.now;
  const watched = first.filter((c) => services.includes(c.service) && c.state === "running");
  if (watched.length === 0) return { states: first, unsteady: new Map() };
  const before = await io.starts(watched.map((c) => c.name));
  if ("error" in before) return before;
  const readAt = now();
  const young = watched.filter((c) => {
    const started = Date.parse(before.get(c.name)?.startedAt ?? "");
    return !Number.isFinite(started) || readAt - started < steadyMs;
  });
  if (young.length === 0) return { states: first, unsteady: new Map() };
  const waitMs = Math.min(steadyMs, Math.max(...young.map((c) => steadyMs - (readAt - (Date.parse(before.get(c.name)?.startedAt ?? "") || readAt)))));
  if (!(await sleep(waitMs, io.signal))) return { error: `stopped while waiting for ${young.map((c) => c.service).join(", ")} to have run ${steadyMs / 1000}s` };
  const again = await io.reread();
  if ("error" in again) return again;
  const stillRunning = again.states.filter((c) => young.some((y) => y.name === c.name) && c.state === "running");
  const after = stillRunning.length ? await io.starts(stillRunning.map((c) => c.name)) : new Map<string, ContainerStart>();
  if ("error" in after) return after;
  const unsteady = new Map<string, string>();
  for (const c of stillRunning) {
    const a = before.get(c.name);
    const b = after.get(c.name);
    if (!a || !b) continue;
    if (b.restarts > a.restarts) unsteady.set(c.name, `started again within ${steadyMs / 1000}s by its restart policy (restart count ${a.restarts} → ${b.restarts})`);
    else if (b.startedAt !== a.startedAt) unsteady.set(c.name, `started again within ${steadyMs / 1000}s`);
  }
  return { states: again.states, unsteady };
}

// The `wait: true` loop: polls container states until every expected service is running (healthy where it has a healthcheck) and has stayed up for a settle period (a one-shot one: completed in two reads in a row), one fails, or the signal fires.
import { sleep } from "../util/sleep.ts";
import type { ContainerStart, ContainerState, ListResult } from "./ps.ts";
import { restartBetween, restartedText } from "./starts.ts";

export type Verdict = { kind: "ready"; why: string } | { kind: "starting"; why: string } | { kind: "failed"; why: string };

/** How long every container must have been seen running before the wait passes: an early exit fails the wait instead. */
const SETTLE_MS = 2000;
const SETTLING = "running for less than";

/**
 * Where one container stands. A one-shot service (others wait for it to complete) succeeds by exiting 0. Running
 * without health is ready only when the configuration says there is no healthcheck (`c.healthcheck === false`): a read
 * can miss the health of a container that has one (compose ps reads the state and the health at different moments).
 */
export function verdict(c: ContainerState, oneShot = false): Verdict {
  switch (c.state) {
    case "running":
      if (c.health === "unhealthy") return { kind: "failed", why: "unhealthy" };
      if (c.health === "healthy") return { kind: "ready", why: "healthy" };
      if (c.health === "" && c.healthcheck === false) return { kind: "ready", why: "running" };
      return { kind: "starting", why: `health: ${c.health || (c.healthcheck ? "not reported" : "healthcheck not known")}` };
    case "exited":
    case "dead":
      if (oneShot && c.exitCode === 0) return { kind: "ready", why: "completed" };
      return { kind: "failed", why: `exited with code ${c.exitCode ?? "?"}` };
    case "restarting":
      return { kind: "failed", why: restartingWhy(c) };
    case "paused":
      return { kind: "failed", why: "paused" };
    default:
      return { kind: "starting", why: c.state || "unknown state" };
  }
}

export interface ServiceVerdict {
  /** The service, or the container name when a service has several. */
  service: string;
  why: string;
  /**
   * Failed only by having been started again (its restart count, or a later start than one already seen), while its
   * state may read running: a start that recovered looks the same to one read. Unset for every other verdict.
   */
  restarted?: true;
}

export interface WaitOptions {
  /** Reads the current containers (compose ps). */
  poll: () => Promise<ListResult>;
  /** Services to wait for; undefined: every service that has a container. */
  expected?: readonly string[];
  oneShot?: ReadonlySet<string>;
  /** Expected services that compose starts only if it can (`depends_on` with `required: false`): one with no container is not waited for. */
  optional?: ReadonlySet<string>;
  signal: AbortSignal;
  /** First poll interval; grows to maxIntervalMs. */
  intervalMs?: number;
  maxIntervalMs?: number;
  /** Called whenever the set of services still starting changes (for logs and progress). */
  onProgress?: (pending: readonly ServiceVerdict[]) => void;
  /** How long each container must have been seen running (default SETTLE_MS). */
  settleMs?: number;
  /** The clock, in ms (default performance.now). */
  now?: () => number;
}

export interface WaitOutcome {
  status: "ready" | "failed" | "aborted" | "error";
  /** The last states seen. */
  states: ContainerState[];
  /** Whether some poll read the states (an interrupt before the first read leaves `states` empty, not "no containers"). */
  read: boolean;
  /** Services not ready yet when the wait ended. */
  pending: ServiceVerdict[];
  /** Services that exited, became unhealthy or are restarting. */
  failed: ServiceVerdict[];
  error?: string;
  waitedMs: number;
}

/** Why a one-shot container read as completed does not count yet: the read before this one did not see it so. */
const COMPLETED_ONCE = "exited 0, reading again to confirm";

/**
 * Classifies the expected services of one snapshot. `settling` says why a running, otherwise ready container does not
 * count yet (it has not been up long enough), or undefined; `confirming` the same of a one-shot container read as
 * completed (exited 0).
 */
export function assess(
  states: readonly ContainerState[],
  expected: readonly string[] | undefined,
  oneShot: ReadonlySet<string> = new Set(),
  settling: (c: ContainerState) => string | undefined = () => undefined,
  confirming: (c: ContainerState) => string | undefined = () => undefined,
  optional: ReadonlySet<string> = new Set(),
): { pending: ServiceVerdict[]; failed: ServiceVerdict[] } {
  const services = expected ?? [...new Set(states.map((s) => s.service))].sort();
  const pending: ServiceVerdict[] = [];
  const failed: ServiceVerdict[] = [];
  for (const service of services) {
    const mine = states.filter((s) => s.service === service);
    if (mine.length === 0) {
      // The wait starts after `up -d` has created every container it creates: an optional dependency without one was not started.
      if (!optional.has(service)) pending.push({ service, why: "no container yet" });
      continue;
    }
    for (const c of mine) {
      const v = verdict(c, oneShot.has(service));
      const who = mine.length > 1 ? c.name : service;
      const unsettled = v.kind !== "ready" ? undefined : c.state === "running" ? settling(c) : confirming(c);
      if (v.kind === "failed") failed.push({ service: who, why: v.why });
      else if (v.kind === "starting") pending.push({ service: who, why: v.why });
      else if (unsettled) pending.push({ service: who, why: unsettled });
    }
  }
  return { pending, failed };
}

/**
 * The expected containers that restarted since the first read that saw their start (a crash-looping service can be
 * running in every read: Docker restarts it between them), or that its restart policy had already started again when
 * that first read saw it (restart count above 0, as the read after an `up` without wait judges it: a crash before the
 * wait's first poll, then a start that stays up, passed); records the first start of each container it sees.
 */
function restartsSeen(states: readonly ContainerState[], firstStart: Map<string, ContainerStart>, expected: readonly string[] | undefined): ServiceVerdict[] {
  const out: ServiceVerdict[] = [];
  for (const c of states) {
    if (!c.start) continue;
    const first = firstStart.get(c.name);
    if (!first) firstStart.set(c.name, c.start);
    const why = first ? restartBetween(first, c.start) : c.start.restarts > 0 ? `${restartedText(c.start.restarts)}, before the wait's first read (its restart policy started it again)` : undefined;
    if (!why || (expected && !expected.includes(c.service))) continue;
    const several = states.filter((s) => s.service === c.service).length > 1;
    out.push({ service: several ? c.name : c.service, why, restarted: true });
  }
  return out;
}

/**
 * The expected containers a read no longer lists although an earlier read of the wait did: removed during it (docker rm,
 * another run's down). Nothing of a wait brings one back, and it read "no container yet" until the deadline. Records
 * every container the read lists (name → service).
 */
function removedSince(states: readonly ContainerState[], seen: Map<string, string>, expected: readonly string[] | undefined): (ServiceVerdict & { of: string })[] {
  const out: (ServiceVerdict & { of: string })[] = [];
  const now = new Set(states.map((c) => c.name));
  for (const [name, service] of seen) {
    if (now.has(name) || (expected && !expected.includes(service))) continue;
    const several = [...seen.values()].filter((s) => s === service).length > 1;
    out.push({ service: several ? name : service, why: `its container ${name} was removed during the wait`, of: service });
  }
  for (const c of states) seen.set(c.name, c.service);
  return out;
}

/** For podman, whose healthchecks run from systemd timers: why a healthcheck may never have run. "" otherwise. */
export function healthcheckHint(engine: { server: string }, pending: readonly ServiceVerdict[]): string {
  if (engine.server !== "podman" || !pending.some((p) => p.why === "health: starting")) return "";
  return " (podman runs healthchecks from systemd timers: without systemd they never run unless something else runs them, see docs/steps/compose.md#engines)";
}

/**
 * The containers of the `expected` services (every one when undefined) that a single read finds failed: exited or dead
 * with a code other than 0, restarting, or started again by its restart policy (its start, from inspect, has a restart
 * count above 0: a service that crashes every second or so is running in most reads). `exits`: container name → the code
 * of its last exit, where known (a running container shows none). An exit with 0 is a one-shot job's success, and a
 * container still starting is no failure: this judges one read (an `up` without `wait`), not readiness.
 */
export function failedInRead(states: readonly ContainerState[], expected: readonly string[] | undefined, exits: ReadonlyMap<string, number> = new Map()): ServiceVerdict[] {
  const out: ServiceVerdict[] = [];
  for (const c of states) {
    if (expected && !expected.includes(c.service)) continue;
    let why: string | undefined;
    let restarted = false;
    if (c.state === "restarting") why = restartingWhy(c);
    else if ((c.state === "exited" || c.state === "dead") && c.exitCode !== 0) why = `${c.state === "dead" ? "dead, " : ""}exited with code ${c.exitCode ?? "?"}`;
    else if (c.start && c.start.restarts > 0) {
      const code = exits.get(c.name);
      why = restartedText(c.start.restarts, code);
      restarted = true;
    }
    if (!why) continue;
    const several = states.filter((s) => s.service === c.service).length > 1;
    out.push({ service: several ? c.name : c.service, why, ...(restarted ? { restarted: true as const } : {}) });
  }
  return out;
}

/**
 * The error of a single read that found services failed (`failedInRead`, not empty). A restart alone may be a start
 * that recovered (a service that crashed until its database answered): one read cannot tell it from a crash loop caught
 * running; the wait can.
 */
export function describeReadFailures(failed: readonly ServiceVerdict[]): string {
  const restartsOnly = failed.every((v) => v.restarted);
  return `service ${describeVerdicts(failed)} right after compose up${restartsOnly ? " (one read cannot tell a crash loop from a service that recovered: wait: true watches them)" : ""}`;
}

/** "api (health: starting), db (created)" */
export function describeVerdicts(list: readonly ServiceVerdict[]): string {
  return list.map((v) => `${v.service} (${v.why})`).join(", ");
}

/**
 * Polls until ready, a failure, three failed polls in a row, or the signal. Never waits out the deadline after a failure.
 * Ready means: every expected container ready in one read, each seen running in reads at least settleMs apart, and
 * each one-shot one seen completed in this read and the one before.
 */
export async function waitForServices(opts: WaitOptions): Promise<WaitOutcome> {
  const now = opts.now ?? (() => performance.now());
  const settleMs = opts.settleMs ?? SETTLE_MS;
  const started = now();
  let interval = opts.intervalMs ?? 250;
  const maxInterval = opts.maxIntervalMs ?? 1000;
  /** Container name → when a read first saw it running (since it last was not). */
  const runningSince = new Map<string, number>();
  /** Container name → its start as the first read that had one saw it: any later start is a restart. */
  const firstStart = new Map<string, ContainerStart>();
  /** Container name → its service, for every container a read has listed. */
  const seen = new Map<string, string>();
  /**
   * The containers the previous read saw exited 0 (a one-shot one's completion). A completion counts once two reads in
   * a row agree: podman's compose ps was seen reading a container that had just exited 3 with exit code 0 once, which
   * one read would take as the job's success.
   */
  let completedBefore = new Set<string>();
  let settleLeft = 0;
  let states: ContainerState[] = [];
  let read = false;
  let pending: ServiceVerdict[] = (opts.expected ?? []).map((service) => ({ service, why: "not checked yet" }));
  let lastShown = "";
  let pollErrors = 0;
  const outcome = (status: WaitOutcome["status"], failed: ServiceVerdict[] = [], error?: string): WaitOutcome => ({
    status, states, read, pending, failed, error, waitedMs: Math.round(now() - started),
  });
  for (;;) {
    if (opts.signal.aborted) return outcome("aborted");
    const r = await opts.poll();
    if (opts.signal.aborted) return outcome("aborted");
    if ("error" in r) {
      if (++pollErrors >= 3) return outcome("error", [], r.error);
    } else {
      pollErrors = 0;
      states = r.states;
      read = true;
      const readAt = now();
      for (const c of states) {
        if (c.state !== "running") runningSince.delete(c.name);
        else if (!runningSince.has(c.name)) runningSince.set(c.name, readAt);
      }
      settleLeft = 0;
      const settling = (c: ContainerState) => {
        const left = runningSince.get(c.name)! + settleMs - readAt;
        if (left <= 0) return undefined;
        settleLeft = Math.max(settleLeft, left);
        return `${SETTLING} ${settleMs / 1000}s`;
      };
      const completedNow = new Set(states.filter((c) => (c.state === "exited" || c.state === "dead") && c.exitCode === 0).map((c) => c.name));
      const confirming = (c: ContainerState) => (completedBefore.has(c.name) ? undefined : COMPLETED_ONCE);
      const a = assess(states, opts.expected, opts.oneShot, settling, confirming, opts.optional);
      completedBefore = completedNow;
      pending = a.pending;
      // A container failed by its state (restarting, exited) is named once, by that state.
      const restarted = restartsSeen(states, firstStart, opts.expected).filter((r) => !a.failed.some((f) => f.service === r.service));
      const removed = removedSince(states, seen, opts.expected);
      // Its service, without a container now, is no longer "still starting".
      pending = pending.filter((p) => !removed.some((r) => r.service === p.service || r.of === p.service));
      const failed = [...a.failed, ...restarted, ...removed.map(({ service, why }) => ({ service, why }))];
      if (failed.length > 0) return outcome("failed", failed);
      if (pending.length === 0) return outcome("ready");
      const shown = describeVerdicts(pending);
      if (shown !== lastShown) {
        lastShown = shown;
        opts.onProgress?.(pending);
      }
    }
    // Waiting only for containers to settle: read again as soon as they have.
    const onlySettling = pending.length > 0 && settleLeft > 0 && pending.every((p) => p.why.startsWith(SETTLING));
    await sleep(onlySettling ? Math.min(interval, Math.ceil(settleLeft)) : interval, opts.signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}

/**
 * A restarting container in words: compose's ps gives 0 (or nothing) as the exit code of one between two starts, whatever
 * its last exit was (`exit 6` under `restart: always` showed code 0), so only a code other than 0 is named.
 */
function restartingWhy(c: ContainerState): string {
  return c.exitCode ? `restarting after exiting with code ${c.exitCode}` : "restarting (its restart policy starts it again after each exit)";
}

// Ctrl-C and SIGTERM during a run: one keypress is one interrupt however many copies of it arrive; a later one kills at once.
import { EXIT } from "../exit-codes.ts";
import type { Resource } from "../core/resource.ts";
import { killAllGroups } from "../util/exec.ts";

/**
 * Copies of one Ctrl-C arrive within this time of each other: a terminal signals every process of the foreground
 * process group, and `bun run`, `bunx` and `npx` also forward the signal they got to their child.
 */
export const SAME_INTERRUPT_MS = 1000;

/** 1 for the first interrupt, 0 for a copy of it (within windowMs of the first), 2 for a later, real second one. */
export type InterruptCount = 0 | 1 | 2;

/** Counts interrupts by arrival time; `now` is injectable for tests. */
export function interruptCounter(windowMs = SAME_INTERRUPT_MS, now: () => number = () => performance.now()): () => InterruptCount {
  let first: number | undefined;
  return () => {
    const t = now();
    if (first === undefined) {
      first = t;
      return 1;
    }
    return t - first < windowMs ? 0 : 2;
  };
}

/** The lines a hard stop prints: what is left and how to remove it, newest first. */
export function leftBehindLines(resources: readonly Resource[]): string[] {
  return [...resources].reverse().map((r) => `  ${r.leftBehind?.() ?? r.name}`);
}

export interface InterruptWiring {
  stderr: { write(s: string): unknown };
  /** Fired by the first interrupt: the running step stops, the rest is skipped, teardown runs. */
  interrupt: AbortController;
  /** Fired by a second interrupt, just before the process exits. */
  hardStop: AbortController;
  /** The run's live resources: the engine keeps them here, a hard stop lists them. */
  resources: Resource[];
  /** Masks secrets in what is printed (the current run's masker). */
  mask: (text: string) => string;
  /** Default SAME_INTERRUPT_MS. */
  windowMs?: number;
}

/** The window from SCENARIO_INTERRUPT_WINDOW_MS (milliseconds), else the default. */
export function interruptWindow(env: Record<string, string | undefined>): number {
  const v = Number(env.SCENARIO_INTERRUPT_WINDOW_MS);
  return env.SCENARIO_INTERRUPT_WINDOW_MS && Number.isFinite(v) && v >= 0 ? v : SAME_INTERRUPT_MS;
}

/** Installs the SIGINT/SIGTERM handlers for one run; returns the function that removes them. */
export function handleInterrupts(w: InterruptWiring): () => void {
  const count = interruptCounter(w.windowMs);
  const onSignal = (sig: NodeJS.Signals) => {
    const n = count();
    if (n === 0) return;
    if (n === 1) {
      w.stderr.write(`\n${sig}: stopping the running step, then teardown (press Ctrl-C again to kill everything now)\n`);
      w.interrupt.abort(new Error(sig));
      return;
    }
    w.hardStop.abort(new Error(sig));
    killAllGroups();
    const left = leftBehindLines(w.resources);
    const lines = [`\n${sig} again: killed every child process; exiting now without teardown or reports`];
    if (left.length) lines.push("Left behind (remove with the command shown):", ...left);
    w.stderr.write(w.mask(lines.join("\n")) + "\n");
    process.exit(EXIT.interrupted);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  };
}

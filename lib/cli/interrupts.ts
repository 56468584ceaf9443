// Ctrl-C, SIGTERM and SIGHUP during a run: one keypress is one interrupt however many copies of it arrive; a later one kills at once.
import { readFileSync } from "node:fs";
import { staleLatest, staleLatestLine } from "./stale-latest.ts";
import { EXIT } from "../exit-codes.ts";
import type { Resource } from "../core/resource.ts";
import { killAllGroups } from "../util/exec.ts";
import { inSignalMask } from "../util/proc-stat.ts";
import { againFor, hardStopAbandons, interruptMessage, type RunPhaseTracker } from "./run-phase.ts";

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
  stderr: { write(s: string): unknown; isTTY?: boolean };
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
  /** One per started run, by scenario file: the first interrupt's message says what happens in each one's phase. */
  runs: Map<string, RunPhaseTracker>;
  /** How many scenario files this command runs (1 unless several are given). */
  filesPlanned?: number;
  /** Each run's handover of the events its reporters have not had yet (lib/report/deferred.ts): called before a message is written, so it follows their lines. */
  held?: Set<() => void>;
  /**
   * The FIFO (scenario or --env-file, as shown) whose writer loading waits for. An interrupt then is said only once the
   * wait's end says what it does (sayDeferredInterrupt): with no writer nothing is loaded and nothing runs (the loader says
   * so); a writer that came as it arrived is read whole, and the run skips its steps and runs teardown.
   */
  waitingFor?: string;
  /** The signal of a first interrupt that came while waitingFor was set, not said yet. */
  deferredSignal?: string;
  /** The reports' folder and when this command started: a hard stop removes the `latest` copies older than that (staleLatest). */
  reports?: { dir: string; since: Date; cwd: string };
}

/** The first interrupt's message: one line for a single run (or none started yet), else a line per started file. */
export function firstInterruptText(sig: string, runs: ReadonlyMap<string, RunPhaseTracker>, filesPlanned = 1): string {
  if (filesPlanned <= 1) {
    const [only] = runs.values();
    const { does, again } = interruptMessage(only?.view() ?? { phase: "starting", mainLeft: 0, teardownSteps: 0 }, sig);
    return `${sig}: ${does} (${again})`;
  }
  const lines = [`${sig}: files not yet started are not run (${againFor(sig)} to kill everything now)`];
  for (const [file, run] of runs) lines.push(`  ${file}: ${interruptMessage(run.view()).does}`);
  return lines.join("\n");
}

/**
 * The second interrupt's first line: what the exit abandons. Teardown only while some started run (or one not yet
 * started) has not finished it; once every run is past it, the cleanup of what is left and the reports, then the reports alone.
 */
export function hardStopText(sig: string, runs: ReadonlyMap<string, RunPhaseTracker>, filesPlanned = 1, waitingFor?: string): string {
  if (waitingFor !== undefined && runs.size === 0) return `${sig} again: killed every child process; exiting now (nothing was loaded)`;
  const phases = [...runs.values()].map((r) => r.view().phase);
  // A file not started yet (or none at all) still has everything ahead of it.
  if (phases.length === 0 || phases.length < filesPlanned) phases.push("starting");
  const without = hardStopAbandons(phases, filesPlanned > 1);
  return `${sig} again: killed every child process; exiting now${without ? ` without ${without}` : "; the reports are written"}`;
}

/** After loading: the first interrupt's line, when it came while a FIFO's writer was awaited and the files loaded all the same. */
export function sayDeferredInterrupt(w: InterruptWiring): void {
  const sig = w.deferredSignal;
  if (sig === undefined) return;
  sayFirstInterrupt(w, sig);
  w.deferredSignal = undefined;
}

/**
 * The first interrupt's line. A terminal echoes Ctrl-C as `^C` where its cursor is, with no line end: the message starts
 * on a line of its own. Elsewhere (a file, a pipe, or a signal no terminal echoed) it starts where the output is.
 */
function sayFirstInterrupt(w: InterruptWiring, sig: string): void {
  const lead = sig === "SIGINT" && w.stderr.isTTY ? "\n" : "";
  w.stderr.write(`${lead}${w.mask(firstInterruptText(sig, w.runs, w.filesPlanned))}\n`);
}

/** The window from SCENARIO_INTERRUPT_WINDOW_MS (milliseconds), else the default. */
export function interruptWindow(env: Record<string, string | undefined>): number {
  const v = Number(env.SCENARIO_INTERRUPT_WINDOW_MS);
  return env.SCENARIO_INTERRUPT_WINDOW_MS && Number.isFinite(v) && v >= 0 ? v : SAME_INTERRUPT_MS;
}

/** The signals that interrupt a run (SIGHUP only when the tool was not started ignoring it: hangUpIgnoredAtStart). */
const INTERRUPT_SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

let hangUpIgnored: boolean | undefined;

/**
 * Whether the process was started with SIGHUP ignored (`nohup`, `trap '' HUP`): whoever started it asked for the run to
 * outlive the terminal, and a handler would undo that. Read once, before any handler changes it (Linux: the SigIgn mask
 * of /proc/self/status; elsewhere taken as not ignored).
 */
function hangUpIgnoredAtStart(): boolean {
  if (hangUpIgnored === undefined) {
    try {
      hangUpIgnored = inSignalMask(readFileSync("/proc/self/status", "utf8"), "SigIgn", 1);
    } catch {
      hangUpIgnored = false;
    }
  }
  return hangUpIgnored;
}

/** Installs the SIGINT/SIGTERM/SIGHUP handlers for one run; returns the function that removes them. */
export function handleInterrupts(w: InterruptWiring): () => void {
  const count = interruptCounter(w.windowMs);
  const onSignal = (sig: NodeJS.Signals) => {
    const n = count();
    if (n === 0) return;
    if (w.held) for (const flush of w.held) flush();
    // A terminal echoes Ctrl-C as `^C` where its cursor is, with no line end: the message starts on a line of its own.
    // Elsewhere (a file, a pipe, or a signal no terminal echoed) it starts where the output is, with no blank line.
    const lead = sig === "SIGINT" && w.stderr.isTTY ? "\n" : "";
    if (n === 1) {
      if (w.waitingFor !== undefined && w.runs.size === 0) w.deferredSignal = sig;
      else sayFirstInterrupt(w, sig);
      w.interrupt.abort(new Error(sig));
      return;
    }
    w.hardStop.abort(new Error(sig));
    killAllGroups();
    const left = leftBehindLines(w.resources);
    const lines = [`${lead}${hardStopText(sig, w.runs, w.filesPlanned, w.waitingFor)}`];
    if (left.length) lines.push("Left behind (remove with the command shown):", ...left);
    const stale = w.reports ? staleLatestLine(w.reports.cwd, staleLatest(w.reports.dir, w.reports.since)) : "";
    if (stale) lines.push(stale);
    w.stderr.write(w.mask(lines.join("\n")) + "\n");
    process.exit(EXIT.interrupted);
  };
  // SIGHUP: the terminal the run was started from closed (a closed ssh session or tmux window). Left to its default
  // it ends the tool at once, leaving every child process group (each has its own) running with no teardown or reports.
  const signals = hangUpIgnoredAtStart() ? INTERRUPT_SIGNALS.filter((sig) => sig !== "SIGHUP") : INTERRUPT_SIGNALS;
  for (const sig of signals) process.on(sig, onSignal);
  return () => {
    for (const sig of signals) process.off(sig, onSignal);
  };
}

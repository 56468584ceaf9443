// Processes found again by the mark every process the tool starts carries in its environment (Linux /proc), and how they are stopped.
import { readdirSync, readFileSync } from "node:fs";
import { inSignalMask, readProcStat } from "./proc-stat.ts";
import { randomHex } from "./random-hex.ts";

/** The variable every process a step starts inherits (unless it clears its environment): how they are found again. */
export const EXEC_MARK_VAR = "SCENARIO_EXEC_MARK";

/**
 * This process's part of every mark: its pid and a random word, so that a later tool process given the same pid
 * never takes the processes an earlier one left (after a kill -9) for its own. A mark is `<this>/<more>`.
 */
export const PROCESS_MARK = `${process.pid}-${randomHex(3)}`;

const NEEDLE = `${EXEC_MARK_VAR}=`;

let given = 0;

/** A mark of this process for a command it starts: `<PROCESS_MARK>/<more>` (more: its run's and its step's, or an exec's own). */
export function newMark(more: string): string {
  given++;
  return `${PROCESS_MARK}/${more}`;
}

export interface MarkedProcess {
  pid: number;
  /** Its mark, as its environment holds it. */
  mark: string;
  /** Its command line (arguments joined by spaces). */
  command: string;
  /** Its process group: it leads its own (`setsid cmd &`) when this is its pid. */
  pgrp: number;
}

/** The process ids /proc lists (Linux); throws where there is no /proc. */
export function procPids(): string[] {
  return readdirSync("/proc").filter((n) => n.charCodeAt(0) >= 48 && n.charCodeAt(0) <= 57);
}

/**
 * The mark in a process's environment, or undefined: it has none, is gone, is a zombie (whose environment reads empty),
 * or is another user's (unreadable).
 */
export function markOf(pid: number | string): string | undefined {
  let env: string;
  try {
    env = readFileSync(`/proc/${pid}/environ`, "utf8");
  } catch {
    return undefined;
  }
  // The entry starts the environment or follows a NUL (a value that merely contains the text is no entry).
  const entry = env.startsWith(NEEDLE) ? 0 : env.indexOf(`\0${NEEDLE}`) + 1;
  if (entry === 0 && !env.startsWith(NEEDLE)) return undefined;
  const from = entry + NEEDLE.length;
  const end = env.indexOf("\0", from);
  return env.slice(from, end < 0 ? undefined : end);
}

/**
 * Every process, other than this one, whose mark `wanted` accepts (Linux /proc; none where there is no /proc, as on
 * macOS), with its command line and process group.
 */
export function markedProcesses(wanted: (mark: string) => boolean): MarkedProcess[] {
  const found: MarkedProcess[] = [];
  let pids: string[];
  try {
    pids = procPids();
  } catch {
    return found;
  }
  const self = String(process.pid);
  for (const pid of pids) {
    if (pid === self) continue;
    const mark = markOf(pid);
    if (mark === undefined || !wanted(mark)) continue;
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
      const stat = readProcStat(pid);
      if (command && stat && stat.state !== "Z" && stat.state !== "X") found.push({ pid: Number(pid), mark, command, pgrp: stat.pgrp });
    } catch {
      // gone since
    }
  }
  return found;
}

/** How a stopped process ended: it left on SIGTERM, needed the SIGKILL, or was gone before any signal reached it. */
export type StopOutcome = "SIGTERM" | "SIGKILL" | "gone";

/**
 * Sends `sig` to the process, or to its group when it leads its own, if it still carries its mark: a pid freed and
 * given to another process is left alone. False when nothing was signalled (gone, or ESRCH: it exited just now).
 */
function signalMarked(p: MarkedProcess, sig: NodeJS.Signals): boolean {
  if (markOf(p.pid) !== p.mark) return false;
  try {
    process.kill(p.pgrp === p.pid ? -p.pid : p.pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * How long after its SIGTERM a stop says that it still waits (a stop's `slow`): a process that ends on SIGTERM is gone
 * by then, and one that outlivesTerm is said to be waited for, not taken for a hung tool.
 */
export const SLOW_STOP_MS = 300;

/**
 * Whether a SIGTERM leaves the process running: it ignores, handles or blocks it (`trap '' TERM`, a server that shuts
 * down on it), or is in an uninterruptible wait (Linux /proc/PID/status). False when it is gone, a zombie, or unreadable:
 * one with SIGTERM's default action ends on it.
 */
export function outlivesTerm(pid: number | string): boolean {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return false;
  }
  const state = /^State:\s*(\S)/m.exec(status)?.[1];
  if (state === undefined || state === "Z" || state === "X") return false;
  if (state === "D") return true;
  return (["SigBlk", "SigIgn", "SigCgt"] as const).some((field) => inSignalMask(status, field, 15));
}

/** Whether a process of group `pgid` outlivesTerm; undefined where there is no /proc to tell. */
export function memberOutlivesTerm(pgid: number): boolean | undefined {
  let pids: string[];
  try {
    pids = procPids();
  } catch {
    return undefined;
  }
  return pids.some((pid) => readProcStat(pid)?.pgrp === pgid && outlivesTerm(pid));
}

/**
 * Stops the processes the way a background process group is stopped: SIGTERM, then SIGKILL for any still running
 * `graceMs` later. A fired `signal` (a second Ctrl-C) ends the wait; what is left then gets the SIGKILL at once.
 * `slow` is told, SLOW_STOP_MS after the SIGTERM, of those still running that outlive it (to a group: a member that
 * does), with the time left until their SIGKILL; not when none does.
 */
export async function stopMarked(found: readonly MarkedProcess[], graceMs = 2000, signal?: AbortSignal, slow?: (holding: MarkedProcess[], killInMs: number) => void): Promise<Map<number, StopOutcome>> {
  const outcome = new Map<number, StopOutcome>();
  for (const p of found) outcome.set(p.pid, signalMarked(p, "SIGTERM") ? "SIGTERM" : "gone");
  const running = () => found.filter((p) => outcome.get(p.pid) === "SIGTERM" && markOf(p.pid) === p.mark);
  const deadline = Date.now() + graceMs;
  const say = () => {
    const holding = running().filter((p) => (p.pgrp === p.pid ? (memberOutlivesTerm(p.pid) ?? true) : outlivesTerm(p.pid)));
    if (holding.length > 0 && Date.now() < deadline && !signal?.aborted) slow!(holding, deadline - Date.now());
  };
  const saying = slow && setTimeout(say, SLOW_STOP_MS);
  try {
    while (running().length > 0 && Date.now() < deadline && !signal?.aborted) await Bun.sleep(20);
  } finally {
    clearTimeout(saying);
  }
  for (const p of running()) if (signalMarked(p, "SIGKILL")) outcome.set(p.pid, "SIGKILL");
  return outcome;
}

/**
 * SIGKILLs, at once, every process carrying a mark of this process (a second Ctrl-C: exit now, leave nothing running);
 * no /proc scan when no mark was ever given.
 */
export function killEveryMarked(): void {
  if (given === 0) return;
  for (const p of markedProcesses((mark) => mark.startsWith(`${PROCESS_MARK}/`))) signalMarked(p, "SIGKILL");
}

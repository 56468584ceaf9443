// A process's /proc/PID/stat (Linux), read and split in one place: the command name in it may hold anything; and the
// signal masks of its /proc/PID/status.
import { readFileSync } from "node:fs";

/** The fields of /proc/PID/stat the tool uses. */
export interface ProcStat {
  pid: number;
  /** The command name (/proc/PID/comm, at most 15 bytes): spaces, parentheses and `) (` included. */
  comm: string;
  /** One letter: R running, S sleeping, D disk wait, Z zombie, T stopped, X dead, … */
  state: string;
  /** The parent's process id. */
  ppid: number;
  /** The process group. */
  pgrp: number;
  /** When it started, in clock ticks since boot (as written: a reused PID has another). */
  startTime: string;
}

/**
 * A stat line's fields; undefined for text that is none. It reads `pid (comm) state ppid pgrp …`: the name is set by
 * the process (a file's name, prctl, /proc/PID/comm) and may hold spaces and `)`, so the fields are those after its
 * LAST `)`, which only the name can be followed by (the fields after it are numbers and a state letter).
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf(" (");
  const close = text.lastIndexOf(")");
  if (open < 0 || close < open + 1) return undefined;
  const pid = Number(text.slice(0, open));
  // After `) `: state (field 3) … starttime (field 22).
  const rest = text.slice(close + 2).trimEnd().split(" ");
  if (!Number.isInteger(pid) || rest.length < 20) return undefined;
  return { pid, comm: text.slice(open + 2, close), state: rest[0]!, ppid: Number(rest[1]), pgrp: Number(rest[2]), startTime: rest[19]! };
}

/** The stat of a process; undefined where there is none (no /proc, as on macOS; the process is gone; unreadable). */
export function readProcStat(pid: number | string): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  return parseProcStat(text);
}

/**
 * Whether `signal` (1 SIGHUP, 15 SIGTERM) is in the `field` mask of a /proc/PID/status text (signal n is bit n - 1 of
 * the hex mask); false where the field is missing.
 */
export function inSignalMask(status: string, field: "SigBlk" | "SigIgn" | "SigCgt", signal: number): boolean {
  const mask = new RegExp(`^${field}:\\s*([0-9a-fA-F]+)$`, "m").exec(status)?.[1];
  return mask !== undefined && (BigInt(`0x${mask}`) & (1n << BigInt(signal - 1))) !== 0n;
}

// Process checks for tests that must prove a run left nothing running.
import { readProcStat } from "../../lib/util/proc-stat.ts";

/** True while the process exists and is not a zombie (this machine's PID 1 may not reap them). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat = readProcStat(pid);
  return stat !== undefined && stat.state !== "Z";
}

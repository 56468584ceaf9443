// Process checks for tests that must prove a run left nothing running, and the ending of the processes a test started.
import { afterEach } from "bun:test";
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

/**
 * The list a test file pushes the PIDs of the processes it starts detached (each leading its own group, as `setsid cmd`
 * would) onto: after each test every group on it is SIGKILLed, its children too, and the list is emptied.
 */
export function groupsKilledAfterEach(): number[] {
  const started: number[] = [];
  afterEach(() => {
    for (const pid of started.splice(0)) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // gone
      }
    }
  });
  return started;
}

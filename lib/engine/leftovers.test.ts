// Tests of the run's end stopping what its steps left running: only its own marks, each named with its step, pid and command.
import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { alive } from "../../test/helpers/processes.ts";
import { waitFor } from "../../test/helpers/cli.ts";
import { EXEC_MARK_VAR, markOf } from "../util/marked-processes.ts";
import { RunMarks, stopLeftovers } from "./leftovers.ts";

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});

/** What a step leaves running: a process carrying its mark (`sleep 300`, once bash has exec'd it). */
async function leftBy(mark: string): Promise<number> {
  const proc = Bun.spawn(["bash", "-c", "exec sleep 300"], { env: { ...process.env, [EXEC_MARK_VAR]: mark }, stdin: "ignore", stdout: "ignore", stderr: "ignore", detached: true });
  started.push(proc.pid);
  await waitFor(() => markOf(proc.pid) === mark && readFileSync(`/proc/${proc.pid}/cmdline`, "utf8").startsWith("sleep"), "the process to start");
  return proc.pid;
}

describe.if(process.platform === "linux")(`processes left running by a run's steps${process.platform === "linux" ? "" : " (skipped: needs Linux /proc)"}`, () => {
  test("the run's end stops its own, names step, pid and command, and leaves another run's running", async () => {
    const mine = new RunMarks("run-a");
    const other = new RunMarks("run-b");
    const ours = await leftBy(mine.give("step 1 (Start the server)"));
    const theirs = await leftBy(other.give("step 1 (Start the server)"));
    const log: string[] = [];
    const stopped = await stopLeftovers(mine, (line) => log.push(line), new AbortController().signal);
    expect(stopped).toEqual([`pid ${ours} (sleep 300), left running by step 1 (Start the server): SIGTERM`]);
    expect(log).toEqual([`cleanup: pid ${ours} (sleep 300), left running by step 1 (Start the server)`, `pid ${ours} stopped (SIGTERM)`]);
    await waitFor(() => !alive(ours), "the run's own to be gone", 5000);
    expect(alive(theirs)).toBe(true);
    // The other run's end finds its own, and nothing of the first run is left to find.
    expect(await stopLeftovers(other, () => {}, new AbortController().signal)).toEqual([`pid ${theirs} (sleep 300), left running by step 1 (Start the server): SIGTERM`]);
    expect(await stopLeftovers(mine, () => {}, new AbortController().signal)).toEqual([]);
  });

  test("a run that gave no mark scans nothing and stops nothing", async () => {
    const marks = new RunMarks("run-c");
    expect(marks.any).toBe(false);
    const log: string[] = [];
    expect(await stopLeftovers(marks, (line) => log.push(line), new AbortController().signal)).toEqual([]);
    expect(log).toEqual([]);
  });
});

// What steps left running outside every resource (`server > server.log 2>&1 &`, `setsid server &`, `nohup server &`):
// found after teardown and cleanup by the marks the run gave its steps' processes, and stopped.
import { markedProcesses, newMark, stopMarked, type MarkedProcess, type StopOutcome } from "../util/marked-processes.ts";
import { clipToWidth } from "../util/clip.ts";

/** Numbers the runs of this process: two runs with one run id (tests, a chance collision) still get marks of their own. */
let runs = 0;

/**
 * The marks one run gives the processes its steps start (SCENARIO_EXEC_MARK, inherited by everything they start in
 * turn), each a mark of its own, with the step it was given to. The run owns exactly the marks it gave: another run's
 * processes (--jobs) carry marks this one never gave, so its end leaves them alone.
 */
export class RunMarks {
  readonly #prefix: string;
  readonly #steps = new Map<string, string>();

  constructor(runId: string) {
    this.#prefix = `${runId}-${++runs}`;
  }

  /** A fresh mark for a process `step` ("step 2 (Start the server)") starts. */
  give(step: string): string {
    const mark = newMark(`${this.#prefix}/${this.#steps.size + 1}`);
    this.#steps.set(mark, step);
    return mark;
  }

  /** Whether any was given: without one the run started no process a step could leave running, and nothing is scanned. */
  get any(): boolean {
    return this.#steps.size > 0;
  }

  /** The step a mark of this run was given to; undefined for any other mark. */
  stepOf(mark: string): string | undefined {
    return this.#steps.get(mark);
  }
}

/** Scans after the first stop: a process forked while the first ones were stopped (a supervisor's restart) is found too. */
const ROUNDS = 3;

/**
 * Stops every process still running with a mark of this run (Linux; nothing is found where there is no /proc): SIGTERM
 * to it (to its group when it leads its own), SIGKILL `graceMs` later for what is left. Each is logged; returns a line
 * for each one stopped, for stderr. A fired `signal` (a second Ctrl-C) ends the wait; the hard stop kills the rest.
 * `slow` is told when the wait is for some that outlive the SIGTERM (stopMarked), as `the processes step 1 (…) left
 * running`, with the time left until their SIGKILL.
 */
export async function stopLeftovers(marks: RunMarks, log: (line: string) => void, signal: AbortSignal, graceMs = 2000, slow?: (what: string, killInMs: number) => void): Promise<string[]> {
  if (!marks.any) return [];
  const stopped: string[] = [];
  const seen = new Set<number>();
  for (let round = 0; round < ROUNDS && !signal.aborted; round++) {
    const found = markedProcesses((mark) => marks.stepOf(mark) !== undefined).filter((p) => !seen.has(p.pid));
    if (found.length === 0) break;
    const what = (p: MarkedProcess) => `pid ${p.pid} (${clipToWidth(p.command, 80)}), left running by ${marks.stepOf(p.mark)}`;
    for (const p of found) {
      seen.add(p.pid);
      log(`cleanup: ${what(p)}`);
    }
    const sayHolding = slow && ((holding: MarkedProcess[], killInMs: number) => slow(`the processes ${[...new Set(holding.map((p) => marks.stepOf(p.mark)))].join(", ")} left running`, killInMs));
    const outcome = await stopMarked(found, graceMs, signal, sayHolding);
    for (const p of found) {
      const how = outcome.get(p.pid) ?? "gone";
      log(`pid ${p.pid} ${STOPPED[how](graceMs)}`);
      if (how !== "gone") stopped.push(`${what(p)}: ${how}`);
    }
  }
  return stopped;
}

const STOPPED: Record<StopOutcome, (graceMs: number) => string> = {
  SIGTERM: () => "stopped (SIGTERM)",
  SIGKILL: (ms) => `stopped (SIGKILL: still running ${ms / 1000}s after SIGTERM)`,
  gone: () => "had exited before it was stopped",
};

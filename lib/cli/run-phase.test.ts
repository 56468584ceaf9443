// The first Ctrl-C's message follows the run's phase, read from its engine events.
import { describe, expect, test } from "bun:test";
import type { RunEvent, StepInfo } from "../engine/events.ts";
import { firstInterruptText, hardStopText } from "./interrupts.ts";
import { RunPhaseTracker } from "./run-phase.ts";
import { seededRandom } from "../../test/helpers/random.ts";

const step = (index: number, phase: "main" | "teardown"): StepInfo => ({ index, phase, name: `s${index}`, kind: "shell", tags: [] });
const steps = [step(0, "main"), step(1, "main"), step(2, "teardown")];
const runStart: RunEvent = { type: "run-start", scenario: "x", file: "x.yaml", runId: "r", startedAt: new Date(0), steps };
const start = (s: StepInfo): RunEvent => ({ type: "step-start", step: s });
const end = (s: StepInfo): RunEvent => ({ type: "step-end", step: s, status: "passed", attempts: 1, durationMs: 1 });
const runEnd: RunEvent = { type: "run-end", status: "passed", durationMs: 1, totals: { passed: 3, failed: 0, skipped: 0, interrupted: 0 }, endedAt: new Date(0) };

function messageAfter(events: RunEvent[], planned: StepInfo[] = steps): string {
  const run = new RunPhaseTracker();
  for (const e of events) run.onEvent(e.type === "run-start" ? { ...e, steps: planned } : e);
  return firstInterruptText("SIGINT", new Map([["x.yaml", run]]));
}

describe("the first interrupt's message by phase", () => {
  test("before the run starts", () => {
    expect(firstInterruptText("SIGINT", new Map())).toBe(
      "SIGINT: no step has started: the steps will be skipped; teardown, cleanup and reports still run (press Ctrl-C again to kill everything now)",
    );
  });

  test("a main step running", () => {
    expect(messageAfter([runStart, start(steps[0]!)])).toBe(
      "SIGINT: stopping the running step, skipping the 1 step after it, then teardown, cleanup and reports (press Ctrl-C again to kill everything now)",
    );
    expect(messageAfter([runStart, start(steps[0]!)], [steps[0]!])).toBe("SIGINT: stopping the running step, then cleanup and reports (press Ctrl-C again to kill everything now)");
  });

  test("between main steps", () => {
    expect(messageAfter([runStart, start(steps[0]!), end(steps[0]!)])).toBe(
      "SIGINT: no step is running: skipping the 1 remaining step, then teardown, cleanup and reports (press Ctrl-C again to kill everything now)",
    );
  });

  test("teardown running, and after the last main step when teardown comes next", () => {
    const teardown = "SIGINT: teardown is running and continues, then cleanup and reports (press Ctrl-C again to kill it and exit without reports)";
    expect(messageAfter([runStart, start(steps[0]!), end(steps[0]!), start(steps[1]!), end(steps[1]!), start(steps[2]!)])).toBe(teardown);
    expect(messageAfter([runStart, start(steps[0]!), end(steps[0]!), start(steps[1]!), end(steps[1]!)])).toBe(teardown);
  });

  test("cleanup after the last step", () => {
    const all = [runStart, ...steps.flatMap((s) => [start(s), end(s)])];
    expect(messageAfter(all)).toBe(
      "SIGINT: the steps are done; cleanup of the run's resources continues, then reports (press Ctrl-C again to kill it and exit without reports, leaving resources behind)",
    );
  });

  test("writing reports, then exiting", () => {
    const run = new RunPhaseTracker();
    for (const e of [runStart, ...steps.flatMap((s) => [start(s), end(s)]), runEnd]) run.onEvent(e);
    const runs = new Map([["x.yaml", run]]);
    expect(firstInterruptText("SIGTERM", runs)).toBe("SIGTERM: the run has ended; writing its reports (send SIGTERM again to exit now without them)");
    expect(firstInterruptText("SIGINT", runs)).toBe("SIGINT: the run has ended; writing its reports (press Ctrl-C again to exit now without them)");
    run.finished();
    expect(firstInterruptText("SIGTERM", runs)).toBe("SIGTERM: the run has ended and its reports are written; exiting (nothing is left to stop)");
  });

  test("several files: a line per started file", () => {
    const a = new RunPhaseTracker();
    const b = new RunPhaseTracker();
    a.onEvent(runStart);
    a.onEvent(start(steps[0]!));
    b.onEvent(runStart);
    for (const s of steps) [start(s), end(s)].forEach((e) => b.onEvent(e));
    expect(firstInterruptText("SIGINT", new Map([["a.yaml", a], ["b.yaml", b]]), 3).split("\n")).toEqual([
      "SIGINT: files not yet started are not run (press Ctrl-C again to kill everything now)",
      "  a.yaml: stopping the running step, skipping the 1 step after it, then teardown, cleanup and reports",
      "  b.yaml: the steps are done; cleanup of the run's resources continues, then reports",
    ]);
    expect(firstInterruptText("SIGHUP", new Map([["a.yaml", a]]), 3).split("\n")[0]).toBe("SIGHUP: files not yet started are not run (send SIGHUP again to kill everything now)");
  });
});

test("following a run reads its plan once, not again at every step's end (no quadratic cost in long runs)", () => {
  const n = 2000;
  const planned = Array.from({ length: n }, (_, i) => step(i, i < n - 1 ? "main" : "teardown"));
  let reads = 0;
  const counted = new Proxy(planned, {
    get(target, key, receiver) {
      if (typeof key === "string" && /^\d+$/.test(key)) reads++;
      return Reflect.get(target, key, receiver);
    },
  });
  const run = new RunPhaseTracker();
  run.onEvent({ ...runStart, steps: counted });
  for (const s of planned.slice(0, n - 1)) {
    run.onEvent(start(s));
    run.onEvent(end(s));
  }
  expect(run.view()).toEqual({ phase: "teardown", mainLeft: 0, teardownSteps: 1 });
  expect(reads).toBeLessThan(10 * n);
});

/** The tracker as it was before it kept the plan in an array (frozen here): the differential test's oracle. */
class MapPhaseTracker {
  phase: string = "starting";
  left = new Map<number, StepInfo["phase"]>();
  mainLeft = 0;
  teardownSteps = 0;
  onEvent(event: RunEvent): void {
    switch (event.type) {
      case "run-start":
        this.left = new Map(event.steps.map((s) => [s.index, s.phase]));
        this.mainLeft = event.steps.filter((s) => s.phase === "main").length;
        this.teardownSteps = event.steps.length - this.mainLeft;
        this.phase = this.left.size ? "between-steps" : "cleanup";
        return;
      case "step-start":
        this.phase = event.step.phase === "teardown" ? "teardown" : "step";
        return;
      case "step-end": {
        const phase = this.left.get(event.step.index);
        if (phase !== undefined) {
          this.left.delete(event.step.index);
          if (phase === "main") this.mainLeft--;
        }
        this.phase = !this.left.size ? "cleanup" : event.step.phase === "teardown" || this.mainLeft === 0 ? "teardown" : "between-steps";
        return;
      }
      case "run-end":
        this.phase = "reports";
        return;
    }
  }
  view() {
    return { phase: this.phase, mainLeft: this.mainLeft, teardownSteps: this.teardownSteps };
  }
}

test("the phase after every event is the one the Map-based tracker gave, on generated runs (skips, repeated and unplanned indexes)", () => {
  const random = seededRandom(12);
  const pick = (n: number) => Math.floor(random() * n);
  for (let run = 0; run < 2000; run++) {
    const all = Array.from({ length: pick(8) }, (_, i) => step(i, random() < 0.7 ? "main" : "teardown"));
    const planned = all.filter(() => random() < 0.8);
    if (random() < 0.1 && planned.length) planned.push(planned[pick(planned.length)]!);
    const events: RunEvent[] = [{ ...runStart, steps: planned }];
    for (let e = pick(12); e > 0; e--) {
      const s = all.length && random() < 0.9 ? all[pick(all.length)]! : step(50 + pick(3), "main");
      events.push(random() < 0.5 ? start(s) : end(s));
    }
    if (random() < 0.3) events.push(runEnd);
    const ours = new RunPhaseTracker();
    const oracle = new MapPhaseTracker();
    for (const event of events) {
      ours.onEvent(event);
      oracle.onEvent(event);
      expect(ours.view()).toEqual(oracle.view() as ReturnType<RunPhaseTracker["view"]>);
    }
  }
});

describe("the second interrupt's line by phase", () => {
  const after = (...runs: RunEvent[][]): Map<string, RunPhaseTracker> =>
    new Map(runs.map((events, i) => {
      const run = new RunPhaseTracker();
      for (const e of events) run.onEvent(e);
      return [`f${i}.yaml`, run] as const;
    }));
  const all = [runStart, start(steps[0]!), end(steps[0]!), start(steps[1]!), end(steps[1]!), start(steps[2]!), end(steps[2]!)];

  test("while a step or the teardown is left, both it and the reports are abandoned", () => {
    expect(hardStopText("SIGINT", new Map())).toBe("SIGINT again: killed every child process; exiting now without teardown or reports");
    expect(hardStopText("SIGINT", after([runStart, start(steps[0]!)]))).toBe("SIGINT again: killed every child process; exiting now without teardown or reports");
    expect(hardStopText("SIGTERM", after(all.slice(0, 6)))).toBe("SIGTERM again: killed every child process; exiting now without teardown or reports");
  });

  test("after the teardown, only the cleanup still running and the reports are abandoned; after run-end, the reports", () => {
    expect(hardStopText("SIGINT", after(all))).toBe("SIGINT again: killed every child process; exiting now without finishing cleanup or writing reports");
    expect(hardStopText("SIGINT", after([...all, runEnd]))).toBe("SIGINT again: killed every child process; exiting now without reports");
  });

  test("while --update-doc waits for another run's lock, the reports are written: the document alone is abandoned", () => {
    const waiting = after([...all, runEnd]);
    const run = waiting.get("f0.yaml")!;
    // Only once the reports are being written: a wait cannot come earlier.
    run.waitingForDocument("docs/LOGGING.md");
    expect(run.view()).toEqual({ phase: "document", mainLeft: 0, teardownSteps: 1, document: "docs/LOGGING.md" });
    expect(firstInterruptText("SIGINT", waiting)).toBe(
      "SIGINT: the run has ended and its reports are written; waiting for another run's lock to update --update-doc docs/LOGGING.md (press Ctrl-C again to exit now without updating it)",
    );
    expect(hardStopText("SIGINT", waiting)).toBe("SIGINT again: killed every child process; exiting now without updating the --update-doc document; the reports are written");
    // Several files: the combined summary, written after every file, is not written either.
    expect(hardStopText("SIGINT", waiting, 2)).toBe("SIGINT again: killed every child process; exiting now without teardown or reports");
    const both = after([...all, runEnd], [...all, runEnd]);
    for (const r of both.values()) r.waitingForDocument("docs/LOGGING.md");
    expect(hardStopText("SIGINT", both, 2)).toBe("SIGINT again: killed every child process; exiting now without updating the --update-doc document or writing the combined summary; each file's reports are written");
    run.finished();
    expect(hardStopText("SIGINT", waiting)).toBe("SIGINT again: killed every child process; exiting now; the reports are written");
    const early = after([runStart, start(steps[0]!)]).get("f0.yaml")!;
    early.waitingForDocument("docs/LOGGING.md");
    expect(early.view().phase).toBe("step");
  });

  test("several files: the teardown counts while any file has it left, or has not started", () => {
    expect(hardStopText("SIGINT", after(all, [runStart, start(steps[0]!)]), 2)).toBe("SIGINT again: killed every child process; exiting now without teardown or reports");
    expect(hardStopText("SIGINT", after(all), 2)).toBe("SIGINT again: killed every child process; exiting now without teardown or reports");
    expect(hardStopText("SIGINT", after(all, [...all, runEnd]), 2)).toBe("SIGINT again: killed every child process; exiting now without finishing cleanup or writing reports");
  });
});

// Where a run is, read from its engine events, so a Ctrl-C can say what happens next.
import type { RunEvent, StepInfo } from "../engine/events.ts";

export type RunPhase =
  /** Before run-start: loading, preflight. */
  | "starting"
  | "step"
  | "between-steps"
  | "teardown"
  /** After the last step: the run's resources (compose projects, background processes) are removed. */
  | "cleanup"
  /** After run-end: the reports are written. */
  | "reports"
  /** The reports are written; --update-doc waits for another run's lock on the document. */
  | "document"
  /** Reports written: the command is exiting. */
  | "ended";

export interface PhaseView {
  phase: RunPhase;
  /** Main steps not yet ended (the running one included). */
  mainLeft: number;
  teardownSteps: number;
  /** The --update-doc document as given, in the "document" phase. */
  document?: string;
}

/** Follows one run's events; `view()` is where it is now. Constant work per event, whatever the number of steps. */
export class RunPhaseTracker {
  #phase: RunPhase = "starting";
  /** Planned steps not yet ended: their phase at their index (a step's index is its place in the scenario). */
  #left: (StepInfo["phase"] | undefined)[] = [];
  #leftCount = 0;
  #mainLeft = 0;
  #teardownSteps = 0;
  #document: string | undefined;

  onEvent(event: RunEvent): void {
    switch (event.type) {
      case "run-start": {
        const left: (StepInfo["phase"] | undefined)[] = [];
        let count = 0;
        let main = 0;
        for (const { index, phase } of event.steps) {
          if (left[index] === undefined) count++;
          left[index] = phase;
          if (phase === "main") main++;
        }
        this.#left = left;
        this.#leftCount = count;
        this.#mainLeft = main;
        this.#teardownSteps = event.steps.length - main;
        this.#phase = count ? "between-steps" : "cleanup";
        return;
      }
      case "step-start":
        this.#phase = event.step.phase === "teardown" ? "teardown" : "step";
        return;
      case "step-end": {
        const phase = this.#left[event.step.index];
        if (phase !== undefined) {
          this.#left[event.step.index] = undefined;
          this.#leftCount--;
          if (phase === "main") this.#mainLeft--;
        }
        this.#phase = !this.#leftCount ? "cleanup" : event.step.phase === "teardown" || this.#mainLeft === 0 ? "teardown" : "between-steps";
        return;
      }
      case "run-end":
        this.#phase = "reports";
        return;
    }
  }

  /**
   * The reports are written and --update-doc waits for another run's lock on the document (given as on the command
   * line): a second Ctrl-C now skips the document alone (it said "exiting now without reports", written already).
   */
  waitingForDocument(document: string): void {
    if (this.#phase !== "reports") return;
    this.#phase = "document";
    this.#document = document;
  }

  /** The reports are written. */
  finished(): void {
    this.#phase = "ended";
  }

  view(): PhaseView {
    return { phase: this.#phase, mainLeft: this.#mainLeft, teardownSteps: this.#teardownSteps, ...(this.#phase === "document" ? { document: this.#document } : {}) };
  }
}

/** How to give the second interrupt, in the words of the first one's signal: Ctrl-C is pressed, SIGTERM and SIGHUP are sent. */
export function againFor(sig: string): string {
  return sig === "SIGINT" ? "press Ctrl-C again" : `send ${sig} again`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export interface InterruptText {
  /** What the first interrupt stops and what still runs. */
  does: string;
  /** What a second interrupt would do, said for the signal received (`press Ctrl-C again to …`, `send SIGTERM again to …`). */
  again: string;
}

/** What the first interrupt does in this phase: what stops, what still runs, what a second Ctrl-C does. */
/** What a second Ctrl-C abandons in each phase (none once the reports are written). */
const HARD_STOP_ABANDONS: Record<RunPhase, string | undefined> = {
  starting: "teardown or reports",
  step: "teardown or reports",
  "between-steps": "teardown or reports",
  teardown: "teardown or reports",
  cleanup: "finishing cleanup or writing reports",
  reports: "reports",
  document: "updating the --update-doc document; the reports are written",
  ended: undefined,
};
/** The phases in a run's order: an earlier one abandons at least as much. */
const PHASE_ORDER = Object.keys(HARD_STOP_ABANDONS) as RunPhase[];

/** What a second Ctrl-C abandons across runs in these phases: the most any of them does (`several` files: the combined summary too). */
export function hardStopAbandons(phases: readonly RunPhase[], several = false): string | undefined {
  const first = PHASE_ORDER.find((p) => phases.includes(p));
  if (first === "document" && several) return "updating the --update-doc document or writing the combined summary; each file's reports are written";
  return first === undefined ? undefined : HARD_STOP_ABANDONS[first];
}

export function interruptMessage(v: PhaseView, sig = "SIGINT"): InterruptText {
  const KILL_ALL = `${againFor(sig)} to kill everything now`;
  const KILL_REST = `${againFor(sig)} to kill it and exit without reports`;
  const thenTeardown = v.teardownSteps ? "then teardown, cleanup and reports" : "then cleanup and reports";
  switch (v.phase) {
    case "starting":
      return { does: "no step has started: the steps will be skipped; teardown, cleanup and reports still run", again: KILL_ALL };
    case "step": {
      const rest = v.mainLeft - 1;
      return { does: `stopping the running step${rest > 0 ? `, skipping the ${plural(rest, "step")} after it` : ""}, ${thenTeardown}`, again: KILL_ALL };
    }
    case "between-steps":
      return { does: `no step is running: ${v.mainLeft > 0 ? `skipping the ${plural(v.mainLeft, "remaining step")}, ` : ""}${thenTeardown}`, again: KILL_ALL };
    case "teardown":
      return { does: "teardown is running and continues, then cleanup and reports", again: KILL_REST };
    case "cleanup":
      return { does: "the steps are done; cleanup of the run's resources continues, then reports", again: `${KILL_REST}, leaving resources behind` };
    case "reports":
      return { does: "the run has ended; writing its reports", again: `${againFor(sig)} to exit now without them` };
    case "document":
      return { does: `the run has ended and its reports are written; waiting for another run's lock to update --update-doc ${v.document ?? "FILE"}`, again: `${againFor(sig)} to exit now without updating it` };
    case "ended":
      return { does: "the run has ended and its reports are written; exiting", again: "nothing is left to stop" };
  }
}

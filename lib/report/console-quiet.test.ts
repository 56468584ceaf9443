// Differential tests of the console reporter's --quiet shortcut: the same events and options print what the reporter that followed every step printed.
import { expect, test } from "bun:test";
import type { RunEvent } from "../engine/events.ts";
import { failedRun, interruptedRun } from "../../test/fixtures/report-runs.ts";
import { thresholdRun } from "../../test/fixtures/metrics-run.ts";
import { manyStepsRun } from "../../test/fixtures/many-steps-run.ts";
import { ConsoleReporterBefore } from "../../test/fixtures/console-reporter-before.ts";
import { ConsoleReporter, type ConsoleReporterOptions } from "./console.ts";
import { addTo } from "../util/group.ts";

async function printed(make: (options: ConsoleReporterOptions) => { onEvent(e: RunEvent): void; finish(): Promise<string[]> }, options: ConsoleReporterOptions, events: RunEvent[]): Promise<string> {
  let text = "";
  const reporter = make({ ...options, stream: { write: (t: string) => (text += t), isTTY: false }, env: {}, now: () => 1_000 });
  for (const e of events) reporter.onEvent(e);
  await reporter.finish();
  return text;
}

const sequences: [string, () => RunEvent[]][] = [
  ["a failed run", failedRun],
  ["an interrupted run", interruptedRun],
  ["a run with thresholds", thresholdRun],
  ["300 generated steps", () => manyStepsRun(300)],
  ["a run cut short", () => manyStepsRun(60, { end: false })],
];

/**
 * The frozen reporter printed a diagnostics event where it came; the engine sends it before the failed step's end, and
 * the reporter now prints it after that step's lines. The oracle gets each diagnostics event moved after its step's end.
 */
function diagnosticsAfterStepEnd(events: RunEvent[]): RunEvent[] {
  const out: RunEvent[] = [];
  const held = new Map<number, RunEvent[]>();
  const ended = new Set<number>();
  for (const e of events) {
    if (e.type === "diagnostics" && ended.has(e.step.index)) out.push(e);
    else if (e.type === "diagnostics") addTo(held, e.step.index, e);
    else {
      out.push(e);
      if (e.type === "step-end") {
        ended.add(e.step.index);
        out.push(...(held.get(e.step.index) ?? []));
        held.delete(e.step.index);
      }
    }
  }
  return out;
}

for (const [name, events] of sequences) {
  for (const quiet of [true, false]) {
    for (const verbose of [false, true]) {
      for (const color of [false, true]) {
        test(`${name}${quiet ? ", --quiet" : ""}${verbose ? ", --verbose" : ""}${color ? ", colour" : ""}: printed as before`, async () => {
          const options = { quiet, verbose, color };
          const before = await printed((o) => new ConsoleReporterBefore(o), options, diagnosticsAfterStepEnd(events()));
          expect(await printed((o) => new ConsoleReporter(o), options, events())).toBe(before);
          expect(before.length).toBeGreaterThan(0);
        });
      }
    }
  }
}

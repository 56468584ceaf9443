// Differential tests of the console reporter's --quiet shortcut: the same events and options print what the reporter that followed every step printed.
import { expect, test } from "bun:test";
import type { RunEvent } from "../engine/events.ts";
import { failedRun, interruptedRun } from "../../test/fixtures/report-runs.ts";
import { thresholdRun } from "../../test/fixtures/metrics-run.ts";
import { manyStepsRun } from "../../test/fixtures/many-steps-run.ts";
import { ConsoleReporterBefore } from "../../test/fixtures/console-reporter-before.ts";
import { ConsoleReporter, type ConsoleReporterOptions } from "./console.ts";

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

for (const [name, events] of sequences) {
  for (const quiet of [true, false]) {
    for (const verbose of [false, true]) {
      for (const color of [false, true]) {
        test(`${name}${quiet ? ", --quiet" : ""}${verbose ? ", --verbose" : ""}${color ? ", colour" : ""}: printed as before`, async () => {
          const options = { quiet, verbose, color };
          const before = await printed((o) => new ConsoleReporterBefore(o), options, events());
          expect(await printed((o) => new ConsoleReporter(o), options, events())).toBe(before);
          expect(before.length).toBeGreaterThan(0);
        });
      }
    }
  }
}

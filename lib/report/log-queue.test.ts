// Differential tests of the queued run log: the same events give the same bytes as the reporter that formatted each event as it came, and an exit loses nothing.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunEvent } from "../engine/events.ts";
import { failedRun, interruptedRun } from "../../test/fixtures/report-runs.ts";
import { thresholdRun } from "../../test/fixtures/metrics-run.ts";
import { manyStepsRun } from "../../test/fixtures/many-steps-run.ts";
import { LogReporterBefore } from "../../test/fixtures/log-reporter-before.ts";
import { LogReporter } from "./log.ts";
import { waitFor } from "../../test/helpers/cli.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "log-queue-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A clock the test moves 7 ms before each event: a record stamped later than its event arrived shows in the bytes. */
function eventClock(): { now: () => Date; tick: () => void } {
  let ms = Date.parse("2026-11-22T02:00:00.000Z");
  return { now: () => new Date(ms), tick: () => void (ms += 7) };
}

async function logOf(make: (now: () => Date) => { onEvent(e: RunEvent): void; finish(): Promise<string[]> }, events: RunEvent[], yieldEvery = 0): Promise<string> {
  const clock = eventClock();
  const reporter = make(clock.now);
  for (let i = 0; i < events.length; i++) {
    clock.tick();
    reporter.onEvent(events[i]!);
    if (yieldEvery && i % yieldEvery === 0) await new Promise((r) => setImmediate(r));
  }
  clock.tick();
  const paths = await reporter.finish();
  return (await Promise.all(paths.map((p) => readFile(p, "utf8")))).join("\u0000");
}

const sequences: [string, () => RunEvent[]][] = [
  ["a failed run", failedRun],
  ["an interrupted run", interruptedRun],
  ["a run with thresholds", thresholdRun],
  ["1,000 generated steps", () => manyStepsRun(1000)],
  ["two runs into one reporter", () => [...failedRun(), ...manyStepsRun(40)]],
  ["only lines before any run", () => [{ type: "info", key: "k", value: "v" }, { type: "log", at: new Date(0), line: "a\nb" }]],
];

for (const [name, events] of sequences) {
  for (const yieldEvery of [0, 1, 5]) {
    test(`${name}${yieldEvery ? `, the loop idle every ${yieldEvery} events` : ", no idle turn"}: the same bytes as formatting at once`, async () => {
      const before = await logOf((now) => new LogReporterBefore({ directory: join(dir, "before"), now }), events());
      const after = await logOf((now) => new LogReporter({ directory: join(dir, "after"), now }), events(), yieldEvery);
      expect(after.replaceAll(join(dir, "after"), "")).toBe(before.replaceAll(join(dir, "before"), ""));
      expect(after.length).toBeGreaterThan(0);
    });
  }
}

test("events queued when the loop is idle reach the file within the flush bound, before finish", async () => {
  const reporter = new LogReporter({ directory: dir, now: eventClock().now });
  const events = manyStepsRun(3);
  for (const e of events.slice(0, -1)) reporter.onEvent(e);
  const file = join(dir, "integration_test_1795316400.log");
  let text = "";
  await waitFor(async () => (text = await readFile(file, "utf8").catch(() => "")).includes("thresholds:"), "the queued records in the log");
  expect(text).toContain("step 3 end: passed");
  expect(text).toContain("thresholds:\n");
  reporter.onEvent(events.at(-1)!);
  await reporter.finish();
});

/** Runs a child process that feeds `events` to a LogReporter and ends by `how` without finish; returns its log. */
async function logAfterExit(events: RunEvent[], how: string): Promise<string> {
  const input = join(dir, "events.json");
  await writeFile(input, JSON.stringify(events));
  const script = join(dir, "child.ts");
  await writeFile(script, `
    import { readFileSync } from "node:fs";
    import { LogReporter } from ${JSON.stringify(join(import.meta.dir, "log.ts"))};
    const events = JSON.parse(readFileSync(${JSON.stringify(input)}, "utf8"), (k, v) => (["at", "startedAt", "endedAt"].includes(k) ? new Date(v) : v));
    let ms = Date.parse("2026-11-22T02:00:00.000Z");
    const reporter = new LogReporter({ directory: ${JSON.stringify(join(dir, "child"))}, now: () => new Date(ms) });
    for (const e of events) {
      ms += 7;
      reporter.onEvent(e);
    }
    ${how}
  `);
  const child = Bun.spawn([process.execPath, script], { stdout: "ignore", stderr: "pipe" });
  await child.exited;
  return readFile(join(dir, "child", "integration_test_1795316400.log"), "utf8");
}

/** What the reporter that formatted at once had on disk after the same events (its exit hook flushed the same buffer). */
async function logFormattedAtOnce(events: RunEvent[]): Promise<string> {
  return logOf((now) => new LogReporterBefore({ directory: join(dir, "before"), now }), events);
}

const cutShort = () => manyStepsRun(60, { end: false });

for (const [what, how] of [
  ["process.exit (a second Ctrl-C)", "process.exit(130);"],
  ["an uncaught exception", "throw new Error('crash');"],
  ["an exception thrown when the loop turns", "setImmediate(() => { throw new Error('crash'); });"],
  ["the event loop running dry", ""],
] as const) {
  test(`after ${what}, every queued event is in the log`, async () => {
    const text = await logAfterExit(cutShort(), how);
    expect(text).toBe(await logFormattedAtOnce(cutShort()));
    expect(text).toContain("step 29 attempt 1 passed");
  });
}

/** What `fn` throws (the test fails when it throws nothing). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error("nothing was thrown");
}

test("a run log that cannot be opened fails on run-start with the error it gave before", async () => {
  const file = join(dir, "a-file");
  await writeFile(file, "");
  const [start] = manyStepsRun(1).filter((e) => e.type === "run-start");
  const before = thrown(() => new LogReporterBefore({ directory: join(file, "logs") }).onEvent(start!));
  const after = thrown(() => new LogReporter({ directory: join(file, "logs") }).onEvent(start!));
  expect(after.message).toBe(before.message);
  expect(after.constructor).toBe(before.constructor);
});

test("an event that cannot be formatted: its error is thrown from the next event, as the earlier reporter threw it; the rest of the log is the same", async () => {
  const events = manyStepsRun(3);
  const bad: RunEvent = { type: "log", at: new Date(Number.NaN), line: "no time" };
  const at = events.findIndex((e) => e.type === "step-start") + 1;
  const withBad = [...events.slice(0, at), bad, ...events.slice(at)];
  const clock = eventClock();
  const errors: [string, Error][] = [];
  const before = new LogReporterBefore({ directory: join(dir, "before"), now: clock.now });
  for (const e of withBad) {
    try {
      before.onEvent(e);
    } catch (error) {
      errors.push(["before", error as Error]);
    }
  }
  const after = new LogReporter({ directory: join(dir, "after"), now: clock.now });
  for (const e of withBad) {
    try {
      after.onEvent(e);
    } catch (error) {
      errors.push(["after", error as Error]);
    }
    await new Promise((r) => setImmediate(r));
  }
  expect(errors.map(([who, e]) => [who, e.constructor, e.message])).toEqual([
    ["before", RangeError, errors[0]![1].message],
    ["after", RangeError, errors[0]![1].message],
  ]);
  const [beforePath] = await before.finish();
  const [afterPath] = await after.finish();
  expect(await readFile(afterPath!, "utf8")).toBe(await readFile(beforePath!, "utf8"));
});

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

/** Pieces of text with terminal escape sequences, CR, and other control characters, some cut off at an end (an escape sequence begun and not ended). */
const UNPRINTABLE = ["\x1B[31mred\x1B[0m", "ends\x1B[", "ends\x1B", "ends\r", "\r\nstarts", "31mstarts", "\x00\x07\x7F", "x\x1B[1;2", "\ttab", "\n\x1B[0m", "", "\r"];
/** The free text of events (names, lines, bodies, reasons, values) with those pieces around it: what the run log makes printable. */
function withUnprintable(events: RunEvent[]): RunEvent[] {
  const keys = new Set(["name", "scenario", "description", "line", "summary", "error", "body", "title", "reason", "value", "path", "expected", "actual", "tags", "key"]);
  const n = UNPRINTABLE.length;
  let k = 0;
  const edit = (value: unknown, free: boolean): unknown => {
    if (typeof value === "string") {
      if (!free) return value;
      // pieces before, inside (a lone CR or an escape sequence mid-line) and after texts of every kind, in every combination over the run
      const [before, inside, after] = [UNPRINTABLE[k % n], UNPRINTABLE[(k * 5 + 1) % n], UNPRINTABLE[(k * 7 + 3) % n]];
      k++;
      const mid = value.length >> 1;
      return `${before}${value.slice(0, mid)}${inside}${value.slice(mid)}${after}`;
    }
    if (Array.isArray(value)) return value.map((v) => edit(v, free));
    if (value === null || typeof value !== "object" || value instanceof Date) return value;
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, edit(v, keys.has(key))]));
  };
  return events.map((e) => edit(e, false) as RunEvent);
}

const sequences: [string, () => RunEvent[]][] = [
  ["control characters and escape sequences in every text, at every edge of a record", () => withUnprintable(manyStepsRun(60))],
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

test("the records of a run are scanned for control characters once per write of the file, not once per record or per body", async () => {
  // printable's first step is its pattern's test (lib/report/format.ts): its calls on that pattern are counted.
  const test = RegExp.prototype.test;
  let scans = 0;
  RegExp.prototype.test = function (this: RegExp, text: string) {
    if (this.source === "[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x9F\\u2028\\u2029]") scans++;
    return test.call(this, text);
  };
  try {
    // 300 steps, ~1,900 records, ~1,100 bodies of several lines (detail blocks, errors, multi-line log lines), none with a CR
    const text = await logOf((now) => new LogReporter({ directory: dir, now }), manyStepsRun(300));
    expect(text).not.toContain("\r");
    const records = text.split("\n").filter((l) => l.startsWith("2026-")).length;
    expect(records).toBeGreaterThan(1500);
    // once per write of the buffer (64 KiB or 50 ms of records; this run's log is ~1.3 MB): a scan per record or per body would be thousands
    expect(scans).toBeGreaterThan(0);
    expect(scans).toBeLessThan(records / 50);
  } finally {
    RegExp.prototype.test = test;
  }
});

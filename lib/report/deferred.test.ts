// DeferredDelivery: a run's events reach the reporters in order, each with the time it was emitted, in batches (so many held, or after the hold time) when the loop is idle — and before run-start, run-end, a hard stop and the process's exit.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent, StepInfo } from "../engine/events.ts";
import { DeferredDelivery, type DeferredOptions } from "./deferred.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";

const step: StepInfo = { index: 0, phase: "main", name: "one", kind: "shell", tags: [] };
const runStart: RunEvent = { type: "run-start", scenario: "s", file: "s.yaml", runId: "r", startedAt: new Date(0), steps: [step] };
const runEnd: RunEvent = { type: "run-end", status: "passed", durationMs: 1, totals: { passed: 1, failed: 0, skipped: 0, interrupted: 0 }, endedAt: new Date(1) };

/** A sink that records what it is handed, and a delivery with a clock the test sets (batches of 3 unless told). */
function setUp(options: DeferredOptions = {}) {
  const got: [string, number | undefined][] = [];
  let now = 1000;
  const hardStop = new AbortController();
  const delivery = new DeferredDelivery({ clock: () => now, hardStop: hardStop.signal, batch: 3, ...options });
  delivery.sink = { onEvent: (e, at) => void got.push([e.type, at]) };
  return { got, delivery, hardStop, tick: (ms: number) => void (now += ms) };
}

const idle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("DeferredDelivery", () => {
  test("step events are held until a batch of them is, then arrive at the loop's next idle turn, in order with the times they were emitted", async () => {
    const { got, delivery, tick } = setUp({ batch: 3 });
    delivery.onEvent(runStart);
    delivery.onEvent({ type: "step-start", step });
    tick(5);
    delivery.onEvent({ type: "attempt-start", step, attempt: 1 });
    await idle();
    expect(got).toEqual([["run-start", undefined]]);
    expect(delivery.held).toBe(2);
    delivery.onEvent({ type: "log", at: new Date(), line: "third" });
    expect(delivery.held).toBe(3); // a batch, handed over when the loop is idle, not from within the engine's call
    tick(100); // time passes before the handover: the events keep their own
    await idle();
    expect(got).toEqual([["run-start", undefined], ["step-start", 1000], ["attempt-start", 1005], ["log", 1005]]);
    expect(delivery.held).toBe(0);
    delivery.close();
  });

  test("fewer events than a batch are handed over after the hold time", async () => {
    let handed: () => void = () => {};
    const arrived = new Promise<void>((resolve) => (handed = resolve));
    const got: string[] = [];
    const delivery = new DeferredDelivery({ batch: 100, holdMs: 1 });
    delivery.sink = {
      onEvent: (e) => {
        got.push(e.type);
        handed();
      },
    };
    delivery.onEvent({ type: "step-start", step });
    delivery.onEvent({ type: "attempt-start", step, attempt: 1 });
    await arrived;
    expect(got).toEqual(["step-start", "attempt-start"]);
    expect(delivery.held).toBe(0);
    delivery.close();
  });

  test("run-start and run-end hand over everything held first, then themselves at once", () => {
    const { got, delivery } = setUp();
    delivery.onEvent({ type: "info", key: "k", value: "v" });
    delivery.onEvent(runStart);
    delivery.onEvent({ type: "step-end", step, status: "passed", attempts: 1, durationMs: 1 });
    delivery.onEvent(runEnd);
    expect(got.map(([type]) => type)).toEqual(["info", "run-start", "step-end", "run-end"]);
  });

  test("events that come before the sink is set are held until it is", () => {
    const got: string[] = [];
    const delivery = new DeferredDelivery();
    delivery.onEvent({ type: "log", at: new Date(), line: "early" });
    delivery.flush();
    expect(delivery.held).toBe(1);
    delivery.sink = { onEvent: (e) => void got.push(e.type) };
    delivery.flush();
    expect(got).toEqual(["log"]);
    delivery.close();
  });

  test("a hard stop hands everything over before a listener added after the delivery was made (the console's)", () => {
    const { got, delivery, hardStop } = setUp();
    const seenAtStop: number[] = [];
    hardStop.signal.addEventListener("abort", () => seenAtStop.push(got.length));
    delivery.onEvent(runStart);
    delivery.onEvent({ type: "step-start", step });
    delivery.onEvent({ type: "attempt-start", step, attempt: 1 });
    hardStop.abort();
    expect(seenAtStop).toEqual([3]);
    delivery.close();
  });

  test("close() hands over what is held and stops watching the hard stop", () => {
    const { got, delivery, hardStop } = setUp();
    delivery.onEvent({ type: "step-start", step });
    delivery.close();
    expect(got.map(([type]) => type)).toEqual(["step-start"]);
    delivery.sink = { onEvent: () => void got.push(["after close", undefined]) };
    hardStop.abort();
    expect(got.map(([type]) => type)).toEqual(["step-start"]);
  });

  test("the hold time keeps no process alive: one that ends with events held hands them over on its way out", () => {
    const dir = tempDir("deferred-end-");
    const out = join(dir, "events.txt");
    const script = `
      import { appendFileSync } from "node:fs";
      import { DeferredDelivery } from ${JSON.stringify(join(import.meta.dir, "deferred.ts"))};
      const delivery = new DeferredDelivery({ holdMs: 3_600_000 });
      delivery.sink = { onEvent: (e) => appendFileSync(${JSON.stringify(out)}, e.type + "\\n") };
      delivery.onEvent({ type: "log", at: new Date(), line: "held" });
    `;
    // Held by the timer, it would run for an hour: killed after 30 s, it fails here.
    const run = Bun.spawnSync([process.execPath, "-e", script], { stderr: "pipe", timeout: 30_000, killSignal: "SIGKILL" });
    expect(run.stderr.toString()).toBe("");
    expect(run.exitCode).toBe(0);
    expect(readFileSync(out, "utf8")).toBe("log\n");
  });

  test("a process that exits with events still held hands them over on its way out", () => {
    const dir = tempDir("deferred-exit-");
    const out = join(dir, "events.txt");
    const script = `
      import { appendFileSync } from "node:fs";
      import { DeferredDelivery } from ${JSON.stringify(join(import.meta.dir, "deferred.ts"))};
      const delivery = new DeferredDelivery();
      delivery.sink = { onEvent: (e) => appendFileSync(${JSON.stringify(out)}, e.type + "\\n") };
      delivery.onEvent({ type: "log", at: new Date(), line: "held" });
      delivery.onEvent({ type: "info", key: "k", value: "v" });
      process.exit(3);
    `;
    const run = Bun.spawnSync([process.execPath, "-e", script], { stderr: "pipe", ...SYNC_CHILD_LIMIT });
    expect(run.stderr.toString()).toBe("");
    expect(run.exitCode).toBe(3);
    expect(readFileSync(out, "utf8")).toBe("log\ninfo\n");
  });
});

test("an exit soon after run-start, while the run log still watches the exit from the info before it, loses no held event from the log", () => {
  const dir = tempDir("deferred-exit-log-");
  const script = `
    import { DeferredDelivery } from ${JSON.stringify(join(import.meta.dir, "deferred.ts"))};
    import { LogReporter } from ${JSON.stringify(join(import.meta.dir, "log.ts"))};
    const delivery = new DeferredDelivery();
    const log = new LogReporter({ directory: ${JSON.stringify(dir)} });
    delivery.sink = log;
    const step = { index: 0, phase: "main", name: "one", kind: "shell", tags: [] };
    log.onEvent({ type: "info", key: "k", value: "v" }); // as runOne hands over the facts found before the run
    delivery.onEvent({ type: "run-start", scenario: "s", file: "s.yaml", runId: "r", startedAt: new Date(), steps: [step] });
    delivery.onEvent({ type: "step-start", step });
    delivery.onEvent({ type: "log", at: new Date(), line: "held at exit" });
    process.exit(3);
  `;
  const text = logOfExitingScript(dir, script);
  expect(text).toContain("step 1 start");
  expect(text).toContain("held at exit");
});

test("an exit while events are held, after the run log wrote what it had and stopped watching the exit, loses no held event from the log", () => {
  const dir = tempDir("deferred-exit-idle-log-");
  const script = `
    import { readdirSync, readFileSync } from "node:fs";
    import { DeferredDelivery } from ${JSON.stringify(join(import.meta.dir, "deferred.ts"))};
    import { LogReporter } from ${JSON.stringify(join(import.meta.dir, "log.ts"))};
    const dir = ${JSON.stringify(dir)};
    const delivery = new DeferredDelivery({ holdMs: 3_600_000 });
    const log = new LogReporter({ directory: dir });
    delivery.sink = log;
    const step = { index: 0, phase: "main", name: "one", kind: "shell", tags: [] };
    delivery.onEvent({ type: "run-start", scenario: "s", file: "s.yaml", runId: "r", startedAt: new Date(), steps: [step] });
    // The log writes its records a little later, and then watches the exit no more: wait for that.
    const written = () => readdirSync(dir).some((name) => readFileSync(dir + "/" + name, "utf8").includes("run start"));
    while (!written()) await new Promise((resolve) => setImmediate(resolve));
    delivery.onEvent({ type: "step-start", step });
    delivery.onEvent({ type: "log", at: new Date(), line: "held at exit" });
    setImmediate(() => process.exit(3)); // e.g. an uncaught error in a later turn, while the step's events are held
  `;
  const text = logOfExitingScript(dir, script);
  expect(text).toContain("step 1 start");
  expect(text).toContain("held at exit");
});

/** Runs a script that writes a run log into dir and exits with code 3; returns the log's text. */
function logOfExitingScript(dir: string, script: string): string {
  const run = Bun.spawnSync([process.execPath, "-e", script], { stderr: "pipe", ...SYNC_CHILD_LIMIT });
  expect(run.stderr.toString()).toBe("");
  expect(run.exitCode).toBe(3);
  const [name] = readdirSync(dir);
  return readFileSync(join(dir, name!), "utf8");
}

// Interrupt counting: copies of one Ctrl-C within the window are that one; a later signal is a real second one.
import { describe, expect, test } from "bun:test";
import { handleInterrupts, hardStopText, interruptCounter, sayDeferredInterrupt, type InterruptWiring, interruptWindow, leftBehindLines, SAME_INTERRUPT_MS } from "./interrupts.ts";
import { staleLatest } from "./stale-latest.ts";

describe("interruptCounter", () => {
  test("the first signal is the interrupt, copies within the window are ignored, a later one is the second", () => {
    let now = 0;
    const count = interruptCounter(1000, () => now);
    const seen = [0, 2, 40, 999, 1000, 5000].map((t) => ((now = t), count()));
    expect(seen).toEqual([1, 0, 0, 0, 2, 2]);
  });

  test("a window of 0 counts every signal", () => {
    let now = 0;
    const count = interruptCounter(0, () => now);
    expect([count(), count()]).toEqual([1, 2]);
  });
});

describe("interruptWindow", () => {
  test("SCENARIO_INTERRUPT_WINDOW_MS sets it; anything else gives the default", () => {
    expect(interruptWindow({ SCENARIO_INTERRUPT_WINDOW_MS: "250" })).toBe(250);
    expect(interruptWindow({ SCENARIO_INTERRUPT_WINDOW_MS: "soon" })).toBe(SAME_INTERRUPT_MS);
    expect(interruptWindow({ SCENARIO_INTERRUPT_WINDOW_MS: "" })).toBe(SAME_INTERRUPT_MS);
    expect(interruptWindow({})).toBe(SAME_INTERRUPT_MS);
  });
});

describe("leftBehindLines", () => {
  test("newest first, each resource's own removal command, else its name", () => {
    const lines = leftBehindLines([
      { name: "compose project p1", leftBehind: () => "compose project p1: docker compose -p p1 down --volumes --remove-orphans", cleanup: async () => {} },
      { name: "background: sleep 300", cleanup: async () => {} },
    ]);
    expect(lines).toEqual(["  background: sleep 300", "  compose project p1: docker compose -p p1 down --volumes --remove-orphans"]);
  });
});

describe("handleInterrupts", () => {
  test("the events reporters still hold are handed over before the interrupt's message is written", () => {
    const order: string[] = [];
    const interrupt = new AbortController();
    const remove = handleInterrupts({
      stderr: { write: () => order.push("message") },
      interrupt,
      hardStop: new AbortController(),
      resources: [],
      mask: (t) => t,
      runs: new Map(),
      held: new Set([() => void order.push("held events")]),
    });
    try {
      process.emit("SIGINT", "SIGINT"); // the handler's own listener, without a real signal
    } finally {
      remove();
    }
    expect(order).toEqual(["held events", "message"]);
    expect(interrupt.signal.aborted).toBe(true);
  });

  test("the message starts on a line of its own only after a Ctrl-C a terminal echoed (^C): no blank line in a file, a pipe or for SIGTERM", () => {
    const written = (sig: NodeJS.Signals, isTTY: boolean) => {
      const out: string[] = [];
      const remove = handleInterrupts({
        stderr: { write: (s: string) => out.push(s), isTTY },
        interrupt: new AbortController(), hardStop: new AbortController(), resources: [], mask: (t) => t, runs: new Map(),
      });
      try {
        process.emit(sig, sig);
      } finally {
        remove();
      }
      return out.join("");
    };
    expect(written("SIGINT", true)).toStartWith("\nSIGINT: no step has started");
    expect(written("SIGINT", false)).toStartWith("SIGINT: no step has started");
    expect(written("SIGTERM", true)).toBe("SIGTERM: no step has started: the steps will be skipped; teardown, cleanup and reports still run (send SIGTERM again to kill everything now)\n");
  });
});

describe("while loading waits for a FIFO's writer", () => {
  const wiring = () => {
    let err = "";
    const w: InterruptWiring = { stderr: { write: (t: string) => (err += t) }, interrupt: new AbortController(), hardStop: new AbortController(), resources: [], mask: (t) => t, windowMs: 0, runs: new Map(), waitingFor: "pipe.yaml" };
    return { w, err: () => err };
  };

  test("the first interrupt's line waits for the wait's end: teardown runs only if the files loaded after all", () => {
    const { w, err } = wiring();
    const remove = handleInterrupts(w);
    try {
      process.emit("SIGINT", "SIGINT");
      expect(w.interrupt.signal.aborted).toBe(true);
      // Not yet said: whether a writer came with the interrupt is known when the wait ends.
      expect(err()).toBe("");
      // It came: the files loaded, so the run skips its steps and runs teardown, and says so then.
      w.waitingFor = undefined;
      sayDeferredInterrupt(w);
      expect(err()).toBe("SIGINT: no step has started: the steps will be skipped; teardown, cleanup and reports still run (press Ctrl-C again to kill everything now)\n");
      sayDeferredInterrupt(w);
      expect(err()).toBe("SIGINT: no step has started: the steps will be skipped; teardown, cleanup and reports still run (press Ctrl-C again to kill everything now)\n");
    } finally {
      remove();
    }
  });

  test("the second interrupt's line promises no teardown or reports while nothing is loaded", () => {
    const none = new Map();
    expect(hardStopText("SIGINT", none, 1, "pipe.yaml")).toBe("SIGINT again: killed every child process; exiting now (nothing was loaded)");
    expect(hardStopText("SIGINT", none, 1)).toContain("without teardown or reports");
  });
});

describe("staleLatest", () => {
  test("removes the latest copies written before the command started, and keeps every other file", () => {
    const { mkdtempSync, writeFileSync, utimesSync, readdirSync } = require("node:fs") as typeof import("node:fs");
    const { join } = require("node:path") as typeof import("node:path");
    const { tmpdir } = require("node:os") as typeof import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "stale-latest-"));
    const since = new Date();
    const before = new Date(since.getTime() - 60_000);
    const after = new Date(since.getTime() + 60_000);
    const old = ["latest.md", "latest.json", "latest.xml", "latest.html", "latest-summary.md", "latest-summary.json", "latest-summary.xml"];
    const kept = ["demo-20261204T100000Z.md", "latest.md.tmp-1", "latest.txt", "notes.md"];
    for (const name of [...old, ...kept]) {
      writeFileSync(join(dir, name), "x");
      utimesSync(join(dir, name), before, before);
    }
    // Written since the command started (another command's run into the same folder): not this stop's to remove.
    const fresh = mkdtempSync(join(tmpdir(), "stale-latest-fresh-"));
    writeFileSync(join(fresh, "latest.md"), "x");
    utimesSync(join(fresh, "latest.md"), after, after);
    expect(staleLatest(dir, since).map((p) => p.slice(dir.length + 1))).toEqual([...old].sort());
    expect(readdirSync(dir).sort()).toEqual([...kept].sort());
    expect(staleLatest(fresh, since)).toEqual([]);
    expect(readdirSync(fresh)).toEqual(["latest.md"]);
    expect(staleLatest(join(dir, "no-such-folder"), since)).toEqual([]);
  });
});

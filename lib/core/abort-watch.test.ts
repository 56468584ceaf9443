// AttemptAbort behaves as an AbortController would for its watchers and for the signal a step reads, which it makes only when read.
import { describe, expect, test } from "bun:test";
import { AttemptAbort, signalWatch } from "./abort-watch.ts";

describe("AttemptAbort", () => {
  test("the signal read before the abort fires with it, with the same reason", () => {
    const abort = new AttemptAbort();
    const signal = abort.signal;
    const seen: unknown[] = [];
    signal.addEventListener("abort", () => seen.push(signal.reason));
    expect(signal.aborted).toBe(false);
    const reason = new Error("timed out after 5s");
    abort.abort(reason);
    expect(seen).toEqual([reason]);
    expect(abort.signal).toBe(signal);
    expect([abort.aborted, abort.reason]).toEqual([true, reason]);
  });

  test("a signal first read after the abort is already aborted, with the reason", () => {
    const abort = new AttemptAbort();
    const reason = new Error("interrupted");
    abort.abort(reason);
    expect(abort.signal.aborted).toBe(true);
    expect(abort.signal.reason).toBe(reason);
  });

  test("watchers are called once, in order, before the signal's listeners; one stopped is not called; a second abort does nothing", () => {
    const abort = new AttemptAbort();
    const order: string[] = [];
    abort.signal.addEventListener("abort", () => order.push("listener"));
    abort.watch(() => order.push("first"));
    const stopSecond = abort.watch(() => order.push("second"));
    abort.watch(() => {
      order.push("third");
      stopFourth();
    });
    const stopFourth = abort.watch(() => order.push("fourth"));
    stopSecond();
    abort.abort("why");
    abort.abort("again");
    expect(order).toEqual(["first", "third", "listener"]);
    expect(abort.reason).toBe("why");
  });

  test("a watcher that throws keeps neither the others nor the signal from firing; abort() returns and the error is reported as uncaught", () => {
    const abort = new AttemptAbort();
    const order: string[] = [];
    abort.signal.addEventListener("abort", () => order.push("listener"));
    const failure = new Error("watcher failed");
    abort.watch(() => {
      order.push("first");
      throw failure;
    });
    abort.watch(() => order.push("second"));
    const reported: unknown[] = [];
    const report = globalThis.reportError;
    globalThis.reportError = (error: unknown) => void reported.push(error);
    try {
      abort.abort("why");
    } finally {
      globalThis.reportError = report;
    }
    expect(order).toEqual(["first", "second", "listener"]);
    expect(reported).toEqual([failure]);
    expect(abort.signal.aborted).toBe(true);
  });

  test("a watch stopped after the abort, or a watch added after it, is never called", () => {
    const abort = new AttemptAbort();
    let calls = 0;
    const stop = abort.watch(() => calls++);
    abort.abort("x");
    stop();
    abort.watch(() => calls++);
    expect(calls).toBe(1);
  });
});

describe("signalWatch", () => {
  test("watches a plain AbortSignal: its state, its reason, its listeners, and the signal itself", () => {
    const controller = new AbortController();
    const watch = signalWatch(controller.signal);
    let calls = 0;
    const stop = watch.watch(() => calls++);
    watch.watch(() => calls++);
    stop();
    expect([watch.aborted, watch.reason]).toEqual([false, undefined]);
    controller.abort("gone");
    expect([watch.aborted, watch.reason, calls]).toEqual([true, "gone", 1]);
    expect(watch.signal).toBe(controller.signal);
  });
});

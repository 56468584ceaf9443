// The shared abort watcher behaves as separate abort listeners would, with one listener on the signal.
import { describe, expect, test } from "bun:test";
import { watchAbort } from "./abort-fanout.ts";

/** Runs the same script of watch/stop/abort with watchAbort and with plain listeners; returns both call logs. */
function both(script: (watch: (signal: AbortSignal, name: string, during?: () => void) => () => void, ctl: AbortController) => void): [string[], string[]] {
  const logs: string[][] = [];
  for (const shared of [true, false]) {
    const log: string[] = [];
    const ctl = new AbortController();
    script((signal, name, during) => {
      const fn = () => {
        log.push(name);
        during?.();
      };
      if (shared) return watchAbort(signal, fn);
      if (signal.aborted) {
        fn();
        return () => {};
      }
      signal.addEventListener("abort", fn, { once: true });
      return () => signal.removeEventListener("abort", fn);
    }, ctl);
    logs.push(log);
  }
  return logs as [string[], string[]];
}

describe("watchAbort", () => {
  test("calls every watcher still watching, in the order they started", () => {
    const [shared, plain] = both((watch, ctl) => {
      watch(ctl.signal, "a");
      const stopB = watch(ctl.signal, "b");
      watch(ctl.signal, "c");
      stopB();
      ctl.abort();
      ctl.abort();
    });
    expect(shared).toEqual(["a", "c"]);
    expect(shared).toEqual(plain);
  });

  test("a watcher stopped by an earlier one during the abort is not called; one started then is called at once", () => {
    const [shared, plain] = both((watch, ctl) => {
      let stopC = () => {};
      watch(ctl.signal, "a", () => {
        stopC();
        watch(ctl.signal, "late");
      });
      watch(ctl.signal, "b");
      stopC = watch(ctl.signal, "c");
      ctl.abort();
    });
    expect(shared).toEqual(["a", "late", "b"]);
    expect(shared).toEqual(plain);
  });

  test("an already aborted signal calls the watcher at once", () => {
    const [shared, plain] = both((watch, ctl) => {
      ctl.abort();
      watch(ctl.signal, "now")();
    });
    expect(shared).toEqual(["now"]);
    expect(shared).toEqual(plain);
  });

  test("adds one listener to a signal however many watchers come and go", () => {
    const ctl = new AbortController();
    let added = 0;
    const add = ctl.signal.addEventListener.bind(ctl.signal);
    ctl.signal.addEventListener = ((...args: Parameters<typeof add>) => {
      added++;
      add(...args);
    }) as typeof add;
    let calls = 0;
    for (let i = 0; i < 100; i++) watchAbort(ctl.signal, () => calls++)();
    watchAbort(ctl.signal, () => calls++);
    ctl.abort();
    expect({ added, calls }).toEqual({ added: 1, calls: 1 });
  });
});

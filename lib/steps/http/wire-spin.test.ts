// ResponseSpin: how long the loop is kept polling after a request, with a hand-driven clock and queue; and that every way a wire exchange ends stops its wait.
import { describe, expect, test } from "bun:test";
import { ResponseSpin, responseSpin } from "./wire-spin.ts";
import { exchangeVia, withoutClientChoice } from "../../../test/helpers/wire-diff.ts";
import { scriptedServer } from "../../../test/helpers/scripted-server.ts";
import { Connection, release } from "./wire-pool.ts";

/** A spin whose clock is set by hand and whose queued ticks run when `run()` is called, one turn of the loop each. */
function driven(budget = 1) {
  let now = 0;
  let queued: (() => void)[] = [];
  const spin = new ResponseSpin(budget, () => now, (tick) => queued.push(tick));
  return {
    spin,
    at(ms: number) {
      now = ms;
    },
    /** Runs the ticks queued now (those they queue wait for the next call); returns how many ran. */
    turn(): number {
      const ticks = queued;
      queued = [];
      for (const tick of ticks) tick();
      return ticks.length;
    },
    get queued() {
      return queued.length;
    },
  };
}

describe("ResponseSpin", () => {
  test("polls while the answer is awaited, up to the budget after the request was written", () => {
    const d = driven(1);
    d.at(10);
    d.spin.awaiting();
    expect(d.queued).toBe(1);
    d.at(10.5);
    expect(d.turn()).toBe(1);
    expect(d.queued).toBe(1); // still within the budget: queued again
    d.at(11);
    d.turn();
    expect(d.queued).toBe(0); // the budget is spent: the loop may sleep
    expect(d.spin.spinning).toBe(false);
    expect(d.spin.awaited).toBe(1); // the answer is still awaited, only no longer polled for
  });

  test("stops at the first turn after the answer came", () => {
    const d = driven(1);
    const answered = d.spin.awaiting();
    d.turn();
    answered();
    d.turn();
    expect(d.queued).toBe(0);
    expect([d.spin.awaited, d.spin.spinning]).toEqual([0, false]);
  });

  test("a second call of the same end counts once", () => {
    const d = driven(1);
    const one = d.spin.awaiting();
    d.spin.awaiting();
    one();
    one();
    expect(d.spin.awaited).toBe(1);
  });

  test("one tick for any number of awaited answers; each request written moves the end of the budget", () => {
    const d = driven(1);
    d.at(0);
    d.spin.awaiting();
    d.at(0.8);
    d.spin.awaiting();
    expect(d.queued).toBe(1);
    d.at(1.5); // past the first request's budget, within the second's
    d.turn();
    expect(d.queued).toBe(1);
    d.at(1.8);
    d.turn();
    expect(d.queued).toBe(0);
  });

  test("after an answer that took longer than the budget, the next request is not polled for; after a quick one, it is again", () => {
    const d = driven(1);
    d.at(0);
    const slow = d.spin.awaiting();
    d.at(5);
    d.turn();
    slow(); // took 5 ms
    d.spin.awaiting()(); // not polled for; answered at once (took 0 ms)
    expect(d.queued).toBe(0);
    d.spin.awaiting();
    expect(d.queued).toBe(1);
  });

  test("an answer at exactly the budget still counts as quick", () => {
    const d = driven(1);
    d.at(0);
    const end = d.spin.awaiting();
    d.at(1);
    d.turn();
    end();
    d.spin.awaiting();
    expect(d.queued).toBe(1);
  });
});

describe("the wire client's exchanges end their wait however they end", () => {
  withoutClientChoice(); // the suite also runs with SCENARIO_HTTP_CLIENT=fetch: these exchanges are the wire client's
  const send = (url: string, signal = AbortSignal.timeout(10_000)) => exchangeVia("wire", new URL(url), { signal }).then((x) => x.res.status, (e: Error) => e.message);

  test("answered, refused, closed unanswered, aborted while waiting", async () => {
    const answering = scriptedServer(() => ({ segments: ["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"] }));
    const closing = scriptedServer(() => "close");
    const silent = scriptedServer(() => undefined);
    try {
      expect(await send(`${answering.base}/a`)).toBe(200);
      expect(responseSpin.awaited).toBe(0);
      expect(typeof (await send("http://127.0.0.1:1/"))).toBe("string");
      expect(responseSpin.awaited).toBe(0);
      expect(typeof (await send(`${closing.base}/c`))).toBe("string");
      expect(responseSpin.awaited).toBe(0);
      const abort = new AbortController();
      const pending = send(`${silent.base}/s`, abort.signal);
      while (silent.requests.length === 0) await new Promise((r) => setImmediate(r));
      expect(responseSpin.awaited).toBe(1);
      abort.abort();
      expect(typeof (await pending)).toBe("string");
      expect(responseSpin.awaited).toBe(0);
      // A pooled connection whose write throws: the exchange fails with that error, and its wait ends too.
      const broken = new Connection("127.0.0.1:9");
      broken.socket = { ref() {}, unref() {}, terminate() {}, write: () => { throw new Error("write failed"); } } as unknown as Connection["socket"];
      release(broken);
      expect(await send("http://127.0.0.1:9/w")).toBe("write failed");
      expect(responseSpin.awaited).toBe(0);
    } finally {
      answering.stop();
      closing.stop();
      silent.stop();
    }
  });
});

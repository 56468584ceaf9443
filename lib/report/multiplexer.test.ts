// Tests of the multiplexer: every reporter gets every event, and a failing one is noted once without stopping the rest.
import { expect, test } from "bun:test";
import type { Reporter, RunEvent } from "../engine/events.ts";
import { failedRun } from "../../test/fixtures/report-runs.ts";
import { Multiplexer } from "./multiplexer.ts";

class Recorder implements Reporter {
  readonly seen: string[] = [];
  constructor(readonly paths: string[] = []) {}
  onEvent(event: RunEvent): void {
    this.seen.push(event.type);
  }
  async finish(): Promise<string[]> {
    return this.paths;
  }
}

function stderr() {
  const lines: string[] = [];
  return { lines, write: (text: string) => void lines.push(text) };
}

test("a reporter that throws on every event is noted once; the others see everything", async () => {
  const err = stderr();
  const before = new Recorder(["a.md"]);
  const after = new Recorder(["b.log"]);
  let calls = 0;
  const broken: Reporter & { name: string } = {
    name: "broken",
    onEvent() {
      calls++;
      throw new Error("boom");
    },
  };
  const mux = new Multiplexer([before, broken, after], { stderr: err });
  const events = failedRun();
  for (const e of events) mux.onEvent(e);
  expect(before.seen).toEqual(events.map((e) => e.type));
  expect(after.seen).toEqual(events.map((e) => e.type));
  expect(calls).toBe(events.length); // still fed: whatever it can still write is worth having
  expect(err.lines).toEqual(["scenario: the broken reporter failed on a info event (its report may be incomplete): boom\n"]);
  expect(await mux.finish()).toEqual(["a.md", "b.log"]);
});

test("finish runs every reporter even when one rejects, and returns the paths of the others", async () => {
  const err = stderr();
  class DiskFull extends Recorder {
    override async finish(): Promise<string[]> {
      throw new Error("ENOSPC: no space left on device");
    }
  }
  const mux = new Multiplexer([new DiskFull(), new Recorder(["r.xml"]), { onEvent() {} }], { stderr: err });
  expect(await mux.finish()).toEqual(["r.xml"]);
  expect(err.lines).toEqual(["scenario: the DiskFull report could not be written: ENOSPC: no space left on device\n"]);
});

test("a broken stderr does not break the run", () => {
  const mux = new Multiplexer([{ onEvent: () => { throw new Error("x"); } }], { stderr: { write: () => { throw new Error("EPIPE"); } } });
  expect(() => mux.onEvent(failedRun()[0]!)).not.toThrow();
});

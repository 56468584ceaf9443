// A slice of the interrupt hardening run (the script runs 50 per entry): one signal per entry, and kill -9 during the reports.
import { describe, expect, test } from "bun:test";
import { describeWithEngine } from "../helpers/compose.ts";
import { ENTRIES } from "../helpers/entries.ts";
import { interruptTrial, kill9Trial, type Trial } from "./interrupts.ts";

describeWithEngine("interrupts under every entry (a slice of test/hardening/interrupts.ts)", (engine) => {
  const moments: Trial["moment"][] = ["during compose up", "during the long step"];
  Object.keys(ENTRIES).forEach((entry, i) => {
    const t: Trial = { entry, signal: i % 2 ? "SIGTERM" : "SIGINT", target: i === 3 ? "leader" : "group", moment: moments[i % 2]! };
    test(`${entry}: ${t.signal} to the ${t.target} ${t.moment}: exit 130, teardown ran, report interrupted, nothing left`, async () => {
      const r = await interruptTrial(t, engine.cli);
      expect(r.problems).toEqual([]);
    }, 240_000);
  });
});

describe("kill -9 while reports are written", () => {
  test("every report file present is whole and the --update-doc file is the old one or the whole new one", async () => {
    for (let i = 0; i < 3; i++) expect(await kill9Trial("first report file")).toEqual([]);
  }, 120_000);
});

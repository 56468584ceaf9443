// The step registry: every kind declares whether its steps check something; only sleep checks nothing.
import { expect, test } from "bun:test";
import { allSteps, KINDS } from "./registry.ts";

test("each kind says whether its steps check something, and only sleep does not", async () => {
  const steps = await allSteps();
  expect(steps.map((s) => s.kind)).toEqual([...KINDS]);
  expect(Object.fromEntries(steps.map((s) => [s.kind, s.checks]))).toEqual({
    compose: true, http: true, files: true, logql: true, promql: true, shell: true, sleep: false,
  });
});

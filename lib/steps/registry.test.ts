// The step registry: every kind declares whether its steps check something; sleep never, compose by action.
import { expect, test } from "bun:test";
import { allSteps, KINDS } from "./registry.ts";
import { step as composeStep } from "./compose.ts";

test("each kind says whether its steps check something: sleep never, compose by its action", async () => {
  const steps = await allSteps();
  expect(steps.map((s) => s.kind)).toEqual([...KINDS]);
  const compose = steps.find((s) => s.kind === "compose")!.checks;
  expect(typeof compose).toBe("function");
  expect(Object.fromEntries(steps.filter((s) => s.kind !== "compose").map((s) => [s.kind, s.checks]))).toEqual({
    http: true, files: true, logql: true, promql: true, shell: true, sleep: false,
  });
});

test("a compose step checks something when it starts the stack, waits for it, or expects states; down, stop, logs, a bare ps or restart do not", () => {
  const checks = (input: unknown) => (composeStep.checks as (input: unknown) => boolean)(input);
  for (const input of [{}, { action: "up" }, { action: "up", wait: true }, { action: "restart", wait: true }, { action: "ps", expect: { running: ["web"] } }, { action: "${ACTION}" }]) expect([input, checks(input)]).toEqual([input, true]);
  for (const input of [{ action: "down" }, { action: "stop" }, { action: "logs" }, { action: "restart" }, { action: "restart", wait: false }, { action: "ps" }]) expect([input, checks(input)]).toEqual([input, false]);
});

test("a compose expectation that names no service is refused: it would check nothing", () => {
  const messages = (expect: unknown) => composeStep.schema.safeParse({ action: "ps", expect }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  expect(messages({})).toEqual(["expect: expect: {} checks nothing: give running or healthy, or leave expect out"]);
  expect(messages({ running: [] })).toEqual(["expect.running: an empty list checks nothing: name at least one service, or leave the key out"]);
  expect(messages({ running: ["web"], healthy: [] })).toEqual(["expect.healthy: an empty list checks nothing: name at least one service, or leave the key out"]);
  expect(messages({ running: "web" })).toBeUndefined();
});

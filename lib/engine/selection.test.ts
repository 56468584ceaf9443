// Tests of which main steps a selection runs, setup steps included.
import { expect, test } from "bun:test";
import type { StepSpec } from "./spec.ts";
import { namesBeforeRun, stepsToRun } from "./selection.ts";

function step(id: string, tags: string[] = [], setup = false): StepSpec {
  return { id, name: id, tags, setup } as unknown as StepSpec;
}

const up = step("up", ["stack"], true);
const seed = step("seed", [], true);
const api = step("api", ["api"]);
const logs = step("logs", ["logs"]);
const late = step("late-setup", [], true);
const steps = [up, seed, api, logs, late];
const ids = (s: Set<StepSpec>) => steps.filter((x) => s.has(x)).map((x) => x.id);
const sel = (over: { tags?: string[]; skipTags?: string[]; steps?: string[] }) => ({ tags: [], skipTags: [], steps: [], ...over });

test("--tag keeps the setup steps before the steps it selects, not those after them", () => {
  expect(ids(stepsToRun(steps, sel({ tags: ["logs"] })))).toEqual(["up", "seed", "logs"]);
  expect(ids(stepsToRun(steps, sel({ tags: ["api"] })))).toEqual(["up", "seed", "api"]);
});

test("--step keeps them too", () => {
  expect(ids(stepsToRun(steps, sel({ steps: ["logs"] })))).toEqual(["up", "seed", "logs"]);
});

test("a --skip-tag naming a setup step's tag drops it: that is the user's explicit choice", () => {
  expect(ids(stepsToRun(steps, sel({ tags: ["logs"], skipTags: ["stack"] })))).toEqual(["seed", "logs"]);
});

test("without a selection every step runs", () => {
  expect(ids(stepsToRun(steps, undefined))).toEqual(["up", "seed", "api", "logs", "late-setup"]);
});

test("namesBeforeRun: names with their variables filled in, on one line; none for a name an earlier step's capture fills in", () => {
  const named = (name: string, input: unknown = {}) => ({ ...step(name), input }) as StepSpec;
  const a = named("port ${PORT}");
  const b = named("take", { capture: { N: { regex: "." } } });
  const c = named("item ${N} on\n${PORT}");
  const d = named("plain");
  const names = namesBeforeRun([a, b, c, d], (n) => (n === "PORT" ? "8080" : undefined));
  expect([...names.entries()].map(([s, n]) => [s.name, n])).toEqual([["port ${PORT}", "port 8080"], ["take", "take"], ["plain", "plain"]]);
  expect([...stepsToRun([a, b, c, d], sel({ steps: ["port 8080"] }), (n) => (n === "PORT" ? "8080" : undefined))].map((s) => s.name)).toEqual(["port ${PORT}"]);
  expect(stepsToRun([a, b, c, d], sel({ steps: ["port 8080"] })).size).toBe(0);
});

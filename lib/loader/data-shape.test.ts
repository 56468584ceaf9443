// Tests of the bounds on loaded data: the problem found first and the path it names.
import { expect, test } from "bun:test";
import { MAX_DEPTH, MAX_NODES, shapeProblem } from "./data-shape.ts";

test("a finite tree within the bounds has no problem", () => {
  expect(shapeProblem({ name: "x", steps: [{ http: { url: "u", expect: { status: [200, 204] } } }] })).toBeUndefined();
  expect(shapeProblem("scalar")).toBeUndefined();
});

test("a cycle names the path of the node that repeats a container above it", () => {
  const step: Record<string, unknown> = { name: "loop" };
  step.again = { inner: [step] };
  const problem = shapeProblem({ steps: [{ shell: "true" }, step] });
  expect(problem?.kind).toBe("cycle");
  expect(problem?.path).toEqual(["steps", 1, "again", "inner", 0]);
});

test("nesting deeper than the bound names the first container past it", () => {
  let deep: unknown = "leaf";
  for (let i = 0; i < MAX_DEPTH + 2; i++) deep = { k: deep };
  const problem = shapeProblem({ a: deep });
  expect(problem?.kind).toBe("depth");
  expect(problem?.path).toEqual(["a", ...Array(MAX_DEPTH - 1).fill("k")]);
});

test("more values than the bound (aliases expanded) is a size problem without a path", () => {
  const shared = Array.from({ length: 1000 }, (_, i) => i);
  const problem = shapeProblem({ steps: Array.from({ length: MAX_NODES / 1000 + 1 }, () => shared) });
  expect(problem).toMatchObject({ kind: "size", path: [] });
});

test("a key named __proto__ is a problem at its path: copied into an object it would set the prototype and vanish", () => {
  const labels = JSON.parse('{"__proto__": ["x"]}') as Record<string, unknown>;
  const problem = shapeProblem({ steps: [{ logql: { expect: { labels } } }] });
  expect(problem).toMatchObject({ kind: "proto", path: ["steps", 0, "logql", "expect", "labels", "__proto__"] });
  expect(shapeProblem({ steps: [{ shell: { run: "echo __proto__" } }] })).toBeUndefined();
});

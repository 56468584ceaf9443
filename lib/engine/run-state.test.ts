// stepInfo: the same fields, in the same key order, as the spread-built object it replaced.
import { describe, expect, test } from "bun:test";
import { stepInfo } from "./run-state.ts";
import type { StepSpec } from "./spec.ts";
import type { StepInfo } from "./events.ts";

/** The former construction, kept here to compare with. */
function spreadInfo(spec: StepSpec, name: string): StepInfo {
  return { index: spec.index, phase: spec.phase, name, ...(spec.id !== undefined ? { id: spec.id } : {}), kind: spec.kind, service: spec.service, tags: spec.tags, ...(spec.line === undefined ? {} : { line: spec.line }) };
}

describe("stepInfo", () => {
  const base = { index: 3, phase: "main", kind: "http", tags: ["a"], continueOnFailure: false, always: false, setup: false, input: {} } as unknown as StepSpec;
  test.each([
    ["neither id nor line", {}],
    ["an id", { id: "login" }],
    ["a line", { line: 12 }],
    ["id, line and service", { id: "login", line: 12, service: "api" }],
  ])("%s", (_, over) => {
    const spec = { ...base, ...over } as StepSpec;
    const info = stepInfo(spec, "the name");
    expect(info).toEqual(spreadInfo(spec, "the name"));
    expect(Object.keys(info)).toEqual(Object.keys(spreadInfo(spec, "the name")));
    expect(JSON.stringify(info)).toBe(JSON.stringify(spreadInfo(spec, "the name")));
  });
});

// Assertions on a step's result for unit tests that run one step directly.
import { expect } from "bun:test";
import type { StepResult } from "../../lib/core/step-result.ts";

/**
 * The step ended without an error and made exactly these checks (by path, in order), each holding. "No check failed"
 * alone also holds for a step that ends in an error (it makes none) or drops a check.
 */
export function expectPassed(r: StepResult, paths: string[]): void {
  expect({ error: r.error, checks: r.checks.map((c) => `${c.path}: ${c.ok ? "ok" : c.actual}`) }).toEqual({ error: undefined, checks: paths.map((p) => `${p}: ok`) });
}

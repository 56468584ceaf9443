// Tests of the combined exit code of several files.
import { expect, test } from "bun:test";
import { worstExit } from "./run-many.ts";

test("the worst exit code wins: invalid (2) > interrupted (130) > failed (1) > passed (0)", () => {
  expect(worstExit([])).toBe(0);
  expect(worstExit([0, 0])).toBe(0);
  expect(worstExit([0, 1, 0])).toBe(1);
  expect(worstExit([1, 130, 0])).toBe(130);
  expect(worstExit([130, 2, 1])).toBe(2);
  expect(worstExit([2, 130])).toBe(2);
});

// The skip reasons an interrupt gives are told from every other skip reason by value, not by wording.
import { expect, test } from "bun:test";
import { SKIPPED_BY_INTERRUPT, SKIPPED_BY_SECOND_INTERRUPT, skippedByInterrupt } from "./abort-text.ts";

test("the two interrupt skip reasons, and no other reason the engine gives, count as skipped by an interrupt", () => {
  expect(skippedByInterrupt(SKIPPED_BY_INTERRUPT)).toBe(true);
  expect(skippedByInterrupt(SKIPPED_BY_SECOND_INTERRUPT)).toBe(true);
  for (const other of ["not selected", "--bail after a failure", "an earlier step failed", undefined, ""]) expect(skippedByInterrupt(other)).toBe(false);
});

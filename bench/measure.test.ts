// The benchmarks' shared median: the middle value, or the mean of the middle two.
import { expect, test } from "bun:test";
import { measured, median, perStepSplit } from "./measure.ts";

test("median of odd and even counts, unsorted input left as it was", () => {
  const xs = [9, 1, 5];
  expect(median(xs)).toBe(5);
  expect(xs).toEqual([9, 1, 5]);
  expect(median([4, 1, 3, 2])).toBe(2.5);
  expect(median([7])).toBe(7);
  expect(median([])).toBeNaN();
});

test("measured kills a child that outlives its time limit and fails", async () => {
  await expect(measured(["sleep", "30"], { timeoutMs: 300 })).rejects.toThrow("still ran after 0.3 s: killed");
});

test("measured returns a finished child's output", async () => {
  const m = await measured(["sh", "-c", "echo hi"]);
  expect(m.stdout).toBe("hi\n");
});

test("perStepSplit: the one-step run as the fixed part and what each further step adds, in µs; nothing to split below two steps", () => {
  expect(perStepSplit(1010, 10, 1001)).toEqual({ fixedMs: 10, perStepUs: 1000 });
  expect(perStepSplit(30, 24, 4)).toEqual({ fixedMs: 24, perStepUs: 2000 });
  for (const steps of [1, 0, NaN]) expect(perStepSplit(22, 21, steps)).toBeUndefined();
});

// aggregateSteps' durations: ascending, in the order the comparator sort `(x, y) => x - y` gives, by whichever path sorts them.
import { describe, expect, test } from "bun:test";
import { aggregateSteps, type StepMetrics } from "./aggregate.ts";

/** One step whose requests took the given durations. */
function step(durations: readonly number[]): StepMetrics {
  const info = { index: 0, phase: "main" as const, name: "s", kind: "http", tags: [] };
  return { step: info, status: "passed", attempts: 1, checks: { passed: 1, failed: 0 }, requests: durations.map((durationMs) => ({ durationMs, status: 200, sentBytes: 0, receivedBytes: 0 })) };
}

/** Each value as text that tells -0 from 0. */
const shown = (values: ArrayLike<number>) => Array.from(values, (v) => (Object.is(v, -0) ? "-0" : String(v)));

/** The order the comparator sort gives (what aggregateSteps gave before it sorted a Float64Array). */
const byComparator = (values: readonly number[]) => shown([...values].sort((x, y) => x - y));

describe("aggregateSteps' durations", () => {
  test("are sorted as the comparator sorts them, over several steps and requests", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 200; round++) {
      const lists = Array.from({ length: 1 + (round % 5) }, () => Array.from({ length: Math.floor(random() * 40) }, () => (random() < 0.2 ? Math.floor(random() * 4) : Math.round(random() * 1e6) / 1e3)));
      const durations = aggregateSteps(lists.map(step)).durations;
      expect(durations).toBeInstanceOf(Float64Array);
      expect(shown(durations)).toEqual(byComparator(lists.flat()));
    }
  });

  test("holding -0 or NaN, keep the comparator's order (a Float64Array's own sort puts -0 first and NaN last)", () => {
    for (const values of [[0, 3, -0, 1, 0], [2, NaN, 1, 0, NaN, 5], [NaN, -0, 0, 4, -0, 2, 0]]) {
      expect(shown(aggregateSteps([step(values)]).durations)).toEqual(byComparator(values));
    }
    // The sorts differ there, so the test above tells the two paths apart.
    expect(shown(Float64Array.from([0, 3, -0, 1, 0]).sort())).not.toEqual(byComparator([0, 3, -0, 1, 0]));
  });

  test("are empty without a request, and cut requests are not among them", () => {
    expect(aggregateSteps([]).durations.length).toBe(0);
    const cut = step([5, 1]);
    cut.requests[0]!.cut = true;
    expect(shown(aggregateSteps([cut, step([])]).durations)).toEqual(["1"]);
  });
});

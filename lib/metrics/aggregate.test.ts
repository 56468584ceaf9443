// aggregateSteps' durations: ascending, in the order the comparator sort `(x, y) => x - y` gives, by whichever path sorts them.
import { describe, expect, test } from "bun:test";
import { aggregateSteps, checkCounts, type StepMetrics } from "./aggregate.ts";
import type { StepResult } from "../core/step-result.ts";

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

describe("aggregateSteps' counts", () => {
  test("steps by status, attempts and checks are summed over the steps", () => {
    const statuses = ["passed", "failed", "passed", "skipped", "interrupted"] as const;
    const steps = statuses.map((status, i) => ({ ...step([1]), status, attempts: i + 1, checks: { passed: i, failed: i % 2 } }));
    const a = aggregateSteps(steps);
    expect(a.steps).toEqual({ passed: 2, failed: 1, skipped: 1, interrupted: 1 });
    expect(a.attempts).toBe(15);
    expect(a.checks).toEqual({ passed: 10, failed: 2 });
  });

  test("a request fails as k6 counts it: no response, or a status of 400 and above without an expected status, else the step's expectation", () => {
    const requests = [{ status: 399 }, { status: 400 }, { status: 599 }, {}, { status: 500, statusExpected: true }, { status: 200, statusExpected: false }];
    const s = { ...step([]), requests: requests.map((r) => ({ durationMs: 1, sentBytes: 0, receivedBytes: 0, ...r })) };
    const a = aggregateSteps([s]);
    expect([a.http_reqs, a.http_req_failed]).toEqual([6, 4]);
  });
});

describe("checkCounts", () => {
  const result = (oks: boolean[], error?: string) => ({ checks: oks.map((ok) => ({ ok })), ...(error === undefined ? {} : { error }) }) as unknown as StepResult;
  test("counts the checks that held and those that did not", () => {
    expect(checkCounts(result([true, false, true]))).toEqual({ passed: 2, failed: 1 });
    expect(checkCounts(undefined)).toEqual({ passed: 0, failed: 0 });
  });
  test("an error with no failed check counts one failed check: a step that could not check is not a check that held", () => {
    expect(checkCounts(result([], "connection refused"))).toEqual({ passed: 0, failed: 1 });
    expect(checkCounts(result([true], "timed out"))).toEqual({ passed: 1, failed: 1 });
    // Failed checks are counted as they are: the error adds none.
    expect(checkCounts(result([false, false], "timed out"))).toEqual({ passed: 0, failed: 2 });
  });
});

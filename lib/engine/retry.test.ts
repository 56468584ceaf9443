import { describe, expect, test } from "bun:test";
import { backoff, eventuallyIntervalMs, eventuallyPolicy, ONCE, retriesPolicy } from "./retry.ts";

function take(gen: Generator<number>, n: number): number[] {
  return Array.from({ length: n }, () => gen.next().value);
}

describe("backoff", () => {
  test.each([
    { first: 100, factor: 2, max: 1000, want: [100, 200, 400, 800, 1000, 1000] },
    { first: 500, factor: 1.5, max: 10_000, want: [500, 750, 1125, 1687.5, 2531.25, 3796.875] },
    { first: 50, factor: 1, max: 1000, want: [50, 50, 50, 50, 50, 50] },
    { first: 2000, factor: 3, max: 1000, want: [1000, 1000, 1000, 1000, 1000, 1000] },
  ])("first $first, factor $factor, max $max", ({ first, factor, max, want }) => {
    expect(take(backoff(first, factor, max), 6)).toEqual([...want]);
  });
});

describe("eventuallyPolicy", () => {
  test("by default it waits 50 ms between attempts, never longer and never shorter, and stops at the deadline", () => {
    const p = eventuallyPolicy({ timeoutMs: 1000 }, 0);
    expect([p.next(0), p.next(100), p.next(250), p.next(900), p.next(950)]).toEqual([50, 50, 50, 50, 50]);
    // Less than the 50 ms left: no attempt at the deadline, which would ask sooner than 20 times a second allows.
    expect(p.next(970)).toBeUndefined();
    expect(p.next(1000)).toBeUndefined();
    expect(eventuallyIntervalMs({ timeoutMs: 1000 })).toBe(50);
  });

  test("an interval of its own (or defaults.interval, filled in by the loader) stays constant unless a backoff is given", () => {
    const p = eventuallyPolicy({ timeoutMs: 60_000, intervalMs: 500 }, 0);
    expect([p.next(0), p.next(0), p.next(0)]).toEqual([500, 500, 500]);
    const grows = eventuallyPolicy({ timeoutMs: 60_000, intervalMs: 500, backoff: 1.5 }, 0);
    expect([grows.next(0), grows.next(0), grows.next(0)]).toEqual([500, 750, 1125]);
  });

  test("an interval longer than the default cap (10 s) is kept: the cap is then the interval (30s asked every 10 s)", () => {
    const p = eventuallyPolicy({ timeoutMs: 120_000, intervalMs: 30_000 }, 0);
    expect([p.next(0), p.next(0)]).toEqual([30_000, 30_000]);
    const grows = eventuallyPolicy({ timeoutMs: 600_000, intervalMs: 12_000, backoff: 2 }, 0);
    expect([grows.next(0), grows.next(0)]).toEqual([12_000, 12_000]);
  });

  test("the step's own interval, factor and cap win over the defaults", () => {
    const p = eventuallyPolicy({ timeoutMs: 60_000, intervalMs: 10, backoff: 10, maxIntervalMs: 500 }, 0);
    expect([p.next(0), p.next(0), p.next(0), p.next(0)]).toEqual([10, 100, 500, 500]);
  });

  test("a wait never reaches past the deadline: the last is cut to what is left, if 50 ms or more; remaining counts down to zero", () => {
    const p = eventuallyPolicy({ timeoutMs: 300, intervalMs: 1000 }, 1000);
    expect(p.next(1100)).toBe(200);
    expect(eventuallyPolicy({ timeoutMs: 300, intervalMs: 1000 }, 1000).next(1260)).toBeUndefined();
    // An interval shorter than 50 ms is the author's choice, but never cut: less than it left, no attempt.
    expect(eventuallyPolicy({ timeoutMs: 300, intervalMs: 20 }, 0).next(280)).toBe(20);
    expect(eventuallyPolicy({ timeoutMs: 300, intervalMs: 20 }, 0).next(290)).toBeUndefined();
    expect(p.remaining(1100)).toBe(200);
    expect(p.remaining(5000)).toBe(0);
  });
});

describe("retriesPolicy and ONCE", () => {
  test("retries allows exactly N more attempts at a fixed interval", () => {
    const p = retriesPolicy(2, 250);
    expect([p.next(0), p.next(0), p.next(0)]).toEqual([250, 250, undefined]);
    expect(p.remaining(0)).toBe(Infinity);
  });

  test("ONCE allows no second attempt", () => {
    expect(ONCE.next(0)).toBeUndefined();
  });
});

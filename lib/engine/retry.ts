// Retry policies outside the steps: `eventually` (deadline + growing interval), `retries` (count), none.
import type { EventuallySpec } from "./spec.ts";

/**
 * The wait between attempts of `eventually` when neither the step nor `defaults.interval` sets one: a service that
 * turns ready is seen within about 50 ms, asked at most 20 times a second.
 */
const DEFAULT_EVENTUALLY_INTERVAL_MS = 50;
/** 1: the wait stays at the interval unless a step asks it to grow. */
const DEFAULT_BACKOFF = 1;
/** The longest wait a backoff grows to, unless the interval itself is longer (then the wait stays the interval). */
const DEFAULT_MAX_INTERVAL_MS = 10_000;

/** Yields successive waits: first, first×factor, … capped at max. */
export function* backoff(firstMs: number, factor: number, maxMs: number): Generator<number, never> {
  let next = firstMs;
  for (;;) {
    yield Math.min(next, maxMs);
    next = Math.min(next * factor, maxMs);
  }
}

/** Decides whether another attempt may start and how long to wait before it. */
export interface RetryPolicy {
  /** Milliseconds to wait before the next attempt, or undefined when no attempt is left. */
  next(now: number): number | undefined;
  /** Milliseconds left before the deadline (for clipping one attempt's timeout); Infinity without one. */
  remaining(now: number): number;
}

/** The first wait between attempts of an `eventually` step (the loader fills in `defaults.interval` when the scenario sets it). */
export function eventuallyIntervalMs(ev: EventuallySpec): number {
  return ev.intervalMs ?? DEFAULT_EVENTUALLY_INTERVAL_MS;
}

export function eventuallyPolicy(ev: EventuallySpec, startedAt: number): RetryPolicy {
  const deadline = startedAt + ev.timeoutMs;
  const waits = backoff(eventuallyIntervalMs(ev), ev.backoff ?? DEFAULT_BACKOFF, ev.maxIntervalMs ?? Math.max(DEFAULT_MAX_INTERVAL_MS, eventuallyIntervalMs(ev)));
  return {
    next(now) {
      if (now >= deadline) return undefined;
      const wait = waits.next().value;
      const left = deadline - now;
      if (wait <= left) return wait;
      // Less than the wait is left: one last attempt at the deadline (a service ready in that stretch is seen), but
      // not sooner after the one before than the interval or 50 ms: cut to 30 ms, the default's promise of at most 20
      // requests a second was broken at every deadline.
      return left >= Math.min(wait, DEFAULT_EVENTUALLY_INTERVAL_MS) ? left : undefined;
    },
    remaining: (now) => Math.max(0, deadline - now),
  };
}

export function retriesPolicy(retries: number, intervalMs: number): RetryPolicy {
  let left = retries;
  return {
    next: () => (left-- > 0 ? intervalMs : undefined),
    remaining: () => Infinity,
  };
}

export const ONCE: RetryPolicy = { next: () => undefined, remaining: () => Infinity };

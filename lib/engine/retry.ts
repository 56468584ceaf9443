// Retry policies outside the steps: `eventually` (deadline + growing interval), `retries` (count), none.
import type { EventuallySpec } from "../schema/load.ts";

const DEFAULT_BACKOFF = 1.5;
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

export function eventuallyPolicy(ev: EventuallySpec, defaultIntervalMs: number, startedAt: number): RetryPolicy {
  const deadline = startedAt + ev.timeoutMs;
  const waits = backoff(ev.intervalMs ?? defaultIntervalMs, ev.backoff ?? DEFAULT_BACKOFF, ev.maxIntervalMs ?? DEFAULT_MAX_INTERVAL_MS);
  return {
    next(now) {
      if (now >= deadline) return undefined;
      return Math.min(waits.next().value, Math.max(0, deadline - now));
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

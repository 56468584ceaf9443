// Time arithmetic on (whole milliseconds, nanoseconds past them) pairs, exact to the nanosecond without bigint.

/** True when (ms, sub) is after the whole-millisecond instant `bound`. */
export function after(ms: number, sub: number, bound: number): boolean {
  return ms > bound || (ms === bound && sub > 0);
}

/** True when (ms, sub) is at or before the whole-millisecond instant `bound`. */
export function atOrBefore(ms: number, sub: number, bound: number): boolean {
  return ms < bound || (ms === bound && sub === 0);
}

/** Nanoseconds since the epoch as Loki reports them. */
export function toNs(ms: number, sub: number): bigint {
  return BigInt(ms) * 1_000_000n + BigInt(sub);
}

/**
 * Evaluation instants of a query: the end alone for an instant query; with a step, start and end aligned to
 * multiples of the step (start rounded down, end rounded up), as Loki's query frontend does.
 */
export function stepTimes(startMs: number, endMs: number, stepMs?: number): number[] {
  if (!stepMs) return [endMs];
  const first = Math.floor(startMs / stepMs) * stepMs;
  const last = Math.ceil(endMs / stepMs) * stepMs;
  const out: number[] = [];
  for (let t = first; t <= last; t += stepMs) out.push(t);
  return out;
}

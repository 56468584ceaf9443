// The range functions (count_over_time, rate, …, quantile_over_time) over the samples of one window.
import type { RangeOp } from "./ast.ts";

/** Go's order of Loki's value heap: NaN before every number (`a - b` is no order with NaN: the sort's answer depended on where NaN sat). */
function nanFirst(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : -1;
  return Number.isNaN(b) ? 1 : a - b;
}

/** Prometheus' quantile: linear interpolation between the closest ranks; φ<0 gives -Inf, φ>1 +Inf; NaN samples rank lowest, as in Loki. */
export function quantile(q: number, values: number[]): number {
  if (!values.length || Number.isNaN(q)) return NaN;
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  const v = [...values].sort(nanFirst);
  const rank = q * (v.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(v.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return v[lower]! * (1 - weight) + v[upper]! * weight;
}

/** One step of Loki's running mean (avg_over_time): m += v/k - m/k, an infinite mean kept against finite values and an infinity of its sign. */
export function meanStep(m: number, v: number, k: number): number {
  if (!Number.isFinite(m) && !Number.isNaN(m)) {
    if (!Number.isFinite(v) && !Number.isNaN(v) && m > 0 === v > 0) return m;
    if (Number.isFinite(v)) return m;
  }
  return m + (v / k - m / k);
}

/**
 * The mean of values [from, to) as Loki 3.4.6's avg_over_time computes it: a running mean, `m += v/k - m/k` (not
 * `(v - m)/k`: the last bit differs), keeping an infinite mean against finite values and an infinity of its sign.
 */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let m = 0;
  for (let i = from, k = 1; i < to; i++, k++) m = meanStep(m, values[i]!, k);
  return m;
}

/** Population variance of values [from, to), computed as Prometheus does (running mean). */
export function variance(values: ArrayLike<number>, from = 0, to = values.length): number {
  let count = 0;
  let m = 0;
  let m2 = 0;
  for (let i = from; i < to; i++) {
    const x = values[i]!;
    count++;
    const delta = x - m;
    m += delta / count;
    m2 += delta * (x - m);
  }
  return m2 / count;
}

/**
 * rate_counter over samples [from, to) (times as ms and the nanoseconds past them), as Loki 3.4.6 computes it: the
 * increase from the first value to the last, a drop read as a counter reset (the value before it added back),
 * extrapolated with Prometheus' rule and divided by the range in seconds. Loki's copy of that rule mixes units: it takes
 * the window's start as the first sample's time less the range and its end as the last sample's time, and it measures
 * the span between samples in nanoseconds divided by 1,000 where the start gap is in seconds. So the end is never
 * extrapolated, the start gets half a mean gap unless the range is shorter than 1.1 mean gaps counted in microseconds,
 * and samples that all share one time give NaN. One sample gives 0 (a sample, not none).
 */
export function rateCounter(values: Float64Array, ms: ArrayLike<number>, sub: ArrayLike<number>, from: number, to: number, rangeMs: number): number {
  const n = to - from;
  if (n < 2) return 0;
  const first = values[from]!;
  let result = values[to - 1]! - first;
  let last = 0;
  for (let i = from; i < to; i++) {
    const v = values[i]!;
    if (v < last) result += last;
    last = v;
  }
  // Loki's "seconds": the range's ms / 1000 at the start, the samples' ns / 1000 between them, 0 at the end.
  let toStart = rangeMs / 1000;
  const sampled = ((ms[to - 1]! - ms[from]!) * 1e6 + (sub[to - 1]! - sub[from]!)) / 1000;
  const meanGap = sampled / (n - 1);
  if (result > 0 && first >= 0) {
    const toZero = sampled * (first / result);
    if (toZero < toStart) toStart = toZero;
  }
  const threshold = meanGap * 1.1;
  let interval = sampled;
  interval += toStart < threshold ? toStart : meanGap / 2;
  interval += 0 < threshold ? 0 : meanGap / 2;
  return (result * (interval / sampled)) / (rangeMs / 1000);
}

/**
 * The value of `op` over samples [from, to) of one series (`values` null when the range only counts lines); undefined
 * when the window is empty (no output sample). `ms` and `sub`, the samples' times, are read by rate_counter only.
 * `rate` is per second of the range: count / range seconds, or the sum / range seconds for unwrapped ranges.
 */
export function applyRange(op: RangeOp, values: Float64Array | null, from: number, to: number, rangeMs: number, param: number | undefined, ms?: ArrayLike<number>, sub?: ArrayLike<number>): number | undefined {
  const n = to - from;
  if (n <= 0) return undefined;
  const seconds = rangeMs / 1000;
  const sum = () => {
    let s = 0;
    for (let i = from; i < to; i++) s += values![i]!;
    return s;
  };
  switch (op) {
    case "count_over_time":
      return n;
    case "rate":
      return (values ? sum() : n) / seconds;
    case "rate_counter":
      return rateCounter(values!, ms!, sub!, from, to, rangeMs);
    case "bytes_over_time":
    case "sum_over_time":
      return sum();
    case "bytes_rate":
      return sum() / seconds;
    case "avg_over_time":
      return mean(values!, from, to);
    case "min_over_time": {
      let m = values![from]!;
      for (let i = from + 1; i < to; i++) if (values![i]! < m || Number.isNaN(m)) m = values![i]!;
      return m;
    }
    case "max_over_time": {
      let m = values![from]!;
      for (let i = from + 1; i < to; i++) if (values![i]! > m || Number.isNaN(m)) m = values![i]!;
      return m;
    }
    case "stdvar_over_time":
      return variance(values!, from, to);
    case "stddev_over_time":
      return Math.sqrt(variance(values!, from, to));
    case "quantile_over_time":
      return quantile(param!, Array.from(values!.subarray(from, to)));
    case "first_over_time":
      return values![from]!;
    case "last_over_time":
      return values![to - 1]!;
    case "absent_over_time":
      return undefined; // evaluated over all series together, see metric evaluation
  }
}

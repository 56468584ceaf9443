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
 * The value of `op` over samples [from, to) of one series (`values` null when the range only counts lines); undefined
 * when the window is empty (no output sample).
 * `rate` is per second of the range: count / range seconds, or the sum / range seconds for unwrapped ranges.
 */
export function applyRange(op: RangeOp, values: Float64Array | null, from: number, to: number, rangeMs: number, param: number | undefined): number | undefined {
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

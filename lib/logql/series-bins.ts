// Samples of one series folded into bins between window edges: constant memory per bin, exact for count/sum/min/max/first/last.
import type { RangeOp } from "./ast.ts";
import { meanStep } from "./range-fns.ts";
import type { RangeSamples } from "./series-buffer.ts";

/** Range functions a binned series can answer exactly (quantiles and deviations need every value). */
export const BINNABLE = new Set<RangeOp>([
  "count_over_time", "rate", "bytes_over_time", "bytes_rate", "absent_over_time",
  "min_over_time", "max_over_time", "first_over_time", "last_over_time",
]);

/**
 * sum_over_time and avg_over_time are binned only where each window is one bin (an instant query, or a step no shorter
 * than the range): Loki adds a window's values one by one and keeps a running mean, and float addition is not
 * associative, so per-bin subtotals of overlapping windows can differ in the last bit (ten 0.1s: 1 against Loki's
 * 0.9999999999999999). One bin adds its values in the order they come, as Loki does for lines in time order.
 */
export function binnable(op: RangeOp, evalTimes: readonly number[], rangeMs: number): boolean {
  if (BINNABLE.has(op)) return true;
  if (op !== "sum_over_time" && op !== "avg_over_time") return false;
  return evalTimes.length === 1 || evalTimes[1]! - evalTimes[0]! >= rangeMs;
}


/**
 * The edges of a query's windows: every (t - offset) and (t - offset - range), sorted and unique. Bin k holds the
 * samples in (edges[k-1], edges[k]], so every window (end - range, end] is a run of whole bins.
 */
export function windowEdges(ends: readonly number[], rangeMs: number): Float64Array {
  const set = new Set<number>();
  for (const e of ends) {
    set.add(e);
    set.add(e - rangeMs);
  }
  return Float64Array.from([...set].sort((a, b) => a - b));
}

/** The bin of a timestamp: the smallest k with ts <= edges[k]; -1 when ts <= edges[0] or ts > the last edge. */
function binOf(edges: Float64Array, ms: number, sub: number): number {
  let lo = 0;
  let hi = edges.length - 1;
  const last = edges[hi]!;
  if (ms > last || (ms === last && sub > 0)) return -1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = edges[mid]!;
    if (ms < e || (ms === e && sub === 0)) hi = mid;
    else lo = mid + 1;
  }
  return lo === 0 ? -1 : lo;
}

interface Bin {
  bin: number;
  count: number;
  sum: number;
  /** The running mean of the bin's values in the order they came (avg_over_time of a one-bin window). */
  mean: number;
  min: number;
  max: number;
  firstMs: number;
  firstSub: number;
  first: number;
  lastMs: number;
  lastSub: number;
  last: number;
}

export class BinnedSeries implements RangeSamples {
  private bins: Bin[] = [];
  private merged = false;

  constructor(
    private readonly edges: Float64Array,
    /** Samples carry values (bytes, unwrap); otherwise only their count matters (rate counts lines). */
    private readonly withValues: boolean,
  ) {}

  add(ms: number, sub: number, value: number): void {
    const bin = binOf(this.edges, ms, sub);
    if (bin < 0) return;
    const top = this.bins[this.bins.length - 1];
    if (top && top.bin === bin) {
      top.count++;
      top.sum += value;
      top.mean = meanStep(top.mean, value, top.count);
      if (value < top.min || Number.isNaN(top.min)) top.min = value;
      if (value > top.max || Number.isNaN(top.max)) top.max = value;
      if (ms < top.firstMs || (ms === top.firstMs && sub < top.firstSub)) [top.firstMs, top.firstSub, top.first] = [ms, sub, value];
      if (ms > top.lastMs || (ms === top.lastMs && sub >= top.lastSub)) [top.lastMs, top.lastSub, top.last] = [ms, sub, value];
      return;
    }
    this.merged = false;
    this.bins.push({ bin, count: 1, sum: value, mean: meanStep(0, value, 1), min: value, max: value, firstMs: ms, firstSub: sub, first: value, lastMs: ms, lastSub: sub, last: value });
  }

  /** Sorts bins and folds together bins that were filled in several runs (lines out of time order). */
  private merge(): void {
    if (this.merged) return;
    const sorted = this.bins.map((b, i) => [b, i] as const).sort((a, b) => a[0].bin - b[0].bin || a[1] - b[1]);
    const out: Bin[] = [];
    for (const [b] of sorted) {
      const top = out[out.length - 1];
      if (!top || top.bin !== b.bin) {
        out.push({ ...b });
        continue;
      }
      top.mean = (top.mean * top.count + b.mean * b.count) / (top.count + b.count);
      top.count += b.count;
      top.sum += b.sum;
      if (b.min < top.min || Number.isNaN(top.min)) top.min = b.min;
      if (b.max > top.max || Number.isNaN(top.max)) top.max = b.max;
      if (b.firstMs < top.firstMs || (b.firstMs === top.firstMs && b.firstSub < top.firstSub)) [top.firstMs, top.firstSub, top.first] = [b.firstMs, b.firstSub, b.first];
      if (b.lastMs > top.lastMs || (b.lastMs === top.lastMs && b.lastSub >= top.lastSub)) [top.lastMs, top.lastSub, top.last] = [b.lastMs, b.lastSub, b.last];
    }
    this.bins = out;
    this.merged = true;
  }

  /** Index of an edge value (it is always one of the edges). */
  private edgeIndex(v: number): number {
    let lo = 0;
    let hi = this.edges.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.edges[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First bin entry with bin >= k. */
  private entryAt(k: number): number {
    let lo = 0;
    let hi = this.bins.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.bins[mid]!.bin < k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The value of `op` over each window (end - rangeMs, end], or undefined for an empty window. */
  evaluate(op: RangeOp, ends: readonly number[], rangeMs: number): (number | undefined)[] {
    this.merge();
    const seconds = rangeMs / 1000;
    return ends.map((end) => {
      const from = this.entryAt(this.edgeIndex(end - rangeMs) + 1);
      const to = this.entryAt(this.edgeIndex(end) + 1);
      if (to <= from) return undefined;
      let count = 0;
      let sum = 0;
      for (let i = from; i < to; i++) {
        count += this.bins[i]!.count;
        sum += this.bins[i]!.sum;
      }
      switch (op) {
        case "count_over_time":
          return count;
        case "rate":
          return (this.withValues ? sum : count) / seconds;
        case "bytes_over_time":
        case "sum_over_time":
          return sum;
        case "bytes_rate":
          return sum / seconds;
        case "avg_over_time":
          return to - from === 1 ? this.bins[from]!.mean : sum / count;
        case "min_over_time":
          return this.bins.slice(from, to).reduce((m, b) => (b.min < m || Number.isNaN(m) ? b.min : m), this.bins[from]!.min);
        case "max_over_time":
          return this.bins.slice(from, to).reduce((m, b) => (b.max > m || Number.isNaN(m) ? b.max : m), this.bins[from]!.max);
        case "first_over_time":
          return this.bins[from]!.first;
        case "last_over_time":
          return this.bins[to - 1]!.last;
        default:
          return count; // absent_over_time only asks whether the window holds anything
      }
    });
  }
}

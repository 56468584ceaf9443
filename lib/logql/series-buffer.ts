// Samples of one series (timestamp, value) in growable typed arrays, sorted once and sliced per range window.
import type { RangeOp } from "./ast.ts";
import { applyRange } from "./range-fns.ts";
import { after, atOrBefore } from "./timestamps.ts";

/** What a range aggregation keeps per series: every sample (SeriesBuffer) or bins of them (BinnedSeries). */
export interface RangeSamples {
  add(ms: number, sub: number, value: number): void;
  /** The value of `op` over each window (end - rangeMs, end]; undefined for an empty window. */
  evaluate(op: RangeOp, ends: readonly number[], rangeMs: number, param?: number): (number | undefined)[];
}

export class SeriesBuffer implements RangeSamples {
  ms = new Float64Array(16);
  sub = new Int32Array(16);
  values: Float64Array | null;
  length = 0;
  private sorted = true;

  constructor(withValues: boolean) {
    this.values = withValues ? new Float64Array(16) : null;
  }

  evaluate(op: RangeOp, ends: readonly number[], rangeMs: number, param?: number): (number | undefined)[] {
    this.sort();
    return this.windows(ends, rangeMs).map(([from, to]) =>
      to <= from ? undefined : op === "absent_over_time" ? to - from : applyRange(op, this.values, from, to, rangeMs, param, this.ms, this.sub),
    );
  }

  add(ms: number, sub: number, value: number): void {
    if (this.length === this.ms.length) this.grow();
    const n = this.length;
    if (n > 0 && (ms < this.ms[n - 1]! || (ms === this.ms[n - 1]! && sub < this.sub[n - 1]!))) this.sorted = false;
    this.ms[n] = ms;
    this.sub[n] = sub;
    if (this.values) this.values[n] = value;
    this.length = n + 1;
  }

  private grow(): void {
    const cap = this.ms.length * 2;
    const ms = new Float64Array(cap);
    ms.set(this.ms);
    this.ms = ms;
    const sub = new Int32Array(cap);
    sub.set(this.sub);
    this.sub = sub;
    if (this.values) {
      const v = new Float64Array(cap);
      v.set(this.values);
      this.values = v;
    }
  }

  /** Sorts by time (stable: equal timestamps keep their reading order). */
  sort(): void {
    if (this.sorted) return;
    const n = this.length;
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort((a, b) => this.ms[a]! - this.ms[b]! || this.sub[a]! - this.sub[b]! || a - b);
    const ms = new Float64Array(n);
    const sub = new Int32Array(n);
    const values = this.values ? new Float64Array(n) : null;
    for (let i = 0; i < n; i++) {
      ms[i] = this.ms[idx[i]!]!;
      sub[i] = this.sub[idx[i]!]!;
      if (values) values[i] = this.values![idx[i]!]!;
    }
    this.ms = ms;
    this.sub = sub;
    this.values = values;
    this.sorted = true;
  }

  /**
   * Index ranges [from, to) of the samples in each window (end - rangeMs, end] (Loki's range vectors exclude the
   * start and include the end), for ascending window ends. Call sort() first.
   */
  windows(ends: readonly number[], rangeMs: number): [number, number][] {
    const out: [number, number][] = [];
    let lo = 0;
    let hi = 0;
    for (const end of ends) {
      const start = end - rangeMs;
      while (lo < this.length && !after(this.ms[lo]!, this.sub[lo]!, start)) lo++;
      if (hi < lo) hi = lo;
      while (hi < this.length && atOrBefore(this.ms[hi]!, this.sub[hi]!, end)) hi++;
      out.push([lo, hi]);
    }
    return out;
  }
}

// Range windows and top-N selection checked against naive reference implementations on random data.
import { describe, expect, test } from "bun:test";
import type { RangeOp } from "./ast.ts";
import { LogSink } from "./log-sink.ts";
import { quantile } from "./range-fns.ts";
import { BINNABLE, BinnedSeries, windowEdges } from "./series-bins.ts";
import { SeriesBuffer } from "./series-buffer.ts";

function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
}

interface S {
  ms: number;
  sub: number;
  v: number;
  i: number;
}

/** The reference: filter (end - range, end] by exact ns comparison, then compute the function directly. */
function naive(op: RangeOp, samples: S[], end: number, range: number, param?: number): number | undefined {
  const ns = (x: S) => BigInt(x.ms) * 1_000_000n + BigInt(x.sub);
  const lo = BigInt(end - range) * 1_000_000n;
  const hi = BigInt(end) * 1_000_000n;
  const w = samples.filter((x) => ns(x) > lo && ns(x) <= hi).sort((a, b) => (ns(a) < ns(b) ? -1 : ns(a) > ns(b) ? 1 : a.i - b.i));
  if (!w.length) return undefined;
  const vals = w.map((x) => x.v);
  const sum = vals.reduce((a, b) => a + b, 0);
  const mean = sum / vals.length;
  const variance = vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length;
  switch (op) {
    case "count_over_time":
    case "absent_over_time":
      return w.length;
    case "rate":
      return sum / (range / 1000);
    case "bytes_over_time":
    case "sum_over_time":
      return sum;
    case "bytes_rate":
      return sum / (range / 1000);
    case "avg_over_time":
      return mean;
    case "min_over_time":
      return Math.min(...vals);
    case "max_over_time":
      return Math.max(...vals);
    case "first_over_time":
      return vals[0];
    case "last_over_time":
      return vals[vals.length - 1];
    case "stdvar_over_time":
      return variance;
    case "stddev_over_time":
      return Math.sqrt(variance);
    case "quantile_over_time":
      return quantile(param!, vals);
  }
}

const OPS: RangeOp[] = [
  "count_over_time", "rate", "bytes_over_time", "sum_over_time", "avg_over_time", "min_over_time", "max_over_time",
  "first_over_time", "last_over_time", "stdvar_over_time", "stddev_over_time", "quantile_over_time", "absent_over_time",
];

describe("range windows (end - range, end] against a reference", () => {
  for (let seed = 1; seed <= 12; seed++) {
    test(`random series #${seed}`, () => {
      const r = rng(seed);
      const step = [1000, 5000, 60_000][seed % 3]!;
      const range = [1000, 7000, 60_000, 300_000][seed % 4]!;
      const start = 1_700_000_000_000;
      const ends = Array.from({ length: 1 + Math.floor(r() * 40) }, (_, i) => start + i * step);
      const samples: S[] = Array.from({ length: 300 }, (_, i) => {
        // Many samples sit exactly on a window edge, or one nanosecond away from one.
        const edge = ends[Math.floor(r() * ends.length)]! - (r() < 0.5 ? range : 0);
        const onEdge = r() < 0.3;
        const ms = onEdge ? edge : start - range + Math.floor(r() * (ends[ends.length - 1]! - start + range + 2000));
        const sub = onEdge ? (r() < 0.5 ? 0 : 1) : r() < 0.5 ? 0 : Math.floor(r() * 1e6);
        return { ms, sub, v: Math.round(r() * 1000) / 10, i };
      });
      for (const op of OPS) {
        const param = op === "quantile_over_time" ? 0.9 : undefined;
        const raw = new SeriesBuffer(true);
        for (const x of samples) raw.add(x.ms, x.sub, x.v);
        const want = ends.map((e) => naive(op, samples, e, range, param));
        const got = raw.evaluate(op, ends, range, param);
        expect(got.length).toBe(want.length);
        got.forEach((g, i) => (want[i] === undefined ? expect(g).toBeUndefined() : expect(g!).toBeCloseTo(want[i]!, 8)));
        if (!BINNABLE.has(op) && op !== "sum_over_time" && op !== "avg_over_time") continue;
        const binned = new BinnedSeries(windowEdges(ends, range), true);
        for (const x of samples) binned.add(x.ms, x.sub, x.v);
        const gotBinned = binned.evaluate(op, ends, range);
        expect(gotBinned.length).toBe(want.length);
        gotBinned.forEach((g, i) => (want[i] === undefined ? expect(g).toBeUndefined() : expect(g!).toBeCloseTo(want[i]!, 8)));
      }
    });
  }
});

describe("LogSink keeps the limit newest (backward) or oldest (forward) entries", () => {
  for (const direction of ["backward", "forward"] as const) {
    test(direction, () => {
      const r = rng(direction.length);
      const entries = Array.from({ length: 500 }, (_, i) => ({ ms: Math.floor(r() * 50), sub: r() < 0.5 ? 0 : 7, line: `l${i}`, i }));
      const sink = new LogSink(37, direction);
      for (const e of entries) sink.push(e.ms, e.sub, e.line, { s: e.i % 3 === 0 ? "a" : "b" });
      const kept = sink.result().flatMap((s) => s.entries.map((e) => e.line));
      // Newest (oldest) first; on a tie the stream with the lower labels first in both directions, then read order.
      const sign = direction === "backward" ? -1 : 1;
      const label = (e: { i: number }) => (e.i % 3 === 0 ? 0 : 1);
      const order = [...entries].sort((a, b) => sign * (a.ms - b.ms || a.sub - b.sub) || label(a) - label(b) || sign * (a.i - b.i));
      const want = order.slice(0, 37).map((e) => e.line);
      expect(kept.sort()).toEqual(want.sort());
    });
  }
});

describe("quantile", () => {
  test("NaN samples rank lowest, as Loki's value heap orders them (Loki 3.4.6: [1, 2, NaN] at 0.5 is 1)", () => {
    // With a - b as the order, NaN left the sort's result to where it sat: 0.5 gave NaN here, and 0 gave NaN or 1.
    expect(quantile(0.5, [1, 2, NaN])).toBe(1);
    expect(quantile(0.5, [NaN, 2, 1])).toBe(1);
    expect(quantile(0, [3, NaN, 1])).toBeNaN();
    expect(quantile(1, [3, NaN, 1])).toBe(3);
    expect(quantile(0.5, [3, 1, 2])).toBe(2);
  });
});

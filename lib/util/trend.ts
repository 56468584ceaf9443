// Aggregations of a series of numbers the way k6's trend metrics compute them (percentiles by linear interpolation).

/** The p-th percentile (0–100) of ascending values: k6's interpolation between the ranks around (n-1)·p/100. */
export function percentile(sorted: ArrayLike<number>, p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  if (sorted.length === 1) return sorted[0];
  const rank = (p / 100) * (sorted.length - 1);
  const below = sorted[Math.floor(rank)]!;
  const above = sorted[Math.ceil(rank)]!;
  return below + (above - below) * (rank - Math.floor(rank));
}

export interface TrendStats {
  count: number;
  avg: number;
  min: number;
  med: number;
  max: number;
  p90: number;
  p95: number;
}

/** avg, min, med, max, p(90), p(95) of ascending values; undefined when there are none. */
export function trendStats(sorted: ArrayLike<number>): TrendStats | undefined {
  if (sorted.length === 0) return undefined;
  // summed left to right from 0, as reduce((a, b) => a + b, 0) does (the same float), without a call per value
  let sum = 0;
  for (let i = 0; i < sorted.length; i++) sum += sorted[i]!;
  return {
    count: sorted.length,
    avg: sum / sorted.length,
    min: sorted[0]!,
    med: percentile(sorted, 50)!,
    max: sorted[sorted.length - 1]!,
    p90: percentile(sorted, 90)!,
    p95: percentile(sorted, 95)!,
  };
}

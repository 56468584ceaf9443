// One threshold as evaluated at the end of a run: its expression, the value observed and whether it held.
import type { Threshold } from "./thresholds.ts";

/** Carried by the engine's "thresholds" event to every reporter. */
export interface ThresholdResult {
  key: string;
  expression: string;
  metric: Threshold["metric"];
  method: Threshold["method"];
  p?: number;
  ok: boolean;
  /** The value the expression was checked against; undefined when the metric had no samples (which fails). */
  observed?: number;
  /** How many samples the value came from (requests, or checks for `checks`). */
  samples: number;
  /**
   * Why the verdict is not known (which fails): `observed` is a bound (`bound`), from requests whose body was cut at the
   * http step's bound, and the expression could hold or not on the true value.
   */
  undecided?: string;
  /** With `undecided`: whether `observed` is a lower or an upper bound of the true value, or neither. */
  bound?: "lower" | "upper" | "unknown";
  /** Where the expression is written in the scenario file (a GitHub annotation points there); unknown without. */
  line?: number;
  col?: number;
}

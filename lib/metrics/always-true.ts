// Thresholds that no run with samples can cross (`rate>=0`, `count>=0`, `p(95)>=0`): accepted, as k6 accepts them, with a
// warning at load (threshold-warnings.ts).
import { valueRange, type Threshold } from "./thresholds.ts";

/** Whether every value the method can take on samples satisfies the threshold, and why; undefined when one can fail it. */
export function alwaysTrueWhy(t: Threshold): string | undefined {
  const { lo, hi, whole } = valueRange(t);
  let { words } = valueRange(t);
  const x = t.value;
  let always: boolean;
  switch (t.op) {
    case ">=": always = lo >= x; break;
    case ">": always = lo > x; break;
    case "<=": always = x >= hi; break;
    case "<": always = x > hi || x === Infinity; break;
    case "!=":
      always = x < lo || x > hi || x === Infinity;
      // A count is whole: `count!=2.5` holds on every count.
      if (!always && whole && !Number.isInteger(x)) {
        always = true;
        words = "a count is a whole number";
      }
      break;
    default: always = false;
  }
  if (!always) return undefined;
  return `always true when ${t.metric} has samples (${words}): it fails only when there are none, and checks nothing else`;
}

// Thresholds that no run with samples can cross (`rate>=0`, `count>=0`, `p(95)>=0`): accepted, as k6 accepts them, with a warning at load.
import { valueRange, type Threshold } from "./thresholds.ts";
import type { Scenario } from "../engine/spec.ts";

/** How the warning names a threshold: `threshold checks "rate>=0"`; reports show it under the info key `warning: ` + that. */
const named = (t: Pick<Threshold, "key" | "expression">) => `threshold ${t.key} ${JSON.stringify(t.expression)}`;

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

/** One warning per threshold that every run with samples passes: `threshold KEY "EXPRESSION"` → why. */
export function alwaysTrueThresholds(scenario: Pick<Scenario, "thresholds">): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of scenario.thresholds ?? []) {
    const why = alwaysTrueWhy(t);
    if (why !== undefined) out.set(named(t), why);
  }
  return out;
}

/** The same warnings as stderr shows them, each at the file:line:col of its expression: `FILE:3:13: threshold KEY "EXPRESSION": why`. */
export function alwaysTrueWarnings(scenario: Pick<Scenario, "thresholds" | "file">): string[] {
  return (scenario.thresholds ?? []).flatMap((t) => {
    const why = alwaysTrueWhy(t);
    if (why === undefined) return [];
    const at = t.pos ? `${scenario.file}:${t.pos.line}:${t.pos.col}` : scenario.file;
    return [`${at}: ${named(t)}: ${why}`];
  });
}

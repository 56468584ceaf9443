// Thresholds that no run with samples can cross (`rate>=0`, `count>=0`, `p(95)>=0`): accepted, as k6 accepts them, with a warning at load.
import { methodName, type Threshold } from "./thresholds.ts";
import type { Scenario } from "../engine/spec.ts";

/** How the warning names a threshold: `threshold checks "rate>=0"`; reports show it under the info key `warning: ` + that. */
const named = (t: Pick<Threshold, "key" | "expression">) => `threshold ${t.key} ${JSON.stringify(t.expression)}`;

/**
 * The values a threshold's method takes on a metric that has samples, and in words: a rate metric's rate is a fraction;
 * every request counts 1 in http_reqs; bytes, durations and per-second rates are never negative. Values are finite:
 * `hi` Infinity means no upper bound.
 */
function valueRange(t: Threshold): { lo: number; hi: number; words: string } {
  if (t.metric === "checks" || t.metric === "http_req_failed") return { lo: 0, hi: 1, words: "a rate is between 0 and 1" };
  if (t.metric === "http_reqs" && t.method === "count") return { lo: 1, hi: Infinity, words: "a count with samples is at least 1" };
  if (t.method === "count") return { lo: 0, hi: Infinity, words: "a count is never below 0" };
  if (t.method === "rate") return { lo: 0, hi: Infinity, words: "a rate per second is never below 0" };
  return { lo: 0, hi: Infinity, words: `${methodName(t)} of a duration is a finite number of milliseconds, never below 0` };
}

/** Whether every value the method can take on samples satisfies the threshold, and why; undefined when one can fail it. */
export function alwaysTrueWhy(t: Threshold): string | undefined {
  const { lo, hi, words } = valueRange(t);
  const x = t.value;
  let always: boolean;
  switch (t.op) {
    case ">=": always = lo >= x; break;
    case ">": always = lo > x; break;
    case "<=": always = x >= hi; break;
    case "<": always = x > hi || x === Infinity; break;
    case "!=": always = x < lo || x > hi || x === Infinity; break;
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

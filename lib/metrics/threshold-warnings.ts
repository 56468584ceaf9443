// The thresholds the load warns about, accepted as k6 accepts them: one every run with samples passes (always-true.ts),
// and one written again on its metric, which is checked and reported once for each copy.
import { alwaysTrueWhy } from "./always-true.ts";
import type { Threshold } from "./thresholds.ts";
import type { Scenario } from "../engine/spec.ts";

/** How a warning names a threshold: `threshold checks "rate>=0"`; reports show it under the info key `warning: ` + that. */
const named = (t: Pick<Threshold, "key" | "expression">) => `threshold ${t.key} ${JSON.stringify(t.expression)}`;

/**
 * What a threshold measures and how it judges, whatever the spelling: the selector's pairs in any order and spacing
 * (`{service:api,tag:t}`, `{ tag:t, service:api }`), the number in any form (`300`, `3e2`), `===` as `==`.
 */
function meaning(t: Threshold): string {
  const selector = Object.entries(t.selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([t.metric, selector, t.method, t.p ?? null, t.op === "===" ? "==" : t.op, String(t.value)]);
}

/** Each threshold with what the load says of it (one or two reasons), in the order they are written. */
function warned(thresholds: readonly Threshold[]): { t: Threshold; why: string }[] {
  const first = new Map<string, Threshold>();
  return thresholds.flatMap((t) => {
    const m = meaning(t);
    const earlier = first.get(m);
    if (!earlier) first.set(m, t);
    const whys = [
      alwaysTrueWhy(t),
      // A repeat adds nothing: k6 takes it too, and lists it again; nothing in the file tells which one was meant.
      earlier && `the same as thresholds.${earlier.key}[${earlier.index}]: it is checked and reported once for each; remove one`,
    ].filter((why): why is string => why !== undefined);
    return whys.length ? [{ t, why: whys.join("; ") }] : [];
  });
}

/** The thresholds the load warns about, for the loader to find where each is written. */
export function warnedThresholds(scenario: Pick<Scenario, "thresholds">): Threshold[] {
  return warned(scenario.thresholds ?? []).map(({ t }) => t);
}

/** One warning per threshold for the reports' header: `threshold KEY "EXPRESSION"` → why (a later copy's says both). */
export function thresholdWarnings(scenario: Pick<Scenario, "thresholds">): Map<string, string> {
  return new Map(warned(scenario.thresholds ?? []).map(({ t, why }) => [named(t), why]));
}

/** The same warnings as stderr shows them, each at the file:line:col of its expression: `FILE:3:13: threshold KEY "EXPRESSION": why`. */
export function thresholdWarningLines(scenario: Pick<Scenario, "thresholds" | "file">): string[] {
  return warned(scenario.thresholds ?? []).map(({ t, why }) => {
    const at = t.pos ? `${scenario.file}:${t.pos.line}:${t.pos.col}` : scenario.file;
    return `${at}: ${named(t)}: ${why}`;
  });
}

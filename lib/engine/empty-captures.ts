// A text check widened by an empty captured value: `contains: "id=${X}"` with X captured as "" checked `contains: "id="`,
// which holds on any line with `id=`. The step fails before it runs, naming the variable and the step that captured it.
import type { StepSpec } from "./spec.ts";
import { findRefs, interpolate } from "../vars/interpolate.ts";
import { ownValue } from "../util/own.ts";
import type { VarScope } from "../vars/scope.ts";

/** LogQL line filters that keep lines holding or matching a string: `|= "…"`, `|~ "…"` (`!=`, `!~` drop lines: stricter). */
const LINE_FILTER = /(\|=|\|~)\s*("(?:[^"\\]|\\.)*"|`[^`]*`)/g;

/**
 * Why the step cannot run as written: each positive text check (`contains`, `matches` under `expect:`, outside a `not`;
 * a logql query's `|=` and `|~` line filters) whose pattern holds a reference, without a default, to a variable an
 * earlier step captured empty. Undefined when there is none.
 */
export function widenedByEmptyCapture(spec: StepSpec, scope: VarScope): string | undefined {
  const input = spec.input;
  if (!input || typeof input !== "object" || Array.isArray(input)) return undefined;
  const found: string[] = [];
  const emptyRefs = (text: string) => findRefs(text).filter((r) => !r.error && !r.hasDefault && ownValue(scope.captures, r.name) === "").map((r) => r.name);
  const report = (text: string, shown: (filled: string) => string) => {
    const names = [...new Set(emptyRefs(text))];
    if (!names.length) return;
    const by = names.map((n) => {
      const step = ownValue(scope.capturedBy, n);
      return `\${${n}} is empty${step === undefined ? "" : ` (captured by step ${JSON.stringify(step)})`}`;
    });
    found.push(`${by.join(", ")}: ${shown(interpolate(text, scope.lookup))} would match more than meant`);
  };
  const pattern = (key: "contains" | "matches", v: unknown) => {
    if (typeof v === "string") report(v, (t) => (key === "contains" ? `contains ${JSON.stringify(t)}` : `matches /${t}/`));
    else if (Array.isArray(v)) for (const item of v) pattern(key, item);
    else walk(v, true);
  };
  const walk = (node: unknown, positive: boolean): void => {
    if (Array.isArray(node)) for (const item of node) walk(item, positive);
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (k === "not") walk(v, !positive);
        // A negated check with an empty value is stricter, not looser: it is left as it is.
        else if (k === "not_contains" || k === "not_matches") continue;
        else if ((k === "contains" || k === "matches") && positive) pattern(k, v);
        else walk(v, positive);
      }
    }
  };
  const fields = input as Record<string, unknown>;
  walk(fields.expect, true);
  if (spec.kind === "logql" && typeof fields.query === "string") {
    for (const m of fields.query.matchAll(LINE_FILTER)) report(m[2]!, (t) => `the line filter ${m[1]} ${t}`);
  }
  return found.length ? found.join("; ") : undefined;
}

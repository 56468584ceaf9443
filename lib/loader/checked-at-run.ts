// The loader's fields checked at run time: a ${NAME} captured during the run, in a field that must be (say) a duration,
// cannot be checked at load. Its zod issues are set aside, and the step's input stands as CHECKED_AT_RUN in a second
// parse (lib/schema/scenario.ts); the engine checks the input at each attempt, once the value is known.
import type { z } from "zod";
import { CHECKED_AT_RUN } from "../schema/at-run.ts";
import { holdsWhateverValue } from "../core/whatever-value.ts";
import { findRefs } from "../vars/interpolate.ts";
import type { VarScope } from "../vars/scope.ts";
import { kindOf, type Steps } from "./kinds.ts";
import { valueAt } from "./data-shape.ts";

/**
 * Whether the field that raised the issue takes a string at all: a value that comes from a variable is text, so a field
 * that must be a number or a boolean refuses it whatever is captured (that stays an error at load).
 */
function takesText(issue: z.core.$ZodIssue): boolean {
  if (issue.code === "invalid_type") return false;
  // A refusal that holds whatever the value (core/whatever-value.ts WHATEVER_VALUE): the captured value cannot lift it.
  if (issue.code === "custom" && holdsWhateverValue(issue.params)) return false;
  if (issue.code === "invalid_union") return issue.errors.some((branch) => branch.every(takesText));
  return true;
}

/**
 * Whether the text refers to a name known only during the run (captured by an earlier step, or undefined: that one is
 * reported apart): a `$${` escape is no reference, and a `${NAME:-default}` is checked with its default at load.
 */
function waitsForRun(text: unknown, scope: VarScope): boolean {
  return typeof text === "string" && findRefs(text).some((r) => !r.error && !r.hasDefault && !scope.knownBeforeRun(r.name));
}

/**
 * Splits the issues into those kept and those set aside: an issue inside a step's kind input, in a field that takes
 * text, at a string written with a reference to a name known only during the run (read as written: `root`), or at a
 * mapping key that still holds one once the names known before the run are filled in. `atRun`: those steps, as
 * "steps:0" or "teardown:2".
 */
export function setAside(issues: readonly z.core.$ZodIssue[], root: Record<string, unknown>, data: Record<string, unknown>, scope: VarScope, steps: Steps): { kept: z.core.$ZodIssue[]; atRun: Set<string> } {
  const kept: z.core.$ZodIssue[] = [];
  const atRun = new Set<string>();
  for (const issue of issues) {
    const [phase, index, kind] = issue.path;
    const step = (phase === "steps" || phase === "teardown") && typeof index === "number" ? valueAt(data, [phase, index]) : undefined;
    const impl = step && typeof step === "object" ? kindOf(step as Record<string, unknown>, steps) : undefined;
    const holdsRef = waitsForRun(valueAt(root, issue.path), scope) || waitsForRun(issue.path.at(-1), scope);
    if (impl && kind === impl.kind && holdsRef && takesText(issue)) atRun.add(`${String(phase)}:${String(index)}`);
    else kept.push(issue);
  }
  return { kept, atRun };
}

/** The data with the kind input of each step in `atRun` replaced by CHECKED_AT_RUN. */
export function withInputsAtRun(data: Record<string, unknown>, atRun: ReadonlySet<string>, steps: Steps): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  for (const phase of ["steps", "teardown"] as const) {
    const list = data[phase];
    if (!Array.isArray(list)) continue;
    out[phase] = list.map((raw, i) => {
      if (!atRun.has(`${phase}:${i}`)) return raw;
      const impl = kindOf(raw as Record<string, unknown>, steps)!;
      return { ...raw, [impl.kind]: CHECKED_AT_RUN };
    });
  }
  return out;
}

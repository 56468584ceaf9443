// Which main steps a run selects with --tag, --skip-tag and --step, plus the setup steps they depend on (teardown always runs).
import type { StepSpec } from "./spec.ts";
import { captureNames } from "../vars/captures.ts";
import { findRefs, interpolate, type Lookup } from "../vars/interpolate.ts";
import { oneLine } from "../util/one-line.ts";

export interface Selection {
  tags: string[];
  skipTags: string[];
  steps: string[];
}

/**
 * Each step's name as the console and the reports show it (variables filled in, on one line), for the steps where it is
 * known before the run: no variable in it is captured by an earlier step (a capture comes first at run time).
 * `--step` takes this name as well as the name as written and the id.
 */
export function namesBeforeRun(steps: readonly StepSpec[], lookup: Lookup): Map<StepSpec, string> {
  const names = new Map<StepSpec, string>();
  for (const [s, captured] of capturedBefore(steps)) {
    if (!findRefs(s.name).some((r) => captured.has(r.name))) names.set(s, oneLine(interpolate(s.name, lookup)));
  }
  return names;
}

/**
 * For each step, the names that steps before it capture: at run time a capture comes before every other source and
 * before a `${NAME:-default}`'s default, so before the run these have no value yet.
 */
export function capturedBefore(steps: readonly StepSpec[]): Map<StepSpec, ReadonlySet<string>> {
  const seen = new Set<string>();
  return new Map(steps.map((s) => {
    const before = new Set(seen);
    for (const n of captureNames(s.input)) seen.add(n);
    return [s, before];
  }));
}

/** Whether a --step value names the step: its id, its name as written, or `shown`, its name as the reports show it. */
export function named(value: string, spec: StepSpec, shown: string | undefined): boolean {
  return value === spec.name || value === spec.id || value === shown;
}

/**
 * Why the flags leave a step out ("skipped by --skip-tag slow"), or undefined when they select it. Ignores `setup`.
 * `shown`: the step's name as the reports show it, when known before the run (namesBeforeRun).
 */
export function notSelectedBecause(spec: StepSpec, sel: Selection | undefined, shown?: string): string | undefined {
  if (!sel) return undefined;
  const skippedBy = sel.skipTags.find((t) => spec.tags.includes(t));
  if (skippedBy !== undefined) return `--skip-tag ${skippedBy} skips it`;
  if (sel.tags.length && !sel.tags.some((t) => spec.tags.includes(t))) return `it has none of the tags ${sel.tags.join(", ")}`;
  if (sel.steps.length && !sel.steps.some((n) => named(n, spec, shown))) return "--step does not name it";
  return undefined;
}

/** The flags alone select this step (what --tag/--step matched, before setup steps are added). */
export function selected(spec: StepSpec, sel: Selection | undefined, shown?: string): boolean {
  return notSelectedBecause(spec, sel, shown) === undefined;
}

/**
 * The main steps that run: those the flags select, plus every `setup: true` step that comes before one of them
 * and that no --skip-tag names (a --skip-tag is the user's explicit choice; --tag and --step only say what to check).
 * `lookup`: the run's variables before it starts, for the names --step may give as the reports show them.
 */
export function stepsToRun(steps: readonly StepSpec[], sel: Selection | undefined, lookup?: Lookup): Set<StepSpec> {
  const shown = sel?.steps.length && lookup ? namesBeforeRun(steps, lookup) : undefined;
  const run = new Set(steps.filter((s) => selected(s, sel, shown?.get(s))));
  if (!sel || run.size === steps.length) return run;
  let lastSelected = -1;
  steps.forEach((s, i) => {
    if (run.has(s)) lastSelected = i;
  });
  steps.forEach((s, i) => {
    if (s.setup && i < lastSelected && !sel.skipTags.some((t) => s.tags.includes(t))) run.add(s);
  });
  return run;
}

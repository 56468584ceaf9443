// Which main steps a run selects with --tag, --skip-tag and --step, plus the setup steps they depend on (teardown always runs).
import type { StepSpec } from "./spec.ts";

export interface Selection {
  tags: string[];
  skipTags: string[];
  steps: string[];
}

/** Why the flags leave a step out ("skipped by --skip-tag slow"), or undefined when they select it. Ignores `setup`. */
export function notSelectedBecause(spec: StepSpec, sel: Selection | undefined): string | undefined {
  if (!sel) return undefined;
  const skippedBy = sel.skipTags.find((t) => spec.tags.includes(t));
  if (skippedBy !== undefined) return `--skip-tag ${skippedBy} skips it`;
  if (sel.tags.length && !sel.tags.some((t) => spec.tags.includes(t))) return `it has none of the tags ${sel.tags.join(", ")}`;
  if (sel.steps.length && !sel.steps.some((n) => n === spec.name || n === spec.id)) return "--step does not name it";
  return undefined;
}

/** The flags alone select this step (what --tag/--step matched, before setup steps are added). */
export function selected(spec: StepSpec, sel: Selection | undefined): boolean {
  return notSelectedBecause(spec, sel) === undefined;
}

/**
 * The main steps that run: those the flags select, plus every `setup: true` step that comes before one of them
 * and that no --skip-tag names (a --skip-tag is the user's explicit choice; --tag and --step only say what to check).
 */
export function stepsToRun(steps: readonly StepSpec[], sel: Selection | undefined): Set<StepSpec> {
  const run = new Set(steps.filter((s) => selected(s, sel)));
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

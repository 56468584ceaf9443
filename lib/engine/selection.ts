// Which main steps a run selects with --tag, --skip-tag and --step (teardown always runs).
import type { StepSpec } from "../schema/load.ts";

export interface Selection {
  tags: string[];
  skipTags: string[];
  steps: string[];
}

/** Why a step is not selected ("skipped by --skip-tag slow"), or undefined when it is. */
export function notSelectedBecause(spec: StepSpec, sel: Selection | undefined): string | undefined {
  if (!sel) return undefined;
  const skippedBy = sel.skipTags.find((t) => spec.tags.includes(t));
  if (skippedBy !== undefined) return `--skip-tag ${skippedBy} skips it`;
  if (sel.tags.length && !sel.tags.some((t) => spec.tags.includes(t))) return `it has none of the tags ${sel.tags.join(", ")}`;
  if (sel.steps.length && !sel.steps.some((n) => n === spec.name || n === spec.id)) return "--step does not name it";
  return undefined;
}

export function selected(spec: StepSpec, sel: Selection | undefined): boolean {
  return notSelectedBecause(spec, sel) === undefined;
}

// The step kinds a scenario writes: which to import before validating, and which kind a step is.
import { isKind, KINDS, loadSteps, type Kind } from "../steps/registry.ts";
import type { Step } from "../steps/types.ts";

/** The loaded implementations of the kinds a scenario uses. */
export type Steps = ReadonlyMap<Kind, Step>;

/** The step's kind: its first kind key, in the format's order. */
export function kindOf(raw: Record<string, unknown>, steps: Steps): Step | undefined {
  for (const kind of KINDS) if (raw[kind] !== undefined) return steps.get(kind);
  return undefined;
}

/** Loads the kinds written in the scenario's steps and teardown (whatever else the data holds, the schema reports). */
export function stepsUsed(root: Record<string, unknown>): Promise<Steps> {
  const kinds = new Set<Kind>();
  for (const list of [root.steps, root.teardown]) {
    if (!Array.isArray(list)) continue;
    for (const raw of list) if (raw && typeof raw === "object") for (const key in raw) if (Object.hasOwn(raw, key) && isKind(key)) kinds.add(key);
  }
  return loadSteps(kinds);
}

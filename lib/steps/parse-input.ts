// A step's input as its kind's schema outputs it: by the kind's fast check when it is sure (zod stays unloaded), else by zod, which words any error.
import type { Step } from "./types.ts";

type ParsedInput = { success: true; data: unknown } | { success: false; issues: readonly { path: readonly PropertyKey[]; message: string }[] };

/** Parses an input the loader could not check before the run (it holds variables): the engine at each attempt, preflight and --dry-run. */
export function parseInput(impl: Step, value: unknown): ParsedInput {
  const fast = impl.fastInput?.(value);
  if (fast) return { success: true, data: fast.value };
  const parsed = impl.schema.safeParse(value);
  return parsed.success ? { success: true, data: parsed.data } : { success: false, issues: parsed.error.issues };
}

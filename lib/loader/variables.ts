// Variable checks before a run: every ${NAME} is known before the run or captured by an earlier step.
import { didYouMean } from "../util/did-you-mean.ts";
import { findRefs } from "../vars/interpolate.ts";
import type { VarScope } from "../vars/scope.ts";
import { kindOf, type Steps } from "./kinds.ts";
import type { Path, RawIssue } from "./raw-issue.ts";

/** True when some string inside the value, mapping keys included, holds a ${…} reference. */
export function hasRefs(value: unknown): boolean {
  if (typeof value === "string") return value.includes("${");
  if (Array.isArray(value)) return value.some(hasRefs);
  if (value && typeof value === "object") return Object.entries(value).some(([k, v]) => k.includes("${") || hasRefs(v));
  return false;
}

/**
 * Calls fn for every string inside a value with its path, mapping keys included (a key is passed with the path of
 * its mapping and itself as `key`).
 */
function eachString(value: unknown, path: Path, fn: (text: string, path: Path, key?: string) => void): void {
  if (typeof value === "string") fn(value, path);
  else if (Array.isArray(value)) value.forEach((v, i) => eachString(v, [...path, i], fn));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes("${")) fn(k, path, k);
      eachString(v, [...path, k], fn);
    }
  }
}

/** Names defined by a step's `capture:` mapping (any kind may offer captures). */
export function captureNames(input: unknown): string[] {
  if (input && typeof input === "object" && "capture" in input) {
    const cap = (input as { capture: unknown }).capture;
    if (cap && typeof cap === "object" && !Array.isArray(cap)) return Object.keys(cap);
  }
  return [];
}

/** Malformed references and undefined variables in `vars:`, the steps and the teardown, in file order. */
export function variableIssues(root: Record<string, unknown>, scope: VarScope, rawVars: Record<string, unknown>, cliNames: string[], steps: Steps): RawIssue[] {
  const issues: RawIssue[] = [];
  const captured = new Set<string>();
  const checkRefs = (value: unknown, path: Path) =>
    eachString(value, path, (text, at, key) => {
      if (!text.includes("${")) return;
      for (const ref of findRefs(text)) {
        if (ref.error) issues.push({ path: at, key, refOffset: ref.offset, message: ref.error });
        else if (!ref.hasDefault && !scope.knownBeforeRun(ref.name) && !captured.has(ref.name)) {
          const known = [...Object.keys(rawVars), ...captured, ...cliNames];
          issues.push({
            path: at,
            key,
            refOffset: ref.offset,
            message: `undefined variable \${${ref.name}}${didYouMean(ref.name, known)}: define it under vars:, pass --var ${ref.name}=…, set it in the environment, capture it in an earlier step, or write \${${ref.name}:-default}`,
          });
        }
      }
    });
  checkRefs(root.vars, ["vars"]);
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    list.forEach((raw, i) => {
      checkRefs(raw, [phase, i]);
      const impl = raw && typeof raw === "object" ? kindOf(raw as Record<string, unknown>, steps) : undefined;
      if (impl) for (const n of captureNames((raw as Record<string, unknown>)[impl.kind])) captured.add(n);
    });
  }
  return issues;
}

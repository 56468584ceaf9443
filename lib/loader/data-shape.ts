// Bounds on loaded YAML data before anything walks it recursively: no alias cycles, no absurd depth or size.
import { grouped } from "../util/grouped.ts";

/** Deeper nesting than this is no scenario a person wrote (and would overflow recursive walks). */
export const MAX_DEPTH = 64;
/** More values than this (after aliases are expanded) is an alias bomb or generated junk. */
export const MAX_NODES = 100_000;

export interface ShapeProblem {
  kind: "size" | "cycle" | "depth" | "proto";
  path: (string | number)[];
  message: string;
}

/** The value at a path inside parsed data (undefined where the path leads nowhere). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const seg of path) v = v == null ? undefined : (v as Record<PropertyKey, unknown>)[seg];
  return v;
}

/** A value still to walk: its key under its parent, and the parent (for the path and for cycles). */
interface Visit {
  value: unknown;
  key: string | number | undefined;
  parent: Visit | undefined;
  depth: number;
}

/** The keys from the root down to the visited value; built only for a problem. */
function pathOf(visit: Visit): (string | number)[] {
  const path: (string | number)[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * The first reason the data cannot be a scenario, or undefined. Iterative, so deep data cannot overflow it. With
 * `protos`, every `__proto__` key is put there and taken out of the data instead, so the rest can still be checked
 * (one such key hid every other error of the file).
 */
export function shapeProblem(data: unknown, protos?: ShapeProblem[]): ShapeProblem | undefined {
  let nodes = 0;
  const stack: Visit[] = [{ value: data, key: undefined, parent: undefined, depth: 0 }];
  while (stack.length) {
    const visit = stack.pop()!;
    const { value, depth } = visit;
    if (++nodes > MAX_NODES) {
      return { kind: "size", path: [], message: `the file holds more than ${grouped(MAX_NODES)} values, aliases expanded (an alias bomb?): a scenario is far smaller` };
    }
    if (value === null || typeof value !== "object") continue;
    for (let at = visit.parent; at; at = at.parent) {
      if (at.value === value) return { kind: "cycle", path: pathOf(visit), message: "an alias refers to a node that contains it (a cycle): a scenario must be a finite tree" };
    }
    if (depth >= MAX_DEPTH) return { kind: "depth", path: pathOf(visit), message: `nested more than ${MAX_DEPTH} levels deep` };
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], key: i, parent: visit, depth: depth + 1 });
    } else {
      const keys = Object.keys(value);
      // Copied into an object (the schema's records, a spread), the key sets the copy's prototype instead: its value
      // vanished without a word (`labels: {__proto__: [x]}` checked nothing and passed).
      if (Object.hasOwn(value, "__proto__")) {
        const problem: ShapeProblem = { kind: "proto", path: [...pathOf(visit), "__proto__"], message: 'the key "__proto__" cannot be used: JavaScript reads it as an object\'s prototype, and its value would be dropped without a word' };
        if (!protos) return problem;
        protos.push(problem);
        delete (value as Record<string, unknown>)["__proto__"];
        keys.splice(keys.indexOf("__proto__"), 1);
      }
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: (value as Record<string, unknown>)[keys[i]!], key: keys[i]!, parent: visit, depth: depth + 1 });
    }
  }
  return undefined;
}

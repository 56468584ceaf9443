// Bounds on loaded YAML data before anything walks it recursively: no alias cycles, no absurd depth or size.

/** Deeper nesting than this is no scenario a person wrote (and would overflow recursive walks). */
export const MAX_DEPTH = 64;
/** More values than this (after aliases are expanded) is an alias bomb or generated junk. */
export const MAX_NODES = 100_000;

interface ShapeProblem {
  kind: "size" | "cycle" | "depth";
  path: (string | number)[];
  message: string;
}

/** The first reason the data cannot be a scenario, or undefined. Iterative, so deep data cannot overflow it. */
export function shapeProblem(data: unknown): ShapeProblem | undefined {
  let nodes = 0;
  // Each entry: a value, its path, and the containers above it (for cycles).
  const stack: { value: unknown; path: (string | number)[]; above: object[] }[] = [{ value: data, path: [], above: [] }];
  while (stack.length) {
    const { value, path, above } = stack.pop()!;
    if (++nodes > MAX_NODES) {
      return { kind: "size", path: [], message: `the file holds more than ${MAX_NODES.toLocaleString("en-US")} values, aliases expanded (an alias bomb?): a scenario is far smaller` };
    }
    if (value === null || typeof value !== "object") continue;
    if (above.includes(value)) return { kind: "cycle", path, message: "an alias refers to a node that contains it (a cycle): a scenario must be a finite tree" };
    if (above.length >= MAX_DEPTH) return { kind: "depth", path, message: `nested more than ${MAX_DEPTH} levels deep` };
    const inner = [...above, value];
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]], above: inner });
  }
  return undefined;
}

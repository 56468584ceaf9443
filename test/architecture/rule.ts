// The layering rule applied to an import graph: imports point down the layer table, never into test/, never round in a cycle.
import type { ImportGraph } from "./imports.ts";
import type { Layer } from "./layers.ts";

export interface Violation {
  kind: "upward" | "test" | "unplaced" | "cycle";
  /** One line naming the modules, e.g. "lib/prom/http.ts (capabilities) imports lib/schema/size.ts (loader)". */
  message: string;
}

const owns = (holds: string, module: string) => (holds.endsWith("/") ? module.startsWith(holds) : module === holds);

/** The layer holding a module: the most specific `holds` entry wins (lib/engine/events.ts over lib/engine/). */
export function layerOf(layers: readonly Layer[], module: string): Layer | undefined {
  let best: { layer: Layer; length: number } | undefined;
  for (const layer of layers) {
    for (const holds of layer.holds) {
      if (owns(holds, module) && (!best || holds.length > best.length)) best = { layer, length: holds.length };
    }
  }
  return best?.layer;
}

/** Whether `from` may import `to`: its own layer, what its `imports` list names, or else any layer below it. */
function allowed(layers: readonly Layer[], from: Layer, to: Layer, target: string): boolean {
  if (from === to) return true;
  if (from.imports) return from.imports.some((entry) => entry === to.name || owns(entry, target));
  return layers.indexOf(to) > layers.indexOf(from);
}

/** Every import that breaks the rule, and every cycle, in a stable order. */
export function checkLayers(graph: ImportGraph, layers: readonly Layer[]): Violation[] {
  const violations: Violation[] = [];
  for (const [module, imports] of graph) {
    const from = layerOf(layers, module);
    if (!from) {
      violations.push({ kind: "unplaced", message: `${module} is in no layer: add its directory to the layer table` });
      continue;
    }
    for (const target of imports) {
      if (target.startsWith("test/")) {
        violations.push({ kind: "test", message: `${module} imports test code ${target}` });
        continue;
      }
      const to = layerOf(layers, target);
      if (!to) violations.push({ kind: "unplaced", message: `${module} imports ${target}, which is in no layer` });
      else if (!allowed(layers, from, to, target)) {
        violations.push({ kind: "upward", message: `${module} (${from.name}) imports ${target} (${to.name})` });
      }
    }
  }
  for (const cycle of findCycles(graph)) violations.push({ kind: "cycle", message: `import cycle: ${cycle.join(" → ")}` });
  return violations;
}

/** One cycle per strongly connected group of modules, as a path that ends where it starts. */
export function findCycles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const groups: string[][] = [];
  let next = 0;
  const edges = (module: string) => (graph.get(module) ?? []).filter((target) => graph.has(target));

  const visit = (module: string) => {
    index.set(module, next);
    low.set(module, next);
    next++;
    stack.push(module);
    onStack.add(module);
    for (const target of edges(module)) {
      if (!index.has(target)) {
        visit(target);
        low.set(module, Math.min(low.get(module)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(module, Math.min(low.get(module)!, index.get(target)!));
      }
    }
    if (low.get(module) === index.get(module)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== module);
      if (group.length > 1 || edges(module).includes(module)) groups.push(group);
    }
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return groups.map((group) => cyclePath(group.sort(), edges));
}

/** The shortest way round from the group's first module back to itself, staying inside the group. */
function cyclePath(group: string[], edges: (module: string) => string[]): string[] {
  const members = new Set(group);
  const start = group[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const module = queue.shift()!;
    for (const target of edges(module)) {
      if (!members.has(target)) continue;
      if (target === start) {
        const path = [start];
        for (let at = module; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, module);
        queue.push(target);
      }
    }
  }
  return [...group, start];
}

// Looks inside zod schemas: which keys an object accepts at a path (for did-you-mean on unknown keys).
import type { z } from "zod";

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; options?: z.ZodType[]; valueType?: z.ZodType; left?: z.ZodType; right?: z.ZodType };

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The object schemas a value at this position may be checked against (unions give several). */
function objectsOf(schema: z.ZodType | undefined, depth = 0): z.ZodType[] {
  if (!schema || depth > 20) return [];
  const d = def(schema);
  switch (d.type) {
    case "object": return [schema];
    case "optional": case "nullable": case "default": case "prefault": case "readonly": case "catch": case "nonoptional":
      return objectsOf(d.innerType, depth + 1);
    case "pipe": return objectsOf(d.in, depth + 1);
    case "union": return (d.options ?? []).flatMap((o) => objectsOf(o, depth + 1));
    case "intersection": return [...objectsOf(d.left, depth + 1), ...objectsOf(d.right, depth + 1)];
    default: return [];
  }
}

function childAt(schema: z.ZodType, key: string | number, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const d = def(schema);
  switch (d.type) {
    case "object": return d.shape && typeof key === "string" && d.shape[key] ? [d.shape[key]!] : [];
    case "array": return typeof key === "number" && d.element ? [d.element] : [];
    case "record": return d.valueType ? [d.valueType] : [];
    case "optional": case "nullable": case "default": case "prefault": case "readonly": case "catch": case "nonoptional":
      return d.innerType ? childAt(d.innerType, key, depth + 1) : [];
    case "pipe": return d.in ? childAt(d.in, key, depth + 1) : [];
    case "union": return (d.options ?? []).flatMap((o) => childAt(o, key, depth + 1));
    default: return [];
  }
}

/** Every key accepted by an object schema found at `path` under `root`. */
export function keysAt(root: z.ZodType, path: readonly (string | number)[]): string[] {
  let current: z.ZodType[] = [root];
  for (const seg of path) current = current.flatMap((s) => childAt(s, seg));
  const keys = new Set<string>();
  for (const s of current) for (const o of objectsOf(s)) for (const k of Object.keys(def(o).shape ?? {})) keys.add(k);
  return [...keys];
}

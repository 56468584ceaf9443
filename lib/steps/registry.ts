// Every step kind, in the order the format lists them, each loaded on first use: a run pays only for the kinds it has.
// Adding a kind: one file in lib/steps plus one line here.
import type { Step } from "./types.ts";

const LOADERS = {
  compose: () => import("./compose.ts"),
  http: () => import("./http.ts"),
  files: () => import("./files.ts"),
  logql: () => import("./logql.ts"),
  promql: () => import("./promql.ts"),
  shell: () => import("./shell.ts"),
  sleep: () => import("./sleep.ts"),
} satisfies Record<string, () => Promise<{ step: Step }>>;

export type Kind = keyof typeof LOADERS;

/** Every kind name, known without loading any kind (for messages that list them all). */
export const KINDS = Object.keys(LOADERS) as readonly Kind[];

export function isKind(name: string): name is Kind {
  return Object.hasOwn(LOADERS, name);
}

/** The implementations of the given kinds, by name. */
export async function loadSteps(kinds: Iterable<Kind>): Promise<ReadonlyMap<Kind, Step>> {
  const wanted = [...new Set(kinds)];
  const modules = await Promise.all(wanted.map((k) => LOADERS[k]()));
  return new Map(wanted.map((k, i) => [k, modules[i]!.step as Step]));
}

/** Every kind's implementation, in the format's order (for the JSON Schema). */
export async function allSteps(): Promise<readonly Step[]> {
  return [...(await loadSteps(KINDS)).values()];
}

// The output of `docker inspect` (and podman's): one JSON object per container, read the same way by every reader of it.
import type { ComposeEngine } from "./engine.ts";
import { failureText, runLogged, type ComposeTarget } from "./command.ts";

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Each container object of `inspect` output ("" is none); throws when the output is no JSON array. */
export function inspectedContainers(text: string): Obj[] {
  const parsed: unknown = JSON.parse(text.trim() || "[]");
  if (!Array.isArray(parsed)) throw new Error("inspect printed something other than a JSON array");
  return parsed.filter(isObj);
}

/** A container's name as compose and `ps` show it (inspect writes it with a leading "/"). */
export function containerName(c: Obj): string {
  return String(c.Name ?? "").replace(/^\//, "");
}

/**
 * Inspects containers by name through the engine's CLI and reads the output with `parse`; a failure is an error text.
 * `partial`: an exit code other than 0 with a JSON array on stdout (a container removed between the list and the
 * inspect) is read all the same: the next poll sees it gone.
 */
export function inspectWith<T>(engine: ComposeEngine, t: ComposeTarget, signal: AbortSignal, log: ((line: string) => void) | undefined, parse: (text: string) => T, partial = false) {
  return async (names: string[]): Promise<T | { error: string }> => {
    const r = await runLogged([engine.cli, "inspect", ...names], t.cwd, t.env, { signal, log, quiet: true });
    if (r.exitCode !== 0 && !(partial && r.stdout.trim().startsWith("["))) return { error: `inspect failed: ${failureText(r)}` };
    try {
      return parse(r.stdout);
    } catch (e) {
      return { error: `cannot parse inspect output: ${(e as Error).message}` };
    }
  };
}

// Compose and env files a compose step names that do not exist when the scenario loads: compose would say so only when
// the step runs, after the steps before it. A warning, not an error: an earlier step may write the file.
import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Scenario } from "../engine/spec.ts";
import { interpolate, type Lookup } from "../vars/interpolate.ts";

/** The info key under which reports show the warning about one missing file. */
export const missingComposeFileKey = (path: string) => `warning: compose file ${path}`;

/** Why a file is warned about, and where the scenario names it: the path of its entry in the file (Scenario.locate). */
export interface MissingComposeFile {
  why: string;
  at: (string | number)[];
}

/**
 * One warning per missing file (as the scenario's directory sees it): path → why, naming the first step that needs it,
 * and the entry of its `files` or `env_file` that names it.
 */
export function missingComposeFiles(scenario: Scenario, lookup: Lookup): Map<string, MissingComposeFile> {
  const out = new Map<string, MissingComposeFile>();
  const steps = [...scenario.steps, ...scenario.teardown];
  for (const spec of steps) {
    if (spec.kind !== "compose") continue;
    const step = spec.phase === "main" ? ["steps", spec.index] : ["teardown", spec.index - scenario.steps.length];
    const input = (spec.input ?? {}) as Record<string, unknown>;
    // The entries naming files, where they are written: `files: a.yml` or `files: [a.yml, …]`, and `env_file` alike.
    // Each on its own: one whose path an earlier step captures (known only at run time) leaves the others checked.
    const entries = (["files", "env_file"] as const).flatMap((key) => {
      const v = input[key];
      const at = [...step, spec.kind, key];
      return Array.isArray(v) ? v.map((f, i) => ({ f, at: [...at, i] })) : v === undefined ? [] : [{ f: v, at }];
    });
    for (const { f, at } of entries) {
      if (typeof f !== "string") continue;
      const path = interpolate(f, lookup);
      if (path.includes("${")) continue;
      const file = resolve(scenario.dir, path);
      const shown = relative(scenario.dir, file) || file;
      if (out.has(shown) || existsSync(file)) continue;
      const where = spec.line === undefined ? "" : ` (line ${spec.line})`;
      out.set(shown, { why: `does not exist: the compose step "${spec.name}"${where} will fail on it unless an earlier step writes it`, at });
    }
  }
  return out;
}

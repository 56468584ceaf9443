// Compose and env files a compose step names that do not exist when the scenario loads: compose would say so only when
// the step runs, after the steps before it. A warning, not an error: an earlier step may write the file.
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Scenario, StepSpec } from "../engine/spec.ts";
import { DEFAULT_COMPOSE_FILES, defaultComposeFiles } from "../util/compose-files.ts";
import { interpolate, type Lookup } from "../vars/interpolate.ts";

/** The info key under which reports show the warning about one missing file. */
export const missingComposeFileKey = (path: string) => `warning: compose file ${path}`;

/** Why a file is warned about, and where the scenario names it: the path of its entry in the file (Scenario.locate). */
export interface MissingComposeFile {
  why: string;
  at: (string | number)[];
}

/** A file a compose step names: its key (`files` or `env_file`), the path as written with its variables filled in, and the file it resolves to. */
export interface ComposeStepFile {
  spec: StepSpec;
  key: "files" | "env_file";
  written: string;
  /** Absolute: resolved from the scenario's directory, as the compose step resolves it. */
  file: string;
  /** The path of its entry in the scenario file (Scenario.locate). */
  at: (string | number)[];
}

/**
 * Every file the scenario's compose steps name in `files` and `env_file` (teardown's too), in order, whose path is known
 * before the run: one whose path still holds a ${…} is left out, and the others kept (a path an earlier step captures is
 * refused at load: capturedComposeFileIssues).
 */
export function composeStepFiles(scenario: Scenario, lookup: Lookup): ComposeStepFile[] {
  const out: ComposeStepFile[] = [];
  for (const spec of [...scenario.steps, ...scenario.teardown]) {
    if (spec.kind !== "compose") continue;
    const step = spec.phase === "main" ? ["steps", spec.index] : ["teardown", spec.index - scenario.steps.length];
    const input = (spec.input ?? {}) as Record<string, unknown>;
    // The entries naming files, where they are written: `files: a.yml` or `files: [a.yml, …]`, and `env_file` alike.
    for (const key of ["files", "env_file"] as const) {
      const v = input[key];
      const at = [...step, spec.kind, key];
      const entries = Array.isArray(v) ? v.map((f, i) => ({ f, at: [...at, i] })) : v === undefined ? [] : [{ f: v, at }];
      for (const { f, at } of entries) {
        if (typeof f !== "string") continue;
        const written = interpolate(f, lookup);
        if (!written.includes("${")) out.push({ spec, key, written, file: resolve(scenario.dir, written), at });
      }
    }
    // A step that names no file: compose reads the default one it finds from the scenario's folder up (every default
    // name in that folder is taken: which one compose picks is its own order).
    const files = input.files;
    if (files === undefined || (Array.isArray(files) && files.length === 0)) {
      for (const file of defaultNamesFound(scenario.dir)) out.push({ spec, key: "files", written: relative(scenario.dir, file) || file, file, at: [...step, spec.kind] });
    }
  }
  return out;
}

/**
 * Every default compose file of the folder compose takes its default one from (defaultComposeFiles: `dir` or the
 * nearest folder above it that holds one), in compose's order.
 */
function defaultNamesFound(dir: string): string[] {
  const main = defaultComposeFiles(dir)[0];
  return main === undefined ? [] : DEFAULT_COMPOSE_FILES.map((n) => join(dirname(main), n)).filter((f) => existsSync(f));
}

/**
 * One warning per missing file (as the scenario's directory sees it): path → why, naming the first step that needs it,
 * and the entry of its `files` or `env_file` that names it.
 */
export function missingComposeFiles(scenario: Scenario, lookup: Lookup): Map<string, MissingComposeFile> {
  const out = new Map<string, MissingComposeFile>();
  for (const { spec, file, at } of composeStepFiles(scenario, lookup)) {
    const shown = relative(scenario.dir, file) || file;
    if (out.has(shown) || existsSync(file)) continue;
    const where = spec.line === undefined ? "" : ` (line ${spec.line})`;
    out.set(shown, { why: `does not exist: the compose step "${spec.name}"${where} will fail on it unless an earlier step writes it`, at });
  }
  return out;
}

// The files docker compose reads when it is given none (no -f, no COMPOSE_FILE), and how it reads the COMPOSE_FILE and
// COMPOSE_ENV_FILES variables (compose-go's cli/options.go): the one place every module that looks for them uses. In
// lib/util, not lib/compose: the loader and the engine's secrets read them on every run, http-only ones too (the bundle
// keeps lib/compose/ for the runs that use it).
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** The names compose looks for in a folder when it is given no file, in its order (compose-go's DefaultFileNames): the first found is read. */
export const DEFAULT_COMPOSE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];

/** The override file compose reads beside the default one, in its order (compose-go's DefaultOverrideFileNames): the first found is read. */
const DEFAULT_OVERRIDE_FILES = ["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"];

/**
 * The files compose reads when given none, as it finds them from `dir`: the first of its default names in `dir` or the
 * nearest folder above it that holds one, and beside it the first of its override names; [] when no folder holds one.
 */
export function defaultComposeFiles(dir: string): string[] {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const main = DEFAULT_COMPOSE_FILES.map((n) => join(d, n)).find((f) => existsSync(f));
    if (main) {
      const override = DEFAULT_OVERRIDE_FILES.map((n) => join(d, n)).find((f) => existsSync(f));
      return override ? [main, override] : [main];
    }
    if (dirname(d) === d) return [];
  }
}

/**
 * The paths COMPOSE_FILE names, in order: split on COMPOSE_PATH_SEPARATOR, `:` when it is unset or empty (as on Linux
 * and macOS); empty entries left out. Relative ones are the working folder's: compose makes them absolute from there.
 */
export function composeFileList(value: string, separator: string | undefined): string[] {
  return value.split(composePathSeparator(separator)).filter((f) => f.trim() !== "");
}

/** The separator of COMPOSE_FILE's paths: COMPOSE_PATH_SEPARATOR, `:` when it is unset or empty. */
export function composePathSeparator(separator: string | undefined): string {
  return separator || ":";
}

/** The paths COMPOSE_ENV_FILES names, in order (the default of compose's --env-file): split on commas, each trimmed, empty entries left out. */
export function composeEnvFileList(value: string): string[] {
  return value.split(",").map((f) => f.trim()).filter(Boolean);
}

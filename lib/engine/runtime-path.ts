// Makes `bun` resolvable for child processes (shell steps may run `bun …`) however the CLI itself was started.
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const byPath = new Map<string, string>();
let linkDir: string | undefined;

/** A directory holding a `bun` that is this very runtime. */
function runtimeDir(): string {
  if (basename(process.execPath) === "bun") return dirname(process.execPath);
  // E.g. node_modules/bun/bin/bun.exe: a private directory with a `bun` link to it, removed at exit.
  if (!linkDir) {
    // node:os is loaded only here: importing it costs every start about 0.7 ms, and most runs never come here.
    const { tmpdir } = require("node:os") as typeof import("node:os");
    const dir = mkdtempSync(join(tmpdir(), "scenario-bun-"));
    symlinkSync(process.execPath, join(dir, "bun"));
    process.once("exit", removeRuntimeLink);
    linkDir = dir;
  }
  return linkDir;
}

/** Removes the private `bun` link, if one was made (at exit; tests call it themselves). */
export function removeRuntimeLink(): void {
  if (linkDir) rmSync(linkDir, { recursive: true, force: true });
  linkDir = undefined;
  byPath.clear();
}

/** PATH unchanged when it already finds a `bun`, else with the running runtime's directory first. */
export function pathWithBun(path: string): string {
  let out = byPath.get(path);
  if (out === undefined) {
    out = Bun.which("bun", { PATH: path }) ? path : path ? `${runtimeDir()}:${path}` : runtimeDir();
    byPath.set(path, out);
  }
  return out;
}

const withPath = new WeakMap<Record<string, string>, Record<string, string>>();

/** The environment with pathWithBun applied (the same object for the same input, so callers may cache). */
export function envWithBun(env: Record<string, string>): Record<string, string> {
  let out = withPath.get(env);
  if (!out) {
    const path = pathWithBun(env.PATH ?? "");
    out = path === env.PATH ? env : { ...env, PATH: path };
    withPath.set(env, out);
  }
  return out;
}

// Permission tests that mean it: a tree with a few unreadable places, and a script run as a user those permissions
// apply to (as root, which ignores them, through setpriv as nobody).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChildResult, runWithin } from "./bounded-spawn.ts";

const NOBODY = 65534;

/** A fresh tree holding `files` (rel → text; folders 0755, files 0644), then `locked` folders made 0000. */
export function treeWithLocked(prefix: string, files: Record<string, string>, locked: readonly string[]): { root: string; remove: () => void } {
  const root = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(root, 0o755);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(join(root, rel, ".."), { recursive: true, mode: 0o755 });
    writeFileSync(join(root, rel), text, { mode: 0o644 });
  }
  return {
    root,
    remove: () => {
      for (const dir of locked) chmodSync(join(root, dir), 0o755);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The command line running `cmd` as a user permissions apply to: as root (which ignores them), nobody through setpriv. */
function unprivileged(cmd: readonly string[]): string[] {
  return process.getuid?.() === 0 ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...cmd] : [...cmd];
}

/** Why no process permissions apply to can be started here (root without a setpriv that can run bun as nobody), or undefined. */
export function unprivilegedMissing(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const r = Bun.spawnSync(unprivileged([process.execPath, "--version"]), { stdout: "ignore", stderr: "pipe" });
    return r.exitCode === 0 ? undefined : `setpriv as nobody failed (exit ${r.exitCode}): ${r.stderr.toString().trim()}`;
  } catch (error) {
    return `setpriv could not be started: ${(error as Error).message}`;
  }
}

/** Runs `cmd` as a user permissions apply to, in `cwd` with `env` (bounded in time, as runWithin): how it ended and what it printed. */
export function runUnprivileged(cmd: readonly string[], opts: { cwd: string; env: Record<string, string | undefined> }): Promise<ChildResult> {
  return runWithin(unprivileged(cmd), opts);
}

/** Runs `bun script args…` as a user the tree's permissions apply to, HOME in `home`; its stdout read as JSON. */
export function runUnprivilegedJson<T>(script: string, args: readonly string[], home: string): T {
  const argv = unprivileged([process.execPath, script, ...args]);
  const r = Bun.spawnSync(argv, { env: { ...process.env, HOME: home }, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as T;
}

// Permission tests that mean it: a tree with a few unreadable places, and a script run as a user those permissions
// apply to (as root, which ignores them, through setpriv as nobody).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

/** Runs `bun script args…` as a user the tree's permissions apply to, HOME in `home`; its stdout read as JSON. */
export function runUnprivilegedJson<T>(script: string, args: readonly string[], home: string): T {
  const asRoot = process.getuid?.() === 0;
  const cmd = [process.execPath, script, ...args];
  const argv = asRoot ? ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...cmd] : cmd;
  const r = Bun.spawnSync(argv, { env: { ...process.env, HOME: home }, stdout: "pipe", stderr: "pipe" });
  if (r.exitCode !== 0) throw new Error(`${argv.join(" ")} failed: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as T;
}

// Makes `bun` resolvable for child processes (shell steps may run `bun …`) however the CLI itself was started.
import { lstatSync, mkdirSync, mkdtempSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { basename, dirname, join } from "node:path";

const byPath = new Map<string, string>();
let linkDir: string | undefined;
/** Directories made for this run alone (when the shared one could not be used): removed at exit. */
const privateDirs: string[] = [];

/** A directory holding a `bun` that is this very runtime. */
function runtimeDir(): string {
  if (basename(process.execPath) === "bun") return dirname(process.execPath);
  // E.g. node_modules/bun/bin/bun.exe: a directory with a `bun` link to it.
  if (!linkDir) {
    // node:os is loaded only here: importing it costs every start about 0.7 ms, and most runs never come here.
    const { tmpdir } = require("node:os") as typeof import("node:os");
    linkDir = runtimeLinkDir(tmpdir());
  }
  return linkDir;
}

/**
 * A directory under `root` whose `bun` links to this runtime: `scenario-bun-<uid>-<hash of the runtime's path>`, made
 * once and used by every later run of the same user and runtime, so a run that is killed (SIGKILL: no exit listener
 * runs) leaves nothing new behind. It is used only when it is a real directory of this user's that no one else may
 * write to (made with mode 700; someone else may have made one of that name first); otherwise the run makes one of
 * its own, as mkdtemp names it, and removes it at exit; so it does when the link cannot be made there, or where there
 * are no user ids. The link is replaced atomically (made under another name, then renamed), so runs starting together
 * never see it missing or half made.
 */
export function runtimeLinkDir(root: string, execPath = process.execPath, uid: number | null = process.getuid?.() ?? null): string {
  if (uid === null) return ownDir(root, execPath);
  const dir = join(root, `scenario-bun-${uid}-${Bun.hash(execPath).toString(36)}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") return ownDir(root, execPath);
  }
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (!stat?.isDirectory() || stat.uid !== uid || (stat.mode & 0o077) !== 0) return ownDir(root, execPath);
  const link = join(dir, "bun");
  if (linkTarget(link) === execPath) return dir;
  const fresh = join(dir, `bun.${process.pid}.${Math.random().toString(36).slice(2)}`);
  try {
    symlinkSync(execPath, fresh);
    renameSync(fresh, link);
  } catch {
    rmSync(fresh, { force: true });
    return ownDir(root, execPath);
  }
  return dir;
}

function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/** A directory of this run's own under root, with its `bun` link; removed at exit. */
function ownDir(root: string, execPath: string): string {
  const dir = mkdtempSync(join(root, "scenario-bun-"));
  if (privateDirs.length === 0) process.once("exit", removeRuntimeLink);
  privateDirs.push(dir);
  symlinkSync(execPath, join(dir, "bun"));
  return dir;
}

/** Forgets the link directory; removes those that were this run's own (at exit; tests call it themselves). The shared one stays for the next run. */
export function removeRuntimeLink(): void {
  for (const dir of privateDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
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

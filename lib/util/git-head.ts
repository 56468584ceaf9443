// The git checkout a path lies in: its top folder and the commit checked out, read from .git without running git.
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export interface GitCheckout {
  /** The work tree's top folder. */
  root: string;
  /** The commit checked out (40 hex digits), when it can be read. */
  commit?: string;
  /** The branch checked out, unless HEAD is detached. */
  branch?: string;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The .git directory of the work tree at root (a worktree's or submodule's `.git` file points to it). */
function gitDirOf(root: string): string | undefined {
  const dotGit = join(root, ".git");
  try {
    if (statSync(dotGit).isDirectory()) return dotGit;
  } catch {
    return undefined;
  }
  const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(read(dotGit) ?? "");
  return pointer ? resolve(root, pointer[1]!) : undefined;
}

function refCommit(gitDir: string, ref: string): string | undefined {
  const common = read(join(gitDir, "commondir"))?.trim();
  const dirs = [gitDir, ...(common ? [resolve(gitDir, common)] : [])];
  for (const dir of dirs) {
    const loose = read(join(dir, ref))?.trim();
    if (loose && /^[0-9a-f]{40,64}$/.test(loose)) return loose;
    for (const line of (read(join(dir, "packed-refs")) ?? "").split("\n")) {
      const [sha, name] = line.split(" ");
      if (name === ref && sha && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
    }
  }
  return undefined;
}

/** The checkout holding `path` (a file or folder), or undefined outside any git work tree. */
export function gitCheckout(path: string): GitCheckout | undefined {
  let dir = resolve(path);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    if (existsSync(join(dir, ".git"))) break;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
  const gitDir = gitDirOf(dir);
  const head = gitDir ? read(join(gitDir, "HEAD"))?.trim() : undefined;
  if (!gitDir || !head) return { root: dir };
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return /^[0-9a-f]{40,64}$/.test(head) ? { root: dir, commit: head } : { root: dir };
  return { root: dir, commit: refCommit(gitDir, ref), branch: ref.replace(/^refs\/heads\//, "") };
}

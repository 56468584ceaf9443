// Resolves the `..` of a path as the kernel does (as bash, ls and cat open it), not as text: after a symbolic link it is the parent of the link's target, and after a missing folder it reaches nothing.
import { realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";

/** Where a path leads. */
export interface Reached {
  /** An absolute path holding no `.` or `..` that reaches what the kernel reaches by the path (its parts after the last `..` not looked at). */
  path: string;
  /** The first `..` that went back out of a symbolic link: the path before it (absolute, as written), and where it led. */
  link?: { at: string; parent: string };
  stop?: undefined;
}

/** A path whose `..` reaches nothing, as `cat` fails on it. */
export interface Unreached {
  path?: undefined;
  /** The folder before a `..` that could not be gone up from (absolute, holding no `..`). */
  stop: string;
  /** Why, said after the path: "does not exist", "is not a directory", "could not be looked at: permission denied". */
  why: string;
  /** The error's code: ENOENT and ENOTDIR mean nothing is there; another one that the walk could not look. */
  code: string;
}

/** Whether nothing is there to go up from (ENOENT, ENOTDIR), not a path that could not be looked at (Unreached's `code`). */
export function nothingThere(u: Unreached): boolean {
  return u.code === "ENOENT" || u.code === "ENOTDIR";
}

/** Why a path reaches nothing, said of the folder before its `..`: `logs/a.jsonl is not a directory, so the .. after it reaches nothing`. */
export function unreachedText(u: Unreached, show: (abs: string) => string = (abs) => abs): string {
  return `${show(u.stop)} ${u.why}, so the .. after it reaches nothing`;
}

function within(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir === "/" ? "/" : `${dir}/`);
}

function whyNot(e: unknown): { why: string; code: string } {
  const err = e as { code?: string; message?: string };
  const code = err.code ?? "";
  if (code === "ENOENT") return { why: "does not exist", code };
  if (code === "ENOTDIR") return { why: "is not a directory", code };
  if (code === "ELOOP") return { why: "is a loop of links (ELOOP)", code };
  if (code === "EACCES" || code === "EPERM") return { why: "could not be looked at: permission denied", code };
  return { why: `could not be looked at: ${err.message ?? String(e)}`, code };
}

/**
 * Where `path` (relative to the absolute directory `from`, or absolute) leads, its `..` read as the kernel reads them.
 * A path without `..` is resolved as text, as before (a `.` or a doubled `/` means the same either way). A `..` needs the
 * folder before it to be there: after a missing one (or a file) the path reaches nothing (Unreached), as `cat
 * nosuch/../x` fails. After a link to a directory it is the parent of the link's target, as `ls logs/latest/..` lists
 * it; that parent is written from the nearest folder up the path whose real location holds it, so a path under the
 * scenario's folder stays one (`logs/latest/..` with `logs/latest -> ../runs/r1` is `<root>/runs`, not a real path the
 * links above the root would spell otherwise).
 */
export async function reachPath(from: string, path: string): Promise<Reached | Unreached> {
  const parts = path.split("/");
  if (!parts.includes("..")) return { path: resolve(from, path) };
  let cur = isAbsolute(path) ? "/" : resolve(from);
  let link: Reached["link"];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part !== "..") {
      cur = cur === "/" ? `/${part}` : `${cur}/${part}`;
      continue;
    }
    let physical: string;
    try {
      const st = await stat(cur);
      if (!st.isDirectory()) return { stop: cur, why: "is not a directory", code: "ENOTDIR" };
      physical = dirname(await realpath(cur));
    } catch (e) {
      return { stop: cur, ...whyNot(e) };
    }
    const lexical = dirname(cur);
    let parent = physical;
    for (let up = lexical; ; up = dirname(up)) {
      const real = await realpath(up).catch(() => undefined);
      if (real !== undefined && within(physical, real)) {
        const below = physical === real ? "" : physical.slice(real === "/" ? 0 : real.length);
        parent = below === "" ? up : `${up === "/" ? "" : up}${below}`;
        break;
      }
      if (up === dirname(up)) break;
    }
    if (parent !== lexical) link ??= { at: cur, parent };
    cur = parent;
  }
  return link ? { path: cur, link } : { path: cur };
}

/** A path as written, its `.` and doubled `/` left out and its `..` kept: how a path whose `..` went back out of a link is shown (`logs/latest/../archive`, as bash shows it). */
export function writtenPath(path: string): string {
  return (path.startsWith("/") ? "/" : "") + path.split("/").filter((p) => p !== "" && p !== ".").join("/");
}

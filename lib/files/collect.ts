// Finds the files a `files` step names: Bun.Glob scans from each pattern's static base, minus `exclude`, sorted.
import { basename, isAbsolute, relative, resolve, sep } from "node:path";

export interface MatchedFile {
  /** Absolute path. */
  abs: string;
  /** Path shown in reports: relative to root (absolute when the pattern was absolute). */
  rel: string;
  /** Base name (what `name:` is matched against). */
  name: string;
}

const MAGIC = /[*?[\]{}!]/;

/** Splits "logs/raw/**\/*.jsonl" into the directory to scan ("logs/raw") and the pattern under it. */
export function splitPattern(pattern: string): { base: string; rest: string } {
  const parts = pattern.split("/");
  let i = 0;
  while (i < parts.length - 1 && !MAGIC.test(parts[i]!) && !parts[i]!.includes("\\")) i++;
  const baseParts = parts.slice(0, i);
  let base = baseParts.join("/");
  if (base === "" && pattern.startsWith("/")) base = "/";
  return { base, rest: parts.slice(i).join("/") };
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

function isMissing(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  return code === "ENOENT" || code === "ENOTDIR";
}

/** Compiles exclude patterns: a pattern without "/" matches base names, otherwise paths relative to root. */
export function excluder(patterns: readonly string[]): (rel: string) => boolean {
  const compiled = patterns.map((p) => ({ glob: new Bun.Glob(p.startsWith("./") ? p.slice(2) : p), byName: !p.includes("/") }));
  return (rel) => compiled.some(({ glob, byName }) => glob.match(byName ? basename(rel) : rel));
}

/** Every regular file under root matching any pattern and no exclude, deduplicated and sorted by path. */
export async function collectFiles(
  root: string,
  patterns: readonly string[],
  exclude: readonly string[],
  signal?: AbortSignal,
): Promise<MatchedFile[]> {
  const isExcluded = exclude.length ? excluder(exclude) : undefined;
  const found = new Map<string, MatchedFile>();
  for (const pattern of patterns) {
    const { base, rest } = splitPattern(pattern);
    const dir = resolve(root, base);
    const dirPrefix = dir.endsWith("/") ? dir : `${dir}/`;
    // Paths are built by concatenation (the glob yields normalised relative paths): cheap for 100,000 files.
    const fromRoot = toPosix(relative(root, dir));
    const rootPrefix = fromRoot === "" ? "" : `${fromRoot}/`;
    const absolutePattern = isAbsolute(pattern);
    let seen = 0;
    try {
      for await (const hit of new Bun.Glob(rest).scan({ cwd: dir, onlyFiles: true, dot: false, followSymlinks: false })) {
        if (++seen % 4096 === 0) signal?.throwIfAborted();
        const path = sep === "/" ? hit : toPosix(hit);
        const abs = dirPrefix + path;
        if (found.has(abs)) continue;
        const rel = rootPrefix + path;
        if (isExcluded?.(rel)) continue;
        found.set(abs, { abs, rel: absolutePattern ? abs : rel, name: path.slice(path.lastIndexOf("/") + 1) });
      }
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
  }
  return [...found.values()].sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

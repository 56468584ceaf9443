// Finds the files a `files` step names: each pattern walked from its static base (links followed), minus `exclude`, one entry per real file, sorted.
import { statSync } from "node:fs";
import { isAbsolute, relative, sep } from "node:path";
import { bashBraces, braceWords, compileGlob, fixedName, splitPattern, splitThroughUp, uniqueFiles, walkGlob, type SkippedLink, type Unreadable } from "../util/glob-walk.ts";
import { reachPath, writtenPath } from "./reach-path.ts";

export { splitPattern };

export interface MatchedFile {
  /** Absolute path. */
  abs: string;
  /** Path shown in reports: relative to root (absolute when the pattern was absolute). */
  rel: string;
  /** Base name (what `name:` is matched against). */
  name: string;
  /** Its size and modification time, as the walk found them (looking for hard links); absent when it could not look. */
  stat?: { size: number; mtimeMs: number };
}

export interface Collected {
  files: MatchedFile[];
  /**
   * Patterns that matched no file (before excludes), with the absolute directory each starts from; `why` the reason a
   * `..` in it reaches nothing ("is not a directory", reachPath's), said of `base`. A pattern whose braces before a `..`
   * give several (braceWords) has one entry each, `of` naming it, when none matched a file.
   */
  unmatched: { pattern: string; base: string; why?: string; of?: string }[];
  /** Links not followed (dangling, loops), shown as `rel` is. */
  skipped: SkippedLink[];
  /** Directories the walk could not list and links whose target it could not look at, shown as `rel` is. */
  unreadable: Unreadable[];
  /** Paths the globs matched and exclude left out (a path matched by two globs counts twice). */
  excluded: number;
  /** Patterns that matched files, every one of which exclude left out, with how many. */
  allExcluded: { pattern: string; excluded: number }[];
  /** Matched paths left out as another name (a hard link) of a file matched under `of`, shown as `rel` is. */
  hardLinks: { rel: string; of: string }[];
}

function toPosix(p: string): string {
  return sep === "/" ? p : p.split(sep).join("/");
}

/**
 * Compiles exclude patterns: a pattern without "/" matches the names of the files and folders the glob walked (from
 * `walkedFrom`, the length of the pattern's fixed start in `rel`), otherwise paths relative to root. (Names in the
 * fixed start matched too: with an absolute glob, `exclude: [t3]` left out every file of `/data/t3/logs/**` while
 * `exclude: [data]` kept them, and `.*` every file under a dot folder the pattern named.)
 */
export function excluder(given: readonly string[]): (rel: string, walkedFrom?: number) => boolean {
  const patterns = given.map(bashBraces);
  const compiled = patterns.map((p) => ({ glob: compileGlob(p.startsWith("./") ? p.slice(2) : p), byName: !p.includes("/") }));
  // A folder a pattern matches is left out whole, as .gitignore does: `exclude: private` leaves out private/leak.log too.
  // (Matching the file alone, a readable private/ was searched while an unreadable one was skipped as excluded: the same
  // pattern decided differently by permissions, and a not_contains passed on files it never read.)
  return (rel, walkedFrom = 0) => {
    let upTo = "";
    for (const name of rel.split("/")) {
      upTo = upTo === "" ? name : `${upTo}/${name}`;
      // A `..` leading out of the scenario's folder (a `../logs/**` glob) is no folder's name: `exclude: ".*"` left out
      // every file under it, and a step accepting any count passed having read none.
      const named = name !== ".." && name !== "." && upTo.length > walkedFrom;
      if (compiled.some(({ glob, byName }) => (byName ? named && glob.match(name) : glob.match(upTo)))) return true;
    }
    return false;
  };
}

/**
 * Whether exclude leaves out everything under a directory (given relative to root): its name or path matches a
 * pattern, or a pattern ending in "/**" names it. Such a directory that cannot be listed hides nothing the step wants.
 */
export function dirExcluder(given: readonly string[]): (rel: string, walkedFrom?: number) => boolean {
  const files = excluder(given);
  const patterns = given.map(bashBraces);
  const trees = patterns.filter((p) => p.endsWith("/**")).map((p) => compileGlob(p.startsWith("./") ? p.slice(2, -3) : p.slice(0, -3)));
  return (rel, walkedFrom) => files(rel, walkedFrom) || trees.some((g) => g.match(rel));
}

/**
 * The absolute exclude patterns (`/data/logs/worker/*`), matched against a file's absolute path or any folder above it
 * (a folder matched is left out whole). Matched against paths relative to root, as the others are, they matched
 * nothing: an absolute exclude was silently ignored, and a contains passed on a file it named.
 */
function absoluteExcluder(given: readonly string[]): ((abs: string) => boolean) | undefined {
  if (given.length === 0) return undefined;
  const patterns = given.map(bashBraces);
  const globs = patterns.map((p) => compileGlob(p));
  const trees = patterns.filter((p) => p.endsWith("/**")).map((p) => compileGlob(p.slice(0, -3)));
  return (abs) => {
    let upTo = "";
    for (const name of abs.split("/").slice(1)) {
      upTo = `${upTo}/${name}`;
      if (globs.some((g) => g.match(upTo)) || trees.some((g) => g.match(upTo))) return true;
    }
    return false;
  };
}

/**
 * An exclude pattern with the `..` of its fixed start read as the kernel reads it (reachPath): `logs/latest/../archive/*`
 * with `logs/latest -> ../runs/r1` is `runs/archive/*`, the files `ls` lists by it, and `logs/tagged/../archive/*` is
 * `logs/archive/*` (matched as text, a `..` matched no file's path: the exclude left out nothing). Undefined when it
 * reaches nothing (a missing folder before its `..`): it leaves out no file. A name pattern (no `/`) is as given.
 */
async function excludeReached(root: string, pattern: string): Promise<string | undefined> {
  const parts = pattern.split("/");
  if (parts.length === 1) return pattern;
  // Its parts as the names they spell, a brace bash leaves as text (`{logs}`) or an escape being no wildcard.
  const names = parts.map(fixedName);
  const fixed = names.findIndex((n) => n === undefined);
  const lastUp = parts.slice(0, fixed === -1 ? parts.length : fixed).lastIndexOf("..");
  if (lastUp === -1) return pattern;
  const reached = await reachPath(root, names.slice(0, lastUp + 1).join("/") || "/");
  if (reached.path === undefined) return undefined;
  const rest = parts.slice(lastUp + 1).join("/");
  const start = isAbsolute(pattern) ? reached.path : toPosix(relative(root, reached.path));
  // The root itself: every file under it (a folder matched is left out whole).
  const path = start === "" ? rest || "**" : rest === "" ? start : `${start.endsWith("/") ? start.slice(0, -1) : start}/${rest}`;
  // Still a path (`logs/latest/..` is `./runs`, not the name `runs` of every folder so called).
  return path.includes("/") ? path : `./${path}`;
}

/** Every file under root matching any pattern and no exclude, one path per real file, sorted by path. */
export async function collectFiles(
  root: string,
  patterns: readonly string[],
  given: readonly string[],
  signal?: AbortSignal,
): Promise<Collected> {
  // Braces before a `..` expanded as in a glob (braceWords): `logs/{latest,hop}/../archive/*` is two excludes.
  const exclude = (await Promise.all(given.flatMap((x) => braceWords(x).words).map((x) => excludeReached(root, x)))).filter((x): x is string => x !== undefined);
  const relativeExcludes = exclude.filter((p) => !isAbsolute(p));
  const isExcluded = relativeExcludes.length ? excluder(relativeExcludes) : undefined;
  const isDirExcluded = relativeExcludes.length ? dirExcluder(relativeExcludes) : undefined;
  const isAbsExcluded = absoluteExcluder(exclude.filter((p) => isAbsolute(p)));
  const candidates: (MatchedFile & { real: string; linked: boolean })[] = [];
  const unmatched: Collected["unmatched"] = [];
  const skipped: SkippedLink[] = [];
  const unreadable: Unreadable[] = [];
  let excluded = 0;
  const allExcluded: Collected["allExcluded"] = [];
  /** Walks one pattern a glob's braces give: its matches taken, or why it has none noted in `missed`. */
  const collectWord = async (word: string, missed: Collected["unmatched"]): Promise<{ matched: number; left: number }> => {
    // Its parts up to the last `..` as the names they spell (`{logs}` is that folder), else its fixed start as before.
    const { base, rest } = splitThroughUp(word) ?? splitPattern(word);
    const absolutePattern = isAbsolute(word);
    // A `..` in the fixed start as the kernel reads it: after a link, the parent of its target (reachPath). Read as text,
    // `logs/latest/../archive` was logs/archive where bash lists runs/archive, and a not_contains passed on other files.
    const reached = await reachPath(root, base);
    if (reached.path === undefined) {
      // A missing folder, a file or a loop of links before a `..`: the pattern names no file, as `ls` finds none, and
      // says why; one that could not be looked at may hide files.
      missed.push({ pattern: word, base: reached.stop, why: reached.why });
      if (!["ENOENT", "ENOTDIR", "ELOOP"].includes(reached.code)) unreadable.push({ rel: writtenPath(base), what: "directory", reason: reached.why.replace(/^could not be looked at: /, "") });
      return { matched: 0, left: 0 };
    }
    const dir = reached.path;
    const dirPrefix = dir.endsWith("/") ? dir : `${dir}/`;
    // Paths are built by concatenation (the walk yields "/"-joined relative paths): cheap for 100,000 files. Exclude
    // matches them from the folder reached; reports show them by the pattern's path, a link's `..` kept
    // (`logs/latest/../archive/bad.jsonl`, as grep -H names it).
    const fromRoot = toPosix(relative(root, dir));
    const rootPrefix = fromRoot === "" ? "" : `${fromRoot}/`;
    const written = reached.link ? writtenPath(base) : undefined;
    const shownBase = written ?? (absolutePattern ? dir : fromRoot || ".");
    const shownPrefix = written !== undefined ? `${written}/` : absolutePattern ? dirPrefix : rootPrefix;
    // Braces as bash reads them: `{tmp}` is text, `{a,b}` alternatives (bashBraces).
    const walked = await walkGlob(dir, bashBraces(rest), signal);
    if (!walked.hits.length) missed.push({ pattern: word, base: dir });
    const shown = (r: string) => (r ? shownPrefix + r : shownBase);
    for (const u of walked.unreadable) {
      if (isAbsExcluded?.(u.rel ? dirPrefix + u.rel : dir)) continue;
      if (!isDirExcluded?.(u.rel ? rootPrefix + u.rel : fromRoot || ".", rootPrefix.length)) unreadable.push({ ...u, rel: shown(u.rel) });
    }
    for (const link of walked.skipped) skipped.push({ ...link, rel: shownPrefix + link.rel });
    let left = 0;
    for (const hit of walked.hits) {
      const abs = dirPrefix + hit.rel;
      if (isExcluded?.(rootPrefix + hit.rel, rootPrefix.length) || isAbsExcluded?.(abs)) {
        excluded++;
        left++;
        continue;
      }
      // Reached through a link's `..`: the path without a link, if another pattern gives it, names the file.
      candidates.push({ abs, rel: shownPrefix + hit.rel, name: hit.rel.slice(hit.rel.lastIndexOf("/") + 1), real: hit.real, linked: hit.linked || reached.link !== undefined });
    }
    return { matched: walked.hits.length, left };
  };
  for (const pattern of patterns) {
    // Braces before a `..` as bash expands them, before it opens a path: `logs/{latest,hop}/../archive/*.jsonl` is
    // `logs/latest/../archive/*.jsonl` and `logs/hop/../archive/*.jsonl`, each `..` then read as below (taken as one
    // pattern, the brace part was a wildcard, and the `..` after it was refused, naming the text reading, another folder).
    const { words } = braceWords(pattern);
    const missed: Collected["unmatched"] = [];
    let matched = 0;
    let left = 0;
    for (const word of words) {
      const walked = await collectWord(word, missed);
      matched += walked.matched;
      left += walked.left;
    }
    if (matched === 0) unmatched.push(...(words.length === 1 ? missed.map((m) => ({ ...m, pattern })) : missed.map((m) => ({ ...m, of: pattern }))));
    if (matched > 0 && left === matched) allExcluded.push({ pattern, excluded: left });
  }
  // Without links every path is its own file; with them, one path per real file.
  const unique = candidates.some((c) => c.linked) ? uniqueFiles(candidates) : [...new Map(candidates.map((c) => [c.abs, c])).values()];
  const { kept, hardLinks } = oneNamePerInode(unique, signal);
  const files = kept.map(({ abs, rel, name, stat }): MatchedFile => (stat ? { abs, rel, name, stat } : { abs, rel, name })).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { files, unmatched, skipped, unreadable, excluded, allExcluded, hardLinks };
}

/**
 * One path per inode: two names of one file (hard links, `ln a.log b.log`) are one file, as a link and its target
 * are, so a count, a total size or line count, and a contains count see it once (as `du` counts it). The name kept is
 * the one uniqueFiles would keep: one reached without a symbolic link, else the first in order. Only a file with more
 * than one link is looked at twice (its inode's number read exactly, as a bigint); one that cannot be looked at
 * (removed while walking) stays, for the checks to say so. The size and time looked at are kept: a size or age check
 * needs no second look.
 */
function oneNamePerInode<T extends { abs: string; rel: string; linked: boolean }>(files: readonly T[], signal?: AbortSignal): { kept: (T & Pick<MatchedFile, "stat">)[]; hardLinks: { rel: string; of: string }[] } {
  const multi: { file: T; inode: string }[] = [];
  const stats = new Map<T, MatchedFile["stat"]>();
  for (const [i, file] of files.entries()) {
    if (i % 4096 === 4095) signal?.throwIfAborted();
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(file.abs, { throwIfNoEntry: false });
    } catch {
      continue; // not looked at: its own checks say why
    }
    if (!st) continue;
    stats.set(file, { size: st.size, mtimeMs: st.mtimeMs });
    if (st.nlink < 2) continue;
    const exact = statSync(file.abs, { bigint: true, throwIfNoEntry: false });
    if (exact) multi.push({ file, inode: `${exact.dev}:${exact.ino}` });
  }
  const withStat = (f: T) => ({ ...f, stat: stats.get(f) });
  if (multi.length === 0) return { kept: files.map(withStat), hardLinks: [] };
  const first = new Map<string, T>();
  for (const { file, inode } of multi.sort((a, b) => Number(a.file.linked) - Number(b.file.linked) || (a.file.rel < b.file.rel ? -1 : a.file.rel > b.file.rel ? 1 : 0))) {
    if (!first.has(inode)) first.set(inode, file);
  }
  const dropped = new Map(multi.filter(({ file, inode }) => first.get(inode) !== file).map(({ file, inode }) => [file, first.get(inode)!]));
  const hardLinks = [...dropped].map(([file, of]) => ({ rel: file.rel, of: of.rel })).sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  return { kept: files.filter((f) => !dropped.has(f)).map(withStat), hardLinks };
}

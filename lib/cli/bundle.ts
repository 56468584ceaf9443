// Decides which code a start runs: the prebuilt bundle (.bundle/) only while it matches the sources it was built from, else the sources.
import { type Dirent, existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";

/** Where scripts/build-bundle.ts writes the bundle, under the package root. */
export const BUNDLE_DIR = ".bundle";
/** The bundle's entry: lib/cli.ts and the modules it imports, as one CommonJS module (its bytecode beside it); the rarely used ones are in a file beside it (scripts/bundle-split.ts). */
export const BUNDLE_ENTRY = "cli.js";
/** Written last by the build: the fingerprint of the sources the bundle was built from, then the files it wrote. */
export const FINGERPRINT_FILE = "fingerprint";
/** Ends the sources' fingerprint in FINGERPRINT_FILE; the names of the built files follow, one a line. */
const BUILT_FILES = "built files:\n";

/** Between the sources' fingerprint and BUILT_FILES: each directory under lib/ and bin/ with its modification time, one a line. */
const DIRECTORIES = "directories:\n";

/**
 * FINGERPRINT_FILE's text: the sources' fingerprint, the directories' times (when given: they let a start skip listing the
 * tree, recordedTreeUnchanged), then every file the build wrote under BUNDLE_DIR.
 */
export function bundleRecord(fingerprint: string, builtFiles: readonly string[], directories?: string): string {
  return `${fingerprint}${directories === undefined ? "" : `${DIRECTORIES}${directories}`}${BUILT_FILES}${builtFiles.map((f) => `${f}\n`).join("")}`;
}

/**
 * A directory's modification time recorded within this long of the record is not trusted: an entry added in the same
 * tick of a coarse clock (a jiffy on Linux before 6.13, a second or two on some filesystems: FAT's grain is 2 s) would
 * leave it as it was.
 */
const TIME_GRAIN_MS = 2000;

/**
 * How the walks below take an entry of lib/ or bin/: a file (tests aside), a directory, or neither. A symbolic link is
 * followed to what it names (the bundle holds a linked module, so its target's size and time are its own): a link to
 * nothing is a file (its fingerprint line says missing, and a start lists the tree); a linked directory is walked unless it
 * lies inside lib/ or bin/ (`tops`: their real paths; walked there) or was walked through another link (`linked`: the real paths walked so).
 */
function entryKind(root: string, path: string, entry: Dirent, linked: Set<string>, tops: () => readonly string[]): "file" | "directory" | undefined {
  if (entry.isDirectory()) return "directory";
  let isFile = entry.isFile();
  if (entry.isSymbolicLink()) {
    let target;
    try {
      target = statSync(join(root, path));
    } catch {
      // A link to nothing.
    }
    if (target?.isDirectory()) {
      const real = realpathSync(join(root, path));
      if (tops().some((top) => real === top || real.startsWith(`${top}${sep}`)) || linked.has(real)) return undefined;
      linked.add(real);
      return "directory";
    }
    isFile = target === undefined || target.isFile();
  }
  return isFile && !entry.name.endsWith(".test.ts") ? "file" : undefined;
}

/**
 * Walks the directories under lib/ and bin/ (lib and bin too, linked ones as entryKind says), calling onDirectory with each
 * before listing it (a time taken there predates the listing, so an entry added later changes it; returning false ends the
 * walk) and onFile with each file in it. Each directory is listed on its own: Bun's recursive listing follows a linked
 * directory itself, and fails on a loop of links.
 */
function walkSources(root: string, onDirectory: (dir: string) => boolean, onFile: (file: string) => void): void {
  const pending = ["bin", "lib"];
  const linked = new Set<string>();
  // The real paths of lib/ and bin/, found once a walk, when the first linked directory is met.
  let real: string[] | undefined;
  const tops = () => (real ??= ["lib", "bin"].map((top) => realpathSync(join(root, top))));
  while (pending.length > 0) {
    const dir = pending.pop()!;
    if (!onDirectory(dir)) return;
    let entries;
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch {
      continue; // Gone since its parent was listed: its parent's time has changed, and its files are not there.
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const kind = entryKind(root, path, entry, linked, tops);
      if (kind === "directory") pending.push(path);
      else if (kind === "file") onFile(path);
    }
  }
}

/** The files whose change makes a bundle stale: the code under lib/ and bin/ (tests aside, links followed) and the dependency manifests. */
function sourceFiles(root: string): string[] {
  const files = ["package.json", "package-lock.json"];
  walkSources(root, () => true, (file) => files.push(file));
  return files.sort();
}

/**
 * Path, size and modification time of every source file (the code under lib/ and bin/, tests aside, and the dependency
 * manifests), Bun's version and the root itself (the bundle names its modules' own paths, so a moved checkout needs a new one).
 */
export function sourceFingerprint(root: string): string {
  const lines = [`bun ${Bun.version}`, `root ${root}`];
  for (const file of sourceFiles(root)) {
    try {
      const s = statSync(join(root, file));
      lines.push(`${file} ${s.size} ${s.mtimeMs}`);
    } catch {
      lines.push(`${file} missing`);
    }
  }
  return lines.join("\n") + "\n";
}

/**
 * Each directory under lib/ and bin/ (lib and bin too) with its modification time, a line each, each taken before the
 * directory is listed; undefined when one was modified within TIME_GRAIN_MS of now, or later (a start then always lists the
 * tree: an entry added within the same tick could leave that time as it was).
 */
export function sourceDirectories(root: string): string | undefined {
  const takenAt = Date.now();
  const lines: string[] = [];
  let trusted = true;
  const onDirectory = (dir: string): boolean => {
    try {
      const time = statSync(join(root, dir)).mtimeMs;
      trusted = time < takenAt - TIME_GRAIN_MS;
      lines.push(`${dir} ${time}\n`);
    } catch {
      trusted = false;
    }
    return trusted;
  };
  walkSources(root, onDirectory, () => undefined);
  return trusted ? lines.sort().join("") : undefined;
}

/**
 * What a build records of the sources before building: the directories' times first, then the fingerprint, so an entry
 * added meanwhile is in the fingerprint or changes a recorded directory's time (a start then takes the full check).
 */
export function sourceRecord(root: string): { fingerprint: string; directories: string | undefined } {
  const directories = sourceDirectories(root);
  return { fingerprint: sourceFingerprint(root), directories };
}

/**
 * Whether the sources are still those of the record, found without listing the tree: every recorded file with its size and
 * time ("stale" if one differs or is gone) and every recorded directory with its time. A directory's time changes when an
 * entry is added to it, removed or renamed, so while none has changed the files are the recorded ones; when one has (a
 * test added, say) the answer is "unknown" and the full fingerprint decides. A record without directories is "unknown".
 */
export function recordedTreeUnchanged(root: string, fingerprint: string, directories: string | undefined): "current" | "stale" | "unknown" {
  if (directories === undefined) return "unknown";
  const lines = fingerprint.split("\n");
  if (lines[0] !== `bun ${Bun.version}` || lines[1] !== `root ${root}`) return "stale";
  for (let i = 2; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") continue;
    const timeAt = line.lastIndexOf(" ");
    const sizeAt = line.lastIndexOf(" ", timeAt - 1);
    if (sizeAt <= 0 || line.endsWith(" missing")) return "unknown";
    let s;
    try {
      s = statSync(join(root, line.slice(0, sizeAt)));
    } catch {
      return "stale";
    }
    if (`${s.size} ${s.mtimeMs}` !== line.slice(sizeAt + 1)) return "stale";
  }
  for (const line of directories.split("\n")) {
    if (line === "") continue;
    const timeAt = line.lastIndexOf(" ");
    try {
      if (`${statSync(join(root, line.slice(0, timeAt))).mtimeMs}` !== line.slice(timeAt + 1)) return "unknown";
    } catch {
      return "unknown";
    }
  }
  return "current";
}

/** The bundle's entry when the bundle was built from exactly the sources now under root and every file it wrote is there; undefined otherwise. */
export function currentBundle(root: string): string | undefined {
  let stored: string;
  try {
    stored = readFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), "utf8");
  } catch {
    return undefined;
  }
  const split = stored.indexOf(`\n${BUILT_FILES}`) + 1;
  if (split === 0) return undefined;
  const dirs = stored.lastIndexOf(`\n${DIRECTORIES}`, split) + 1;
  const fingerprint = stored.slice(0, dirs > 0 ? dirs : split);
  const fast = recordedTreeUnchanged(root, fingerprint, dirs > 0 ? stored.slice(dirs + DIRECTORIES.length, split) : undefined);
  if (fast === "stale" || (fast === "unknown" && fingerprint !== sourceFingerprint(root))) return undefined;
  // A built file gone (deleted by hand, a partial copy) would fail only when its lazy import runs: the sources run instead.
  for (const file of stored.slice(split + BUILT_FILES.length).split("\n")) {
    if (file !== "" && !existsSync(join(root, BUNDLE_DIR, file))) return undefined;
  }
  return join(root, BUNDLE_DIR, BUNDLE_ENTRY);
}

// Decides which code a start runs: the prebuilt bundle (.bundle/) only while it matches the sources it was built from, else the sources.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

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

/** The files whose change makes a bundle stale (the code under lib/ and bin/, tests aside, and the dependency manifests), and the directories they are found in. */
function sourceTree(root: string): { files: string[]; directories: string[] } {
  const files = ["package.json", "package-lock.json"];
  const directories: string[] = [];
  for (const dir of ["lib", "bin"]) {
    directories.push(dir);
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath.slice(root.length + 1), entry.name);
      if (entry.isDirectory()) directories.push(path);
      else if (entry.isFile() && !entry.name.endsWith(".test.ts")) files.push(path);
    }
  }
  return { files: files.sort(), directories: directories.sort() };
}

/**
 * Path, size and modification time of every source file, Bun's version and the root itself (the bundle names its
 * modules' own paths, so a moved checkout needs a new one).
 */
export function sourceFingerprint(root: string): string {
  const lines = [`bun ${Bun.version}`, `root ${root}`];
  for (const file of sourceTree(root).files) {
    try {
      const s = statSync(join(root, file));
      lines.push(`${file} ${s.size} ${s.mtimeMs}`);
    } catch {
      lines.push(`${file} missing`);
    }
  }
  return lines.join("\n") + "\n";
}

/** Each directory under lib/ and bin/ (lib and bin too) with its modification time, a line each: taken with the fingerprint, before building. */
export function sourceDirectories(root: string): string {
  let text = "";
  for (const dir of sourceTree(root).directories) {
    try {
      text += `${dir} ${statSync(join(root, dir)).mtimeMs}\n`;
    } catch {
      // Gone between the listing and now: left out, so the start takes the full check.
    }
  }
  return text;
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

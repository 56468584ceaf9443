// Decides which code a start runs: the prebuilt bundle (.bundle/) only while it matches the sources it was built from, else the sources.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Where scripts/build-bundle.ts writes the bundle, under the package root. */
export const BUNDLE_DIR = ".bundle";
/** The bundle's entry: lib/cli.ts and the modules it imports, as one CommonJS module (its bytecode beside it); the rarely used ones are in a file beside it (scripts/bundle-split.ts). */
export const BUNDLE_ENTRY = "cli.js";
/** Written last by the build: the fingerprint of the sources the bundle was built from, the folders' times, then the files it wrote. */
export const FINGERPRINT_FILE = "fingerprint";
/** Ends the folders' times in FINGERPRINT_FILE; the names of the built files follow, one a line. */
const BUILT_FILES = "built files:\n";
/** Ends the sources' fingerprint in FINGERPRINT_FILE; the folders' modification times follow, one a line. */
const FOLDERS = "folders:\n";
/**
 * A folder's time is recorded only when it was last changed at least this long before the fingerprint was taken: file
 * times are kept at a clock tick's grain, so a file added or removed later never leaves its folder's time as recorded.
 */
export const SETTLED_MS = 2_000;
/** The folders whose files make up the sources (tests aside), under the package root. */
const SOURCE_FOLDERS = ["lib", "bin"];

/** FINGERPRINT_FILE's text: the sources' fingerprint, the folders' times (folderTimes; "" for none), then every file the build wrote under BUNDLE_DIR. */
export function bundleRecord(fingerprint: string, builtFiles: readonly string[], folders = ""): string {
  return `${fingerprint}${FOLDERS}${folders}${BUILT_FILES}${builtFiles.map((f) => `${f}\n`).join("")}`;
}

/** The files whose change makes a bundle stale: the code under lib/ and bin/ (tests aside) and the dependency manifests. */
function sourceFiles(root: string): string[] {
  const files = ["package.json", "package-lock.json"];
  for (const dir of SOURCE_FOLDERS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith(".test.ts")) continue;
      files.push(join(entry.parentPath.slice(root.length + 1), entry.name));
    }
  }
  return files.sort();
}

/**
 * Path, size and modification time of every source file (`files`, by default those on disk now), Bun's version and the
 * root itself (the bundle names its modules' own paths, so a moved checkout needs a new one): cheap to compute on every start.
 */
export function sourceFingerprint(root: string, files: readonly string[] = sourceFiles(root)): string {
  let text = `bun ${Bun.version}\nroot ${root}\n`;
  // root is absolute and each file a plain relative path: joined by "/" as join() would
  for (const file of files) {
    try {
      const s = statSync(`${root}/${file}`);
      text += `${file} ${s.size} ${s.mtimeMs}\n`;
    } catch {
      text += `${file} missing\n`;
    }
  }
  return text;
}

/**
 * The modification time of lib/, bin/ and every folder under them, one `path time` a line: a file added, removed or
 * renamed in a folder changes that folder's time. "" when one was changed less than SETTLED_MS before `takenAtMs`.
 */
export function folderTimes(root: string, takenAtMs: number): string {
  const folders = [...SOURCE_FOLDERS];
  for (const dir of SOURCE_FOLDERS) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isDirectory()) folders.push(join(entry.parentPath.slice(root.length + 1), entry.name));
    }
  }
  let lines = "";
  for (const folder of folders.sort()) {
    const time = statSync(join(root, folder)).mtimeMs;
    if (!(time <= takenAtMs - SETTLED_MS)) return "";
    lines += `${folder} ${time}\n`;
  }
  return lines;
}

/** Whether every folder recorded by folderTimes still has its time: then the source files are the ones the fingerprint names. */
function foldersUnchanged(root: string, recorded: string): boolean {
  if (recorded === "") return false;
  for (const line of recorded.split("\n")) {
    if (line === "") continue;
    const space = line.lastIndexOf(" ");
    let time: number;
    try {
      time = statSync(`${root}/${line.slice(0, space)}`).mtimeMs;
    } catch {
      return false;
    }
    if (`${time}` !== line.slice(space + 1)) return false;
  }
  return true;
}

/** The file names a fingerprint lists, in its order (after Bun's version and the root; each line `name size time` or `name missing`). */
function fingerprintFiles(fingerprint: string): string[] {
  const files: string[] = [];
  for (const line of fingerprint.split("\n").slice(2)) {
    if (line === "") continue;
    const last = line.lastIndexOf(" ");
    files.push(line.endsWith(" missing") ? line.slice(0, last) : line.slice(0, line.lastIndexOf(" ", last - 1)));
  }
  return files;
}

/**
 * The bundle's entry when the bundle was built from exactly the sources now under root and every file it wrote is there;
 * undefined otherwise. While no folder's time changed since the build, the files are those the fingerprint names and
 * only they are looked at (`trustFolders`: false always lists the folders, as tests compare).
 */
export function currentBundle(root: string, trustFolders = true): string | undefined {
  let stored: string;
  try {
    stored = readFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), "utf8");
  } catch {
    return undefined;
  }
  const folders = stored.indexOf(`\n${FOLDERS}`) + 1;
  const built = stored.indexOf(`\n${BUILT_FILES}`, folders) + 1;
  if (folders === 0 || built === 0) return undefined;
  const fingerprint = stored.slice(0, folders);
  const files = trustFolders && foldersUnchanged(root, stored.slice(folders + FOLDERS.length, built)) ? fingerprintFiles(fingerprint) : undefined;
  if (fingerprint !== sourceFingerprint(root, files)) return undefined;
  // A built file gone (deleted by hand, a partial copy) would fail only when its lazy import runs: the sources run instead.
  for (const file of stored.slice(built + BUILT_FILES.length).split("\n")) {
    if (file !== "" && !existsSync(join(root, BUNDLE_DIR, file))) return undefined;
  }
  return join(root, BUNDLE_DIR, BUNDLE_ENTRY);
}

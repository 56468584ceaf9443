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

/** FINGERPRINT_FILE's text: the sources' fingerprint, then every file the build wrote under BUNDLE_DIR. */
export function bundleRecord(fingerprint: string, builtFiles: readonly string[]): string {
  return `${fingerprint}${BUILT_FILES}${builtFiles.map((f) => `${f}\n`).join("")}`;
}

/** The files whose change makes a bundle stale: the code under lib/ and bin/ (tests aside) and the dependency manifests. */
function sourceFiles(root: string): string[] {
  const files = ["package.json", "package-lock.json"];
  for (const dir of ["lib", "bin"]) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.name.endsWith(".test.ts")) continue;
      files.push(join(entry.parentPath.slice(root.length + 1), entry.name));
    }
  }
  return files.sort();
}

/**
 * Path, size and modification time of every source file, Bun's version and the root itself (the bundle names its
 * modules' own paths, so a moved checkout needs a new one): cheap to compute on every start.
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

/** The bundle's entry when the bundle was built from exactly the sources now under root and every file it wrote is there; undefined otherwise. */
export function currentBundle(root: string): string | undefined {
  let stored: string;
  try {
    stored = readFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), "utf8");
  } catch {
    return undefined;
  }
  const split = stored.indexOf(`\n${BUILT_FILES}`) + 1;
  if (split === 0 || stored.slice(0, split) !== sourceFingerprint(root)) return undefined;
  // A built file gone (deleted by hand, a partial copy) would fail only when its lazy import runs: the sources run instead.
  for (const file of stored.slice(split + BUILT_FILES.length).split("\n")) {
    if (file !== "" && !existsSync(join(root, BUNDLE_DIR, file))) return undefined;
  }
  return join(root, BUNDLE_DIR, BUNDLE_ENTRY);
}

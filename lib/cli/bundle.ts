// Decides which code a start runs: the prebuilt bundle (.bundle/) only while it matches the sources it was built from, else the sources.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** Where scripts/build-bundle.ts writes the bundle, under the package root. */
export const BUNDLE_DIR = ".bundle";
/** The bundle's entry: lib/cli.ts and every module it imports, as one CommonJS module (its bytecode beside it). */
export const BUNDLE_ENTRY = "cli.js";
/** Written last by the build: the fingerprint of the sources the bundle was built from. */
export const FINGERPRINT_FILE = "fingerprint";

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

/** The bundle's entry when the bundle was built from exactly the sources now under root; undefined otherwise. */
export function currentBundle(root: string): string | undefined {
  let stored: string;
  try {
    stored = readFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), "utf8");
  } catch {
    return undefined;
  }
  return stored === sourceFingerprint(root) ? join(root, BUNDLE_DIR, BUNDLE_ENTRY) : undefined;
}

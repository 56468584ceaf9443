// Tests of the bundle's freshness check: current only while every source file is as it was at build time.
import { describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLE_DIR, BUNDLE_ENTRY, bundleRecord, currentBundle, FINGERPRINT_FILE, recordedTreeUnchanged, sourceDirectories, sourceFingerprint } from "./bundle.ts";
import { tempDir } from "../../test/helpers/cli.ts";

/** A package tree with a few sources and a bundle built from them (its fingerprint written). */
function builtTree(): string {
  const root = tempDir("scenario-bundle-");
  for (const dir of ["lib/cli", "bin", BUNDLE_DIR]) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, "package.json"), "{}\n");
  writeFileSync(join(root, "package-lock.json"), "{}\n");
  writeFileSync(join(root, "lib/cli.ts"), "export const a = 1;\n");
  writeFileSync(join(root, "lib/cli/args.ts"), "export const b = 2;\n");
  writeFileSync(join(root, "lib/cli/args.test.ts"), "// a test\n");
  writeFileSync(join(root, "bin/scenario.ts"), "// entry\n");
  writeFileSync(join(root, BUNDLE_DIR, BUNDLE_ENTRY), "// bundle\n");
  writeFileSync(join(root, BUNDLE_DIR, "vendor-x.js"), "// a package built apart\n");
  writeFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), bundleRecord(sourceFingerprint(root), [BUNDLE_ENTRY, "vendor-x.js"], sourceDirectories(root)));
  return root;
}

/** A directory's time made to differ from the recorded one (a change within the same clock tick would keep it). */
function touchedLater(path: string): void {
  const later = new Date(Date.now() + 60_000);
  utimesSync(path, later, later);
}

describe("currentBundle", () => {
  test("the bundle runs while the sources are those it was built from", () => {
    const root = builtTree();
    expect(currentBundle(root)).toBe(join(root, BUNDLE_DIR, BUNDLE_ENTRY));
  });

  test("no fingerprint (never built, or a build that failed): the sources run", () => {
    const root = builtTree();
    rmSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE));
    expect(currentBundle(root)).toBeUndefined();
  });

  test("a file the build wrote is missing (deleted, a partial copy): the sources run", () => {
    const root = builtTree();
    rmSync(join(root, BUNDLE_DIR, "vendor-x.js"));
    expect(currentBundle(root)).toBeUndefined();
  });

  test("a fingerprint without the list of built files (an older build): the sources run", () => {
    const root = builtTree();
    writeFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), sourceFingerprint(root));
    expect(currentBundle(root)).toBeUndefined();
  });

  const changes: [string, (root: string) => void][] = [
    ["a source edited to the same size (only its time differs)", (r) => {
      writeFileSync(join(r, "lib/cli/args.ts"), "export const b = 3;\n");
      utimesSync(join(r, "lib/cli/args.ts"), new Date(), new Date(Date.now() + 5_000));
    }],
    ["a source edited within the same second, to another size", (r) => writeFileSync(join(r, "lib/cli.ts"), "export const a = 10;\n")],
    ["a source added", (r) => writeFileSync(join(r, "lib/cli/new.ts"), "export {};\n")],
    ["a source removed", (r) => rmSync(join(r, "lib/cli/args.ts"))],
    ["the entry edited", (r) => writeFileSync(join(r, "bin/scenario.ts"), "// entry, edited\n")],
    ["the dependencies changed", (r) => writeFileSync(join(r, "package-lock.json"), '{"x": 1}\n')],
  ];
  for (const [name, change] of changes) {
    test(`stale after ${name}: the sources run`, () => {
      const root = builtTree();
      change(root);
      expect(currentBundle(root)).toBeUndefined();
    });
    test(`stale after ${name}, with a record of a build that kept no directory times (the full check alone): the sources run`, () => {
      const root = builtTree();
      writeFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), bundleRecord(sourceFingerprint(root), [BUNDLE_ENTRY, "vendor-x.js"]));
      expect(currentBundle(root)).toBe(join(root, BUNDLE_DIR, BUNDLE_ENTRY));
      change(root);
      expect(currentBundle(root)).toBeUndefined();
    });
  }

  test("stale in a moved checkout (the bundle names its modules' own paths): the sources run", () => {
    const [root, moved] = [builtTree(), builtTree()];
    const fixed = new Date(1_700_000_000_000);
    for (const tree of [root, moved]) for (const file of ["package.json", "package-lock.json", "lib/cli.ts", "lib/cli/args.ts", "bin/scenario.ts"]) utimesSync(join(tree, file), fixed, fixed);
    const withoutRoot = (fingerprint: string) => fingerprint.split("\n").filter((line) => !line.startsWith("root "));
    expect(withoutRoot(sourceFingerprint(moved))).toEqual(withoutRoot(sourceFingerprint(root)));
    writeFileSync(join(moved, BUNDLE_DIR, FINGERPRINT_FILE), bundleRecord(sourceFingerprint(root), [BUNDLE_ENTRY, "vendor-x.js"]));
    expect(currentBundle(moved)).toBeUndefined();
  });

  test("tests are not part of the bundle: editing one leaves it current", () => {
    const root = builtTree();
    writeFileSync(join(root, "lib/cli/args.test.ts"), "// a test, edited at length\n");
    expect(currentBundle(root)).toBe(join(root, BUNDLE_DIR, BUNDLE_ENTRY));
  });

  test("a test added (its directory's time changes, the sources do not): the full check finds them the same and the bundle runs", () => {
    const root = builtTree();
    writeFileSync(join(root, "lib/cli/more.test.ts"), "// another test\n");
    touchedLater(join(root, "lib/cli"));
    expect(currentBundle(root)).toBe(join(root, BUNDLE_DIR, BUNDLE_ENTRY));
  });

  test("a source added in a new directory: stale, though every recorded file is as it was", () => {
    const root = builtTree();
    mkdirSync(join(root, "lib/extra"));
    writeFileSync(join(root, "lib/extra/x.ts"), "export {};\n");
    touchedLater(join(root, "lib"));
    expect(currentBundle(root)).toBeUndefined();
  });

  test("the fingerprint names Bun's version (a bundle is built for one runtime)", () => {
    expect(sourceFingerprint(builtTree())).toStartWith(`bun ${Bun.version}\n`);
  });
});

describe("recordedTreeUnchanged (a start's check without listing the tree)", () => {
  const record = (root: string) => ({ fingerprint: sourceFingerprint(root), directories: sourceDirectories(root) });

  test("current while every recorded file and directory is as it was", () => {
    const root = builtTree();
    const { fingerprint, directories } = record(root);
    expect(recordedTreeUnchanged(root, fingerprint, directories)).toBe("current");
  });

  test("a recorded file edited or removed: stale without the full check", () => {
    const root = builtTree();
    const { fingerprint, directories } = record(root);
    writeFileSync(join(root, "lib/cli/args.ts"), "export const b = 22;\n");
    expect(recordedTreeUnchanged(root, fingerprint, directories)).toBe("stale");
    const other = builtTree();
    const before = record(other);
    rmSync(join(other, "bin/scenario.ts"));
    expect(recordedTreeUnchanged(other, before.fingerprint, before.directories)).toBe("stale");
  });

  test("an entry added to a recorded directory (a file or a directory): not known here, the full check decides", () => {
    const root = builtTree();
    const { fingerprint, directories } = record(root);
    writeFileSync(join(root, "bin/other.ts"), "// another entry\n");
    touchedLater(join(root, "bin"));
    expect(recordedTreeUnchanged(root, fingerprint, directories)).toBe("unknown");
  });

  test("another Bun or another root: stale", () => {
    const root = builtTree();
    const { fingerprint, directories } = record(root);
    expect(recordedTreeUnchanged(root, fingerprint.replace(`bun ${Bun.version}`, "bun 0.0.1"), directories)).toBe("stale");
    expect(recordedTreeUnchanged(builtTree(), fingerprint, directories)).toBe("stale");
  });

  test("a record without directories, or with a file that was missing at build time: not known here", () => {
    const root = builtTree();
    const { fingerprint, directories } = record(root);
    expect(recordedTreeUnchanged(root, fingerprint, undefined)).toBe("unknown");
    rmSync(join(root, "package-lock.json"));
    const without = record(root);
    expect(without.fingerprint).toContain("package-lock.json missing\n");
    expect(recordedTreeUnchanged(root, without.fingerprint, without.directories)).toBe("unknown");
    expect(directories).toContain("lib/cli ");
  });
});

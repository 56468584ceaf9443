// Tests of the bundle's freshness check: current only while every source file is as it was at build time.
import { describe, expect, test } from "bun:test";
import { mkdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLE_DIR, BUNDLE_ENTRY, bundleRecord, currentBundle, FINGERPRINT_FILE, sourceFingerprint } from "./bundle.ts";
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
  writeFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), bundleRecord(sourceFingerprint(root), [BUNDLE_ENTRY, "vendor-x.js"]));
  return root;
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

  test("the fingerprint names Bun's version (a bundle is built for one runtime)", () => {
    expect(sourceFingerprint(builtTree())).toStartWith(`bun ${Bun.version}\n`);
  });
});

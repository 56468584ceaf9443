// Tests of the bundle's freshness check: current only while every source file is as it was at build time.
import { describe, expect, spyOn, test } from "bun:test";
import * as fs from "node:fs";
import { appendFileSync, mkdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BUNDLE_DIR, BUNDLE_ENTRY, bundleRecord, currentBundle, FINGERPRINT_FILE, recordedTreeUnchanged, sourceDirectories, sourceFingerprint, sourceRecord } from "./bundle.ts";
import { agedSourceDirectories, tempDir } from "../../test/helpers/cli.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";

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
  agedSourceDirectories(root);
  writeFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), bundleRecord(sourceFingerprint(root), [BUNDLE_ENTRY, "vendor-x.js"], sourceDirectories(root)));
  return root;
}

/** The bundle's record written as the build writes it (sourceRecord, taken before building). */
function recorded(root: string): void {
  const { fingerprint, directories } = sourceRecord(root);
  writeFileSync(join(root, BUNDLE_DIR, FINGERPRINT_FILE), bundleRecord(fingerprint, [BUNDLE_ENTRY, "vendor-x.js"], directories));
}

/** Runs fn while `path` keeps its modification time to the nanosecond (touch -r), as a change within one tick of a coarse clock would. */
function keepingTime(path: string, fn: () => void): void {
  const ref = join(tempDir("scenario-bundle-ref-"), "ref");
  writeFileSync(ref, "");
  expect(Bun.spawnSync(["touch", "-r", path, ref], SYNC_CHILD_LIMIT).exitCode).toBe(0);
  fn();
  expect(Bun.spawnSync(["touch", "-r", ref, path], SYNC_CHILD_LIMIT).exitCode).toBe(0);
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

describe("the record a build takes (sourceRecord) and what a start makes of it: never current where the full check is not", () => {
  const current = (root: string) => currentBundle(root) !== undefined;

  test("the record holds in its fingerprint every file a directory held when the directory's time was taken: one added just after a listing, then edited, leaves the bundle stale", () => {
    const root = builtTree();
    // The file appears in lib/cli just after the record first lists that directory, the directory's time kept as it was
    // (a coarse clock's tick, or the racy-time rule aside): only the order of the record's takings can make it count.
    const realReaddir = fs.readdirSync;
    let added = false;
    const spy = spyOn(fs, "readdirSync").mockImplementation(((...args: Parameters<typeof realReaddir>) => {
      const listed = realReaddir(...args);
      if (!added && String(args[0]).endsWith(join("lib", "cli"))) {
        added = true;
        keepingTime(join(root, "lib/cli"), () => writeFileSync(join(root, "lib/cli/late.ts"), "export const late = 1;\n"));
      }
      return listed;
    }) as typeof realReaddir);
    try {
      recorded(root);
    } finally {
      spy.mockRestore();
    }
    expect(added).toBe(true);
    appendFileSync(join(root, "lib/cli/late.ts"), "export const later = 2;\n");
    expect(current(root)).toBe(false);
  });

  test("a directory modified within the clock's grain before the record, or stamped later, keeps no time (a change in the same tick could leave it as it was): an entry added so is found", () => {
    const root = builtTree();
    writeFileSync(join(root, "lib/cli/fresh.ts"), "export {};\n");
    // lib/cli's time made to lie past the record's: however long this machine stalls before the record, it stays within the grain.
    const later = new Date(Date.now() + 3_600_000);
    utimesSync(join(root, "lib/cli"), later, later);
    recorded(root);
    expect(current(root)).toBe(true);
    keepingTime(join(root, "lib/cli"), () => writeFileSync(join(root, "lib/cli/same-tick.ts"), "export {};\n"));
    expect(current(root)).toBe(false);
    expect(sourceRecord(root).directories).toBeUndefined();
  });

  test("directories an hour old keep their times, and the start looks only at the recorded files", () => {
    const root = builtTree();
    recorded(root);
    expect(sourceRecord(root).directories).toContain("lib/cli ");
    expect(current(root)).toBe(true);
  });

  test("a source that is a symbolic link: its target edited, the bundle is stale", () => {
    const root = builtTree();
    const outside = tempDir("scenario-bundle-outside-");
    writeFileSync(join(outside, "linked.ts"), "export const linked = 1;\n");
    symlinkSync(join(outside, "linked.ts"), join(root, "lib/cli/linked.ts"));
    agedSourceDirectories(root);
    recorded(root);
    expect(current(root)).toBe(true);
    appendFileSync(join(outside, "linked.ts"), "export const more = 2;\n");
    expect(current(root)).toBe(false);
  });

  test("a directory that is a symbolic link: a source in it edited or added, the bundle is stale", () => {
    const root = builtTree();
    const outside = tempDir("scenario-bundle-outside-");
    writeFileSync(join(outside, "x.ts"), "export const x = 1;\n");
    symlinkSync(outside, join(root, "lib/linked"));
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(outside, hourAgo, hourAgo);
    agedSourceDirectories(root);
    recorded(root);
    expect(current(root)).toBe(true);
    appendFileSync(join(outside, "x.ts"), "export const more = 2;\n");
    expect(current(root)).toBe(false);
    recorded(root);
    expect(current(root)).toBe(true);
    writeFileSync(join(outside, "y.ts"), "export const y = 1;\n");
    expect(current(root)).toBe(false);
  });

  test("links that loop (back into lib/, or to their own directory) are walked once: the fingerprint lists each file once", () => {
    const root = builtTree();
    const outside = tempDir("scenario-bundle-outside-");
    writeFileSync(join(outside, "x.ts"), "export const x = 1;\n");
    symlinkSync(outside, join(outside, "self"));
    symlinkSync(outside, join(root, "lib/linked"));
    symlinkSync(join(root, "lib"), join(root, "lib/cli/up"));
    const files = sourceFingerprint(root).split("\n").slice(2).map((line) => line.split(" ")[0]).filter(Boolean);
    expect(files).toEqual(["bin/scenario.ts", "lib/cli.ts", "lib/cli/args.ts", "lib/linked/x.ts", "package-lock.json", "package.json"]);
  });

  test("a symbolic link whose target is missing at build time, then made: the bundle is stale", () => {
    const root = builtTree();
    const outside = tempDir("scenario-bundle-outside-");
    symlinkSync(join(outside, "later.ts"), join(root, "lib/cli/later.ts"));
    agedSourceDirectories(root);
    recorded(root);
    expect(current(root)).toBe(true);
    writeFileSync(join(outside, "later.ts"), "export const later = 1;\n");
    expect(current(root)).toBe(false);
  });
});

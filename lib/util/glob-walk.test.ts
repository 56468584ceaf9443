// The glob walk: links to files and directories followed, loops (also between two directories) cut, dangling links noted, dot entries left out.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bashBraces, braceWords, describeSkipped, MAX_BRACE_WORDS, splitPattern, splitThroughUp, uniqueFiles, walkGlob } from "./glob-walk.ts";

let root = "";
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "glob-walk-"));
  for (const f of ["a/x.log", "a/.hidden.log", "a/deep/y.log", "b/z.log", ".dot/w.log", ".dot/.h.log"]) {
    mkdirSync(join(root, f, ".."), { recursive: true });
    writeFileSync(join(root, f), "x\n");
  }
  symlinkSync("../b", join(root, "a/to-b"));
  symlinkSync("../a", join(root, "b/to-a"));
  symlinkSync("self.log", join(root, "a/self.log"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const rels = async (pattern: string) => uniqueFiles((await walkGlob(root, pattern)).hits).map((h) => h.rel).sort();

describe("walkGlob", () => {
  test("two directories linking to each other end, each real file once", async () => {
    expect(await rels("**/*.log")).toEqual(["a/deep/y.log", "a/x.log", "b/z.log"]);
    const { skipped } = await walkGlob(root, "**/*.log");
    expect(skipped.map((s) => [s.rel, s.reason]).sort()).toEqual([["a/self.log", "link loop"], ["a/to-b/to-a", "loop"], ["b/to-a/to-b", "loop"]]);
  });

  test("a link to a directory is followed where the glob reaches it", async () => {
    expect(await rels("a/to-b/*.log")).toEqual(["a/to-b/z.log"]);
  });

  test("without ** the walk enters only directories the pattern names", async () => {
    expect(await rels("*/*.log")).toEqual(["a/x.log", "b/z.log"]);
  });

  test("dot entries only when the pattern names them", async () => {
    expect(await rels(".dot/*.log")).toEqual([".dot/w.log"]);
  });

  test("a dot entry named in a brace alternative is seen there, as bash expands it; a * beside it still skips dot files", async () => {
    expect(await rels("{.dot,a}/*.log")).toEqual([".dot/w.log", "a/x.log"]);
    expect(await rels("{a,.dot}/*.log")).toEqual([".dot/w.log", "a/x.log"]);
    // bash: `.dot/*.log` lists no `.dot/.h.log`, and `a/*.log` no `a/.hidden.log`.
    expect(await rels("a/*.log")).toEqual(["a/x.log"]);
    // With ** after the brace: the dot folder is seen at its level only, hidden entries below it are not.
    expect(await rels("{.dot,a}/**/*.log")).toEqual([".dot/w.log", "a/deep/y.log", "a/to-b/z.log", "a/x.log"]);
  });

  test("a ! that starts a name is a character of the name, as in bash, not Bun's 'everything but'", async () => {
    // Matched a level at a time, `bang/!missing.log` found bang/other.log (and a not_contains passed on it).
    const dir = mkdtempSync(join(tmpdir(), "glob-walk-bang-"));
    try {
      for (const f of ["bang/!keep.log", "bang/other.log", "!dir/in.log", "plain/in.log"]) {
        mkdirSync(join(dir, f, ".."), { recursive: true });
        writeFileSync(join(dir, f), "x\n");
      }
      const found = async (pattern: string) => uniqueFiles((await walkGlob(dir, pattern)).hits).map((h) => h.rel).sort();
      expect(await found("bang/!missing.log")).toEqual([]);
      expect(await found("bang/!keep.log")).toEqual(["bang/!keep.log"]);
      expect(await found("!dir/*.log")).toEqual(["!dir/in.log"]);
      expect(await found("!*/*.log")).toEqual(["!dir/in.log"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a link to itself, or links leading to each other, is told as a loop of links (ELOOP), not as dangling", async () => {
    const dir = mkdtempSync(join(tmpdir(), "glob-walk-eloop-"));
    try {
      mkdirSync(join(dir, "old"));
      symlinkSync("loopdir", join(dir, "old/loopdir"));
      symlinkSync("pong", join(dir, "old/ping"));
      symlinkSync("ping", join(dir, "old/pong"));
      symlinkSync("nothere", join(dir, "old/gone"));
      const { skipped } = await walkGlob(dir, "old/*");
      expect(describeSkipped(skipped).split("\n")).toEqual([
        "old/gone -> nothere (dangling: the target does not exist)",
        "old/loopdir -> loopdir (a loop of links: too many levels of symbolic links (ELOOP); not followed)",
        "old/ping -> pong (a loop of links: too many levels of symbolic links (ELOOP); not followed)",
        "old/pong -> ping (a loop of links: too many levels of symbolic links (ELOOP); not followed)",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("bashBraces escapes the brace groups bash leaves as text, and reads the same when given again", () => {
    const cases: [string, string][] = [
      ["{tmp}.log", "\\{tmp\\}.log"],
      ["{}", "\\{\\}"],
      ["{a,b}", "{a,b}"],
      ["{1..3}", "{1..3}"],
      ["{a..c..2}", "{a..c..2}"],
      ["{1..a}", "\\{1..a\\}"],
      ["{{a,b}}", "\\{{a,b}\\}"],
      ["{a,{b}}", "{a,\\{b\\}}"],
      ["{a,b}}", "{a,b}\\}"],
      ["x{a,b", "x\\{a,b"],
      ["{a\\,b}", "\\{a\\,b\\}"],
      ["\\{a,b}", "\\{a,b\\}"],
      ["*.jsonl{,.gz}", "*.jsonl{,.gz}"],
    ];
    for (const [given, read] of cases) {
      expect([given, bashBraces(given)]).toEqual([given, read]);
      expect(bashBraces(read)).toBe(read);
    }
  });

  test("braceWords expands the braces before a .. as bash does (echo PATTERN), and leaves every other pattern as it is", () => {
    const cases: [string, string[]][] = [
      ["logs/{latest,hop}/../archive/*.jsonl", ["logs/latest/../archive/*.jsonl", "logs/hop/../archive/*.jsonl"]],
      // Nested groups, a group in a literal one, sequences (zero-padded as bash pads them), a step.
      ["logs/{lat{e,x}st,hop}/../a", ["logs/latest/../a", "logs/latxst/../a", "logs/hop/../a"]],
      ["{{a,b}}/../x", ["{a}/../x", "{b}/../x"]],
      ["x{{a,b},}/../y", ["xa/../y", "xb/../y", "x/../y"]],
      ["r{08..10}/../x", ["r08/../x", "r09/../x", "r10/../x"]],
      ["r{-01..1}/../x", ["r-01/../x", "r000/../x", "r001/../x"]],
      ["{e..a..2}/../x", ["e/../x", "c/../x", "a/../x"]],
      // Text, as bash leaves it: no comma of its own, unmatched, escaped.
      ["{logs}/latest/../x", ["{logs}/latest/../x"]],
      ["logs/{latest/../x", ["logs/{latest/../x"]],
      ["logs/\\{a,b\\}/../x", ["logs/\\{a,b\\}/../x"]],
      ["logs/{a\\,b}/../x", ["logs/{a\\,b}/../x"]],
      // A group that makes the `..` itself, or holds it.
      ["logs/{x,..}/a.log", ["logs/x/a.log", "logs/../a.log"]],
      ["logs/.{.,x}/a.log", ["logs/../a.log", "logs/.x/a.log"]],
      // Groups after the last `..` are the walk's, and a pattern without a `..` is itself.
      ["logs/{a,b}/../x/*.{log,gz}", ["logs/a/../x/*.{log,gz}", "logs/b/../x/*.{log,gz}"]],
      ["../logs/{1..3}.log", ["../logs/{1..3}.log"]],
      ["logs/**/*.jsonl{,.gz}", ["logs/**/*.jsonl{,.gz}"]],
      ["logs/{a,b}/x.log", ["logs/{a,b}/x.log"]],
    ];
    for (const [given, words] of cases) expect([given, braceWords(given)]).toEqual([given, { words, more: false }]);
    const many = braceWords("r{1..300}/../x");
    expect([many.words.length, many.more]).toEqual([MAX_BRACE_WORDS, true]);
  });

  test.skipIf(Bun.which("bash") === null)("the same words as bash's brace expansion", () => {
    const bash = Bun.which("bash")!;
    for (const given of ["logs/{lat{e,x}st,hop}/../a", "x{{a,b},}/../y", "r{-01..1}/../x", "{e..a..2}/../x", "{logs}/l/../x", "l/{a/../x", "l/\\{a,b\\}/../x", "l/.{.,x}/a"]) {
      const out = Bun.spawnSync([bash, "-c", `printf '%s\\n' ${given}`]).stdout.toString().trimEnd().split("\n");
      // bash takes out the escapes after expanding: the words keep them for the glob.
      expect([given, braceWords(given).words.map((w) => w.replace(/\\(.)/g, "$1"))]).toEqual([given, out]);
    }
  });

  test("splitThroughUp: the names up to the last .. (a brace bash leaves as text, an escape taken out), then the fixed parts after it", () => {
    expect(splitThroughUp("{logs}/latest/../archive/*.jsonl")).toEqual({ base: "{logs}/latest/../archive", rest: "*.jsonl" });
    expect(splitThroughUp("logs/\\{a,b\\}/../x/**/*.log")).toEqual({ base: "logs/{a,b}/../x", rest: "**/*.log" });
    expect(splitThroughUp("/a/b/../c.log")).toEqual({ base: "/a/b/..", rest: "c.log" });
    expect(splitThroughUp("logs/*/../x.log")).toBeUndefined();
    expect(splitThroughUp("logs/x.log")).toBeUndefined();
  });

  test("a missing directory matches nothing", async () => {
    expect(await walkGlob(join(root, "nope"), "*.log")).toEqual({ hits: [], skipped: [], unreadable: [] });
  });

  test("splitPattern", () => {
    expect(splitPattern("logs/raw/**/*.jsonl")).toEqual({ base: "logs/raw", rest: "**/*.jsonl" });
    expect(splitPattern("/x.log")).toEqual({ base: "/", rest: "x.log" });
  });
});

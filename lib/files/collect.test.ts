// Tests for glob collection: static-base splitting, excludes, braces, missing directories, dedupe and order.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectFiles, excluder, splitPattern } from "./collect.ts";

describe("splitPattern", () => {
  test.each([
    ["logs/raw/**/*.jsonl", "logs/raw", "**/*.jsonl"],
    ["*.log", "", "*.log"],
    ["logs/app.log", "logs", "app.log"],
    ["../logs/demo/*.jsonl", "../logs/demo", "*.jsonl"],
    ["/var/log/*.log", "/var/log", "*.log"],
    ["/x.log", "/", "x.log"],
    ["logs/{a,b}/x.log", "logs", "{a,b}/x.log"],
  ])("%s → base %s, rest %s", (pattern, base, rest) => {
    expect(splitPattern(pattern)).toEqual({ base, rest });
  });
});

describe("excluder", () => {
  test.each([
    [["*.tmp"], "logs/a/x.tmp", true],
    [["*.tmp"], "logs/a/x.log", false],
    [["logs/a/*"], "logs/a/x.log", true],
    [["logs/a/*"], "logs/b/x.log", false],
    [["./logs/**/debug*"], "logs/z/debug.log", true],
    // A folder a pattern matches is left out whole, by name anywhere or by path, as an unreadable one is.
    [["private"], "logs/private/leak.log", true],
    [["private"], "private/a/b.log", true],
    [["private"], "logs/privateer/x.log", false],
    [["logs/private"], "logs/private/a/leak.log", true],
    [["logs/private"], "other/logs/private/x.log", false],
    [["*.d"], "conf.d/x.conf", true],
    // The `..` of a glob leading out of the scenario's folder is no name: ".*" and "?." left out every file under it.
    [[".*"], "../ex/logs/api/a.log", false],
    [["?."], "../../ex/a.log", false],
    [[".*"], "../ex/logs/.hidden/a.log", true],
    [["../ex/logs/api"], "../ex/logs/api/a.log", true],
    // A leading ! is a character of the name (Bun's matcher read it as "everything but": `!important.log` left out all
    // the other files).
    [["!important.log"], "logs/other.log", false],
    [["!important.log"], "logs/!important.log", true],
    [["logs/!x/*"], "logs/!x/a.log", true],
    [["!logs/**"], "logs/a.log", false],
  ])("%j excludes %s: %p", (patterns, rel, excluded) => {
    expect(excluder(patterns)(rel)).toBe(excluded);
  });

  test("a name pattern matches the folders the glob walked, not those of its fixed start (an absolute glob outside root)", () => {
    const fixed = "../../data/t3/logs/";
    expect(excluder(["t3"])(`${fixed}api/a.log`, fixed.length)).toBe(false);
    expect(excluder([".*"])(`../../data/.dot/logs/a.log`, "../../data/.dot/logs/".length)).toBe(false);
    expect(excluder(["t3"])(`${fixed}t3/a.log`, fixed.length)).toBe(true);
    expect(excluder(["*.log"])(`${fixed}api/a.log`, fixed.length)).toBe(true);
    // A pattern with "/" still matches the path from root, fixed start included.
    expect(excluder(["../../data/t3/logs/api"])(`${fixed}api/a.log`, fixed.length)).toBe(true);
  });
});

describe("collectFiles", () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "collect-"));
    for (const f of ["logs/raw/a/1.jsonl", "logs/raw/a/2.jsonl.gz", "logs/raw/b/3.jsonl", "logs/raw/b/skip.tmp", "logs/raw/.hidden.jsonl", "logs/summary/s.csv", "top.log", "br/x"]) {
      mkdirSync(join(root, f, ".."), { recursive: true });
      writeFileSync(join(root, f), "x\n");
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const rels = async (patterns: string[], exclude: string[] = []) => (await collectFiles(root, patterns, exclude)).files.map((f) => f.rel);

  test("** with an optional .gz suffix, sorted, dotfiles left out", async () => {
    expect(await rels(["logs/raw/**/*.jsonl{,.gz}"])).toEqual(["logs/raw/a/1.jsonl", "logs/raw/a/2.jsonl.gz", "logs/raw/b/3.jsonl"]);
  });
  test("several globs are merged without duplicates", async () => {
    expect(await rels(["logs/raw/a/*", "logs/raw/**/1.jsonl", "*.log"])).toEqual(["logs/raw/a/1.jsonl", "logs/raw/a/2.jsonl.gz", "top.log"]);
  });
  test("exclude by base name and by path", async () => {
    expect(await rels(["logs/raw/**/*"], ["*.tmp", "logs/raw/a/*.gz"])).toEqual(["logs/raw/a/1.jsonl", "logs/raw/b/3.jsonl"]);
  });
  test("exclude by a folder's name or path leaves out every file under it", async () => {
    expect(await rels(["logs/**/*"], ["b"])).toEqual(["logs/raw/a/1.jsonl", "logs/raw/a/2.jsonl.gz", "logs/summary/s.csv"]);
    expect(await rels(["logs/**/*"], ["logs/raw"])).toEqual(["logs/summary/s.csv"]);
  });
  test("an absolute exclude leaves out the files and folders it names, under an absolute or a relative glob", async () => {
    const abs = (await collectFiles(root, [join(root, "logs/**/*")], [join(root, "logs/raw/b/*"), join(root, "logs/summary")])).files.map((f) => f.rel);
    expect(abs).toEqual([join(root, "logs/raw/a/1.jsonl"), join(root, "logs/raw/a/2.jsonl.gz")]);
    expect(await rels(["logs/**/*"], [join(root, "logs/raw/**")])).toEqual(["logs/summary/s.csv"]);
    expect(await rels(["logs/**/*"], ["/elsewhere/logs/**"])).toEqual(["logs/raw/a/1.jsonl", "logs/raw/a/2.jsonl.gz", "logs/raw/b/3.jsonl", "logs/raw/b/skip.tmp", "logs/summary/s.csv"]);
  });
  test("a directory that does not exist matches nothing", async () => {
    expect(await rels(["logs/nope/**/*.jsonl", "nope.log"])).toEqual([]);
  });
  test("absolute patterns report absolute paths; names are base names", async () => {
    const { files } = await collectFiles("/", [join(root, "logs/summary/*.csv")], []);
    expect(files).toEqual([{ abs: join(root, "logs/summary/s.csv"), rel: join(root, "logs/summary/s.csv"), name: "s.csv", stat: { size: 2, mtimeMs: expect.any(Number) } }]);
  });
  test("a brace group bash leaves as it is ({x}, {}, {1..a}: no comma, no sequence) is literal text; {a,b}, {1..2}, nested groups and escapes expand as before", async () => {
    // Each expectation is what `shopt -s globstar nullglob; ls -d PATTERN` gives in bash over these files.
    const names = ["{tmp}.log", "tmp.log", "{}.log", "a.log", "b.log", "{a}.log", "{a,b}.log", "1.log", "2.log", "{1..a}.log", "{xa}.log", "xa.log", "a}.log", "{1..2}.log"];
    for (const n of names) writeFileSync(join(root, "br", n), "x\n", { flag: "w" });
    const br = async (p: string) => (await rels([`br/${p}`])).map((r) => r.slice(3));
    expect(await br("{tmp}.log")).toEqual(["{tmp}.log"]);
    expect(await br("{}.log")).toEqual(["{}.log"]);
    expect(await br("{tmp}*")).toEqual(["{tmp}.log"]);
    expect(await br("*{tmp}*")).toEqual(["{tmp}.log"]);
    expect(await rels(["**/{tmp}.log"])).toEqual(["br/{tmp}.log"]);
    expect(await br("{1..a}.log")).toEqual(["{1..a}.log"]);
    expect(await br("{a,b}.log")).toEqual(["a.log", "b.log"]);
    expect(await br("{1..2}.log")).toEqual(["1.log", "2.log"]);
    expect(await br("{{a,b}}.log")).toEqual(["{a}.log"]);
    expect(await br("{x{a,b}}.log")).toEqual(["{xa}.log"]);
    expect(await br("{a,{tmp}}.log")).toEqual(["a.log", "{tmp}.log"]);
    expect(await br("{a,b}}.log")).toEqual(["a}.log"]);
    expect(await br("\\{tmp\\}.log")).toEqual(["{tmp}.log"]);
    expect(await br("{a\\,b}.log")).toEqual(["{a,b}.log"]);
    // exclude reads braces so too.
    expect(await rels(["br/*.log"], ["{tmp}.log", "{a,b}.log"])).toEqual(["br/1.log", "br/2.log", "br/a}.log", "br/tmp.log", "br/xa.log", "br/{1..2}.log", "br/{1..a}.log", "br/{a,b}.log", "br/{a}.log", "br/{xa}.log", "br/{}.log"]);
  });
  test("patterns climbing out of root stay relative", async () => {
    expect((await collectFiles(join(root, "logs/raw"), ["../summary/*.csv"], [])).files.map((f) => f.rel)).toEqual(["../summary/s.csv"]);
  });
});

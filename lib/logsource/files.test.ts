// Expanding a `files:` map: globs relative to the scenario, `{label}` captures, static labels, `filename`.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileFileGlob, expandFiles, filesMapErrors } from "./files.ts";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "logsource-files-"));
  for (const f of ["logs/vllm/x.log", "logs/vllm/y.log.gz", "logs/api/a.log", "logs/api/old/b.log", "other/z.txt"]) {
    await mkdir(join(dir, f, ".."), { recursive: true });
    await writeFile(join(dir, f), "x\n");
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("compileFileGlob", () => {
  test.each([
    ["logs/{service}/*.log", "logs/*/*.log", "logs/vllm/x.log", { service: "vllm" }],
    ["logs/app-{service}.log", "logs/app-*.log", "logs/app-api.log", { service: "api" }],
    ["logs/**/*.log", "logs/**/*.log", "logs/a/b/c.log", {}],
    ["logs/**/*.log", "logs/**/*.log", "logs/c.log", {}],
    ["logs/*.{log,txt}", "logs/*.{log,txt}", "logs/c.txt", {}],
    // Each brace alternative is a glob: an escaped bracket is itself, a * a wildcard (both were literal text).
    ["logs/{server,req-\\[7\\]}.log", "logs/{server,req-\\[7\\]}.log", "logs/req-[7].log", {}],
    ["logs/{a*,b?}.log", "logs/{a*,b?}.log", "logs/axyz.log", {}],
    ["logs/{x,[!a]z}.log", "logs/{x,[!a]z}.log", "logs/bz.log", {}],
    // Nested groups, as Bun's glob reads them (the first `}` ended the group: "matches no file").
    ["logs/{server.log,{a*,nomatch}.log}", "logs/{server.log,{a*,nomatch}.log}", "logs/alpha.log", {}],
    ["logs/{server.log,{a*,nomatch}.log}", "logs/{server.log,{a*,nomatch}.log}", "logs/server.log", {}],
    ["logs/{a\\,b,c}.log", "logs/{a\\,b,c}.log", "logs/a,b.log", {}],
  ])("%s", (pattern, glob, path, groups) => {
    const c = compileFileGlob(pattern);
    expect(c.glob).toBe(glob);
    expect(c.regex.test(path)).toBe(true);
    expect({ ...c.regex.exec(path)?.groups }).toEqual(groups);
  });
});

describe("expandFiles", () => {
  test("a {label} segment becomes a label, plus the static labels and filename", async () => {
    const { files } = await expandFiles({ "logs/{service}/*.log*": { env: "ci" } }, dir);
    expect(files.map((f) => f.labels)).toEqual([
      { env: "ci", service: "api", filename: "logs/api/a.log" },
      { env: "ci", service: "vllm", filename: "logs/vllm/x.log" },
      { env: "ci", service: "vllm", filename: "logs/vllm/y.log.gz" },
    ]);
    expect(files[0]!.path).toBe(join(dir, "logs/api/a.log"));
  });

  test("a file matched by two globs belongs to the first", async () => {
    const { files } = await expandFiles({ "logs/api/*.log": { team: "a" }, "logs/**/*.log": { team: "b" } }, dir);
    expect(files.map((f) => [f.labels.filename, f.labels.team])).toEqual([
      ["logs/api/a.log", "a"],
      ["logs/api/old/b.log", "b"],
      ["logs/vllm/x.log", "b"],
    ]);
  });

  test("absolute globs work; filename stays relative to the scenario when inside it, else absolute", async () => {
    const { files: inside } = await expandFiles({ [join(dir, "logs/api/*.log")]: {} }, dir);
    expect(inside.map((f) => f.labels.filename)).toEqual(["logs/api/a.log"]);
    const { files: outside } = await expandFiles({ [join(dir, "other/*.txt")]: {} }, join(dir, "logs"));
    expect(outside.map((f) => f.labels.filename)).toEqual([join(dir, "other/z.txt")]);
  });

  test("an aborted signal stops the expansion", async () => {
    const ac = new AbortController();
    ac.abort(new Error("interrupted"));
    await expect(expandFiles({ "logs/**/*.log": {} }, dir, ac.signal)).rejects.toThrow("interrupted");
  });

  test("a folder whose name is not UTF-8 is a place files cannot be seen: the expansion fails naming it", async () => {
    // Its name decoded with U+FFFD opened nothing, and it was taken for one removed while walking: its logs left out unsaid.
    const own = await mkdtemp(join(tmpdir(), "logsource-latin1-"));
    const base = join(own, "latin1");
    await mkdir(Buffer.concat([Buffer.from(`${base}/`), Buffer.from("r\u00e9sum\u00e9", "latin1")]), { recursive: true });
    await writeFile(Buffer.concat([Buffer.from(`${base}/`), Buffer.from("r\u00e9sum\u00e9/b.log", "latin1")]), "boom\n");
    await writeFile(join(base, "a.log"), "x\n");
    try {
      await expect(expandFiles({ "latin1/**/*.log": {} }, own)).rejects.toThrow("latin1/r\uFFFDsum\uFFFD: not looked at: its name is not UTF-8 (r\\xe9sum\\xe9), so it cannot be opened by name");
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  test("a brace alternative with an escaped name finds its file; a file the walk finds that the labels' pattern does not fit is no match (it was read as none, silently)", async () => {
    const own = await mkdtemp(join(tmpdir(), "logsource-files-brace-"));
    try {
      await writeFile(join(own, "req-[7].log"), "x\n");
      await writeFile(join(own, "app-.log"), "x\n");
      const { files } = await expandFiles({ "{req-\\[7\\],zzz}.log": {} }, own);
      expect(files.map((f) => f.labels.filename)).toEqual(["req-[7].log"]);
      // `{service}` is `*` to the walk and one or more characters to the labels: app-.log has no service.
      await expect(expandFiles({ "app-{service}.log": {} }, own)).rejects.toThrow('"app-{service}.log" matches no file');
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });

  test("a glob that matches no file is an error saying what the nearest existing directory holds", async () => {
    await expect(expandFiles({ "nothing/*.log": {} }, dir)).rejects.toThrow('"nothing/*.log" matches no file: nothing does not exist; the nearest existing directory, ., holds: logs/, other/');
    await expect(expandFiles({ "logs/api/*.txt": {}, "logs/vllm/*.log": {} }, dir)).rejects.toThrow(/^"logs\/api\/\*\.txt" matches no file; logs\/api holds: a\.log, old\/$/);
  });
});

describe("filesMapErrors", () => {
  test.each([
    [{ "a/*.log": { env: "ci" } }, []],
    [{}, ["`files` needs at least one glob"]],
    [{ "a/*.log": { "bad-name": "x" } }, [/invalid label name "bad-name"/]],
    [{ "a/*.log": { __x: "x" } }, [/reserved/]],
    [{ "{s}/{s}.log": {} }, [/captures \{s\} twice/]],
    // Bun's matcher reads a POSIX class as a class of its characters and a ]: app.log.[[:digit:]] found app.log.d].
    [{ "logs/app.log.[[:digit:]]": {} }, ['"logs/app.log.[[:digit:]]": [:digit:] in "[[:digit:]]" is a POSIX class, which this glob does not know (it reads it as a class of its characters and a ]): write "[0-9]"']],
    [{ "logs/\\[:digit:\\].log": {} }, []],
  ] as [Record<string, Record<string, string>>, (string | RegExp)[]][])("%j", (files, want) => {
    const errors = filesMapErrors(files);
    expect(errors.length).toBe(want.length);
    want.forEach((w, i) => expect(errors[i]!).toMatch(w));
  });
});

// One reading of a file, YAML 1.2 core: what Bun's parser reads otherwise is sent to the exact reader; tags no field
// reads and a second `<<:` merge key are refused where written.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { fastParseInBounds, readsOtherwise } from "./fast-parse.ts";
import { loadScenario } from "./load.ts";
import { builtins } from "../vars/scope.ts";
import { REPO, runCli, tempDir } from "../../test/helpers/cli.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";

const dir = tempDir("scenario-one-reading-");

/** The exact reader's data (YAML 1.2 core, with yaml-exact.ts's options), or undefined when it refuses the text. */
function exactData(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: true, logLevel: "error" });
  return doc.errors.length ? undefined : doc.toJS();
}

/** Why the fast parse's reading of the text differs from the exact reader's, or undefined when it does not (or when the exact reader is asked). */
function differs(text: string): string | undefined {
  const fast = fastParseInBounds(text).data;
  if (fast === undefined) return undefined;
  const exact = exactData(text);
  return Bun.deepEquals(fast, exact, true) ? undefined : `${JSON.stringify(text)}: fast ${Bun.inspect(fast)}, exact ${Bun.inspect(exact)}`;
}

/** Plain scalars written several ways, the ones Bun's parser read otherwise among them. */
const SCALARS = [
  "+0x10", "-0x10", "+0o7", "-0o7", "-0x0", "+0o00", "0x10", "0o7", "0O7", "0X10", "0b101", "+0b101", "0o", "0x", "0x_1", "1_000",
  ".5", "-.5", "+.inf", "-.inf", ".inf", ".Inf", ".INF", ".NaN", ".nan", ".NAN", "1e3", "+1e3", "1E3", "-.0", "1.", "+1", "010", "08", "-010", "007",
  "0xFFFFFFFFFFFFFFFF", "0x10000000000000000", "0x1FFFFFFFFFFFFFFFFFF", "0o1777777777777777777777", "0o2000000000000000000000",
  "~", "null", "Null", "NULL", "true", "True", "TRUE", "yes", "on", "<<", "2001-12-14", "2001-12-14T21:59:43.10Z", "12:30", "a:b", "http://x:1",
  ",", ",a", ", a", ",0x1",
];

describe("the fast parse reads every plain scalar as YAML 1.2 core does", () => {
  test("in a block mapping, a block list, a flow list, a flow mapping and through an alias", () => {
    const found: string[] = [];
    for (const s of SCALARS) {
      for (const text of [`v: ${s}\n`, `- ${s}\n`, `v: [${s}]\n`, `v: {k: ${s}}\n`, `v:\n  k: ${s}\n`, `v: &a ${s}\nw: *a\n`, `- a\n- - ${s}\n`]) {
        const why = differs(text);
        if (why) found.push(why);
      }
    }
    expect(found).toEqual([]);
  });

  test("a quoted `<<` is a key, not a merge", () => {
    for (const text of [`a: &a {x: 1}\nc:\n  "<<": *a\n`, `a: &a {x: 1}\nc:\n  '<<': *a\n  y: 2\n`, `a: &a {x: 1}\nc: {"<<": *a}\n`, `a: &a {x: 1}\nc: {"\\x3c<": *a}\n`]) {
      expect(differs(text)).toBeUndefined();
    }
  });

  test("a tab in a line's indentation", () => {
    for (const text of ["v:\n  k: >\n  \t\n", "k: |\n  a\n\t\n", "- \t&a\n", "v: \n \t&o\n"]) expect(differs(text)).toBeUndefined();
  });

  test("texts built of digits, signs, radix letters and indicators", () => {
    const alphabet = ["0", "1", "x", "o", "+", "-", ",", ".", "e", " "];
    const found: string[] = [];
    const grow = (s: string): void => {
      if (s) for (const text of [`v: ${s}\n`, `- ${s}\n`]) {
        const why = differs(text);
        if (why) found.push(why);
      }
      if (s.length < 4) for (const c of alphabet) grow(s + c);
    };
    grow("");
    expect(found.slice(0, 5)).toEqual([]);
  });

  test("the scenarios in scenarios/ stay on the fast path", () => {
    const files = readdirSync(join(REPO, "scenarios")).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f, readsOtherwise(readFileSync(join(REPO, "scenarios", f), "utf8"))]).toEqual([f, false]);
  });

  test("the common scenario stays on the fast path", () => {
    const text = `name: t\nvars: { N: 3, U: "http://127.0.0.1:1/a" }\nsteps:\n  - http:\n      url: \${U}\n      expect: { status: 200, json: { "$.n": 16, "$.a": [1, 2] } }\n    retries: 2\n  - shell: { run: "echo a, b" }\n`;
    expect(fastParseInBounds(text).data).toBeDefined();
  });
});

async function loadErrors(yaml: string): Promise<string> {
  const file = join(dir, "s.yaml");
  writeFileSync(file, yaml);
  return loadErrorText(loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir));
}

const shell = (extra = "") => `name: t\nsteps:\n  - shell: { run: "echo hi"${extra} }\n`;

describe("a signed hexadecimal or octal number is text, on either path", () => {
  test("`retries: +0x2` is refused whatever else the file writes", async () => {
    const plain = await loadErrors(`name: t\nsteps:\n  - shell: { run: "true" }\n    retries: +0x2\n`);
    const exact = await loadErrors(`name: t\nsteps:\n  - shell: { run: "true", env: { X_ID: 007 } }\n    retries: +0x2\n`);
    expect(plain).toContain("s.yaml:4:14");
    expect(plain).toContain("retries");
    expect(exact).toContain("s.yaml:4:14");
    expect(exact.split("\n")[0]).toBe(plain.split("\n")[0]);
  });
});

describe("tags no field reads are refused at the tag", () => {
  test("`!env TOKEN` in a header: say to write ${TOKEN}", async () => {
    const text = await loadErrors(`name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      headers: { X-T: !env TOKEN }\n`);
    expect(text).toContain("s.yaml:5:23");
    expect(text).toContain("!env");
    expect(text).toContain("${TOKEN}");
    expect(text).toContain("do not read tags");
  });

  test("a lone `!` (bash's negation, unquoted) is refused with the advice to quote the value, not to remove it", async () => {
    const text = await loadErrors(`name: t\nsteps:\n  - shell: { run: ! grep -q ERROR app.log }\n`);
    expect(text).toContain("s.yaml:3:19");
    expect(text).toContain("quote the whole value");
    expect(text).not.toContain("remove it");
  });

  test("`!!python/object` under not_contains", async () => {
    const text = await loadErrors(shell(`, expect: { stdout: { not_contains: !!python/object x } }`));
    expect(text).toContain("s.yaml:3:64");
    expect(text).toContain("the tag !!python/object: scenarios");
    expect(text).toContain("do not read tags");
  });

  test("`!!binary`, `!!timestamp`, `!!set` and `!!omap` name their tag (no unknown matcher operator)", async () => {
    for (const [value, tag] of [["!!binary aGk=", "!!binary"], ["!!timestamp 2001-12-14", "!!timestamp"], ["!!set { a }", "!!set"], ["!!omap [ { a: 1 } ]", "!!omap"], ["!<tag:yaml.org,2002:binary> aGk=", "!<tag:yaml.org,2002:binary>"]] as const) {
      const text = await loadErrors(shell(`, expect: { stdout: ${value} }`));
      expect(text).toContain("s.yaml:3:48");
      expect(text).toContain(tag);
      expect(text).not.toContain("unknown matcher operator");
    }
  });

  test("a core tag on text it does not read (`!!int 1.5`, `!!int +0x10`, `!!map 1`) is refused at the tag", async () => {
    for (const [value, tag] of [["!!int 1.5", "!!int"], ["!!int +0x10", "!!int"], ["!!float 1", "!!float"], ["!!bool yes", "!!bool"], ["!!map 1", "!!map"], ["!!str { a: 1 }", "!!str"]] as const) {
      const text = await loadErrors(shell(`, expect: { stdout: { eq: ${value} } }`));
      expect(text).toContain("s.yaml:3:54");
      expect(text).toContain(tag);
    }
  });

  test("a tag that %TAG makes another is refused; the core tags are read", async () => {
    expect(await loadErrors(`%TAG !! tag:example.com,2000:\n---\n${shell(", cwd: !!str .")}`)).toContain("s.yaml:5:35: invalid YAML: the tag !!str (tag:example.com,2000:str, as %TAG names it)");
    expect(await loadErrors(shell(`, env: { A: !!str 007, B: !!int 0x10, C: !!float 1.5, D: !!bool true }, expect: !!map { exit_code: !!int 0 }`))).toBe("");
    expect(await loadErrors(`name: t\nsteps: !!seq\n  - !!map\n    shell: !<tag:yaml.org,2002:map> { run: !!str echo }\n`)).toBe("");
  });

  test("a `%YAML 1.1` file is read as YAML 1.1 (`0b1010` is 10), and a date it reads is refused where written", async () => {
    const named = (directive: string) => loadErrors(`${directive}name: 0b1010\nsteps:\n  - shell: { run: "true" }\n`);
    expect(await named("")).toBe("");
    expect(await named("%YAML 1.2\n---\n")).toBe("");
    expect(await named("%YAML 1.1\n---\n")).toContain("s.yaml:3:7");
    const date = await loadErrors(`%YAML 1.1\n---\nname: t\nsteps:\n  - shell: { run: "true", cwd: 2001-12-14 }\n`);
    expect(date).toContain("s.yaml:5:32: invalid YAML: %YAML 1.1 reads this as a date");
  });

  test("validate exits 2", async () => {
    const file = join(dir, "tag.yaml");
    writeFileSync(file, `name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      headers: { X-T: !env TOKEN }\n`);
    const r = await runCli(["validate", file], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("tag.yaml:5:23");
  });
});

describe("two `<<:` merge keys in one mapping", () => {
  test("are refused at the second, pointing to a list", async () => {
    const block = await loadErrors(`x-a: &a { run: "echo a" }\nx-b: &b { run: "echo b", cwd: "." }\nname: t\nsteps:\n  - shell:\n      <<: *a\n      <<: *b\n`);
    expect(block).toContain("s.yaml:7:7");
    expect(block).toContain("Map keys must be unique");
    expect(block).toContain("<<: [*a, *b]");
    const flow = await loadErrors(`x-a: &a { run: "echo a" }\nname: t\nsteps:\n  - shell: { <<: *a, <<: { run: "echo b" } }\n`);
    expect(flow).toContain("s.yaml:4:22");
  });

  test("one with a list is read, earlier sources winning", async () => {
    expect(await loadErrors(`x-a: &a { run: "echo a" }\nx-b: &b { run: "echo b", cwd: "." }\nname: t\nsteps:\n  - shell:\n      <<: [*a, *b]\n`)).toBe("");
  });
});

// Duplicate keys never vanish on the fast path: every spelling the exact reader rejects is sent to it, and normal scenarios stay fast.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { fastParse, fastParseInBounds, mayHaveDuplicateKeys } from "./fast-parse.ts";
import { MAX_DEPTH, MAX_NODES, shapeProblem } from "./data-shape.ts";
import { loadScenario } from "./load.ts";
import { builtins } from "../vars/scope.ts";
import { REPO, runCli, tempDir } from "../../test/helpers/cli.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";

const dir = tempDir("scenario-dupkeys-");

/** The exact reader's verdict on a text, with the options yaml-exact.ts parses with. */
function exactDuplicate(text: string): { duplicate: boolean; valid: boolean; data?: unknown } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, merge: true, logLevel: "error" });
  const duplicate = doc.errors.some((e) => e.message.startsWith("Map keys must be unique"));
  return doc.errors.length ? { duplicate, valid: false } : { duplicate, valid: true, data: doc.toJS() };
}

async function loadErrors(yaml: string): Promise<string> {
  const file = join(dir, "s.yaml");
  writeFileSync(file, yaml);
  return loadErrorText(loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir));
}

const head = "name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/y\n";
/** Each spelling of a second `status` (or a key equal to an earlier one), and where the exact reader reports it. */
const cases: [string, string, string][] = [
  ["a flow mapping", `name: t\nsteps:\n  - http: { url: "http://127.0.0.1:1/y", expect: { status: 200 }, expect: { status: 404 } }\n`, "3:67"],
  ["plain, then double-quoted", `${head}      expect:\n        status: 200\n        "status": 404\n`, "7:9"],
  ["plain, then single-quoted with a space before the colon", `${head}      expect:\n        status: 200\n        'status' : 404\n`, "7:9"],
  ["an explicit key", `${head}      expect:\n        status: 200\n        ? status\n        : 404\n`, "7:11"],
  ["an escape in double quotes", `${head}      expect:\n        status: 200\n        "st\\x61tus": 404\n`, "7:9"],
  ["a unicode escape in double quotes", `${head}      expect:\n        status: 200\n        "st\\u0061tus": 404\n`, "7:9"],
  ["a key after an anchor", `${head}      expect:\n        &first status: 200\n        status: 404\n`, "7:9"],
  ["a key after a tag", `${head}      expect:\n        status: 200\n        !!str status: 404\n`, "7:15"],
  ["a multi-line flow mapping", `${head}      expect: {\n        status: 200,\n        status: 404 }\n`, "7:9"],
  ["numbers written two ways", `${head}    x-codes:\n      1: a\n      1.0: b\n`, "7:7"],
  ["hex and decimal", `${head}    x-codes:\n      0x1f: a\n      31: b\n`, "7:7"],
  ["booleans written two ways", `${head}    x-flags:\n      true: a\n      True: b\n`, "7:7"],
  ["nulls written two ways", `${head}    x-flags:\n      ~: a\n      null: b\n`, "7:7"],
  ["a key in a single-pair mapping inside a flow sequence", `${head}    x-pairs: [{ a: 1, "a": 2 }]\n`, "5:23"],
];

describe("a duplicate key in any spelling gets the exact reader's error", () => {
  for (const [name, yaml, at] of cases) {
    test(name, async () => {
      expect(exactDuplicate(yaml).duplicate).toBe(true);
      expect(mayHaveDuplicateKeys(yaml)).toBe(true);
      expect(fastParse(yaml)).toBeUndefined();
      const text = await loadErrors(yaml);
      expect(text).toContain(`s.yaml:${at}: invalid YAML: Map keys must be unique`);
      expect(text).toContain("1 error: nothing was run.");
    });
  }

  test("through the CLI: file:line:col and exit 2 for each", async () => {
    const files = cases.map(([, yaml], i) => {
      const file = join(dir, `case${i}.yaml`);
      writeFileSync(file, yaml);
      return file;
    });
    for (const [i, file] of files.entries()) {
      const r = await runCli(["validate", file], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`case${i}.yaml:${cases[i]![2]}: invalid YAML: Map keys must be unique`);
    }
  }, 120_000);
});

describe("two keys YAML reads as different values but the data holds as one key", () => {
  // `1` (a number) and `"1"` (a text) are two keys to YAML, and the yaml package let both through: the data kept the
  // last one's value, the first dropped without a word, as a key written twice was.
  const pairs: [string, string, string][] = [
    ["a number and its text", "1: a", '"1": b'],
    ["a boolean and its text", "true: a", "'true': b"],
    ["a null and the empty text", "~: a", '"": b'],
    ["infinity and its text", ".inf: a", "Infinity: b"],
    ["a hex number and its decimal text", "0x1f: a", "'31': b"],
  ];
  for (const [name, first, second] of pairs) {
    test(name, async () => {
      const yaml = `name: t\nsteps:\n  - shell:\n      run: echo a\n      env:\n        ${first}\n        ${second}\n`;
      expect(exactDuplicate(yaml).duplicate).toBe(false);
      const text = await loadErrors(yaml);
      expect(text).toContain(`s.yaml:7:9: invalid YAML: Map keys must be unique: ${second.slice(0, second.indexOf(":"))} and ${first.slice(0, first.indexOf(":"))} (line 6) are one key`);
      expect(text).toContain("1 error: nothing was run.");
    });
  }
  test("keys that stay apart load", async () => {
    expect(await loadErrors(`name: t\nsteps:\n  - shell:\n      run: echo a\n      env:\n        1: a\n        "01": b\n        "1.0": c\n`)).toBe("");
  });
});

/** A small deterministic generator (mulberry32), so a failure names a reproducible text. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Spellings of a few keys: some of each group are the same key to YAML. */
const keySpellings = [
  ["status", '"status"', "'status'", '"st\\x61tus"', "&k status", "!!str status"],
  ["url", "'url'", '"u\\u0072l"'],
  ['"$.id"', "'$.id'", "$.id"],
  ["1", "1.0", "0x1", "+1", '"1"', "01"],
  ["true", "True", "TRUE", '"true"'],
  ["~", "null", "Null"],
];
const values = ["1", '"x"', "http://127.0.0.1:1/a", "{ a: 1 }", "[1, 2]", "'it''s: here'", '"a: b, c"', "x # k: 1"];

function generate(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const keys = () => Array.from({ length: 2 + Math.floor(next() * 3) }, () => pick(pick(keySpellings)));
  const form = Math.floor(next() * 6);
  const ks = keys();
  const flowKeys = ks.filter((k) => !k.startsWith("&") || next() < 0.5);
  if (form === 0) return `name: t\nsteps:\n  - x:\n${ks.map((k) => `      ${k}: ${pick(values)}\n`).join("")}`;
  if (form === 1) return `a: { ${flowKeys.map((k) => `${k}: ${pick(values.slice(0, 5))}`).join(", ")} }\n`;
  if (form === 2) return `a: {\n${flowKeys.map((k) => `  ${k}: ${pick(values.slice(0, 5))}`).join(",\n")}\n}\n`;
  if (form === 3) return `a:\n${ks.map((k) => (next() < 0.5 ? `  ? ${k}\n  : ${pick(values)}\n` : `  ${k}: ${pick(values)}\n`)).join("")}`;
  if (form === 4) return `- run: |\n    ${ks[0]}: 1\n    ${ks[0]}: 2\n  ${ks.map((k) => `${k}: 1`).join("\n  ")}\n`;
  return `a: [${flowKeys.map((k) => `${k}: ${pick(values.slice(0, 2))}`).join(", ")}]\nb:\n${ks.map((k) => `  ${k}: [${pick(values.slice(0, 2))}]\n`).join("")}`;
}

describe("lone CR line ends and alias cycles", () => {
  test("a file ending its lines with a lone CR takes the exact path (the key scan reads \\n line ends only)", () => {
    for (const yaml of ["name: t\rsteps:\r  - sleep: 1ms\r    sleep: 2ms\r", "name: t\rsteps:\r  - sleep: 1ms\r"]) {
      expect(mayHaveDuplicateKeys(yaml)).toBe(true);
      expect(fastParse(yaml)).toBeUndefined();
    }
  });

  test("an alias cycle (the fuzz slice's case 108: CR line ends, steps: &s [.., *s]) ends with a load error, not an endless walk", async () => {
    expect(mayHaveDuplicateKeys("name: t\rsteps: &s\r  - sleep: 1ms\r  - *s\r")).toBe(true);
    expect(await loadErrors("name: t\nsteps: &s\n  - sleep: 1ms\n  - *s\n")).toContain("s.yaml");
  });
});

describe("the scan against the exact reader, on generated texts", () => {
  test("whenever the exact reader reports a duplicate key, the scan suspects one; when it does not, nothing was lost", () => {
    const next = random(12);
    let duplicates = 0;
    let fast = 0;
    const missed: string[] = [];
    const differ: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const text = generate(next);
      const exact = exactDuplicate(text);
      const suspected = mayHaveDuplicateKeys(text);
      if (exact.duplicate) {
        duplicates++;
        if (!suspected) missed.push(text);
      } else if (exact.valid && !suspected) {
        fast++;
        if (!Bun.deepEquals(fastParse(text), exact.data)) differ.push(text);
      }
    }
    expect(missed).toEqual([]);
    expect(differ).toEqual([]);
    // The generator must produce both kinds, or the test proves nothing.
    expect(duplicates).toBeGreaterThan(1000);
    expect(fast).toBeGreaterThan(100);
  });
});

/** The duplicate-key verdict by heldKeys's walk and the bounds by shapeProblem's: what the one walk of a tree must agree with. */
function twoWalks(text: string): { data: unknown; shape: string | undefined } {
  let parsed: unknown;
  try {
    parsed = Bun.YAML.parse(text);
  } catch {
    return { data: undefined, shape: "unparsed" };
  }
  return { data: mayHaveDuplicateKeys(text, parsed) ? undefined : parsed, shape: shapeProblem(parsed)?.kind };
}

/** Nested lists or mappings `levels` deep, in block or flow style, with or without an alias. */
function nested(levels: number, next: () => number): string {
  const alias = next() < 0.3 ? "x-a: &a 1\nx-b: *a\n" : "";
  if (next() < 0.5) return `${alias}a: ${"[".repeat(levels)}1${"]".repeat(levels)}\n`;
  return alias + Array.from({ length: levels }, (_, i) => `${"  ".repeat(i)}k${i % 3}:`).join("\n") + " v\n";
}

describe("one walk of a text without aliases", () => {
  test("gives the two walks' duplicate-key verdict, and says in bounds only where shapeProblem finds nothing", () => {
    const next = random(34);
    let inBounds = 0;
    let outOfBounds = 0;
    for (let i = 0; i < 3000; i++) {
      const text = i % 3 === 0 ? nested(MAX_DEPTH - 3 + Math.floor(next() * 6), next) : generate(next);
      const fast = fastParseInBounds(text);
      const reference = twoWalks(text);
      expect({ text, data: fast.data }).toEqual({ text, data: reference.data });
      if (fast.inBounds) {
        inBounds++;
        expect({ text, shape: reference.shape }).toEqual({ text, shape: undefined });
      } else if (reference.shape === "depth") outOfBounds++;
    }
    expect(inBounds).toBeGreaterThan(1000);
    expect(outOfBounds).toBeGreaterThan(100);
  });

  test("one value more than the bound: out of bounds, with the size problem found by shapeProblem", () => {
    // The mapping, the list and its items: MAX_NODES + 1 values, then MAX_NODES.
    const text = `a: [${Array.from({ length: MAX_NODES - 1 }, () => "0").join(", ")}]\n`;
    expect(fastParseInBounds(text).inBounds).toBe(false);
    expect(shapeProblem(Bun.YAML.parse(text))?.kind).toBe("size");
    const fits = `a: [${Array.from({ length: MAX_NODES - 2 }, () => "0").join(", ")}]\n`;
    expect(fastParseInBounds(fits).inBounds).toBe(true);
    expect(shapeProblem(Bun.YAML.parse(fits))).toBeUndefined();
  });

  test("a text writing `*` takes the two walks (an alias can share a mapping: its keys are held once)", () => {
    const text = "x-a: &a { k: 1 }\nx-b: *a\nc: 1\nc: 2\n";
    expect(fastParseInBounds(text)).toEqual({ data: undefined, inBounds: false });
  });
});

describe("normal scenarios stay on the fast path", () => {
  test("every file in scenarios/", () => {
    const files = readdirSync(join(REPO, "scenarios")).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect([f, mayHaveDuplicateKeys(readFileSync(join(REPO, "scenarios", f), "utf8"))]).toEqual([f, false]);
  });

  test("a 1,000-step benchmark-style file", () => {
    const steps = Array.from({ length: 1000 }, (_, i) => [
      `  - name: item ${i}`, "    http:", `      url: http://127.0.0.1:1/items/${i}`, "      expect:", "        status: 200", `        json: { "$.id": ${i} }`,
    ]).flat();
    const text = ["name: bench-steps", "steps:", ...steps].join("\n") + "\n";
    expect(mayHaveDuplicateKeys(text)).toBe(false);
    expect(mayHaveDuplicateKeys(text.replace('json: { "$.id": 999 }', 'json: { "$.id": 999, "$.id": 1 }'))).toBe(true);
  });

  test("comments, block scalars, quoted colons and anchors are not keys", () => {
    const text = `name: t # name: again
x-h: &h { url: "http://127.0.0.1:1/a: b" }
steps:
  - shell:
      run: |
        name: a
        name: b
  - sleep: 1ms
    tags: ['a: b', "c, d: e"]
    x-u: *h
`;
    expect(exactDuplicate(text)).toMatchObject({ duplicate: false, valid: true });
    expect(mayHaveDuplicateKeys(text)).toBe(false);
  });
});

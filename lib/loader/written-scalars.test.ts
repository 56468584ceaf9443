// A number or boolean YAML reads in a field that is text on the wire is taken as written (`X-Id: 0012345` sends
// 0012345), by the fast path and the exact one alike; numeric fields stay numbers.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../cli.ts";
import { loadScenario } from "./load.ts";
import { allSteps, loadSteps } from "../steps/registry.ts";
import { scenarioJsonSchemaText } from "../schema/json-schema.ts";
import { needsExactText, spellsValuesOtherwise } from "./written-scalars.ts";
import { REPO, tempDir } from "../../test/helpers/cli.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";

const dir = tempDir("scenario-written-");

async function load(yaml: string) {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return (await loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir)).scenario;
}

/** The file with a lone CR in a comment: the fast parse refuses it (lib/loader/fast-parse.ts), so the exact path reads it. */
const exactOnly = (yaml: string) => `#\r#\n${yaml}`;

/** Spellings YAML reads as a number or a boolean whose own text differs, and the text each must keep. */
const SPELLINGS = ["0012345", "007", "1.10", "2.50", "5.0", "0x1F", "0o17", "+5", ".5", "1e3", "-0", "123456789012345678901", ".inf", "-.Inf", ".nan", "True", "FALSE"];

function scenarioWith(v: string): string {
  return `name: t
vars: { V: ${v} }
steps:
  - http:
      url: http://127.0.0.1:1/
      headers: { X-A: ${v} }
      query: { a: ${v}, b: [${v}, x] }
  - shell: { run: "true", env: { A: ${v} } }
  - logql: { query: '{job="a"}', url: "http://127.0.0.1:1", tenant: ${v}, headers: { X-A: ${v} } }
  - logql: { query: '{job="a"}', files: { "*.log": { job: ${v} } } }
  - promql: { query: up, url: "http://127.0.0.1:1", tenant: ${v}, headers: { X-A: ${v} } }
`;
}

/** Every text field of scenarioWith's scenario, as loaded. */
function textFields(s: Awaited<ReturnType<typeof load>>): unknown[] {
  const [http, shell, logql, files, promql] = s.steps.map((step) => step.staticInput as Record<string, Record<string, unknown>>);
  return [
    s.vars.V, http!.headers!["X-A"], http!.query!.a, (http!.query!.b as unknown[])[0], shell!.env!.A,
    logql!.tenant, logql!.headers!["X-A"], (files!.files!["*.log"] as Record<string, unknown>).job, promql!.tenant, promql!.headers!["X-A"],
  ];
}

describe("text fields take a YAML number or boolean as written", () => {
  test("in vars, http headers and query (lists too), shell env, logql and promql tenant and headers, logql files labels", async () => {
    for (const v of SPELLINGS) {
      for (const yaml of [scenarioWith(v), exactOnly(scenarioWith(v))]) {
        expect({ v, fields: textFields(await load(yaml)) }).toEqual({ v, fields: Array(10).fill(v) });
      }
    }
  });

  test("a number or boolean that reads as written loads as before, and on the fast path", async () => {
    const steps = await loadSteps(["http", "shell", "logql", "promql"]);
    for (const v of ["5", "200", "1.5", "-1", "0", "true", "false", "1e+21"]) {
      const yaml = scenarioWith(v);
      expect({ v, fast: needsExactText(Bun.YAML.parse(yaml) as Record<string, unknown>, steps, yaml) }).toEqual({ v, fast: false });
      expect({ v, fields: textFields(await load(yaml)) }).toEqual({ v, fields: Array(10).fill(v) });
    }
  });

  test("through aliases and merge keys; a quoted or explicitly tagged scalar keeps its own value", async () => {
    const s = await load(`name: t
x-h: &h { X-A: 007, X-B: 1.10 }
x-v: &v 0x1F
steps:
  - http: { url: "http://127.0.0.1:1/", headers: *h }
  - http: { url: "http://127.0.0.1:1/", headers: { <<: *h, X-B: 1.20, X-C: *v, X-D: "1.10", X-E: !!int 007, X-F: !!str 007 } }
`);
    expect(s.steps.map((step) => (step.staticInput as Record<string, unknown>).headers)).toEqual([
      { "X-A": "007", "X-B": "1.10" },
      { "X-A": "007", "X-B": "1.20", "X-C": "0x1F", "X-D": "1.10", "X-E": "7", "X-F": "007" },
    ]);
  });

  test("a mapping or list an alias shares between a text field and another keeps YAML's values in the other", async () => {
    // YAML gives both places one object: taking the header's text in place changed the JSON body's number too.
    const yaml = `name: t
x-c: &c { id: 007, v: 1.10, on: True }
x-l: &l [007, 1.10]
vars: &v { N: 0012 }
steps:
  - http: { url: "http://127.0.0.1:1/", method: POST, headers: *c, json: { c: *c, l: *l, v: *v }, query: { l: *l } }
  - http: { url: "http://127.0.0.1:1/", method: POST, json: *c, expect: { json: { "$.a": *l } } }
`;
    for (const file of [yaml, exactOnly(yaml)]) {
      const [first, second] = (await load(file)).steps.map((step) => step.staticInput as Record<string, unknown>);
      expect(first!.headers).toEqual({ id: "007", v: "1.10", on: "True" });
      expect(first!.query).toEqual({ l: ["007", "1.10"] });
      expect(first!.json).toEqual({ c: { id: 7, v: 1.1, on: true }, l: [7, 1.1], v: { N: 12 } });
      expect(second!.json).toEqual({ id: 7, v: 1.1, on: true });
      expect(second!.expect).toMatchObject({ json: { "$.a": [7, 1.1] } });
    }
  });

  test("numeric fields, JSON bodies and matchers still read the number", async () => {
    const s = await load(`name: t
steps:
  - http:
      url: http://127.0.0.1:1/
      method: POST
      headers: { X-A: 007 }
      json: { v: 1.10, id: 007 }
      timeout: 1.50
      repeat: 02
      expect: { status: 0200, json: { "$.v": 1.0 } }
    retries: 01
`);
    const input = s.steps[0]!.staticInput as Record<string, unknown>;
    expect(input).toMatchObject({ headers: { "X-A": "007" }, json: { v: 1.1, id: 7 }, timeout: 1500, repeat: 2, expect: { status: 200, json: { "$.v": 1 } } });
    expect(s.steps[0]!.retries).toBe(1);
  });

  test("the fast path's check sees every spelling Bun's parser reads otherwise, in block and flow style", () => {
    // Every token of up to 4 characters from the characters numbers and booleans are written with, and longer ones.
    const chars = ["0", "1", "7", "9", ".", "+", "-", "e", "E", "x", "o", "b", "_", "f", "F", "i", "n", "a"];
    const tokens: string[] = ["True", "TRUE", "False", "FALSE", "true", "false", ".inf", ".Inf", ".INF", "-.inf", "+.inf", ".nan", ".NaN", ".NAN", "0x1F", "+0x1F", "-0x1F", "0o17", "1.0e+3", "12e03", "0.1e1", "1e21", "123456789012345678901"];
    const grow = (prefix: string) => {
      if (prefix) tokens.push(prefix);
      if (prefix.length < 4) for (const c of chars) grow(prefix + c);
    };
    grow("");
    const missed: string[] = [];
    // The texts the check must flag: a number or boolean Bun reads otherwise than written. The count of tokens is the
    // test's own; this count says the texts were parsed and such spellings were among them, so no miss means something.
    let otherwise = 0;
    for (const t of tokens) {
      for (const yaml of [`a: ${t}\n`, `a: [${t}, x]\n`, `{a: ${t}}`, `a:\n  - ${t} # c\n`]) {
        let value: unknown;
        try {
          const data = Bun.YAML.parse(yaml) as { a: unknown };
          value = Array.isArray(data.a) ? data.a[0] : data.a;
        } catch {
          continue;
        }
        if ((typeof value === "number" || typeof value === "boolean") && String(value) !== t) {
          otherwise++;
          if (!spellsValuesOtherwise(yaml)) missed.push(yaml);
        }
      }
    }
    expect(missed).toEqual([]);
    expect(tokens.length).toBeGreaterThan(100_000);
    expect(otherwise).toBeGreaterThan(4_000);
  });
});

describe("the keys of a text field's mapping are taken as written", () => {
  /** Keys YAML reads as a number, a boolean or null (one spelling of null: they are the same key), none of them as written. */
  const KEYS = ["007", "0x1F", "1e3", "1.10", "+5", ".inf", "True", "FALSE", "~"];
  const mapping = KEYS.map((k, i) => `${k}: v${i}`).join(", ");
  const expected = Object.fromEntries(KEYS.map((k, i) => [k, `v${i}`]));
  const yaml = `name: t
steps:
  - http:
      url: http://127.0.0.1:1/
      method: POST
      headers: { ${mapping} }
      query: { ${mapping} }
      json: { 007: a, null: b }
  - shell: { run: "true", env: { ${mapping} } }
  - logql: { query: '{job="a"}', files: { 010: { job: x }, 1e3: { job: y } } }
`;

  test("in http headers and query, shell env, logql files globs; a JSON body's keys stay YAML's", async () => {
    for (const file of [yaml, exactOnly(yaml)]) {
      const s = await load(file);
      const [http, shell, logql] = s.steps.map((step) => step.staticInput as Record<string, Record<string, unknown>>);
      expect(http!.headers).toEqual(expected);
      expect(http!.query).toEqual(expected);
      expect(shell!.env).toEqual(expected);
      expect(logql!.files).toEqual({ "010": { job: "x" }, "1e3": { job: "y" } });
      // the body is data, not names: YAML's reading (the exact parse's: this file never takes the fast path)
      expect(http!.json).toEqual({ "7": "a", "": "b" });
    }
  });

  test("a variable's name is refused as written (a name is letters, digits and _)", async () => {
    await expect(load(`name: t\nvars: { 007: x }\nsteps:\n  - sleep: 1ms\n`)).rejects.toThrow(/vars\.007:/);
  });

  test("a key that reads as written keeps the fast path; through merge keys an own key wins; a tagged key is YAML's", async () => {
    const steps = await loadSteps(["http"]);
    const plain = `name: t\nsteps:\n  - http: { url: "http://127.0.0.1:1/", query: { a: x, b-1: y } }\n`;
    expect(needsExactText(Bun.YAML.parse(plain) as Record<string, unknown>, steps, plain)).toBe(false);
    const s = await load(`name: t
x-q: &q { 007: a, 08: b }
steps:
  - http: { url: "http://127.0.0.1:1/", query: { <<: *q, 8: own, 1: one, !!int 09: tagged } }
  - http: { url: "http://127.0.0.1:1/", query: *q }
  - http: { url: "http://127.0.0.1:1/", headers: { null: n } }
`);
    // (Bun's parser reads the key null as "null", the yaml package as "": either way the text is what was written.)
    expect(s.steps.map((step) => (step.staticInput as Record<string, unknown>).query ?? (step.staticInput as Record<string, unknown>).headers)).toEqual([
      { "007": "a", "8": "own", "1": "one", "9": "tagged" },
      { "007": "a", "08": "b" },
      { null: "n" },
    ]);
  });

  test("the fast path's one pass sends each reason to the exact parse, in main steps and teardown, whatever step comes before", async () => {
    const steps = await loadSteps(["http", "logql", "sleep"]);
    const needs = (yaml: string) => needsExactText(Bun.YAML.parse(yaml) as Record<string, unknown>, steps, yaml);
    const fine = `  - sleep: 1ms\n  - http: { url: "http://127.0.0.1:1/", headers: { X-A: b } }\n`;
    const reasons = [
      `  - http: { url: "http://127.0.0.1:1/", headers: { X-A: 1.10 } }\n`, // a number in a text field, spelled otherwise
      `  - http: { url: "http://127.0.0.1:1/", query: { 007: x } }\n`, // a key a parser may have made from a number
      `  - logql: { query: '{job="a"}', url: "http://127.0.0.1:1", expect: { labels: { version: 1.10 } } }\n`, // a label compared with 1.1
      `  - http: { url: "http://127.0.0.1:1/", expect: { json: { "$.a": { lt: 1e-400 } } } }\n`, // a number a double does not hold
    ];
    expect(needs(`name: t\nsteps:\n${fine}teardown:\n${fine}`)).toBe(false);
    for (const reason of reasons) {
      expect({ reason, needs: needs(`name: t\nsteps:\n${fine}${reason}`) }).toEqual({ reason, needs: true });
      expect({ reason, needs: needs(`name: t\nsteps:\n${fine}teardown:\n${fine}${reason}`) }).toEqual({ reason, needs: true });
    }
    // The same values written as they read keep the fast path.
    expect(needs(`name: t\nsteps:\n${fine}  - http: { url: "http://127.0.0.1:1/", headers: { X-A: 1.1 }, query: { a7: x } }\n`)).toBe(false);
    expect(needs(`name: t\nsteps:\n  - logql: { query: '{job="a"}', url: "http://127.0.0.1:1", expect: { labels: { version: 1.1 } } }\n`)).toBe(false);
  });
});

test("every field the schema takes as text from a string, number or boolean is declared (vars:, a kind's textScalars)", async () => {
  const found: string[] = [];
  const walk = (node: unknown, path: readonly string[]): void => {
    if (Array.isArray(node)) return node.forEach((n) => walk(n, path));
    if (!node || typeof node !== "object") return;
    const n = node as Record<string, unknown>;
    if (JSON.stringify(n.type) === '["string","number","boolean"]') found.push(path.join("."));
    for (const [key, child] of Object.entries(n)) {
      if (key === "properties") for (const [name, field] of Object.entries(child as object)) walk(field, [...path, name]);
      else if (key === "additionalProperties" || key === "patternProperties" || key === "items") walk(key === "patternProperties" ? Object.values(child as object) : child, [...path, "*"]);
      else if (key === "anyOf" || key === "oneOf" || key === "allOf") walk(child, path);
    }
  };
  walk(JSON.parse(await scenarioJsonSchemaText()), []);
  const declared = ["vars.*"];
  for (const phase of ["steps", "teardown"]) for (const step of await allSteps()) for (const p of step.textScalars ?? []) declared.push([phase, "*", step.kind, ...p].join("."));
  expect([...new Set(found)].sort()).toEqual(declared.sort());
});

test("the scenario file's page names every kind and field that takes numbers as written", async () => {
  const page = readFileSync(join(REPO, "docs/format.md"), "utf8");
  const section = page.slice(page.indexOf("## Numbers in text fields"), page.indexOf("\n## ", page.indexOf("## Numbers in text fields") + 3)).replace(/\s+/g, " ");
  const named = ["`vars:`"];
  for (const step of await allSteps()) {
    if (!step.textScalars) continue;
    named.push(`\`${step.kind}\``);
    for (const p of step.textScalars) named.push(`\`${p.filter((seg) => seg !== "*").at(0)}${p[0] === "files" ? ":" : ""}\``);
  }
  expect(named.filter((n) => !section.includes(n))).toEqual([]);
});

describe("a files step's `name` is a regex, and an unquoted number there is the regex of its text as written", () => {
  const names = (s: Awaited<ReturnType<typeof load>>) => {
    const expectIn = (s.steps[0]!.staticInput as { expect: { name: unknown; each: { name: unknown } } }).expect;
    return [expectIn.name, expectIn.each.name];
  };
  const yamlWith = (v: string) => `name: t\nsteps:\n  - files: { glob: "logs/*.log", expect: { name: ${v}, each: { name: ${v} } } }\n`;

  test("in expect and under each, by the fast path and the exact one", async () => {
    for (const v of [...SPELLINGS.filter((v) => v !== "+5"), "2026", "5", "true"]) {
      for (const yaml of [yamlWith(v), exactOnly(yamlWith(v))]) expect({ v, names: names(await load(yaml)) }).toEqual({ v, names: [v, v] });
    }
  });

  test("a number whose text is no regex is refused at load, where it is written", async () => {
    for (const yaml of [yamlWith("+5"), exactOnly(yamlWith("+5"))]) {
      await expect(load(yaml)).rejects.toThrow(/:\d+:50: steps\[0\]\.files\.expect\.name: invalid regular expression: nothing to repeat\n.*:\d+:68: steps\[0\]\.files\.expect\.each\.name: invalid regular expression/);
    }
  });

  test("a matcher's numbers stay numbers, and a number's text is checked as a regex", async () => {
    const s = await load(`name: t\nsteps:\n  - files: { glob: "logs/*.log", expect: { name: { not: { eq: 007 } }, each: { name: 1.10 } } }\n`);
    expect(names(s)).toEqual([{ not: { eq: 7 } }, "1.10"]);
  });

  test("the run: \`name: 2026\` passes on vllm_2026.log, \`name: 007\` fails on run_7.log", async () => {
    const run = tempDir("scenario-written-name-");
    mkdirSync(join(run, "logs"));
    writeFileSync(join(run, "logs", "vllm_2026.log"), "x\n");
    writeFileSync(join(run, "logs", "run_7.log"), "x\n");
    writeFileSync(
      join(run, "names.yaml"),
      `name: names
steps:
  - name: year
    files: { glob: logs/vllm_*.log, expect: { name: 2026, each: { name: 2026 } } }
  - name: padded
    continue_on_failure: true
    files: { glob: logs/run_*.log, expect: { name: 007 } }
`,
    );
    let stderr = "";
    const code = await main(["run", "names.yaml", "--report", "json", "--report-dir", "out", "--quiet"], {
      stdout: { write: () => {} },
      stderr: { write: (s: string) => void (stderr += s) },
      cwd: run,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      handleSignals: false,
    });
    const report = JSON.parse(readFileSync(join(run, "out", readdirSync(join(run, "out")).find((f) => f.endsWith(".json"))!), "utf8"));
    const steps = report.steps.map((s: { name: string; status: string }) => `${s.name} ${s.status}`);
    expect({ code, stderr, steps }).toEqual({ code: 1, stderr: "", steps: ["year passed", "padded failed"] });
    expect(JSON.stringify(report.steps[1])).toContain("every file name matches /007/");
  });
});

describe("what a server receives", () => {
  const received: { headers: Record<string, string>; query: string }[] = [];
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const url = new URL(req.url);
      received.push({ headers: Object.fromEntries(req.headers), query: url.search });
      return new Response("ok");
    },
  });
  afterAll(() => server.stop(true));

  test("headers, query values, env and vars are sent as written in the file", async () => {
    const run = tempDir("scenario-written-run-");
    writeFileSync(
      join(run, "ids.yaml"),
      `name: ids
vars: { VER: 1.10 }
steps:
  - name: ids
    http:
      url: http://127.0.0.1:${server.port}/x
      headers: { X-Id: 0012345, X-Ver: 1.10, X-Hex: 0x1F, X-Flag: True, X-N: 5 }
      query: { 007: key, v: 1.10, code: 007, n: 5, 0x10: h }
  - name: env
    shell:
      run: printf '%s %s' "$A" "\${VER}"
      env: { A: 1e3 }
      expect: { stdout: "1e3 1.10" }
`,
    );
    let stderr = "";
    const code = await main(["run", "ids.yaml", "--report", "json", "--report-dir", "out", "--quiet"], {
      stdout: { write: () => {} },
      stderr: { write: (s: string) => void (stderr += s) },
      cwd: run,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      handleSignals: false,
    });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers).toMatchObject({ "x-id": "0012345", "x-ver": "1.10", "x-hex": "0x1F", "x-flag": "True", "x-n": "5" });
    expect(received[0]!.query).toBe("?007=key&v=1.10&code=007&n=5&0x10=h");
    const report = JSON.parse(readFileSync(join(run, "out", readdirSync(join(run, "out")).find((f) => f.endsWith(".json"))!), "utf8"));
    expect({ code, stderr, steps: report.steps.map((s: { name: string; status: string }) => `${s.name} ${s.status}`) }).toEqual({ code: 0, stderr: "", steps: ["ids passed", "env passed"] });
  });
});

// `json: {"$.a": 1e400}` was the matcher .inf: it passed on {"a":"1e999"} and on {"a":"+Inf"}; `{gte: 1e400}` passed on
// "1e999"; `1e-400` was the matcher 0. Refused where written, in every kind's expect; `.inf` written so is infinity.
describe("a number in a matcher written finite that YAML reads as ±Infinity, or as 0 from digits not all zero", () => {
  const errorsOf = async (yaml: string) => {
    const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
    writeFileSync(file, yaml);
    return (await loadErrorText(loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir))).replace(/s[a-z0-9]+\.yaml/g, "s.yaml");
  };
  const http = (expect: string) => `name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      expect: ${expect}\n`;
  test.each([
    [http(`{ json: { "$.a": 1e400 } }`), "s.yaml:5:32: steps[0].http.expect.json.$.a: 1e400 is beyond a double's range (about 1.8e308): YAML reads it as Infinity"],
    [http(`{ json: { "$.a": { gte: 1e400 } } }`), "s.yaml:5:39: steps[0].http.expect.json.$.a.gte: 1e400 is beyond a double's range"],
    [http(`{ json: { "$.a": { in: [1, -12e999] } } }`), "s.yaml:5:42: steps[0].http.expect.json.$.a.in[1]: -12e999 is beyond a double's range (about 1.8e308): YAML reads it as -Infinity"],
    [http(`{ json: { "$.a": 1e-400 } }`), "s.yaml:5:32: steps[0].http.expect.json.$.a: 1e-400 is too small for a double: YAML reads it as 0"],
    [http(`{ json: { "$.a": { not: { lt: 0.${"0".repeat(330)}1 } } } }`), "steps[0].http.expect.json.$.a.not.lt: 0.000"],
    [http(`{ body: { ne: 1e400 } }`), "steps[0].http.expect.body.ne: 1e400 is beyond"],
    [http(`{ headers: { x-n: { between: [1e-400, 5] } } }`), "steps[0].http.expect.headers.x-n.between[0]: 1e-400 is too small"],
    [`name: t\nsteps:\n  - shell: { run: "true", expect: { stdout: 1e400 } }\n`, "s.yaml:3:45: steps[0].shell.expect.stdout: 1e400 is beyond"],
    [`name: t\nsteps:\n  - promql: { query: "up", url: "http://127.0.0.1:1", expect: { value: { lt: 2e308 } } }\n`, "steps[0].promql.expect.value.lt: 2e308 is beyond"],
    [`name: t\nsteps:\n  - files: { root: ., glob: "*", expect: { format: jsonl, required_fields: { v: 1e-999 } } }\n`, "steps[0].files.expect.required_fields.v: 1e-999 is too small"],
    // A text bound written so reads the same: refused too.
    [http(`{ json: { "$.a": { gte: "1e400" } } }`), "s.yaml:5:39: steps[0].http.expect.json.$.a.gte: \"1e400\" is beyond a double's range"],
  ])("%s: refused", async (yaml, message) => {
    expect(await errorsOf(yaml)).toContain(message);
  });
  test("infinity written as .inf, a number a double holds, and such digits in a text field or quoted for equality load", async () => {
    expect(await errorsOf(http(`{ json: { "$.a": .inf, "$.b": { gte: -.inf, lte: .Inf }, "$.c": 1e308, "$.d": 5e-324, "$.e": 0e-999, "$.f": "1e400" } }`))).toBe("");
    expect(await errorsOf(`name: t\nsteps:\n  - http: { url: "http://127.0.0.1:1/", headers: { X-A: 1e400 }, query: { v: 1e-400 } }\n`)).toBe("");
  });
});

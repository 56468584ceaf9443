// Loader errors: every problem at once, each at file:line:col with a message a new user understands.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario, mayHaveDuplicateKeys } from "./load.ts";
import { InvalidInput } from "./errors.ts";
import { builtins } from "../vars/scope.ts";

const dir = mkdtempSync(join(tmpdir(), "scenario-load-"));

function load(yaml: string, cli: Record<string, string> = {}, env: Record<string, string> = {}) {
  const file = join(dir, `s${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, yaml);
  return loadScenario(file, { sources: { cli, envFile: {}, env }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
}

/** The formatted error text, or "" when the scenario loads. */
function errors(yaml: string, cli: Record<string, string> = {}): string {
  try {
    load(yaml, cli);
    return "";
  } catch (e) {
    if (!(e instanceof InvalidInput)) throw e;
    return e.format().replace(/s[a-z0-9]+\.yaml/g, "s.yaml");
  }
}

const minimal = "name: t\nsteps:\n  - sleep: 1ms\n";

describe("loadScenario", () => {
  test("a valid scenario loads with defaults", () => {
    const { scenario } = load(minimal);
    expect(scenario.name).toBe("t");
    expect(scenario.defaults).toEqual({ timeoutMs: 30_000, intervalMs: 500 });
    expect(scenario.steps[0]).toMatchObject({ kind: "sleep", index: 0, phase: "main", name: expect.any(String) });
  });

  test("common fields are parsed: durations to ms, eventually both forms", () => {
    const { scenario } = load(`name: t
steps:
  - sleep: 1ms
    timeout: 1m30s
    eventually: 2m
    hold: 5s
  - sleep: 1ms
    eventually: { timeout: 1m, interval: 1s, backoff: 2 }
teardown:
  - sleep: 1ms
`);
    expect(scenario.steps[0]).toMatchObject({ timeoutMs: 90_000, eventually: { timeoutMs: 120_000 }, holdMs: 5000 });
    expect(scenario.steps[1]!.eventually).toEqual({ timeoutMs: 60_000, intervalMs: 1000, backoff: 2, maxIntervalMs: undefined });
    expect(scenario.teardown[0]).toMatchObject({ phase: "teardown", index: 2 });
  });

  const table: [string, string, string[]][] = [
    ["malformed YAML", "name: t\nsteps:\n  - sleep: [1ms\n", ["s.yaml:4:1: invalid YAML: Flow sequence"]],
    ["tab indentation", "name: t\nsteps:\n\t- sleep: 1ms\n", ["s.yaml:3:1: invalid YAML"]],
    ["not a mapping", "- a\n- b\n", ["s.yaml:1:1: a scenario is a mapping"]],
    ["missing steps", "name: t\n", ["scenario: missing required key \"steps\""]],
    ["unknown top-level key with suggestion", "name: t\nstep:\n  - sleep: 1ms\n", ['s.yaml:2:1: unknown key "step" (did you mean "steps"?)']],
    ["unknown step key with suggestion", "name: t\nsteps:\n  - sleep: 1ms\n    timout: 5s\n", ['s.yaml:4:5: steps[0]: unknown key "timout" (did you mean "timeout"?)']],
    ["no kind", "name: t\nsteps:\n  - name: x\n", ["a step needs exactly one kind key"]],
    ["two kinds", "name: t\nsteps:\n  - sleep: 1ms\n    shell: { run: echo }\n", ["s.yaml:3:", "a step has exactly one kind key, this one has shell and sleep"]],
    ["bad duration", "name: t\nsteps:\n  - sleep: 1ms\n    timeout: 5 minutes\n", ['s.yaml:4:14: steps[0].timeout: invalid duration "5 minutes"']],
    ["wrong type", "name: t\nsteps:\n  - sleep: 1ms\n    retries: many\n", ['s.yaml:4:14: steps[0].retries: expected number, got string "many"']],
    ["undefined variable", "name: t\nsteps:\n  - shell: { run: \"echo ${NOPE}\" }\n", ["s.yaml:3:25: undefined variable ${NOPE}"]],
    ["undefined variable with suggestion", "name: t\nvars: { API_URL: x }\nsteps:\n  - shell: { run: \"echo ${API_UR}\" }\n", ['(did you mean "API_URL"?)']],
    ["variable used before its capture", "name: t\nsteps:\n  - shell: { run: \"echo ${ID}\" }\n  - shell: { run: echo, capture: { ID: stdout } }\n", ["undefined variable ${ID}"]],
    ["bad regex in a matcher", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        stdout: { matches: \"(\" }\n", ["s.yaml:6:28", "invalid regular expression"]],
    ["enum value with suggestion", "name: t\nsteps:\n  - compose: { action: upp }\n", ['s.yaml:3:24: steps[0].compose.action: expected one of up, down, stop, restart, ps, logs, got string "upp" (did you mean "up"?)']],
    ["unknown matcher operator", "name: t\nsteps:\n  - shell:\n      run: echo\n      expect:\n        exit_code: { gtee: 0 }\n", ['unknown matcher operator "gtee" (did you mean "gte"?)']],
  ];
  for (const [name, yaml, wanted] of table) {
    test(name, () => {
      const text = errors(yaml);
      for (const w of wanted) expect(text).toContain(w);
      expect(text).toContain("nothing was run.");
    });
  }

  test("every error is reported at once, in file order", () => {
    const text = errors("name: t\nsteps:\n  - sleep: 1ms\n    timout: 5s\n  - sleep: soon\n  - shell: { run: \"${X}\" }\n");
    expect(text).toContain("4:5");
    expect(text).toContain("5:12");
    expect(text).toContain("6:20");
    expect(text).toContain("3 errors");
    expect(text.indexOf("4:5")).toBeLessThan(text.indexOf("5:12"));
  });

  test("the offending line is quoted with a caret", () => {
    expect(errors("name: t\nsteps:\n  - sleep: 1ms\n    timout: 5s\n")).toContain("  4 |     timout: 5s\n    |     ^");
  });

  test("variables resolve from captures, --var, the environment, vars and defaults", () => {
    expect(errors("name: t\nsteps:\n  - shell: { run: echo, capture: { ID: stdout } }\n  - shell: { run: \"echo ${ID}\" }\n")).toBe("");
    expect(errors("name: t\nsteps:\n  - shell: { run: \"echo ${FROM_CLI}\" }\n", { FROM_CLI: "x" })).toBe("");
    expect(errors("name: t\nsteps:\n  - shell: { run: \"echo ${X:-default}\" }\n")).toBe("");
    expect(errors("name: t\nsteps:\n  - shell: { run: \"echo ${RUN_ID} ${SCENARIO_DIR} ${START_EPOCH} ${START_ISO}\" }\n")).toBe("");
  });

  test("variables are substituted before typed fields are validated", () => {
    const { scenario } = load("name: t\nvars: { WAIT: 2s }\nsteps:\n  - sleep: ${WAIT}\n");
    expect(scenario.steps[0]!.input).toBe("${WAIT}");
  });

  test("a missing file says where it looked", () => {
    expect(() => loadScenario("nope.yaml", { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir)).toThrow(/no such scenario file/);
  });

  test("duplicate keys are an error, also inside a step", () => {
    expect(errors("name: t\nname: u\nsteps:\n  - sleep: 1ms\n")).toContain("invalid YAML");
    expect(errors("name: t\nsteps:\n  - name: a\n    sleep: 1ms\n    name: b\n")).toContain("s.yaml:5:5: invalid YAML: Map keys must be unique");
  });
});

describe("mayHaveDuplicateKeys", () => {
  const table: [string, string, boolean][] = [
    ["none", "a: 1\nb:\n  c: 1\n  d: 2\n", false],
    ["top level", "a: 1\na: 2\n", true],
    ["nested", "a:\n  c: 1\n  c: 2\n", true],
    ["same key in sibling list items", "steps:\n  - name: a\n    sleep: 1\n  - name: b\n    sleep: 2\n", false],
    ["inside one list item", "steps:\n  - name: a\n    name: b\n", true],
    ["same key in different mappings", "a:\n  x: 1\nb:\n  x: 1\n", false],
    ["block scalar content is not keys", "run: |\n  a: 1\n  a: 2\n", false],
    ["comments and blank lines", "a: 1\n# a: 2\n\nb: 2\n", false],
    ["quoted keys", "json:\n  \"$.a\": 1\n  \"$.a\": 2\n", true],
  ];
  for (const [name, yaml, dup] of table) test(name, () => expect(mayHaveDuplicateKeys(yaml)).toBe(dup));
});

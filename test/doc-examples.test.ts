// The YAML examples of README.md, compose/README.md and docs/ are what users copy first: every one is valid YAML, and every one that is a
// whole scenario (a `name:` and a list of step mappings), a list of steps, a step, or a files, http or shell step's input or
// expect loads. docs/steps/logql.md and promql.md are checked field by field in lib/steps/query-docs.test.ts; this also
// catches what no schema sees, such as a flow mapping a `[` ends early.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { loadScenario } from "../lib/loader/load.ts";
import { builtins } from "../lib/vars/scope.ts";
import { runCli, tempDir } from "./helpers/cli.ts";
import { loadErrorText } from "./helpers/load-errors.ts";

const REPO = join(import.meta.dir, "..");

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownFiles(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : []);
}

/** Each ```yaml block of a file with the line it starts on. */
function yamlBlocks(file: string): { line: number; text: string }[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => ({ line: text.slice(0, m.index).split("\n").length + 1, text: m[1]! }));
}

/** A whole scenario, not a fragment or the format's outline (`steps: [ … ]`). */
function isScenario(doc: unknown): boolean {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return false;
  const { name, steps } = doc as Record<string, unknown>;
  return typeof name === "string" && Array.isArray(steps) && steps.every((s) => s !== null && typeof s === "object");
}

const KINDS = ["compose", "http", "files", "logql", "promql", "shell", "sleep"];
/** What a fragment on a step's page is completed with (logql.md and promql.md: lib/steps/query-docs.test.ts). */
const BASE: Record<string, Record<string, string>> = { files: { glob: '"*.log"' }, http: { url: "http://127.0.0.1:1/" }, shell: { run: '"true"' } };
const indent = (text: string, n: number) => text.replace(/^(?=.)/gm, " ".repeat(n));

/**
 * A scenario made of a fragment, as a user would paste it: a list of steps, one step, `steps:` without a name, or on
 * docs/steps/<kind>.md the kind's input (completed with a URL, glob or command) or its `expect`. Undefined for the rest
 * (the format's outline, a `thresholds:` alone, an `expect` of a kind checked elsewhere).
 */
function asScenario(doc: unknown, text: string, file: string): string | undefined {
  if (Array.isArray(doc)) return `name: example\nsteps:\n${indent(text, 2)}`;
  if (!doc || typeof doc !== "object") return undefined;
  const m = doc as Record<string, unknown>;
  if (KINDS.some((k) => k in m)) return `name: example\nsteps:\n  -\n${indent(text, 4)}`;
  if (Array.isArray(m.steps) && !("name" in m)) return `name: example\n${text}`;
  const kind = /^docs\/steps\/(\w+)\.md$/.exec(file)?.[1];
  const base = kind === undefined ? undefined : BASE[kind];
  if (base === undefined) return undefined;
  const input = ["expect", "capture", "run", "url", "glob"].some((k) => k in m);
  const lines = Object.entries(base).filter(([k]) => !(k in m)).map(([k, v]) => `      ${k}: ${v}\n`).join("");
  return `name: example\nsteps:\n  - ${kind}:\n${lines}${input ? indent(text, 6) : `      expect:\n${indent(text, 8)}`}`;
}

/** The first line of a CI configuration example. */
const CI_EXAMPLE = /^# (GitHub Actions|GitLab CI)\n/;

const files = [join(REPO, "README.md"), join(REPO, "compose", "README.md"), ...markdownFiles(join(REPO, "docs"))];

describe("YAML examples in README.md, compose/README.md and docs/", () => {
  // The examples are written as a file under scenarios/ would be: the compose files they name are this repository's.
  test("every ../compose/… file an example names is in the repository", () => {
    const named = files.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/\.\.\/compose\/[\w./${}-]+\.ya?ml/g)]
      .flatMap((m) => ["real", "local"].map((stack) => ({ where: relative(REPO, file), path: m[0].replaceAll("${STACK}", stack) }))));
    expect(named.length).toBeGreaterThan(3);
    expect(named.filter((n) => !existsSync(join(REPO, "scenarios", n.path)))).toEqual([]);
  });

  test("there are examples, and whole scenarios among them", () => {
    const blocks = files.flatMap(yamlBlocks);
    expect(blocks.length).toBeGreaterThan(20);
    expect(blocks.filter((b) => isScenario(parseAllDocuments(b.text)[0]?.toJS())).length).toBeGreaterThan(0);
    // Most are loaded, not only parsed: steps, a step, a step's input or expect.
    const loaded = files.flatMap((f) => yamlBlocks(f).filter((b) => {
      const doc: unknown = parseAllDocuments(b.text)[0]?.toJS();
      return isScenario(doc) || asScenario(doc, b.text, relative(REPO, f)) !== undefined;
    }));
    expect(loaded.length).toBeGreaterThanOrEqual(22);
  });

  for (const file of files) {
    for (const block of yamlBlocks(file)) {
      const where = `${relative(REPO, file)}:${block.line}`;
      test(`${where} is valid YAML, and loads when it is a scenario, steps, a step, or a files, http or shell step's input or expect`, async () => {
        const docs = parseAllDocuments(block.text);
        const problems = docs.flatMap((d) => ("errors" in d ? d.errors.map((e) => e.message) : []));
        expect(problems).toEqual([]);
        const doc: unknown = docs[0]?.toJS();
        // A CI configuration (README's "# GitHub Actions", "# GitLab CI"): checked by running it below.
        if (CI_EXAMPLE.test(block.text)) return;
        const text = isScenario(doc) ? block.text : asScenario(doc, block.text, relative(REPO, file));
        if (text === undefined) return;
        // Written one folder down, so the `../compose/…` paths such examples use stay inside the temp dir.
        const dir = tempDir("doc-example-");
        mkdirSync(join(dir, "scenarios"));
        writeFileSync(join(dir, "scenarios", "example.yaml"), text);
        const env = { API_KEY: "k-123456", API_URL: "http://127.0.0.1:1", LOKI_URL: "http://127.0.0.1:1", VLLM_URL: "http://127.0.0.1:1", PROM_URL: "http://127.0.0.1:1", STACK: "local", LOGS_ROOT: dir };
        const loading = loadScenario("scenarios/example.yaml", { sources: { cli: {}, envFile: {}, env }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
        expect(await loadErrorText(loading)).toBe("");
      });
    }
  }
});

describe("CI examples in README.md", () => {
  // A glob such as reports/*.xml took each run's report, its latest.xml copy and the summaries holding its suite again:
  // every test counted two to four times in the CI's JUnit view.
  test("the JUnit paths they give take each scenario's suite once, after a run of several files and a run of one", async () => {
    const examples = yamlBlocks(join(REPO, "README.md")).filter((b) => CI_EXAMPLE.test(b.text));
    expect(examples.map((b) => b.text.split("\n")[0])).toEqual(["# GitHub Actions", "# GitLab CI"]);
    const paths = examples.map((b) => {
      const m = /^\s*(?:path|junit): (\S+)$/m.exec(b.text);
      expect(m).not.toBeNull();
      return m![1]!;
    });
    const dir = tempDir("doc-ci-");
    mkdirSync(join(dir, "scenarios"));
    for (const name of ["one", "two"]) writeFileSync(join(dir, "scenarios", `${name}.yaml`), `name: ${name}\nsteps:\n  - shell: { run: [/bin/sh, -c, "exit 0"] }\n`);
    // A run of one file first: its reports stay in the folder, as a CI's cache or a developer's checkout keeps them.
    expect((await runCli(["run", "scenarios/one.yaml", "--report", "junit", "--quiet"], { cwd: dir })).code).toBe(0);
    expect((await runCli(["run", "scenarios/", "--report", "junit", "--quiet"], { cwd: dir })).code).toBe(0);
    for (const path of paths) {
      const matched = [...new Bun.Glob(path).scanSync({ cwd: dir })];
      const suites = matched.flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]));
      expect({ path, suites: suites.sort() }).toEqual({ path, suites: ["one", "two"] });
    }
  });
});

describe("commands for scenarios/full-stack.yaml in the docs", () => {
  // docs/command-line.md's "Cancelled in CI" gave --var PROJECT=ci-… and then took down the project ci-…, while the
  // scenario read no PROJECT: its stack stayed up under full-stack-logging-integration-<run id>.
  test("every --var NAME they give is a variable the scenario declares, and a compose project they take down is one it is given", () => {
    const scenario = parseAllDocuments(readFileSync(join(REPO, "scenarios", "full-stack.yaml"), "utf8"))[0]!.toJS() as { vars: Record<string, unknown> };
    const declared = Object.keys(scenario.vars);
    const undeclared: string[] = [];
    const projects: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, "utf8");
      for (const block of text.matchAll(/```(?:sh|yaml)\n([\s\S]*?)```/g)) {
        const lines = block[1]!.split("\n").filter((l) => /\bfull-stack\.yaml\b/.test(l));
        for (const line of lines) {
          for (const m of line.matchAll(/--var\s+([A-Za-z_]\w*)=(\S*)/g)) {
            if (!declared.includes(m[1]!)) undeclared.push(`${relative(REPO, file)}: --var ${m[1]}`);
            if (m[1] === "PROJECT") projects.push(m[2]!);
          }
        }
        // The project a block takes down after a run given --var PROJECT=… is that one.
        for (const m of block[1]!.matchAll(/docker compose -p (\S+) down/g)) if (projects.length > 0) expect(projects).toContain(m[1]!);
      }
    }
    expect(undeclared).toEqual([]);
    const compose = (scenario as unknown as { steps: { compose?: { project?: string } }[] }).steps.filter((s) => s.compose);
    // The docs give one (docs/command-line.md's "Cancelled in CI"): a check with none would check nothing.
    expect(projects.length).toBeGreaterThan(0);
    expect(compose.map((s) => s.compose!.project)).toEqual(compose.map(() => "${PROJECT}"));
  });
});

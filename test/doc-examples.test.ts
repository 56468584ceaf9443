// The YAML examples of README.md, compose/README.md and docs/ are what users copy first: every one is valid YAML, and every one that is a
// whole scenario (a `name:` and a list of step mappings) loads. Step kinds' own pages are checked field by field in
// lib/steps/query-docs.test.ts; this catches what no schema sees, such as a flow mapping a `[` ends early.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";
import { loadScenario } from "../lib/loader/load.ts";
import { builtins } from "../lib/vars/scope.ts";
import { tempDir } from "./helpers/cli.ts";
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
  });

  for (const file of files) {
    for (const block of yamlBlocks(file)) {
      const where = `${relative(REPO, file)}:${block.line}`;
      test(`${where} is valid YAML, and loads when it is a whole scenario`, async () => {
        const docs = parseAllDocuments(block.text);
        const problems = docs.flatMap((d) => ("errors" in d ? d.errors.map((e) => e.message) : []));
        expect(problems).toEqual([]);
        const doc: unknown = docs[0]?.toJS();
        if (!isScenario(doc)) return;
        // Written one folder down, so the `../compose/…` paths such examples use stay inside the temp dir.
        const dir = tempDir("doc-example-");
        mkdirSync(join(dir, "scenarios"));
        writeFileSync(join(dir, "scenarios", "example.yaml"), block.text);
        const env = { API_KEY: "k-123456", API_URL: "http://127.0.0.1:1", LOKI_URL: "http://127.0.0.1:1", VLLM_URL: "http://127.0.0.1:1", LOGS_ROOT: dir };
        const loading = loadScenario("scenarios/example.yaml", { sources: { cli: {}, envFile: {}, env }, builtins: (d) => builtins("r1", new Date(0), d) }, dir);
        expect(await loadErrorText(loading)).toBe("");
      });
    }
  }
});

// Every YAML example in docs/steps/logql.md and promql.md validates against its step's schema; the load error
// docs/logql-embedded.md quotes is the one the tool prints.
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { loadScenario } from "../loader/load.ts";
import { builtins } from "../vars/scope.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { step as logql } from "./logql.ts";
import { step as promql } from "./promql.ts";
import type { Step } from "./types.ts";
import { LOKI_ONLY_UNSUPPORTED } from "../logql/template-funcs.ts";
import { KEYWORDS_UNSUPPORTED } from "../logql/template.ts";

/** A docs block is a list of steps, a step's mapping (`logql: …`), its inputs with `expect`, or an `expect` fragment. */
function inputsOf(block: unknown, kind: string, base: Record<string, unknown>): unknown[] {
  if (Array.isArray(block)) return block.flatMap((s) => (s && typeof s === "object" && kind in s ? [(s as Record<string, unknown>)[kind]] : []));
  if (!block || typeof block !== "object") return [];
  const m = block as Record<string, unknown>;
  if (kind in m) return [m[kind]];
  if ("expect" in m || "query" in m) return [{ ...base, ...m }];
  return [{ ...base, expect: m }];
}

const docs: [string, Step, Record<string, unknown>][] = [
  ["logql.md", logql, { url: "http://127.0.0.1:3100", query: "sum(count_over_time({a=\"b\"}[1m]))" }],
  ["promql.md", promql, { url: "http://127.0.0.1:9090", query: "up" }],
];

for (const [file, step, base] of docs) {
  describe(`docs/steps/${file}`, () => {
    const text = readFileSync(join(import.meta.dir, "../../docs/steps", file), "utf8");
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!) as unknown);
    test("has examples", () => expect(blocks.length).toBeGreaterThanOrEqual(3));
    blocks.forEach((block, i) => {
      test(`example ${i + 1} is valid`, () => {
        const inputs = inputsOf(block, step.kind, base);
        expect(inputs.length).toBeGreaterThan(0);
        for (const input of inputs) expect(step.schema.safeParse(input).error?.issues ?? []).toEqual([]);
      });
    });
  });
}

test("docs/logql-embedded.md quotes the load error of an unsupported query as the tool prints it", async () => {
  const text = readFileSync(join(import.meta.dir, "../../docs/logql-embedded.md"), "utf8");
  const quoted = /```\n(scenario\.yaml:[\s\S]*?)```/.exec(text)![1]!;
  // The scenario the quote comes from: its query is the one the quote shows.
  const query = /^ {2}(\S.*)$/m.exec(quoted)![1]!;
  const dir = tempDir("logql-doc-");
  writeFileSync(join(dir, "scenario.yaml"), `name: example\nsteps:\n  - logql:\n      files: { "app.log": {} }\n      query: '${query}'\n`);
  const printed = await loadErrorText(loadScenario("scenario.yaml", { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir));
  expect(`${printed}\n`).toStartWith(quoted);
});

test("docs/logql-embedded.md lists exactly the template functions and actions the engine refuses, with the error it prints", async () => {
  const text = readFileSync(join(import.meta.dir, "../../docs/logql-embedded.md"), "utf8");
  const list = /In `line_format` and `label_format` templates the engine refuses at load[^\n]*\n[^\n]*\n\n((?:- [\s\S]*?\n)+)\n/.exec(text)![1]!;
  const items = list.split(/\n(?=- )/);
  const fnItem = items.find((i) => i.startsWith("- the functions"))!;
  const actionItem = items.find((i) => i.startsWith("- the actions"))!;
  const varItem = items.find((i) => i.startsWith("- variables"))!;
  const names = (s: string) => [...s.split(":")[0]!.matchAll(/`(?:\{\{)?([A-Za-z]+)(?:\}\})?`/g)].map((m) => m[1]!).sort();
  expect(names(fnItem)).toEqual([...LOKI_ONLY_UNSUPPORTED].sort());
  expect(names(actionItem)).toEqual([...KEYWORDS_UNSUPPORTED].sort());
  const quoted = (item: string) => /``(.*?)``/.exec(item)![1]!;
  const loadError = async (template: string) => {
    const dir = tempDir("logql-doc-");
    const query = `{a="b"} | label_format x="${template}"`;
    writeFileSync(join(dir, "scenario.yaml"), `name: example\nsteps:\n  - logql:\n      files: { "app.log": {} }\n      query: '${query}'\n`);
    return loadErrorText(loadScenario("scenario.yaml", { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir));
  };
  // Each one refused as the docs quote it (the quote's name swapped for the one tried; the stage starts at col 9).
  const at = (s: string) => s.replace("(line 1, col 18)", "(line 1, col 9)");
  for (const fn of LOKI_ONLY_UNSUPPORTED) {
    expect(await loadError(`{{ ${fn} .x }}`)).toContain(at(quoted(fnItem).replace("function call", `function ${fn}`)));
  }
  for (const action of KEYWORDS_UNSUPPORTED) {
    expect(await loadError(`{{ ${action} .x }}`)).toContain(at(quoted(actionItem).replace("{{range}}", `{{${action}}}`)));
  }
  expect(await loadError("{{ $x := .a }}")).toContain(at(quoted(varItem)));
  expect(await loadError("{{ $ }}")).toContain(at(quoted(varItem)));
});

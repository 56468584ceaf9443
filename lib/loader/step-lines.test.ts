// Tests of the step-line finder: the cheap scan, and the loader's lines on the fast and exact paths.
import { expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { scanListItemLines } from "./step-lines.ts";
import { loadScenario } from "./load.ts";

const opts = { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) };

async function load(text: string) {
  const dir = mkdtempSync(join(tmpdir(), "step-lines-"));
  writeFileSync(join(dir, "s.yaml"), text);
  return (await loadScenario("s.yaml", opts, dir)).scenario;
}

test("the scan finds each item of a block list, past block scalars and nested lists", () => {
  const text = ["name: x", "steps:", "  # first", "  - name: a", "    shell: |", "      - not an item", "    tags: [a]", "", "  - sleep: 1ms", "    x:", "      - nested", "teardown:", "- sleep: 1ms"].join("\n");
  expect(scanListItemLines(text, "steps")).toEqual([4, 9]);
  expect(scanListItemLines(text, "teardown")).toEqual([13]);
  expect(scanListItemLines("steps: [a, b]", "steps")).toBeUndefined();
});

test("the loader records each step's line on the fast path", async () => {
  const s = await load(["name: x", "steps:", "  - sleep: 1ms", "  - name: b", "    sleep: 1ms", "teardown:", "  - sleep: 1ms", ""].join("\n"));
  expect(s.steps.map((x) => x.line)).toEqual([3, 4]);
  expect(s.teardown.map((x) => x.line)).toEqual([7]);
});

test("a flow list or merge keys still get exact lines", async () => {
  const s = await load(["name: x", "x-base: &b", "  sleep: 1ms", "steps: [", "  {sleep: 1ms},", "  {<<: *b, name: two}", "]", ""].join("\n"));
  expect(s.steps.map((x) => x.line)).toEqual([5, 6]);
});

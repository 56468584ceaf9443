// Tests of the step-line finder: the cheap scan, and the loader's lines on the fast and exact paths.
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../test/helpers/random.ts";
import { scanListItemLines } from "./step-lines.ts";
import { loadScenario } from "./load.ts";
import { tempDir } from "../../test/helpers/cli.ts";

const opts = { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) };

async function load(text: string) {
  const dir = tempDir("step-lines-");
  writeFileSync(join(dir, "s.yaml"), text);
  return (await loadScenario("s.yaml", opts, dir)).scenario;
}

test("the scan finds each item of a block list, past block scalars and nested lists", () => {
  const text = ["name: x", "steps:", "  # first", "  - name: a", "    shell: |", "      - not an item", "    tags: [a]", "", "  - sleep: 1ms", "    x:", "      - nested", "teardown:", "- sleep: 1ms"].join("\n");
  expect(scanListItemLines(text, "steps")).toEqual([4, 9]);
  expect(scanListItemLines(text, "teardown")).toEqual([13]);
  expect(scanListItemLines("steps: [a, b]", "steps")).toBeUndefined();
});

/** The scan as first written (split into lines, trimStart, a regex per line): what the in-place scan must return. */
function referenceScan(source: string, key: string): number[] | undefined {
  const lines = source.split("\n");
  const head = lines.findIndex((l) => new RegExp(`^${key}\\s*:\\s*(#.*)?\\r?$`).test(l));
  if (head < 0) return undefined;
  const found: number[] = [];
  let itemCol = -1;
  let blockScalarCol = -1;
  for (let i = head + 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, "");
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const col = line.length - trimmed.length;
    if (blockScalarCol >= 0 && col > blockScalarCol) continue;
    blockScalarCol = -1;
    if (col === 0 && !trimmed.startsWith("-")) break;
    if (trimmed === "-" || trimmed.startsWith("- ")) {
      if (itemCol < 0) itemCol = col;
      if (col === itemCol) found.push(i + 1);
    } else if (col <= itemCol) break;
    if (itemCol < 0) return undefined;
    if (/:\s*[|>][-+0-9]*\s*(#.*)?$/.test(trimmed)) blockScalarCol = col;
  }
  return found;
}

/** Line pieces the scan reads differently: indentation (spaces, tabs, other whitespace), items, comments, block scalar heads, line ends. */
const INDENTS = ["", "", " ", "  ", "  ", "    ", "      ", "\t", " \t", "\u00a0 ", "\u2028", "\ufeff", "\r", "\v"];
const BODIES = ["- ", "-", "- name: a", "-x", "- - b", "name: a", "# c", "#", "shell: |", "run: >-", "text: |2 # c", "x: | y", "- run: |+", "- run: >-", "- a: > # c", "a: '|'", "b: \"x\" >", "|", ":|", "steps:", "steps: # c", "teardown:", "steps: [a]", "- sleep: 1ms", "tags: [a, b]", "", "\u00e9: 1", "\r"];
const ENDS = ["\n", "\n", "\n", "\r\n", "\r\r\n", "\n\n", "\r"];

function randomText(rand: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const lines = ["name: x", pick(["steps:", "steps:  # list", "steps :", "steps:\r", "teardown:", "  steps:"])];
  for (let n = Math.floor(rand() * 12); n > 0; n--) lines.push(pick(INDENTS) + pick(BODIES) + pick(ENDS));
  if (rand() < 0.3) lines.push("teardown:\n", "  - sleep: 1ms\n");
  return lines[0] + "\n" + lines[1] + "\n" + lines.slice(2).join("");
}

test("the in-place scan returns what the split-and-trim scan returns, on 20,000 generated texts", () => {
  const rand = seededRandom(7);
  let lists = 0;
  for (let i = 0; i < 20_000; i++) {
    const text = randomText(rand);
    for (const key of ["steps", "teardown"]) {
      const want = referenceScan(text, key);
      if (want?.length) lists++;
      expect({ text, key, lines: scanListItemLines(text, key) }).toEqual({ text, key, lines: want });
    }
  }
  expect(lists).toBeGreaterThan(5_000);
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

// The written-key count reads the two common line forms before counting indentation: the same count as line by line, on generated texts and the shipped scenarios.
import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { seededRandom } from "../../test/helpers/random.ts";
import { REPO } from "../../test/helpers/cli.ts";
import { writtenKeys } from "./written-keys.ts";

/** Line pieces: indentation, list dashes, common and uncommon lines, block scalar heads and their text, markers, line ends. */
const INDENTS = ["", "", "  ", "    ", "      ", " ", "\t", "  \t"];
const DASHES = ["", "", "- ", "- - ", "-  "];
const BODIES = [
  "name: a", "url: http://127.0.0.1:1/items/1", "status: 200", 'json: { "$.id": 1 }', "json: {a: 1}", "json: { a: 1, b: 2 }", "k:", '"q": x',
  "run: |", "run: >-", "text: |2", "x: | # c", "- |", "a: b: c", "a: 'x: y'", 'a: "x: y"', "a: [1, 2]", "a: {", "}", "? k", ": v", "&a k: 1",
  "k: *a", "!!str k: 1", "<<: *a", "# comment", "", "---", "--- # doc", "...", "%YAML 1.2", "a: b # c: d", "k: v:w", "plain text line", "a:b",
];
const ENDS = ["\n", "\n", "\n", "\r\n", "\r", ""];

function randomText(rand: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  let text = "";
  for (let n = 1 + Math.floor(rand() * 14); n > 0; n--) text += pick(INDENTS) + pick(DASHES) + pick(BODIES) + pick(ENDS);
  return text;
}

test("the count with the common forms read first equals the line-by-line count, on 30,000 generated texts", () => {
  const rand = seededRandom(11);
  let counted = 0;
  for (let i = 0; i < 30_000; i++) {
    const text = randomText(rand);
    const lineByLine = writtenKeys(text, false);
    if (lineByLine !== undefined) counted++;
    expect({ text, keys: writtenKeys(text) }).toEqual({ text, keys: lineByLine });
  }
  expect(counted).toBeGreaterThan(5_000);
});

/** Lines with a `{` where a run of common lines must stop (in a plain value, in a quoted key) or may go on (a one-pair flow line). */
const BRACE_BODIES = ["a: x{y", '"k{": v', '"k{": { a: 1 }', 'k: { "a{": 1 }', "k: {b: 1}", 'k: { "$.id": 12 }', "url: http://h:1/{x}", "a: {}", "a: { b: 1 } # c"];

test("runs of common lines, braces among them, give the line-by-line count, on 30,000 generated texts", () => {
  const rand = seededRandom(23);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const bodies = [...BODIES, ...BRACE_BODIES, ...BRACE_BODIES, "name: a", "status: 200", 'json: { "$.id": 1 }'];
  let counted = 0;
  for (let i = 0; i < 30_000; i++) {
    let text = "";
    for (let n = 1 + Math.floor(rand() * 20); n > 0; n--) text += (rand() < 0.8 ? pick(["", "  ", "    "]) : pick(INDENTS)) + pick(DASHES) + pick(bodies) + (rand() < 0.85 ? "\n" : pick(ENDS));
    const lineByLine = writtenKeys(text, false);
    if (lineByLine !== undefined) counted++;
    expect({ text, keys: writtenKeys(text) }).toEqual({ text, keys: lineByLine });
  }
  expect(counted).toBeGreaterThan(5_000);
});

test("the same count on every shipped scenario and on a benchmark-style file", () => {
  const dir = join(REPO, "scenarios");
  const texts = readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => readFileSync(join(dir, f), "utf8"));
  expect(texts.length).toBeGreaterThan(0);
  texts.push(["name: b", "steps:", ...Array.from({ length: 50 }, (_, i) => [`  - name: item ${i}`, "    http:", `      url: http://127.0.0.1:1/items/${i}`, "      expect:", "        status: 200", `        json: { "$.id": ${i} }`]).flat()].join("\n") + "\n");
  for (const text of texts) expect(writtenKeys(text)).toBe(writtenKeys(text, false)!);
  expect(writtenKeys(texts.at(-1)!)).toBe(2 + 50 * 7);
});

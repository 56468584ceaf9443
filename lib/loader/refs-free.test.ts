// A text without "${" or a backslash skips the variable walks: the same analysis as with them, and escapes still reach the checks.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidInput } from "../core/invalid-input.ts";
import { analyze } from "./analyze.ts";
import { loadScenario } from "./load.ts";
import { textMayHoldRefs } from "./variables.ts";
import { tempDir } from "../../test/helpers/cli.ts";

const opts = { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) };

describe("textMayHoldRefs", () => {
  test("only a text with ${ or a backslash may hold a reference", () => {
    expect(textMayHoldRefs("a: ${B}")).toBe(true);
    expect(textMayHoldRefs('a: "\\x24{B}"')).toBe(true);
    expect(textMayHoldRefs('a: "$\\\n  {B}"')).toBe(true);
    expect(textMayHoldRefs("a: $ {B}\nb: '$'\nc: |\n  $\n  {B}\n")).toBe(false);
    for (const yaml of ['a: "\\x24{B}"', 'a: "\\u0024{B}"', 'a: "$\\\n  {B}"']) expect(Bun.YAML.parse(yaml)).toEqual({ a: "${B}" });
  });
});

describe("analysis without the variable walks", () => {
  const texts = [
    "name: t\nsteps:\n  - http: {url: http://127.0.0.1:1/, expect: {status: 200}}\n",
    "name: t\nvars: {A: 1}\nsteps:\n  - shell: {run: echo $A, capture: {x: stdout}}\n  - sleep: 1ms\n",
    "name: t\nsteps:\n  - http: {url: http://127.0.0.1:1/, method: 'GE T'}\n",
    "name: t\nsteps: []\n",
  ];
  for (const text of texts) {
    test(`equals the full analysis: ${JSON.stringify(text.slice(8, 60))}`, async () => {
      expect(textMayHoldRefs(text)).toBe(false);
      const root = Bun.YAML.parse(text) as Record<string, unknown>;
      const full = await analyze(root, "/tmp", opts, true);
      const skipped = await analyze(root, "/tmp", opts, false);
      expect({ issues: skipped.issues, parsed: skipped.parsed }).toStrictEqual({ issues: full.issues, parsed: full.parsed });
    });
  }

  test("a reference written as an escape is still checked", async () => {
    const dir = tempDir("scenario-refs-");
    writeFileSync(join(dir, "s.yaml"), 'name: t\nsteps:\n  - http:\n      url: "http://h/\\x24{NOPE}"\n');
    const error = await loadScenario("s.yaml", opts, dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInput);
    expect((error as InvalidInput).format()).toContain("s.yaml:4:22: undefined variable ${NOPE}: define it under vars:");
  });
});

// `scenario --help`, docs/command-line.md's options table and README's command-line block name the same options (and
// the parser knows exactly those): a new option, or one renamed, cannot reach one of them and not the others.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BOOL_FLAGS, USAGE, VALUE_FLAGS } from "../lib/cli/args.ts";
import { REPO, runCli, tempDir, writeScenario } from "./helpers/cli.ts";

const DOC = readFileSync(join(REPO, "docs/command-line.md"), "utf8");
const README = readFileSync(join(REPO, "README.md"), "utf8");

/** Every option named in a text: `--word` or `-x`, not a hyphen inside a word (`1-based`, `latest-summary`). */
function optionsIn(text: string): Set<string> {
  return new Set([...text.matchAll(/(?<![\w-])(--?[a-z][a-z-]*)/g)].map((m) => m[1]!));
}

/** The text of a section, from its heading to the next heading of its level. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThanOrEqual(0);
  const level = heading.split(" ")[0]!;
  const end = text.indexOf(`\n${level} `, start + heading.length + 2);
  return text.slice(start, end < 0 ? undefined : end);
}

/** The options table of docs/command-line.md: each row's first cell, split into its items (`--quiet`, `-q`). */
function docRows(): string[][] {
  return section(DOC, "## Options")
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => line.split(" | ")[0]!.slice(2).split(", ").map((item) => item.replace(/^`|`$/g, "")));
}

const sorted = (s: Iterable<string>) => [...s].sort();

describe("the command line's options: --help, docs/command-line.md, README", () => {
  test("--help names exactly the options the parser takes", () => {
    expect(sorted(optionsIn(USAGE))).toEqual(sorted([...BOOL_FLAGS, ...VALUE_FLAGS, "-h", "-q", "-v"]));
  });

  test("docs/command-line.md's table has a row for every option --help prints, and no other", () => {
    const documented = docRows().flat().map((item) => item.split(" ")[0]!);
    expect(documented.length).toBe(new Set(documented).size);
    expect(sorted(documented)).toEqual(sorted(optionsIn(USAGE)));
  });

  test("each option's argument in the table is the one --help shows (`--var K=V`, `--jobs N`)", () => {
    for (const item of docRows().flat()) {
      const [name, arg] = item.split(" ");
      if (arg !== undefined) expect(USAGE).toContain(`${name} ${arg}`);
      // An option --help shows with an argument has it in the table too.
      const shown = new RegExp(`(?<![\\w-])${name} ([A-Z][A-Z=/]*)\\b`).exec(USAGE);
      expect(`${name}${shown ? ` ${shown[1]}` : ""}`).toBe(item);
    }
  });

  test("each default --help states is the table's default", () => {
    const defaults = [...USAGE.matchAll(/^ {2}(--[a-z-]+)[^\n]*?\(default:? ([^);]+)/gm)].map((m) => [m[1]!, m[2]!.trim()] as const);
    expect(defaults.map(([name]) => name)).toEqual(["--report-dir", "--no-color", "--jobs"]);
    const rows = section(DOC, "## Options").split("\n").filter((line) => line.startsWith("| `"));
    for (const [name, value] of defaults) {
      const row = rows.find((r) => r.startsWith(`| \`${name}`))!;
      const cell = row.split(" | ")[1]!.replaceAll("`", "");
      expect(cell).toBe(value);
    }
  });

  test("README's command-line block names every option --help prints, and no other", () => {
    const block = section(README, "## Command line").split("```")[1]!;
    expect(sorted(optionsIn(block))).toEqual(sorted(optionsIn(USAGE)));
    expect(README).toContain("[docs/command-line.md](docs/command-line.md#options)");
  });

  test("README and --help describe list and the exit code 1 alike", () => {
    const listLine = (text: string) => /scenario list FILE +(.*)/.exec(text)![1];
    expect(listLine(README)).toBe(listLine(USAGE));
    expect(USAGE).toContain("1 a step failed or a threshold was crossed,");
    expect(README).toContain("`1` a step failed or a threshold was crossed,");
  });

  test("list prints what --help says it does: each step's kind, id, service, tags and line", async () => {
    expect(USAGE).toContain("list a scenario's steps with their kinds, ids, services, tags and lines");
    const dir = tempDir();
    const file = writeScenario(dir, `name: listed\nsteps:\n  - name: one\n    id: first\n    service: api\n    tags: [smoke, us-1]\n    shell: { run: "true" }\n`);
    const r = await runCli(["list", file], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("listed (scenario.yaml)\n   1. one  [shell id=first service=api tags=smoke,us-1]  line 3\n");
  });
});

// `scenario --help`, docs/command-line.md's options table and README's command-line block name the same options (and
// the parser knows exactly those): a new option, or one renamed, cannot reach one of them and not the others.
// Its table of what the first Ctrl-C prints is what lib/cli/run-phase.ts prints.
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BOOL_FLAGS, USAGE, VALUE_FLAGS } from "../lib/cli/args.ts";
import { firstInterruptText } from "../lib/cli/interrupts.ts";
import { interruptMessage, type RunPhase } from "../lib/cli/run-phase.ts";
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

test("docs/command-line.md's table of the first interrupt's line is what the tool prints in each phase", () => {
  const rows = section(DOC, "## Ctrl-C and SIGTERM").split("\n").filter((line) => /^\| [a-z]/.test(line) && !line.startsWith("| when"));
  const phases: Record<string, RunPhase> = {
    "before the first step (loading, preflight)": "starting", "a main step running": "step", "between main steps": "between-steps",
    "teardown running (or next)": "teardown", "cleanup of the run's resources": "cleanup", "writing the reports": "reports",
    "waiting for another run's lock on the --update-doc document": "document", "reports written, exiting": "ended",
  };
  expect(rows.map((r) => r.split(" | ")[0]!.slice(2).replaceAll("`", ""))).toEqual(Object.keys(phases));
  for (const row of rows) {
    const [when, does, again] = row.split(" | ").map((cell) => cell.replace(/^\| /, "").replace(/ \|$/, "").replaceAll("`", ""));
    const phase = phases[when!]!;
    // The table's N is 2: two steps after the running one, or two left between steps.
    const printed = interruptMessage({ phase, mainLeft: phase === "step" ? 3 : 2, teardownSteps: 1, document: "FILE" }, "SIGINT");
    expect({ does: printed.does, again: printed.again }).toEqual({ does: does!.replaceAll(" N ", " 2 "), again: again! });
  }
  // Without teardown and with nothing after the running step, the parts the docs say are left out are left out.
  expect(interruptMessage({ phase: "step", mainLeft: 1, teardownSteps: 0 }).does).toBe("stopping the running step, then cleanup and reports");
  expect(DOC).toContain("`then teardown,` is left out when the scenario has none, and\n`skipping …,` when no main step is left to skip.");
  expect(interruptMessage({ phase: "step", mainLeft: 3, teardownSteps: 1 }, "SIGTERM").again).toStartWith("send SIGTERM again");
  expect(interruptMessage({ phase: "step", mainLeft: 3, teardownSteps: 1 }, "SIGHUP").again).toStartWith("send SIGHUP again");
  expect(firstInterruptText("SIGINT", new Map(), 2)).toBe("SIGINT: files not yet started are not run (press Ctrl-C again to kill everything now)");
  expect(DOC).toContain("`SIGINT: files not yet started are not run (press Ctrl-C\nagain to kill everything now)`");
});

// ${NAME} in bash command lines: values reach bash through the environment, never as code, whatever the quoting around them.
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bashCommand, type BashCommand } from "./shell-refs.ts";
import { displayable, randomPayload, runDisplayed, runShape, SHAPES } from "../../test/hardening/shell-shapes.ts";
import { seededRandom } from "../../test/helpers/random.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";

const dir = mkdtempSync(join(tmpdir(), "shell-refs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const marker = join(dir, "pwned");

/** Values that would run a command if bash read them as code. */
const EVIL = [
  `$(touch ${marker})`,
  `\`touch ${marker}\``,
  `x; touch ${marker}`,
  `x' ; touch ${marker}; echo '`,
  `x" ; touch ${marker}; echo "`,
  `a\ntouch ${marker}\nEOF\ntouch ${marker}`,
  `--flag=$(touch ${marker})`,
  `'"$(touch ${marker})"'`,
  `\\$(touch ${marker})`,
  `a[$(touch ${marker})]`,
];

function run(text: string, vars: Record<string, string>): { stdout: string; cmd: BashCommand } {
  const cmd = bashCommand(text, (n) => vars[n], "__t_");
  if ("error" in cmd) throw new Error(cmd.error);
  const r = Bun.spawnSync(["bash", "-c", cmd.command], { env: { PATH: process.env.PATH!, ...cmd.env }, ...SYNC_CHILD_LIMIT });
  return { stdout: r.stdout.toString(), cmd };
}

/** Checks one shape with one value: printed exactly, the displayed form means the same, nothing ran. */
function check(shape: string, want: (v: string) => string, value: string): void {
  expect(runShape(shape, value)).toBe(want(value));
  expect(existsSync(marker)).toBe(false);
  if (displayable(shape, value)) expect(runDisplayed(shape, value)).toBe(want(value));
  expect(existsSync(marker)).toBe(false);
}

describe("a value is printed exactly once, never run, whatever the quoting", () => {
  for (const [shape, want] of SHAPES) {
    for (const value of [...EVIL, "plain", "", "two  words *"]) {
      test(`${JSON.stringify(shape)} with ${JSON.stringify(value)}`, () => check(shape, want, value));
    }
  }
  test("random values built from shell syntax (seeded; test/hardening/secrets-injection.ts runs thousands)", () => {
    const rand = seededRandom(8);
    for (let i = 0; i < 40; i++) {
      const value = randomPayload(rand, marker);
      for (const [shape, want] of SHAPES) check(shape, want, value);
    }
  });
});

describe("quoted heredocs, arithmetic and defaults", () => {
  test("a quoted heredoc gets the value as text (bash expands nothing there)", () => {
    expect(run("cat <<'EOF'\n${V} $HOME\nEOF", { V: "$(id)" }).stdout).toBe("$(id) $HOME\n");
  });

  test("a value that would end a quoted heredoc early is an error, not code", () => {
    const r = bashCommand("cat <<'EOF'\n${V}\nEOF", () => `x\nEOF\ntouch ${marker}`);
    expect(r).toEqual({ error: expect.stringContaining('would end it early') });
  });

  test("arithmetic takes numbers only (bash evaluates the value as an expression there)", () => {
    expect(run("echo $(( ${N} + 1 )); (( ${N} > 1 )) && echo big", { N: "41" }).stdout).toBe("42\nbig\n");
    for (const text of ["echo $(( ${N} + 1 ))", "(( ${N} > 1 ))"]) {
      expect(bashCommand(text, () => `a[$(touch ${marker})]`)).toEqual({ error: expect.stringContaining("not a number") });
    }
  });

  test("a default is used when the name is unknown; unknown names without one are left as written", () => {
    expect(run('printf %s "${NOPE:-fall back}|${V:-x}"', { V: "v" }).stdout).toBe("fall back|v");
    expect(bashCommand("echo ${NOPE}", () => undefined)).toEqual({ command: "echo ${NOPE}", env: {} });
  });

  test("$${ is bash's own expansion; its quoting is kept", () => {
    expect(run('X="a b"; printf "[%s]" $${X} "$${X}"', {}).stdout).toBe("[a][b][a b]");
  });

  test("the command carries references, the environment the values", () => {
    const { cmd } = run('echo "${V}" ${V}', { V: "secret" });
    expect(cmd.command).toBe('echo "${__t_V}" "${__t_V}"');
    expect(cmd.env).toEqual({ __t_V: "secret" });
  });

  test("a backslash before a reference stays a literal backslash", () => {
    expect(run('printf %s \\${V} "\\${V}"', { V: "v" }).stdout).toBe("\\v\\v");
  });
});

// End-to-end: a --var or an environment variable whose bytes are no UTF-8, given to the real CLI as bytes (through bash's
// printf: a JavaScript string cannot hold them). Bun decodes such a byte as U+FFFD, and `not_contains: "${BAD}"` looked
// for a text no output holds, and passed: a value the scenario reads is refused (exit 2), named, never printed.
import { describe, expect, test } from "bun:test";
import { BIN, tempDir, writeScenario } from "./helpers/cli.ts";
import { startChild } from "./helpers/bounded-spawn.ts";

const SCENARIO = 'name: bytes\nsteps:\n  - name: echo\n    shell:\n      run: echo hello\n      expect:\n        stdout: { not_contains: "${BAD}" }\n';

/** Runs `scenario run FILE` with bash, `extra` a piece of bash command line (raw bytes through printf) after the file, `envs` bash assignments before. */
function cli(dir: string, extra: string, envs = "") {
  const file = writeScenario(dir, SCENARIO);
  const script = `${envs} exec "$0" "$1" run "$2" --report-dir "$3" ${extra}`;
  return startChild(["bash", "-c", script, process.execPath, BIN, file, `${dir}/reports`], { cwd: dir, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "" } }, 60_000).done;
}

describe.if(process.platform === "linux")("values that are no UTF-8", () => {
  test("a --var whose value holds a byte that is no UTF-8 is refused, named and not shown", async () => {
    const r = await cli(tempDir(), `--var "BAD=$(printf 'caf\\xe9')"`);
    expect(r.stderr).toContain("--var BAD: its value is not UTF-8 text (a byte in it is none)");
    expect(r.stderr).not.toContain("caf");
    expect(r.code).toBe(2);
  });

  test("so is one of the environment that the scenario reads", async () => {
    const r = await cli(tempDir(), "", `BAD="$(printf 'caf\\xe9')"`);
    expect(r.stderr).toContain("environment variable BAD: its value is not UTF-8 text (a byte in it is none)");
    expect(r.stderr).not.toContain("caf");
    expect(r.code).toBe(2);
  });

  test("one of the environment the scenario does not read is no concern; a U+FFFD written as UTF-8 is a character", async () => {
    const r = await cli(tempDir(), `--var "BAD=$(printf 'caf\\xef\\xbf\\xbd')"`, `OTHER="$(printf 'caf\\xe9')"`);
    expect(r.stderr).not.toContain("not UTF-8");
    expect(r.code).toBe(0);
  });

  test("--var=NAME=VALUE is read the same way, and a --var overriding a bad environment value is what counts", async () => {
    const r = await cli(tempDir(), `--var="BAD=$(printf 'x\\xff')"`);
    expect(r.stderr).toContain("--var BAD: its value is not UTF-8 text");
    expect(r.code).toBe(2);
    const over = await cli(tempDir(), "--var BAD=fine", `BAD="$(printf 'caf\\xe9')"`);
    expect(over.code).toBe(0);
  });
});

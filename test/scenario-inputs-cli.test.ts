// End-to-end: what the command line reads that is no regular file — a FIFO in a scenario folder, a FIFO or a process
// substitution named as the scenario or --env-file — and a dangling link in a folder: never a run held deaf to Ctrl-C.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { startChild } from "./helpers/bounded-spawn.ts";

/** The CLI, killed (and the test failed) when it has not ended within 30 s: a run blocked in open() ignores SIGINT. */
function boundedCli(args: string[], cwd: string) {
  return startChild([process.execPath, BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "" } }, 30_000);
}

function mkfifo(path: string): void {
  expect(Bun.spawnSync(["mkfifo", path]).exitCode).toBe(0);
}

const marking = (dir: string, name: string) => `name: ${name}\nsteps:\n  - shell: { run: "touch ${join(dir, `${name}.ran`)}" }\n`;

describe.if(process.platform !== "win32")("inputs that are no regular file", () => {
  test("a FIFO named *.yaml in a scenario folder is refused before anything runs: exit 2, saying what it is", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sc"));
    writeScenario(join(dir, "sc"), marking(dir, "a"), "a.yaml");
    mkfifo(join(dir, "sc", "b.yaml"));
    const r = await boundedCli(["run", "sc"], dir).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("sc/b.yaml: is a FIFO (named pipe), not a scenario file: a folder's *.yaml and *.yml entries are run as files");
    expect(existsSync(join(dir, "a.ran"))).toBe(false);
  });

  test("a scenario file named directly that is a FIFO nobody writes to: the run waits, says so, and one SIGINT ends it (130)", async () => {
    const dir = tempDir();
    const fifo = join(dir, "pipe.yaml");
    mkfifo(fifo);
    const cli = boundedCli(["run", "pipe.yaml"], dir);
    await waitFor(() => cli.stderrSoFar().includes("waiting for a process to write to it"), "the note that the run waits for the FIFO's writer");
    cli.proc.kill("SIGINT");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain("pipe.yaml: a FIFO (named pipe): waiting for a process to write to it (Ctrl-C stops)");
    // Nothing is loaded: no line may promise a teardown or reports that never come.
    expect(r.stderr).not.toContain("reports still run");
    expect(r.stderr).toContain("pipe.yaml: interrupted while waiting for a process to write to this FIFO: nothing was run.");
  });

  test("an --env-file that is a FIFO nobody writes to: one SIGTERM ends the run (130)", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, marking(dir, "a"), "a.yaml");
    mkfifo(join(dir, "env.fifo"));
    const cli = boundedCli(["run", file, "--env-file", "env.fifo"], dir);
    await waitFor(() => cli.stderrSoFar().includes("waiting for a process to write to it"), "the note that the run waits for the FIFO's writer");
    cli.proc.kill("SIGTERM");
    const r = await cli.done;
    expect(r.code).toBe(130);
    expect(r.stderr).not.toContain("reports still run");
    expect(r.stderr).toContain("env.fifo: interrupted while waiting for a process to write to this FIFO: nothing was run.");
    expect(existsSync(join(dir, "a.ran"))).toBe(false);
  });

  test("a FIFO whose writer comes is read whole, the scenario and the --env-file both", async () => {
    const dir = tempDir();
    mkfifo(join(dir, "pipe.yaml"));
    mkfifo(join(dir, "env.fifo"));
    const cli = boundedCli(["run", "pipe.yaml", "--env-file", "env.fifo"], dir);
    // The writers open once the run reads: a writer opening first would wait for it (bash's `>` blocks likewise).
    await waitFor(() => cli.stderrSoFar().includes("env.fifo: a FIFO (named pipe): waiting"), "the run to wait for the --env-file's writer");
    writeFileSync(join(dir, "env.fifo"), "WHO=env\n");
    await waitFor(() => cli.stderrSoFar().includes("pipe.yaml: a FIFO (named pipe): waiting"), "the run to wait for the scenario's writer");
    writeFileSync(join(dir, "pipe.yaml"), `name: piped\nsteps:\n  - shell: { run: "echo \${WHO} > ${join(dir, "who")}" }\n`);
    const r = await cli.done;
    expect(r.code).toBe(0);
    expect(Bun.file(join(dir, "who")).size).toBeGreaterThan(0);
    expect(await Bun.file(join(dir, "who")).text()).toBe("env\n");
  });

  test("process substitution keeps working for the scenario file and --env-file", async () => {
    const dir = tempDir();
    writeScenario(dir, `name: subst\nsteps:\n  - shell: { run: "echo \${WHO} > ${join(dir, "who")}" }\n`, "src.yaml");
    const r = await startChild(["bash", "-c", `exec "$0" "$1" run <(cat src.yaml) --env-file <(echo WHO=subst)`, process.execPath, BIN], { cwd: dir, env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" } }, 30_000).done;
    expect(r.code).toBe(0);
    expect(await Bun.file(join(dir, "who")).text()).toBe("subst\n");
  });
});

test("a dangling link found in a scenario folder is said to be a link whose target does not exist", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "sc"));
  writeScenario(join(dir, "sc"), "name: a\nsteps:\n  - shell: { run: \"true\" }\n", "a.yaml");
  symlinkSync("nowhere.yaml", join(dir, "sc", "dangling.yaml"));
  const r = await boundedCli(["run", "sc"], dir).done;
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`sc/dangling.yaml: a link to nowhere.yaml, which does not exist (${join(dir, "sc", "nowhere.yaml")})`);
  expect(r.stderr).not.toContain("looked in");
});

test("a loop of links found in a scenario folder is said so, exit 2, for run and validate (it was a stack trace, exit 1)", async () => {
  const dir = tempDir();
  mkdirSync(join(dir, "sc"));
  writeScenario(join(dir, "sc"), "name: a\nsteps:\n  - shell: { run: \"true\" }\n", "a.yaml");
  symlinkSync("loopb.yaml", join(dir, "sc", "loopa.yaml"));
  symlinkSync("loopa.yaml", join(dir, "sc", "loopb.yaml"));
  for (const command of ["run", "validate"]) {
    const r = await boundedCli([command, "sc"], dir).done;
    expect({ command, code: r.code }).toEqual({ command, code: 2 });
    expect(r.stderr).toContain("sc/loopa.yaml: a link to loopb.yaml, in a loop of links that never reaches a file");
    expect(r.stderr).not.toContain("ELOOP");
  }
});

test("a process substitution's descriptor that did not reach the tool (bun run hands none on) is said so, with the ways that do", async () => {
  const dir = tempDir();
  writeScenario(dir, "name: a\nsteps:\n  - shell: { run: \"true\" }\n", "a.yaml");
  // A descriptor number this process has not open: what the tool sees when a runner did not hand <(…)'s on.
  const fd = "/dev/fd/987";
  expect(existsSync(fd)).toBe(false);
  const advice = "`bun run` does not hand open descriptors on to the script it starts; start it as `npx scenario …`, `node_modules/.bin/scenario …` or `bun bin/scenario.ts …` instead";
  const direct = await boundedCli(["run", fd], dir).done;
  expect(direct.code).toBe(2);
  expect(direct.stderr).toContain(`${fd}: no such scenario file: a process substitution's descriptor (<(…)) that did not reach the tool: ${advice}`);
  const env = await boundedCli(["run", "a.yaml", "--env-file", fd], dir).done;
  expect(env.code).toBe(2);
  expect(env.stderr).toContain(`cannot read --env-file: no such file: a process substitution's descriptor (<(…)) that did not reach the tool: ${advice}`);
});

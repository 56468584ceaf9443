// End-to-end: what a new user meets first — typos, missing arguments, a --report-dir that is a file, --var warnings
// with several files, and how a failed count reads.
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { runCli, startCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";

describe("a new user's first commands", () => {
  test("with several files, a --var one of them reads is not warned about; one no file reads is, in each file's reports too", async () => {
    const dir = tempDir();
    const a = writeScenario(dir, `name: a\nsteps:\n  - shell: { run: "echo \${ONLY_A:-x}" }\n`, "a.yaml");
    const b = writeScenario(dir, `name: b\nsteps:\n  - shell: { run: "echo \${ONLY_B:-y}" }\n`, "b.yaml");
    const reports = join(dir, "reports");
    const r = await runCli([a, b, "--var", "ONLY_A=1", "--var", "ONLY_B=2", "--var", "NOBODY=3", "--report", "json", "--report-dir", reports], { cwd: dir });
    expect(r.code).toBe(0);
    const warned = r.stderr.split("\n").filter((l) => l.includes("--var"));
    expect(warned.length).toBe(2);
    expect(warned[0]).toStartWith("warning: a.yaml: --var NOBODY: ");
    expect(warned[1]).toStartWith("warning: b.yaml: --var NOBODY: ");
    const jsonReports = readdirSync(reports).filter((n) => /^[ab]-.*\.json$/.test(n));
    expect(jsonReports.length).toBe(2);
    for (const f of jsonReports) {
      const json = JSON.parse(readFileSync(join(reports, f), "utf8")) as { info: Record<string, string> };
      expect(Object.keys(json.info).filter((k) => k.includes("--var"))).toEqual(["warning: --var NOBODY"]);
    }
    const strict = await runCli([a, b, "--var", "ONLY_A=1", "--var", "ONLY_B=2", "--strict-vars", "--report-dir", reports], { cwd: dir });
    expect(strict.code).toBe(0);
    expect(strict.stderr).not.toContain("--var");
  });

  test("a timed-out command that ignores SIGTERM is SIGKILLed before the next step starts (it ran on into it: the SIGKILL came two grace periods late)", async () => {
    const dir = tempDir();
    const tag = `ignores-term-${crypto.randomUUID().slice(0, 8)}`;
    const file = writeScenario(dir, `name: term
steps:
  - name: stubborn
    timeout: 1s
    continue_on_failure: true
    shell: { run: "trap '' TERM; exec -a ${tag} sleep 300" }
  - name: nothing left
    shell: { run: "if pgrep -f '[${tag[0]}]${tag.slice(1)}'; then exit 1; fi" }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
    expect(r.stdout).toContain("error: timed out after 1.00s");
    expect(r.stdout).toContain("✓ nothing left");
    expect(r.stderr).not.toContain(tag);
  });

  test("--env-file naming a folder is refused in words, before anything runs (it was Node's \"EISDIR: illegal operation on a directory, read\")", async () => {
    const dir = tempDir();
    const ran = join(dir, "ran");
    const file = writeScenario(dir, `name: ef\nsteps:\n  - shell: { run: "touch ${ran}" }\n`);
    mkdirSync(join(dir, "envs"));
    const r = await runCli([file, "--env-file", "envs"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("envs: cannot read --env-file: it is a folder, not a file of KEY=VALUE lines\n1 error: nothing was run.\n");
    expect(existsSync(ran)).toBe(false);
  });

  test("--report-dir naming a file (or a path under one) is refused before anything runs, saying which path", async () => {
    const dir = tempDir();
    const ran = join(dir, "ran");
    const file = writeScenario(dir, `name: rd\nsteps:\n  - shell: { run: "touch ${ran}" }\n`);
    writeFileSync(join(dir, "afile"), "");
    const r = await runCli([file, "--report-dir", "afile"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`scenario: --report-dir afile: ${join(dir, "afile")} is a file, not a folder\nnothing was run.\n`);
    expect(existsSync(ran)).toBe(false);
    expect(existsSync(join(dir, ".context"))).toBe(false);
    const under = await runCli([file, "--report-dir", "afile/sub"], { cwd: dir });
    expect(under.code).toBe(2);
    expect(under.stderr).toBe(`scenario: --report-dir afile/sub: ${join(dir, "afile")} is a file, not a folder\nnothing was run.\n`);
    expect(existsSync(ran)).toBe(false);
    // A folder (existing or not yet) is fine.
    mkdirSync(join(dir, "there"));
    expect((await runCli([file, "--report-dir", "there"], { cwd: dir })).code).toBe(0);
    expect((await runCli([file, "--report-dir", "new/deeper"], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, "new/deeper/latest.md"))).toBe(true);
  });

  test("a first argument that is no file but close to a command suggests the command", async () => {
    const dir = tempDir();
    writeScenario(dir, `name: demo\nsteps:\n  - shell: { run: "true" }\n`, "demo.yaml");
    const r = await runCli(["valdate", "demo.yaml"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`valdate: no such scenario file (looked in ${dir} and ${join(dir, "scenarios")}); did you mean "scenario validate"?\n`);
    // Not after a command, and not for a name far from every command.
    const after = await runCli(["run", "valdate"], { cwd: dir });
    expect(after.stderr).toContain(`valdate: no such scenario file (looked in ${dir} and ${join(dir, "scenarios")})\n`);
    const far = await runCli(["nothing-like-it"], { cwd: dir });
    expect(far.stderr).toContain("nothing-like-it: no such scenario file (looked in");
    expect(far.stderr).not.toContain("did you mean");
  });

  test("validate and list without a file give an example of themselves", async () => {
    const dir = tempDir();
    const validate = await runCli(["validate"], { cwd: dir });
    expect(validate.code).toBe(2);
    expect(validate.stderr).toStartWith("scenario: validate needs a scenario file. e.g. scenario validate demo.yaml\n");
    const list = await runCli(["list"], { cwd: dir });
    expect(list.stderr).toStartWith("scenario: list needs a scenario file. e.g. scenario list demo.yaml\n");
  });

  test("a failed count of 0 shows the number and, plainly after it, why no file is there (no quoted, escaped text)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "logs"));
    writeFileSync(join(dir, "logs", "a.txt"), "");
    const file = writeScenario(dir, `name: count\nsteps:\n  - files:\n      glob: logs/never/*.log\n      expect: { count: { gte: 1 } }\n`);
    const reports = join(dir, "reports");
    const r = await runCli([file, "--report", "json", "--report-dir", reports], { cwd: dir });
    expect(r.code).toBe(1);
    const why = '"logs/never/*.log" matches no file: logs/never does not exist; the nearest existing directory, logs, holds: a.txt';
    expect(r.stdout).toContain(`count: expected >= 1, actual 0 — ${why}\n`);
    expect(readFileSync(join(reports, "latest.md"), "utf8")).toContain(`| \`count\` | \`>= 1\` | \`0 — ${why}\` |`);
    const json = JSON.parse(readFileSync(join(reports, "latest.json"), "utf8")) as { steps: { checks: unknown[] }[] };
    expect(json.steps[0]!.checks).toEqual([{ path: "count", expected: ">= 1", actual: 0, ok: false, note: why }]);
  });

  test("an interrupted sleep is reported interrupted, neither passed nor failed (docs/steps/sleep.md); a timed-out one fails", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: nap\nsteps:\n  - shell: { run: "true" }\n  - sleep: 5m\n`);
    const reports = join(dir, "reports");
    const { proc, done } = startCli([file, "--report", "json", "--report-dir", reports], { cwd: dir });
    const logDir = join(dir, ".context", "terminal");
    const logText = () => (existsSync(logDir) ? readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8")).join("") : "");
    await waitFor(() => logText().includes("sleep 5m00s\n"), "the sleep to start");
    proc.kill("SIGTERM");
    const r = await done;
    expect(r.code).toBe(130);
    const json = JSON.parse(readFileSync(join(reports, "latest.json"), "utf8")) as { steps: { status: string }[]; totals: Record<string, number> };
    expect(json.steps.map((s) => s.status)).toEqual(["passed", "interrupted"]);
    expect(json.totals).toMatchObject({ failed: 0, interrupted: 1 });
    const timed = writeScenario(dir, `name: short\nsteps:\n  - shell: { run: "true" }\n  - sleep: 5m\n    timeout: 100ms\n`, "timed.yaml");
    const t = await runCli([timed, "--report-dir", reports], { cwd: dir });
    expect(t.code).toBe(1);
    expect(t.stdout).toContain("error: timed out after 100ms");
  });
});

describe("what a new-user pass found", () => {
  test("list applies --tag, --skip-tag and --step as run and --dry-run do: only the selected steps, and one matching no step is an error", async () => {
    // `list F --tag nope` listed every step and exited 0, where the README calls such a flag a command-line error.
    const dir = tempDir();
    const file = writeScenario(dir, `name: sel
steps:
  - name: up
    setup: true
    shell: { run: "true" }
  - name: fast
    tags: [smoke]
    shell: { run: "true" }
  - name: slow one
    tags: [slow]
    shell: { run: "true" }
teardown:
  - name: down
    shell: { run: "true" }
`);
    const nope = await runCli(["list", file, "--tag", "nope"], { cwd: dir });
    expect([nope.code, nope.stdout]).toEqual([2, ""]);
    expect(nope.stderr).toStartWith(`scenario: --tag "nope" matches no step of scenario.yaml`);
    expect(nope.stderr).toEndWith("nothing was run.\n");
    const noStep = await runCli(["list", file, "--step", "fsat"], { cwd: dir });
    expect([noStep.code, noStep.stdout]).toEqual([2, ""]);
    expect(noStep.stderr).toContain('did you mean "fast"?');
    const smoke = await runCli(["list", file, "--tag", "smoke"], { cwd: dir });
    expect([smoke.code, smoke.stderr]).toEqual([0, ""]);
    expect(smoke.stdout).toBe(`sel (scenario.yaml)\n   1. up  [shell]  line 3\n   2. fast  [shell tags=smoke]  line 6\n  (1 step not selected)\n  teardown:\n   4. down  [shell]  line 13\n`);
    const skip = await runCli(["list", file, "--skip-tag", "slow"], { cwd: dir });
    expect(skip.stdout).toBe(`sel (scenario.yaml)\n   1. up  [shell]  line 3\n   2. fast  [shell tags=smoke]  line 6\n  (1 step not selected)\n  teardown:\n   4. down  [shell]  line 13\n`);
    // Without a selection, every step, as before.
    const all = await runCli(["list", file], { cwd: dir });
    expect(all.stdout).toBe(`sel (scenario.yaml)\n   1. up  [shell]  line 3\n   2. fast  [shell tags=smoke]  line 6\n   3. slow one  [shell tags=slow]  line 9\n  teardown:\n   4. down  [shell]  line 13\n`);
    // A scenario no run takes (it checks nothing) is still listed without a selection.
    writeScenario(dir, "name: naps\nsteps:\n  - sleep: 1s\n", "naps.yaml");
    const naps = await runCli(["list", "naps.yaml"], { cwd: dir });
    expect([naps.code, naps.stdout]).toEqual([0, "naps (naps.yaml)\n   1. sleep 1.00s  [sleep]  line 3\n"]);
  });

  test("an --env-file with a malformed line: its error, and no undefined-variable error for a name the file's other lines define", async () => {
    // With line 2 malformed, ${A} (line 1) and ${B} (line 3) were also reported undefined: errors of the one mistake.
    const dir = tempDir();
    writeFileSync(join(dir, "bad.env"), "A=1\nnot a line\nB=2\n");
    const file = writeScenario(dir, `name: ef\nsteps:\n  - shell: { run: "echo \${A} \${B} \${C}" }\n`);
    const r = await runCli([file, "--env-file", "bad.env"], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toStartWith("bad.env:2:1: expected KEY=VALUE\n");
    expect(r.stderr).not.toContain("undefined variable ${A}");
    expect(r.stderr).not.toContain("undefined variable ${B}");
    // A name the file does not define at all is still one.
    expect(r.stderr).toContain("scenario.yaml:3:35: undefined variable ${C}");
    expect(r.stderr).toEndWith("2 errors: nothing was run.\n");
  });

  test("--dry-run shows a [sh, -c, SCRIPT] step as a line that, pasted into bash, prints the value and runs none of it", async () => {
    // The plan wrote the value into the script unquoted (`sh -c 'printf %s $(touch …)'`), where the run passes it safely.
    const dir = tempDir();
    const marker = join(dir, "pwned");
    const file = writeScenario(dir, `name: dry\nsteps:\n  - shell: { run: [sh, -c, "printf %s \${X}"] }\n  - shell: { run: [printf, "%s", "\${X}"] }\n`);
    const value = `$(touch ${marker}) it's`;
    const r = await runCli([file, "--dry-run", "--var", `X=${value}`], { cwd: dir });
    expect(r.code).toBe(0);
    const shown = r.stdout.split("\n").filter((l) => l.startsWith("        $ ")).map((l) => l.slice("        $ ".length));
    expect(shown.length).toBe(2);
    for (const line of shown) {
      const pasted = Bun.spawnSync(["bash", "-c", line], { cwd: dir });
      expect([line, pasted.stdout.toString()]).toEqual([line, value]);
    }
    expect(existsSync(marker)).toBe(false);
  });

  test("--bail stops the file whose step failed; the later files of the invocation still run (docs/command-line.md says so)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sc"));
    writeScenario(join(dir, "sc"), `name: a\nsteps:\n  - shell: { run: "false" }\n  - name: after the failure\n    shell: { run: "true" }\nteardown:\n  - name: a's teardown\n    shell: { run: "true" }\n`, "a.yaml");
    writeScenario(join(dir, "sc"), `name: b\nsteps:\n  - name: b runs\n    shell: { run: "true" }\n`, "b.yaml");
    const r = await runCli(["run", "sc", "--bail"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("- after the failure (skipped: --bail after a failure)");
    expect(r.stdout).toContain("✓ teardown: a's teardown");
    expect(r.stdout).toContain("✓ b runs");
    expect(r.stdout).toContain("summary — 2 files: 1 passed, 1 failed");
  });

  test("a folder leaves out hidden files, as a glob does: Emacs's lock link (.#a.yaml) no longer fails the run and removes reports/latest*", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "sc"));
    writeScenario(join(dir, "sc"), `name: a\nsteps:\n  - shell: { run: "touch ${join(dir, "a.ran")}" }\n`, "a.yaml");
    writeScenario(join(dir, "sc"), `name: hidden\nsteps:\n  - shell: { run: "touch ${join(dir, "hidden.ran")}" }\n`, ".hidden.yaml");
    symlinkSync("me@host.123:1700000000", join(dir, "sc", ".#a.yaml"));
    const first = await runCli(["run", "sc/"], { cwd: dir });
    expect(first.code).toBe(0);
    expect(existsSync(join(dir, "a.ran"))).toBe(true);
    expect(existsSync(join(dir, "hidden.ran"))).toBe(false);
    expect(first.stderr).not.toContain(".#a.yaml");
    expect(first.stderr).not.toContain("left out");
    const again = await runCli(["run", "sc/"], { cwd: dir });
    expect(again.code).toBe(0);
    expect(existsSync(join(dir, "reports", "latest-summary.md"))).toBe(true);
    // Named, a hidden file runs.
    expect((await runCli(["run", "sc/.hidden.yaml"], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, "hidden.ran"))).toBe(true);
  });

  test("a folder leaves out the compose file beside the scenario (docs/steps/compose.md's layout), saying so; named, it is refused as before", async () => {
    const dir = tempDir();
    writeScenario(dir, `name: stack\nsteps:\n  - name: hello\n    shell: { run: "true" }\n`, "stack.yaml");
    writeFileSync(join(dir, "compose.yaml"), "services:\n  web:\n    image: nginx\n");
    const line = "scenario: compose.yaml left out: a compose file (services, no steps)\n";
    const dry = await runCli(["run", "./", "--dry-run"], { cwd: dir });
    expect(dry.code).toBe(0);
    expect(dry.stderr).toBe(line);
    expect(dry.stdout).toContain("hello");
    const validate = await runCli(["validate", "./"], { cwd: dir });
    expect(validate.code).toBe(0);
    expect(validate.stderr).toBe(line);
    expect(validate.stdout).toBe("stack.yaml: ok (1 step, 0 teardown)\n");
    const run = await runCli(["run", "./"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(line);
    expect(run.stdout).toContain("summary — 1 file: 1 passed");
    const named = await runCli(["validate", "compose.yaml"], { cwd: dir });
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('compose.yaml:1:1: unknown key "services"');
    // A folder holding nothing else is still an error, saying what it left out.
    mkdirSync(join(dir, "only"));
    writeFileSync(join(dir, "only", "compose.yaml"), "services: {}\n");
    const only = await runCli(["run", "only", "--dry-run"], { cwd: dir });
    expect(only.code).toBe(2);
    expect(only.stderr).toContain("only: this folder holds no *.yaml or *.yml scenario file: it left out only/compose.yaml, a compose file (services, no steps); name a file to run it");
  });
});

describe("a regular expression that backtracks over a long line", () => {
  // `.*out of memory` over a progress bar's 229 KB line takes JavaScript's regex engine about half a minute, during which
  // the thread running it hears no deadline and no signal: the step passed after 26 s, its `timeout: 10s` ignored, and a
  // SIGTERM sent meanwhile was lost (exit 0). The files step reads such a file on a helper thread and keeps its timeout.
  test("a files step's timeout stops it (the step fails, timed out) and teardown runs", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "logs"));
    let bar = "";
    for (let i = 0; i < 4000; i++) bar += `\r ${String(Math.floor((i * 100) / 4000)).padStart(3)}%|${"#".repeat(Math.floor((i * 30) / 4000))}| ${i}/20000 [00:01<00:00, 9000it/s]`;
    writeFileSync(join(dir, "logs", "train.log"), `epoch 1\n${bar}\ndone\n`);
    const file = writeScenario(dir, `name: oom
steps:
  - name: no OOM in the training log
    timeout: 1s
    files: { glob: "logs/train.log", expect: { not_contains: { matches: '.*out of memory' } } }
teardown:
  - shell: { run: "echo torn down" }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("✗ no OOM in the training log");
    expect(r.stdout).toContain("error: stopped while checking files: timed out after 1.00s");
    expect(r.stdout).toContain("✓ teardown:");
  });

  test("the same in a small gzip file (4 KB inflating to a 1.6 MB line)", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "logs"));
    writeFileSync(join(dir, "logs", "prog.log.gz"), gzipSync(`start\n${"[#####     ] 50% eta 00:01 ".repeat(60_000)}\nend\n`, { level: 9 }));
    const file = writeScenario(dir, `name: oom
steps:
  - name: no OOM in the gzip log
    timeout: 1s
    files: { glob: "logs/prog.log.gz", expect: { not_contains: { matches: '.*out of memory' } } }
`);
    const r = await runCli([file, "--report-dir", join(dir, "reports"), "--no-color"], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error: stopped while checking files: timed out after 1.00s");
  });
});

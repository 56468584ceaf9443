// End-to-end: two runs given one fixed compose `project:` at once, through the real CLI on a real Docker engine: the second is refused at its up (another process, or another file of one --jobs invocation), the first's stack is left alone, and the claim goes with the run (its end, Ctrl-C).
import { afterAll, expect, test } from "bun:test";
import { chmodSync, existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, stopCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { busyboxService, describeWithEngine, forceRemove, leftovers } from "./helpers/compose.ts";
import { claimFile } from "../lib/compose/claim.ts";

const projects: { cli: string; project: string }[] = [];
afterAll(async () => {
  for (const { cli, project } of projects) await forceRemove(cli, project);
});

const T = 120_000;

function withOutput(r: { code: number | null; stdout: string; stderr: string }) {
  return { code: r.code, output: `${r.stdout}\n${r.stderr}` };
}

describeWithEngine("two runs with one compose project", (engine) => {
  /** A fresh project name (pcr-…) and a folder holding its compose file. */
  function setup(what: string) {
    const project = `pcr-${what}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    projects.push({ cli: engine.cli, project });
    const dir = tempDir();
    writeFileSync(join(dir, "p.yml"), `services:\n  web:\n${busyboxService("exec sleep 600")}\n`);
    return { project, dir };
  }

  /** A scenario that brings the project up, runs `middle` (shell), then checks web still runs. */
  function scenario(dir: string, name: string, project: string, middle?: string): string {
    return writeScenario(
      dir,
      `name: ${name}
steps:
  - name: up shared
    compose: { files: [p.yml], wait: true, project: ${project} }
${middle ? `  - name: hold\n    shell: { run: ${JSON.stringify(middle)} }\n` : ""}  - name: still running
    compose: { action: ps, project: ${project}, expect: { running: [web] } }
`,
      `${name}.yaml`,
    );
  }

  test("a second process that checks while the first is bringing the project up is refused, naming its PID; the first's stack stays up", async () => {
    const { project, dir } = setup("race");
    // The docker CLI, held at the first run's `compose up` until the test lets it go: the first run has checked the
    // project (nothing there yet) and not brought it up, the moment two runs used to both pass the check.
    const shim = tempDir("docker-shim-");
    writeFileSync(
      join(shim, "docker"),
      `#!/bin/sh\nif [ -n "$PCR_HOLD" ]; then\n  for a in "$@"; do\n    if [ "$a" = up ]; then touch "$PCR_HOLD.in"; while [ ! -f "$PCR_HOLD.go" ]; do sleep 0.05; done; break; fi\n  done\nfi\nexec ${JSON.stringify(engine.cli)} "$@"\n`,
    );
    chmodSync(join(shim, "docker"), 0o755);
    const hold = join(dir, "hold");
    const first = startCli([scenario(dir, "x1", project), "--report-dir", join(dir, "r1")], { cwd: dir, env: { PATH: `${shim}:${process.env.PATH}`, PCR_HOLD: hold } });
    try {
      await waitFor(() => existsSync(`${hold}.in`), "the first run's compose up", 60_000);
      const second = await runCli([scenario(dir, "x2", project), "--report-dir", join(dir, "r2")], { cwd: dir });
      expect(withOutput(second).code).toBe(1);
      expect(second.stdout).toContain(`compose project ${project} is being brought up or used by another run (PID ${first.proc.pid}, run id `);
      expect(second.stdout).toContain("Give this run its own project");
      // The first run's stack is its own: the second neither brought it up nor took it down.
      writeFileSync(`${hold}.go`, "");
      const r = await first.done;
      expect(withOutput(r).code).toBe(0);
    } finally {
      writeFileSync(`${hold}.go`, "");
      await first.done.catch(() => undefined);
    }
    expect(existsSync(claimFile(project, process.env))).toBe(false);
    expect(await leftovers(engine.cli, project)).toEqual([]);
  }, T);

  test("--jobs 2: of two files given one project, one is refused at its up while the other holds it; --jobs 1 runs them one after the other, both passing", async () => {
    const { project, dir } = setup("jobs");
    const go = join(dir, "go");
    const a = scenario(dir, "a", project, `while [ ! -f ${go} ]; do sleep 0.1; done`);
    const b = scenario(dir, "b", project, `while [ ! -f ${go} ]; do sleep 0.1; done`);
    const reports = join(dir, "reports");
    const run = startCli(["--jobs", "2", a, b, "--report-dir", reports, "--no-color"], { cwd: dir });
    try {
      // The refused run ends on its own (its report is written) while the other waits in its hold step.
      await waitFor(() => existsSync(reports) && readdirSync(reports).some((f) => /^[ab]-.*\.md$/.test(f)), "the refused run's report", 90_000);
      writeFileSync(go, "");
      const r = await run.done;
      expect(withOutput(r).code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`compose project ${project} is being brought up or used by another run \\(run id \\w+ of this same invocation, scenario "[ab]"`));
      expect(r.stdout).toContain("2 files: 1 passed, 1 failed");
    } finally {
      writeFileSync(go, "");
      await run.done.catch(() => undefined);
    }
    expect(await leftovers(engine.cli, project)).toEqual([]);
    const serial = await runCli(["--jobs", "1", a, b, "--report-dir", join(dir, "serial")], { cwd: dir });
    expect(withOutput(serial).code).toBe(0);
    expect(existsSync(claimFile(project, process.env))).toBe(false);
    expect(await leftovers(engine.cli, project)).toEqual([]);
  }, T);

  test("Ctrl-C: the interrupted run's teardown releases the claim, and the next run brings the project up", async () => {
    const { project, dir } = setup("sigint");
    const held = join(dir, "held");
    const file = scenario(dir, "x", project, `touch ${held}; exec sleep 600`);
    const run = startCli([file, "--report-dir", join(dir, "r1")], { cwd: dir });
    try {
      await waitFor(() => existsSync(held), "the run's hold step", 60_000);
      expect(existsSync(claimFile(project, process.env))).toBe(true);
      run.proc.kill("SIGINT");
      expect(withOutput(await run.done).code).toBe(130);
    } finally {
      await stopCli(run);
    }
    expect(existsSync(claimFile(project, process.env))).toBe(false);
    const next = await runCli([scenario(dir, "y", project), "--report-dir", join(dir, "r2")], { cwd: dir });
    expect(withOutput(next).code).toBe(0);
    expect(await leftovers(engine.cli, project)).toEqual([]);
  }, T);
});

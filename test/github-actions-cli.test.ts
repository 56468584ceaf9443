// End-to-end under GitHub Actions (GITHUB_ACTIONS=true, GITHUB_STEP_SUMMARY set): with several files the step summary ends
// with every file's outcome and a refused or unrun file is annotated; no stderr line is a workflow command.
import { describe, expect, test } from "bun:test";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, startCli, stopCli, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";

/** A `docker` first on PATH whose compose answers and whose daemon does not, its error line holding workflow commands. */
function deadDaemon(dir: string): Record<string, string> {
  const bin = join(dir, "fakebin");
  mkdirSync(bin);
  writeFileSync(join(bin, "docker"), `#!/bin/sh
if [ "$1" = compose ]; then echo "Docker Compose version v2.20.0"; exit 0; fi
echo "Cannot connect to the Docker daemon
::error::from the daemon ##[stop-commands]tok" >&2
exit 1
`);
  chmodSync(join(bin, "docker"), 0o755);
  return { PATH: `${bin}:${process.env.PATH}`, SCENARIO_COMPOSE_ENGINE: "docker compose", DOCKER_HOST: "", DOCKER_CONTEXT: "" };
}

/** Lines GitHub's runner would take for a workflow command: `::` after leading white space, or `##[` anywhere. */
function commandLines(text: string): string[] {
  return text.split("\n").filter((l) => l.trimStart().startsWith("::") || l.includes("##["));
}

describe("several files under GitHub Actions", () => {
  test("a file refused before its first step is in the step summary and gets an ::error annotation; stderr runs no command", async () => {
    const dir = tempDir();
    writeScenario(dir, `name: A pass\nsteps:\n  - shell: { run: [/bin/sh, -c, "exit 0"] }\n`, "a.yaml");
    writeScenario(dir, `name: B compose\nsteps:\n  - compose: { files: compose.yml, wait: true }\n`, "b.yaml");
    const stepSummary = join(dir, "step-summary.md");
    const r = await runCli(["run", "a.yaml", "b.yaml"], { cwd: dir, env: { ...deadDaemon(dir), GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: stepSummary } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("::error::from the daemon #\u200B#[stop-commands]tok; the Docker engine at");
    expect(commandLines(r.stderr)).toEqual([]);
    const summary = readFileSync(stepSummary, "utf8");
    expect(summary).toContain("## ✅ A pass — passed");
    expect(summary).toContain("# Scenario summary\n\n2 files: 1 passed, 1 invalid · exit code 2");
    expect(summary).toMatch(/\| invalid \| b\.yaml \| B compose \|/);
    expect(summary).toContain("## Refused before the first step\n\n### b.yaml\n\n```text\nb.yaml: compose: the compose engine SCENARIO_COMPOSE_ENGINE names does not answer.");
    const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toEqual([expect.stringMatching(/^::error file=b\.yaml,title=B compose%3A refused before the first step::b\.yaml: compose: the compose engine SCENARIO_COMPOSE_ENGINE names does not answer\. Tried, in order:%0A/)]);
    expect(r.stdout).toContain(`summary: reports/summary-`);
    expect(r.stdout).toContain(", step-summary.md\n");
  });

  test("a file left not run by Ctrl-C is in the step summary and gets a ::warning annotation", async () => {
    const dir = tempDir();
    writeScenario(dir, `name: one\nsteps:\n  - shell: { run: "touch ${join(dir, "one.started")}; sleep 300" }\n    timeout: 10m\n`, "one.yaml");
    writeScenario(dir, `name: two\nsteps:\n  - shell: { run: "true" }\n`, "two.yaml");
    const stepSummary = join(dir, "step-summary.md");
    const cli = startCli(["run", "one.yaml", "two.yaml"], { cwd: dir, env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: stepSummary, SCENARIO_INTERRUPT_WINDOW_MS: "600000" } });
    try {
      await waitFor(() => existsSync(join(dir, "one.started")), "the first file's step to start");
      cli.proc.kill("SIGINT");
      const r = await cli.done;
      expect(r.code).toBe(130);
      const summary = readFileSync(stepSummary, "utf8");
      expect(summary).toContain("# Scenario summary\n\n2 files: 1 interrupted, 1 not run · exit code 130");
      expect(summary).toMatch(/\| not run \| two\.yaml \| two \|/);
      expect(r.stdout).toContain("::warning file=two.yaml,title=two%3A not run::the invocation was interrupted (Ctrl-C or SIGTERM) before this file started: none of its steps ran\n");
    } finally {
      await stopCli(cli);
    }
  });

  test("a line a process left running chose for its command is no workflow command on stderr (as it is without GitHub Actions)", async () => {
    const dir = tempDir();
    // The step ends once the child has taken its name (exec -a): named earlier, it was still the bash subshell, and the
    // line the run prints of it held "bash" (3 runs of 6 failed so).
    const file = writeScenario(dir, `name: leaves one
steps:
  - shell: { run: [bash, -c, "(exec -a 'srv ##[stop-commands]tok' sleep 317) > /dev/null 2>&1 & echo $! > pid; until grep -q srv /proc/$!/cmdline 2>/dev/null; do sleep 0.01; done"] }
`);
    const plain = await runCli([file], { cwd: dir, env: { GITHUB_ACTIONS: "" } });
    expect(plain.code).toBe(0);
    expect(plain.stderr).toContain("(srv ##[stop-commands]tok 317)");
    const gh = await runCli([file], { cwd: dir, env: { GITHUB_ACTIONS: "true" } });
    expect(gh.code).toBe(0);
    expect(gh.stderr).toContain("stopped after the run: pid ");
    expect(gh.stderr).toContain("(srv #\u200B#[stop-commands]tok 317)");
    expect(commandLines(gh.stderr)).toEqual([]);
  });
});

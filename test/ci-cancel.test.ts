// A CI system's cancellation, as docs/command-line.md ("Cancelled in CI") tells to set it up: GitHub Actions' runner sends
// SIGINT to a `run:` step's shell, SIGTERM if it is still there 7.5 s later, then kills the process tree. With `exec` the
// tool is that shell, and with SCENARIO_INTERRUPT_WINDOW_MS past the SIGTERM, teardown and reports are not cut short.
import { expect, test } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, tempDir, waitFor, writeScenario } from "./helpers/cli.ts";
import { startChild } from "./helpers/bounded-spawn.ts";

test("a run: step's script that execs the tool gets GitHub's SIGINT, and with the window set, the SIGTERM after it lets teardown finish: exit 130, reports written", async () => {
  const dir = tempDir();
  const started = join(dir, "started");
  const tdStarted = join(dir, "td-started");
  const go = join(dir, "go");
  const tdDone = join(dir, "td-done");
  const file = writeScenario(dir, `name: cancelled in ci
steps:
  - shell: { run: "touch ${started}; sleep 300" }
teardown:
  - shell: { run: "touch ${tdStarted}; while [ ! -f ${go} ]; do sleep 0.05; done; touch ${tdDone}" }
    timeout: 10m
`);
  // The step's script as GitHub's default shell runs it (bash --noprofile --norc -eo pipefail FILE).
  const script = join(dir, "step.sh");
  writeFileSync(script, `exec "${process.execPath}" "${BIN}" run "${file}" --report-dir "${join(dir, "reports")}"\n`);
  const { proc, done, stderrSoFar } = startChild(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "", SCENARIO_INTERRUPT_WINDOW_MS: "600000" },
  });
  await waitFor(() => existsSync(started), "the long step to start");
  proc.kill("SIGINT");
  await waitFor(() => existsSync(tdStarted), "teardown to start after the SIGINT");
  proc.kill("SIGTERM");
  await waitFor(() => stderrSoFar().includes("SIGINT: "), "the SIGINT's line");
  writeFileSync(go, "");
  const r = await done;
  expect(r.stderr).not.toContain("killed every child process");
  expect(r.code).toBe(130);
  expect(existsSync(tdDone)).toBe(true);
  expect(readFileSync(join(dir, "reports", "latest.md"), "utf8").toLowerCase()).toContain("interrupted");
});

// End-to-end: `setup: true` steps run under a --tag selection that needs them, and not when --skip-tag drops them.
import { expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

const scenario = (dir: string) => `name: setup kept
steps:
  - name: Bring the stack up
    setup: true
    tags: [stack]
    shell: { run: "touch ${join(dir, "up")}" }
  - name: API answers
    tags: [api]
    shell: { run: "exit 1" }
  - name: Logs arrived
    tags: [logs]
    shell: { run: "test -e ${join(dir, "up")}" }
`;

test("--tag logs runs the setup step the log check needs, and skips the unselected API check", async () => {
  const dir = tempDir();
  const file = writeScenario(dir, scenario(dir));
  const r = await runCli(["run", file, "--tag", "logs", "--report", "json"], { cwd: dir });
  expect(r.code).toBe(0);
  expect(existsSync(join(dir, "up"))).toBe(true);
  expect(r.stdout).toContain("2 passed, 1 skipped");
});

test("--skip-tag stack drops the setup step, and the log check fails for the reason the user chose", async () => {
  const dir = tempDir();
  const file = writeScenario(dir, scenario(dir));
  const r = await runCli(["run", file, "--tag", "logs", "--skip-tag", "stack"], { cwd: dir });
  expect(r.code).toBe(1);
  expect(existsSync(join(dir, "up"))).toBe(false);
});

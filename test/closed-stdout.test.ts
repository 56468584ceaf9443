// End-to-end: a reader that went away (`scenario schema | head`) changes neither the exit code nor the reports.
import { describe, expect, test } from "bun:test";
import { closeSync, constants, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { BIN, tempDir, writeScenario } from "./helpers/cli.ts";
import { SYNC_CHILD_LIMIT } from "./helpers/bounded-spawn.ts";

/** Runs the CLI with stdout on a FIFO whose only reader is already closed: every write to it fails with EPIPE. */
async function runWithClosedStdout(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  const fifo = join(cwd, "stdout.fifo");
  expect(Bun.spawnSync(["mkfifo", fifo], SYNC_CHILD_LIMIT).exitCode).toBe(0);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  closeSync(reader);
  const proc = Bun.spawn([process.execPath, BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", GITHUB_STEP_SUMMARY: "" },
    stdin: "ignore",
    stdout: writer,
    stderr: "pipe",
  });
  closeSync(writer);
  const stderr = await new Response(proc.stderr).text();
  return { code: await proc.exited, stderr };
}

describe("stdout closed by its reader", () => {
  test("scenario schema exits 0 without a stack trace", async () => {
    const { code, stderr } = await runWithClosedStdout(["schema"], tempDir());
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });

  test("a passing run still exits 0 and writes its passed report", async () => {
    const dir = tempDir();
    const file = writeScenario(dir, `name: piped
steps:
  - name: Echo
    shell: { run: echo hi, expect: { stdout: { contains: hi } } }
  - name: Echo again
    shell: { run: echo there, expect: { stdout: { contains: there } } }
`);
    const { code, stderr } = await runWithClosedStdout([file], dir);
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
    expect(readFileSync(join(dir, "reports/latest.md"), "utf8")).toContain("piped — passed");
  });
});

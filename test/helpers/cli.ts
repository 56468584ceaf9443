// Runs the real CLI (bin/scenario.ts) as a child process, for end-to-end tests of inline scenarios.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const REPO = resolve(import.meta.dir, "../..");
export const BIN = join(REPO, "bin/scenario.ts");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A fresh temporary directory to run in (reports and .context/ land there). */
export function tempDir(prefix = "scenario-e2e-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes an inline scenario into dir and returns its path. */
export function writeScenario(dir: string, yaml: string, name = "scenario.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** Starts the CLI; the caller may signal it and must await `done`. */
export function startCli(args: string[], opts: { cwd: string; env?: Record<string, string> }) {
  const proc = Bun.spawn([process.execPath, BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "", ...opts.env },
    stdout: "pipe",
    stderr: "pipe",
    stdin: "ignore",
  });
  let stdout = "";
  let stderr = "";
  const collect = async (stream: ReadableStream<Uint8Array>, add: (text: string) => void) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) add(decoder.decode(chunk, { stream: true }));
    add(decoder.decode());
  };
  const done = (async (): Promise<CliResult> => {
    await Promise.all([collect(proc.stdout, (t) => void (stdout += t)), collect(proc.stderr, (t) => void (stderr += t))]);
    return { code: await proc.exited, stdout, stderr };
  })();
  /** What the CLI printed so far, to wait on. */
  return { proc, done, stdoutSoFar: () => stdout, stderrSoFar: () => stderr };
}

export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return startCli(args, opts).done;
}

/** Polls until cond() is true or the deadline passes (no fixed sleeps in tests). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(25);
  }
}

// Runs the real CLI (bin/scenario.ts) as a child process, for end-to-end tests of inline scenarios.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { type ChildResult, startChild } from "./bounded-spawn.ts";

export const REPO = resolve(import.meta.dir, "../..");
export const BIN = join(REPO, "bin/scenario.ts");

export type CliResult = ChildResult;

/** Directories tempDir made in this process: removed after the last test file (test/setup.ts), or when a script exits. */
const made: string[] = [];

/** Removes every directory tempDir made so far (bun test runs no exit listener: test/setup.ts calls this after all tests). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Something another user wrote there (a container's files): left for the system's own clean-up of its temp dir.
    }
  }
}

/** Writes `content` to `rel` under `root`, making the folders on the way (a test's tree of log files). */
export function putFile(root: string, rel: string, content: string | Uint8Array): string {
  const path = join(root, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/**
 * Every directory under root's lib/ and bin/ made an hour old, as a checkout's are: the bundle's build keeps directory times
 * only when none was modified moments before (lib/cli/bundle.ts), and a start then looks only at the recorded files.
 */
export function agedSourceDirectories(root: string): void {
  const hourAgo = new Date(Date.now() - 3_600_000);
  for (const top of ["lib", "bin"]) {
    utimesSync(join(root, top), hourAgo, hourAgo);
    for (const entry of readdirSync(join(root, top), { recursive: true, withFileTypes: true })) if (entry.isDirectory()) utimesSync(join(entry.parentPath, entry.name), hourAgo, hourAgo);
  }
}

/** A fresh temporary directory to run in (reports and .context/ land there), removed after the tests (or at a script's exit). */
export function tempDir(prefix = "scenario-e2e-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.length === 0) process.once("exit", removeTempDirs);
  made.push(dir);
  return dir;
}

/** Writes an inline scenario into dir and returns its path. */
export function writeScenario(dir: string, yaml: string, name = "scenario.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, yaml);
  return path;
}

/** Starts the CLI; the caller may signal it and must await `done`. */
export function startCli(args: string[], opts: { cwd: string; env?: Record<string, string> }) {
  return startChild([process.execPath, BIN, ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", GITHUB_STEP_SUMMARY: "", ...opts.env } });
}

/**
 * For a test's `finally`: a CLI still running gets SIGTERM (its own interrupt, which stops its steps' process groups: a SIGKILL
 * would leave them running) and is awaited; one still running limitMs later is killed (SIGKILL) and awaited.
 */
export async function stopCli(cli: ReturnType<typeof startCli>, limitMs = 30_000): Promise<void> {
  if (cli.proc.exitCode === null && cli.proc.signalCode === null) cli.proc.kill("SIGTERM");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ended = await Promise.race([cli.done.then(() => true, () => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), limitMs)))]);
  clearTimeout(timer);
  if (!ended) {
    cli.proc.kill("SIGKILL");
    await cli.done.catch(() => undefined);
  }
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

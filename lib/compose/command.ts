// Builds and runs compose command lines for one project, logging each command and its output.
import { exec, SpawnError, type ExecResult } from "../util/exec.ts";
import { lineSplitter } from "../util/line-splitter.ts";
import { INTERRUPTED } from "../core/abort-text.ts";
import { errorLine, stripAnsi } from "./output-text.ts";
import type { ComposeEngine } from "./engine.ts";

/** Everything that selects one compose project: its name, files, profiles, env files, directory and environment. */
export interface ComposeTarget {
  project: string;
  /** Absolute paths; empty means compose's own lookup (compose.yaml in cwd). */
  files: string[];
  profiles: string[];
  /** Absolute paths of --env-file arguments. */
  envFiles: string[];
  cwd: string;
  /** The full environment of the compose process (process env plus scenario variables). */
  env: Record<string, string | undefined>;
}

export interface ComposeRunOptions {
  signal: AbortSignal;
  log?: (line: string) => void;
  /** Do not log the command and its output unless it fails (polling). */
  quiet?: boolean;
  maxOutput?: number;
}

/** The global options that select the project, before the subcommand. */
function targetArgs(t: ComposeTarget): string[] {
  const args = ["-p", t.project];
  for (const f of t.files) args.push("-f", f);
  for (const p of t.profiles) args.push("--profile", p);
  for (const e of t.envFiles) args.push("--env-file", e);
  return args;
}

/** The full argv of a compose subcommand against a target. */
export function composeArgv(engine: ComposeEngine, t: ComposeTarget, sub: string[]): string[] {
  return [...engine.compose, ...targetArgs(t), ...sub];
}

/** Quotes an argv for the log so it can be pasted into a shell. */
export function showArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_\-./:=@,+]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`)).join(" ");
}

/** Runs argv (a compose or container CLI command); never throws for a missing binary (exit code null, stderr says why). */
export async function runLogged(argv: string[], cwd: string, env: Record<string, string | undefined>, opts: ComposeRunOptions): Promise<ExecResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  if (!opts.quiet) log(`$ ${showArgv(argv)}`);
  // One splitter per stream, so a line cut between two chunks of stdout is not joined with stderr in between.
  const emit = (line: string) => {
    const text = stripAnsi(line).trimEnd();
    if (text.trim() !== "") log(`  ${text}`);
  };
  const streams = { stdout: lineSplitter(emit, ""), stderr: lineSplitter(emit, "") };
  const onOutput = opts.quiet ? undefined : (stream: "stdout" | "stderr", text: string) => streams[stream].push(text);
  let r: ExecResult;
  try {
    r = await exec(argv, { cwd, env, signal: opts.signal, onOutput, maxOutput: opts.maxOutput });
  } catch (e) {
    if (!(e instanceof SpawnError)) throw e;
    r = { exitCode: null, signal: null, stdout: "", stderr: e.message, truncated: false, durationMs: performance.now() - started, aborted: false };
  }
  streams.stdout.flush();
  streams.stderr.flush();
  if (opts.quiet && r.exitCode !== 0 && !r.aborted) {
    log(`$ ${showArgv(argv)}`);
    for (const line of `${r.stdout}\n${r.stderr}`.split("\n")) if (line.trim() !== "") log(`  ${line.trimEnd()}`);
  }
  if (!opts.quiet || (r.exitCode !== 0 && !r.aborted)) {
    const how = r.aborted ? `stopped (${r.stoppedBy ?? INTERRUPTED})` : r.exitCode === null ? `ended by ${r.signal ?? "error"}` : `exit ${r.exitCode}`;
    log(`  → ${how} in ${Math.round(r.durationMs)}ms`);
  }
  return r;
}

/** Runs one compose subcommand against a target. */
export function runCompose(engine: ComposeEngine, t: ComposeTarget, sub: string[], opts: ComposeRunOptions): Promise<ExecResult> {
  return runLogged(composeArgv(engine, t, sub), t.cwd, t.env, opts);
}

/** The most useful line of a failed command's output, for `error`. */
export function failureText(r: ExecResult): string {
  if (r.aborted) return `stopped before it finished (${r.stoppedBy ?? INTERRUPTED})`;
  return `${errorLine(r.stderr.trim() || r.stdout) || "no output"} (exit ${r.exitCode ?? r.signal ?? "?"})`;
}

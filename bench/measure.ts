// Runs a command as a child process and reports its wall time, CPU time (user + system, every thread) and peak RSS; a process's own peak RSS; medians.
import { percentile } from "../lib/util/trend.ts";

export interface Measured {
  wallMs: number;
  cpuMs: number;
  /** From getrusage: at least the parent's RSS when the child was spawned (use peakRssMiB in the child for its own). */
  rssMiB: number;
  stdout: string;
  stderr: string;
}

/** How long one measured command may run before it is killed and the benchmark fails (a hung child must not hang it). */
export const CHILD_LIMIT_MS = 10 * 60_000;

/**
 * Spawns `argv` (in `cwd`, with `env`), waits for it, and fails on an exit code other than 0 (or 1 when `grepLike`: no line matched).
 * Its output is piped and returned (stderr always), or with `discardStdout` goes to /dev/null (as a spawner's ignored output does). A child still running after `timeoutMs` (default 10 min) is killed.
 */
export async function measured(argv: string[], opts: { grepLike?: boolean; cwd?: string; env?: Record<string, string | undefined>; discardStdout?: boolean; timeoutMs?: number } = {}): Promise<Measured> {
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? CHILD_LIMIT_MS;
  const p = Bun.spawn(argv, { cwd: opts.cwd, env: opts.env, stdout: opts.discardStdout ? "ignore" : "pipe", stderr: "pipe", timeout: timeoutMs, killSignal: "SIGKILL" });
  const [stdout, stderr] = await Promise.all([p.stdout ? new Response(p.stdout).text() : "", new Response(p.stderr).text()]);
  const code = await p.exited;
  const wallMs = performance.now() - t0;
  if (p.signalCode === "SIGKILL" && wallMs >= timeoutMs) throw new Error(`${argv.join(" ")} still ran after ${timeoutMs / 1000} s: killed`);
  if (code !== 0 && !(opts.grepLike && code === 1)) throw new Error(`${argv.join(" ")} exited ${code}:\n${(stdout + stderr).slice(-2000)}`);
  const usage = p.resourceUsage()!;
  return { wallMs, cpuMs: Number(usage.cpuTime.user + usage.cpuTime.system) / 1000, rssMiB: usage.maxRSS / 1024 / 1024, stdout, stderr };
}

/** The median of the numbers (the mean of the middle two for an even count); NaN for none. */
export function median(xs: readonly number[]): number {
  return percentile([...xs].sort((a, b) => a - b), 50) ?? NaN;
}

/**
 * A whole-process wall time split in two from a run of `steps` steps and a run of one: the one-step run as the fixed part,
 * and what each of the other steps adds, in µs. Undefined below two steps: there is no other step to divide by.
 */
export function perStepSplit(fullMs: number, oneMs: number, steps: number): { fixedMs: number; perStepUs: number } | undefined {
  if (!(steps >= 2)) return undefined;
  return { fixedMs: oneMs, perStepUs: ((fullMs - oneMs) / (steps - 1)) * 1000 };
}

/** Milliseconds as seconds with two decimals, for the tables ("1.23 s"). */
export const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Best wall time (and that run's output), median CPU, and the highest getrusage RSS of several runs. */
export interface Summary {
  wallMs: number;
  cpuMs: number;
  rssMiB: number;
  stdout: string;
}

export function summarize(runs: readonly Measured[]): Summary {
  const best = runs.reduce((a, r) => (r.wallMs < a.wallMs ? r : a));
  return { wallMs: best.wallMs, cpuMs: median(runs.map((r) => r.cpuMs)), rssMiB: Math.max(...runs.map((r) => r.rssMiB)), stdout: best.stdout };
}

/** Runs each command `rounds` times, alternating them within each round, so load changes hit all alike. */
export async function alternated(commands: readonly (() => Promise<Measured>)[], rounds: number): Promise<Summary[]> {
  const runs: Measured[][] = commands.map(() => []);
  for (let r = 0; r < rounds; r++) for (const [i, c] of commands.entries()) runs[i]!.push(await c());
  return runs.map(summarize);
}

/** This process's peak RSS in MiB. VmHWM is per address space; getrusage's maxRSS also counts the parent's before exec. */
export function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(require("node:fs").readFileSync("/proc/self/status", "utf8") as string);
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** The value after `--name` on the command line, or def. */
export function option(name: string, def: string): string {
  const argv = process.argv.slice(2);
  const at = argv.indexOf(name);
  return at >= 0 && at + 1 < argv.length ? argv[at + 1]! : def;
}

/** The number after `--name` on the command line, or def. */
export function numberOption(name: string, def: number): number {
  return Number(option(name, String(def)));
}

// Runs a child process in its own process group, cancellable by AbortSignal, with bounded captured output.
import { tooLongToPass } from "./env-limit.ts";
import { readProcStat } from "./proc-stat.ts";
import { abortText } from "../core/abort-text.ts";
import { EXEC_MARK_VAR, killEveryMarked, markedProcesses, memberOutlivesTerm, newMark, procPids, SLOW_STOP_MS } from "./marked-processes.ts";
import { outputPipe, type OutputPipe } from "./output-pipe.ts";

export interface ExecOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Text written to stdin, then closed. */
  input?: string;
  /** Bytes kept per stream (the tail is kept); default 1 MiB. */
  maxOutput?: number;
  /** Called with each chunk of output as it arrives (for logs and progress). */
  onOutput?: (stream: "stdout" | "stderr", text: string) => void;
  /** Grace period between SIGTERM and SIGKILL when aborted; default 2 s. */
  killAfterMs?: number;
  /** Told when the stop after an abort waits for processes that outlive the SIGTERM (stopGroup's `slow`). */
  onSlowStop?: SlowStop;
  /**
   * The SCENARIO_EXEC_MARK every process the command starts carries (a step's, from its run: the run finds what the
   * step left running by it); default one of this exec's own.
   */
  mark?: string;
}

export interface ExecResult {
  exitCode: number | null;
  /** The signal that ended the process, when one did. */
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when the output was longer than maxOutput and only its tail was kept. */
  truncated: boolean;
  /** Which of the two was cut so. */
  stdoutTruncated?: boolean;
  stderrTruncated?: boolean;
  durationMs: number;
  /** True when the process was stopped because the signal fired. */
  aborted: boolean;
  /** Why, when aborted: the signal's abort text ("timed out after 5m", "interrupted"). */
  stoppedBy?: string;
  /**
   * When aborted after the command itself had exited: its exit and when, since a process it left running (`cmd &`)
   * held its output open, which the exec waits to end.
   */
  exitedBeforeAbort?: { exitCode: number | null; afterMs: number };
  /**
   * Processes the command started that outlived the stopped group while its output was still held open (`setsid cmd &`):
   * not stopped, so named, with their command lines.
   */
  outputHolders?: { pid: number; command: string }[];
}

/** Thrown when the binary cannot be started at all (not found, not executable). */
export class SpawnError extends Error {}

/** Process groups started through this module and not yet known to be gone (for the final hard kill). */
const liveGroups = new Set<number>();

/** Records a process group so that killAllGroups() reaches it; forgets it when the leader exits. */
export function trackGroup(pid: number, exited: Promise<unknown>): void {
  liveGroups.add(pid);
  void exited.finally(() => {
    if (!groupAlive(pid)) liveGroups.delete(pid);
  });
}

/** Whether a process group started through this module may still be running (its leader has not exited, or a member is left). */
export function anyLiveGroup(): boolean {
  return liveGroups.size > 0;
}

/**
 * SIGKILLs every tracked process group (second Ctrl-C: exit at once, leave nothing running), and every process that
 * left its group (`setsid cmd &`) carrying a mark of this process, once any was given.
 */
export function killAllGroups(): void {
  for (const pid of liveGroups) killGroup(pid, "SIGKILL");
  liveGroups.clear();
  killEveryMarked();
}

/** Sends a signal to a whole process group, ignoring groups that are already gone. */
function killGroup(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Whether a process with this id runs (one of another user's counts: it cannot be signalled, but it is there). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True while some process of the group is alive. A group of zombies only (possible where PID 1 does not
 * reap orphans, as in some containers) counts as gone: on Linux, /proc tells members' states.
 */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== "linux") return true;
  try {
    for (const entry of procPids()) {
      // Gone since listed, or unreadable: no member.
      const stat = readProcStat(entry);
      if (stat?.pgrp === pid && stat.state !== "Z") return true;
    }
    return false;
  } catch {
    return true;
  }
}

class TailBuffer {
  private chunks: string[] = [];
  private size = 0;
  truncated = false;
  constructor(private readonly max: number) {}
  push(text: string): void {
    this.chunks.push(text);
    this.size += text.length;
    if (this.size <= this.max) return;
    this.truncated = true;
    // Whole chunks while the rest still holds `max`, then the first cut to it: exactly the last `max` characters are
    // kept (dropping whole chunks kept as little as 9.79 MiB of 11).
    while (this.chunks.length > 1 && this.size - this.chunks[0]!.length >= this.max) this.size -= this.chunks.shift()!.length;
    if (this.size > this.max) {
      const first = this.chunks[0]!;
      let from = this.size - this.max;
      // Not inside a surrogate pair: no lone half at the start.
      if (/[\udc00-\udfff]/.test(first[from] ?? "")) from++;
      this.chunks[0] = first.slice(from);
      this.size -= from;
    }
  }
  toString(): string {
    return this.chunks.join("");
  }
}

/** Reads a stream to its end, or until `stop` fires (then its reader is cancelled: the pipe is let go, its read end closed). */
async function pump(pipe: OutputPipe, stream: ReadableStream<Uint8Array>, buf: TailBuffer, name: "stdout" | "stderr", onOutput: ExecOptions["onOutput"], stop: Promise<void>): Promise<void> {
  const decoder = new TextDecoder();
  const reader = stream.getReader();
  const stopped = stop.then(() => "stopped" as const);
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), stopped]);
      if (next === "stopped") {
        await reader.cancel().catch(() => {});
        break;
      }
      if (next.done) break;
      const text = decoder.decode(next.value, { stream: true });
      buf.push(text);
      onOutput?.(name, text);
    }
  } finally {
    pipe.close();
  }
  const rest = decoder.decode();
  if (rest) buf.push(rest);
}

/** After an abort has stopped the process group, how long output still held open is waited for before it is let go. */
const HELD_OUTPUT_MS = 200;

/** The grace period between SIGTERM and SIGKILL when a process group is stopped (a step's, a background process's). */
const KILL_AFTER_MS = 2000;

/**
 * After the SIGKILL, how long the group is waited for to be gone: the kernel ends a killed process soon after, but one in
 * an uninterruptible wait (a hung NFS read) only when that wait ends, and the stop does not hang on it.
 */
const KILLED_EXIT_MS = 300;

/**
 * The longest an aborted exec with the default grace takes to return after its abort (the grace, the wait for the
 * killed group, the wait for output held open, with room for the polling): the engine waits at least this for a
 * stopped step's own result (lib/engine/attempt.ts).
 */
export const ABORTED_EXEC_RETURNS_MS = KILL_AFTER_MS + KILLED_EXIT_MS + HELD_OUTPUT_MS + 100;

/** Told once that a stop still waits for processes that outlive its SIGTERM, with the time left until their SIGKILL. */
export type SlowStop = (killInMs: number) => void;

/**
 * Stops a process group: SIGTERM, then SIGKILL after the grace period if anything is still alive; resolves once no
 * member runs (or KILLED_EXIT_MS after the SIGKILL). `slow` is told when, SLOW_STOP_MS after the SIGTERM, a member
 * still runs that outlives it (ignores, handles or blocks it; where there is no /proc, any member): never for a group
 * that ends on the SIGTERM.
 */
export async function stopGroup(pid: number, exited: Promise<unknown>, graceMs = KILL_AFTER_MS, slow?: SlowStop): Promise<void> {
  if (!killGroup(pid, "SIGTERM")) return;
  // One grace period from the SIGTERM: a group that ignores it (`trap '' TERM; sleep 30`) was SIGKILLed only after two,
  // after the step had given up on it, so it ran on into the next step.
  const deadline = Date.now() + graceMs;
  const say = () => {
    if (Date.now() < deadline && (memberOutlivesTerm(pid) ?? groupAlive(pid))) slow!(deadline - Date.now());
  };
  const saying = slow && setTimeout(say, SLOW_STOP_MS);
  try {
    const timer = new Promise<"timeout">((r) => setTimeout(r, graceMs, "timeout").unref?.());
    if ((await Promise.race([exited, timer])) === "timeout" || groupAlive(pid)) {
      while (groupAlive(pid) && Date.now() < deadline) await Bun.sleep(20);
      clearTimeout(saying);
      if (!killGroup(pid, "SIGKILL")) return;
      // The signal is sent, not yet acted on: the caller goes on only once the group is gone (its next step, teardown).
      const killed = Date.now() + KILLED_EXIT_MS;
      while (groupAlive(pid) && Date.now() < killed) await Bun.sleep(10);
    }
  } finally {
    clearTimeout(saying);
  }
}

/** How many execs made a mark of their own (each its own number). */
let execs = 0;

/** Runs argv to completion (or until the signal fires) and returns its exit status and output. */
export async function exec(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const started = performance.now();
  if (opts.signal?.aborted) {
    return { exitCode: null, signal: null, stdout: "", stderr: "", truncated: false, stdoutTruncated: false, stderrTruncated: false, durationMs: 0, aborted: true, stoppedBy: abortText(opts.signal) };
  }
  // Every process the command starts carries this mark: one that leaves the process group (`setsid cmd &`) is found.
  const mark = opts.mark ?? newMark(`exec-${++execs}`);
  let proc: ReturnType<typeof Bun.spawn>;
  // Pipes, as bash gives a command's output: a command can open /dev/stdout and /dev/stderr again.
  const [outPipe, errPipe] = [outputPipe(), outputPipe()];
  try {
    proc = Bun.spawn(argv, {
      cwd: opts.cwd,
      env: { ...(opts.env ?? process.env), [EXEC_MARK_VAR]: mark } as Record<string, string>,
      stdin: opts.input !== undefined ? new TextEncoder().encode(opts.input) : "ignore",
      stdout: outPipe.stdio,
      stderr: errPipe.stdio,
      detached: true,
    });
  } catch (e) {
    for (const p of [outPipe, errPipe]) p.close(); // the write ends: the finally below
    throw new SpawnError(spawnFailure(argv, e, opts.env ?? process.env));
  } finally {
    outPipe.spawned();
    errPipe.spawned();
  }
  trackGroup(proc.pid, proc.exited);
  let holders: { pid: number; command: string }[] = [];
  let outputOpen = true;
  const max = opts.maxOutput ?? 1 << 20;
  const out = new TailBuffer(max);
  const err = new TailBuffer(max);
  let aborted = false;
  let exitedAt: number | undefined;
  let abortedAt: number | undefined;
  void proc.exited.then(() => (exitedAt = performance.now()));
  let letGo!: () => void;
  const stopReading = new Promise<void>((resolve) => (letGo = resolve));
  let pumped: Promise<unknown> | undefined;
  // Set on abort: resolves once the process group is gone. The exec returns only after it, not when the leader exited
  // and the pipes closed: a member that ignores SIGTERM (its output elsewhere) ran on into the next step, or teardown,
  // until the SIGKILL the exec no longer waited for.
  let stopped: Promise<void> | undefined;
  const onAbort = () => {
    aborted = true;
    abortedAt = performance.now();
    // A process that left its group (`setsid cmd &`) still holds the output: once the group is stopped, the output is
    // let go, or the exec never returned and the open pipes kept the tool from exiting after its run.
    stopped = stopGroup(proc.pid, proc.exited, opts.killAfterMs, opts.onSlowStop).then(async () => {
      if (outputOpen) await Promise.race([pumped, Bun.sleep(HELD_OUTPUT_MS)]);
      if (outputOpen) holders = markedProcesses((m) => m === mark).map(({ pid, command }) => ({ pid, command }));
      letGo();
    });
  };
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    pumped = Promise.all([
      pump(outPipe, outPipe.readable(proc.stdout), out, "stdout", opts.onOutput, stopReading),
      pump(errPipe, errPipe.readable(proc.stderr), err, "stderr", opts.onOutput, stopReading),
    ]).finally(() => (outputOpen = false));
    await Promise.all([pumped, proc.exited]);
  } finally {
    opts.signal?.removeEventListener("abort", onAbort);
  }
  await stopped;
  const heldOpen = aborted && exitedAt !== undefined && abortedAt !== undefined && exitedAt < abortedAt;
  return {
    exitCode: proc.exitCode,
    signal: proc.signalCode == null ? null : String(proc.signalCode),
    stdout: out.toString(),
    stderr: err.toString(),
    truncated: out.truncated || err.truncated,
    stdoutTruncated: out.truncated,
    stderrTruncated: err.truncated,
    durationMs: performance.now() - started,
    aborted,
    ...(aborted && opts.signal ? { stoppedBy: abortText(opts.signal) } : {}),
    ...(heldOpen ? { exitedBeforeAbort: { exitCode: proc.exitCode, afterMs: exitedAt! - started } } : {}),
    ...(holders.length ? { outputHolders: holders } : {}),
  };
}

/**
 * Why a program could not start, as the step says it: `cannot run bash: …`. E2BIG names the variables that are too long
 * for Linux to pass (every scenario variable and capture is exported to each command), by name and size, never value.
 */
export function spawnFailure(argv: readonly string[], e: unknown, env: Record<string, string | undefined>): string {
  const message = (e as Error).message;
  if (!/E2BIG/.test(message)) return `cannot run ${argv[0]}: ${message}`;
  const long = Object.entries(env).filter(([k, v]) => v !== undefined && tooLongToPass(k, v) !== undefined).map(([k, v]) => `${k} (${Buffer.byteLength(v!)} bytes)`);
  const why = long.length
    ? `: ${long.join(", ")} ${long.length === 1 ? "is" : "are"} longer than Linux passes in one variable (128 KiB), and every variable is exported to each command; keep such a value out of vars: and captures (write it to a file and pass the path)`
    : ": the environment and arguments together are more than Linux passes to a program; export fewer or shorter variables";
  return `cannot run ${argv[0]}: ${message}${why}`;
}

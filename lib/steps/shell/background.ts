// `shell` with `background: true`: starts a process group that lives until the scenario ends, its output in the run log.
import { spawnFailure, stopGroup, SpawnError, trackGroup, type SlowStop } from "../../util/exec.ts";
import { EXEC_MARK_VAR } from "../../util/marked-processes.ts";
import type { Resource } from "../../core/resource.ts";
import { lineSplitter } from "../../util/line-splitter.ts";
import { outputPipe, type OutputPipe } from "../../util/output-pipe.ts";

const INTERPRETERS = new Set(["bash", "sh", "zsh", "bun", "node", "deno", "python", "python3", "ruby", "perl", "npx", "exec", "env"]);

/** A short label for log prefixes: the first word that is not an interpreter, without directory or extension. */
function processLabel(words: readonly string[]): string {
  // A word of a shown command may carry its quoting (`bash -c "exec server"`): the name is inside it.
  const bare = words.map((w) => w.replace(/^["']+|["';]+$/g, ""));
  const names = bare.filter((w) => w !== "" && !w.startsWith("-") && !w.includes("=")).map((w) => w.split("/").at(-1)!.replace(/\.[A-Za-z0-9]+$/, ""));
  return (names.find((n) => n !== "" && !INTERPRETERS.has(n)) ?? names[0] ?? "process").slice(0, 24);
}

export interface BackgroundOptions {
  argv: string[];
  /** The command as shown in logs. */
  display: string;
  cwd: string;
  env: Record<string, string | undefined>;
  log(line: string): void;
  /** Grace period between SIGTERM and SIGKILL at cleanup. */
  killAfterMs?: number;
  /** Told when the cleanup waits for processes that outlive the SIGTERM (stopGroup's `slow`). */
  onSlowStop?: SlowStop;
  /**
   * The SCENARIO_EXEC_MARK its processes carry: one that leaves the group (`setsid child &`) survives the group's stop,
   * and the run, which gave the mark, finds and stops it after.
   */
  mark?: string;
  /** The step that started it, as the run names it (`step 2 (Start gateway)`): two processes of one program are told apart by it. */
  startedBy?: string;
}

const TAIL_LINES = 50;

/** A runtime's last words after its error report (Bun's and Node's version lines), and a stack frame: never the cause. */
const NOT_THE_CAUSE = /^(?:Bun v\d|Node\.js v\d|\s+at\s|\s*$)/;
/**
 * A line that states an error: one that begins so (`error: …`, `Error: …`, `OSError: …`, `java.net.BindException: …`,
 * `Caused by: …`, `fatal: …`, `panic: …`), or one with an error's level in capitals or as a field (`[…] CRITICAL main:
 * …`, `level=fatal`, `"level":"error"`), or Rust's `thread 'main' panicked at`. A lower-case "error" inside a line
 * (Node's "Emitted 'error' event on Server instance at:") is none.
 */
const BEGINS_AS_ERROR = /^\s*(?:[\w.$]*(?:error|exception)|fatal|panic|critical|caused by)\b[:\s]/i;
const LEVEL_FIELD = /\blevel=["']?(?:error|fatal|critical|panic)\b|"level"\s*:\s*"(?:error|fatal|critical|panic)"/i;
const LEVEL_WORD = /\b(?:ERROR|FATAL|CRITICAL|PANIC|SEVERE)\b|\bpanicked at\b/;
const statesError = (text: string): boolean => BEGINS_AS_ERROR.test(text) || LEVEL_WORD.test(text) || LEVEL_FIELD.test(text);

/**
 * The line that best says why a process ended (each line with the log prefix and a "stderr: " tag): the last one that
 * states an error, else the last one that is neither blank, nor a stack frame, nor a runtime's version line (Bun and
 * Node end a crash report with theirs), else the last line.
 */
function tellingLine(lines: readonly string[], prefix: string): string | undefined {
  const text = (l: string) => l.slice(prefix.length).replace(/^stderr: /, "");
  const said = lines.filter((l) => !NOT_THE_CAUSE.test(text(l)));
  return said.findLast((l) => statesError(text(l))) ?? said.at(-1) ?? lines.at(-1);
}

/** Starts the process in its own group and returns the Resource whose cleanup stops the whole group. */
export function startBackground(opts: BackgroundOptions): { resource: Resource; pid: number; label: string } {
  const words = opts.argv[0] === "bash" && opts.argv[1] === "-c" ? opts.display.split(/\s+/) : opts.argv;
  const label = processLabel(words);
  const prefix = `[bg ${label}] `;
  const tail: string[] = [];
  const emit = (line: string) => {
    opts.log(line);
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
  };
  let proc: ReturnType<typeof Bun.spawn>;
  // Pipes, as bash gives a server's output: one that opens /dev/stderr to log an error can.
  const [outPipe, errPipe] = [outputPipe(), outputPipe()];
  try {
    const env = opts.mark === undefined ? opts.env : { ...opts.env, [EXEC_MARK_VAR]: opts.mark };
    proc = Bun.spawn(opts.argv, { cwd: opts.cwd, env: env as Record<string, string>, stdin: "ignore", stdout: outPipe.stdio, stderr: errPipe.stdio, detached: true });
  } catch (e) {
    for (const p of [outPipe, errPipe]) p.close(); // the write ends: the finally below
    throw new SpawnError(spawnFailure(opts.argv, e, opts.env ?? process.env));
  } finally {
    outPipe.spawned();
    errPipe.spawned();
  }
  const pid = proc.pid;
  // Known to exec.ts, so a second Ctrl-C (killAllGroups) reaches it too.
  trackGroup(pid, proc.exited);
  let stopping = false;
  const pump = async (pipe: OutputPipe, stream: ReadableStream<Uint8Array>, tag: string) => {
    const lines = lineSplitter(emit, `${prefix}${tag}`);
    const decoder = new TextDecoder();
    try {
      for await (const chunk of stream) lines.push(decoder.decode(chunk, { stream: true }));
    } catch {
      // the pipe closed while stopping; what was read is logged
    } finally {
      pipe.close();
    }
    lines.push(decoder.decode());
    lines.flush();
  };
  const drained = Promise.all([pump(outPipe, outPipe.readable(proc.stdout), ""), pump(errPipe, errPipe.readable(proc.stderr), "stderr: ")]);
  // A failure of its own (a port already taken, a bad config) while the run goes on: a later step may then be checking
  // another process (one an earlier run left on that port), so the next step to end warns about it.
  let notice: ((afterLastStep: boolean) => string) | undefined;
  void proc.exited.then((code) => {
    if (stopping) return;
    const how = proc.signalCode ? `signal ${proc.signalCode}` : `code ${code}`;
    emit(`${prefix}exited on its own with ${how}`);
    if (proc.signalCode || code !== 0) {
      const last = tellingLine(tail.filter((l) => !l.startsWith(`${prefix}exited`)), prefix);
      // What it said first: the console cuts a long line, and a command can be long.
      notice = (afterLastStep) =>
        `a background process exited on its own with ${how} ${afterLastStep ? "after the last step, before the run stopped it" : "while the run went on"}${last === undefined ? "" : `; its last output: ${last.slice(prefix.length)}`}; its command: ${opts.display}`;
    }
  });
  opts.log(`${prefix}started (pid ${pid}, process group ${pid}): ${opts.display}`);
  const resource: Resource = {
    name: `background: ${opts.display}`,
    async diagnostics() {
      const state = proc.exitCode !== null || proc.signalCode ? `exited (${proc.signalCode ?? `code ${proc.exitCode}`})` : `running (pid ${pid})`;
      const by = opts.startedBy === undefined ? "" : ` of ${opts.startedBy}`;
      return [{ title: `background ${label}${by}: ${state}, last output`, body: tail.join("\n") || "(no output)" }];
    },
    endedNotice(afterLastStep = false) {
      const said = notice?.(afterLastStep);
      notice = undefined;
      return said;
    },
    leftBehind() {
      return `background process group ${pid} (${opts.display}): killed (SIGKILL); if any is left: kill -9 -- -${pid}`;
    },
    async cleanup() {
      stopping = true;
      await stopGroup(pid, proc.exited, opts.killAfterMs, opts.onSlowStop);
      // Every writer is gone once the group is stopped: the pipes close and the last lines reach the log.
      await Promise.race([drained, Bun.sleep(1000)]);
      opts.log(`${prefix}stopped (${proc.signalCode ? `signal ${proc.signalCode}` : `exit code ${proc.exitCode}`})`);
    },
  };
  return { resource, pid, label };
}

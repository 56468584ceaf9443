// Child processes for tests: one way to start a child and collect its output, optionally with a time limit (a hung child is
// killed and the test fails naming the command).
/** How long a test's child may run before it counts as hung (a build or a CLI run takes a few seconds). */
export const CHILD_LIMIT_MS = 60_000;
/** The same limit for a blocking spawn (Bun.spawnSync or node's spawnSync): spread into its options. */
export const SYNC_CHILD_LIMIT = { timeout: CHILD_LIMIT_MS, killSignal: "SIGKILL" } as const;

function hungText(cmd: readonly string[], limitMs: number): string {
  return `the child process \`${cmd.join(" ")}\` did not end within ${limitMs / 1000} s: it was killed (SIGKILL)`;
}

/** What a child printed and how it ended. */
export interface ChildResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Where and with what environment a child runs. */
export interface ChildOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
}

/**
 * Starts a child (stdin ignored, output collected as it comes); the caller may signal it and must await `done`. With a limit,
 * a child still running when it passes is killed and `done` rejects naming the command.
 */
export function startChild(cmd: string[], opts: ChildOptions = {}, limitMs?: number) {
  const proc = Bun.spawn(cmd, { ...opts, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let stdout = "";
  let stderr = "";
  let hung = false;
  const timer =
    limitMs === undefined
      ? undefined
      : setTimeout(() => {
          hung = true;
          proc.kill("SIGKILL");
        }, limitMs);
  const collect = async (stream: ReadableStream<Uint8Array>, add: (text: string) => void) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) add(decoder.decode(chunk, { stream: true }));
    add(decoder.decode());
  };
  const done = (async (): Promise<ChildResult> => {
    try {
      await Promise.all([collect(proc.stdout, (t) => void (stdout += t)), collect(proc.stderr, (t) => void (stderr += t))]);
      const code = await proc.exited;
      if (hung) throw new Error(hungText(cmd, limitMs!));
      return { code, stdout, stderr };
    } finally {
      clearTimeout(timer);
    }
  })();
  /** What the child printed so far, to wait on. */
  return { proc, done, stdoutSoFar: () => stdout, stderrSoFar: () => stderr };
}

/** Runs a child to its end without blocking this process, collecting its output; throws when it ran past the limit. */
export function runWithin(cmd: string[], opts: ChildOptions = {}, limitMs = CHILD_LIMIT_MS): Promise<ChildResult> {
  return startChild(cmd, opts, limitMs).done;
}

/** What a child's call of a module's export gave, and how the child ended. */
export interface CallResult<T> {
  code: number | null;
  /** The export's value, awaited, through JSON: undefined when it returned undefined, or when the child failed before it printed it. */
  value: T | undefined;
  stderr: string;
}

/**
 * Calls a module's export in a child process bounded in time (runWithin), for a call that may block a whole process, as a
 * read of a FIFO waiting for a writer does (deaf to SIGTERM): the test process itself never waits on it. The arguments go
 * to the child as JSON, and the value comes back as JSON; anything else the child prints on stdout is an error.
 */
export async function callInChild<T = unknown>(modulePath: string, exportName: string, args: unknown[] = [], limitMs = CHILD_LIMIT_MS): Promise<CallResult<T>> {
  const script =
    `const value = await (await import(${JSON.stringify(modulePath)}))[${JSON.stringify(exportName)}](...${JSON.stringify(args)});\n` +
    `process.stdout.write(JSON.stringify(value === undefined ? {} : { value }));\n`;
  const r = await runWithin([process.execPath, "-e", script], {}, limitMs);
  if (r.stdout === "" && r.code !== 0) return { code: r.code, value: undefined, stderr: r.stderr };
  let printed: unknown;
  try {
    printed = JSON.parse(r.stdout);
  } catch {
    printed = undefined;
  }
  if (typeof printed !== "object" || printed === null || Object.keys(printed).some((k) => k !== "value")) {
    throw new Error(`the child calling ${exportName} of ${modulePath} (exit ${r.code}) printed other than its value on stdout: ${JSON.stringify(r.stdout)}; stderr: ${r.stderr}`);
  }
  return { code: r.code, value: (printed as { value?: T }).value, stderr: r.stderr };
}

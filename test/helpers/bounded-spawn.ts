// Child processes for tests, each with a time limit: a hung child is killed and the test fails naming the command.
/** How long a test's child may run before it counts as hung (a build or a CLI run takes a few seconds). */
export const CHILD_LIMIT_MS = 60_000;

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

/** Runs a child to its end, blocking (Bun.spawnSync) but never past the limit: throws when it had to be killed. */
export function spawnSyncWithin(cmd: string[], opts: ChildOptions = {}, limitMs = CHILD_LIMIT_MS): ChildResult {
  const child = Bun.spawnSync(cmd, { ...opts, stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: limitMs, killSignal: "SIGKILL" });
  if (child.exitedDueToTimeout) throw new Error(hungText(cmd, limitMs));
  return { code: child.exitCode, stdout: child.stdout.toString(), stderr: child.stderr.toString() };
}

/** Runs a child to its end without blocking this process, collecting its output; throws when it ran past the limit. */
export async function runWithin(cmd: string[], opts: ChildOptions = {}, limitMs = CHILD_LIMIT_MS): Promise<ChildResult> {
  const child = Bun.spawn(cmd, { ...opts, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    child.kill("SIGKILL");
  }, limitMs);
  try {
    const [stdout, stderr] = await Promise.all([new Response(child.stdout).text(), new Response(child.stderr).text()]);
    const code = await child.exited;
    if (hung) throw new Error(hungText(cmd, limitMs));
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

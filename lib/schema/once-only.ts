// Fields a background shell step may not carry: those that run it again (eventually, retries, hold), and timeout. Free of zod: the loader's fast path asks it too.

/** The fields that run a step's attempt again: eventually and retries until it passes, hold while it keeps passing. */
const AGAIN_KEYS = ["eventually", "retries", "hold"] as const;

/**
 * The first field a step whose attempt means nothing twice or cannot time out may not carry, and why: a `shell` with
 * `background: true` starts its command once and passes once it has started. Each further attempt (AGAIN_KEYS) started
 * another copy (`hold: 2s` passed on five copies that each exited 3 at once, and a server's second copy fails "address in
 * use"); and its `timeout` was accepted and never stopped anything (the process ran on to the run's end). Undefined for
 * any other step (lib/loader/fast-scenario.ts leaves such a step to this check).
 */
export function onceOnlyIssue(step: Record<string, unknown>): { key: string; message: string } | undefined {
  const again = AGAIN_KEYS.find((k) => step[k] !== undefined);
  const key = again ?? (step.timeout !== undefined ? "timeout" : undefined);
  if (key === undefined) return undefined;
  const shell = step.shell;
  if (typeof shell !== "object" || shell === null || (shell as Record<string, unknown>).background !== true) return undefined;
  if (key === "timeout") {
    return { key, message: "timeout on a background shell step: the step passes as soon as its command has started, and the process runs until the run ends, so no timeout ever stopped it. To bound how long the process may run, start it through timeout(1) (`timeout 60 server`); to wait for it to come up, give the step that checks it eventually" };
  }
  return { key, message: `${key} on a background shell step: it starts its command once and passes as soon as it has started, so each further attempt would start another copy (a server's second copy fails "address in use"). To check that it comes up and stays up, follow it with a step that checks it, such as an http step with eventually and hold` };
}

// Steps that may not run again (eventually, retries, hold): a background shell's start. Free of zod: the loader's fast path asks it too.

/** The fields that run a step's attempt again: eventually and retries until it passes, hold while it keeps passing. */
const AGAIN_KEYS = ["eventually", "retries", "hold"] as const;

/**
 * The first field that runs the step again (AGAIN_KEYS), and why, on a step whose attempt means nothing twice: a `shell` with `background:
 * true` starts its command once and passes once it has started, so each further attempt started another copy (`hold:
 * 2s` passed on five copies that each exited 3 at once, and a server's second copy fails "address in use"). Undefined for
 * any other step (lib/loader/fast-scenario.ts leaves such a step to this check).
 */
export function onceOnlyIssue(step: Record<string, unknown>): { key: string; message: string } | undefined {
  const key = AGAIN_KEYS.find((k) => step[k] !== undefined);
  if (key === undefined) return undefined;
  const shell = step.shell;
  if (typeof shell === "object" && shell !== null && (shell as Record<string, unknown>).background === true) {
    return { key, message: `${key} on a background shell step: it starts its command once and passes as soon as it has started, so each further attempt would start another copy (a server's second copy fails "address in use"). To check that it comes up and stays up, follow it with a step that checks it, such as an http step with eventually and hold` };
  }
  return undefined;
}

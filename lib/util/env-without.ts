// A child process's environment without the names it must not inherit.

/**
 * `env` without `names`, a copy only when one is there. A variable whose capturing step did not pass has no value for
 * `${NAME}`; its stale value (vars:, --var, the tool's environment) reached a child as `$NAME` all the same, and a
 * script reading `$TOKEN` passed with the placeholder the capture was to replace.
 */
export function withoutNames<T extends Record<string, string | undefined>>(env: T, names: readonly string[] | undefined): T {
  if (!names?.length || !names.some((n) => Object.hasOwn(env, n))) return env;
  const out = { ...env };
  for (const n of names) delete out[n];
  return out;
}

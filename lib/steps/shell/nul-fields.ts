// The fields of a shell step that hold a NUL byte as written: no program can be given one (an argument, an environment value and a path end at it).

/** The error of such a field: said at load, where it is written, instead of failing the step when it starts. */
export const NUL_MESSAGE = "it holds a NUL byte, which no command's argument, environment value or working directory can carry: the command could not be started";

/** The paths (under `shell:`) of `run` (or an item of its list), an `env:` value and `cwd` that hold a NUL byte. */
export function nulFields(v: { run?: unknown; env?: unknown; cwd?: unknown }): (string | number)[][] {
  const found: (string | number)[][] = [];
  const holds = (s: unknown): s is string => typeof s === "string" && s.includes("\0");
  if (holds(v.run)) found.push(["run"]);
  if (Array.isArray(v.run)) v.run.forEach((a, i) => holds(a) && found.push(["run", i]));
  if (v.env !== null && typeof v.env === "object" && !Array.isArray(v.env)) {
    for (const [key, value] of Object.entries(v.env)) if (holds(value)) found.push(["env", key]);
  }
  if (holds(v.cwd)) found.push(["cwd"]);
  return found;
}

// Values bash would run a command from when it reads them a second time: as a number or as a variable's name.

/**
 * Whether a value holds a command substitution (`$(…)`, `` `…` ``) or a parameter expansion (`${…}`, which can hold
 * one, or `${V@P}`'s prompt expansion) inside brackets. Bash expands an array subscript when it evaluates a value as
 * arithmetic (`[[ $N -eq 1 ]]`, `$((N))`, `n=$N; $((n))`) or reads it as a name (`printf -v "$N"`, `${!N}`,
 * `declare -n`), and a list element's `[…]=` under `declare -a "a=($N)"`: `a[$(touch p)]` runs touch there (seen in
 * bash 5.2). One pass, bracket depth counted; a `$(` after the brackets closed (`[INFO] $(x)`) is not in one.
 */
export function holdsSubscriptCommand(value: string): boolean {
  if (!value.includes("[")) return false;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5b) depth++; // [
    else if (c === 0x5d) depth = Math.max(0, depth - 1); // ]
    else if (depth > 0 && (c === 0x60 || (c === 0x24 && (value[i + 1] === "(" || value[i + 1] === "{")))) return true; // ` $( ${
  }
  return false;
}

/**
 * The first variable a shell step would hand its processes whose value holds such a command: the exported scenario
 * values (those the process environment did not already hold as they are: the user's own environment is theirs) and
 * the step's `env:`. Bash in the step, or in any script it starts, evaluates `$NAME` as the script says, beyond what
 * a reading of the step's own text can follow.
 */
export function subscriptCommandIn(
  exported: Readonly<Record<string, string>>,
  stepEnv: Readonly<Record<string, string>> | undefined,
  processEnv: Readonly<Record<string, string | undefined>>,
): string | undefined {
  for (const [name, value] of Object.entries(exported)) if (processEnv[name] !== value && holdsSubscriptCommand(value)) return name;
  for (const [name, value] of Object.entries(stepEnv ?? {})) if (holdsSubscriptCommand(value)) return name;
  return undefined;
}

/** Why the step did not run, naming the variable, never its value (a secret's would show). */
export function subscriptCommandError(name: string): string {
  return (
    `the value of ${name} holds a command inside brackets ([…$(…)…], [\`…\`] or […\${…}…]): bash runs it when it reads the value as a number or a variable's name ` +
    `([[ $${name} -eq 1 ]], $((${name})), printf -v "$${name}"), in this command or in any script it starts, so the step did not run; ` +
    `check such a value with a step's expect (matches, contains) rather than in a shell`
  );
}

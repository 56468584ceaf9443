// Values bash would run a command from when it reads them a second time: as a number or as a variable's name.

/**
 * Whether a value holds a command inside an array subscript: a name right before `[` (`a[`), and inside the brackets a
 * command substitution (`$(…)`, `` `…` ``) or a prompt expansion (`${V@P}`, which runs the substitutions in V's value).
 * Bash expands a subscript again when it evaluates a value as arithmetic (`[[ $N -eq 1 ]]`, `$((N))`, `n=$N; $((n))`,
 * `1 + a[…]` too) or reads it as a name (`printf -v "$N"`, `${!N}`, `declare -n`): `a[$(touch p)]` runs touch there
 * (seen in bash 5.2). Brackets after no name (a JSON list, `[INFO] $(x)`) are no subscript: arithmetic stops at the
 * first token it cannot read, and a name must be the whole value. Another `${…}` in a subscript expands a variable once,
 * whose own value this check sees if it is a scenario value. One pass over the value.
 */
export function holdsSubscriptCommand(value: string): boolean {
  if (!value.includes("[")) return false;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x5b) {
      // [ opens a subscript after a name's last character (or inside one already open)
      if (depth > 0 || (i > 0 && /[A-Za-z0-9_]/.test(value[i - 1]!))) depth++;
    } else if (c === 0x5d) depth = Math.max(0, depth - 1);
    else if (depth > 0 && (c === 0x60 || (c === 0x24 && value[i + 1] === "(") || (c === 0x40 && value[i + 1] === "P" && value[i + 2] === "}"))) return true;
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
    `the value of ${name} holds a command inside an array subscript (a[…$(…)…], a[\`…\`] or a[…\${V@P}…]): bash runs it when it reads the value as a number or a variable's name ` +
    `([[ $${name} -eq 1 ]], $((${name})), printf -v "$${name}"), in this command or in any script it starts, so the step did not run; ` +
    `check such a value with a step's expect (matches, contains) rather than in a shell`
  );
}

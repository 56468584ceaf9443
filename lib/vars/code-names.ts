// Environment variable names a program reads as code: no capture may take one, and no shell step's env: may set one.

/**
 * Environment variables a program started later reads as code, as where to find code or as the container engine to talk
 * to: a capture of that name, or an `env:` key a variable makes one, would let a response or a command's output choose
 * what later steps run.
 */
const CODE_NAMES: Record<string, string> = {
  BASH_ENV: "bash runs the file it names before each script",
  ENV: "sh runs the file it names",
  SHELLOPTS: "bash reads it as its options (xtrace with PS4 runs code)",
  BASHOPTS: "bash reads it as its options",
  PS4: "bash expands it, commands and all, under xtrace",
  PROMPT_COMMAND: "bash runs it",
  IFS: "the shell splits words by it",
  PATH: "it says where every command is found",
  CDPATH: "cd looks for directories along it",
  GLOBIGNORE: "bash's globs leave out what it matches",
  NODE_OPTIONS: "node loads the modules it names",
  PYTHONPATH: "python imports modules from it",
  PYTHONSTARTUP: "python runs the file it names",
  PYTHONHOME: "python loads its library from it",
  PERL5OPT: "perl reads it as options, -M modules among them",
  PERL5LIB: "perl loads modules from it",
  RUBYOPT: "ruby reads it as options, -r libraries among them",
  RUBYLIB: "ruby loads libraries from it",
  GIT_SSH_COMMAND: "git runs it",
  DOCKER_HOST: "docker and compose talk to the engine it names",
  DOCKER_CONTEXT: "docker and compose talk to the engine it names",
  CONTAINER_HOST: "podman talks to the engine it names",
};

/** Why a capture or a step's `env:` of this name would let a value decide what runs, or undefined. */
export function runsAsCodeWhy(name: string): string | undefined {
  if (Object.hasOwn(CODE_NAMES, name)) return CODE_NAMES[name];
  if (/^(?:LD|DYLD)_/.test(name)) return "the dynamic linker reads it (libraries to load)";
  if (name.startsWith("BASH_FUNC_")) return "bash defines functions from it";
  return undefined;
}

/**
 * Why a shell step's `env:` may not set `name` (`why`: runsAsCodeWhy's); `written`, the key as written when variables
 * made it so: `env: { "${K}": "${V}" }` with both captured let an answer choose BASH_ENV and the file bash ran;
 * `captured`: written so, its value holds a name a step captures.
 */
export function envNameMessage(name: string, why: string, written?: string, captured = false): string {
  if (captured) return `env: ${name}'s value holds a variable a step captures, so an answer would set it (${why}): set ${name} from a value of your own (vars:, --var, the environment), or check the captured value first and use it in the script`;
  const made = written !== undefined && written !== name ? `the key ${JSON.stringify(written)} becomes ${name}: ` : "";
  return `env: ${made}a variable may not make an env: key ${name} (nor may a capture take that name): ${why}; write the key itself, with a value of your own`;
}

/**
 * The error of a shell step whose `env:` key a captured value made a name of CODE_NAMES (`"${K}"` with K captured as
 * BASH_ENV: bash ran the file the answer named), found from the keys as written and as filled in; undefined when none.
 * Keys written so are the author's (checked at load).
 */
export function madeEnvKeyError(rawEnv: unknown, fill: (key: string) => string): string | undefined {
  if (rawEnv === null || typeof rawEnv !== "object" || Array.isArray(rawEnv)) return undefined;
  for (const key of Object.keys(rawEnv)) {
    if (!key.includes("${")) continue;
    const name = fill(key);
    const why = runsAsCodeWhy(name);
    if (why) return envNameMessage(name, why, key);
  }
  return undefined;
}

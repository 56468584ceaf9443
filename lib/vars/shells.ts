// The shells the runner knows read a script (after -c, from standard input): one list for every check that asks.

/** Shells by their program name (`/bin/bash` is bash). */
export const SHELLS: ReadonlySet<string> = new Set(["bash", "rbash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "fish"]);

/** Long options of bash that take the next word (`--rcfile FILE`): that word is no script. */
export const LONG_WITH_ARGUMENT: ReadonlySet<string> = new Set(["--rcfile", "--init-file"]);

/** The shells as a regex alternation, longest names first (`rbash` before `bash`, `bash` before `sh`). */
export const SHELL_NAMES_PATTERN = [...SHELLS].sort((a, b) => b.length - a.length).join("|");

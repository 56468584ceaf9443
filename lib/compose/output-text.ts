// The text of a compose command's output: without terminal escapes, and the one line that says what went wrong.

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Removes terminal escape sequences (compose emits some even with --no-color). */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** "See 'docker --help'." and "Try 'podman --help' for more information": pointers, never the error itself. */
const HELP_POINTER = /^(see|try|run) '[^']*--help'/i;
const ERROR_WORDS = /error|invalid|not found|no such|denied|cannot|can't|unable|failed|unknown|unrecognized|is not a /i;

/** The line of a failed command's output that says what went wrong: the last that reads like an error, else the last; "" for none. */
export function errorLine(output: string): string {
  const lines = stripAnsi(output).split("\n").map((l) => l.trim()).filter((l) => l !== "" && !HELP_POINTER.test(l));
  return lines.findLast((l) => ERROR_WORDS.test(l)) ?? lines.at(-1) ?? "";
}

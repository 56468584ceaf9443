// Why a variable cannot hold a NUL byte: the words every place that refuses one uses.

/** Every variable is exported to each command's environment, and neither an environment nor an argument can carry a NUL. */
export const NUL_WHY = "which no command's environment or argument can carry (every variable is exported to each shell, compose and background command)";

/** The load error of a variable's value that holds a NUL byte, or undefined. */
export function nulIssue(value: string): string | undefined {
  return value.includes("\0") ? `its value holds a NUL byte, ${NUL_WHY}` : undefined;
}

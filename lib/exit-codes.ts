// The process exit codes of the scenario CLI, in one place.

export const EXIT = {
  /** Every step passed. */
  ok: 0,
  /** A step failed. */
  failed: 1,
  /** The scenario or the command line is invalid; nothing was run. */
  invalid: 2,
  /** Interrupted by Ctrl-C / SIGTERM; teardown ran and reports were written. */
  interrupted: 130,
} as const;

// The one text an aborted step reports (the engine's deadline, "timed out after 5s", or "interrupted": Ctrl-C, SIGTERM) the skip reasons an interrupt gives, and what the reports say of a step it stopped.

/** What a step interrupted by Ctrl-C or SIGTERM says, in every report. */
export const INTERRUPTED = "interrupted";

/** What the reports say of a step an interrupt stopped, where its own error does not say it (a cause, an annotation). */
export const STOPPED_BEFORE_FINISHING = "stopped by Ctrl-C or SIGTERM before it finished";

/** The skip reason of the steps an interrupt keeps from running: main steps after the first interrupt, teardown steps after a second. */
export const SKIPPED_BY_INTERRUPT = INTERRUPTED;
export const SKIPPED_BY_SECOND_INTERRUPT = `${INTERRUPTED} twice`;

/** Whether a skipped step's reason says an interrupt kept it from running. */
export function skippedByInterrupt(reason: string | undefined): boolean {
  return reason === SKIPPED_BY_INTERRUPT || reason === SKIPPED_BY_SECOND_INTERRUPT;
}

/** The reason the engine aborts an attempt with when the run is interrupted, whatever signal did it. */
export function interruptReason(): Error {
  return new Error(INTERRUPTED);
}

/** Why an aborted step stopped: the reason the engine gave (its deadline, or the interrupt), else "interrupted". Takes an AbortSignal or an attempt's abort (core/abort-watch.ts). */
export function abortText(aborted: { readonly reason: unknown }): string {
  const reason: unknown = aborted.reason;
  if (reason instanceof Error && reason.name !== "AbortError" && reason.message) return reason.message;
  if (typeof reason === "string" && reason) return reason;
  return INTERRUPTED;
}

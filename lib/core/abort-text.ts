// The one text an aborted step reports: the engine's deadline ("timed out after 5s") or "interrupted" (Ctrl-C, SIGTERM).

/** What a step interrupted by Ctrl-C or SIGTERM says, in every report. */
export const INTERRUPTED = "interrupted";

/** The reason the engine aborts an attempt with when the run is interrupted, whatever signal did it. */
export function interruptReason(): Error {
  return new Error(INTERRUPTED);
}

/** Why an aborted step stopped: the reason the engine gave (its deadline, or the interrupt), else "interrupted". */
export function abortText(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError" && reason.message) return reason.message;
  if (typeof reason === "string" && reason) return reason;
  return INTERRUPTED;
}

// Text helpers shared by step kinds: what matchers see and why a step was stopped.

/** The text matchers compare: trailing line breaks removed, so `stdout: OK` matches `echo OK`. */
export function matchText(text: string): string {
  return text.replace(/[\r\n]+$/, "");
}

/** Why an aborted step stopped: the reason the engine gave (timeout, Ctrl-C), else "interrupted". */
export function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError" && reason.message) return reason.message;
  if (typeof reason === "string" && reason) return reason;
  return "interrupted";
}

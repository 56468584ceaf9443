// Text helpers shared by step kinds: what matchers see, report tails, and why a step was stopped.

/** The text matchers compare: trailing line breaks removed, so `stdout: OK` matches `echo OK`. */
export function matchText(text: string): string {
  return text.replace(/[\r\n]+$/, "");
}

/** The last `max` characters of a text for a report block, saying how much was left out. */
export function tail(text: string, max: number): string {
  if (text.length <= max) return text;
  return `… (${text.length - max} earlier characters left out)\n${text.slice(text.length - max)}`;
}

/** The first `max` characters of a text for a report block, saying how much was left out. */
export function head(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (${text.length - max} more characters left out)`;
}

/** Why an aborted step stopped: the reason the engine gave (timeout, Ctrl-C), else "interrupted". */
export function abortMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== "AbortError" && reason.message) return reason.message;
  if (typeof reason === "string" && reason) return reason;
  return "interrupted";
}

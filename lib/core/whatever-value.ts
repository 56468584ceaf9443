// The mark of a load refusal that holds whatever values its references take, so a captured value cannot lift it: the steps set it, the loader reads it.
/**
 * The `params` of a custom issue that holds whatever values the references take (a list's `[su, -c, "echo ${X}"]`, an
 * interpreter's code `python3 -c "…${X}…"`): kept at load even when the reference names a value captured during the
 * run (lib/loader/checked-at-run.ts), since the run's value cannot lift it.
 */
export const WHATEVER_VALUE: Readonly<Record<string, unknown>> = { whateverValue: true };

/** Whether an issue's params say it holds whatever the value (WHATEVER_VALUE). */
export const holdsWhateverValue = (params: unknown): boolean => typeof params === "object" && params !== null && (params as Record<string, unknown>).whateverValue === true;

// A marker with no zod behind it (the loader's run specs read it without loading zod): see scenarioSchemaCheckingAtRunFor in scenario.ts.

/**
 * Stands, at load time, for a step's input that can only be checked once the run has captured its variables (a
 * `${NAME}` an earlier step captures, in a field that must be, say, a duration): the engine checks it at each attempt.
 */
export const CHECKED_AT_RUN: unique symbol = Symbol("checked at run time");

/**
 * The `params` of a custom issue that holds whatever values the references take (a list's `[su, -c, "echo ${X}"]`, an
 * interpreter's code `python3 -c "…${X}…"`): kept at load even when the reference names a value captured during the
 * run (lib/loader/checked-at-run.ts), since the run's value cannot lift it.
 */
export const WHATEVER_VALUE: Readonly<Record<string, unknown>> = { whateverValue: true };

/** Whether an issue's params say it holds whatever the value (WHATEVER_VALUE). */
export const holdsWhateverValue = (params: unknown): boolean => typeof params === "object" && params !== null && (params as Record<string, unknown>).whateverValue === true;

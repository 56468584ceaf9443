// A marker with no zod behind it (the loader's run specs read it without loading zod): see scenarioSchemaCheckingAtRunFor in scenario.ts.

/**
 * Stands, at load time, for a step's input that can only be checked once the run has captured its variables (a
 * `${NAME}` an earlier step captures, in a field that must be, say, a duration): the engine checks it at each attempt.
 */
export const CHECKED_AT_RUN: unique symbol = Symbol("checked at run time");

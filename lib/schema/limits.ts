// Patterns and bounds of the scenario format that both the zod schema and the fast check use (no zod here, so the fast path loads none of the schema).

/** A step's `id`: letters, digits, `_` and `-`, in any order (`01-up`: a numbered step is a common id; `--step` takes its
 * value whole, so one starting with `-` is selectable too). */
export const STEP_ID = /^[A-Za-z0-9_-]+$/;
/** `backoff` of `eventually`: the factor's bounds. */
export const BACKOFF = { min: 1, max: 10 } as const;
/** `retries`: the count's bounds. */
export const RETRIES = { min: 0, max: 1000 } as const;

// The bounds of the http step's `repeat` and `concurrency`, shared by its schema and its fast input check.

export const MAX_REPEAT = 10_000;
export const MAX_CONCURRENCY = 100;

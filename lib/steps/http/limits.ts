// The bounds of the http step's `repeat` and `concurrency`, shared by its schema, its fast input check and its run.

export const MAX_REPEAT = 10_000;
export const MAX_CONCURRENCY = 100;

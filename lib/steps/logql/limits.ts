// The logql step's default line limit, apart from its schema so the step reads it without building the schema.

/** Lines a log query returns unless `limit` says otherwise (Loki's own default is 100). */
export const DEFAULT_STEP_LINE_LIMIT = 1000;

// The sleep step's zod input schema, built on first use: a duration the fast input check (sleep.ts) cannot read goes to it, which words the error.
import { duration } from "../../core/zod-fields.ts";

export const sleepSchema = duration.meta({ description: "how long to wait, e.g. 2s. Discouraged: `eventually` on the step that waits is almost always right" });

export type SleepSchema = typeof sleepSchema;

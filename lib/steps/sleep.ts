// The `sleep` step kind: waits for a duration (`sleep: 2s`), ending early ("interrupted" or the timeout) when the step is aborted.
import { fastDuration, UNSURE } from "../core/fast-fields.ts";
import { formatDuration } from "../core/units/duration.ts";
import { abortText } from "../core/abort-text.ts";
import type { Step } from "./types.ts";
import type { SleepSchema } from "./sleep/schema.ts";
import { sleep } from "../util/sleep.ts";

let builtSchema: SleepSchema | undefined;

export const step = {
  kind: "sleep",
  checks: false,
  ownDuration: true,
  /** Built on first read (zod, for a duration the fast check cannot read, or for the JSON Schema); the same object every read. */
  get schema(): SleepSchema {
    return (builtSchema ??= (require("./sleep/schema.ts") as typeof import("./sleep/schema.ts")).sleepSchema);
  },
  describe: (ms) => `sleep ${formatDuration(ms)}`,
  async run(ms, ctx) {
    const started = performance.now();
    ctx.log(`sleep ${formatDuration(ms)}`);
    const completed = await sleep(ms, ctx.signal);
    const slept = performance.now() - started;
    if (!completed) return { checks: [], error: abortText(ctx.signal), summary: `slept ${formatDuration(slept)} of ${formatDuration(ms)}`, observed: { slept_ms: Math.round(slept) } };
    return { checks: [], summary: `slept ${formatDuration(ms)}`, observed: { slept_ms: Math.round(slept) } };
  },
  /** The duration in milliseconds, as the schema's transform gives it, or undefined when it is not one (zod words why). */
  fastInput: (raw) => {
    const ms = fastDuration(raw);
    return ms === UNSURE ? undefined : { value: ms };
  },
} satisfies Step<SleepSchema>;

// The `sleep` step kind: waits for a duration (`sleep: 2s`), ending early ("interrupted" or the timeout) when the step is aborted.
import { duration } from "../core/zod-fields.ts";
import { formatDuration } from "../core/units/duration.ts";
import { abortText } from "../core/abort-text.ts";
import type { Step } from "./types.ts";
import { sleep } from "../util/sleep.ts";

const schema = duration.meta({ description: "how long to wait, e.g. 2s. Discouraged: `eventually` on the step that waits is almost always right" });

export const step = {
  kind: "sleep",
  checks: false,
  schema,
  describe: (ms) => `sleep ${formatDuration(ms)}`,
  async run(ms, ctx) {
    const started = performance.now();
    ctx.log(`sleep ${formatDuration(ms)}`);
    const completed = await sleep(ms, ctx.signal);
    const slept = performance.now() - started;
    if (!completed) return { checks: [], error: abortText(ctx.signal), summary: `slept ${formatDuration(slept)} of ${formatDuration(ms)}`, observed: { slept_ms: Math.round(slept) } };
    return { checks: [], summary: `slept ${formatDuration(ms)}`, observed: { slept_ms: Math.round(slept) } };
  },
} satisfies Step<typeof schema>;

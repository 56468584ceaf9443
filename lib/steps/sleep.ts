// The `sleep` step kind: waits for a duration (`sleep: 2s`), ending early ("interrupted" or the timeout) when the step is aborted.
import { duration } from "../schema/common.ts";
import { formatDuration } from "../schema/duration.ts";
import { abortMessage } from "./step-text.ts";
import type { Step } from "./types.ts";

const schema = duration.meta({ description: "how long to wait, e.g. 2s. Discouraged: `eventually` on the step that waits is almost always right" });

/** Resolves after ms, or early (false) when the signal fires. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export const step = {
  kind: "sleep",
  schema,
  describe: (ms) => `sleep ${formatDuration(ms)}`,
  async run(ms, ctx) {
    const started = performance.now();
    ctx.log(`sleep ${formatDuration(ms)}`);
    const completed = await abortableSleep(ms, ctx.signal);
    const slept = performance.now() - started;
    if (!completed) return { checks: [], error: abortMessage(ctx.signal), summary: `slept ${formatDuration(slept)} of ${formatDuration(ms)}`, observed: { slept_ms: Math.round(slept) } };
    return { checks: [], summary: `slept ${formatDuration(ms)}`, observed: { slept_ms: Math.round(slept) } };
  },
} satisfies Step<typeof schema>;

// Waiting that an AbortSignal can cut short: shared by the engine (retry waits) and the sleep step.

/** The longest delay setTimeout takes: a longer one fires at once (Bun warns "TimeoutOverflowWarning"). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls fn after ms, however long (a timeout or a sleep of 30 days was a timer of 1 ms: the step "timed out after
 * 833h20m" 20 ms in, a 30-day sleep passed in 53 ms); returns what cancels it. Longer delays are waited in turns.
 * Never early by performance.now(): Bun's timer fires up to a millisecond before a fractional delay, and an attempt
 * given what was left of `eventually` then ended just before its deadline, so one more attempt of a whole second ran.
 */
export function setLongTimeout(fn: () => void, ms: number, maxTimerMs = MAX_TIMER_MS): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const due = performance.now() + ms;
  const arm = (left: number) => {
    timer = setTimeout(() => {
      const rest = due - performance.now();
      if (rest > 0) arm(rest);
      else fn();
    }, Math.min(left, maxTimerMs));
  };
  arm(ms);
  return () => clearTimeout(timer);
}

/** Waits ms, or less when the signal fires; resolves true when the full time passed, false when cut short. Never throws. */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onAbort = () => {
      cancel();
      resolve(false);
    };
    const cancel = setLongTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

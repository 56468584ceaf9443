// What stops a step's work, watched without an AbortSignal where one is not needed: an attempt makes its AbortSignal only when a step reads it.

/** An abort to watch: a plain AbortSignal's (signalWatch), or an attempt's own (AttemptAbort). */
export interface AbortWatch {
  readonly aborted: boolean;
  /** Why it aborted (the signal's reason); undefined before. */
  readonly reason: unknown;
  /** Calls onAbort when it aborts, once (not when it already has: check `aborted` first); returns what stops watching. */
  watch(onAbort: () => void): () => void;
  /** An AbortSignal that aborts with it, for APIs that take one (fetch, child processes). */
  readonly signal: AbortSignal;
}

/** A plain AbortSignal as an AbortWatch. */
export function signalWatch(signal: AbortSignal): AbortWatch {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason;
    },
    watch(onAbort) {
      signal.addEventListener("abort", onAbort, { once: true });
      return () => signal.removeEventListener("abort", onAbort);
    },
    signal,
  };
}

/**
 * One attempt's abort (its deadline, or the run's interrupt). Its AbortSignal is made when first read, already aborted
 * with the same reason when the attempt was; until then `watch` costs no event listener. Watchers and the signal's
 * listeners are called in the order they were added, each group as an AbortSignal would (one removed meanwhile is not
 * called): the watchers first, then the signal's.
 */
export class AttemptAbort implements AbortWatch {
  #aborted = false;
  #reason: unknown;
  #controller: AbortController | undefined;
  #watchers: Set<() => void> | undefined;

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  watch(onAbort: () => void): () => void {
    const watchers = (this.#watchers ??= new Set());
    watchers.add(onAbort);
    return () => void watchers.delete(onAbort);
  }

  /**
   * Aborts with `reason` (the first call only). As with an AbortSignal's listeners, a watcher that throws keeps neither
   * the other watchers nor the signal from firing, and abort() returns: its error is reported as uncaught (reportError).
   */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const watchers = this.#watchers;
    const failures: unknown[] = [];
    if (watchers) for (const entry of [...watchers]) if (watchers.has(entry)) {
      watchers.delete(entry);
      try {
        entry();
      } catch (error) {
        failures.push(error);
      }
    }
    this.#controller?.abort(reason);
    for (const error of failures) reportError(error);
  }
}

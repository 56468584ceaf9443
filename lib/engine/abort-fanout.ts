// One abort listener per run signal, shared by the attempts running under it (instead of one listener added and removed per attempt).

const watchers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` when `signal` aborts (at once when it already has); returns what stops watching.
 * Callbacks run in the order they were added, as separate listeners would.
 */
export function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  let callbacks = watchers.get(signal);
  if (!callbacks) {
    const fresh = new Set<() => void>();
    signal.addEventListener("abort", () => {
      // As with separate listeners: one removed meanwhile is not called, one added meanwhile waits for no second abort.
      for (const callback of [...fresh]) if (fresh.has(callback)) callback();
    }, { once: true });
    watchers.set(signal, fresh);
    callbacks = fresh;
  }
  const own = callbacks;
  const entry = () => onAbort();
  own.add(entry);
  return () => void own.delete(entry);
}

// Polling a daemon a test started (Loki, Promtail, Prometheus) until it answers as wanted.

/**
 * Polls probe every intervalMs until it returns true. Throws `what` with the reason once exited() gives one (the daemon
 * ended), or with probe's last error once the deadline (epoch ms) passes.
 */
export async function pollUntil(what: string, probe: () => Promise<boolean>, deadline: number, exited: () => string | undefined, intervalMs: number): Promise<void> {
  let last = "";
  while (Date.now() < deadline) {
    const why = exited();
    if (why !== undefined) throw new Error(`${what}: ${why}`);
    try {
      if (await probe()) return;
    } catch (e) {
      last = (e as Error).message;
    }
    await Bun.sleep(intervalMs);
  }
  throw new Error(`${what}: not within the deadline${last ? ` (last error: ${last})` : ""}`);
}

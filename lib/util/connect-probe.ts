// One TCP connection made to check whether a port accepts connections, closed at once: for a request over fetch that got
// no answer in time, since fetch does not say whether its own connection was ever made.
import { checkedAddress, type ProbeOutcome, type RequestProgress } from "../core/stalled.ts";

/** How long the check waits for the connection: an accept on a working host takes well under this, even far away. */
export const PROBE_MS = 1000;

/**
 * Connects to host:port and closes again; "no answer" when nothing accepted within `ms`. Never leaves a socket open.
 * `interrupt` (the run's Ctrl-C) ends the wait at once, with undefined: the step then says only "interrupted".
 */
export function probeConnect(hostname: string, port: number, ms = PROBE_MS, interrupt?: AbortSignal): Promise<ProbeOutcome | undefined> {
  if (interrupt?.aborted) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => finish("no answer"), ms);
    const onInterrupt = () => finish(undefined);
    interrupt?.addEventListener("abort", onInterrupt, { once: true });
    function finish(outcome: ProbeOutcome | undefined): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      interrupt?.removeEventListener("abort", onInterrupt);
      resolve(outcome);
    }
    Bun.connect({ hostname: hostname.startsWith("[") ? hostname.slice(1, -1) : hostname, port, socket: { data() {}, error() {} } }).then(
      (socket) => {
        // Closed whatever came first: an accept after the bound (or the interrupt) still closes the connection it made.
        socket.terminate();
        finish("accepted");
      },
      () => finish("refused"),
    );
  });
}

/**
 * For a request fetch sent that stalled before its headers (fetch does not say whether it connected): whether the port
 * it connected to (the proxy's, when it went through one) takes a connection now. Undefined when the transport knew,
 * or the run was interrupted.
 */
export function probeStalled(progress: RequestProgress, interrupt?: AbortSignal): Promise<ProbeOutcome | undefined> {
  if (progress.connected !== undefined || progress.status !== undefined) return Promise.resolve(undefined);
  const address = checkedAddress(progress);
  const at = address.lastIndexOf(":");
  return probeConnect(address.slice(0, at), Number(address.slice(at + 1)), PROBE_MS, interrupt);
}

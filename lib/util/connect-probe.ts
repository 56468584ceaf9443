// One TCP connection made to check whether a port accepts connections, closed at once: for a request over fetch that got
// no answer in time, since fetch does not say whether its own connection was ever made.
import type { ProbeOutcome } from "../core/stalled.ts";

/** How long the check waits for the connection: an accept on a working host takes well under this, even far away. */
export const PROBE_MS = 1000;

/** Connects to host:port and closes again; "no answer" when nothing accepted within `ms`. Never leaves a socket open. */
export function probeConnect(hostname: string, port: number, ms = PROBE_MS): Promise<ProbeOutcome> {
  return new Promise((resolve) => {
    let done = false;
    const timer = setTimeout(() => finish("no answer"), ms);
    function finish(outcome: ProbeOutcome): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(outcome);
    }
    Bun.connect({ hostname: hostname.startsWith("[") ? hostname.slice(1, -1) : hostname, port, socket: { data() {}, error() {} } }).then(
      (socket) => {
        // Closed whatever came first: an accept after the bound still closes the connection it made.
        socket.terminate();
        finish("accepted");
      },
      () => finish("refused"),
    );
  });
}

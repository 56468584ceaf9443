// Free TCP ports on 127.0.0.1 for servers a test starts later (containers, Prometheus), chosen so nothing else takes them first.
import { readFileSync } from "node:fs";

/** The lowest port the kernel hands out to outgoing connections and port-0 listeners. */
function ephemeralLow(): number {
  try {
    return Number(readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** Listens on the port (0: any) for a moment; the port it got, or undefined when it is taken. */
function tryListen(port: number): number | undefined {
  try {
    const server = Bun.listen({ hostname: "127.0.0.1", port, socket: { data() {} } });
    const got = server.port;
    server.stop(true);
    return got;
  } catch {
    return undefined;
  }
}

const handedOut = new Set<number>();

/**
 * A TCP port on 127.0.0.1 that is free now, for a server to listen on a few seconds later. It is taken below
 * the ephemeral range, so no outgoing connection or port-0 listener on the machine takes it in the meantime, and
 * never twice in one process.
 */
export function freePort(): number {
  // SCENARIO_TEST_PORTS=LOW-HIGH keeps a test run to a range of its own (a machine shared by several runs).
  const range = /^(\d+)-(\d+)$/.exec(process.env.SCENARIO_TEST_PORTS ?? "");
  const low = range ? Number(range[1]) : 20_000;
  const high = range ? Number(range[2]) + 1 : Math.min(ephemeralLow(), 32768);
  for (let i = 0; i < 1000; i++) {
    // A system whose ephemeral range starts below 20000 leaves no such room: take what the kernel gives.
    const port = tryListen(range || high - low >= 1000 ? low + Math.floor(Math.random() * (high - low)) : 0);
    if (port !== undefined && !handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free TCP port on 127.0.0.1 below ${high}`);
}

// A unix-socket proxy in front of a Docker API socket that records each HTTP request line: proves which socket a client used.
import { createConnection, createServer, type Server } from "node:net";
import { rmSync } from "node:fs";

export interface SocketProxy {
  /** The proxy's socket path (give it as DOCKER_HOST=unix://<path>). */
  path: string;
  /** "POST /v1.41/containers/create?name=…" — every request line seen so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r?$/gm;

/** Listens on `path` and forwards every connection to the socket at `target`. */
export async function startSocketProxy(path: string, target: string): Promise<SocketProxy> {
  const requests: string[] = [];
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    client.on("data", (chunk: Buffer) => {
      for (const m of chunk.toString("latin1").matchAll(REQUEST_LINE)) requests.push(`${m[1]} ${m[2]}`);
    });
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end);
    upstream.on("error", end);
    client.on("close", end);
    upstream.on("close", end);
  });
  rmSync(path, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  return {
    path,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

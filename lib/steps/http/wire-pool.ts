// Keep-alive TCP connections of the wire client, pooled per host:port; idle ones unref'd so they never keep a finished run alive.
import type { Socket } from "bun";

/** What a connection tells the request using it. */
export interface ConnectionListener {
  data(bytes: Buffer): void;
  /** The peer ended the connection or it failed; `failed`: it ended with an error (a reset, ECONNRESET), not the close a FIN makes. */
  closed(failed: boolean): void;
}

export class Connection {
  socket: Socket<undefined> | undefined;
  listener: ConnectionListener | undefined;
  isClosed = false;

  constructor(readonly key: string) {}

  private unsent: Uint8Array | undefined;

  onData(bytes: Buffer): void {
    if (this.listener) this.listener.data(bytes);
    else this.destroy();
  }

  /** Writes all of data (bytes, or an ASCII string), the rest on each drain. */
  send(data: Uint8Array | string): void {
    const written = this.socket!.write(data);
    if (written >= data.length) this.unsent = undefined;
    else this.unsent = typeof data === "string" ? Buffer.from(data.slice(Math.max(0, written)), "latin1") : data.subarray(Math.max(0, written));
  }

  /** Part of the last request is still waiting to be written (the server answered before reading it all). */
  get writing(): boolean {
    return this.unsent !== undefined;
  }

  onDrain(): void {
    if (this.unsent && !this.isClosed) this.send(this.unsent);
  }

  /** `error`: what Bun's close or error handler was given (ECONNRESET for a reset; nothing for the peer's close). */
  onClosed(error?: unknown): void {
    if (this.isClosed) return;
    this.isClosed = true;
    dropIdle(this);
    this.listener?.closed(error !== undefined && error !== null);
  }

  /** Ends the connection now (abort, error, a response that leaves it unusable). */
  destroy(): void {
    this.isClosed = true;
    dropIdle(this);
    this.socket?.terminate();
  }
}

const idle = new Map<string, Connection[]>();

function dropIdle(conn: Connection): void {
  const list = idle.get(conn.key);
  const at = list?.indexOf(conn) ?? -1;
  if (at >= 0) list!.splice(at, 1);
}

/** An idle connection to host:port, ref'd again, if the pool has one. */
export function takeIdle(key: string): Connection | undefined {
  const list = idle.get(key);
  while (list && list.length > 0) {
    const conn = list.pop()!;
    if (conn.isClosed) continue;
    conn.socket?.ref();
    return conn;
  }
  return undefined;
}

/** Back to the pool after a whole response on a connection that may carry another. */
export function release(conn: Connection): void {
  conn.listener = undefined;
  if (conn.isClosed) return;
  conn.socket?.unref();
  const list = idle.get(conn.key);
  if (list) list.push(conn);
  else idle.set(conn.key, [conn]);
}

/** A new connection; rejects with Bun's connect error. */
export async function open(hostname: string, port: number, key: string): Promise<Connection> {
  const conn = new Connection(key);
  conn.socket = await Bun.connect({
    hostname,
    port,
    socket: {
      data: (_s, bytes) => conn.onData(bytes),
      drain: () => conn.onDrain(),
      end: () => conn.onClosed(),
      close: (_s, error) => conn.onClosed(error),
      error: (_s, error) => conn.onClosed(error),
    },
  });
  return conn;
}

// A raw TCP server on loopback (127.0.0.1 unless told ::1) for differential HTTP tests: records each request's bytes and answers with scripted raw bytes, in segments.
import type { Socket } from "bun";

/** How to answer one request: bytes written one segment at a time (the event loop turns between them; a long one written whole, across drains), then maybe an end. */
export interface Answer {
  segments: (string | Uint8Array)[];
  /** End the connection after the last segment. */
  end?: boolean;
  /** Reset the connection (a TCP RST, not the close `end` makes) after the last segment. */
  reset?: boolean;
}

/** Per connection: its number (1 = first) and how many requests it carried before this one. */
export interface RequestInfo {
  raw: string;
  target: string;
  connection: number;
  onConnection: number;
}

export interface ScriptedServer {
  port: number;
  base: string;
  requests: RequestInfo[];
  connections(): number;
  /** Connections currently open. */
  open(): number;
  stop(): void;
}

interface ConnState {
  n: number;
  buf: Buffer;
  served: number;
  /** Called on the next drain (a segment the socket took only part of waits for it). */
  drained?: () => void;
  closed?: boolean;
}

/** Length of the first whole request in buf (head and Content-Length body), or undefined while it is incomplete. */
function requestLength(buf: Buffer): number | undefined {
  const end = buf.indexOf("\r\n\r\n");
  if (end < 0) return undefined;
  const head = buf.subarray(0, end).toString("latin1");
  const length = /\r\ncontent-length: *(\d+)/i.exec(head);
  const total = end + 4 + (length ? Number(length[1]) : 0);
  return buf.length >= total ? total : undefined;
}

const turn = () => new Promise<void>((r) => setImmediate(r));

/** Starts the server; `answer` is called with each whole request (undefined: leave it unanswered, the connection open). */
export function scriptedServer(answer: (req: RequestInfo, index: number) => Answer | "close" | undefined | Promise<Answer>, hostname = "127.0.0.1"): ScriptedServer {
  const requests: RequestInfo[] = [];
  let connections = 0;
  let open = 0;
  const write = async (s: Socket<ConnState>, a: Answer) => {
    for (let i = 0; i < a.segments.length; i++) {
      if (i > 0) await turn();
      const segment = a.segments[i]!;
      let rest = typeof segment === "string" ? Buffer.from(segment) : segment;
      while (!s.data.closed) {
        const written = s.write(rest);
        if (written < 0 || written >= rest.length) break;
        rest = rest.subarray(written);
        await new Promise<void>((r) => (s.data.drained = r));
      }
    }
    if (a.reset) s.terminate();
    else if (a.end) s.end();
  };
  const server = Bun.listen<ConnState>({
    hostname,
    port: 0,
    socket: {
      open(s) {
        s.data = { n: ++connections, buf: Buffer.alloc(0), served: 0 };
        open++;
      },
      data(s, bytes) {
        const st = s.data;
        st.buf = Buffer.concat([st.buf, bytes]);
        for (let len = requestLength(st.buf); len !== undefined; len = requestLength(st.buf)) {
          const raw = st.buf.subarray(0, len).toString("latin1");
          st.buf = st.buf.subarray(len);
          const info: RequestInfo = { raw, target: raw.split(" ")[1] ?? "", connection: st.n, onConnection: st.served++ };
          requests.push(info);
          const a = answer(info, requests.length - 1);
          if (a === "close") s.end();
          else if (a instanceof Promise) void a.then((got) => write(s, got));
          else if (a) void write(s, a);
        }
      },
      drain(s) {
        const drained = s.data.drained;
        s.data.drained = undefined;
        drained?.();
      },
      close(s) {
        s.data.closed = true;
        s.data.drained?.();
        open--;
      },
    },
  });
  return {
    port: server.port,
    base: `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${server.port}`,
    requests,
    connections: () => connections,
    open: () => open,
    stop: () => server.stop(true),
  };
}

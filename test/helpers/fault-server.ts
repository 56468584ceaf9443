// A loopback HTTP server that misbehaves on purpose, one fault per URL prefix: reset, hang, one byte a second, 500, 429, bad JSON, endless bodies.
import { createServer, type Socket } from "node:net";

export const FAULTS = ["reset", "hang", "slow", "500", "429", "truncated", "malformed", "huge"] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultServer {
  /** The root URL whose requests suffer the fault, e.g. http://127.0.0.1:PORT/hang. */
  url(fault: Fault): string;
  /** Body bytes written so far by `huge` answers (they stop when the client hangs up). */
  hugeBytesSent(): number;
  /** Connections currently open. */
  openConnections(): number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, '{"x":1}, ');

function answer(socket: Socket, status: string, headers: Record<string, string | number>, body: string): void {
  const head = [`HTTP/1.1 ${status}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "Connection: close", "", ""].join("\r\n");
  socket.end(head + body);
}

/** Streams `total` bytes, one shared chunk at a time, waiting for the socket to drain: nothing is buffered. */
function stream(socket: Socket, total: number, sent: (n: number) => void): void {
  socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[");
  let left = total;
  const pump = () => {
    while (left > 0 && !socket.destroyed) {
      const piece = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= piece.length;
      sent(piece.length);
      if (!socket.write(piece)) return void socket.once("drain", pump);
    }
    if (!socket.destroyed) socket.end();
  };
  pump();
}

/** Starts the server on 127.0.0.1 (a port of the kernel's choosing). `hugeBytes` is the size of `huge` bodies. */
export async function startFaultServer(opts: { hugeBytes?: number } = {}): Promise<FaultServer> {
  const hugeBytes = opts.hugeBytes ?? 1024 ** 3;
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setInterval>>();
  let hugeSent = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
    let head = "";
    const onData = (data: Buffer) => {
      head += data.toString("latin1");
      if (!head.includes("\r\n\r\n")) return;
      socket.off("data", onData);
      const path = head.split(" ")[1] ?? "/";
      const fault = path.split("/")[1] as Fault;
      switch (fault) {
        case "reset":
          socket.resetAndDestroy();
          break;
        case "hang":
          break;
        case "slow": {
          socket.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\nConnection: close\r\n\r\n");
          const t = setInterval(() => (socket.destroyed ? (clearInterval(t), timers.delete(t)) : socket.write("[")), 1000);
          timers.add(t);
          break;
        }
        case "500":
          answer(socket, "500 Internal Server Error", { "Content-Type": "application/json", "Content-Length": 56 }, '{"status":"error","error":"internal failure (injected)"}');
          break;
        case "429":
          answer(socket, "429 Too Many Requests", { "Retry-After": 7, "Content-Type": "text/plain", "Content-Length": 21 }, "rate limit (injected)");
          break;
        case "truncated": {
          // Declares 400 bytes, sends 40, then closes.
          socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\nConnection: close\r\n\r\n{"status":"success","data":{"resultType"');
          socket.end();
          break;
        }
        case "malformed":
          answer(socket, "200 OK", { "Content-Type": "application/json", "Content-Length": 35 }, '{"status":"success","data":{"res":}');
          break;
        case "huge":
          stream(socket, hugeBytes, (n) => (hugeSent += n));
          break;
        default:
          answer(socket, "404 Not Found", { "Content-Length": 0 }, "");
      }
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: (fault) => `http://127.0.0.1:${port}/${fault}`,
    hugeBytesSent: () => hugeSent,
    openConnections: () => sockets.size,
    close: async () => {
      for (const t of timers) clearInterval(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// The bare keep-alive socket client of the floor rows (raw-loop.ts, job-floor.ts): one connection, one request at a time,
// just enough HTTP to read a Content-Length body. No pool, no timeouts, no redirects, no decoding, no error paths.

/** Connects to hostname:port; `send` writes a request's text and resolves with the whole response (head and body, latin1). */
export async function bareSocket(hostname: string, port: number): Promise<{ send(request: string): Promise<string>; end(): void }> {
  let pending: ((response: string) => void) | undefined;
  let buffered = "";
  const socket = await Bun.connect({
    hostname,
    port,
    socket: {
      data(_s, bytes) {
        buffered += bytes.toString("latin1");
        const headEnd = buffered.indexOf("\r\n\r\n");
        if (headEnd < 0) return;
        const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? NaN);
        if (buffered.length - headEnd - 4 < length) return;
        const response = buffered.slice(0, headEnd + 4 + length);
        buffered = "";
        const settle = pending!;
        pending = undefined;
        settle(response);
      },
    },
  });
  return {
    send(request) {
      const answered = new Promise<string>((resolve) => (pending = resolve));
      socket.write(request);
      return answered;
    },
    end: () => socket.end(),
  };
}

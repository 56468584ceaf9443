// The floor of a client on the main thread: the bench's requests over one keep-alive socket, with just enough HTTP to read a Content-Length body (no pool, no checks beyond the id, no events).
// Run by bench/layers.ts: bun raw-loop.js BASE N
export {};
const [base, n] = [new URL(process.argv[2]!), Number(process.argv[3])];
let pending: ((body: string) => void) | undefined;
let buffered = "";
const socket = await Bun.connect({
  hostname: base.hostname,
  port: Number(base.port),
  socket: {
    data(_s, bytes) {
      buffered += bytes.toString("latin1");
      const headEnd = buffered.indexOf("\r\n\r\n");
      if (headEnd < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, headEnd))?.[1] ?? NaN);
      if (buffered.length - headEnd - 4 < length) return;
      const body = buffered.slice(headEnd + 4, headEnd + 4 + length);
      buffered = "";
      const settle = pending!;
      pending = undefined;
      settle(body);
    },
  },
});
let failed = 0;
for (let i = 0; i < n; i++) {
  const answered = new Promise<string>((resolve) => (pending = resolve));
  socket.write(`GET /items/${i} HTTP/1.1\r\nHost: ${base.host}\r\n\r\n`);
  if (JSON.parse(await answered).id !== i) failed++;
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

// The floor of a client on the main thread: the bench's requests over one keep-alive socket (bare-socket.ts: just enough HTTP to read a Content-Length body; no pool, no checks beyond the id, no events).
// Run by bench/layers.ts: bun raw-loop.js BASE N
import { bareSocket } from "./bare-socket.ts";

const [base, n] = [new URL(process.argv[2]!), Number(process.argv[3])];
const socket = await bareSocket(base.hostname, Number(base.port));
let failed = 0;
for (let i = 0; i < n; i++) {
  const response = await socket.send(`GET /items/${i} HTTP/1.1\r\nHost: ${base.host}\r\n\r\n`);
  if (JSON.parse(response.slice(response.indexOf("\r\n\r\n") + 4)).id !== i) failed++;
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

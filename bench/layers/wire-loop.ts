// The built-in HTTP client alone (lib/steps/http/wire.ts): the bench's requests and the id check, without the http step, the engine or the reporters.
// Run by bench/layers.ts (bundled first): bun wire-loop.js BASE N
import { wireExchange } from "../../lib/steps/http/wire.ts";
import { fetchRest, wireRequest } from "../../lib/steps/http/transport.ts";
import { signalWatch } from "../../lib/core/abort-watch.ts";

const [base, n] = [process.argv[2]!, Number(process.argv[3])];
const abort = signalWatch(new AbortController().signal);
let failed = 0;
for (let i = 0; i < n; i++) {
  const url = new URL(`${base}/items/${i}`);
  const req = wireRequest(url, "GET", undefined, undefined, undefined, false);
  if (!req) throw new Error(`${url} is outside the wire client's envelope`);
  const { res, read } = await wireExchange(url, req, true, abort, 10 * 1024 * 1024, fetchRest);
  if (res.status !== 200 || JSON.parse(read.text).id !== i) failed++;
}
console.log(`${n - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

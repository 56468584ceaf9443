// Benchmark: readiness latency: how long after a local server turns ready does an `eventually` http step (default backoff) pass, and how often it asked.
// Run: npx bun bench/readiness.ts [--trials 50] [--seed 1] [--max-delay 3000]. Target: p50 <= 50 ms with at most 20 requests a second.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../lib/cli.ts";
import { seededRandom } from "../test/helpers/random.ts";
import { percentile } from "../lib/util/trend.ts";
import { numberOption } from "./measure.ts";

const TRIALS = numberOption("--trials", 50);
const MAX_DELAY_MS = numberOption("--max-delay", 3000);
const random = seededRandom(numberOption("--seed", 1));
const DATA = join(import.meta.dir, ".data", "readiness");
mkdirSync(DATA, { recursive: true });

/** One trial's server: /health answers 503 until `readyAt`, then 200; /passed notes when the step after the eventually step began. */
function trialServer(delayMs: number) {
  const readyAt = performance.now() + delayMs;
  const polls: number[] = [];
  let passedAt: number | undefined;
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const now = performance.now();
      if (new URL(req.url).pathname === "/passed") {
        passedAt ??= now;
        return new Response("ok");
      }
      polls.push(now);
      return now >= readyAt ? Response.json({ ready: true }) : new Response("starting", { status: 503 });
    },
  });
  return { server, readyAt, polls, passedAt: () => passedAt };
}

const sink = { write: () => true, isTTY: false };
const latencies: number[] = [];
const rates: number[] = [];
let maxPerSecond = 0;
for (let t = 0; t < TRIALS; t++) {
  const delay = 100 + random() * (MAX_DELAY_MS - 100);
  const file = join(DATA, "ready.yaml");
  const trial = trialServer(delay);
  const base = `http://127.0.0.1:${trial.server.port}`;
  writeFileSync(file, `name: readiness
steps:
  - name: ready
    eventually: 1m
    http: { url: ${base}/health, expect: { status: 200 } }
  - name: passed
    http: { url: ${base}/passed, expect: { status: 200 } }
`);
  const code = await main(["run", file, "--quiet", "--report-dir", join(DATA, "reports")], { stdout: sink, stderr: sink, cwd: DATA, env: process.env, handleSignals: false });
  trial.server.stop(true);
  const passedAt = trial.passedAt();
  if (code !== 0 || passedAt === undefined) throw new Error(`trial ${t}: the run exited ${code}`);
  latencies.push(passedAt - trial.readyAt);
  // Requests per second while polling: the gaps between the first and the last request.
  if (trial.polls.length > 1) rates.push((trial.polls.length - 1) / ((trial.polls.at(-1)! - trial.polls[0]!) / 1000));
  // The most requests within any one second of the trial.
  for (let i = 0, j = 0; j < trial.polls.length; j++) {
    while (trial.polls[j]! - trial.polls[i]! >= 1000) i++;
    maxPerSecond = Math.max(maxPerSecond, j - i + 1);
  }
}

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => percentile(sorted, p)!;
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(`readiness: ${TRIALS} trials, the server turns ready 0.1–${MAX_DELAY_MS / 1000} s after the trial starts (seeded), step \`eventually: 1m\` with the default interval and backoff, ${new Date().toISOString()}`);
console.log(`  reproduce: npx bun bench/readiness.ts --trials ${TRIALS} --max-delay ${MAX_DELAY_MS}`);
console.log(`  ready -> passed   p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms (target p50 <= 50 ms)`);
console.log(`  requests          ${avg(rates).toFixed(1)}/s on average while waiting, at most ${maxPerSecond} within any one second (limit 20)`);

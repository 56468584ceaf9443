// Child of bench/reporters.ts: feeds recorded events through one checkout's CLI reporters as runOne wires them; prints its times as JSON.
// Run: bun bench/reporters-feed.ts ROOT EVENTS.json FORMATS OUT_DIR
import { readFileSync } from "node:fs";
import { join } from "node:path";

const [root, eventsFile, formats, outDir] = process.argv.slice(2) as [string, string, string, string];
const { createReporters } = await import(join(root, "lib/report/index.ts"));
const { RunCollector } = await import(join(root, "lib/report/run-record.ts"));
const { RunPhaseTracker } = await import(join(root, "lib/cli/run-phase.ts"));
const DATES = new Set(["at", "startedAt", "endedAt"]);
const events = JSON.parse(readFileSync(eventsFile, "utf8"), (k, v) => (DATES.has(k) ? new Date(v) : v));

const runs = new RunCollector();
const reporter = await createReporters({
  formats: formats.split(","), reportDir: join(outDir, "reports"), cwd: outDir,
  console: { stream: { write: () => true, isTTY: false }, quiet: true, env: {} }, runs,
});
const phase = new RunPhaseTracker();
let emitNs = 0;
const cpu0 = process.cpuUsage();
for (const event of events) {
  const t0 = Bun.nanoseconds();
  phase.onEvent(event);
  reporter.onEvent(event);
  emitNs += Bun.nanoseconds() - t0;
  // A step's events come in one turn of the loop; its request's round trip is where the loop turns.
  if (event.type === "step-end") await new Promise((r) => setImmediate(r));
}
const t1 = performance.now();
await reporter.finish();
const finishMs = performance.now() - t1;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ emitMs: emitNs / 1e6, finishMs, cpuMs: (cpu.user + cpu.system) / 1000 }));

// Benchmark: the reporters' cost for N http steps: the events of a real run, recorded once, fed through this checkout's reporters and a baseline's, alternating.
// Run: npx bun bench/reporters.ts [--steps 1000] [--rounds 11] [--report md,log] [--baseline DIR]. Prints the time inside emit (the run's hot path),
// the time of finish() (reports written) and the CPU time of both plus the loop turns, medians per checkout.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startItemsServer } from "./items-server.ts";
import { loadScenario } from "../lib/loader/load.ts";
import { builtins } from "../lib/vars/scope.ts";
import { runScenario } from "../lib/engine/run-scenario.ts";
import { maskerFor } from "../lib/engine/secrets.ts";
import type { RunEvent } from "../lib/engine/events.ts";
import { measured, median, numberOption, option } from "./measure.ts";
import { stepsYaml } from "./steps-data.ts";

const STEPS = numberOption("--steps", 1000);
const ROUNDS = numberOption("--rounds", 11);
const FORMATS = option("--report", "md,log");
const BASELINE = option("--baseline", "");
const DATA = join(import.meta.dir, ".data", "reporters");
mkdirSync(DATA, { recursive: true });

const { server, base } = startItemsServer();
const events: RunEvent[] = [];
try {
  const file = join(DATA, `steps-${STEPS}.yaml`);
  writeFileSync(file, stepsYaml(base, STEPS, "bench-reporters"));
  const startedAt = new Date();
  const { scenario, scope } = await loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (dir) => builtins("bench", startedAt, dir) }, DATA);
  const never = new AbortController().signal;
  await runScenario({
    scenario, scope, masker: maskerFor(scenario, scope), runId: "bench", startedAt, emit: (e) => events.push(e),
    interrupt: never, hardStop: never, selection: { tags: [], skipTags: [], steps: [] }, bail: false, options: { keepStack: false },
  });
} finally {
  server.stop(true);
}
const eventsFile = join(DATA, `events-${STEPS}.json`);
writeFileSync(eventsFile, JSON.stringify(events));

interface Sample { emitMs: number; finishMs: number; cpuMs: number }
async function feed(root: string): Promise<Sample> {
  const out = mkdtempSync(join(tmpdir(), "bench-reporters-"));
  try {
    const { stdout } = await measured([process.execPath, join(import.meta.dir, "reporters-feed.ts"), root, eventsFile, FORMATS, out]);
    return JSON.parse(stdout) as Sample;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Without --baseline DIR (a checkout of main with node_modules) only this checkout is measured. */
const checkouts: Record<string, string> = { "this checkout": resolve(import.meta.dir, ".."), ...(BASELINE ? { [`baseline (${BASELINE})`]: resolve(BASELINE) } : {}) };
const samples = new Map<string, Sample[]>(Object.keys(checkouts).map((k) => [k, []]));
for (const root of Object.values(checkouts)) await feed(root); // warm the page cache and Bun's transpiler cache
for (let r = 0; r < ROUNDS; r++) for (const [name, root] of Object.entries(checkouts)) samples.get(name)!.push(await feed(root));
console.log(`reporters: ${events.length} events of ${STEPS} http steps, reports ${FORMATS}, console --quiet, ${ROUNDS} interleaved rounds, ${new Date().toISOString()}`);
console.log(`  reproduce: npx bun bench/reporters.ts --steps ${STEPS} --rounds ${ROUNDS} --report ${FORMATS}${BASELINE ? " --baseline DIR" : ""}`);
console.log("\n| reporters of | emit median | finish median | CPU median (emit + idle formatting + finish) |");
console.log("| --- | ---: | ---: | ---: |");
for (const [name, xs] of samples) {
  console.log(`| ${name} | ${median(xs.map((x) => x.emitMs)).toFixed(1)} ms | ${median(xs.map((x) => x.finishMs)).toFixed(1)} ms | ${median(xs.map((x) => x.cpuMs)).toFixed(1)} ms |`);
}

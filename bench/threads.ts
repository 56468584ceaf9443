// Benchmark: CPU of a whole http run split by thread (main, JIT compilers, the rest: HTTP client, GC), this tree against a baseline, rounds interleaved.
// Run: npx bun bench/threads.ts [--steps 200] [--rounds 15] [--baseline DIR]. Linux only (reads /proc/self/task/*/schedstat, ns resolution).
// The main thread's CPU is far steadier on a shared machine than wall time: differences of ~1 ms show in 15–25 rounds.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startItemsServer } from "./items-server.ts";
import { measured, median, numberOption, option } from "./measure.ts";
import { stepsYaml } from "./steps-data.ts";

const STEPS = numberOption("--steps", 200);
const ROUNDS = numberOption("--rounds", 15);
const BASELINE = option("--baseline", "");
const DATA = join(import.meta.dir, ".data", "threads");
const PRELOAD = join(import.meta.dir, "thread-cpu-preload.ts");
mkdirSync(join(DATA, "reports"), { recursive: true });

const { server, base } = startItemsServer();
const scenario = join(DATA, `steps-${STEPS}.yaml`);
writeFileSync(scenario, stepsYaml(base, STEPS, "bench-threads"));

/** Wall, process CPU and each thread kind's CPU of one run, in ms. */
type Sample = [wall: number, cpu: number, main: number, jit: number, rest: number];

async function sample(tree: string): Promise<Sample> {
  const run = await measured([process.execPath, "--preload", PRELOAD, join(tree, "bin", "scenario.ts"), "run", scenario, "--quiet", "--report-dir", join(DATA, "reports")], { cwd: DATA, discardStdout: true });
  const m = /thread-cpu-ns (\d+) (\d+) (\d+)/.exec(run.stderr);
  if (!m) throw new Error(`${tree}: no thread-cpu-ns line\n${run.stderr}`);
  return [run.wallMs, run.cpuMs, Number(m[1]) / 1e6, Number(m[2]) / 1e6, Number(m[3]) / 1e6];
}

const trees = [resolve(import.meta.dir, ".."), ...(BASELINE ? [resolve(BASELINE)] : [])];
const samples = trees.map((): Sample[] => []);
try {
  for (let r = 0; r < ROUNDS; r++) for (let i = 0; i < trees.length; i++) samples[i]!.push(await sample(trees[i]!));
} finally {
  server.stop(true);
}
console.log(`# ${STEPS} http steps, ${ROUNDS} interleaved rounds (medians, ms), ${new Date().toISOString()}`);
console.log("| tree | wall | CPU | main thread | JIT threads | other threads |\n| --- | ---: | ---: | ---: | ---: | ---: |");
trees.forEach((tree, i) => console.log(`| ${tree} | ${[0, 1, 2, 3, 4].map((k) => median(samples[i]!.map((s) => s[k]!)).toFixed(1)).join(" | ")} |`));

// Benchmark: per-step overhead, whole process: `bun bin/scenario.ts run` of N http steps vs a plain Bun fetch loop script doing the same requests and checks.
// Run: npx bun bench/steps.ts [--steps 1000] [--rounds 7] [--report junit,json] [--baseline DIR] [--server process]. Target: the CLI at most 1.3x the loop script (medians of interleaved rounds).
// --server process: the items server runs in a process of its own, as a service under test does (default: in this process, as every earlier figure was measured).
// --baseline DIR: also runs DIR/bin/scenario.ts (e.g. `git archive main | tar -x -C DIR`, node_modules linked) in every round.
// Each round also runs the CLI on one step and the loop on one request: the second table splits each wall time into a fixed part (the one-step run) and a part per step.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startItemsServer, startItemsServerProcess } from "./items-server.ts";
import { measured, median, numberOption, option, perStepSplit } from "./measure.ts";
import { FETCH_LOOP, stepsYaml } from "./steps-data.ts";

const STEPS = numberOption("--steps", 1000);
const ROUNDS = numberOption("--rounds", 7);
const REPORTS = option("--report", "");
const BASELINE = option("--baseline", "");
const SERVER = option("--server", "inproc");
if (SERVER !== "inproc" && SERVER !== "process") throw new Error(`--server ${SERVER}: inproc or process`);
const DATA = join(import.meta.dir, ".data", "steps");
mkdirSync(DATA, { recursive: true });

function inProcess(): { base: string; stop: () => void } {
  const { server, base } = startItemsServer();
  return { base, stop: () => server.stop(true) };
}
const { base, stop } = SERVER === "process" ? await startItemsServerProcess() : inProcess();
const scenario = join(DATA, `steps-${STEPS}.yaml`);
writeFileSync(scenario, stepsYaml(base, STEPS));
const oneStep = join(DATA, "steps-1.yaml");
writeFileSync(oneStep, stepsYaml(base, 1));
const loop = join(DATA, "fetch-loop.ts");
writeFileSync(loop, FETCH_LOOP);

interface Sample {
  ms: number;
  /** User + system CPU time of the process: steadier than wall time on a loaded machine. */
  cpu: number;
}

async function timed(cmd: string[]): Promise<Sample> {
  const { wallMs, cpuMs } = await measured(cmd, { cwd: DATA, discardStdout: true });
  return { ms: wallMs, cpu: cpuMs };
}

const bun = process.execPath;
const cli = [bun, resolve(import.meta.dir, "../bin/scenario.ts"), "run", scenario, "--quiet", "--report-dir", join(DATA, "reports"), ...(REPORTS ? ["--report", REPORTS] : [])];
const plain = [bun, loop, base, String(STEPS)];
const bare = [bun, "-e", "0"];
const baseline = BASELINE ? [bun, resolve(BASELINE, "bin/scenario.ts"), ...cli.slice(2)] : undefined;
const cli1 = cli.map((a) => (a === scenario ? oneStep : a));
const plain1 = [bun, loop, base, "1"];
const baseline1 = baseline?.map((a) => (a === scenario ? oneStep : a));
const commands = { bare, plain, cli, ...(baseline ? { baseline } : {}), plain1, cli1, ...(baseline1 ? { baseline1 } : {}) };
type Name = keyof typeof commands;
try {
  for (const cmd of Object.values(commands)) await timed(cmd); // warm the page cache and Bun's transpiler cache
  const samples = new Map<Name, Sample[]>(Object.keys(commands).map((k) => [k as Name, []]));
  /** Per round, each CLI's wall and CPU time over the plain loop's of the same round. */
  const ratios = new Map<Name, { wall: number[]; cpu: number[] }>();
  for (let r = 0; r < ROUNDS; r++) {
    const round = new Map<Name, Sample>();
    for (const [name, cmd] of Object.entries(commands) as [Name, string[]][]) {
      const x = await timed(cmd);
      samples.get(name)!.push(x);
      round.set(name, x);
    }
    const p = round.get("plain")!;
    for (const name of ["cli", "baseline"] as Name[]) {
      const x = round.get(name);
      if (!x) continue;
      const q = ratios.get(name) ?? { wall: [], cpu: [] };
      q.wall.push(x.ms / p.ms);
      q.cpu.push(x.cpu / p.cpu);
      ratios.set(name, q);
    }
  }
  const label: Record<string, string> = { bare: "bare bun -e 0", plain: "plain fetch loop", cli: "bin/scenario.ts run", baseline: `baseline (${BASELINE})` };
  console.log(`steps: ${STEPS} sequential http steps (status + one JSON field), whole process, ${ROUNDS} interleaved rounds, ${new Date().toISOString()}`);
  console.log(`  reproduce: npx bun bench/steps.ts --steps ${STEPS} --rounds ${ROUNDS}${REPORTS ? ` --report ${REPORTS}` : ""}${BASELINE ? " --baseline DIR" : ""}${SERVER === "process" ? " --server process" : ""}`);
  console.log(`  items server: ${SERVER === "process" ? "in a process of its own" : "in the bench's own process"}`);
  console.log("\n| command | wall median | wall best | CPU median | wall / loop (median of rounds) | CPU / loop (median of rounds) |");
  console.log("| --- | ---: | ---: | ---: | ---: | ---: |");
  for (const [name, xs] of samples) {
    if (name.endsWith("1")) continue;
    const q = ratios.get(name);
    const ratio = (v: number[] | undefined) => (v ? `${median(v).toFixed(2)}x` : "—");
    console.log(`| ${label[name]} | ${median(xs.map((x) => x.ms)).toFixed(0)} ms | ${Math.min(...xs.map((x) => x.ms)).toFixed(0)} ms | ${median(xs.map((x) => x.cpu)).toFixed(0)} ms | ${ratio(q?.wall)} | ${ratio(q?.cpu)} |`);
  }
  console.log(`\ntarget: the CLI at most 1.3x the plain loop (reports md and log${REPORTS ? `, ${REPORTS}` : ""})`);
  // Fixed part: the median wall of one step (one request). Per step: what the other STEPS - 1 add, from the medians.
  const wall = (name: Name) => median(samples.get(name)!.map((x) => x.ms));
  const loopSplit = perStepSplit(wall("plain"), wall("plain1"), STEPS);
  if (!loopSplit) console.log(`\nno split into a fixed part and a part per step: it needs --steps 2 or more`);
  else {
    console.log(`\n| command | fixed (one step, wall median) | per step (µs, from the medians) | per step / loop's |`);
    console.log("| --- | ---: | ---: | ---: |");
    for (const [full, one] of [["plain", "plain1"], ["cli", "cli1"], ["baseline", "baseline1"]] as [Name, Name][]) {
      if (!samples.has(full) || !samples.has(one)) continue;
      const x = perStepSplit(wall(full), wall(one), STEPS)!;
      // A loop's step lost in the noise (not above 0) gives no ratio.
      const ratio = full === "plain" || !(loopSplit.perStepUs > 0) ? "—" : `${(x.perStepUs / loopSplit.perStepUs).toFixed(2)}x`;
      console.log(`| ${label[full]} | ${x.fixedMs.toFixed(1)} ms | ${x.perStepUs.toFixed(0)} µs | ${ratio} |`);
    }
  }
} finally {
  stop();
}

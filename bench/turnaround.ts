// Benchmark: the client's turnaround in a run of N http steps, seen from the server: from one answer handed to the socket to the next request's arrival (the work between a step's response and the next step's request), per process, the CLI against a plain fetch loop (and a baseline checkout).
// Run: npx bun bench/turnaround.ts [--steps 1000] [--rounds 9] [--baseline DIR]. Whole processes, alternated in each round; each figure is the median over the rounds of a process's median gap.
// The gap holds the client's JavaScript on that path and the loopback's two crossings; work the client does while a request is out (after writing it) is not in it.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { measured, median, numberOption, option } from "./measure.ts";
import { FETCH_LOOP, stepsYaml } from "./steps-data.ts";

const STEPS = numberOption("--steps", 1000);
const ROUNDS = numberOption("--rounds", 9);
const BASELINE = option("--baseline", "");
const DATA = join(import.meta.dir, ".data", "turnaround");
mkdirSync(DATA, { recursive: true });

/** Handler start and end times (performance.now, ms) of the requests since the last reset. */
let starts: number[] = [];
let ends: number[] = [];
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    starts.push(performance.now());
    const id = Number(new URL(req.url).pathname.split("/").at(-1));
    const res = Response.json({ id, name: `item-${id}`, tags: ["a", "b"] });
    ends.push(performance.now());
    return res;
  },
});
const base = `http://127.0.0.1:${server.port}`;

/** The median gap (µs) between one answer's end and the next request's start, over the requests since the last reset. */
function medianGap(): number {
  const gaps: number[] = [];
  for (let i = 1; i < starts.length; i++) gaps.push((starts[i]! - ends[i - 1]!) * 1000);
  starts = [];
  ends = [];
  return median(gaps);
}

try {
  const scenario = join(DATA, `steps-${STEPS}.yaml`);
  writeFileSync(scenario, stepsYaml(base, STEPS));
  const loop = join(DATA, "fetch-loop.ts");
  writeFileSync(loop, FETCH_LOOP);
  const bun = process.execPath;
  const cliOf = (dir: string) => [bun, resolve(dir, "bin/scenario.ts"), "run", scenario, "--quiet", "--report-dir", join(DATA, "reports")];
  const commands: [string, string[]][] = [
    ["plain fetch loop", [bun, loop, base, String(STEPS)]],
    ["bin/scenario.ts run", cliOf(resolve(import.meta.dir, ".."))],
    ...(BASELINE ? [[`baseline (${BASELINE})`, cliOf(BASELINE)] as [string, string[]]] : []),
  ];
  for (const [, cmd] of commands) await measured(cmd, { cwd: DATA, discardStdout: true }); // page cache, transpiler cache
  medianGap();
  const gaps = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  const walls = new Map<string, number[]>(commands.map(([name]) => [name, []]));
  for (let r = 0; r < ROUNDS; r++) {
    // Alternated: each round starts with the next command.
    for (let k = 0; k < commands.length; k++) {
      const [name, cmd] = commands[(r + k) % commands.length]!;
      const { wallMs } = await measured(cmd, { cwd: DATA, discardStdout: true });
      gaps.get(name)!.push(medianGap());
      walls.get(name)!.push(wallMs);
    }
  }
  console.log(`turnaround: ${STEPS} sequential http steps, the gap from an answer to the next request seen by the server, ${ROUNDS} alternated rounds, ${new Date().toISOString()}`);
  console.log(`  reproduce: npx bun bench/turnaround.ts --steps ${STEPS} --rounds ${ROUNDS}${BASELINE ? " --baseline DIR" : ""}`);
  console.log("\n| command | gap (median of the processes' medians) | gaps per process (sorted) | wall median |");
  console.log("| --- | ---: | --- | ---: |");
  for (const [name] of commands) {
    const g = gaps.get(name)!;
    console.log(`| ${name} | ${median(g).toFixed(1)} µs | ${[...g].sort((a, b) => a - b).map((x) => x.toFixed(0)).join(" ")} | ${median(walls.get(name)!).toFixed(0)} ms |`);
  }
} finally {
  server.stop(true);
}

// Benchmark: where a 1,000-step run's time goes, layer by layer. The same requests and checks made by: a plain fetch loop (the peer), a bare keep-alive socket (the floor of a client on the main thread), the built-in HTTP client alone, the http step alone (request built, sent, checked, result made), the loader and the engine with every event dropped, the whole CLI (its start, events, reporters, reports), and the job's floor: a hand-written loop that does only what the CLI must (reads the YAML, sends over the bare socket, checks, writes the same run log and a Markdown report), the bound from below of any design.
// Run: npx bun bench/layers.ts [--steps 1000] [--rounds 15] [--baseline DIR] (DIR: another checkout, bundle built: its whole CLI is one more row, in the same rounds). Each layer is bundled first (as the CLI is), then all run in interleaved rounds; wall times are of whole processes.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startItemsServer } from "./items-server.ts";
import { measured, median, numberOption, option, perStepSplit } from "./measure.ts";
import { FETCH_LOOP, stepsYaml } from "./steps-data.ts";

const STEPS = numberOption("--steps", 1000);
const ROUNDS = numberOption("--rounds", 15);
const BASELINE = option("--baseline", "");
const DATA = join(import.meta.dir, ".data", "layers");
mkdirSync(DATA, { recursive: true });

const built = await Bun.build({
  entrypoints: ["raw-loop.ts", "wire-loop.ts", "step-loop.ts", "engine-loop.ts", "job-floor.ts"].map((f) => join(import.meta.dir, "layers", f)),
  target: "bun",
  outdir: DATA,
});
if (!built.success) throw new AggregateError(built.logs, "bundling the layer scripts failed");

const { server, base } = startItemsServer();
try {
  const scenario = join(DATA, `steps-${STEPS}.yaml`);
  writeFileSync(scenario, stepsYaml(base, STEPS));
  const loop = join(DATA, "fetch-loop.ts");
  writeFileSync(loop, FETCH_LOOP);
  const one = join(DATA, "steps-1.yaml");
  writeFileSync(one, stepsYaml(base, 1));
  const bun = process.execPath;
  /** Each layer's command for n steps (n requests). */
  const layers: [name: string, argv: (n: number) => string[]][] = [
    ["plain fetch loop (the peer)", (n) => [bun, loop, base, String(n)]],
    ["bare keep-alive socket (the floor)", (n) => [bun, join(DATA, "raw-loop.js"), base, String(n)]],
    ["built-in HTTP client alone", (n) => [bun, join(DATA, "wire-loop.js"), base, String(n)]],
    ["http step alone", (n) => [bun, join(DATA, "step-loop.js"), base, String(n)]],
    ["loader and engine, events dropped", (n) => [bun, join(DATA, "engine-loop.js"), n === 1 ? one : scenario]],
    ["whole CLI (bin/scenario.ts run)", (n) => [bun, resolve(import.meta.dir, "../bin/scenario.ts"), "run", n === 1 ? one : scenario, "--quiet", "--report-dir", join(DATA, "reports")]],
    // Its row's "over the layer above" is over the bare socket, the client it uses.
    ["the job's floor (by hand: YAML read, bare socket, checks, the same run log and Markdown report)", (n) => [bun, join(DATA, "job-floor.js"), n === 1 ? one : scenario, join(DATA, "floor")]],
  ];
  const FLOOR = layers.length - 1;
  if (BASELINE) layers.push([`whole CLI of the baseline (${BASELINE})`, (n) => [bun, resolve(BASELINE, "bin/scenario.ts"), "run", n === 1 ? one : scenario, "--quiet", "--report-dir", join(DATA, "reports")]]);
  const wallOf = async (argv: string[]) => (await measured(argv, { cwd: DATA, discardStdout: true })).wallMs;
  for (const [, argv] of layers) await wallOf(argv(STEPS)); // warm the page cache
  const full = layers.map(() => [] as number[]);
  const single = layers.map(() => [] as number[]);
  const ratios = layers.map(() => [] as number[]);
  for (let r = 0; r < ROUNDS; r++) {
    const round: number[] = [];
    for (const [i, [, argv]] of layers.entries()) {
      round.push(await wallOf(argv(STEPS)));
      single[i]!.push(await wallOf(argv(1)));
    }
    round.forEach((ms, i) => {
      full[i]!.push(ms);
      ratios[i]!.push(ms / round[0]!);
    });
  }
  const split = layers.map((_, i) => perStepSplit(median(full[i]!), median(single[i]!), STEPS));
  console.log(`layers: ${STEPS} sequential http steps (status + one JSON field), whole process, ${ROUNDS} interleaved rounds, ${new Date().toISOString()}`);
  console.log(`  reproduce: npx bun bench/layers.ts --steps ${STEPS} --rounds ${ROUNDS}${BASELINE ? " --baseline DIR" : ""}`);
  console.log("  (the layers below the CLI are plain JavaScript bundles, the CLI's is bytecode: compare their parts per step, not their fixed parts)");
  console.log(`\n| layer | wall median | wall / loop (median of rounds) | fixed (one step) | per step | per step / loop's | per step over the layer above |`);
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  layers.forEach(([name], i) => {
    const x = split[i];
    const loopStep = split[0]?.perStepUs;
    // the baseline's CLI is compared with the same layer as this checkout's: the engine's; the floor with the bare socket
    const below = i === FLOOR ? split[1] : i === FLOOR + 1 ? split[4] : split[i - 1];
    const above = i >= 2 && x && below ? `${(x.perStepUs - below.perStepUs).toFixed(0)} µs` : "—";
    const perStep = x ? `${x.perStepUs.toFixed(0)} µs` : "—";
    const perStepRatio = x && loopStep && loopStep > 0 && i > 0 ? `${(x.perStepUs / loopStep).toFixed(2)}x` : "—";
    console.log(`| ${name} | ${median(full[i]!).toFixed(0)} ms | ${median(ratios[i]!).toFixed(2)}x | ${median(single[i]!).toFixed(1)} ms | ${perStep} | ${perStepRatio} | ${above} |`);
  });
} finally {
  server.stop(true);
}

// Benchmark: 1,000 sequential http steps (status + one JSONPath) through the real CLI vs a plain fetch loop.
// Run: npx bun bench/http-checks.ts [--steps N] [--no-subprocess]. Target: the CLI in-process at most 2x the loop.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { main } from "../lib/cli.ts";
import { step as httpStep } from "../lib/steps/http.ts";
import { testContext } from "../test/helpers/context.ts";
import { startItemsServer } from "./items-server.ts";
import { measured, median, numberOption } from "./measure.ts";

const steps = numberOption("--steps", 1000);
const subprocess = !process.argv.includes("--no-subprocess");
/** Timings on a shared machine vary a lot from run to run: the best of several interleaved rounds is compared. */
const ROUNDS = 5;

const { server, base } = startItemsServer();
const dir = mkdtempSync(join(tmpdir(), "bench-http-checks-"));

function scenarioYaml(n: number): string {
  const lines = ["name: bench-http-checks", "steps:"];
  for (let i = 0; i < n; i++) {
    lines.push(`  - name: item ${i}`, "    http:", `      url: ${base}/items/${i}`, "      expect:", "        status: 200", "        json:", `          "$.id": ${i}`);
  }
  return lines.join("\n") + "\n";
}
const file = join(dir, "bench.yaml");
writeFileSync(file, scenarioYaml(steps));

/** The same requests and checks written by hand. */
async function plainLoop(n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${base}/items/${i}`);
    const body = (await res.json()) as { id: number };
    if (res.status !== 200 || body.id !== i) throw new Error(`plain loop: unexpected answer for ${i}`);
  }
  return performance.now() - t0;
}

const sink = { write: () => true, isTTY: false };
const cliArgs = ["run", file, "--quiet", "--report-dir", join(dir, "reports")];

async function inProcess(command: "run" | "validate" = "run"): Promise<number> {
  const t0 = performance.now();
  const args = command === "run" ? cliArgs : ["validate", file];
  const code = await main(args, { stdout: sink, stderr: { write: (s: string) => process.stderr.write(s), isTTY: false }, cwd: dir, env: process.env, handleSignals: false });
  const ms = performance.now() - t0;
  if (code !== 0) throw new Error(`the CLI exited with ${code}`);
  return ms;
}

/** The http step's run() called directly, without loader, engine or reporters: the step's own share. */
async function stepOnly(n: number): Promise<number> {
  const inputs = Array.from({ length: n }, (_, i) => httpStep.schema.parse({ url: `${base}/items/${i}`, expect: { status: 200, json: { "$.id": i } } }));
  const ctx = testContext({ scenarioDir: dir, log: () => {} });
  const t0 = performance.now();
  for (const input of inputs) {
    const r = await httpStep.run(input, ctx);
    if (r.error || !r.checks.every((c) => c.ok)) throw new Error(`step failed: ${r.error ?? JSON.stringify(r.checks)}`);
  }
  return performance.now() - t0;
}

async function asSubprocess(): Promise<number> {
  return (await measured([process.execPath, resolve(import.meta.dir, "../bin/scenario.ts"), ...cliArgs], { cwd: dir, discardStdout: true })).wallMs;
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms (${((ms / steps) * 1000).toFixed(0)} µs/request)`;
try {
  await plainLoop(Math.min(200, steps)); // warm up the connection pool and the JIT
  const loops: number[] = [];
  const stepRuns: number[] = [];
  const loads: number[] = [];
  const clis: number[] = [];
  const roundRatios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    loops.push(await plainLoop(steps));
    stepRuns.push(await stepOnly(steps));
    loads.push(await inProcess("validate"));
    clis.push(await inProcess());
    // The loop run again right after the CLI: each round's ratio compares runs made moments apart.
    const after = await plainLoop(steps);
    loops.push(after);
    roundRatios.push(clis.at(-1)! / Math.min(after, loops.at(-2)!));
  }
  const ratio = median(roundRatios);
  const loop = Math.min(...loops);
  const cli = Math.min(...clis);
  console.log(`http-checks: ${steps} sequential requests with a status and a JSONPath check (best of ${ROUNDS}, rounds interleaved)`);
  console.log(`  plain fetch loop     ${fmt(loop)}`);
  console.log(`  http step alone      ${fmt(Math.min(...stepRuns))}   (run() in a loop: no loader, engine or reports)`);
  console.log(`  CLI validate         ${fmt(Math.min(...loads))}   (loading the scenario only)`);
  console.log(`  CLI run, in-process  ${fmt(cli)}   (load, run, reports)`);
  console.log(`  ratio                ${(cli / loop).toFixed(2)}x CLI / plain loop, best against best (target <= 2x); step alone ${(Math.min(...stepRuns) / loop).toFixed(2)}x`);
  console.log(`  ratio per round      median ${ratio.toFixed(2)}x (${roundRatios.map((r) => r.toFixed(2)).join(", ")}): the CLI against the loops just before and after it`);
  if (subprocess) {
    const sub = await asSubprocess();
    console.log(`  bin/scenario.ts      ${fmt(sub)}   (a fresh process: startup included)`);
  }
} finally {
  server.stop(true);
  rmSync(dir, { recursive: true, force: true });
}

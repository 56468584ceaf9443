// Benchmark: scale: one scenario of 2,500, 5,000 and 10,000 http steps, and 100, 200 and 400 scenario files in one invocation; whole process: time and peak memory.
// Run: npx bun bench/scale.ts [--steps 2500] [--files 100] [--jobs 4] [--sizes 1,2,4]. Linear growth: time per step (per file) stays flat across sizes.
// One file holds at most 100,000 YAML values (the loader's alias-bomb guard): about 14,000 of these 7-value steps.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startItemsServer } from "./items-server.ts";
import { measured, numberOption, option } from "./measure.ts";
import { stepsYaml } from "./steps-data.ts";

const STEPS = numberOption("--steps", 2500);
const FILES = numberOption("--files", 100);
const JOBS = numberOption("--jobs", 4);
const SIZES = option("--sizes", "1,2,4").split(",").map(Number);
/** Steps in each of the many files. */
const STEPS_PER_FILE = 5;
const DATA = join(import.meta.dir, ".data", "scale");
rmSync(DATA, { recursive: true, force: true });
mkdirSync(DATA, { recursive: true });

const { server, base } = startItemsServer();

function oneBigScenario(steps: number): string {
  const file = join(DATA, `steps-${steps}.yaml`);
  writeFileSync(file, stepsYaml(base, steps, "scale"));
  return file;
}

function manyFiles(count: number): string {
  const dir = join(DATA, `files-${count}`);
  mkdirSync(dir, { recursive: true });
  for (let f = 0; f < count; f++) writeFileSync(join(dir, `s${f}.yaml`), stepsYaml(base, STEPS_PER_FILE, `scale ${f}`));
  return dir;
}

/** Wall time and peak RSS (GNU time's maximum resident set size) of one whole process. */
async function measure(args: string[]): Promise<{ ms: number; mib: number }> {
  const cmd = ["/usr/bin/time", "-f", "%M", process.execPath, resolve(import.meta.dir, "../bin/scenario.ts"), "run", ...args, "--quiet", "--report-dir", join(DATA, "reports")];
  const run = await measured(cmd, { cwd: DATA, discardStdout: true });
  return { ms: run.wallMs, mib: Number(run.stderr.trimEnd().split("\n").at(-1)) / 1024 };
}

function table(title: string, unit: string, rows: { size: number; n: number; ms: number; mib: number }[]): void {
  const first = rows[0]!;
  console.log(`\n### ${title}\n`);
  console.log(`| size | ${unit}s | wall | wall per ${unit} | wall vs 1x per ${unit} | peak RSS | RSS growth per added ${unit} |`);
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const r of rows) {
    const per = r.ms / r.n;
    const growth = r === first ? "—" : `${(((r.mib - first.mib) * 1024) / (r.n - first.n)).toFixed(1)} KiB`;
    console.log(`| ${r.size}x | ${r.n} | ${(r.ms / 1000).toFixed(2)} s | ${per < 10 ? per.toFixed(2) : per.toFixed(1)} ms | ${(per / (first.ms / first.n)).toFixed(2)}x | ${r.mib.toFixed(0)} MiB | ${growth} |`);
  }
}

console.log(`# Scale, whole process, ${new Date().toISOString()}`);
console.log(`reproduce: npx bun bench/scale.ts --steps ${STEPS} --files ${FILES} --jobs ${JOBS} --sizes ${SIZES.join(",")}`);
try {
  const big: { size: number; n: number; ms: number; mib: number }[] = [];
  for (const size of SIZES) big.push({ size, n: STEPS * size, ...(await measure([oneBigScenario(STEPS * size)])) });
  table(`one scenario of ${STEPS} http steps × size (status + one JSON field each; reports md + log)`, "step", big);
  const many: { size: number; n: number; ms: number; mib: number }[] = [];
  for (const size of SIZES) many.push({ size, n: FILES * size, ...(await measure([manyFiles(FILES * size), "--jobs", String(JOBS)])) });
  table(`${FILES} scenario files × size in one invocation, --jobs ${JOBS}, ${STEPS_PER_FILE} http steps each`, "file", many);
} finally {
  server.stop(true);
}

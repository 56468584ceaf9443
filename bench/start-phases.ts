// Benchmark: where a start's time goes, part by part, in time and in minor page faults (each fault a page of memory the
// process touches for the first time), and what one such fault costs on this machine.
// Run: npx bun bench/start-phases.ts [--rounds 15]. Needs a current .bundle/ (npm run build). Prints medians.
// Why faults: on a machine whose first touch of a page is slow (a virtual machine that traps each page-table update),
// a start's time follows the memory it touches more than the code it runs; the first table says which machine this is.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { median, numberOption } from "./measure.ts";

const ROUNDS = numberOption("--rounds", 15);
const REPO = resolve(import.meta.dir, "..");
const DATA = join(import.meta.dir, ".data", "start-phases");
mkdirSync(DATA, { recursive: true });
const oneStep = join(DATA, "one-step.yaml");
writeFileSync(oneStep, 'name: one\nsteps:\n  - shell: { run: "true" }\n');
const bun = process.execPath;
const entry = join(import.meta.dir, "start-phases-entry.ts");
const env = { ...process.env, NO_COLOR: "1" };

/** One fresh process touching `pages` new pages of memory: µs per page (its first touch of each). */
function touchCost(pages: number): number {
  const script = `const a=new Uint8Array(${pages}*4096);const t=performance.now();for(let i=0;i<a.length;i+=4096)a[i]=1;console.log((performance.now()-t)*1000/${pages})`;
  const p = Bun.spawnSync([bun, "-e", script], { env });
  if (p.exitCode !== 0) throw new Error(`touch: ${p.stderr}`);
  return Number(p.stdout.toString());
}

const cases = [
  { name: "run, one shell step", args: ["run", oneStep, "--quiet", "--report-dir", join(DATA, "reports")] },
  { name: "validate, one step", args: ["validate", oneStep] },
  { name: "--version", args: ["--version"] },
];
type Marks = { part: string; ms: number; faults: number }[];
const samples = new Map<string, Marks[]>(cases.map((c) => [c.name, []]));
const bare: { ms: number; faults: number }[] = [];
const touch: number[] = [];
for (let r = 0; r <= ROUNDS; r++) {
  const b = Bun.spawnSync([bun, "-e", "console.log(JSON.stringify({ms:performance.now(),faults:process.resourceUsage().minorPageFault}))"], { env });
  for (const c of cases) {
    const p = Bun.spawnSync([bun, entry, ...c.args], { cwd: DATA, env });
    if (p.exitCode !== 0) throw new Error(`${c.name}: exit ${p.exitCode}\n${p.stderr}`);
    const last = p.stderr.toString().trimEnd().split("\n").at(-1)!;
    if (r > 0) samples.get(c.name)!.push(JSON.parse(last));
  }
  if (r > 0) bare.push(JSON.parse(b.stdout.toString()));
  if (r > 0) touch.push(touchCost(4096));
}

console.log(`# A start's parts, ${ROUNDS} rounds (medians), ${new Date().toISOString()}`);
console.log(`reproduce: npx bun bench/start-phases.ts --rounds ${ROUNDS}\n`);
const perPage = median(touch);
console.log(`This machine: the first touch of a page of memory costs ${perPage.toFixed(2)} µs (16 MiB touched in a fresh process; a few tenths of a µs is usual on bare metal).`);
console.log(`A bare \`bun -e\` reaches its first line at ${median(bare.map((b) => b.ms)).toFixed(1)} ms with ${median(bare.map((b) => b.faults))} faults.\n`);
for (const c of cases) {
  const runs = samples.get(c.name)!;
  console.log(`## ${c.name}\n`);
  console.log("| part | ms | faults | faults × µs a page |");
  console.log("| --- | ---: | ---: | ---: |");
  for (let i = 0; i < runs[0]!.length; i++) {
    const ms = median(runs.map((m) => m[i]!.ms - (i > 0 ? m[i - 1]!.ms : 0)));
    const faults = median(runs.map((m) => m[i]!.faults - (i > 0 ? m[i - 1]!.faults : 0)));
    console.log(`| ${runs[0]![i]!.part} | ${ms.toFixed(1)} | ${faults} | ${((faults * perPage) / 1000).toFixed(1)} ms |`);
  }
  const total = median(runs.map((m) => m.at(-1)!.ms));
  const faults = median(runs.map((m) => m.at(-1)!.faults));
  console.log(`| **to the end of main** | **${total.toFixed(1)}** | **${faults}** | **${((faults * perPage) / 1000).toFixed(1)} ms** |\n`);
}

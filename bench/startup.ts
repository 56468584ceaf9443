// Benchmark: whole-process start-up of a one-step run (stdout piped, and to /dev/null), `validate` (one kind; every kind) and `--version`, next to a bare `bun -e 0` and goss (when installed) measured in the same rounds.
// Run: npx bun bench/startup.ts [--rounds 15] [--entry bin/scenario.ts] [--baseline OTHER_CHECKOUT]…. Commands alternate within each round
// (with --baseline, the same commands of other checkouts too, e.g. a copy of an older commit); best and median wall time,
// median CPU time (user + system, less disturbed by other load than wall time) and peak RSS are printed with the ratio to bare bun.
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { currentBundle } from "../lib/cli/bundle.ts";
import { measured, median, numberOption, option, type Measured } from "./measure.ts";

const argv = process.argv.slice(2);
const ROUNDS = numberOption("--rounds", 15);
const REPO = resolve(import.meta.dir, "..");
const ENTRY = resolve(REPO, option("--entry", "bin/scenario.ts"));
const DATA = join(import.meta.dir, ".data", "startup");
mkdirSync(DATA, { recursive: true });

const oneStep = join(DATA, "one-step.yaml");
writeFileSync(oneStep, 'name: one\nsteps:\n  - shell: { run: "true" }\n');
const everyKind = join(DATA, "every-kind.yaml");
writeFileSync(everyKind, [
  "name: every kind",
  "steps:",
  "  - shell: { run: \"true\" }",
  "  - sleep: 1ms",
  "  - http: { url: \"http://127.0.0.1:9/x\", expect: { status: 200, json: { \"$.a\": 1 } } }",
  "  - files: { root: ., glob: \"*.yaml\", expect: { count: { gte: 1 } } }",
  "  - logql: { query: 'count_over_time({job=\"a\"} |= \"x\" [1m])', files: { \"*.log\": { job: a } }, expect: { value: 0 } }",
  "  - promql: { url: \"http://127.0.0.1:9\", query: up, expect: { value: 1 } }",
  "  - compose: { action: ps, files: [c.yaml] }",
].join("\n") + "\n");

const runOnce = (c: { cmd: string[]; discardStdout?: boolean }) => measured(c.cmd, { cwd: DATA, env: { ...process.env, NO_COLOR: "1" }, discardStdout: c.discardStdout });

const bun = process.execPath;
const reports = ["--quiet", "--report-dir", join(DATA, "reports")];
/** Other checkouts measured in the same rounds (--baseline DIR, repeatable), e.g. a copy of an older commit; each labelled by its directory. */
const BASELINES = argv.flatMap((a, i) => (a === "--baseline" && argv[i + 1] ? [argv[i + 1]!] : []));
const commands = (entry: string, label: string) => [
  { name: `run, one shell step${label}`, cmd: [bun, entry, "run", oneStep, ...reports] },
  { name: `run, one shell step, stdout to /dev/null${label}`, cmd: [bun, entry, "run", oneStep, ...reports], discardStdout: true },
  { name: `validate, one step${label}`, cmd: [bun, entry, "validate", oneStep] },
  { name: `validate, one step of every kind${label}`, cmd: [bun, entry, "validate", everyKind] },
  { name: `--version${label}`, cmd: [bun, entry, "--version"] },
];
const gossOne = join(DATA, "goss-one.yaml");
writeFileSync(gossOne, 'command:\n  "true":\n    exit-status: 0\n');
const goss = Bun.which("goss");
const cases: { name: string; cmd: string[]; discardStdout?: boolean }[] = [
  { name: "bare bun -e 0", cmd: [bun, "-e", "0"] },
  ...(goss ? [{ name: "goss validate, one command check", cmd: [goss, "-g", gossOne, "validate"] }] : []),
  ...commands(ENTRY, ""),
  { name: "run, one shell step, package bin (bin/scenario)", cmd: [resolve(REPO, "bin/scenario"), "run", oneStep, ...reports] },
  ...BASELINES.flatMap((dir) => commands(resolve(dir, "bin/scenario.ts"), ` (${dir})`)),
];

const samples = new Map<string, Measured[]>(cases.map((c) => [c.name, []]));
for (const c of cases) await runOnce(c); // warm the page cache and Bun's transpiler cache
for (let r = 0; r < ROUNDS; r++) for (const c of cases) samples.get(c.name)!.push(await runOnce(c));

const bare = samples.get(cases[0]!.name)!;
const bareBest = Math.min(...bare.map((s) => s.wallMs));
const bareCpu = median(bare.map((s) => s.cpuMs));
console.log(`# Start-up, ${ROUNDS} rounds, entry ${ENTRY.slice(REPO.length + 1)}, ${new Date().toISOString()}`);
console.log(`reproduce: npx bun bench/startup.ts --rounds ${ROUNDS}${ENTRY.endsWith("bin/scenario.ts") ? "" : ` --entry ${ENTRY.slice(REPO.length + 1)}`}${BASELINES.map((b) => ` --baseline ${b}`).join("")}\n`);
console.log(`${ENTRY.slice(REPO.length + 1)} runs ${currentBundle(REPO) ? "the bundle (.bundle/ is current)" : "the sources (no current .bundle/: npm run build)"}\n`);
const gossSamples = goss ? samples.get(cases[1]!.name)! : undefined;
const gossBest = gossSamples && Math.min(...gossSamples.map((s) => s.wallMs));
const gossCpu = gossSamples && median(gossSamples.map((s) => s.cpuMs));
const ratio = (x: number, peer: number | undefined) => (peer ? `${(x / peer).toFixed(1)}×` : "—");
console.log("| command | wall best | wall median | CPU median | peak RSS | best / bare bun | CPU / bare bun | best / goss | CPU / goss |");
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const c of cases) {
  const s = samples.get(c.name)!;
  const best = Math.min(...s.map((x) => x.wallMs));
  const cpu = median(s.map((x) => x.cpuMs));
  const rss = Math.max(...s.map((x) => x.rssMiB));
  console.log(`| ${c.name} | ${best.toFixed(0)} ms | ${median(s.map((x) => x.wallMs)).toFixed(0)} ms | ${cpu.toFixed(0)} ms | ${rss.toFixed(0)} MiB | ${(best / bareBest).toFixed(1)}× | ${(cpu / bareCpu).toFixed(1)}× | ${ratio(best, gossBest)} | ${ratio(cpu, gossCpu)} |`);
}

// Benchmark: the files step's `contains` (literal, a regex that is a literal, a regex) over 1 GiB of logs, in one file and in 8, vs grep -c; `count` over many files vs find | wc -l.
// Run: npx bun bench/files.ts [--gib N] [--files N] [--runs N] [--one-file (only the one-file rows)]. Data is generated once under bench/.data/ (git-ignored).
// Targets (issue 12): a literal count over one 1 GiB file at grep's speed or better, peak RSS ≤ 100 MiB.
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { availableParallelism } from "node:os";
import { exec } from "../lib/util/exec.ts";
import { step } from "../lib/steps/files.ts";
import { setWorkerBudget, WORKER_BUDGET } from "../lib/util/worker-threads.ts";
import { testContext } from "../test/helpers/context.ts";
import { alternated, measured, numberOption, peakRssMiB, secs, type Summary } from "./measure.ts";

const argv = process.argv.slice(2);
const DATA = resolve(import.meta.dir, ".data");
const LOGS = join(DATA, "logs");
const MANY = join(DATA, "many");
const ONE = join(DATA, "one");
const ONE_FILE = join(ONE, "app.jsonl");
const FILE_COUNT = 8;
const NEEDLE = "NEEDLE-7f3a-only-once";
const REGEX = "took 4[0-9]{2}ms";
/** A regex without metacharacters: counted as a literal in the raw bytes. */
const LITERAL_REGEX = '"level":"error"';
const MiB = 1024 * 1024;

/** Writes FILE_COUNT JSON-lines files totalling `bytes`, the needle only on the very last line. */
async function makeLogs(bytes: number): Promise<string[]> {
  const per = Math.ceil(bytes / FILE_COUNT);
  const files = Array.from({ length: FILE_COUNT }, (_, i) => join(LOGS, `app-${i}.jsonl`));
  const marker = join(LOGS, `.complete-${bytes}-gz`);
  if (existsSync(marker)) return files;
  rmSync(LOGS, { recursive: true, force: true });
  mkdirSync(LOGS, { recursive: true });
  const levels = ["info", "debug", "warning", "info", "error"];
  const block: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    block.push(JSON.stringify({ timestamp: new Date(1_768_000_000_000 + i * 997).toISOString(), level: levels[i % 5], component: `svc-${i % 7}`, event_type: "request", message: `GET /v1/items/${i} took ${(i * 7919) % 1000}ms user=${(i * 104_729) % 100_003}` }));
  }
  const text = block.join("\n") + "\n";
  for (const [i, file] of files.entries()) {
    const w = Bun.file(file).writer();
    let written = 0;
    while (written < per) {
      w.write(text);
      written += text.length;
    }
    if (i === files.length - 1) w.write(`{"level":"info","message":"${NEEDLE}"}\n`);
    await w.end();
  }
  await exec(["bash", "-c", `gzip -1 -c '${files[0]}' > '${files[0]}.gz'`]);
  writeFileSync(marker, "");
  return files;
}

/** The same logs as one file (the 8 concatenated). */
async function makeOne(files: string[], bytes: number): Promise<void> {
  const marker = join(ONE, `.complete-${bytes}`);
  if (existsSync(marker)) return;
  rmSync(ONE, { recursive: true, force: true });
  mkdirSync(ONE, { recursive: true });
  await exec(["bash", "-c", `cat ${files.map((f) => `'${f}'`).join(" ")} > '${ONE_FILE}'`]);
  writeFileSync(marker, "");
}

/** Writes `n` small files in directories of 1,000. */
function makeMany(n: number): void {
  const marker = join(MANY, `.complete-${n}`);
  if (existsSync(marker)) return;
  rmSync(MANY, { recursive: true, force: true });
  for (let i = 0; i < n; i++) {
    const dir = join(MANY, `d${String(Math.floor(i / 1000)).padStart(3, "0")}`);
    if (i % 1000 === 0) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${String(i).padStart(6, "0")}.log`), "x\n");
  }
  writeFileSync(marker, "");
}

type Case = "literal" | "literal-regex" | "regex" | "gz" | "count" | "one-literal-regex" | "one-literal" | "one-regex";

/** Child mode: runs one files step and prints {ms, rssMiB, checks}. */
async function measure(which: Case): Promise<void> {
  const input =
    which === "literal" ? { root: LOGS, glob: "*.jsonl", expect: { contains: NEEDLE } }
    : which === "literal-regex" ? { root: LOGS, glob: "*.jsonl", expect: { contains: { matches: LITERAL_REGEX, count: { lte: 1e12 } } } }
    : which === "regex" ? { root: LOGS, glob: "*.jsonl", expect: { contains: { matches: REGEX, count: { lte: 1e12 } } } }
    : which === "gz" ? { root: LOGS, glob: "*.jsonl.gz", expect: { contains: { matches: REGEX, count: { lte: 1e12 } } } }
    : which === "one-literal-regex" ? { root: ONE, glob: "app.jsonl", expect: { contains: { matches: LITERAL_REGEX, count: { lte: 1e12 } } } }
    : which === "one-literal" ? { root: ONE, glob: "app.jsonl", expect: { contains: NEEDLE } }
    : which === "one-regex" ? { root: ONE, glob: "app.jsonl", expect: { contains: { matches: REGEX, count: { lte: 1e12 } } } }
    : { root: MANY, glob: "**/*.log", expect: { count: { lte: 1e12 } } };
  const parsed = step.schema.parse(input);
  const t0 = performance.now();
  const r = await step.run(parsed, testContext({ scenarioDir: DATA }));
  const ms = performance.now() - t0;
  const rssMiB = peakRssMiB();
  console.log(JSON.stringify({ ms, rssMiB, error: r.error, checks: r.checks.map((c) => ({ ok: c.ok, actual: c.actual })), count: r.observed?.count }));
}

async function stepRun(which: Case): Promise<{ ms: number; rssMiB: number; actual: string; count: number }> {
  const res = await exec([process.execPath, import.meta.path, "--measure", which], { maxOutput: 64 * 1024 });
  if (res.exitCode !== 0) throw new Error(`measure ${which} failed: ${res.stderr}`);
  const out = JSON.parse(res.stdout.trim().split("\n").at(-1)!) as { ms: number; rssMiB: number; error?: string; checks: { ok: boolean; actual: unknown }[]; count: number };
  if (out.error) throw new Error(`step error: ${out.error}`);
  return { ms: out.ms, rssMiB: out.rssMiB, actual: String(out.checks.at(-1)?.actual), count: out.count };
}

async function shell(cmd: string): Promise<{ ms: number; stdout: string }> {
  const res = await exec(["bash", "-c", cmd]);
  if (res.exitCode !== 0 && res.exitCode !== 1) throw new Error(`${cmd}: ${res.stderr}`);
  return { ms: res.durationMs, stdout: res.stdout };
}

async function best<T extends { ms: number }>(times: number, f: () => Promise<T>): Promise<T> {
  let top: T | undefined;
  for (let i = 0; i < times; i++) {
    const r = await f();
    if (!top || r.ms < top.ms) top = r;
  }
  return top!;
}

const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8);

/** The issue's target rows: one 1 GiB file, the step (whole process, default threads and one thread) alternated with grep. */
async function oneFileRows(runs: number): Promise<void> {
  const size = statSync(ONE_FILE).size;
  const cases: [Case, string[]][] = [
    ["one-literal-regex", ["grep", "-c", "-F", LITERAL_REGEX, ONE_FILE]],
    ["one-literal", ["grep", "-c", "-F", NEEDLE, ONE_FILE]],
    ["one-regex", ["grep", "-c", "-E", REGEX, ONE_FILE]],
  ];
  console.log(`one file: ${(size / MiB).toFixed(0)} MiB; ${availableParallelism()} cores, ${WORKER_BUDGET} helper thread(s); ${runs} rounds alternated; wall = best, CPU = median (user + system, all threads), RSS = own peak (VmHWM) of the best run`);
  for (const [which, grep] of cases) {
    const child = (threads: string[]) => () => measured([process.execPath, import.meta.path, "--measure", which, ...threads]);
    const [split, one, g] = await alternated([child([]), child(["--threads", "0"]), () => measured(grep, { grepLike: true })], runs);
    const row = (label: string, r: Summary) => {
      const out = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { ms: number; rssMiB: number; checks: { actual: unknown }[] };
      return `  ${label}: wall ${secs(r.wallMs)} (${(size / MiB / (r.wallMs / 1000)).toFixed(0)} MiB/s), CPU ${secs(r.cpuMs)}, peak RSS ${out.rssMiB.toFixed(0)} MiB, step alone ${secs(out.ms)}; vs grep ${(g!.wallMs / r.wallMs).toFixed(2)}× by wall, ${(g!.cpuMs / r.cpuMs).toFixed(2)}× by CPU — ${String(out.checks.at(-1)?.actual)}`;
    };
    console.log(`${which}: ${grep.slice(0, -1).join(" ")}`);
    console.log(row("step, both cores", split!));
    console.log(row("step, one thread", one!));
    console.log(`  grep: wall ${secs(g!.wallMs)}, CPU ${secs(g!.cpuMs)}, count ${g!.stdout.trim()}`);
  }
}

async function bench(): Promise<void> {
  const gib = numberOption("--gib", 1);
  const nFiles = numberOption("--files", 100_000);
  const runs = numberOption("--runs", 3);
  const t0 = performance.now();
  const files = await makeLogs(gib * 1024 * MiB);
  await makeOne(files, gib * 1024 * MiB);
  makeMany(nFiles);
  const total = files.reduce((s, f) => s + statSync(f).size, 0);
  console.log(`data: ${(total / MiB).toFixed(0)} MiB in ${files.length} files and the same in one, ${nFiles} small files (ready in ${((performance.now() - t0) / 1000).toFixed(1)}s)`);
  const quoted = files.map((f) => `'${f}'`).join(" ");
  await shell(`cat ${quoted} '${ONE_FILE}' > /dev/null`);
  await oneFileRows(runs);
  if (argv.includes("--one-file")) return;
  console.log("");

  const rows: string[] = [];
  for (const [which, grepCmd] of [
    ["literal", `grep -c -h -F '${NEEDLE}' ${quoted} | awk '{ s += $1 } END { print s }'`],
    ["literal-regex", `grep -c -h -F '${LITERAL_REGEX}' ${quoted} | awk '{ s += $1 } END { print s }'`],
    ["regex", `grep -c -h -E '${REGEX}' ${quoted} | awk '{ s += $1 } END { print s }'`],
  ] as const) {
    const [s, g] = await alternated([() => measured([process.execPath, import.meta.path, "--measure", which]), () => measured(["bash", "-c", grepCmd])], runs);
    const out = JSON.parse(s!.stdout.trim().split("\n").at(-1)!) as { rssMiB: number; checks: { actual: unknown }[] };
    const actual = out.checks.at(-1)?.actual;
    rows.push(`8 files, contains ${which.padEnd(13)} step wall ${secs(s!.wallMs)}, CPU ${secs(s!.cpuMs)}, peak RSS ${out.rssMiB.toFixed(0)} MiB | grep wall ${secs(g!.wallMs)}, CPU ${secs(g!.cpuMs)} | vs grep ${(g!.wallMs / s!.wallMs).toFixed(2)}× by wall, ${(g!.cpuMs / s!.cpuMs).toFixed(2)}× by CPU`);
    rows.push(`  grep counted ${g!.stdout.trim()}; step: ${String(actual)}`);
  }
  {
    const gz = `${files[0]}.gz`;
    const size = statSync(files[0]!).size;
    const g = await best(2, () => shell(`gzip -dc '${gz}' | grep -c -E '${REGEX}'`));
    const s = await best(2, () => stepRun("gz"));
    const ratio = g.ms / s.ms;
    rows.push(`contains regex .gz  step ${fmt(s.ms)} ms ${fmt(size / MiB / (s.ms / 1000))} MB/s | gzip -dc | grep ${fmt(g.ms)} ms | step/grep ${ratio.toFixed(2)} | peak RSS ${s.rssMiB.toFixed(0)} MiB (${(size / MiB).toFixed(0)} MiB decompressed from ${(statSync(gz).size / MiB).toFixed(0)} MiB)`);
    rows.push(`  grep counted ${g.stdout.trim()}; step: ${s.actual}`);
  }
  const f = await best(2, () => shell(`find '${MANY}' -name '*.log' | wc -l`));
  const c = await best(2, () => stepRun("count"));
  rows.push(`count ${nFiles} files    step ${fmt(c.ms)} ms (${c.count} files) | find | wc -l ${fmt(f.ms)} ms (${f.stdout.trim()}) | step/find time ${(c.ms / f.ms).toFixed(2)}x | peak RSS ${c.rssMiB.toFixed(0)} MiB`);
  console.log(rows.join("\n"));
}

const measureAt = argv.indexOf("--measure");
if (argv.includes("--threads")) setWorkerBudget(numberOption("--threads", WORKER_BUDGET));
if (measureAt >= 0) await measure(argv[measureAt + 1] as Case);
else await bench();

// Benchmark: the embedded LogQL engine (queryLogFiles) over 1 GiB of generated JSON logs in one file vs `grep -c`.
// Run: npx bun bench/logql.ts [--gib N] [--runs N] [--only 0,2 (case numbers)]. Data is generated once under bench/.data/logql/ (git-ignored).
// Targets (issue 12): an all-time literal count at grep's speed or better, the json + level filter count at half of
// it, peak RSS ≤ 100 MiB. Rows 7 and 8 count every line of 24 h with and without the detected_level emulation; rows 9 and
// 10 are the first target rows with the passed-over lines' times read in JavaScript instead of line-times.c, rows 11 and
// 12 with line-times.c as Bun's own C compiler builds it (rows 0 and 2: the library built on install, where it is there).
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { queryLogFiles } from "../lib/logsource/evaluate.ts";
import { chooseNativeLineTimes } from "../lib/logsource/native-times.ts";
import { availableParallelism } from "node:os";
import { setWorkerBudget, WORKER_BUDGET } from "../lib/util/worker-threads.ts";
import { alternated, measured, numberOption, peakRssMiB, secs } from "./measure.ts";

const argv = process.argv.slice(2);
const DATA = resolve(import.meta.dir, ".data", "logql");
const FILE = join(DATA, "api", "app.log");
const MiB = 1024 * 1024;
const LITERAL = "ERROR";

/** The target rows (count every line of all time, as `grep -c` does, with `grep -c` run alternately as the peer),
 * each also on one thread; then the earlier last-hour rows. `ingestLabels: false` turns off the service_name/detected_level
 * emulation: the pair of 24 h counts measures its cost. */
interface Case {
  name: string;
  query: string;
  ingestLabels?: boolean;
  /** grep's pattern for the same count (the target rows). */
  grep?: string;
  /** Helper threads allowed (default: the process budget). */
  threads?: number;
  /** The reading of the times of the lines no literal picks: "off" in JavaScript, "tinycc" by line-times.c as Bun's own
   * compiler builds it (default: the best there is, the library built on install where it is there). */
  nativeTimes?: "off" | "tinycc";
}

const ALL_TIME_LITERAL = `sum(count_over_time({service="api"} |= "${LITERAL}" [1000d]))`;
const ALL_TIME_JSON = 'sum(count_over_time({service="api"} | json | level="error" [1000d]))';
const CASES: Case[] = [
  { name: "target: literal filter, all lines", query: ALL_TIME_LITERAL, grep: LITERAL },
  { name: "  the same on one thread", query: ALL_TIME_LITERAL, grep: LITERAL, threads: 0 },
  { name: "target: json + label filter, all lines", query: ALL_TIME_JSON, grep: '"level":"error"' },
  { name: "  the same on one thread", query: ALL_TIME_JSON, grep: '"level":"error"', threads: 0 },
  { name: "literal filter, last hour", query: `count_over_time({service="api"} |= "${LITERAL}" [1h])` },
  { name: "regex filter without metacharacters (a literal), last hour", query: `count_over_time({service="api"} |~ "${LITERAL}" [1h])` },
  { name: "json + label filter, last hour", query: 'sum(count_over_time({service="api"} | json | level="error" [1h]))' },
  { name: "every line, per detected_level", query: 'count_over_time({service="api"}[24h])' },
  { name: "every line, ingest_labels: false", query: 'count_over_time({service="api"}[24h])', ingestLabels: false },
  // The target rows with the passed-over lines' times read in JavaScript (as before line-times.c): the pair measures it.
  { name: "target literal row, passed-over lines read in JavaScript", query: ALL_TIME_LITERAL, grep: LITERAL, nativeTimes: "off" },
  { name: "target json row, passed-over lines read in JavaScript", query: ALL_TIME_JSON, grep: '"level":"error"', nativeTimes: "off" },
  // The same with line-times.c as Bun's C compiler (TinyCC) builds it at run time, where there is no system compiler.
  { name: "target literal row, line-times.c built by TinyCC", query: ALL_TIME_LITERAL, grep: LITERAL, nativeTimes: "tinycc" },
  { name: "target json row, line-times.c built by TinyCC", query: ALL_TIME_JSON, grep: '"level":"error"', nativeTimes: "tinycc" },
];

interface Meta {
  bytes: number;
  lines: number;
  endMs: number;
  literalLines: number;
}

/** Writes JSON lines spanning 24 h up to now: 1 line in 10,000 holds the literal, 1 in 100 has level "error". */
async function generate(bytes: number): Promise<Meta> {
  const metaPath = join(DATA, `.meta-${bytes}.json`);
  if (existsSync(metaPath) && existsSync(FILE)) return JSON.parse(readFileSync(metaPath, "utf8")) as Meta;
  rmSync(DATA, { recursive: true, force: true });
  mkdirSync(join(DATA, "api"), { recursive: true });
  const approxLine = 190;
  const total = Math.ceil(bytes / approxLine);
  const endMs = Date.now();
  const startMs = endMs - 86400e3;
  const sink = Bun.file(FILE).writer({ highWaterMark: 8 * MiB });
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const paths = ["/users", "/orders", "/cart", "/search", "/health", "/login"];
  let written = 0;
  let lines = 0;
  let literalLines = 0;
  const started = performance.now();
  while (written < bytes) {
    const block: string[] = [];
    for (let i = 0; i < 20_000; i++, lines++) {
      const ts = new Date(startMs + Math.floor((lines / total) * 86400e3)).toISOString();
      const r = rand();
      const literal = lines % 10_000 === 9_999;
      if (literal) literalLines++;
      const level = literal ? "warn" : r < 0.01 ? "error" : r < 0.2 ? "debug" : "info";
      const status = level === "error" ? 500 + Math.floor(rand() * 4) : 200 + (r < 0.5 ? 0 : 4);
      const msg = literal ? `${LITERAL} upstream reset by peer` : level === "error" ? "request failed" : "request served";
      block.push(
        `{"ts":"${ts}","level":"${level}","service":"api","method":"GET","path":"${paths[lines % paths.length]}/${Math.floor(rand() * 1e6)}","status":${status},"latency_ms":${Math.floor(rand() * 900)},"msg":"${msg}","trace_id":"${Math.floor(rand() * 2 ** 52).toString(16).padStart(13, "0")}"}`,
      );
    }
    const text = block.join("\n") + "\n";
    written += Buffer.byteLength(text);
    sink.write(text);
    await sink.flush();
  }
  await sink.end();
  const meta: Meta = { bytes: statSync(FILE).size, lines, endMs, literalLines };
  writeFileSync(metaPath, JSON.stringify(meta));
  console.log(`generated ${(meta.bytes / MiB).toFixed(0)} MiB, ${lines} lines in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return meta;
}

/** Child mode: runs one query once and prints its time, bytes, result and timestamp rule. */
async function runOne(index: number, meta: Meta): Promise<void> {
  const c = CASES[index]!;
  if (c.threads !== undefined) setWorkerBudget(c.threads);
  if (c.nativeTimes) chooseNativeLineTimes(c.nativeTimes);
  // The all-time rows are evaluated a day after the data ends, so every line counts (as for grep).
  const at = c.grep ? meta.endMs + 86400e3 : meta.endMs;
  const t0 = performance.now();
  const r = await queryLogFiles({
    query: c.query,
    files: { "{service}/*.log": {} },
    scenarioDir: DATA,
    startMs: at,
    endMs: at,
    ingestLabels: c.ingestLabels ?? true,
    signal: new AbortController().signal,
  });
  const ms = performance.now() - t0;
  const value = r.result.type === "vector" ? r.result.samples.map((s) => s.value).reduce((a, b) => a + b, 0) : r.result.type;
  console.log(JSON.stringify({ ms, bytes: r.bytesRead, value, rule: r.timestampRule, rssMiB: peakRssMiB() }));
}

async function main(): Promise<void> {
  const gib = numberOption("--gib", 1);
  const meta = await generate(Math.round(gib * 1024 * MiB));
  if (argv.includes("--run")) return runOne(numberOption("--run", 0), meta);
  const runs = numberOption("--runs", 3);
  const mb = meta.bytes / 1e6;
  await measured(["grep", "-c", LITERAL, FILE], { grepLike: true }); // warms the page cache
  console.log(`data: ${(meta.bytes / MiB).toFixed(0)} MiB, ${meta.lines} lines (${meta.literalLines} hold "${LITERAL}"); ${availableParallelism()} cores, ${WORKER_BUDGET} helper thread(s)`);
  console.log(`each case: ${runs} rounds alternated with its grep peer; wall = best, CPU = median (user + system, all threads), RSS = own peak (VmHWM) of the best run\n`);
  const only = argv.includes("--only") ? argv[argv.indexOf("--only") + 1]!.split(",").map(Number) : undefined;
  for (const [i, c] of CASES.entries()) {
    if (only && !only.includes(i)) continue;
    const ours = () => measured([process.execPath, import.meta.path, "--gib", String(gib), "--run", String(i)]);
    const peer = c.grep ? () => measured(["grep", "-c", c.grep!, FILE], { grepLike: true }) : undefined;
    const [o, g] = await alternated(peer ? [ours, peer] : [ours], runs);
    const out = JSON.parse(o!.stdout.trim().split("\n").pop()!) as { ms: number; value: unknown; rule: string; rssMiB: number };
    console.log(`${c.name}: ${c.query}${c.ingestLabels === false ? " (ingest_labels: false)" : ""}`);
    console.log(`  whole process: wall ${secs(o!.wallMs)} (${(mb / (o!.wallMs / 1000)).toFixed(0)} MB/s), CPU ${secs(o!.cpuMs)}, peak RSS ${out.rssMiB.toFixed(0)} MiB; query alone ${secs(out.ms)}`);
    if (g) {
      console.log(`  grep -c '${c.grep}': wall ${secs(g.wallMs)}, CPU ${secs(g.cpuMs)}, count ${g.stdout.trim()}`);
      console.log(`  speed vs grep: ${(g.wallMs / o!.wallMs).toFixed(2)}× by wall, ${(g.cpuMs / o!.cpuMs).toFixed(2)}× by CPU`);
    }
    console.log(`  value ${JSON.stringify(out.value)}; timestamps: ${out.rule}`);
  }
}

await main();

// Benchmark: the embedded LogQL engine (queryLogFiles) over 1 GiB of generated logs vs `grep -c` of the same literal.
// Run: npx bun bench/logql.ts [--gib N] [--runs N]. Data is generated once under bench/.data/logql/ (git-ignored).
// Targets: the literal filter at half of grep's speed or better; peak RSS under 200 MiB per query. The last two
// queries count every line of 24 h with and without the detected_level emulation: their difference is its cost.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { queryLogFiles } from "../lib/logsource/evaluate.ts";
import { exec } from "../lib/util/exec.ts";

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const DATA = resolve(import.meta.dir, ".data", "logql");
const FILE = join(DATA, "api", "app.log");
const MiB = 1024 * 1024;
const LITERAL = "ERROR";

/** `ingestLabels: false` turns off the service_name/detected_level emulation: the pair of 24 h counts measures its cost. */
const QUERIES: { name: string; query: string; ingestLabels?: boolean }[] = [
  { name: "literal filter", query: `count_over_time({service="api"} |= "${LITERAL}" [1h])` },
  { name: "regex filter without metacharacters (a literal)", query: `count_over_time({service="api"} |~ "${LITERAL}" [1h])` },
  { name: "json + label filter", query: 'sum(count_over_time({service="api"} | json | level="error" [1h]))' },
  { name: "every line, per detected_level", query: 'count_over_time({service="api"}[24h])' },
  { name: "every line, ingest_labels: false", query: 'count_over_time({service="api"}[24h])', ingestLabels: false },
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

/** Child mode: runs one query once and prints its time, bytes, peak RSS and result. */
async function runOne(index: number, meta: Meta): Promise<void> {
  const q = QUERIES[index]!;
  const t0 = performance.now();
  const r = await queryLogFiles({
    query: q.query,
    files: { "{service}/*.log": {} },
    scenarioDir: DATA,
    startMs: meta.endMs - 3600e3,
    endMs: meta.endMs,
    ingestLabels: q.ingestLabels ?? true,
    signal: new AbortController().signal,
  });
  const ms = performance.now() - t0;
  const value = r.result.type === "vector" ? r.result.samples.map((s) => s.value).reduce((a, b) => a + b, 0) : r.result.type;
  console.log(JSON.stringify({ ms, bytes: r.bytesRead, rssKb: await peakRssKb(), value, rule: r.timestampRule }));
}

/** This process's peak RSS. VmHWM is per address space; getrusage's maxRSS would include the parent's before exec. */
async function peakRssKb(): Promise<number> {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(await Bun.file("/proc/self/status").text());
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

async function timeGrep(): Promise<number> {
  const r = await exec(["grep", "-c", LITERAL, FILE]);
  if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`grep failed: ${r.stderr}`);
  return r.durationMs;
}

async function main(): Promise<void> {
  const bytes = Math.round(opt("--gib", 1) * 1024 * MiB);
  const meta = await generate(bytes);
  if (argv.includes("--run")) return runOne(opt("--run", 0), meta);
  const runs = opt("--runs", 3);
  const mb = meta.bytes / 1e6;
  await timeGrep(); // warms the page cache
  let grepMs = Infinity;
  for (let k = 0; k < runs; k++) grepMs = Math.min(grepMs, await timeGrep());
  const grepCount = (await exec(["grep", "-c", LITERAL, FILE])).stdout.trim();
  console.log(`data: ${(meta.bytes / MiB).toFixed(0)} MiB, ${meta.lines} lines (${meta.literalLines} hold "${LITERAL}"), window: the last hour of 24`);
  console.log(`grep -c ${LITERAL}: ${(grepMs / 1000).toFixed(2)} s, ${(mb / (grepMs / 1000)).toFixed(0)} MB/s (count ${grepCount})`);
  for (let i = 0; i < QUERIES.length; i++) {
    let best: { ms: number; bytes: number; rssKb: number; value: unknown; rule: string } | undefined;
    let peakKb = 0;
    for (let k = 0; k < runs; k++) {
      const r = await exec([process.execPath, import.meta.path, "--gib", String(opt("--gib", 1)), "--run", String(i)], { maxOutput: 64 * 1024 });
      if (r.exitCode !== 0) throw new Error(`run failed: ${r.stderr}`);
      const out = JSON.parse(r.stdout.trim().split("\n").pop()!) as NonNullable<typeof best>;
      peakKb = Math.max(peakKb, out.rssKb);
      if (!best || out.ms < best.ms) best = out;
    }
    const secs = best!.ms / 1000;
    const ratio = grepMs / best!.ms;
    const target = i === 0 ? ` — target (≥ 0.5× grep, < 200 MiB): ${ratio >= 0.5 && peakKb < 200 * 1024 ? "met" : "missed"}` : "";
    console.log(
      `${QUERIES[i]!.name}: ${QUERIES[i]!.query}\n  best of ${runs}: ${secs.toFixed(2)} s, ${(mb / secs).toFixed(0)} MB/s, ${ratio.toFixed(2)}× grep's speed, peak RSS ${(peakKb / 1024).toFixed(0)} MiB${target}\n  value ${JSON.stringify(best!.value)}; timestamps: ${best!.rule}`,
    );
  }
}

await main();

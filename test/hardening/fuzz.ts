// The full loader fuzz: N mutated scenarios in-process (in worker processes of CHUNK cases, so a hang is caught), a sample through the real CLI; prints a tally.
// Run: npx bun test/hardening/fuzz.ts [--cases 10000] [--from 0] [--cli 200]. Exit 1 when any case crashed, hung, printed a stack trace or passed 500 MiB.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fuzzCase } from "./fuzz-cases.ts";
import { checkInProcess, judge } from "./fuzz-check.ts";

const argv = process.argv.slice(2);
const opt = (name: string, def: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : def);
const MiB = 1024 * 1024;
const RSS_LIMIT = 500 * MiB;
const CHUNK = 500;
/** A chunk of CHUNK cases taking longer than this is a hang (the slowest cases take seconds). */
const CHUNK_DEADLINE_MS = 20 * 60_000;
const CLI_DEADLINE_MS = 120_000;
const BIN = resolve(import.meta.dir, "../../bin/scenario.ts");

interface Line {
  id: number;
  ops: string;
  verdict: string;
  code?: number;
  ms: number;
  rss: number;
  text?: string;
}

/** Worker: runs cases [from, to) in this process, one JSON line each. */
async function worker(from: number, to: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "fuzz-"));
  for (let id = from; id < to; id++) {
    const c = fuzzCase(id);
    const started = performance.now();
    const out = await checkInProcess(c, dir);
    Bun.gc(true);
    const line: Line = { id, ops: c.ops.join("+"), verdict: out.verdict, code: out.code, ms: Math.round(performance.now() - started), rss: process.memoryUsage().rss };
    if (out.verdict !== "ok") line.text = out.text;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  rmSync(dir, { recursive: true, force: true });
}

async function runChunk(from: number, to: number): Promise<{ lines: Line[]; hung: boolean; maxRss: number }> {
  const proc = Bun.spawn([process.execPath, import.meta.path, "--worker", String(from), String(to)], { stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), CHUNK_DEADLINE_MS);
  const text = await new Response(proc.stdout).text();
  await proc.exited;
  clearTimeout(timer);
  const lines = text.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line);
  return { lines, hung: proc.signalCode === "SIGKILL", maxRss: proc.resourceUsage()?.maxRSS ?? 0 };
}

async function cliSample(ids: number[]): Promise<Line[]> {
  const dir = mkdtempSync(join(tmpdir(), "fuzz-cli-"));
  const out: Line[] = [];
  for (const id of ids) {
    const c = fuzzCase(id);
    const file = join(dir, `case-${id}.yaml`);
    writeFileSync(file, c.bytes);
    const started = performance.now();
    const proc = Bun.spawn([process.execPath, BIN, "validate", file], { cwd: dir, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH, NO_COLOR: "1" } });
    const timer = setTimeout(() => proc.kill("SIGKILL"), CLI_DEADLINE_MS);
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    const code = await proc.exited;
    clearTimeout(timer);
    const verdict = proc.signalCode === "SIGKILL" ? { verdict: "hang", text: "" } : judge(code, stdout + stderr);
    out.push({ id, ops: c.ops.join("+"), verdict: verdict.verdict, code, ms: Math.round(performance.now() - started), rss: proc.resourceUsage()?.maxRSS ?? 0, text: verdict.verdict === "ok" ? undefined : verdict.text });
  }
  rmSync(dir, { recursive: true, force: true });
  return out;
}

function tally(title: string, lines: readonly Line[]): string[] {
  const by = new Map<string, number>();
  for (const l of lines) by.set(`${l.verdict}${l.code !== undefined ? ` exit ${l.code}` : ""}`, (by.get(`${l.verdict}${l.code !== undefined ? ` exit ${l.code}` : ""}`) ?? 0) + 1);
  const slowest = [...lines].sort((a, b) => b.ms - a.ms)[0];
  const biggest = [...lines].sort((a, b) => b.rss - a.rss)[0];
  return [
    `${title}: ${lines.length} cases: ${[...by].map(([k, n]) => `${k}: ${n}`).join(", ")}`,
    `  slowest: case ${slowest?.id} (${slowest?.ops}) ${slowest?.ms} ms; largest RSS: case ${biggest?.id} (${biggest?.ops}) ${Math.round((biggest?.rss ?? 0) / MiB)} MiB`,
  ];
}

if (argv[0] === "--worker") {
  await worker(Number(argv[1]), Number(argv[2]));
} else {
  const from = opt("--from", 0);
  const cases = opt("--cases", 10_000);
  const cliCases = opt("--cli", 200);
  const all: Line[] = [];
  const bad: string[] = [];
  let hung = 0;
  let workerPeak = 0;
  const began = performance.now();
  for (let at = from; at < from + cases; at += CHUNK) {
    const to = Math.min(from + cases, at + CHUNK);
    const chunk = await runChunk(at, to);
    all.push(...chunk.lines);
    workerPeak = Math.max(workerPeak, chunk.maxRss);
    if (chunk.hung || chunk.lines.length < to - at) {
      hung++;
      bad.push(`chunk ${at}..${to}: stopped after ${chunk.lines.length} cases (${chunk.hung ? "hang: killed" : "worker died"}); next case ${at + chunk.lines.length}`);
    }
    process.stderr.write(`${to - from}/${cases} cases, ${Math.round((performance.now() - began) / 1000)} s\n`);
  }
  const step = Math.max(1, Math.floor(cases / Math.max(1, cliCases)));
  const cli = cliCases > 0 ? await cliSample(Array.from({ length: Math.min(cliCases, cases) }, (_, i) => from + i * step)) : [];
  for (const l of [...all, ...cli]) {
    if (l.verdict !== "ok") bad.push(`case ${l.id} (${l.ops}): ${l.verdict}: ${(l.text ?? "").split("\n").slice(0, 3).join(" | ")}`);
    else if (l.rss > RSS_LIMIT) bad.push(`case ${l.id} (${l.ops}): RSS ${Math.round(l.rss / MiB)} MiB`);
  }
  const lines = [
    ...tally("in-process (validate / run --dry-run)", all),
    `  worker peak RSS ${Math.round(workerPeak / MiB)} MiB (a worker runs ${CHUNK} cases; RSS after each case is measured after a full GC)`,
    ...tally("through the CLI (validate)", cli),
    `${hung} chunk(s) hung or died; ${bad.length} problem(s)${bad.length ? ":" : ""}`,
    ...bad.slice(0, 50).map((b) => `  ${b}`),
    `${Math.round((performance.now() - began) / 1000)} s in all`,
  ];
  console.log(lines.join("\n"));
  process.exitCode = bad.length ? 1 : 0;
}

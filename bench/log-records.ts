// Benchmark: the run log's cost for N passed http steps (records as a real run writes them: request and response in full), this checkout against a baseline, each sample a fresh process.
// Run: npx bun bench/log-records.ts [--steps 1000] [--rounds 21] [--baseline DIR]. A child (`--child ROOT N DIR`) feeds a LogReporter the events of N steps
// in batches of 200, an idle turn after each (as lib/report/deferred.ts hands them over), then run-end and finish, and prints the ms it took, wall and main-thread CPU
// (cold code: the JIT's state is that of a real run's). The checkouts' logs are compared byte for byte once before timing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { RunEvent, StepInfo } from "../lib/engine/events.ts";
import { median, numberOption, option } from "./measure.ts";

const STARTED = new Date("2026-12-01T19:17:28.790Z");
const BASE = "http://127.0.0.1:34631";

/** The events of n passed http steps, 8 a millisecond (a fast run's records share their timestamps); `headerText` makes a response's header lines as the http step does. */
function stepEvents(n: number, headerText: (list: [string, string][]) => string, lazyDetail: (title: string, make: () => string) => { title: string; body: string }): { steps: StepInfo[]; events: [RunEvent, number][] } {
  const steps: StepInfo[] = Array.from({ length: n }, (_, i) => ({ index: i, phase: "main", name: `item ${i}`, kind: "http", tags: [], line: 3 + 6 * i }));
  const events: RunEvent[] = [];
  for (const step of steps) {
    const i = step.index;
    const result = {
      checks: [{ path: "status", expected: "== 200", actual: 200, ok: true }, { path: "json $.id", expected: `== ${i}`, actual: i, ok: true }],
      summary: `GET ${BASE}/items/${i} → 200 in 0ms`,
      observed: { status: 200, latency_ms: 0, bytes: 41 },
      details: [
        { title: "request", body: `GET ${BASE}/items/${i}` },
        // made when first read (lazyDetail), from the header list as the server sent it, as the http step's response detail is
        lazyDetail("response", () => `HTTP 200 OK\n${headerText([["content-type", "application/json;charset=utf-8"], ["date", "Tue, 01 Dec 2026 19:17:28 GMT"], ["content-length", "41"]])}\n{"id":${i},"name":"item-${i}","tags":["a","b"]}`),
      ],
    };
    const at = new Date(STARTED.getTime() + i);
    events.push({ type: "step-start", step }, { type: "attempt-start", step, attempt: 1 });
    events.push({ type: "log", at, line: `→ GET ${BASE}/items/${i}` }, { type: "log", at, line: "← 200 OK 41 B in 0ms" });
    events.push({ type: "attempt-end", step, attempt: 1, ok: true, durationMs: 0.4, result });
    events.push({ type: "step-end", step, status: "passed", attempts: 1, durationMs: 0.4, result });
  }
  return { steps, events: events.map((e, j) => [e, STARTED.getTime() + Math.floor(j / 8)]) };
}

async function child(root: string, n: number, dir: string): Promise<void> {
  const { LogReporter } = (await import(join(root, "lib/report/log.ts"))) as typeof import("../lib/report/log.ts");
  const { headerLines } = (await import(join(root, "lib/steps/http/header-lines.ts"))) as typeof import("../lib/steps/http/header-lines.ts");
  const { lazyDetail } = (await import(join(root, "lib/core/detail.ts"))) as typeof import("../lib/core/detail.ts");
  const { steps, events } = stepEvents(n, headerLines, lazyDetail);
  const log = new LogReporter({ directory: dir });
  const cpu0 = mainThreadCpuMs();
  const t0 = performance.now();
  log.onEvent({ type: "run-start", scenario: "bench", file: "b.yaml", runId: "r", startedAt: STARTED, steps });
  for (let k = 0; k < events.length; k += 200) {
    for (let j = k; j < Math.min(k + 200, events.length); j++) log.onEvent(events[j]![0], events[j]![1]);
    await new Promise((r) => setImmediate(r));
  }
  log.onEvent({ type: "run-end", status: "passed", totals: { passed: n, failed: 0, skipped: 0, interrupted: 0 }, durationMs: n, endedAt: new Date(STARTED.getTime() + n) });
  await log.finish();
  console.log(`${(performance.now() - t0).toFixed(3)} ${(mainThreadCpuMs() - cpu0).toFixed(3)}`);
}

/** The main thread's CPU time (Linux's schedstat, ns resolution): steadier than wall time on a shared machine. */
function mainThreadCpuMs(): number {
  return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) {
  const [root, n, dir] = process.argv.slice(childAt + 1);
  await child(root!, Number(n), dir!);
} else {
  const STEPS = numberOption("--steps", 1000);
  const ROUNDS = numberOption("--rounds", 21);
  const BASELINE = option("--baseline", "");
  const checkouts: [string, string][] = [["this checkout", resolve(import.meta.dir, "..")], ...(BASELINE ? [[`baseline (${BASELINE})`, resolve(BASELINE)] as [string, string]] : [])];
  const sample = (root: string): { ms: number; cpu: number; log: string } => {
    const dir = mkdtempSync(join(tmpdir(), "bench-log-records-"));
    try {
      const run = Bun.spawnSync([process.execPath, import.meta.path, "--child", root, String(STEPS), dir], { stderr: "inherit" });
      if (!run.success) throw new Error(`${root}: the child failed`);
      const [ms, cpu] = run.stdout.toString().trim().split(" ").map(Number);
      return { ms: ms!, cpu: cpu!, log: readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")).join("\0") };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const logs = checkouts.map(([, root]) => sample(root).log); // also warms the page cache and Bun's transpiler cache
  if (logs.some((l) => l !== logs[0])) throw new Error("the checkouts' run logs differ");
  const times = checkouts.map((): number[] => []);
  const cpus = checkouts.map((): number[] => []);
  for (let r = 0; r < ROUNDS; r++) {
    checkouts.forEach(([, root], i) => {
      const s = sample(root);
      times[i]!.push(s.ms);
      cpus[i]!.push(s.cpu);
    });
  }
  console.log(`log-records: the run log of ${STEPS} passed http steps (${logs[0]!.length} characters, the same in every checkout), ${ROUNDS} interleaved rounds, ${new Date().toISOString()}`);
  console.log(`  reproduce: npx bun bench/log-records.ts --steps ${STEPS} --rounds ${ROUNDS}${BASELINE ? " --baseline DIR" : ""}`);
  console.log("\n| checkout | wall median | per step | best | main-thread CPU median | per step |\n| --- | ---: | ---: | ---: | ---: | ---: |");
  const us = (ms: number) => `${((ms * 1000) / STEPS).toFixed(1)} µs`;
  checkouts.forEach(([name], i) => {
    const [wall, cpu] = [median(times[i]!), median(cpus[i]!)];
    console.log(`| ${name} | ${wall.toFixed(1)} ms | ${us(wall)} | ${Math.min(...times[i]!).toFixed(1)} ms | ${cpu.toFixed(1)} ms | ${us(cpu)} |`);
  });
}

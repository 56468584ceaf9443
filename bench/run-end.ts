// Benchmark: the end-of-run work that grows with the steps, for N passed http steps: the console's step views and tag rows, the summary (runSummary + its text: the run log's and the console's), the Markdown report (fitMarkdown). This checkout against a baseline, each sample a fresh process (cold code, as at the end of a real run).
// Run: npx bun bench/run-end.ts [--steps 1000] [--rounds 25] [--baseline DIR]. A child (`--child ROOT N`) collects N steps' events with RunCollector, then times each part once and prints them as JSON.
import { join, resolve } from "node:path";
import type { RunEvent, StepInfo } from "../lib/engine/events.ts";
import { median, numberOption, option } from "./measure.ts";

const STARTED = new Date("2026-12-01T19:17:28.790Z");

/** The events of n passed http steps (two checks, one request each), as the engine emits them. */
function runEvents(n: number): RunEvent[] {
  const steps: StepInfo[] = Array.from({ length: n }, (_, i) => ({ index: i, phase: "main", name: `item ${i}`, kind: "http", tags: i % 4 === 2 ? ["smoke"] : [], line: 3 + 6 * i }));
  const events: RunEvent[] = [{ type: "run-start", scenario: "bench", file: "b.yaml", runId: "r", startedAt: STARTED, steps }];
  for (const step of steps) {
    const i = step.index;
    const result = {
      checks: [{ path: "status", expected: "== 200", actual: 200, ok: true }, { path: "json $.id", expected: `== ${i}`, actual: i, ok: true }],
      summary: `GET http://127.0.0.1:8080/items/${i} → 200 in 0ms`,
      observed: { status: 200, latency_ms: 0, bytes: 41 },
      http: [{ durationMs: 0.2 + (i % 17) / 100, status: 200, sentBytes: 0, receivedBytes: 41 }],
      details: [{ title: "request", body: `GET http://127.0.0.1:8080/items/${i}` }],
    };
    events.push({ type: "step-start", step }, { type: "attempt-start", step, attempt: 1 });
    events.push({ type: "attempt-end", step, attempt: 1, ok: true, durationMs: 0.4, result }, { type: "step-end", step, status: "passed", attempts: 1, durationMs: 0.4, result });
  }
  events.push({ type: "run-end", status: "passed", totals: { passed: n, failed: 0, skipped: 0, interrupted: 0 }, durationMs: n / 10, endedAt: new Date(STARTED.getTime() + n / 10) });
  return events;
}

async function child(root: string, n: number): Promise<void> {
  const rr = (await import(join(root, "lib/report/run-record.ts"))) as typeof import("../lib/report/run-record.ts");
  const { runSummary, summaryText } = (await import(join(root, "lib/report/summary.ts"))) as typeof import("../lib/report/summary.ts");
  const { tagRows } = (await import(join(root, "lib/report/tags.ts"))) as typeof import("../lib/report/tags.ts");
  const { fitMarkdown } = (await import(join(root, "lib/report/markdown-fit.ts"))) as typeof import("../lib/report/markdown-fit.ts");
  const collector = new rr.RunCollector();
  for (const e of runEvents(n)) collector.onEvent(e);
  const run = collector.current!;
  const now = new Date(STARTED.getTime() + n);
  let t = performance.now();
  const views = rr.allStepViews(run);
  rr.countTotals(views);
  tagRows(views);
  const consoleMs = performance.now() - t;
  t = performance.now();
  summaryText(runSummary(run, now), undefined);
  const summaryMs = performance.now() - t;
  t = performance.now();
  fitMarkdown(run, now, 65_535, "the run log");
  const markdownMs = performance.now() - t;
  console.log(JSON.stringify([consoleMs, summaryMs, markdownMs]));
}

const childAt = process.argv.indexOf("--child");
if (childAt >= 0) {
  const [root, n] = process.argv.slice(childAt + 1);
  await child(root!, Number(n));
} else {
  const STEPS = numberOption("--steps", 1000);
  const ROUNDS = numberOption("--rounds", 25);
  const BASELINE = option("--baseline", "");
  const checkouts: [string, string][] = [["this checkout", resolve(import.meta.dir, "..")], ...(BASELINE ? [[`baseline (${BASELINE})`, resolve(BASELINE)] as [string, string]] : [])];
  const sample = (root: string): number[] => {
    const run = Bun.spawnSync([process.execPath, import.meta.path, "--child", root, String(STEPS)], { stderr: "inherit" });
    if (!run.success) throw new Error(`${root}: the child failed`);
    return JSON.parse(run.stdout.toString()) as number[];
  };
  for (const [, root] of checkouts) sample(root); // warm the page cache and Bun's transpiler cache
  const samples = checkouts.map((): number[][] => []);
  for (let r = 0; r < ROUNDS; r++) checkouts.forEach(([, root], i) => samples[i]!.push(sample(root)));
  console.log(`run-end: the end-of-run work of ${STEPS} passed http steps, ${ROUNDS} interleaved rounds (medians, ms), ${new Date().toISOString()}`);
  console.log(`  reproduce: npx bun bench/run-end.ts --steps ${STEPS} --rounds ${ROUNDS}${BASELINE ? " --baseline DIR" : ""}`);
  console.log("\n| checkout | console's views and tags | summary | Markdown report | all three |\n| --- | ---: | ---: | ---: | ---: |");
  checkouts.forEach(([name], i) => {
    const s = samples[i]!;
    const m = [0, 1, 2].map((k) => median(s.map((x) => x[k]!)));
    console.log(`| ${name} | ${m.map((x) => x.toFixed(2)).join(" | ")} | ${median(s.map((x) => x[0]! + x[1]! + x[2]!)).toFixed(2)} |`);
  });
}

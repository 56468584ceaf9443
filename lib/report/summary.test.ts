// The end-of-run summary and thresholds in every report: console, Markdown, JSON, JUnit and the run log, from one fixed run.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConsoleReporter } from "./console.ts";
import { LogReporter } from "./log.ts";
import { renderMarkdown } from "./markdown-render.ts";
import { runJson } from "./json.ts";
import { junitTree } from "./junit.ts";
import { serializeXml } from "./xml.ts";
import { groupFacts, percent, runSummary, thresholdObserved } from "./summary.ts";
import type { RunEvent } from "../engine/events.ts";
import { evaluateThresholds } from "../metrics/evaluate-thresholds.ts";
import { parseThresholds } from "../metrics/thresholds.ts";
import type { StepMetrics } from "../metrics/aggregate.ts";
import { thresholdRun } from "../../test/fixtures/metrics-run.ts";
import { recordRun } from "../../test/fixtures/report-runs.ts";

const dir = mkdtempSync(join(tmpdir(), "summary-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const record = () => recordRun(thresholdRun());

test("console: k6's end-of-test summary, thresholds first, then total results and each service", async () => {
  let text = "";
  const reporter = new ConsoleReporter({ stream: { write: (t: string) => (text += t) }, env: {} });
  for (const e of thresholdRun()) reporter.onEvent(e);
  await reporter.finish();
  expect(text).toMatchInlineSnapshot(`
    "▶ Gateway smoke · scenarios/smoke.yaml · 3 steps · run r7k6
    ✓ List models [vllm] #us-001 (520ms, 2 attempts)
    ✓ Gateway burst [api] #us-002 (450ms, 1 attempt)
    ✓ API logs [api] (2ms, 1 attempt)

      █ THRESHOLDS

        http_req_duration{service:api}
        ✗ 'p(95)<300' p(95)=344.50ms
        checks
        ✓ 'rate>0.99' rate=100.00%
        http_reqs
        ✓ 'count>=6' count=6

      █ TOTAL RESULTS

        checks..............: 100.00% 6 out of 6
        http_req_duration...: avg=79.17ms min=3.00ms med=16.00ms max=400.00ms p(90)=215.00ms p(95)=307.50ms
        http_req_failed.....: 16.66% 1 out of 6
        http_reqs...........: 6 3.00/s
        data_received.......: 9.0 KiB 4.5 KiB/s
        data_sent...........: 400 B 200 B/s
        steps...............: 3 passed
        attempts............: 4

      █ SERVICE vllm

        checks..............: 100.00% 1 out of 1
        http_req_duration...: avg=7.50ms min=3.00ms med=7.50ms max=12.00ms p(90)=11.10ms p(95)=11.55ms
        http_req_failed.....: 50.00% 1 out of 2
        http_reqs...........: 2 1.00/s
        data_received.......: 1019 B 510 B/s
        data_sent...........: 0 B 0 B/s
        steps...............: 1 passed
        attempts............: 2

      █ SERVICE api

        checks..............: 100.00% 5 out of 5
        http_req_duration...: avg=115.00ms min=10.00ms med=25.00ms max=400.00ms p(90)=289.00ms p(95)=344.50ms
        http_req_failed.....: 0.00% 0 out of 4
        http_reqs...........: 4 2.00/s
        data_received.......: 8.0 KiB 4.0 KiB/s
        data_sent...........: 400 B 200 B/s
        steps...............: 2 passed
        attempts............: 2

    ✗ Gateway smoke: failed · 3 passed · 1 threshold crossed · 2.00s
    "
  `);
});

test("console, --quiet: of the summary only the crossed thresholds", async () => {
  let text = "";
  const reporter = new ConsoleReporter({ stream: { write: (t: string) => (text += t) }, env: {}, quiet: true });
  for (const e of thresholdRun()) reporter.onEvent(e);
  await reporter.finish();
  expect(text).toBe(`
  █ THRESHOLDS CROSSED

    http_req_duration{service:api}
    ✗ 'p(95)<300' p(95)=344.50ms

✗ Gateway smoke: failed · 3 passed · 1 threshold crossed · 2.00s
`);
});

test("Markdown: a thresholds table with the observed values and a summary row per service", () => {
  const md = renderMarkdown(record(), new Date());
  const from = md.indexOf("### Thresholds");
  expect(md.indexOf("### Steps")).toBeLessThan(from);
  expect(md.slice(from)).toMatchInlineSnapshot(`
    "### Thresholds

    1 of 3 crossed: the run fails.

    |  | metric | threshold | observed |
    | --- | --- | --- | --- |
    | ❌ | \`http_req_duration{service:api}\` | \`p(95)<300\` | \`p(95)=344.50ms\` |
    | ✅ | \`checks\` | \`rate>0.99\` | \`rate=100.00%\` |
    | ✅ | \`http_reqs\` | \`count>=6\` | \`count=6\` |

    ### Summary

    |  | checks | http_reqs | http_req_failed | avg | min | med | max | p(90) | p(95) | data sent | data received | steps | attempts |
    | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |
    | all steps | 100.00% (6/6) | 6 | 16.66% | 79.17ms | 3.00ms | 16.00ms | 400.00ms | 215.00ms | 307.50ms | 400 B | 9.0 KiB | 3 passed | 4 |
    | vllm | 100.00% (1/1) | 2 | 50.00% | 7.50ms | 3.00ms | 7.50ms | 12.00ms | 11.10ms | 11.55ms | 0 B | 1019 B | 1 passed | 2 |
    | api | 100.00% (5/5) | 4 | 0.00% | 115.00ms | 10.00ms | 25.00ms | 400.00ms | 289.00ms | 344.50ms | 400 B | 8.0 KiB | 2 passed | 2 |

    ### Problems found

    - threshold crossed: \`http_req_duration{service:api}\` \`p(95)<300\`, observed \`p(95)=344.50ms\`"
  `);
});

test("JSON: the summary's numbers and every threshold result", () => {
  const doc = runJson(record());
  expect(doc.status).toBe("failed");
  expect(doc.thresholds.map((t) => [t.key, t.expression, t.ok, t.observed])).toEqual([
    ["http_req_duration{service:api}", "p(95)<300", false, 344.5],
    ["checks", "rate>0.99", true, 1],
    ["http_reqs", "count>=6", true, 6],
  ]);
  // Checks of the deciding attempts only (the failed first poll of "List models" is an attempt, not a failed check); requests of every attempt.
  expect(doc.summary.total).toMatchObject({
    steps: { passed: 3, failed: 0, skipped: 0 },
    attempts: 4,
    checks: { passed: 6, failed: 0, rate: 1 },
    http_reqs: { count: 6, rate: 3 },
    http_req_failed: { failed: 1 },
    data_sent: { bytes: 400 },
    data_received: { bytes: 1019 + 4 * 2048 },
  });
  expect(doc.summary.total.http_req_duration).toMatchObject({ count: 6, min: 3, max: 400 });
  expect(doc.summary.services.map((s) => [s.service, s.metrics.http_reqs.count, s.metrics.checks.passed])).toEqual([["vllm", 2, 1], ["api", 4, 5]]);
});

test("JUnit: the totals as properties, each threshold a test case, the crossed one failed with its observed value", () => {
  const xml = serializeXml(junitTree([record()]));
  expect(xml).toContain('<testsuite name="Gateway smoke" tests="6" failures="1"');
  expect(xml).toContain('<property name="checks" value="100.00% 6 out of 6"/>');
  expect(xml).toContain('<property name="http_reqs" value="6 3.00/s"/>');
  expect(xml).toContain(`<testcase name="http_req_duration{service:api} p(95)&lt;300" classname="thresholds" time="0.000">
      <failure message="http_req_duration{service:api} &apos;p(95)&lt;300&apos; crossed: p(95)=344.50ms" type="threshold">p(95)=344.50ms</failure>`);
  expect(xml).toContain('<testcase name="checks rate&gt;0.99" classname="thresholds" time="0.000">');
});

test("run log: the thresholds when checked, the summary at the end", async () => {
  const reporter = new LogReporter({ directory: dir, now: () => new Date("2026-11-22T02:00:00.000Z") });
  for (const e of thresholdRun()) reporter.onEvent(e);
  const [file] = await reporter.finish();
  const text = readFileSync(file!, "utf8");
  expect(text.slice(text.indexOf("thresholds:"))).toMatchInlineSnapshot(`
    "thresholds:
        http_req_duration{service:api}
        ✗ 'p(95)<300' p(95)=344.50ms
        checks
        ✓ 'rate>0.99' rate=100.00%
        http_reqs
        ✓ 'count>=6' count=6
    2026-11-22T01:51:32.250Z summary:
          █ TOTAL RESULTS
        
            checks..............: 100.00% 6 out of 6
            http_req_duration...: avg=79.17ms min=3.00ms med=16.00ms max=400.00ms p(90)=215.00ms p(95)=307.50ms
            http_req_failed.....: 16.66% 1 out of 6
            http_reqs...........: 6 3.00/s
            data_received.......: 9.0 KiB 4.5 KiB/s
            data_sent...........: 400 B 200 B/s
            steps...............: 3 passed
            attempts............: 4
        
          █ SERVICE vllm
        
            checks..............: 100.00% 1 out of 1
            http_req_duration...: avg=7.50ms min=3.00ms med=7.50ms max=12.00ms p(90)=11.10ms p(95)=11.55ms
            http_req_failed.....: 50.00% 1 out of 2
            http_reqs...........: 2 1.00/s
            data_received.......: 1019 B 510 B/s
            data_sent...........: 0 B 0 B/s
            steps...............: 1 passed
            attempts............: 2
        
          █ SERVICE api
        
            checks..............: 100.00% 5 out of 5
            http_req_duration...: avg=115.00ms min=10.00ms med=25.00ms max=400.00ms p(90)=289.00ms p(95)=344.50ms
            http_req_failed.....: 0.00% 0 out of 4
            http_reqs...........: 4 2.00/s
            data_received.......: 8.0 KiB 4.0 KiB/s
            data_sent...........: 400 B 200 B/s
            steps...............: 2 passed
            attempts............: 2
    2026-11-22T01:51:32.250Z run end: failed, 3 passed in 2.00s
    "
  `);
});

test("the summary of a run that ended is computed once for every report; one still running is measured up to now", () => {
  const ended = record();
  expect(runSummary(ended, new Date(0))).toBe(runSummary(ended, new Date()));
  const running = recordRun(thresholdRun().filter((e) => e.type !== "run-end"));
  const at = (ms: number) => runSummary(running, new Date(running.startedAt.getTime() + ms)).durationMs;
  expect([at(1000), at(2000)]).toEqual([1000, 2000]);
});

test("an interrupted run with a crossed threshold: the Markdown says it was interrupted (exit 130), not that the run fails", () => {
  const events = thresholdRun().map((e) => (e.type === "run-end" ? { ...e, status: "interrupted" as const } : e));
  const md = renderMarkdown(recordRun(events));
  expect(md).toContain("1 of 3 crossed; the run was interrupted (exit 130), which outranks a crossed threshold.");
  expect(md).not.toContain("the run fails");
});

test("a run that failed with no failed step and no crossed threshold (no step checked anything) says so under Problems found, not None.", () => {
  const nap = { index: 0, phase: "main" as const, name: "nap", kind: "sleep", tags: [] };
  const md = renderMarkdown(recordRun([
    { type: "run-start", scenario: "naps", file: "naps.yaml", runId: "r1", startedAt: new Date(0), steps: [nap] },
    { type: "step-start", step: nap },
    { type: "attempt-start", step: nap, attempt: 1 },
    { type: "attempt-end", step: nap, attempt: 1, ok: true, durationMs: 1, result: { checks: [] } },
    { type: "step-end", step: nap, status: "passed", attempts: 1, durationMs: 1, result: { checks: [] } },
    { type: "run-end", status: "failed", durationMs: 2, totals: { passed: 1, failed: 0, skipped: 0, interrupted: 0 }, endedAt: new Date(2) },
  ]), new Date(2));
  expect(md.slice(md.indexOf("### Problems found"))).toBe("### Problems found\n\n- the run failed, and no step failed: no step that checks anything ran (see the run log)");
});

test("a rate is cut to two decimals as k6 prints it, not rounded: a run with a failed check never reads 100.00%", () => {
  expect([40_000 / 40_001, 1 / 6, 0.29, 1, 0, 1 / 20_001].map((rate) => percent(rate))).toEqual(["99.99%", "16.66%", "29.00%", "100.00%", "0.00%", "0.00%"]);
});

/** One step's metrics: `checks` passed/failed, and requests of the given durations (the first `failed` of them a 500). */
function measured(checks: { passed: number; failed: number }, durations: number[], failed = 0): StepMetrics {
  const step = { index: 0, phase: "main" as const, name: "s", kind: "http", tags: [] };
  return { step, status: "passed", attempts: 1, checks, requests: durations.map((durationMs, i) => ({ durationMs, status: i < failed ? 500 : 200, sentBytes: 0, receivedBytes: 0 })) };
}

test("a threshold's observed value gets the digits it takes not to read as the opposite of its verdict", () => {
  const shown = (key: string, expression: string, steps: StepMetrics[], durationMs = 1000) => {
    const [r] = evaluateThresholds(parseThresholds({ [key]: [expression] }).thresholds, steps, durationMs);
    return `${r!.ok ? "✓" : "✗"} ${thresholdObserved(r!)}`;
  };
  // 1 failed check in 40,001: not 100.00%, which reads as rate==1 held
  expect(shown("checks", "rate==1", [measured({ passed: 40_000, failed: 1 }, [])])).toBe("✗ rate=99.99%");
  // 1 failed request in 20,001: 0.00% would read as rate==0 held
  expect(shown("http_req_failed", "rate==0", [measured({ passed: 1, failed: 0 }, Array(20_001).fill(1), 1)])).toBe("✗ rate=0.004%");
  expect(shown("http_req_failed", "rate<=0.99", [measured({ passed: 1, failed: 0 }, Array(1_000_000).fill(1), 990_001)])).toBe("✗ rate=99.0001%");
  // right at the bound and just past it
  expect(shown("http_req_duration", "p(95)<300", [measured({ passed: 1, failed: 0 }, [300])])).toBe("✗ p(95)=300.00ms");
  expect(shown("http_req_duration", "p(95)<=300", [measured({ passed: 1, failed: 0 }, [300])])).toBe("✓ p(95)=300.00ms");
  expect(shown("http_req_duration", "p(95)<=300", [measured({ passed: 1, failed: 0 }, [300.004])])).toBe("✗ p(95)=300.004ms");
  expect(shown("http_req_duration", "p(95)<300", [measured({ passed: 1, failed: 0 }, [299.996])])).toBe("✓ p(95)=299.996ms");
  expect(shown("http_req_duration", "max<1500", [measured({ passed: 1, failed: 0 }, [1499.9999])])).toBe("✓ max=1.4999999s");
  expect(shown("http_reqs", "rate>=10", [measured({ passed: 1, failed: 0 }, Array(10).fill(1))], 1000.001)).toBe("✗ rate=9.99999/s");
  // two decimals that agree with the verdict stay two
  expect(shown("http_req_duration", "p(95)<300", [measured({ passed: 1, failed: 0 }, [344.5])])).toBe("✗ p(95)=344.50ms");
  expect(shown("checks", "rate>0.99", [measured({ passed: 6, failed: 0 }, [])])).toBe("✓ rate=100.00%");
});

test("a threshold not known over a cut body shows its value as the bound it is, a count as a count", () => {
  const cutStep: StepMetrics = { ...measured({ passed: 1, failed: 0 }, []), requests: [{ durationMs: 137.9, status: 200, sentBytes: 0, receivedBytes: 73_400_320, bodyCut: true }] };
  const shown = (key: string, expression: string) => {
    const [r] = evaluateThresholds(parseThresholds({ [key]: [expression] }).thresholds, [cutStep], 2000);
    return `${r!.ok ? "✓" : "✗"} ${thresholdObserved(r!)}`;
  };
  const why = "not known (1 response's body was cut at the http step's 10 MiB bound and not read to the end)";
  expect(shown("http_req_duration", "max<1000")).toBe(`✗ max≥137.90ms: ${why}`);
  expect(shown("data_received", "count<1000000000")).toBe(`✗ count≥73400320: ${why}`);
  expect(shown("http_reqs", "rate>0.1")).toBe(`✗ rate≤0.50/s: ${why}`);
  expect(shown("data_received", "rate>1")).toBe(`✗ rate≈36700160.00/s: ${why}`);
});

test("requests the interrupt cut short are in no count (as k6 drops them): the summary says how many, apart", () => {
  const start = thresholdRun()[0] as Extract<RunEvent, { type: "run-start" }>;
  const burst = start.steps[1]!;
  const ok = { durationMs: 10, status: 200, sentBytes: 0, receivedBytes: 100 };
  const cut = { durationMs: 900, sentBytes: 0, receivedBytes: 0, cut: true as const };
  const result = { checks: [], error: "interrupted after 5 of 10 requests, 2 of them cut short", http: [ok, ok, ok, cut, cut] };
  const events: RunEvent[] = [
    { ...start, steps: [burst] },
    { type: "step-start", step: burst },
    { type: "attempt-start", step: burst, attempt: 1 },
    { type: "attempt-end", step: burst, attempt: 1, ok: false, interrupted: true, durationMs: 1000, result },
    { type: "step-end", step: burst, status: "interrupted", attempts: 1, durationMs: 1000, result },
    { type: "run-end", status: "interrupted", durationMs: 1000, totals: { passed: 0, failed: 0, skipped: 0, interrupted: 1 }, endedAt: new Date(start.startedAt.getTime() + 1000) },
  ];
  const run = recordRun(events);
  const total = runSummary(run).total;
  expect(total.http_reqs).toEqual({ count: 3, rate: 3, cut: 2 });
  expect(total.http_req_failed).toEqual({ failed: 0, rate: 0 });
  expect(total.http_req_duration).toMatchObject({ count: 3, max: 10 });
  expect(groupFacts(total).filter(([k]) => k.startsWith("http_req"))).toEqual([
    ["http_req_duration", "avg=10.00ms min=10.00ms med=10.00ms max=10.00ms p(90)=10.00ms p(95)=10.00ms"],
    ["http_req_failed", "0.00% 0 out of 3"],
    ["http_reqs", "3 3.00/s, and 2 cut short by the interrupt (not counted)"],
  ]);
  expect(renderMarkdown(run)).toContain("| all steps |  | 3 (and 2 cut short by the interrupt) | 0.00% |");
  // Every request cut short: no HTTP line but the count of them.
  const allCut = { ...result, http: [cut, cut] };
  const onlyCut = recordRun(events.map((e) => (e.type === "attempt-end" || e.type === "step-end" ? { ...e, result: allCut } : e)));
  expect(groupFacts(runSummary(onlyCut).total).filter(([k]) => k.startsWith("http_req"))).toEqual([["http_reqs", "0, and 2 cut short by the interrupt (not counted)"]]);
});

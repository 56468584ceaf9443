// The end-of-run summary for reporters: k6's metrics from a run record, and its text as k6 prints it (console, run log).
import { formatSize } from "../core/units/size.ts";
import { checkCounts, type StepMetrics } from "../metrics/aggregate.ts";
import { summarize, type MetricsGroup, type RunSummary } from "../metrics/summary.ts";
import type { ThresholdResult } from "../metrics/threshold-result.ts";
import { methodName, parseThresholdExpression } from "../metrics/thresholds.ts";
import { compare } from "../metrics/evaluate-thresholds.ts";
import { type AttemptRecord, type RunRecord, runDuration, totalsText } from "./run-record.ts";
import type { HttpSample } from "../core/step-result.ts";
import { oneLine } from "../util/one-line.ts";

/**
 * What each step measured: every attempt's requests, the checks of the result that decided it; statuses as the step
 * tables show them. In allStepViews' order and with its statuses (main steps, then teardown; a step that never ended is
 * skipped, and cut short if it started), without making a view (a copy of the record) per step.
 */
function runMetrics(run: RunRecord): StepMetrics[] {
  const metrics: StepMetrics[] = [];
  for (const phase of ["main", "teardown"] as const) {
    for (let i = 0; i < run.steps.length; i++) {
      const s = run.steps[i]!;
      if (s.step.phase !== phase) continue;
      const status = s.status ?? "skipped";
      const cut = !s.status && s.started;
      metrics.push({
        step: s.step,
        status,
        attempts: s.attemptCount,
        requests: requestsOf(s.attempts),
        checks: cut || status === "skipped" || status === "interrupted" ? { passed: 0, failed: 0 } : checkCounts(s.result),
      });
    }
  }
  return metrics;
}

/** Every request of every attempt, in order (what attempts.flatMap((a) => a.result?.http ?? []) gives, without a call per attempt). */
function requestsOf(attempts: readonly AttemptRecord[]): HttpSample[] {
  const requests: HttpSample[] = [];
  for (let i = 0; i < attempts.length; i++) {
    const http = attempts[i]!.result?.http;
    if (http) for (let j = 0; j < http.length; j++) requests.push(http[j]!);
  }
  return requests;
}

/** Summaries of runs that ended, computed once: the console, the run log and every report file show the same one. */
const endedRuns = new WeakMap<RunRecord, RunSummary>();

export function runSummary(run: RunRecord, now: Date = new Date()): RunSummary {
  if (run.durationMs === undefined) return summarize(runMetrics(run), runDuration(run, now));
  let summary = endedRuns.get(run);
  if (!summary) endedRuns.set(run, (summary = summarize(runMetrics(run), run.durationMs)));
  return summary;
}

/** A duration in ms as k6 shows a trend value: 12.34ms, 1.20s. */
export function ms(value: number): string {
  return value < 1000 ? `${value.toFixed(2)}ms` : `${(value / 1000).toFixed(2)}s`;
}

/**
 * A rate as k6 prints it: a percentage cut (not rounded) to `decimals` places, so 99.999% reads 99.99%: a run with a
 * failed check never shows 100.00%. The digits are cut after dropping the multiplication's binary noise (0.29 · 100 is
 * 28.999999999999996, which reads 29.00%, where k6's own Math.trunc prints 28.99%).
 */
export function percent(rate: number, decimals = 2): string {
  const text = (rate * 100).toFixed(decimals + 7);
  return `${text.slice(0, text.indexOf(".") + 1 + decimals)}%`;
}

/** Most decimals a threshold's observed value is shown with (then it is shown whole). */
const MAX_DECIMALS = 12;

/**
 * The value a threshold was checked against, as k6 prints it: `p(95)=148.21ms`, `rate=99.50%`, `count=50`. When two
 * decimals would read as the other verdict (`✗ 'rate==0' rate=0.00%` for 1 failed request in 20,001, `✗ 'p(95)<=300'
 * p(95)=300.00ms` for 300.004), more are shown until they do not: `rate=0.004%`, `p(95)=300.004ms`.
 */
export function thresholdObserved(r: ThresholdResult): string {
  const name = methodName(r);
  if (r.observed === undefined) return `${name}: no samples (nothing it covers was measured)`;
  const v = r.observed;
  if (r.undecided !== undefined) {
    const shown = r.method === "count" ? String(v) : shownValue(r, v, 2).text;
    return `${name}${r.bound === "lower" ? "≥" : r.bound === "upper" ? "≤" : "≈"}${shown}: not known (${r.undecided})`;
  }
  if (r.method === "count") return `${name}=${String(v)}`;
  const parsed = parseThresholdExpression(r.expression, r.metric);
  for (let decimals = 2; decimals <= MAX_DECIMALS; decimals++) {
    const shown = shownValue(r, v, decimals);
    if (!parsed.ok || compare(shown.value, parsed.value) === r.ok) return `${name}=${shown.text}`;
  }
  return `${name}=${shownValue(r, v, undefined).text}`;
}

/** A threshold's observed value as text with `decimals` places (undefined: all of them), and the number that text says. */
function shownValue(r: ThresholdResult, v: number, decimals: number | undefined): { text: string; value: number } {
  const fixed = (x: number) => (decimals === undefined ? String(x) : x.toFixed(decimals));
  if (r.metric === "http_req_duration") {
    // `e3` scales the shown seconds back to ms exactly as the text reads (1.23 · 1000 is 1230.0000000000002).
    if (v >= 1000) return { text: `${fixed(v / 1000)}s`, value: Number(`${fixed(v / 1000)}e3`) };
    return { text: `${fixed(v)}ms`, value: Number(fixed(v)) };
  }
  if (r.metric === "checks" || r.metric === "http_req_failed") {
    const text = decimals === undefined ? `${v * 100}%` : percent(v, decimals);
    return { text, value: Number(`${text.slice(0, -1)}e-2`) };
  }
  return { text: `${fixed(v)}/s`, value: Number(fixed(v)) };
}

/** `metric: value` pairs of one group, k6's names; HTTP lines only when the group sent requests. */
export function groupFacts(g: MetricsGroup): [string, string][] {
  const facts: [string, string][] = [];
  const checks = g.checks.passed + g.checks.failed;
  if (checks > 0) facts.push(["checks", `${percent(g.checks.rate!)} ${g.checks.passed} out of ${checks}${g.checks.failed ? `, ${g.checks.failed} failed` : ""}`]);
  const d = g.http_req_duration;
  // Requests the user's interrupt cut short are not the server's: said apart, in no count (as k6 drops them).
  const cut = g.http_reqs.cut ? `, and ${g.http_reqs.cut} cut short by the interrupt (not counted)` : "";
  // Bodies cut at the http step's bound: their time and bytes are to the cut, lower bounds of the true ones.
  const bodyCut = g.http_reqs.bodyCut ? ` (${g.http_reqs.bodyCut} bod${g.http_reqs.bodyCut === 1 ? "y" : "ies"} cut at 10 MiB: timed and counted to the cut)` : "";
  if (g.http_reqs.count > 0 && d) {
    facts.push(
      ["http_req_duration", `avg=${ms(d.avg)} min=${ms(d.min)} med=${ms(d.med)} max=${ms(d.max)} p(90)=${ms(d.p90)} p(95)=${ms(d.p95)}${bodyCut}`],
      ["http_req_failed", `${percent(g.http_req_failed.rate!)} ${g.http_req_failed.failed} out of ${g.http_reqs.count}`],
      ["http_reqs", `${g.http_reqs.count} ${g.http_reqs.rate.toFixed(2)}/s${cut}`],
      ["data_received", `${formatSize(g.data_received.bytes)} ${formatSize(Math.round(g.data_received.rate))}/s${bodyCut}`],
      ["data_sent", `${formatSize(g.data_sent.bytes)} ${formatSize(Math.round(g.data_sent.rate))}/s`],
    );
  } else if (cut) {
    facts.push(["http_reqs", `0${cut}`]);
  }
  facts.push(["steps", totalsText(g.steps)], ["attempts", String(g.attempts)]);
  return facts;
}

function dotted(facts: [string, string][], indent: string): string[] {
  const width = Math.max(...facts.map(([k]) => k.length)) + 3;
  return facts.map(([k, v]) => `${indent}${k}${".".repeat(width - k.length)}: ${v}`);
}

/** Threshold results grouped by key, k6's way: the key, then `✓ 'expression' observed` lines. */
export function thresholdLines(results: readonly ThresholdResult[], indent = "    "): string[] {
  const lines: string[] = [];
  const keys = [...new Set(results.map((r) => r.key))];
  for (const key of keys) {
    lines.push(`${indent}${key}`);
    for (const r of results.filter((x) => x.key === key)) lines.push(`${indent}${r.ok ? "✓" : "✗"} '${r.expression}' ${thresholdObserved(r)}`);
  }
  return lines;
}

/** The summary as k6 prints it at the end of a test: thresholds, total results, then each service. */
export function summaryText(summary: RunSummary, thresholds: readonly ThresholdResult[] | undefined): string[] {
  const lines: string[] = [];
  if (thresholds?.length) lines.push("  █ THRESHOLDS", "", ...thresholdLines(thresholds), "");
  lines.push("  █ TOTAL RESULTS", "", ...dotted(groupFacts(summary.total), "    "));
  for (const { service, metrics } of summary.services) lines.push("", `  █ SERVICE ${oneLine(service)}`, "", ...dotted(groupFacts(metrics), "    "));
  return lines;
}

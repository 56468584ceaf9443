// `repeat`/`concurrency` of the http step: a bounded, abortable pool of requests, and one result over every iteration.
import { formatDuration } from "../../core/units/duration.ts";
import { trendStats } from "../../util/trend.ts";
import type { Check } from "../../expect/matcher.ts";
import type { Detail } from "../../core/detail.ts";
import type { StepResult } from "../../core/step-result.ts";

/** Runs fn n times with at most k running at once; stops starting new runs once the signal fires (those stay undefined). */
export async function runPool<T>(n: number, k: number, signal: AbortSignal, fn: (i: number) => Promise<T>): Promise<(T | undefined)[]> {
  const out: (T | undefined)[] = new Array(n).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < n && !signal.aborted) {
      const i = next++;
      out[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(k, n)) }, worker));
  return out;
}

export interface IterationsInfo {
  line: string;
  repeat: number;
  concurrency: number;
  requestDetail: Detail;
  /** Why the step was stopped, when it was. */
  aborted?: string;
}

/**
 * Every iteration's checks named `#i path` (an iteration without a response is one failed check), captures of #1, every
 * HTTP sample. An iteration the run's interrupt cut short (its sample is `cut`) is no failed check and no status: it is
 * counted apart, as k6 leaves such requests out of its metrics.
 */
export function combineIterations(results: readonly (StepResult | undefined)[], info: IterationsInfo): StepResult {
  const checks: Check[] = [];
  const statuses: Record<string, number> = {};
  let firstFailed: number | undefined;
  let done = 0;
  let errors = 0;
  let cut = 0;
  results.forEach((r, i) => {
    if (!r) return;
    done++;
    if (r.http?.[0]?.cut) {
      cut++;
      return;
    }
    const name = `#${i + 1}`;
    for (const c of r.checks) checks.push({ ...c, path: `${name} ${c.path}` });
    if (r.error !== undefined) {
      errors++;
      checks.push({ path: name, expected: "a checked response", actual: r.error, ok: false });
    }
    const status = r.http?.[0]?.status;
    const key = status === undefined ? "no response" : String(status);
    statuses[key] = (statuses[key] ?? 0) + 1;
    if (firstFailed === undefined && (r.error !== undefined || r.checks.some((c) => !c.ok))) firstFailed = i;
  });
  const http = results.flatMap((r) => r?.http ?? []);
  const latency = trendStats(http.filter((s) => !s.cut).map((s) => s.durationMs).sort((a, b) => a - b));
  const round = (n: number) => Math.round(n * 10) / 10;
  const shown = firstFailed ?? 0;
  const responseDetails = (results[shown]?.details ?? []).filter((d) => d.title !== "request");
  const cutText = cut ? `${cut} cut short by the interrupt` : "";
  const counts = [...Object.entries(statuses).map(([status, n]) => `${n} × ${status}`), ...(cutText ? [cutText] : [])].join(", ");
  const pool = info.concurrency > 1 ? `, ${info.concurrency} at once` : "";
  const p95 = latency ? `, p(95) ${formatDuration(latency.p95)}` : "";
  const result: StepResult = {
    checks,
    summary: `${info.line} ×${info.repeat}${pool} → ${counts || "nothing sent"}${p95}`,
    observed: {
      requests: done,
      ...(cut ? { cut_short: cut } : {}),
      ...(done < info.repeat ? { not_sent: info.repeat - done } : {}),
      status: statuses,
      ...(latency ? { latency_ms: { avg: round(latency.avg), min: round(latency.min), med: round(latency.med), max: round(latency.max), p90: round(latency.p90), p95: round(latency.p95) } } : {}),
      bytes: http.reduce((n, s) => n + s.receivedBytes, 0),
    },
    details: [info.requestDetail, ...responseDetails.map((d) => ({ ...d, title: `${d.title} of #${shown + 1}${firstFailed === undefined ? "" : " (the first failing iteration)"}` }))],
    http,
  };
  const captures = results[0]?.captures;
  if (captures) result.captures = captures;
  if (info.aborted !== undefined) result.error = `${info.aborted} after ${done} of ${info.repeat} requests${cut ? `, ${cut} of them cut short` : ""}`;
  else if (done > 0 && errors === done) result.error = `all ${done} requests failed; the first: ${results[0]?.error ?? results.find((r) => r?.error)?.error}`;
  return result;
}

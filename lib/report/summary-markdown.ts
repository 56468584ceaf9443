// The summary and thresholds as Markdown: a thresholds table with observed values, and k6's metrics per service.
import { formatSize } from "../core/units/size.ts";
import type { MetricsGroup } from "../metrics/summary.ts";
import { STEP_EMOJI } from "./format.ts";
import { mdCode, mdTable, mdText } from "./markdown-text.ts";
import { type RunRecord, runStatus } from "./run-record.ts";
import { ms, percent, runSummary, thresholdObserved } from "./summary.ts";
import { totalsText } from "./run-record.ts";

const COLUMNS = ["", "checks", "http_reqs", "http_req_failed", "avg", "min", "med", "max", "p(90)", "p(95)", "data sent", "data received", "steps", "attempts"];

function row(label: string, g: MetricsGroup): string[] {
  const d = g.http_req_duration;
  const n = g.checks.passed + g.checks.failed;
  const sent = g.http_reqs.count > 0;
  return [
    label,
    n > 0 ? `${percent(g.checks.rate!)} (${g.checks.passed}/${n})` : "",
    `${g.http_reqs.count}${g.http_reqs.cut ? ` (and ${g.http_reqs.cut} cut short by the interrupt)` : ""}`,
    sent ? percent(g.http_req_failed.rate!) : "",
    ...(d ? [d.avg, d.min, d.med, d.max, d.p90, d.p95].map(ms) : ["", "", "", "", "", ""]),
    sent ? formatSize(g.data_sent.bytes) : "",
    sent ? formatSize(g.data_received.bytes) : "",
    totalsText(g.steps),
    String(g.attempts),
  ];
}

/** `### Thresholds` (when the scenario has any) and `### Summary`: all steps, then one row per service. */
export function summaryMarkdown(run: RunRecord, now: Date): string[] {
  const lines: string[] = [];
  const thresholds = run.thresholds ?? [];
  if (thresholds.length > 0) {
    const crossed = thresholds.filter((t) => !t.ok).length;
    // An interrupted run exits 130 whatever its thresholds say (lib/engine/run-scenario.ts): "the run fails" would be false.
    const verdict = runStatus(run) === "interrupted" ? "; the run was interrupted (exit 130), which outranks a crossed threshold." : ": the run fails.";
    lines.push("### Thresholds", "", crossed ? `${crossed} of ${thresholds.length} crossed${verdict}` : `All ${thresholds.length} hold.`, "");
    const rows = thresholds.map((t) => [t.ok ? STEP_EMOJI.passed : STEP_EMOJI.failed, mdCode(t.key, true), mdCode(t.expression, true), mdCode(thresholdObserved(t), true)]);
    lines.push(...mdTable(["", "metric", "threshold", "observed"], rows), "");
  }
  const summary = runSummary(run, now);
  const rows = [row("all steps", summary.total), ...summary.services.map(({ service, metrics }) => row(mdText(service), metrics))];
  // Without a single request the HTTP columns would all be empty: checks, steps and attempts only.
  const http = summary.total.http_reqs.count > 0 || summary.total.http_reqs.cut !== undefined;
  const keep = (_: unknown, i: number) => http || ![2, 3, 4, 5, 6, 7, 8, 9, 10, 11].includes(i);
  lines.push("### Summary", "", ...mdTable(COLUMNS.filter(keep), rows.map((r) => r.filter(keep)), [..."lrrrrrrrrrrrlr"].filter(keep).join("")), "");
  return lines;
}

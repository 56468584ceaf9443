// Renders one run as Markdown fit for a pull request: status title, facts, per-service, tag × service and step tables, problems found.
import { formatDuration } from "../core/units/duration.ts";
import { skippedByInterrupt } from "../core/abort-text.ts";
import type { Totals } from "../engine/events.ts";
import type { Check } from "../expect/matcher.ts";
import { RUN_EMOJI, STEP_EMOJI, actualText, failureCause, interruptCause, observedText, tail } from "./format.ts";
import { mdCode, mdDetails, mdFence, mdTable, mdText } from "./markdown-text.ts";
import { summaryMarkdown } from "./summary-markdown.ts";
import { thresholdObserved } from "./summary.ts";
import { type RunRecord, type StepView, countTotals, interruptedBetweenSteps, runDuration, runStatus, stepViews, totalsText } from "./run-record.ts";
import { brokenTagText, type TagRow, tagColumns, tagRows } from "./tags.ts";
import { clipCounted } from "../util/clip.ts";
import { moreWarningsText, shownWarnings } from "../core/warnings.ts";
import { addTo } from "../util/group.ts";

/** Longest `actual` shown in a failure table. */
const ACTUAL_MAX = 200;

/** How much a report shows; smaller settings make the report fit where it is pasted (markdown-fit.ts). */
export interface RenderOptions {
  /** Longest output block shown in a <details>; the run log keeps everything. */
  detailLines: number;
  detailChars: number;
  /** List passed steps in the step tables (else they are folded into a count). */
  listPassed: boolean;
  /** Most failure sections shown; the rest are named in a count. */
  maxFailures: number;
  /** A note shown under the facts (what was left out, and where the full record is). */
  note?: string;
}

export const FULL: RenderOptions = { detailLines: 200, detailChars: 20_000, listPassed: true, maxFailures: Infinity };

/** Facts shown as code: they are pasted into a terminal or looked up as written. */
const CODE_FACTS = new Set(["command", "commit", "path in repository"]);

/** What an interrupt cut: steps stopped or never run, or (a Ctrl-C during teardown or cleanup) nothing. */
function interruptedText(steps: readonly StepView[]): string {
  const cut = steps.some((s) => s.status === "interrupted" || s.cut || (s.status === "skipped" && skippedByInterrupt(s.reason)));
  return cut
    ? "the run was stopped before it finished. A step it stopped is shown as interrupted, steps that did not run as skipped."
    : "a Ctrl-C (or SIGTERM) arrived after every main step had ended (during teardown, cleanup or reporting): no step was cut short, but the run counts as interrupted (exit 130).";
}

export function renderMarkdown(run: RunRecord, now: Date = new Date(), opts: RenderOptions = FULL): string {
  const status = runStatus(run);
  const main = stepViews(run, "main");
  const teardown = stepViews(run, "teardown");
  const all = [...main, ...teardown];
  const lines: string[] = [];

  lines.push(`## ${RUN_EMOJI[status]} ${mdText(run.scenario)} — ${status}`, "");
  if (run.description) lines.push(`> ${mdText(run.description)}`, "");
  if (status === "interrupted") {
    lines.push("> [!WARNING]", `> **Interrupted**: ${interruptedText(all)}`, "");
  }
  const facts: [string, string][] = [
    ["status", `${RUN_EMOJI[status]} ${status}`],
    ["steps", `${totalsText(countTotals(all))} (${all.length} in all)`],
    ["duration", formatDuration(runDuration(run, now))],
    ["run id", mdCode(run.runId, true)],
    ["started", run.startedAt.toISOString().replace(/\.\d+Z$/, "Z")],
    ["file", mdCode(run.file, true)],
    ...[...run.info].map(([k, v]): [string, string] => [mdText(k), CODE_FACTS.has(k) ? mdCode(v, true) : mdText(v)]),
  ];
  const [first, ...rest] = facts;
  lines.push(...mdTable(first!, rest), "");
  if (opts.note) lines.push("> [!NOTE]", `> ${opts.note}`, "");

  let withInterrupted = false;
  for (let i = 0; i < all.length && !withInterrupted; i++) withInterrupted = all[i]!.status === "interrupted";
  const services = serviceRows(all, withInterrupted);
  if (services.length > 0) {
    const head = ["service", "passed", "failed", "skipped", ...(withInterrupted ? ["interrupted"] : [])];
    lines.push("### Services", "", ...mdTable(head, services, `l${"r".repeat(head.length - 1)}`), "");
  }
  const tags = tagRows(all);
  if (tags.length > 0) {
    lines.push("### User stories (tags) × services", "", ...tagTable(tags, tagColumns(all)), "", "Each cell: steps passed / steps with that tag and service.", "");
  }
  lines.push("### Steps", "", ...stepTable(main, opts.listPassed), "");
  if (teardown.length > 0) lines.push("### Teardown", "", ...stepTable(teardown, opts.listPassed), "");
  lines.push(...summaryMarkdown(run, now));
  lines.push(...warningsSection(all));

  // Every step that did not pass and was not merely skipped: a step Ctrl-C stopped too, with what stopped it.
  const reported = reportedSteps(all);
  lines.push("### Problems found", "");
  // A run that fails without a failed step (a crossed threshold, no step that checks anything) says why here too: "None."
  // under a failed run contradicted its own verdict.
  const crossed = (run.thresholds ?? []).filter((t) => !t.ok);
  for (const t of crossed) lines.push(`- threshold crossed: ${mdCode(t.key)} ${mdCode(t.expression)}, observed ${mdCode(thresholdObserved(t))}`);
  const unchecked = runStatus(run) === "failed" && reported.length === 0 && crossed.length === 0;
  if (unchecked) lines.push("- the run failed, and no step failed: no step that checks anything ran (see the run log)");
  // So does an interrupted run none of whose sections below carries the interrupt (no step in them was stopped or cut
  // short), as the JUnit suite and the annotations do: one that came before a step or between two, or after the main
  // steps (during teardown or the cleanup), where "None." followed the run's warning.
  const stoppedNone = runStatus(run) === "interrupted" && !reported.some((s) => s.status === "interrupted" || s.cut);
  if (stoppedNone) lines.push(`- the run was ${interruptedBetweenSteps(all)}`);
  if (crossed.length > 0 || unchecked || stoppedNone) lines.push("");
  else if (reported.length === 0) lines.push("None.", "");
  const broken = tags.filter((t) => t.status === "failed");
  if (broken.length > 0) {
    const list = broken.map((t) => brokenTagText(t, mdCode, mdText));
    lines.push(`**Broken:** ${list.join(", ")}.`, "");
  }
  for (const step of reported.slice(0, opts.maxFailures)) lines.push(...failure(step, run.file, opts));
  const left = reported.length - opts.maxFailures;
  if (left > 0) lines.push(`… and ${left} more ${left === 1 ? "step" : "steps"} with failures, interruptions or diagnostics, not shown here.`, "");
  while (lines.at(-1) === "") lines.pop();
  return lines.join("\n");
}

/**
 * `### Warnings`: what Loki or Prometheus warned about the answers the steps were judged on (a partial answer can pass its
 * checks), for every step, passed ones too: a handful each, one line each (core/warnings.ts); nothing when none warned.
 */
function warningsSection(steps: readonly StepView[]): string[] {
  const warned: StepView[] = [];
  for (let i = 0; i < steps.length; i++) if (steps[i]!.result?.warnings?.length) warned.push(steps[i]!);
  if (warned.length === 0) return [];
  const lines = ["### Warnings", ""];
  for (const s of warned) {
    const { lines: shown, more } = shownWarnings(s.result!.warnings!);
    const step = `${mdText(s.step.name)} (step ${s.number})`;
    for (const w of shown) lines.push(`- ${step}: ${mdCode(clipCounted(w, ACTUAL_MAX))}`);
    if (more > 0) lines.push(`- ${step}: ${mdText(moreWarningsText(more))}`);
  }
  lines.push("");
  return lines;
}

/** The mark of a group of steps: ✅ only when every one of them passed (a service with skipped steps was not fully checked). */
function groupMark(t: Totals): string {
  return t.failed > 0 ? STEP_EMOJI.failed : t.interrupted > 0 ? STEP_EMOJI.interrupted : t.skipped > 0 ? STEP_EMOJI.skipped : STEP_EMOJI.passed;
}

function serviceRows(steps: StepView[], withInterrupted: boolean): string[][] {
  const by = new Map<string, StepView[]>();
  for (const s of steps) {
    if (s.step.service === undefined) continue;
    addTo(by, s.step.service, s);
  }
  return [...by].map(([service, list]) => {
    const t = countTotals(list);
    return [`${groupMark(t)} ${mdText(service)}`, String(t.passed), String(t.failed), String(t.skipped), ...(withInterrupted ? [String(t.interrupted)] : [])];
  });
}

function tagTable(rows: TagRow[], columns: string[]): string[] {
  const cell = (t: Totals | undefined) => {
    if (!t) return "";
    return `${groupMark(t)} ${t.passed}/${t.passed + t.failed + t.skipped + t.interrupted}`;
  };
  const body = rows.map((r) => [`${STEP_EMOJI[r.status]} ${mdCode(r.tag, true)}`, ...columns.map((c) => cell(r.services.get(c)))]);
  return mdTable(["tag", ...columns.map(mdText)], body, `l${"l".repeat(columns.length)}`);
}

function stepTable(all: StepView[], listPassed: boolean): string[] {
  // One row a step, made in an indexed loop: it runs once a run over every step, mostly before the JIT has compiled it.
  const rows: string[][] = [];
  for (let i = 0; i < all.length; i++) {
    const s = all[i]!;
    if (!listPassed && s.status === "passed") continue;
    let step = mdText(s.step.name);
    for (const t of s.step.tags) step += ` ${mdCode(t, true)}`;
    rows.push([
      String(s.number),
      step,
      s.step.service === undefined ? "" : mdText(s.step.service),
      statusCell(s),
      s.attemptCount > 0 ? String(s.attemptCount) : "",
      s.durationMs === undefined || s.attemptCount === 0 ? "" : formatDuration(s.durationMs),
    ]);
  }
  const folded = all.length - rows.length;
  if (folded > 0) rows.push(["", `${folded} passed ${folded === 1 ? "step" : "steps"} not listed`, "", `${STEP_EMOJI.passed} passed`, "", ""]);
  return mdTable(["#", "step", "service", "status", "attempts", "duration"], rows, "rlllrr");
}

/** Every step that did not pass and was not merely skipped (a step Ctrl-C stopped too), or that has diagnostics: an indexed loop, as stepTable's. */
function reportedSteps(all: readonly StepView[]): StepView[] {
  const reported: StepView[] = [];
  for (let i = 0; i < all.length; i++) {
    const s = all[i]!;
    if (s.status === "failed" || s.status === "interrupted" || s.diagnostics.length > 0 || (s.cut && s.result)) reported.push(s);
  }
  return reported;
}

function statusCell(s: StepView): string {
  const text = `${STEP_EMOJI[s.status]} ${s.status}`;
  return s.status === "skipped" && s.reason ? `${text}: ${mdText(s.reason)}` : text;
}

function failure(s: StepView, file: string, opts: RenderOptions): string[] {
  const where = s.step.phase === "teardown" ? "teardown " : "";
  const service = s.step.service === undefined ? "" : ` (${mdText(s.step.service)})`;
  const tags = s.step.tags.map((t) => ` ${mdCode(t)}`).join("");
  const lines = [`#### ${STEP_EMOJI[s.status]} ${where}${s.number}. ${mdText(s.step.name)}${service}${tags}`, ""];
  if (s.step.line !== undefined) lines.push(`At ${mdCode(`${file}:${s.step.line}`)}.`, "");
  const how = [
    s.attemptCount > 0 ? `${s.attemptCount} ${s.attemptCount === 1 ? "attempt" : "attempts"}` : "",
    s.durationMs === undefined ? "" : `in ${formatDuration(s.durationMs)}`,
  ].filter(Boolean).join(" ");
  const head = s.status === "failed" || s.status === "interrupted" ? `${s.status === "failed" ? "Failed" : "Interrupted"}${how ? ` after ${how}` : ""}` : `${s.status[0]!.toUpperCase()}${s.status.slice(1)}`;
  lines.push(`${head}${s.reason ? `: ${mdText(s.reason)}` : ""}.`, "");
  const r = s.result;
  if (s.status === "failed") lines.push(`**Cause:** ${mdCode(failureCause(r, s.reason, ACTUAL_MAX))}`, "");
  if (s.status === "interrupted") lines.push(`**Cause:** ${mdCode(clipCounted(interruptCause(r), ACTUAL_MAX))}`, "");
  if (s.cut && r) lines.push(`Last finished attempt:`, "");
  if (r?.summary) lines.push(mdCode(r.summary), "");
  const failed = r?.checks.filter((c) => !c.ok) ?? [];
  if (failed.length > 0) lines.push(...mdTable(["path", "expected", "actual"], failed.map(checkRow)), "");
  if (r?.error) {
    if (r.error.includes("\n")) lines.push("**Error:**", "", ...mdFence(tail(r.error, opts.detailLines, opts.detailChars)), "");
    else lines.push(`**Error:** ${mdCode(clipCounted(r.error, opts.detailChars))}`, "");
  }
  if (r?.observed && Object.keys(r.observed).length > 0) lines.push(`**Observed:** ${mdCode(observedText(r.observed))}`, "");
  for (const d of r?.details ?? []) lines.push(...mdDetails(d.title, tail(d.body, opts.detailLines, opts.detailChars)));
  // A step that already carries a block (a failing compose step shows `compose ps` itself) is not shown it twice.
  const shown = new Set((r?.details ?? []).map((d) => `${d.title}\0${d.body}`));
  const diagnostics = s.diagnostics.filter((d) => !shown.has(`${d.title}\0${d.body}`));
  if (diagnostics.length > 0) {
    lines.push("**Diagnostics**", "");
    for (const d of diagnostics) lines.push(...mdDetails(d.title, tail(d.body, opts.detailLines, opts.detailChars)));
  }
  return lines;
}

function checkRow(c: Check): string[] {
  return [mdCode(c.path || "(value)", true), mdCode(c.expected, true), mdCode(actualText(c, ACTUAL_MAX), true)];
}

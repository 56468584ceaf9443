// GitHub Actions annotations: each failing step as an `::error file=…,line=…,title=…::message` workflow command on stdout,
// and each crossed threshold as one on the scenario file, at its expression. Their text is shown as visible gives it: a
// character that reorders or hides text (U+202E) is written \u202E, as a control character is \xNN.
import { checkLine, visible } from "./format.ts";
import { allStepViews, interruptedBetweenSteps, runStatus, type StepView } from "./run-record.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";
import { clipCounted } from "../util/clip.ts";
import { thresholdObserved } from "./summary.ts";
import type { FileOutcome } from "./files-summary.ts";
import { workflowCommand } from "./workflow-commands.ts";
import { STOPPED_BEFORE_FINISHING } from "../core/abort-text.ts";

/** Longest annotation message; GitHub shows the start of longer ones anyway, and the reports keep everything. */
const MESSAGE_MAX = 2_000;
/** Failed checks listed in one annotation. */
const CHECKS_MAX = 5;

export interface GithubAnnotationsOptions extends CollectedRuns {
  /** Where the commands go: the runner reads them from stdout. */
  stream: { write(text: string): unknown };
}

export class GithubAnnotations extends RunReporter<GithubAnnotationsOptions> {
  readonly name = "github-annotations";

  async finish(): Promise<string[]> {
    for (const run of this.runs) {
      // The path GitHub resolves is the repository's; outside a checkout the path as run is the best there is.
      const file = run.info.get("path in repository") ?? run.file;
      const steps = allStepViews(run);
      for (const step of steps.filter((s) => s.status === "failed" || s.status === "interrupted")) {
        this.options.stream.write(`${annotation(run.scenario, file, step)}\n`);
      }
      // An interrupt while no step was running (or after the main steps) stops none: its run had no annotation, as a run
      // with nothing wrong.
      if (runStatus(run) === "interrupted" && !steps.some((s) => s.status === "interrupted")) {
        const title = visible(`${run.scenario}: interrupted`);
        this.options.stream.write(`${workflowCommand("warning", { file, title }, interruptedBetweenSteps(steps))}\n`);
      }
      // A crossed threshold fails the run though every step passed: the pull request says so too, at its expression.
      for (const t of run.thresholds ?? []) {
        if (t.ok) continue;
        const title = visible(`${run.scenario}: threshold ${t.key} crossed`);
        this.options.stream.write(`${workflowCommand("error", { file, line: t.line, col: t.col, title }, visible(`'${t.expression}' ${thresholdObserved(t)}`))}\n`);
      }
    }
    return [];
  }
}

/**
 * The annotations of the files of an invocation that never ran (the runs' own reporters annotate those that did): a file
 * refused before its first step is an error with the refusal, one left not run by a Ctrl-C a warning. Both went
 * unannotated, and the pull request showed the files that passed alone, for a job that exited 2 or 130.
 */
export function unrunAnnotations(outcomes: readonly FileOutcome[]): string[] {
  return outcomes.filter((o) => !o.record).map((o) => {
    const file = o.repoPath ?? o.file;
    if (o.refused !== undefined) {
      const title = visible(`${o.scenario}: refused before the first step`);
      return workflowCommand("error", { file, title }, visible(clipCounted(o.refused, MESSAGE_MAX)));
    }
    const title = visible(`${o.scenario}: ${o.status}`);
    if (o.status === "not run") return workflowCommand("warning", { file, title }, "the invocation was interrupted (Ctrl-C or SIGTERM) before this file started: none of its steps ran");
    return workflowCommand("error", { file, title }, "the file did not run");
  });
}

function annotation(scenario: string, file: string, s: StepView): string {
  const where = s.step.phase === "teardown" ? "teardown step" : "step";
  // Without a recorded line there is no line property.
  const props = { file, line: s.step.line, title: visible(`${scenario}: ${where} ${s.number} ${s.step.name} ${s.status}`) };
  if (s.status === "interrupted") return workflowCommand("warning", props, `${STOPPED_BEFORE_FINISHING}: it neither passed nor failed`);
  return workflowCommand("error", props, visible(clipCounted(message(s), MESSAGE_MAX)));
}

function message(s: StepView): string {
  const r = s.result;
  const lines: string[] = [];
  if (s.reason) lines.push(s.reason);
  if (r?.summary) lines.push(r.summary);
  if (r?.error) lines.push(r.error);
  const failed = r?.checks.filter((c) => !c.ok) ?? [];
  for (const c of failed.slice(0, CHECKS_MAX)) lines.push(checkLine(c, 200));
  if (failed.length > CHECKS_MAX) lines.push(`… and ${failed.length - CHECKS_MAX} more failed checks`);
  if (s.attemptCount > 1) lines.push(`after ${s.attemptCount} attempts`);
  return lines.join("\n") || "failed";
}

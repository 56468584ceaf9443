// The Markdown reporter: writes <reportDir>/<slug>-<stamp>.md and latest.md, appends to the GitHub step summary, updates a doc block.
import { appendFileSync, mkdirSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { GITHUB_COMMENT_MAX, GITHUB_STEP_SUMMARY_MAX_BYTES, fitMarkdown } from "./markdown-fit.ts";
import { mdText } from "./markdown-text.ts";
import { reportSlug, writeRunReport } from "./names.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";
import { runStatus } from "./run-record.ts";
import { updateDocBlock } from "./update-doc.ts";
import { PartlyWritten } from "./multiplexer.ts";

export interface MarkdownReporterOptions extends CollectedRuns {
  /** Directory of the report files (the CLI's --report-dir, default "reports"). */
  reportDir: string;
  /** Added to the file name ("<slug>-<stamp>-<suffix>"): the run id when several files run at once. */
  nameSuffix?: string;
  /** Write <reportDir>/<slug>-<stamp>.md and latest.md (default true; false when only the doc or summary is wanted). */
  files?: boolean;
  /** A file to APPEND the report to: the CLI passes process.env.GITHUB_STEP_SUMMARY when it is set. */
  githubStepSummary?: string;
  /** A document whose `<!-- scenario:<slug>:begin/end -->` block is replaced by the report (--update-doc). */
  updateDoc?: string;
  /** Where everything is when the report is shortened to fit GitHub, e.g. "the run log under .context/terminal/". */
  fullRecord?: string;
  /** Clock for the duration of a run that never ended (tests). */
  now?: () => Date;
}

export class MarkdownReporter extends RunReporter<MarkdownReporterOptions> {
  readonly name = "markdown";

  async finish(): Promise<string[]> {
    const { reportDir, files = true, githubStepSummary, updateDoc, now = () => new Date(), fullRecord = "the run log under .context/terminal/" } = this.options;
    const written: string[] = [];
    let stepSummaryError: string | undefined;
    for (const run of this.runs) {
      const text = `${fitMarkdown(run, now(), GITHUB_COMMENT_MAX - 1, fullRecord)}\n`;
      const slug = reportSlug(run.scenario);
      if (files) {
        await writeRunReport(run, reportDir, ".md", text, this.options.nameSuffix, written);
      }
      if (githubStepSummary) {
        // A step summary that cannot be written is said as itself: the error was "the markdown report could not be
        // written", with the report files written and left out of the paths listed.
        try {
          mkdirSync(dirname(githubStepSummary), { recursive: true });
          appendFileSync(githubStepSummary, summaryThatFits(githubStepSummary, `${text}\n`, run.scenario, fullRecord));
          if (!written.includes(githubStepSummary)) written.push(githubStepSummary);
        } catch (e) {
          stepSummaryError ??= `the GitHub step summary (GITHUB_STEP_SUMMARY ${githubStepSummary}) could not be written: ${(e as Error).message}`;
        }
      }
      // An interrupted run checked only part of what it should have: the block keeps the last finished run's report
      // (the run's own report and run log say what it did; the CLI says the document was left as it was).
      if (updateDoc && runStatus(run) !== "interrupted") {
        try {
          await updateDocBlock(updateDoc, slug, text, run.scenario);
        } catch (e) {
          // The report files are written: they are listed, and the error names the document, not "the markdown report".
          throw new PartlyWritten(`--update-doc ${updateDoc}: ${(e as Error).message}`, written);
        }
        if (!written.includes(updateDoc)) written.push(updateDoc);
      }
    }
    if (stepSummaryError) {
      if (written.length === 0) throw new Error(stepSummaryError);
      throw new PartlyWritten(stepSummaryError, written);
    }
    return written;
  }
}

/** The text to append to the step summary, or a one-line pointer when the summary would pass GitHub's 1 MiB. */
function summaryThatFits(path: string, text: string, scenario: string, fullRecord: string): string {
  let used = 0;
  try {
    used = statSync(path).size;
  } catch {
    // A summary file that cannot be read counts as empty.
  }
  if (used + Buffer.byteLength(text) <= GITHUB_STEP_SUMMARY_MAX_BYTES) return text;
  const pointer = `> [!WARNING]\n> The report of ${mdText(scenario)} is left out of this step summary: it would pass GitHub's 1 MiB limit. See ${fullRecord}.\n\n`;
  return used + Buffer.byteLength(pointer) <= GITHUB_STEP_SUMMARY_MAX_BYTES ? pointer : "";
}

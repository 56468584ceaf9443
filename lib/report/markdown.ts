// The Markdown reporter: writes <reportDir>/<slug>-<stamp>.md and latest.md, appends to the GitHub step summary, updates a doc block.
import { closeSync, constants, fstatSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { GITHUB_COMMENT_MAX, GITHUB_STEP_SUMMARY_MAX_BYTES, fitMarkdown } from "./markdown-fit.ts";
import { mdText } from "./markdown-text.ts";
import { reportSlug, writeRunReport } from "./names.ts";
import { RunReporter, type CollectedRuns } from "./run-reporter.ts";
import { runStatus } from "./run-record.ts";
import { updateDocBlock } from "./update-doc.ts";
import { PartlyWritten } from "./multiplexer.ts";
import { NotRegularFile, openRegular } from "../util/regular-file.ts";

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
  /** Called when the --update-doc update waits for another run's lock on the document (every other report is written by then). */
  onDocWait?: () => void;
  /** Where a warning goes (a step summary that is not a regular file is skipped, not failed): a line without "warning: ". */
  warn?: (text: string) => void;
  /** Where the note about a long wait for the --update-doc document's lock goes (default process.stderr). */
  stderr?: { write(text: string): unknown };
  /** Clock for the duration of a run that never ended (tests). */
  now?: () => Date;
}

export class MarkdownReporter extends RunReporter<MarkdownReporterOptions> {
  readonly name = "markdown";

  async finish(): Promise<string[]> {
    const { reportDir, files = true, githubStepSummary, updateDoc, now = () => new Date(), fullRecord = "the run log under .context/terminal/" } = this.options;
    const written: string[] = [];
    let stepSummaryError: string | undefined;
    let stepSummaryWarned = false;
    for (const run of this.runs) {
      const text = `${fitMarkdown(run, now(), GITHUB_COMMENT_MAX - 1, fullRecord, GITHUB_COMMENT_MAX)}\n`;
      const slug = reportSlug(run.scenario);
      if (files) {
        await writeRunReport(run, reportDir, ".md", text, this.options.nameSuffix, written);
      }
      if (githubStepSummary) {
        // A step summary that cannot be written is said as itself: the error was "the markdown report could not be
        // written", with the report files written and left out of the paths listed.
        try {
          mkdirSync(dirname(githubStepSummary), { recursive: true });
          appendStepSummary(githubStepSummary, `${text}\n`, `The report of ${mdText(run.scenario)}`, fullRecord);
          if (!written.includes(githubStepSummary)) written.push(githubStepSummary);
        } catch (e) {
          // Not a regular file (a FIFO held the run blocked in open(), deaf to Ctrl-C): skipped with a warning, once.
          if (e instanceof NotRegularFile) {
            if (!stepSummaryWarned) this.options.warn?.(`the GitHub step summary (GITHUB_STEP_SUMMARY ${githubStepSummary}) is ${e.kind}, not a regular file: it was not written`);
            stepSummaryWarned = true;
          } else stepSummaryError ??= `the GitHub step summary (GITHUB_STEP_SUMMARY ${githubStepSummary}) could not be written: ${(e as Error).message}`;
        }
      }
      // An interrupted run checked only part of what it should have: the block keeps the last finished run's report
      // (the run's own report and run log say what it did; the CLI says the document was left as it was).
      if (updateDoc && runStatus(run) !== "interrupted") {
        try {
          await updateDocBlock(updateDoc, slug, text, run.scenario, { onWait: this.options.onDocWait, stderr: this.options.stderr });
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

/**
 * Appends a report (`what`, e.g. "The report of X", names it) to the step summary, opened only when it is a regular file
 * (NotRegularFile otherwise, before anything is written): the text, or a one-line pointer to `fullRecord` when the summary
 * would pass GitHub's 1 MiB.
 */
export function appendStepSummary(path: string, text: string, what: string, fullRecord: string): void {
  const fd = openRegular(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o666);
  try {
    writeFileSync(fd, summaryThatFits(fstatSync(fd).size, text, what, fullRecord));
  } finally {
    closeSync(fd);
  }
}

/** The text to append to a step summary of `used` bytes, or a one-line pointer when the summary would pass GitHub's 1 MiB. */
function summaryThatFits(used: number, text: string, what: string, fullRecord: string): string {
  if (used + Buffer.byteLength(text) <= GITHUB_STEP_SUMMARY_MAX_BYTES) return text;
  const pointer = `> [!WARNING]\n> ${what} is left out of this step summary: it would pass GitHub's 1 MiB limit. See ${fullRecord}.\n\n`;
  return used + Buffer.byteLength(pointer) <= GITHUB_STEP_SUMMARY_MAX_BYTES ? pointer : "";
}

// Builds the reporters a run asks for (--report md,log,junit,json,html) behind one multiplexer, for the CLI; formats not asked for are never imported.
import { join, relative } from "node:path";
import { runLogDir } from "../util/run-log-dir.ts";
import type { Reporter } from "../engine/events.ts";
import { ConsoleReporter, type ConsoleReporterOptions } from "./console.ts";
import { Multiplexer } from "./multiplexer.ts";
import { DEFAULT_REPORTS, type ReportFormat } from "./formats.ts";
import { RunCollector } from "./run-record.ts";

export type { ReportFormat } from "./formats.ts";

export interface ReportersOptions {
  /** Default DEFAULT_REPORTS. The console reporter is always there. */
  formats?: readonly ReportFormat[];
  /** --report-dir (default "reports", from cwd). */
  reportDir?: string;
  /** Base of the run log's .context/terminal directory (default process.cwd()). */
  cwd?: string;
  /** process.env.GITHUB_STEP_SUMMARY, when set. */
  githubStepSummary?: string;
  /** Added to every report file's name (several files in one invocation: the run id, so runs of same-named scenarios do not overwrite each other). */
  nameSuffix?: string;
  /** GITHUB_ACTIONS=true: failing steps become `::error` annotations on this stream (stdout). */
  githubAnnotations?: { write(text: string): unknown };
  /** --update-doc FILE. */
  updateDoc?: string;
  /** --no-color → false; --quiet → quiet; stream for tests. */
  console?: ConsoleReporterOptions;
  /** Where reporter failures are noted (default process.stderr). */
  stderr?: { write(text: string): unknown };
  /** The one collector of runs every whole-run report reads, fed here before any reporter (default a new one). */
  runs?: RunCollector;
  /** The run's first interrupt and its hard stop (a second one): the run log notes them. */
  interrupt?: AbortSignal;
  hardStop?: AbortSignal;
  /** What a hard stop leaves behind, a line each: the run log's last record names it. */
  leftBehind?: () => readonly string[];
  /** A mask with every secret known at the end of the run, when it captured one (see LogReporterOptions.finalMask). */
  finalMask?: () => ((text: string) => string) | undefined;
  /** Called when --update-doc waits for another run's lock on the document. */
  onDocWait?: () => void;
}

/**
 * Where a shortened Markdown report points for everything: the run log, which keeps every line of output (the JSON
 * and HTML reports keep a step's details as the step cut them, a command's output to its last 4 KiB: named as keeping
 * more, not everything).
 */
export function fullRecordText(formats: ReadonlySet<ReportFormat>, reportDir: string, cwd: string): string {
  const shown = (path: string) => relative(cwd, path) || path;
  const more = [formats.has("json") ? shown(join(reportDir, "latest.json")) : "", formats.has("html") ? shown(join(reportDir, "latest.html")) : ""].filter(Boolean);
  const also = more.length ? ` (${more.join(" and ")} ${more.length === 1 ? "keeps" : "keep"} more than this report)` : "";
  if (formats.has("log")) return `the run log under ${shown(runLogDir(cwd))}/${also}`;
  return `the console output${also || " (add --report json for a fuller report file)"}`;
}

export async function createReporters(options: ReportersOptions = {}): Promise<Multiplexer> {
  const formats = new Set(options.formats ?? DEFAULT_REPORTS);
  const reportDir = options.reportDir ?? "reports";
  const runs = options.runs ?? new RunCollector();
  const reporters: Reporter[] = [runs, new ConsoleReporter({ ...options.console, runs })];
  if (formats.has("md") || options.updateDoc || options.githubStepSummary) {
    const { MarkdownReporter } = await import("./markdown.ts");
    reporters.push(new MarkdownReporter({
      reportDir,
      githubStepSummary: options.githubStepSummary,
      updateDoc: options.updateDoc,
      files: formats.has("md"),
      fullRecord: fullRecordText(formats, reportDir, options.cwd ?? process.cwd()),
      nameSuffix: options.nameSuffix,
      runs,
      onDocWait: options.onDocWait,
      stderr: options.stderr,
      warn: (text) => void (options.stderr ?? process.stderr).write(`warning: ${text}\n`),
    }));
  }
  if (formats.has("log")) reporters.push(new (await import("./log.ts")).LogReporter({ cwd: options.cwd, nameSuffix: options.nameSuffix, runs, interrupt: options.interrupt, hardStop: options.hardStop, leftBehind: options.leftBehind, finalMask: options.finalMask }));
  if (formats.has("junit")) reporters.push(new (await import("./junit.ts")).JunitReporter({ reportDir, nameSuffix: options.nameSuffix, runs }));
  if (formats.has("json")) reporters.push(new (await import("./json.ts")).JsonReporter({ reportDir, nameSuffix: options.nameSuffix, runs }));
  if (formats.has("html")) reporters.push(new (await import("./html.ts")).HtmlReporter({ reportDir, nameSuffix: options.nameSuffix, runs }));
  if (options.githubAnnotations) reporters.push(new (await import("./github-annotations.ts")).GithubAnnotations({ stream: options.githubAnnotations, runs }));
  return new Multiplexer(reporters, { stderr: options.stderr });
}

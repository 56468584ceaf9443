// The files a run writes itself, for the check of the --update-doc document before the run: the document must be none
// of them (the run wrote its report over it, and the update replaced that: the text kept by hand was lost).
import { statSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { targetOf } from "../report/update-doc.ts";
import { realPathOr, samePath } from "../util/file-kind.ts";

/** What a run writes, for the check of the --update-doc document. */
export interface RunOutputs {
  cwd: string;
  /** --report-dir, as given. */
  reportDir: string;
  /** The report slug (names.ts reportSlug) and name of each scenario the command runs. */
  scenarios: readonly { slug: string; name: string }[];
  /** The run log's folder (absolute), when the run writes one. */
  logDir?: string;
  /** GITHUB_STEP_SUMMARY, when set: the run appends its report to it. */
  stepSummary?: string;
}

const FORMAT: Record<string, string> = { md: "Markdown", xml: "JUnit", json: "JSON", html: "HTML" };
/** A run's UTC stamp in report names (names.ts utcStamp). */
const STAMP = String.raw`\d{8}T\d{6}Z`;

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Whether names in this existing folder are matched without regard to case (macOS and Windows by default): the folder's
 * path with its letters' case swapped names the same folder.
 */
function caseInsensitive(folder: string): boolean {
  const real = realPathOr(folder);
  const swapped = real.replace(/[a-zA-Z]/g, (c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase()));
  if (swapped === real) return false;
  const a = statSync(real, { throwIfNoEntry: false });
  const b = statSync(swapped, { throwIfNoEntry: false });
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Which of the run's own files the document at `doc` (absolute) is, in words, or undefined: a report of the report
 * folder (a stamped one of a scenario run, latest.*, a combined summary or latest-summary.*: the latest copies the run
 * does not write it removes), a run log, or the step summary. A link to one of them (the update writes the link's
 * target), a path through `..`, or the same name in another case where the file system ignores case is that file too:
 * the run wrote its report over the document, and the update then replaced the report (the text kept by hand was lost).
 */
export function runOwnFile(doc: string, outputs: RunOutputs): string | undefined {
  const target = realPathOr(targetOf(doc));
  const folder = dirname(target);
  const name = basename(target);
  const flags = caseInsensitive(folder) ? "i" : "";
  const matches = (pattern: string) => new RegExp(`^${pattern}$`, flags).exec(name);
  const reportDir = resolve(outputs.cwd, outputs.reportDir);
  if (samePath(folder, reportDir)) {
    const shown = outputs.reportDir;
    let m = matches(String.raw`latest\.(md|xml|json|html)`);
    if (m) return `the latest ${FORMAT[m[1]!.toLowerCase()]} report of the report folder ${shown}`;
    m = matches(String.raw`latest-summary\.(md|xml|json|html)`);
    if (m) return `the latest combined summary (${FORMAT[m[1]!.toLowerCase()]}) of the report folder ${shown}`;
    m = matches(String.raw`summary-${STAMP}(?:-\d+)?\.(md|xml|json)`);
    if (m) return `a combined summary (${FORMAT[m[1]!.toLowerCase()]}) of the report folder ${shown}`;
    for (const { slug, name: scenario } of outputs.scenarios) {
      m = matches(String.raw`${escaped(slug)}-${STAMP}(?:-[0-9a-f]+)?\.(md|xml|json|html)`);
      if (m) return `a ${FORMAT[m[1]!.toLowerCase()]} report of scenario ${scenario}`;
    }
  }
  if (outputs.logDir !== undefined && samePath(folder, outputs.logDir) && matches(String.raw`integration_test_\d+(?:_[0-9a-f]+)?\.log`)) {
    return `a run log of ${relative(outputs.cwd, outputs.logDir) || outputs.logDir}`;
  }
  if (outputs.stepSummary !== undefined) {
    const summary = realPathOr(targetOf(resolve(outputs.cwd, outputs.stepSummary)));
    if (samePath(folder, dirname(summary)) && (flags ? name.toLowerCase() === basename(summary).toLowerCase() : name === basename(summary))) {
      return "the GitHub step summary, GITHUB_STEP_SUMMARY";
    }
  }
  return undefined;
}

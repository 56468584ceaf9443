// File names of reports: the scenario's slug and the run's UTC stamp.
import { existsSync, lstatSync, rmSync } from "node:fs";
import { join } from "node:path";
import { slugify } from "../util/slug.ts";
import { writeAtomic, writeExclusive } from "./write-atomic.ts";
import { PartlyWritten } from "./multiplexer.ts";

/** "Full stack logging (v2)" → "full-stack-logging-v2"; never empty, at most 60 characters. */
export function reportSlug(scenarioName: string): string {
  return slugify(scenarioName, 60) || "scenario";
}

/** A run's report file name without extension: "<slug>-<stamp>", plus "-<suffix>" when several files run at once (the run id). */
export function reportStem(scenarioName: string, startedAt: Date, suffix?: string): string {
  return `${reportSlug(scenarioName)}-${utcStamp(startedAt)}${suffix ? `-${suffix}` : ""}`;
}

/** 2026-11-22T01:51:30.123Z → "20261122T015130Z". */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, "Z").replace(/[-:]/g, "");
}

/** Seconds since the epoch, as the run log's file name uses them. */
export function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/** The extensions of a run's stamped report files (Markdown, JUnit, JSON, HTML). */
const REPORT_EXTENSIONS = [".md", ".xml", ".json", ".html"];
/** The stem chosen for each run, so every format of one run uses the same. */
const chosenStems = new WeakMap<object, string>();

/**
 * The stem of one run's report files, the same for every format: "<slug>-<stamp>", or "<slug>-<stamp>-<run id>" when a
 * report of that name is there already (another run of the scenario started in the same second: its report would be
 * overwritten, as the run log would be without its own fallback). With a suffix (several files at once) it is as given.
 */
export function runReportStem(run: { scenario: string; startedAt: Date; runId: string; logByRunId?: boolean }, reportDir: string, suffix?: string): string {
  const known = chosenStems.get(run);
  if (known !== undefined) return known;
  let stem = reportStem(run.scenario, run.startedAt, suffix);
  // The run whose log took its run id's name (another run's log was there) names its reports so too: its log and
  // reports pair up, and the earlier run, whose log has the plain name, keeps the plain report names whichever ends first.
  if (!suffix && (run.logByRunId === true || REPORT_EXTENSIONS.some((ext) => existsSync(join(reportDir, stem + ext))))) stem = reportStem(run.scenario, run.startedAt, run.runId);
  chosenStems.set(run, stem);
  return stem;
}

/**
 * Writes one run's report of a format (`ext`: ".md") under its stem, then `latest<ext>`; returns the stamped file. The
 * stamped name is taken exclusively: when another run of the scenario that started in the same second took it between
 * the look (runReportStem) and the write, this run's reports move to the stem with its run id, so neither report is lost
 * nor shows the other's verdict. When either write fails, `latest<ext>` is removed: left in place it would still show
 * the run before (a pass) as the latest.
 */
export async function writeRunReport(run: { scenario: string; startedAt: Date; runId: string; logByRunId?: boolean }, reportDir: string, ext: string, data: string | Uint8Array, suffix?: string, written: string[] = []): Promise<string> {
  return writeWithLatest(reportDir, ext, data, written, async () => {
    const file = join(reportDir, runReportStem(run, reportDir, suffix) + ext);
    if (writeExclusive(file, data)) return file;
    // Taken since the look: this run's reports, every format, go under its run id's name (already its own: rewritten).
    const own = reportStem(run.scenario, run.startedAt, run.runId);
    chosenStems.set(run, own);
    await writeAtomic(join(reportDir, own + ext), data);
    return join(reportDir, own + ext);
  });
}

/**
 * Writes a report (`writeStamped` writes its stamped file and returns its path), then `latest<ext>`, adding each to
 * `written`. When a write fails, `latest<ext>` is removed (it would show the run before); what was written is still
 * listed (a PartlyWritten), and the words name the file that failed.
 */
export async function writeWithLatest(reportDir: string, ext: string, data: string | Uint8Array, written: string[], writeStamped: () => Promise<string>): Promise<string> {
  const latest = join(reportDir, `latest${ext}`);
  let file: string | undefined;
  try {
    file = await writeStamped();
    written.push(file);
    await writeAtomic(latest, data);
    if (!written.includes(latest)) written.push(latest);
    return file;
  } catch (error) {
    // Said when latest<ext> stays: its folder made unwritable during the run, it shows the run before as the latest.
    let stale = "";
    try {
      rmSync(latest, { force: true });
    } catch (removal) {
      // Not a file (a directory of that name): nothing of ours to remove.
      if (lstatSync(latest, { throwIfNoEntry: false })?.isFile()) stale = `; latest${ext} could not be removed either (${(removal as Error).message}): it still shows an earlier run`;
    }
    if (written.includes(latest)) written.splice(written.indexOf(latest), 1);
    if (written.length === 0) throw stale ? new Error(`${(error as Error).message}${stale}`, { cause: error }) : error;
    const what = file !== undefined ? `latest${ext}` : `the ${ext.slice(1)} report`;
    throw new PartlyWritten(`${what} could not be written: ${(error as Error).message}${stale}`, [...written]);
  }
}

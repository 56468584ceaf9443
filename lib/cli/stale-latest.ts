// The `latest` copies of reports (names.ts, files-summary.ts) an earlier command wrote and this one did not: removed, as
// they would show that command's verdict as the latest (after a hard stop, and after a run in other formats).
import { readdirSync, realpathSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { shownPath } from "./shown-path.ts";
import type { Io } from "./io.ts";

/** The copies of the last run's reports (names.ts) and of the last combined summary (several files at once). */
const LATEST = /^latest(?:-summary)?\.(?:md|xml|json|html)$/;

/**
 * Removes the `latest` copies in `dir` written before `since`, and returns their names. A hard stop writes no report, so
 * they would still show the run before this one (a pass, say) as the latest, where CI and people look for this run's
 * verdict. A copy written since (this command's, or another command's into the same folder) is left.
 */
export function staleLatest(dir: string, since: Date, keep?: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter((n) => LATEST.test(n)).sort()) {
    try {
      const path = join(dir, name);
      if (statSync(path).mtimeMs >= since.getTime() || (keep !== undefined && realpathSync(path) === keep)) continue;
      rmSync(path, { force: true });
      removed.push(path);
    } catch {
      // Gone already, or not ours to remove: nothing to say of it.
    }
  }
  return removed;
}

/**
 * After a run's reports: removes the `latest` copies in `dir` that this command did not write (staleLatest), and says
 * so. A run with the default formats left `latest.xml` of an earlier `--report junit` run, which a CI step reading it
 * took for this run's verdict; a run of one file left the `latest-summary.*` of an earlier run of several.
 */
export function removeStaleLatest(dir: string, since: Date, io: Io): void {
  const stale = staleLatest(dir, since);
  if (stale.length) io.stdout.write(`removed ${stale.map((p) => shownPath(io.cwd, p)).join(", ")}: an earlier run's, which this one did not write\n`);
}

/** The line that says which `latest` copies a command that wrote no report removed (staleLatest); "" when none. */
export function staleLatestLine(cwd: string, removed: readonly string[]): string {
  return removed.length ? `Removed ${removed.map((p) => shownPath(cwd, p)).join(", ")}: ${removed.length === 1 ? "it" : "they"} showed an earlier run as the latest` : "";
}

/**
 * A run refused before it started (exit 2: an invalid file, --strict-vars, a folder that cannot be made) writes no
 * report: the `latest` copies an earlier run left would show that run's verdict (a pass, say) to a CI step that reads
 * them whatever the exit code. They are removed as after a hard stop, and stderr says so. The --update-doc document
 * (`updateDoc`) is kept: naming a `latest` copy there is refused so as to keep it whole (the user's own document, say).
 */
export function removeLatestOfRefusedRun({ reportDir, updateDoc }: { reportDir: string; updateDoc?: string }, since: Date, io: Io): void {
  let keep: string | undefined;
  try {
    keep = updateDoc === undefined ? undefined : realpathSync(resolve(io.cwd, updateDoc));
  } catch {
    // Not there: nothing of it to keep.
  }
  const line = staleLatestLine(io.cwd, staleLatest(resolve(io.cwd, reportDir), since, keep));
  if (line) io.stderr.write(`${line}\n`);
}

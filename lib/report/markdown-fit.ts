// Fits a run's Markdown under the size GitHub accepts where it is pasted: passed steps folded, details cut, and a note saying so.
import { FULL, type RenderOptions, renderMarkdown } from "./markdown-render.ts";
import type { RunRecord } from "./run-record.ts";
import { grouped } from "../util/grouped.ts";

/** GitHub refuses a pull-request comment longer than this many characters. */
export const GITHUB_COMMENT_MAX = 65_536;
/** GitHub refuses a job's step summary larger than this many bytes. */
export const GITHUB_STEP_SUMMARY_MAX_BYTES = 1024 * 1024;

/** Ever smaller settings, tried in order until the report fits. */
const LEVELS: Omit<RenderOptions, "note">[] = [
  FULL,
  { detailLines: 200, detailChars: 20_000, listPassed: false, maxFailures: Infinity },
  { detailLines: 40, detailChars: 4_000, listPassed: false, maxFailures: 50 },
  { detailLines: 10, detailChars: 1_000, listPassed: false, maxFailures: 10 },
  { detailLines: 5, detailChars: 300, listPassed: false, maxFailures: 3 },
];

/**
 * The report in at most `maxChars` characters. When something is left out the report says what and where the
 * full record is (`fullRecord`, e.g. "the run log under .context/terminal/"), and names GitHub's limit (`limit`, when
 * maxChars keeps room below it: the file's last newline).
 */
export function fitMarkdown(run: RunRecord, now: Date, maxChars: number, fullRecord: string, limit = maxChars): string {
  const full = renderMarkdown(run, now, FULL);
  if (full.length <= maxChars) return full;
  const where = `The full record: ${fullRecord}.`;
  const anyPassed = run.steps.some((s) => s.status === "passed");
  for (const level of LEVELS.slice(1)) {
    // Folding passed steps alone changes nothing when none passed; rendering every failure again is slow.
    if (!anyPassed && !Number.isFinite(level.maxFailures)) continue;
    const what = [level.listPassed ? "" : "passed steps are folded into a count", level.detailChars < FULL.detailChars ? `output blocks are cut to their last ${level.detailLines} lines` : "", Number.isFinite(level.maxFailures) ? `at most ${level.maxFailures} failures are shown` : ""];
    const note = `Shortened to fit GitHub's limit of ${grouped(limit)} characters: ${what.filter(Boolean).join(", ")}. ${where}`;
    const text = renderMarkdown(run, now, { ...level, note });
    if (text.length <= maxChars) return text;
  }
  // Still too long (thousands of failing steps): keep the start, cut at a line, and say so.
  const cut = `\n\n> [!WARNING]\n> Cut at ${grouped(maxChars)} characters to fit GitHub's limit. ${where}`;
  const last = LEVELS.at(-1)!;
  const text = renderMarkdown(run, now, { ...last, note: `Shortened to fit GitHub's limit; the end is cut. ${where}` });
  const room = maxChars - cut.length;
  const head = text.slice(0, room);
  return `${head.slice(0, Math.max(0, head.lastIndexOf("\n")))}${cut}`;
}

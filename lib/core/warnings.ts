// How a step's warnings (a Loki or Prometheus answer that warned) are shown in text: each on one line, a handful per step.
// A warning is the server's text: a line break in it printed as is made a line of its own in the run log (one that could
// read as a record: "✓ forged step (1ms, 1 attempt)"), and 500 of them printed 500 lines under one step.
import { oneLine } from "../util/one-line.ts";

/** Most warnings of one step the console, the run log, the Markdown report and the Query detail show; the JSON report keeps them all. */
export const WARNINGS_SHOWN = 5;

/** The first WARNINGS_SHOWN warnings, line breaks shown as " ↵ ", and how many are left out. */
export function shownWarnings(warnings: readonly string[]): { lines: string[]; more: number } {
  return { lines: warnings.slice(0, WARNINGS_SHOWN).map(oneLine), more: Math.max(0, warnings.length - WARNINGS_SHOWN) };
}

/** The line that stands for the warnings left out. */
export function moreWarningsText(more: number): string {
  return `… and ${more} more ${more === 1 ? "warning" : "warnings"} (all in the JSON report: --report json)`;
}

/** Every line shown of a step's warnings: the first ones, each `prefix` + warning, then the count of the rest, if any. */
export function warningLines(warnings: readonly string[], prefix = ""): string[] {
  const { lines, more } = shownWarnings(warnings);
  const out = lines.map((w) => `${prefix}${w}`);
  if (more > 0) out.push(moreWarningsText(more));
  return out;
}

// Text shared by the reporters: values as a check shows them, status words and symbols.
import type { RunStatus, StepStatus } from "../engine/events.ts";
import type { Check } from "../expect/matcher.ts";
import type { StepResult } from "../core/step-result.ts";
import { clipAfter } from "../util/clip.ts";
import { showValue } from "../core/show-value.ts";
import { HIDDEN_CHARS } from "../util/hidden-chars.ts";
import { STOPPED_BEFORE_FINISHING } from "../core/abort-text.ts";

/**
 * Keeps the last `maxLines` lines and `maxChars` characters of a long output, saying what was left out: with what a cut
 * made earlier left out (clipBlockTail's first line: a shell step's output kept to its last 4 KiB), which the lines counted
 * here come after.
 */
export function tail(text: string, maxLines: number, maxChars: number): string {
  const earlier = /^… \((\d+) earlier characters left out\)\n/.exec(text);
  const whole = text;
  if (earlier) text = text.slice(earlier[0].length);
  let lines = text.split("\n");
  let dropped = 0;
  if (lines.length > maxLines) {
    dropped = lines.length - maxLines;
    lines = lines.slice(dropped);
  }
  let body = lines.join("\n");
  let droppedChars = 0;
  if (body.length > maxChars) {
    droppedChars = body.length - maxChars;
    body = body.slice(droppedChars);
  }
  if (dropped === 0 && droppedChars === 0) return whole;
  const what = dropped > 0 ? `${dropped} earlier lines` : `${droppedChars} earlier chars`;
  const before = earlier ? `, and the ${earlier[1]} characters before them,` : "";
  return `… (${what}${before} left out; the run log has everything)\n${body}`;
}

/**
 * A check's actual value as reports show it (a text value quoted, showValue), then its note, if any, plainly after ` — `
 * (a message, not a value); cut to `max` characters, "… (N more chars)" after the cut. N counts the characters of the
 * value and of the note left out, not the quotes and escapes showing a text added (`\"`, `\n`): a text full of quotes
 * said some more than it had. A structure is shown as JSON, and its left-out characters are the JSON's.
 */
export function actualText(check: Check, max: number): string {
  const shown = showValue(check.actual);
  if (check.found !== undefined && typeof check.actual === "string" && shown.length > max) {
    const where = foundLine(check.actual, check.found, max);
    if (where !== undefined) return check.note === undefined ? where : `${where} — ${check.note}`;
  }
  const text = check.note === undefined ? shown : `${shown} — ${check.note}`;
  if (text.length <= max) return text;
  const note = check.note ?? "";
  const left = max >= shown.length
    ? Math.min(note.length, text.length - max)
    : (typeof check.actual === "string" ? textLeftOut(check.actual, max) : shown.length - max) + note.length;
  // Only the closing quote (or the note's " — ") would be cut: nothing of the value is, and it is shown whole.
  return left === 0 ? text : `${text.slice(0, max)}… (${left} more chars)`;
}

/**
 * How many characters (UTF-16 units, as clipCounted counts) of `value` the first `kept` characters of its JSON (its
 * opening quote among them) leave out: a character whose escape the cut splits is left out.
 */
function textLeftOut(value: string, kept: number): number {
  let at = 1;
  let i = 0;
  while (i < value.length) {
    const code = value.codePointAt(i)!;
    const units = code > 0xffff ? 2 : 1;
    // JSON.stringify escapes each code point on its own: a pair of surrogates stays as it is, a lone one is \uXXXX.
    const plain = code >= 0x20 && code !== 0x22 && code !== 0x5c && (code < 0xd800 || code > 0xdfff);
    const width = plain ? units : JSON.stringify(value.slice(i, i + units)).length - 2;
    if (at + width > kept) break;
    at += width;
    i += units;
  }
  return value.length - i;
}

/**
 * A long text a `not_contains` or `not_matches` found something in, shown by the line it was found on (a metrics page's
 * offending line, not its first lines): that line quoted, cut to about `max` characters around the find, and where it is.
 * The text is the one reports get, secrets masked: the line and column were counted before, so they are a guide.
 */
function foundLine(text: string, found: { line: number; column: number }, max: number): string | undefined {
  let start = 0;
  for (let i = 1; i < found.line; i++) {
    start = text.indexOf("\n", start) + 1;
    // Fewer lines than when it was found: a masked secret held a newline. The text's start is shown then.
    if (start === 0) return undefined;
  }
  const end = text.indexOf("\n", start);
  const line = text.slice(start, end === -1 ? text.length : end);
  const lines = found.line + (end === -1 ? 0 : text.slice(end + 1).split("\n").length);
  // Some context before the find, the rest of the room after it.
  const from = Math.max(0, Math.min(found.column - 1 - Math.floor(max / 4), line.length - max));
  const quoted = JSON.stringify(line.slice(from, from + max));
  // Escapes can make the quoted piece longer: then it is cut inside its quotes, and that cut's "…" says so.
  const piece = quoted.length > max + 2 ? clipAfter(quoted, max + 2) : `${quoted}${from + max < line.length ? "…" : ""}`;
  return `${from > 0 ? "…" : ""}${piece} (line ${found.line} of ${lines}, where it was found${from > 0 ? `, from column ${from + 1}` : ""})`;
}

/** A check as one plain line, `path: expected X, actual Y`, its actual value (and note) cut to `maxActual` characters. */
export function checkLine(check: Check, maxActual: number): string {
  return `${check.path || "(value)"}: expected ${check.expected}, actual ${actualText(check, maxActual)}`;
}

/**
 * Why a step stopped by Ctrl-C or SIGTERM did not pass: the first line of its error (`interrupted`, `interrupted after
 * 211 of 2000 requests`; between attempts, the engine's `stopped by Ctrl-C or SIGTERM before it finished (between
 * attempts; …)`), or, with no error to give, that it was stopped.
 */
export function interruptCause(result: StepResult | undefined): string {
  return result?.error ? result.error.split("\n")[0]! : STOPPED_BEFORE_FINISHING;
}

/** Why a step failed, in one line: its error's first line, else its first failed check (and how many more), else the reason. */
export function failureCause(result: StepResult | undefined, reason: string | undefined, maxActual: number): string {
  if (result?.error) return result.error.split("\n")[0]!;
  const failed = result?.checks.filter((c) => !c.ok) ?? [];
  const [first] = failed;
  if (first) return `${checkLine(first, maxActual)}${failed.length > 1 ? ` (and ${failed.length - 1} more)` : ""}`;
  return reason ?? "failed";
}

/** Observed values as one line: `status=500 latency_ms=12`. */
export function observedText(observed: Record<string, unknown>): string {
  let text = "";
  let separator = "";
  for (const key of Object.keys(observed)) {
    text += `${separator}${key}=${showValue(observed[key])}`;
    separator = " ";
  }
  return text;
}

export const STEP_EMOJI: Record<StepStatus, string> = { passed: "✅", failed: "❌", skipped: "⏭️", interrupted: "⚠️" };
export const RUN_EMOJI: Record<RunStatus, string> = { passed: "✅", failed: "❌", interrupted: "⚠️" };

/**
 * Every character printableFully changes (control characters but tab and newline, C1 ones too: a terminal reads U+009B
 * as the start of an escape sequence as it reads ESC [; escape sequences start with \x1B; and the line and paragraph
 * separators U+2028 and U+2029, which editors such as VS Code show as line ends, where a record's text after one read as
 * a record of its own): most texts have none.
 */
const UNPRINTABLE_CHARS = String.raw`\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029`;
const UNPRINTABLE = new RegExp(`[${UNPRINTABLE_CHARS}]`);
/** The same characters, each replaced by printableFully. */
const UNPRINTABLE_EACH = new RegExp(UNPRINTABLE.source, "g");
/** The characters that reorder or hide text (util/hidden-chars.ts), which visible shows as \uXXXX too. */
const HIDDEN = new RegExp(`[${HIDDEN_CHARS}]`);
const HIDDEN_EACH = new RegExp(HIDDEN.source, "g");
/** The body of a class of every character visible changes, for the escapers whose quick checks hold these and their own (markdown-text.ts, xml.ts). */
export const INVISIBLE_CHARS = `${UNPRINTABLE_CHARS}${HIDDEN_CHARS}`;

/** Text without terminal colour codes, with line ends as \n and other control characters shown as \xNN (U+2028 and U+2029 as \u2028, \u2029). */
export function printable(text: string): string {
  return UNPRINTABLE.test(text) ? printableFully(text) : text;
}

/** What printable gives, always taking every pass over the text. */
export function printableFully(text: string): string {
  return text
    .replace(/\x1B\[[0-?]*[ -/]*[@-~]/g, "")
    .replace(/\r\n?/g, "\n")
    .replace(UNPRINTABLE_EACH, escapeChar);
}

/** A character as an escape: \xNN up to U+00FF, \uNNNN after it (`\x1B`, `\u2028`, `\u202E`). */
function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code > 0xff ? `\\u${code.toString(16).toUpperCase().padStart(4, "0")}` : `\\x${code.toString(16).toUpperCase().padStart(2, "0")}`;
}

/**
 * What printable gives, with the characters that reorder or hide text shown as \uXXXX too (`\u202E`, `\u200B`): the
 * text of the reports a reader takes a step's name or message from as shown (Markdown, HTML, JUnit, the GitHub
 * annotations), where `deploy \u202Eyrt\u202C` read "deploy try" and a zero-width space showed nothing.
 */
export function visible(text: string): string {
  const shown = printable(text);
  return HIDDEN.test(shown) ? shown.replace(HIDDEN_EACH, escapeChar) : shown;
}

/** How the reports label the values of an attempt or step that did not pass: read, never set for the steps after it. */
export const capturedNotKept = "read, not captured (it did not pass)";

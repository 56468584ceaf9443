// Matchers on a text that was cut (a body read up to its bound, a command's last 10 MiB of output): only a pass that the whole text would give too counts.
import { evaluateJsonValue, isPlainObject, type Check, type Matcher } from "./matcher.ts";

/** What of a cut text was kept: its beginning (a body read up to a bound) or its end (a command's last output). */
export type Kept = "head" | "tail";

/** A pattern whose match in a part of a text is a match in the whole: no anchor, word boundary or lookaround that the cut's edge could satisfy. */
const EDGE_FREE = (pattern: string) => !/[$^]|\\[bBAzZG]|\(\?<?[=!]/.test(pattern);

/**
 * Whether a pass of the matcher on a part of a text is a pass on the whole: `contains` (the part holds it, so the whole
 * does), `matches` with no anchor or boundary, `exists`, `type`, `length` at least. A literal (equality), `not_contains`,
 * `not_matches`, `ne`, an upper bound on the length or a `not` could pass on the part and fail on the whole.
 */
function passHoldsOnWhole(matcher: Matcher): boolean {
  if (!isPlainObject(matcher)) return false;
  return Object.entries(matcher).every(([op, v]) => {
    switch (op) {
      case "contains":
      case "exists":
      case "type":
        return true;
      case "matches":
        return typeof v === "string" && EDGE_FREE(v);
      case "length":
        return isPlainObject(v) && Object.keys(v).every((k) => k === "gt" || k === "gte");
      default:
        return false;
    }
  });
}

/**
 * Evaluates a matcher on a text that may have been cut (`kept` says which part is left; undefined: the text is whole).
 * On a cut text, a check that passed but could fail on the whole fails, saying why: `body: {not_contains: TAIL}` passed
 * on the first 10 MiB of a body whose end held TAIL. A failure stays a failure (the part is reason enough, or the note says
 * the rest was not read).
 */
export function evaluateKept(matcher: Matcher, text: string, path: string, kept: Kept | undefined, cutNote: string): Check[] {
  // A text of digits beyond 2^53 compared with a number is no exact number: `stdout: 9007199254740993` passed on …992.
  const evaluated = evaluateJsonValue(matcher, text, path);
  if (kept === undefined) return evaluated;
  // The text shown has a "…" where it was cut, as every cut a report makes has (lib/util/clip.ts): the cut may go
  // through a secret, whose part beside it the masker finds by that mark (lib/vars/mask.ts); without it, the end of a
  // secret the last 10 Mi characters of an output began with, or the beginning of one a 10 MiB body ended with, showed.
  const checks = evaluated.map((c) => (c.actual !== text ? c : markCut(c, kept)));
  // A failure that the whole could turn into a pass (`contains: ERROR` where ERROR came before the last 10 MiB) says
  // the text was cut: it read as though the whole output lacked it. One of not_contains or not_matches stands.
  const failureStands = isPlainObject(matcher) && Object.keys(matcher).every((op) => op === "not_contains" || op === "not_matches");
  // The note goes first: reports shorten a long actual value from its end, and it was never seen after one.
  const noted = (c: Check): Check => (c.ok || failureStands ? c : { ...c, actual: `(${cutNote}: on the whole it may hold) ${c.actual}` });
  if (passHoldsOnWhole(matcher)) return checks.map(noted);
  return checks.map((c) => (c.ok ? { ...c, ok: false, actual: `not known: ${cutNote}` } : noted(c)));
}

/** A check whose actual value is the cut text, shown with a "…" on the side it was cut (its `found` column counting it). */
function markCut(c: Check, kept: Kept): Check {
  const text = c.actual as string;
  if (kept === "head") return { ...c, actual: `${text}…` };
  const found = c.found?.line === 1 ? { found: { line: 1, column: c.found.column + 1 } } : {};
  return { ...c, actual: `…${text}`, ...found };
}

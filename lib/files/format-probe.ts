// What every format check reports: the first bad spot in a file (line, reason, text) and how many spots were bad.
import { QUOTE_LIMIT } from "./text.ts";
import { clipAfter } from "../util/clip.ts";

export interface Problem {
  /** 1-based line; absent when the problem concerns the whole file. */
  lineNo?: number;
  message: string;
  /** What was there (quoted, truncated). */
  text?: string;
  /** Credentials the quote shows as `***` (a CSV row's cells under a column named for one), to be masked wherever they show. */
  secrets?: string[];
}

/** Collects problems, keeping the first and counting the rest. */
export class ProblemLog {
  first: Problem | undefined;
  count = 0;
  /** Records (lines, rows, items) checked against required_fields: none in any file means the fields checked nothing. */
  records = 0;

  add(problem: Problem): void {
    this.count++;
    this.first ??= problem;
  }

  /** "app.jsonl:118: not valid JSON: {…} (and 3 more bad lines)" for a file shown as `rel`. */
  render(rel: string, unit = "bad line"): string | undefined {
    const p = this.first;
    if (!p) return undefined;
    const where = p.lineNo === undefined ? rel : `${rel}:${p.lineNo}`;
    const text = p.text === undefined ? "" : `: ${clipAfter(p.text, QUOTE_LIMIT)}`;
    const n = this.count - 1;
    const more = n > 0 ? ` (and ${n} more ${unit}${n === 1 ? "" : "s"} in this file)` : "";
    return `${where}: ${p.message}${text}${more}`;
  }
}

/** Calls fn with each line of a text made of whole lines (a CR before the newline is dropped). */
export function eachLine(text: string, fn: (line: string) => void): void {
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    fn(text.charCodeAt(end - 1) === 13 && end > pos ? text.slice(pos, end - 1) : text.slice(pos, end));
    pos = end + 1;
  }
}

/** What a format check says of a line longer than the feeder keeps whole (it came in pieces): it fails, unparsed. */
export const LONG_LINE_PROBLEM = "longer than 32 MiB: not parsed";

/**
 * Skips the pieces of a line that comes in pieces (see TextProbe), calling `onLong` once with its first piece; returns
 * the text after the line (whole lines), or undefined when nothing of the text is left.
 */
export class LongLineSkipper {
  private inLong = false;

  take(text: string, partial: boolean, onLong: (firstPiece: string) => void): string | undefined {
    if (!partial && !this.inLong) return text;
    if (!this.inLong) {
      this.inLong = true;
      onLong(text);
    }
    if (partial) return undefined;
    this.inLong = false;
    const nl = text.indexOf("\n");
    return nl < 0 || nl + 1 === text.length ? undefined : text.slice(nl + 1);
  }
}

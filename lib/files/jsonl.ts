// format: jsonl — every non-blank line must be valid JSON (an object with the required fields, when some are named).
import { isUtf8 } from "node:buffer";
import { isPlainObject } from "../expect/matcher.ts";
import { fieldProblem, type FieldRule } from "./fields.ts";
import { eachLine, LONG_LINE_PROBLEM, LongLineSkipper, ProblemLog } from "./format-probe.ts";
import type { TextProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

/** A line or text of JSON's whitespace only (RFC 8259: space, tab, CR, LF), or of nothing. */
export const JSON_BLANK = /^[ \t\r\n]*$/;

/**
 * Why a line that JSON.parse refused fails, when what is wrong cannot be seen in its quote: it starts with a BOM, it
 * is whitespace that JSON does not count as such (U+00A0, a form feed), or it holds a bare NaN or Infinity (NAN_HINT).
 * "" otherwise.
 */
export function whyNotJson(line: string): string {
  const start = line.replace(/^[ \t\r\n]+/, "");
  if (start.charCodeAt(0) === 0xfeff) return " (it starts with a BOM, U+FEFF, which only the file's start may have)";
  const odd = oddWhitespace(line);
  if (odd !== undefined) return ` (a line of ${odd}: JSON whitespace is only space, tab, CR and LF)`;
  return holdsBareNonFinite(line) ? ` (${NAN_HINT})` : "";
}

/**
 * Said of text that JSON.parse refused and that holds NaN, Infinity or -Infinity as a value: strict JSON has no such
 * number, but Python's json.dumps writes them (`{"loss": NaN}`) and json.loads reads them back, so the writer's own
 * round trip never showed the line is no JSON.
 */
export const NAN_HINT = "NaN and Infinity are not JSON; Python's json.dumps writes them unless allow_nan=False";

/** A token NaN, Infinity or -Infinity outside strings, not part of a longer word. */
const NON_FINITE = /-?(?:NaN|Infinity)(?![\w$])/y;

/** Whether text holds NaN, Infinity or -Infinity outside its strings, as a token of its own (`NaN`, not `NaNx`). */
export function holdsBareNonFinite(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: to its closing quote, escapes skipped.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      continue;
    }
    if (c !== 0x4e && c !== 0x49 && c !== 0x2d) continue; // N, I, -
    if (i > 0 && /[\w$]/.test(text[i - 1]!)) continue;
    NON_FINITE.lastIndex = i;
    if (NON_FINITE.test(text)) return true;
  }
  return false;
}

/** For a text of whitespace only, some of it no JSON whitespace: those characters ("U+00A0, U+000C"); else undefined. */
export function oddWhitespace(text: string): string | undefined {
  if (!/^\s+$/.test(text) || JSON_BLANK.test(text)) return undefined;
  return [...new Set(text.replace(/[ \t\r\n]/g, ""))].map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`).join(", ");
}

export class JsonlProbe implements TextProbe {
  readonly problems = new ProblemLog();
  readonly done = false;
  private lineNo = 0;

  constructor(private readonly rules: readonly FieldRule[]) {}

  private readonly long = new LongLineSkipper();

  /** The bytes of the block being checked when they are not valid UTF-8 (then a line holding U+FFFD is looked for in them). */
  private badBlock: Buffer | undefined;

  onText(whole: string, _offset?: number, partial = false, raw?: Buffer): void {
    const text = this.long.take(whole, partial, (piece) => this.problems.add({ lineNo: ++this.lineNo, message: LONG_LINE_PROBLEM, text: piece.slice(0, QUOTE_LIMIT * 4) }));
    if (text === undefined) return;
    // Decoding turned bytes that are no UTF-8 into U+FFFD, and JSON.parse took the line: JSON is UTF-8 (RFC 8259), and
    // Python's json.loads of the bytes fails on such a line.
    this.badBlock = raw !== undefined && text === whole && whole.includes("\uFFFD") && !isUtf8(raw) ? raw : undefined;
    eachLine(text, (line) => {
      this.lineNo++;
      this.checkLine(line);
    });
    this.badBlock = undefined;
  }

  private checkLine(line: string): void {
    // A UTF-8 BOM at the file's start is the encoding's mark, as json.loads of the bytes and jq take it.
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    // Blank: nothing but JSON's whitespace (RFC 8259: space, tab, CR; LF ends the line). A line of U+00A0 is no JSON.
    if (JSON_BLANK.test(line)) return;
    // The line's own UTF-8 is among the block's bytes only when it was decoded from exactly those (a U+FFFD written as such).
    if (this.badBlock !== undefined && line.includes("\uFFFD") && this.badBlock.indexOf(Buffer.from(line)) < 0) {
      this.problems.add({ lineNo: this.lineNo, message: "not valid UTF-8 (JSON text is UTF-8)", text: line });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.problems.add({ lineNo: this.lineNo, message: `not valid JSON${whyNotJson(line)}`, text: line });
      return;
    }
    if (this.rules.length === 0) return;
    this.problems.records++;
    if (!isPlainObject(value)) {
      this.problems.add({ lineNo: this.lineNo, message: "not a JSON object", text: line });
      return;
    }
    const problem = fieldProblem(value, this.rules);
    if (problem) this.problems.add({ lineNo: this.lineNo, message: problem, text: line });
  }
}

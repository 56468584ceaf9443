// format: csv — a header row with the named columns, then rows with as many fields as the header (RFC 4180 quoting).
import { isUtf8 } from "node:buffer";
import { fieldProblem, holdsWhenMissing, type FieldRule } from "./fields.ts";
import { LONG_LINE_PROBLEM, LongLineSkipper, ProblemLog } from "./format-probe.ts";
import type { TextProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";
import { emptyTable } from "../util/own.ts";
import { isCredentialName, learnableCredential } from "../util/credential-fields.ts";

/**
 * Calls fn with each line of a text made of whole LF-ended lines and the line's end: LF, CRLF, a lone CR, or "" for a
 * last line without one. A lone CR ends a line, as it ends a row for Python's csv module (a file opened with
 * newline="", as its docs ask) and for RFC 4180 readers that take any line break: a classic Mac file has its rows.
 */
export function eachCsvLine(text: string, fn: (line: string, eol: string) => void): void {
  let pos = 0;
  // The next CR at or after pos (-1: none left): looked for once per CR, not once per line, so a text without any stays linear.
  let cr = text.indexOf("\r");
  while (pos < text.length) {
    const lf = text.indexOf("\n", pos);
    const end = lf < 0 ? text.length : lf;
    // Text comes in whole LF-ended lines, so a CRLF is never cut between two texts.
    const crlf = lf >= 0 && end > pos && text.charCodeAt(end - 1) === 13;
    const lineEnd = crlf ? end - 1 : end;
    let from = pos;
    while (cr >= 0 && cr < lineEnd) {
      fn(text.slice(from, cr), "\r");
      from = cr + 1;
      cr = text.indexOf("\r", from);
    }
    if (cr >= 0 && cr <= end) cr = text.indexOf("\r", end + 1);
    const eol = crlf ? "\r\n" : lf >= 0 ? "\n" : "";
    // What follows the last lone CR of the text, when nothing does, is no line.
    if (from < lineEnd || eol !== "") fn(text.slice(from, lineEnd), eol);
    pos = end + 1;
  }
}

/**
 * Where the first byte of `bytes` that is no UTF-8 lies (the byte a UTF-8 decoder stops at, as Python's
 * UnicodeDecodeError's position says), found by walking `text`, what they decode to: every character before it came
 * from its own UTF-8, and a U+FFFD from bytes other than EF BF BD is where they stop being UTF-8. -1 when none is.
 */
export function firstNotUtf8(bytes: Uint8Array, text: string): number {
  let at = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    if (code === 0xfffd && !(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) return at;
    at += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return -1;
}

/** A column name quoted, with whitespace one cannot see told apart (`"\u00a0level"`, `"\ufeffts"`). */
function quoteName(name: string): string {
  return JSON.stringify(name).replace(/[\u0085\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What a quote shows for a cell of a credential's column. */
const MASK = "***";

/**
 * The text of a CSV record (or of part of one, from inside field `field`, in its quotes when `inQuotes`) with the cells
 * `hide` names shown as `***` (in their quotes, when quoted), read as CsvProbe.parse reads a record. An empty cell stays.
 */
export function maskCells(text: string, hide: (index: number, fields: number) => boolean, from: { field: number; inQuotes: boolean } = { field: 0, inQuotes: false }): string {
  // Each cell's span in the text: it starts at the text's start or after a `,` outside quotes.
  const spans: [start: number, end: number][] = [];
  let inQuotes = from.inQuotes;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c !== '"') continue;
      if (text[i + 1] === '"') i++;
      else inQuotes = false;
    } else if (c === ",") {
      spans.push([start, i]);
      start = i + 1;
    } else if (c === '"' && i === start) inQuotes = true;
  }
  spans.push([start, text.length]);
  const fields = from.field + spans.length;
  let out = "";
  let at = 0;
  spans.forEach(([s, e], k) => {
    if (s === e || !hide(from.field + k, fields)) return;
    // The text may start inside a cell's quotes: then its first cell has no opening quote, and may have a closing one.
    const continued = k === 0 && from.inQuotes;
    const quoted = !continued && text[s] === '"';
    const closed = (continued || (quoted && e - s > 1)) && text[e - 1] === '"';
    out += text.slice(at, s) + (quoted ? '"' : "") + MASK + (closed ? '"' : "");
    at = e;
  });
  return out + text.slice(at);
}

export class CsvProbe implements TextProbe {
  readonly problems = new ProblemLog();
  header: string[] | undefined;
  readonly done = false;
  private lineNo = 0;
  private inQuotes = false;
  private quoted = false;
  private field = "";
  private record: string[] = [];
  private recordLine = 0;
  private recordText = "";
  /** Field rules whose column the header has (a missing column is reported once, on the header). */
  private active: readonly FieldRule[] = [];
  /** The current record holds a line that is no UTF-8: failed on that line already, it is not checked further. */
  private recordNotUtf8 = false;
  /** The header's columns named for a credential (`password`, `api_token`: isCredentialName), by index: their cells are masked in every quote of a row. */
  private credentials: number[] = [];

  constructor(private readonly columns: readonly string[], private readonly rules: readonly FieldRule[]) {}

  private readonly long = new LongLineSkipper();

  onText(whole: string, offset = 0, partial = false, raw?: Buffer): void {
    const text = this.long.take(whole, partial, (piece) => {
      // The long line is one problem; a record it was part of is dropped, and parsing starts afresh after it.
      this.problems.add({ lineNo: ++this.lineNo, message: LONG_LINE_PROBLEM, text: this.masked(piece.slice(0, QUOTE_LIMIT * 4), this.rowState()) });
      this.inQuotes = false;
      this.quoted = false;
      this.field = "";
      this.record = [];
      this.recordNotUtf8 = false;
    });
    if (text === undefined) return;
    // Decoding turned bytes that are no UTF-8 into U+FFFD, which the rules then took ('^caf.$' passed on a Latin-1
    // `café`): Python's csv module reads a file open()ed as UTF-8 text, and fails such bytes (UnicodeDecodeError). The
    // text after a long line is what follows the first LF of the bytes (a LF is never part of a character).
    let bytes = raw !== undefined && text.includes("\uFFFD") ? (text === whole ? raw : raw.subarray(raw.indexOf(10) + 1)) : undefined;
    if (bytes !== undefined && isUtf8(bytes)) bytes = undefined;
    const base = offset + (raw?.length ?? 0) - (bytes?.length ?? 0);
    // Where the next line's bytes start: a line holding no U+FFFD has the bytes of its text, and a line end (CR, LF) is
    // one byte in the text and in the bytes.
    let at = 0;
    eachCsvLine(text, (line, eol) => {
      this.lineNo++;
      let bad: number | undefined;
      if (bytes !== undefined) {
        const start = at;
        if (line.includes("\uFFFD")) {
          while (at < bytes.length && bytes[at] !== 10 && bytes[at] !== 13) at++;
          const found = firstNotUtf8(bytes.subarray(start, at), line);
          if (found >= 0) bad = start + found;
        } else at += Buffer.byteLength(line);
        at += eol.length;
      }
      this.onLine(line, eol, bad === undefined ? undefined : { byte: bytes![bad]!, at: base + bad });
    });
  }

  /** `notUtf8`: the line's first byte that is no UTF-8, and where it lies in the file. */
  private onLine(line: string, eol: string, notUtf8?: { byte: number; at: number }): void {
    if (!this.inQuotes) this.recordNotUtf8 = false;
    if (notUtf8 !== undefined) {
      this.recordNotUtf8 = true;
      const hex = `0x${notUtf8.byte.toString(16).padStart(2, "0")}`;
      this.problems.add({ lineNo: this.lineNo, message: `not valid UTF-8 (${hex} at byte ${notUtf8.at}; a CSV file is read as UTF-8, as Python's open() reads it)`, text: this.masked(line, this.rowState()) });
    }
    if (this.inQuotes) {
      if (this.recordText.length < QUOTE_LIMIT) this.recordText += `\n${line}`;
      this.parse(line, eol);
      return;
    }
    // A UTF-8 BOM at the file's start is the encoding's mark (Python's utf-8-sig), not part of the first name.
    if (this.lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    // Blank is empty, as Python's csv module reads it (a [] row, which DictReader skips): a line of spaces, or of any
    // other whitespace, is a row of one field.
    if (line === "") return;
    this.recordLine = this.lineNo;
    this.recordText = line;
    if (!line.includes('"')) {
      this.finish(line.split(","));
      return;
    }
    this.parse(line, eol);
  }

  /**
   * Continues the current record with one line; finishes it unless a quoted field is still open, which then holds the
   * line's end as written (`eol`: LF, CRLF or a lone CR).
   */
  private parse(line: string, eol: string): void {
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (this.inQuotes) {
        if (c !== '"') this.field += c;
        else if (line[i + 1] === '"') {
          this.field += '"';
          i++;
        } else this.inQuotes = false;
      } else if (c === ",") {
        this.record.push(this.field);
        this.field = "";
        this.quoted = false;
      } else if (c === '"' && this.field === "" && !this.quoted) {
        this.inQuotes = true;
        this.quoted = true;
      } else this.field += c;
    }
    if (this.inQuotes) {
      this.field += eol;
      return;
    }
    this.record.push(this.field);
    const record = this.record;
    this.record = [];
    this.field = "";
    this.quoted = false;
    this.finish(record);
  }

  private finish(record: string[]): void {
    // A record holding bytes that are no UTF-8 failed on them: a header's names are still the columns rows are read by.
    if (this.recordNotUtf8) {
      if (this.header) {
        if (this.rules.length > 0) this.problems.records++;
      } else this.setHeader(record);
      return;
    }
    if (!this.header) {
      // Names as written, spaces included, as csv.DictReader keys them: `ts, level` has the column " level".
      this.setHeader(record);
      const missing = [...this.columns, ...this.rules.filter((r) => !holdsWhenMissing(r)).map((r) => r.name)].filter((c, i, all) => !record.includes(c) && all.indexOf(c) === i);
      if (missing.length) {
        const names = missing.map(quoteName).join(", ");
        // A name the header has only with other whitespace around it is the likely slip: say which.
        const near = record.filter((h) => missing.some((m) => h !== m && h.trim() === m.trim()));
        const hint = near.length ? ` (the header has ${near.map(quoteName).join(", ")}: names are taken as written, whitespace included)` : "";
        this.problems.add({ lineNo: this.recordLine, message: `header lacks column${missing.length > 1 ? "s" : ""} ${names}${hint}`, text: this.recordText });
      }
      return;
    }
    if (record.length !== this.header.length) {
      this.problems.add({ lineNo: this.recordLine, message: `${record.length} fields, the header has ${this.header.length}`, text: this.masked(this.recordText, undefined, record.length) });
      return;
    }
    if (this.rules.length > 0) this.problems.records++;
    if (this.active.length === 0) return;
    const row = emptyTable<unknown>();
    this.header.forEach((name, i) => (row[name] = record[i]));
    const problem = fieldProblem(row, this.active, (v) => v === undefined || v === "", this.credentials.length ? isCredentialName : undefined);
    if (!problem) return;
    // The cells masked in the quote are credentials wherever they show: the run's masker learns those long and
    // credential-like enough to mask everywhere (learnableCredential: a `token` column's "internationalization" is a
    // word, masked in the quote alone), as a JSON member's value so named is learned from the line itself.
    const secrets = this.credentials.map((i) => record[i]!).filter(learnableCredential);
    this.problems.add({ lineNo: this.recordLine, message: problem, text: this.masked(this.recordText, undefined, record.length), ...(secrets.length ? { secrets } : {}) });
  }

  /** Takes a record as the header: its names, the rules whose column it has, the columns named for a credential. */
  private setHeader(record: string[]): void {
    this.header = record;
    this.active = this.rules.filter((r) => record.includes(r.name));
    this.credentials = [];
    record.forEach((name, i) => {
      if (isCredentialName(name)) this.credentials.push(i);
    });
  }

  /** Where a line that is not parsed yet stands in the record: inside the current field's quotes, or at a record's start. */
  private rowState(): { field: number; inQuotes: boolean } {
    return this.inQuotes ? { field: this.record.length, inQuotes: true } : { field: 0, inQuotes: false };
  }

  /**
   * A data row's text as a problem quotes it, the cells of the credential columns masked (maskCells). A row of `fields`
   * fields (as the text shows them, when not given) other than the header's: a `,` too many or too few may stand before
   * such a cell or inside it, so the cells it may have been shifted to are masked too (a field too many moves a value
   * right, one too few left).
   */
  private masked(text: string, from?: { field: number; inQuotes: boolean }, fields?: number): string {
    if (this.credentials.length === 0 || !this.header) return text;
    const width = this.header.length;
    return maskCells(text, (index, shown) => {
      const n = fields ?? shown;
      const extra = Math.max(0, n - width);
      const fewer = Math.max(0, width - n);
      return this.credentials.some((c) => index >= c - fewer && index <= c + extra);
    }, from);
  }

  onEnd(): void {
    if (this.inQuotes) this.problems.add({ lineNo: this.recordLine, message: "unterminated quoted field", text: this.masked(this.recordText) });
    if (!this.header) this.problems.add({ message: "empty file: no header row" });
  }
}

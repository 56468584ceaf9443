// format: csv — a header row with the named columns, then rows with as many fields as the header (RFC 4180 quoting).
import { fieldProblem, type FieldRule } from "./fields.ts";
import { eachLine, LONG_LINE_PROBLEM, LongLineSkipper, ProblemLog } from "./format-probe.ts";
import type { TextProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

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

  constructor(private readonly columns: readonly string[], private readonly rules: readonly FieldRule[]) {}

  private readonly long = new LongLineSkipper();

  onText(whole: string, _offset?: number, partial = false): void {
    const text = this.long.take(whole, partial, (piece) => {
      // The long line is one problem; a record it was part of is dropped, and parsing starts afresh after it.
      this.problems.add({ lineNo: ++this.lineNo, message: LONG_LINE_PROBLEM, text: piece.slice(0, QUOTE_LIMIT * 4) });
      this.inQuotes = false;
      this.quoted = false;
      this.field = "";
      this.record = [];
    });
    if (text === undefined) return;
    eachLine(text, (line) => {
      this.lineNo++;
      this.onLine(line);
    });
  }

  private onLine(line: string): void {
    if (this.inQuotes) {
      this.field += "\n";
      if (this.recordText.length < QUOTE_LIMIT) this.recordText += `\n${line}`;
      this.parse(line);
      return;
    }
    if (line.trim() === "") return;
    this.recordLine = this.lineNo;
    this.recordText = line;
    if (!line.includes('"')) {
      this.finish(line.split(","));
      return;
    }
    this.parse(line);
  }

  /** Continues the current record with one physical line; finishes it unless a quoted field is still open. */
  private parse(line: string): void {
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
    if (this.inQuotes) return;
    this.record.push(this.field);
    const record = this.record;
    this.record = [];
    this.field = "";
    this.quoted = false;
    this.finish(record);
  }

  private finish(record: string[]): void {
    if (!this.header) {
      this.header = record.map((name, i) => (i === 0 ? name.replace(/^\uFEFF/, "") : name).trim());
      const missing = [...this.columns, ...this.rules.map((r) => r.name)].filter((c, i, all) => !this.header!.includes(c) && all.indexOf(c) === i);
      if (missing.length) {
        const names = missing.map((m) => JSON.stringify(m)).join(", ");
        // A file whose rows end with a lone CR (classic Mac) reads as one row: said, rather than only the columns missing.
        const loneCr = /\r(?!\n)/.test(this.recordText) ? " (its rows end with a lone CR, which ends no row here: write LF or CRLF line ends)" : "";
        this.problems.add({ lineNo: this.recordLine, message: `header lacks column${missing.length > 1 ? "s" : ""} ${names}${loneCr}`, text: this.recordText });
      }
      this.active = this.rules.filter((r) => this.header!.includes(r.name));
      return;
    }
    if (record.length !== this.header.length) {
      this.problems.add({ lineNo: this.recordLine, message: `${record.length} fields, the header has ${this.header.length}`, text: this.recordText });
      return;
    }
    if (this.rules.length > 0) this.problems.records++;
    if (this.active.length === 0) return;
    const row: Record<string, unknown> = {};
    this.header.forEach((name, i) => (row[name] = record[i]));
    const problem = fieldProblem(row, this.active, (v) => v === undefined || v === "");
    if (problem) this.problems.add({ lineNo: this.recordLine, message: problem, text: this.recordText });
  }

  onEnd(): void {
    if (this.inQuotes) this.problems.add({ lineNo: this.recordLine, message: "unterminated quoted field", text: this.recordText });
    if (!this.header) this.problems.add({ message: "empty file: no header row" });
  }
}

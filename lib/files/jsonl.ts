// format: jsonl — every non-blank line must be valid JSON (an object with the required fields, when some are named).
import { isUtf8 } from "node:buffer";
import { isPlainObject } from "../expect/matcher.ts";
import { fieldProblem, type FieldRule } from "./fields.ts";
import { eachLine, LONG_LINE_PROBLEM, LongLineSkipper, ProblemLog } from "./format-probe.ts";
import type { TextProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

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
    if (line.trim() === "") return;
    // The line's own UTF-8 is among the block's bytes only when it was decoded from exactly those (a U+FFFD written as such).
    if (this.badBlock !== undefined && line.includes("\uFFFD") && this.badBlock.indexOf(Buffer.from(line)) < 0) {
      this.problems.add({ lineNo: this.lineNo, message: "not valid UTF-8 (JSON text is UTF-8)", text: line });
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      this.problems.add({ lineNo: this.lineNo, message: "not valid JSON", text: line });
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

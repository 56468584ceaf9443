// format: jsonl — every non-blank line must be valid JSON (an object with the required fields, when some are named).
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

  onText(whole: string, _offset?: number, partial = false): void {
    const text = this.long.take(whole, partial, (piece) => this.problems.add({ lineNo: ++this.lineNo, message: LONG_LINE_PROBLEM, text: piece.slice(0, QUOTE_LIMIT * 4) }));
    if (text === undefined) return;
    eachLine(text, (line) => {
      this.lineNo++;
      this.checkLine(line);
    });
  }

  private checkLine(line: string): void {
    if (line.trim() === "") return;
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

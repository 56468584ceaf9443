// format: jsonl — every non-blank line must be valid JSON (an object with the required fields, when some are named).
import { isPlainObject } from "../expect/matcher.ts";
import { fieldProblem, type FieldRule } from "./fields.ts";
import { eachLine, ProblemLog } from "./format-probe.ts";
import type { TextProbe } from "./scan.ts";

export class JsonlProbe implements TextProbe {
  readonly problems = new ProblemLog();
  readonly done = false;
  private lineNo = 0;

  constructor(private readonly rules: readonly FieldRule[]) {}

  onText(text: string): void {
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
    if (!isPlainObject(value)) {
      this.problems.add({ lineNo: this.lineNo, message: "not a JSON object", text: line });
      return;
    }
    const problem = fieldProblem(value, this.rules);
    if (problem) this.problems.add({ lineNo: this.lineNo, message: problem, text: line });
  }
}

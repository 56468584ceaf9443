// format: json — the whole file is one JSON document (parsed whole, so capped); required fields on it or its items.
import { isUtf8 } from "node:buffer";
import { isPlainObject } from "../expect/matcher.ts";
import { fieldProblem, type FieldRule } from "./fields.ts";
import { ProblemLog } from "./format-probe.ts";
import { holdsBareNonFinite, JSON_BLANK, NAN_HINT, oddWhitespace } from "./jsonl.ts";
import type { ByteProbe } from "./scan.ts";
import { formatSize } from "../core/units/size.ts";

/** A JSON document is parsed in one piece; past this size the check fails instead of using unbounded memory. */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

export class JsonDocProbe implements ByteProbe {
  readonly problems = new ProblemLog();
  private parts: Buffer[] = [];
  private size = 0;
  private tooBig = false;

  constructor(private readonly rules: readonly FieldRule[]) {}

  get done(): boolean {
    return this.tooBig;
  }

  onBytes(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > MAX_JSON_BYTES) {
      this.tooBig = true;
      this.parts = [];
      this.problems.add({ message: `larger than ${formatSize(MAX_JSON_BYTES)}: a json file is parsed whole; write big logs as jsonl` });
      return;
    }
    this.parts.push(Buffer.from(chunk));
  }

  onEnd(): void {
    if (this.tooBig) return;
    const whole = Buffer.concat(this.parts);
    // A UTF-8 BOM at the file's start is the encoding's mark, as json.loads of the bytes and jq take it.
    const bytes = whole[0] === 0xef && whole[1] === 0xbb && whole[2] === 0xbf ? whole.subarray(3) : whole;
    const text = bytes.toString("utf8");
    this.parts = [];
    // Decoding turns bytes that are no UTF-8 into U+FFFD, which JSON.parse then takes: JSON is UTF-8 (RFC 8259).
    if (text.includes("\uFFFD") && !isUtf8(bytes)) {
      this.problems.add({ message: "not valid UTF-8 (JSON text is UTF-8)" });
      return;
    }
    if (JSON_BLANK.test(text)) {
      this.problems.add({ message: "empty file: not a JSON document" });
      return;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      const start = text.replace(/^[ \t\r\n]+/, "");
      const odd = oddWhitespace(text);
      const why =
        start.charCodeAt(0) === 0xfeff ? "a BOM, U+FEFF, after the file's start: only the start may have one"
        : odd !== undefined ? `whitespace only, of ${odd}: JSON whitespace is only space, tab, CR and LF`
        : holdsBareNonFinite(text) ? NAN_HINT
        : (e as Error).message;
      this.problems.add({ message: `not valid JSON (${why})`, text: start });
      return;
    }
    if (this.rules.length === 0) return;
    const items = Array.isArray(doc) ? doc : [doc];
    this.problems.records += items.length;
    items.forEach((item, i) => {
      const where = Array.isArray(doc) ? `item [${i}]` : "the document";
      if (!isPlainObject(item)) this.problems.add({ message: `${where} is not a JSON object`, text: JSON.stringify(item) });
      else {
        const problem = fieldProblem(item, this.rules);
        if (problem) this.problems.add({ message: `${where}: ${problem}`, text: JSON.stringify(item) });
      }
    });
  }
}

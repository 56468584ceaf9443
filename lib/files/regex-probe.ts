// Counts lines matching a regex: one global search over each block of lines, verifying only the lines it lands on.
import { compileRegex } from "../expect/regex.ts";
import { type Hit, SAMPLE_LIMIT } from "./byte-probes.ts";
import type { TextProbe } from "./scan.ts";
import { QUOTE_LIMIT } from "./text.ts";

/** Counts every matching line (not_contains shares the probe and reports how many more lines matched, so it never stops early). */
export class RegexProbe implements TextProbe {
  count = 0;
  samples: Hit[] = [];
  readonly done = false;
  private readonly search: RegExp;
  private readonly line: RegExp;

  constructor(readonly source: string) {
    this.search = compileRegex(source, "gm");
    this.line = compileRegex(source, "m");
  }

  onText(text: string, offset: number): void {
    const re = this.search;
    let pos = 0;
    while (pos < text.length) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (!m) return;
      const start = m.index > 0 ? text.lastIndexOf("\n", m.index - 1) + 1 : 0;
      let end = text.indexOf("\n", m.index);
      if (end < 0) end = text.length;
      // A match running past the end of its line (e.g. through \s) counts only if the line matches on its own.
      const inLine = m.index + m[0].length <= end || this.line.test(lineOf(text, start, end));
      if (inLine) {
        this.count++;
        if (this.samples.length < SAMPLE_LIMIT) {
          this.samples.push({ offset: offset + Buffer.byteLength(text.slice(0, start)), text: lineOf(text, start, Math.min(end, start + QUOTE_LIMIT * 4)) });
        }
      }
      pos = end + 1;
    }
  }
}

function lineOf(text: string, start: number, end: number): string {
  return end > start && text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
}

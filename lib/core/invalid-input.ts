// Load errors with file:line:col and the offending line quoted, collected so every error is shown at once.
import { clipCounted } from "../util/clip.ts";
import { maskedSourceLine } from "../util/url-text.ts";

export interface SourcePos {
  line: number;
  col: number;
}

export interface LoadIssue {
  file: string;
  pos?: SourcePos;
  message: string;
}

/** Thrown by the loader and the CLI for invalid input: the CLI prints it and exits 2. */
export class InvalidInput extends Error {
  readonly issues: LoadIssue[];

  constructor(issues: LoadIssue[], readonly sources: Map<string, string> = new Map()) {
    // The same message at the same place once: text an alias repeats (`url: ${LOKI_URL}` under an anchor two steps use)
    // is one problem to fix, written once.
    const where = (i: LoadIssue) => `${i.file}${i.pos ? `:${i.pos.line}:${i.pos.col}` : ""}`;
    const seen = new Set<string>();
    const once = issues.filter((i) => !seen.has(`${where(i)}\0${i.message}`) && !!seen.add(`${where(i)}\0${i.message}`));
    super(once.map((i) => `${where(i)}: ${i.message}`).join("\n"));
    this.issues = once;
  }

  /** Renders every issue (up to MAX_SHOWN) with the source line and a caret under the column. */
  format(): string {
    const out: string[] = [];
    const lines = new Map<string, string[]>();
    const linesOf = (file: string) => {
      if (!lines.has(file)) lines.set(file, this.sources.get(file)?.split(/\r?\n/) ?? []);
      return lines.get(file)!;
    };
    for (const issue of this.issues.slice(0, MAX_SHOWN)) {
      const where = issue.pos ? `${issue.file}:${issue.pos.line}:${issue.pos.col}` : issue.file;
      out.push(`${where}: ${clipCounted(issue.message, MESSAGE_LIMIT)}`);
      const text = issue.pos ? linesOf(issue.file)[issue.pos.line - 1] : undefined;
      if (issue.pos && text !== undefined) {
        const masked = maskedSourceLine(text, issue.pos.col - 1);
        const { shown, caret } = around(masked.text, masked.col);
        const gutter = String(issue.pos.line);
        out.push(`  ${gutter} | ${shown}`);
        out.push(`  ${" ".repeat(gutter.length)} | ${" ".repeat(caret)}^`);
      }
    }
    const n = this.issues.length;
    if (n > MAX_SHOWN) out.push(`…and ${n - MAX_SHOWN} more`);
    out.push(`${n} error${n === 1 ? "" : "s"}: nothing was run.`);
    return out.join("\n");
  }
}

/** Issues printed before "…and N more" (a broken file can yield thousands). */
const MAX_SHOWN = 50;
/**
 * Longest message printed (a message may quote a value from the file). Room for a preflight's list of what it tried:
 * "no compose engine answered" names each engine with why and how to start it (some 1,500 characters with three), and at
 * 500 it lost the engines after the first.
 */
export const MESSAGE_LIMIT = 2000;
/** Characters of a quoted source line shown on each side of the column. */
const LINE_CONTEXT = 80;

/** The part of a (possibly very long) line around a column, and where the caret goes in it. */
function around(text: string, col: number): { shown: string; caret: number } {
  if (text.length <= 2 * LINE_CONTEXT) return { shown: text, caret: Math.max(0, col) };
  const from = Math.max(0, col - LINE_CONTEXT);
  const to = Math.min(text.length, col + LINE_CONTEXT);
  const head = from > 0 ? "…" : "";
  return { shown: `${head}${text.slice(from, to)}${to < text.length ? "…" : ""}`, caret: Math.max(0, col - from) + head.length };
}

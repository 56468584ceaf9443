// Load errors with file:line:col and the offending line quoted, collected so every error is shown at once.
import { clipCounted } from "../util/clip.ts";
import { maskedLikeLine, maskedSourceLine } from "../util/url-text.ts";

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

  /**
   * `mask`: what masks the secrets known when the error is found (a scenario's `secrets:` whose values vars:, the
   * environment or --env-file give), applied to the quoted lines as to the messages: a line may hold a value as written.
   */
  constructor(issues: LoadIssue[], readonly sources: Map<string, string> = new Map(), readonly mask?: (text: string) => string) {
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
      const text = issue.pos ? linesOf(issue.file)[issue.pos.line - 1] : undefined;
      // The message masked as its quoted line is: it may repeat the line's text (a credential, a secret's value).
      const message = text === undefined ? issue.message : maskedLikeLine(issue.message, text);
      out.push(`${where}: ${clipCounted(this.mask ? this.mask(message) : message, MESSAGE_LIMIT)}`);
      if (issue.pos && text !== undefined) {
        const masked = withMask(maskedSourceLine(text, issue.pos.col - 1), this.mask);
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

/**
 * A quoted line masked by `mask` too, its column kept on the character it names (on the `***` of a secret it falls
 * inside): the line up to the column, masked alone, is where the column lands, unless the whole line's masking runs
 * through it.
 */
function withMask(line: { text: string; col: number }, mask: ((text: string) => string) | undefined): { text: string; col: number } {
  if (!mask) return line;
  const text = mask(line.text);
  if (text === line.text) return line;
  const before = mask(line.text.slice(0, line.col));
  if (text.startsWith(before)) return { text, col: before.length };
  let same = 0;
  while (same < before.length && before[same] === text[same]) same++;
  const star = text.lastIndexOf("***", same);
  return { text, col: star >= 0 && star + 3 > same - 3 ? star : same };
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

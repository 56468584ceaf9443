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
        // The column counts characters (code points); the masking works on the line's UTF-16 offsets.
        const { index, beyond } = utf16Index(text, issue.pos.col - 1);
        const masked = withMask(maskedSourceLine(text, index), this.mask);
        const { shown, before } = around(masked.text, masked.col);
        const gutter = String(issue.pos.line);
        out.push(`  ${gutter} | ${shown}`);
        out.push(`  ${" ".repeat(gutter.length)} | ${caretPad(before)}${" ".repeat(beyond)}^`);
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
/** Characters (code points) of a quoted source line shown on each side of the column. */
const LINE_CONTEXT = 80;

/** The UTF-16 offset in `text` of the character `chars` characters (code points) in; past the end, by how many. */
function utf16Index(text: string, chars: number): { index: number; beyond: number } {
  let index = 0;
  let n = Math.max(0, chars);
  for (; n > 0 && index < text.length; n--) index = nextChar(text, index);
  return { index, beyond: n };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The offset after the character at `i` (a surrogate pair is one). */
function nextChar(text: string, i: number): number {
  return isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? i + 2 : i + 1;
}

/** The offset of the character before `i`. */
function previousChar(text: string, i: number): number {
  return i >= 2 && isLow(text.charCodeAt(i - 1)) && isHigh(text.charCodeAt(i - 2)) ? i - 2 : i - 1;
}

/**
 * What goes before the caret so that it stands under the character that follows `before` as a terminal draws the
 * excerpt: its tabs as they are (a tab's width depends on where it starts), every other character as the cells it takes
 * (a CJK character or an emoji two, a combining mark none).
 */
function caretPad(before: string): string {
  return before.split("\t").map((part) => " ".repeat(Bun.stringWidth(part))).join("\t");
}

/**
 * The part of a (possibly very long) line around UTF-16 offset `at`, LINE_CONTEXT characters on each side (never cut
 * inside a surrogate pair, which printed as "\ufffd"), and the excerpt's text before the caret.
 */
function around(text: string, at: number): { shown: string; before: string } {
  if (text.length <= 2 * LINE_CONTEXT) return { shown: text, before: text.slice(0, at) };
  let from = at;
  for (let n = 0; n < LINE_CONTEXT && from > 0; n++) from = previousChar(text, from);
  let to = at;
  for (let n = 0; n < LINE_CONTEXT && to < text.length; n++) to = nextChar(text, to);
  const head = from > 0 ? "…" : "";
  return { shown: `${head}${text.slice(from, to)}${to < text.length ? "…" : ""}`, before: `${head}${text.slice(from, at)}` };
}

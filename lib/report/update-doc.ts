// Replaces one scenario's marked block in a document (or appends it), leaving every other byte as it was.
import { accessSync, chmodSync, closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, readFileSync, readlinkSync, rmSync, statSync, writeSync } from "node:fs";
import { isUtf8 } from "node:buffer";
import { hostname } from "node:os";
import { dirname, resolve } from "node:path";
import { writeAtomic } from "./write-atomic.ts";
import { reportSlug } from "./names.ts";
import { NotRegularFile, openRegular, readRegular } from "../util/regular-file.ts";
import { processAlive } from "../util/exec.ts";
import { folderNotWritable, isDirectory, realPathOr } from "../util/file-kind.ts";
import { sleep } from "../util/sleep.ts";

function markers(name: string): { begin: string; end: string } {
  return { begin: `<!-- scenario:${name}:begin -->`, end: `<!-- scenario:${name}:end -->` };
}

/** An ATX heading line (`## Title`): its leading spaces and its `#`s. */
const HEADING = /^( {0,3})(#{1,6})(?=[ \t]|$)/;
/** A line opening or closing a fenced code block: its fence (``` or ~~~, three or more). */
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The fence a line opens or closes, or undefined: a backtick fence's info string holds no backtick (``` `x` ``` is inline code). */
function fenceOf(line: string): string | undefined {
  const m = FENCE.exec(line);
  if (!m) return undefined;
  return m[1]![0] === "`" && line.slice(m[0].length).includes("`") ? undefined : m[1];
}

/** A container a line can be inside: a list item (its content's column) or a block quote (the column of its `>`). */
type Container = { kind: "item"; col: number } | { kind: "quote"; col: number };

/** A line as CommonMark's block structure reads it. */
interface BlockLine {
  line: string;
  /** In a fenced code block (the fence lines count as inside). */
  code: boolean;
  /** The fenced code block still open after this line, when it is at the document's margin (outside any container). */
  open?: { line: number; fence: string };
  /** Where the line's text starts: past its list items' indent, its quotes' `>` and the blanks after them. */
  at: number;
  /** The columns of blanks before that text past the innermost container's content (4 or more: indented code). */
  indent: number;
  /** The containers the line is in, outermost first. */
  containers: readonly Container[];
}

/** A thematic break (`---`, `* * *`): no list item. */
const BREAK = /^([-*_])([ \t]*\1){2,}[ \t]*\r?$/;
/** A list item's marker: a bullet, or 1 to 9 digits and `.` or `)`; then a blank or the line's end. */
const ITEM = /^([-+*]|(\d{1,9})[.)])(?=[ \t]|\r?$)/;
/** A line that starts a block of its own, so cannot continue a paragraph lazily (outside the containers it was in). */
const BLOCK_START = /^(#{1,6}(?:[ \t]|\r?$)|`{3,}|~{3,}|>|[-+*][ \t]|1[.)][ \t]|<!--|<\/?[A-Za-z])/;

/** The index and column past the blanks from `i` (column `col`) of `line`: a tab goes to the next multiple of 4. */
function blanks(line: string, i: number, col: number): [number, number] {
  for (; i < line.length; i++) {
    if (line[i] === " ") col++;
    else if (line[i] === "\t") col += 4 - (col % 4);
    else break;
  }
  return [i, col];
}

/**
 * Past a block quote's `>` at index `j` (column `cj`) of `line`, and a space after it: the index and column there, and
 * the column the quote's content is judged from (one past a blank after the `>`, a tab's too).
 */
function pastQuote(line: string, j: number, cj: number): [number, number, number] {
  let [i, col] = [j + 1, cj + 1];
  const base = col + (line[i] === " " || line[i] === "\t" ? 1 : 0);
  if (line[i] === " ") [i, col] = [i + 1, col + 1];
  return [i, col, base];
}

/**
 * Each line of `text` read as CommonMark reads its blocks, as far as whether a line is code: list items (`-`, `*`, `+`,
 * `1.`, `1)`, nested) and block quotes (`>`) hold their own fences and indented code, judged from the item's content
 * column (a fence after `- ` is a fence; four spaces under `- ` are two past the item's content, no code), and a fence
 * ends with the container it is in. HTML blocks and link reference definitions are not read.
 */
function fencedLines(text: string): BlockLine[] {
  let open: { line: number; fence: string; depth: number } | undefined;
  const stack: Container[] = [];
  let paragraph = false;
  return text.split("\n").map((line, n): BlockLine => {
    // A byte order mark at the document's start is no text.
    let i = n === 0 && line.startsWith("\uFEFF") ? 1 : 0;
    let col = 0;
    let base = 0;
    let matched = 0;
    for (const c of stack) {
      const [j, cj] = blanks(line, i, col);
      if (c.kind === "quote") {
        if (cj - base > 3 || line[j] !== ">") break;
        [i, col, base] = pastQuote(line, j, cj);
      } else if (j < line.length && line[j] !== "\r") {
        if (cj < c.col) break;
        base = c.col;
      }
      matched++;
    }
    const [j0, c0] = blanks(line, i, col);
    const blank = j0 >= line.length || line[j0] === "\r";
    if (open !== undefined && matched >= open.depth) {
      const fence = c0 - base <= 3 ? fenceOf(line.slice(j0)) : undefined;
      const at = open.line;
      if (fence && fence[0] === open.fence[0] && fence.length >= open.fence.length && line.slice(j0).trim() === fence) open = undefined;
      return { line, code: true, at: j0, indent: c0 - base, containers: [...stack], ...(open?.depth === 0 ? { open: { line: at, fence: open.fence } } : {}) };
    }
    if (open === undefined && matched < stack.length && paragraph && !blank && !BLOCK_START.test(line.slice(j0)) && !BREAK.test(line.slice(j0))) {
      // A paragraph's lazy continuation line: the containers stay open.
      return { line, code: false, at: j0, indent: 0, containers: [...stack] };
    }
    if (matched < stack.length) {
      // The containers not continued end, and a fence or paragraph in them with them.
      stack.length = matched;
      open = undefined;
      paragraph = false;
    }
    // New containers opened on this line.
    for (;;) {
      const [j, cj] = blanks(line, i, col);
      if (cj - base > 3) break;
      const rest = line.slice(j);
      if (rest[0] === ">") {
        stack.push({ kind: "quote", col: cj });
        [i, col, base] = pastQuote(line, j, cj);
        paragraph = false;
        continue;
      }
      const m = BREAK.test(rest) ? null : ITEM.exec(rest);
      if (!m) break;
      const [k, ck] = blanks(line, j + m[0].length, cj + m[0].length);
      const empty = k >= line.length || line[k] === "\r";
      // An empty item, or a numbered one not starting at 1, does not interrupt a paragraph.
      if (paragraph && (empty || (m[2] !== undefined && Number(m[2]) !== 1))) break;
      const markerEnd = cj + m[0].length;
      // Five blanks or more after the marker: the content starts one column past it, and is indented code.
      const content = empty || ck - markerEnd > 4 ? markerEnd + 1 : ck;
      stack.push({ kind: "item", col: content });
      [i, col] = empty || ck - markerEnd > 4 ? [j + m[0].length, markerEnd] : [k, ck];
      base = content;
      paragraph = false;
    }
    const [j, cj] = blanks(line, i, col);
    const indent = cj - base;
    const rest = line.slice(j);
    const info = { line, at: j, indent, containers: [...stack] };
    if (j >= line.length || line[j] === "\r") {
      paragraph = false;
      return { ...info, code: false };
    }
    if (indent > 3) return { ...info, code: false };
    const fence = fenceOf(rest);
    if (fence) {
      open = { line: n + 1, fence, depth: stack.length };
      paragraph = false;
      return { ...info, code: true, ...(open.depth === 0 ? { open: { line: n + 1, fence } } : {}) };
    }
    paragraph = !(HEADING.test(rest) || BREAK.test(rest) || /^<!--/.test(rest) || (paragraph && SETEXT.test(rest)));
    return { ...info, code: false };
  });
}

/** The prefix that keeps a line in `containers`: each item's indent, each quote's `> `. */
function prefixOf(containers: readonly Container[]): string {
  let prefix = "";
  for (const c of containers) {
    if (c.kind === "item") prefix += " ".repeat(Math.max(0, c.col - prefix.length));
    else prefix += `${" ".repeat(Math.max(0, c.col - prefix.length))}> `;
  }
  return prefix;
}

/** The document's lines as fencedLines reads them, each with the offset it starts at. */
type DocLines = (BlockLine & { start: number })[];

function docLines(doc: string): DocLines {
  let offset = 0;
  return fencedLines(doc).map((l) => {
    const start = offset;
    offset += l.line.length + 1;
    return { ...l, start };
  });
}

/** The line of `lines` the offset `at` is on. */
function lineOf(lines: DocLines, at: number): BlockLine & { start: number } {
  let [lo, hi] = [0, lines.length - 1];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return lines[lo]!;
}

/**
 * Where `marker` first stands at or after `from` at the start of a line's text (past its list items' indent and its
 * quotes' `>`, up to three blanks before it) outside a fenced code block, or -1; a begin marker (`alone`) also ends its
 * line. A document that shows the markers as an example in a fence had its example overwritten by the report, which
 * then rendered as code, and one that names them in a sentence (`` `<!-- scenario:x:begin -->` and
 * `<!-- scenario:x:end -->` ``) had the text between them replaced: the report was spliced into its paragraph. A fence
 * opened in a list item (after its `- `) was not seen, and its example was replaced too.
 */
function markerAt(doc: string, marker: string, from: number, lines: DocLines, alone = false): number {
  for (let at = doc.indexOf(marker, from); at !== -1; at = doc.indexOf(marker, at + 1)) {
    const l = lineOf(lines, at);
    if (l.code) continue;
    // Up to three blanks before it past the containers' content, as Markdown reads an HTML line (four or more, or a
    // tab, make it an indented code block's text: an example of the markers so indented became the block, and was
    // replaced; under `- `, four spaces are two past the item's content, and the block), and a byte order mark at the
    // document's start (an editor's UTF-8 BOM hid a block on line 1).
    if (at !== l.start + l.at || l.indent > 3) continue;
    const next = doc.indexOf("\n", at);
    if (alone && !/^[ \t\r]*$/.test(doc.slice(at + marker.length, next === -1 ? doc.length : next))) continue;
    return at;
  }
  return -1;
}

/** The [start, end) offsets of the fenced code blocks of `doc`, fence lines included. */
function codeRanges(lines: DocLines): [number, number][] {
  const ranges: [number, number][] = [];
  for (const { line, code, start } of lines) {
    const end = start + line.length + 1;
    if (code) {
      const last = ranges.at(-1);
      if (last && last[1] === start) last[1] = end;
      else ranges.push([start, end]);
    }
  }
  return ranges;
}

/** A line's ATX heading match (on its text past its containers), none inside a code block. */
const headingOf = (l: BlockLine) => (l.code || l.indent > 3 ? null : HEADING.exec(l.line.slice(l.at)));

/** A scenario block's first or last line (a CRLF document's with its CR). */
const BLOCK_MARKER = /^<!-- scenario:\S+:(begin|end) -->\r?$/;
/** A scenario block's marker that starts its line, blanks, quotes' `>` and list items' markers before it allowed: one of another block inside the block replaced. */
const ANY_MARKER = /^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+[ \t>]*)*(<!-- scenario:\S+:(?:begin|end) -->)/gm;

/** A line's text that looks like a scenario block's marker, in any case and spacing: the block's name (group 1) and which end (group 2). */
const LOOSE_MARKER = /^<!--\s*scenario\s*:\s*(.*?)\s*:\s*(begin|end)\s*-->/i;

/**
 * A line outside code that looks like a marker of the block `name` but is not one the update reads (`<!--scenario:a:begin-->`,
 * `<!-- scenario:A:begin -->`, a begin marker with text after it), or an end marker of it outside the block found (`found`:
 * the offsets of its begin and end markers): each was taken for no block, the report went to the document's end (or
 * into the other block) and the block the user placed stayed as it was, while the run exited 0.
 */
function strayMarker(doc: string, lines: DocLines, name: string, found?: [number, number]): DocBlockError | undefined {
  const { begin, end } = markers(name);
  const where = found === undefined ? "the report would be appended at the end of the document" : `the report would be written into the block at line ${lineAt(doc, found[0])}`;
  for (const l of lines) {
    if (l.code || l.indent > 3) continue;
    const at = l.start + l.at;
    if (found !== undefined && at >= found[0] && at <= found[1]) continue;
    const m = LOOSE_MARKER.exec(l.line.slice(l.at));
    if (!m || reportSlug(m[1]!) !== name) continue;
    const line = lineAt(doc, at);
    if (m[2]!.toLowerCase() === "begin") {
      return new DocBlockError(`${m[0]} looks like the begin marker of this scenario's block, but is not ${begin} alone on its line: ${where} and this block left as it is; write the marker as ${begin}, alone on its line`, line);
    }
    if (m[0] === end) {
      return new DocBlockError(`${end} has no ${begin} before it: ${where} and this marker left without its pair; add the begin marker alone on its line above the block, or remove this one`, line);
    }
    return new DocBlockError(`${m[0]} looks like the end marker of this scenario's block, but is not ${end}: ${where} and this marker left as it is; write the marker as ${end}`, line);
  }
  return undefined;
}

/** The line and fence of a fenced code block `doc` leaves open at its end, or undefined. */
function openFence(doc: string): { line: number; fence: string } | undefined {
  // One in a list item or quote ends with it: the block appended at the margin ends them both.
  return fencedLines(doc).at(-1)?.open;
}

/**
 * The level of the last ATX heading of `text` outside code blocks and outside other scenarios' blocks (0 without one):
 * a block appended after another nests under the document's section, not under the other report's last heading.
 */
function lastHeadingLevel(text: string): number {
  let level = 0;
  let inBlock = false;
  let previous: BlockLine | undefined;
  for (const l of fencedLines(text)) {
    const marker = l.code || l.indent > 3 ? null : BLOCK_MARKER.exec(l.line.slice(l.at));
    if (marker) inBlock = marker[1] === "begin";
    if (inBlock) {
      previous = undefined;
      continue;
    }
    const m = headingOf(l);
    if (m) level = m[2]!.length;
    // A setext heading (`Integration test` underlined with `---` or `===`): the report nested under an ATX heading before it.
    else if (!l.code && previous && isParagraphLine(previous)) {
      const underline = SETEXT.exec(l.line);
      if (underline) level = underline[1]![0] === "=" ? 1 : 2;
    }
    previous = l;
  }
  return level;
}

/** A setext heading's underline: `===` (level 1) or `---` (level 2), up to 3 spaces before it. */
const SETEXT = /^ {0,3}(=+|-+)[ \t]*\r?$/;

/** Whether a line can be the text of a setext heading: a paragraph's (not blank, code, a heading, a list item, a quote, a marker). */
function isParagraphLine(l: BlockLine): boolean {
  return !l.code && l.line.trim() !== "" && !headingOf(l) && !/^ {0,3}([-+*>]|\d+[.)])([ \t]|$)/.test(l.line) && !/^ {0,3}<!--/.test(l.line) && !SETEXT.test(l.line) && !/^ {4}/.test(l.line);
}

/**
 * `content` with its headings moved down so that its highest one sits one level below `parent` (the heading of the
 * section the block is in): a report whose title is `##` placed under `## Integration test` starts at `###`. Headings in
 * code blocks are text and stay; none goes past `######`; none is moved up.
 */
export function nestHeadings(content: string, parent: number): string {
  const lines = fencedLines(content);
  let top = 7;
  for (const l of lines) {
    const m = headingOf(l);
    if (m) top = Math.min(top, m[2]!.length);
  }
  const shift = top === 7 ? 0 : parent + 1 - top;
  if (shift <= 0) return content;
  return lines
    .map((l) => {
      const m = headingOf(l);
      return m ? `${l.line.slice(0, l.at)}${"#".repeat(Math.min(6, m[2]!.length + shift))}${l.line.slice(l.at + m[0].length)}` : l.line;
    })
    .join("\n");
}

/** A document replaceBlock cannot update, with the line (from 1) of the marker at fault. */
export class DocBlockError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** The line (from 1) of the document's offset `at`. */
function lineAt(doc: string, at: number): number {
  let line = 1;
  for (let i = doc.indexOf("\n"); i !== -1 && i < at; i = doc.indexOf("\n", i + 1)) line++;
  return line;
}

/**
 * The document with the block between `<!-- scenario:NAME:begin -->` and `<!-- scenario:NAME:end -->` replaced by
 * `content`, or with the block appended when the document has none; either way the content's headings are nested
 * under the section the block is in. Throws a DocBlockError on a document it cannot update so.
 */
export function replaceBlock(doc: string, name: string, content: string, owner?: string): string {
  const { begin, end } = markers(name);
  // A marker quoted inside the content (a log line, say) must not end the block early on the next update.
  const safe = content.replace(/<!-- scenario:/g, "<!--\u200Bscenario:").replace(/\n+$/, "");
  const lines = docLines(doc);
  const code = codeRanges(lines);
  const start = markerAt(doc, begin, 0, lines, true);
  // The report becomes a subsection of the section the block is in (the last heading before it).
  const body = nestHeadings(safe, lastHeadingLevel(start === -1 ? doc : doc.slice(0, start)));
  // Every `>` and `<` of the name as a JSON escape: HTML ends a comment at `-->` and at `--!>` too (`ok --!><h1>All
  // checks passed</h1>` showed that heading over a failed run's report).
  const ownerLine = owner === undefined ? "" : `${OWNER_PREFIX}${JSON.stringify(owner).replace(/>/g, "\\u003e").replace(/</g, "\\u003c")} -->\n`;
  // A document written with CRLF line ends gets the block with them too.
  const eol = doc.includes("\r\n") && doc.split("\r\n").length > doc.split("\n").length / 2 ? "\r\n" : "\n";
  // In a list item or a quote, every line after the begin marker is indented to the item's content (`> ` for a quote),
  // so the list stays a list and the report stays in it; a blank line keeps only the quotes' `>`.
  const containers = start === -1 ? [] : lineOf(lines, start).containers;
  const prefix = prefixOf(containers);
  const block = `${begin}\n${ownerLine}${body}\n${end}`
    .split("\n")
    .map((line, i) => (i === 0 ? line : line === "" ? prefix.trimEnd() : prefix + line))
    .join("\n")
    .replace(/\r?\n/g, eol);
  if (start === -1) {
    if (doc === "") return `${block}${eol}`;
    const stray = strayMarker(doc, lines, name);
    if (stray !== undefined) throw stray;
    // Appended inside a fence left open, the block would be code, and its markers (code too) unseen: each run added one more.
    const fence = openFence(doc);
    if (fence !== undefined) throw new Error(`the code fence ${fence.fence} opened at line ${fence.line} is never closed, so the rest of the document is code: a block appended there would show as code and be added again on every run; close the fence`);
    return `${doc}${doc.endsWith("\n") ? "" : eol}${eol}${block}${eol}`;
  }
  const stop = markerAt(doc, end, start + begin.length, lines);
  if (stop === -1) throw new DocBlockError(`${begin} has no matching ${end}; fix the document before updating it`, lineAt(doc, start));
  const again = markerAt(doc, begin, stop, lines, true);
  if (again !== -1) throw new DocBlockError(`${begin} is in the document twice (also at line ${lineAt(doc, start)}): only the first block would be updated, the other left stale; remove one`, lineAt(doc, again));
  // A marker inside the block (another scenario's block nested in it or overlapping it, or this one's begin again) would
  // be replaced with the block: another report lost, or a marker left without its pair.
  const innerAt = start + begin.length;
  const nested = [...doc.slice(innerAt, stop).matchAll(ANY_MARKER)].find((m) => !code.some(([a, b]) => innerAt + m.index! >= a && innerAt + m.index! < b));
  if (nested !== undefined) throw new DocBlockError(`${begin} … ${end} holds ${nested[1]}: replacing the block would delete what belongs to that marker; move the other block out of this one`, lineAt(doc, innerAt + nested.index!));
  // An end marker in another list item or quote than the begin marker: the block written in place would move it.
  const endIn = lineOf(lines, stop).containers;
  if (endIn.length !== containers.length || endIn.some((c, i) => c !== containers[i])) {
    throw new DocBlockError(`${end} is not in the same list item or block quote as ${begin} (line ${lineAt(doc, start)}): the report written between them would move one; put both markers at the same indent in the same item or quote`, lineAt(doc, stop));
  }
  const written = ownerOf(doc.slice(start + begin.length, stop));
  if (owner !== undefined && written !== undefined && written !== owner) {
    throw new DocBlockError(`${begin} holds the report of scenario ${JSON.stringify(written)}, not of ${JSON.stringify(owner)} (both names make the block's name "${name}"): rename one of the scenarios`, lineAt(doc, start));
  }
  const stray = strayMarker(doc, lines, name, [start, stop]);
  if (stray !== undefined) throw stray;
  return doc.slice(0, start) + block + doc.slice(stop + end.length);
}

/** Begins the line after a block's begin marker that names the scenario whose report it holds. */
const OWNER_PREFIX = "<!-- scenario-name: ";

/** The scenario named by a block's first line (blocks written before it was added have none). */
function ownerOf(block: string): string | undefined {
  // Past the indent and `>` of the list item or quote the block is in.
  const line = block.replace(/^\r?\n/, "").split(/\r?\n/, 1)[0]!.replace(/^[ \t>]*/, "");
  if (!line.startsWith(OWNER_PREFIX) || !line.endsWith(" -->")) return undefined;
  try {
    const name: unknown = JSON.parse(line.slice(OWNER_PREFIX.length, -4));
    return typeof name === "string" ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The last pending update of each document: runs of one invocation (--jobs) update a shared document one at a time. */
const pending = new Map<string, Promise<void>>();

/**
 * Updates the block in the file at `path` atomically, creating the file when it is missing. Updates of one path in this
 * process wait for each other, so concurrent runs never lose each other's block.
 */
export function updateDocBlock(path: string, name: string, content: string, owner?: string, lock: LockOptions = {}): Promise<void> {
  const previous = pending.get(path) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => replaceInFile(path, name, content, owner, lock));
  pending.set(path, next);
  void next.finally(() => {
    if (pending.get(path) === next) pending.delete(path);
  }).catch(() => {});
  return next;
}

/** A document that is not UTF-8 text: decoded, its other bytes would have been written back as U+FFFD. */
class NotUtf8Error extends Error {}

/**
 * The document's text; "" when it does not exist yet (the update creates it). A document that is not UTF-8 is refused,
 * and so is one that is not a regular file (NotRegularFile): a FIFO held the run blocked in open(), deaf to Ctrl-C.
 */
function readDoc(path: string): string {
  let bytes: Buffer;
  let fd: number;
  try {
    fd = openRegular(path, constants.O_RDONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return "";
  }
  try {
    bytes = readFileSync(fd);
  } finally {
    closeSync(fd);
  }
  if (!isUtf8(bytes)) {
    const text = bytes.toString("utf8");
    const at = Buffer.byteLength(text.slice(0, text.indexOf("\uFFFD")));
    throw new NotUtf8Error(`it is not UTF-8 text (byte 0x${bytes[at]?.toString(16).toUpperCase().padStart(2, "0")} at offset ${at}): the update would rewrite the bytes around the block too; convert the document to UTF-8`);
  }
  return bytes.toString("utf8");
}

/**
 * What would keep the blocks named from being written into the document at `path`, checked before a run: a begin
 * marker without its end, or a document that cannot be read. Found only after the run, it cost the whole run (a full
 * stack's 40 s to minutes) and ended it with exit 2 though every step had run.
 */
export function blockProblems(path: string, blocks: readonly { name: string; owner: string }[]): string[] {
  // A folder that is not there is a typo more often than a new one: the update made it, and the real document went
  // without its block while the run said nothing.
  if (!isDirectory(dirname(path))) return [`${path}: the folder ${dirname(path)} does not exist (create it, or check the path)`];
  const target = targetOf(path);
  let doc: string;
  try {
    doc = readDoc(target);
  } catch (error) {
    if (error instanceof NotRegularFile && error.isFolder) return [`${path}: it is a folder, not a Markdown document (give the file the block goes in)`];
    if (error instanceof NotRegularFile) return [`${path}: it is ${error.kind}, not a regular file: the update reads the document and writes a new copy over it; give a Markdown file`];
    if (error instanceof NotUtf8Error) return [`${path}: ${error.message}`];
    return [`cannot read ${path}: ${(error as Error).message}`];
  }
  const problems: string[] = [];
  if (existsSync(target)) {
    try {
      accessSync(target, constants.W_OK);
    } catch {
      problems.push(`${path}: the document is read-only`);
    }
  }
  // The update writes a lock and the new copy beside the document, then renames the copy over it: its folder must be writable too.
  if (folderNotWritable(dirname(target)) !== undefined) {
    problems.push(`${path}: the folder ${dirname(target)} cannot be written, and the update writes a lock and the new copy of the document there`);
  }
  for (const { name, owner } of blocks) {
    try {
      replaceBlock(doc, name, "", owner);
    } catch (error) {
      problems.push(`${path}${error instanceof DocBlockError ? `:${error.line}` : ""}: ${(error as Error).message}`);
    }
  }
  return problems;
}

/**
 * The file a path names: a link's target (the update writes the target and keeps the link), a dangling link's target
 * too (it is created), else the path.
 */
export function targetOf(path: string): string {
  const real = realPathOr(path);
  if (real !== path) return real;
  try {
    if (lstatSync(path).isSymbolicLink()) return resolve(dirname(path), readlinkSync(path));
  } catch {
    // not there: the path itself
  }
  return path;
}

/** Writes the target of a link, not over the link; keeps the document's mode (the new file would have the default). */
async function replaceInFile(path: string, name: string, content: string, owner: string | undefined, lock: LockOptions): Promise<void> {
  const target = targetOf(path);
  const unlock = await lockFile(target, lock);
  try {
    const stat = statSync(target, { throwIfNoEntry: false });
    const mode = stat ? stat.mode & 0o7777 : undefined;
    if (mode !== undefined) accessSync(target, constants.W_OK);
    await writeAtomic(target, replaceBlock(readDoc(target), name, content, owner));
    if (mode !== undefined) chmodSync(target, mode);
  } finally {
    unlock();
  }
}

/** How long an update waits for another process's, and how old a lock is when its process is taken to be gone. */
const LOCK_WAIT_MS = 30_000;
const LOCK_STALE_MS = 60_000;
/** After this long waiting, the run says what it waits for (once). */
const LOCK_NOTE_MS = 1_000;

export interface LockOptions {
  /** Where the note about a long wait goes (default process.stderr). */
  stderr?: { write(text: string): unknown };
  /** Called once, when the lock is found held by another run and the update starts to wait for it. */
  onWait?: () => void;
}

/**
 * Holds `<path>.lock` (made with O_EXCL, holding its process's id) while the document is read, changed and written: two
 * runs updating one document at once (two CI jobs on one checkout, `scenario run a.yaml & scenario run b.yaml`) each
 * read it before the other wrote, and one block was lost. The lock of a process of this host that is gone (killed,
 * crashed) is taken over at once, as is one older than LOCK_STALE_MS; a wait longer than LOCK_NOTE_MS is said on
 * stderr. A process of another host (another container on a shared checkout) cannot be looked at: its lock is waited for.
 */
export async function lockFile(path: string, options: LockOptions = {}): Promise<() => void> {
  const lock = `${path}.lock`;
  // The document may be new, in a folder that is too (writeAtomic makes it): the lock goes beside it.
  mkdirSync(dirname(path), { recursive: true });
  const started = Date.now();
  let noted = false;
  let waiting = false;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      const fd = openSync(lock, "wx");
      try {
        writeSync(fd, `${process.pid} ${hostname()}\n`);
      } finally {
        closeSync(fd);
      }
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder(lock);
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if ((holder !== undefined && !processAlive(holder)) || age > LOCK_STALE_MS) {
      // Removed only while it still names the same holder: another waiter may have taken it over and made its own.
      if (lockHolder(lock) === holder) rmSync(lock, { force: true });
      continue;
    }
    if (!waiting) options.onWait?.();
    waiting = true;
    const waited = Date.now() - started;
    if (waited > LOCK_WAIT_MS) throw new Error(`${lock} has been held by another run${holder ? ` (process ${holder})` : ""} for ${Math.round(LOCK_WAIT_MS / 1000)} s; remove it if no run is updating the document`);
    if (!noted && waited >= LOCK_NOTE_MS) {
      noted = true;
      (options.stderr ?? process.stderr).write(`scenario: waiting for ${lock}: another run${holder ? ` (process ${holder})` : ""} is updating the document\n`);
    }
    await sleep(wait);
  }
}

/** The process id a lock names when this host made it; undefined while its maker has not written it yet, or when another host did. */
function lockHolder(lock: string): number | undefined {
  let text: string;
  try {
    // Read only as a regular file: a FIFO of that name would hold the run blocked in open().
    text = readRegular(lock);
  } catch {
    return undefined;
  }
  const [id, host] = text.trim().split(" ");
  const pid = Number(id);
  return host === hostname() && Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}


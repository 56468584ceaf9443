// Markdown building blocks that survive any text: escaped cells, code spans, fenced blocks, <details>.
import { INVISIBLE_CHARS, visible } from "./format.ts";

/** Every character mdTextFully may change or escape: most names and values have none. */
const MD_TEXT_CHANGES = new RegExp(String.raw`[\t\n${INVISIBLE_CHARS}\\\`*_[\]<>|~#&$:@]`);

/**
 * What GitHub-flavoured Markdown reads as markup in a line of text, each escaped with a backslash (CommonMark takes one
 * before any ASCII punctuation): emphasis, code, links, HTML, table pipes, strikethrough, a heading's #; an entity
 * reference (`&amp;`, `&#38;`, `&copy;` showed as "&", "&", "©"); GitHub's math (`$…$`); and its emoji codes (`:rocket:`).
 * A `&` or `:` that starts nothing of the kind is left as it is.
 */
const MD_MARKUP = /[\\`*_[\]<>|~#$]|&(?=#?[A-Za-z0-9]+;)|:(?=[A-Za-z0-9_+-]+:)/g;

/**
 * What GitHub links in text once it has read the Markdown (code spans and blocks aside): an @-mention (`@user`,
 * `@org/team`), which notifies that user or team when the report is posted, and an issue reference (`#12`,
 * `owner/repo#12`), which links the issue and lists the pull request on it. A backslash does not stop them (it is gone
 * by then); an empty HTML comment after the `@` or `#` does, and shows nothing: `@<!-- -->user` reads `@user`.
 */
const GITHUB_REFERENCE = /@(?=[A-Za-z0-9])|#(?=[0-9])/g;
/** The empty comment put after such an `@` or `#` (the HTML report's reader of the Markdown drops it: markdown-html.ts). */
export const NO_LINK = "<!-- -->";
const UNREFERENCED = `$&${NO_LINK}`;

/** Text that renders literally in a table cell or heading (no emphasis, links, mentions, HTML or column breaks). */
export function mdText(text: string): string {
  return MD_TEXT_CHANGES.test(text) ? mdTextFully(text) : text;
}

/** What mdText gives, always taking every pass over the text. */
export function mdTextFully(text: string): string {
  return visible(text).replace(/\n/g, " ").replace(MD_MARKUP, (c) => `\\${c}`).replace(GITHUB_REFERENCE, UNREFERENCED);
}

/**
 * A code span that keeps backticks; newlines are shown as ⏎ so a table row stays one line. In a table cell
 * (`inTable`) pipes are escaped as \| (GFM removes the backslash there); elsewhere a backslash would show.
 */
export function mdCode(text: string, inTable = false): string {
  if (text === "") return "";
  const oneLine = visible(text).replace(/\n/g, "⏎");
  const flat = inTable ? oneLine.replaceAll("|", "\\|") : oneLine;
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") || /^ .* $/.test(flat) ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Escapes text for HTML (the HTML report, the <summary> of a <details> block: see mdDetails). */
export function htmlText(text: string): string {
  return visible(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function mdFence(text: string, lang = "text"): string[] {
  const body = visible(text);
  const longest = Math.max(0, ...(body.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [fence + lang, body.replace(/\n$/, ""), fence];
}

/** A collapsed block: <details><summary>title</summary> around a fenced body; the title is text GitHub links too. */
export function mdDetails(title: string, body: string): string[] {
  return [`<details><summary>${htmlText(title).replace(GITHUB_REFERENCE, UNREFERENCED)}</summary>`, "", ...mdFence(body), "", "</details>", ""];
}

/** A table from a header and rows of already-escaped cells; `align` holds "l" or "r" per column. */
export function mdTable(header: string[], rows: string[][], align?: string): string[] {
  const rule = header.map((_, i) => (align?.[i] === "r" ? "---:" : "---"));
  // A loop, not a map: the step table has a row per step, made once a run while this code is cold.
  const lines = [`| ${header.join(" | ")} |`, `| ${rule.join(" | ")} |`];
  for (let i = 0; i < rows.length; i++) lines.push(`| ${rows[i]!.join(" | ")} |`);
  return lines;
}

// Reads KEY=VALUE files (--env-file, compose-style): comments, blank lines, optional quotes, `export` prefix.
import { InvalidInput, type LoadIssue } from "../core/invalid-input.ts";
import { nulIssue } from "./nul.ts";
import { emptyTable } from "../util/own.ts";

export function parseEnvFile(text: string, file: string): Record<string, string> {
  const out: Record<string, string> = emptyTable();
  const issues: LoadIssue[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) {
      issues.push({ file, pos: { line: i + 1, col: 1 }, message: "expected KEY=VALUE" });
      return;
    }
    const raw2 = m[2]!;
    const quoted = raw2[0] === '"' || raw2[0] === "'" ? quotedValue(raw2) : undefined;
    if (quoted && "error" in quoted) {
      issues.push({ file, pos: { line: i + 1, col: raw.indexOf(raw2) + 1 }, message: quoted.error });
      return;
    }
    const value = quoted ? quoted.value : raw2.replace(/\s+#.*$/, "");
    const nul = nulIssue(value);
    if (nul) issues.push({ file, pos: { line: i + 1, col: raw.indexOf(raw2) + 1 }, message: nul });
    else out[m[1]!] = value;
  });
  if (issues.length) throw new InvalidInput(issues, new Map([[file, shownLines(text)]]));
  return out;
}

/**
 * The file as a load error quotes its lines: every value after its `=` as `***`, and a line with no `=` whole (an env
 * file is where secrets are given, and the error is printed before any is known to mask). The name and the `=` stay, so
 * a column at the value's start still falls on its first character.
 */
function shownLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => {
      if (line.trim() === "" || line.trim().startsWith("#")) return line;
      const eq = line.indexOf("=");
      if (eq === -1) return line.replace(/\S.*$/, "***");
      const start = eq + 1 + (/^\s*/.exec(line.slice(eq + 1))![0].length);
      return start < line.length ? `${line.slice(0, start)}***` : line;
    })
    .join("\n");
}

/**
 * A quoted value as dotenv reads it: up to its closing quote, then only spaces or a `# comment` (`A="x" # note` was the
 * text `"x" # note`, quotes and comment included). A value holding its own quote (`'it's'`) is all between the outer
 * quotes, as before. In double quotes `\\n` is a newline, `\\t` a tab, `\\"` a quote and `\\\\` one backslash, each
 * read once; single quotes keep every character.
 */
function quotedValue(text: string): { value: string } | { error: string } {
  const q = text[0]!;
  const close = closingQuote(text, q);
  if (close > 0 && /^\s*(#.*)?$/.test(text.slice(close + 1))) return { value: unquote(text.slice(1, close), q) };
  if (text.length >= 2 && text.endsWith(q)) return { value: unquote(text.slice(1, -1), q) };
  // The value is not quoted in the message: an env file gives secrets, and the error comes before any is known.
  if (close < 0) return { error: `no closing ${q}: the value runs to the end of the line` };
  return { error: `unexpected text after the closing ${q} (quote the whole value, or put a # before a comment)` };
}

/** The index of the quote that closes `text` (opened at 0), a backslash escaping the next character in double quotes; -1 for none. */
function closingQuote(text: string, q: string): number {
  for (let i = 1; i < text.length; i++) {
    if (q === '"' && text[i] === "\\") i++;
    else if (text[i] === q) return i;
  }
  return -1;
}

function unquote(body: string, q: string): string {
  if (q === "'") return body;
  return body.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c === "t" ? "\t" : c === '"' || c === "\\" ? c : `\\${c}`));
}

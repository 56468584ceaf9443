// Reads KEY=VALUE files (--env-file, compose-style): comments, blank lines, optional quotes, `export` prefix; compose's own reading (`KEY: value` too).
import { InvalidInput, type LoadIssue } from "../core/invalid-input.ts";
import { nulIssue } from "./nul.ts";
import { emptyTable } from "../util/own.ts";

/** One definition of an env file: its name, its value (quotes and escapes read) and the quote it was written in. */
export interface EnvEntry {
  name: string;
  value: string;
  quote: string | undefined;
}

export interface EnvFileOptions {
  /**
   * Read as compose reads an env file (the project's `.env`, `--env-file`, a compose step's `env_file`; compose-go's
   * dotenv rules, each checked against `docker compose config`): a line that is a name alone (`BARE`, `export BARE`),
   * which takes the shell's value, is passed over instead of refused (it sets nothing here); `KEY: value`, the YAML-style
   * form, is `KEY=value`; a name may hold `.`, `-`, `[` and `]` and start with a digit; a backtick is a character, no quote.
   */
  compose?: boolean;
}

/** parseEnvFile: the names the file defines, the last value given to each; an EnvFileInvalid when a line is malformed. */
export function parseEnvFile(text: string, file: string, opts: EnvFileOptions = {}): Record<string, string> {
  const { entries, error } = envFileEntries(text, file, opts);
  const out: Record<string, string> = emptyTable();
  for (const { name, value } of entries) out[name] = value;
  if (error) throw new EnvFileInvalid(error.issues, error.sources, out);
  return out;
}

/**
 * The definitions of an env file, in the file's order (a name given twice is there twice: compose fills in a reference
 * from the value given before it), those of its well-formed lines; `error` says what its other lines are.
 */
export function envFileEntries(text: string, file: string, opts: EnvFileOptions = {}): { entries: EnvEntry[]; error?: InvalidInput } {
  const entries: EnvEntry[] = [];
  const issues: LoadIssue[] = [];
  const quotes = opts.compose ? COMPOSE_QUOTES : QUOTES;
  const name = opts.compose ? "[\\p{L}\\p{N}_.\\[\\]-]+" : "[A-Za-z_][A-Za-z0-9_]*";
  const definition = new RegExp(`^(?:export\\s+)?(${name})\\s*${opts.compose ? "[=:]" : "="}\\s*(.*)$`, "u");
  const bare = new RegExp(`^(?:export\\s+)?${name}$`, "u");
  const lines = text.split(/\r?\n/);
  /** Lines a quoted value goes on over: all value, masked whole when the file is quoted. */
  const continued = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const m = definition.exec(line);
    if (!m) {
      if (opts.compose && bare.test(line)) continue;
      issues.push({ file, pos: { line: i + 1, col: 1 }, message: "expected KEY=VALUE" });
      continue;
    }
    const raw2 = m[2]!;
    // The column in characters (code points), as every file:line:col counts it.
    const at = { line: i + 1, col: [...raw.slice(0, raw.indexOf(raw2))].length + 1 };
    let quoted = quotes.includes(raw2[0]!) ? quotedValue(raw2, opts.compose) : undefined;
    // A quoted value without its closing quote on the line goes on over the lines up to the one holding it, as dotenv
    // (and compose) read it: `KEY="line one` then `line two"` is one value with a newline. It was refused.
    // Only a value whose closing quote ends its line (a comment aside) is taken so; else the first line's error stands.
    if (quoted && "error" in quoted && closingQuote(raw2, raw2[0]!) < 0) {
      let joined = raw2;
      for (let j = i + 1; j < lines.length; j++) {
        joined += `\n${lines[j]}`;
        if (closingQuote(joined, raw2[0]!) < 0) continue;
        const whole = quotedValue(joined, opts.compose);
        if (!("error" in whole)) {
          for (let k = i + 1; k <= j; k++) continued.add(k);
          quoted = whole;
          i = j;
        }
        break;
      }
    }
    if (quoted && "error" in quoted) {
      issues.push({ file, pos: at, message: quoted.error });
      continue;
    }
    const value = quoted ? quoted.value : raw2.replace(/\s+#.*$/, "");
    const nul = nulIssue(value);
    if (nul) issues.push({ file, pos: at, message: nul });
    else entries.push({ name: m[1]!, value, quote: quoted ? raw2[0] : undefined });
  }
  if (!issues.length) return { entries };
  return { entries, error: new InvalidInput(issues, new Map([[file, shownLines(lines, continued)]])) };
}

/** parseEnvFile's refusal: its issues, and what the file's well-formed lines define (`defined`), which a caller may still use. */
export class EnvFileInvalid extends InvalidInput {
  constructor(issues: LoadIssue[], sources: Map<string, string>, readonly defined: Record<string, string>) {
    super(issues, sources);
  }
}

/** The quotes a value may be written in: double (with escapes), single and backticks (each character as written). */
const QUOTES = `"'\``;
/** Compose's: double and single; a backtick is a character of the value (`docker compose config` shows `` `x` `` for A=`x`). */
const COMPOSE_QUOTES = `"'`;

/**
 * The file as a load error quotes its lines: every value after its `=` (or compose's `:`) as `***`, and a line with
 * neither whole (an env file is where secrets are given, and the error is printed before any is known to mask). The
 * name and the `=` stay, so a column at the value's start still falls on its first character.
 */
function shownLines(lines: readonly string[], continued: ReadonlySet<number>): string {
  return lines
    .map((line, i) => {
      if (continued.has(i)) return line.replace(/\S.*$/, "***");
      if (line.trim() === "" || line.trim().startsWith("#")) return line;
      // The first `=` or `:` (compose's `KEY: value`): the name and the value may hold the other.
      const eq = line.search(/[=:]/);
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
 * read once; single quotes and backticks keep every character. `compose`: escapes as compose reads them (COMPOSE_ESCAPES).
 */
function quotedValue(text: string, compose = false): { value: string } | { error: string } {
  const q = text[0]!;
  const close = closingQuote(text, q);
  const escapes = compose ? COMPOSE_ESCAPES : DOTENV_ESCAPES;
  if (close > 0 && /^\s*(#.*)?$/.test(text.slice(close + 1))) return { value: unquote(text.slice(1, close), q, escapes) };
  if (text.length >= 2 && text.endsWith(q)) return { value: unquote(text.slice(1, -1), q, escapes) };
  // The value is not quoted in the message: an env file gives secrets, and the error comes before any is known.
  if (close < 0) return { error: `no closing ${q}: the value runs to the end of the file` };
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

/** What a backslash escape is in double quotes as dotenv reads them (--env-file): `\n` a newline, `\t` a tab, `\"` a quote, `\\` one backslash. */
const DOTENV_ESCAPES: Record<string, string> = { n: "\n", t: "\t", '"': '"', "\\": "\\" };

/**
 * As compose reads them: Go's one-character escapes (compose-go's expandEscapes, strconv.Unquote of each), and `\$` a
 * `$` (kept as `$$`, which the interpolation after makes one `$` without reading a name after it). `\x41`, `\0123`
 * stay as written: each escape is two characters there, which Go does not read alone.
 */
const COMPOSE_ESCAPES: Record<string, string> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", '"': '"', "'": "'", $: "$$" };

/**
 * A double-quoted value with each backslash escape `escapes` names read once, any other backslash and the character
 * after it as written. Single quotes and backticks keep every character.
 */
function unquote(body: string, q: string, escapes: Record<string, string>): string {
  if (q !== '"') return body;
  return body.replace(/\\([\s\S])/g, (all, c: string) => escapes[c] ?? all);
}

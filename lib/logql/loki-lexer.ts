// Loki 3.4.6's lexer where it reads a query otherwise than @grafana/lezer-logql: the value of a label filter (a
// duration or a byte size as Loki's tryScanDuration/tryScanBytes take it), label filters written side by side, and Go
// comments (`// …`, `/* … */`), which its scanner skips, and functions' names in capitals.
import type { SyntaxNode } from "@lezer/common";
import { parseBytes, parseQueryDurationSeconds } from "./lexical.ts";

/** Whether lezer-logql's tree holds an error node. */
export function hasError(top: SyntaxNode): boolean {
  const cursor = top.cursor();
  do if (cursor.type.isError) return true;
  while (cursor.next());
  return false;
}

/**
 * A label filter's value that Loki reads as a duration or a byte size, or a number directly followed by another
 * filter (`x > 10y="a"`), standing in the rewritten text as digits.
 */
export interface LexedValue {
  kind: "duration" | "bytes" | "number";
  /** The value as written in the query (the digits stand where it is). */
  text: string;
}

/**
 * The query with the same length and Loki's tokens where lezer-logql reads others: each value after a comparison
 * that Loki reads as a DURATION or BYTES token becomes digits (a Number for lezer; `values` tells what it is), and a
 * label filter followed by another one without `,`, `and` or `or` (which Loki's grammar takes as `,`) gets a comma
 * (`commas`), in the space between them or in the value's last character when nothing separates them
 * (`size > 1kib != "x"` is read by Loki as `size > 1Ki` and `b != "x"`). Go comments are spaces.
 */
export interface LexedQuery {
  text: string;
  values: Map<number, LexedValue>;
  commas: Set<number>;
  /** By the end of a range (after its `]`): the duration of the `offset` blanked after it (see LexedEdit.offset). */
  offsets: Map<number, string>;
}

/**
 * One rewrite of lokiEdits: `text` in place of the characters [from, to), a value's digits at `from`, a comma at
 * `comma`, or (neither) a Go comment blanked or a function's name lowered.
 */
export interface LexedEdit {
  from: number;
  to: number;
  text: string;
  value?: LexedValue;
  comma?: number;
  /** An `offset` after a range that follows `| unwrap …` (blanked here): the range's end and the duration as written. */
  offset?: { rangeEnd: number; duration: string };
}

const CMP = new Set([">", ">=", "<", "<=", "=", "==", "!="]);
const MATCH = new Set(["=", "!=", "=~", "!~"]);
/** Loki's two-character tokens (its lexer joins a character with the next when the pair is one). */
const PAIRS = new Set(["!=", "=~", "!~", "!>", "|=", "|~", "|>", "==", ">=", "<="]);
/** Go's text/scanner skips these between tokens (GoWhitespace). */
const SPACE = /[\t\n\r ]/;
const IDENT_START = /[A-Za-z_]/;
const IDENT = /[\p{L}\p{N}_]/u;
/** isDurationRune and isBytesSizeRune in Loki 3.4.6's lex.go. */
const DURATION_RUNE = /[nuµmshdwy]/;
const BYTES_RUNE = /[BikKMGTP]/;

interface Token {
  kind: "ident" | "string" | "number" | "op" | "range" | "other";
  text: string;
  from: number;
  to: number;
}

/** The end of Loki's tryScanDuration/tryScanBytes from `from` (runes up to a space: digits, `.` and `unit` runes). */
function scanUnit(text: string, from: number, unit: RegExp): number {
  let i = from;
  while (i < text.length) {
    const c = String.fromCodePoint(text.codePointAt(i)!);
    if (/\s/u.test(c) || !(/\p{N}/u.test(c) || unit.test(c) || c === ".")) break;
    i += c.length;
  }
  return i;
}

/** A decimal number as Go's text/scanner reads one at `i` (digits, a fraction, an exponent); undefined for others (0x…, 1_0, 1e). */
function plainNumber(text: string, i: number): number | undefined {
  let j = i;
  while (j < text.length && /[0-9]/.test(text[j]!)) j++;
  if (text[j] === ".") {
    j++;
    while (j < text.length && /[0-9]/.test(text[j]!)) j++;
  }
  if (j === i || text.slice(i, j) === ".") return undefined;
  const exponent = /^[eE][+-]?[0-9]+/.exec(text.slice(j));
  if (exponent) j += exponent[0].length;
  // Prefixes, exponents and separators: Go's scanner reads them on (or fails); leave such a number to lezer.
  if (text[i] === "0" && /[xXoObB]/.test(text[i + 1] ?? "")) return undefined;
  if (/[eEpP_]/.test(text[j] ?? "")) return undefined;
  // An integer of a leading 0 is octal to Go's scanner, which fails on an 8 or a 9 in it.
  if (/^0[0-9]*[89]/.test(text.slice(i, j)) && !/[.eE]/.test(text.slice(i, j))) return undefined;
  return j;
}

/** Loki's reading of the value at `from` (a plain number): a DURATION or BYTES token and its end, else undefined. */
function unitValue(text: string, from: number, numberEnd: number): { kind: LexedValue["kind"]; to: number } | undefined {
  const durEnd = scanUnit(text, numberEnd, DURATION_RUNE);
  if (durEnd > numberEnd && parseQueryDurationSeconds(text.slice(from, durEnd)) !== undefined) return { kind: "duration", to: durEnd };
  const bytesEnd = scanUnit(text, numberEnd, BYTES_RUNE);
  if (bytesEnd > numberEnd && parseBytes(text.slice(from, bytesEnd)) !== undefined) return { kind: "bytes", to: bytesEnd };
  return undefined;
}

/**
 * The end of a Go comment at `i` (`// …` to the end of the line, `/* … *\/`), which Loki's scanner (Go's text/scanner
 * in its GoTokens mode) skips as it skips spaces; undefined when none starts there or it is not closed (Go fails then).
 */
function goComment(text: string, i: number): number | undefined {
  if (text[i] !== "/") return undefined;
  if (text[i + 1] === "/") {
    const end = text.indexOf("\n", i);
    return end === -1 ? text.length : end;
  }
  if (text[i + 1] !== "*") return undefined;
  const end = text.indexOf("*/", i + 2);
  return end === -1 ? undefined : end + 2;
}

/** The next token at or after `i` (whitespace and `#` comments skipped), as Loki's lexer cuts it; undefined at the end. */
function nextToken(text: string, i: number): Token | undefined {
  while (i < text.length) {
    if (SPACE.test(text[i]!)) i++;
    else if (text[i] === "#") while (i < text.length && text[i] !== "\n") i++;
    else {
      const comment = goComment(text, i);
      if (comment === undefined) break;
      i = comment;
    }
  }
  if (i >= text.length) return undefined;
  const c = text[i]!;
  const from = i;
  if (c === '"' || c === "'") {
    i++;
    while (i < text.length && text[i] !== c && text[i] !== "\n") i += text[i] === "\\" ? 2 : 1;
    return { kind: "string", text: text.slice(from, i + 1), from, to: Math.min(i + 1, text.length) };
  }
  if (c === "`") {
    const end = text.indexOf("`", i + 1);
    const to = end === -1 ? text.length : end + 1;
    return { kind: "string", text: text.slice(from, to), from, to };
  }
  if (c === "[") {
    const end = text.indexOf("]", i + 1);
    const to = end === -1 ? text.length : end + 1;
    return { kind: "range", text: text.slice(from, to), from, to };
  }
  if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
    const end = plainNumber(text, i);
    if (end === undefined) {
      // Another form of number: taken whole with the letters and digits after it, never rewritten.
      let j = i + 1;
      while (j < text.length && /[\p{L}\p{N}_.]/u.test(text[j]!)) j++;
      return { kind: "other", text: text.slice(from, j), from, to: j };
    }
    return { kind: "number", text: text.slice(from, end), from, to: end };
  }
  if (/\p{L}|_/u.test(c)) {
    let j = i + 1;
    while (j < text.length && IDENT.test(text[j]!)) j++;
    return { kind: "ident", text: text.slice(from, j), from, to: j };
  }
  const pair = text.slice(i, i + 2);
  if (PAIRS.has(pair)) return { kind: "op", text: pair, from, to: i + 2 };
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return { kind: "op", text: ch, from, to: i + ch.length };
}

/** Loki 3.4.6's functionTokens: names its lexer takes in any case when a function's `(` (or `by`/`without (`) follows. */
/** Functions' names lezer-logql never reads as labels' names (the others it reads as either, as Loki does). */
const NAMES_TOO: ReadonlySet<string> = new Set(["vector", "label_replace"]);

const FUNCTIONS = new Set([
  "rate", "rate_counter", "count_over_time", "bytes_rate", "bytes_over_time", "avg_over_time", "sum_over_time", "min_over_time",
  "max_over_time", "stdvar_over_time", "stddev_over_time", "quantile_over_time", "first_over_time", "last_over_time",
  "absent_over_time", "vector", "sum", "avg", "max", "min", "count", "stddev", "stdvar", "bottomk", "topk", "sort", "sort_desc",
  "label_replace", "approx_topk", "bytes", "duration", "duration_seconds", "ip",
]);

/** Loki's isFunction: after spaces, a `(`, or `by` or `without` and then (after spaces) a `(`. */
function isFunction(text: string, i: number): boolean {
  const skip = (k: number) => {
    while (k < text.length && /\s/u.test(text[k]!)) k++;
    return k;
  };
  const k = skip(i);
  if (text[k] === "(") return true;
  const word = /^(by|without)/i.exec(text.slice(k))?.[0];
  return word !== undefined && text[skip(k + word.length)] === "(";
}

/** Whether `t` starts a label filter written right after another (an identifier other than and/or, or a parenthesis). */
const startsFilter = (t: Token | undefined): boolean =>
  t !== undefined && ((t.kind === "ident" && IDENT_START.test(t.text) && !["and", "or"].includes(t.text.toLowerCase())) || (t.kind === "op" && t.text === "("));

/** Loki's tokens where lezer-logql reads others, as edits of the query (see LexedQuery). */
export function lokiEdits(text: string): LexedEdit[] {
  const edits: LexedEdit[] = [];
  const seen: Token[] = [];
  /** Whether each open parenthesis opened a label filter (after `|`, `and`, `or`, `,` or another filter). */
  const parens: boolean[] = [];
  /** The tokens that end a label filter: a matcher's string, a comparison's value, a filter's `)`. */
  const ends = new Set<Token>();
  /** Go comments between tokens read as spaces (lezer-logql knows only `#` ones). */
  const blankComments = (from: number, to: number) => {
    for (let k = from; k < to; ) {
      if (text[k] === "#") {
        const eol = text.indexOf("\n", k);
        k = eol === -1 ? to : eol;
        continue;
      }
      const comment = goComment(text, k);
      if (comment !== undefined) {
        edits.push({ from: k, to: comment, text: text.slice(k, comment).replace(/[^\n]/g, " ") });
        k = comment;
      } else k++;
    }
  };
  let i = 0;
  for (let t = nextToken(text, 0); t !== undefined; t = nextToken(text, i)) {
    blankComments(i, t.from);
    // A function's name in capitals (`COUNT_OVER_TIME(`, `unwrap Bytes(x)`): lezer-logql knows most only in lower case.
    if (t.kind === "ident" && t.text !== t.text.toLowerCase() && FUNCTIONS.has(t.text.toLowerCase()) && isFunction(text, t.to))
      edits.push({ from: t.from, to: t.to, text: t.text.toLowerCase() });
    // `vector` and `label_replace` not called (`sum by (vector)`, `| keep label_replace`): a label's name to Loki, whose
    // lexer reads a function's name as one only before `(`; lezer-logql always reads them as the functions.
    if (t.kind === "ident" && NAMES_TOO.has(t.text.toLowerCase()) && !isFunction(text, t.to)) edits.push({ from: t.from, to: t.to, text: `x${"_".repeat(t.text.length - 1)}` });
    const prev = seen.at(-1);
    let end = t.to;
    // `| unwrap x [5m] offset 1m`: Loki's grammar takes an offset after such a range, lezer-logql's does not; the
    // offset is blanked and handed to the range by its end.
    if (t.kind === "ident" && t.text === "offset" && prev?.kind === "range") {
      const sign = nextToken(text, t.to);
      const d = sign?.kind === "op" && sign.text === "-" ? nextToken(text, sign.to) : sign;
      const unit = d?.kind === "number" && (d === sign || d.from === sign!.to) ? unitValue(text, d.from, d.to) : undefined;
      if (unit?.kind === "duration") {
        edits.push({ from: t.from, to: unit.to, text: " ".repeat(unit.to - t.from), offset: { rangeEnd: prev.to, duration: text.slice(sign!.from, unit.to) } });
        seen.push(t);
        i = unit.to;
        continue;
      }
    }
    if (t.kind === "op" && t.text === "(") {
      const opens = prev !== undefined && ((prev.kind === "op" && ["|", ","].includes(prev.text)) || (prev.kind === "ident" && ["and", "or"].includes(prev.text.toLowerCase())) || (prev.kind === "op" && prev.text === "(" && parens.at(-1) === true) || ends.has(prev));
      parens.push(opens);
    }
    // A label filter's value: Loki's lexer reads units after the number as far as they give a duration or a size.
    if (t.kind === "number" && prev?.kind === "op" && CMP.has(prev.text) && seen.at(-2)?.kind === "ident") {
      const unit = unitValue(text, t.from, t.to);
      if (unit !== undefined) end = unit.to;
      const value: LexedValue | undefined = unit && { kind: unit.kind, text: text.slice(t.from, end) };
      const after = nextToken(text, end);
      // Nothing between the value and a filter after it: the value's last character becomes the comma, its other
      // characters (or the space before it, for a single digit) standing for all of it as digits.
      const from = end - t.from >= 2 ? t.from : t.from > 0 && SPACE.test(text[t.from - 1]!) ? t.from - 1 : undefined;
      if (startsFilter(after) && after!.from === end && from !== undefined) {
        edits.push({ from, to: end, text: `${"1".repeat(end - 1 - from)},`, value: value ?? { kind: "number", text: text.slice(t.from, end) }, comma: end - 1 });
      } else {
        if (value !== undefined) edits.push({ from: t.from, to: end, text: "1".repeat(end - t.from), value });
        if (startsFilter(after) && after!.from > end) edits.push({ from: end, to: end + 1, text: ",", comma: end });
      }
      t = { kind: "number", text: text.slice(t.from, end), from: t.from, to: end };
      ends.add(t);
    } else if ((t.kind === "string" && prev?.kind === "op" && MATCH.has(prev.text) && seen.at(-2)?.kind === "ident") || (t.kind === "op" && t.text === ")" && parens.pop() === true)) {
      // A string matcher or a filter's parenthesis followed by a filter: `a="1" b="2"` is `a="1", b="2"` in Loki 3.4.6.
      ends.add(t);
      const after = nextToken(text, t.to);
      if (startsFilter(after) && after!.from > t.to) edits.push({ from: t.to, to: t.to + 1, text: ",", comma: t.to });
    }
    seen.push(t);
    i = end;
  }
  blankComments(i, text.length);
  edits.push(...rangeParens(text));
  return edits;
}

/**
 * The parentheses around a log range's selector and pipeline (`({a="b"} | json | unwrap n) [5m]`), blanked: Loki's
 * grammar takes them with an unwrap inside, lezer-logql's does not, and without them the query means the same.
 */
function rangeParens(text: string): LexedEdit[] {
  const tokens: Token[] = [];
  for (let t = nextToken(text, 0); t !== undefined; t = nextToken(text, t.to)) tokens.push(t);
  const edits: LexedEdit[] = [];
  for (let k = 0; k + 1 < tokens.length; k++) {
    if (tokens[k]!.text !== "(" || tokens[k]!.kind !== "op" || tokens[k + 1]!.text !== "{") continue;
    let depth = 0;
    let close = k;
    for (; close < tokens.length; close++) {
      const c = tokens[close]!;
      if (c.kind !== "op") continue;
      if (c.text === "(") depth++;
      else if (c.text === ")" && --depth === 0) break;
    }
    if (tokens[close + 1]?.kind !== "range") continue;
    for (const p of [tokens[k]!, tokens[close]!]) edits.push({ from: p.from, to: p.to, text: " " });
  }
  return edits;
}

/** The query with `edits` made (see LexedQuery). */
export function lexedQuery(text: string, edits: readonly LexedEdit[]): LexedQuery {
  const chars = text.split("");
  const values = new Map<number, LexedValue>();
  const commas = new Set<number>();
  const offsets = new Map<number, string>();
  // Comments blanked first: a comma written where one starts (`1Ki/* c */b="x"`) stands.
  const blanks = edits.filter((e) => e.value === undefined && e.comma === undefined && e.offset === undefined);
  for (const e of [...blanks, ...edits.filter((x) => !blanks.includes(x))]) {
    for (let k = e.from; k < e.to; k++) chars[k] = e.text[k - e.from]!;
    if (e.value !== undefined) values.set(e.from, e.value);
    if (e.comma !== undefined) commas.add(e.comma);
    if (e.offset !== undefined) offsets.set(e.offset.rangeEnd, e.offset.duration);
  }
  return { text: chars.join(""), values, commas, offsets };
}

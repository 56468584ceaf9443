// The JSONPath of `json:` checks and captures: a parser (run when the scenario loads, refusing what it does not read
// with the position) and a walker. The reading is docs/steps/http.md's "JSONPath": RFC 9535's selectors and filters,
// with the readings it keeps from Goessner's JSONPath (a list's `length`, an index as a mapping's key, `[?(@.x)]` true
// as JavaScript reads it) and filters comparing as RFC 9535 does.
import { characters, isPlainObject, roundingDecides } from "../../expect/matcher.ts";

/** A selector of a segment: what it picks from one value. */
export type Selector =
  | { kind: "name"; name: string }
  | { kind: "index"; index: number }
  | { kind: "wildcard" }
  | { kind: "slice"; start?: number; end?: number; step?: number }
  | { kind: "filter"; expr: FilterExpr };

/** `.x`, `[…]` (child) or `..x`, `..[…]` (descendant: the value and everything under it). */
export interface Segment {
  descendant: boolean;
  selectors: Selector[];
}

/** A query: from the document (`$`) or, in a filter, from the item tested (`@`). */
export interface Query {
  root: "$" | "@";
  segments: Segment[];
  /** Names and indices alone: at most one value. */
  singular: boolean;
}

export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=";
export type Operand = { kind: "literal"; value: unknown } | { kind: "query"; query: Query };
export type FilterExpr =
  | { kind: "or" | "and"; parts: FilterExpr[] }
  | { kind: "not"; expr: FilterExpr }
  | { kind: "compare"; op: ComparisonOp; left: Operand; right: Operand }
  /** A query alone: a singular one is true when its value is true as JavaScript reads it, any other when it matches. */
  | { kind: "test"; query: Query };

export interface ParsedPath {
  segments: Segment[];
  /** Whether the path can match several values (a wildcard, `..`, a filter, a slice other than `[-1:]`, a union). */
  indefinite: boolean;
}

export class JsonPathSyntaxError extends Error {
  /** `at`: the UTF-16 offset in the path of the character the message names. */
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

/** The position (from 1, in characters: "😀" is one) of the UTF-16 offset `at` in `src`, as an error names it. */
export function charPosition(src: string, at: number): number {
  return characters(src.slice(0, at)) + 1;
}

/**
 * Thrown by the walk when a filter compares numbers that JSON.parse rounded close enough for the rounding to decide
 * (docs/format.md: an integer beyond 2^53, a number beyond a double's range): the path has no answer.
 */
export class JsonPathUndecided extends Error {}

const BLANK = /[ \t\n\r]/;
const MAX_INDEX = Number.MAX_SAFE_INTEGER;

/** A name after `.`: letters, digits, `_`, any character beyond ASCII, and in a path (not in a filter) `-`. */
const isNameChar = (c: string | undefined, inFilter: boolean) =>
  c !== undefined && (/[A-Za-z0-9_]/.test(c) || c.charCodeAt(0) >= 0x80 || (!inFilter && c === "-"));

const FILTER_HELP = "a filter compares values (queries such as @.x, $.y, and literals: numbers, 'text', true, false, null) with == != < <= > >=, and combines them with && || ! and parentheses";

/** Parses one JSONPath; throws JsonPathSyntaxError saying what and where. */
export function parseJsonPath(path: string): ParsedPath {
  const p = new Parser(path);
  if (path[0] !== "$") p.fail(`a JSONPath starts with "$", e.g. "$.data[0].id"`, 0);
  p.pos = 1;
  const segments = p.segments(false);
  if (p.pos < path.length) {
    const c = path[p.pos]!;
    if (BLANK.test(c)) p.fail(`a blank outside brackets (write a name with blanks as ['a b'])`);
    p.fail(`unexpected ${JSON.stringify(c)}: after "$" come .name, .*, [ ], ..name or ..[ ]`);
  }
  return { segments, indefinite: isIndefinite(segments) };
}

function isIndefinite(segments: Segment[]): boolean {
  return segments.some(segmentIndefinite);
}

function segmentIndefinite(s: Segment): boolean {
  if (s.descendant || s.selectors.length > 1) return true;
  const sel = s.selectors[0]!;
  // `[-1:]`, the last item as `[-1]` is, names one place
  if (sel.kind === "slice") return !(sel.start === -1 && sel.end === undefined && sel.step === undefined);
  return sel.kind === "wildcard" || sel.kind === "filter";
}

/**
 * The part of a path before its first segment that can match several (`$.data.items` of `$.data.items[?(@.x)]`), as
 * segments and as text, or undefined when that is `$` itself: what a wildcard or filter looks through.
 */
export function definitePrefix(segments: Segment[]): { segments: Segment[]; text: string } | undefined {
  const n = segments.findIndex(segmentIndefinite);
  if (n <= 0) return undefined;
  const prefix = segments.slice(0, n);
  const text = prefix
    .map((s) => {
      const sel = s.selectors[0]!;
      if (sel.kind === "index") return `[${sel.index}]`;
      if (sel.kind === "slice") return "[-1:]";
      if (sel.kind === "name") return /^[A-Za-z_][A-Za-z0-9_]*$/.test(sel.name) ? `.${sel.name}` : `[${JSON.stringify(sel.name)}]`;
      return "";
    })
    .join("");
  return { segments: prefix, text: `$${text}` };
}

type Token =
  | { t: "op"; v: "||" | "&&" | "!" | "(" | ")" | ComparisonOp; at: number }
  | { t: "literal"; v: unknown; at: number }
  | { t: "query"; v: Query; at: number }
  | { t: "end"; at: number };

/** Filters, `(` and `!` nested in one another that a path may hold: the parser recurses on each (far deeper overflows the stack). */
export const MAX_FILTER_DEPTH = 256;

class Parser {
  pos = 0;
  private peeked: Token | undefined;
  private depth = 0;
  constructor(private readonly src: string) {}

  fail(what: string, at = this.pos): never {
    throw new JsonPathSyntaxError(`${what}, at position ${charPosition(this.src, at)} of JSONPath ${JSON.stringify(this.src)}`, at);
  }

  private blanks(): void {
    while (this.pos < this.src.length && BLANK.test(this.src[this.pos]!)) this.pos++;
  }

  /** Segments until something that is not one; in a filter, a segment may not start with a blank. */
  segments(inFilter: boolean): Segment[] {
    const out: Segment[] = [];
    for (;;) {
      const c = this.src[this.pos];
      if (c === "." && this.src[this.pos + 1] === ".") {
        this.pos += 2;
        const d = this.src[this.pos];
        if (d === "[") out.push({ descendant: true, selectors: this.bracket() });
        else if (d === "*") {
          this.pos++;
          out.push({ descendant: true, selectors: [{ kind: "wildcard" }] });
        } else if (isNameChar(d, inFilter)) out.push({ descendant: true, selectors: [{ kind: "name", name: this.dotName(inFilter) }] });
        else this.fail(`".." is followed by a name, * or [ ]`);
      } else if (c === ".") {
        this.pos++;
        const d = this.src[this.pos];
        if (d === "*") {
          this.pos++;
          out.push({ descendant: false, selectors: [{ kind: "wildcard" }] });
        } else if (isNameChar(d, inFilter)) out.push({ descendant: false, selectors: [{ kind: "name", name: this.dotName(inFilter) }] });
        else if (d === undefined) this.fail(`the path ends with "."`);
        else this.fail(`"." is followed by a name or * (write a name holding ${JSON.stringify(d)} as ['…'])`);
      } else if (c === "[") out.push({ descendant: false, selectors: this.bracket() });
      else return out;
    }
  }

  private dotName(inFilter: boolean): string {
    const start = this.pos;
    // `.-1` read as the key "-1" selected nothing on a list, and `{exists: false}` passed: RFC 9535 and jq refuse it.
    if (this.src[start] === "-") {
      const dots = this.src[start - 2] === "." ? start - 2 : start - 1;
      const rest = /^-[^.[\s]*/.exec(this.src.slice(start))![0];
      const before = this.src.slice(0, dots) + (dots === start - 2 ? ".." : "");
      const index = /^-\d+$/.test(rest);
      this.fail(index
        ? `"${rest}" after "." is no index (it would be the key "${rest}", which no list has): write ${before}[${rest}] for an index (counted from the end of a list), or ${before}['${rest}'] for a key "${rest}"`
        : `a name after "." does not start with "-" (RFC 9535, jq): write ${before}['${rest}']`, start);
    }
    while (isNameChar(this.src[this.pos], inFilter)) {
      const cp = this.src.codePointAt(this.pos)!;
      this.pos += cp > 0xffff ? 2 : 1;
    }
    return this.src.slice(start, this.pos);
  }

  /** `[ selector, … ]` at `[`: its selectors. */
  private bracket(): Selector[] {
    const open = this.pos;
    this.pos++;
    const out: Selector[] = [];
    for (;;) {
      this.blanks();
      if (this.src[this.pos] === "]" && out.length === 0) this.fail("empty []", open);
      out.push(this.selector());
      this.blanks();
      const c = this.src[this.pos];
      if (c === "]") {
        this.pos++;
        return out;
      }
      if (c !== ",") this.fail(c === undefined ? `missing "]"` : `unexpected ${JSON.stringify(c)} in [ ] (selectors are separated by ",")`);
      this.pos++;
    }
  }

  private selector(): Selector {
    const c = this.src[this.pos];
    if (c === "'" || c === '"') return { kind: "name", name: this.quoted() };
    if (c === "*") {
      this.pos++;
      return { kind: "wildcard" };
    }
    if (c === "?") {
      this.enter(this.pos);
      this.pos++;
      this.peeked = undefined;
      const expr = this.logical();
      const next = this.token();
      if (next.t !== "end") this.fail(`unexpected ${this.tokenText(next)} in the filter: ${FILTER_HELP}`, next.at);
      this.depth--;
      return { kind: "filter", expr };
    }
    if (c === "-" || c === ":" || (c !== undefined && /\d/.test(c))) {
      const start = this.integer();
      this.blanks();
      if (this.src[this.pos] !== ":") {
        if (start === undefined) this.fail("an index is a whole number, e.g. [0] or [-1]");
        return { kind: "index", index: start };
      }
      this.pos++;
      this.blanks();
      const end = this.integer();
      this.blanks();
      let step: number | undefined;
      if (this.src[this.pos] === ":") {
        this.pos++;
        this.blanks();
        // `[-1::]` is RFC 9535's `[-1:]`, but written as a slice with a step it is one that can match several, as before
        step = this.integer() ?? 1;
      }
      return { kind: "slice", start, end, step };
    }
    if (c === "(") this.fail(`a script [( )] is not supported: write an index such as [-1] for the last item, or a filter [?(…)]`);
    if (c !== undefined && isNameChar(c, false)) this.fail(`a name in [ ] is quoted: write ['${this.src.slice(this.pos).match(/^[^\],\s]*/)![0]}']`);
    this.fail(c === undefined ? `missing "]"` : `unexpected ${JSON.stringify(c)} in [ ]: a selector is a quoted name, an index, a slice a:b:c, * or a filter ?(…)`);
  }

  /** An integer (an index, a slice's bound), or undefined when none is written here. */
  private integer(): number | undefined {
    const m = /^-?\d+/.exec(this.src.slice(this.pos));
    if (!m) {
      if (this.src[this.pos] === "-") this.fail(`"-" is followed by digits`);
      return undefined;
    }
    const text = m[0];
    const digits = text.replace("-", "");
    // `-0` is `0` (docs/steps/http.md); other leading zeros were read as a key ("007") by an index and as 7 by a slice.
    if (digits.length > 1 && digits[0] === "0") this.fail(`${text} has a leading zero: write ${text.startsWith("-") ? "-" : ""}${digits.replace(/^0+(?=\d)/, "")}`);
    if (/[.eE]/.test(this.src[this.pos + text.length] ?? "")) this.fail(`an index is a whole number`);
    const n = Number(text);
    if (Math.abs(n) > MAX_INDEX) this.fail(`${text} is beyond the largest index (2^53 - 1)`);
    this.pos += text.length;
    return n === 0 ? 0 : n;
  }

  /** A quoted string at its quote (RFC 9535's escapes), as a name or a filter's literal. */
  private quoted(): string {
    const quote = this.src[this.pos]!;
    const open = this.pos;
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail(`unclosed quote ${quote}`, open);
      if (c === quote) {
        this.pos++;
        return out;
      }
      if (c !== "\\") {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.src[this.pos + 1];
      const simple: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", "/": "/", "\\": "\\", "'": "'", '"': '"' };
      if (e !== undefined && Object.hasOwn(simple, e)) {
        out += simple[e];
        this.pos += 2;
      } else if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(this.src.slice(this.pos + 2, this.pos + 6))) {
        out += String.fromCharCode(parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16));
        this.pos += 6;
      } else this.fail(`\\${e ?? ""} is not an escape in a quoted name or text (these are: \\' \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)`);
    }
  }

  // The filter: tokens (blanks between them skipped) up to the bracket's "]" or ",", read by precedence: || && ! comparison.

  private token(): Token {
    if (this.peeked) return this.peeked;
    this.blanks();
    const at = this.pos;
    const rest = this.src.slice(at);
    const c = rest[0];
    const tok = (t: Token) => (this.peeked = t);
    if (c === undefined || c === "]" || c === ",") return tok({ t: "end", at });
    const op = /^(?:\|\||&&|===|!==|==|!=|<=|>=|<|>|!|\(|\))/.exec(rest);
    if (op) {
      this.pos += op[0].length;
      const v = op[0] === "===" ? "==" : op[0] === "!==" ? "!=" : op[0];
      return tok({ t: "op", v: v as Extract<Token, { t: "op" }>["v"], at });
    }
    if (c === "'" || c === '"') return tok({ t: "literal", v: this.quoted(), at });
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(rest);
    if (num) {
      this.pos += num[0].length;
      if (isNameChar(this.src[this.pos], true) || this.src[this.pos] === ".") this.fail(`a number is written as in JSON, e.g. 5, -1.5, 1e3`, at);
      // JavaScript read 010 as 8 (octal): a leading zero is refused, as an index's is
      if (/^-?0\d/.test(num[0])) this.fail(`${num[0]} has a leading zero: write ${num[0].replace(/^(-?)0+(?=\d)/, "$1")}`, at);
      const n = Number(num[0]);
      if (!Number.isFinite(n)) this.fail(`${num[0]} is beyond the largest number (about 1.8e308)`, at);
      return tok({ t: "literal", v: n === 0 ? 0 : n, at });
    }
    if (c === "@" || c === "$") {
      if (c === "@" && isNameChar(rest[1], true)) {
        const name = /^@\w+/.exec(rest)![0];
        this.fail(`${name} is not supported in a filter: @ is the item tested, $ the document`, at);
      }
      this.pos++;
      const segments = this.segments(true);
      if (this.src[this.pos] === "(") this.fail(`a call such as .startsWith(…) or .match(/…/) is not supported in a filter: ${FILTER_HELP}`);
      const singular = segments.every((s) => !s.descendant && s.selectors.length === 1 && (s.selectors[0]!.kind === "name" || s.selectors[0]!.kind === "index"));
      return tok({ t: "query", v: { root: c, segments, singular }, at });
    }
    const word = /^[A-Za-z_]\w*/.exec(rest)?.[0];
    if (word !== undefined) {
      const literals: Record<string, unknown> = { true: true, false: false, null: null, undefined };
      if (Object.hasOwn(literals, word) && !isNameChar(rest[word.length], true)) {
        this.pos += word.length;
        return tok({ t: "literal", v: literals[word], at });
      }
      if (/^\s*\(/.test(rest.slice(word.length))) this.fail(`the function ${word}(…) is not supported in a filter: ${FILTER_HELP}`, at);
      this.fail(`${JSON.stringify(word)} is not a value in a filter (a member of the item is @.${word}, text is quoted: '${word}')`, at);
    }
    if (c === "/") this.fail(`"/" is not supported in a filter (no regular expressions, no arithmetic): ${FILTER_HELP}`, at);
    if (c === "=") this.fail(`"=" alone is not a comparison: write ==`, at);
    if ("+-*%?:~^&|".includes(c)) this.fail(`${JSON.stringify(c)} is not supported in a filter (no arithmetic, conditional or bitwise operators): ${FILTER_HELP}`, at);
    this.fail(`unexpected ${JSON.stringify(c)} in a filter: ${FILTER_HELP}`, at);
  }

  private next(): Token {
    const t = this.token();
    this.peeked = undefined;
    return t;
  }

  private tokenText(t: Token): string {
    return t.t === "end" ? "the end of the filter" : t.t === "op" ? JSON.stringify(t.v) : JSON.stringify(this.src.slice(t.at, this.pos));
  }

  private isOp(t: Token, v: string): boolean {
    return t.t === "op" && t.v === v;
  }

  private logical(): FilterExpr {
    const parts = [this.conjunction()];
    while (this.isOp(this.token(), "||")) {
      this.next();
      parts.push(this.conjunction());
    }
    return parts.length === 1 ? parts[0]! : { kind: "or", parts };
  }

  private conjunction(): FilterExpr {
    const parts = [this.unary()];
    while (this.isOp(this.token(), "&&")) {
      this.next();
      parts.push(this.unary());
    }
    return parts.length === 1 ? parts[0]! : { kind: "and", parts };
  }

  /** One level deeper (a filter, `(` or `!` at `at`); the caller leaves it with depth--. */
  private enter(at: number): void {
    if (++this.depth > MAX_FILTER_DEPTH) this.fail(`a filter nests more than ${MAX_FILTER_DEPTH} parentheses, "!" and filters in one another`, at);
  }

  private unary(): FilterExpr {
    const t = this.token();
    if (this.isOp(t, "!") || this.isOp(t, "(")) {
      this.enter(t.at);
      const expr = this.nested(t);
      this.depth--;
      return expr;
    }
    return this.comparison(t);
  }

  /** `!…` or `( … )` at t. */
  private nested(t: Token): FilterExpr {
    if (this.isOp(t, "!")) {
      this.next();
      const operand = this.token();
      let expr: FilterExpr;
      if (this.isOp(operand, "(") || this.isOp(operand, "!")) expr = { kind: "not", expr: this.unary() };
      else if (operand.t === "query") {
        this.next();
        expr = { kind: "not", expr: { kind: "test", query: operand.v } };
      } else this.fail(`"!" is followed by a query or ( ): ${FILTER_HELP}`, operand.at);
      const after = this.token();
      // JavaScript read `!@.a == 1` as `(!@.a) == 1`, RFC 9535 refuses it: `!(@.a == 1)` is meant, or `!@.a`
      if (after.t === "op" && isComparison(after.v)) this.fail(`"!" negates what follows it alone, not a comparison: write !(… ${after.v} …)`, t.at);
      return expr;
    }
    if (this.isOp(t, "(")) {
      this.next();
      const expr = this.logical();
      const close = this.next();
      if (!this.isOp(close, ")")) this.fail(`missing ")" in the filter (found ${this.tokenText(close)})`, close.at);
      const after = this.token();
      if (after.t === "op" && isComparison(after.v)) this.fail(`a comparison's sides are queries or literals, not ( ): ${FILTER_HELP}`, after.at);
      return expr;
    }
    throw new Error("unreachable: nested() at neither ! nor (");
  }

  /** A comparison, or a query alone, starting at t. */
  private comparison(t: Token): FilterExpr {
    const left = this.operand();
    const op = this.token();
    if (op.t === "op" && isComparison(op.v)) {
      this.next();
      const right = this.operand();
      for (const side of [left, right]) {
        if (side.kind === "query" && !side.query.singular) this.fail(`a comparison's query names one value (names and indices: @.a.b, @[0]), not a wildcard, "..", a slice, a union or a filter`, op.at);
      }
      const after = this.token();
      if (after.t === "op" && isComparison(after.v)) this.fail(`comparisons do not chain: combine them with && or ||`, after.at);
      return { kind: "compare", op: op.v, left, right };
    }
    if (op.t === "literal" || op.t === "query") {
      // `@.n-1`: JavaScript's subtraction, read here as @.n then the number -1
      if (this.src[op.at] === "-") this.fail(`"-" is not supported in a filter (no arithmetic, conditional or bitwise operators): ${FILTER_HELP}`, op.at);
      this.fail(`two values in a row: a comparison (== != < <= > >=) or && || goes between them`, op.at);
    }
    if (left.kind === "literal") this.fail(`a literal alone is not a test: compare it, e.g. @.x == ${JSON.stringify(left.value) ?? "null"}`, t.at);
    return { kind: "test", query: left.query };
  }

  private operand(): Operand {
    const t = this.next();
    if (t.t === "literal") return { kind: "literal", value: t.v };
    if (t.t === "query") return { kind: "query", query: t.v };
    this.fail(`expected a query (@.x, $.y) or a literal, found ${this.tokenText(t)}: ${FILTER_HELP}`, t.at);
  }
}

const isComparison = (v: string): v is ComparisonOp => ["==", "!=", "<", "<=", ">", ">="].includes(v);

// ---------------------------------------------------------------------------------------------------------------
// The walk.

/** A list's item by a name that is its index as written ("0", "12": not "00", "-1"). */
const CANONICAL_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * The values a selector picks from one value (a number, true, false and null have no members; nor has a text, except in
 * a filter's query: see textMember).
 */
function select(sel: Selector, value: unknown, root: unknown, out: unknown[], inFilter: boolean): void {
  if (typeof value === "string") {
    if (inFilter) textMember(sel, value, out);
    return;
  }
  switch (sel.kind) {
    case "name":
      if (isPlainObject(value)) {
        if (Object.hasOwn(value, sel.name)) out.push(value[sel.name]);
      } else if (Array.isArray(value)) {
        // Goessner's reading, kept (docs/steps/http.md): a list's item by its index as a name, and its own length.
        if (CANONICAL_INDEX.test(sel.name) && Number(sel.name) < value.length) out.push(value[Number(sel.name)]);
        else if (sel.name === "length") out.push(value.length);
      }
      return;
    case "index":
      if (Array.isArray(value)) {
        const i = sel.index < 0 ? value.length + sel.index : sel.index;
        if (i >= 0 && i < value.length) out.push(value[i]);
      } else if (isPlainObject(value) && sel.index >= 0 && Object.hasOwn(value, String(sel.index))) out.push(value[String(sel.index)]);
      return;
    case "wildcard":
      // One push a value: a spread of a list of a million items overflows the stack.
      if (Array.isArray(value)) for (const v of value) out.push(v);
      else if (isPlainObject(value)) for (const k of Object.keys(value)) out.push(value[k]);
      return;
    case "slice":
      if (Array.isArray(value)) for (const i of sliceIndices(sel, value.length)) out.push(value[i]);
      return;
    case "filter":
      if (Array.isArray(value)) {
        for (const item of value) if (holds(sel.expr, item, root)) out.push(item);
      } else if (isPlainObject(value)) {
        for (const k of Object.keys(value)) if (holds(sel.expr, value[k], root)) out.push(value[k]);
      }
      return;
  }
}

/** RFC 9535's slice (2.3.4.2.2): the indices `start:end:step` visits in a list of `len` items. */
function sliceIndices(sel: { start?: number; end?: number; step?: number }, len: number): number[] {
  const step = sel.step ?? 1;
  if (step === 0) return [];
  const norm = (i: number) => (i < 0 ? len + i : i);
  const out: number[] = [];
  if (step > 0) {
    const lower = Math.min(Math.max(norm(sel.start ?? 0), 0), len);
    const upper = Math.min(Math.max(norm(sel.end ?? len), 0), len);
    for (let i = lower; i < upper; i += step) out.push(i);
  } else {
    const upper = Math.min(Math.max(norm(sel.start ?? len - 1), -1), len - 1);
    const lower = Math.min(Math.max(sel.end === undefined ? -1 : norm(sel.end), -1), len - 1);
    for (let i = upper; i > lower; i += step) out.push(i);
  }
  return out;
}

/**
 * In a filter, a text's `length` and an index (`@.name.length > 3`, `@.code[0] == '5'`) are its length in characters
 * and its character there, as the list of its characters has them (and as `{length: …}` counts): jsonpath-plus's
 * filters, JavaScript, read them so (in UTF-16 units), and a check written on them keeps its meaning.
 */
function textMember(sel: Selector, text: string, out: unknown[]): void {
  if (sel.kind !== "name" && sel.kind !== "index") return;
  const chars = [...text];
  if (sel.kind === "name" && sel.name === "length") out.push(chars.length);
  else if (sel.kind === "index" || CANONICAL_INDEX.test(sel.name)) select({ kind: "index", index: sel.kind === "name" ? Number(sel.name) : sel.index }, chars, undefined, out, false);
}

/**
 * The value and every value under it, each before its members (lists and mappings are walked; a text is a leaf). With a
 * stack of its own: a body of 10 MiB can nest lists 100,000 deep, which recursion does not survive.
 */
function descendants(value: unknown, out: unknown[]): void {
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    out.push(v);
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) todo.push(v[i]);
    else if (isPlainObject(v)) {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) todo.push(v[keys[i]!]);
    }
  }
}

/** The values the segments select from `start`, in order (RFC 9535's nodelist); `inFilter`: a filter's query. */
export function walk(segments: Segment[], start: unknown, root: unknown, inFilter = false): unknown[] {
  let current: unknown[] = [start];
  for (const seg of segments) {
    const next: unknown[] = [];
    let from = current;
    if (seg.descendant) {
      from = [];
      for (const v of current) descendants(v, from);
    }
    for (const v of from) for (const sel of seg.selectors) select(sel, v, root, next, inFilter);
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** Whether a filter holds for one item. */
function holds(expr: FilterExpr, item: unknown, root: unknown): boolean {
  switch (expr.kind) {
    case "or": return expr.parts.some((p) => holds(p, item, root));
    case "and": return expr.parts.every((p) => holds(p, item, root));
    case "not": return !holds(expr.expr, item, root);
    case "test": {
      // (a text's length and characters are read by a singular query only: see textMember)
      const found = walk(expr.query.segments, expr.query.root === "@" ? item : root, root, expr.query.singular);
      // A member alone is true as JavaScript reads it (docs/steps/http.md): 0, "", false and null count as absent.
      return expr.query.singular ? Boolean(found[0]) : found.length > 0;
    }
    case "compare":
      return compareInFilter(operandValue(expr.left, item, root), expr.op, operandValue(expr.right, item, root));
  }
}

/** A comparison's side: a literal, or the one value a query selects (undefined when it selects none, or several). */
function operandValue(o: Operand, item: unknown, root: unknown): unknown {
  if (o.kind === "literal") return o.value;
  const found = walk(o.query.segments, o.query.root === "@" ? item : root, root, true);
  return found.length === 1 ? found[0] : undefined;
}

/** RFC 9535's comparison of two filter values (a missing one is undefined: equal only to another missing one). */
export function compareInFilter(a: unknown, op: ComparisonOp, b: unknown): boolean {
  switch (op) {
    case "==": return sameJsonValue(a, b);
    case "!=": return !sameJsonValue(a, b);
    case "<": return lessThan(a, b);
    case ">": return lessThan(b, a);
    case "<=": return lessThan(a, b) || sameJsonValue(a, b);
    case ">=": return lessThan(b, a) || sameJsonValue(a, b);
  }
}

/**
 * Throws JsonPathUndecided when the rounding of two numbers could decide their comparison (as docs/format.md's
 * matchers do): one is an integer beyond ±2^53 (9007199254740993 parses as …992) and they lie within two steps of the
 * float grid of their size; or both are the same infinity (1e400 and 1e401 both parse as Infinity).
 */
function checkExact(x: number, y: number): void {
  if (!Number.isFinite(x) || !Number.isFinite(y)) {
    if (x === y) throw new JsonPathUndecided(`a filter compares ${x > 0 ? "" : "-"}Infinity with itself: a JSON number beyond a double's range (about 1.8e308) reads as Infinity, so this comparison cannot be decided (compare the digits as text instead, e.g. body: {matches: '"KEY"\\s*:\\s*DIGITS\\b'} with the field's name and digits)`);
    return;
  }
  if (roundingDecides(x, y)) throw new JsonPathUndecided(`a filter compares ${x} with ${y}: beyond 2^53 a number is not exact here, so this comparison cannot be decided (compare the digits as text instead, e.g. body: {matches: '"KEY"\\s*:\\s*DIGITS\\b'} with the field's name and digits)`);
}

function lessThan(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") {
    checkExact(a, b);
    return a < b;
  }
  if (typeof a !== "string" || typeof b !== "string") return false;
  // By code point, as RFC 9535 and jq order text: JavaScript's `<` compares UTF-16 units, putting "😀" before "\uffff".
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]!.codePointAt(0)! < y[i]!.codePointAt(0)!;
  }
  return x.length < y.length;
}

/** Equality by content (lists item by item, mappings key by key), with a stack of its own (see descendants). */
function sameJsonValue(x: unknown, y: unknown): boolean {
  const todo: [unknown, unknown][] = [[x, y]];
  while (todo.length > 0) {
    const [a, b] = todo.pop()!;
    if (typeof a === "number" && typeof b === "number") checkExact(a, b);
    if (a === b) continue;
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) todo.push([a[i], b[i]]);
      continue;
    }
    if (!isPlainObject(a) || !isPlainObject(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) {
      if (!Object.hasOwn(b, k)) return false;
      todo.push([a[k], b[k]]);
    }
  }
  return true;
}

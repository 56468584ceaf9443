// The functions line_format/label_format templates can call: Loki's list (sprig subset, __line__, __timestamp__, …) and Go's builtins.
import { GoInt, GoTime, type GoValue, floatToInt64, formatGoTime, formatGoValue, goSprintf, goTypeName, int64, UnsupportedFormat } from "./go-format.ts";
import { GO_SPACE, isGoPrint, goBytesError, goDurationError, goQuote, goTrimSpace, parseBytes, parseGoDurationSeconds, parseGoFloat, parseGoInt } from "./lexical.ts";
import { type DecimalOp, decimalFold } from "./go-decimal.ts";
import { goBytes, goCase, goLen, goSlice, goText, goVisible } from "./go-utf8.ts";
import { compileRe2, namedGroupsOf } from "./re2.ts";

export class TemplateError extends Error {
  constructor(
    message: string,
    /** True when Go/Loki accept it but the embedded engine does not implement it. */
    readonly unsupported = false,
    /** Already worded as Go's executor words it (`template: line:1:3: executing …`): the message is the whole text. */
    readonly located = false,
  ) {
    super(message);
  }
}

export interface TemplateContext {
  /** The line as it enters the stage. */
  line: string;
  time: GoTime;
}

export interface TemplateFunction {
  call?: (args: GoValue[], ctx: TemplateContext) => GoValue;
  /** For and/or: arguments evaluated on demand. */
  lazy?: (args: (() => GoValue)[], piped: GoValue | undefined) => GoValue;
}

/** Functions Loki's templates offer that the embedded engine does not implement (rejected at load time). */
export const LOKI_ONLY_UNSUPPORTED = new Set(["toDate", "toDateInZone", "fromJson", "call"]);

const fmtValue = (v: GoValue): string => (v === null ? "<nil>" : formatGoValue(v));
const str = (v: GoValue | undefined): string => (v === undefined ? "" : typeof v === "string" ? v : formatGoValue(v));

/**
 * cast.ToInt64 as sprig uses it, exact to 64 bits: a float truncates (int64(f), see floatToInt64), anything else is 0
 * but a string strconv.ParseInt(s, 0, 64) reads once trailing zero decimals are gone (`1_000.0` is 1000, `017` 15,
 * `0b101` 5; `5.`, `08` and a number outside int64 are 0).
 */
function int(v: GoValue | undefined): bigint {
  if (v instanceof GoInt) return v.v;
  if (typeof v === "number") return floatToInt64(v);
  if (typeof v === "boolean") return v ? 1n : 0n;
  if (typeof v === "string") return PLAIN_DECIMAL.test(v) ? BigInt(v) : (parseGoInt(trimZeroDecimal(v)) ?? 0n);
  return 0n;
}

/** A decimal text ParseInt reads as BigInt does, and always inside int64 (18 digits at most): the common case, read directly. */
const PLAIN_DECIMAL = /^-?(?:0|[1-9]\d{0,17})$/;

/** An `int` parameter (a count, a position) as a JavaScript number: exact up to 2^53, beyond any string's length. */
const intN = (v: GoValue | undefined): number => Number(int(v));

/** cast's trimZeroDecimal: `5.0` and `5.00` lose their decimals; `5.`, `5.10` and `.5` stay as they are. */
function trimZeroDecimal(s: string): string {
  const m = /^(.*)\.0+$/.exec(s);
  return m ? m[1]! : s;
}

function float(v: GoValue | undefined): number {
  if (v instanceof GoInt) return Number(v.v); // float64(i): the nearest float64, as Go converts
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") return parseGoFloat(v) ?? 0;
  return 0;
}

/** sprig's *f functions compute in decimal: 0.1 + 0.2 is 0.3; a NaN or an infinity, or a division by 0, is the call's error. */
function decimal(op: DecimalOp, first: number, rest: number[]): number {
  try {
    return decimalFold(op, first, rest);
  } catch (err) {
    throw new TemplateError((err as Error).message);
  }
}

/** sprig's date takes any value: a time, an int as Unix seconds, anything else as the time now. */
function sprigTime(v: GoValue | undefined): GoTime {
  if (v instanceof GoTime) return v;
  if (v instanceof GoInt) return GoTime.fromUnixSeconds(v.v);
  return new GoTime(Date.now(), 0);
}

function kind(v: GoValue): string {
  if (v === null) return "nil";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoInt) return "int";
  if (v instanceof GoTime) return "time";
  return "float";
}

/**
 * Go's eq for one pair: two nils are equal and a nil equals nothing else (no error); two times compare as Go's ==
 * on time.Time (the same instant here); a time against another kind, or two other kinds, is errBadComparison.
 */
function goEq(a: GoValue, b: GoValue): boolean {
  if (a === null || b === null) return a === b;
  if (a instanceof GoTime || b instanceof GoTime) {
    if (!(a instanceof GoTime && b instanceof GoTime)) throw new TemplateError("incompatible types for comparison");
    return a.unixNanos === b.unixNanos && a.unixSec === b.unixSec;
  }
  return cmp(a, b, false) === 0;
}

function cmp(a: GoValue, b: GoValue, ordered: boolean): number {
  const ka = kind(a);
  const kb = kind(b);
  if (ka === "nil" || kb === "nil" || ka === "time" || kb === "time") throw new TemplateError("invalid type for comparison");
  if (ka !== kb) throw new TemplateError("incompatible types for comparison");
  if (ordered && ka === "bool") throw new TemplateError("invalid type for comparison");
  const x = a instanceof GoInt ? a.v : (a as string | number | boolean);
  const y = b instanceof GoInt ? b.v : (b as string | number | boolean);
  return x === y ? 0 : x < y ? -1 : 1;
}

/** unicode.ToTitle where it differs from ToUpper: the digraphs' title forms. */
const TITLE_CASE: Record<string, string> = { "\u01c4": "\u01c5", "\u01c5": "\u01c5", "\u01c6": "\u01c5", "\u01c7": "\u01c8", "\u01c8": "\u01c8", "\u01c9": "\u01c8", "\u01ca": "\u01cb", "\u01cb": "\u01cb", "\u01cc": "\u01cb", "\u01f1": "\u01f2", "\u01f2": "\u01f2", "\u01f3": "\u01f2" };

/**
 * Go's strings.Title (sprig's title): unicode.ToTitle of each rune after a separator, which is any ASCII character but
 * a letter, digit or `_` (so `o'neil` is `O'Neil`), and beyond ASCII a space; ToTitle maps one rune to one (`ß` stays).
 */
function goTitle(s: string): string {
  let out = "";
  let prevSep = true;
  for (const ch of goVisible(s)) {
    out += prevSep ? (TITLE_CASE[ch] ?? goCase(ch, true)) : ch;
    const c = ch.codePointAt(0)!;
    prevSep = c < 0x80 ? !/[A-Za-z0-9_]/.test(ch) : !/[\p{L}\p{Nd}]/u.test(ch) && GO_SPACE.test(ch);
  }
  return out;
}


/** Go's strings.Replace: the first n (all when n < 0) of `old` replaced; an empty `old` matches before each character and at the end. */
function goReplace(s: string, old: string, repl: string, n: number): string {
  const chars = old === "" ? [...s] : [];
  const matches = old === "" ? chars.length + 1 : s.split(old).length - 1;
  if (n < 0 || n > matches) n = matches;
  if (n === 0) return s;
  if (old === "") return chars.slice(0, n).map((c) => repl + c).join("") + (n > chars.length ? repl : "") + chars.slice(n).join("");
  let out = "";
  let start = 0;
  for (let i = 0; i < n; i++) {
    const j = s.indexOf(old, start);
    out += s.slice(start, j) + repl;
    start = j + old.length;
  }
  return out + s.slice(start);
}

function trimSet(s: string, cutset: string, left: boolean, right: boolean): string {
  const set = new Set([...cutset]);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  if (left) while (a < b && set.has(chars[a]!)) a++;
  if (right) while (b > a && set.has(chars[b - 1]!)) b--;
  return chars.slice(a, b).join("");
}

/**
 * Go's Regexp.Expand of a replacement: `$$` is `$`; `$name` takes the longest run of letters, digits and `_` (so `$1x`
 * is the group named `1x`, empty), `${name}` the braces' text; a name of digits without a leading zero is a group's
 * number, anything else a group's name (absent: empty); a `$` not starting either form stays as it is.
 */
function expandReplacement(repl: string, m: RegExpExecArray, groups: Record<string, string | undefined> | undefined): string {
  return repl.replace(/\$(?:\$|\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/gu, (all, braced?: string, bare?: string) => {
    if (all === "$$") return "$";
    const name = (braced ?? bare)!;
    if (/^(?:0|[1-9]\d{0,7})$/.test(name)) return m[Number(name)] ?? "";
    return groups?.[name] ?? "";
  });
}

/** A global regex from an RE2 pattern given to a template function; a bad pattern is a template error. */
function globalRegex(pattern: string): RegExp {
  try {
    const base = compileRe2(pattern);
    return new RegExp(base.source, base.flags + "g");
  } catch (err) {
    throw new TemplateError((err as Error).message);
  }
}

/**
 * Go's successive matches (FindAll…, ReplaceAll…): leftmost from a position that moves to a match's end, or one
 * character past an empty match; an empty match right where the previous match ended is not one (`a*` in `baaac`
 * matches at 0, 1-4 and 5, not again at 4).
 */
function goMatches(re: RegExp, s: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const end = m.index + m[0].length;
    let accept = true;
    if (end === pos) {
      if (m.index === prevEnd) accept = false;
      pos += pos < s.length ? String.fromCodePoint(s.codePointAt(pos)!).length : 1;
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

function regexReplace(pattern: string, s: string, repl: string, literal: boolean): string {
  let out = "";
  let last = 0;
  for (const m of goMatches(globalRegex(pattern), s)) {
    out += s.slice(last, m.index) + (literal ? repl : expandReplacement(repl, m, namedGroupsOf(pattern, m)));
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

/** fmt.Sprint: a space between two operands when neither is a string; nil is <nil>. */
function sprint(a: GoValue[]): string {
  return a.map((v, i) => (i > 0 && typeof v !== "string" && typeof a[i - 1] !== "string" ? " " : "") + fmtValue(v)).join("");
}

/** text/template's evalArgs (html, js, urlquery): one string as it is, else fmt.Sprint of them, a missing value as <no value>. */
function evalArgs(a: GoValue[]): string {
  if (a.length === 1 && typeof a[0] === "string") return a[0];
  return sprint(a.map((v) => (v === null ? "<no value>" : v)));
}

const HTML_ESCAPES: Record<string, string> = { "\0": "\uFFFD", '"': "&#34;", "'": "&#39;", "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Go's template.HTMLEscapeString. */
function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => HTML_ESCAPES[c]!);
}

const JS_ESCAPES: Record<string, string> = { "\\": "\\\\", "'": "\\'", '"': '\\"', "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "=": "\\u003D" };

/** Go's template.JSEscapeString: quotes, backslash, < > & = and control characters as escapes, characters Go does not print as \uXXXX. */
function jsEscape(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (JS_ESCAPES[ch] !== undefined) out += JS_ESCAPES[ch];
    else if (c < 0x20) out += `\\u00${c.toString(16).toUpperCase().padStart(2, "0")}`;
    else if (c >= 0x80 && !isGoPrint(c)) out += `\\u${c.toString(16).toUpperCase().padStart(4, "0")}`;
    else out += ch;
  }
  return out;
}

function queryEscape(s: string): string {
  return [...goBytes(s)]
    .map((b) => {
      const c = String.fromCharCode(b);
      if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
      if (c === " ") return "+";
      return "%" + b.toString(16).toUpperCase().padStart(2, "0");
    })
    .join("");
}

/**
 * Go's url.QueryUnescape, over the text's UTF-8 bytes: `+` is a space, `%XX` a byte; a bad escape is Go's EscapeError,
 * quoting its three bytes as strconv.Quote does (`"%zz"`, `"%\xf0\x9f"` for a `%` before an emoji).
 */
function queryUnescape(s: string): string {
  const src = goBytes(s);
  const bytes: number[] = [];
  const hex = (b: number | undefined) => b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));
  for (let i = 0; i < src.length; i++) {
    const b = src[i]!;
    if (b === 0x25) {
      if (!hex(src[i + 1]) || !hex(src[i + 2])) throw new TemplateError(`invalid URL escape ${goQuote(src.subarray(i, i + 3))}`);
      bytes.push(Number.parseInt(String.fromCharCode(src[i + 1]!, src[i + 2]!), 16));
      i += 2;
    } else bytes.push(b === 0x2b ? 0x20 : b);
  }
  return goText(Uint8Array.from(bytes));
}

/** Loki's unixToTime: Go's strconv.ParseInt first (its error quoted after Loki's), then the length picks the unit. */
function unixToTime(epoch: string): GoTime {
  if (!/^[+-]?\d+$/.test(epoch)) throw new TemplateError(`unable to parse time '${epoch}': strconv.ParseInt: parsing ${goQuote(epoch)}: invalid syntax`);
  const n = BigInt(epoch);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) throw new TemplateError(`unable to parse time '${epoch}': strconv.ParseInt: parsing ${goQuote(epoch)}: value out of range`);
  switch (epoch.length) {
    case 5: return new GoTime(Number(n) * 86400e3, 0);
    case 10: return new GoTime(Number(n) * 1000, 0);
    case 13: return new GoTime(Number(n), 0);
    case 16: return new GoTime(Number(n / 1000n), Number(n % 1000n) * 1000);
    case 19: return new GoTime(Number(n / 1_000_000n), Number(n % 1_000_000n));
    // Loki wraps a nil error with %w here: Go prints it as %!w(<nil>).
    default: throw new TemplateError(`unable to parse time '${epoch}': %!w(<nil>)`);
  }
}

/** sprig's indent: strings.Repeat(" ", n) before each line (a negative n is Repeat's panic). */
function indent(n: bigint, s: string): string {
  const pad = goRepeat(" ", n);
  try {
    return pad + s.replaceAll("\n", "\n" + pad);
  } catch {
    // A result longer than the engine's strings hold (as goRepeat's): many lines, each given the pad.
    throw tooLong(BigInt(goLen(s)) + BigInt(s.split("\n").length) * n);
  }
}

/**
 * Go 1.23's strings.Repeat: a negative count and a length past int64 are its panics, which the template reports as
 * errors; a length past Go's largest allocation (2^48 bytes) is the runtime's makeslice panic (Loki 3.4.6's words).
 * A shorter text the engine cannot hold (a string in Bun is at most 2^31 - 1 characters) is refused as such.
 */
function goRepeat(s: string, count: bigint): string {
  if (count === 0n) return "";
  if (count === 1n) return s;
  if (count < 0n) throw new TemplateError("strings: negative Repeat count");
  const n = BigInt(goLen(s)) * count;
  if (n >= 2n ** 63n) throw new TemplateError("strings: Repeat output length overflow");
  if (n === 0n) return "";
  if (n > 2n ** 48n) throw new TemplateError("runtime error: makeslice: len out of range");
  try {
    return s.repeat(Number(count));
  } catch {
    throw tooLong(n);
  }
}

/** A result Go would build but the engine's strings cannot hold: the query fails as unsupported (where Loki would try). */
const tooLong = (bytes: bigint) => new TemplateError(`a text of ${bytes} bytes (a template's result longer than the engine's strings)`, true);

/** sprig's trunc: Go byte slicing, so a cut multibyte character shows as U+FFFD, as a client reads Loki's output. */
function goTrunc(c: number, s: string): string {
  const n = goLen(s);
  if (c < 0 && n + c > 0) return goSlice(s, n + c);
  if (c >= 0 && n > c) return goSlice(s, 0, c);
  return s;
}

/** sprig's substring on bytes; out-of-range bounds panic in Go, which the template reports as an error. */
/** Go's indexArg: an integer index within [0, cap], or Go's error. */
function indexArg(v: GoValue | undefined, cap: number): number {
  if (v === null || v === undefined) throw new TemplateError("cannot index slice/array with nil");
  if (!(v instanceof GoInt)) throw new TemplateError(`cannot index slice/array with type ${goTypeName(v)}`);
  if (v.v < 0n || v.v > BigInt(cap)) throw new TemplateError(`index out of range: ${v.v}`);
  return Number(v.v);
}

/** Go's template builtin index over a string (Loki's labels are text): its byte at the index, a uint8; Go's errors otherwise. */
function indexBuiltin(a: GoValue[]): GoValue {
  let item = a[0] ?? null;
  if (item === null) throw new TemplateError("index of untyped nil");
  for (const index of a.slice(1)) {
    if (typeof item !== "string") throw new TemplateError(`can't index item of type ${goTypeName(item)}`);
    const raw = goBytes(item);
    const x = indexArg(index, raw.length);
    // indexArg lets the length through; reflect's Index then panics, which the template reports.
    if (x === raw.length) throw new TemplateError("reflect: string index out of range");
    item = new GoInt(raw[x]!, "uint8");
  }
  return item;
}

/** Go's template builtin slice over a string (Loki's labels are text): item[i:j] of its bytes, Go's errors otherwise. */
function sliceBuiltin(a: GoValue[]): string {
  const item = a[0] ?? null;
  const indexes = a.slice(1);
  if (item === null) throw new TemplateError("slice of untyped nil");
  if (indexes.length > 3) throw new TemplateError(`too many slice indexes: ${indexes.length}`);
  if (typeof item !== "string") throw new TemplateError(`can't slice item of type ${goTypeName(item)}`);
  if (indexes.length === 3) throw new TemplateError("cannot 3-index slice a string");
  const n = goLen(item);
  const idx = [0, n];
  indexes.forEach((v, i) => {
    idx[i] = indexArg(v, n);
  });
  if (idx[0]! > idx[1]!) throw new TemplateError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  return goSlice(item, idx[0]!, idx[1]!);
}

function goSubstring(start: bigint, end: bigint, s: string): string {
  const n = BigInt(goLen(s));
  const panic = (what: string) => {
    throw new TemplateError(`runtime error: slice bounds out of range ${what}`);
  };
  if (start < 0) {
    if (end < 0) panic(`[:${end}]`);
    if (end > n) panic(`[:${end}] with length ${n}`);
    return goSlice(s, 0, Number(end));
  }
  if (end < 0 || end > n) {
    if (start > n) panic(`[${start}:${n}]`);
    return goSlice(s, Number(start));
  }
  if (start > end) panic(`[${start}:${end}]`);
  return goSlice(s, Number(start), Number(end));
}

/** Loki's alignLeft/alignRight: cut to `count` characters, or padded with strings.Repeat's spaces (see goRepeat). */
function align(count: bigint, s: string, left: boolean): string {
  const runes = [...s];
  const length = BigInt(runes.length);
  if (count < 0n || count === length) return s;
  if (count > length) return left ? s + goRepeat(" ", count - length) : goRepeat(" ", count - length) + s;
  const c = Number(count);
  return left ? runes.slice(0, c).join("") : runes.slice(runes.length - c).join("");
}

const f1 = (fn: (a: GoValue | undefined) => GoValue): TemplateFunction => ({ call: (a) => fn(a[0]) });
const s1 = (fn: (s: string, ctx: TemplateContext) => GoValue): TemplateFunction => ({ call: (a, ctx) => fn(str(a[a.length - 1]), ctx) });

const BASE64_VALUE = new Map([..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"].map((c, i) => [c.charCodeAt(0), i]));

/**
 * Sprig's b64dec: Go's base64.StdEncoding.DecodeString, or on bad input its error's text ("illegal base64 data at input
 * byte N"), as Loki prints it. Go's decoder, quantum by quantum: `\r` and `\n` are skipped anywhere; an illegal
 * character is reported where it is; input ending inside a quantum where the quantum began; a missing second `=` at the
 * input's length; anything after the padding where it starts. Not strict: unused bits of the last character may be set.
 */
function sprigB64dec(text: string): string {
  const src = goBytes(text);
  const out: number[] = [];
  const corrupt = (at: number) => `illegal base64 data at input byte ${at}`;
  const newline = (c: number | undefined) => c === 10 || c === 13;
  let si = 0;
  while (si < src.length) {
    const buf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing: number | undefined;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return goText(Uint8Array.from(out));
        return corrupt(si - j);
      }
      const c = src[si++]!;
      const v = BASE64_VALUE.get(c);
      if (v !== undefined) {
        buf[j] = v;
        continue;
      }
      if (newline(c)) {
        j--;
        continue;
      }
      if (c !== 61 || j < 2) return corrupt(si - 1);
      if (j === 2) {
        while (si < src.length && newline(src[si])) si++;
        if (si === src.length) return corrupt(src.length);
        if (src[si] !== 61) return corrupt(si - 1);
        si++;
      }
      while (si < src.length && newline(src[si])) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (buf[0]! << 18) | (buf[1]! << 12) | (buf[2]! << 6) | buf[3]!;
    out.push(...[(val >> 16) & 255, (val >> 8) & 255, val & 255].slice(0, dlen - 1));
    if (trailing !== undefined) return corrupt(trailing);
  }
  return goText(Uint8Array.from(out));
}

/** printf: Go's fmt.Sprintf; what the engine does not emulate fails the query as unsupported. */
function sprintf(format: string, args: GoValue[]): string {
  try {
    return goSprintf(format, args);
  } catch (err) {
    if (err instanceof UnsupportedFormat) throw new TemplateError(err.message, true);
    throw err;
  }
}

export const TEMPLATE_FUNCTIONS: Record<string, TemplateFunction> = {
  __line__: { call: (_a, ctx) => ctx.line },
  __timestamp__: { call: (_a, ctx) => ctx.time },
  // Go builtins
  and: { lazy: (args, piped) => { const all = piped === undefined ? args : [...args, () => piped]; let v: GoValue = null; for (const a of all) { v = a(); if (!truthy(v)) return v; } return v; } },
  or: { lazy: (args, piped) => { const all = piped === undefined ? args : [...args, () => piped]; let v: GoValue = null; for (const a of all) { v = a(); if (truthy(v)) return v; } return v; } },
  not: f1((a) => !truthy(a ?? null)),
  len: {
    call: (a) => {
      const v = a[0] ?? null;
      if (typeof v === "string") return new GoInt(goLen(v));
      // Go's len takes strings (and maps, slices) only; Loki 3.4.6's words for the rest, measured.
      if (v === null) throw new TemplateError("reflect: call of reflect.Value.Type on zero Value");
      throw new TemplateError(`len of type ${goTypeName(v)}`);
    },
  },
  eq: { call: (a) => { if (a.length < 2) throw new TemplateError("missing argument for comparison"); return a.slice(1).some((b) => goEq(a[0] ?? null, b)); } },
  ne: { call: (a) => !goEq(a[0] ?? null, a[1] ?? null) },
  lt: { call: (a) => cmp(a[0] ?? null, a[1] ?? null, true) < 0 },
  le: { call: (a) => cmp(a[0] ?? null, a[1] ?? null, true) <= 0 },
  gt: { call: (a) => cmp(a[0] ?? null, a[1] ?? null, true) > 0 },
  ge: { call: (a) => cmp(a[0] ?? null, a[1] ?? null, true) >= 0 },
  // fmt's Sprint and Sprintln: nil is <nil> there (a template prints a nil value as <no value>).
  print: { call: sprint },
  println: { call: (a) => a.map(fmtValue).join(" ") + "\n" },
  printf: { call: (a) => sprintf(str(a[0]), a.slice(1)) },
  // Go's escapers, of their arguments as evalArgs reads them.
  html: { call: (a) => htmlEscape(evalArgs(a)) },
  js: { call: (a) => jsEscape(evalArgs(a)) },
  urlquery: { call: (a) => queryEscape(evalArgs(a)) },
  slice: { call: (a) => sliceBuiltin(a) },
  index: { call: indexBuiltin },
  // Go strings (deprecated Loki names; argument order as in Go)
  ToLower: s1((s) => goCase(goVisible(s), false)),
  ToUpper: s1((s) => goCase(goVisible(s), true)),
  Replace: { call: (a) => goReplace(str(a[0]), str(a[1]), str(a[2]), intN(a[3] ?? new GoInt(-1))) },
  Trim: { call: (a) => trimSet(str(a[0]), str(a[1]), true, true) },
  TrimLeft: { call: (a) => trimSet(str(a[0]), str(a[1]), true, false) },
  TrimRight: { call: (a) => trimSet(str(a[0]), str(a[1]), false, true) },
  TrimPrefix: { call: (a) => { const s = str(a[0]); const p = str(a[1]); return s.startsWith(p) ? s.slice(p.length) : s; } },
  TrimSuffix: { call: (a) => { const s = str(a[0]); const p = str(a[1]); return p && s.endsWith(p) ? s.slice(0, -p.length) : s; } },
  TrimSpace: s1(goTrimSpace),
  regexReplaceAll: { call: (a) => regexReplace(str(a[0]), str(a[1]), str(a[2]), false) },
  regexReplaceAllLiteral: { call: (a) => regexReplace(str(a[0]), str(a[1]), str(a[2]), true) },
  count: { call: (a) => new GoInt(goMatches(globalRegex(str(a[0])), str(a[1])).length) },
  urlencode: s1(queryEscape),
  urldecode: s1((s) => queryUnescape(s)),
  bytes: s1((s) => { const b = parseBytes(s); if (b === undefined) throw new TemplateError(goBytesError(s)); return b; }),
  duration: s1((s) => { const d = parseGoDurationSeconds(s); if (d === undefined) throw new TemplateError(goDurationError(s)); return d; }),
  duration_seconds: s1((s) => { const d = parseGoDurationSeconds(s); if (d === undefined) throw new TemplateError(goDurationError(s)); return d; }),
  unixEpochMillis: f1((t) => String((t as GoTime).ms)),
  unixEpochNanos: f1((t) => String((t as GoTime).unixNanos)),
  unixToTime: s1(unixToTime),
  alignLeft: { call: (a) => align(int(a[0]), str(a[1]), true) },
  alignRight: { call: (a) => align(int(a[0]), str(a[1]), false) },
  // sprig
  b64enc: s1((s) => Buffer.from(goBytes(s)).toString("base64")),
  b64dec: s1((s) => sprigB64dec(s)),
  lower: s1((s) => goCase(goVisible(s), false)),
  upper: s1((s) => goCase(goVisible(s), true)),
  title: s1(goTitle),
  trunc: { call: (a) => goTrunc(intN(a[0]), str(a[1])) },
  substr: { call: (a) => goSubstring(int(a[0]), int(a[1]), str(a[2])) },
  contains: { call: (a) => str(a[1]).includes(str(a[0])) },
  hasPrefix: { call: (a) => str(a[1]).startsWith(str(a[0])) },
  hasSuffix: { call: (a) => str(a[1]).endsWith(str(a[0])) },
  indent: { call: (a) => indent(int(a[0]), str(a[1])) },
  nindent: { call: (a) => "\n" + indent(int(a[0]), str(a[1])) },
  replace: { call: (a) => goReplace(str(a[2]), str(a[0]), str(a[1]), -1) },
  repeat: { call: (a) => goRepeat(str(a[1]), int(a[0])) },
  trim: s1(goTrimSpace),
  trimAll: { call: (a) => trimSet(str(a[1]), str(a[0]), true, true) },
  trimSuffix: { call: (a) => { const s = str(a[1]); const p = str(a[0]); return p && s.endsWith(p) ? s.slice(0, -p.length) : s; } },
  trimPrefix: { call: (a) => { const s = str(a[1]); const p = str(a[0]); return s.startsWith(p) ? s.slice(p.length) : s; } },
  int: f1((v) => new GoInt(int(v))),
  float64: f1((v) => float(v)),
  // Go's int64 arithmetic: exact, wrapped to 64 bits at each step (a GoInt wraps its value); / and % truncate toward
  // zero, as BigInt's do, and min / -1 wraps to min.
  add: { call: (a) => new GoInt(a.reduce<bigint>((acc, v) => int64(acc + int(v)), 0n), "int64") },
  sub: { call: (a) => new GoInt(int(a[0]) - int(a[1]), "int64") },
  mul: { call: (a) => new GoInt(a.slice(1).reduce<bigint>((acc, v) => int64(acc * int(v)), int(a[0])), "int64") },
  div: { call: (a) => { const d = int(a[1]); if (d === 0n) throw new TemplateError("runtime error: integer divide by zero"); return new GoInt(int(a[0]) / d, "int64"); } },
  mod: { call: (a) => { const d = int(a[1]); if (d === 0n) throw new TemplateError("runtime error: integer divide by zero"); return new GoInt(int(a[0]) % d, "int64"); } },
  addf: { call: (a) => decimal("add", 0, a.map(float)) },
  subf: { call: (a) => decimal("sub", float(a[0]), a.slice(1).map(float)) },
  mulf: { call: (a) => decimal("mul", 1, a.map(float)) },
  divf: { call: (a) => decimal("div", float(a[0]), a.slice(1).map(float)) },
  max: { call: (a) => new GoInt(a.map(int).reduce((m, v) => (v > m ? v : m)), "int64") },
  min: { call: (a) => new GoInt(a.map(int).reduce((m, v) => (v < m ? v : m)), "int64") },
  maxf: { call: (a) => Math.max(...a.map(float)) },
  minf: { call: (a) => Math.min(...a.map(float)) },
  ceil: f1((v) => Math.ceil(float(v))),
  floor: f1((v) => Math.floor(float(v))),
  // sprig's round: math.Modf's fraction (negative below zero) against the threshold, then Ceil or Floor.
  round: { call: (a) => { const p = a.length > 1 ? intN(a[1]) : 0; const r = a.length > 2 ? float(a[2]) : 0.5; const pow = 10 ** p; const d = float(a[0]) * pow; const frac = d - Math.trunc(d); const rounded = frac >= r ? Math.ceil(d) : Math.floor(d); return rounded / pow; } },
  date: { call: (a) => formatGoTime(str(a[0]), sprigTime(a[1])) },
  now: { call: () => { const ms = Date.now(); return new GoTime(ms, 0); } },
  unixEpoch: f1((t) => String(Math.floor((t as GoTime).ms / 1000))),
  // sprig's default(d, given...): the first given value (not the last) unless it is empty, else d.
  default: { call: (a) => { const given = a.length > 1 ? a[1]! : null; return truthy(given) ? given : (a[0] ?? null); } },
};

/**
 * Each function's Go parameters, which Go's template executor checks before calling it: `s` string, `i` int, `f` float64, `t`
 * time.Time, `a` any (interface{} or reflect.Value); the second element, when there, is the type of a variadic rest.
 * A call with another number of arguments, or a value of another type for an `s`, `i`, `f` or `t` parameter, is an error
 * of the template (as in Loki: `{{ .s | upper 1 }}`, `{{ add .n 1 | upper }}` are not run).
 */
export const SIGNATURES: Record<string, readonly [fixed: string, rest?: string]> = {
  __line__: [""], __timestamp__: [""],
  and: ["a", "a"], or: ["a", "a"], not: ["a"], len: ["a"],
  eq: ["a", "a"], ne: ["aa"], lt: ["aa"], le: ["aa"], gt: ["aa"], ge: ["aa"],
  print: ["", "a"], println: ["", "a"], printf: ["s", "a"], html: ["", "a"], js: ["", "a"], urlquery: ["", "a"], slice: ["a", "a"], index: ["a", "a"],
  ToLower: ["s"], ToUpper: ["s"], Replace: ["sssi"], Trim: ["ss"], TrimLeft: ["ss"], TrimRight: ["ss"],
  TrimPrefix: ["ss"], TrimSuffix: ["ss"], TrimSpace: ["s"],
  regexReplaceAll: ["sss"], regexReplaceAllLiteral: ["sss"], count: ["ss"], urlencode: ["s"], urldecode: ["s"],
  bytes: ["s"], duration: ["s"], duration_seconds: ["s"], unixEpochMillis: ["t"], unixEpochNanos: ["t"],
  unixToTime: ["s"], alignLeft: ["is"], alignRight: ["is"], b64enc: ["s"], b64dec: ["s"],
  lower: ["s"], upper: ["s"], title: ["s"], trunc: ["is"], substr: ["iis"], contains: ["ss"], hasPrefix: ["ss"],
  hasSuffix: ["ss"], indent: ["is"], nindent: ["is"], replace: ["sss"], repeat: ["is"], trim: ["s"], trimAll: ["ss"],
  trimSuffix: ["ss"], trimPrefix: ["ss"],
  int: ["a"], float64: ["a"], add: ["", "a"], sub: ["aa"], mul: ["a", "a"], div: ["aa"], mod: ["aa"],
  addf: ["", "a"], subf: ["a", "a"], mulf: ["a", "a"], divf: ["a", "a"], max: ["a", "a"], min: ["a", "a"],
  maxf: ["a", "a"], minf: ["a", "a"], ceil: ["a"], floor: ["a"], round: ["ai", "f"], date: ["sa"], now: [""],
  unixEpoch: ["t"], default: ["a", "a"],
};

/** Go templates' truth: false, 0, nil and the empty string are false. */
export function truthy(v: GoValue): boolean {
  if (v === null || v === false || v === "") return false;
  if (typeof v === "number") return v !== 0;
  if (v instanceof GoInt) return v.v !== 0n;
  return true;
}

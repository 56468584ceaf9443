// Literal values of LogQL: quoted strings (Go rules), durations (Prometheus and Go forms), byte sizes and numbers.
import { goFloatFailure, parseGoFloat } from "../util/go-float.ts";
import { goBytes, goCase, goHasEscapedBytes, validRuneSize } from "./go-utf8.ts";

export { parseGoFloat };

/** Unquotes a "…" (Go escapes) or `…` (raw) string literal; returns undefined when it is malformed. */
export function unquote(text: string): string | undefined {
  return unquoteBytes(text)?.value;
}

/**
 * Unquotes a "…" (Go escapes) or `…` (raw) string literal as Go does: `\xNN` and octal escapes are bytes, the rest
 * UTF-8, and the whole is read as UTF-8 (`"\xc3\xbc"` is `ü`). `utf8` is false when those bytes are no UTF-8 text
 * (`"\xc3"` alone): Loki then matches the bytes as they are, which text cannot (invalid bytes read as U+FFFD).
 * Undefined when the literal is malformed.
 */
export function unquoteBytes(text: string): { value: string; utf8: boolean } | undefined {
  if (text.length >= 2 && text.startsWith("`") && text.endsWith("`")) return { value: text.slice(1, -1), utf8: true };
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  const body = text.slice(1, -1);
  if (!body.includes("\\")) return body.includes('"') || body.includes("\n") ? undefined : { value: body, utf8: true };
  let out = "";
  /** Bytes of \x and octal escapes not yet joined to the text (they may form one character together). */
  let bytes: number[] = [];
  let utf8 = true;
  const flush = () => {
    if (bytes.length === 0) return;
    const buf = Buffer.from(bytes);
    const decoded = buf.toString("utf8");
    if (!Buffer.from(decoded).equals(buf)) utf8 = false;
    out += decoded;
    bytes = [];
  };
  const add = (t: string) => {
    flush();
    out += t;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === "\n") return undefined;
    if (c !== "\\") {
      add(c);
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "a": add("\x07"); break;
      case "b": add("\b"); break;
      case "f": add("\f"); break;
      case "n": add("\n"); break;
      case "r": add("\r"); break;
      case "t": add("\t"); break;
      case "v": add("\v"); break;
      case "\\": add("\\"); break;
      case '"': add('"'); break;
      case "'": return undefined; // Go rejects \' inside "…"
      case "x":
      case "u":
      case "U": {
        const len = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
        const code = parseInt(hex, 16);
        if (e === "x") bytes.push(code);
        else {
          if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
          add(String.fromCodePoint(code));
        }
        i += len;
        break;
      }
      default: {
        if (e !== undefined && e >= "0" && e <= "7") {
          const oct = body.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(oct)) return undefined;
          const code = parseInt(oct, 8);
          if (code > 255) return undefined;
          bytes.push(code);
          i += 2;
          break;
        }
        return undefined;
      }
    }
  }
  flush();
  return { value: out, utf8 };
}

const PROM_UNITS: Record<string, number> = { y: 365 * 86400e3, w: 7 * 86400e3, d: 86400e3, h: 3600e3, m: 60e3, s: 1e3, ms: 1 };

/** A Prometheus duration (`1h30m`, `5m`, `250ms`, `2d`) in milliseconds; undefined when malformed. */
export function parsePromDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const re = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
  const m = re.exec(text);
  if (!m || text === "") return undefined;
  const units = ["y", "w", "d", "h", "m", "s", "ms"];
  let ms = 0;
  for (let i = 0; i < units.length; i++) if (m[i + 1]) ms += Number(m[i + 1]) * PROM_UNITS[units[i]!]!;
  return ms;
}

/**
 * An `offset` as Loki's lexer reads it: a Prometheus duration (`1h30m`, `2d`), else Go's time.ParseDuration (`1.5m`,
 * `300us`, `-1h`: a negative offset looks ahead of the query's time), in milliseconds; undefined when malformed. A `+`
 * is not part of it: Loki's lexer reads it as an operator.
 */
export function parseOffsetMs(text: string): number | undefined {
  const prom = parsePromDuration(text);
  if (prom !== undefined) return prom;
  if (text.startsWith("+")) return undefined;
  const seconds = parseGoDurationSeconds(text);
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Go's duration units in nanoseconds. */
const GO_UNITS: Record<string, number> = { ns: 1, us: 1e3, "\u00b5s": 1e3, "\u03bcs": 1e3, ms: 1e6, s: 1e9, m: 6e10, h: 3.6e12 };

/**
 * Go's time.ParseDuration (`1.5h`, `300ms`, `-2m3s`, `0`) in seconds, as Duration.Seconds() gives them: whole
 * nanoseconds first (so 691ms is 0.691, not 0.6910000000000001); undefined when malformed.
 */
export function parseGoDurationSeconds(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return undefined;
  let ns = 0;
  // Go counts in an int64 of nanoseconds and refuses what does not fit ("time: invalid duration"): counted exactly here.
  let exact = 0n;
  const re = /^(\d*)(?:\.(\d*))?([a-z\u00b5\u03bc]+)/;
  while (s.length) {
    const m = re.exec(s);
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) return undefined;
    // An own unit only: a label value "1constructor" must not find Object.prototype's members.
    const unit = Object.hasOwn(GO_UNITS, m[3]!) ? GO_UNITS[m[3]!] : undefined;
    if (unit === undefined) return undefined;
    ns += Number(m[1] || "0") * unit;
    exact += BigInt(m[1] || "0") * BigInt(unit);
    const frac = m[2] ?? "";
    if (frac) {
      const part = Math.trunc(Number(frac) * (unit / 10 ** frac.length));
      ns += part;
      exact += BigInt(part);
    }
    if (exact > (sign < 0 ? 2n ** 63n : 2n ** 63n - 1n)) return undefined;
    s = s.slice(m[0].length);
  }
  return sign * (Math.trunc(ns / 1e9) + (ns % 1e9) / 1e9);
}

/** The error Go's time.ParseDuration gives for a text parseGoDurationSeconds refuses. */
export function goDurationError(text: string): string {
  let s = text.startsWith("-") || text.startsWith("+") ? text.slice(1) : text;
  while (s.length) {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[1] === "" && !m[2]) break;
    // Go reads the whole number first and gives up on one over 2^63 before it looks at the unit.
    if (m[1] !== "" && BigInt(m[1]!) > 2n ** 63n) break;
    s = s.slice(m[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === "") return `time: missing unit in duration ${timeQuote(text)}`;
    if (!Object.hasOwn(GO_UNITS, unit)) return `time: unknown unit ${timeQuote(unit)} in duration ${timeQuote(text)}`;
    s = s.slice(unit.length);
  }
  return `time: invalid duration ${timeQuote(text)}`;
}

/**
 * The quoting of Go's time package (its errors' own, not strconv.Quote): in double quotes, `"` and `\\` escaped, every
 * byte of a character below a space or beyond ASCII written as \xNN (`"١"` is `"\xd9\xa1"`), the rest as it is.
 */
export function timeQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c >= 0x80) for (const b of Buffer.from(ch, "utf8")) out += `\\x${b.toString(16).padStart(2, "0")}`;
    else out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
  }
  return out + '"';
}

/** A duration written in a query (Go or Prometheus form, e.g. `10s`, `1.5h`, `2d`) in seconds. */
export function parseQueryDurationSeconds(text: string): number | undefined {
  const go = parseGoDurationSeconds(text);
  if (go !== undefined) return go;
  const prom = parsePromDuration(text);
  return prom === undefined ? undefined : prom / 1000;
}

const BYTE_UNITS: Record<string, number> = {
  "": 1, b: 1,
  k: 1e3, kb: 1e3, ki: 1024, kib: 1024,
  m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
  g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3,
  t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
  p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5,
  e: 1e18, eb: 1e18, ei: 1024 ** 6, eib: 1024 ** 6,
};

/** unicode.IsSpace: what Go's strings.TrimSpace trims (not U+FEFF or U+200B, which JavaScript's trim() also trims; U+0085, which it keeps). */
export const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

/** Go's strings.TrimSpace. */
export function goTrimSpace(s: string): string {
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && GO_SPACE.test(chars[a]!)) a++;
  while (b > a && GO_SPACE.test(chars[b - 1]!)) b--;
  return chars.slice(a, b).join("");
}

/**
 * go-humanize's ParseBytes, step by step: the number is the leading run of characters that are digits
 * (unicode.IsDigit: any decimal digit, `١` too), `.` or `,`, counted in characters but cut from the text at that many
 * bytes (so `١٢KB` reads the number "١", one character of two bytes, and fails on it); commas are dropped; the rest,
 * trimmed (strings.TrimSpace) and lowered (strings.ToLower: `KİB` is "kib"), names the unit; a size of 2^64 bytes
 * or more is "too large". A whole number of bytes, or Go's error text.
 */
function goParseBytes(text: string): number | { error: string } {
  let count = 0;
  let hasComma = false;
  for (const ch of text) {
    if (!(ch === "." || ch === "," || /^\p{Nd}$/u.test(ch))) break;
    if (ch === ",") hasComma = true;
    count++;
  }
  const utf8 = Buffer.from(text, "utf8");
  let numBytes: Uint8Array = utf8.subarray(0, count);
  if (hasComma) numBytes = numBytes.filter((b) => b !== 0x2c);
  // A byte beyond ASCII (a digit of another script, or part of one) is no number for ParseFloat.
  if (numBytes.some((b) => b >= 0x80)) return { error: `strconv.ParseFloat: parsing ${goQuote(numBytes)}: invalid syntax` };
  const num = Buffer.from(numBytes).toString("latin1");
  const value = parseGoFloat(num);
  if (value === undefined) return { error: goFloatError(num) };
  // Every byte of the number is ASCII here, so the rest starts at character `count`.
  const extra = goCase(goTrimSpace(text.slice(count)), false);
  const unit = Object.hasOwn(BYTE_UNITS, extra) ? BYTE_UNITS[extra] : undefined;
  if (unit === undefined) return { error: `unhandled size name: ${extra}` };
  const bytes = value * unit;
  if (bytes >= 2 ** 64) return { error: `too large: ${text}` };
  return Math.floor(bytes);
}

/** go-humanize's ParseBytes (`5 MiB`, `3k`, `1G`, `20KB`, `42`): a whole number of bytes; undefined when malformed. */
export function parseBytes(text: string): number | undefined {
  const r = goParseBytes(text);
  return typeof r === "number" ? r : undefined;
}

/** go-humanize's ParseBytes error for a text parseBytes refuses (see goParseBytes). */
export function goBytesError(v: string): string {
  const r = goParseBytes(v);
  return typeof r === "number" ? "" : r.error;
}

/** The error Go's strconv.ParseFloat gives for a text parseGoFloat refuses (Loki puts it in `__error_details__`). */
export function goFloatError(text: string): string {
  return `strconv.ParseFloat: parsing ${goQuote(text)}: ${goFloatFailure(text)}`;
}

/**
 * A number literal of the query language as Loki reads one (strconv.ParseFloat: decimal with an optional exponent);
 * undefined otherwise. A hexadecimal integer (`0x1F`) is refused, as Loki refuses it.
 */
export function parseNumberLiteral(text: string): number | undefined {
  return parseGoFloat(text);
}

/** Go's strconv.Quote (QuoteToASCII when `ascii`): in double quotes, each character as goEscapeRune writes it; of bytes, one that starts no valid UTF-8 character as \xNN. */
export function goQuote(text: string | Uint8Array, ascii = false): string {
  let out = '"';
  // A template's text holding bytes of invalid UTF-8 (escaped, see goText) is quoted as the bytes Go holds.
  if (typeof text === "string" && goHasEscapedBytes(text)) text = goBytes(text);
  if (typeof text === "string") for (const ch of text) out += goEscapeRune(ch.codePointAt(0)!, 0x22, ascii);
  else
    for (let i = 0; i < text.length; ) {
      // Bytes (a Go string that may hold no UTF-8): a byte that starts no valid character is \xNN.
      const size = validRuneSize(text, i);
      if (size === 0) out += "\\x" + text[i]!.toString(16).padStart(2, "0");
      else out += goEscapeRune(Buffer.from(text.subarray(i, i + size)).toString("utf8").codePointAt(0)!, 0x22, ascii);
      i += size || 1;
    }
  return out + '"';
}

/** strconv.IsPrint beyond ASCII: letters, marks, numbers, punctuation and symbols (by the JavaScript engine's Unicode tables, which may be newer than Go 1.23's 15.0). */
const GO_PRINT = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

/** strconv.IsPrint: printable ASCII (space to ~), and GO_PRINT's characters beyond it. */
export function isGoPrint(c: number): boolean {
  if (c < 0x80) return c >= 0x20 && c < 0x7f;
  return GO_PRINT.test(String.fromCodePoint(c));
}

/** strconv's named escapes. */
const NAMED_ESCAPES: Record<number, string> = { 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 0x5c: "\\\\" };

/**
 * One character as strconv quotes it between quotes of code `quote` (Quote's ", QuoteRune's '): that quote and the
 * backslash escaped, the named escapes, a printable character as it is (above ASCII only when not `ascii`), else
 * \xNN (control characters), \uNNNN or \UNNNNNNNN.
 */
export function goEscapeRune(c: number, quote: number, ascii: boolean): string {
  if (c === quote) return "\\" + String.fromCharCode(c);
  const named = NAMED_ESCAPES[c];
  if (named !== undefined) return named;
  if (isGoPrint(c) && !(ascii && c >= 0x80)) return String.fromCodePoint(c);
  if (c < 0x20 || c === 0x7f) return "\\x" + c.toString(16).padStart(2, "0");
  if (c < 0x10000) return "\\u" + c.toString(16).padStart(4, "0");
  return "\\U" + c.toString(16).padStart(8, "0");
}

/**
 * A byte size written in a label filter as Loki's queriers see it: the query frontend passes the query on as text,
 * printing the size with go-humanize's Bytes (SI units, one decimal below 10) and parsing it again, so `1KiB` and
 * `1024B` become 1000 and `12345B` becomes 12000.
 */
export function humanizedBytes(bytes: number): number {
  if (bytes < 10) return bytes;
  const e = Math.floor(Math.log(bytes) / Math.log(1000));
  const unit = 1000 ** e;
  const val = Math.floor((bytes / unit) * 10 + 0.5) / 10;
  // %.1f below 10, else %.0f (Go rounds half to even there).
  const shown = val < 10 ? val : roundHalfEven(val);
  return Math.trunc(shown * unit);
}

function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Go's integer literal forms as strconv.ParseInt(s, 0, 64) reads them, in go-float.ts's style: a sign, then a 0b/0o/0x
 * prefix (a `_` may follow it), a leading 0 (octal: `017` is 15, `08` no number), or decimal; `_` only between digits.
 */
const GO_INT = /^[+-]?(?:0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|0(?:_?[0-7])*|[1-9](?:_?\d)*)$/;

/** A text of GO_INT's syntax read exactly, whatever its size; undefined for a syntax error. */
export function readGoInteger(s: string): bigint | undefined {
  if (!GO_INT.test(s)) return undefined;
  const neg = s[0] === "-";
  const body = s.replace(/^[+-]/, "").replaceAll("_", "");
  // BigInt reads 0b, 0o and 0x itself, but a leading 0 as decimal: Go's is octal.
  const n = BigInt(/^0\d/.test(body) ? `0o${body.slice(1)}` : body);
  return neg ? -n : n;
}

/** Go's strconv.ParseInt(s, 0, 64) (see GO_INT); undefined for a syntax error or a value outside int64. */
export function parseGoInt(s: string): bigint | undefined {
  const n = readGoInteger(s);
  return n === undefined || n < -(2n ** 63n) || n >= 2n ** 63n ? undefined : n;
}

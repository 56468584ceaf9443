// The text arguments of a pickle's protocol 0-2 opcodes as Python's C unpickler (_pickle, what pickle.load uses) reads
// them: a Python 2 string (STRING, BINSTRING, SHORT_BINSTRING) decoded as ASCII, pickle.load's default encoding, after
// STRING's quotes and escapes; UNICODE's raw-unicode-escape escapes.

/** A problem in a text argument: what is wrong, and the offset (in the argument) of the escape it is in, if one. */
export interface TextProblem {
  /** How the problem reads after "the argument of NAME at byte N ": `is not quoted …`, `has a truncated \uXXXX escape`. */
  what: string;
  at?: number;
  /** For a Python 2 string that is not ASCII: the byte (as decoded) that is not. */
  byte?: number;
}

const BACKSLASH = 0x5c;
const hexValue = (c: number) => (c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : c >= 0x41 && c <= 0x46 ? c - 0x37 : 16);
const isOctal = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x37;

/**
 * STRING's line (without its newline) as load_string reads it: quoted by the same quote at both ends, the text between
 * decoded as bytes escapes are (PyBytes_DecodeEscape, strict: `\x` needs two hex digits, a lone `\` at the end fails; an
 * unknown escape stays as written; an octal one past \377 keeps its low byte), then as ASCII.
 */
export function stringOpcodeProblem(line: Uint8Array): TextProblem | undefined {
  const len = line.length;
  if (!(len >= 2 && line[0] === line[len - 1] && (line[0] === 0x27 || line[0] === 0x22))) return { what: "is not quoted (the STRING opcode argument must be)" };
  const end = len - 1;
  let firstNonAscii: TextProblem | undefined;
  const decoded = (byte: number, at: number) => {
    if (byte >= 0x80 && firstNonAscii === undefined) firstNonAscii = { what: "is not ASCII", at, byte };
  };
  for (let i = 1; i < end; ) {
    const c = line[i]!;
    if (c !== BACKSLASH) {
      decoded(c, i);
      i++;
      continue;
    }
    const escape = i;
    i++;
    if (i === end) return { what: "ends in a lone \\", at: escape };
    const e = line[i++]!;
    if (e >= 0x30 && e <= 0x37) {
      let v = e - 0x30;
      if (i < end && isOctal(line[i])) {
        v = (v << 3) + line[i++]! - 0x30;
        if (i < end && isOctal(line[i])) v = (v << 3) + line[i++]! - 0x30;
      }
      decoded(v & 0xff, escape);
    } else if (e === 0x78) {
      if (i + 1 < end && hexValue(line[i]!) < 16 && hexValue(line[i + 1]!) < 16) {
        decoded((hexValue(line[i]!) << 4) + hexValue(line[i + 1]!), escape);
        i += 2;
      } else return { what: "has an invalid \\x escape", at: escape };
    }
    // \\ \' \" \a \b \f \n \r \t \v and a line break give ASCII; an unknown escape is kept as written, its backslash and
    // the character after it, which the loop reads next.
    else if (!"\\'\"abfnrtv\n".includes(String.fromCharCode(e))) i--;
  }
  return firstNonAscii;
}

/**
 * UNICODE's line (without its newline) as raw-unicode-escape decodes it (strict): a `\u` or `\U` after an odd number of
 * backslashes takes 4 or 8 hex digits, and a `\U` at most U+10FFFF; every other byte is the Latin-1 character it is.
 */
export function unicodeOpcodeProblem(line: Uint8Array): TextProblem | undefined {
  const len = line.length;
  for (let i = 0; i < len; ) {
    if (line[i] !== BACKSLASH) {
      i++;
      continue;
    }
    const run = i;
    while (i < len && line[i] === BACKSLASH) i++;
    const u = line[i];
    if ((i - run) % 2 === 0 || (u !== 0x75 && u !== 0x55)) continue;
    const escape = i - 1;
    const count = u === 0x75 ? 4 : 8;
    const shown = u === 0x75 ? "\\uXXXX" : "\\UXXXXXXXX";
    i++;
    let ch = 0;
    for (let k = 0; k < count; k++, i++) {
      const d = i < len ? hexValue(line[i]!) : 16;
      if (d === 16) return { what: `has a truncated ${shown} escape`, at: escape };
      ch = ch * 16 + d;
    }
    if (ch > 0x10ffff) return { what: "has a \\U escape past U+10FFFF", at: escape };
  }
  return undefined;
}

/** A text argument as a failure shows it: JSON-quoted, cut at 40 characters. */
function shownText(line: Uint8Array): string {
  const text = Buffer.from(line.subarray(0, 40)).toString("latin1");
  return `${JSON.stringify(text)}${line.length > 40 ? "…" : ""}`;
}

/** C's isspace and Python's Py_ISSPACE, which agree: space, \t, \n, \v, \f, \r. */
const isSpace = (c: number | undefined) => c === 0x20 || (c !== undefined && c >= 0x09 && c <= 0x0d);
const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
/** The most decimal digits Python's int() reads (sys.int_info.default_max_str_digits, Python 3.11 and later). */
const MAX_STR_DIGITS = 4300;

/** `line` as a C string: cut at its first NUL, as the unpickler's C code reads it. */
function cString(line: Uint8Array): Uint8Array {
  const nul = line.indexOf(0);
  return nul < 0 ? line : line.subarray(0, nul);
}

/**
 * Whether Python's int(text, 0) (PyLong_FromString, base 0) reads `s` whole: spaces around, a sign, a 0x, 0o or 0b
 * prefix (then one `_` may follow), digits with single `_` between them, no leading zero before another digit in
 * decimal (`010`), and at most MAX_STR_DIGITS decimal digits.
 */
function pythonIntReads(s: Uint8Array): boolean {
  let i = 0;
  while (isSpace(s[i])) i++;
  if (s[i] === 0x2b || s[i] === 0x2d) i++;
  let base = 10;
  let zeroOnly = false;
  if (s[i] === 0x30) {
    const p = (s[i + 1] ?? 0) | 0x20;
    if (p === 0x78) base = 16;
    else if (p === 0x6f) base = 8;
    else if (p === 0x62) base = 2;
    else zeroOnly = true;
    if (base !== 10) {
      i += 2;
      if (s[i] === 0x5f) i++;
    }
  }
  const digit = (c: number | undefined) => c !== undefined && hexValue(c) < base && (base === 16 || isDigit(c));
  let digits = 0;
  let nonZero = false;
  while (digit(s[i])) {
    digits++;
    if (s[i] !== 0x30) nonZero = true;
    i++;
    if (s[i] === 0x5f && digit(s[i + 1])) i++;
  }
  if (digits === 0 || (zeroOnly && nonZero) || (base === 10 && digits > MAX_STR_DIGITS)) return false;
  while (isSpace(s[i])) i++;
  return i === s.length;
}

/**
 * Whether C's strtol(s, &end, 0) reads `s` (a line cut at its first NUL, without its newline) to its end, within a
 * long: spaces before, a sign, then hex after 0x, octal after 0 (`010` is 8), else decimal.
 */
function strtolReads(s: Uint8Array): boolean {
  let i = 0;
  while (isSpace(s[i])) i++;
  let negative = false;
  if (s[i] === 0x2b || s[i] === 0x2d) negative = s[i++] === 0x2d;
  let base = 10;
  if (s[i] === 0x30 && ((s[i + 1] ?? 0) | 0x20) === 0x78 && i + 2 < s.length && hexValue(s[i + 2]!) < 16) {
    base = 16;
    i += 2;
  } else if (s[i] === 0x30) base = 8;
  let value = 0n;
  const start = i;
  while (i < s.length && hexValue(s[i]!) < base && (base === 16 || isDigit(s[i]))) value = value * BigInt(base) + BigInt(hexValue(s[i++]!));
  // No digit: strtol's end is the text's start, accepted when the text ends there (a NUL first: it reads 0).
  if (i === start) return s.length === 0;
  if (value > (negative ? 1n << 63n : (1n << 63n) - 1n)) return false;
  return i === s.length;
}

/**
 * INT's line (without its newline) as load_int reads it: strtol with base 0 to the newline (or a NUL), else Python's
 * int() of the line; LONG's (`long`) as load_long does: its `L` at the end dropped, Python's int() of the rest.
 */
export function intOpcodeProblem(line: Uint8Array, long = false): TextProblem | undefined {
  if (!long && plainInt(line)) return undefined;
  const what = () => ({ what: `is no whole number Python's int() reads (${shownText(line)})` });
  if (line.length === 0) return what();
  if (long) return pythonIntReads(cString(line[line.length - 1] === 0x4c ? line.subarray(0, -1) : line)) ? undefined : what();
  const c = cString(line);
  return strtolReads(c) || pythonIntReads(c) ? undefined : what();
}

/** An INT as Python writes one (`-12`, `0`, `00` and `01` for False and True): read at once, whatever else reads it. */
function plainInt(line: Uint8Array): boolean {
  const from = line[0] === 0x2d ? 1 : 0;
  const n = line.length - from;
  if (n < 1 || n > 18 || (line[from] === 0x30 && !(n === 1 || (n === 2 && from === 0 && (line[1] === 0x30 || line[1] === 0x31))))) return false;
  for (let i = from; i < line.length; i++) if (!isDigit(line[i])) return false;
  return true;
}

/** A float as Python's strtod reads one from the start of a text (no space before it: then it reads none). */
const FLOAT_TEXT = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)/i;

/**
 * FLOAT's line (without its newline) as load_float reads it: a float from its first byte (PyOS_string_to_double) up to
 * the newline or a NUL, not too large for a double (an OverflowError; too small is 0).
 */
export function floatOpcodeProblem(line: Uint8Array): TextProblem | undefined {
  const c = cString(line);
  const s = Buffer.from(c.buffer, c.byteOffset, c.length).toString("latin1");
  const m = FLOAT_TEXT.exec(s);
  if (!m || m[0].length !== s.length) return { what: `is no number Python's float reader takes (${shownText(line)})` };
  if (!/[in]/i.test(m[0]) && !Number.isFinite(Number(m[0]))) return { what: `is a number too large for a float (${shownText(line)}: OverflowError)` };
  return undefined;
}

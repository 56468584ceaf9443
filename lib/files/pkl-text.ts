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

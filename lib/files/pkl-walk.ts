// Reads a pickle's opcodes and their arguments to its STOP, as Python's unpickler reads them, without running any: a
// file cut short (an argument or a frame past its end) or damaged (an unknown opcode, an opcode the stack cannot take:
// pkl-stack.ts) is found wherever it breaks.
import { openSync, readSync, closeSync } from "node:fs";
import { readChunks, isGzipPath } from "../util/read-chunks.ts";
import { PickleStack } from "./pkl-stack.ts";
import { floatOpcodeProblem, intOpcodeProblem, stringOpcodeProblem, unicodeOpcodeProblem, type TextProblem } from "./pkl-text.ts";

/** How each opcode's argument is read (pickletools' argument descriptors). */
type Arg =
  | { fixed: number }
  | { line: 1 | 2 }
  /** A length of `size` bytes (little-endian; `signed` for int4), then that many bytes. */
  | { counted: 1 | 4 | 8; signed?: true };

const NONE: Arg = { fixed: 0 };

/** Every opcode of protocols 0 to 5 (pickletools.opcodes), by its byte. */
const OPCODES = new Map<number, { name: string; arg: Arg }>();
function op(code: string, name: string, arg: Arg): void {
  OPCODES.set(code.charCodeAt(0), { name, arg });
}
for (const [code, name] of [
  ["(", "MARK"], [".", "STOP"], ["0", "POP"], ["1", "POP_MARK"], ["2", "DUP"], ["N", "NONE"], ["Q", "BINPERSID"], ["R", "REDUCE"],
  ["a", "APPEND"], ["b", "BUILD"], ["d", "DICT"], ["}", "EMPTY_DICT"], ["e", "APPENDS"], ["l", "LIST"], ["]", "EMPTY_LIST"],
  ["o", "OBJ"], ["s", "SETITEM"], ["t", "TUPLE"], [")", "EMPTY_TUPLE"], ["u", "SETITEMS"], ["\x81", "NEWOBJ"],
  ["\x85", "TUPLE1"], ["\x86", "TUPLE2"], ["\x87", "TUPLE3"], ["\x88", "NEWTRUE"], ["\x89", "NEWFALSE"], ["\x8f", "EMPTY_SET"],
  ["\x90", "ADDITEMS"], ["\x91", "FROZENSET"], ["\x92", "NEWOBJ_EX"], ["\x93", "STACK_GLOBAL"], ["\x94", "MEMOIZE"],
  ["\x97", "NEXT_BUFFER"], ["\x98", "READONLY_BUFFER"],
] as const) op(code, name, NONE);
for (const [code, name, size] of [
  ["J", "BININT", 4], ["K", "BININT1", 1], ["M", "BININT2", 2], ["h", "BINGET", 1], ["j", "LONG_BINGET", 4], ["q", "BINPUT", 1],
  ["r", "LONG_BINPUT", 4], ["G", "BINFLOAT", 8], ["\x80", "PROTO", 1], ["\x82", "EXT1", 1], ["\x83", "EXT2", 2], ["\x84", "EXT4", 4],
  ["\x95", "FRAME", 8],
] as const) op(code, name, { fixed: size });
for (const [code, name] of [["F", "FLOAT"], ["I", "INT"], ["L", "LONG"], ["P", "PERSID"], ["S", "STRING"], ["V", "UNICODE"], ["g", "GET"], ["p", "PUT"]] as const) op(code, name, { line: 1 });
for (const [code, name] of [["c", "GLOBAL"], ["i", "INST"]] as const) op(code, name, { line: 2 });
op("T", "BINSTRING", { counted: 4, signed: true });
op("U", "SHORT_BINSTRING", { counted: 1 });
op("X", "BINUNICODE", { counted: 4 });
op("B", "BINBYTES", { counted: 4 });
op("C", "SHORT_BINBYTES", { counted: 1 });
op("\x8a", "LONG1", { counted: 1 });
op("\x8b", "LONG4", { counted: 4, signed: true });
op("\x8c", "SHORT_BINUNICODE", { counted: 1 });
op("\x8d", "BINUNICODE8", { counted: 8 });
op("\x8e", "BINBYTES8", { counted: 8 });
op("\x96", "BYTEARRAY8", { counted: 8 });

/** The table by byte, for the walk's lookups. */
const BY_CODE: ({ name: string; arg: Arg } | undefined)[] = Array.from({ length: 256 }, (_, i) => OPCODES.get(i));

/** Whether a byte is an opcode of some protocol (0 to 5): what a pickle can start with. */
export const isPickleOpcode = (byte: number): boolean => BY_CODE[byte] !== undefined;

/** The highest protocol Python's unpickler reads (pickle.HIGHEST_PROTOCOL); its PROTO opcode refuses a higher one. */
export const HIGHEST_PROTOCOL = 5;

/** The opcodes the envelope check (pkl.ts) reads too. */
export const STOP = 0x2e;
export const FRAME = 0x95;
export const PROTO = 0x80;
const NEWLINE = 0x0a;
/** The memo opcodes whose argument PickleStack reads: GET and PUT (text), BINGET and BINPUT (1 byte), LONG_BINGET and LONG_BINPUT (4). */
const MEMO_TEXT = new Set([0x67, 0x70]);
const MEMO_FIXED = new Set([0x68, 0x71, 0x6a, 0x72]);
/** A text argument longer than this is no pickle a program wrote. */
const MAX_LINE = 1 << 20;

type Maybe<T> = T | Promise<T>;

/** The text opcodes whose argument Python decodes as UTF-8 (BINUNICODE, SHORT_BINUNICODE, BINUNICODE8: 'surrogatepass'). */
const UTF8_COUNTED = new Set([0x58, 0x8c, 0x8d]);
const GLOBAL = 0x63;
const INST = 0x69;
/** Python 2 strings: STRING (quoted, escaped text), BINSTRING and SHORT_BINSTRING (counted bytes); and UNICODE. */
const STRING = 0x53;
const BINSTRING = 0x54;
const SHORT_BINSTRING = 0x55;
const UNICODE = 0x56;
/** The text opcodes whose line Python reads with a decoder or a number reader of its own (pkl-text.ts): STRING, UNICODE, INT, LONG, FLOAT. */
const LINE_TEXT = new Map<number, (line: Uint8Array) => TextProblem | undefined>([
  [STRING, stringOpcodeProblem],
  [UNICODE, unicodeOpcodeProblem],
  [0x49, (line) => intOpcodeProblem(line)],
  [0x4c, (line) => intOpcodeProblem(line, true)],
  [0x46, floatOpcodeProblem],
]);

/**
 * Bytes checked as ASCII, in pieces, with Utf8Check's answers: what pickle.load decodes a Python 2 string as by default.
 */
class AsciiCheck {
  #seen = 0;
  badByte = 0;
  push(b: Uint8Array): number {
    const at = b.findIndex((c) => c >= 0x80);
    if (at >= 0) {
      this.badByte = b[at]!;
      return this.#seen + at;
    }
    this.#seen += b.length;
    return -1;
  }
  end(): number {
    return -1;
  }
}

/**
 * Checks bytes as Python's UTF-8 decoder does, in pieces (a character may span two): the shortest form only, nothing
 * past U+10FFFF, and the surrogates U+D800-U+DFFF (ED A0-BF ..) only with `surrogates` ('surrogatepass').
 */
class Utf8Check {
  /** Continuation bytes the character being read still needs, the range of the next one, and where it started. */
  #need = 0;
  #lo = 0x80;
  #hi = 0xbf;
  #start = 0;
  #seen = 0;
  /** The first byte of the character found not to be UTF-8 (by push or end). */
  badByte = 0;
  constructor(private readonly surrogates: boolean) {}

  /** The offset (from the first byte pushed) of the first character that is not UTF-8, or -1. */
  push(b: Uint8Array): number {
    for (let i = 0; i < b.length; i++) {
      const c = b[i]!;
      const at = this.#seen + i;
      if (this.#need > 0) {
        if (c < this.#lo || c > this.#hi) return this.#start;
        this.#need--;
        this.#lo = 0x80;
        this.#hi = 0xbf;
        continue;
      }
      if (c < 0x80) continue;
      this.#start = at;
      this.badByte = c;
      if (c >= 0xc2 && c <= 0xdf) this.#need = 1;
      else if (c >= 0xe0 && c <= 0xef) {
        this.#need = 2;
        if (c === 0xe0) this.#lo = 0xa0;
        else if (c === 0xed && !this.surrogates) this.#hi = 0x9f;
      } else if (c >= 0xf0 && c <= 0xf4) {
        this.#need = 3;
        if (c === 0xf0) this.#lo = 0x90;
        else if (c === 0xf4) this.#hi = 0x8f;
      } else {
        this.#need = 0;
        return at;
      }
    }
    this.#seen += b.length;
    return -1;
  }

  /** Where a character cut off by the end started, or -1. */
  end(): number {
    return this.#need > 0 ? this.#start : -1;
  }
}

const hexByte = (b: number) => `0x${b.toString(16).padStart(2, "0")}`;

/**
 * Bytes in order, with what is skipped never kept: a plain file read where it is needed, a .gz streamed through. Its
 * answers come at once when the bytes are at hand (a plain file always): a promise per opcode cost 4x the walk.
 */
interface ByteSource {
  /** Up to `n` bytes from the cursor (fewer only at the end), without moving it. */
  peek(n: number): Maybe<Uint8Array>;
  /** The byte at the cursor, or -1 at the end (the walk's commonest question: no view made for it). */
  peekByte(): Maybe<number>;
  /** Moves the cursor `n` bytes on; false when the file ends first. */
  skip(n: number): Maybe<boolean>;
  close(): void;
}

const WINDOW = 64 * 1024;

function plainSource(path: string, size: number): ByteSource {
  const fd = openSync(path, "r");
  let at = 0; // the file offset of the cursor
  let buf = new Uint8Array(0);
  let bufAt = 0; // the file offset of buf[0]
  const source: ByteSource = {
    peekByte() {
      const i = at - bufAt;
      if (i >= 0 && i < buf.length) return buf[i]!;
      const b = source.peek(1) as Uint8Array;
      return b.length ? b[0]! : -1;
    },
    peek(n) {
      if (at >= bufAt && at + n <= bufAt + buf.length) return buf.subarray(at - bufAt, at - bufAt + n);
      const want = Math.min(Math.max(n, WINDOW), Math.max(0, size - at));
      buf = new Uint8Array(want);
      let got = 0;
      while (got < want) {
        const r = readSync(fd, buf, got, want - got, at + got);
        if (r === 0) break;
        got += r;
      }
      buf = buf.subarray(0, got);
      bufAt = at;
      return buf.subarray(0, Math.min(n, got));
    },
    skip(n) {
      if (at + n > size) return false;
      at += n;
      return true;
    },
    close: () => closeSync(fd),
  };
  return source;
}

function streamedSource(path: string, signal?: AbortSignal): ByteSource {
  const chunks = readChunks(path, signal);
  let buf = new Uint8Array(0);
  let done = false;
  const more = async (): Promise<boolean> => {
    if (done) return false;
    const next = await chunks.next();
    if (next.done) {
      done = true;
      return false;
    }
    const joined = new Uint8Array(buf.length + next.value.length);
    joined.set(buf);
    joined.set(next.value, buf.length);
    buf = joined;
    return true;
  };
  const peekMore = async (n: number) => {
    while (buf.length < n && (await more()));
    return buf.subarray(0, Math.min(n, buf.length));
  };
  const skipMore = async (n: number) => {
    while (n > buf.length) {
      n -= buf.length;
      buf = new Uint8Array(0);
      if (!(await more())) return false;
    }
    buf = buf.subarray(n);
    return true;
  };
  return {
    peekByte: () => (buf.length ? buf[0]! : done ? -1 : peekMore(1).then((b) => (b.length ? b[0]! : -1))),
    peek: (n) => (buf.length >= n || done ? buf.subarray(0, Math.min(n, buf.length)) : peekMore(n)),
    skip(n) {
      if (n > buf.length) return skipMore(n);
      buf = buf.subarray(n);
      return true;
    },
    close: () => void chunks.return(undefined),
  };
}

/**
 * The first problem reading the pickle's opcodes from its start to its STOP (and those of any pickle written after it,
 * to the end of the file), or undefined. Checked as the unpickler reads: every opcode known, every argument within the
 * file, and within its frame while the frame has bytes left (protocol 4+); nothing is unpickled.
 */
export async function pickleWalkProblem(path: string, size: number, signal?: AbortSignal): Promise<string | undefined> {
  const source = isGzipPath(path) ? streamedSource(path, signal) : plainSource(path, size);
  let at = 0;
  let start = 0;
  let name = "";
  let frameEnd: number | undefined;
  let stack = new PickleStack();
  const truncated = (what: string) => `truncated: ${what} of ${name} at byte ${start} runs past the end of the file`;
  /**
   * Reads `n` bytes as Python's unpickler does (its _Unframer): from the frame while it has bytes left (all `n` of them,
   * or the pickle is damaged), from the file once the frame is used up. A problem, or undefined.
   */
  const read = (n: number, what: string): Maybe<string | undefined> => {
    if (frameEnd !== undefined) {
      const left = frameEnd - at;
      if (left === 0) frameEnd = undefined;
      else if (left < n) return `damaged: ${what} of ${name} at byte ${start} runs past the end of its frame (at byte ${frameEnd})`;
    }
    const skipped = source.skip(n);
    if (typeof skipped !== "boolean") return skipped.then((ok) => (ok ? void (at += n) : truncated(what)));
    if (!skipped) return truncated(what);
    at += n;
    return undefined;
  };
  /** GLOBAL's and INST's module and class names: a line of its newline alone is refused (pickle.load: "pickle data was truncated"). */
  const emptyName = async (code: number): Promise<string | undefined> => {
    if (code !== GLOBAL && code !== INST) return undefined;
    const b = await source.peek(1);
    return b[0] === NEWLINE ? `damaged: ${name} at byte ${start} names an empty module or class (a line of its newline alone at byte ${at}), which pickle.load refuses ("pickle data was truncated")` : undefined;
  };
  /** The last line readLine read when asked to keep it (a GET's or a PUT's memo index): its number when it is digits only, else its text. */
  let line: number | string = "";
  /**
   * A text argument's line, newline included, as read (within the frame when it has bytes left); `keep`: its text goes
   * to `line`; `text`: what Python decodes it as (GLOBAL's module and name as UTF-8, INST's as ASCII), a problem if not.
   */
  const readLine = async (keep = false, text?: "utf-8" | "ascii" | ((line: Uint8Array) => TextProblem | undefined)): Promise<string | undefined> => {
    for (let window = 256; ; window *= 4) {
      const limit = Math.min(window, MAX_LINE + 1);
      const b = await source.peek(limit);
      const nl = b.indexOf(NEWLINE);
      if (nl >= 0) {
        if (typeof text === "function") {
          const p = text(b.subarray(0, nl));
          if (p !== undefined) return p.byte !== undefined ? notPython2Ascii(at + p.at!, p.byte) : `damaged: the argument of ${name} at byte ${start} ${p.what}${p.at === undefined ? "" : ` (at byte ${at + p.at})`}, which pickle.load refuses`;
        } else if (text !== undefined) {
          let bad: number;
          if (text === "ascii") bad = b.subarray(0, nl).findIndex((c) => c >= 0x80);
          else {
            const check = new Utf8Check(false);
            bad = check.push(b.subarray(0, nl));
            if (bad < 0) bad = check.end();
          }
          if (bad >= 0) return notText(text === "ascii" ? "ASCII" : "UTF-8", at + bad, b[bad]!);
        }
        if (keep) {
          // Digits only, as Python writes them (p12\n): read without making a string (a protocol 0 pickle has one per value).
          let n = 0;
          let digits = nl > 0 && nl < 16;
          for (let i = 0; digits && i < nl; i++) {
            const c = b[i]!;
            if (c < 0x30 || c > 0x39) digits = false;
            else n = n * 10 + c - 0x30;
          }
          line = digits ? n : Buffer.from(b.buffer, b.byteOffset, nl).toString("latin1");
        }
        return read(nl + 1, "the text argument");
      }
      if (frameEnd !== undefined && frameEnd - at > 0 && frameEnd - at <= b.length) return `damaged: the text argument of ${name} at byte ${start} runs past the end of its frame (at byte ${frameEnd})`;
      if (b.length < limit) return truncated("the text argument");
      if (window > MAX_LINE) return `damaged: ${name} at byte ${start} has a text argument longer than ${MAX_LINE} bytes`;
    }
  };
  /** The text of the opcode at `start` is not what Python decodes it as: pickle.load fails on it (UnicodeDecodeError). */
  const notText = (encoding: "UTF-8" | "ASCII", byteAt: number, byte: number) =>
    `damaged: the text argument of ${name} at byte ${start} is not ${encoding} (${hexByte(byte)} at byte ${byteAt}), which pickle.load cannot decode`;
  /**
   * A Python 2 string (STRING, BINSTRING, SHORT_BINSTRING) that is not ASCII: pickle.load decodes one as ASCII, its
   * default encoding, and fails (UnicodeDecodeError); given encoding="latin1" or "bytes" it reads it.
   */
  const notPython2Ascii = (byteAt: number, byte: number) =>
    `not readable by pickle.load's default: the Python 2 string of ${name} at byte ${start} is not ASCII (${hexByte(byte)} at byte ${byteAt}), and pickle.load decodes one as ASCII unless given encoding="latin1" or "bytes"`;
  /**
   * A counted text argument (BINUNICODE and its kin; `python2`: BINSTRING and SHORT_BINSTRING, as ASCII) of `n` bytes, read as read() reads it, then checked as UTF-8: a
   * frame or a file that ends first is said first, as Python reads the whole argument before it decodes it. One at hand
   * (a plain file's, up to a window) is checked at once; a longer one in pieces as it is read.
   */
  const readUtf8 = (n: number, python2 = false): Maybe<string | undefined> => {
    const what = `the ${n}-byte argument`;
    const textStart = at;
    const b = n <= WINDOW ? source.peek(n) : undefined;
    const notDecoded = (byteAt: number, byte: number) => (python2 ? notPython2Ascii(byteAt, byte) : notText("UTF-8", byteAt, byte));
    if (b instanceof Uint8Array) {
      const problem = read(n, what);
      const checked = (p: string | undefined) => {
        if (p !== undefined) return p;
        const check = python2 ? new AsciiCheck() : new Utf8Check(true);
        let bad = check.push(b);
        if (bad < 0) bad = check.end();
        return bad < 0 ? undefined : notDecoded(textStart + bad, check.badByte);
      };
      return problem instanceof Promise ? problem.then(checked) : checked(problem);
    }
    return readUtf8Pieces(n, what, python2, notDecoded);
  };
  const readUtf8Pieces = async (n: number, what: string, python2: boolean, notDecoded: (byteAt: number, byte: number) => string): Promise<string | undefined> => {
    if (frameEnd !== undefined) {
      const left = frameEnd - at;
      if (left === 0) frameEnd = undefined;
      else if (left < n) return `damaged: ${what} of ${name} at byte ${start} runs past the end of its frame (at byte ${frameEnd})`;
    }
    const check = python2 ? new AsciiCheck() : new Utf8Check(true);
    const textStart = at;
    let bad = -1;
    for (let done = 0; done < n; ) {
      const piece = Math.min(n - done, WINDOW);
      const b = await source.peek(piece);
      if (bad < 0) bad = check.push(b);
      if (!(await source.skip(piece))) return truncated(what);
      at += piece;
      done += piece;
    }
    if (bad < 0) bad = check.end();
    return bad < 0 ? undefined : notDecoded(textStart + bad, check.badByte);
  };
  /** A counted argument's length (little-endian), or a problem. */
  const lengthOf = (b: Uint8Array, bytes: 1 | 4 | 8, signed: boolean): number => {
    const view = new DataView(b.buffer, b.byteOffset, bytes);
    return bytes === 1 ? view.getUint8(0) : bytes === 4 ? (signed ? view.getInt32(0, true) : view.getUint32(0, true)) : Number(view.getBigUint64(0, true));
  };
  const readLength = (bytes: 1 | 4 | 8, signed: boolean): Maybe<number | string> => {
    const b = source.peek(bytes);
    if (!(b instanceof Uint8Array)) return b.then((got) => readLengthOf(got, bytes, signed));
    return readLengthOf(b, bytes, signed);
  };
  const readLengthOf = (b: Uint8Array, bytes: 1 | 4 | 8, signed: boolean): Maybe<number | string> => {
    const problem = read(bytes, "the length");
    if (problem instanceof Promise) return problem.then((p) => p ?? lengthOf(b, bytes, signed));
    return problem ?? lengthOf(b, bytes, signed);
  };
  try {
    for (let opcodes = 1; ; opcodes++) {
      if ((opcodes & 0xffff) === 0 && signal?.aborted) throw signal.reason ?? new Error("aborted");
      if (frameEnd !== undefined && at >= frameEnd) frameEnd = undefined;
      let code = source.peekByte();
      if (typeof code !== "number") code = await code;
      if (code < 0) return `truncated: the file ends at byte ${at} before the STOP opcode '.'`;
      const found = BY_CODE[code];
      if (!found) return `not a pickle or damaged: unknown opcode 0x${code.toString(16).padStart(2, "0")} at byte ${at}`;
      start = at;
      name = found.name;
      const skipped = source.skip(1);
      if (typeof skipped !== "boolean") await skipped;
      at += 1;
      const arg = found.arg;
      let problem: Maybe<string | undefined> = undefined;
      if (code === PROTO) {
        const b = await source.peek(1);
        if (b.length === 1 && b[0]! > HIGHEST_PROTOCOL) return `not a pickle or damaged: unknown pickle protocol ${b[0]} in PROTO at byte ${start}`;
      }
      if (code === FRAME) {
        let length = readLength(8, false);
        if (length instanceof Promise) length = await length;
        if (typeof length === "string") return length;
        // A new frame while the current one still has bytes is damage (Python: "beginning of a new frame before end of current frame").
        if (frameEnd !== undefined && frameEnd > at) return `damaged: a FRAME at byte ${start} begins before the frame it is in ends (at byte ${frameEnd})`;
        frameEnd = at + length;
        if (size > 0 && frameEnd > size) return `truncated: the frame at byte ${start} holds ${length} bytes, past the end of the ${size}-byte file`;
        continue;
      }
      /** The argument the stack needs: a memo index. */
      let value: number | string | undefined;
      if ("fixed" in arg) {
        if (MEMO_FIXED.has(code)) {
          const b = await source.peek(arg.fixed);
          if (b.length === arg.fixed) value = arg.fixed === 1 ? b[0]! : new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
        }
        if (arg.fixed) problem = read(arg.fixed, "the argument");
      } else if ("line" in arg) {
        const text = code === GLOBAL ? "utf-8" : code === INST ? "ascii" : LINE_TEXT.get(code);
        problem = (await emptyName(code)) ?? (await readLine(MEMO_TEXT.has(code), text));
        if (MEMO_TEXT.has(code)) value = line;
        if (!problem && arg.line === 2) problem = (await emptyName(code)) ?? (await readLine(false, text));
      } else {
        let length = readLength(arg.counted, arg.signed === true);
        if (length instanceof Promise) length = await length;
        if (typeof length === "string") return length;
        if (length < 0) return `damaged: ${name} at byte ${start} has a negative length`;
        const python2 = code === BINSTRING || code === SHORT_BINSTRING;
        problem = UTF8_COUNTED.has(code) || python2 ? readUtf8(length, python2) : read(length, `the ${length}-byte argument`);
      }
      if (problem instanceof Promise) problem = await problem;
      if (problem !== undefined) return problem;
      const wrong = stack.step(code, value);
      if (wrong !== undefined) return `damaged: ${name} at byte ${start} ${wrong}`;
      if (code === STOP) {
        // Pickles written one after another (pickle.dump in append mode) are read one by one: the next starts here, with
        // a stack and a memo of its own.
        let next = source.peekByte();
        if (typeof next !== "number") next = await next;
        if (next < 0) return undefined;
        frameEnd = undefined;
        stack = new PickleStack();
      }
    }
  } finally {
    source.close();
  }
}

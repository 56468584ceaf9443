// format: npz — reads the zip central directory and each member's .npy header; never reads the array data itself.
import { ProblemLog } from "./format-probe.ts";
import { isGzipPath } from "../util/read-chunks.ts";

/** What the npz check found: the arrays (member names without .npy) and what was wrong. */
export interface NpzReport {
  arrays: string[];
  problems: ProblemLog;
}

/** What the check covers, for the check's expected text and the docs. */
export const NPZ_CHECKED =
  "a zip archive as Python's zipfile reads it (central directory readable, not truncated, each local header repeating its member's name) of at least one member, each a .npy array with a valid NPY magic and header (descr, fortran_order, shape) whose size fits its shape; array values and CRCs are not checked";

const EOCD = 0x06054b50;
const EOCD_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_CENTRAL_DIR = 64 * 1024 * 1024;
/** The highest "version needed to extract" Python's zipfile opens (its MAX_EXTRACT_VERSION): numpy reads no newer archive. */
const MAX_EXTRACT_VERSION = 63;
/** General purpose flag bits: encrypted (0), compressed patched data (5), strong encryption (6), UTF-8 name (11). */
const FLAG_ENCRYPTED = 0x1;
const FLAG_PATCHED = 0x20;
const FLAG_STRONG_ENCRYPTION = 0x40;
const FLAG_UTF8 = 0x800;
/** Code page 437, bytes 0x80–0xFF: the zip format's historical name encoding, what Python reads a name as without FLAG_UTF8. */
const CP437_HIGH =
  "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0";
/** What a zip reader numpy uses would say: said with every refusal the check makes where Python's zipfile refuses too. */
const PYTHON_REFUSES = "a zip reader (Python's zipfile, so numpy) refuses";

class NpzError extends Error {}

async function readRange(path: string, start: number, end: number, signal?: AbortSignal): Promise<Buffer> {
  signal?.throwIfAborted();
  return Buffer.from(await Bun.file(path).slice(start, end).arrayBuffer());
}

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

/** A zip entry's name as Python's zipfile reads it: UTF-8 when flag bit 11 says so (undefined if it is not), else CP437. */
function decodeName(bytes: Buffer, flags: number): string | undefined {
  if (flags & FLAG_UTF8) {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      return undefined;
    }
  }
  let name = "";
  for (const b of bytes) name += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return name;
}

interface Member {
  /** The name as listed (Python's namelist(): cut at a NUL, as ZipInfo cuts it). */
  name: string;
  /** The whole name, as the local header must repeat it. */
  fullName: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  /** Where the local header is in the file (the directory's offset plus any bytes before the archive). */
  localOffset: number;
}

interface Directory {
  members: Member[];
  /** Where the central directory starts in the file: member data must end before it. */
  cdStart: number;
}

/**
 * Finds the end-of-central-directory record (and its zip64 form) and lists the members, as Python's zipfile does: the
 * zip64 end record is the one just before its locator, the central directory is the `size` bytes just before the end
 * records, bytes before the archive (a stub: `cat stub a.npz`) shift every offset, and the directory is read by its
 * size, every entry in it, whatever count the end record gives.
 */
async function readDirectory(path: string, fileSize: number, signal?: AbortSignal): Promise<Directory> {
  if (fileSize < 22) throw new NpzError(`too small to be a zip archive (${fileSize} bytes)`);
  // Python's zipfile takes the last 22 bytes when they are an end record without a comment; else the last signature in
  // the final 64 KiB + 22 bytes (where an end record with the longest comment starts), whatever comment length it gives:
  // a signature inside the comment is taken for the end record, and one with less than a record after it is no zip.
  const tailStart = Math.max(0, fileSize - 0x10000 - 22);
  const tail = await readRange(path, tailStart, fileSize, signal);
  let at = tail.length - 22;
  if (tail.readUInt32LE(at) !== EOCD || tail.readUInt16LE(at + 20) !== 0) {
    at = tail.lastIndexOf(EOCD_SIGNATURE);
    if (at < 0) throw new NpzError("not a zip archive: no end-of-central-directory record (truncated or another format)");
    if (at + 22 > tail.length) throw new NpzError(`not a zip archive: its last end-of-central-directory signature (at byte ${tailStart + at}) has ${tail.length - at} bytes after it, not a 22-byte record: ${PYTHON_REFUSES} it`);
  }
  const eocdAt = tailStart + at;
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  let recordsStart = eocdAt;
  const locatorAt = eocdAt - 20;
  const locator = locatorAt >= 0 ? await readRange(path, locatorAt, eocdAt, signal) : Buffer.alloc(0);
  if (locator.length === 20 && locator.readUInt32LE(0) === ZIP64_LOCATOR) {
    if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) > 1) throw new NpzError(`an archive spanning several disks: ${PYTHON_REFUSES} it`);
    const z64At = locatorAt - 56;
    const z64 = z64At >= 0 ? await readRange(path, z64At, locatorAt, signal) : Buffer.alloc(0);
    if (z64.length === 56 && z64.readUInt32LE(0) === ZIP64_EOCD) {
      cdSize = u64(z64, 40);
      cdOffset = u64(z64, 48);
      recordsStart = z64At;
    }
  }
  if (recordsStart === eocdAt && (cdSize === 0xffffffff || cdOffset === 0xffffffff)) throw new NpzError("zip64 archive without its zip64 end record just before the end record");
  const cdStart = recordsStart - cdSize;
  if (cdStart < 0) throw new NpzError(`central directory (${cdSize} bytes) is larger than what lies before its end record: truncated or damaged archive`);
  // Bytes before the archive: its offsets count from its own start, Python adds them (a negative shift moves them back).
  const shift = cdStart - cdOffset;
  if (cdSize > MAX_CENTRAL_DIR) throw new NpzError(`central directory too large to check (${cdSize} bytes)`);
  const cd = await readRange(path, cdStart, cdStart + cdSize, signal);
  const members: Member[] = [];
  for (let p = 0, n = 1; p < cd.length; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new NpzError(`central directory entry ${n} is damaged`);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    // Python reads the name, extra field and comment from what is left of the directory: one the directory's end cuts is
    // what is left of it (the name so cut is the name its local header must repeat), and the entry is the last.
    const next = p + 46 + nameLen + extraLen + commentLen;
    const version = cd[p + 6]!;
    if (version > MAX_EXTRACT_VERSION) throw new NpzError(`central directory entry ${n}: needs zip version ${(version / 10).toFixed(1)} to extract; Python's zipfile (so numpy) reads up to ${(MAX_EXTRACT_VERSION / 10).toFixed(1)}`);
    const flags = cd.readUInt16LE(p + 8);
    const fullName = decodeName(cd.subarray(p + 46, p + 46 + nameLen), flags);
    if (fullName === undefined) throw new NpzError(`central directory entry ${n}: its name is flagged UTF-8 but is not: ${PYTHON_REFUSES} the archive`);
    const nul = fullName.indexOf("\0");
    const m: Member = {
      name: nul < 0 ? fullName : fullName.slice(0, nul),
      fullName,
      flags,
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    };
    applyExtra(m, cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen), n);
    m.localOffset += shift;
    members.push(m);
    p = next;
  }
  return { members, cdStart };
}

/** Reads the entry's extra fields as Python does: one running past the entry fails; zip64 values replace 0xFFFFFFFF. */
function applyExtra(m: Member, extra: Buffer, n: number): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    const end = q + 4 + len;
    if (end > extra.length) throw new NpzError(`central directory entry ${n}: extra field 0x${id.toString(16).padStart(4, "0")} claims ${len} bytes where the entry has ${extra.length - q - 4} left: ${PYTHON_REFUSES} the archive`);
    if (id === 0x0001) {
      let r = q + 4;
      const take = (what: string) => {
        if (r + 8 > end) throw new NpzError(`central directory entry ${n}: its zip64 extra field lacks the ${what}: ${PYTHON_REFUSES} the archive`);
        const v = u64(extra, r);
        r += 8;
        return v;
      };
      if (m.size === 0xffffffff) m.size = take("size");
      if (m.compressedSize === 0xffffffff) m.compressedSize = take("compressed size");
      if (m.localOffset === 0xffffffff) m.localOffset = take("local header offset");
    }
    q = end;
  }
}

/** Bytes per item of a simple dtype ("<f8" → 8, "<U5" → 20); undefined for object and structured dtypes. */
export function itemSize(descr: string): number | undefined {
  const m = /^[<>|=]?([a-zA-Z])(\d+)(\[\w+\])?$/.exec(descr);
  if (!m) return undefined;
  const kind = m[1]!;
  const n = Number(m[2]);
  if (kind === "O") return undefined;
  return kind === "U" ? n * 4 : n;
}

/** The longest header numpy reads (np.load's max_header_size, 10000 characters): a longer one it refuses as unsafe. */
const NUMPY_MAX_HEADER = 10000;

/** The most bytes an .npy header numpy reads can take: NUMPY_MAX_HEADER characters, each a byte (latin1) or up to 4 (UTF-8, version 3). */
function npyHeaderBytesRead(major: number): number {
  return major === 3 ? 4 * NUMPY_MAX_HEADER : NUMPY_MAX_HEADER;
}

/** A Python literal as `ast.literal_eval` reads it: what an .npy header is made of. */
type PyValue = string | number | boolean | null | { tuple: PyValue[] } | { list: PyValue[] } | { dict: Map<string, PyValue> } | { other: string };

/** A Python string literal's one-character escapes (`\n`, `\'`, …), as readPyLiteral reads them. */
const PY_ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v", "0": "\0" };

/**
 * Reads an .npy header as numpy does (`ast.literal_eval` of the text: a dict literal, whitespace and comments around its
 * tokens, either quote, trailing commas; with `longInts`, versions 1 and 2, an `L` after an integer as Python 2 wrote
 * it). Values other than strings, integers, booleans, None, tuples, lists and dicts with string keys are read as
 * `other` (numpy would take them, and then find no valid descr, shape or fortran_order in them); undefined when the text
 * is no such literal (numpy: "Cannot parse header").
 */
function readPyLiteral(text: string, longInts: boolean): PyValue | undefined {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxError();
  };
  const space = () => {
    for (;;) {
      const c = text[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f") i++;
      else if (c === "\\" && (text[i + 1] === "\n" || (text[i + 1] === "\r" && text[i + 2] === "\n"))) i += text[i + 1] === "\n" ? 2 : 3;
      else if (c === "#") while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
      else return;
    }
  };
  const stringAt = (): string => {
    let prefix = "";
    if (/[rRuU]/.test(text[i] ?? "")) prefix += text[i++];
    const quote = text[i];
    if (quote !== "'" && quote !== '"') fail();
    if (text.startsWith(quote!.repeat(3), i)) fail(); // a triple-quoted string: no header holds one
    i++;
    let out = "";
    const raw = /r/i.test(prefix);
    for (;;) {
      const c = text[i++];
      if (c === undefined || c === "\n" || c === "\r") fail();
      if (c === quote) break;
      if (c !== "\\") {
        out += c;
        continue;
      }
      const e = text[i++];
      if (e === undefined) fail();
      if (raw) out += `\\${e}`;
      else if (e === "\n") continue;
      else {
        const hex = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
        if (hex > 0) {
          const digits = text.slice(i, i + hex);
          if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) fail();
          out += String.fromCodePoint(Number.parseInt(digits, 16));
          i += hex;
        } else out += PY_ESCAPES[e!] ?? `\\${e}`;
      }
    }
    return out;
  };
  const sequence = (close: string): { items: PyValue[]; trailingComma: boolean } => {
    const items: PyValue[] = [];
    let trailingComma = false;
    for (;;) {
      space();
      if (text[i] === close) {
        i++;
        return { items, trailingComma };
      }
      items.push(value());
      space();
      trailingComma = text[i] === ",";
      if (trailingComma) i++;
      else if (text[i] !== close) fail();
    }
  };
  const value = (): PyValue => {
    space();
    const c = text[i];
    if (c === "(") {
      i++;
      const { items, trailingComma } = sequence(")");
      // (x) is x; (x,) and () are tuples.
      return items.length === 1 && !trailingComma ? items[0]! : { tuple: items };
    }
    if (c === "[") {
      i++;
      return { list: sequence("]").items };
    }
    if (c === "{") {
      i++;
      const dict = new Map<string, PyValue>();
      let set = false;
      let otherKey = false;
      for (;;) {
        space();
        if (text[i] === "}") {
          i++;
          return set ? { other: "set" } : otherKey ? { other: "dict with keys other than strings" } : { dict };
        }
        const key = value();
        space();
        if (text[i] === ":" && !set) {
          i++;
          const v = value();
          if (typeof key === "string") dict.set(key, v);
          else otherKey = true;
        } else if (dict.size === 0 && !otherKey) set = true;
        else fail();
        space();
        if (text[i] === ",") i++;
        else if (text[i] !== "}") fail();
      }
    }
    if (c === "'" || c === '"' || (/[rRuU]/.test(c ?? "") && (text[i + 1] === "'" || text[i + 1] === '"'))) {
      let out = stringAt();
      // Adjacent strings are one ('a' 'b' is 'ab').
      for (;;) {
        const at = i;
        space();
        if (text[i] === "'" || text[i] === '"' || (/[rRuU]/.test(text[i] ?? "") && (text[i + 1] === "'" || text[i + 1] === '"'))) out += stringAt();
        else {
          i = at;
          return out;
        }
      }
    }
    if (c === "-" || c === "+") {
      i++;
      const v = value();
      if (typeof v === "number") return c === "-" ? -v : v;
      if (typeof v === "boolean") return c === "-" ? -Number(v) : Number(v);
      return typeof v === "object" && v !== null && "other" in v ? v : fail();
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
    if (word !== undefined) {
      i += word.length;
      if (word === "True") return true;
      if (word === "False") return false;
      if (word === "None") return null;
      return fail();
    }
    const num = /^(?:0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(?:[0-9](?:_?[0-9])*)?\.?(?:[0-9](?:_?[0-9])*)?(?:[eE][+-]?[0-9](?:_?[0-9])*)?[jJ]?)/.exec(text.slice(i))?.[0] ?? "";
    if (num === "" || num === "." || !/[0-9]/.test(num)) fail();
    i += num.length;
    if (/^[0-9](_?[0-9])*$/.test(num) && /^0[0-9_]*[1-9]/.test(num)) fail(); // 012 is no Python 3 literal
    if (longInts && (text[i] === "L" || text[i] === "l") && /^[0-9_]+$/.test(num)) i++;
    if (/[.eEjJ]/.test(num) && !/^0[xX]/.test(num)) return /[jJ]$/.test(num) ? { other: "complex" } : { other: "float" };
    return Number(/^0[oObB]/.test(num) ? Number.parseInt(num.slice(2).replace(/_/g, ""), num[1] === "o" || num[1] === "O" ? 8 : 2) : num.replace(/_/g, ""));
  };
  try {
    const v = value();
    space();
    return i === text.length ? v : undefined;
  } catch (e) {
    if (e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** Checks an NPY preamble + header as numpy reads it; returns a problem or undefined. `size` is the member's uncompressed size. */
export function npyProblem(head: Buffer, size: number): string | undefined {
  const r = readNpy(head, size);
  return typeof r === "string" ? r : undefined;
}

/** What npyProblem finds wrong in a .npy header, or the array's shape: its text as written and its number of elements. */
function readNpy(head: Buffer, size: number): string | { shape: string; elements: number } {
  if (head.length < 10 || head.toString("latin1", 0, 6) !== "\x93NUMPY") return "not a .npy array (no \\x93NUMPY magic)";
  const major = head[6]!;
  if (major < 1 || major > 3 || head[7] !== 0) return `unknown .npy format version ${major}.${head[7]}`;
  const pre = major === 1 ? 10 : 12;
  if (head.length < pre) return "truncated .npy header";
  const headerLen = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
  if (pre + headerLen > size) return `.npy header length ${headerLen} runs past the member's ${size} bytes`;
  if (headerLen > npyHeaderBytesRead(major)) return `.npy header of ${headerLen} bytes: numpy reads none longer than ${NUMPY_MAX_HEADER} characters (np.load refuses it as unsafe)`;
  if (head.length < pre + headerLen) return "truncated .npy header";
  const header = head.toString(major === 3 ? "utf8" : "latin1", pre, pre + headerLen);
  if (header.length > NUMPY_MAX_HEADER) return `.npy header of ${header.length} characters: numpy reads none longer than ${NUMPY_MAX_HEADER} (np.load refuses it as unsafe)`;
  const shown = header.trim().slice(0, 120);
  const d = readPyLiteral(header, major < 3);
  if (d === undefined) return `.npy header is no Python literal numpy can read: ${shown}`;
  const keys = d !== null && typeof d === "object" && "dict" in d ? [...d.dict.keys()].sort() : undefined;
  if (keys?.join() !== "descr,fortran_order,shape") return `.npy header is not a dict with descr, fortran_order and shape (only): ${shown}`;
  const dict = (d as { dict: Map<string, PyValue> }).dict;
  const shape = dict.get("shape")!;
  const dims = shape !== null && typeof shape === "object" && "tuple" in shape ? shape.tuple : undefined;
  const shapeText = /['"]shape['"]\s*:\s*(\([^)]*\)?)/.exec(header)?.[1] ?? JSON.stringify(shape);
  if (dims === undefined || dims.some((n) => typeof n !== "number" || n < 0)) return `.npy header has a bad shape (${shapeText})`;
  if (typeof dict.get("fortran_order") !== "boolean") return `.npy header's fortran_order is not True or False: ${shown}`;
  const descr = dict.get("descr")!;
  if (typeof descr !== "string" && !(descr !== null && typeof descr === "object" && ("list" in descr || "tuple" in descr))) return `.npy header's descr is no dtype: ${shown}`;
  const items = dims.reduce<number>((acc, n) => acc * (n as number), 1);
  const per = typeof descr === "string" ? itemSize(descr) : undefined;
  if (per !== undefined && pre + headerLen + items * per !== size) {
    const need = items * per;
    return `data is ${size - pre - headerLen} bytes but shape ${shapeText} of ${descr} needs ${need}`;
  }
  return { shape: shapeText, elements: items };
}

/** The first bytes of a member's uncompressed data (enough for its .npy header). */
async function memberHead(path: string, m: Member, dataStart: number, signal?: AbortSignal): Promise<Buffer> {
  const want = async (n: number) => {
    const raw = await readRange(path, dataStart, dataStart + Math.min(m.compressedSize, n), signal);
    if (m.method === 0) return raw;
    // node:zlib costs ~18 ms to load: only scenarios that check .npz files pay it.
    const { inflateRawSync, constants } = await import("node:zlib");
    return inflateRawSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
  };
  let head = await want(4096);
  if (head.length >= 12 && head.toString("latin1", 0, 6) === "\x93NUMPY") {
    const pre = head[6] === 1 ? 10 : 12;
    const len = head[6] === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
    // A longer header numpy refuses (npyProblem says so from its length): not read.
    if (head.length < pre + len && len <= npyHeaderBytesRead(head[6]!)) head = await want(pre + len + 4096);
  }
  return head;
}

/** Checks one .npz file; `required` names arrays that must be present. */
export async function checkNpz(path: string, required: readonly string[] = [], signal?: AbortSignal): Promise<NpzReport> {
  const problems = new ProblemLog();
  const arrays: string[] = [];
  if (isGzipPath(path)) {
    problems.add({ message: "a gzip-compressed .npz cannot be checked in place; check the .npz itself" });
    return { arrays, problems };
  }
  try {
    const fileSize = Bun.file(path).size;
    const { members, cdStart } = await readDirectory(path, fileSize, signal);
    if (members.length === 0) problems.add({ message: "empty archive: no arrays" });
    for (const m of members) {
      const read = await memberProblem(path, m, cdStart, signal);
      if (typeof read === "string") problems.add({ message: `member "${m.name}": ${read}` });
      if (!m.name.endsWith(".npy")) continue;
      const array = m.name.slice(0, -4);
      arrays.push(array);
      // A required array of no element holds no record: required_fields would check nothing in it (a CSV's header alone).
      if (typeof read !== "string" && read.elements === 0 && required.includes(array)) {
        problems.add({ message: `array ${JSON.stringify(array)} holds no element (shape ${read.shape}): required_fields has nothing to check in it` });
      }
    }
    const missing = required.filter((r) => !arrays.includes(r));
    if (missing.length) problems.add({ message: `no array named ${missing.map((r) => JSON.stringify(r)).join(", ")} (arrays: ${arrays.join(", ") || "none"})` });
  } catch (e) {
    if (!(e instanceof NpzError)) throw e;
    problems.add({ message: e.message });
  }
  return { arrays, problems };
}

/** What is wrong with a member, or its array's shape (readNpy). */
async function memberProblem(path: string, m: Member, cdStart: number, signal?: AbortSignal): Promise<string | { shape: string; elements: number }> {
  if (!m.name.endsWith(".npy")) return "not a .npy array (an .npz holds only NAME.npy members)";
  const local = m.localOffset >= 0 ? await readRange(path, m.localOffset, m.localOffset + 30, signal) : Buffer.alloc(0);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) return `no local header at offset ${m.localOffset}`;
  const localNameLen = local.readUInt16LE(26);
  const dataStart = m.localOffset + 30 + localNameLen + local.readUInt16LE(28);
  if (m.flags & FLAG_PATCHED) return `compressed patched data (flag bit 5): Python's zipfile, so numpy, cannot read it`;
  if (m.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) return "encrypted";
  // The local header repeats the name; Python's zipfile compares the two and refuses the member when they differ.
  const localNameBytes = await readRange(path, m.localOffset + 30, m.localOffset + 30 + localNameLen, signal);
  const localName = decodeName(localNameBytes, local.readUInt16LE(6));
  if (localName === undefined) return `its local header's name is flagged UTF-8 but is not: ${PYTHON_REFUSES} it`;
  if (localName !== m.fullName) return `its local header names it ${JSON.stringify(localName)}: ${PYTHON_REFUSES} it`;
  if (m.method !== 0 && m.method !== 8) return `unsupported compression method ${m.method}`;
  if (dataStart + m.compressedSize > cdStart) return `data (${m.compressedSize} bytes at ${dataStart}) overlaps the central directory: truncated or damaged`;
  let head: Buffer;
  try {
    head = await memberHead(path, m, dataStart, signal);
  } catch (e) {
    return `cannot be decompressed (${(e as Error).message})`;
  }
  return readNpy(head, m.size);
}

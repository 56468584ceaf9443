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
  "a zip archive (central directory readable, not truncated) of at least one member, each a .npy array with a valid NPY magic and header (descr, fortran_order, shape) whose size fits its shape; array values and CRCs are not checked";

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX_CENTRAL_DIR = 64 * 1024 * 1024;
const MAX_NPY_HEADER = 1024 * 1024;

class NpzError extends Error {}

async function readRange(path: string, start: number, end: number, signal?: AbortSignal): Promise<Buffer> {
  signal?.throwIfAborted();
  return Buffer.from(await Bun.file(path).slice(start, end).arrayBuffer());
}

function u64(buf: Buffer, at: number): number {
  return Number(buf.readBigUInt64LE(at));
}

interface Member {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

interface Directory {
  members: Member[];
  cdOffset: number;
}

/** Finds the end-of-central-directory record (and its zip64 form) and lists the members. */
async function readDirectory(path: string, fileSize: number, signal?: AbortSignal): Promise<Directory> {
  if (fileSize < 22) throw new NpzError(`too small to be a zip archive (${fileSize} bytes)`);
  const tailStart = Math.max(0, fileSize - (22 + 0xffff + 20));
  const tail = await readRange(path, tailStart, fileSize, signal);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new NpzError("not a zip archive: no end-of-central-directory record (truncated or another format)");
  let entries = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  let cdEnd = tailStart + at;
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (at < 20 || tail.readUInt32LE(at - 20) !== ZIP64_LOCATOR) throw new NpzError("zip64 archive without a zip64 locator");
    const z64At = u64(tail, at - 20 + 8);
    const z64 = await readRange(path, z64At, z64At + 56, signal);
    if (z64.length < 56 || z64.readUInt32LE(0) !== ZIP64_EOCD) throw new NpzError("zip64 end-of-central-directory record missing");
    entries = u64(z64, 32);
    cdSize = u64(z64, 40);
    cdOffset = u64(z64, 48);
    cdEnd = z64At;
  }
  if (cdOffset + cdSize > cdEnd) throw new NpzError(`central directory (${cdSize} bytes at ${cdOffset}) runs past its end record: truncated archive`);
  if (cdSize > MAX_CENTRAL_DIR) throw new NpzError(`central directory too large to check (${cdSize} bytes)`);
  const cd = await readRange(path, cdOffset, cdOffset + cdSize, signal);
  const members: Member[] = [];
  let p = 0;
  for (let n = 0; n < entries; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new NpzError(`central directory entry ${n + 1} of ${entries} is damaged`);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const m: Member = {
      name: cd.toString("utf8", p + 46, p + 46 + nameLen),
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
    };
    applyZip64Extra(m, cd.subarray(p + 46 + nameLen, p + 46 + nameLen + extraLen));
    members.push(m);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { members, cdOffset };
}

/** Replaces 0xFFFFFFFF sizes/offsets with the 64-bit values of the zip64 extra field. */
function applyZip64Extra(m: Member, extra: Buffer): void {
  for (let q = 0; q + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(q);
    const len = extra.readUInt16LE(q + 2);
    if (id === 0x0001) {
      let r = q + 4;
      const take = () => {
        const v = r + 8 <= q + 4 + len ? u64(extra, r) : undefined;
        r += 8;
        return v;
      };
      if (m.size === 0xffffffff) m.size = take() ?? m.size;
      if (m.compressedSize === 0xffffffff) m.compressedSize = take() ?? m.compressedSize;
      if (m.localOffset === 0xffffffff) m.localOffset = take() ?? m.localOffset;
      return;
    }
    q += 4 + len;
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

/** Checks an NPY preamble + header; returns a problem or undefined. `size` is the member's uncompressed size. */
export function npyProblem(head: Buffer, size: number): string | undefined {
  if (head.length < 10 || head.toString("latin1", 0, 6) !== "\x93NUMPY") return "not a .npy array (no \\x93NUMPY magic)";
  const major = head[6]!;
  if (major < 1 || major > 3) return `unknown .npy format version ${major}.${head[7]}`;
  const pre = major === 1 ? 10 : 12;
  if (head.length < pre) return "truncated .npy header";
  const headerLen = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
  if (pre + headerLen > size) return `.npy header length ${headerLen} runs past the member's ${size} bytes`;
  if (head.length < pre + headerLen) return "truncated .npy header";
  const header = head.toString(major === 3 ? "utf8" : "latin1", pre, pre + headerLen);
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(header)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (!header.trimStart().startsWith("{") || !/['"]fortran_order['"]\s*:\s*(True|False)/.test(header) || shapeText === undefined)
    return `.npy header is not a dict with descr, fortran_order and shape: ${header.trim().slice(0, 120)}`;
  const dims = shapeText.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (dims.some((d) => !/^\d+L?$/.test(d))) return `.npy header has a bad shape (${shapeText})`;
  const items = dims.reduce((acc, d) => acc * Number.parseInt(d, 10), 1);
  const per = descr === undefined ? undefined : itemSize(descr);
  if (per !== undefined && pre + headerLen + items * per !== size) {
    const need = items * per;
    return `data is ${size - pre - headerLen} bytes but shape (${shapeText}) of ${descr} needs ${need}`;
  }
  return undefined;
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
    if (head.length < pre + len && len <= MAX_NPY_HEADER) head = await want(pre + len + 4096);
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
    const { members, cdOffset } = await readDirectory(path, fileSize, signal);
    if (members.length === 0) problems.add({ message: "empty archive: no arrays" });
    for (const m of members) {
      const problem = await memberProblem(path, m, cdOffset, signal);
      if (problem) problems.add({ message: `member "${m.name}": ${problem}` });
      if (m.name.endsWith(".npy")) arrays.push(m.name.slice(0, -4));
    }
    const missing = required.filter((r) => !arrays.includes(r));
    if (missing.length) problems.add({ message: `no array named ${missing.map((r) => JSON.stringify(r)).join(", ")} (arrays: ${arrays.join(", ") || "none"})` });
  } catch (e) {
    if (!(e instanceof NpzError)) throw e;
    problems.add({ message: e.message });
  }
  return { arrays, problems };
}

async function memberProblem(path: string, m: Member, cdOffset: number, signal?: AbortSignal): Promise<string | undefined> {
  if (!m.name.endsWith(".npy")) return "not a .npy array (an .npz holds only NAME.npy members)";
  if (m.flags & 1) return "encrypted";
  if (m.method !== 0 && m.method !== 8) return `unsupported compression method ${m.method}`;
  const local = await readRange(path, m.localOffset, m.localOffset + 30, signal);
  if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) return `no local header at offset ${m.localOffset}`;
  const dataStart = m.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + m.compressedSize > cdOffset) return `data (${m.compressedSize} bytes at ${dataStart}) overlaps the central directory: truncated or damaged`;
  let head: Buffer;
  try {
    head = await memberHead(path, m, dataStart, signal);
  } catch (e) {
    return `cannot be decompressed (${(e as Error).message})`;
  }
  return npyProblem(head, m.size);
}

// Streams one file once and feeds every probe: byte probes see raw (decompressed) chunks, text probes whole decoded lines.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { compressionOf, CompressedFileError, fileChunks, gunzipChunks, isGzipPath, textEncoding } from "../util/read-chunks.ts";
import { type ByteRange, readRange } from "../util/line-ranges.ts";

/** Sees every byte of the file in order; `offset` is the chunk's position in the (decompressed) file. */
export interface ByteProbe {
  onBytes(chunk: Buffer, offset: number): void;
  onEnd?(): void;
  /** True when the probe needs no more input. */
  readonly done: boolean;
}

/**
 * Sees the file as blocks of whole lines (each ends with "\n", except a last line without one). A line longer than
 * the feeder's `maxLine` comes in pieces: each piece but the last with `partial` set (the line goes on in the next text).
 */
export interface TextProbe {
  /** `raw`: the bytes `text` was decoded from (a probe that places a line in bytes needs them once text holds U+FFFD). */
  onText(text: string, offset: number, partial?: boolean, raw?: Buffer): void;
  onEnd?(): void;
  readonly done: boolean;
}

export interface Probes {
  bytes: ByteProbe[];
  text: TextProbe[];
}

/** A line longer than this is handed to text probes in pieces (and so fails a jsonl check) instead of growing memory. */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

function asBuffer(chunk: Uint8Array): Buffer {
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Hands chunks to the probes; text probes get blocks of whole lines, a line cut by a chunk edge is joined first. */
export class ProbeFeeder {
  private carry: Buffer[] = [];
  private carryLen = 0;
  private carryOffset = 0;

  /** `offset`: where the first chunk lies in the file; it then advances past every byte pushed. */
  constructor(private readonly probes: Probes, public offset = 0, private readonly maxLine = MAX_LINE_BYTES) {}

  get done(): boolean {
    return this.probes.bytes.every((p) => p.done) && this.probes.text.every((p) => p.done);
  }

  private emit(raw: Buffer, at: number, partial = false): void {
    const text = raw.toString("utf8");
    for (const p of this.probes.text) if (!p.done) p.onText(text, at, partial, raw);
  }

  push(chunk: Uint8Array): void {
    const buf = asBuffer(chunk);
    const offset = this.offset;
    this.offset += buf.length;
    for (const p of this.probes.bytes) if (!p.done) p.onBytes(buf, offset);
    if (this.probes.text.every((p) => p.done)) return;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      if (this.carryLen === 0) this.carryOffset = offset;
      this.carry.push(Buffer.from(buf));
      this.carryLen += buf.length;
      if (this.carryLen > this.maxLine) this.flush(true);
      return;
    }
    let start = 0;
    if (this.carryLen > 0) {
      const first = buf.indexOf(10);
      this.carry.push(buf.subarray(0, first + 1));
      this.emit(Buffer.concat(this.carry), this.carryOffset);
      start = first + 1;
    }
    if (start <= last) this.emit(buf.subarray(start, last + 1), offset + start);
    this.carry = last + 1 < buf.length ? [Buffer.from(buf.subarray(last + 1))] : [];
    this.carryLen = buf.length - last - 1;
    this.carryOffset = offset + last + 1;
  }

  private flush(partial = false): void {
    if (this.carryLen > 0) this.emit(Buffer.concat(this.carry), this.carryOffset, partial);
    this.carry = [];
    this.carryLen = 0;
  }

  /** Delivers a last line without a newline and tells every probe the input ended. */
  end(): void {
    this.flush();
    for (const p of this.probes.bytes) p.onEnd?.();
    for (const p of this.probes.text) p.onEnd?.();
  }
}

/** Files up to this size (not .gz) are read in one call: for many small files that is several times faster than a stream. */
export const SMALL_FILE_BYTES = 1024 * 1024;

/**
 * A plain file's size, and its whole content when it is small; undefined for gzip (streamed): a .gz, or a file whose
 * bytes are gzip whatever its name. A file compressed otherwise throws (CompressedFileError): its bytes are no text.
 */
function readSmall(path: string): { size: number; content?: Buffer } | undefined {
  if (isGzipPath(path)) return undefined;
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > SMALL_FILE_BYTES || size === 0) {
      if (size > 0) refuseWideText(path, fd);
      return size > 0 && textEncoding(path, fd) === "gzip" ? undefined : { size };
    }
    const buf = Buffer.allocUnsafe(size);
    let got = 0;
    while (got < size) {
      const n = readSync(fd, buf, got, size - got, got);
      if (n === 0) break;
      got += n;
    }
    const content = buf.subarray(0, got);
    const wide = wideTextOf(content);
    if (wide !== undefined) throw new WideTextError(wide);
    const compression = compressionOf(content.subarray(0, 10));
    if (compression === "gzip") return undefined;
    if (compression !== undefined) throw new CompressedFileError(compression);
    return { size, content };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads the file once, feeding every probe, and stops as soon as every probe is done. Returns bytes read. A big plain
 * file is read into one reused buffer (probes copy what they keep); gzip, and a file whose size says nothing (0: a
 * pipe, a /proc file), are streamed. `onGzipBytes` is called when a file not named .gz is read as gzip for its bytes.
 */
export async function probeFile(path: string, probes: Probes, signal?: AbortSignal, onGzipBytes?: () => void): Promise<number> {
  const feeder = new ProbeFeeder(probes);
  signal?.throwIfAborted();
  const plain = feeder.done ? undefined : readSmall(path);
  // Read as gzip for its bytes, not its name: the caller may judge a format by the name (onGzipBytes).
  if (!feeder.done && plain === undefined && !isGzipPath(path)) onGzipBytes?.();
  if (plain?.content) {
    if (plain.content.length) feeder.push(plain.content);
  } else if (!feeder.done) {
    for await (const chunk of plain ? fileChunks(path, plain.size, signal) : checkedGunzip(path, signal)) {
      feeder.push(chunk);
      if (feeder.done) break;
    }
  }
  feeder.end();
  return feeder.offset;
}

/** Feeds the probes one range of a plain file (it must start at a line start), offsets as in the whole file. Returns bytes read. */
export async function probeRange(path: string, range: ByteRange, probes: Probes, signal?: AbortSignal): Promise<number> {
  const feeder = new ProbeFeeder(probes, range.start);
  for await (const chunk of readRange(path, range, signal)) {
    feeder.push(chunk);
    if (feeder.done) break;
  }
  feeder.end();
  return feeder.offset - range.start;
}

/**
 * Text in UTF-16 or UTF-32 (a Windows service's log), told by its byte order mark: its characters are two or four bytes
 * each, so `ERROR` is not among its bytes and a `not_contains: ERROR` passed on a file holding it (grep misses it too).
 */
export function wideTextOf(head: Uint8Array): string | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return head[2] === 0 && head[3] === 0 ? "UTF-32LE" : "UTF-16LE";
  if (head[0] === 0xfe && head[1] === 0xff) return "UTF-16BE";
  if (head[0] === 0 && head[1] === 0 && head[2] === 0xfe && head[3] === 0xff) return "UTF-32BE";
  return undefined;
}

/** A file in UTF-16 or UTF-32 (wideTextOf): its text cannot be checked as read. */
export class WideTextError extends Error {
  /** Its code, which goes with it from a helper thread (where the class does not). */
  readonly code = "EWIDETEXT";
  /** `inGzip`: the text is what a gzip file holds. */
  constructor(readonly encoding: string, inGzip = false) {
    super(inGzip
      ? `gzip holding ${encoding} text (the byte order mark it holds says so): its text cannot be checked as bytes; convert it to UTF-8 (zcat FILE | iconv -f ${encoding} -t UTF-8 | gzip)`
      : `${encoding} text (its byte order mark says so): its text cannot be checked as bytes; convert it to UTF-8 (iconv -f ${encoding} -t UTF-8)`);
  }
}

/** How many decompressed bytes tell what a gzip file holds (compressionOf reads 10). */
const HELD_HEAD_BYTES = 10;

/**
 * A gzip file's decompressed bytes, refused when they are no text to search, as the same bytes uncompressed are
 * (readSmall): UTF-16 or UTF-32 by their byte order mark, or compressed once more (gzip in gzip, bzip2 in gzip).
 * Searched as they came, a not_contains passed on a rotated app.log.2.gz holding the text it looked for.
 */
async function* checkedGunzip(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  let held: Uint8Array[] | undefined = [];
  let heldBytes = 0;
  const release = function* (): Generator<Uint8Array> {
    const head = Buffer.concat(held!);
    held = undefined;
    const wide = wideTextOf(head);
    if (wide !== undefined) throw new WideTextError(wide, true);
    const compression = compressionOf(head.subarray(0, HELD_HEAD_BYTES));
    if (compression !== undefined) throw new CompressedFileError(compression, true);
    if (head.length) yield head;
  };
  try {
    for await (const chunk of gunzipChunks(path, signal)) {
      if (held === undefined) {
        yield chunk;
        continue;
      }
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= HELD_HEAD_BYTES) yield* release();
    }
  } catch (err) {
    // A damaged archive's first bytes still count, as they did before the look (its read fails after them).
    if (held !== undefined && heldBytes > 0 && !signal?.aborted) yield* release();
    throw err;
  }
  if (held !== undefined) yield* release();
}

/** Throws WideTextError for a file in UTF-16 or UTF-32 (an open `fd` is read instead of opening it again). */
export function refuseWideText(path: string, fd?: number): void {
  const own = fd === undefined ? openSync(path, "r") : fd;
  try {
    const head = Buffer.alloc(4);
    const wide = wideTextOf(head.subarray(0, readSync(own, head, 0, 4, 0)));
    if (wide !== undefined) throw new WideTextError(wide);
  } finally {
    if (fd === undefined) closeSync(own);
  }
}

// Streams a file's bytes in large chunks, decompressing .gz on the fly; constant memory whatever the file size.
import { gzipMembers } from "./gzip-members.ts";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { readRange } from "./line-ranges.ts";

/**
 * The file's bytes chunk by chunk. A plain file whose size is known (`plainSize` > 0) is read into one reused buffer
 * (readRange: a chunk is valid only until the next); .gz, and a file whose size says nothing (0: a pipe, a /proc
 * file), are streamed (readChunks).
 */
export function fileChunks(path: string, plainSize: number | undefined, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  return plainSize ? readRange(path, { start: 0, end: plainSize }, signal) : readChunks(path, signal);
}

/**
 * Whether a file is read as gzip: its name ends in .gz in any case (`app.log.GZ` too). Only the lower-case ending was,
 * and an upper-case archive's compressed bytes were searched: a not_contains passed on text it could not see.
 */
export function isGzipPath(path: string): boolean {
  return GZIP_NAME.test(path);
}

const GZIP_NAME = /\.gz$/i;

/**
 * The stream compressors a log rotator runs (logrotate's compresscmd), told by the first bytes they write, and a zip
 * archive (a log zipped by a cron job, an npz): its members are deflated, so its bytes are no text either.
 */
export type Compression = "gzip" | "bzip2" | "xz" | "zstd" | "lz4" | "zip";

/** Enough of a file's start to tell its compression. */
const HEAD_BYTES = 10;

const startsWith = (head: Uint8Array, magic: readonly number[]) => magic.every((b, i) => head[i] === b);

/**
 * The compression a file's first bytes announce, or undefined for anything else (text, a pickle). A zip archive is
 * told by its first local header or, when it has no member, its end record (`PK\3\4`, `PK\5\6`): no text starts
 * with those control bytes. bzip2's "BZh" is taken only with a block size digit and a block (or end) marker after it:
 * text may start "BZh".
 */
export function compressionOf(head: Uint8Array): Compression | undefined {
  if (startsWith(head, [0x1f, 0x8b])) return "gzip";
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return "zip";
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return "xz";
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return "zstd";
  if (startsWith(head, [0x04, 0x22, 0x4d, 0x18])) return "lz4";
  if (startsWith(head, [0x42, 0x5a, 0x68]) && head[3]! >= 0x31 && head[3]! <= 0x39) {
    const marker = head.subarray(4, 10);
    if (startsWith(marker, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) || startsWith(marker, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])) return "bzip2";
  }
  return undefined;
}

/** The compression of the file at `path` by its first bytes (an open `fd` is read instead of opening it again). */
export function compressionOfFile(path: string, fd?: number): Compression | undefined {
  const own = fd === undefined ? openSync(path, "r") : fd;
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const n = readSync(own, head, 0, HEAD_BYTES, 0);
    return compressionOf(head.subarray(0, n));
  } finally {
    if (fd === undefined) closeSync(own);
  }
}

/**
 * How a files step reads a file's text: "gzip" when its name ends in .gz or its bytes are gzip (a rotated app.log.1
 * that a rotator compressed without renaming it, as zcat -f and zgrep read it), "plain" for other bytes. A file
 * compressed otherwise (bzip2, xz, zstd, lz4) cannot be read as text: its compressed bytes searched, a not_contains
 * passed on the text it holds. That is an error saying so.
 */
export function textEncoding(path: string, fd?: number): "gzip" | "plain" {
  if (isGzipPath(path)) return "gzip";
  const found = compressionOfFile(path, fd);
  if (found === "gzip") return "gzip";
  if (found !== undefined) throw new CompressedFileError(found);
  return "plain";
}

/** A file compressed with a compressor other than gzip: its text cannot be read. */
export class CompressedFileError extends Error {
  /** Its code, which goes with it from a helper thread (where the class does not). */
  static readonly CODE = "ECOMPRESSED";
  readonly code = CompressedFileError.CODE;
  /** `inGzip`: the bytes a gzip file holds are compressed once more (gzip in gzip, bzip2 in gzip). */
  constructor(readonly compression: Compression, inGzip = false) {
    const what = compression === "zip" ? "a zip archive" : `compressed with ${compression}`;
    super(inGzip
      ? `gzip holding ${compression === "gzip" ? "gzip once more" : compression === "zip" ? what : `data ${what}`} (the first bytes it holds say so): one layer of gzip is decompressed, so its text cannot be checked`
      : `${what} (its first bytes say so): only gzip is decompressed, so its text cannot be checked`);
  }
}

/** A files step's view of a file's bytes: decompressed when it is gzip by name or by content; see textEncoding. */
export async function* textChunks(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (textEncoding(path) === "gzip") return yield* gunzipChunks(path, signal);
  return yield* readChunks(path, signal);
}

/** Yields the file's (decompressed, for *.gz) bytes chunk by chunk; stops early when the signal fires. */
export async function* readChunks(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  if (isGzipPath(path)) return yield* gunzipChunks(path, signal);
  const reader = Bun.file(path).stream().getReader();
  try {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      const { done, value } = await reader.read();
      if (done) return;
      if (value.length) yield value;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/**
 * A .gz file's decompressed bytes, as gzip, zcat and Python read it: every member of a concatenated archive, and zero
 * bytes after the last one ignored (a file padded to a block, or extended with zeros by a crash). DecompressionStream,
 * used before, failed such a file as damaged. A truncated or otherwise damaged archive still fails, after the bytes
 * of the members before the damage (see wholeMembers).
 */
export async function* gunzipChunks(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const { createGunzip } = require("node:zlib") as typeof import("node:zlib");
  const { createReadStream } = require("node:fs") as typeof import("node:fs");
  const source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  source.on("error", (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  let given = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      given += chunk.length;
      if (chunk.length) yield chunk;
    }
    if (signal?.aborted) throw signal.reason ?? new Error("aborted");
    // zlib stops at the first zero byte after a member and ignores everything after it: zeros alone there are padding,
    // but other bytes after them (a member Python's gzip reads on, junk) went unseen, and a not_contains passed on them.
    // (The stream may end before the file was read to its end: its size now says where the file ends. A member appended
    // since the stream ended starts where zlib stopped, with no zero before it: no padding, and no damage.)
    const end = statSync(path).size;
    const garbage = gunzip.bytesWritten < end ? await firstNonZero(path, gunzip.bytesWritten, end, signal) : undefined;
    if (garbage !== undefined && garbage > gunzip.bytesWritten) throw paddingFollowed(path, gunzip.bytesWritten, garbage);
  } catch (err) {
    // zlib drops what the write that met the damage decompressed (`printf x | gzip; printf junk` gave no byte, where
    // zcat prints x and warns): the whole members before it are read again, and the rest of them given, then the error.
    if ((err as { code?: string }).code !== "Z_DATA_ERROR") throw err;
    const rest = wholeMembers(path);
    if (rest !== undefined && rest.bytes.length > given) {
      for (let at = given; at < rest.bytes.length; at += 256 * 1024) {
        if (signal?.aborted) throw signal.reason ?? new Error("aborted");
        yield rest.bytes.subarray(at, Math.min(at + 256 * 1024, rest.bytes.length));
      }
    }
    // Placed where the first member that is not whole starts; bytes that start no member at the file's start (not gzip
    // at all) need no place.
    throw rest === undefined || (rest.members === 0 && !rest.damaged) ? err : new Error(`${(err as Error).message} at byte ${rest.damagedAt}, after ${rest.members} whole member${rest.members === 1 ? "" : "s"}`);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

/**
 * Where the first byte other than zero lies in the file's bytes from `start` to `end`, or undefined when all are zeros:
 * read as every other range is (readRange), stopped by the signal.
 */
async function firstNonZero(path: string, start: number, end: number, signal?: AbortSignal): Promise<number | undefined> {
  let at = start;
  for await (const chunk of readRange(path, { start, end }, signal)) {
    const i = chunk.findIndex((b) => b !== 0);
    if (i >= 0) return at + i;
    at += chunk.length;
  }
  return undefined;
}

/**
 * The damage of a gzip file whose zero padding (at `padding`, where zlib stopped) is followed by other bytes (at
 * `at`), which gzip ignores with a warning ("trailing garbage ignored"); how many whole members came before, when known.
 */
function paddingFollowed(path: string, padding: number, at: number): Error {
  const members = wholeMembers(path)?.members;
  const before = members === undefined ? "" : ` that follows ${members} whole member${members === 1 ? "" : "s"}`;
  return new Error(`bytes other than zeros at byte ${at}, after the zero padding at byte ${padding}${before}: zcat stops at the padding and ignores them as trailing garbage`);
}

/** The largest damaged archive read again for the members before its damage: its bytes and theirs are held whole. */
const WHOLE_MEMBERS_LIMIT = 64 * 1024 * 1024;

/**
 * The decompressed bytes of a gzip file's whole members before the first damaged part (trailing bytes that are no
 * member, a member cut short or corrupt), how many, the byte the damage starts at and whether a member header began
 * there (see gzipMembers); undefined for a file or an output over WHOLE_MEMBERS_LIMIT.
 */
function wholeMembers(path: string): { bytes: Uint8Array; members: number; damagedAt: number; damaged: boolean } | undefined {
  const { readFileSync } = require("node:fs") as typeof import("node:fs");
  if (statSync(path).size > WHOLE_MEMBERS_LIMIT) return undefined;
  const { members, end, damaged } = gzipMembers(readFileSync(path), WHOLE_MEMBERS_LIMIT);
  return { bytes: Buffer.concat(members), members: members.length, damagedAt: end, damaged };
}

/** Yields complete lines (without the newline, CR stripped) with their 1-based numbers. */
export async function* readLines(path: string, signal?: AbortSignal): AsyncGenerator<{ line: string; lineNo: number }> {
  const decoder = new TextDecoder();
  let carry = "";
  let lineNo = 0;
  for await (const chunk of readChunks(path, signal)) {
    const text = carry + decoder.decode(chunk, { stream: true });
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      if (nl === -1) break;
      let end = nl;
      if (end > start && text.charCodeAt(end - 1) === 13) end--;
      yield { line: text.slice(start, end), lineNo: ++lineNo };
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  carry += decoder.decode();
  if (carry.length) yield { line: carry.endsWith("\r") ? carry.slice(0, -1) : carry, lineNo: ++lineNo };
}

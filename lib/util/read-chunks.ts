// Streams a file's bytes in large chunks, decompressing .gz on the fly; constant memory whatever the file size.
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
 * used before, failed such a file as damaged. A truncated or otherwise damaged archive still fails.
 */
async function* gunzipChunks(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const { createGunzip } = require("node:zlib") as typeof import("node:zlib");
  const { createReadStream } = require("node:fs") as typeof import("node:fs");
  const source = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  source.on("error", (err) => gunzip.destroy(err));
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw signal.reason ?? new Error("aborted");
      if (chunk.length) yield chunk;
    }
    if (signal?.aborted) throw signal.reason ?? new Error("aborted");
  } finally {
    source.destroy();
    gunzip.destroy();
  }
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

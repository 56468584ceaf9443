// Splits a plain file into byte ranges that each start at a line start, and reads one range chunk by chunk.
import { closeSync, openSync, readSync } from "node:fs";
import { open } from "node:fs/promises";
import { scanMemory } from "./memory-bound.ts";

/** Below this size one thread reads a file: starting a thread costs more than it saves. */
export const SPLIT_MIN_BYTES = 64 * 1024 * 1024;

/** When a scan splits a file across helper threads. */
export interface SplitOptions {
  /** Smallest file worth splitting (default SPLIT_MIN_BYTES). */
  minBytes?: number;
  /** Most helper threads to use (default: what the process budget has free). */
  workers?: number;
  /** Smallest file whose regular expressions are run on helper threads (default OFF_THREAD_MIN_BYTES of lib/files/split-scan.ts). */
  offThreadMinBytes?: number;
}

/** How many helper threads a scan of a `size`-byte file asks for: none below `minBytes`, else `workers`. */
export function helpersWanted(size: number, options: SplitOptions): number {
  return size >= (options.minBytes ?? SPLIT_MIN_BYTES) ? (options.workers ?? Number.MAX_SAFE_INTEGER) : 0;
}

/** Bytes [start, end) of a file. */
export interface ByteRange {
  start: number;
  end: number;
}

const PROBE_BYTES = 64 * 1024;

/**
 * Up to `parts` non-empty ranges covering [0, size) in order, cut just after a newline near each even split point
 * (a line longer than a part leaves fewer ranges). An empty file gives none.
 */
export async function lineRanges(path: string, size: number, parts: number): Promise<ByteRange[]> {
  const cuts = [0];
  const fh = await open(path, "r");
  try {
    const buf = Buffer.allocUnsafe(PROBE_BYTES);
    for (let k = 1; k < parts; k++) {
      let pos = Math.max(Math.floor((size * k) / parts) - 1, cuts.at(-1)!);
      let cut = size;
      while (pos < size) {
        const { bytesRead } = await fh.read(buf, 0, Math.min(PROBE_BYTES, size - pos), pos);
        if (bytesRead === 0) break;
        const nl = buf.subarray(0, bytesRead).indexOf(10);
        if (nl >= 0) {
          cut = pos + nl + 1;
          break;
        }
        pos += bytesRead;
      }
      if (cut > cuts.at(-1)! && cut < size) cuts.push(cut);
    }
  } finally {
    await fh.close();
  }
  cuts.push(size);
  const ranges: ByteRange[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) if (cuts[i + 1]! > cuts[i]!) ranges.push({ start: cuts[i]!, end: cuts[i + 1]! });
  return ranges;
}

/** How much of a range one read takes. */
export const RANGE_CHUNK_BYTES = 1024 * 1024;

/** Reads between two turns of the event loop (so an abort, a signal or a timer is seen within a few ms). */
const READS_PER_TURN = 8;

/**
 * Yields the bytes of `range` in chunks read into one reused buffer (`into`, when several ranges are read one after
 * the other): a chunk is valid only until the next is asked for (copy what must outlive it). Reads are synchronous
 * (a quarter cheaper than the thread-pool reads of fs/promises for a page-cached file), with a turn of the event
 * loop every few; stops with the signal's reason when aborted.
 */
export async function* readRange(path: string, range: ByteRange, signal?: AbortSignal, into?: Buffer): AsyncGenerator<Buffer> {
  const fd = openSync(path, "r");
  try {
    const buf = into ?? Buffer.allocUnsafe(Math.min(RANGE_CHUNK_BYTES, Math.max(1, range.end - range.start)));
    for (let pos = range.start, reads = 0; pos < range.end; reads++) {
      if (reads % READS_PER_TURN === READS_PER_TURN - 1) {
        scanMemory.check();
        await new Promise((resolve) => setImmediate(resolve));
      }
      signal?.throwIfAborted();
      const bytesRead = readSync(fd, buf, 0, Math.min(buf.length, range.end - pos), pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Like readRange, without an async generator's two promises a chunk: hands each chunk to `push` (valid only during the
 * call). A failure to open or read goes through `readFailed` (what it returns is thrown); what `push` throws, and an
 * abort, are thrown as they are.
 */
export async function pushRange(path: string, range: ByteRange, push: (chunk: Buffer) => void, into: Buffer, signal: AbortSignal | undefined, readFailed: (err: unknown) => unknown): Promise<void> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (err) {
    throw readFailed(err);
  }
  try {
    for (let pos = range.start, reads = 0; pos < range.end; reads++) {
      if (reads % READS_PER_TURN === READS_PER_TURN - 1) {
        scanMemory.check();
        await new Promise((resolve) => setImmediate(resolve));
      }
      signal?.throwIfAborted();
      let bytesRead: number;
      try {
        bytesRead = readSync(fd, into, 0, Math.min(into.length, range.end - pos), pos);
      } catch (err) {
        throw readFailed(err);
      }
      if (bytesRead === 0) return;
      pos += bytesRead;
      push(into.subarray(0, bytesRead));
    }
  } finally {
    closeSync(fd);
  }
}

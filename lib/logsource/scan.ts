// Streams one log file into a query's stream sink: searches required literals in the raw bytes, decodes only candidate lines.
import type { StreamSink } from "../logql/engine.ts";
import { goDecode } from "../logql/go-utf8.ts";
import { readChunks } from "../util/read-chunks.ts";
import { type LineTime, TimestampStats, lineTimestamp } from "./timestamp.ts";

const NL = 10;

export interface ScanStats {
  bytes: number;
  timestamps: TimestampStats;
}

/** The file could not be read (vanished, unreadable, corrupt gzip): not a problem of the query. */
export class ReadError extends Error {}

export function newScanStats(): ScanStats {
  return { bytes: 0, timestamps: new TimestampStats() };
}

/** A time used for lines that carry none: the file's modification time. */
export interface Fallback {
  ms: number;
  sub: number;
}

/**
 * Feeds every line of `path` (gunzipped for .gz) that could match to `sink`. With `sink.literals`, a line is only
 * decoded when its bytes contain one of them; each decoded line gets its own timestamp or the fallback.
 * Rejects with ReadError when the file cannot be read, with the signal's reason when aborted, and with what the
 * sink throws.
 */
export async function feedLogFile(path: string, sink: StreamSink, fallback: Fallback, stats: ScanStats, signal?: AbortSignal): Promise<void> {
  const literals = sink.literals?.map((l) => Buffer.from(l));
  /** `bytes`: the raw length of a line holding invalid UTF-8 (with its \r, if any). */
  const handle = (line: string, bytes?: number) => {
    if (line.charCodeAt(line.length - 1) === 13) {
      line = line.slice(0, -1);
      if (bytes !== undefined) bytes--;
    }
    const t: LineTime | undefined = lineTimestamp(line);
    stats.timestamps.add(t);
    const ms = t ? t.ms : fallback.ms;
    const sub = t ? t.sub : fallback.sub;
    if (sink.wants(ms, sub)) sink.push(line, ms, sub, bytes);
  };
  const handleBytes = (bytes: Buffer) => {
    if (literals && !literals.some((l) => bytes.includes(l))) return;
    handleRange(bytes, 0, bytes.length, handle);
  };

  let carry: Buffer[] = [];
  for await (const chunk of fileChunks(path, signal)) {
    stats.bytes += chunk.length;
    const buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    if (carry.length) {
      const nl = buf.indexOf(NL);
      if (nl === -1) {
        carry.push(Buffer.from(buf));
        continue;
      }
      carry.push(buf.subarray(0, nl));
      handleBytes(Buffer.concat(carry));
      carry = [];
      start = nl + 1;
    }
    const last = buf.lastIndexOf(NL);
    if (last < start) {
      if (start < buf.length) carry.push(Buffer.from(buf.subarray(start)));
      continue;
    }
    if (!literals) scanAll(buf, start, last, handle);
    else if (literals.length === 1) scanOne(buf, start, last, literals[0]!, handle);
    else scanAny(buf, start, last, literals, handle);
    if (last + 1 < buf.length) carry.push(Buffer.from(buf.subarray(last + 1)));
  }
  if (carry.length) {
    const rest = Buffer.concat(carry);
    if (rest.length) handleBytes(rest);
  }
}

/** readChunks, with a failure to read (other than an abort) rejected as ReadError. */
async function* fileChunks(path: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const chunks = readChunks(path, signal);
  try {
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await chunks.next();
      } catch (err) {
        if (signal?.aborted) throw err;
        throw new ReadError((err as Error).message);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await chunks.return(undefined);
  }
}

type LineHandler = (line: string, bytes?: number) => void;

/**
 * Hands over buf[start, end) as a line. Bytes that are not UTF-8 become one U+FFFD each, as Loki shows them (Go's
 * decoding, not the WHATWG one), and the line's raw length goes along (Loki counts those bytes, not the U+FFFDs).
 */
function handleRange(buf: Buffer, start: number, end: number, handle: LineHandler): void {
  const text = buf.toString("utf8", start, end);
  if (!text.includes("\ufffd")) handle(text);
  else handle(goDecode(buf.subarray(start, end)), end - start);
}

/** Every line of [start, last) (buf[last] is a newline). */
function scanAll(buf: Buffer, start: number, last: number, handle: LineHandler): void {
  const text = buf.toString("utf8", start, last);
  if (text.includes("\ufffd")) {
    // Some line holds invalid UTF-8 (or a real U+FFFD): split the bytes, so each line is decoded on its own.
    for (let from = start; from <= last; ) {
      const nl = buf.indexOf(NL, from);
      const end = nl === -1 || nl > last ? last : nl;
      handleRange(buf, from, end, handle);
      from = end + 1;
    }
    return;
  }
  let from = 0;
  for (;;) {
    const nl = text.indexOf("\n", from);
    if (nl === -1) {
      handle(text.slice(from));
      return;
    }
    handle(text.slice(from, nl));
    from = nl + 1;
  }
}

/** The lines of [start, last] holding `lit`: found with a raw byte search, then only those lines are decoded. */
function scanOne(buf: Buffer, start: number, last: number, lit: Buffer, handle: LineHandler): void {
  let pos = start;
  while (pos < last) {
    const i = buf.indexOf(lit, pos);
    if (i === -1 || i >= last) return;
    const lineStart = Math.max(start, buf.lastIndexOf(NL, i) + 1);
    const lineEnd = buf.indexOf(NL, i + lit.length);
    handleRange(buf, lineStart, lineEnd, handle);
    pos = lineEnd + 1;
  }
}

/** Like scanOne for several literals: the next line holding any of them. */
function scanAny(buf: Buffer, start: number, last: number, lits: Buffer[], handle: LineHandler): void {
  const next = lits.map(() => -2);
  let pos = start;
  while (pos < last) {
    let best = -1;
    for (let k = 0; k < lits.length; k++) {
      if (next[k]! !== -1 && next[k]! < pos) next[k] = buf.indexOf(lits[k]!, pos);
      const n = next[k]!;
      if (n !== -1 && n < last && (best === -1 || n < best)) best = n;
    }
    if (best === -1) return;
    const lineStart = Math.max(start, buf.lastIndexOf(NL, best) + 1);
    const lineEnd = buf.indexOf(NL, best);
    handleRange(buf, lineStart, lineEnd, handle);
    pos = lineEnd + 1;
  }
}

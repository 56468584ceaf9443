// Streams one log file into a query's stream sink: searches required literals in the raw bytes, decodes only candidate lines.
import { stat } from "node:fs/promises";
import type { StreamSink } from "../logql/engine.ts";
import { goDecode } from "../logql/go-utf8.ts";
import { type ByteRange, helpersWanted, lineRanges, pushRange, RANGE_CHUNK_BYTES, type SplitOptions } from "../util/line-ranges.ts";
import { scanMemory } from "../util/memory-bound.ts";
import { fileChunks, gunzipChunks, textEncoding } from "../util/read-chunks.ts";
import { runWorker, withWorkers } from "../util/worker-threads.ts";
import { CandidateLines, type LineOut } from "./candidate-lines.ts";
import { COMPILE_LOCK, type NativeLineTimes, nativeLineTimes } from "./native-times.ts";
import { PAGE_BYTES, type PassedTimes, pickRange, type PickedLines } from "./pick-lines.ts";
import type { CandidateJob, CandidatePart } from "./range-worker.ts";
import { type Fallback, heldAt, newHeld, passedTimes, tooLong } from "./held-times.ts";
import { type LineTime, TimestampStats, lineTimestamp } from "./timestamp.ts";

export interface ScanStats {
  bytes: number;
  timestamps: TimestampStats;
}

/** The file could not be read (vanished, unreadable, corrupt gzip): not a problem of the query. */
export class ReadError extends Error {}

export function newScanStats(): ScanStats {
  return { bytes: 0, timestamps: new TimestampStats() };
}

/** A split file is cut into ranges of about this size, dealt in turn to this thread and the helpers. */
export const SPLIT_RANGE_BYTES = 32 * 1024 * 1024;

/** Most bytes of candidate lines one helper hands back in all; beyond, this thread reads the remaining ranges itself. */
export const MAX_HANDED_BYTES = 16 * 1024 * 1024;

/**
 * From this size on a file's passed-over lines are read in C (FeedSplitOptions.nativeTimes): what the compile costs is
 * won back by then (about 45 ns a line, some 250,000 lines).
 */
export const NATIVE_TIMES_MIN_BYTES = 32 * 1024 * 1024;

const RANGE_WORKER = new URL("./range-worker.ts", import.meta.url);

export interface FeedSplitOptions extends SplitOptions {
  /**
   * Read the time of every line, also of those a literal rules out, so that a line is known to be refused for lying
   * more than OUT_OF_ORDER_MS behind the newest before it (off, such a line is only known among the lines decoded:
   * enough when no line the sink wants lies more than OUT_OF_ORDER_MS before the modification time plus the grace).
   * A split file's helpers read them too and hand on the newest of each run of them (PassedNewest).
   */
  everyTime?: boolean;
  /**
   * With everyTime, read the times of the lines no literal picks with line-times.c (compiled once a process, about
   * 10 ms) rather than in JavaScript; the same times either way. Default: for a plain file of NATIVE_TIMES_MIN_BYTES or
   * more. Where Bun cannot compile it, JavaScript reads them.
   */
  nativeTimes?: boolean;
  /** Most bytes a helper hands back (default MAX_HANDED_BYTES). */
  maxHanded?: number;
  /** Size of the ranges dealt out (default SPLIT_RANGE_BYTES). */
  rangeBytes?: number;
  /** This thread takes no range while a helper runs: every range is a helper's unless one hands back null (tests). */
  helpersTake?: boolean;
}

/**
 * Feeds every line of `path` (gunzipped for .gz) that could match and that Loki 3.4.6 would hold to `sink`, in file
 * order. Loki refuses a line with a time of its own more than CREATION_GRACE_MS after the file's modification time, or
 * more than OUT_OF_ORDER_MS before the newest such line it holds of the file (one stream); a line without a time of its
 * own (at the modification time) is always held and makes no line older (promtail stamps it when it reads it, at any
 * time from its writing to the modification time). With `sink.literals`, a
 * line is only decoded when its bytes contain one of them (and none of `sink.excluded`), and a big plain file is
 * searched on several threads (byte ranges cut at line starts; the lines they pick are decoded here, in order). Each decoded line gets its own
 * timestamp or the fallback. Rejects with ReadError when the file cannot be read, with the signal's reason when
 * aborted, and with what the sink throws.
 */
export async function feedLogFile(path: string, sink: StreamSink, fallback: Fallback, stats: ScanStats, signal?: AbortSignal, options: FeedSplitOptions = {}): Promise<void> {
  const literals = sink.literals?.map((l) => Buffer.from(l));
  const excluded = sink.excluded?.map((l) => Buffer.from(l));
  // gzip by its name or by its first bytes (a rotated app.log.1 compressed without the .gz name: its compressed bytes
  // searched, a |= or a not_contains held on text it could not see); another compressor's bytes cannot be read.
  let gzip: boolean;
  try {
    gzip = textEncoding(path) === "gzip";
  } catch (err) {
    throw new ReadError((err as Error).message);
  }
  const size = gzip ? 0 : await fileSize(path);
  const native = options.everyTime && (options.nativeTimes ?? size >= NATIVE_TIMES_MIN_BYTES) ? nativeLineTimes() : undefined;
  const out = decodingOut(sink, fallback, stats, options.everyTime === true, native);
  const times = options.everyTime ? { fallback, native } : undefined;
  await withWorkers(literals ? helpersWanted(size, options) : 0, async (helpers) => {
    const ranges = helpers ? await lineRanges(path, size, Math.max(helpers + 1, Math.round(size / (options.rangeBytes ?? SPLIT_RANGE_BYTES)))).catch(readError(signal)) : [];
    if (ranges.length < 2) {
      const lines = new CandidateLines(literals, out, excluded);
      // A plain file's chunks share one buffer: CandidateLines copies what it keeps.
      for await (const chunk of readErrorsWrapped(gzip ? gunzipChunks(path, signal) : fileChunks(path, size, signal), signal)) {
        stats.bytes += chunk.length;
        lines.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      }
      lines.end();
      return;
    }
    await feedRanges(path, ranges, helpers, { literals: literals!, excluded, times }, out, stats, signal, options.maxHanded ?? MAX_HANDED_BYTES, options.helpersTake === true);
  });
}

/** What lines are picked by: at least one required literal, no excluded one; with `times`, the passed-over lines' times are read too. */
interface Picks {
  literals: Buffer[];
  excluded: Buffer[] | undefined;
  times: PassedTimes | undefined;
}

/**
 * The ranges go to whichever thread is free: this thread and the helpers take the next one from a shared counter. A
 * helper picks the lines of each range it takes and posts them; this thread decodes the ranges in file order. When
 * the range in turn is free it reads and decodes it at once; when a helper holds it, this thread picks a later range
 * ahead of its turn (kept as raw lines) instead of waiting, unless what it keeps so has reached `maxHanded`. A thread
 * that would keep more than `maxHanded` bytes stops picking ahead: the range it was on is read again in its turn.
 * Dealt in fixed turns before, this thread waited for a helper that started late and then lagged behind it.
 */
async function feedRanges(path: string, ranges: readonly ByteRange[], helpers: number, picks: Picks, out: DecodingOut, stats: ScanStats, signal: AbortSignal | undefined, maxHanded: number, helpersTake: boolean): Promise<void> {
  const stop = new AbortController();
  const both = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const strings = (list: Buffer[] | undefined) => (list ?? []).map((l) => l.toString());
  const next = new SharedArrayBuffer(4);
  const counter = new Int32Array(next);
  /** Picked ranges by index until their turn: posted by a helper, or picked here ahead of their turn. */
  const picked = new Map<number, PickedLines>();
  let running = helpers;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const job: CandidateJob = { path, ranges: [...ranges], literals: strings(picks.literals), excluded: strings(picks.excluded), maxBytes: maxHanded, next };
  if (picks.times) job.times = { fallback: picks.times.fallback, native: picks.times.native && { lock: COMPILE_LOCK, which: picks.times.native.build === "installed" ? "best" : "tinycc" } };
  const done = Array.from({ length: helpers }, () =>
    runWorker<CandidateJob, null, CandidatePart>(RANGE_WORKER, job, both, (part, taken) => {
      taken();
      picked.set(part.index, part.lines);
      wake?.();
    })
      .catch((err: unknown) => {
        failure ??= { error: err };
      })
      .finally(() => {
        running--;
        wake?.();
      }),
  );
  const buffer = Buffer.allocUnsafe(RANGE_CHUNK_BYTES);
  let scratch: Uint8Array | undefined;
  const budget = { left: maxHanded };
  const readHere = async (range: ByteRange) => {
    const lines = new CandidateLines(picks.literals, out, picks.excluded);
    await pushRange(path, range, (chunk) => lines.push(chunk), buffer, both, (err) => (signal?.aborted ? err : new ReadError((err as Error).message)));
    lines.end();
  };
  /** The newest time passed over before a picked line (or after the last), handed on to the decoding's (-Infinity: none). */
  const passedNewest = (ms: number, sub: number) => {
    if (ms !== -Infinity) out.passedNewest(ms, sub);
  };
  const decodePicked = ({ pages, passed }: NonNullable<PickedLines>) => {
    // Each line is decoded on its own: a line the sink keeps (for duplicate checks) must not hold on to one string of all of them.
    for (const [p, page] of pages.entries()) {
      const buf = Buffer.from(page.buffer, page.byteOffset, page.byteLength);
      const before = passed?.before[p];
      for (let from = 0, k = 0; from < buf.length; k += 2) {
        if (before) passedNewest(before[k]!, before[k + 1]!);
        const nl = buf.indexOf(10, from);
        out.line(buf, from, nl);
        from = nl + 1;
      }
      scanMemory.check();
    }
    if (passed) passedNewest(...passed.after);
  };
  const helperFailed = () => {
    if (failure) readError(signal)(failure.error);
  };
  const nothingToTake = () =>
    new Promise<void>((resolve) => (wake = resolve)).finally(() => {
      wake = undefined;
    });
  try {
    for (let turn = 0; turn < ranges.length; ) {
      if (picked.has(turn)) {
        const pages = picked.get(turn)!;
        picked.delete(turn);
        if (pages === null) await readHere(ranges[turn]!);
        else decodePicked(pages);
        stats.bytes += ranges[turn]!.end - ranges[turn]!.start;
        turn++;
        continue;
      }
      helperFailed();
      // A range is taken while picking ahead is allowed, or when no helper is left to take the rest; else the range in
      // turn is (or will be) a helper's, and this thread waits for its part.
      const index = (budget.left > 0 && !helpersTake) || running === 0 ? Atomics.add(counter, 0, 1) : ranges.length;
      if (index === turn) {
        await readHere(ranges[turn]!);
        stats.bytes += ranges[turn]!.end - ranges[turn]!.start;
        turn++;
      } else if (index < ranges.length) {
        picked.set(index, await pickRange(path, ranges[index]!, picks.literals, picks.excluded ?? [], budget, buffer, (scratch ??= new Uint8Array(PAGE_BYTES)), both, picks.times).catch(readError(signal)));
      } else if (running > 0) await nothingToTake();
    }
    await Promise.all(done);
    helperFailed();
  } finally {
    stop.abort();
  }
}

/** An abort stays the signal's reason; any other failure to read becomes a ReadError. */
function readError(signal: AbortSignal | undefined): (err: unknown) => never {
  return (err) => {
    if (signal?.aborted) throw signal.reason ?? err;
    if (err instanceof ReadError) throw err;
    throw new ReadError((err as Error).message);
  };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (err) {
    throw new ReadError((err as Error).message);
  }
}

/** A LineOut that also takes the newest time among lines passed over elsewhere (a helper's, see PickedLines). */
interface DecodingOut extends LineOut {
  passedNewest(ms: number, sub: number): void;
}

/**
 * Decodes each picked line, finds its time and pushes it to the sink when Loki would hold it (see feedLogFile) and the
 * sink wants that time. With `gaps`, the lines not picked are read for their times too.
 */
function decodingOut(sink: StreamSink, fallback: Fallback, stats: ScanStats, gaps: boolean, native: NativeLineTimes | undefined): DecodingOut {
  const held = newHeld(fallback);
  /**
   * `bytes`: the raw length of a line holding invalid UTF-8. A CR before the newline stays part of the line, as
   * promtail ships it to Loki (only the newline ends a line there); the time is read without it.
   */
  const handle = (line: string, bytes?: number) => {
    const t: LineTime | undefined = lineTimestamp(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line);
    stats.timestamps.add(t);
    if (tooLong(line, bytes)) return;
    if (t && !heldAt(held, t.ms, t.sub)) return;
    const ms = t ? t.ms : fallback.ms;
    const sub = t ? t.sub : fallback.sub;
    if (sink.wants(ms, sub)) sink.push(line, ms, sub, bytes, t === undefined);
  };
  return {
    line: (buf, start, end) => handleRange(buf, start, end, handle),
    block: (buf, start, last) => scanAll(buf, start, last, handle),
    ...(gaps ? { gap: passedTimes(held, native) } : {}),
    passedNewest: (ms, sub) => void heldAt(held, ms, sub),
  };
}

/** The chunks, with a failure to read (other than an abort) rejected as ReadError. */
async function* readErrorsWrapped<T extends Uint8Array>(chunks: AsyncGenerator<T, unknown>, signal?: AbortSignal): AsyncGenerator<T> {
  try {
    for (;;) {
      let next: IteratorResult<T>;
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
      const nl = buf.indexOf(10, from);
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

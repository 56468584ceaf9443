// The logql step's `files:` mode: evaluates a LogQL query over local log files with the embedded engine.
import { type PreparedQuery, prepareQuery } from "../logql/engine.ts";
import type { QueryResult } from "../core/query-result.ts";
import { readLines, isGzipPath } from "../util/read-chunks.ts";
import { expandFiles } from "./files.ts";
import type { SkippedLink } from "../util/glob-walk.ts";
import { type Fallback, ReadError, newScanStats, feedLogFile } from "./scan.ts";
import { lineTimestamp } from "./timestamp.ts";

export { LogqlError } from "../logql/errors.ts";
export { embeddedSupportErrors, lokiSyntaxErrors } from "../logql/index.ts";
export { filesMapErrors } from "./files.ts";

export interface QueryLogFilesOptions {
  query: string;
  /** Glob (relative to scenarioDir) → static labels; a `{label}` path segment also becomes a label. */
  files: Record<string, Record<string, string>>;
  scenarioDir: string;
  startMs: number;
  endMs: number;
  /** Metric queries: evaluate at every step from start to end (a matrix); otherwise once at end (a vector). */
  stepMs?: number;
  /** Log queries: most lines returned (default 100). */
  limit?: number;
  /** Log queries: newest first (backward, the default) or oldest first. */
  direction?: "forward" | "backward";
  /** Add service_name and detected_level as a default Loki 3.x does at ingestion (default true). */
  ingestLabels?: boolean;
  signal: AbortSignal;
}

export interface QueryLogFilesResult {
  result: QueryResult;
  /** Files actually read (files no selector matches, or wholly outside the window, are not). */
  filesRead: number;
  /** Bytes read from them (decompressed). */
  bytesRead: number;
  /** How line timestamps were found, e.g. "RFC 3339 prefix (412 lines), mtime (3 lines)". */
  timestampRule: string;
  /** Symbolic links the globs met but did not follow (dangling, loops). */
  skippedLinks: SkippedLink[];
}

/**
 * Evaluates `query` over the files. Rejects with LogqlError for query problems (syntax, unsupported features,
 * pipeline errors, limits), with an Error for unreadable files, and with the signal's reason when aborted.
 */
export async function queryLogFiles(opts: QueryLogFilesOptions): Promise<QueryLogFilesResult> {
  const prepared = prepareQuery(opts.query, {
    startMs: opts.startMs,
    endMs: opts.endMs,
    stepMs: opts.stepMs,
    limit: opts.limit,
    direction: opts.direction,
    ingestLabels: opts.ingestLabels ?? true,
  });
  const { files, skipped } = await expandFiles(opts.files, opts.scenarioDir, opts.signal);
  const run = prepared.start();
  const stats = newScanStats();
  let filesRead = 0;
  for (const file of files) {
    opts.signal.throwIfAborted();
    const sink = run.openStream(file.labels);
    if (!sink) continue;
    const cannotRead = (err: unknown) =>
      opts.signal.aborted ? (opts.signal.reason ?? err) : new Error(`cannot read ${file.labels.filename}: ${(err as Error).message}`);
    let mtime: Fallback;
    try {
      const stat = await Bun.file(file.path).stat();
      // Whole ms and the nanoseconds past them (floored: the sub-ms part must stay below 1e6).
      mtime = { ms: Math.floor(stat.mtimeMs), sub: Math.floor((stat.mtimeMs - Math.floor(stat.mtimeMs)) * 1e6) };
      if (await outsideWindow(file.path, stat.size, mtime, prepared, opts.signal)) continue;
    } catch (err) {
      throw cannotRead(err); // only reads and timestamp parsing happen above
    }
    filesRead++;
    try {
      await feedLogFile(file.path, sink, mtime, stats, opts.signal);
    } catch (err) {
      throw err instanceof ReadError ? cannotRead(err) : opts.signal.aborted ? (opts.signal.reason ?? err) : err;
    }
  }
  return { result: run.finish(), filesRead, bytesRead: stats.bytes, timestampRule: stats.timestamps.toString(), skippedLinks: skipped };
}

/**
 * Lines a file holds out of time order by up to this much are still found: Loki 3.4.6 accepts a stream's entries up to
 * an hour older than its newest (half of max_chunk_age), so a shipper's file may hold them.
 */
const OUT_OF_ORDER_MS = 3_600_000;

/** How much of each end of a plain file is read to judge it, and how many lines of a compressed file's head. */
const EDGE_BYTES = 64 * 1024;
const HEAD_LINES = 1000;

/**
 * A time written without a zone is read as UTC: written by a clock ahead of UTC (by up to 14 hours), a compressed file's
 * last lines may look later than the file's modification time, which stands for them (its last line is not read).
 */
const ZONE_SLACK_MS = 14 * 3_600_000;

/**
 * True when the file's lines all lie outside the query's window, judged from its first and last lines that carry a
 * timestamp (log files are written in time order, give or take OUT_OF_ORDER_MS); only whole lines count. A compressed
 * file is judged from its first such line and its modification time. Lines without a timestamp count at the file's
 * modification time: a file whose modification time is in the window is always read. A file whose ends hold no line
 * with a timestamp is read, unless they are all of it (every line then counts at the modification time). (Judged
 * from its first and last lines whatever they held, a rotated log that began with the tail of a stack trace, or ended
 * in a line longer than the part read, was skipped with lines in the window.)
 */
async function outsideWindow(path: string, size: number, mtime: Fallback, q: PreparedQuery, signal: AbortSignal): Promise<boolean> {
  if (size === 0) return true;
  if (mtime.ms >= q.fromMs - 1 && mtime.ms <= q.toMs) return false;
  const stamp = (line: string) => lineTimestamp(line.replace(/\r$/, ""))?.ms;
  let first: number | undefined;
  let last: number | undefined;
  if (isGzipPath(path)) {
    let seen = 0;
    let whole = true;
    for await (const l of readLines(path, signal)) {
      first = stamp(l.line);
      if (first !== undefined) break;
      if (++seen >= HEAD_LINES) {
        whole = false;
        break;
      }
    }
    // No line read has a time: all at the modification time (outside the window) when they were all the file's.
    if (first === undefined) return whole;
    last = Math.max(first, mtime.ms + ZONE_SLACK_MS);
  } else {
    const head = (await Bun.file(path).slice(0, EDGE_BYTES).text()).split("\n");
    // The head's last piece is a whole line only when it ends the file; the tail's first only when it starts it.
    if (size > EDGE_BYTES) head.pop();
    for (const line of head) if ((first = stamp(line)) !== undefined) break;
    const tailStart = Math.max(0, size - EDGE_BYTES);
    const tail = (await Bun.file(path).slice(tailStart).text()).split("\n");
    if (tailStart > 0) tail.shift();
    for (let i = tail.length - 1; i >= 0 && last === undefined; i--) if (tail[i]) last = stamp(tail[i]!);
    if (first === undefined || last === undefined) return first === undefined && size <= EDGE_BYTES;
  }
  const lo = Math.min(first, last) - OUT_OF_ORDER_MS;
  const hi = Math.max(first, last) + OUT_OF_ORDER_MS;
  return hi + 1 < q.fromMs || lo > q.toMs;
}

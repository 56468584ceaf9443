// The logql step's `files:` mode: evaluates a LogQL query over local log files with the embedded engine.
import { type PreparedQuery, prepareQuery } from "../logql/engine.ts";
import type { QueryResult } from "../core/query-result.ts";
import { readLines, isGzipPath } from "../util/read-chunks.ts";
import { expandFiles } from "./files.ts";
import type { SkippedLink } from "../util/glob-walk.ts";
import { type Fallback, ReadError, newScanStats, feedLogFile } from "./scan.ts";
import { lineTimestamp } from "./timestamp.ts";

export { LogqlError } from "../logql/errors.ts";
export { embeddedSupportErrors } from "../logql/index.ts";
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

/**
 * True when the file's lines all lie outside the query's window, judged from its first and last lines (log files are
 * written in time order, give or take OUT_OF_ORDER_MS). A compressed file is judged from its first line and its
 * modification time. A line without a timestamp counts at the file's modification time: a file whose modification time
 * is in the window is always read (its first and last lines say nothing of such lines between them).
 */
async function outsideWindow(path: string, size: number, mtime: Fallback, q: PreparedQuery, signal: AbortSignal): Promise<boolean> {
  if (size === 0) return true;
  if (mtime.ms >= q.fromMs - 1 && mtime.ms <= q.toMs) return false;
  const timeOf = (line: string | undefined) => {
    const t = line === undefined ? undefined : lineTimestamp(line.replace(/\r$/, ""));
    return t ? t.ms : mtime.ms;
  };
  let first: number;
  let last: number;
  if (isGzipPath(path)) {
    let line: string | undefined;
    for await (const l of readLines(path, signal)) {
      line = l.line;
      break;
    }
    first = timeOf(line);
    last = Math.max(first, mtime.ms);
  } else {
    const head = await Bun.file(path).slice(0, 64 * 1024).text();
    const tail = await Bun.file(path).slice(Math.max(0, size - 64 * 1024)).text();
    first = timeOf(head.split("\n", 1)[0]);
    const lines = tail.split("\n").filter((l) => l.length);
    last = timeOf(lines[lines.length - 1]);
  }
  const lo = Math.min(first, last) - OUT_OF_ORDER_MS;
  const hi = Math.max(first, last) + OUT_OF_ORDER_MS;
  return hi + 1 < q.fromMs || lo > q.toMs;
}

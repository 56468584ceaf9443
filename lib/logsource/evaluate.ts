// The logql step's `files:` mode: evaluates a LogQL query over local log files with the embedded engine.
import { type PreparedQuery, prepareQuery } from "../logql/engine.ts";
import type { QueryResult } from "../core/query-result.ts";
import { readLines, isGzipPath } from "../util/read-chunks.ts";
import { expandFiles } from "./files.ts";
import type { SkippedLink } from "../util/glob-walk.ts";
import { type Fallback, CREATION_GRACE_MS, OUT_OF_ORDER_MS, tooLong, tooNew } from "./held-times.ts";
import { type FeedSplitOptions, ReadError, feedLogFile, newScanStats } from "./scan.ts";
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
  /** How files are read, over what the query needs (tests force the split, the C reading and every line's time on small files: the same answer). */
  scan?: FeedSplitOptions;
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
  const run = prepared.start(files.map((f) => f.labels));
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
      // Only a line more than OUT_OF_ORDER_MS before the newest held (at most the modification time plus the grace) can be
      // refused for lying behind: when the window starts after that, the lines a literal rules out need not be timed.
      const everyTime = prepared.fromMs < mtime.ms + CREATION_GRACE_MS - OUT_OF_ORDER_MS + 1;
      await feedLogFile(file.path, sink, mtime, stats, opts.signal, { everyTime, ...opts.scan });
    } catch (err) {
      throw err instanceof ReadError ? cannotRead(err) : opts.signal.aborted ? (opts.signal.reason ?? err) : err;
    }
  }
  return { result: run.finish(), filesRead, bytesRead: stats.bytes, timestampRule: stats.timestamps.toString(), skippedLinks: skipped };
}

/** How much of a plain file's head is read to judge it, and how many lines of a compressed file's head. */
const EDGE_BYTES = 64 * 1024;
const HEAD_LINES = 1000;

/**
 * True when no line of the file that Loki would hold lies in the query's window.
 * Lines without a timestamp lie at the modification time; of the others, none is later than the modification time plus
 * CREATION_GRACE_MS, and none more than OUT_OF_ORDER_MS older than the first one held (the newest held is at least that
 * one). So a file is skipped when its modification time is outside the window and either the modification time plus
 * the grace is before the window, or its first line with a timestamp not later than that (among the whole lines of the
 * first 64 KiB, or of a compressed file's first 1,000 lines) is more than OUT_OF_ORDER_MS after the window. Otherwise
 * it is read. (Judged from its first and last lines, assumed to bound the lines between them, a file whose middle line
 * lay in the window was skipped.)
 */
async function outsideWindow(path: string, size: number, mtime: Fallback, q: PreparedQuery, signal: AbortSignal): Promise<boolean> {
  if (size === 0) return true;
  if (mtime.ms >= q.fromMs - 1 && mtime.ms <= q.toMs) return false;
  if (mtime.ms + CREATION_GRACE_MS + 1 < q.fromMs) return true;
  /** The line's own time (ms) when Loki would hold it as the first of the stream's such lines, else undefined. */
  const held = (line: string) => {
    if (tooLong(line)) return undefined;
    const t = lineTimestamp(line.replace(/\r$/, ""));
    return !t || tooNew(t.ms, t.sub, mtime) ? undefined : t.ms;
  };
  let first: number | undefined;
  if (isGzipPath(path)) {
    let seen = 0;
    for await (const l of readLines(path, signal)) {
      if ((first = held(l.line)) !== undefined || ++seen >= HEAD_LINES) break;
    }
  } else {
    const head = (await Bun.file(path).slice(0, EDGE_BYTES).text()).split("\n");
    // The head's last piece is a whole line only when it ends the file.
    if (size > EDGE_BYTES) head.pop();
    for (const line of head) if ((first = held(line)) !== undefined) break;
  }
  return first !== undefined && first - OUT_OF_ORDER_MS > q.toMs;
}

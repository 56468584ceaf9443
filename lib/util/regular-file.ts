// Opens a file a run writes or updates only when it is a regular file: a FIFO, a socket or a device in its place never
// holds the run blocked in open() (a FIFO with nobody at its other end does, and no signal handler runs meanwhile); reads
// a file the user names to be read (readInput) whatever it is, a FIFO waited for off the main thread.
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from "node:fs";
import { open } from "node:fs/promises";
import { sleep } from "./sleep.ts";

/** What a path that is not a regular file is, in words: "a FIFO (named pipe)", "a socket", "a folder". */
export function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isDirectory()) return "a folder";
  if (stats.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

/** The path is there but is not a regular file: `kind` says what it is. */
export class NotRegularFile extends Error {
  constructor(readonly path: string, readonly kind: string, readonly isFolder: boolean) {
    super(`${path} is ${kind}, not a regular file`);
  }
}

/** O_NONBLOCK where the platform has it: an open of a FIFO returns at once (or fails) instead of waiting for its other end. */
const NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * Opens `path` with `flags` (constants.O_*; O_NONBLOCK is added) and returns the descriptor when it is a regular file;
 * else closes it and throws NotRegularFile. A FIFO opened to write with no reader fails (ENXIO) instead of blocking: it
 * is said as a FIFO too, and a socket (never opened) as a socket. O_NONBLOCK changes nothing for a regular file's reads and writes.
 */
export function openRegular(path: string, flags: number, mode?: number): number {
  let fd: number;
  try {
    fd = openSync(path, flags | NONBLOCK, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A folder opened to write.
    if (code === "EISDIR") throw new NotRegularFile(path, "a folder", true);
    // ENXIO: a FIFO opened to write with no reader, or a socket (which open() never opens).
    if (code !== "ENXIO") throw error;
    const stats = statSync(path, { throwIfNoEntry: false });
    throw new NotRegularFile(path, stats ? kindOf(stats) : "a FIFO (named pipe)", false);
  }
  let stats: Stats;
  try {
    stats = fstatSync(fd);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  if (stats.isFile()) return fd;
  closeSync(fd);
  throw new NotRegularFile(path, kindOf(stats), stats.isDirectory());
}

/** The text (UTF-8) of `path` when it is a regular file, read through openRegular: NotRegularFile when it is none. */
export function readRegular(path: string): string {
  const fd = openRegular(path, constants.O_RDONLY);
  try {
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

/** A FIFO's read stopped by the run's interrupt (Ctrl-C, SIGTERM) while no process wrote to it. */
export class ReadInterrupted extends Error {
  constructor(readonly path: string) {
    super("interrupted while waiting for a process to write to this FIFO");
  }
}

export interface InputReadOptions {
  /** The run's interrupt: it ends a FIFO's wait for a writer (ReadInterrupted), not the read of one that has a writer. */
  signal?: AbortSignal;
  /** Called once when a FIFO has had no writer for WRITER_NOTE_MS: the run says what it waits for. */
  onWait?: () => void;
  /** Called with true when the wait for a FIFO's writer begins, false when it ends (an interrupt meanwhile loads nothing). */
  writerWait?: (waiting: boolean) => void;
  /** Read no more than this many bytes and one (the caller refuses a longer input). */
  maxBytes?: number;
}

/** How long a FIFO may have no writer before the run says it waits for one. */
const WRITER_NOTE_MS = 1_000;
/** Longest pause between two looks at a FIFO whose writer has written nothing new. */
const LONGEST_POLL_MS = 50;

/**
 * The bytes of a file the user names to be read (a scenario file, an --env-file): a regular file as readFileSync reads
 * it, and a FIFO (a named pipe, or `<(…)`'s /dev/fd/N) without holding the main thread, where no signal handler runs:
 * a FIFO with no writer held the run in open(), deaf to Ctrl-C and SIGTERM (only SIGKILL ended it). The FIFO is opened
 * off the main thread as `cat` opens it (waiting for a writer, which a process substitution already is), then read
 * without blocking until its writer closes it. The signal ends the wait for a writer; a FIFO that has one is read to its
 * end, as a regular file is when an interrupt comes while loading (the run then skips its steps).
 */
export async function readInput(path: string, opts: InputReadOptions = {}): Promise<Buffer> {
  // Looked at before opening: a FIFO opened and closed again while its writer wrote would lose what it wrote.
  if (!statSync(path).isFIFO()) return readFileSync(path);
  const { signal } = opts;
  const opening = open(path, "r");
  const note = opts.onWait ? setTimeout(opts.onWait, WRITER_NOTE_MS) : undefined;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<"aborted">((resolve) => {
    onAbort = () => resolve("aborted");
    if (signal?.aborted) onAbort();
    else signal?.addEventListener("abort", onAbort, { once: true });
  });
  let interrupted = false;
  opts.writerWait?.(true);
  try {
    if ((await Promise.race([opening, aborted])) === "aborted") {
      interrupted = true;
      // The open waiting in the background ends once a writer comes: this process is one for a moment (again until it
      // has ended: an open not yet under way when the first came would wait for the next). Whether a writer of the
      // user's came too is known by the first read: this one is gone by then.
      const opened = opening.then(() => true);
      do {
        try {
          closeSync(openSync(path, constants.O_WRONLY | NONBLOCK));
        } catch {
          // No reader waits yet, or any more (ENXIO).
        }
      } while (!(await Promise.race([opened, sleep(20).then(() => false)])));
    }
  } finally {
    opts.writerWait?.(false);
    clearTimeout(note);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
  const handle = await opening;
  // Read without blocking from here on: the writer may pause, and the event loop (signal handlers) must go on meanwhile.
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | NONBLOCK);
  } finally {
    await handle.close();
  }
  try {
    const read = await readFifo(fd, opts.maxBytes);
    if (interrupted && !read.hadWriter) throw new ReadInterrupted(path);
    return read.bytes;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a non-blocking FIFO descriptor until its writers close it (or maxBytes is passed), pausing while it is empty;
 * `hadWriter`: the first read found a writer (bytes, or none yet) rather than the end.
 */
async function readFifo(fd: number, maxBytes = Infinity): Promise<{ bytes: Buffer; hadWriter: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let pauseMs = 1;
  let hadWriter = false;
  for (;;) {
    const chunk = Buffer.alloc(64 * 1024);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      hadWriter = true;
      await sleep(pauseMs);
      pauseMs = Math.min(pauseMs * 2, LONGEST_POLL_MS);
      continue;
    }
    if (n === 0) return { bytes: Buffer.concat(chunks), hadWriter };
    hadWriter = true;
    chunks.push(chunk.subarray(0, n));
    total += n;
    pauseMs = 1;
    if (total > maxBytes) return { bytes: Buffer.concat(chunks), hadWriter };
  }
}

// Opens a file a run writes or updates only when it is a regular file: a FIFO, a socket or a device in its place never
// holds the run blocked in open() (a FIFO with nobody at its other end does, and no signal handler runs meanwhile).
import { closeSync, constants, fstatSync, openSync, readFileSync, statSync, type Stats } from "node:fs";

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

// Five questions about a path that may not exist, answered without throwing.
import { accessSync, constants, realpathSync, statSync } from "node:fs";

/** Whether the path is a directory (or a link to one); false when it does not exist or cannot be looked at. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Whether the path is a regular file (or a link to one); false when it does not exist or cannot be looked at. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The path with every link resolved; the path itself when it does not exist (yet) or cannot be resolved. */
export function realPathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/**
 * Whether two paths name one file or folder: the same device and inode when both exist (a link, a hard link, a `..`),
 * else the same path with its links resolved.
 */
export function samePath(a: string, b: string): boolean {
  let sa, sb;
  try {
    sa = statSync(a);
    sb = statSync(b);
  } catch {
    return realPathOr(a) === realPathOr(b);
  }
  return sa.dev === sb.dev && sa.ino === sb.ino;
}

/**
 * Why this process cannot make files in the folder (write it and enter it, as access() says: root passes where the mode
 * bits say no, and a read-only mount fails it too), in words; undefined when it can.
 */
export function folderNotWritable(folder: string): string | undefined {
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "EACCES" || code === "EPERM") return "permission denied";
    if (code === "EROFS") return "read-only file system";
    return message;
  }
}

// Three questions about a path that may not exist, answered without throwing.
import { realpathSync, statSync } from "node:fs";

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

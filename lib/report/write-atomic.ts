// Writes a file atomically: a temporary file in the same directory, then rename over the target.
// Synchronous calls: at a run's end, loading node:fs/promises or the first asynchronous file call costs more than the writes (bench/RESULTS.md, oncecost).
import { existsSync, linkSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

let counter = 0;

/** Readers see either the old file or the whole new one, never a partial write. Creates the directory. Text is written as UTF-8. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  writeAtomicSync(path, data);
}

/** writeAtomic for a moment that cannot wait for a promise (the process exits next). */
export function writeAtomicSync(path: string, data: string | Uint8Array): void {
  throughTemp(path, data, (temp) => {
    renameSync(temp, path);
    return true;
  });
}

/**
 * As writeAtomic, but only when no file of that name is there: false when one is (written by another run meanwhile).
 * The name is taken by a hard link of the whole temporary file, so two writers never both get it and no reader sees a
 * partial file; where the file system has no hard links, by a rename after a look (a narrow window, as before).
 */
export function writeExclusive(path: string, data: string | Uint8Array): boolean {
  return throughTemp(path, data, (temp) => {
    try {
      linkSync(temp, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" || existsSync(path)) return false;
      renameSync(temp, path);
    }
    return true;
  });
}

/** Writes the data whole to a temporary file beside `path` (creating the directory), lets `place` put it, and never leaves the temporary file. */
function throughTemp(path: string, data: string | Uint8Array, place: (temp: string) => boolean): boolean {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  try {
    // Created anew (O_EXCL), never opened as found: a FIFO of that name would hold the run blocked in open(). One left
    // by a process of the same id that died before removing it is removed first.
    rmSync(temp, { force: true });
    writeFileSync(temp, data, { flag: "wx" });
    return place(temp);
  } finally {
    rmSync(temp, { force: true });
  }
}

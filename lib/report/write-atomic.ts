// Writes a file atomically: a temporary file in the same directory, then rename over the target.
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

let counter = 0;

/** Readers see either the old file or the whole new one, never a partial write. Creates the directory. Text is written as UTF-8. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  try {
    await writeFile(temp, data);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

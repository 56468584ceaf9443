// Tests of atomic writes: the target appears whole, and no temporary file is left, even when the rename fails.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeAtomic, writeExclusive } from "./write-atomic.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "write-atomic-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("creates the directory, writes, overwrites, and leaves no temporary file", async () => {
  const file = join(dir, "a", "b", "report.md");
  await writeAtomic(file, "first");
  await writeAtomic(file, "second");
  expect(await readFile(file, "utf8")).toBe("second");
  expect(await readdir(join(dir, "a", "b"))).toEqual(["report.md"]);
});

test("a failed rename removes the temporary file and throws", async () => {
  const target = join(dir, "taken");
  await mkdir(join(target, "child"), { recursive: true }); // a non-empty directory cannot be replaced by a file
  await expect(writeAtomic(target, "x")).rejects.toThrow();
  expect(await readdir(dir)).toEqual(["taken"]);
});

/** What a rejected file call carried: the message, code, syscall and paths. */
async function failure(p: Promise<unknown>): Promise<Record<string, unknown>> {
  const e = (await p.then(() => undefined, (error: unknown) => error)) as NodeJS.ErrnoException & { dest?: string };
  return { message: e?.message, code: e?.code, syscall: e?.syscall, path: e?.path, dest: e?.dest };
}

test("its errors are those node:fs/promises gives for the same calls", async () => {
  await writeFile(join(dir, "file"), "");
  // the directory to create is under a file
  const under = join(dir, "file", "sub");
  expect(await failure(writeAtomic(join(under, "report.md"), "x"))).toEqual(await failure(mkdir(under, { recursive: true })));
  // the target is a non-empty directory: the temporary file's rename fails
  const target = join(dir, "taken");
  await mkdir(join(target, "child"), { recursive: true });
  const atomic = await failure(writeAtomic(target, "x"));
  const temp = String(atomic.path);
  expect(temp).toStartWith(join(dir, ".taken."));
  await writeFile(temp, "x");
  expect(atomic).toEqual(await failure(rename(temp, target)));
});

test("writeExclusive writes a free name whole and refuses a taken one, leaving it and no temporary file", async () => {
  const file = join(dir, "r", "report.md");
  expect(writeExclusive(file, "first")).toBe(true);
  expect(writeExclusive(file, "second")).toBe(false);
  expect(await readFile(file, "utf8")).toBe("first");
  expect(await readdir(join(dir, "r"))).toEqual(["report.md"]);
});

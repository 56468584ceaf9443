// Tests of atomic writes: the target appears whole, and no temporary file is left, even when the rename fails.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeAtomic } from "./write-atomic.ts";

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

// openRegular: a file a run writes is opened only as a regular file, and a FIFO never blocks the open.
import { afterEach, beforeEach, expect, test } from "bun:test";
import { closeSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NotRegularFile, openRegular } from "./regular-file.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "regular-file-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;

function thrown(fn: () => unknown): NotRegularFile {
  try {
    fn();
  } catch (error) {
    if (error instanceof NotRegularFile) return error;
    throw error;
  }
  throw new Error("nothing was thrown");
}

test("a regular file (new or there) is opened and written as asked", () => {
  const path = join(dir, "log.txt");
  for (const text of ["one\n", "two\n"]) {
    const fd = openRegular(path, APPEND, 0o666);
    writeSync(fd, text);
    closeSync(fd);
  }
  expect(readFileSync(path, "utf8")).toBe("one\ntwo\n");
});

test("a FIFO, to write (no reader) or to read, is refused at once as a FIFO; a folder as a folder; a device as a device", () => {
  const fifo = join(dir, "fifo");
  expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
  expect(thrown(() => openRegular(fifo, APPEND)).kind).toBe("a FIFO (named pipe)");
  expect(thrown(() => openRegular(fifo, constants.O_RDONLY)).kind).toBe("a FIFO (named pipe)");
  mkdirSync(join(dir, "folder"));
  expect(thrown(() => openRegular(join(dir, "folder"), APPEND))).toMatchObject({ kind: "a folder", isFolder: true });
  expect(thrown(() => openRegular(join(dir, "folder"), constants.O_RDONLY))).toMatchObject({ kind: "a folder", isFolder: true });
  expect(thrown(() => openRegular("/dev/null", APPEND)).kind).toBe("a character device");
});

test("a socket is refused as a socket", () => {
  const path = join(dir, "sock");
  const listener = Bun.listen({ unix: path, socket: { data() {} } });
  try {
    expect(thrown(() => openRegular(path, APPEND)).kind).toBe("a socket");
    expect(thrown(() => openRegular(path, constants.O_RDONLY)).kind).toBe("a socket");
  } finally {
    listener.stop(true);
  }
});

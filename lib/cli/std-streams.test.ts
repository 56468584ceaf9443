// Tests of the CLI's descriptor output (whole strings in order, nothing thrown once the reader has gone away) and of which descriptors get it.
import { describe, expect, test } from "bun:test";
import { closeSync, constants, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { join } from "node:path";
import { descriptorOutput, mayBeTerminal } from "./std-streams.ts";
import { SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";
import { tempDir } from "../../test/helpers/cli.ts";

const dir = tempDir("scenario-std-");

describe("descriptorOutput", () => {
  test("writes every string whole and in order, multi-byte characters included", () => {
    const path = join(dir, "out.txt");
    const fd = openSync(path, "w");
    const out = descriptorOutput(fd);
    const parts = Array.from({ length: 200 }, (_, i) => `${i} ✓ ${"x".repeat(i * 10)}\n`);
    for (const part of parts) out.write(part);
    closeSync(fd);
    expect(readFileSync(path, "utf8")).toBe(parts.join(""));
    expect(out.isTTY).toBe(false);
  });

  test("after the reader closed (EPIPE) the writes are dropped, not thrown", () => {
    const fifo = join(dir, "closed.fifo");
    expect(Bun.spawnSync(["mkfifo", fifo], SYNC_CHILD_LIMIT).exitCode).toBe(0);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY);
    closeSync(reader);
    const out = descriptorOutput(writer);
    expect(() => {
      out.write("first\n");
      out.write("second\n");
    }).not.toThrow();
    closeSync(writer);
  });

  /** A FIFO with a reader nobody reads from (kept open) and a non-blocking writer: a full pipe answers EAGAIN. */
  const stalledPipe = (name: string) => {
    const fifo = join(dir, name);
    expect(Bun.spawnSync(["mkfifo", fifo], SYNC_CHILD_LIMIT).exitCode).toBe(0);
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    return { fifo, reader, writer };
  };

  test("a reader that takes nothing past the stall limit: that write returns and the rest of the output is dropped", () => {
    const { reader, writer } = stalledPipe("stalled.fifo");
    const out = descriptorOutput(writer, 0);
    const big = "y".repeat(4 << 20);
    expect(out.write(big)).toBe(true);
    const buffer = Buffer.alloc(8 << 20);
    const taken = readSync(reader, buffer);
    expect(taken).toBeGreaterThan(0);
    expect(taken).toBeLessThan(big.length);
    expect(buffer.subarray(0, taken).toString()).toBe(big.slice(0, taken));
    out.write("later\n");
    expect(() => readSync(reader, buffer)).toThrow(expect.objectContaining({ code: "EAGAIN" }));
    closeSync(writer);
    closeSync(reader);
  });

  test("a reader that falls behind but keeps reading gets every byte (EAGAIN is retried)", async () => {
    const { fifo, reader, writer } = stalledPipe("slow.fifo");
    const copy = join(dir, "slow-copy.txt");
    const cat = Bun.spawn(["sh", "-c", `exec cat < "$0" > "$1"`, fifo, copy]);
    const out = descriptorOutput(writer);
    const parts = Array.from({ length: 64 }, (_, i) => `${i}:${"z".repeat(64 << 10)}\n`);
    for (const part of parts) out.write(part);
    closeSync(writer);
    closeSync(reader);
    expect(await cat.exited).toBe(0);
    expect(readFileSync(copy, "utf8")).toBe(parts.join(""));
  });

  test("other write errors are thrown", () => {
    const fd = openSync(join(dir, "read-only.txt"), "w+");
    closeSync(fd);
    const readOnly = openSync(join(dir, "read-only.txt"), "r");
    expect(() => descriptorOutput(readOnly).write("x")).toThrow();
    closeSync(readOnly);
  });
});

describe("mayBeTerminal", () => {
  const opened = (path: string, flags: string | number, check: (fd: number) => void) => {
    const fd = openSync(path, flags);
    try {
      check(fd);
    } finally {
      closeSync(fd);
    }
  };

  test("/dev/null (a spawned child's ignored output) is not: it gets plain writes", () => {
    opened("/dev/null", "w", (fd) => expect(mayBeTerminal(fd)).toBe(false));
  });

  test("a file and a pipe are not", () => {
    opened(join(dir, "plain.txt"), "w", (fd) => expect(mayBeTerminal(fd)).toBe(false));
    const fifo = join(dir, "open.fifo");
    expect(Bun.spawnSync(["mkfifo", fifo], SYNC_CHILD_LIMIT).exitCode).toBe(0);
    opened(fifo, constants.O_RDONLY | constants.O_NONBLOCK, (reader) => opened(fifo, constants.O_WRONLY, (fd) => expect(mayBeTerminal(fd)).toBe(false)));
  });

  test.skipIf(!existsSync("/dev/zero"))(`another character device still may be (it keeps Node's stream, as a terminal does)${existsSync("/dev/zero") ? "" : " (skipped: no /dev/zero to stand in for a character device)"}`, () => {
    opened("/dev/zero", "w", (fd) => expect(mayBeTerminal(fd)).toBe(true));
  });

  test("a descriptor that cannot be examined may be", () => {
    expect(mayBeTerminal(987_654)).toBe(true);
  });
});

// Tests of the CLI's descriptor output: whole strings in order, and nothing thrown once the reader has gone away.
import { describe, expect, test } from "bun:test";
import { closeSync, constants, mkdtempSync, openSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { descriptorOutput } from "./std-streams.ts";

const dir = mkdtempSync(join(tmpdir(), "scenario-std-"));

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
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
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

  test("other write errors are thrown", () => {
    const fd = openSync(join(dir, "read-only.txt"), "w+");
    closeSync(fd);
    const readOnly = openSync(join(dir, "read-only.txt"), "r");
    expect(() => descriptorOutput(readOnly).write("x")).toThrow();
    closeSync(readOnly);
  });
});

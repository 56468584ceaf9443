// The services compose files define, read from the files themselves.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { servicesOfFiles } from "./services-of.ts";
import { tempDir } from "../../test/helpers/cli.ts";
import { callInChild } from "../../test/helpers/bounded-spawn.ts";

describe("servicesOfFiles", () => {
  test("every profile's services of every file; undefined when a file cannot be read", () => {
    const dir = tempDir("scenario-services-of-");
    writeFileSync(join(dir, "a.yml"), "services:\n  web: { image: x }\n  dbg: { image: x, profiles: [debug] }\n");
    writeFileSync(join(dir, "b.yml"), "services:\n  db: { image: x }\n");
    expect(servicesOfFiles([join(dir, "a.yml"), join(dir, "b.yml")])).toEqual(["db", "dbg", "web"]);
    expect(servicesOfFiles([join(dir, "a.yml"), join(dir, "gone.yml")])).toBeUndefined();
  });

  test.skipIf(process.platform === "win32")("a FIFO among the files is no file it can read (undefined), not a wait for a writer", async () => {
    const dir = tempDir("scenario-services-of-");
    writeFileSync(join(dir, "a.yml"), "services:\n  web: { image: x }\n");
    const fifo = join(dir, "p.yml");
    expect(Bun.spawnSync(["mkfifo", fifo]).exitCode).toBe(0);
    // In a process of its own, bounded: a read of the FIFO that waits for a writer blocks that whole process, deaf to SIGTERM.
    const r = await callInChild(join(import.meta.dir, "services-of.ts"), "servicesOfFiles", [[join(dir, "a.yml"), fifo]], 30_000);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.value).toBeUndefined();
  });
});

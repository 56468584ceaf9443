// Reading a file into a stream sink: lines across chunk boundaries, CRLF, gzip, and the raw-byte literal prefilter.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { StreamSink } from "../logql/engine.ts";
import { newScanStats, feedLogFile } from "./scan.ts";
import { MAX_LINE_BYTES } from "./held-times.ts";

let dir = "";
const lines: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "logsource-scan-"));
  // Enough text for several 1 MiB chunks, with a line longer than a chunk (which Loki refuses: see `held`) and lines
  // holding the needles.
  for (let i = 0; i < 30_000; i++) {
    const needle = i % 997 === 0 ? " NEEDLE" : i % 1499 === 0 ? " PIN" : "";
    lines.push(`2024-01-15T10:30:${String(i % 60).padStart(2, "0")}Z line ${i} ${"é".repeat(i % 7)}${needle} ${"x".repeat(i % 40)}`);
  }
  lines[12_345] = `2024-01-15T10:30:00Z huge ${"y".repeat(700_000)} NEEDLE end`;
  const text = lines.join("\n");
  await writeFile(join(dir, "plain.log"), text); // no trailing newline
  await writeFile(join(dir, "crlf.log"), lines.slice(0, 50).join("\r\n") + "\r\n");
  await writeFile(join(dir, "packed.log.gz"), gzipSync(text + "\n"));
  await writeFile(join(dir, "empty.log"), "");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The lines Loki holds: not those over its max_line_size (the huge one). */
const held = (list: string[]) => list.filter((l) => Buffer.byteLength(l) <= MAX_LINE_BYTES);

function recorder(literals?: string[]): StreamSink & { got: string[] } {
  const got: string[] = [];
  return { literals, got, wants: () => true, push: (line) => void got.push(line) };
}

// The files' modification time: after their lines (Loki refuses a line more than 10 minutes after it is pushed).
const fallback = { ms: Date.UTC(2024, 0, 16), sub: 0 };

describe("feedLogFile", () => {
  test("every line, in order, whatever the chunk boundaries", async () => {
    const sink = recorder();
    const stats = newScanStats();
    await feedLogFile(join(dir, "plain.log"), sink, fallback, stats);
    expect(sink.got.length).toBe(lines.length - 1);
    expect(sink.got).toEqual(held(lines));
    expect(stats.bytes).toBe(Buffer.byteLength(lines.join("\n")));
    expect(stats.timestamps.toString()).toBe(`RFC 3339 prefix (${lines.length} lines)`);
  });

  test("gzip files are read decompressed", async () => {
    const sink = recorder(["NEEDLE"]);
    await feedLogFile(join(dir, "packed.log.gz"), sink, fallback, newScanStats());
    expect(sink.got).toEqual(held(lines).filter((l) => l.includes("NEEDLE")));
  });

  test("a CR before LF stays in the line, as promtail ships it", async () => {
    const sink = recorder();
    await feedLogFile(join(dir, "crlf.log"), sink, fallback, newScanStats());
    expect(sink.got).toEqual(lines.slice(0, 50).map((l) => `${l}\r`));
  });

  test.each([[["NEEDLE"]], [["NEEDLE", "PIN"]], [["é NEEDLE"]], [["absent-literal"]]])("the prefilter %j only decodes lines holding a literal", async (lits) => {
    const sink = recorder(lits);
    const stats = newScanStats();
    await feedLogFile(join(dir, "plain.log"), sink, fallback, stats);
    expect(sink.got).toEqual(held(lines).filter((l) => lits.some((x) => l.includes(x))));
    // Only the candidates had their timestamp read (the huge line too, though Loki refuses it).
    const read = lines.filter((l) => lits.some((x) => l.includes(x))).length;
    expect(stats.timestamps.toString()).toBe(read ? `RFC 3339 prefix (${read} line${read === 1 ? "" : "s"})` : "no lines read");
  });

  test("lines without a timestamp get the fallback (the file's modification time)", async () => {
    await writeFile(join(dir, "notime.log"), "a\nb\n");
    const seen: [string, number, number][] = [];
    const sink: StreamSink = { literals: undefined, wants: () => true, push: (line, ms, sub) => void seen.push([line, ms, sub]) };
    const stats = newScanStats();
    await feedLogFile(join(dir, "notime.log"), sink, { ms: 1234, sub: 5 }, stats);
    expect(seen).toEqual([["a", 1234, 5], ["b", 1234, 5]]);
    expect(stats.timestamps.toString()).toBe("mtime (2 lines)");
  });

  test("a line longer than Loki's max_line_size is not held and does not move the newest on, read or passed over", async () => {
    // Loki 3.4.6 (checked against it): a line of 262,144 bytes is held, one of 262,145 refused ("Max entry size … exceeded"),
    // a CR counted; the refused line never reaches the ingester, so lines far behind its time are still held.
    const sized = (head: string, bytes: number) => head + "y".repeat(bytes - Buffer.byteLength(head));
    const file = [
      "2024-01-15T10:00:00Z first",
      sized("2024-01-15T12:00:00Z LONG ", MAX_LINE_BYTES + 1),
      "2024-01-15T10:30:00Z NEEDLE held: 90 minutes behind the refused line",
      `${sized("2024-01-15T11:00:00Z EXACT ", MAX_LINE_BYTES - 1)}\r`,
      `${sized("2024-01-15T11:00:00Z CRLF ", MAX_LINE_BYTES)}\r`,
      "2024-01-15T09:50:00Z NEEDLE refused: 70 minutes behind the held one",
      sized("LONG without a time ", MAX_LINE_BYTES + 1),
      "2024-01-15T10:45:00Z NEEDLE last",
    ];
    await writeFile(join(dir, "long-lines.log"), file.join("\n") + "\n");
    const want = [0, 2, 3, 7].map((i) => file[i]!);
    for (const everyTime of [false, true]) {
      for (const nativeTimes of [false, true]) {
        const all = recorder();
        await feedLogFile(join(dir, "long-lines.log"), all, fallback, newScanStats(), undefined, { everyTime, nativeTimes });
        expect({ everyTime, nativeTimes, got: all.got }).toEqual({ everyTime, nativeTimes, got: want });
        // With a literal, the long lines are passed over undecoded: with every time read, in C or in JavaScript.
        const picked = recorder(["NEEDLE"]);
        await feedLogFile(join(dir, "long-lines.log"), picked, fallback, newScanStats(), undefined, { everyTime, nativeTimes });
        const needles = want.filter((l) => l.includes("NEEDLE"));
        expect({ everyTime, nativeTimes, got: picked.got }).toEqual({ everyTime, nativeTimes, got: everyTime ? needles : [...needles.slice(0, 1), file[5]!, ...needles.slice(1)] });
      }
    }
  });

  test("an empty file gives no lines; an aborted read stops", async () => {
    const sink = recorder();
    await feedLogFile(join(dir, "empty.log"), sink, fallback, newScanStats());
    expect(sink.got).toEqual([]);
    const ac = new AbortController();
    ac.abort(new Error("stop"));
    await expect(feedLogFile(join(dir, "plain.log"), recorder(), fallback, newScanStats(), ac.signal)).rejects.toThrow("stop");
  });
});

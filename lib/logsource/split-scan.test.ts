// feedLogFile split across threads pushes the same lines, times and byte counts, in the same order, as one pass.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StreamSink } from "../logql/engine.ts";
import { lineRanges } from "../util/line-ranges.ts";
import { idleWorkers, setWorkerBudget, WORKER_BUDGET } from "../util/worker-threads.ts";
import { feedLogFile, newScanStats, type FeedSplitOptions } from "./scan.ts";

const HELPERS = 3;
let dir = "";

/** Timestamped lines, some holding the needles, invalid UTF-8, a line far longer than a range, CRLF, no final newline. */
function mixed(): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < 40_000; i++) {
    const needle = i % 97 === 0 ? " NEEDLE" : i % 131 === 0 ? " PIN" : "";
    const ts = `2024-01-15T10:${String(Math.floor(i / 60) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}Z`;
    parts.push(Buffer.from(`${ts} line ${i % 500 === 0 ? "dup" : i}${needle} ${"é".repeat(i % 4)}`));
    if (i % 777 === 0) parts.push(Buffer.from([0xff, 0xfe, 0x20]), Buffer.from("NEEDLE bad bytes"));
    parts.push(Buffer.from(i % 3 === 0 ? "\r\n" : "\n"));
  }
  parts.push(Buffer.from(`2024-01-15T11:00:00Z huge ${"y".repeat(2_000_000)} NEEDLE\n`));
  parts.push(Buffer.from("2024-01-15T11:00:00Z line dup\n".repeat(3)));
  parts.push(Buffer.from("no time, no newline, NEEDLE"));
  return Buffer.concat(parts);
}

const files: Record<string, Buffer> = {
  mixed: mixed(),
  "one-long-line": Buffer.from(`2024-01-15T10:00:00Z ${"x".repeat(3_000_000)} NEEDLE\n`),
  "needle-only-at-the-end": Buffer.from("2024-01-15T10:00:00Z filler\n".repeat(100_000) + "2024-01-15T10:00:01Z the NEEDLE"),
  // The newest line first; then lines 90 minutes behind it (Loki refuses them) and 30 minutes behind it (held), some
  // holding the needle, some excluded by a filter; CRLF, a line longer than a read, JSON and logfmt times.
  behind: Buffer.from(
    "2024-01-15T11:30:00Z newest\n" +
      Array.from({ length: 60_000 }, (_, i) => {
        const at = i % 2 ? "2024-01-15T10:00:00Z" : "2024-01-15T11:00:00Z";
        const needle = i % 101 === 0 ? " NEEDLE" : i % 103 === 0 ? " PIN" : "";
        return i % 7 === 0 ? `{"ts":"${at}","msg":"json${needle}"}` : i % 11 === 0 ? `msg=lf${needle} ts=${at}` : `${at} line ${i}${needle}${i === 30_001 ? "z".repeat(1_000_000) : ""}${i % 3 ? "\n" : "\r"}`;
      }).join("\n") +
      "\n2024-01-15T12:05:00Z NEEDLE newer than everything\n2024-01-15T11:29:00Z NEEDLE then held\n2024-01-15T11:00:00Z NEEDLE now behind",
  ),
  // Every 1,000 lines, a line no literal picks lies 61 minutes after its neighbours (after 20, too new for the
  // modification time): the 60 lines after it, some holding the needle, lie over an hour behind it. Only a reading of
  // the passed-over lines knows, wherever the ranges are cut.
  jumps: Buffer.from(
    Array.from({ length: 20_000 }, (_, i) => {
      const iso = (ms: number) => new Date(ms).toISOString();
      const at = Date.UTC(2024, 0, 15, 5) + i * 1000;
      if (i % 1000 === 500) return `${iso(at + 61 * 60_000)} jump ${i}`;
      return i % 7 === 0 ? `{"ts":"${iso(at)}","msg":"NEEDLE ${i}"}` : `${iso(at)} filler ${i}`;
    }).join("\n") + "\n",
  ),
  tiny: Buffer.from("NEEDLE\n"),
  "two-bytes": Buffer.from("PI"),
  empty: Buffer.alloc(0),
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "logsource-split-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  setWorkerBudget(HELPERS);
});
afterAll(async () => {
  setWorkerBudget(WORKER_BUDGET);
  await rm(dir, { recursive: true, force: true });
});

/** The files' modification time: after their lines (Loki refuses a line more than 10 minutes after it is pushed). */
const MTIME = { ms: Date.UTC(2024, 0, 15, 12), sub: 7 };

type Pushed = [line: string, ms: number, sub: number, bytes: number | undefined];

async function feed(name: string, literals: string[] | undefined, options: FeedSplitOptions, signal?: AbortSignal, excluded?: string[]) {
  const got: Pushed[] = [];
  // Lines at odd seconds are not wanted: the sink's time check sees every picked line.
  const sink: StreamSink = { literals, excluded, wants: (ms) => Math.floor(ms / 1000) % 2 === 0, push: (line, ms, sub, bytes) => void got.push([line, ms, sub, bytes]) };
  const stats = newScanStats();
  await feedLogFile(join(dir, name), sink, MTIME, stats, signal, options);
  return { got, bytes: stats.bytes, timestamps: stats.timestamps.toString() };
}

const literalSets: string[][] = [["NEEDLE"], ["NEEDLE", "PIN"], ["é NEEDLE"], ["dup"], ["\ufffd"], ["absent"]];

describe("feedLogFile split across threads", () => {
  for (const name of Object.keys(files)) {
    for (const literals of literalSets) {
      test(`${name}, literals ${JSON.stringify(literals)}: the same pushes as one pass`, async () => {
        const one = await feed(name, literals, { workers: 0 });
        expect(await feed(name, literals, { minBytes: 0 })).toEqual(one);
        // Many small ranges, several per helper, dealt in turn.
        expect(await feed(name, literals, { minBytes: 0, rangeBytes: 64 * 1024 })).toEqual(one);
        // Every range picked by a helper (this thread may be fast enough to read them all before one starts).
        expect(await feed(name, literals, { minBytes: 0, rangeBytes: 64 * 1024, helpersTake: true })).toEqual(one);
        // A helper that picks more than it may hand back leaves its remaining ranges to this thread: same answer.
        expect(await feed(name, literals, { minBytes: 0, maxHanded: 64, rangeBytes: 64 * 1024 })).toEqual(one);
        expect(one.bytes).toBe(files[name]!.length);
        expect(idleWorkers()).toBe(HELPERS);
      });
    }
  }

  test("the mixed file is really cut into several ranges, and lines of every kind were pushed", async () => {
    expect((await lineRanges(join(dir, "mixed"), files.mixed!.length, HELPERS + 1)).length).toBe(HELPERS + 1);
    const { got } = await feed("mixed", ["NEEDLE"], { minBytes: 0 });
    expect(got.some(([line, , , bytes]) => line.includes("\ufffd") && bytes !== undefined)).toBe(true);
    expect(got.at(-1)![0]).toBe("no time, no newline, NEEDLE");
  });

  test("with every line's time read, lines Loki refuses for lying over an hour behind are not pushed, though the lines before them were not picked", async () => {
    const all = (await feed("behind", undefined, { workers: 0 })).got;
    expect(all.some(([line]) => line === "2024-01-15T11:00:00Z NEEDLE now behind")).toBe(false);
    expect(all.some(([line]) => line.startsWith("2024-01-15T10:00:00Z"))).toBe(false);
    for (const [literals, excluded, keep] of [
      [["NEEDLE"], undefined, (l: string) => l.includes("NEEDLE")],
      [["NEEDLE", "PIN"], ["json"], (l: string) => (l.includes("NEEDLE") || l.includes("PIN")) && !l.includes("json")],
      [undefined, ["line"], (l: string) => !l.includes("line")],
    ] as const) {
      const want = all.filter(([line]) => keep(line));
      expect(want.length).toBeGreaterThan(100);
      // The passed-over lines' times read in C (line-times.c) and in JavaScript; on this thread alone, by helpers that
      // hand on the newest of each run of them, over many small ranges, and by helpers that may hand back little.
      for (const nativeTimes of [true, false]) {
        for (const split of [{ workers: 0 }, { minBytes: 0 }, { minBytes: 0, rangeBytes: 64 * 1024, helpersTake: true }, { minBytes: 0, rangeBytes: 64 * 1024, maxHanded: 4096 }]) {
          const got = (await feed("behind", literals as string[] | undefined, { ...split, everyTime: true, nativeTimes }, undefined, excluded as string[] | undefined)).got;
          expect({ split, nativeTimes, got }).toEqual({ split, nativeTimes, got: want });
        }
      }
    }
    expect(idleWorkers()).toBe(HELPERS);
  });

  test("with every line's time read, the newest time among lines no literal picked is handed on from the thread that read them", async () => {
    const all = (await feed("jumps", undefined, { workers: 0 })).got;
    const want = all.filter(([line]) => line.includes("NEEDLE"));
    // Held and refused needles both: the second kind only because of a jump line.
    expect(want.length).toBeGreaterThan(1000);
    expect(want.length).toBeLessThan(Math.ceil(20_000 / 7) - 100);
    for (const nativeTimes of [true, false]) {
      // helpersTake: the helpers pick every range (this thread, faster than they start, would otherwise read them all).
      for (const split of [{ workers: 0 }, { minBytes: 0, rangeBytes: 64 * 1024 }, { minBytes: 0, rangeBytes: 64 * 1024, helpersTake: true }, { minBytes: 0, rangeBytes: 16 * 1024, maxHanded: 8192, helpersTake: true }]) {
        const got = (await feed("jumps", ["NEEDLE"], { ...split, everyTime: true, nativeTimes })).got;
        expect({ split, nativeTimes, got }).toEqual({ split, nativeTimes, got: want });
      }
    }
    expect(idleWorkers()).toBe(HELPERS);
  });

  test("without literals every line is pushed on this thread (nothing to pick before decoding)", async () => {
    expect(await feed("mixed", undefined, { minBytes: 0 })).toEqual(await feed("mixed", undefined, { workers: 0 }));
    expect(idleWorkers()).toBe(HELPERS);
  });

  test("an aborted split read rejects with the signal's reason and gives its threads back", async () => {
    const ac = new AbortController();
    const run = feed("mixed", ["NEEDLE"], { minBytes: 0 }, ac.signal);
    ac.abort(new Error("interrupted"));
    await expect(run).rejects.toThrow("interrupted");
    expect(idleWorkers()).toBe(HELPERS);
  });

  test("an abort while the helpers still pick ranges stops them and gives their threads back", async () => {
    const ac = new AbortController();
    let pushed = 0;
    const sink: StreamSink = { literals: ["line"], wants: () => true, push: () => void (++pushed === 1000 && ac.abort(new Error("interrupted"))) };
    const run = feedLogFile(join(dir, "mixed"), sink, MTIME, newScanStats(), ac.signal, { minBytes: 0, rangeBytes: 16 * 1024 });
    await expect(run).rejects.toThrow("interrupted");
    expect(pushed).toBeGreaterThanOrEqual(1000);
    expect(idleWorkers()).toBe(HELPERS);
  });

  test("what the sink throws stops the helpers too", async () => {
    const sink: StreamSink = { literals: ["NEEDLE"], wants: () => true, push: () => { throw new Error("limit reached"); } };
    await expect(feedLogFile(join(dir, "mixed"), sink, MTIME, newScanStats(), undefined, { minBytes: 0 })).rejects.toThrow("limit reached");
    expect(idleWorkers()).toBe(HELPERS);
  });
});

// line-times.c reads every line's time as the JavaScript reading does (bytesTime, then mayHaveTime), and moves the newest held time as heldAt does.
import { describe, expect, test } from "bun:test";
import { seededRandom } from "../../test/helpers/random.ts";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildLineTimes } from "../../scripts/build-native.ts";
import { COMPILE_LOCK, installedLineTimesPath, loadLineTimes, nativeLineTimes, nativeLineTimesFailure, type NativeLineTimes } from "./native-times.ts";
import { CREATION_GRACE_MS, mayHaveTime, OUT_OF_ORDER_MS, tooNew } from "./held-times.ts";
import { bytesTime, bytesTimeFound, lineTimestamp } from "./timestamp.ts";

/** Bun's C compiler is built into its Linux, macOS and Windows builds for x64 and arm64: there the reading must compile. */
const expected = ["linux", "darwin"].includes(process.platform) && ["x64", "arm64"].includes(process.arch);

/** What the JavaScript reading makes of one line (scan.ts's `passed`, without the CR it drops first). */
function jsLineTime(b: Buffer, start: number, end: number): [number, number] | null | "text" {
  if (end > start && b[end - 1] === 13) end--;
  if (bytesTime(b, start, end)) return [bytesTimeFound.ms, bytesTimeFound.sub];
  return mayHaveTime(b, start, end) ? "text" : null;
}

/** Written lines of every shape the reading tells apart. */
const written = [
  '{"ts":"2026-12-02T08:43:49.244Z","level":"info"}',
  '{"time":"2024-01-15T10:30:00.123456789Z","a":1}',
  '{"time":"2024-01-15T10:30:00.1234567891234Z"}',
  '{"timestamp":"2024-01-15T10:30:00Z"}',
  '{"ts":"2024-01-15T10:30:00Z" }',
  '{"ts":"2024-01-15T10:30:00Z',
  '{"ts":2024}',
  '  \t{"ts":"2024-01-15 10:30:00,5+01:30"}',
  '{ "ts":"2024-01-15T10:30:00Z"}',
  "2024-01-15T10:30:00Z plain",
  "2024-01-15t10:30:00z lower case",
  "2024-01-15 10:30:00.1-0700 space",
  "2026-12-06 18:44:53.084081526 -0500 EST zone after a space",
  "2026-12-07 08:44:53 +0900",
  "2026-12-07 08:44:53 +09:00 x",
  "2026-12-07 08:44:53 +09",
  "2026-12-06 23:44:53 -1 retries",
  "2026-12-06 23:44:53 +12345 bytes",
  "2026-12-06 23:44:53 -05:3x",
  '{"ts":"2026-12-07 08:44:53 +0900"}',
  "2024-01-15T10:30:00+0530",
  "2024-01-15T10:30:00+05",
  "2024-01-15T10:30:00+5",
  "2024-01-15T10:30:00+05:3",
  "2024-01-15T10:30:00.Z",
  "2024-01-15T10:30:60Z leap second",
  "2024-01-15T10:30:61Z",
  "2024-01-15T24:00:00Z",
  "2024-02-30T10:30:00Z rolls into March",
  "2024-13-01T10:30:00Z",
  "2024-00-10T10:30:00Z",
  "2024-01-32T10:30:00Z",
  "0099-01-01T00:00:00Z two-digit year",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999999999Z",
  "[2024-01-15T10:30:00Z] bracketed",
  "[x] level=info",
  "2024-01-15",
  "2024-01-15T10:30:00",
  "12345 digits",
  "msg=hi ts=2024-01-15T10:30:00Z",
  "no time here",
  "ünïcödé 2024-01-15T10:30:00Z",
  "   ",
  "",
  "\r",
  "2024-01-15T10:30:00Z with CR\r",
  '{"ts":"2024-01-15T10:30:00Z"}\r',
];

/** Bytes a mutation puts in: the time's characters, the structure's, a CR, and some that are neither. */
const MUTATIONS = Buffer.from('0123456789-:.,TtZz+ \t[{"=tsime\rxé\u00ff/');

describe.if(expected)(`line-times.c compiled at run time by Bun's C compiler${expected ? "" : ` (skipped: Bun has no C compiler on ${process.platform}/${process.arch}; the scan reads in JavaScript there)`}`, () => {
  test("compiles here", () => {
    expect(nativeLineTimesFailure()).toBeUndefined();
    expect(nativeLineTimes(COMPILE_LOCK, "tinycc")?.build).toBe("tinycc");
    expect(nativeLineTimesFailure()).toBeUndefined();
  });

  const WORKER = new URL("../../test/helpers/native-times-worker.ts", import.meta.url);
  /** What a new thread answers after compiling under `lock`. */
  const compileInThread = (lock: SharedArrayBuffer) =>
    new Promise<{ compiled: boolean; failure?: string; time?: unknown }>((resolve, reject) => {
      const worker = new Worker(WORKER);
      worker.onmessage = (e) => {
        resolve(e.data);
        worker.terminate();
      };
      worker.onerror = (e) => reject(e.error ?? new Error(e.message));
      worker.postMessage(lock);
    });

  test("threads compiling at once take turns under the shared lock, and each gets the same reading", async () => {
    const lock = new SharedArrayBuffer(4);
    const answers = await Promise.all(Array.from({ length: 6 }, () => compileInThread(lock)));
    expect(answers).toEqual(Array.from({ length: 6 }, () => ({ compiled: true, time: [Date.UTC(2024, 0, 15, 10, 30, 0, 500), 0] })));
    expect(new Int32Array(lock)[0]).toBe(0);
  });

  test("a thread waits for the lock while another holds it, and reads in JavaScript when it is never let go", async () => {
    const lock = new SharedArrayBuffer(4);
    const cell = new Int32Array(lock);
    cell[0] = 1;
    const waiting = compileInThread(lock);
    // Let go after the thread has started waiting: it then compiles.
    await Bun.sleep(200);
    Atomics.store(cell, 0, 0);
    Atomics.notify(cell, 0);
    expect(await waiting).toEqual({ compiled: true, time: [Date.UTC(2024, 0, 15, 10, 30, 0, 500), 0] });
    cell[0] = 1;
    expect(await compileInThread(lock)).toEqual({ compiled: false });
    expect(cell[0]).toBe(1);
  });

});

/** The system's C compiler, as scripts/build-native.ts calls it; CI has one, so there a missing one fails. */
const systemCompiler = Bun.which((process.env.CC?.trim() || "cc").split(/\s+/)[0]!) !== null;
const builtHere = systemCompiler || process.env.CI === "true";

describe.if(builtHere)(`line-times.c built by the system's C compiler${builtHere ? "" : " (skipped: no `cc` on PATH; the scan uses Bun's compiler then, tested below)"}`, () => {
  test("builds into a library named by its source, replacing an earlier build, and nativeLineTimes prefers it", () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-native-"));
    try {
      const out = join(dir, "line-times-new.so");
      writeFileSync(join(dir, "line-times-old.so"), "an earlier build");
      expect(buildLineTimes(out)).toEqual({ ok: true, path: out });
      expect(readdirSync(dir)).toEqual(["line-times-new.so"]);
      const line = Buffer.from('{"ts":"2024-01-15T10:30:00.5Z"}');
      expect(loadLineTimes({ library: out }).lineTime(line, 0, line.length)).toEqual([Date.UTC(2024, 0, 15, 10, 30, 0, 500), 0]);
      const failed = buildLineTimes(join(dir, "line-times-x.so"), ["cc", "-DSCENARIO_TEST_BREAKS", "-include", "/nonexistent/header.h"]);
      expect(failed.ok).toBe(false);
      expect(readdirSync(dir)).toEqual(["line-times-new.so"]);
      // A directory that cannot be made (a file in its place): an answer, not a throw that would fail the install.
      const blocked = buildLineTimes(join(dir, "line-times-new.so", "sub", "line-times.so"));
      expect(blocked.ok).toBe(false);
      expect(readdirSync(dir)).toEqual(["line-times-new.so"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the install (npm ci, npm run build) built it where nativeLineTimes looks, which prefers it", () => {
    const path = installedLineTimesPath();
    expect({ path, built: existsSync(path) }).toEqual({ path, built: true });
    expect(nativeLineTimes(COMPILE_LOCK, "best")?.build).toBe("installed");
  });
});

/** A build of this source by the system's compiler, made for these tests (the one installed may be older than the source). */
function builtForTests(): NativeLineTimes {
  const dir = mkdtempSync(join(tmpdir(), "scenario-native-"));
  try {
    const built = buildLineTimes(join(dir, "line-times.so"));
    if (!built.ok) throw new Error(built.why);
    // Loaded, the library stays mapped after its file is gone.
    return loadLineTimes({ library: built.path });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines whose time the reading finds, TIME in place of it (and N of a number). */
const SHAPES = ['{"ts":"TIME","level":"info","i":N}', '{"time":"TIME","i":N}', "TIME GET /orders/N 200", "[TIME] worker N", '  {"ts":"TIME"}', "TIME"];

/**
 * The JavaScript pass over the lines of b[start, end) from the newest time in `held`, as scan.ts reads them with heldAt:
 * the start of the first line only the text reading can tell (end when none), the newest time after the lines before it,
 * and how many of them had a time.
 */
function jsPass(b: Buffer, start: number, end: number, held: Float64Array, mtime: { ms: number; sub: number }): { stop: number; newest: number[]; read: number } {
  const newest = [held[0]!, held[1]!];
  let read = 0;
  for (let from = start; from < end; ) {
    const nl = b.indexOf(10, from);
    const stop = nl === -1 || nl >= end ? end : nl;
    const t = jsLineTime(b, from, stop);
    if (t === "text") return { stop: from, newest, read };
    if (t) {
      read++;
      const [ms, sub] = t;
      const cut = newest[0]! - OUT_OF_ORDER_MS;
      if (!tooNew(ms, sub, mtime) && !(ms < cut || (ms === cut && sub < newest[1]!)) && (ms > newest[0]! || (ms === newest[0]! && sub > newest[1]!))) newest.splice(0, 2, ms, sub);
    }
    from = stop + 1;
  }
  return { stop: end, newest, read };
}

const readings: [string, boolean, () => NativeLineTimes][] = [
  ["built by the system's C compiler", builtHere, builtForTests],
  ["built by Bun's C compiler", expected, () => loadLineTimes("tinycc")],
];
for (const [name, here, load] of readings) {
  describe.if(here)(`line-times.c ${name}${here ? "" : " (skipped: no such compiler here)"}`, () => {
    let reading: NativeLineTimes | undefined;
    const native = () => (reading ??= load());
  test("reads each written line as the JavaScript reading does, at any offset in its buffer", () => {
      for (const line of written) {
        for (const pad of [0, 1, 7]) {
          const b = Buffer.concat([Buffer.alloc(pad, 0x41), Buffer.from(line), Buffer.from("\n")]);
          // Through a view that starts past its buffer's start, as a scan's chunks do.
          const view = b.subarray(pad > 0 ? 1 : 0);
          const start = pad > 0 ? pad - 1 : 0;
          const end = start + Buffer.byteLength(line);
          expect({ line, got: native().lineTime(view, start, end) }).toEqual({ line, got: jsLineTime(view, start, end) });
        }
      }
    });

    test("200,000 mutated lines: the same time, the same none, the same hand-back to the text reading", () => {
      const rnd = seededRandom(20261203);
      let settled = 0;
      for (let n = 0; n < 200_000; n++) {
        const b = Buffer.from(written[Math.floor(rnd() * written.length)]!);
        const edits = Math.floor(rnd() * 4);
        for (let e = 0; e < edits && b.length; e++) b[Math.floor(rnd() * b.length)] = MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]!;
        const cut = rnd() < 0.2 ? Math.floor(rnd() * (b.length + 1)) : b.length;
        const got = native().lineTime(b, 0, cut);
        const want = jsLineTime(b, 0, cut);
        if (Array.isArray(want)) settled++;
        if (JSON.stringify(got) !== JSON.stringify(want)) expect({ line: b.subarray(0, cut).toString("latin1"), got }).toEqual({ line: b.subarray(0, cut).toString("latin1"), got: want });
      }
      // The mutations leave many times readable: the comparison covers the arithmetic, not only the refusals.
      expect(settled).toBeGreaterThan(25_000);
    });

    test("moves the newest held time over a block of lines as heldAt does, and stops at a line only the text reading can tell", () => {
      const rnd = seededRandom(7);
      const mtime = { ms: Date.UTC(2024, 0, 15, 12), sub: 7 };
      for (let round = 0; round < 300; round++) {
        const lines: string[] = [];
        for (let i = 0, n = 1 + Math.floor(rnd() * 60); i < n; i++) {
          // Times around the modification time: some too new, some over an hour behind others.
          const ms = mtime.ms - Math.floor(rnd() * 3 * OUT_OF_ORDER_MS) + Math.floor(rnd() * 2 * CREATION_GRACE_MS);
          const iso = new Date(ms).toISOString().replace(/\.(\d+)Z$/, rnd() < 0.3 ? ".$1000007Z" : ".$1Z");
          const r = rnd();
          lines.push(r < 0.5 ? `{"ts":"${iso}","i":${i}}` : r < 0.8 ? `${iso} line ${i}${rnd() < 0.1 ? "\r" : ""}` : r < 0.9 ? `no time ${i}` : r < 0.97 ? `msg=x ts=${iso}` : "");
        }
        const b = Buffer.from(lines.join("\n"));
        const held = new Float64Array([rnd() < 0.5 ? -Infinity : mtime.ms - OUT_OF_ORDER_MS, 0, mtime.ms + CREATION_GRACE_MS, mtime.sub, OUT_OF_ORDER_MS]);
        const { stop, newest } = jsPass(b, 0, b.length, held, mtime);
        // The lines are made so that one the reading stops at holds a time for the text reading.
        if (stop < b.length) expect(lineTimestamp(b.toString("utf8", stop, (b.indexOf(10, stop) + 1 || b.length + 1) - 1))).toBeDefined();
        expect({ round, stop: native().passLines(b, 0, b.length, held), held: [held[0], held[1]] }).toEqual({ round, stop, held: newest });
      }
    });

    test("runs of lines in one minute, as logs are written, some mutated: the same newest time and stop as heldAt's", () => {
      // Lines after one whose time sits at the same place in the same minute take a shorter way in the optimized build
      // (read from the minute on, `:ss.fffZ` in one word): the runs are long, the shapes and the mutations many.
      const rnd = seededRandom(20261204);
      const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
      const two = (n: number) => String(n).padStart(2, "0");
      let settled = 0;
      for (let round = 0; round < 400; round++) {
        const shape = pick(SHAPES);
        const fraction = pick([".123", ".123", ".5", ".123456", ".123456789", ""]);
        const zone = pick(["Z", "Z", "z", "+01:00", "-0130", ""]);
        const minute = 30 + Math.floor(rnd() * 2);
        const lines: string[] = [];
        for (let i = 0, n = 20 + Math.floor(rnd() * 100); i < n; i++) {
          const frac = fraction.replace(/\d/g, () => String(Math.floor(rnd() * 10)));
          const time = `2024-01-15T10:${minute + (rnd() < 0.05 ? 1 : 0)}:${two(Math.floor(rnd() * 64))}${frac}${zone}`;
          const line = Buffer.from(shape.replace("TIME", time).replace("N", String(i)) + (rnd() < 0.05 ? "\r" : ""));
          // A byte changed in one line of eight, most often in the time or the bytes before it.
          if (rnd() < 0.125) line[Math.floor(rnd() * Math.min(line.length, rnd() < 0.8 ? 34 : line.length))] = MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]!;
          lines.push(rnd() < 0.02 ? line.subarray(0, Math.floor(rnd() * line.length)).toString("latin1") : line.toString("latin1"));
        }
        // Behind a pad, so that the lines start at every offset of the 64-byte blocks the optimized build reads.
        const pad = Math.floor(rnd() * 64);
        const b = Buffer.concat([Buffer.alloc(pad, 0x0a), Buffer.from(lines.join("\n"), "latin1")]);
        // The modification time puts the latest time Loki takes inside the minute now and then.
        const mtime = { ms: Date.UTC(2024, 0, 15, 10, minute - 10, Math.floor(rnd() * 90)), sub: 0 };
        const held = new Float64Array([-Infinity, 0, mtime.ms + CREATION_GRACE_MS, mtime.sub, OUT_OF_ORDER_MS]);
        // As scan.ts does: past a line only the text reading can tell (read there), the reading goes on.
        for (let from = pad; from < b.length; ) {
          const { stop, newest, read } = jsPass(b, from, b.length, held, mtime);
          settled += read;
          expect({ round, shape, from, stop: native().passLines(b, from, b.length, held), held: [held[0], held[1]] }).toEqual({ round, shape, from, stop, held: newest });
          const nl = b.indexOf(10, stop);
          from = nl === -1 ? b.length : nl + 1;
        }
      }
      expect(settled).toBeGreaterThan(10_000);
    });
  });
}

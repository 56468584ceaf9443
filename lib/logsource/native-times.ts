// The C reading of passed-over lines' times (line-times.c): the library the system's C compiler built on install
// (scripts/build-native.ts) where it is there, else compiled on first use by Bun's built-in C compiler; undefined where neither can be.
import { existsSync, readFileSync } from "node:fs";

/** line-times.c's functions, as scan.ts and the tests call them. Each holds its own state: one a thread. */
export interface NativeLineTimes {
  /** "installed": the library built on install; "tinycc": compiled at run time by Bun's C compiler. */
  build: "installed" | "tinycc";
  /** pass_lines: reads the lines of buf[start, end) and moves on the newest time in `held`; returns where it stopped. */
  passLines(buf: Uint8Array, start: number, end: number, held: Float64Array): number;
  /** line_time: the time of the line buf[start, end) ([ms, sub]), null when it holds none, "text" when only lineTimestamp can tell. */
  lineTime(buf: Uint8Array, start: number, end: number): [number, number] | null | "text";
}

const SOURCE = new URL("./line-times.c", import.meta.url);

/** How scripts/build-native.ts builds the library (the system's `cc`); part of its name, so flags changed mean a new build. */
export const LINE_TIMES_CFLAGS = ["-O2", "-shared", "-fPIC"] as const;

/** The directory, beside lib/, that holds the library built on install (git-ignored). */
export const NATIVE_DIR = ".native";

/**
 * Where the library built from line-times.c's text `source` lives: named by a hash of the text, the flags and the
 * platform, so a library built from another version of the source (or for another machine) is never loaded.
 */
export function installedLineTimesPath(source: string = readFileSync(SOURCE, "utf8")): string {
  const key = Bun.hash([source, ...LINE_TIMES_CFLAGS, process.platform, process.arch].join("\0")).toString(16);
  return Bun.fileURLToPath(new URL(`../../${NATIVE_DIR}/line-times-${key}.${process.platform === "darwin" ? "dylib" : "so"}`, SOURCE));
}

/** Which reading nativeLineTimes gives: the best there is, Bun's compile only, or none (the JavaScript reading). */
export type NativeChoice = "best" | "tinycc" | "off";

let choice: NativeChoice = "best";
/** This thread's reading by choice (undefined: none could be had), and why none could. */
const loaded = new Map<NativeChoice, NativeLineTimes | undefined>();
let failure: string | undefined;

/**
 * "off": nativeLineTimes gives undefined; "tinycc": it compiles with Bun's compiler even where the installed library is
 * there. The benchmarks compare the readings so; a helper thread is told the choice with its job.
 */
export function chooseNativeLineTimes(which: NativeChoice): void {
  choice = which;
}

/**
 * One Int32 shared by the threads of the process (this module's, made on the main thread, handed to helpers with their
 * job): 1 while a thread compiles. TinyCC keeps global state, and Bun's compiles from threads at once have crashed.
 */
export const COMPILE_LOCK = new SharedArrayBuffer(4);

/** How long a thread waits for another's compile before it reads in JavaScript (a thread ended while compiling). */
const LOCK_WAIT_MS = 2000;

/**
 * This thread's C reading: the installed library (loaded in about a millisecond), else Bun's compile (about 10 ms, once
 * a thread), or undefined when neither can be had (no C compiler in this Bun for its platform, the source missing) or
 * another thread's compile held `lock` too long: the scan then reads the lines in JavaScript, the same way. `which`:
 * see chooseNativeLineTimes.
 */
export function nativeLineTimes(lock: SharedArrayBuffer = COMPILE_LOCK, which: NativeChoice = choice): NativeLineTimes | undefined {
  if (which === "off") return undefined;
  if (loaded.has(which)) return loaded.get(which);
  if (which === "best") {
    try {
      const library = installedLineTimesPath();
      if (existsSync(library)) {
        const reading = loadLineTimes({ library });
        loaded.set(which, reading);
        return reading;
      }
    } catch {
      // A library that does not load (built for another machine, damaged): Bun's compile below.
    }
  }
  const cell = new Int32Array(lock);
  const waitUntil = performance.now() + LOCK_WAIT_MS;
  while (Atomics.compareExchange(cell, 0, 0, 1) !== 0) {
    // Not remembered as a failure: a later scan may compile.
    if (performance.now() > waitUntil) return undefined;
    Atomics.wait(cell, 0, 1, 50);
  }
  let reading: NativeLineTimes | undefined;
  try {
    // One compile a thread serves both choices.
    reading = loaded.get("tinycc") ?? loadLineTimes("tinycc");
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  } finally {
    Atomics.store(cell, 0, 0);
    Atomics.notify(cell, 0);
  }
  loaded.set(which, reading);
  loaded.set("tinycc", reading);
  return reading;
}

/**
 * A new instance of the C reading, with its own state: from a built library, or compiled by Bun's C compiler ("tinycc":
 * the caller holds the compile lock). Throws when it cannot be had. nativeLineTimes keeps one a thread; the tests load each.
 */
export function loadLineTimes(from: { library: string } | "tinycc"): NativeLineTimes {
  const { cc, dlopen, FFIType } = require("bun:ffi") as typeof import("bun:ffi");
  const symbols = {
    pass_lines: { args: [FFIType.ptr, FFIType.i64_fast, FFIType.i64_fast, FFIType.ptr, FFIType.ptr], returns: FFIType.i64_fast },
    line_time: { args: [FFIType.ptr, FFIType.i64_fast, FFIType.i64_fast, FFIType.ptr], returns: FFIType.i32 },
  } as const;
  const c = from === "tinycc" ? cc({ source: Bun.fileURLToPath(SOURCE), symbols }).symbols : dlopen(from.library, symbols).symbols;
  // line-times.c's state (the last minute read, the time found), zeros before the first line.
  const state = new BigInt64Array(6);
  return {
    build: from === "tinycc" ? "tinycc" : "installed",
    passLines: (buf, start, end, held) => (end > start ? Number(c.pass_lines(buf, start, end, held, state)) : end),
    lineTime: (buf, start, end) => {
      // An empty line holds no time; the pointer of an empty array is not read.
      const r = end > start ? c.line_time(buf, start, end, state) : 0;
      if (r < 0) return "text";
      if (r === 0) return null;
      return [Number(state[4]), Number(state[5])];
    },
  };
}

/** Why nativeLineTimes gave undefined (after it did). */
export function nativeLineTimesFailure(): string | undefined {
  return failure;
}

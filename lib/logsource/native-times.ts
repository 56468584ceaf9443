// The C reading of passed-over lines' times (line-times.c), compiled on first use by Bun's built-in C compiler; undefined where it cannot be.

/** line-times.c's functions, as scan.ts and the tests call them. */
export interface NativeLineTimes {
  /** pass_lines: reads the lines of buf[start, end) and moves on the newest time in `held`; returns where it stopped. */
  passLines(buf: Uint8Array, start: number, end: number, held: Float64Array): number;
  /** line_time: the time of the line buf[start, end) ([ms, sub]), null when it holds none, "text" when only lineTimestamp can tell. */
  lineTime(buf: Uint8Array, start: number, end: number): [number, number] | null | "text";
}

const SOURCE = new URL("./line-times.c", import.meta.url);

let compiled: NativeLineTimes | undefined;
let failure: string | undefined;
let allowed = true;

/** Off, nativeLineTimes gives undefined: the benchmarks compare the two readings so. */
export function allowNativeLineTimes(on: boolean): void {
  allowed = on;
}

/**
 * One Int32 shared by the threads of the process (this module's, made on the main thread, handed to helpers with their
 * job): 1 while a thread compiles. TinyCC keeps global state, and Bun's compiles from threads at once have crashed.
 */
export const COMPILE_LOCK = new SharedArrayBuffer(4);

/** How long a thread waits for another's compile before it reads in JavaScript (a thread ended while compiling). */
const LOCK_WAIT_MS = 2000;

/**
 * The compiled reading (about 10 ms to compile, once a thread), or undefined when this Bun cannot compile it (no C
 * compiler on its platform, the source missing) or another thread's compile held `lock` too long: the scan then reads
 * the lines in JavaScript, the same way.
 */
export function nativeLineTimes(lock: SharedArrayBuffer = COMPILE_LOCK): NativeLineTimes | undefined {
  if (!allowed) return undefined;
  if (compiled || failure !== undefined) return compiled;
  const cell = new Int32Array(lock);
  const waitUntil = performance.now() + LOCK_WAIT_MS;
  while (Atomics.compareExchange(cell, 0, 0, 1) !== 0) {
    // Not remembered as a failure: a later scan may compile.
    if (performance.now() > waitUntil) return undefined;
    Atomics.wait(cell, 0, 1, 50);
  }
  try {
    compile();
  } finally {
    Atomics.store(cell, 0, 0);
    Atomics.notify(cell, 0);
  }
  return compiled;
}

function compile(): void {
  try {
    const { cc, FFIType } = require("bun:ffi") as typeof import("bun:ffi");
    const { symbols } = cc({
      source: Bun.fileURLToPath(SOURCE),
      symbols: {
        pass_lines: { args: [FFIType.ptr, FFIType.i64_fast, FFIType.i64_fast, FFIType.ptr], returns: FFIType.i64_fast },
        line_time: { args: [FFIType.ptr, FFIType.i64_fast, FFIType.i64_fast], returns: FFIType.i32 },
        found_time: { args: [FFIType.ptr], returns: FFIType.void },
      },
    });
    const found = new Float64Array(2);
    compiled = {
      passLines: (buf, start, end, held) => (end > start ? Number(symbols.pass_lines(buf, start, end, held)) : end),
      lineTime: (buf, start, end) => {
        // An empty line holds no time; the pointer of an empty array is not read.
        const r = end > start ? symbols.line_time(buf, start, end) : 0;
        if (r < 0) return "text";
        if (r === 0) return null;
        symbols.found_time(found);
        return [found[0]!, found[1]!];
      },
    };
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  }
}

/** Why nativeLineTimes gave undefined (after it did). */
export function nativeLineTimesFailure(): string | undefined {
  return failure;
}

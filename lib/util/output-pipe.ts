// A child's stdout or stderr as a pipe (pipe(2)), as bash's `$(…)` and a terminal's pipelines give it: Bun's "pipe" is a
// socketpair, which Linux will not open() again through /dev/stdout, /dev/stderr or /proc/self/fd/N, so `echo x >
// /dev/stderr` and `tee /dev/stderr` failed in a step ("No such device or address", exit 1) and passed in bash.

/** One output stream of a child: what Bun.spawn takes for it, then the stream to read. */
export interface OutputPipe {
  /** What Bun.spawn takes for the stream: the pipe's write end, or Bun's own "pipe" where no pipe could be made. */
  readonly stdio: number | "pipe";
  /** After the spawn, or its failure: the parent's copy of the write end is closed, so the reader sees the end once the child's writers are gone. */
  spawned(): void;
  /** The stream to read: the pipe's read end, or the child's own stream (`proc.stdout`) for "pipe". */
  readable(own: unknown): ReadableStream<Uint8Array>;
  /** Once its reading has ended (at the end of the output, or cancelled): the read end is closed. Bun never closes it. */
  close(): void;
}

/** pipe2(2) with O_CLOEXEC (no other child inherits either end), through libc; null where there is none to call. */
let pipe2: ((fds: Int32Array) => boolean) | null | undefined;

const O_CLOEXEC = 0o2000000;

function loadPipe2(): ((fds: Int32Array) => boolean) | null {
  // Linux only: elsewhere (macOS) /dev/fd/N duplicates the descriptor, a socket's too, and Bun's "pipe" serves.
  if (process.platform !== "linux") return null;
  try {
    const { dlopen, FFIType } = require("bun:ffi") as typeof import("bun:ffi");
    for (const library of ["libc.so.6", "libc.so"]) {
      try {
        const { symbols } = dlopen(library, { pipe2: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.i32 } });
        return (fds) => symbols.pipe2(fds, O_CLOEXEC) === 0;
      } catch {
        // not this name (musl names its libc otherwise): the next
      }
    }
  } catch {
    // no bun:ffi
  }
  return null;
}

function closeFd(fd: number): void {
  try {
    (require("node:fs") as typeof import("node:fs")).closeSync(fd);
  } catch {
    // already closed
  }
}

/** A pipe for one output stream of a child about to be spawned. */
export function outputPipe(): OutputPipe {
  if (pipe2 === undefined) pipe2 = loadPipe2(); // null: tried, and there is none to call
  const fds = new Int32Array(2);
  if (!pipe2?.(fds)) {
    return { stdio: "pipe", spawned() {}, readable: (own) => own as ReadableStream<Uint8Array>, close() {} };
  }
  const [read, write] = [fds[0]!, fds[1]!];
  let writeOpen = true;
  let readOpen = true;
  return {
    stdio: write,
    spawned() {
      if (writeOpen) closeFd(write);
      writeOpen = false;
    },
    readable: () => Bun.file(read).stream(),
    close() {
      if (readOpen) closeFd(read);
      readOpen = false;
    },
  };
}

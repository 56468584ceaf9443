// Standard output and error for the CLI: Node's stream objects on a terminal (spinner, colours), plain writes to the descriptor otherwise.
// Off a terminal (pipes, files, /dev/null) the streams are not created at all (creating process.stdout, or importing node:tty, costs about 10 ms of start-up);
// output to a reader that went away (`scenario schema | head`) is dropped either way, so the run still finishes and keeps its exit code;
// so is the rest of the output to a non-blocking descriptor whose reader takes nothing for STALL_LIMIT_MS.
import { fstatSync, statSync, writeSync, type Stats } from "node:fs";
import type { Io } from "./io.ts";

type Output = Io["stdout"];

/** First and longest pause before retrying a write a non-blocking descriptor refused for now (EAGAIN); it doubles in between. */
const FIRST_RETRY_MS = 1;
const LONGEST_RETRY_MS = 64;
/** How long a reader may take no byte at all before the rest of the output to it is dropped, as after EPIPE. */
const STALL_LIMIT_MS = 30_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes each string whole and in order, synchronously. After EPIPE (the reader closed), or once the reader of a
 * non-blocking descriptor has taken nothing for stallLimitMs, further output is dropped: the run goes on to its end.
 */
export function descriptorOutput(fd: number, stallLimitMs = STALL_LIMIT_MS): Output {
  let closed = false;
  return {
    isTTY: false,
    write(text: string) {
      if (closed) return true;
      const bytes = Buffer.from(text);
      let stalledSince: number | undefined;
      let retryMs = FIRST_RETRY_MS;
      for (let at = 0; at < bytes.length;) {
        try {
          at += writeSync(fd, bytes, at);
          stalledSince = undefined;
          retryMs = FIRST_RETRY_MS;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === "EPIPE") {
            closed = true;
            return true;
          }
          if (code !== "EAGAIN") throw e;
          const now = performance.now();
          stalledSince ??= now;
          if (now - stalledSince >= stallLimitMs) {
            closed = true;
            return true;
          }
          Atomics.wait(pause, 0, 0, retryMs);
          retryMs = Math.min(retryMs * 2, LONGEST_RETRY_MS);
        }
      }
      return true;
    },
  };
}

/** Set once standardOutputs() hands out process.stdout or process.stderr: a Node stream may still hold output it has not written. */
let nodeStreamsUsed = false;

/** No Node stream was used for output: everything written so far is written (descriptor writes are synchronous). */
export function onlyDescriptorWrites(): boolean {
  return !nodeStreamsUsed;
}

/** process.stdout or process.stderr, with output to a closed reader dropped instead of thrown. */
function nodeStream(stream: NodeJS.WriteStream): Output {
  nodeStreamsUsed = true;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
  return stream;
}

/** /dev/null (whichever path opened it): its device numbers are those of /dev/null. */
function isNullDevice(s: Stats): boolean {
  try {
    return s.rdev === statSync("/dev/null").rdev;
  } catch {
    return false;
  }
}

/** May be a terminal: a character device other than /dev/null (a spawned child's ignored output), which takes plain writes. Pipes and files are not. */
export function mayBeTerminal(fd: number): boolean {
  try {
    const s = fstatSync(fd);
    return s.isCharacterDevice() && !isNullDevice(s);
  } catch {
    return true;
  }
}

/** process.stderr, created on the first write (most runs write nothing there). */
function lazyStderr(): Output {
  let stream: Output | undefined;
  const open = () => (stream ??= nodeStream(process.stderr));
  return {
    get isTTY() {
      return open().isTTY;
    },
    write: (text: string) => open().write(text),
  };
}

/** The process's standard output and error, as the CLI writes to them. */
export function standardOutputs(): Pick<Io, "stdout" | "stderr"> {
  return {
    // On a terminal the console reporter hands stdout to its spinner, which needs the stream itself.
    stdout: mayBeTerminal(1) ? nodeStream(process.stdout) : descriptorOutput(1),
    stderr: mayBeTerminal(2) ? lazyStderr() : descriptorOutput(2),
  };
}

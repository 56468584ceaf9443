// A loopback port whose connect hangs: a listening socket that never accepts, its backlog of 0 filled by one connection,
// so the kernel drops every later SYN (the client retransmits, as it would to a firewalled port). Linux only: it calls
// libc's socket/bind/listen through bun:ffi, since Bun.listen and node:net accept every connection at once.
import { dlopen, FFIType, ptr } from "bun:ffi";
import type { Socket } from "bun";

export interface FullBacklog {
  port: number;
  /** Closes the listening socket and the connection that fills it. */
  close(): void;
}

/** Whether this platform can make one (the tests that need it skip elsewhere). */
export const fullBacklogAvailable = process.platform === "linux";
/** Appended to the name of a test that needs one, so that a skip says why. */
export const fullBacklogSkip = fullBacklogAvailable ? "" : " (skipped: needs Linux, which fills a socket's backlog through libc)";

export async function fullBacklog(): Promise<FullBacklog> {
  const libc = dlopen("libc.so.6", {
    socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    bind: { args: [FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
    listen: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    getsockname: { args: [FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
    close: { args: [FFIType.i32], returns: FFIType.i32 },
  });
  const AF_INET = 2;
  const SOCK_STREAM = 1;
  const fd = libc.symbols.socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw new Error("socket() failed");
  // struct sockaddr_in: family (host order), port 0 (any), 127.0.0.1, padding.
  const addr = new Uint8Array(16);
  new DataView(addr.buffer).setUint16(0, AF_INET, true);
  addr.set([127, 0, 0, 1], 4);
  const len = new Uint32Array([16]);
  if (libc.symbols.bind(fd, ptr(addr), 16) !== 0 || libc.symbols.listen(fd, 0) !== 0 || libc.symbols.getsockname(fd, ptr(addr), ptr(len)) !== 0) {
    libc.symbols.close(fd);
    throw new Error("bind/listen on 127.0.0.1 failed");
  }
  const port = (addr[2]! << 8) | addr[3]!;
  // The one connection a backlog of 0 holds: made here, so the next one hangs.
  const filler: Socket<undefined> = await Bun.connect({ hostname: "127.0.0.1", port, socket: { data() {} } });
  return {
    port,
    close() {
      filler.terminate();
      libc.symbols.close(fd);
      libc.close();
    },
  };
}

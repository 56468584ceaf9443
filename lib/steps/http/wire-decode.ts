// Content decoding of a body the wire client read, as Bun's fetch decodes it: gzip, x-gzip, deflate (zlib or raw), br or zstd.
import type { Transform } from "node:stream";
import { gzipMembers } from "../../util/gzip-members.ts";
import type { FetchErrorCode } from "./wire-errors.ts";
import { WireProtocolError } from "./wire-response.ts";

/** How one content coding is decoded. */
export type Decoder = {
  make: () => Transform;
  error: FetchErrorCode;
  /** Where node:zlib and fetch part: fetch's result for a body node:zlib refused (gzip) or took whole when fetch refuses it (zstd). */
  check?: (body: Buffer, decoded: Buffer | undefined) => Buffer;
};

/** Fetch decodes gzip member after member and ignores trailing bytes that do not start one, where node:zlib fails. */
function gzipFallback(body: Buffer, decoded: Buffer | undefined): Buffer {
  if (decoded !== undefined) return decoded;
  const { members, damaged } = gzipMembers(body);
  if (damaged || members.length === 0) throw new Error("gzip");
  return Buffer.concat(members);
}

/** Fetch fails a cut or padded zstd frame, which node:zlib's stream passes. */
function zstdCheck(body: Buffer, decoded: Buffer | undefined): Buffer {
  if (decoded === undefined) throw new Error("zstd");
  Bun.zstdDecompressSync(body as Uint8Array<ArrayBuffer>);
  return decoded;
}

/** The decoder for a content coding (wire-coding.ts), or undefined for a body fetch hands over as it came. */
export function decoderFor(name: string | undefined, body: Buffer): Decoder | undefined {
  if (name === undefined) return undefined;
  // Loaded on the first encoded body: most runs never see one.
  const { createBrotliDecompress, createGunzip, createInflate, createInflateRaw, createZstdDecompress } = require("node:zlib") as typeof import("node:zlib");
  if (name === "gzip" || name === "x-gzip") return { make: createGunzip, error: "ZlibError", check: gzipFallback };
  if (name === "deflate") return { make: isZlibHeader(body) ? createInflate : createInflateRaw, error: "ZlibError" };
  if (name === "br") return { make: createBrotliDecompress, error: "BrotliDecompressionError" };
  return { make: createZstdDecompress as () => Transform, error: "ZstdDecompressionError", check: zstdCheck };
}

function isZlibHeader(body: Buffer): boolean {
  if (body.length < 2) return true;
  return (body[0]! & 0x0f) === 8 && (body[0]! * 256 + body[1]!) % 31 === 0;
}

/** Decodes the body, keeping at most `max` decoded bytes; rejects with fetch's code for a corrupt body. */
export function decode(decoder: Decoder, body: Buffer, max: number): Promise<{ data: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const stream = decoder.make();
    const out: Buffer[] = [];
    let bytes = 0;
    let settled = false;
    stream.on("data", (piece: Buffer) => {
      if (settled) return;
      if (bytes + piece.length > max) {
        out.push(piece.subarray(0, max - bytes));
        settled = true;
        stream.destroy();
        resolve({ data: Buffer.concat(out), truncated: true });
        return;
      }
      out.push(piece);
      bytes += piece.length;
    });
    const finish = (decoded: Buffer | undefined) => {
      if (settled) return;
      settled = true;
      try {
        const data = decoder.check ? decoder.check(body, decoded) : decoded;
        if (data === undefined) throw new Error(decoder.error);
        resolve(data.length > max ? { data: data.subarray(0, max), truncated: true } : { data, truncated: false });
      } catch {
        reject(new WireProtocolError(decoder.error));
      }
    };
    stream.on("error", () => finish(undefined));
    stream.on("end", () => finish(Buffer.concat(out)));
    stream.end(body);
  });
}

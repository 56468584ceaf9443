// The whole members of a gzip archive held in memory, read one by one as gzip, zcat and fetch read them.

/**
 * The decompressed members from the start of `file`, up to the first that is not a whole member: `end` is where that
 * begins (the file's length when all are whole), `damaged` whether a member header began there and the member failed
 * (bad data, cut short, a wrong CRC-32 or length) rather than bytes that start no member. `maxOutput` bounds the bytes
 * decompressed in all (a member past it counts as damaged).
 */
export function gzipMembers(file: Buffer, maxOutput?: number): { members: Buffer[]; end: number; damaged: boolean } {
  const { inflateRawSync } = require("node:zlib") as typeof import("node:zlib");
  const members: Buffer[] = [];
  let size = 0;
  let at = 0;
  for (;;) {
    // Bytes that start no member end the archive; a member's magic with a header no member has is damage.
    if (file.length < at + 2 || file[at] !== 0x1f || file[at + 1] !== 0x8b) return { members, end: at, damaged: false };
    const body = headerEnd(file, at);
    if (body === undefined) return { members, end: at, damaged: true };
    let out: { buffer: Buffer; engine: { bytesWritten: number } };
    try {
      out = inflateRawSync(file.subarray(body), { info: true, ...(maxOutput !== undefined ? { maxOutputLength: Math.max(1, maxOutput - size) } : {}) }) as unknown as typeof out;
    } catch {
      return { members, end: at, damaged: true };
    }
    const trailer = body + out.engine.bytesWritten;
    // The member's trailer: the CRC-32 and length (mod 2^32) of its bytes, as gzip checks them.
    if (trailer + 8 > file.length || file.readUInt32LE(trailer) !== Bun.hash.crc32(out.buffer) || file.readUInt32LE(trailer + 4) !== out.buffer.length % 2 ** 32)
      return { members, end: at, damaged: true };
    members.push(out.buffer);
    size += out.buffer.length;
    at = trailer + 8;
  }
}

/**
 * Where the compressed data of the gzip member whose magic is at `at` begins (past its header's optional fields), or
 * undefined for a header no member has, or one whose CRC (FHCRC) is wrong.
 */
function headerEnd(file: Uint8Array, at: number): number | undefined {
  if (file.length < at + 10 || file[at + 2] !== 8) return undefined;
  const flags = file[at + 3]!;
  let p = at + 10;
  if (flags & 4) {
    if (p + 2 > file.length) return undefined;
    p += 2 + (file[p]! | (file[p + 1]! << 8));
  }
  for (const flag of [8, 16]) {
    if (!(flags & flag)) continue;
    while (p < file.length && file[p] !== 0) p++;
    p++;
  }
  if (flags & 2) {
    // FHCRC: the low 16 bits of the CRC-32 of the header's bytes before it (RFC 1952), which gzip and zlib check before
    // reading the member's data. Unchecked, a member zcat refuses whole was read, and its damage placed after it.
    if (p + 2 > file.length || (file[p]! | (file[p + 1]! << 8)) !== (Bun.hash.crc32(file.subarray(at, p)) & 0xffff)) return undefined;
    p += 2;
  }
  return p <= file.length ? p : undefined;
}

// Tests for format: npz against files numpy wrote (testdata/) and damaged copies of them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkNpz, itemSize, npyProblem } from "./npz.ts";
import { deflateRawSync } from "node:zlib";
import { float64s, npy, npz, zip } from "../../scripts/gen-unified-logs.ts";
import { describeRequiring } from "../../test/helpers/requires.ts";
import { runWithin, SYNC_CHILD_LIMIT } from "../../test/helpers/bounded-spawn.ts";

const DATA = join(import.meta.dir, "testdata");
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "npz-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function problem(path: string, required: string[] = []): Promise<string | undefined> {
  return (await checkNpz(path, required)).problems.render("m.npz", "problem");
}

describe("checkNpz on numpy's own files", () => {
  test("np.savez (stored members) lists its arrays", async () => {
    const r = await checkNpz(join(DATA, "stored.npz"), ["loss", "step"]);
    expect(r.arrays).toEqual(["loss", "step", "names"]);
    expect(r.problems.count).toBe(0);
  });
  test("np.savez_compressed (deflated members) is read through the deflate stream", async () => {
    const r = await checkNpz(join(DATA, "compressed.npz"));
    expect(r.arrays).toEqual(["loss", "mask"]);
    expect(r.problems.count).toBe(0);
  });
  test("np.savez() with no arrays is empty", async () => {
    expect(await problem(join(DATA, "empty.npz"))).toBe("m.npz: empty archive: no arrays");
  });
});

describe("checkNpz on damaged files", () => {
  const stored = () => readFileSync(join(DATA, "stored.npz"));
  test.each([
    ["truncated to half", () => stored().subarray(0, 400), "not a zip archive: no end-of-central-directory record"],
    ["too small", () => Buffer.from("PK"), "too small to be a zip archive (2 bytes)"],
    ["a text file", () => Buffer.from("x".repeat(100)), "not a zip archive"],
    ["a member's magic overwritten", () => {
      const b = stored();
      b.write("XXXXXX", b.indexOf("\x93NUMPY", 0, "latin1"), "latin1");
      return b;
    }, 'member "loss.npy": not a .npy array (no \\x93NUMPY magic)'],
    ["a shape that does not fit the data", () => {
      const b = stored();
      b.write("(3, 5)", b.indexOf("(3, 4)"), "latin1");
      return b;
    }, 'member "loss.npy": data is 96 bytes but shape (3, 5) of <f8 needs 120'],
    ["a member that is not .npy", () => zip({ "a.npy": npy(float64s([1, 2])), "notes.txt": Buffer.from("hi") }), 'member "notes.txt": not a .npy array (an .npz holds only NAME.npy members)'],
    ["a deflated member with a bad header", () => zip({ "a.npy": Buffer.from("\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}\n", "latin1") }, true), "member \"a.npy\": .npy header is not a dict with descr, fortran_order and shape"],
  ])("%s", async (name, make, expected) => {
    expect(await problem(file(`${name}.npz`, make()))).toContain(expected);
  });
  test("a member whose .npy header is longer than numpy reads is refused for its length, not called truncated", async () => {
    const header = `{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }${" ".repeat(1_100_000)}\n`;
    const path = file("long-header.npz", zip({ "a.npy": npyOf(header, 24, 2) }));
    expect(await problem(path)).toBe('m.npz: member "a.npy": .npy header of 1100058 bytes: numpy reads none longer than 10000 characters (np.load refuses it as unsafe)');
  });
  test("a missing required array is named", async () => {
    expect(await problem(file("req.npz", npz({ loss: float64s([1]) })), ["loss", "step"])).toBe('m.npz: no array named "step" (arrays: loss)');
  });
  test("a required array of no element holds no record and fails, as a CSV of its header alone does; one not required, or a 0-d array, passes", async () => {
    const empty = file("empty-arrays.npz", npz({ loss: float64s([]), step: { descr: "<i4", shape: [0, 3], data: Buffer.alloc(0) }, lr: { descr: "<f8", shape: [], data: Buffer.alloc(8) } }));
    expect(await problem(empty, ["loss", "step"])).toBe(
      'm.npz: array "loss" holds no element (shape (0,)): required_fields has nothing to check in it (and 1 more problem in this file)',
    );
    const r = await checkNpz(empty, ["loss", "step"]);
    expect(r.problems.count).toBe(2);
    expect(await problem(empty, ["lr"])).toBeUndefined();
    expect(await problem(empty)).toBeUndefined();
  });
  test("a .npz.gz is refused with a reason", async () => {
    expect(await problem(file("x.npz.gz", Buffer.alloc(30)))).toContain("gzip-compressed .npz cannot be checked");
  });
});

describe("npyProblem and itemSize", () => {
  test.each([
    ["<f8", 8], ["|b1", 1], ["<U5", 20], ["|S3", 3], ["<M8[ns]", 8], ["|O", undefined], ["<c16", 16],
  ])("itemSize(%s) = %p", (descr, n) => {
    expect(itemSize(descr)).toBe(n);
  });
  test("a 0-d array and a version 2 header", () => {
    const v1 = npy({ descr: "<i4", shape: [], data: Buffer.alloc(4) });
    expect(npyProblem(v1, v1.length)).toBeUndefined();
    const header = "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }\n";
    const pre = Buffer.alloc(12);
    pre.write("\x93NUMPY", 0, "latin1");
    pre[6] = 2;
    pre.writeUInt32LE(header.length, 8);
    const v2 = Buffer.concat([pre, Buffer.from(header), Buffer.alloc(8)]);
    expect(npyProblem(v2, v2.length)).toBeUndefined();
    expect(npyProblem(v2, v2.length + 4)).toContain("needs 8");
  });
});

/** An .npy file of `header` (verbatim: no padding added) and `dataBytes` zero bytes; `version` 1, 2 or 3, `minor` 0. */
function npyOf(header: string, dataBytes: number, version = 1, minor = 0): Buffer {
  const text = Buffer.from(header, version === 3 ? "utf8" : "latin1");
  const pre = Buffer.alloc(version === 1 ? 10 : 12);
  pre.write("\x93NUMPY", 0, "latin1");
  pre[6] = version;
  pre[7] = minor;
  if (version === 1) pre.writeUInt16LE(text.length, 8);
  else pre.writeUInt32LE(text.length, 8);
  return Buffer.concat([pre, text, Buffer.alloc(dataBytes)]);
}

const F8 = (shape: string, rest = "") => `{'descr': '<f8', 'fortran_order': False, 'shape': ${shape}, ${rest}}`;

/**
 * .npy headers numpy reads or refuses (np.load, numpy 2.4: `ast.literal_eval` of the header, then exactly the keys descr,
 * fortran_order and shape, a tuple of ints, a bool, a dtype; headers up to 10000 characters; versions 1.0, 2.0, 3.0).
 */
const NPY_HEADERS: { name: string; npy: () => Buffer; numpyLoads: boolean; problem?: string }[] = [
  { name: "as numpy writes it (padded)", npy: () => npy(float64s([1, 2, 3])), numpyLoads: true },
  { name: "a structured dtype", npy: () => npyOf("{'descr': [('a', '<i4'), ('b', '<f8')], 'fortran_order': False, 'shape': (2,), }\n", 24), numpyLoads: true },
  { name: "Fortran order, two dimensions", npy: () => npyOf("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }\n", 48), numpyLoads: true },
  { name: "a 0-d array", npy: () => npyOf("{'descr': '<f8', 'fortran_order': False, 'shape': (), }\n", 8), numpyLoads: true },
  { name: "double quotes, no trailing comma", npy: () => npyOf('{"descr": "<f8", "fortran_order": False, "shape": (3,)}\n', 24), numpyLoads: true },
  { name: "a comment and line breaks inside the dict", npy: () => npyOf("{'descr': '<f8',  # the dtype\n 'fortran_order': False,\n 'shape': (3,)}\n", 24), numpyLoads: true },
  { name: "an escape and adjacent strings", npy: () => npyOf("{'descr': '\\x3cf' '8', 'fortran_order': False, 'shape': (3,)}\n", 24), numpyLoads: true },
  { name: "Python 2's long integers, version 1", npy: () => npyOf(`${F8("(3L,)")}\n`, 24), numpyLoads: true },
  { name: "Python 2's long integers, version 3", npy: () => npyOf(`${F8("(3L,)")}\n`, 24, 3), numpyLoads: false, problem: ".npy header is no Python literal numpy can read" },
  { name: "a stray character in the padding", npy: () => npyOf(`${F8("(3,)")}    x   \n`, 24), numpyLoads: false, problem: ".npy header is no Python literal numpy can read" },
  { name: "no closing brace", npy: () => npyOf("{'descr': '<f8', 'fortran_order': False, 'shape': (3,),    \n", 24), numpyLoads: false, problem: ".npy header is no Python literal numpy can read" },
  { name: "a key more", npy: () => npyOf(`${F8("(3,)", "'x': 1, ")}\n`, 24), numpyLoads: false, problem: ".npy header is not a dict with descr, fortran_order and shape (only)" },
  { name: "a set, not a dict", npy: () => npyOf("{'descr', 'fortran_order', 'shape'}\n", 24), numpyLoads: false, problem: ".npy header is not a dict with descr, fortran_order and shape (only)" },
  { name: "a shape that is no tuple: (3)", npy: () => npyOf(`${F8("(3)")}\n`, 24), numpyLoads: false, problem: ".npy header has a bad shape ((3))" },
  { name: "a negative dimension", npy: () => npyOf(`${F8("(-3,)")}\n`, 24), numpyLoads: false, problem: ".npy header has a bad shape ((-3,))" },
  { name: "a dimension True (numpy: an integer is required)", npy: () => npyOf(`${F8("(True,)")}\n`, 8), numpyLoads: false, problem: ".npy header has a bad shape ((True,))" },
  { name: "dimensions written +3 and 0x3", npy: () => npyOf(`${F8("(+3, 0x3)")}\n`, 72), numpyLoads: true },
  { name: "a key given twice (the last counts) and a line break first", npy: () => npyOf(`\n${F8("(3,)", "'descr': '<f8'")}\n`, 24), numpyLoads: true },
  { name: "a shape of strings", npy: () => npyOf(`${F8("('3',)")}\n`, 24), numpyLoads: false, problem: ".npy header has a bad shape (('3',))" },
  { name: "fortran_order a string", npy: () => npyOf("{'descr': '<f8', 'fortran_order': 'False', 'shape': (3,)}\n", 24), numpyLoads: false, problem: ".npy header's fortran_order is not True or False" },
  { name: "a descr that is a number", npy: () => npyOf("{'descr': 8, 'fortran_order': False, 'shape': (3,)}\n", 24), numpyLoads: false, problem: ".npy header's descr is no dtype" },
  { name: "a header of 10,001 characters", npy: () => npyOf(`${F8("(3,)")}${" ".repeat(10_000 - F8("(3,)").length)}\n`, 24), numpyLoads: false, problem: ".npy header of 10001 bytes: numpy reads none longer than 10000 characters" },
  { name: "a header of 10,000 characters", npy: () => npyOf(`${F8("(3,)")}${" ".repeat(9_999 - F8("(3,)").length)}\n`, 24), numpyLoads: true },
  { name: "format version 1.1", npy: () => npyOf(`${F8("(3,)")}\n`, 24, 1, 1), numpyLoads: false, problem: "unknown .npy format version 1.1" },
];

/** One member of a zip crafted byte by byte: what numpy's writer would never produce, but a zip may hold. */
interface Crafted {
  /** The name's bytes in the central directory (a string is written as UTF-8). */
  name: string | Buffer;
  content: Buffer;
  /** The name's bytes in the local header, when they differ from the central directory's. */
  localName?: Buffer;
  /** General purpose flags of the central directory entry (0x800: the name is UTF-8), and of the local header when different. */
  flags?: number;
  localFlags?: number;
  deflate?: boolean;
  /** Flag bit 3: the local header holds no CRC or sizes; a data descriptor follows the data. */
  descriptor?: boolean;
  /** Sizes and offset 0xFFFFFFFF in the central directory, their values in a zip64 extra field. */
  zip64Central?: boolean;
  /** Sizes 0xFFFFFFFF in the local header, their values in a zip64 extra field (what np.savez writes: force_zip64). */
  zip64Local?: boolean;
  /** Replaces the central directory entry's extra field. */
  centralExtra?: Buffer;
  /** Lengths the central directory entry claims for its name and its comment (no comment bytes are written). */
  centralNameLength?: number;
  centralCommentLength?: number;
  /** "Version needed to extract" of the central directory entry (default 20, 45 for zip64). */
  extractVersion?: number;
}

/**
 * A zip of crafted members; `prepend` bytes go before it with offsets left relative to the zip (`cat stub a.zip`);
 * `comment`: the archive's comment, after the end record (its length there).
 */
function craftZip(members: Crafted[], o: { prepend?: Buffer; zip64End?: boolean; entries?: number; comment?: Buffer } = {}): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const nameBuf = typeof m.name === "string" ? Buffer.from(m.name, "utf8") : m.name;
    const localName = m.localName ?? nameBuf;
    const body = m.deflate ? deflateRawSync(m.content) : m.content;
    const crc = Bun.hash.crc32(m.content);
    const method = m.deflate ? 8 : 0;
    let localExtra = Buffer.alloc(0);
    if (m.zip64Local) {
      localExtra = Buffer.alloc(20);
      localExtra.writeUInt16LE(1, 0);
      localExtra.writeUInt16LE(16, 2);
      localExtra.writeBigUInt64LE(BigInt(m.content.length), 4);
      localExtra.writeBigUInt64LE(BigInt(body.length), 12);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(m.zip64Local ? 45 : 20, 4);
    local.writeUInt16LE((m.localFlags ?? m.flags ?? 0) | (m.descriptor ? 8 : 0), 6);
    local.writeUInt16LE(method, 8);
    if (!m.descriptor) {
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(m.zip64Local ? 0xffffffff : body.length, 18);
      local.writeUInt32LE(m.zip64Local ? 0xffffffff : m.content.length, 22);
    }
    local.writeUInt16LE(localName.length, 26);
    local.writeUInt16LE(localExtra.length, 28);
    let descriptor = Buffer.alloc(0);
    if (m.descriptor) {
      descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(m.content.length, 12);
    }
    let centralExtra = m.centralExtra ?? Buffer.alloc(0);
    if (m.zip64Central && !m.centralExtra) {
      centralExtra = Buffer.alloc(28);
      centralExtra.writeUInt16LE(1, 0);
      centralExtra.writeUInt16LE(24, 2);
      centralExtra.writeBigUInt64LE(BigInt(m.content.length), 4);
      centralExtra.writeBigUInt64LE(BigInt(body.length), 12);
      centralExtra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(45, 4);
    central.writeUInt16LE(m.extractVersion ?? (m.zip64Central ? 45 : 20), 6);
    central.writeUInt16LE((m.flags ?? 0) | (m.descriptor ? 8 : 0), 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(m.zip64Central ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(m.zip64Central ? 0xffffffff : m.content.length, 24);
    central.writeUInt16LE(m.centralNameLength ?? nameBuf.length, 28);
    central.writeUInt16LE(centralExtra.length, 30);
    central.writeUInt16LE(m.centralCommentLength ?? 0, 32);
    central.writeUInt32LE(m.zip64Central ? 0xffffffff : offset, 42);
    parts.push(local, localName, localExtra, body, descriptor);
    centrals.push(central, nameBuf, centralExtra);
    offset += 30 + localName.length + localExtra.length + body.length + descriptor.length;
  }
  const cd = Buffer.concat(centrals);
  const entries = o.entries ?? members.length;
  const tail: Buffer[] = [cd];
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  if (o.zip64End) {
    const z = Buffer.alloc(56);
    z.writeUInt32LE(0x06064b50, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE(45, 12);
    z.writeUInt16LE(45, 14);
    z.writeBigUInt64LE(BigInt(entries), 24);
    z.writeBigUInt64LE(BigInt(entries), 32);
    z.writeBigUInt64LE(BigInt(cd.length), 40);
    z.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + cd.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(z, locator);
    end.writeUInt16LE(0xffff, 8);
    end.writeUInt16LE(0xffff, 10);
    end.writeUInt32LE(0xffffffff, 12);
    end.writeUInt32LE(0xffffffff, 16);
  } else {
    end.writeUInt16LE(entries, 8);
    end.writeUInt16LE(entries, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(offset, 16);
  }
  if (o.comment) end.writeUInt16LE(o.comment.length, 20);
  tail.push(end, ...(o.comment ? [o.comment] : []));
  return Buffer.concat([...(o.prepend ? [o.prepend] : []), ...parts, ...tail]);
}

const arr = () => npy(float64s([1, 2, 3]));

/** An end-of-central-directory record of no members (directory size and offset 0). */
function endRecord(o: { commentLength: number }): Buffer {
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(o.commentLength, 20);
  return end;
}
const broken = () => Buffer.from("\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'}\n", "latin1");

/**
 * Zips whose members numpy (Python's zipfile) reads or refuses, with the arrays it lists (names without .npy) and
 * what the step says. `numpyLoads`: every member reads whole (each holds a valid .npy, so np.load reads every array).
 */
const CRAFTED: { name: string; zip: () => Buffer; numpyLoads: boolean; arrays: string[]; problem?: string }[] = [
  { name: "plain", zip: () => craftZip([{ name: "a.npy", content: arr() }]), numpyLoads: true, arrays: ["a"] },
  // The local header repeats the name: Python refuses a member whose two names differ ("File name in directory … and header … differ").
  { name: "local name differs", zip: () => craftZip([{ name: "a.npy", content: arr(), localName: Buffer.from("b.npy") }]), numpyLoads: false, arrays: ["a"], problem: 'm.npz: member "a.npy": its local header names it "b.npy": a zip reader (Python\'s zipfile, so numpy) refuses it' },
  { name: "local name differs in length", zip: () => craftZip([{ name: "a.npy", content: arr(), localName: Buffer.from("longer.npy") }]), numpyLoads: false, arrays: ["a"], problem: 'm.npz: member "a.npy": its local header names it "longer.npy"' },
  { name: "local header's name not flagged UTF-8", zip: () => craftZip([{ name: "é.npy", content: arr(), flags: 0x800, localFlags: 0 }]), numpyLoads: false, arrays: ["é"], problem: 'm.npz: member "é.npy": its local header names it "├⌐.npy"' },
  // A name is UTF-8 only when flag bit 11 says so; else it is CP437 (the zip format's historical encoding), as Python reads it.
  { name: "UTF-8 name, flagged", zip: () => craftZip([{ name: "é.npy", content: arr(), flags: 0x800 }]), numpyLoads: true, arrays: ["é"] },
  { name: "UTF-8 bytes, not flagged: a CP437 name", zip: () => craftZip([{ name: "é.npy", content: arr() }]), numpyLoads: true, arrays: ["├⌐"] },
  // Python's ZipInfo cuts a name at a NUL: it lists "a.npy", and reads it (the local header repeats the whole name).
  { name: "a name with a NUL", zip: () => craftZip([{ name: Buffer.from("a.npy\0.txt"), content: arr() }]), numpyLoads: true, arrays: ["a"] },
  { name: "flagged UTF-8 that is not", zip: () => craftZip([{ name: Buffer.from([0xff, 0x2e, 0x6e, 0x70, 0x79]), content: arr(), flags: 0x800 }]), numpyLoads: false, arrays: [], problem: "m.npz: central directory entry 1: its name is flagged UTF-8 but is not: a zip reader (Python's zipfile, so numpy) refuses the archive" },
  { name: "flag bit 5 (compressed patched data)", zip: () => craftZip([{ name: "a.npy", content: arr(), flags: 0x20 }]), numpyLoads: false, arrays: ["a"], problem: 'm.npz: member "a.npy": compressed patched data (flag bit 5): Python\'s zipfile, so numpy, cannot read it' },
  { name: "needs zip version 6.4 to extract", zip: () => craftZip([{ name: "a.npy", content: arr(), extractVersion: 64 }]), numpyLoads: false, arrays: [], problem: "m.npz: central directory entry 1: needs zip version 6.4 to extract; Python's zipfile (so numpy) reads up to 6.3" },
  // Flag bit 3: CRC and sizes follow the data; the central directory has them.
  { name: "data descriptor, stored", zip: () => craftZip([{ name: "a.npy", content: arr(), descriptor: true }]), numpyLoads: true, arrays: ["a"] },
  { name: "data descriptor, deflated", zip: () => craftZip([{ name: "a.npy", content: arr(), descriptor: true, deflate: true }]), numpyLoads: true, arrays: ["a"] },
  { name: "zip64 local extra (np.savez's force_zip64)", zip: () => craftZip([{ name: "a.npy", content: arr(), zip64Local: true }]), numpyLoads: true, arrays: ["a"] },
  { name: "zip64 central extra and end record", zip: () => craftZip([{ name: "a.npy", content: arr(), zip64Local: true }, { name: "b.npy", content: arr(), zip64Central: true, deflate: true }], { zip64End: true }), numpyLoads: true, arrays: ["a", "b"] },
  { name: "zip64 extra field without the size", zip: () => craftZip([{ name: "a.npy", content: arr(), zip64Central: true, centralExtra: Buffer.from([1, 0, 0, 0]) }]), numpyLoads: false, arrays: [], problem: "m.npz: central directory entry 1: its zip64 extra field lacks the size: a zip reader (Python's zipfile, so numpy) refuses the archive" },
  { name: "an extra field running past its entry", zip: () => craftZip([{ name: "a.npy", content: arr(), centralExtra: Buffer.from([0x55, 0x54, 9, 0, 1]) }]), numpyLoads: false, arrays: [], problem: "m.npz: central directory entry 1: extra field 0x5455 claims 9 bytes where the entry has 1 left: a zip reader (Python's zipfile, so numpy) refuses the archive" },
  // Bytes before the archive (a script stub, `cat stub a.npz`): offsets count from the archive's start; Python finds it.
  { name: "bytes before the archive", zip: () => craftZip([{ name: "a.npy", content: arr() }], { prepend: Buffer.from("#!/bin/sh\nexit 0\n") }), numpyLoads: true, arrays: ["a"] },
  { name: "bytes before a zip64 archive", zip: () => craftZip([{ name: "a.npy", content: arr(), zip64Local: true }, { name: "b.npy", content: arr(), zip64Central: true }], { prepend: Buffer.from("PREFIX"), zip64End: true }), numpyLoads: true, arrays: ["a", "b"] },
  // Python takes the end record in the last 22 bytes when it has no comment, else the last signature in the final
  // 64 KiB + 22 bytes, whatever comment length it gives: a signature inside a comment is taken for the end record.
  { name: "an archive comment", zip: () => craftZip([{ name: "a.npy", content: arr() }], { comment: Buffer.from("written by a tool") }), numpyLoads: true, arrays: ["a"] },
  { name: "a comment ending in the end record's signature", zip: () => craftZip([{ name: "a.npy", content: arr() }], { comment: Buffer.from("note PK\x05\x06", "latin1") }), numpyLoads: false, arrays: [], problem: "m.npz: not a zip archive: its last end-of-central-directory signature" },
  { name: "a comment holding an end record whose comment runs past the file", zip: () => craftZip([{ name: "a.npy", content: arr() }], { comment: Buffer.concat([Buffer.from("note "), endRecord({ commentLength: 500 })]) }), numpyLoads: true, arrays: [], problem: "m.npz: empty archive: no arrays" },
  // Python reads the directory by its size and each entry's name, extra field and comment from what is left of it: the
  // last entry's comment may claim more (numpy loads the array), and a name cut so is the name (here the local header's).
  { name: "the last entry's comment running past the directory", zip: () => craftZip([{ name: "a.npy", content: arr() }, { name: "b.npy", content: arr(), centralCommentLength: 40 }]), numpyLoads: true, arrays: ["a", "b"] },
  { name: "the last entry's name running past the directory", zip: () => craftZip([{ name: "b.npy", content: arr(), centralNameLength: 9 }]), numpyLoads: true, arrays: ["b"] },
  { name: "a name cut by the directory's end that the local header does not repeat", zip: () => craftZip([{ name: "b.npy", content: arr(), localName: Buffer.from("b.npy.x"), centralNameLength: 7 }]), numpyLoads: false, arrays: ["b"], problem: 'm.npz: member "b.npy": its local header names it "b.npy.x"' },
  // The end record's count says 1; Python reads the directory by its size: both members, the second a broken array.
  { name: "an end record that counts fewer members than the directory holds", zip: () => craftZip([{ name: "a.npy", content: arr() }, { name: "b.npy", content: broken() }], { entries: 1 }), numpyLoads: true, arrays: ["a", "b"], problem: 'm.npz: member "b.npy": .npy header is not a dict' },
];

describe("checkNpz on crafted zips: members as Python's zipfile (numpy) reads them", () => {
  test.each(CRAFTED.map((c) => [c.name, c] as const))("%s", async (name, c) => {
    const r = await checkNpz(file(`crafted-${name}.npz`, c.zip()));
    expect(r.arrays).toEqual(c.arrays);
    const rendered = r.problems.render("m.npz", "problem");
    if (c.problem === undefined) expect(rendered).toBeUndefined();
    else expect(rendered).toStartWith(c.problem);
  });
  test("the generator's zip flags a non-ASCII name UTF-8, as Python's zipfile (np.savez) writes it", async () => {
    expect((await checkNpz(file("utf8-gen.npz", npz({ "é": float64s([1]) })))).arrays).toEqual(["é"]);
  });
  test("an array is required by the name numpy gives it: a CP437 name is not its UTF-8 reading", async () => {
    const path = file("cp437-required.npz", craftZip([{ name: "é.npy", content: arr() }]));
    expect(await problem(path, ["é"])).toBe('m.npz: no array named "é" (arrays: ├⌐)');
  });
});

// What numpy would do with each crafted file: Python's zipfile lists the members and reads each whole (CRC checked).
const PYTHON_READS = `
import json, sys, zipfile
for path in sys.argv[1:]:
    try:
        z = zipfile.ZipFile(path)
        names = z.namelist()
        for n in names:
            z.read(n)
        print(json.dumps({"names": names, "ok": True}))
    except Exception as e:
        print(json.dumps({"names": None, "ok": False, "error": type(e).__name__}))
`;

describeRequiring("format: npz against Python's zipfile", "python3", Bun.which("python3") ? undefined : "python3 is not installed", () => {
  test("the crafted zips: what Python reads and lists is what the cases say", async () => {
    const paths = CRAFTED.map((c) => file(`py-${c.name}.npz`, c.zip()));
    const out = await runWithin(["python3", "-c", PYTHON_READS, ...paths]);
    expect(out.stderr).toBe("");
    const python = out.stdout.trim().split("\n").map((l) => JSON.parse(l) as { names: string[] | null; ok: boolean });
    for (const [i, c] of CRAFTED.entries()) {
      const got = python[i]!;
      // A member numpy loads is one whose bytes Python reads; for the broken array, reading its bytes is not loading it.
      const readable = c.name.startsWith("an end record") ? true : c.numpyLoads;
      expect({ name: c.name, ok: got.ok }).toEqual({ name: c.name, ok: readable });
      if (got.names) expect({ name: c.name, arrays: got.names.map((n) => n.replace(/\.npy$/, "")) }).toEqual({ name: c.name, arrays: c.arrays });
    }
  });
});

describe("npyProblem reads a header as numpy does", () => {
  test.each(NPY_HEADERS.map((c) => [c.name, c] as const))("%s", (_, c) => {
    const b = c.npy();
    const problem = npyProblem(b, b.length);
    if (c.numpyLoads) expect(problem).toBeUndefined();
    else expect(problem).toStartWith(c.problem!);
  });
});

const HAS_NUMPY = Bun.which("python3") !== null && Bun.spawnSync(["python3", "-c", "import numpy"], SYNC_CHILD_LIMIT).exitCode === 0;
const AGAINST_NUMPY = "np.load reads or refuses each as the case says";

// Where numpy is installed (it is no dependency of this package, so CI may lack it: a skip, named with why, not a failure):
// that it reads and refuses these headers as the cases say.
describe("the .npy header cases against numpy", () => {
  if (!HAS_NUMPY) console.warn(`skipping "${AGAINST_NUMPY}": python3 with numpy is not installed`);
  test.skipIf(!HAS_NUMPY)(HAS_NUMPY ? AGAINST_NUMPY : `${AGAINST_NUMPY} (skipped, not available: python3 with numpy)`, async () => {
    const paths = NPY_HEADERS.map((c) => file(`hdr-${c.name.replace(/\W+/g, "-")}.npy`, c.npy()));
    const script = "import sys, warnings, numpy as np\nwarnings.simplefilter('ignore')\nfor p in sys.argv[1:]:\n    try:\n        np.load(p); print('ok')\n    except Exception as e:\n        print('refused')\n";
    const out = await runWithin(["python3", "-c", script, ...paths]);
    expect(out.stderr).toBe("");
    const verdicts = out.stdout.trim().split("\n");
    expect(NPY_HEADERS.map((c, i) => [c.name, verdicts[i] === "ok"])).toEqual(NPY_HEADERS.map((c) => [c.name, c.numpyLoads]));
  });
});

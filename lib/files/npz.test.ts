// Tests for format: npz against files numpy wrote (testdata/) and damaged copies of them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkNpz, itemSize, npyProblem } from "./npz.ts";
import { float64s, npy, npz, zip } from "../../scripts/gen-unified-logs.ts";

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
  test("a missing required array is named", async () => {
    expect(await problem(file("req.npz", npz({ loss: float64s([1]) })), ["loss", "step"])).toBe('m.npz: no array named "step" (arrays: loss)');
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

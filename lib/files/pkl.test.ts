// Tests for format: pkl against pickles Python wrote (testdata/) and damaged ones; nothing is ever unpickled.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { checkPkl } from "./pkl.ts";
import { pickle } from "../../scripts/gen-unified-logs.ts";

const DATA = join(import.meta.dir, "testdata");
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "pkl-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function problem(name: string, content: Buffer): Promise<string | undefined> {
  const path = join(dir, name);
  writeFileSync(path, content);
  return (await checkPkl(path)).render("s.pkl", "problem");
}

describe("checkPkl", () => {
  test.each(["proto2.pkl", "proto4.pkl", "proto5.pkl"])("Python's %s is well-formed", async (name) => {
    expect((await checkPkl(join(DATA, name))).count).toBe(0);
  });
  const p4 = () => readFileSync(join(DATA, "proto4.pkl"));
  test.each([
    ["the generator's pickle", () => pickle({ a: [1.5, 2], b: "x" }), undefined],
    ["a gzip-compressed pickle", () => gzipSync(p4()), undefined],
    ["truncated (no STOP)", () => p4().subarray(0, 40), "s.pkl: first frame of 43 bytes runs past the end of the 40-byte file: truncated (and 1 more problem in this file)"],
    ["a last byte that is not STOP", () => Buffer.concat([Buffer.from([0x80, 2, 0x4e]), Buffer.from("x")]), "s.pkl: does not end with the STOP opcode '.' (last byte is 0x78): truncated or not a pickle"],
    ["no PROTO opcode (protocol 0 or not a pickle)", () => Buffer.from("(dp0\n."), "s.pkl: not a pickle of protocol 2 or later: starts with 0x28, not the PROTO opcode 0x80"],
    ["an unknown protocol", () => Buffer.from([0x80, 9, 0x4e, 0x2e]), "s.pkl: unknown pickle protocol 9"],
    ["nothing between header and STOP", () => Buffer.from([0x80, 4, 0x2e]), "s.pkl: empty pickle: no opcodes between the header and STOP"],
    ["an empty file", () => Buffer.alloc(0), "s.pkl: empty file"],
  ])("%s", async (name, make, expected) => {
    expect(await problem(`${name}.pkl${name.includes("gzip") ? ".gz" : ""}`, make())).toBe(expected);
  });
});

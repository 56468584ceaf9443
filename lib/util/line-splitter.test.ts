// Whole lines out of arbitrary chunks.
import { expect, test } from "bun:test";
import { lineSplitter } from "./line-splitter.ts";

test("lines split across chunks come out whole, CR stripped, the rest on flush", () => {
  const out: string[] = [];
  const s = lineSplitter((l) => out.push(l), "[x] ");
  for (const chunk of ["he", "llo\r\nwor", "ld\n\npart", "ial"]) s.push(chunk);
  expect(out).toEqual(["[x] hello", "[x] world", "[x] "]);
  s.flush();
  expect(out.at(-1)).toBe("[x] partial");
  s.flush();
  expect(out.length).toBe(4);
});

// Whole lines out of arbitrary chunks.
import { expect, test } from "bun:test";
import { lineSplitter } from "./line-splitter.ts";
import { Masker } from "../vars/mask.ts";

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

test("with masking, a secret broken across lines and across chunks comes out masked, the lines it joined one line", () => {
  const masker = new Masker();
  masker.add("sk-live-ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
  const out: string[] = [];
  const s = lineSplitter((l) => out.push(l), "  ", masker);
  for (const chunk of ["first\r\ntoken=sk-li", "ve-ABCDEF\r\nGHIJKLMNOPQRSTUVWXYZ\r", "\n0123456789 end\nlast"]) s.push(chunk);
  s.flush();
  expect(out).toEqual(["  first", "  token=*** end", "  last"]);
});

// DuplicateFilter: exact duplicates dropped, and the least recently seen timestamps forgotten first.
import { describe, expect, test } from "bun:test";
import { DuplicateFilter, REMEMBERED_TIMES } from "./dedup.ts";

describe("DuplicateFilter", () => {
  test("a line is a duplicate only at the same ms and sub-ms time", () => {
    const f = new DuplicateFilter();
    expect(f.seen(1, 0, "a")).toBe(false);
    expect(f.seen(1, 0, "a")).toBe(true);
    expect(f.seen(1, 1, "a")).toBe(false);
    expect(f.seen(2, 0, "a")).toBe(false);
    expect(f.seen(1, 0, "b")).toBe(false);
    // The first entry of a timestamp is still known once others joined it.
    expect(f.seen(1, 0, "a")).toBe(true);
    expect(f.seen(1, 1, "a")).toBe(true);
    expect(f.seen(1, 0, "b")).toBe(true);
    expect(f.seen(2, 0, "b")).toBe(false);
    expect(f.seen(2, 0, "a")).toBe(true);
  });

  test("beyond REMEMBERED_TIMES timestamps, the least recently seen is forgotten; seeing one again keeps it", () => {
    const f = new DuplicateFilter();
    for (let ms = 0; ms < REMEMBERED_TIMES; ms++) f.seen(ms, 0, "x");
    expect(f.seen(0, 0, "x")).toBe(true); // ms 0 is now the most recent
    f.seen(REMEMBERED_TIMES, 0, "x"); // forgets ms 1, the least recent
    expect(f.seen(0, 0, "x")).toBe(true);
    expect(f.seen(2, 0, "x")).toBe(true);
    expect(f.seen(1, 0, "x")).toBe(false); // forgotten, remembered anew (forgets ms 3)
    expect(f.seen(3, 0, "x")).toBe(false);
  });

  test("a long run of new timestamps keeps only the last REMEMBERED_TIMES", () => {
    const f = new DuplicateFilter();
    const n = REMEMBERED_TIMES * 5;
    for (let ms = 0; ms < n; ms++) expect(f.seen(ms, 0, "x")).toBe(false);
    for (let ms = n - REMEMBERED_TIMES; ms < n; ms++) expect(f.seen(ms, 0, "x")).toBe(true);
    expect(f.seen(n - REMEMBERED_TIMES - 1, 0, "x")).toBe(false);
  });
});

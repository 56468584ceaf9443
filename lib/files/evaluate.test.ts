// Tests for the age checks at a fixed clock: a modification time past the check's `now`, within and beyond the tolerance.
import { describe, expect, test } from "bun:test";
import { checkFileFacts, FUTURE_TOLERANCE_MS } from "./evaluate.ts";
import type { FileFacts } from "./inspect.ts";
import type { FilesExpect } from "./schema.ts";

const NOW = Date.parse("2026-01-17T22:00:00.000Z");
const ctx = { root: "/logs", startedAt: new Date(NOW - 60_000), now: NOW };

function fact(rel: string, mtimeMs: number): FileFacts {
  return { file: { abs: `/logs/${rel}`, rel, name: rel }, size: 1, mtimeMs, bytesRead: 0, literal: new Map(), regex: new Map(), format: new Map() };
}

/** "path ok: actual" of every check but count. */
async function verdicts(expectIn: FilesExpect, facts: FileFacts[]): Promise<string[]> {
  const checks = await checkFileFacts(expectIn, facts, ctx);
  return checks.filter((c) => c.path !== "count").map((c) => `${c.path} ${c.ok ? "ok" : "FAIL"}: ${c.actual}`);
}

describe("a modification time past the check's now", () => {
  const DAY = 86_400_000;
  test.each([
    ["1 s ahead", 1000, "1s"],
    ["exactly the tolerance ahead", FUTURE_TOLERANCE_MS, "2s"],
  ])("%s counts as modified now: fresh, within max_age, of age 0 for min_age; it is after the start for fresh: false", async (_, ahead, shown) => {
    const f = fact("a.log", NOW + ahead);
    const all = { fresh: true, max_age: 60_000, min_age: 0, each: { fresh: true, max_age: 60_000, min_age: 0 } } as FilesExpect;
    expect((await verdicts(all, [f])).filter((v) => !v.includes(" ok: "))).toEqual([]);
    expect(await verdicts({ fresh: false } as FilesExpect, [f])).toEqual([`fresh FAIL: a.log: modified ${shown} in the future (${new Date(NOW + ahead).toISOString()})`]);
  });

  test("1 ms past the tolerance is in the future: it fails max_age and min_age, is not fresh, and fails fresh: false", async () => {
    const ahead = FUTURE_TOLERANCE_MS + 1;
    const f = fact("a.log", NOW + ahead);
    const said = `a.log: modified 2s in the future (${new Date(NOW + ahead).toISOString()})`;
    expect(await verdicts({ max_age: 7 * DAY, min_age: 0, fresh: true, each: { fresh: true, max_age: 7 * DAY } } as FilesExpect, [f])).toEqual([
      `fresh FAIL: no file modified up to now; not counted, modified in the future: ${said}`,
      `max_age FAIL: ${said}`,
      `min_age FAIL: ${said}`,
      `each.fresh FAIL: ${said}`,
      `each.max_age FAIL: ${said}`,
    ]);
    expect(await verdicts({ fresh: false } as FilesExpect, [f])).toEqual([`fresh FAIL: ${said}`]);
  });

  test("beside it, a file modified after the start keeps fresh: true passing; the future one is named", async () => {
    const checks = await verdicts({ fresh: true } as FilesExpect, [fact("future.log", NOW + DAY), fact("now.log", NOW - 1000)]);
    expect(checks).toEqual([`fresh ok: newest: now.log: modified 1s ago (${new Date(NOW - 1000).toISOString()}); not counted, modified in the future: future.log: modified 1d in the future (${new Date(NOW + DAY).toISOString()})`]);
  });
});

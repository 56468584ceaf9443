// Tests for the age checks at a fixed clock: a modification time past the check's `now`, within and beyond the tolerance.
import { describe, expect, test } from "bun:test";
import { checkFileFacts, formatExpected, FUTURE_TOLERANCE_MS } from "./evaluate.ts";
import { fieldRules } from "./fields.ts";
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

describe("an age check's failure shows the age precisely enough to see why it failed", () => {
  const DAY = 86_400_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  test.each([
    // Rounded to "7d" and "23h59m", the age hid why it failed its bound.
    ["7d and 5 s old, max_age 7d", { max_age: 7 * DAY }, NOW - 7 * DAY - 5000, `max_age FAIL: a.log: modified 7d 0h 0m 5s ago, more than 7d (${iso(NOW - 7 * DAY - 5000)})`],
    ["23h59m30s old, min_age 1d", { min_age: DAY }, NOW - DAY + 30_000, `min_age FAIL: a.log: modified 23h 59m 30s ago, less than 1d (${iso(NOW - DAY + 30_000)})`],
    // Past the bound by less than a second: whole seconds would show the bound itself.
    ["7d and 400 ms old, each.max_age 7d", { each: { max_age: 7 * DAY } }, NOW - 7 * DAY - 400, `each.max_age FAIL: a.log: modified 7d 0h 0m 0.400s ago, more than 7d (${iso(NOW - 7 * DAY - 400)})`],
    ["1.7 s old, max_age 1500ms", { max_age: 1500 }, NOW - 1700, `max_age FAIL: a.log: modified 1.700s ago, more than 1.5s (${iso(NOW - 1700)})`],
    ["8d2h old, max_age 7d", { max_age: 7 * DAY }, NOW - 8 * DAY - 2 * 3_600_000, `max_age FAIL: a.log: modified 8d 2h 0m 0s ago, more than 7d (${iso(NOW - 8 * DAY - 2 * 3_600_000)})`],
    ["5m10s old, min_age 1h", { min_age: 3_600_000 }, NOW - 310_000, `min_age FAIL: a.log: modified 5m 10s ago, less than 1h (${iso(NOW - 310_000)})`],
  ])("%s", async (_, expectIn, mtime, said) => {
    expect(await verdicts(expectIn as FilesExpect, [fact("a.log", mtime)])).toEqual([said]);
  });
});

test("a time up to the tolerance ahead fails min_age as age 0, said so", async () => {
  const f = fact("a.log", NOW + 1000);
  expect(await verdicts({ min_age: 3_600_000 } as FilesExpect, [f])).toEqual([`min_age FAIL: a.log: modified 1s in the future (counted as now), less than 1h (${new Date(NOW + 1000).toISOString()})`]);
});

describe("what a CSV format check expects", () => {
  test("a column a matcher allows to be missing ({exists: false}) is not asked of the header", () => {
    const rules = fieldRules({ debug: { exists: false }, run_id: { exists: true } });
    expect(formatExpected({ format: "csv", rules, columns: ["ts"] } as Parameters<typeof formatExpected>[0])).toBe(
      "CSV: a header row with ts, run_id, then rows with as many fields as the header; values with debug (does not exist), run_id (exists)",
    );
  });
});

// Durations and sizes as scenarios write them.
import { describe, expect, test } from "bun:test";
import { durationMs, formatDuration, parseDuration } from "./duration.ts";
import { formatSize, parseSize } from "./size.ts";

describe("parseDuration", () => {
  const table: [string, number | undefined][] = [
    ["500ms", 500], ["2s", 2000], ["1m30s", 90_000], ["1h", 3_600_000], ["7d", 604_800_000], ["1.5s", 1500],
    ["0", 0], ["1w", 604_800_000], ["250us", 0.25],
    ["", undefined], ["5", undefined], ["2 s", undefined], ["soon", undefined], ["1m30", undefined], ["-1s", undefined],
  ];
  for (const [text, ms] of table) test(JSON.stringify(text), () => expect(parseDuration(text)).toBe(ms));
  test("a bare number is seconds", () => expect(durationMs(30)).toBe(30_000));
  test("a negative number is invalid", () => expect(durationMs(-1)).toBeUndefined());
});

describe("formatDuration", () => {
  const table: [number, string][] = [[12, "12ms"], [2400, "2.40s"], [12_345, "12.3s"], [65_000, "1m05s"], [7_380_000, "2h03m"]];
  for (const [ms, text] of table) test(text, () => expect(formatDuration(ms)).toBe(text));
});

describe("parseSize", () => {
  const table: [string, number | undefined][] = [
    ["512B", 512], ["10KB", 10_000], ["1MiB", 1_048_576], ["1.5 GiB", 1.5 * 1024 ** 3], ["2mb", 2_000_000],
    // A unit of one letter is no size (oneLetterSize says why): 1000-based to some tools, 1024-based to others.
    ["10k", undefined], ["10K", undefined], ["100M", undefined], ["1G", undefined], ["1g", undefined],
    ["10", undefined], ["ten KB", undefined], ["5XB", undefined],
    // A unit Object.prototype answers to is none (it gave NaN, which the matchers took for a size).
    ["1constructor", undefined], ["1Constructor", undefined], ["2toString", undefined], ["3__proto__", undefined],
  ];
  for (const [text, bytes] of table) test(JSON.stringify(text), () => expect(parseSize(text)).toBe(bytes));
  test("formatSize", () => expect([formatSize(100), formatSize(1536), formatSize(20 * 1024 ** 2)]).toEqual(["100 B", "1.5 KiB", "20.0 MiB"]));
});

// Tests for the message helpers: ages, byte counts, truncation.
import { expect, test } from "bun:test";
import { formatAge, formatBytes } from "./text.ts";

test.each([
  [850, "850ms"],
  [42_000, "42s"],
  [60_000, "1m"],
  [310_000, "5m10s"],
  [3_600_000 * 3 + 300_000, "3h05m"],
  [86_400_000 * 8 + 3_600_000 * 2, "8d02h"],
  [86_400_000 * 7, "7d"],
  [-5_000, "5s in the future"],
])("formatAge(%d) = %s", (ms, text) => {
  expect(formatAge(ms)).toBe(text);
});

test.each([
  [512, "512 bytes"],
  [1536, "1536 bytes (1.5 KiB)"],
])("formatBytes(%d) = %s", (n, text) => {
  expect(formatBytes(n)).toBe(text);
});

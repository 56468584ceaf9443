// Tests for the message helpers: ages, byte counts, truncation.
import { expect, test } from "bun:test";
import { formatAge, formatAgeExact, formatBound, formatBytes } from "./text.ts";

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

test.each([
  [7 * 86_400_000, "7d"],
  [90 * 60_000, "1h30m"],
  [90_061_000, "1d1h1m1s"],
  [1500, "1.5s"],
  [250, "250ms"],
])("formatBound(%d) = %s: a bound exactly, as a scenario writes it", (ms, text) => {
  expect(formatBound(ms)).toBe(text);
});

test.each([
  [7 * 86_400_000 + 5000, 7 * 86_400_000, "7d 0h 0m 5s"],
  [86_400_000 - 30_000, 86_400_000, "23h 59m 30s"],
  [86_400_000 - 400, 86_400_000, "23h 59m 59s"],
  [7 * 86_400_000 + 400, 7 * 86_400_000, "7d 0h 0m 0.400s"],
  [7 * 86_400_000 + 0.25, 7 * 86_400_000, "7d 0h 0m 0.000250s"],
  [42_000, 60_000, "42s"],
])("formatAgeExact(%d, bound %d) = %s", (ms, bound, text) => {
  expect(formatAgeExact(ms, bound)).toBe(text);
});

// grouped() writes integers as toLocaleString("en-US") does.
import { expect, test } from "bun:test";
import { grouped } from "./grouped.ts";
import { seededRandom } from "../../test/helpers/random.ts";

test("integers are grouped in threes as toLocaleString('en-US') groups them", () => {
  const next = seededRandom(12);
  const values = [0, 1, 12, 123, 999, 1000, 1001, 9999, 10_000, 65_536, 100_000, 999_999, 1_000_000, 1_048_576, Number.MAX_SAFE_INTEGER, -1, -999, -1000, -65_536, Number.MIN_SAFE_INTEGER];
  for (let i = 0; i < 2000; i++) values.push(Math.floor(next() * 10 ** Math.floor(next() * 16)) * (next() < 0.2 ? -1 : 1));
  expect(values.map(grouped)).toEqual(values.map((v) => v.toLocaleString("en-US")));
});

test("other numbers are written as String() writes them", () => {
  for (const v of [1.5, -0.25, NaN, Infinity, -Infinity, 2 ** 60]) expect(grouped(v)).toBe(String(v));
});

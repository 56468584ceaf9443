// Tests of the shared report text: observed values as one line, and printable text, each as the slower code before it gave them.
import { expect, test } from "bun:test";
import { observedText, printable, printableFully, showValue } from "./format.ts";
import { randomTexts } from "../../test/fixtures/awkward-texts.ts";

const entriesText = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${showValue(v)}`).join(" ");

test("observedText: every key in Object.entries order, each value as showValue gives it", () => {
  const cases: Record<string, unknown>[] = [
    {},
    { status: 200 },
    { status: 500, latency_ms: 4, bytes: 41 },
    { 2: "b", 1: "a", z: undefined, big: 10n, nested: { a: [1, "x"] }, s: 'q"uote', "": null },
    Object.assign(Object.create({ inherited: 1 }), { own: true }),
  ];
  for (const o of cases) expect(observedText(o)).toBe(entriesText(o));
  expect(observedText({ 2: "b", 1: "a", s: "x" })).toBe('1="a" 2="b" s="x"');
});

test("printable gives what every pass over the text gives, for texts with and without characters to change", () => {
  const texts = randomTexts(5000);
  for (const text of texts) expect(printable(text)).toBe(printableFully(text));
  expect(texts.filter((t) => printableFully(t) !== t).length).toBeGreaterThan(100);
  expect(texts.filter((t) => printableFully(t) === t).length).toBeGreaterThan(100);
});

test("C1 control characters are shown as \\xNN like C0 ones: a terminal reads U+009B as the start of an escape sequence", () => {
  expect(printable("a\u009B31mred\u0085b\u00A0c")).toBe("a\\x9B31mred\\x85b\u00A0c");
  expect(printable("café ☕")).toBe("café ☕");
});

test("showValue of numbers and booleans: what JSON.stringify gives (finite numbers as written, NaN and ±Infinity as null)", () => {
  const numbers = [0, -0, 1, -1, 0.1 + 0.2, 1e21, 1e-7, -1e-7, 123456789012345680000, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, Number.EPSILON, NaN, Infinity, -Infinity, 5e-324, 2 ** 53 + 2];
  let seed = 11;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    numbers.push((seed - 2 ** 30) / (i % 5 === 0 ? 1 : 10 ** (i % 12)), seed * 2 ** (i % 60));
  }
  for (const n of numbers) expect(showValue(n)).toBe(JSON.stringify(n));
  for (const b of [true, false]) expect(showValue(b)).toBe(JSON.stringify(b));
  expect(showValue(10n)).toBe("10");
  expect(showValue(null)).toBe("null");
});

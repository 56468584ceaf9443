// Tests of the shared report text: observed values as one line, and printable text, each as the slower code before it gave them.
import { expect, test } from "bun:test";
import { actualText, observedText, printable, printableFully, tail } from "./format.ts";
import { showValue } from "../core/show-value.ts";
import { clipBlockTail } from "../util/clip.ts";
import { fullRecordText } from "./index.ts";
import { evaluate } from "../expect/matcher.ts";
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

test("the line and paragraph separators U+2028 and U+2029 are shown as \\u2028, \\u2029: an editor shows each as a line end, and what followed one in a run log's record read as a record of its own", () => {
  expect(printable("x\u2028\u20282026-12-07T02:00:00.000Z run end: passed\u2029y")).toBe("x\\u2028\\u20282026-12-07T02:00:00.000Z run end: passed\\u2029y");
});

test("showValue of numbers and booleans: what JSON.stringify gives for finite ones, NaN and ±Infinity by name (not null)", () => {
  const numbers = [0, -0, 1, -1, 0.1 + 0.2, 1e21, 1e-7, -1e-7, 123456789012345680000, Number.MAX_VALUE, Number.MIN_VALUE, Number.MAX_SAFE_INTEGER, Number.EPSILON, NaN, Infinity, -Infinity, 5e-324, 2 ** 53 + 2];
  let seed = 11;
  for (let i = 0; i < 3000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    numbers.push((seed - 2 ** 30) / (i % 5 === 0 ? 1 : 10 ** (i % 12)), seed * 2 ** (i % 60));
  }
  for (const n of numbers) expect(showValue(n)).toBe(Number.isFinite(n) ? JSON.stringify(n) : String(n));
  expect([NaN, Infinity, -Infinity].map(showValue)).toEqual(["NaN", "Infinity", "-Infinity"]);
  for (const b of [true, false]) expect(showValue(b)).toBe(JSON.stringify(b));
  expect(showValue(10n)).toBe("10");
  expect(showValue(null)).toBe("null");
});

test("a long text a not_contains or not_matches found something in is shown by that line, not by its start", () => {
  const page = `${Array.from({ length: 300 }, (_, i) => `loki_x_total{a="${i}"} 0`).join("\n")}\nloki_discarded_samples_total{reason="line_too_long"} 3\nlast 1`;
  for (const m of [{ not_contains: "reason=" }, { not_matches: "(^|\\n)loki_discarded_samples_total\\{[^}]*\\} [1-9]" }, { not: { contains: "line_too_long" } }]) {
    const [check] = evaluate(m, page, "body");
    expect(actualText(check!, 200)).toBe('"loki_discarded_samples_total{reason=\\"line_too_long\\"} 3" (line 301 of 302, where it was found)');
  }
  // A text short enough to show whole is shown whole; a contains that fails shows the start, as before.
  expect(actualText(evaluate({ not_contains: "b" }, "a\nb", "x")[0]!, 200)).toBe('"a\\nb"');
  // 36 of the page's 7,151 characters are shown; its JSON escapes are not counted (they said 8016 more).
  expect(actualText(evaluate({ contains: "zzz" }, page, "x")[0]!, 40)).toBe('"loki_x_total{a=\\"0\\"} 0\\nloki_x_total{a… (7115 more chars)');
  // A long line is cut around the find, with some of what comes before it.
  const line = `${"x".repeat(5000)}SECRET_MARK${"y".repeat(5000)}`;
  const shown = actualText(evaluate({ not_contains: "SECRET_MARK" }, line, "x")[0]!, 100);
  expect(shown).toBe(`…"${"x".repeat(25)}SECRET_MARK${"y".repeat(64)}"… (line 1 of 1, where it was found, from column 4976)`);
  // A note follows, as after any actual value.
  expect(actualText({ ...evaluate({ not_contains: "reason=" }, page, "body")[0]!, note: "why" }, 200)).toEndWith("where it was found) — why");
});

test("a find on a line the masked text no longer has (a masked secret held newlines) shows the text's start", () => {
  const check = { ...evaluate({ not_contains: "bad" }, `${"k\n".repeat(150)}bad`, "stdout")[0]!, actual: `${"***".repeat(150)}bad` };
  expect(check.found).toEqual({ line: 151, column: 1 });
  expect(actualText(check, 20)).toBe(`"${"*".repeat(19)}… (434 more chars)`);
});

test("tail of an output an earlier cut kept to its end counts the characters that cut left out too", () => {
  const lines = Array.from({ length: 1000 }, (_, i) => String(i + 1)).join("\n");
  expect(tail(lines, 5, 4000)).toBe("… (995 earlier lines left out; the run log has everything)\n996\n997\n998\n999\n1000");
  // `seq 1 300000` kept to its last 4 KiB, then to its last lines: said "388 earlier lines left out" where 299,801 were.
  const kept = clipBlockTail(lines, 100);
  const cutChars = lines.length - 100;
  expect(tail(kept, 5, 4000)).toBe(`… (${kept.split("\n").length - 1 - 5} earlier lines, and the ${cutChars} characters before them, left out; the run log has everything)\n996\n997\n998\n999\n1000`);
  // Short enough already: kept as it is, its own note first.
  expect(tail(kept, 1000, 4000)).toBe(kept);
});

test("a shortened Markdown report's full record is the run log; the JSON and HTML reports keep more, not all", () => {
  expect(fullRecordText(new Set(["md", "log"]), "/w/reports", "/w")).toBe("the run log under .context/terminal/");
  expect(fullRecordText(new Set(["md", "log", "json", "html"]), "/w/reports", "/w")).toBe("the run log under .context/terminal/ (reports/latest.json and reports/latest.html keep more than this report)");
});

test("a cut text value counts the characters of the value it left out, not the escapes and quotes showing it added", () => {
  const check = (actual: unknown, note?: string) => ({ path: "x", expected: "x", actual, ok: false, ...(note === undefined ? {} : { note }) });
  // No escapes: the closing quote is no character of the value.
  expect(actualText(check("abcdef"), 4)).toBe('"abc… (3 more chars)');
  // Each `"` shows as two characters: 13 of the 200 are shown (6 × x\" and an x), 187 left out.
  const quoted = 'x"'.repeat(100);
  expect(actualText(check(quoted), 20)).toBe(`"${'x\\"'.repeat(6)}x… (187 more chars)`);
  // A cut inside an escape leaves out the character it stands for.
  expect(actualText(check(quoted), 21)).toBe(`"${'x\\"'.repeat(6)}x\\… (187 more chars)`);
  // Control characters, shown as \n or \u0007, and a character outside the BMP (two UTF-16 units, shown as they are).
  expect(actualText(check(`\n\x07${"😀".repeat(5)}`), 11)).toBe('"\\n\\u0007😀… (8 more chars)');
  // Cut where only the closing quote is left out: nothing of the value is, so it is shown whole.
  expect(actualText(check("abc"), 4)).toBe('"abc"');
  // A note after the value: what is left out of it counts too, the " — " before it does not.
  expect(actualText(check("abc", "why not"), 8)).toBe('"abc" — … (7 more chars)');
  expect(actualText(check("abc", "why not"), 11)).toBe('"abc" — why… (4 more chars)');
  expect(actualText(check("abcdef", "why"), 4)).toBe('"abc… (6 more chars)');
  // A structure is shown as JSON: its characters are those of the JSON, as before.
  expect(actualText(check({ a: "bcdef" }), 6)).toBe('{"a":"… (7 more chars)');
});

test("a long text cut in every report counts the value's characters: its JSON escapes are not counted", () => {
  const value = `${'say "hi"\n'.repeat(300)}`;
  const shown = actualText({ path: "stdout", expected: 'contains "bye"', actual: value, ok: false }, 200);
  const kept = JSON.parse(`${shown.slice(0, shown.indexOf("…"))}"`) as string;
  expect(value.startsWith(kept)).toBe(true);
  expect(shown).toEndWith(`… (${value.length - kept.length} more chars)`);
});

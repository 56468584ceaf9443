// Literal parsing: Go string unquoting, Prometheus and Go durations, go-humanize byte sizes, Go floats.
import { describe, expect, test } from "bun:test";
import { goBytesError, goDurationError, goFloatError, parseBytes, parseGoDurationSeconds, parseGoFloat, parseGoInt, parsePromDuration, unquote, unquoteBytes } from "./lexical.ts";
import { embeddedSupportErrors } from "./index.ts";

describe("unquote", () => {
  test.each([
    ['"plain"', "plain"],
    ['"a\\tb\\n\\"c\\"\\\\"', 'a\tb\n"c"\\'],
    ['"\\u00e9\\U0001F600\\x41\\101"', "é😀AA"],
    ["`raw \\d+ \"x\"`", 'raw \\d+ "x"'],
    ['"bad \\q"', undefined],
    ['"unterminated', undefined],
    ["'single'", undefined],
  ])("%s", (input, want) => {
    expect(unquote(input)).toBe(want);
  });
  test("\\x and octal escapes are bytes read as UTF-8 with the rest, as Go reads them (Loki 3.4.6 matched ü, not Ã¼)", () => {
    expect(unquoteBytes('"\\xc3\\xbc"')).toEqual({ value: "ü", utf8: true });
    expect(unquoteBytes('"a\\303\\274b"')).toEqual({ value: "aüb", utf8: true });
    expect(unquoteBytes('"\\xc3"')?.utf8).toBe(false);
    expect(unquoteBytes('"\\xff\\u00fc"')?.utf8).toBe(false);
  });
  test("a string of bytes that are no UTF-8 text is refused at load: Loki matches the bytes, text cannot", () => {
    expect(embeddedSupportErrors('{a="b"} |= "\\xc3"')[0]).toContain("no UTF-8 text");
    expect(embeddedSupportErrors('{a="b"} |= "\\xc3\\xbc"')).toEqual([]);
  });
});

describe("durations", () => {
  // Ranges use Prometheus durations: integers with units y w d h m s ms, largest first.
  test.each([
    ["5m", 300_000],
    ["1h30m", 5_400_000],
    ["2d", 172_800_000],
    ["1y", 31_536_000_000],
    ["250ms", 250],
    ["0", 0],
    ["1.5h", undefined],
    ["5x", undefined],
    ["", undefined],
  ])("prometheus %j", (input, want) => {
    expect(parsePromDuration(input)).toBe(want);
  });

  // Label values compare with Go's time.ParseDuration: fractions and ns/us/µs/ms/s/m/h units.
  test.each([
    ["1.5s", 1.5],
    ["300ms", 0.3],
    ["2h45m", 9900],
    ["-1m", -60],
    ["10µs", 0.00001],
    ["0", 0],
    ["1d", undefined],
    ["12", undefined],
    [".s", undefined],
  ])("go %j", (input, want) => {
    const got = parseGoDurationSeconds(input);
    if (want === undefined) expect(got).toBeUndefined();
    else expect(got).toBeCloseTo(want, 12);
  });
});

describe("bytes (go-humanize ParseBytes)", () => {
  test.each([
    ["42", 42],
    ["20KB", 20_000],
    ["20kb", 20_000],
    ["1.5KiB", 1536],
    ["5 MiB", 5 * 1024 * 1024],
    ["3k", 3000],
    ["1G", 1e9],
    ["1,000B", 1000],
    ["12 parsecs", undefined],
    ["", undefined],
    // The unit as Go trims (strings.TrimSpace: U+0085 yes, U+FEFF no) and lowers it (strings.ToLower: İ is i).
    ["5KB\u0085", 5000],
    ["5KB\ufeff", undefined],
    ["5K\u0130B", 5120],
    ["constructor", undefined],
    ["1constructor", undefined],
  ])("%j", (input, want) => {
    expect(parseBytes(input)).toBe(want);
  });
  // Each measured against Loki 3.4.6 (a label filter's __error_details__).
  test.each([
    ["18446744073709551615B", "too large: 18446744073709551615B"],
    ["99999999999999999999EB", "too large: 99999999999999999999EB"],
    // Digits of any script end the number, counted in characters but cut at that many bytes.
    ["\u0661\u0662KB", 'strconv.ParseFloat: parsing "\u0661": invalid syntax'],
    ["1\u0661KB", 'strconv.ParseFloat: parsing "1\\xd9": invalid syntax'],
    ["1..2KB", 'strconv.ParseFloat: parsing "1..2": invalid syntax'],
    ["1_0KB", "unhandled size name: _0kb"],
    ["5KB\ufeff", "unhandled size name: kb\ufeff"],
    ["1constructor", "unhandled size name: constructor"],
  ])("error %j", (input, want) => {
    expect(parseBytes(input)).toBeUndefined();
    expect(goBytesError(input)).toBe(want);
  });
});

describe("duration errors (time.ParseDuration)", () => {
  // Each measured against Loki 3.4.6: the time package quotes bytes beyond ASCII as \xNN, not as strconv.Quote does.
  test.each([
    ["\u0661\u0662", 'time: invalid duration "\\xd9\\xa1\\xd9\\xa2"'],
    ["1\u00fc", 'time: unknown unit "\\xc3\\xbc" in duration "1\\xc3\\xbc"'],
    ['a"b\\', 'time: invalid duration "a\\"b\\\\"'],
    ["1s\t", 'time: unknown unit "s\\x09" in duration "1s\\x09"'],
    // A unit named like Object.prototype's members is no unit (the lookup threw: the query failed).
    ["1constructor", 'time: unknown unit "constructor" in duration "1constructor"'],
    // A number over 2^63 is refused before its unit is looked at.
    ["99999999999999999999x", 'time: invalid duration "99999999999999999999x"'],
    ["9223372036854775807x", 'time: unknown unit "x" in duration "9223372036854775807x"'],
  ])("%j", (input, want) => {
    expect(parseGoDurationSeconds(input)).toBeUndefined();
    expect(goDurationError(input)).toBe(want);
  });
});

describe("floats (strconv.ParseFloat)", () => {
  test.each([
    ["1.5", 1.5],
    ["-2e3", -2000],
    [".5", 0.5],
    ["+Inf", Infinity],
    ["nan", NaN],
    // Go's float literals, as Loki 3.4.6 converts label values: `_` between digits, hexadecimal with a p exponent.
    ["1_000", 1000],
    ["1_0.5", 10.5],
    ["1e1_0", 1e10],
    ["0x1p4", 16],
    ["0X1P-2", 0.25],
    ["0x_1.8p1", 3],
    ["08", 8],
    ["1__0", undefined],
    ["_1", undefined],
    ["1_", undefined],
    ["1_.5", undefined],
    ["+nan", undefined],
    ["-infinity", -Infinity],
    ["infin", undefined],
    ["1e400", undefined],
    ["1e-400", 0],
    [" 1", undefined],
    ["0x10", undefined],
    ["abc", undefined],
  ])("%j", (input, want) => {
    expect(parseGoFloat(input)).toEqual(want as number);
  });

  test("Go's error texts for what it refuses", () => {
    expect(goFloatError("0x10")).toBe('strconv.ParseFloat: parsing "0x10": invalid syntax');
    expect(goFloatError("1e400")).toBe('strconv.ParseFloat: parsing "1e400": value out of range');
    expect(goDurationError("1_000")).toBe('time: unknown unit "_" in duration "1_000"');
    expect(goDurationError("12")).toBe('time: missing unit in duration "12"');
    expect(goDurationError("abc")).toBe('time: invalid duration "abc"');
  });
});

describe("integers (strconv.ParseInt, base 0)", () => {
  test.each([
    ["7", 7n], ["-7", -7n], ["+7", 7n], ["0", 0n], ["-0", 0n], ["017", 15n], ["0o17", 15n], ["0O17", 15n], ["0b101", 5n],
    ["0X1F", 31n], ["0x_1F", 31n], ["1_000", 1000n], ["0_7", 7n], ["-1_0", -10n],
    ["9223372036854775807", 9223372036854775807n], ["-9223372036854775808", -9223372036854775808n],
    ["9223372036854775808", undefined], ["08", undefined], ["1__0", undefined], ["_1", undefined], ["1_", undefined],
    ["0x", undefined], ["", undefined], ["-", undefined], ["5.", undefined], ["1e3", undefined], [" 5", undefined], ["0x1p4", undefined],
  ])("%p", (input, want) => {
    expect(parseGoInt(input as string)).toBe(want as bigint | undefined);
  });
});

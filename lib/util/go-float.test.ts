// Followed: Go's strconv.ParseFloat(s, 64), which k6 calls on a threshold's number and on N of p(N) (k6's
// thresholds_parser.go); the cases are its documented syntax and those of Go's own atof_test.go.
import { expect, test } from "bun:test";
import { goFloatFailure, parseGoFloat } from "./go-float.ts";

test.each([
  ["300", 300],
  ["3e2", 300],
  ["1.5e3", 1500],
  ["2E-3", 0.002],
  [".5", 0.5],
  ["300.", 300],
  ["-1", -1],
  ["+3", 3],
  ["1_000", 1000],
  ["1_23.50_0_0e+1_2", 1.235e14],
  ["0x10p0", 16],
  ["0x1.8p1", 3],
  ["0x_1_2.3_4_5p+1_2", 74565],
  ["Infinity", Infinity],
  ["inf", Infinity],
  ["-Inf", -Infinity],
  ["+INFINITY", Infinity],
  ["NaN", Number.NaN],
  ["nan", Number.NaN],
  ["1e-400", 0],
] as const)("%s reads as %d", (text, value) => {
  expect(parseGoFloat(text)).toBe(value);
});

test.each([
  "0x10", // hexadecimal needs a p exponent
  "0x",
  "0xp1",
  "_1",
  "1__0",
  "1_",
  "1_.5",
  "1e_5",
  "+nan", // a sign goes with Inf only
  "infin",
  "",
  ".",
  "e5",
  "1e",
  " 1",
  "3 00",
  "300ms",
  "1,000",
])("%p is invalid syntax", (text) => {
  expect(parseGoFloat(text)).toBeUndefined();
  expect(goFloatFailure(text)).toBe("invalid syntax");
});

test("a number past a float64's range is refused, as ParseFloat's range error", () => {
  for (const text of ["1e400", "-0x1p2000"]) {
    expect(parseGoFloat(text)).toBeUndefined();
    expect(goFloatFailure(text)).toBe("value out of range");
  }
});

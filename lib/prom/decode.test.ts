// Table tests of decoding Prometheus-style query data: special values, result types, malformed answers.
import { describe, expect, test } from "bun:test";
import { decodeMetricData, parseSampleValue } from "./decode.ts";

describe("parseSampleValue", () => {
  const cases: [string, number][] = [["1", 1], ["0.25", 0.25], ["-3e2", -300], ["+Inf", Infinity], ["-Inf", -Infinity]];
  for (const [text, value] of cases) test(text, () => expect(parseSampleValue(text)).toBe(value));
  test("NaN", () => expect(parseSampleValue("NaN")).toBeNaN());
  test("garbage is an error", () => expect(() => parseSampleValue("abc")).toThrow('unexpected sample value "abc"'));
  // Read as the matcher reads a number in the data: Number() read "" as 0 (value: 0 passed), "0x10" as 16, " 5 " as 5.
  const leading: [string, number][] = [["007", 7], [".5", 0.5], ["1e+03", 1000], ["Inf", Infinity]];
  for (const [text, value] of leading) test(`${text} is decimal`, () => expect(parseSampleValue(text)).toBe(value));
  for (const text of ["", "0x10", " 5 ", "Infinity", "1_000", "0b11", null, true]) {
    test(`${JSON.stringify(text)} is an error naming it`, () =>
      expect(() => parseSampleValue(text)).toThrow(`unexpected sample value ${JSON.stringify(text)}: a sample value is a decimal number (as Prometheus writes one), NaN, +Inf or -Inf`));
  }
});

describe("decodeMetricData", () => {
  test("vector, matrix and scalar", () => {
    expect(decodeMetricData({ resultType: "vector", result: [{ metric: { a: "b" }, value: [1700000000.5, "2"] }] })).toEqual({
      type: "vector",
      samples: [{ labels: { a: "b" }, tsMs: 1700000000500, value: 2 }],
    });
    expect(decodeMetricData({ resultType: "matrix", result: [{ metric: {}, values: [[1, "1"], [2, "+Inf"]] }] })).toEqual({
      type: "matrix",
      series: [{ labels: {}, points: [{ tsMs: 1000, value: 1 }, { tsMs: 2000, value: Infinity }] }],
    });
    expect(decodeMetricData({ resultType: "scalar", result: [3, "7"] })).toEqual({ type: "scalar", tsMs: 3000, value: 7 });
    // An empty list of histogram points is none.
    expect(decodeMetricData({ resultType: "matrix", result: [{ metric: {}, values: [[1, "1"]], histograms: [] }] })).toEqual({ type: "matrix", series: [{ labels: {}, points: [{ tsMs: 1000, value: 1 }] }] });
  });

  const errors: [string, unknown, string][] = [
    ["string results", { resultType: "string", result: [1, "x"] }, "the query returned a string"],
    ["native histograms", { resultType: "vector", result: [{ metric: {}, histogram: [1, { count: "2" }] }] }, "native histogram samples are not supported"],
    // A series whose points change kind has both keys: its float points alone judged part of it.
    ["a series with float and histogram points", { resultType: "matrix", result: [{ metric: {}, values: [[1, "1"]], histograms: [[2, { count: "999" }]] }] }, "native histogram samples are not supported"],
    ["a sample with a value and a histogram", { resultType: "vector", result: [{ metric: {}, value: [1, "1"], histogram: [1, { count: "2" }] }] }, "native histogram samples are not supported"],
    ["unknown types", { resultType: "table", result: [] }, 'unexpected result type "table"'],
    ["no data", null, "unexpected result type undefined"],
    ["a malformed vector", { resultType: "vector", result: {} }, "unexpected vector"],
    ["a malformed sample", { resultType: "vector", result: [{ metric: {}, value: [1] }] }, 'unexpected sample [1]: a sample is [unix time, "value"]'],
    ["a series without its sample", { resultType: "vector", result: [{ metric: {} }] }, 'unexpected sample (none): a sample is [unix time, "value"]'],
    ["no list of series", { resultType: "vector", result: null }, "unexpected vector: null where a list was expected"],
  ];
  for (const [name, data, message] of errors) test(`rejects ${name}`, () => expect(() => decodeMetricData(data)).toThrow(message));
});

describe("labels named as Object.prototype's members", () => {
  test("__proto__, constructor and toString are decoded as labels; an absent one reads as absent", () => {
    // JSON.parse keeps "__proto__" as a key of its own, as Loki and Prometheus send it.
    const data = JSON.parse('{"resultType":"vector","result":[{"metric":{"__proto__":"p","constructor":"c"},"value":[1,"2"]}]}');
    const r = decodeMetricData(data);
    if (r.type !== "vector") throw new Error(r.type);
    const labels = r.samples[0]!.labels;
    expect(Object.entries(labels).sort()).toEqual([["__proto__", "p"], ["constructor", "c"]]);
    expect(labels.toString).toBeUndefined();
  });
});

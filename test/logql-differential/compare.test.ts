// The differential comparison's own rules: above all, that an answer Loki never gave does not pass.
import { describe, expect, test } from "bun:test";
import { type Answer, amongAnswers, difference } from "./compare.ts";

const matrix = (...series: [Record<string, string>, [number, number][]][]): Answer => ({
  result: { type: "matrix", series: series.map(([labels, points]) => ({ labels, points: points.map(([tsMs, value]) => ({ tsMs, value })) })) },
});
const vector = (...samples: [Record<string, string>, number][]): Answer => ({ result: { type: "vector", samples: samples.map(([labels, value]) => ({ labels, tsMs: 0, value })) } });

describe("amongAnswers: the engine's answer against Loki's answers that vary from run to run", () => {
  // Two series each ending at a step where Loki picks one of two values anew on every run (seed 228).
  const loki1 = matrix([{ c: "1" }, [[0, 51], [60, 165]]], [{ c: "2" }, [[0, 58]]]);
  const loki2 = matrix([{ c: "1" }, [[0, 51], [60, 64]]], [{ c: "2" }, [[0, 51]]]);

  test("an answer some run gave, or whose every value some run gave at that place, passes", () => {
    expect(amongAnswers(loki2, [loki1, loki2])).toBe(true);
    expect(amongAnswers(matrix([{ c: "1" }, [[0, 51], [60, 165]]], [{ c: "2" }, [[0, 51]]]), [loki1, loki2])).toBe(true);
    expect(amongAnswers(vector([{}, 8], [{}, 19]), [vector([{}, 19], [{}, 8])])).toBe(true);
  });

  test("a value no run gave, another point, series or label, or an error where Loki answered does not", () => {
    expect(difference(matrix([{ c: "1" }, [[0, 51], [60, 100]]], [{ c: "2" }, [[0, 58]]]), loki1)).toBeDefined();
    expect(amongAnswers(matrix([{ c: "1" }, [[0, 51], [60, 100]]], [{ c: "2" }, [[0, 58]]]), [loki1, loki2])).toBe(false);
    expect(amongAnswers(matrix([{ c: "1" }, [[0, 51], [60, 165], [120, 165]]], [{ c: "2" }, [[0, 58]]]), [loki1, loki2])).toBe(false);
    expect(amongAnswers(matrix([{ c: "1" }, [[0, 51], [60, 165]]]), [loki1, loki2])).toBe(false);
    expect(amongAnswers(matrix([{ c: "1", y: "" }, [[0, 51], [60, 165]]], [{ c: "2" }, [[0, 58]]]), [loki1, loki2])).toBe(false);
    expect(amongAnswers({ error: "parse error" }, [loki1, loki2])).toBe(false);
    expect(amongAnswers(vector([{}, 8], [{}, 8]), [vector([{}, 19], [{}, 8])])).toBe(false);
    expect(amongAnswers(loki1, [])).toBe(false);
  });

  test("other results: one of Loki's answers must agree exactly", () => {
    const scalar = (value: number): Answer => ({ result: { type: "scalar", tsMs: 0, value } });
    expect(amongAnswers(scalar(2), [scalar(1), scalar(2)])).toBe(true);
    expect(amongAnswers(scalar(3), [scalar(1), scalar(2)])).toBe(false);
  });
});

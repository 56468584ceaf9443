// Table tests of the query expectations: counts, contains, labels, value (all series or per item), empty.
import { describe, expect, test } from "bun:test";
import { z } from "zod";
import { checkResult, heldOnNothingNote, labelValues, resultObserved, resultSummary, resultText, unlabelledWarnings, type QueryExpect } from "./expect.ts";
import { containsSchema, logExpectFields, notContainsSchema, valueSchema } from "./expect-schema.ts";
import type { QueryResult } from "../../core/query-result.ts";
import { checkCounts } from "../../metrics/aggregate.ts";

const T = 1_700_000_000_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;

const streams: QueryResult = {
  type: "streams",
  streams: [
    { labels: { service: "api", level: "info" }, entries: [{ tsNs: ns(T + 2000), line: "GET /users 200" }, { tsNs: ns(T), line: "hello from api" }] },
    { labels: { service: "api", level: "error" }, entries: [{ tsNs: ns(T + 1000), line: "db timeout" }] },
    { labels: { service: "web", level: "info" }, entries: [] },
  ],
};
const vector: QueryResult = {
  type: "vector",
  samples: [
    { labels: { service: "api", env: "ci" }, tsMs: T, value: 200 },
    { labels: { service: "vllm", env: "ci" }, tsMs: T, value: 20 },
  ],
};
const matrix: QueryResult = {
  type: "matrix",
  series: [{ labels: { level: "error" }, points: [{ tsMs: T, value: 1 }, { tsMs: T + 15_000, value: 3 }, { tsMs: T + 30_000, value: 2 }] }],
};
const rooms: QueryResult = {
  type: "vector",
  samples: [
    { labels: { __name__: "demo_temp", room: "a" }, tsMs: T, value: 21.5 },
    { labels: { __name__: "up", job: "dead" }, tsMs: T, value: 0 },
  ],
};
const scalar: QueryResult = { type: "scalar", tsMs: T, value: 6 };
const none: QueryResult = { type: "vector", samples: [] };

const parse = (e: Record<string, unknown>): QueryExpect => ({
  ...e,
  contains: e.contains === undefined ? undefined : containsSchema.parse(e.contains),
  not_contains: e.not_contains === undefined ? undefined : notContainsSchema.parse(e.not_contains),
});

const cases: { name: string; result: QueryResult; expect: Record<string, unknown>; failing: string[] }[] = [
  { name: "line and stream counts", result: streams, expect: { lines: 3, streams: { gte: 2 }, series: 2, empty: false }, failing: [] },
  { name: "a wrong line count", result: streams, expect: { lines: { lt: 3 } }, failing: ["lines"] },
  { name: "contains a string and a regex", result: streams, expect: { contains: ["hello", { matches: "(?i)DB \\w+" }] }, failing: [] },
  { name: "contains with a count", result: streams, expect: { contains: { matches: "^GET ", count: { eq: 2 } } }, failing: ['contains /^GET / count'] },
  { name: "contains a missing string", result: streams, expect: { contains: "panic" }, failing: ["contains"] },
  { name: "not_contains", result: streams, expect: { not_contains: ["panic", "timeout"] }, failing: ["not_contains"] },
  { name: "labels: presence, exact set, operators", result: streams, expect: { labels: { service: "api", level: ["error", "info"], env: { length: 0 } } }, failing: [] },
  { name: "labels: an absent value", result: streams, expect: { labels: { service: "web" } }, failing: ["labels.service"] },
  { name: "lines on a metric result", result: vector, expect: { lines: 1, contains: "x" }, failing: ["lines", "contains"] },
  { name: "value on a log result", result: streams, expect: { value: 1 }, failing: ["value"] },
  { name: "value every series satisfies", result: vector, expect: { value: { gte: 20 }, series: 2 }, failing: [] },
  { name: "value one series misses", result: vector, expect: { value: { gt: 100 } }, failing: ['value{env="ci", service="vllm"}'] },
  { name: "value items", result: vector, expect: { value: [{ labels: { service: "api" }, value: { gte: 200 } }, { labels: { service: { matches: "^vl" } }, value: 20 }] }, failing: [] },
  { name: "a value item matching two series", result: vector, expect: { value: [{ labels: { env: "ci" }, value: 20 }] }, failing: ['value{env="ci"}'] },
  { name: "a value item matching none", result: vector, expect: { value: [{ labels: { service: "web" }, value: 1 }] }, failing: ['value{service="web"}'] },
  { name: "a value item failing its value", result: vector, expect: { value: [{ labels: { service: "vllm" }, value: 21 }] }, failing: ['value{service="vllm"}'] },
  // A series without a label reads it as "", as PromQL does (`{room=""}` selects it): `room: ""` picks it out.
  { name: "a value item picking the series without a label by its empty value", result: rooms, expect: { value: [{ labels: { room: "" }, value: 0 }, { labels: { room: "a" }, value: 21.5 }] }, failing: [] },
  { name: "a value item whose ne and not_matches hold for the series without the label", result: rooms, expect: { value: [{ labels: { room: { ne: "a" } }, value: 0 }, { labels: { room: { not_matches: "^a$" } }, value: 0 }] }, failing: [] },
  // Two series: the one with room="a" and the one without room, whose "" is among the values.
  { name: "a value item whose values take both the present value and the missing label's", result: rooms, expect: { value: [{ labels: { room: { in: ["a", ""] } }, value: 21.5 }] }, failing: ['value{room one of ["a",""]}'] },
  { name: "every point of a range", result: matrix, expect: { value: { between: [1, 3] } }, failing: [] },
  { name: "one point of a range fails", result: matrix, expect: { value: { lte: 2 } }, failing: [`value{level="error"} at ${new Date(T + 15_000).toISOString()}`] },
  // Two operators on a point: the one that fails decides, though the other holds (3 is >= 1 but not < 3).
  { name: "one point of a range fails one of two bounds", result: matrix, expect: { value: { gte: 1, lt: 3 } }, failing: [`value{level="error"} at ${new Date(T + 15_000).toISOString()}`] },
  { name: "a scalar", result: scalar, expect: { value: 6, series: 1, empty: false }, failing: [] },
  { name: "empty", result: none, expect: { empty: true, series: 0 }, failing: [] },
  { name: "value on an empty result", result: none, expect: { value: { gte: 0 } }, failing: ["value"] },
  { name: "a log result with no lines is empty", result: { type: "streams", streams: [{ labels: {}, entries: [] }] }, expect: { empty: true, lines: 0, streams: 0 }, failing: [] },
];

describe("checkResult", () => {
  for (const c of cases) {
    test(c.name, () => {
      const checks = checkResult(c.result, parse(c.expect));
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.filter((ch) => !ch.ok).map((ch) => ch.path)).toEqual(c.failing);
      // Every expectation made a check (lines, value{…}, labels.x, contains /…/ count): no failure alone also holds for
      // an expectation left unchecked.
      const made = new Set(checks.map((ch) => ch.path.split(/[{ .]/)[0]));
      expect(Object.keys(c.expect).filter((key) => !made.has(key))).toEqual([]);
    });
  }

  test("nothing expected: an empty answer fails, one with series or lines passes (the step checked something)", () => {
    const noLines: QueryResult = { type: "streams", streams: [{ labels: { service: "api" }, entries: [] }] };
    for (const nothing of [{}, parse({ labels: {} })]) {
      expect(checkResult(none, nothing)).toEqual([{ path: "empty", expected: "false (nothing expected explicitly: the query must return series)", actual: true, ok: false }]);
      expect(checkResult(noLines, nothing)).toEqual([{ path: "empty", expected: "false (nothing expected explicitly: the query must return lines)", actual: true, ok: false }]);
      expect(checkResult(vector, nothing).map((c) => c.ok)).toEqual([true]);
      expect(checkResult(streams, nothing).map((c) => c.ok)).toEqual([true]);
    }
    // Any expectation of its own replaces the implied one, empty: true included.
    expect(checkResult(none, { empty: true })).toEqual([{ path: "empty", expected: "== true", actual: true, ok: true }]);
  });

  test("an answer cut at its line limit: not_contains and counts more lines could change fail, the rest stand", () => {
    const outcome = (e: Record<string, unknown>, limit?: number) => checkResult(streams, parse(e), limit).map((c) => c.ok);
    // Three lines returned, and the query's limit was 3: there may be more.
    expect(outcome({ not_contains: "zzz" })).toEqual([true]);
    expect(outcome({ not_contains: "zzz" }, 3)).toEqual([false]);
    expect(checkResult(streams, parse({ not_contains: "zzz" }), 3)[0]!.actual).toBe("none of 3 lines, but the query stopped at its limit of 3 lines: lines past it were not seen (raise limit)");
    expect(outcome({ lines: 3 }, 3)).toEqual([false]);
    expect(outcome({ lines: { lte: 10 } }, 3)).toEqual([false]);
    expect(outcome({ lines: { gte: 1 } }, 3)).toEqual([true]);
    expect(outcome({ streams: { gte: 2 } }, 3)).toEqual([true]);
    expect(outcome({ contains: "db timeout" }, 3)).toEqual([true]);
    expect(outcome({ contains: { matches: "timeout", count: 1 } }, 3)).toEqual([false]);
    expect(outcome({ contains: { matches: "timeout", count: { gte: 1 } } }, 3)).toEqual([true]);
    // A count matcher that holds for 3 but not for every count past it: the true count may be one it refuses.
    expect(outcome({ lines: { ne: 19 } }, 3)).toEqual([false]);
    expect(outcome({ lines: { not: { between: [10, 30] } } }, 3)).toEqual([false]);
    expect(outcome({ lines: { not: { in: [19] } } }, 3)).toEqual([false]);
    expect(outcome({ streams: { ne: 5 } }, 3)).toEqual([false]);
    expect(outcome({ contains: { matches: "timeout", count: { ne: 7 } } }, 3)).toEqual([false]);
    // …and ones that hold from 3 on, whatever their form.
    expect(outcome({ lines: { ne: 2 } }, 3)).toEqual([true]);
    expect(outcome({ lines: { not: { lt: 3 } } }, 3)).toEqual([true]);
    expect(outcome({ lines: { gt: 2.5, ne: 1 } }, 3)).toEqual([true, true]);
    expect(outcome({ lines: { not: { between: [0, 2] } } }, 3)).toEqual([true]);
    expect(outcome({ lines: { gte: 1, not: { eq: 1000 } } }, 3)).toEqual([false, false]);
    // Labels: a value present stays present; an exact set or an every may change with more lines.
    expect(outcome({ labels: { service: "api", level: { contains: "error" } } }, 3)).toEqual([true, true]);
    expect(outcome({ labels: { service: ["api"] } }, 3)).toEqual([false]);
    expect(outcome({ labels: { level: { every: { in: ["info", "error"] } } } }, 3)).toEqual([false]);
    expect(outcome({ labels: { service: ["api"] } })).toEqual([true]);
    // A check that failed on the returned lines stays failed, with its own actual.
    expect(checkResult(streams, parse({ not_contains: "timeout" }), 3)[0]!.actual).toBe('1 of 3 lines, e.g. "db timeout"');
    // A contains that failed on them says the line may be past the limit ("none of 3 lines" read as none in the window).
    expect(checkResult(streams, parse({ contains: "n=0" }), 3)[0]!.actual).toBe("none of 3 lines, but the query stopped at its limit of 3 lines: matching lines may be past it (raise limit)");
    expect(checkResult(streams, parse({ contains: { matches: "timeout", count: { gte: 2 } } }), 3)[0]!.actual).toBe("1, but the query stopped at its limit of 3 lines: matching lines may be past it (raise limit)");
    expect(checkResult(streams, parse({ contains: "n=0" }))[0]!.actual).toBe("none of 3 lines");
  });

  test("labels: a list's items compare as a single value does (le: 1.0 is the number 1, .inf is +Inf), and the report shows them as written", () => {
    const buckets: QueryResult = { type: "vector", samples: ["0.5", "1.0", "+Inf"].map((le) => ({ labels: { le }, tsMs: T, value: 1 })) };
    const check = (m: unknown) => checkResult(buckets, { labels: { le: m } })[0]!;
    // String() made 1.0 "1" and .inf "Infinity": the exact list of what was there failed.
    expect(check([0.5, 1.0, "+Inf"])).toEqual({ path: "labels.le", expected: 'values are exactly [0.5, 1, "+Inf"]', actual: ["+Inf", "0.5", "1.0"], ok: true });
    expect(check([0.5, 1, Infinity]).ok).toBe(true);
    expect(check(1.0).ok).toBe(true);
    // Still exact: a value not listed, an item not there, and two texts compare as text.
    expect(check([0.5, 1]).ok).toBe(false);
    expect(check([0.5, 1, "+Inf", 2]).ok).toBe(false);
    expect(check(["0.5", "1", "+Inf"]).ok).toBe(false);
    expect(check([0.5, "1.0", "+Inf", "+Inf"]).ok).toBe(true);
  });

  // `labels: {svcx: {not_contains: api}}` (a typo of svc) passed with `actual []` and no word: true, and kept, but the
  // check now says that no series carries the label, so the typo shows.
  test("labels: a label none of the series or streams carries is named so beside the verdict", () => {
    const [nc] = checkResult(vector, { labels: { svcx: { not_contains: "api" } } });
    expect(nc).toEqual({ path: "labels.svcx", expected: 'does not contain "api"', actual: [], ok: true, note: "none of the 2 series carries the label svcx (a typo in its name reads so too)" });
    const [c] = checkResult(vector, { labels: { svcx: "api" } });
    expect([c?.ok, c?.note]).toEqual([false, "none of the 2 series carries the label svcx (a typo in its name reads so too)"]);
    // A log query's streams with lines: the stream without lines is no answer's.
    const [s] = checkResult(streams, { labels: { svcx: { length: 0 } } });
    expect([s?.ok, s?.note]).toEqual([true, "none of the 2 streams carries the label svcx (a typo in its name reads so too)"]);
    // One series carrying it, or an answer of no series (the held-on-nothing note says that): no such note.
    expect(checkResult(rooms, { labels: { room: { not_contains: "b" } } })[0]?.note).toBeUndefined();
    expect(checkResult({ type: "vector", samples: [] }, { labels: { svcx: { not_contains: "api" } } })[0]?.note).toBeUndefined();
    const one: QueryResult = { type: "vector", samples: [{ labels: {}, tsMs: T, value: 1 }] };
    expect(checkResult(one, { labels: { svcx: { not_contains: "api" } } })[0]?.note).toBe("the one series does not carry the label svcx (a typo in its name reads so too)");
  });

  // The note beside the verdict showed in the run log alone: a passing check is not listed on the console or in the
  // Markdown report, so the typo passed unseen there. Each such label is a warning too.
  test("labels: a label none of the series carries, whose every check passed, is a warning too; a failed one is not", () => {
    const warned = (r: QueryResult, e: QueryExpect) => unlabelledWarnings(r, e, checkResult(r, e));
    expect(warned(vector, { labels: { svcx: { not_contains: "api" }, service: "api" } })).toEqual(["labels.svcx passed, but none of the 2 series carries the label svcx: a typo in its name?"]);
    expect(warned(streams, { labels: { svcx: { length: 0, not_contains: "x" } } })).toEqual(["labels.svcx passed, but none of the 2 streams carries the label svcx: a typo in its name?"]);
    const one: QueryResult = { type: "vector", samples: [{ labels: {}, tsMs: T, value: 1 }] };
    expect(warned(one, { labels: { svcx: { not_contains: "api" } } })).toEqual(["labels.svcx passed, but the one series does not carry the label svcx: a typo in its name?"]);
    // Failed (the console shows the note beside it), carried, or no series at all (held on nothing says so): no warning.
    expect(warned(vector, { labels: { svcx: "api" } })).toEqual([]);
    expect(warned(vector, { labels: { service: { not_contains: "web" } } })).toEqual([]);
    expect(warned({ type: "vector", samples: [] }, { labels: { svcx: { not_contains: "api" } } })).toEqual([]);
    expect(warned(vector, { series: 2 })).toEqual([]);
  });

  test("failed checks say what was there", () => {
    const [check] = checkResult(vector, { value: [{ labels: { env: "ci" }, value: 20 }] });
    expect(check?.actual).toBe('2 series: {env="ci", service="api"}, {env="ci", service="vllm"}; name more labels to pick one');
    const [nc] = checkResult(streams, parse({ not_contains: "timeout" }));
    expect(nc?.actual).toBe('1 of 3 lines, e.g. "db timeout"');
    const [range] = checkResult(matrix, { value: { gte: 1 } });
    expect(range).toEqual({ path: 'value{level="error"}', expected: "every point >= 1", actual: "3 points from 1 to 3", ok: true });
  });

  test("a range: a step without a point fails, the first and the last too (one empty step at either end passed)", () => {
    const grid = { startMs: T - 15_000, endMs: T + 45_000, stepMs: 15_000 };
    const gap = (at: number) => `no point at 1 of 5 steps (first at ${new Date(at).toISOString()}): no sample there`;
    // The matrix has points at T, T+15s and T+30s: the steps at T-15s and T+45s have none.
    expect(checkResult(matrix, { value: { gte: 1 } }, undefined, { ...grid, endMs: T + 30_000 })[0]?.actual).toBe(`no point at 1 of 4 steps (first at ${new Date(T - 15_000).toISOString()}): no sample there`);
    expect(checkResult(matrix, { value: { gte: 1 } }, undefined, { ...grid, startMs: T })[0]?.actual).toBe(`no point at 1 of 4 steps (first at ${new Date(T + 45_000).toISOString()}): no sample there`);
    expect(checkResult(matrix, { value: { gte: 1 } }, undefined, grid)[0]).toMatchObject({ ok: false, actual: gap(T - 15_000).replace("1 of 5", "2 of 5") });
    // Every step with a point: the check passes.
    expect(checkResult(matrix, { value: { gte: 1 } }, undefined, { startMs: T, endMs: T + 30_000, stepMs: 15_000 })[0]?.ok).toBe(true);
  });

  test("values are shown with every digit, and observed NaN and ±Inf are text the JSON report keeps", () => {
    const near: QueryResult = { type: "vector", samples: [{ labels: {}, tsMs: T, value: 0.99999999999 }] };
    expect(checkResult(near, { value: 1 })[0]).toMatchObject({ ok: false, actual: 0.99999999999 });
    expect(resultText(near)).toBe("{} 0.99999999999");
    expect(resultSummary({ type: "scalar", tsMs: T, value: 0.1 + 0.2 })).toBe("scalar 0.30000000000000004");
    expect(resultObserved({ type: "vector", samples: [{ labels: {}, tsMs: T, value: Number.NaN }] })).toEqual({ series: 1, value: "NaN" });
    expect(resultObserved({ type: "scalar", tsMs: T, value: -Infinity })).toEqual({ value: "-Inf" });
    expect(JSON.stringify(resultObserved({ type: "vector", samples: [{ labels: { a: "1" }, tsMs: T, value: Infinity }, { labels: { a: "2" }, tsMs: T, value: 2 }] }))).toBe('{"series":2,"values":{"{a=\\"1\\"}":"+Inf","{a=\\"2\\"}":2}}');
  });

  test("NaN and ±Inf samples are shown as Prometheus writes them, not as JSON's null", () => {
    const odd: QueryResult = {
      type: "vector",
      samples: [
        { labels: { v: "nan" }, tsMs: T, value: Number.NaN },
        { labels: { v: "inf" }, tsMs: T, value: Number.POSITIVE_INFINITY },
        { labels: { v: "-inf" }, tsMs: T, value: Number.NEGATIVE_INFINITY },
      ],
    };
    const checks = checkResult(odd, { value: 1 });
    expect(checks.map((c) => [c.path, c.actual, c.ok])).toEqual([
      ['value{v="nan"}', "NaN", false],
      ['value{v="inf"}', "+Inf", false],
      ['value{v="-inf"}', "-Inf", false],
    ]);
    const [inf] = checkResult({ type: "scalar", tsMs: T, value: Number.POSITIVE_INFINITY }, { value: { gt: 100 } });
    expect(inf).toEqual({ path: "value{}", expected: "> 100", actual: "+Inf", ok: true });
    const [point] = checkResult({ type: "matrix", series: [{ labels: {}, points: [{ tsMs: T, value: 1 }, { tsMs: T + 1000, value: Number.NEGATIVE_INFINITY }] }] }, { value: { gte: 0 } });
    expect(point?.actual).toBe("-Inf");
    // And each can be expected, as written in the answer (NaN, +Inf, -Inf) or as YAML's .nan / .inf.
    const items = (nan: unknown, inf: unknown) => parse({ value: [{ labels: { v: "nan" }, value: nan }, { labels: { v: "inf" }, value: inf }, { labels: { v: "-inf" }, value: "-Inf" }] });
    for (const [nan, inf] of [["NaN", "+Inf"], [Number.NaN, Number.POSITIVE_INFINITY]]) {
      expect(checkResult(odd, items(nan, inf)).map((c) => c.ok)).toEqual([true, true, true]);
    }
    expect(checkResult(odd, items(0, "-Inf")).map((c) => c.ok)).toEqual([false, false, true]);
  });

  test("many series: failing ones listed, the rest summed up", () => {
    const many: QueryResult = { type: "vector", samples: Array.from({ length: 30 }, (_, i) => ({ labels: { i: String(i) }, tsMs: T, value: i })) };
    const checks = checkResult(many, { value: { lt: 28 } });
    expect(checks.map((c) => [c.path, c.ok])).toEqual([
      ['value{i="28"}', false],
      ['value{i="29"}', false],
      ["value", false],
    ]);
    expect(checks[2]?.actual).toBe("2 of 30 series fail");
  });

  test("summed up or not, the series count in the checks metric as each would alone: one failing series in 21 is 20 of 21, as one in 20 is 19 of 20", () => {
    const series = (n: number): QueryResult => ({ type: "vector", samples: Array.from({ length: n }, (_, i) => ({ labels: { i: String(i) }, tsMs: T, value: i })) });
    // Values 0..n-1, the last one failing `lt: n-1`; single points, so each series makes one check per operator.
    for (const n of [20, 21, 30]) expect(checkCounts({ checks: checkResult(series(n), { value: { lt: n - 1 } }) })).toEqual({ passed: n - 1, failed: 1 });
    // Two operators: a passing series makes two checks, a failing one its failed check (0 fails gte, 28 and 29 lt).
    expect(checkCounts({ checks: checkResult(series(30), { value: { gte: 1, lt: 28 } }) })).toEqual({ passed: 2 * 27, failed: 3 });
    // More failing series than are listed: the ones left out still count as failed.
    expect(checkCounts({ checks: checkResult(series(30), { value: { lt: 3 } }) })).toEqual({ passed: 3, failed: 27 });
  });
});

describe("checks that pass on an empty answer held on nothing: the report says so, the verdicts stand", () => {
  const noLines: QueryResult = { type: "streams", streams: [] };
  const note = (result: QueryResult, e: Record<string, unknown>) => {
    const expectation = parse(e);
    const checks = checkResult(result, expectation);
    return { ok: checks.every((c) => c.ok), note: heldOnNothingNote(result, expectation, checks) };
  };
  const logCases: [Record<string, unknown>, string][] = [
    [{ labels: { service: { not_contains: "x" } } }, "labels.service"],
    [{ labels: { service: [] } }, "labels.service"],
    [{ lines: { lt: 5 } }, "lines"],
    [{ series: { lte: 3 } }, "series"],
    [{ contains: [{ matches: "x", count: 0 }] }, "contains /x/ count"],
    [{ not_contains: "panic" }, "not_contains"],
    [{ not_contains: "panic", lines: { lt: 5 }, labels: { a: { length: 0 } } }, "lines, labels.a.length, not_contains"],
  ];
  for (const [e, paths] of logCases) {
    test(`log: ${JSON.stringify(e)}`, () => {
      expect(note(noLines, e)).toEqual({ ok: true, note: `note:   no line in the window: ${paths} held on nothing (add lines: {gte: 1} if lines are expected here)` });
    });
  }
  test("metric: labels not_contains on a typo'd metric", () => {
    expect(note(none, { labels: { job: { not_contains: "dead" } } })).toEqual({ ok: true, note: "note:   no series in the answer: labels.job held on nothing (add series: {gte: 1} if series are expected here)" });
  });
  test("no note when the answer has something, when nothing passed, or when the expectation says it is empty", () => {
    expect(note(streams, { not_contains: "panic" }).note).toBeUndefined();
    expect(note(none, { value: { lt: 5 } })).toEqual({ ok: false, note: undefined });
    for (const e of [{ empty: true, not_contains: "x" }, { lines: 0, not_contains: "x" }, { series: { lt: 1 }, labels: { a: [] } }]) expect(note(noLines, e).note).toBeUndefined();
  });
});

test("counts compare with numbers: a word is refused at load, not a check that never passes", () => {
  const issues = (e: unknown) => z.object(logExpectFields).strict().safeParse(e).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  expect(issues({ lines: "ten" })).toEqual(['lines: "ten" is not a number']);
  expect(issues({ series: { ne: "x" } })).toEqual(['series.ne: "x" is not a number']);
  expect(issues({ contains: { matches: "e", count: { between: [3, 1] } } })).toEqual(["contains.count.between: between [3,1] holds for no value: write the lower bound first"]);
  expect(issues({ lines: { gte: 1 }, streams: 2, series: "3" })).toEqual([]);
});

test("a pattern that matches every line (^, .*, what ^${ID} becomes with ID empty) is refused, except beside a count", () => {
  const issues = (e: unknown) => z.object(logExpectFields).strict().safeParse(e).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  expect(issues({ contains: { matches: "^" } })).toEqual(["contains.matches: /^/ matches every line (it needs no character at its start or end): give the pattern to look for"]);
  expect(issues({ contains: [{ matches: "GET" }, { matches: "(?i).*" }] })).toEqual(["contains.1.matches: /(?i).*/ matches every line (it needs no character at its start or end): give the pattern to look for"]);
  expect(issues({ not_contains: { matches: "x*" } })).toEqual(["not_contains.matches: /x*/ matches every line (it needs no character at its start or end): give the pattern to look for"]);
  // With a count, ^ counts the lines; an empty pattern stays refused.
  expect(issues({ contains: { matches: "^", count: 3 } })).toEqual([]);
  expect(issues({ contains: { matches: "", count: 3 } })).toEqual(["contains.matches: an empty pattern (or a flag group alone, such as (?i)) matches every line: give the pattern to look for"]);
  expect(issues({ contains: { matches: "^$" }, not_contains: { matches: "^ERROR" } })).toEqual([]);
});

test("labels: exists and type decide nothing on the list of a label's values and are refused at load", () => {
  const issues = (e: unknown) => z.object(logExpectFields).strict().safeParse(e).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  expect(issues({ labels: { trace_id: { exists: true } } })).toEqual([
    "labels.trace_id.exists: exists would ask it of the list of trace_id's values, which is always there and always a list (empty when nothing has trace_id), and decide nothing: write length: {gte: 1} (some series or stream has trace_id), length: 0 (none has it), or every: {…} (each value)",
  ]);
  expect(issues({ labels: { service: { type: "array" } } })[0]).toStartWith("labels.service.type: type would ask it of the list of service's values");
  // Inside every or some they ask it of each value, which decides something.
  expect(issues({ labels: { service: { every: { type: "string" }, length: { gte: 1 } } } })).toEqual([]);
});

test("a value item's exists and type are refused at load: a label a series lacks reads as \"\", as PromQL reads it", () => {
  const issues = (e: unknown) => valueSchema.safeParse(e).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  expect(issues([{ labels: { room: { exists: false } }, value: 0 }])).toEqual([
    '0.labels.room.exists: exists decides nothing here: a label a series lacks reads as "", as PromQL and LogQL read it (room="" selects it), so every series has room, as text; write room: "" for the series without room, or room: {ne: ""} for those with it',
  ]);
  expect(issues([{ labels: { room: { not: { type: "string" } } }, value: 0 }])[0]).toStartWith("0.labels.room.not.type: type decides nothing here: ");
  expect(issues([{ labels: { room: "", job: { ne: "" } }, value: 0 }])).toEqual([]);
});

// `job: {not: {some: {eq: dead}}}` (no job is dead) was refused as comparing the list with {"some":…}, and the way the
// refusal pointed to, `every: {not_matches: …}`, fails on an empty list.
test("labels: not around an operator of the list of values is accepted; not of one value, or of a list of them, is still refused", () => {
  const issues = (e: unknown) => z.object(logExpectFields).strict().safeParse(e).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  for (const m of [{ not: { some: { eq: "dead" } } }, { not: { contains: "dead" } }, { not: { length: 0 } }, { not: { not: { every: { matches: "^a" } } } }, { not: { not: { some: "dead" } } }, { not: { some: "dead", length: { gt: 3 } } }, { not: { eq: ["a", "b"] } }]) {
    expect([m, issues({ labels: { job: m } })]).toEqual([m, []]);
  }
  expect(issues({ labels: { job: { not: "api" } } })).toEqual([
    'labels.job.not: not would compare the list of job\'s values with "api", and decide nothing: write contains: V (V is among them), not_contains: V (it is not), some: {matches: …} or every: {…} (each value), not: {some: …} (no value is), length: N, or a list of the exact values',
  ]);
  expect(issues({ labels: { job: { not: ["a", "b"] } } })[0]).toStartWith('labels.job.not: not would compare the list of job\'s values with ["a","b"], and decide nothing');
  // Under not, the operator that compares the list with one value is the one named.
  expect(issues({ labels: { job: { not: { ne: "api" } } } })[0]).toStartWith('labels.job.not.ne: ne would compare the list of job\'s values with "api", and decide nothing');
  expect(issues({ labels: { job: { not: { exists: true } } } })[0]).toStartWith("labels.job.not.exists: exists would ask it of the list of job's values");
  // every fails on an empty list, so not around it held where no series carries the label.
  expect(issues({ labels: { job: { not: { every: { eq: "api" } } } } })).toEqual([
    "labels.job.not.every: not: {every: …} would hold where nothing has job (every fails on an empty list, so not around it passes): write some: {not: …} (some value is not …), which needs such a value",
  ]);
  expect(issues({ labels: { job: { not: { not: { not: { every: "api" } } } } } })[0]).toStartWith("labels.job.not.not.not.every: not: {every: …} would hold where nothing has job");
});

test("labels: not: {some: …} holds where no value does, an empty list (no series carries the label) included", () => {
  const jobs = (...values: string[]): QueryResult => ({ type: "vector", samples: values.map((job, i) => ({ labels: { job, i: String(i) }, tsMs: T, value: 1 })) });
  const ok = (r: QueryResult, m: unknown) => checkResult(r, { labels: { job: m } as QueryExpect["labels"] }).every((c) => c.ok);
  const noDead = { not: { some: { eq: "dead" } } };
  expect([ok(jobs("api", "web"), noDead), ok(jobs("api", "dead"), noDead), ok(jobs(), noDead), ok({ type: "vector", samples: [{ labels: {}, tsMs: T, value: 1 }] }, noDead)]).toEqual([true, false, true, true]);
  // "Not every job is api", as the refusal of not: {every: …} says it: some job is not, which no job of an empty list is.
  const notAllApi = { some: { not: { eq: "api" } } };
  expect([ok(jobs("api", "web"), notAllApi), ok(jobs("api"), notAllApi), ok({ type: "vector", samples: [{ labels: {}, tsMs: T, value: 1 }] }, notAllApi)]).toEqual([true, false, false]);
  expect([ok(jobs("api"), { not: { length: 0 } }), ok({ type: "vector", samples: [{ labels: {}, tsMs: T, value: 1 }] }, { not: { length: 0 } })]).toEqual([true, false]);
});

test("labels: a list under eq or ne is the exact values in any order, as a list written alone is", () => {
  const buckets: QueryResult = { type: "vector", samples: ["0.5", "1.0", "+Inf"].map((le) => ({ labels: { le }, tsMs: T, value: 1 })) };
  const ok = (m: unknown) => checkResult(buckets, { labels: { le: m } as QueryExpect["labels"] }).every((c) => c.ok);
  // The values are sorted: `ne: [1, 0.5, "+Inf"]` passed on exactly those, `eq:` of them in that order failed.
  expect([ok({ eq: [1, 0.5, "+Inf"] }), ok({ eq: ["+Inf", "0.5", "1.0"] }), ok({ eq: [1, 0.5] }), ok({ eq: [1, 0.5, "+Inf", 2] })]).toEqual([true, true, false, false]);
  expect([ok({ ne: [1, 0.5, "+Inf"] }), ok({ ne: [1, 0.5] }), ok({ not: { eq: ["+Inf", 1, 0.5] } })]).toEqual([false, true, false]);
});

test("labels: a misspelt operator is one error, the unknown operator, not a second saying it compares the list", () => {
  const issues = (e: unknown) => z.object(logExpectFields).strict().safeParse(e).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
  expect(issues({ labels: { job: { conatins: "x" } } })).toEqual([
    'labels.job.conatins: unknown matcher operator "conatins" (did you mean "contains"?); to compare with a literal mapping write {eq: {...}}',
  ]);
});

describe("checkResult where a topk picked among series of one value (tiedPicks)", () => {
  // top is above the tie; of the twelve series of value 1, six were kept: 924 ways to pick, more than are tried.
  const m = (i: number) => `m${String(i).padStart(2, "0")}`;
  const many: QueryResult = {
    type: "vector",
    samples: [{ labels: { m: "top", zone: "a" }, tsMs: T, value: 9 }, ...[0, 1, 2, 3, 4, 5].map((i) => ({ labels: { m: m(i), zone: "a" }, tsMs: T, value: 1 }))],
    tiedPicks: [
      {
        op: "topk",
        k: 7,
        tsMs: T,
        group: {},
        value: 1,
        kept: [0, 1, 2, 3, 4, 5].map((i) => ({ m: m(i), zone: "a" })),
        left: [6, 7, 8, 9, 10, 11].map((i) => ({ m: m(i), zone: "a" })),
        direct: true,
      },
    ],
  };
  const verdicts = (checks: { path: string; ok: boolean }[]) => checks.map((c) => `${c.path} ${c.ok ? "ok" : "failed"}`);

  test("too many picks to try: a check the pick may change is not known, saying so; one it cannot change keeps its verdict", () => {
    const checks = checkResult(many, parse({ series: 7, value: [{ labels: { m: "top" }, value: 9 }, { labels: { m: "m00" }, value: 1 }], labels: { zone: ["a"], m: { contains: "top" } } }));
    expect(verdicts(checks)).toEqual(["series ok", "labels.zone ok", "labels.m failed", 'value{m="top"} ok', 'value{m="m00"} failed']);
    expect(checks[2]!.actual).toContain("but not known: its verdict may depend on which tied series topk(7) keeps (Loki picks in Go map order; too many ways to pick to try each; raise k");
  });

  test("few picks: each is tried, and a check that holds on every one of them keeps its verdict", () => {
    const few: QueryResult = { ...many, samples: many.type === "vector" ? many.samples.slice(0, 2) : [], tiedPicks: [{ ...many.tiedPicks![0]!, k: 2, kept: [{ m: "m00", zone: "a" }], left: [{ m: "m06", zone: "a" }, { m: "m07", zone: "a" }] }] };
    const checks = checkResult(few, parse({ labels: { m: { contains: "top" } }, value: [{ labels: { m: { matches: "^m0" } }, value: 1 }] }));
    expect(verdicts(checks)).toEqual(["labels.m ok", 'value{m matches /^m0/} ok']);
    const open = checkResult(few, parse({ labels: { m: ["m00", "top"] } }));
    expect(verdicts(open)).toEqual(["labels.m failed"]);
    expect(open[0]!.actual).toContain("but not known: its verdict depends on which tied series topk(2) keeps");
  });

  test("every expectation a step accepts is judged: where no pick changes a verdict, the checks are the answer's without the tie", () => {
    // One of each key the logql step's schema takes (a key added there needs one here); the log ones are n/a on a
    // vector. Judged expectation by expectation, a key left out of that split would lose its checks here.
    const every: Record<string, unknown> = {
      empty: false,
      lines: 0,
      streams: { gte: 1 },
      series: 2,
      labels: { zone: ["a"], m: { contains: "top" } },
      contains: "x",
      not_contains: ["y", { matches: "z" }],
      value: [{ labels: { m: "top" }, value: 9 }, { labels: { m: { ne: "top" } }, value: 1 }],
    };
    expect(Object.keys(every).sort()).toEqual(Object.keys(logExpectFields).sort());
    const e = z.object(logExpectFields).strict().parse(every) as QueryExpect;
    const tied: QueryResult = { ...many, samples: many.type === "vector" ? many.samples.slice(0, 2) : [], tiedPicks: [{ ...many.tiedPicks![0]!, k: 2, kept: [{ m: "m00", zone: "a" }], left: [{ m: "m06", zone: "a" }] }] };
    const checks = checkResult(tied, e);
    expect(checks).toEqual(checkResult({ ...tied, tiedPicks: undefined }, e));
    expect(verdicts(checks)).toEqual([
      "empty ok",
      "lines failed",
      "streams failed",
      "series ok",
      "labels.zone ok",
      "labels.m ok",
      "contains failed",
      "not_contains failed",
      "not_contains failed",
      'value{m="top"} ok',
      'value{m != "top"} ok',
    ]);
  });
});

describe("value schema", () => {
  const bad: [unknown, string][] = [
    [[], "non-empty list"],
    [[{ labels: { a: "b" }, value: 1, extra: 2 }], 'unknown key "extra"'],
    [[{ value: 1 }], "labels is required"],
    [[{ labels: { a: { bogus: 1 } }, value: 1 }], 'unknown matcher operator "bogus"'],
    [{ gte: "x" }, "gte takes a number"],
    // Read as text, a value's digits: contains: 1 passed on 10, 0.1 and 21.
    [{ contains: 1 }, "contains would read the value as text, its digits"],
    [[{ labels: { a: "b" }, value: { matches: "^1" } }], "matches would read the value as text, its digits"],
  ];
  for (const [value, message] of bad) {
    test(`rejects ${JSON.stringify(value)}`, () => expect(valueSchema.safeParse(value).error?.issues.map((i) => i.message).join("\n")).toContain(message));
  }
});

describe("report text", () => {
  test("lines newest first with labels", () => {
    expect(resultText(streams).split("\n")).toEqual([
      `${new Date(T + 2000).toISOString()} {level="info", service="api"} GET /users 200`,
      `${new Date(T + 1000).toISOString()} {level="error", service="api"} db timeout`,
      `${new Date(T).toISOString()} {level="info", service="api"} hello from api`,
    ]);
    expect(resultObserved(streams)).toEqual({ lines: 3, streams: 2 });
  });

  test("series with their values", () => {
    expect(resultText(vector)).toBe('{env="ci", service="api"} 200\n{env="ci", service="vllm"} 20');
    expect(resultText(matrix)).toBe('{level="error"} 1 @22:13:20, 3 @22:13:35, 2 @22:13:50');
    expect(resultObserved(matrix)).toEqual({ series: 1, value: 2 });
    expect(resultObserved(scalar)).toEqual({ value: 6 });
    expect(labelValues(vector, "service")).toEqual(["api", "vllm"]);
  });

  test("a label named as a member of Object.prototype has only the values the series give it", () => {
    // A plain object's toString was read as the label's value on every series without one.
    expect(labelValues(vector, "toString")).toEqual([]);
    expect(labelValues(vector, "constructor")).toEqual([]);
    const own: QueryResult = { type: "vector", samples: [{ labels: { constructor: "c" }, tsMs: 0, value: 1 }, { labels: {}, tsMs: 0, value: 2 }] };
    // The series without it reads as "" (PromQL's and LogQL's missing label), not as Object.prototype's constructor.
    expect(labelValues(own, "constructor")).toEqual(["", "c"]);
    expect(checkResult(own, parse({ labels: { toString: "x" } })).map((c) => c.ok)).toEqual([false]);
  });

  test("a series without a label another series has reads as the empty value: every and an exact list judge it", () => {
    const mixed: QueryResult = { type: "vector", samples: [{ labels: { path: "/a" }, tsMs: 0, value: 5 }, { labels: {}, tsMs: 0, value: 100 }] };
    expect(labelValues(mixed, "path")).toEqual(["", "/a"]);
    expect(checkResult(mixed, parse({ labels: { path: { every: { matches: "^/" } } } })).map((c) => c.ok)).toEqual([false]);
    expect(checkResult(mixed, parse({ labels: { path: ["/a"] } })).map((c) => [c.ok, c.note])).toEqual([[false, '"" is the value of the series or streams without path, which others have']]);
    expect(checkResult(mixed, parse({ labels: { path: ["", "/a"], trace: { length: 0 } } })).map((c) => c.ok)).toEqual([true, true]);
    expect(checkResult(mixed, parse({ labels: { path: "/a" } })).map((c) => c.ok)).toEqual([true]);
    // Where no series has it, the list is empty: `length: 0` says the label appears nowhere.
    expect(labelValues(mixed, "trace")).toEqual([]);
  });
});

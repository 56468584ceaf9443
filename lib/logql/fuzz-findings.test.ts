// Differences from Loki 3.4.6 the differential fuzzer (test/logql-differential/fuzz.ts) found; each expected answer
// is what a real Loki 3.4.6 returned for the same lines and query.
import { describe, expect, test } from "bun:test";
import { LogqlError, type MemoryStream, evaluateStreams } from "./index.ts";
import { simplifiedRegex } from "./regex-simplify.ts";

const T = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number, line: string) => ({ ms, line, sub: 0 });
const web: MemoryStream = {
  labels: { fz: "re", app: "web" },
  entries: [
    at(T - 50_000, 'method=GET path=/api/users msg="ok db"'),
    at(T - 40_000, "method=POST path=/x/api/y msg=done"),
    at(T - 30_000, "method=PUT path=/health"),
    at(T - 20_000, "path=/v2/api/orders/7 msg=alone"),
  ],
};
const avg: MemoryStream = { labels: { fz: "avg" }, entries: [at(T - 50_000, '{"v":2}'), at(T - 40_000, '{"v":4}'), at(T - 30_000, "not json")] };

const lines = (q: string) => {
  const r = evaluateStreams(q, { startMs: T - 60_000, endMs: T + 1000, limit: 100, direction: "forward", ingestLabels: true }, [web]);
  if (r.type !== "streams") throw new Error(r.type);
  return r.streams.flatMap((s) => s.entries).sort((a, b) => (a.tsNs < b.tsNs ? -1 : 1)).map((e) => e.line);
};
const vector = (q: string) => {
  const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: true }, [web, avg]);
  if (r.type !== "vector") throw new Error(r.type);
  return r.samples.map((s) => [s.labels, s.value]);
};
const failure = (q: string) => {
  try {
    vector(q);
  } catch (e) {
    if (e instanceof LogqlError) return e.message.split("\n")[0];
    throw e;
  }
  return "no error";
};
const [GET, POST, PUT, ALONE] = web.entries.map((e) => e.line);

describe("Loki's regex simplifier (filter.go): a regex of literals, .*, groups and | runs as contains/equal tests", () => {
  test.each([
    // An alternative matching everything is dropped from the `or`.
    ['{fz="re"} |~ "GET|"', [GET]],
    ['{fz="re"} !~ "GET|"', [POST, PUT, ALONE]],
    // In a label filter a literal beside .* is a contains test, not anchored.
    ['{fz="re"} | logfmt | path=~"api.*"', [GET, POST, ALONE]],
    ['{fz="re"} | logfmt | path=~"[/]api.*"', [GET, POST, ALONE]], // a one-character class is a literal to Go
    // =~"" keeps every line, !~"" none, whatever the value.
    ['{fz="re"} | logfmt | method=~""', [GET, POST, PUT, ALONE]],
    ['{fz="re"} | logfmt | method!~""', []],
    // Go factors "/api/" out of the alternatives: the rest are contains tests.
    ['{fz="re"} | logfmt | path=~"/api/users|/api/orders.*"', [GET, ALONE]],
    ['{fz="re"} | logfmt | path!~"/api/users|/api/orders.*"', [POST, PUT]],
  ])("%s", (q, expected) => {
    expect(lines(q)).toEqual(expected as string[]);
  });

  test("what it leaves to the regex: classes, anchors, quantifiers, single characters Go merges into a class", () => {
    for (const p of ["^GET", "GET$", "[GP]ET", "GE+T", "\\d", "a|b|", "(?s).*x", "GE.T"]) expect(simplifiedRegex(p, true)).toBeUndefined();
    expect(simplifiedRegex("", true)).toBe("true");
    const literal = simplifiedRegex("(?i)get", true);
    if (typeof literal !== "function") throw new Error("expected a test");
    expect([literal("GET"), literal("get"), literal("xget")]).toEqual([true, true, false]);
  });

  test("a (?i) literal outside ASCII matches as Loki 3.4.6's contains filter does (each answer measured against it)", () => {
    const contains = (p: string) => {
      const t = simplifiedRegex(p, false);
      if (typeof t !== "function") throw new Error(`${p}: expected a test`);
      return (lines: string[]) => lines.filter((l) => t(l));
    };
    const all = ["σ", "Σ", "ς", "xΣ", "aΣ", "ασ", "ΑΣ", "σας", "σασ", "ΣΑΣ", "é", "É", "xÉ", "\u212a", "x\u212a", "k", "K", "\u00b5", "\u03bc", "ı", "I", "i", "İ", "ß", "ẞ"];
    // Go keeps the smallest character of each case-fold orbit (σ, ς → Σ; μ → µ), Loki lowers it (Σ → σ) and starts a
    // match only where the line's character begins with the same UTF-8 byte: Σ and ς never start one, K (Kelvin) neither.
    expect(contains("(?i)σ")(all)).toEqual(["σ", "ασ", "σας", "σασ"]);
    expect(contains("(?i)ς")(all)).toEqual(["σ", "ασ", "σας", "σασ"]);
    expect(contains("(?i)aσ")(all)).toEqual(["aΣ"]);
    expect(contains("(?i)ΑΣ")(all)).toEqual(["ασ", "ΑΣ", "σασ", "ΣΑΣ"]);
    expect(contains("(?i)σας")(all)).toEqual(["σασ"]);
    expect(contains("(?i)é")(all)).toEqual(["é", "É", "xÉ"]);
    expect(contains("(?i)k")(all)).toEqual(["k", "K"]);
    expect(contains("(?i)xk")(["x\u212a", "xk", "\u212a"])).toEqual(["x\u212a", "xk"]);
    expect(contains("(?i)\u03bc")(all)).toEqual(["\u00b5"]);
    expect(contains("(?i)ı")(all)).toEqual(["ı"]);
    expect(contains("(?i)İ")(all)).toEqual(["I", "i"]);
    expect(contains("(?i)ẞ")(all)).toEqual(["ß"]);
    // A label filter: the same test on a value as long in bytes as the literal.
    const equal = simplifiedRegex("(?i)σα", true);
    if (typeof equal !== "function") throw new Error("expected a test");
    expect(["σα", "ΣΑ", "σαx", "Σα"].filter((v) => equal(v))).toEqual(["σα"]);
  });
});

describe("metric queries", () => {
  test("sum without (…) drops a label a label_format emptied (an empty value is no label)", () => {
    expect(vector('sum without (filename) (count_over_time({fz="re"} | label_format e="{{.nothing}}" [10m]))')).toEqual([
      [{ app: "web", detected_level: "unknown", fz: "re", service_name: "web" }, 4],
    ]);
  });

  test("avg_over_time inside a sum Loki hands down whole is not rewritten as sum/count (it averages the unwrapped lines)", () => {
    expect(vector('sum(avg_over_time({fz="avg"} | json | unwrap v | __error__="" [10m]) by (fz))')).toEqual([[{}, 3]]);
    // At the top it is rewritten, and the count without the unwrap fails on the line json cannot read.
    expect(failure('avg_over_time({fz="avg"} | json | unwrap v | __error__="" [10m]) by (fz)')).toStartWith("pipeline error: 'JSONParserErr' for series:");
  });

  test("detected_level is structured metadata set before the parsers: by (detected_level) needs no json", () => {
    expect(vector('sum by (detected_level) (count_over_time({fz="avg"} | json [10m]))')).toEqual([[{ detected_level: "unknown" }, 3]]);
  });

  test("a size of 0 bytes is a parse error (Loki reads it back as a Go binary literal without digits)", () => {
    for (const v of ["0B", "0KB", "0.0KB"]) expect(failure(`sum(count_over_time({fz="avg"} | json | v > ${v} [10m]))`)).toContain("literal has no digits");
    expect(failure('sum(count_over_time({fz="avg"} | json | v > 1B | __error__="" [10m]))')).toBe("no error");
  });
});

describe("empty labels on unwrapped ranges", () => {
  test("without a grouping Loki keeps a label a label_format emptied (as \"\"); with without (…) it drops it", () => {
    expect(vector('sum_over_time({fz="avg"} | json | label_format e="{{.nothing}}" | unwrap v | __error__="" [10m])')).toEqual([
      [{ detected_level: "unknown", e: "", fz: "avg", service_name: "unknown_service" }, 6],
    ]);
    expect(vector('max_over_time({fz="avg"} | json | label_format e="{{.nothing}}" | unwrap v | __error__="" [10m]) without (fz)')).toEqual([
      [{ detected_level: "unknown", service_name: "unknown_service" }, 4],
    ]);
  });
});

describe("expression parsers and early label filters", () => {
  // Loki 3.4.6 checks a one-label filter as a parser of every key sets that label (ShouldContinueParsingLine), but its
  // expression parsers (`json a="b"`, `logfmt a`) never ask: the filter runs at its own stage only.
  const dur: MemoryStream = { labels: { fz: "dur" }, entries: [at(T - 50_000, '{"d":"2s"}'), at(T - 40_000, '{"x":1}'), at(T - 30_000, "d=3s"), at(T - 20_000, "x=1")] };
  const errs = (q: string) => {
    const r = evaluateStreams(q, { startMs: T - 60_000, endMs: T + 1000, limit: 100, direction: "forward", ingestLabels: true }, [dur]);
    if (r.type !== "streams") throw new Error(r.type);
    const rows = r.streams.flatMap((s) => s.entries.map((e) => ({ t: e.tsNs, row: [e.line, s.labels.__error__ ?? ""] })));
    return rows.sort((a, b) => (a.t < b.t ? -1 : 1)).map((x) => x.row);
  };

  test("| json d=… | __error__=\"\" | d > 1s keeps a line without d, with LabelFilterErr from the later filter", () => {
    expect(errs('{fz="dur"} |= "{" | json d="d" | __error__="" | d > 1s')).toEqual([
      ['{"d":"2s"}', ""],
      ['{"x":1}', "LabelFilterErr"],
    ]);
    expect(errs('{fz="dur"} != "{" | logfmt d | __error__="" | d > 1s')).toEqual([
      ["d=3s", ""],
      ["x=1", "LabelFilterErr"],
    ]);
  });

  test("a metric query over it fails on that error, as in Loki", () => {
    const r = () => evaluateStreams('count_over_time({fz="dur"} |= "{" | json d="d" | __error__="" | d > 1s [10m])', { startMs: T, endMs: T, ingestLabels: true }, [dur]);
    expect(r).toThrow("pipeline error: 'LabelFilterErr'");
  });
});

describe("without () is no grouping to drop labels by", () => {
  test("sum without () (count_over_time(… | json …)) runs json: its labels split the series (by () would not)", () => {
    const doc: MemoryStream = { labels: { fz: "wo" }, entries: [at(T - 50_000, '{"y":"a"}'), at(T - 40_000, '{"y":"b"}'), at(T - 30_000, '{"y":"a"}')] };
    const r = evaluateStreams('sum without () (count_over_time({fz="wo"} | json | keep y [10m]))', { startMs: T, endMs: T, ingestLabels: true }, [doc]);
    if (r.type !== "vector") throw new Error(r.type);
    expect(r.samples.map((s) => [s.labels, s.value])).toEqual([
      [{ y: "a" }, 2],
      [{ y: "b" }, 1],
    ]);
  });

  test("avg_over_time over a pipeline with drop (Loki's sum without () (sum_over_time) / sum without (v) (count_over_time) rewrite) is answered", () => {
    const nums: MemoryStream = { labels: { fz: "avgd" }, entries: [at(T - 50_000, '{"v":2,"x":1}'), at(T - 40_000, '{"v":4,"x":2}')] };
    // The sum side extracted only v, the count side every label: x kept them apart and the answer was empty.
    const r = evaluateStreams('avg_over_time({fz="avgd"} | json | drop y | unwrap v [10m])', { startMs: T, endMs: T, ingestLabels: true }, [nums]);
    if (r.type !== "vector") throw new Error(r.type);
    const labels = { detected_level: "unknown", fz: "avgd", service_name: "unknown_service" };
    expect(r.samples.map((s) => [s.labels, s.value])).toEqual([
      [{ ...labels, x: "1" }, 2],
      [{ ...labels, x: "2" }, 4],
    ]);
  });
});

describe("a range aggregation whose pipeline reduces labels (keep, drop, a rename)", () => {
  // Loki's shard mapper answers it as `sum without () (…)` over its shards (min/max for min/max_over_time), which drops
  // every label with an empty value but keeps a series that had one apart from one that never had it (measured).
  const ys: MemoryStream = { labels: { fz: "ys" }, entries: [at(T - 50_000, '{"y":""}'), at(T - 40_000, '{"y":"a"}'), at(T - 30_000, '{"z":1}'), at(T - 20_000, '{"y":""}')] };
  const run = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: false }, [ys]);
    if (r.type !== "vector") throw new Error(r.type);
    // Samples labelled alike come in no set order (Loki's neither): by value among themselves.
    const key = (s: (typeof r.samples)[number]) => JSON.stringify(s.labels);
    return [...r.samples].sort((a, b) => key(a).localeCompare(key(b)) || a.value - b.value).map((s) => [s.labels, s.value]);
  };

  test("count_over_time(… | json | keep y) answers {} for y=\"\" (two samples labelled {})", () => {
    expect(run('count_over_time({fz="ys"} | json | keep y [10m])')).toEqual([
      [{ y: "a" }, 1],
      [{}, 1],
      [{}, 2],
    ]);
    // Without a stage that reduces labels it is not merged, and y="" stays.
    expect(run('count_over_time({fz="ys"} |= "y" | json [10m])')).toEqual([
      [{ fz: "ys", y: "" }, 2],
      [{ fz: "ys", y: "a" }, 1],
    ]);
  });

  test("group_left over two samples labelled alike is Loki's error", () => {
    expect(() => run('count_over_time({fz="ys"} | json | keep y [10m]) / on() group_left vector(2)')).toThrow("multiple matches for labels: grouping labels must ensure unique matches");
  });
});

describe("a range aggregation's own without (…) keeps empty labels", () => {
  // Loki's labels builder (withoutResult) keeps y=""; only the min/max without (…) its shard mapper merges
  // min/max_over_time with drops it, and then keeps {y=""} and {} apart (measured against Loki 3.4.6).
  const vs: MemoryStream = { labels: { fz: "vs" }, entries: [at(T - 50_000, '{"y":"","v":1}'), at(T - 40_000, '{"v":5}'), at(T - 30_000, '{"y":"","v":3}')] };
  const run = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: false }, [vs]);
    if (r.type !== "vector") throw new Error(r.type);
    return [...r.samples].sort((a, b) => a.value - b.value).map((s) => [s.labels, s.value]);
  };

  test("stddev_over_time … without (fz) answers {y=\"\"} and {} apart; max_over_time two samples labelled {}", () => {
    expect(run('stddev_over_time({fz="vs"} | json | unwrap v [10m]) without (fz)')).toEqual([
      [{}, 0],
      [{ y: "" }, 1],
    ]);
    expect(run('max_over_time({fz="vs"} | json | unwrap v [10m]) without (fz)')).toEqual([
      [{}, 3],
      [{}, 5],
    ]);
  });
});

describe("a vector aggregation's without (…) and empty labels (measured against Loki 3.4.6, seed 59)", () => {
  // Loki groups by every label but those named, y="" included, and builds each group's labels without the empty ones;
  // only where its shard mapper hands the aggregation down and aggregates the shards' answers again do they merge.
  const vs: MemoryStream = { labels: { fz: "vw" }, entries: [at(T - 50_000, '{"y":"","v":1}'), at(T - 40_000, '{"v":5}'), at(T - 30_000, '{"y":"","v":3}')] };
  const run = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: false }, [vs]);
    if (r.type !== "vector") throw new Error(r.type);
    return [...r.samples].sort((a, b) => a.value - b.value).map((s) => [s.labels, s.value]);
  };

  test("evaluated in place (over a range aggregation that reduces labels, or one Loki cannot shard) {y=\"\"} and {} stay apart", () => {
    const byY = 'quantile_over_time(0.5, {fz="vw"} | json | unwrap v [10m]) by (y, fz)';
    expect(run(`avg without (fz) (${byY})`)).toEqual([
      [{}, 2],
      [{}, 5],
    ]);
    expect(run(`max without (fz) (${byY})`)).toEqual([
      [{}, 2],
      [{}, 5],
    ]);
  });

  test("handed down to the shards (sum, avg, count, min, max over what Loki shards) they merge", () => {
    expect(run('sum without (fz, v) (count_over_time({fz="vw"} | json [10m]))')).toEqual([[{}, 3]]);
    expect(run('max without (fz, v) (count_over_time({fz="vw"} | json [10m]))')).toEqual([[{}, 1]]);
    expect(run('count without (fz, v) (count_over_time({fz="vw"} | json [10m]))')).toEqual([[{}, 3]]);
  });
});

describe("a range query over a querier's answer with two points at one step (measured against Loki 3.4.6, seeds 137, 147)", () => {
  // Loki's querier joins samples labelled alike into one series with two points at a step; where its frontend reads
  // that answer back step by step (a binary operator's side, the shards of a sum/max … without (…)), the series stops.
  const vs: MemoryStream = { labels: { fz: "vw" }, entries: [at(T - 50_000, '{"y":"","v":1}'), at(T - 40_000, '{"v":5}'), at(T - 30_000, '{"y":"","v":3}')] };
  const points = (q: string) => {
    const r = evaluateStreams(q, { startMs: T - 50_000, endMs: T, stepMs: 10_000, ingestLabels: false }, [vs]);
    if (r.type !== "matrix") throw new Error(r.type);
    return r.series.map((s) => [s.labels, s.points.map((p) => [(p.tsMs - T) / 1000, p.value])]);
  };
  const countWithout = 'count(quantile_over_time(0.5, {fz="vw"} | json | unwrap v [1m]) by (y, fz)) without (fz)';

  test("a side of a binary operator Loki cannot shard: the series has no point after its first step with two", () => {
    expect(points(`${countWithout} * 2`)).toEqual([[{}, [[-50, 2], [-40, 2]]]]);
    // The whole query handed down as it is: the querier's answer is the result, two points a step.
    expect(points(countWithout)).toEqual([[{}, [[-50, 1], [-40, 1], [-40, 1], [-30, 1], [-30, 1], [-20, 1], [-20, 1], [-10, 1], [-10, 1], [0, 1], [0, 1]]]]);
  });

  test("a count/min/max over what reduces labels, or over first/last/quantile_over_time, is such a side too (seed 184)", () => {
    const times = (q: string) => points(q).map(([l, ps]) => [l, (ps as number[][]).map(([t]) => t)]);
    expect(times('min without (fz) (first_over_time({fz="vw"} | json | keep y, v | unwrap v [1m])) * 2')).toEqual([[{}, [-50, -40]]]);
    expect(times('label_replace(max without (fz) (last_over_time({fz="vw"} | json | unwrap v [1m]) by (y, fz)), "a", "$1", "y", "(.*)") + 1')).toEqual([[{}, [-50, -40]]]);
  });

  test("an aggregation handed down to the shards and aggregated again: the same, where an instant query merges", () => {
    expect(points('max without (fz, v) (count_over_time({fz="vw"} | json [1m])) / 2')).toEqual([[{}, [[-50, 0.5], [-40, 0.5]]]]);
    const instant = evaluateStreams('max without (fz, v) (count_over_time({fz="vw"} | json [1m])) / 2', { startMs: T - 20_000, endMs: T - 20_000, ingestLabels: false }, [vs]);
    expect(instant.type === "vector" && instant.samples.map((s) => [s.labels, s.value])).toEqual([[{}, 0.5]]);
  });

  test("a sort or sort_desc around such an aggregation ends the series at the same step (seed 228)", () => {
    // Loki 3.4.6 over these two lines (8 and 19 bytes): the range query's series ends at the first step with both,
    // at 8 or 19 from one run to the next (its querier's map order; the frontend sorts only after reading it back).
    const bytes: MemoryStream = { labels: { fz: "st" }, entries: [at(T - 50_000, '{"y":""}'), at(T - 40_000, '{"z":"longer line"}')] };
    const sumWithout = 'sum without (z) (bytes_over_time({fz="st"} | json [1m]))';
    for (const q of [sumWithout, `sort(${sumWithout})`, `sort_desc(${sumWithout})`]) {
      const r = evaluateStreams(q, { startMs: T - 60_000, endMs: T, stepMs: 10_000, ingestLabels: false }, [bytes]);
      if (r.type !== "matrix") throw new Error(r.type);
      expect(r.series.map((s) => [s.labels, s.points.map((p) => (p.tsMs - T) / 1000)])).toEqual([[{ fz: "st" }, [-50, -40]]]);
      expect(r.series[0]!.points[0]!.value).toBe(8);
      expect([8, 19]).toContain(r.series[0]!.points[1]!.value);
      // The instant query: the frontend's sum without (…) over the querier's two samples merges them.
      const instant = evaluateStreams(q, { startMs: T - 30_000, endMs: T - 30_000, ingestLabels: false }, [bytes]);
      expect(instant.type === "vector" && instant.samples.map((s) => [s.labels, s.value])).toEqual([[{ fz: "st" }, 27]]);
    }
  });
});

describe("error details after drop __error__ (measured against Loki 3.4.6, seed 173)", () => {
  const broken: MemoryStream = { labels: { fz: "ed" }, entries: [at(T - 50_000, "{not json x=1")] };
  const labelsOf = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: false }, [broken]);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => Object.keys(s.labels).sort());
  };
  test("a range aggregation without unwrap shows them; an unwrapped one, by (…) or not, does not", () => {
    expect(labelsOf('count_over_time({fz="ed"} | json | drop __error__ [10m])')).toEqual([["__error_details__", "fz"]]);
    expect(labelsOf('max_over_time({fz="ed"} | json | drop __error__ | label_format k="1" | unwrap k [10m])')).toEqual([["fz"]]);
    expect(labelsOf('max_over_time({fz="ed"} | json | drop __error__ | label_format k="1" | unwrap k [10m]) without ()')).toEqual([["fz"]]);
    expect(labelsOf('max_over_time({fz="ed"} | json | drop __error__ | label_format k="1" | unwrap k [10m]) by (__error_details__)')).toEqual([[]]);
  });

  test("nor does a sum by/without (…) that groups the samples as they are read (seed 183)", () => {
    expect(labelsOf('sum without (x) (count_over_time({fz="ed"} | json | drop __error__ [10m]))')).toEqual([["fz"]]);
    expect(labelsOf('sum by (__error_details__) (count_over_time({fz="ed"} | json | drop __error__ [10m]))')).toEqual([[]]);
    // Aggregated after reading (max), they stay.
    expect(labelsOf('max without (x) (count_over_time({fz="ed"} | json | drop __error__ [10m]))')).toEqual([["__error_details__", "fz"]]);
  });
});

describe("label_format a=a (measured against Loki 3.4.6, seeds 125, 133)", () => {
  test("removes a: Loki sets the new label, then deletes the old one, which is the same", () => {
    expect(vector('sum by (method, fz) (count_over_time({fz="re"} | logfmt | label_format method=method, fz=fz [10m]))')).toEqual([[{}, 4]]);
    const byMethod = vector('sum by (method, m) (count_over_time({fz="re"} | logfmt | label_format m="{{.method}}", method=method [10m]))');
    expect(byMethod.map(([l]) => l).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual([{ m: "" }, { m: "GET" }, { m: "POST" }, { m: "PUT" }]);
  });
});

describe("a label filter matching everything is not the one a parser checks (Loki's NoopLabelFilter; seed 143)", () => {
  test("the label's next filter is checked as the parser sets it, before a rename deletes the label", () => {
    expect(lines('{fz="re"} | logfmt | method=~".*" | label_format m=method | method=""')).toEqual([ALONE] as string[]);
    expect(lines('{fz="re"} | logfmt | method=~"" | label_format m=method | method=""')).toEqual([ALONE] as string[]);
    // A filter that tests something stays the one checked.
    expect(lines('{fz="re"} | logfmt | method!="x" | label_format m=method | method=""')).toEqual([GET, POST, PUT, ALONE] as string[]);
  });
});

describe("a line_format nothing reads is dropped from a metric query (Loki's removeLineformat)", () => {
  // Each answer measured against Loki 3.4.6 on the differential corpus (fuzz seed 48).
  const sum = (q: string) => vector(`sum(${q})`).map(([, v]) => v);

  test("its template never runs: its errors set no __error__, and an unknown function is no error", () => {
    expect(sum('count_over_time({fz="re"} | logfmt | line_format "{{ .msg | duration_seconds }}" | __error__="" [10m])')).toEqual([4]);
    expect(sum('count_over_time({fz="re"} | logfmt | line_format "{{ fooBar .msg }}" [10m])')).toEqual([4]);
    expect(vector('absent_over_time({fz="re"} | logfmt | line_format "{{ .msg | duration_seconds }}" | __error__="" [10m])')).toEqual([]);
  });

  test("a later label_format's __line__ is the line as read", () => {
    expect(vector('sum by (l) (count_over_time({fz="re"} | line_format "x" | label_format l="{{ __line__ | trunc 6 }}" [10m]))')).toEqual([
      [{ l: "method" }, 3],
      [{ l: "path=/" }, 1],
    ]);
  });

  test("it stays before a parser or a line filter, and under bytes_over_time", () => {
    expect(sum('count_over_time({fz="re"} | logfmt | line_format "{{ .msg | duration_seconds }}" |= "" | __error__="" [10m])')).toEqual([]);
    expect(vector('sum by (a) (count_over_time({fz="re"} | line_format "a=1" | logfmt [10m]))')).toEqual([[{ a: "1" }, 4]]);
    expect(sum('bytes_over_time({fz="re"} | line_format "ab" [10m])')).toEqual([8]);
    // A log query keeps it.
    expect(lines('{fz="re"} | line_format "x"')).toEqual(["x", "x", "x", "x"]);
  });
});

describe("labels builders that drop empty labels (each measured against Loki 3.4.6 on the differential corpus, seed 50)", () => {
  const ys: MemoryStream = { labels: { fz: "ly" }, entries: [at(T - 50_000, '{"y":"","v":1}'), at(T - 40_000, '{"v":5}'), at(T - 30_000, '{"y":"","v":3}')] };
  const run = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: false }, [ys]);
    if (r.type !== "vector") throw new Error(r.type);
    return [...r.samples].sort((a, b) => a.value - b.value).map((s) => [s.labels, s.value]);
  };

  test("a sharded avg by (y) (Loki's sum/count) answers {y=\"\"} and {} as two samples labelled {}", () => {
    expect(run('avg by (y) (sum_over_time({fz="ly"} | json | unwrap v [10m]))')).toEqual([
      [{}, 4],
      [{}, 5],
    ]);
    // Over what Loki does not shard (label_replace) the avg keeps y="".
    expect(run('avg by (y) (label_replace(sum_over_time({fz="ly"} | json | unwrap v [10m]), "a", "b", "x", "nomatch"))')).toEqual([
      [{ y: "" }, 4],
      [{}, 5],
    ]);
  });

  test("group_left builds its results without empty labels; two alike in one group are Loki's error (seed 57)", () => {
    const byY = 'sum by (y) (count_over_time({fz="ly"} | json | label_format y="{{.y}}" [10m]))';
    expect(run(`${byY} + on(y) group_left ${byY}`)).toEqual([[{}, 6]]);
    const byYfz = 'sum by (y, fz) (count_over_time({fz="ly"} | json [10m]))';
    expect(() => run(`${byYfz} > bool on(y) group_left ${byY}`)).toThrow("multiple matches for labels: grouping labels must ensure unique matches");
  });

  test("label_replace drops empty labels from the samples its regex matches, and leaves the others", () => {
    const inner = 'sum by (y) (count_over_time({fz="ly"} | json [10m]))';
    expect(run(`label_replace(${inner}, "a", "b", "", "")`)).toEqual([
      [{ a: "b" }, 1],
      [{ a: "b" }, 2],
    ]);
    expect(run(`label_replace(${inner}, "a", "b", "y", "nomatch")`)).toEqual([
      [{}, 1],
      [{ y: "" }, 2],
    ]);
  });
});

describe("absent_over_time reads its lines with no labels, as Loki 3.4.6's extractor does (fuzz seed 216)", () => {
  test("a line whose parser failed is no pipeline error: it is there", () => {
    expect(vector('absent_over_time({fz="avg"} | json [10m])')).toEqual([]);
    expect(vector('absent_over_time({fz="avg"} | json | __error__!="" [10m])')).toEqual([]);
    expect(vector('absent_over_time({fz="avg"} | json | v > 3 [10m])')).toEqual([]);
    // A filter dropping every line still leaves the range empty.
    expect(vector('absent_over_time({fz="avg"} | json | __error__="" | v > 9 [10m])')).toEqual([[{ fz: "avg" }, 1]]);
  });
});

describe("avg_over_time … by (g) as Loki's shard mapper rewrites it matches {g=\"\"} and {} apart (fuzz seed 215)", () => {
  // Its sum by (g) / sum by (g) (count_over_time) has no matching options: Loki matches each sample on all its labels
  // (an empty value included) and labels the results without empty values: two samples labelled {}, no error.
  const vs: MemoryStream = { labels: { fz: "av" }, entries: [at(T - 50_000, '{"y":"","v":1}'), at(T - 40_000, '{"v":5}'), at(T - 30_000, '{"y":"","v":3}')] };
  const run = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: false }, [vs]);
    if (r.type !== "vector") throw new Error(r.type);
    return [...r.samples].sort((a, b) => a.value - b.value).map((s) => [s.labels, s.value]);
  };

  test("two groups told apart by an empty label are two averages", () => {
    expect(run('avg_over_time({fz="av"} | json | unwrap v [10m]) by (y)')).toEqual([
      [{}, 2],
      [{}, 5],
    ]);
    expect(run('avg(avg_over_time({fz="av"} | json | unwrap v [10m]) by (y)) * 2')).toEqual([[{}, 7]]);
  });

  test("an operator the query writes still takes an empty value as no label", () => {
    expect(() => run('sum by (y) (sum_over_time({fz="av"} | json | unwrap v [10m])) / sum by (y) (count_over_time({fz="av"} | json [10m]))')).toThrow(/found duplicate series/);
  });
});

describe("logfmt --strict checks a pushed-down __error__ filter as it sets its error (fuzz seed 227)", () => {
  // Loki 3.4.6's LogfmtParser asks ShouldContinueParsingLine(__error__) right after a strict error: the line's first
  // __error__ filter is checked there, before a `drop __error__` between them (measured on the differential corpus).
  const lf: MemoryStream = { labels: { fz: "lf" }, entries: [at(T - 50_000, "a=1 b=2"), at(T - 40_000, 'a=2 broken="unterminated'), at(T - 30_000, "a=3")] };
  const count = (q: string) => {
    const r = evaluateStreams(`sum(count_over_time({fz="lf"} ${q} [10m]))`, { startMs: T, endMs: T, ingestLabels: false }, [lf]);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => s.value);
  };

  test("| drop __error__ | __error__=\"\" does not bring the broken line back", () => {
    expect(count('| logfmt --strict | drop __error__ | __error__=""')).toEqual([2]);
    expect(count('| logfmt --strict | drop __error__ | __error__!="LogfmtParserErr"')).toEqual([2]);
  });

  test("without --strict there is no error, and a filter on another label is not this check", () => {
    expect(count('| logfmt | drop __error__ | __error__=""')).toEqual([3]);
    expect(count('| logfmt --strict | drop __error__ | __error__="" or a="2"')).toEqual([3]);
  });
});

describe("a minus before 0 is a duration to Loki's lexer (fuzz grammar forms, seed 1001)", () => {
  // Loki 3.4.6 reads `-` and the digits, dots and duration units right after it as a DURATION when Go's
  // time.ParseDuration takes them, and Go takes "-0": `x -0` is "syntax error: unexpected DURATION" there.
  test.each(["-0", "-0 + vector(3)", "vector(1) -0", "vector(1)-0", "1-0", 'sum(count_over_time({fz="re"}[5m]))-0', "vector(2) * -0", "1 + -0 + 2", "-0e0 * vector(1)"])("%s is a syntax error", (q) => {
    expect(failure(q)).toMatch(/syntax error: unexpected DURATION/);
  });

  test("a minus with a space, before 00, 0.0 or another number, is no duration", () => {
    expect(vector("vector(1) - 0")).toEqual([[{}, 1]]);
    expect(vector("vector(1) -00")).toEqual([[{}, 1]]);
    expect(vector("vector(1) -0.5")).toEqual([[{}, 0.5]]);
    expect(vector("vector(2) * -1")).toEqual([[{}, -2]]);
    expect(vector("vector(2) ^ -0.0")).toEqual([[{}, 1]]);
  });
});

describe("label filters mixing and, comma and or group as Loki 3.4.6's parser groups them", () => {
  // Measured against Loki 3.4.6 over the 16 lines a,b,c,d ∈ {0,1}, every chain of 3 and 4 filters joined by and, or
  // and a comma (36 chains): or below and, both to the left; after a comma everything groups to the right.
  const bits: MemoryStream = { labels: { fz: "bits" }, entries: Array.from({ length: 16 }, (_, i) => at(T - 50_000 + i * 1000, `a=${i & 1} b=${(i >> 1) & 1} c=${(i >> 2) & 1} d=${(i >> 3) & 1} i=${i}`)) };
  const kept = (f: string) => {
    const r = evaluateStreams(`{fz="bits"} | logfmt | ${f}`, { startMs: T - 60_000, endMs: T + 1000, limit: 100, direction: "forward", ingestLabels: false }, [bits]);
    if (r.type !== "streams") throw new Error(r.type);
    return r.streams.flatMap((s) => s.entries.map((e) => Number(/i=(\d+)/.exec(e.line)![1]))).sort((x, y) => x - y);
  };
  const where = (p: (a: boolean, b: boolean, c: boolean, d: boolean) => boolean) => Array.from({ length: 16 }, (_, i) => i).filter((i) => p(!!(i & 1), !!(i & 2), !!(i & 4), !!(i & 8)));
  test.each<[string, (a: boolean, b: boolean, c: boolean, d: boolean) => boolean]>([
    ['a="1" or b="1" and c="1"', (a, b, c) => a || (b && c)],
    ['a="1" and b="1" or c="1"', (a, b, c) => (a && b) || c],
    ['a="1" or b="1", c="1"', (a, b, c) => a || (b && c)],
    ['a="1", b="1" or c="1"', (a, b, c) => a && (b || c)],
    ['a="1" and b="1", c="1" or d="1"', (a, b, c, d) => a && b && (c || d)],
    ['a="1" or b="1" and c="1" or d="1"', (a, b, c, d) => a || (b && c) || d],
    ['a="1", b="1" or c="1" and d="1"', (a, b, c, d) => a && (b || (c && d))],
  ])("%s", (f, p) => {
    expect(kept(f)).toEqual(where(p));
  });
});

describe("an or chain of line filters whose first two sides match every line keeps every line (fuzz grammar forms, seed 1214)", () => {
  // Measured against Loki 3.4.6 over the differential corpus: `|= "" or "" or "ms"` counted all 140 lines of a stream
  // where `|= "ms"` and `|= "" or "ms"` counted 101; `|= "x" or "" or ""` and `|= "" or "x" or ""` keep x's lines.
  test.each([
    ['|= "" or "" or "nomatch"', [GET, POST, PUT, ALONE]],
    ['|~ "" or ".*" or "nomatch"', [GET, POST, PUT, ALONE]],
    ['|= "" or "" or "" or "nomatch"', [GET, POST, PUT, ALONE]],
    ['|= "" or "nomatch" or ""', []],
    ['|= "nomatch" or "" or ""', []],
    ['|= "" or "GET"', [GET]],
    ['!= "" or "" or "GET"', []],
  ])("%s", (f, want) => {
    expect(lines(`{fz="re"} ${f}`)).toEqual(want as string[]);
  });
});

describe("stddev and stdvar meet the series in label order, as Loki's frontend reads a querier's answer (fuzz grammar forms, seed 399)", () => {
  // Loki 3.4.6 never hands stddev/stdvar down to its queriers: its frontend aggregates the querier's answer, whose
  // series come sorted by labels, and the running variance depends in its last bit on that order. Measured over
  // two streams of one line each, {k="b"} first in time: 0.010000000000000004 when {k="a"} holds the larger value
  // and 0.009999999999999998 when it holds the smaller, every time; the engine met the streams in time order.
  const pair = (a: string, b: string): MemoryStream[] => [
    { labels: { fz: "sd", k: "b" }, entries: [at(T - 30_000, `{"v":${b}}`)] },
    { labels: { fz: "sd", k: "a" }, entries: [at(T - 20_000, `{"v":${a}}`)] },
  ];
  const value = (q: string, streams: MemoryStream[]) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T }, streams);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => s.value);
  };
  test.each([
    ["0.6066666666666667", "0.4066666666666667", 0.010000000000000004],
    ["0.4066666666666667", "0.6066666666666667", 0.009999999999999998],
  ])("{k=\"a\"} %s, {k=\"b\"} %s", (a, b, want) => {
    expect(value('stdvar(sum_over_time({fz="sd"} | json | unwrap v [1m]))', pair(a, b))).toEqual([want]);
    expect(value('stddev(sum_over_time({fz="sd"} | json | unwrap v [1m]))', pair(a, b))).toEqual([Math.sqrt(want)]);
  });
});

describe("an avg Loki shards is the sum divided by the count, as its shard mapper writes it (fuzz grammar forms, seed 449)", () => {
  // Loki 3.4.6 answers avg(x) it can shard as sum(x) / count(x) of the shards; the engine kept a running mean, which
  // is NaN from two +Inf (Inf - Inf) and differs in the last bit. Measured over three streams of one line each.
  const three: MemoryStream[] = [
    { labels: { fz: "avg3", k: "c" }, entries: [at(T - 40_000, '{"v":0.1}')] },
    { labels: { fz: "avg3", k: "a" }, entries: [at(T - 30_000, '{"v":0.7}')] },
    { labels: { fz: "avg3", k: "b" }, entries: [at(T - 20_000, '{"v":3.3}')] },
  ];
  const value = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T }, three);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => s.value);
  };
  test("quantile_over_time(1.5, …) is +Inf in each series, and so is their average", () => {
    expect(value('avg(quantile_over_time(1.5, {fz="avg3"} | json | unwrap v [1m]))')).toEqual([Infinity]);
  });
  test("0.1, 0.7 and 3.3 average 1.3666666666666665 (4.1 / 3), not the running mean's 1.3666666666666667", () => {
    expect(value('avg(sum_over_time({fz="avg3"} | json | unwrap v [1m]))')).toEqual([1.3666666666666665]);
    expect(value('avg by (fz) (sum_over_time({fz="avg3"} | json | unwrap v [1m]))')).toEqual([1.3666666666666665]);
  });
});

describe("a line's own __error_details__ key stays a label of a grouped sample, as Loki's withoutResult keeps it (fuzz grammar forms, seed 432)", () => {
  // Loki 3.4.6 leaves the pipeline's error details out of a sample grouped without (…) (or unwrapped), but a key the
  // parser found is a parsed label like any other: measured over {"ts":…,"__error_details__":"d","level":"info"},
  // `sum without (ts) (bytes_over_time(… | json [10m]))` answered {__error_details__="d", level="info", …}.
  const ed: MemoryStream = { labels: { fz: "ed" }, entries: [at(T - 30_000, '{"__error_details__":"d","level":"info"}'), at(T - 20_000, '{"level":"info","x":"1"}')] };
  const labels = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T }, [ed]);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => ({ ...s.labels })).sort((a, b) => Object.keys(a).length - Object.keys(b).length);
  };
  test.each([
    'sum without (x) (count_over_time({fz="ed"} | json [1m]))',
    'sum(count_over_time({fz="ed"} | json [1m])) without (x, detected_level)',
    'max_over_time({fz="ed"} | json | label_format k="1" | unwrap k [1m]) without (x)',
    'sum without (x) (count_over_time({fz="ed"} | json | logfmt | drop __error__ [1m]))',
  ])("%s", (q) => {
    const got = labels(q);
    expect(got).toHaveLength(2);
    expect(got[1]).toMatchObject({ __error_details__: "d", level: "info" });
    expect(got[0]).not.toHaveProperty("__error_details__");
  });
});

describe("a sample whose parser error the query keeps carries detected_level, grouped by (…) or not (fuzz grammar forms, seeds 475 and 519)", () => {
  // Loki 3.4.6 keeps a line's error when the query names __error__ (its hints), and such a sample keeps all its
  // labels whatever the grouping: measured over the differential corpus's broken logfmt lines, the sample of
  // `quantile_over_time(0.5, {service="web"} | logfmt --strict --keep-empty | __error__!="JSONParserErr" or
  // status >= 1000 | unwrap bytes(bytes) | bytes != "" [2m]) by (flag)` was labelled detected_level="debug" beside
  // __error__="LogfmtParserErr"; the engine, which looks for the level only where a label filter or grouping names
  // it, left it out.
  const pe: MemoryStream = { labels: { fz: "pe" }, entries: [at(T - 30_000, 'level=debug method=PUT status=500 bytes=512B broken="unterminated')] };
  test("the error sample is labelled with the line's detected_level", () => {
    const r = evaluateStreams('quantile_over_time(0.5, {fz="pe"} | logfmt --strict --keep-empty | __error__!="JSONParserErr" or status >= 1000 | unwrap bytes(bytes) | bytes != "" [1m]) by (flag)', { startMs: T, endMs: T, ingestLabels: true }, [pe]);
    if (r.type !== "vector") throw new Error(r.type);
    expect(r.samples.map((s) => [s.labels.__error__, s.labels.detected_level])).toEqual([["LogfmtParserErr", "debug"]]);
  });
});

describe("avg by (x) of a rate or sum_over_time unwrapping x answers nothing, as Loki's sum/count division does (fuzz grammar forms, seed 509)", () => {
  // Measured against Loki 3.4.6 over the differential corpus's vals stream: avg by (b) and avg by (b, k) of
  // rate/sum_over_time(… | unwrap bytes(b) …) answered nothing; avg by (k), avg without (b) and avg by (b) of
  // max_over_time answered. The engine answered one average labelled {}.
  const ab: MemoryStream = { labels: { fz: "ab" }, entries: [at(T - 30_000, "b=1KB k=1"), at(T - 20_000, "b=2KB k=2")] };
  const count = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T }, [ab]);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.length;
  };
  test.each([
    ['avg by (b) (rate({fz="ab"} | logfmt | unwrap bytes(b) [1m]))', 0],
    ['avg by (b, k) (sum_over_time({fz="ab"} | logfmt | unwrap bytes(b) [1m]))', 0],
    ['avg by (k) (rate({fz="ab"} | logfmt | unwrap bytes(b) [1m]))', 2],
    ['avg without (b) (rate({fz="ab"} | logfmt | unwrap bytes(b) [1m]))', 2],
    ['avg by (b) (max_over_time({fz="ab"} | logfmt | unwrap bytes(b) [1m]))', 1],
  ])("%s", (q, n) => {
    expect(count(q)).toBe(n);
  });
});

describe("min/max_over_time … by (…) folds a sample that kept its parser error into its by group, as Loki's shard merge does", () => {
  // Loki 3.4.6's shard mapper answers max_over_time(…) by (g) as max by (g) (max_over_time(…) by (g)) over its shards;
  // a sample that kept its error (the query names __error__) is labelled with all its labels, and that merge folds it
  // into the group of its g. Measured over the differential corpus's web lines:
  // `max_over_time({service="web"} | logfmt --strict --keep-empty | __error__!="JSONParserErr" or status >= 1000 |
  // unwrap bytes(bytes) | bytes != "" [2m]) by (flag)` answered {flag=""} and {} (the engine: the error sample too),
  // by (__error__, flag) kept {__error__="LogfmtParserErr", flag=""} apart, and min_over_time(… [5m]) by (flag) took
  // its {flag=""} minimum (512) from the error line. quantile_over_time, which Loki does not shard, keeps it apart.
  const fe: MemoryStream = {
    labels: { fz: "fe" },
    entries: [at(T - 40_000, "level=info status=200 bytes=3MB flag="), at(T - 30_000, 'level=debug status=500 bytes=512B flag= broken="unterminated')],
  };
  const samples = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: true }, [fe]);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => [{ ...s.labels }, s.value]);
  };
  const P = '{fz="fe"} | logfmt --strict --keep-empty | __error__!="" or status < 300 | unwrap bytes(bytes)';
  test.each([
    [`max_over_time(${P} [1m]) by (flag)`, [[{ flag: "" }, 3_000_000]]],
    [`min_over_time(${P} [1m]) by (flag)`, [[{ flag: "" }, 512]]],
    [`min_over_time(${P} [1m]) by (flag, status)`, [[{ flag: "", status: "200" }, 3_000_000], [{ flag: "", status: "500" }, 512]]],
    [`max_over_time(${P} [1m]) by (__error__)`, [[{}, 3_000_000], [{ __error__: "LogfmtParserErr" }, 512]]],
    [`max_over_time(${P} [1m]) by (flag) + 1`, [[{ flag: "" }, 3_000_001]]],
  ])("%s", (q, expected) => {
    expect(samples(q)).toEqual(expected as [Record<string, string>, number][]);
  });

  // Measured too: quantile_over_time(0.5, …) by (flag) and sum without (nope) (max_over_time(…) by (flag)) kept the error
  // sample apart, with all its labels.
  test("quantile_over_time, which Loki does not shard, and a sum over the range aggregation, handed down whole, keep the error sample apart", () => {
    for (const q of [`quantile_over_time(0.5, ${P} [1m]) by (flag)`, `sum without (nope) (max_over_time(${P} [1m]) by (flag))`]) {
      const got = samples(q).map(([labels]) => (labels as Record<string, string>).__error__);
      expect(got.sort()).toEqual(["LogfmtParserErr", undefined]);
    }
  });
});

describe("a template's cut multibyte character is the bytes Go holds, for every later function and bytes_over_time (fuzz grammar forms, seed 587)", () => {
  // Measured against Loki 3.4.6 over the differential corpus's line n="１２" (two 3-byte characters): `substr 1 5 .n`
  // is 4 bytes of no UTF-8. bytes_over_time(… | line_format "{{ substr 1 5 .n }}" …) counted 4 a line where the engine
  // counted 12 (four U+FFFD); `len` of it is 4, printf %x bc91efbc, %q "\xbc\x91\xef\xbc", b64enc vJHvvA==, urlencode
  // %BC%91%EF%BC, index … 0 188; upper of it is four U+FFFD (12 bytes, Go's strings.Map); urldecode "%ff%fe" and
  // b64dec "//4=" are 2 bytes. The template's result still shows each byte as U+FFFD (one a broken sequence in a log
  // query's stream label).
  const cut: MemoryStream = { labels: { fz: "cut" }, entries: [at(T - 30_000, 'n="１２"')] };
  const one = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T }, [cut]);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => [{ ...s.labels }, s.value]);
  };
  test("bytes_over_time counts the bytes a line_format cut", () => {
    expect(one('sum(bytes_over_time({fz="cut"} | logfmt | line_format "{{ substr 1 5 .n }}" [1m]))')).toEqual([[{}, 4]]);
    expect(one('sum(bytes_over_time({fz="cut"} | logfmt | line_format "{{ b64dec \\"//4=\\" }}{{ trunc 4 .n }}" [1m]))')).toEqual([[{}, 6]]);
  });
  test.each([
    ["{{ substr 1 5 .n | len }}", "4"],
    ["{{ trunc 4 .n | len }}|{{ urldecode \\\"%ff%fe\\\" | len }}|{{ b64dec \\\"//4=\\\" | len }}", "4|2|2"],
    ["{{ substr 1 5 .n | upper | len }}", "12"],
    ['{{ substr 1 5 .n | printf \\"%x\\" }}|{{ substr 1 5 .n | printf \\"%q\\" }}', 'bc91efbc|"\\xbc\\x91\\xef\\xbc"'],
    ["{{ substr 1 5 .n | b64enc }}|{{ substr 1 5 .n | urlencode }}|{{ index (substr 1 5 .n) 0 }}", "vJHvvA==|%BC%91%EF%BC|188"],
    ["{{ substr 1 5 .n }}", "\ufffd\ufffd\ufffd\ufffd"],
  ])("label_format x=%s is %s", (tmpl, expected) => {
    expect(one(`sum by (x) (count_over_time({fz="cut"} | logfmt | label_format x="${tmpl}" [1m]))`)).toEqual([[{ x: expected }, 1]]);
  });
  test("a log query's stream label shows one U+FFFD a broken sequence, after any chain of functions", () => {
    const r = evaluateStreams('{fz="cut"} | logfmt | label_format x="{{ substr 1 5 .n | len }}|{{ substr 1 5 .n | replace \\"x\\" \\"y\\" | trunc 3 }}|{{ substr 1 5 .n }}"', { startMs: T - 60_000, endMs: T + 1000, limit: 10, direction: "forward" }, [cut]);
    if (r.type !== "streams") throw new Error(r.type);
    // Bytes bc 91 ef bc: two stray continuation bytes and a cut 3-byte sequence; trunc 3 leaves bc 91 ef.
    expect(r.streams.map((s) => s.labels.x)).toEqual(["4|\ufffd\ufffd\ufffd|\ufffd\ufffd\ufffd"]);
  });
});

describe("a label a stage deleted stays out of a sample grouped by (…), set again or not (fuzz, seed 796)", () => {
  // Loki 3.4.6's labels builder keeps every name deleted on a line (a label_format rename's source, drop, keep) on its
  // del list, and its grouped result (withResult) leaves those names out even where a later stage set the label again;
  // its other results show the label set again. The differential suite asks a real Loki the same shapes.
  const del: MemoryStream = { labels: { fz: "del" }, entries: [at(T - 30_000, "method=GET path=/a lat=5")] };
  const one = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T }, [del]);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => [{ ...s.labels }, s.value]);
  };
  test.each([
    ["label_format a=method", "by (method)", [[{}, 5]]],
    ["drop method", "by (method)", [[{}, 5]]],
    ['drop method="GET"', "by (method)", [[{}, 5]]],
    ["keep path, lat", "by (method, path)", [[{ path: "/a" }, 5]]],
    ["label_format method=method", "by (method)", [[{}, 5]]],
    ["label_format b=fz", "by (fz, method)", [[{ method: "/a" }, 5]]],
    ["label_format a=method", "without (a, path)", [[{ fz: "del", method: "/a" }, 5]]],
    ["label_format a=nothere", "by (method)", [[{ method: "/a" }, 5]]],
  ])("| logfmt | %s | label_format method=… … %s", (stage, grouping, expected) => {
    const set = stage === "label_format b=fz" ? ' | label_format fz="x"' : "";
    expect(one(`max_over_time({fz="del"} | logfmt | ${stage} | label_format method="{{.path}}"${set} | unwrap lat [1m]) ${grouping}`)).toEqual(expected);
  });
  test("a sum's by (…) pushed down to the range aggregation leaves it out too; a max by (…), which Loki does not push down, keeps it", () => {
    expect(one('sum by (method) (count_over_time({fz="del"} | logfmt | label_format a=method | label_format method="{{.path}}" [1m]))')).toEqual([[{}, 1]]);
    expect(one('max by (method) (count_over_time({fz="del"} | logfmt | label_format a=method | label_format method="{{.path}}" [1m]))')).toEqual([[{ method: "/a" }, 1]]);
  });
});

describe("| unpack checks a key as written for a stream label of its name and for the hints, and sanitises it after (a differential run)", () => {
  // Loki 3.4.6's unpack asks BaseHas and ShouldExtract about the line's key as written (`a.b`, `x-y`), and sanitises it
  // only as it sets the label: such a key is never `_extracted` (it writes over a stream label `a_b`, and over a label
  // an earlier stage set), and a metric query's hints, which name labels, never want it. Every answer below is what a
  // real Loki 3.4.6 gave for the same lines and query (its service_name and detected_level left out).
  const packed: MemoryStream[] = [
    { labels: { fz: "s1", a_b: "s" }, entries: [at(T - 50_000, '{"ts":"t","a.b":"dotted","_entry":"hello"}')] },
    { labels: { fz: "s1b", a_b: "s" }, entries: [at(T - 49_000, '{"ts":"t","a-b":"d1","_entry":"h"}')] },
    { labels: { fz: "s2" }, entries: [at(T - 48_000, '{"ts":"t","x-y":"dash","_entry":"hello"}')] },
    { labels: { fz: "s3" }, entries: [at(T - 47_000, '{"ts":"t","c.d":"cd","_entry":"hello"}')] },
    { labels: { fz: "s4", level: "info" }, entries: [at(T - 46_000, '{"ts":"t","level":"error","_entry":"h"}')] },
    { labels: { fz: "s5" }, entries: [at(T - 45_000, '{"a.b":"outer","k":"outer","_entry":"{\\"a.b\\":\\"inner\\",\\"k\\":\\"inner\\",\\"_entry\\":\\"deep\\"}"}')] },
    { labels: { fz: "s6" }, entries: [at(T - 44_000, '{"x-y":"1","x_y":"2","_entry":"a"}')] },
    { labels: { fz: "s6r" }, entries: [at(T - 43_000, '{"x_y":"2","x-y":"1","_entry":"b"}')] },
    { labels: { fz: "s7", a_b: "s" }, entries: [at(T - 42_000, '{"a_b":"plain","a.b":"dot","_entry":"h"}')] },
    { labels: { fz: "s8" }, entries: [at(T - 41_000, '{"x-y":"dash","xy":"plain","_entry":"h"}')] },
    { labels: { fz: "s10", a_b: "s" }, entries: [at(T - 40_000, '{"a.b":"ten","_entry":"h"}')] },
    { labels: { fz: "s11" }, entries: [at(T - 39_000, '{"a.b":"eleven","_entry":"h"}')] },
    { labels: { fz: "m1", level: "info" }, entries: [at(T - 38_000, '{"level":"error","_entry":"one"}')] },
    { labels: { fz: "m2" }, entries: [at(T - 37_000, '{"level":"warn","_entry":"two"}')] },
  ];
  const logs = (q: string) => {
    const r = evaluateStreams(q, { startMs: T - 60_000, endMs: T + 1000, limit: 100 }, packed);
    if (r.type !== "streams") throw new Error(r.type);
    return r.streams.map((s) => [{ ...s.labels }, s.entries.map((e) => e.line)]);
  };
  const metric = (q: string) => {
    const r = evaluateStreams(q, { startMs: T, endMs: T }, packed);
    if (r.type !== "vector") throw new Error(r.type);
    return r.samples.map((s) => [{ ...s.labels }, s.value]);
  };

  test.each([
    // The parsed a_b writes over the stream label's value; there is no a_b_extracted.
    ['{fz="s1"} | unpack', [[{ fz: "s1", a_b: "dotted", ts: "t" }, ["hello"]]]],
    ['{fz="s1"} | unpack | a_b="dotted"', [[{ fz: "s1", a_b: "dotted", ts: "t" }, ["hello"]]]],
    ['{fz="s1"} | unpack | a_b_extracted="dotted"', []],
    ['{fz="s1b"} | unpack | keep a_b', [[{ a_b: "d1" }, ["h"]]]],
    // A log query has no hints: x-y is x_y.
    ['{fz="s2"} | unpack', [[{ fz: "s2", ts: "t", x_y: "dash" }, ["hello"]]]],
    // A key that needs no sanitising is as before: level_extracted beside the stream's level.
    ['{fz="s4"} | unpack', [[{ fz: "s4", level: "info", level_extracted: "error", ts: "t" }, ["h"]]]],
    // A second unpack writes a_b over the first's (a key as written is never one extracted already); k, extracted already, stays.
    ['{fz="s5"} | unpack | unpack', [[{ fz: "s5", a_b: "inner", k: "outer" }, ["deep"]]]],
    // Of keys that sanitise to one name the last one written wins, and a filter on it is checked at each writing.
    ['{fz="s6"} | unpack', [[{ fz: "s6", x_y: "2" }, ["a"]]]],
    ['{fz="s6r"} | unpack', [[{ fz: "s6r", x_y: "1" }, ["b"]]]],
    ['{fz="s6"} | unpack | x_y="2"', []],
    // a_b (a stream label's name) is a_b_extracted, a.b is a_b over the stream label.
    ['{fz="s7"} | unpack', [[{ fz: "s7", a_b: "dot", a_b_extracted: "plain" }, ["h"]]]],
    // An earlier stage's x_y is written over; its xy (the key as written) is kept.
    ['{fz="s8"} | label_format x_y="lf", xy="lf" | unpack', [[{ fz: "s8", x_y: "dash", xy: "lf" }, ["h"]]]],
    // unpack decides on every key before it sets one: x_y, which an earlier stage set, is passed over after x-y too.
    ['{fz="s6"} | label_format x_y="lf" | unpack', [[{ fz: "s6", x_y: "1" }, ["a"]]]],
    ['{fz="s6r"} | label_format x_y="lf" | unpack', [[{ fz: "s6r", x_y: "1" }, ["b"]]]],
    ['{fz="s7"} | label_format a_b_extracted="lf" | unpack', [[{ fz: "s7", a_b: "dot", a_b_extracted: "lf" }, ["h"]]]],
    // a.b is a_b on a stream labelled a_b and on one that is not: nothing to refuse.
    ['{fz=~"s10|s11"} | unpack', [[{ fz: "s10", a_b: "ten" }, ["h"]], [{ fz: "s11", a_b: "eleven" }, ["h"]]]],
  ] as [string, unknown][])("%s", (q, expected) => {
    expect(logs(q) as unknown).toEqual(expected);
  });

  test.each([
    // The hints want x_y, and the key is x-y: never extracted.
    ['sum by (x_y) (count_over_time({fz="s2"} | unpack [1h]))', [[{}, 1]]],
    ['sum(count_over_time({fz="s3"} | unpack | c_d="cd" [1h]))', []],
    ['sum(count_over_time({fz="s2"} | unpack | x_y="" [1h]))', [[{}, 1]]],
    ['sum(count_over_time({fz="s2"} | unpack | x_y="dash" [1h]))', []],
    ['sum by (level_extracted) (count_over_time({fz="s4"} | unpack [1h]))', [[{ level_extracted: "error" }, 1]]],
    ['sum by (fz, a_b) (count_over_time({fz=~"s10|s11"} | unpack [1h]))', [[{ fz: "s10", a_b: "s" }, 1], [{ fz: "s11" }, 1]]],
    // Without hints (a range aggregation with no grouping) every key is extracted.
    ['count_over_time({fz="s2"} | unpack [1h])', [[{ fz: "s2", ts: "t", x_y: "dash" }, 1]]],
  ] as [string, unknown][])("%s", (q, expected) => {
    expect(metric(q) as unknown).toEqual(expected);
  });

  test("a key as written is no structured metadata's name either: detected-level writes over detected_level", () => {
    // The line "h" is of no level: detected_level="unknown" until unpack sets it.
    const r = evaluateStreams('{job="s9"} | unpack', { startMs: T - 60_000, endMs: T + 1000, limit: 10, ingestLabels: true }, [
      { labels: { job: "s9" }, entries: [at(T - 30_000, '{"detected-level":"zzz","_entry":"h"}')] },
    ]);
    expect(r.type === "streams" && r.streams.map((s) => [{ ...s.labels }, s.entries.map((e) => e.line)])).toEqual([[{ job: "s9", service_name: "s9", detected_level: "zzz" }, ["h"]]]);
  });

  test("a key named like a stream label of some streams and not others is refused, with advice unpack can follow", () => {
    // Loki 3.4.6 gave both lines level_extracted here (it decides on the stream it reads first).
    let message = "";
    try {
      logs('{fz=~"m1|m2"} | unpack');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('a parser sets "level" on streams that carry a stream label "level" and on streams that do not');
    expect(message).toContain("Select only one kind of stream");
    expect(message).not.toContain("| json");
  });
});

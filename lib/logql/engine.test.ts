// Evaluation semantics of the embedded engine over in-memory streams, each subtle rule pinned to Loki's documentation.
import { describe, expect, spyOn, test } from "bun:test";
import type { QueryResult } from "../core/query-result.ts";
import { LogqlError, type MemoryStream, type QueryParams, evaluateStreams, prepareQuery } from "./index.ts";
import { KeyDecisions } from "./row.ts";

const T = Date.UTC(2026, 0, 1, 12, 0, 0); // an evaluation instant
const s = (sec: number) => T + sec * 1000;

function stream(labels: Record<string, string>, entries: [number, string, number?][]): MemoryStream {
  return { labels, entries: entries.map(([ms, line, sub]) => ({ ms, line, sub: sub ?? 0 })) };
}

const api = stream({ app: "api", env: "prod" }, [
  [s(-120), '{"level":"info","status":200,"latency":"20ms","size":"1KB","path":"/a"}'],
  [s(-50), '{"level":"error","status":500,"latency":"1.5s","size":"2KB","path":"/b"}'],
  [s(-40), '{"level":"info","status":201,"latency":"250ms","size":"512B","path":"/a"}'],
  [s(-30), '{"level":"warn","status":404,"latency":"5ms","size":"1KiB","path":"/c"}'],
  [s(-20), '{"level":"error","status":503,"latency":"2s","size":"4KB","path":"/b"}'],
  [s(-10), '{"level":"info","status":200,"latency":"10ms","size":"100B","path":"/a"}'],
]);
const web = stream({ app: "web", env: "prod" }, [
  [s(-45), "level=info msg=hello duration=30ms"],
  [s(-15), "level=error msg=boom duration=3s"],
]);
const db = stream({ app: "db", env: "dev" }, [[s(-5), "checkpoint complete"]]);
const all = [api, web, db];

const instant = (q: string, streams = all, at = T): QueryResult => evaluateStreams(q, { startMs: at, endMs: at }, streams);
const vectorOf = (r: QueryResult) => {
  if (r.type !== "vector") throw new Error(`expected a vector, got ${r.type}`);
  return r.samples.map((x) => ({ labels: x.labels, value: x.value }));
};
const valueOf = (r: QueryResult) => {
  if (r.type === "scalar") return r.value;
  const v = vectorOf(r);
  if (v.length !== 1) throw new Error(`expected one sample, got ${v.length}`);
  return v[0]!.value;
};

describe("range vector windows", () => {
  // Loki range vectors cover (t - range, t]: "the lower bound of the range is not inclusive" (Loki's
  // range_vector.go, matching Prometheus 3: range selectors are left-open and right-closed).
  const edge = stream({ app: "edge" }, [
    [s(-60), "exactly at the window start"],
    [s(-60), "1ns after the window start", 1],
    [s(0), "exactly at the evaluation time"],
    [s(0), "1ns after the evaluation time", 1],
  ]);
  test.each([
    ["count_over_time({app=\"edge\"}[1m])", 2],
    ["count_over_time({app=\"edge\"} |= \"exactly\" [1m])", 1],
    ["count_over_time({app=\"edge\"} |= \"1ns after the window\" [1m])", 1],
    ["count_over_time({app=\"edge\"}[1m] offset 1m)", 1],
  ])("%s = %d", (q, n) => {
    expect(valueOf(instant(q, [edge]))).toBe(n);
  });

  test("log queries return start <= ts < end (Loki HTTP API: start inclusive, end exclusive)", () => {
    const r = evaluateStreams('{app="edge"}', { startMs: s(-60), endMs: s(0), direction: "forward" }, [edge]);
    if (r.type !== "streams") throw new Error(r.type);
    expect(r.streams[0]!.entries.map((e) => e.line)).toEqual(["exactly at the window start", "1ns after the window start"]);
    expect(r.streams[0]!.entries[1]!.tsNs).toBe(BigInt(s(-60)) * 1_000_000n + 1n);
  });
});

describe("range functions", () => {
  // "rate(log-range): calculates the number of entries per second"; bytes_rate likewise per second.
  test.each([
    ['count_over_time({app="api"}[1m])', 5],
    ['rate({app="api"}[1m])', 5 / 60],
    ['bytes_over_time({app="db"}[1m])', Buffer.byteLength("checkpoint complete")],
    ['bytes_rate({app="db"}[1m])', Buffer.byteLength("checkpoint complete") / 60],
    ['sum_over_time({app="api"} | json status | unwrap status [1m])', 500 + 201 + 404 + 503 + 200],
    ['avg_over_time({app="api"} | json status | unwrap status [1m])', (500 + 201 + 404 + 503 + 200) / 5],
    ['min_over_time({app="api"} | json status | unwrap status [1m])', 200],
    ['max_over_time({app="api"} | json status | unwrap status [1m])', 503],
    ['first_over_time({app="api"} | json status | unwrap status [1m])', 500],
    ['last_over_time({app="api"} | json status | unwrap status [1m])', 200],
    ['quantile_over_time(0.5, {app="api"} | json status | unwrap status [1m])', 404],
    ['quantile_over_time(0.9, {app="api"} | json status | unwrap status [1m])', 500 + 0.6 * (503 - 500)],
    ['stdvar_over_time({app="web"} | logfmt duration | unwrap duration(duration) [1m])', ((3 - 0.03) / 2) ** 2],
    ['stddev_over_time({app="web"} | logfmt duration | unwrap duration(duration) [1m])', (3 - 0.03) / 2],
    // "duration_seconds(label) … will convert the label value in seconds"; "bytes(label) … to raw bytes"
    ['sum_over_time({app="web"} | logfmt duration | unwrap duration_seconds(duration) [1m])', 3.03],
    ['sum_over_time({app="api"} | json size | unwrap bytes(size) [1m])', 2000 + 512 + 1024 + 4000 + 100],
    // rate over an unwrapped range: "per second rate of the sum of all values"
    ['rate({app="api"} | json status | unwrap status [1m])', (500 + 201 + 404 + 503 + 200) / 60],
  ])("%s", (q, want) => {
    expect(valueOf(instant(`sum(${q})`))).toBeCloseTo(want, 9);
  });

  test("an unwrapped sample drops the unwrapped label (other labels stay)", () => {
    const v = vectorOf(instant('max_over_time({app="web"} | logfmt | unwrap duration(duration) [1m])'));
    expect(v.map((x) => x.labels)).toEqual([
      { app: "web", env: "prod", level: "error", msg: "boom" },
      { app: "web", env: "prod", level: "info", msg: "hello" },
    ]);
  });

  test("an unwrapped range aggregation with by() groups samples before the function", () => {
    // "Except for sum_over_time, absent_over_time, rate and rate_counter, unwrapped range aggregations support grouping."
    const v = vectorOf(instant('max_over_time({env="prod"} | json | unwrap status | __error__="" [1m]) by (env)'));
    expect(v).toEqual([{ labels: { env: "prod" }, value: 503 }]);
  });

  test("a line without the unwrapped label gives no sample; one that does not convert is a pipeline error", () => {
    expect(valueOf(instant('sum(sum_over_time({app="api"} | json | unwrap nothere [1m])) or vector(0)'))).toBe(0);
    // "Since label values are string, by default a conversion into a float (64bits) will be attempted, in case of
    // failure the __error__ label is added to the sample." and "Metric queries cannot contains errors".
    expect(() => instant('sum(sum_over_time({app="api"} | json | unwrap path [1m]))')).toThrow(/pipeline error: 'SampleExtractionErr'/);
    expect(valueOf(instant('sum(sum_over_time({app="api"} | json | unwrap path | __error__="" [1m])) or vector(0)'))).toBe(0);
  });

  test("a label there with an empty value is its own group in `by`, none in `without`, and matches as no label (Loki 3.4.6's answers)", () => {
    const e = stream({ job: "e" }, [[s(-3), '{"y":"","v":1}'], [s(-2), '{"v":2}'], [s(-1), '{"y":"a","v":4}']]);
    const by = 'sum by (y) (count_over_time({job="e"} | json [5m]))';
    expect(vectorOf(instant(by, [e]))).toEqual([{ labels: {}, value: 1 }, { labels: { y: "" }, value: 1 }, { labels: { y: "a" }, value: 1 }]);
    expect(vectorOf(instant('sum by (y) (count_over_time({job="e"} | label_format y="" [5m]))', [e]))).toEqual([{ labels: { y: "" }, value: 3 }]);
    expect(vectorOf(instant('sum by (y) (sum_over_time({job="e"} | json | unwrap v [5m]))', [e]))).toEqual([{ labels: {}, value: 2 }, { labels: { y: "" }, value: 1 }, { labels: { y: "a" }, value: 4 }]);
    expect(vectorOf(instant('sum without (v) (count_over_time({job="e"} | json [5m]))', [e]))).toEqual([{ labels: { job: "e" }, value: 2 }, { labels: { job: "e", y: "a" }, value: 1 }]);
    expect(vectorOf(instant(`topk by (y) (1, count_over_time({job="e"} | json [5m]))`, [e])).length).toBe(3);
    expect(() => instant(`${by} + on(y) ${by}`, [e])).toThrow(/duplicate series/);
  });

  test("a renamed logfmt extraction under parser hints stays empty, as Loki 3.4.6 answers (it asks the hints about the line's key)", () => {
    const k = stream({ job: "k" }, [[s(-3), "msg=hello x=1"], [s(-2), "msg=bye x=2"], [s(-1), "x=3"]]);
    const only = (r: QueryResult) => vectorOf(r).map((x) => [x.labels.m ?? x.labels.msg, x.value]);
    expect(only(instant('sum by (m) (count_over_time({job="k"} | logfmt m="msg" [5m]))', [k]))).toEqual([["", 3]]);
    expect(vectorOf(instant('sum(count_over_time({job="k"} | logfmt m="msg" | m="hello" [5m]))', [k]))).toEqual([]);
    // Without hints (no grouping, no filter on it) it is filled in; a key not renamed is filled in either way.
    expect(only(instant('count_over_time({job="k"} | logfmt m="msg" [5m])', [k])).sort()).toEqual([["", 1], ["bye", 1], ["hello", 1]]);
    expect(only(instant('sum by (msg) (count_over_time({job="k"} | logfmt msg [5m]))', [k]))).toEqual([["", 1], ["bye", 1], ["hello", 1]]);
    // A line key named like the renamed label fills it there instead: `team="msg"` under `sum by (team)` takes the line's team.
    const t = stream({ job: "t" }, [[s(-3), "team=t1 msg=a"], [s(-2), "team=t2 msg=b"], [s(-1), "team=t1 msg=c"]]);
    expect(vectorOf(instant('sum by (team) (count_over_time({job="t"} | logfmt team="msg" [5m]))', [t]))).toEqual([{ labels: { team: "t1" }, value: 2 }, { labels: { team: "t2" }, value: 1 }]);
    expect(vectorOf(instant('count_over_time({job="t"} | logfmt team="msg" [5m])', [t])).map((x) => x.labels.team).sort()).toEqual(["a", "b", "c"]);
  });

  test("label_replace takes any destination name, as Loki 3.4.6 does", () => {
    expect(vectorOf(instant('label_replace(sum(count_over_time({app="api"}[1m])), "1bad", "x", "", "")'))).toEqual([{ labels: { "1bad": "x" }, value: expect.any(Number) }]);
  });

  test("absent_over_time: 1 with the selector's equality labels when the range is empty, nothing otherwise", () => {
    // "returns an empty vector if the range vector passed to it has any elements and a 1-element vector with the
    // value 1 if the range vector passed to it has no elements"
    expect(vectorOf(instant('absent_over_time({app="nope", env=~"p.*"}[1m])'))).toEqual([{ labels: { app: "nope" }, value: 1 }]);
    expect(vectorOf(instant('absent_over_time({app="api"}[1m])'))).toEqual([]);
    expect(vectorOf(instant('absent_over_time({app="api"} |= "zzz" [1m])'))).toEqual([{ labels: { app: "api" }, value: 1 }]);
  });
});

describe("avg_over_time as Loki's query sharding rewrites it", () => {
  // Loki 3.4.6 answers 1.3333333333333333 for `avg_over_time({…} | json | __error__="" | unwrap k | __error__="" [1h]) by (job)`
  // over {"k":1}, `not json`, {"k":"abc"}, {"k":3}: sum_over_time (4) / count_over_time without the unwrap (3 lines).
  const ks = stream({ job: "t1" }, [
    [s(-40), '{"k":1}'],
    [s(-30), "not json k=3"],
    [s(-25), '{"k":"abc"}'],
    [s(-20), '{"k":3}'],
  ]);
  test("with by (…) it is sum_over_time / count_over_time, the count without the unwrap", () => {
    expect(valueOf(instant('avg_over_time({job="t1"} | json | __error__="" | unwrap k | __error__="" [1m]) by (job)', [ks]))).toBeCloseTo(4 / 3, 12);
  });
  test("a label-reducing stage (drop, keep, a label_format rename) rewrites it too", () => {
    expect(valueOf(instant('avg_over_time({job="t1"} | json | __error__="" | drop __error_details__ | unwrap k | __error__="" [1m])', [ks]))).toBeCloseTo(4 / 3, 12);
  });
  test("without grouping and without label-reducing stages it is the plain average per series", () => {
    expect(valueOf(instant('avg_over_time({job="t1"} | json | __error__="" | unwrap k | __error__="" [1m])', [ks]))).toBe(2);
    expect(vectorOf(instant('avg_over_time({job="t1"} |= "{" | regexp `"k":(?P<k>\\d+)` | unwrap k [1m])', [ks])).map((x) => x.value)).toEqual([2]);
  });
});

describe("sum_over_time and avg_over_time add as Loki 3.4.6 does (measured): value by value, a running mean", () => {
  const tenths = stream({ job: "f" }, Array.from({ length: 6 }, (_, i): [number, string] => [s(-50 + i), "v=0.1"]));
  test("six 0.1s average 0.1 (a sum over count gives 0.09999999999999999)", () => {
    expect(valueOf(instant('avg_over_time({job="f"} | logfmt | unwrap v [1m])', [tenths]))).toBe(0.1);
  });
  test("large values cancel as Loki's running mean lets them", () => {
    const big = stream({ job: "g" }, ["1e16", "1", "1", "0.1", "0.1", "-1e16"].map((v, i): [number, string] => [s(-50 + i), `v=${v}`]));
    const loki = [1e16, 1, 1, 0.1, 0.1, -1e16].reduce((m, v, i) => m + (v / (i + 1) - m / (i + 1)), 0);
    expect(valueOf(instant('avg_over_time({job="g"} | logfmt | unwrap v [1m])', [big]))).toBe(loki);
    expect(valueOf(instant('sum_over_time({job="g"} | logfmt | unwrap v [1m])', [big]))).toBe(1e16 + 1 + 1 + 0.1 + 0.1 - 1e16);
  });
});

describe("an unwrap's one label filter is checked inside the parsers too (Loki 3.4.6's hints take it as the last stage)", () => {
  const lines = [stream({ app: "u" }, [[s(-20), 'd=1s broken="x'], [s(-10), "d=2s"]])];
  test("logfmt --strict checks `| unwrap … | __error__=\"\"` as it sets its error: the drop comes too late", () => {
    expect(valueOf(instant('sum(sum_over_time({app="u"} | logfmt --strict | drop __error__ | unwrap duration(d) | __error__="" [1m]))', lines))).toBe(2);
  });
  test("two filters after the unwrap are one `and`, which is not checked there", () => {
    expect(valueOf(instant('sum(sum_over_time({app="u"} | logfmt --strict | drop __error__ | unwrap duration(d) | __error__="" | d!="x" [1m]))', lines))).toBe(3);
  });
});

describe("keep leaves the mark that a query keeps its errors (Loki's isSpecialLabel)", () => {
  test("sum by (__error__) counts the lines a parser could not read through a keep, as Loki 3.4.6 answers", () => {
    const lines = [stream({ app: "k" }, [[s(-20), 'a="x'], [s(-10), "a=1"]])];
    expect(vectorOf(instant('sum by (__error__) (count_over_time({app="k"} | logfmt --strict | keep a [1m]))', lines))).toEqual([
      { labels: {}, value: 1 },
      { labels: { __error__: "LogfmtParserErr" }, value: 1 },
    ]);
  });
});

describe("vector aggregations", () => {
  test("stdvar and stddev start from the group's first sample, as Loki 3.4.6 does: one NaN gives 0 (stdvar_over_time gives NaN)", () => {
    expect(valueOf(instant("stdvar(vector(0) / 0)"))).toBe(0);
    expect(valueOf(instant("stddev(vector(0) / 0)"))).toBe(0);
    expect(valueOf(instant("stdvar(vector(1) / 0 or vector(2))"))).toBe(0);
  });
  test("without (…) leaves out __name__ (a line's JSON key), also where Loki's sharding merges with one (Loki 3.4.6's answers)", () => {
    const named = [stream({ app: "n" }, [[s(-10), '{"__name__":"x","k":"a"}']])];
    expect(vectorOf(instant('sum without (k) (count_over_time({app="n"} | json [1m]))', named))).toEqual([{ labels: { app: "n" }, value: 1 }]);
    expect(vectorOf(instant('count_over_time({app="n"} | json | keep __name__, k [1m])', named))).toEqual([{ labels: { k: "a" }, value: 1 }]);
    expect(vectorOf(instant('sum by (__name__) (count_over_time({app="n"} | json [1m]))', named))).toEqual([{ labels: { __name__: "x" }, value: 1 }]);
    expect(vectorOf(instant('count_over_time({app="n"} | json [1m])', named))).toEqual([{ labels: { __name__: "x", app: "n", k: "a" }, value: 1 }]);
  });
  test.each([
    ['sum by (app) (count_over_time({env="prod"}[1m]))', [[{ app: "api" }, 5], [{ app: "web" }, 2]]],
    ['sum without (env) (count_over_time({env="prod"}[1m]))', [[{ app: "api" }, 5], [{ app: "web" }, 2]]],
    ['count(count_over_time({env=~".+"}[1m]))', [[{}, 3]]],
    ['max(count_over_time({env=~".+"}[1m]))', [[{}, 5]]],
    ['min by (env) (count_over_time({env=~".+"}[1m]))', [[{ env: "dev" }, 1], [{ env: "prod" }, 2]]],
    ['avg(count_over_time({env=~".+"}[1m]))', [[{}, 8 / 3]]],
    ['stdvar(count_over_time({env="prod"}[1m]))', [[{}, 2.25]]],
    ['stddev(count_over_time({env="prod"}[1m]))', [[{}, 1.5]]],
    // "topk and bottomk … a subset of the input samples, including the original labels, are returned"
    ['topk(1, count_over_time({env=~".+"}[1m]))', [[{ app: "api", env: "prod" }, 5]]],
    ['bottomk(2, count_over_time({env=~".+"}[1m]))', [[{ app: "db", env: "dev" }, 1], [{ app: "web", env: "prod" }, 2]]],
    ['topk by (env) (1, count_over_time({env=~".+"}[1m]))', [[{ app: "api", env: "prod" }, 5], [{ app: "db", env: "dev" }, 1]]],
    ['sum by (level) (count_over_time({app="api"} | json [1m]))', [[{ level: "error" }, 2], [{ level: "info" }, 2], [{ level: "warn" }, 1]]],
    ['sum by (nothere) (count_over_time({app="api"}[1m]))', [[{}, 5]]],
  ] as [string, [Record<string, string>, number][]][])("%s", (q, want) => {
    const got = vectorOf(instant(q));
    expect(got.map((x) => [x.labels, x.value])).toEqual(want.map(([l, v]) => [l, expect.closeTo(v, 9)]) as never);
  });

  test("sort_desc keeps its order; other instant vectors are sorted by labels", () => {
    expect(vectorOf(instant('sort_desc(count_over_time({env=~".+"}[1m]))')).map((x) => x.value)).toEqual([5, 2, 1]);
    expect(vectorOf(instant('sort(count_over_time({env=~".+"}[1m]))')).map((x) => x.value)).toEqual([1, 2, 5]);
    expect(vectorOf(instant('count_over_time({env=~".+"}[1m])')).map((x) => x.labels.app)).toEqual(["api", "db", "web"]);
  });
});

describe("binary operators", () => {
  test("dividing or taking the modulo by zero is NaN in LogQL, not ±Inf as in PromQL (Loki's MergeBinOp)", () => {
    // Loki 3.4.6: `sum(count_over_time({…}[1h])) / 0` is NaN, and `(… / 0) > bool 0` is 0.
    expect(valueOf(instant('sum(count_over_time({app="api"}[5m])) / 0'))).toBeNaN();
    expect(valueOf(instant('sum(count_over_time({app="api"}[5m])) % 0'))).toBeNaN();
    expect(valueOf(instant('(sum(count_over_time({app="api"}[5m])) / 0) > bool 0'))).toBe(0);
    expect(valueOf(instant("1 / 0"))).toBeNaN();
    expect(valueOf(instant("-1 / 0"))).toBeNaN();
    expect(valueOf(instant("1 ^ (0 / 0)"))).toBe(1); // Go's math.Pow(1, NaN)
  });

  test.each([
    // "Operator order: … regular mathematical convention … `1 + 2 / 3` is equal to `1 + ( 2 / 3 )`.
    // `2 * 3 % 2` is evaluated as `(2 * 3) % 2`." ^ is right-associative as in PromQL.
    ["1 + 2 / 3", 1 + 2 / 3],
    ["2 * 3 % 2", 0],
    ["2 ^ 3 ^ 2", 512],
    ["-2 * 3 + 1", -5],
    ["(1 + 2) * 3", 9],
    // "Between two scalars, these operators result in another scalar that is either 0 (false) or 1 (true)"
    ["1 >= 1", 1],
    ["2 < 1", 0],
    ['sum(count_over_time({app="api"}[1m])) * 2', 10],
    ['2 * sum(count_over_time({app="api"}[1m])) - 1', 9],
    ['sum(count_over_time({app="api"}[1m])) / sum(count_over_time({env="prod"}[1m]))', 5 / 7],
    ['sum(rate({app="api"}[1m])) * 60 ^ 2 / 60', 5],
  ])("%s = %d", (q, want) => {
    expect(valueOf(instant(q))).toBeCloseTo(want, 9);
  });

  test("comparisons filter a vector, or give 0/1 with bool", () => {
    // "Filters the streams which logged at least 10 lines"; "bool … return 0 or 1 for the value rather than filtering"
    expect(vectorOf(instant('count_over_time({env=~".+"}[1m]) > 1'))).toEqual([
      { labels: { app: "api", env: "prod" }, value: 5 },
      { labels: { app: "web", env: "prod" }, value: 2 },
    ]);
    expect(vectorOf(instant('count_over_time({env=~".+"}[1m]) > bool 1')).map((x) => x.value)).toEqual([1, 0, 1]);
    // A scalar on the left keeps the vector's value.
    expect(vectorOf(instant('3 < count_over_time({env=~".+"}[1m])'))).toEqual([{ labels: { app: "api", env: "prod" }, value: 5 }]);
  });

  test("vector matching: all labels, on(), ignoring(), group_left", () => {
    const errors = 'sum by (app) (count_over_time({env="prod"} |~ "error" [1m]))';
    const total = 'sum by (app) (count_over_time({env="prod"}[1m]))';
    expect(vectorOf(instant(`${errors} / ${total}`))).toEqual([
      { labels: { app: "api" }, value: 2 / 5 },
      { labels: { app: "web" }, value: 1 / 2 },
    ]);
    expect(vectorOf(instant(`count_over_time({env="prod"}[1m]) / on(env) group_left sum by (env) (count_over_time({env="prod"}[1m]))`))).toEqual([
      { labels: { app: "api", env: "prod" }, value: 5 / 7 },
      { labels: { app: "web", env: "prod" }, value: 2 / 7 },
    ]);
    expect(() => instant(`count_over_time({env="prod"}[1m]) / on(env) sum by (env) (count_over_time({env="prod"}[1m]))`)).toThrow(/many-to-one matching must be explicit/);
    expect(() => instant(`count_over_time({env="prod"}[1m]) - ignoring(app) sum by (env) (count_over_time({env="prod"}[1m]))`)).toThrow(/multiple matches/);
  });

  test("and / or / unless", () => {
    // "vector1 or vector2 results in a vector that contains all original elements … of vector1 and additionally all
    // elements of vector2 which do not have matching label sets in vector1"
    expect(valueOf(instant('sum(count_over_time({app="nope"}[1m])) or vector(0)'))).toBe(0);
    expect(vectorOf(instant('count_over_time({env=~".+"}[1m]) and count_over_time({app="web"}[1m])')).map((x) => x.labels.app)).toEqual(["web"]);
    expect(vectorOf(instant('count_over_time({env=~".+"}[1m]) unless on(env) count_over_time({app="web"}[1m])')).map((x) => x.labels.app)).toEqual(["db"]);
  });

  test("label_replace", () => {
    expect(vectorOf(instant('label_replace(sum by (app) (count_over_time({app="api"}[1m])), "svc", "service-$1", "app", "(a.)i")'))).toEqual([
      { labels: { app: "api", svc: "service-ap" }, value: 5 },
    ]);
  });
});

describe("range queries (step)", () => {
  test("points at aligned steps, and none where the range is empty", () => {
    const r = evaluateStreams('count_over_time({app="web"}[10s])', { startMs: s(-61), endMs: s(-1), stepMs: 10_000 }, all);
    expect(r).toEqual({ type: "matrix", series: [{ labels: { app: "web", env: "prod" }, points: [{ tsMs: s(-40), value: 1 }, { tsMs: s(-10), value: 1 }] }] });
  });

  test("a scalar range query is one series without labels", () => {
    const r = evaluateStreams("1 + 1", { startMs: s(-20), endMs: s(0), stepMs: 10_000 }, all);
    expect(r).toEqual({ type: "matrix", series: [{ labels: {}, points: [-20, -10, 0].map((x) => ({ tsMs: s(x), value: 2 })) }] });
  });

  test("too many points is refused like Loki", () => {
    expect(() => evaluateStreams('count_over_time({app="web"}[1m])', { startMs: 0, endMs: 20_000_000, stepMs: 1000 }, all)).toThrow(/maximum resolution of 11000 points/);
  });
});

describe("log queries", () => {
  const window: QueryParams = { startMs: s(-3600), endMs: s(1) };
  const lines = (r: QueryResult) => {
    if (r.type !== "streams") throw new Error(r.type);
    return r.streams.map((x) => ({ labels: x.labels, lines: x.entries.map((e) => e.line) }));
  };

  test("backward (the default) keeps the newest `limit` lines; forward the oldest", () => {
    const many = stream({ app: "many" }, Array.from({ length: 10 }, (_, i) => [s(-100 + i), `line ${i}`] as [number, string]));
    expect(lines(evaluateStreams('{app="many"}', { ...window, limit: 3 }, [many]))[0]!.lines).toEqual(["line 9", "line 8", "line 7"]);
    expect(lines(evaluateStreams('{app="many"}', { ...window, limit: 3, direction: "forward" }, [many]))[0]!.lines).toEqual(["line 0", "line 1", "line 2"]);
    const twelve = stream({ app: "many" }, Array.from({ length: 120 }, (_, i) => [s(-200 + i), `l${i}`] as [number, string]));
    expect(lines(evaluateStreams('{app="many"}', window, [twelve]))[0]!.lines.length).toBe(100); // Loki's default limit
  });

  test("the limit applies across streams; streams in label order, descending when backward over a window crossing a whole hour (Loki's frontend)", () => {
    const r = lines(evaluateStreams('{env="prod"} |= "error"', { ...window, limit: 2 }, all));
    expect(r).toEqual([
      { labels: { app: "web", env: "prod" }, lines: ["level=error msg=boom duration=3s"] },
      { labels: { app: "api", env: "prod" }, lines: ['{"level":"error","status":503,"latency":"2s","size":"4KB","path":"/b"}'] },
    ]);
    const forward = lines(evaluateStreams('{env="prod"} |= "error"', { ...window, limit: 10, direction: "forward" }, all));
    expect(forward.map((x) => x.labels.app)).toEqual(["api", "web"]);
  });

  test("within one hour Loki answers with one query, streams ascending in both directions", () => {
    // Loki 3.4.6: streams a, b, c over a 6-minute window, backward and forward alike.
    const abc = ["a", "c", "b"].map((n, i) => stream({ app: n }, [[s(-600 + i), n]]));
    for (const direction of ["backward", "forward"] as const) {
      const r = lines(evaluateStreams('{app=~"a|b|c"}', { startMs: s(-900), endMs: s(-300), direction }, abc));
      expect(r.map((x) => x.labels.app)).toEqual(["a", "b", "c"]);
    }
  });

  test("extracted labels split a stream", () => {
    const r = lines(evaluateStreams('{app="web"} | logfmt | keep level', window, all));
    expect(r).toEqual([
      { labels: { level: "info" }, lines: ["level=info msg=hello duration=30ms"] },
      { labels: { level: "error" }, lines: ["level=error msg=boom duration=3s"] },
    ]);
  });

  test("a limit cutting through lines of several streams at one timestamp takes the lower label set first, in both directions", () => {
    const tie = [stream({ app: "b" }, [[s(-1), "b1"], [s(-1), "b2"]]), stream({ app: "a" }, [[s(-1), "a1"], [s(-1), "a2"]])];
    for (const direction of ["backward", "forward"] as const) {
      const r = lines(evaluateStreams('{app=~"a|b"}', { ...window, limit: 3, direction }, tie));
      const want = direction === "backward" ? [["b2"], ["a2", "a1"]] : [["a1", "a2"], ["b1"]];
      expect(r.map((x) => x.lines)).toEqual(want);
    }
  });

  test("a parsed label that exists in the stream gets the _extracted suffix", () => {
    // "If an extracted label key name already exists in the original log stream, the extracted label key will be
    // suffixed with the _extracted keyword"
    const s1 = stream({ app: "x", level: "stream" }, [[s(-1), '{"level":"line","app":"y"}']]);
    expect(lines(evaluateStreams('{app="x"} | json', window, [s1]))[0]!.labels).toEqual({ app: "x", level: "stream", level_extracted: "line", app_extracted: "y" });
  });

  describe("a parsed key that is a stream label of only some streams (Loki 3.4.6 names it alike on all, by the stream it reads first)", () => {
    // Answers measured against Loki 3.4.6 with each of its two names for `level` (the labelled stream read first, or the other).
    const labelled = stream({ app: "x", level: "warn" }, [[s(-20), "level=info id=1"]]);
    const plain = stream({ app: "x" }, [[s(-10), "level=warn id=2"]]);
    const jsonLabelled = stream({ app: "j", level: "warn" }, [[s(-20), '{"level":"info","id":"3","_entry":"e3"}']]);
    const jsonPlain = stream({ app: "j" }, [[s(-10), '{"level":"warn","id":"4","_entry":"e4"}']]);
    const both = [labelled, plain, jsonLabelled, jsonPlain];
    const streamsOf = (q: string, streams = both) => lines(evaluateStreams(q, window, streams)).map((x) => x.labels);

    test.each([
      ['{app="x"} | logfmt | keep id', [{ id: "2" }, { id: "1" }]],
      ['{app="x"} | logfmt | keep id, app', [{ app: "x", id: "2" }, { app: "x", id: "1" }]],
      ['{app="x"} | logfmt | drop level, level_extracted', [{ app: "x", id: "2" }, { app: "x", id: "1" }]],
      ['{app="x"} | logfmt | drop level_extracted | drop level', [{ app: "x", id: "2" }, { app: "x", id: "1" }]],
      ['{app="x"} | logfmt | line_format "{{.id}}" | id!="3" | keep id', [{ id: "2" }, { id: "1" }]],
      ['{app="x"} | logfmt level, id | keep id', [{ id: "2" }, { id: "1" }]],
      ['{app="j"} | json | keep id', [{ id: "4" }, { id: "3" }]],
      ['{app="j"} | unpack | drop level_extracted, level', [{ app: "j", id: "4" }, { app: "j", id: "3" }]],
    ] as [string, Record<string, string>[]][])("answered where a later stage removes both names before the answer: %s", (q, expected) => {
      expect(streamsOf(q)).toEqual(expected);
      // Whichever stream the engine reads first.
      expect(streamsOf(q, [...both].reverse())).toEqual(expected);
    });

    test("answered in a metric query too", () => {
      const r = evaluateStreams('count_over_time({app="x"} | logfmt | keep id [1m])', { startMs: T, endMs: T }, both);
      expect(r.type === "vector" && r.samples.map((x) => [x.labels, x.value])).toEqual([
        [{ id: "1" }, 1],
        [{ id: "2" }, 1],
      ]);
    });

    test.each([
      // One of the two names stays, or a stage shows, reads or tests it before it goes, or a later parser meets what this one set.
      '{app="x"} | logfmt',
      '{app="x"} | logfmt | drop level',
      '{app="x"} | logfmt | drop level_extracted',
      '{app="x"} | logfmt | keep id, level',
      '{app="x"} | logfmt | keep id, level_extracted',
      '{app="x"} | logfmt | keep id, level="warn"',
      '{app="x"} | logfmt | drop level="warn", level_extracted',
      '{app="x"} | logfmt | drop level, level_extracted="info"',
      '{app="x"} | logfmt | label_format x="{{.level}}" | keep id, x',
      '{app="x"} | logfmt | label_format level="x" | keep id',
      '{app="x"} | logfmt | line_format "{{.level}}" | keep id',
      '{app="x"} | logfmt | level!="error" | keep id',
      '{app="x"} | logfmt | keep id | level=""',
      '{app="x"} | logfmt | keep id | logfmt',
      '{app="j"} | json | json | keep id',
      '{app="j"} | json | drop level',
      '{app="j"} | unpack | keep id, level',
      'sum by (level) (count_over_time({app="x"} | logfmt | keep id [1m]))',
      'sum by (level_extracted) (count_over_time({app="x"} | logfmt | drop level, level_extracted [1m]))',
    ])("still refused: %s", (q) => {
      const params = q.startsWith("sum") ? { startMs: T, endMs: T } : window;
      expect(() => evaluateStreams(q, params, both)).toThrow('a parser sets "level" on streams that carry a stream label "level" and on streams that do not');
    });

    // The `files:` reader skips a line holding none of a stream's literals (or one of its excluded ones) before the
    // engine sees it. A literal of a stage after the parser (`level="info"` on the unlabelled stream: "info") skipped its
    // `level=warn` line, so the parser never met `level` there and the engine answered, where Loki's answer depends on
    // the stream it reads first (measured in test/logql-extracted-suffix.test.ts: `| level="info" | keep id` is {id="1"}
    // or nothing, `| level_extracted="info" | keep id` the other way round).
    test.each([
      '{app="x"} | logfmt | level="info" | keep id',
      '{app="x"} | logfmt | level_extracted="info" | keep id',
      '{app="x"} | logfmt | id!="3" != "id=2" | keep id, level',
      '{app="j"} | json | level="info" | keep id',
      'sum(count_over_time({app="x"} | logfmt | level="info" [1m]))',
      'sum by (level) (count_over_time({app="x"} | logfmt | level_extracted="info" [1m]))',
    ])("still refused where the file reader skips lines by a literal found after the parser: %s", (q) => {
      const params = q.startsWith("sum") ? { startMs: T, endMs: T } : window;
      for (const streams of [both, [...both].reverse()])
        expect(() => evaluatePrefiltered(q, params, streams)).toThrow('a parser sets "level" on streams that carry a stream label "level" and on streams that do not');
    });

    test("the literals found after the parser still skip lines where no such name can differ", () => {
      const sinkOf = (q: string, streams: MemoryStream[], i = 0) => prepareQuery(q, window).start(streams.map((x) => x.labels)).openStream(streams[i]!.labels)!;
      // One kind of stream: the literal alone.
      expect(sinkOf('{app="x"} | logfmt | level="info" | keep id', [plain]).literals).toEqual(["info", "\\"]);
      expect(sinkOf('{app="x"} | logfmt | id!="3" != "id=2" | keep id', [plain]).excluded).toEqual(["id=2"]);
      // Both kinds: a line holding the key's name is read too (its parser may set `level`); an exclusion found after the parser is not used.
      expect(sinkOf('{app="x"} | logfmt | level="info" | keep id', [labelled, plain], 1).literals).toEqual(["info", "\\", "level"]);
      expect(sinkOf('{app="x"} | logfmt | id!="3" != "id=2" | keep id', [labelled, plain], 1).excluded).toBeUndefined();
      // A stream the selector does not select does not count, nor a label no parser before the literal can set.
      expect(sinkOf('{app="x", level=""} | logfmt | level="info"', [labelled, plain], 1).literals).toEqual(["info", "\\"]);
      expect(sinkOf('{app="x"} | regexp "id=(?P<id>\\\\d+)" | id="2"', [labelled, plain], 1).literals).toEqual(["2"]);
      // A metric query whose parsers extract only the labels it names (its hints): a name it does not need cannot differ.
      expect(sinkOf('sum by (id) (count_over_time({app="x"} | logfmt | id="2" [1m]))', [labelled, plain], 1).literals).toEqual(["2", "\\"]);
      // The answer is the one every line gives.
      const q = '{app="x"} | logfmt | id="2" | keep id';
      for (const streams of [both, [...both].reverse()]) expect(lines(evaluatePrefiltered(q, window, streams))).toEqual(lines(evaluateStreams(q, window, streams)));
    });
  });

  test("parser hints name a stream label's parsed twin by its _extracted name: the parser reads that key's value", () => {
    const s1 = stream({ app: "x", level: "stream" }, [[s(-1), '{"ts":"t","level":"line","msg":"m"}'], [s(-2), '{"level":"other"}']]);
    const r = evaluateStreams('sum by (level_extracted) (count_over_time({app="x"} | json | level_extracted="line" [1h]))', { startMs: T, endMs: T }, [s1]);
    expect(r.type === "vector" && r.samples.map((x) => [x.labels, x.value])).toEqual([[{ level_extracted: "line" }, 1]]);
  });

  test("parse errors do not drop lines in log queries; they add __error__", () => {
    // "In case of errors, for instance if the line is not in the expected format, the log line won't be filtered but
    // instead will get a new __error__ label added."
    const s1 = stream({ app: "x" }, [[s(-1), "not json"]]);
    const r = lines(evaluateStreams('{app="x"} | json', window, [s1]));
    expect(r[0]!.labels.__error__).toBe("JSONParserErr");
    expect(r[0]!.labels.__error_details__).toBeString();
    expect(lines(evaluateStreams('{app="x"} | json | __error__=""', window, [s1]))).toEqual([]);
    expect(lines(evaluateStreams('{app="x"} | json | drop __error__, __error_details__', window, [s1]))).toEqual([{ labels: { app: "x" }, lines: ["not json"] }]);
  });

  test("limits: 5000 entries at most, a positive limit", () => {
    expect(() => evaluateStreams('{app="x"}', { ...window, limit: 5001 }, [])).toThrow(LogqlError);
    expect(() => evaluateStreams('{app="x"}', { ...window, limit: 0 }, [])).toThrow(/positive/);
  });
});

describe("query validation", () => {
  test("`logfmt a, b` works in log queries and as one key per stage in metric queries", () => {
    const kv = stream({ app: "kv" }, [[s(-20), "b=2 a=1"]]);
    expect(vectorOf(instant('sum by (a, b) (count_over_time({app="kv"} | logfmt a | logfmt b [1m]))', [kv]))).toEqual([{ labels: { a: "1", b: "2" }, value: 1 }]);
    const r = evaluateStreams('{app="kv"} | logfmt a, b', { startMs: s(-60), endMs: s(1) }, [kv]);
    expect(r.type === "streams" && r.streams[0]!.labels).toEqual({ app: "kv", a: "1", b: "2" });
  });

  test("RE2 script classes such as \\p{Greek} are translated", () => {
    const greek = stream({ app: "g" }, [[s(-20), "alpha α"], [s(-10), "plain"]]);
    expect(valueOf(instant('sum(count_over_time({app="g"} |~ `\\p{Greek}` [1m]))', [greek]))).toBe(1);
  });


  test.each([
    ['{app=~".*"}', /empty-compatible value/],
    ['count_over_time({app=""}[1m])', /empty-compatible value/],
    ['sum_over_time({app="a"}[1m])', /sum_over_time without unwrap/],
    ['count_over_time({app="a"} | unwrap x [1m])', /count_over_time with unwrap/],
    ['count_over_time({app="a"}[1m]) by (x)', /grouping not allowed for count_over_time/],
    ['sum_over_time({app="a"} | unwrap x [1m]) by (x)', /grouping not allowed for sum_over_time/],
    ['quantile_over_time({app="a"} | unwrap x [1m])', /parameter required/],
    ['topk(0, count_over_time({app="a"}[1m]))', /must be greater than 0/],
    ['sum(1)', /needs a vector/],
    ['1 and 2', /unexpected literal/],
    // Loki 3.4.6 answers `sum by (a, b) (count_over_time({…} | logfmt a, b [1h]))` over `b=2 a=1` and `a=1 b=2`
    // with {a="", b="2"} and {a="1", b=""}: only the first requested key found on a line is filled in.
    ['sum by (a, b) (count_over_time({app="web"} | logfmt a, b [1h]))', /`logfmt` with several keys in a metric query .* not supported by the embedded engine/],
  ])("%s is refused", (q, re) => {
    expect(() => instant(q)).toThrow(re);
  });
});

describe("parser hints in metric queries (Loki's parser_hints.go)", () => {
  // Loki only extracts the labels a metric query needs ("sum by (status_code) (rate({app="foo"} | json [5m])):
  // all we need to extract is the status_code"), skips parsers when none is needed ("sum(rate({app="foo"} | json
  // [5m])): we don't need to extract any labels"), stops parsing a line once they are found, and keeps parse errors
  // countable when the query names __error__. These change which queries fail with a pipeline error.
  const mixed = stream({ app: "m" }, [
    [s(-40), '{"level":"info","msg":"ok"}'],
    [s(-30), "Starting server (not json)"],
    [s(-20), '{"level":"error","msg":"cut short'],
  ]);
  const at = (q: string) => instant(q, [mixed]);

  test("no label needed: json does not run, so nothing fails", () => {
    expect(valueOf(at('sum(count_over_time({app="m"} | json [1m]))'))).toBe(3);
    expect(valueOf(at('sum(rate({app="m"} | json [1m])) * 60'))).toBeCloseTo(3, 9);
  });

  test("without a sum around it, every label is extracted and the bad lines fail the query", () => {
    expect(() => at('count_over_time({app="m"} | json [1m])')).toThrow(/pipeline error: 'JSONParserErr'/);
    expect(() => at('max(count_over_time({app="m"} | json [1m]))')).toThrow(/pipeline error/);
  });

  test("a line stops being parsed once the needed labels are found", () => {
    // The truncated line yields level="error" before its syntax error is reached, so it counts without error.
    const jsonOnly = stream({ app: "j" }, [mixed.entries[0]!, mixed.entries[2]!].map((e) => [e.ms, e.line] as [number, string]));
    expect(vectorOf(instant('sum by (level) (count_over_time({app="j"} | json [1m]))', [jsonOnly]))).toEqual([
      { labels: { level: "error" }, value: 1 },
      { labels: { level: "info" }, value: 1 },
    ]);
    // The non-JSON line fails before any label is found.
    expect(() => at('sum by (level) (count_over_time({app="m"} | json [1m]))')).toThrow(/pipeline error/);
    // Found inside a nested object, the parse stops there too: the members after the object are not read.
    const nested = stream({ app: "n" }, [[s(-40), '{"a":{"b":"x","c":"y"},"d":"z", cut short']]);
    expect(vectorOf(instant('sum by (a_b) (count_over_time({app="n"} | json [1m]))', [nested]))).toEqual([{ labels: { a_b: "x" }, value: 1 }]);
    // Naming __error__ makes it a required label no parser sets, so lines are parsed to the end again.
    expect(vectorOf(at('sum by (level) (count_over_time({app="m"} | json | __error__="" [1m]))'))).toEqual([{ labels: { level: "info" }, value: 1 }]);
  });

  test("a numeric filter on a label a bad line lacks drops that line before the error check (Loki 3.4.6)", () => {
    // Loki 3.4.6: `sum(count_over_time({…} | json | k >= 2 [5m]))` counts the good lines; the non-JSON line has no k.
    const ks = stream({ app: "k" }, [
      [s(-40), '{"k":1}'],
      [s(-30), "not json k=3"],
      [s(-20), '{"k":3}'],
    ]);
    expect(valueOf(instant('sum(count_over_time({app="k"} | json | k >= 2 [1m]))', [ks]))).toBe(1);
  });

  test("naming __error__ keeps errors countable", () => {
    expect(vectorOf(at('sum by (__error__) (count_over_time({app="m"} | json [1m]))'))).toEqual([
      { labels: {}, value: 1 },
      { labels: { __error__: "JSONParserErr" }, value: 2 },
    ]);
    expect(valueOf(at('sum(count_over_time({app="m"} | json | __error__!="" [1m]))'))).toBe(2);
  });

  test("a sum around count/rate/bytes ranges groups samples at extraction (same result, fewer series)", () => {
    const many = stream({ app: "u" }, Array.from({ length: 200 }, (_, i) => [s(-50 + i / 10), `{"id":"${i}","level":"${i % 2 ? "a" : "b"}"}`] as [number, string]));
    expect(vectorOf(instant('sum by (level) (count_over_time({app="u"} | json [1m]))', [many]))).toEqual([
      { labels: { level: "a" }, value: 100 },
      { labels: { level: "b" }, value: 100 },
    ]);
    expect(valueOf(instant('sum(count_over_time({app="u"} | json [1m]))', [many]))).toBe(200);
  });
});

describe("labels a default Loki 3.x adds at ingestion (ingestLabels)", () => {
  const mixed = stream({ app: "x" }, [
    [s(-40), "level=error msg=a"],
    [s(-30), "level=error msg=b"],
    [s(-20), "INFO started"],
    [s(-10), "nothing to see"],
  ]);
  const at = (q: string, ingestLabels = true) => evaluateStreams(q, { startMs: T, endMs: T, ingestLabels }, [mixed]);

  test("an unaggregated count is one series per detected_level, each with service_name", () => {
    expect(vectorOf(at('count_over_time({app="x"}[1m])'))).toEqual([
      { labels: { app: "x", detected_level: "error", service_name: "x" }, value: 2 },
      { labels: { app: "x", detected_level: "info", service_name: "x" }, value: 1 },
      { labels: { app: "x", detected_level: "unknown", service_name: "x" }, value: 1 },
    ]);
    // So an aggregation over it sees per-level counts: Loki's max is 2 here, not 4.
    expect(valueOf(at('max by (app) (count_over_time({app="x"}[1m]))'))).toBe(2);
  });

  test("detected_level can be filtered and grouped (Grafana's log volume); service_name selects", () => {
    expect(valueOf(at('sum(count_over_time({app="x"} | detected_level="error" [1m]))'))).toBe(2);
    expect(vectorOf(at('sum by (detected_level) (count_over_time({service_name="x"}[1m]))')).map((x) => x.labels.detected_level)).toEqual(["error", "info", "unknown"]);
    const logs = evaluateStreams('{app="x"} | detected_level="info"', { startMs: s(-60), endMs: s(1), ingestLabels: true }, [mixed]);
    expect(logs.type === "streams" && logs.streams.map((x) => [x.labels, x.entries.map((e) => e.line)])).toEqual([
      [{ app: "x", detected_level: "info", service_name: "x" }, ["INFO started"]],
    ]);
  });

  test("a parser's level field is no stream label: it does not get _extracted", () => {
    const logs = evaluateStreams('{app="x"} |= "msg=a" | logfmt', { startMs: s(-60), endMs: s(1), ingestLabels: true }, [mixed]);
    expect(logs.type === "streams" && logs.streams[0]!.labels).toEqual({ app: "x", detected_level: "error", service_name: "x", level: "error", msg: "a" });
  });

  // A line whose pipeline fails keeps all its labels, the line's level too, even where its query's grouping leaves the
  // level out. Each series below is Loki 3.4.6's, asked with the same lines pushed to it.
  describe("a pipeline error's series shows the line's detected_level", () => {
    const odd = stream({ service: "odd", env: "t", filename: "logs/odd/app.log" }, [[s(-60), 'ts=1 a-b=1 msg="x" n=0x10']]);
    const oddj = stream({ service: "oddj", env: "t", filename: "logs/oddj/app.log" }, [[s(-60), '{"level":"warn","n":"0x10"}']]);
    const seriesOf = (q: string) => {
      let message = "";
      try {
        evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: true }, [odd, oddj]);
      } catch (e) {
        if (!(e instanceof LogqlError)) throw e;
        message = e.message;
      }
      return /^pipeline error: '[A-Za-z]+' for series: '(\{.*\})'\.\n/.exec(message)?.[1] ?? `no pipeline error: ${message}`;
    };
    const parse = 'strconv.ParseFloat: parsing \\"0x10\\": invalid syntax';
    test.each([
      [
        'sum(sum_over_time({service="odd"} | logfmt | unwrap n [10m]))',
        `{__error__="SampleExtractionErr", __error_details__="${parse}", detected_level="unknown", env="t", filename="logs/odd/app.log", n="0x10", service="odd", service_name="odd"}`,
      ],
      [
        'sum(sum_over_time({service="oddj"} | json | unwrap n [10m]))',
        `{__error__="SampleExtractionErr", __error_details__="${parse}", detected_level="warn", env="t", filename="logs/oddj/app.log", n="0x10", service="oddj", service_name="oddj"}`,
      ],
      [
        'sum(sum_over_time({service="odd"} | logfmt | unwrap n [10m])) by (service)',
        `{__error__="SampleExtractionErr", __error_details__="${parse}", detected_level="unknown", env="t", filename="logs/odd/app.log", n="0x10", service="odd", service_name="odd"}`,
      ],
      [
        'sum(sum_over_time({service="odd"} | logfmt | drop env | unwrap n [10m]))',
        `{__error__="SampleExtractionErr", __error_details__="${parse}", detected_level="unknown", filename="logs/odd/app.log", n="0x10", service="odd", service_name="odd"}`,
      ],
      // keep drops the level as it drops every label it does not name.
      ['sum(sum_over_time({service="odd"} | logfmt | keep n | unwrap n [10m]))', `{__error__="SampleExtractionErr", __error_details__="${parse}", n="0x10"}`],
    ])("%s", (q, series) => {
      expect(seriesOf(q)).toBe(series);
    });

    test("the same line's labels where nothing fails, as Loki 3.4.6 answers", () => {
      const at = (q: string) => evaluateStreams(q, { startMs: T, endMs: T, ingestLabels: true }, [odd]);
      const own = { a_b: "1", env: "t", filename: "logs/odd/app.log", msg: "x", n: "0x10", service: "odd", service_name: "odd", ts: "1" };
      expect(vectorOf(at('sum by (detected_level) (count_over_time({service="odd"} | logfmt [10m]))'))).toEqual([{ labels: { detected_level: "unknown" }, value: 1 }]);
      expect(vectorOf(at('count_over_time({service="odd"} | logfmt | drop detected_level [10m])'))).toEqual([{ labels: own, value: 1 }]);
      expect(vectorOf(at('count_over_time({service="odd"} | logfmt | keep n [10m])'))).toEqual([{ labels: { n: "0x10" }, value: 1 }]);
      const logs = (q: string) => {
        const r = evaluateStreams(q, { startMs: s(-600), endMs: s(5), ingestLabels: true }, [odd]);
        return r.type === "streams" ? r.streams.map((x) => [x.labels, x.entries.map((e) => e.line)]) : r.type;
      };
      const line = ['ts=1 a-b=1 msg="x" n=0x10'];
      expect(logs('{service="odd"} | logfmt')).toEqual([[{ ...own, detected_level: "unknown" }, line]]);
      expect(logs('{service="odd"} | logfmt | keep n')).toEqual([[{ n: "0x10" }, line]]);
      expect(logs('{service="odd"} | logfmt | drop detected_level')).toEqual([[own, line]]);
    });
  });

  test("turned off, neither label exists", () => {
    expect(valueOf(at('max by (app) (count_over_time({app="x"}[1m]))', false))).toBe(4);
    expect(vectorOf(at('count_over_time({app="x"}[1m])', false))).toEqual([{ labels: { app: "x" }, value: 4 }]);
  });
});

describe("labels named as Object.prototype's members (constructor, toString, __proto__…) are labels like any other", () => {
  // Each answer below is Loki 3.4.6's (asked of the real Loki with the same lines): a plain object answered
  // `sum by (toString)` with Object.prototype.toString as the label's value, lost every `__proto__` label, and the
  // grammar refused `constructor` and `__proto__` as names.
  const named = stream({ app: "n" }, [
    [s(-50), '{"__proto__":"x","level":"error"}'],
    [s(-40), '{"__proto__":"y","level":"info"}'],
    [s(-30), '{"constructor":"c","level":"error"}'],
    [s(-20), '{"toString":"t","level":"warn"}'],
    [s(-10), '{"valueOf":"v","hasOwnProperty":"h","level":"error"}'],
  ]);
  const kv = stream({ app: "kv" }, [[s(-5), "constructor=k __proto__=p toString=s"]]);
  /** Each sample as [its labels as sorted pairs, its value]: `{__proto__: …}` cannot be written as a literal to compare with. */
  const pairs = (q: string) => vectorOf(instant(q, [named, kv])).map((x) => [Object.entries(x.labels).sort(), x.value]);

  test.each([
    ['sum by (__proto__) (count_over_time({app="n"} | json [1m]))', [[[], 3], [[["__proto__", "x"]], 1], [[["__proto__", "y"]], 1]]],
    ['sum by (constructor) (count_over_time({app="n"} | json [1m]))', [[[], 4], [[["constructor", "c"]], 1]]],
    ['sum by (toString) (count_over_time({app="n"} | json [1m]))', [[[], 4], [[["toString", "t"]], 1]]],
    ['sum by (valueOf, hasOwnProperty) (count_over_time({app="n"} | json [1m]))', [[[], 4], [[["hasOwnProperty", "h"], ["valueOf", "v"]], 1]]],
    ['sum without (app, level) (count_over_time({app="kv"} | logfmt [1m]))', [[[["__proto__", "p"], ["constructor", "k"], ["toString", "s"]], 1]]],
    ['sum(count_over_time({app="n", toString=""} [1m]))', [[[], 5]]],
    ['sum(count_over_time({app="n"} | json | constructor="" [1m]))', [[[], 4]]],
    ['sum(count_over_time({app="n"} | json | __proto__!="" [1m]))', [[[], 2]]],
    ['absent_over_time({app="none", toString="x", constructor="y"} [1m])', [[[["app", "none"], ["constructor", "y"], ["toString", "x"]], 1]]],
    ['label_replace(sum by (level) (count_over_time({app="n"} | json [1m])), "dst", "$1", "toString", "(.+)")', [[[["level", "error"]], 3], [[["level", "info"]], 1], [[["level", "warn"]], 1]]],
    ['label_replace(sum by (level) (count_over_time({app="n"} | json [1m])), "__proto__", "$1", "level", "(.+)")', [[[["__proto__", "error"], ["level", "error"]], 3], [[["__proto__", "info"], ["level", "info"]], 1], [[["__proto__", "warn"], ["level", "warn"]], 1]]],
  ])("%s", (q, expected) => {
    const sorted = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).sort();
    expect(sorted(pairs(q))).toEqual(sorted(expected as unknown[]));
  });

  test("a log query keeps a parsed __proto__ label and filters on constructor", () => {
    const r = evaluateStreams('{app="n"} | json | constructor="c" or __proto__="y"', { startMs: s(-60), endMs: s(1), direction: "forward" }, [named]);
    if (r.type !== "streams") throw new Error(r.type);
    expect(r.streams.map((x) => Object.entries(x.labels).sort())).toEqual([
      [["__proto__", "y"], ["app", "n"], ["level", "info"]],
      [["app", "n"], ["constructor", "c"], ["level", "error"]],
    ]);
  });
});

describe("modifiers Loki 3.4.6 takes where Prometheus refuses them", () => {
  // `bool` after an operator that is no comparison changes nothing; group_left/group_right after and/or/unless match as without.
  test.each([
    ["vector(6) / bool vector(3)", 2],
    ["6 - bool 3", 3],
    ['sum(count_over_time({env="prod"}[5m])) * bool on() group_left vector(2)', 16],
    ['sum(count_over_time({env="prod"}[5m])) and bool on() vector(1)', 8],
    ['sum(count_over_time({env="prod"}[5m])) and on() group_left vector(1)', 8],
    ['sum(count_over_time({env="prod"}[5m])) or ignoring(x) group_right(y) vector(1)', 8],
  ])("%s is %d", (q, want) => {
    expect(valueOf(instant(q))).toBe(want);
  });

  test("unless with group_left leaves out what matches, as without it", () => {
    expect(vectorOf(instant('sum by (app) (count_over_time({env="prod"}[5m])) unless on(app) group_left sum by (app) (count_over_time({app="web"}[5m]))'))).toEqual([{ labels: { app: "api" }, value: 6 }]);
  });
});

describe("topk and bottomk among equal values", () => {
  // Loki 3.4.6 keeps a group's k best in a heap fed in Go map order, replacing its worst only by a better value (a NaN,
  // worst either way, by anything): which of the series of one value at the cut it keeps changes from run to run. The
  // answer says where its own pick was such a cut.
  const m = stream({ job: "t" }, [[s(-30), "method=GET"], [s(-20), "method=POST"], [s(-10), "method=PUT"], [s(-5), "method=PUT"]]);
  const by = 'sum by (method) (count_over_time({job="t"} | logfmt [5m]))';
  const picks = (r: QueryResult) => (r.type === "vector" || r.type === "matrix" ? r.tiedPicks : undefined);

  test("topk(1) over GET and POST, one line each, keeps one of the two: the tie is in the answer", () => {
    const r = instant(`topk(1, ${by} < 2)`, [m]);
    expect(vectorOf(r)).toHaveLength(1);
    expect(picks(r)).toEqual([{ op: "topk", k: 1, tsMs: T, group: {}, value: 1, kept: [vectorOf(r)[0]!.labels], left: [{ method: vectorOf(r)[0]!.labels.method === "GET" ? "POST" : "GET" }], direct: true }]);
  });

  test("bottomk by group, and a topk under sort, say which group tied; a topk inside the query is not the answer's own", () => {
    const grouped = instant(`bottomk by (job) (1, sum by (job, method) (count_over_time({job="t"} | logfmt [5m])))`, [m]);
    expect(picks(grouped)?.map((t) => [t.op, t.group, t.value, t.kept.length, t.left.length, t.direct])).toEqual([["bottomk", { job: "t" }, 1, 1, 1, true]]);
    expect(picks(instant(`sort_desc(topk(1, ${by} < 2))`, [m]))?.map((t) => t.direct)).toEqual([true]);
    expect(picks(instant(`sum(topk(1, ${by} < 2))`, [m]))?.map((t) => t.direct)).toEqual([false]);
  });

  test("no tie: a k past the series of one value, values that differ, or k above the group's size", () => {
    expect(picks(instant(`topk(2, ${by} < 2)`, [m]))).toBeUndefined();
    // PUT (2) is kept alone above the tie: the tie of GET and POST is left out whole.
    expect(picks(instant(`topk(1, ${by})`, [m]))).toBeUndefined();
    expect(picks(instant(`topk(3, ${by})`, [m]))).toBeUndefined();
    expect(picks(instant(`topk(5, ${by})`, [m]))).toBeUndefined();
  });

  test("a NaN is the worst value for both, and NaNs tie with each other", () => {
    // (n - 1) / (n - 1): NaN for GET and POST (one line each), 1 for PUT.
    const nan = `(${by} - 1) / (${by} - 1)`;
    expect(picks(instant(`topk(1, ${nan})`, [m]))).toBeUndefined();
    expect(picks(instant(`bottomk(1, ${nan})`, [m]))).toBeUndefined();
    const two = picks(instant(`bottomk(2, ${nan})`, [m]));
    expect(two?.map((t) => [Number.isNaN(t.value), t.kept.length, t.left.length])).toEqual([[true, 1, 1]]);
  });

  test("a range query says each step whose pick was such a cut", () => {
    const r = evaluateStreams(`topk(1, ${by} < 2)`, { startMs: s(-15), endMs: s(0), stepMs: 5000 }, [m]);
    // Every step from -15 s to 0 sees GET and POST once each, and at -10 s PUT once too.
    expect(picks(r)?.map((t) => [t.tsMs, t.value, t.kept.length, t.left.length])).toEqual([[s(-15), 1, 1, 1], [s(-10), 1, 1, 2], [s(-5), 1, 1, 1], [s(0), 1, 1, 1]]);
  });
});

/**
 * Evaluates as the `files:` reader feeds the engine: a stream's line holding none of its sink's literals, or one of its
 * excluded literals, is never pushed (the lines here are ASCII: their bytes are their text).
 */
function evaluatePrefiltered(query: string, params: QueryParams, streams: MemoryStream[]): QueryResult {
  const run = prepareQuery(query, params).start(streams.map((x) => x.labels));
  for (const x of streams) {
    const sink = run.openStream(x.labels);
    if (!sink) continue;
    for (const e of x.entries) {
      if (sink.literals && !sink.literals.some((l) => e.line.includes(l))) continue;
      if (sink.excluded?.some((l) => e.line.includes(l))) continue;
      if (sink.wants(e.ms, e.sub ?? 0)) sink.push(e.line, e.ms, e.sub ?? 0);
    }
  }
  return run.finish();
}

describe("a parser's decision on a key holds for the whole query (Loki 3.4.6's keys cache)", () => {
  // Loki 3.4.6's json, logfmt, regexp and unpack parsers decide whether to take a key the first time they meet it
  // (internedStringSet: "not extracted on this line yet" is part of the decision) and keep that decision for every later
  // line. Measured against Loki 3.4.6 with these lines: `| regexp "GET (?P<user>\S+)" | logfmt` gave bob's line no user
  // forward (the first line decided: the regexp had set user there), and alice's line user="alice", not "/p1", backward
  // (dave's line decided: take it, over the regexp's value); the engine, deciding line by line, gave neither answer.
  const ord = stream({ app: "o" }, [
    [s(-40), "GET /p1 user=alice"],
    [s(-30), "POST user=bob"],
    [s(-20), "GET /p3 user=carol"],
    [s(-10), "PUT user=dave"],
  ]);
  const ordJson = stream({ app: "j" }, [
    [s(-40), '{"msg":"GET /p1","user":"alice"}'],
    [s(-30), '{"msg":"POST","user":"bob"}'],
    [s(-20), '{"msg":"GET /p3","user":"carol"}'],
    [s(-10), '{"msg":"PUT","user":"dave"}'],
  ]);
  const streams = [ord, ordJson];
  const window = { startMs: s(-60), endMs: s(1) };
  test.each([
    ['{app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt', "forward"],
    ['{app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt', "backward"],
    ['{app="o"} | regexp "GET (?P<user>\\\\S+)" | regexp "user=(?P<user>\\\\w+)"', "backward"],
    ['{app="j"} | regexp "GET (?P<user>[^\\"]+)" | json', "forward"],
    ['{app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt u="user"', "forward"],
    ['sum by (user) (count_over_time({app="o"} | regexp "GET (?P<user>\\\\S+)" | regexp "user=(?P<user>\\\\w+)" [1m]))', "instant"],
  ] as const)("refused where the answer depends on the line Loki reads first: %s (%s)", (q, how) => {
    const params = how === "instant" ? { startMs: T, endMs: T } : { ...window, direction: how };
    expect(() => evaluateStreams(q, params, streams)).toThrow('takes the key "user" on some lines and passes over it on others');
  });

  test.each([
    // Loki 3.4.6 answered these as the engine does: the decision is the same on every line.
    '{app="o"} | logfmt | regexp "GET (?P<user>\\\\S+)"',
    '{app="o"} | regexp "(?P<user>[a-z]+)=" | logfmt',
    '{app="o"} | regexp "GET (?P<path>\\\\S+)" | logfmt',
    // pattern decides line by line in Loki 3.4.6 too (no keys cache).
    '{app="o"} | logfmt | pattern "<_> <user> <_>"',
    // The later parser's label is taken out before the answer, and nothing reads it.
    '{app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt | keep app',
  ])("answered where the decision is the same on every line: %s", (q) => {
    expect(evaluateStreams(q, { ...window, direction: "forward" }, streams).type).toBe("streams");
  });

  test("still refused where the file reader skips lines by a literal found after the parsers", () => {
    // Loki's parsers read alice's line (the regexp sets user there) before the line filter after the label filter drops
    // it, and logfmt decides there: reading forward, Loki 3.4.6 gave bob's lines no user.
    const q = '{app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt | __error__="" |= "bob"';
    expect(() => evaluatePrefiltered(q, { ...window, direction: "forward" }, [ord])).toThrow('takes the key "user" on some lines and passes over it on others');
  });

  test("answered where a filter on the label, which Loki checks inside the parser, drops the lines the earlier parser set it on (Loki 3.4.6 agreed)", () => {
    const r = evaluatePrefiltered('{app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt | user="bob"', { ...window, direction: "forward" }, [ord]);
    if (r.type !== "streams") throw new Error(r.type);
    expect(r.streams.map((x) => [x.labels.user, x.entries.length])).toEqual([["bob", 1]]);
  });

  test("answered where no line that met the key reaches the answer: the decision changes nothing there", () => {
    // The differential suite's `rate_counter({env="diff"} | json | unwrap status | __error__="" …)` meets `"x-y"` and
    // `"x_y"` in both orders on its packed lines, whose unwrap fails and which the filter drops.
    const empty = evaluateStreams('{app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt | user="nobody"', { ...window, direction: "forward" }, streams);
    expect(empty.type === "streams" && empty.streams.length).toBe(0);
    const none = evaluateStreams('sum(sum_over_time({app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt | unwrap user | __error__="" [1m]))', { startMs: T, endMs: T }, streams);
    expect(vectorOf(none)).toEqual([]);
  });

  test("answered where the other decision would change no line: the later parser passes over the same value (fuzz seed 7 agreed with Loki 3.4.6)", () => {
    const mixed = stream({ app: "m" }, [
      [s(-40), '{"status":"200"}'],
      [s(-30), "not json"],
      [s(-20), '{"status":"500"}'],
    ]);
    const r = evaluateStreams('{app="m"} | json | line_format "status={{.status}}" | logfmt', { ...window, direction: "forward" }, [mixed]);
    if (r.type !== "streams") throw new Error(r.type);
    expect(r.streams.map((x) => x.labels.status ?? "-").sort()).toEqual(["-", "200", "500"]);
    // A value of its own on a line where json set the label: which one shows depends on the line Loki reads first.
    expect(() => evaluateStreams('{app="m"} | json | line_format "status={{.status}}0" | logfmt', { ...window, direction: "forward" }, [mixed])).toThrow('takes the key "status" on some lines');
  });

  test("a metric query whose hints stop the later parser where the earlier one took the label is answered (Loki 3.4.6 agreed)", () => {
    const r = evaluateStreams('sum by (user) (count_over_time({app="o"} | regexp "GET (?P<user>\\\\S+)" | logfmt [1m]))', { startMs: T, endMs: T }, streams);
    expect(vectorOf(r).map((x) => x.labels.user).sort()).toEqual(["/p1", "/p3", "bob", "dave"]);
  });
});

describe("a first parser's keys are not tracked per line (Row.decideKey)", () => {
  // A parser with no stage before it that sets labels (a parser, label_format) decides every key the same way on every
  // line: tracking its keys cost a Map lookup and a string per key and line, on every `| json` and `| logfmt` query.
  const lines = stream({ app: "p" }, [
    [s(-20), '{"level":"info","user":"alice","path":"/a"}'],
    [s(-10), '{"level":"error","user":"bob","path":"/b"}'],
  ]);
  const pairs = stream({ app: "q" }, [
    [s(-20), "level=info user=alice path=/a"],
    [s(-10), "level=error user=bob path=/b"],
  ]);
  const window = { startMs: s(-60), endMs: s(1) };
  test.each(['{app="p"} | json', '{app="p"} | json | level="error"', 'sum by (user) (count_over_time({app="p"} | json [1m]))', '{app="q"} | logfmt', '{app="q"} | logfmt user'])("%s", (q) => {
    const decide = spyOn(KeyDecisions.prototype, "decide");
    try {
      evaluateStreams(q, q.startsWith("sum") ? { startMs: T, endMs: T } : window, [lines, pairs]);
      expect(decide).not.toHaveBeenCalled();
    } finally {
      decide.mockRestore();
    }
  });

  test("a second parser's are", () => {
    const decide = spyOn(KeyDecisions.prototype, "decide");
    try {
      evaluateStreams('{app="p"} | regexp "(?P<path>/\\\\w+)" | json', window, [lines]);
      expect(decide).toHaveBeenCalled();
    } finally {
      decide.mockRestore();
    }
  });
});

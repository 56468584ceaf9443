// An answer that comes with `warnings` (Loki's, Prometheus's: it may be partial) makes a step pass only on presence
// checks of a monotone query: a count bounded from below (`gte`/`gt`, `empty: false`, the default non-empty check),
// `contains`, labels' `some`/`contains`, on a query that holds none of unless, absent, absent_over_time, vector(…),
// scalar(…), bool, topk, bottomk, limitk, limit_ratio, count_values, quantile (and, in PromQL, reads every selector over
// a range of its own: one read at an instant takes a newest sample the missing data may replace or end). Every other verdict that passed is not
// judged: data the answer lacks could undo it. Prometheus's `infos` only inform. Fake servers on 127.0.0.1 answer as
// Loki 3.4.6 and Prometheus do, with warnings added.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { step as logql } from "../lib/steps/logql.ts";
import { step as promql } from "../lib/steps/promql.ts";
import { testContext } from "./helpers/context.ts";
import { lokiFixture } from "./helpers/loki-fixtures.ts";

let server: ReturnType<typeof Bun.serve>;
let url = "";
const WARNING = "results may be incomplete: a querier timed out";
/** What Prometheus answers beside the series it has when a remote_read endpoint fails. */
const REMOTE_READ = "remote_read: remote server http://127.0.0.1:9/api/v1/read returned HTTP status 500 Internal Server Error: storage unavailable";
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
const vector = (result: unknown[], extra: Record<string, unknown>) => json({ status: "success", data: { resultType: "vector", result }, ...extra });

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const { pathname: path, searchParams } = new URL(req.url);
      const query = searchParams.get("query") ?? "";
      // The query says what comes back: nothing or something, with warnings, infos or neither. A selector of rr="1"
      // reads a remote_read endpoint that fails: Prometheus answers with the series it has and a warning.
      const remote = query.includes('rr="1"');
      const extra =
        remote ? { warnings: [REMOTE_READ] }
        : query.includes("warned") ? { warnings: [WARNING] }
        : query.includes("informed") ? { infos: ["metric might not be a counter"] }
        : {};
      const empty = query.includes("nothing");
      const sample = remote && !query.startsWith("count(") ? { metric: { __name__: "up", job: "self", instance: "localhost:9090" }, value: [1700000000, "1"] } : { metric: {}, value: [1700000000, "1"] };
      if (path === "/ready") return new Response("ready\n");
      if (path === "/loki/api/v1/query_range") return json({ ...JSON.parse(await lokiFixture("query_range_streams.json")), ...(empty ? { data: { resultType: "streams", result: [] } } : {}), ...extra });
      if (path === "/loki/api/v1/query" || path === "/api/v1/query") return vector(empty ? [] : [sample], extra);
      return new Response("404 page not found", { status: 404 });
    },
  });
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(() => server.stop(true));

/** A log query's window ends just after the recorded lines (2026-11-22T01:36:11–13Z), which it must hold. */
const runLogql = (input: Record<string, unknown>) =>
  logql.run(logql.schema.parse({ url, ...(String(input.query).startsWith("{") ? { end: 1795311380 } : {}), ...input }), testContext());
const runPromql = (input: Record<string, unknown>) => promql.run(promql.schema.parse({ url, ...input }), testContext());
/** Why a selector read at an instant is not judged on a partial answer. */
const AT_AN_INSTANT = "at an instant (its newest sample: the data the answer lacks may hold a newer one, or the stale marker that ended the series)";
const notJudged = (server: string, what: string, warning = WARNING) =>
  `${server} answered with warnings (${JSON.stringify(warning)}) and ${what}: an answer that may be partial is not judged on what it lacks`;

describe("logql", () => {
  test.each([
    ["lines: 0", { query: '{service="nothing-warned"}', expect: { lines: 0 } }, "the answer is empty"],
    ["not_contains", { query: '{service="nothing-warned"}', expect: { not_contains: "panic" } }, "the answer is empty"],
    ["empty: true", { query: '{service="nothing-warned"}', expect: { empty: true } }, "the answer is empty"],
    ["value: 1 on absent_over_time", { query: 'absent_over_time({service="warned"}[5m])', expect: { value: 1 } }, "the query turns missing data into a value (absent_over_time(…))"],
    ["value: {lt: 5} on … or vector(0)", { query: 'sum(count_over_time({service="warned"}[5m])) or vector(0)', expect: { value: { lt: 5 } } }, "the query turns missing data into a value (vector(…))"],
    // Lines found, but the verdict is on what is not there: a line past them may hold panic, a line more makes 4.
    ["not_contains on the lines found", { query: '{service="warned"}', expect: { not_contains: "panic" } }, 'not_contains: "panic" rests on what the answer holds'],
    ["lines: 3", { query: '{service="warned"}', expect: { lines: 3 } }, "lines: 3 rests on what the answer holds"],
    ["streams: {lte: 3}", { query: '{service="warned"}', expect: { streams: { lte: 3 } } }, "streams: lte 3 rests on what the answer holds"],
    ["an exact list of a label's values", { query: '{service="warned"}', expect: { labels: { level: ["error", "info"] } } }, 'labels.level: ["error", "info"] rests on what the answer holds'],
    ["labels every", { query: '{service="warned"}', expect: { labels: { service: { every: "api" } } } }, 'labels.service: every "api" rests on what the answer holds'],
    ["a contains count that holds for one number", { query: '{service="warned"}', expect: { contains: [{ matches: "hello", count: 3 }] } }, "contains /hello/ count: 3 rests on what the answer holds"],
    ["a presence check beside one that is not", { query: '{service="warned"}', expect: { lines: { gte: 1 }, not_contains: ["panic", "fatal"] } }, 'not_contains: "panic" and not_contains: "fatal" rest on what the answer holds'],
    ["value: {gte: 1} (a value is never a presence check)", { query: 'sum(count_over_time({service="warned"}[5m]))', expect: { value: { gte: 1 } } }, "value: gte 1 rests on what the answer holds"],
    ["the default non-empty check on a topk", { query: 'topk(1, count_over_time({service="warned"}[5m]))' }, "the query holds topk, so the answer not being empty (nothing expected) rests on what the answer holds"],
    ["series: {gte: 1} on unless", { query: 'count_over_time({service="warned"}[5m]) unless count_over_time({service="other"}[5m])', expect: { series: { gte: 1 } } }, "the query holds unless, so series: gte 1 rests on what the answer holds"],
  ])("a partial answer does not pass %s: the step fails (asked again under eventually), its warnings shown", async (_, input, what) => {
    const r = await runLogql(input);
    expect(r.error).toBe(notJudged("Loki", what));
    expect(r.final).toBeUndefined();
    expect(r.warnings).toEqual([`Loki: ${WARNING}`]);
  });

  test.each([
    ["lines: {gte: 1}", { query: '{service="warned"}', expect: { lines: { gte: 1 } } }],
    ["streams: {gt: 1} and empty: false", { query: '{service="warned"}', expect: { streams: { gt: 1 }, empty: false } }],
    ["contains", { query: '{service="warned"}', expect: { contains: ["db timeout", { matches: "hello from api #\\d" }] } }],
    ["a contains count bounded from below", { query: '{service="warned"}', expect: { contains: [{ matches: "hello", count: { gte: 2 } }] } }],
    ["labels contains, some and a value", { query: '{service="warned"}', expect: { labels: { level: { contains: "error" }, user: { some: { matches: "^al" } }, service: "api" } } }],
    ["the default non-empty check", { query: '{service="warned"}' }],
    // unless, bool and topk in line filters' strings, != and !~ line filters and label matchers: no operator of the query.
    ["lines: {gte: 1} with the words in strings and != filters", { query: '{service="warned", level!~"bool|topk"} |= `unless` != "quantile" !~ "vector\\\\("', expect: { lines: { gte: 1 } } }],
    ["series: {gte: 1} of a sum by level", { query: 'sum by (level) (count_over_time({service="warned"}[5m]))', expect: { series: { gte: 1 } } }],
  ])("what a partial answer holds is there: %s on a monotone query is judged", async (_, input) => {
    const r = await runLogql(input);
    expect(r.error).toBeUndefined();
    expect(r.checks.length).toBeGreaterThan(0);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.warnings).toEqual([`Loki: ${WARNING}`]);
  });

  test("a check that fails on a partial answer stays a failure", async () => {
    const r = await runLogql({ query: '{service="warned"}', expect: { lines: 2 } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["lines", false]]);
  });

  test("an answer without warnings is judged as before", async () => {
    const empty = await runLogql({ query: '{service="nothing"}', expect: { lines: 0 } });
    expect(empty.error).toBeUndefined();
    expect(empty.checks.map((c) => [c.path, c.ok])).toEqual([["lines", true]]);
    const lines = await runLogql({ query: '{service="api"}', expect: { lines: 3, not_contains: "panic" } });
    expect(lines.error).toBeUndefined();
    expect(lines.checks.map((c) => [c.path, c.ok])).toEqual([["lines", true], ["not_contains", true]]);
  });
});

describe("promql", () => {
  test.each([
    ["empty: true", { query: 'up{job="nothing-warned"}', expect: { empty: true } }, "the answer is empty"],
    ["series: 0", { query: 'up{job="nothing-warned"}', expect: { series: 0 } }, "the answer is empty"],
    ["value: 1 on absent", { query: 'absent(up{job="warned"})', expect: { value: 1 } }, "the query turns missing data into a value (absent(…))"],
    ["a value found (a value is never a presence check)", { query: 'up{job="warned"}', expect: { value: 1 } }, "value: 1 rests on what the answer holds"],
    ["series: 1 and a value", { query: 'up{job="warned"}', expect: { series: 1, value: { gte: 1 } } }, "series: 1 and value: gte 1 rest on what the answer holds"],
    ["a value item", { query: 'up{job="warned"}', expect: { value: [{ labels: { job: { ne: "x" } }, value: 1 }] } }, 'value{job != "x"}: 1 rests on what the answer holds'],
    ["series: {gt: 0} on a count_values", { query: 'count_values("v", up{job="warned"})', expect: { series: { gt: 0 } } }, "the query holds count_values, so series: gt 0 rests on what the answer holds"],
    ["series: {gte: 1} on a comparison with bool", { query: 'up{job="warned"} > bool 0', expect: { series: { gte: 1 } } }, "the query holds bool, so series: gte 1 rests on what the answer holds"],
  ])("a partial answer does not pass %s", async (_, input, what) => {
    const r = await runPromql(input);
    expect(r.error).toBe(notJudged("Prometheus", what));
    expect(r.final).toBeUndefined();
    expect(r.checks).toEqual([]);
    expect(r.warnings).toEqual([`Prometheus: ${WARNING}`]);
  });

  // Found against a Prometheus whose remote_read failed: it answers with the series it has and a warning, and each of
  // these passed, judged on what the answer lacks.
  test.each([
    ["labels not_contains", { query: 'up{job="self"} or up{rr="1"}', expect: { labels: { job: { not_contains: "remote" } } } }, 'labels.job: not_contains "remote" rests on what the answer holds'],
    ["a count's value below 2", { query: 'count(up{job="self"} or up{rr="1"})', expect: { value: { lt: 2 } } }, "value: lt 2 rests on what the answer holds"],
    ["series: 1 of an unless", { query: 'up{job="self"} unless on(job) up{rr="1"}', expect: { series: 1 } }, "the query holds unless, so series: 1 rests on what the answer holds"],
    ["series: {gte: 1} of an unless", { query: 'up{job="self"} unless on(job) up{rr="1"}', expect: { series: { gte: 1 } } }, "the query holds unless, so series: gte 1 rests on what the answer holds"],
    ["labels some of a quantile", { query: 'QUANTILE BY (job) (0.9, up{rr="1"})', expect: { labels: { job: { some: { ne: "" } } } } }, 'the query holds quantile, so labels.job: some {ne: ""} rests on what the answer holds'],
    ["labels contains of a topk", { query: 'topk(1, up{job="self"} or up{rr="1"})', expect: { labels: { job: { contains: "self" } } } }, 'the query holds topk, so labels.job: contains "self" rests on what the answer holds'],
    // A count compared with a number it is written before or after: fewer series read make it hold (count(up) < 3 does).
    ["empty: false of a number compared with a count", { query: '3 > count(up{rr="1"} == 1)', expect: { empty: false } }, "the query holds a comparison before (…) (>), so empty: false rests on what the answer holds"],
    ["series: {gte: 1} of a count less a number", { query: 'count(up{rr="1"} == 1) - 3 < 0', expect: { series: { gte: 1 } } }, "the query holds a comparison after (…) (<), so series: gte 1 rests on what the answer holds"],
    // Found against a real Prometheus whose remote_read failed: a selector read at an instant takes each series' newest
    // sample, and the missing data held a newer one. `demo_flag == 1` answered a series of 1 where the whole data, whose
    // newest sample was 0, answered none; and a series whose stale marker (it went away) was in the missing data still
    // answered its last sample.
    ["empty: false of a series' own value filtered", { query: 'up{rr="1"} == 1', expect: { empty: false } }, `the query reads up{rr="1"} ${AT_AN_INSTANT}, so empty: false rests on what the answer holds`],
    ["empty: false of a selector", { query: 'up{rr="1"}', expect: { empty: false } }, `the query reads up{rr="1"} ${AT_AN_INSTANT}, so empty: false rests on what the answer holds`],
    ["the default non-empty check of a selector", { query: 'up{rr="1"}' }, `the query reads up{rr="1"} ${AT_AN_INSTANT}, so the answer not being empty (nothing expected) rests on what the answer holds`],
    ["labels contains of a selector with offset", { query: 'up{job="self"} offset 1m or up{rr="1"}[5m:1m]', expect: { labels: { job: { contains: "self" } } } }, `the query reads up{job="self"} ${AT_AN_INSTANT}, so labels.job: contains "self" rests on what the answer holds`],
    ["series: {gte: 1} of a sum", { query: 'sum by (job) (up{rr="1"})', expect: { series: { gte: 1 } } }, `the query reads up{rr="1"} ${AT_AN_INSTANT}, so series: gte 1 rests on what the answer holds`],
  ])("with a failing remote_read, a partial answer does not pass %s", async (_, input, what) => {
    const r = await runPromql(input);
    expect(r.error).toBe(notJudged("Prometheus", what, REMOTE_READ));
    expect(r.final).toBeUndefined();
    expect(r.checks).toEqual([]);
    expect(r.summary).toEndWith("→ partial answer");
    expect(r.warnings).toEqual([`Prometheus: ${REMOTE_READ}`]);
  });

  // Every selector read over a range of its own: the samples there, which more data only adds to (a stale marker is
  // no sample of a range).
  test.each([
    ["labels contains", { query: 'last_over_time(up{job="self"}[5m]) or present_over_time(up{rr="1"}[5m])', expect: { labels: { job: { contains: "self" } } } }],
    ["a label's value and some", { query: 'last_over_time(up{job="self"}[5m]) or last_over_time(up{rr="1"}[5m])', expect: { labels: { job: "self", instance: { some: { matches: ":9090$" } } } } }],
    ["series: {gte: 1} of a count", { query: 'count(count_over_time(up{job="self"}[5m]) or count_over_time(up{rr="1"}[5m] offset 1m))', expect: { series: { gte: 1 } } }],
    ["empty: false", { query: 'present_over_time(up{rr="1"}[5m])', expect: { empty: false } }],
    ["the default non-empty check", { query: 'max_over_time(up{rr="1"}[1h])' }],
    // The words in a by list, label matchers and strings are no operators of the query; != and !~ are label matchers.
    ["series: {gt: 0} with the words in by lists and selectors", { query: 'sum by (quantile, bool) (rate(up{rr="1", job!="unless", le!~"topk|vector\\\\("}[5m])) # a topk in a comment', expect: { series: { gt: 0 } } }],
  ])("what a partial answer holds is there: %s on a monotone query is judged", async (_, input) => {
    const r = await runPromql(input);
    expect(r.error).toBeUndefined();
    expect(r.checks.length).toBeGreaterThan(0);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.warnings).toEqual([`Prometheus: ${REMOTE_READ}`]);
  });

  test("infos only inform: an empty answer with infos is judged, and a value", async () => {
    const empty = await runPromql({ query: 'up{job="nothing-informed"}', expect: { empty: true } });
    expect(empty.error).toBeUndefined();
    expect(empty.checks.map((c) => [c.path, c.ok])).toEqual([["empty", true]]);
    const value = await runPromql({ query: 'up{job="informed"}', expect: { value: 1, series: 1 } });
    expect(value.error).toBeUndefined();
    expect(value.checks.every((c) => c.ok)).toBe(true);
  });

  test("a check that fails on a partial answer stays a failure", async () => {
    const r = await runPromql({ query: 'up{job="self"} or up{rr="1"}', expect: { labels: { job: { not_contains: "self" } } } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["labels.job", false]]);
  });
});

// An answer that comes with `warnings` (Loki's, Prometheus's: it may be partial) does not make a step pass on what it
// lacks: an empty answer, or a query that turns missing data into a value (absent, absent_over_time, or vector(0)).
// Prometheus's `infos` only inform. Fake servers on 127.0.0.1 answer as Loki 3.4.6 and Prometheus do, with warnings added.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { step as logql } from "../lib/steps/logql.ts";
import { step as promql } from "../lib/steps/promql.ts";
import { testContext } from "./helpers/context.ts";
import { lokiFixture } from "./helpers/loki-fixtures.ts";

let server: ReturnType<typeof Bun.serve>;
let url = "";
const WARNING = "results may be incomplete: a querier timed out";
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
const vector = (result: unknown[], extra: Record<string, unknown>) => json({ status: "success", data: { resultType: "vector", result }, ...extra });

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const { pathname: path, searchParams } = new URL(req.url);
      const query = searchParams.get("query") ?? "";
      // The query says what comes back: nothing or something, with warnings, infos or neither.
      const extra = query.includes("warned") ? { warnings: [WARNING] } : query.includes("informed") ? { infos: ["metric might not be a counter"] } : {};
      const empty = query.includes("nothing");
      if (path === "/ready") return new Response("ready\n");
      if (path === "/loki/api/v1/query_range") return json({ ...JSON.parse(await lokiFixture("query_range_streams.json")), ...(empty ? { data: { resultType: "streams", result: [] } } : {}), ...extra });
      if (path === "/loki/api/v1/query" || path === "/api/v1/query") return vector(empty ? [] : [{ metric: {}, value: [1700000000, "1"] }], extra);
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
const notJudged = (server: string, what: string) =>
  `${server} answered with warnings (${JSON.stringify(WARNING)}) and ${what}: an answer that may be partial is not judged on what it lacks`;

describe("logql", () => {
  test.each([
    ["lines: 0", { query: '{service="nothing-warned"}', expect: { lines: 0 } }, "the answer is empty"],
    ["not_contains", { query: '{service="nothing-warned"}', expect: { not_contains: "panic" } }, "the answer is empty"],
    ["empty: true", { query: '{service="nothing-warned"}', expect: { empty: true } }, "the answer is empty"],
    ["value: 1 on absent_over_time", { query: 'absent_over_time({service="warned"}[5m])', expect: { value: 1 } }, "the query turns missing data into a value (absent_over_time(…))"],
    ["value: {lt: 5} on … or vector(0)", { query: 'sum(count_over_time({service="warned"}[5m])) or vector(0)', expect: { value: { lt: 5 } } }, "the query turns missing data into a value (vector(…))"],
  ])("a partial answer does not pass %s: the step fails (asked again under eventually), its warnings shown", async (_, input, what) => {
    const r = await runLogql(input);
    expect(r.error).toBe(notJudged("Loki", what));
    expect(r.final).toBeUndefined();
    expect(r.warnings).toEqual([`Loki: ${WARNING}`]);
  });

  test("lines found in a partial answer are judged: what is there is there", async () => {
    const r = await runLogql({ query: '{service="warned"}', expect: { lines: { gte: 1 } } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["lines", true]]);
    expect(r.warnings).toEqual([`Loki: ${WARNING}`]);
  });

  test("an empty answer without warnings is judged as before", async () => {
    const r = await runLogql({ query: '{service="nothing"}', expect: { lines: 0 } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["lines", true]]);
  });
});

describe("promql", () => {
  test.each([
    ["empty: true", { query: 'up{job="nothing-warned"}', expect: { empty: true } }, "the answer is empty"],
    ["series: 0", { query: 'up{job="nothing-warned"}', expect: { series: 0 } }, "the answer is empty"],
    ["value: 1 on absent", { query: 'absent(up{job="warned"})', expect: { value: 1 } }, "the query turns missing data into a value (absent(…))"],
  ])("a partial answer does not pass %s", async (_, input, what) => {
    const r = await runPromql(input);
    expect(r.error).toBe(notJudged("Prometheus", what));
    expect(r.final).toBeUndefined();
    expect(r.checks).toEqual([]);
    expect(r.warnings).toEqual([`Prometheus: ${WARNING}`]);
  });

  test("infos only inform: an empty answer with infos is judged", async () => {
    const r = await runPromql({ query: 'up{job="nothing-informed"}', expect: { empty: true } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["empty", true]]);
  });

  test("a value found in a partial answer of a query that fills nothing in is judged", async () => {
    const r = await runPromql({ query: 'up{job="warned"}', expect: { value: 1 } });
    expect(r.error).toBeUndefined();
    expect(r.checks.every((c) => c.ok)).toBe(true);
  });
});

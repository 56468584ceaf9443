// The Loki client against a real Loki 3.4.6 (test/helpers/loki.ts): push, query, query_range, labels, label values, series, errors, tenant.
import { beforeAll, expect, test } from "bun:test";
import { describeWithLoki, LOKI_START_TIMEOUT_MS, sharedLoki, type SharedLoki } from "../../test/helpers/loki.ts";
import type { QueryResult } from "../core/query-result.ts";
import { lokiClient, type LokiClientOptions } from "./client.ts";

/** A whole minute about 10 minutes ago: inside the window Loki's ingesters answer for (no flush needed), and aligned to the steps below (Loki aligns a range query's start to its step). */
const BASE_MS = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const START = BASE_MS - 60_000;
const END = BASE_MS + 60_000;

/** Lines and labels as a stable text per entry, for comparing results whatever their stream grouping. */
function entries(r: QueryResult): string[] {
  if (r.type !== "streams") throw new Error(`expected streams, got ${r.type}`);
  return r.streams.flatMap((s) => s.entries.map((e) => `${e.tsNs} ${e.line} ${JSON.stringify(Object.entries(s.labels).sort())}`));
}

// The Loki is shared with other test files: every stream here has env="client-live", and every query selects it.
describeWithLoki("Loki client against a real Loki 3.4.6", () => {
  let loki: SharedLoki;
  const client = (opts: Partial<LokiClientOptions> = {}) => lokiClient({ url: loki.url, ...opts });

  beforeAll(async () => {
    loki = await sharedLoki();
    await loki.push([
      {
        labels: { service: "api", env: "client-live" },
        entries: [
          { tsNs: ns(BASE_MS), line: 'level=info msg="hello 1"' },
          { tsNs: ns(BASE_MS + 1000), line: 'level=error msg="db timeout"', metadata: { trace_id: "abc123" } },
          { tsNs: ns(BASE_MS + 2000), line: 'level=info msg="hello 2"' },
        ],
      },
      { labels: { service: "web", env: "client-live" }, entries: [{ tsNs: ns(BASE_MS + 1500), line: "GET / 200" }] },
    ]);
  }, LOKI_START_TIMEOUT_MS);

  test("ready", async () => {
    expect(await client().ready()).toBe("ready");
  });

  test("query_range of a log query: the lines newest first, with stream labels, the labels Loki adds and structured metadata", async () => {
    const r = await client().queryRange('{env="client-live"}', { startMs: START, endMs: END });
    // Each label set (structured metadata included) is its own stream, its lines newest first.
    expect(r.type === "streams" && r.streams.map((s) => s.entries.map((e) => e.line)).sort()).toEqual([
      ["GET / 200"],
      ['level=error msg="db timeout"'],
      ['level=info msg="hello 2"', 'level=info msg="hello 1"'],
    ]);
    expect(entries(r).sort()).toEqual(
      [
        `${ns(BASE_MS + 2000)} level=info msg="hello 2" ${JSON.stringify(Object.entries({ detected_level: "info", env: "client-live", service: "api", service_name: "api" }))}`,
        `${ns(BASE_MS + 1000)} level=error msg="db timeout" ${JSON.stringify(Object.entries({ detected_level: "error", env: "client-live", service: "api", service_name: "api", trace_id: "abc123" }))}`,
        `${ns(BASE_MS)} level=info msg="hello 1" ${JSON.stringify(Object.entries({ detected_level: "info", env: "client-live", service: "api", service_name: "api" }))}`,
        `${ns(BASE_MS + 1500)} GET / 200 ${JSON.stringify(Object.entries({ detected_level: "unknown", env: "client-live", service: "web", service_name: "web" }))}`,
      ].sort(),
    );
  });

  test("query_range forward with a limit gives the oldest lines", async () => {
    const r = await client().queryRange('{env="client-live", service="api"} |= "hello"', { startMs: START, endMs: END, direction: "forward", limit: 1 });
    expect(r.type === "streams" && r.streams.flatMap((s) => s.entries.map((e) => e.line))).toEqual(['level=info msg="hello 1"']);
  });

  test("the categorize-labels encoding decodes to the same entries as the plain one", async () => {
    const plain = await client().queryRange('{env="client-live", service="api"} | logfmt', { startMs: START, endMs: END });
    const categorized = await client({ categorizeLabels: true }).queryRange('{env="client-live", service="api"} | logfmt', { startMs: START, endMs: END });
    expect(entries(categorized).sort()).toEqual(entries(plain).sort());
    expect(entries(plain).join("\n")).toContain('["msg","db timeout"]');
  });

  test("query_range of a metric query gives a matrix at each step", async () => {
    const r = await client().queryRange('sum by (service) (count_over_time({env="client-live"}[1m]))', { startMs: BASE_MS + 30_000, endMs: BASE_MS + 90_000, stepMs: 30_000 });
    expect(r).toEqual({
      type: "matrix",
      series: [
        { labels: { service: "api" }, points: [{ tsMs: BASE_MS + 30_000, value: 3 }, { tsMs: BASE_MS + 60_000, value: 2 }] },
        { labels: { service: "web" }, points: [{ tsMs: BASE_MS + 30_000, value: 1 }, { tsMs: BASE_MS + 60_000, value: 1 }] },
      ],
    });
  });

  test("instant queries give a vector or a scalar", async () => {
    const v = await client().query('sum by (detected_level) (count_over_time({env="client-live", service="api"}[5m]))', { timeMs: BASE_MS + 60_000 });
    expect(v).toEqual({
      type: "vector",
      samples: [
        { labels: { detected_level: "error" }, tsMs: BASE_MS + 60_000, value: 1 },
        { labels: { detected_level: "info" }, tsMs: BASE_MS + 60_000, value: 2 },
      ],
    });
    const s = await client().query("2*3");
    expect(s.type === "scalar" && s.value).toBe(6);
  });

  test("labels, label values and series", async () => {
    expect(await client().labels({ startMs: START, endMs: END })).toEqual(expect.arrayContaining(["env", "service", "service_name"]));
    expect(await client().labels({ startMs: START, endMs: END, query: '{env="client-live"}' })).toEqual(["env", "service", "service_name"]);
    expect(await client().labels({ startMs: START, endMs: END, query: '{env="client-live", service="web"}' })).toEqual(["env", "service", "service_name"]);
    expect(await client().labelValues("service", { startMs: START, endMs: END, query: '{env="client-live"}' })).toEqual(["api", "web"]);
    expect(await client().labelValues("service_name", { startMs: START, endMs: END, query: '{env="client-live", service="api"}' })).toEqual(["api"]);
    const series = await client().series(['{env="client-live"}'], { startMs: START, endMs: END });
    expect(series.map((s) => JSON.stringify(Object.entries(s).sort())).sort()).toEqual(
      [
        { env: "client-live", service: "api", service_name: "api" },
        { env: "client-live", service: "web", service_name: "web" },
      ].map((s) => JSON.stringify(Object.entries(s).sort())),
    );
  });

  test("an unknown label has no values, a selector matching nothing no series", async () => {
    expect(await client().labelValues("nope", { startMs: START, endMs: END, query: '{env="client-live"}' })).toEqual([]);
    expect(await client().series(['{service="nope"}'], { startMs: START, endMs: END })).toEqual([]);
  });

  test("a bad query is a 400 with Loki's own message", async () => {
    const err = await client().queryRange('{service="api"', { startMs: START, endMs: END }).then(() => undefined, (e: Error) => e);
    expect(err?.name).toBe("ApiError");
    expect(err?.message).toBe(`Loki at ${loki.url} refused the query (400 Bad Request): parse error at line 1, col 15: syntax error: unexpected $end, expecting } or ,`);
  });

  test("a log query as an instant query is a 400 with Loki's own message", async () => {
    const err = await client().query('{service="api"}').then(() => undefined, (e: Error) => e);
    expect(err?.message).toBe(`Loki at ${loki.url} refused the query (400 Bad Request): log queries are not supported as an instant query type, please change your query to a range query type`);
  });

  test("a metric query grouping by labels of unparsable lines is a pipeline error", async () => {
    const err = await client().query('sum by (level) (count_over_time({env="client-live", service="web"} | json [5m]))', { timeMs: BASE_MS + 60_000 }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toStartWith(`Loki at ${loki.url} refused the query (400 Bad Request): pipeline error: 'JSONParserErr' for series`);
  });

  test("the tenant header is accepted (auth_enabled: false serves every tenant the same data)", async () => {
    const asTenant = await client({ tenant: "team-a" }).queryRange('{env="client-live"}', { startMs: START, endMs: END });
    const plain = await client().queryRange('{env="client-live"}', { startMs: START, endMs: END });
    expect(entries(asTenant)).toEqual(entries(plain));
    expect(entries(plain)).toHaveLength(4);
  });
});

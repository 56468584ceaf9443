// Contract tests of the Loki client against real Loki 3.4 responses (test/fixtures/loki) served on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { lokiClient, lokiTime, type LokiClientOptions } from "./client.ts";
import type { QueryResult } from "../core/query-result.ts";
import { lokiFixture as fixture } from "../../test/helpers/loki-fixtures.ts";
import { interruptReason } from "../core/abort-text.ts";

interface Seen {
  path: string;
  params: URLSearchParams;
  headers: Headers;
}

type Handler = (req: Request, url: URL) => Response | Promise<Response>;

const seen: Seen[] = [];
const routes = new Map<string, Handler>();
let server: ReturnType<typeof Bun.serve>;
let base = "";
const hang = Promise.withResolvers<void>();

const json = (body: string, status = 200) => new Response(body, { status, headers: { "content-type": "application/json; charset=UTF-8" } });
const text = (body: string, status: number, statusText?: string) =>
  new Response(body, { status, statusText, headers: { "content-type": "text/plain; charset=utf-8" } });

beforeAll(async () => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const url = new URL(req.url);
      seen.push({ path: url.pathname, params: url.searchParams, headers: req.headers });
      const query = url.searchParams.get("query") ?? "";
      const handler = routes.get(`${url.pathname}?${query}`) ?? routes.get(url.pathname);
      return handler ? handler(req, url) : text("404 page not found", 404, "Not Found");
    },
  });
  base = `http://127.0.0.1:${server.port}`;
  const f = async (name: string) => json(await fixture(name));
  routes.set("/ready", async () => text(await fixture("ready.txt"), 200));
  routes.set("/loki/api/v1/labels", () => f("labels.json"));
  routes.set("/loki/api/v1/label/service/values", () => f("label_service_values.json"));
  routes.set("/loki/api/v1/series", () => f("series.json"));
  routes.set('/loki/api/v1/query_range?{service="api"} |= "hello"', (req) =>
    f(req.headers.get("x-loki-response-encoding-flags") === "categorize-labels" ? "query_range_streams_categorized.json" : "query_range_streams.json"));
  routes.set('/loki/api/v1/query_range?sum(count_over_time({service="api"}[5m]))', () => f("query_range_matrix.json"));
  routes.set('/loki/api/v1/query_range?sum by (level) (count_over_time({service="api"}[1m]))', () => f("query_range_matrix_by_level_step15.json"));
  routes.set('/loki/api/v1/query?sum by (level) (count_over_time({service="api"}[5m]))', () => f("query_instant_vector.json"));
  routes.set("/loki/api/v1/query?2*3", () => f("query_instant_scalar.json"));
  routes.set('/loki/api/v1/query_range?{service="api"', async () => text(await fixture("parse_error_400.txt"), 400, "Bad Request"));
  routes.set('/loki/api/v1/query?{service="api"}', async () => text(await fixture("query_instant_logquery_error400.txt"), 400, "Bad Request"));
  routes.set("/loki/api/v1/query?pipeline", async () => text(await fixture("pipeline_error_400.txt"), 400, "Bad Request"));
  routes.set("/loki/api/v1/query?busy", () => text("too many outstanding requests\n", 429, "Too Many Requests"));
  routes.set("/loki/api/v1/query?broken", () => json('{"code":500,"message":"rpc error: ingester unavailable","status":"error"}', 500));
  routes.set("/loki/api/v1/query?html", () => new Response("<html><body>Grafana</body></html>", { headers: { "content-type": "text/html" } }));
  routes.set("/loki/api/v1/query?failure", () => json('{"status":"error","errorType":"bad_data","error":"not today"}'));
  routes.set("/loki/api/v1/query?nodata", () => json('{"status":"success"}'));
  routes.set("/loki/api/v1/query?slow", async () => {
    await hang.promise;
    return json("{}");
  });
  routes.set("/loki/api/v1/query?big", () => json(JSON.stringify({ status: "success", data: { resultType: "vector", result: [], pad: "x".repeat(5000) } })));
  routes.set("/loki/api/v1/query?empty", () => json('{"status":"success","data":{"resultType":"vector","result":[]}}'));
});

afterAll(() => {
  hang.resolve();
  server.stop(true);
});

const client = (opts: Partial<LokiClientOptions> = {}) => lokiClient({ url: base, ...opts });
const last = () => seen[seen.length - 1]!;

const START = 1795311300000;
const END = 1795311400000;

describe("Loki client: successful answers", () => {
  test("ready returns Loki's text", async () => {
    expect(await client().ready()).toBe("ready");
    expect(last().path).toBe("/ready");
  });

  test("labels sends the range in nanoseconds", async () => {
    expect(await client().labels({ startMs: START, endMs: END })).toEqual(["env", "level", "service", "service_name"]);
    expect(last().params.get("start")).toBe("1795311300000000000");
    expect(last().params.get("end")).toBe("1795311400000000000");
  });

  test("label values and series", async () => {
    expect(await client().labelValues("service")).toEqual(["api", "web"]);
    const series = await client().series(['{service="api"}'], { startMs: START });
    expect(last().params.getAll("match[]")).toEqual(['{service="api"}']);
    expect(series).toEqual([
      { service: "api", service_name: "api", env: "dev", level: "info" },
      { env: "dev", level: "error", service: "api", service_name: "api" },
    ]);
  });

  test("query_range of a log query gives streams with their lines and nanosecond timestamps", async () => {
    const r = await client().queryRange('{service="api"} |= "hello"', { startMs: START, endMs: END, limit: 100, direction: "backward" });
    expect(last().params.get("limit")).toBe("100");
    expect(last().params.get("direction")).toBe("backward");
    expect(last().params.has("step")).toBe(false);
    expect(r.type).toBe("streams");
    if (r.type !== "streams") return;
    expect(r.streams.map((s) => s.entries.map((e) => e.line))).toEqual([["hello error: db timeout"], ["hello from api #2 user=alice"], ["hello from api #1"]]);
    expect(r.streams[0]!.entries[0]!.tsNs).toBe(1795311373269813404n);
    expect(r.streams[1]!.labels).toMatchObject({ trace_id: "abc123", user: "alice", detected_level: "info" });
  });

  test("the categorize-labels encoding decodes to the same streams as the plain one", async () => {
    const canon = (r: QueryResult) =>
      r.type === "streams"
        ? r.streams.flatMap((s) => s.entries.map((e) => `${JSON.stringify(Object.entries(s.labels).sort())} ${e.tsNs} ${e.line}`)).sort()
        : [];
    const plain = await client().queryRange('{service="api"} |= "hello"', { startMs: START, endMs: END });
    const categorized = await client({ categorizeLabels: true }).queryRange('{service="api"} |= "hello"', { startMs: START, endMs: END });
    expect(last().headers.get("x-loki-response-encoding-flags")).toBe("categorize-labels");
    expect(canon(categorized)).toEqual(canon(plain));
    expect(canon(plain)).toHaveLength(3);
  });

  test("query_range of a metric query gives a matrix", async () => {
    const r = await client().queryRange('sum(count_over_time({service="api"}[5m]))', { startMs: START, endMs: END, stepMs: 60_000 });
    expect(last().params.get("step")).toBe("60");
    expect(r).toEqual({ type: "matrix", series: [{ labels: {}, points: [{ tsMs: 1795311420000, value: 4 }] }] });
    const byLevel = await client().queryRange('sum by (level) (count_over_time({service="api"}[1m]))', { startMs: START, endMs: END, stepMs: 15_000 });
    expect(last().params.get("step")).toBe("15");
    expect(byLevel.type === "matrix" && byLevel.series.map((s) => [s.labels.level, s.points.map((p) => p.value)])).toEqual([
      ["error", [1, 1]],
      ["info", [3, 3]],
    ]);
  });

  test("instant queries give a vector or a scalar", async () => {
    const v = await client().query('sum by (level) (count_over_time({service="api"}[5m]))', { timeMs: END });
    expect(last().params.get("time")).toBe(lokiTime(END));
    expect(v).toEqual({
      type: "vector",
      samples: [
        { labels: { level: "error" }, tsMs: 1795311379614, value: 1 },
        { labels: { level: "info" }, tsMs: 1795311379614, value: 3 },
      ],
    });
    const s = await client().query("2*3");
    expect(s.type === "scalar" && s.value).toBe(6);
    expect(await client().query("empty")).toEqual({ type: "vector", samples: [] });
  });

  test("tenant, basic auth and extra headers are sent", async () => {
    await client({ tenant: "team-a", auth: { basic: { username: "u", password: "p:w" } }, headers: { "X-Extra": "1" } }).ready();
    expect(last().headers.get("x-scope-orgid")).toBe("team-a");
    expect(last().headers.get("authorization")).toBe(`Basic ${btoa("u:p:w")}`);
    expect(last().headers.get("x-extra")).toBe("1");
    await client({ auth: { bearer: "tok" } }).ready();
    expect(last().headers.get("authorization")).toBe("Bearer tok");
    expect(last().headers.has("x-scope-orgid")).toBe(false);
  });

  test("a url with a path prefix keeps it", async () => {
    await expect(lokiClient({ url: `${base}/prefix/` }).ready()).rejects.toThrow("404 Not Found: 404 page not found");
    expect(last().path).toBe("/prefix/ready");
  });

  test("an injected fetch replaces the network", async () => {
    const urls: string[] = [];
    const fake = async (input: string) => {
      urls.push(input);
      return new Response(await fixture("label_service_values.json"), { headers: { "content-type": "application/json" } });
    };
    expect(await lokiClient({ url: "http://127.0.0.1:9", fetch: fake }).labelValues("service", { startMs: START })).toEqual(["api", "web"]);
    expect(urls).toEqual(["http://127.0.0.1:9/loki/api/v1/label/service/values?start=1795311300000000000"]);
  });

  test("every request is logged with its status", async () => {
    const lines: string[] = [];
    await client({ log: (l) => lines.push(l) }).labelValues("service");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/loki\/api\/v1\/label\/service\/values → 200 OK, \d+ B in \d+ms$/);
  });
});

describe("Loki client: errors carry Loki's own message", () => {
  const cases: { name: string; query: string; range?: boolean; opts?: Partial<LokiClientOptions>; message: string | RegExp }[] = [
    { name: "parse error", query: '{service="api"', range: true, message: "refused the query (400 Bad Request): parse error at line 1, col 15: syntax error: unexpected $end, expecting } or ," },
    { name: "log query as instant", query: '{service="api"}', message: "refused the query (400 Bad Request): log queries are not supported as an instant query type" },
    { name: "pipeline error", query: "pipeline", message: "pipeline error: 'JSONParserErr' for series" },
    { name: "rate limited", query: "busy", message: /answered 429 Too Many Requests: too many outstanding requests$/ },
    { name: "server error with a JSON body", query: "broken", message: "answered 500 Internal Server Error: rpc error: ingester unavailable" },
    { name: "not JSON", query: "html", message: 'answered 200 with a body that is not JSON (text/html): "<html><body>Grafana</body></html>"' },
    { name: "status error in a 200", query: "failure", message: "without success: bad_data: not today" },
    // It said "unexpected result type undefined", naming no server.
    { name: "success without data", query: "nodata", message: 'answered 200 with success but no data: "{\\"status\\":\\"success\\"}"; is the url the Loki root?' },
    { name: "response too large", query: "big", opts: { maxBytes: 1000 }, message: "the response is 5.0 KiB, more than the 1000 B limit" },
    // Over fetch, which does not say whether it connected: a connection made to check finds the server up.
    { name: "timeout", query: "slow", opts: { timeoutMs: 50 }, message: /: no response headers after 50ms — a connection made to 127\.0\.0\.1:\d+ to check was accepted at once: the server is up and did not answer$/ },
    { name: "aborted by the step", query: "slow", opts: { signal: AbortSignal.abort() }, message: /: interrupted$/ },
    { name: "the run interrupted", query: "slow", opts: { signal: AbortSignal.abort(interruptReason()) }, message: /: interrupted$/ },
    { name: "the step's deadline", query: "slow", opts: { signal: AbortSignal.abort(new Error("timed out after 5s")) }, message: /: timed out after 5s: no response headers — a connection made to 127\.0\.0\.1:\d+ to check was accepted at once/ },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const cl = client(c.opts);
      const call = c.range ? cl.queryRange(c.query, { startMs: START, endMs: END }) : cl.query(c.query);
      const err = await call.then(() => undefined, (e: unknown) => e as Error);
      expect(err?.name).toBe("ApiError");
      if (typeof c.message === "string") expect(err?.message).toContain(c.message);
      else expect(err?.message).toMatch(c.message);
      expect(err?.message).toStartWith(`Loki at ${base}`);
    });
  }

  test("connection refused names the url", async () => {
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const url = `http://127.0.0.1:${probe.port}`;
    probe.stop(true);
    await expect(lokiClient({ url }).ready()).rejects.toThrow(`Loki at ${url}: connection refused; is Loki running at ${url}?`);
  });

  test("a streamed body is cut at the limit", async () => {
    const big = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () =>
        new Response(
          new ReadableStream({
            pull(ctrl) {
              ctrl.enqueue(new TextEncoder().encode("x".repeat(1024)));
            },
          }),
        ),
    });
    try {
      await expect(lokiClient({ url: `http://127.0.0.1:${big.port}`, maxBytes: 10_000 }).ready()).rejects.toThrow("the response passed the 9.8 KiB limit");
    } finally {
      big.stop(true);
    }
  });
});

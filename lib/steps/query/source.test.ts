// Table tests of the query inputs: time values, windows, durations in reports, urls.
import { describe, expect, test } from "bun:test";
import { compactDuration, connectionIssues, notMonotone, parseTime, resolveWindow, urlError, windowIssues } from "./source.ts";
import { step as logql } from "../logql.ts";
import { step as promql } from "../promql.ts";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadScenario } from "../../loader/load.ts";
import { builtins } from "../../vars/scope.ts";
import { loadErrorText } from "../../../test/helpers/load-errors.ts";
import { testContext } from "../../../test/helpers/context.ts";

describe("parseTime", () => {
  const cases: [string | number, number | string][] = [
    ["2024-05-01T12:00:00Z", Date.UTC(2024, 4, 1, 12)],
    ["2024-05-01T14:00:00.5+02:00", Date.UTC(2024, 4, 1, 12, 0, 0, 500)],
    [1714564800, 1714564800000],
    ["1714564800.25", 1714564800250],
    ["yesterday", 'invalid time "yesterday": use RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds (1714564800)'],
    ["2024-05-01", 'invalid time "2024-05-01": use RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds (1714564800)'],
    [1714564800000, "time 1714564800000 looks like milliseconds or nanoseconds; give epoch seconds (e.g. 1700000000) or RFC 3339"],
    // Finer than a millisecond: cut silently, a start of .123456790 kept a line at .123456789. Zeros past it are fine.
    ["2026-12-01T06:01:00.123456790Z", 'time "2026-12-01T06:01:00.123456790Z" is finer than a millisecond, and windows are kept to the millisecond: give at most 3 decimals of a second (e.g. 2026-12-01T06:01:00.123Z)'],
    ["1714564800.2501", 'time "1714564800.2501" is finer than a millisecond, and windows are kept to the millisecond: give at most 3 decimals of a second'],
    ["2026-12-01T06:01:00.123000Z", Date.UTC(2026, 11, 1, 6, 1, 0, 123)],
    // Dates and times that do not exist: Date.parse rolled them over (2023-02-29 was March 1st), a window a day off.
    ["2023-02-29T00:00:00Z", 'invalid time "2023-02-29T00:00:00Z": 2023-02 has 28 days'],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
    ["2024-04-31T23:59:59Z", 'invalid time "2024-04-31T23:59:59Z": 2024-04 has 30 days'],
    ["2024-13-01T00:00:00Z", 'invalid time "2024-13-01T00:00:00Z": month 13 does not exist'],
    ["2024-05-00T00:00:00Z", 'invalid time "2024-05-00T00:00:00Z": 2024-05 has 31 days'],
    ["2024-05-01T24:00:00Z", 'invalid time "2024-05-01T24:00:00Z": 24:00:00 is not a time of day (hours 00-23, minutes and seconds 00-59)'],
    ["2024-05-01T12:60Z", 'invalid time "2024-05-01T12:60Z": 12:60 is not a time of day (hours 00-23, minutes and seconds 00-59)'],
    ["2024-05-01T12:00:60Z", 'invalid time "2024-05-01T12:00:60Z": 12:00:60 is not a time of day (hours 00-23, minutes and seconds 00-59)'],
    ["2024-05-01T12:00:00+24:00", 'invalid time "2024-05-01T12:00:00+24:00": the offset 24:00 is not one (hours 00-23, minutes 00-59)'],
    ["2024-05-01 12:00:00+0230", Date.UTC(2024, 4, 1, 9, 30)],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => expect(parseTime(input)).toBe(want));
});

describe("resolveWindow", () => {
  const now = 1_000_000_000;
  const cases: [Parameters<typeof resolveWindow>[0], ReturnType<typeof resolveWindow>][] = [
    [{}, { startMs: now - 3_600_000, endMs: now }],
    [{ since: 60_000 }, { startMs: now - 60_000, endMs: now }],
    [{ end: 500_000_000, since: 1000 }, { startMs: 499_999_000, endMs: 500_000_000 }],
    [{ start: 10, end: 20 }, { startMs: 10, endMs: 20 }],
    [{ start: now + 1 }, "the window is empty: start 1970-01-12T13:46:40.001Z is not before end 1970-01-12T13:46:40.000Z"],
    [{ start: Number.NaN }, "start/end still hold an undefined variable"],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => expect(resolveWindow(input, now)).toEqual(want));
});

test("compactDuration", () => {
  expect([15_000, 600_000, 90_000, 3_600_000, 250, 86_400_000 + 1000, 0].map(compactDuration)).toEqual(["15s", "10m", "1m30s", "1h", "250ms", "1d1s", "0s"]);
});

test("urlError", () => {
  expect(urlError("http://127.0.0.1:3100")).toBeUndefined();
  expect(urlError("HTTPS://loki/")).toBeUndefined();
  expect(urlError("")).toBe("url is empty");
  expect(urlError("127.0.0.1:3100")).toBe('url "127.0.0.1:3100" is not an http:// or https:// URL');
  // The API's path is added after the URL: a query string or fragment there would end up before it.
  expect(urlError("http://127.0.0.1:9090/?foo=1")).toBe('url "http://127.0.0.1:9090/?foo=1" holds a query string (?…): give the server\'s root URL (a path prefix is kept), to which the API\'s path is added');
  expect(urlError("http://127.0.0.1:9090/prom?")).toContain("holds a query string (?…)");
  expect(urlError("http://127.0.0.1:9090/#x")).toContain("holds a fragment (#…)");
  expect(urlError("http://u:p%3Fq@127.0.0.1:9090/prom")).toBeUndefined();
});

test("load-time checks: a since of no time, a url that is no http(s) URL (unless captured during the run)", () => {
  expect(windowIssues({ since: 0 })).toEqual([{ path: "since", message: "since must be more than 0" }]);
  expect(windowIssues({ since: 1 })).toEqual([]);
  expect(connectionIssues({ url: "ftp://x" })).toEqual([{ path: "url", message: 'url "ftp://x" is not an http:// or https:// URL' }]);
  expect(connectionIssues({ url: "" })).toEqual([{ path: "url", message: "url is empty" }]);
  expect(connectionIssues({ url: "${LOKI}/x" })).toEqual([]);
  expect(connectionIssues({ url: "http://127.0.0.1:3100" })).toEqual([]);
  // The fast check and zod both refuse them.
  for (const input of [{ url: "ftp://x", query: '{a="b"}' }, { files: { "*.log": {} }, query: '{a="b"}', since: 0 }, { url: "http://x/?a=1", query: '{a="b"}' }]) {
    expect(logql.fastInput!(input)).toBeUndefined();
    expect(logql.schema.safeParse(input).success).toBe(false);
  }
  const withQueryString = { url: "http://x/prom?a=1", query: "up" };
  expect(promql.fastInput!(withQueryString)).toBeUndefined();
  expect(promql.schema.safeParse(withQueryString).success).toBe(false);
});

test("a numeric tenant is read as its text, by the fast check and zod alike", () => {
  const input = { url: "http://127.0.0.1:9090", query: "up", tenant: 123 };
  expect(promql.fastInput!(input)?.value).toEqual({ url: "http://127.0.0.1:9090", query: "up", tenant: "123" });
  expect(promql.schema.parse(input)).toEqual({ url: "http://127.0.0.1:9090", query: "up", tenant: "123" });
});

// `url: http://p:9090/api/v1/query` asked `/api/v1/query/api/v1/query` and failed "answered 404 Not Found: 404 page
// not found", naming no cause: the url is the server's root, to which the step adds the API's path.
describe("a url that ends in the API's path", () => {
  test.each([
    ["Prometheus", "http://127.0.0.1:19092/api/v1/query", "/api/v1/query", "http://127.0.0.1:19092"],
    ["Prometheus", "http://127.0.0.1:19092/api/v1/query_range/", "/api/v1/query_range/", "http://127.0.0.1:19092"],
    ["Prometheus", "http://127.0.0.1:19092/api/v1", "/api/v1", "http://127.0.0.1:19092"],
    ["Prometheus", "https://mimir.example/prometheus/api/v1/series", "/api/v1/series", "https://mimir.example/prometheus"],
    ["Prometheus", "http://p:9090/api/v1/label/job/values", "/api/v1/label/job/values", "http://p:9090"],
    ["Loki", "http://127.0.0.1:3100/loki/api/v1/query_range", "/loki/api/v1/query_range", "http://127.0.0.1:3100"],
    ["Loki", "http://127.0.0.1:3100/loki/api/v1/", "/loki/api/v1/", "http://127.0.0.1:3100"],
    ["Loki", "http://gw/logs/loki/api/v1/query", "/loki/api/v1/query", "http://gw/logs"],
  ] as const)("%s: %s is refused, naming the root", (server, url, path, root) => {
    expect(urlError(url, server)).toBe(`url ${JSON.stringify(url)} ends in the API's path ${path}: give ${server}'s root URL, ${root} (a path prefix is kept), to which the step adds the API's path`);
    expect(connectionIssues({ url }, server)).toEqual([{ path: "url", message: urlError(url, server)! }]);
  });

  test("a path prefix that only holds /api/v1 on the way, or a server's own prefix, is kept", () => {
    for (const url of ["http://p/prometheus", "https://k8s:6443/api/v1/namespaces/monitoring/services/prometheus:9090/proxy", "https://x.grafana.net/api/prom", "http://p/api/v1x", "http://api/v1", "http://api:9090/v1/query"]) expect([url, urlError(url, "Prometheus")]).toEqual([url, undefined]);
    // A Loki behind a `/loki` prefix (http_path_prefix, a gateway) is asked at /loki/loki/api/v1/…: the url is its root.
    for (const url of ["http://gw/loki", "http://gw/loki/", "http://l:3100/api/v1/query"]) expect([url, urlError(url, "Loki")]).toEqual([url, undefined]);
    // The credentials in it are not shown.
    expect(urlError("http://u:secret@p:9090/api/v1/query", "Prometheus")).toBe('url "http://***@p:9090/api/v1/query" ends in the API\'s path /api/v1/query: give Prometheus\'s root URL, http://***@p:9090 (a path prefix is kept), to which the step adds the API\'s path');
  });

  test("the steps refuse it at load (both checks) and at run (a url captured during the run)", async () => {
    for (const [step, input] of [
      [promql, { url: "http://127.0.0.1:19092/api/v1/query", query: "up" }],
      [logql, { url: "http://127.0.0.1:3100/loki/api/v1/query_range", query: '{a="b"}' }],
    ] as const) {
      expect(step.fastInput!(input)).toBeUndefined();
      expect(step.schema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([`url: ${urlError(input.url, step === promql ? "Prometheus" : "Loki")}`]);
      const r = await step.run(input as never, testContext());
      expect(r.error).toBe(urlError(input.url, step === promql ? "Prometheus" : "Loki"));
    }
  });

  test("at load the error has the file, line and column of the url", async () => {
    const dir = mkdtempSync(join(tmpdir(), "scenario-api-url-"));
    try {
      const file = join(dir, "s.yaml");
      writeFileSync(file, 'name: t\nsteps:\n  - promql:\n      url: "http://127.0.0.1:19092/api/v1/query"\n      query: up\n');
      const text = await loadErrorText(loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: (d) => builtins("r1", new Date(0), d) }, dir));
      expect(text).toContain(`s.yaml:4:12: `);
      expect(text).toContain(`ends in the API's path /api/v1/query: give Prometheus's root URL, http://127.0.0.1:19092 (a path prefix is kept)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a 404 from the API", () => {
  // A url that is no root in a way the load cannot tell (`/graph`, a wrong prefix): the 404 says what was added to it.
  test("asks whether the url is the server's root, naming the path the step added", async () => {
    const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("404 page not found", { status: 404, statusText: "Not Found" }) });
    try {
      const base = `http://127.0.0.1:${server.port}`;
      const p = await promql.run(promql.schema.parse({ url: `${base}/graph`, query: "up" }), testContext());
      expect(p.error).toBe(`Prometheus at ${base}/graph answered 404 Not Found: 404 page not found; is the url Prometheus's root? The step adds /api/v1/query to it`);
      const l = await logql.run(logql.schema.parse({ url: `${base}/grafana`, query: '{a="b"}' }), testContext());
      expect(l.error).toBe(`Loki at ${base}/grafana answered 404 Not Found: 404 page not found; is the url Loki's root? The step adds /loki/api/v1/query_range to it`);
    } finally {
      server.stop(true);
    }
  });
});

describe("notMonotone", () => {
  // Operators and functions read outside selectors' braces, strings, comments and label lists (partial answers).
  test.each([
    ['up{job="self"} unless on(job) up{rr="1"}', "unless"],
    ["a UNLESS b", "unless"],
    ["x > bool 1", "bool"],
    ["sum(x) > bool 1", "a comparison after (…) (>)"],
    ["sum(x) by (job) < 2", "a comparison after (…) (<)"],
    ["topk(3, x)", "topk"],
    ["BottomK by (job) (1, x)", "bottomk"],
    ["limitk(2, x)", "limitk"],
    ['approx_topk(2, rate({a="b"}[5m]))', "approx_topk"],
    ["limit_ratio(0.5, x)", "limit_ratio"],
    ['count_values("v", x)', "count_values"],
    ["quantile(0.9, x)", "quantile"],
    ["absent (x)", "absent(…)"],
    ["absent_over_time(x[5m])", "absent_over_time(…)"],
    ["x or vector(0)", "vector(…)"],
    ["scalar(x)", "scalar(…)"],
    ["up{job='x}'} unless y", "unless"],
    ['up{job="a\\"}"} unless y', "unless"],
    ['{app="a"} |= "x" | json | line_format "{{.msg}}" != `unless`', undefined],
    ['up{job!="unless", le!~"topk|bool"}', undefined],
    ['{app="a"} != "x" !~ "topk" |~ "(?i)bool"', undefined],
    ["sum by (quantile, bool) (x) / on (topk) group_left (limitk) y", undefined],
    ["sum without (quantile) (x) # unless topk here is a comment\n + 1e3", undefined],
    ["quantile_over_time(0.9, x[5m]) + histogram_quantile(0.5, rate(y[5m]))", undefined],
    ["vector + job:up:topk offset 5m", undefined],
    ["count(up{job=\"self\"} or up{rr=\"1\"})", undefined],
    // A comparison of what an aggregation or a function made: missing data can make it hold (count(up) < 2).
    ["count(up) < 2", "a comparison after (…) (<)"],
    ['sum(count_over_time({service="api"} |= "error" [5m])) <= 3', "a comparison after (…) (<=)"],
    ["rate(x[5m]) == 0", "a comparison after (…) (==)"],
    ["max(x) != 1", "a comparison after (…) (!=)"],
    ["sum(x) >= 3", "a comparison after (…) (>=)"],
    // The same comparison written otherwise: the (…) before it in its operand, or on its right (3 > count(up) holds
    // when a series is missing as count(up) < 3 does).
    ["count(up) - 3 < 0", "a comparison after (…) (<)"],
    ["count(up) / 3 < 1", "a comparison after (…) (<)"],
    ["-1 * sum(x) > -3", "a comparison after (…) (>)"],
    ["3 > count(up)", "a comparison before (…) (>)"],
    ["2 > count by (job) (up == 1)", "a comparison before (…) (>)"],
    ["up > -(count(up))", "a comparison before (…) (>)"],
    ["up == 0 and on(job) 3 > count by (job) (up)", "a comparison before (…) (>)"],
    ['3 > sum(count_over_time({app="a"} |= "error" [5m]))', "a comparison before (…) (>)"],
    ["label_replace(count(up) - 3 < 0, \"a\", \"b\", \"\", \"\")", "a comparison after (…) (<)"],
    // A series' own value filtered, a line filter after a function, a label filter in a pipeline: more data adds only.
    ["up == 0", undefined],
    ['{app="a"} |= ip("10.0.0.1") != "health"', undefined],
    ['count_over_time({app="a"} | json | duration > 10s [5m])', undefined],
    // A call before or after a comparison in another operand: `and`, `or`, a pipe stage and a comma end one; label
    // lists are no (…) of an operand; LogQL's ip("…") filters lines and labels.
    ["sum(x) > 0 or up == 0", "a comparison after (…) (>)"],
    ["count(up) or up == 0", undefined],
    ["up == 0 and on(job) count by (job) (up)", undefined],
    ["up > on(job) group_left() threshold", undefined],
    ["clamp_max(x, 1) or y > 2", undefined],
    ['{app="a"} != ip("10.0.0.1")', undefined],
    ['{app="a"} |= ip("10.0.0.1") | status > 400', undefined],
    ['count_over_time({app="a"} | addr != ip("10.0.0.0/8") | status >= 500 [5m])', undefined],
  ])("%s: %p", (query, expected) => {
    expect(notMonotone(query)).toBe(expected);
  });
});

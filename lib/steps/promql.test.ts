// Tests of the promql step: input validation, and step.run() against a real Prometheus scraping a local endpoint.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../cli.ts";
import { step } from "./promql.ts";
import { testContext } from "../../test/helpers/context.ts";
import { runInProcess } from "../../test/helpers/in-process.ts";
import { describeWithPrometheus, START_TIMEOUT_MS, startDemoPrometheus, type RunningPrometheus } from "../../test/helpers/prometheus.ts";

describe("promql input", () => {
  const ok: [string, unknown][] = [
    ["an instant query", { url: "http://127.0.0.1:9090", query: "up" }],
    ["a time", { url: "http://x", query: "up", time: "2024-05-01T12:00:00Z" }],
    ["epoch seconds", { url: "http://x", query: "up", time: 1714564800 }],
    ["a range", { url: "http://x", query: "up", since: "10m", step: "15s" }],
    ["a captured variable in time", { url: "http://x", query: "up", time: "${T}" }],
    ["every expectation", { url: "http://x", query: "up", expect: { value: { gte: 1 }, series: 2, empty: false, labels: { job: "x" } } }],
    ["value items", { url: "http://x", query: "up", expect: { value: [{ labels: { job: "a" }, value: 1 }] } }],
    // `series: {gte: 0}` beside another check says that no series is fine too.
    ["a series count that allows none beside a check", { url: "http://x", query: "up", expect: { series: { gte: 0 }, labels: { job: { not_contains: "dead" } } } }],
    ["a label length that allows none beside a label check", { url: "http://x", query: "up", expect: { labels: { job: { length: { gte: 0 } }, env: "ci" } } }],
    // No job is dead: not around an operator of the list of values.
    ["not of some on a label's values", { url: "http://x", query: "up", expect: { labels: { job: { not: { some: { eq: "dead" } } } } } }],
  ];
  for (const [name, input] of ok) test(`accepts ${name}`, () => expect(step.schema.safeParse(input).error?.issues).toBeUndefined());

  const bad: [string, unknown, string][] = [
    ["a missing query", { url: "http://x" }, "query"],
    ["an unknown key", { url: "http://x", query: "up", tim: 1 }, 'Unrecognized key: "tim"'],
    ["an unknown expectation", { url: "http://x", query: "up", expect: { lines: 1 } }, 'Unrecognized key: "lines"'],
    ["a bad time", { url: "http://x", query: "up", time: "yesterday" }, "invalid time \"yesterday\": use RFC 3339"],
    ["milliseconds for seconds", { url: "http://x", query: "up", time: 1714564800000 }, "looks like milliseconds or nanoseconds"],
    ["time with step", { url: "http://x", query: "up", time: 1, step: "1m" }, "time is the instant of an instant query"],
    ["since without step", { url: "http://x", query: "up", since: "5m" }, "since belongs to a range query: add step"],
    ["since with start", { url: "http://x", query: "up", since: "5m", start: 1, step: "1m" }, "either since or start"],
    ["since shorter than step", { url: "http://x", query: "up", since: "30s", step: "1m" }, "since is shorter than step: a range is evaluated at whole steps within the window, so make since at least one step"],
    ["start after end", { url: "http://x", query: "up", start: 20, end: 10, step: "1m" }, "is not before end"],
    ["a bad matcher", { url: "http://x", query: "up", expect: { value: { gte: "lots" } } }, "gte takes a number"],
    ["a value item without value", { url: "http://x", query: "up", expect: { value: [{ labels: { a: "b" } }] } }, "value is required"],
    // A matcher reads 500ms as 500 (milliseconds); a PromQL value in seconds is 0.5: `lt: 500ms` passed on 1 second.
    ["a duration as a value", { url: "http://x", query: "up", expect: { value: { lt: "500ms" } } }, '\"500ms\" is a duration: a query\'s value is a plain number, and PromQL and LogQL give durations in seconds — write 0.5'],
    // `labels: {svc: {ne: api}}` compared the list ["api", "web"] with "api": it passed with api there.
    ["a labels operator that compares the list of values with one value", { url: "http://x", query: "up", expect: { labels: { svc: { ne: "api" } } } }, "ne would compare the list of svc's values with"],
    ["not and matches on a label's values", { url: "http://x", query: "up", expect: { labels: { svc: { not: "api", matches: "^web$" } } } }, "matches would compare the list of svc's values"],
    ["a tenant given twice", { url: "http://x", query: "up", tenant: "b", headers: { "X-Scope-OrgID": "a" } }, "give the tenant once: tenant: (sent as X-Scope-OrgID) or the X-Scope-OrgID header, not both"],
    // auth: replaced the header without a word.
    ["credentials given twice", { url: "http://x", query: "up", auth: { bearer: "t1" }, headers: { authorization: "Bearer t2" } }, "give the credentials once: auth: (sent as Authorization) or the authorization header, not both"],
    ["a duration in a value item", { url: "http://x", query: "up", expect: { value: [{ labels: {}, value: { between: [0, "1h"] } }] } }, "write 3600"],
    ["a bad auth", { url: "http://x", query: "up", auth: { token: "x" } }, "auth takes {basic: {username, password}} or {bearer: TOKEN}"],
    // Each passed on any answer, an empty one or an error-free one of anything.
    ["a series count that holds for every count, alone", { url: "http://x", query: "up", expect: { series: { gte: 0 } } }, "series holds here for every count, and expect checks nothing else, so the step would pass on any answer"],
    ["labels: {}", { url: "http://x", query: "up", expect: { labels: {} } }, "labels: {} checks nothing"],
    ["a label length that holds for every list, alone", { url: "http://x", query: "up", expect: { labels: { job: { length: { gte: 0 } } } } }, "labels.job holds here for every list of values, none included (its length always meets the bound), and expect checks nothing else, so the step would pass on any answer"],
    ["label lengths and a count that hold for every answer", { url: "http://x", query: "up", expect: { series: { gte: 0 }, labels: { job: { length: { not: { lt: 0 } } } } } }, "labels.job holds here for every list of values"],
    ["a series count no count meets", { url: "http://x", query: "up", expect: { series: { lt: 0 } } }, "lt: 0 holds for no count, which is never below 0: the check could never pass"],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects ${name}`, () => {
      const r = step.schema.safeParse(input);
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain(JSON.stringify(message).slice(1, -1));
    });
  }
});

describe("promql run without a server", () => {
  test("connection refused is a step error naming the url", async () => {
    const probe = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const url = `http://127.0.0.1:${probe.port}`;
    probe.stop(true);
    const r = await step.run(step.schema.parse({ url, query: "up" }), testContext());
    expect(r.error).toBe(`Prometheus at ${url}: connection refused; is Prometheus running at ${url}?`);
    expect(r.details?.[0]?.body).toContain("query:  up");
  });

  test("a url that is not http is refused at load, and a step error when it came to be so at run", async () => {
    expect(step.schema.safeParse({ url: "localhost:9090", query: "up" }).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(['url: url "localhost:9090" is not an http:// or https:// URL']);
    expect(step.fastInput!({ url: "localhost:9090", query: "up" })).toBeUndefined();
    // Validated while it still held a ${…} captured during the run, then interpolated.
    const r = await step.run({ url: "localhost:9090", query: "up" } as Parameters<typeof step.run>[0], testContext());
    expect(r.error).toBe('url "localhost:9090" is not an http:// or https:// URL');
  });
});

/** A Prometheus-API server answering query_range as one that aligns to step (VictoriaMetrics, Thanos's query-frontend): start and end moved down to whole steps, one point of 1 at each. */
function aligningServer(requests: URLSearchParams[]) {
  return Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const q = new URL(req.url).searchParams;
      requests.push(q);
      const [s, e, st] = ["start", "end", "step"].map((k) => Number(q.get(k)));
      const values: [number, string][] = [];
      for (let t = Math.floor(s! / st!) * st!; t <= Math.floor(e! / st!) * st!; t += st!) values.push([t, "1"]);
      return Response.json({ status: "success", data: { resultType: "matrix", result: [{ metric: { job: "a" }, values }] } });
    },
  });
}

describe("promql range on a server that aligns to step", () => {
  // 1714564800 is a whole minute. A window 40 s past it: asked raw, the aligned answer's first point fell before the
  // window and its last step looked missing ("no point at 1 of 11 steps"); asked for whole steps, nothing moves.
  test("the range asks for the whole steps within the window, so an aligned answer has a point at each", async () => {
    const requests: URLSearchParams[] = [];
    const server = aligningServer(requests);
    try {
      const input = step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query: "up", start: 1714564840, end: 1714565440, step: "1m", expect: { value: 1 } });
      const r = await step.run(input, testContext());
      expect(r.error).toBeUndefined();
      expect(r.checks.map((c) => [c.path, c.actual, c.ok])).toEqual([['value{job="a"}', "10 points from 1 to 1", true]]);
      expect([requests[0]!.get("start"), requests[0]!.get("end"), requests[0]!.get("step")]).toEqual(["1714564860", "1714565400", "60"]);
      expect(r.observed?.evaluated).toBe("at 2024-05-01T12:01:00.000Z … 2024-05-01T12:10:00.000Z");
    } finally {
      server.stop(true);
    }
  });

  test("a range answered with a vector or a scalar is an error naming both, not a pass (the check at every step was skipped)", async () => {
    for (const data of [
      { resultType: "vector", result: [{ metric: { job: "a" }, value: [1714565400, "1"] }] },
      { resultType: "scalar", result: [1714565400, "1"] },
    ]) {
      const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ status: "success", data }) });
      try {
        const url = `http://127.0.0.1:${server.port}`;
        const r = await step.run(step.schema.parse({ url, query: "up", start: 1714564800, end: 1714565400, step: "1m", expect: { value: 1 } }), testContext());
        expect(r.error).toBe(`Prometheus at ${url} answered a range query (step) with a ${data.resultType}, where its answer is a matrix: not judged`);
        expect(r.checks).toEqual([]);
      } finally {
        server.stop(true);
      }
    }
  });

  test("a check that passed on no series held on nothing, and the report says so (series that exist, none in the answer)", async () => {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req) =>
        new URL(req.url).pathname === "/api/v1/series"
          ? Response.json({ status: "success", data: [{ __name__: "up", job: "api" }] })
          : Response.json({ status: "success", data: { resultType: "vector", result: [] } }),
    });
    try {
      const r = await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query: 'up{job="api"} == 0', expect: { labels: { job: { not_contains: "dead" } } } }), testContext());
      expect(r.checks.map((c) => c.ok)).toEqual([true]);
      expect(r.details?.[0]?.body).toEndWith("\nnote:   no series in the answer: labels.job held on nothing (add series: {gte: 1} if series are expected here)");
    } finally {
      server.stop(true);
    }
  });

  test("a window that holds no whole step is the step's error, saying so", async () => {
    const server = aligningServer([]);
    try {
      const input = step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query: "up", start: 1714564810, end: 1714564850, step: "1m", expect: { value: 1 } });
      const r = await step.run(input, testContext());
      expect(r.error).toBe("the window 2024-05-01T12:00:10.000Z .. 2024-05-01T12:00:50.000Z (40s) holds no whole step of 1m: a range is evaluated at whole steps (multiples of step since 1970); make it at least one step long");
    } finally {
      server.stop(true);
    }
  });
});

/**
 * A Prometheus API serving `series` (their label sets, __name__ among them): /api/v1/series and /api/v1/labels read a
 * selector's matchers as Prometheus 3 does (a missing label is "", a regex anchored, its "." matching a line break);
 * /api/v1/query answers what `answer` gives for the query (a vector's samples: labels and value). Each request is
 * pushed onto `requests`.
 */
function fakePrometheus(series: Record<string, string>[], answer: (query: string) => [Record<string, string>, number][], requests: { url: string; headers: Headers }[] = [], lookupWarnings: { series?: string[]; labels?: string[] } = {}) {
  const matches = (sel: string) => {
    const brace = sel.indexOf("{");
    const name = (brace === -1 ? sel : sel.slice(0, brace)).trim();
    const matchers = [...(brace === -1 ? "" : sel.slice(brace)).matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g)].map(([, l, op, v]) => ({ l: l!, op: op!, v: JSON.parse(`"${v}"`) as string }));
    if (name !== "") matchers.push({ l: "__name__", op: "=", v: name });
    return (s: Record<string, string>) =>
      matchers.every(({ l, op, v }) => {
        const value = s[l] ?? "";
        // As Prometheus 3 compiles it, ^(?s:re)$; JavaScript takes (?s) as a flag.
        const re = () => new RegExp(`^(?:${v.replace(/^\(\?s\)/, "").replace(/\(\?s:/g, "(?:")})$`, "s").test(value);
        return op === "=" ? value === v : op === "!=" ? value !== v : op === "=~" ? re() : !re();
      });
  };
  return Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      requests.push({ url: req.url, headers: new Headers(req.headers) });
      const url = new URL(req.url);
      const found = () => series.filter((s) => url.searchParams.getAll("match[]").some((m) => matches(m)(s)));
      // As Prometheus with a remote_read answers a look-up: `"warnings":["not implemented"]` on every /api/v1/labels.
      const warned = (w: string[] | undefined) => (w === undefined ? {} : { warnings: w });
      if (url.pathname === "/api/v1/series") return Response.json({ status: "success", data: found(), ...warned(lookupWarnings.series) });
      if (url.pathname === "/api/v1/labels") return Response.json({ status: "success", data: [...new Set(found().flatMap((s) => Object.keys(s)))].sort(), ...warned(lookupWarnings.labels) });
      const result = answer(url.searchParams.get("query") ?? "").map(([metric, v]) => ({ metric, value: [Date.now() / 1000, String(v)] }));
      return Response.json({ status: "success", data: { resultType: "vector", result } });
    },
  });
}

describe("promql on a fake Prometheus: what a query that fills missing data in rests on", () => {
  const SERIES = [
    { __name__: "demo_requests_total", service: "api", code: "200" },
    { __name__: "demo_requests_total", service: "api", code: "500" },
  ];
  const runOn = async (query: string, answer: [Record<string, string>, number][], expect: Record<string, unknown>) => {
    const server = fakePrometheus(SERIES, () => answer);
    try {
      return await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query, expect }), testContext());
    } finally {
      server.stop(true);
    }
  };

  // absent(…) fills in as vector(0) does: `absent(x) * 0` is {} 0 where x has no series, so `value: {lt: 0.5}` held on a typo.
  const ABSENT_FILLS = [
    "sum(rate(M[1m])) or absent(M) * 0",
    "sum(rate(M[1m])) or (absent(M) - 1)",
    "sum(rate(M[1m])) or (absent(nothing_here) - 1)",
    "sum(rate(M[1m])) or absent_over_time(M[5m]) - 1",
    "absent(M) - 1 or sum(rate(M[1m]))",
  ];
  test.each(ABSENT_FILLS)("%s on a typo'd metric fails: no series matches it outside absent(…)", async (shape) => {
    const query = shape.replaceAll("M", "demo_requets_total");
    const r = await runOn(query, [[{}, 0]], { value: { lt: 0.5 } });
    expect(r.error).toStartWith("no series matches demo_requets_total from ");
    expect(r.error).toContain(": value{} held on nothing (a typo in a metric or label");
    const fn = shape.includes("absent_over_time") ? "absent_over_time" : "absent";
    expect(r.error).toContain(`; query ${fn}(…) alone, or write empty: true, if no series is the expected answer)`);
    expect(r.checks).toEqual([]);
  });

  test.each(ABSENT_FILLS)("%s on a metric that has series passes", async (shape) => {
    const r = await runOn(shape.replaceAll("M", "demo_requests_total"), [[{}, 0.2]], { value: { lt: 0.5 } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["value{}", true]]);
  });

  // A time function of no argument reads vector(time()): `x or minute() * 0` is {} 0 where x has no series.
  const TIME_FILLS = ["sum(rate(M[1m])) or minute() * 0", "sum(rate(M[1m])) or (hour() - hour())", "sum(rate(M[1m])) or year( ) * 0", "days_in_month() * 0 or sum(rate(M[1m]))"];
  test.each(TIME_FILLS)("%s on a typo'd metric fails: the time function filled the value in", async (shape) => {
    const r = await runOn(shape.replaceAll("M", "demo_requets_total"), [[{}, 0]], { value: { lt: 0.5 } });
    expect(r.error).toStartWith("no series matches demo_requets_total from ");
    expect(r.error).toMatch(/; leave out (minute|hour|year|days_in_month)\(\) \(the time of evaluation, a value with no series\) and write empty: true if no series is the expected answer\)$/);
  });

  test.each(TIME_FILLS)("%s on a metric that has series passes", async (shape) => {
    const r = await runOn(shape.replaceAll("M", "demo_requests_total"), [[{}, 0]], { value: { lt: 0.5 } });
    expect(r.error).toBeUndefined();
  });

  // Prometheus ends a `#` comment at "\r" as at "\n": the text after it is query text, and its selectors are asked about.
  test.each(["\r", "\n", "\r\n"])("a typo'd metric after a comment ended by %j fails: no series matches it", async (eol) => {
    const r = await runOn(`vector(0) # x${eol} or sum(demo_requets_total)`, [[{}, 0]], { value: { lt: 0.5 } });
    expect(r.error).toStartWith("no series matches demo_requets_total from ");
    expect(r.error).toContain(": value{} held on nothing (a typo in a metric or label");
  });

  test("absent(…) alone of a selector no series matches passes: its no series is the answer asked for", async () => {
    const r = await runOn('absent(demo_requests_total{code="503"})', [[{}, 1]], { value: 1 });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => c.ok)).toEqual([true]);
  });

  // `!~".*"` leaves out every value, "" of a series without the label too: no series can ever match, so "a value not
  // seen yet" cannot be why none does.
  test.each(['code!~".*"', 'code!~".*?"', 'code!~"(.*)"', 'code!~"(?s).*"', 'code!~".*|5.."', 'code!~"(?:.*)"', 'service="api", code!~"(?s:.*)"', 'code!~"^.*$"', 'code!~"|.+"'])(
    "a selector with %s on a metric whose series have that label fails: the matcher leaves out every series",
    async (matcher) => {
      const sel = `demo_requests_total{${matcher}}`;
      const r = await runOn(`count(${sel}) or vector(0)`, [[{}, 0]], { value: 0 });
      const shown = matcher.replace(/^service="api", /, "");
      expect(r.error).toStartWith(`no series matches ${sel} from `);
      expect(r.error).toContain(`: value{} held on nothing (the label matcher ${shown} would leave out more than meant: its regex matches every value, "" of a series without code too, so no series can match it)`);
      expect(r.checks).toEqual([]);
    },
  );

  // With a remote_read, Prometheus answers every /api/v1/labels with `"warnings":["not implemented"]`: the step showed
  // "warning: Prometheus: not implemented" as if the query had it.
  describe("the warnings of the step's own look-ups are not the query's", () => {
    const runWarned = async (query: string, answer: [Record<string, string>, number][], expect: Record<string, unknown>, lookupWarnings: { series?: string[]; labels?: string[] }) => {
      const server = fakePrometheus(SERIES, () => answer, [], lookupWarnings);
      try {
        return await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query, expect }), testContext());
      } finally {
        server.stop(true);
      }
    };

    test("a value not seen yet passes without them: the query had none", async () => {
      const r = await runWarned('count(demo_requests_total{code="503"}) or vector(0)', [[{}, 0]], { value: 0 }, { series: ["remote_read: partial"], labels: ["not implemented"] });
      expect(r.error).toBeUndefined();
      expect(r.warnings).toBeUndefined();
      expect(r.observed?.warnings).toBeUndefined();
      expect(r.details?.[0]?.body).not.toContain("not implemented");
      expect(r.details?.[0]?.body).toContain("taken as a value not seen yet");
    });

    test("where no series matches, the failure says what Prometheus warned when asked, as the look-up's", async () => {
      const r = await runWarned('count(demo_requests_total{cdoe="503"}) or vector(0)', [[{}, 0]], { value: 0 }, { labels: ["not implemented"] });
      expect(r.warnings).toBeUndefined();
      expect(r.error).toStartWith('no series matches demo_requests_total{cdoe="503"} from ');
      expect(r.error).toEndWith('; when asked about demo_requests_total{cdoe="503"}, Prometheus warned: "not implemented"');
      const typo = await runWarned("sum(rate(demo_requets_total[1m])) or vector(0)", [[{}, 0]], { value: 0 }, { series: ["remote_read: a", "remote_read: b"] });
      expect(typo.error).toEndWith('; when asked about demo_requets_total, Prometheus warned: "remote_read: a" and 1 more');
      expect(typo.warnings).toBeUndefined();
    });

    test("the query's own warnings are still the step's", async () => {
      const server = Bun.serve({
        hostname: "127.0.0.1",
        port: 0,
        fetch: (req) =>
          new URL(req.url).pathname === "/api/v1/query"
            ? Response.json({ status: "success", data: { resultType: "vector", result: [{ metric: {}, value: [1, "0"] }] }, warnings: ["query warned"] })
            : Response.json({ status: "success", data: [{ __name__: "x" }], warnings: ["look-up warned"] }),
      });
      try {
        const r = await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query: "sum(x) or vector(0)", expect: { value: 0 } }), testContext());
        expect(r.warnings).toEqual(["Prometheus: query warned"]);
        expect(r.observed?.warnings).toBe(1);
      } finally {
        server.stop(true);
      }
    });
  });

  test('a negative regex that leaves out some values, or "" alone, still reads as a value not seen yet', async () => {
    for (const matcher of ['code!~"2..|5.."', 'code!~".+"', 'code!~"[25].*"']) {
      const r = await runOn(`count(demo_requests_total{${matcher}}) or vector(0)`, [[{}, 0]], { value: 0 });
      expect([matcher, r.error]).toEqual([matcher, undefined]);
      expect(r.details?.[0]?.body).toContain("taken as a value not seen yet");
    }
  });
});

describe("promql on a fake Prometheus: an empty answer the expectation asks for", () => {
  const SERIES = [{ __name__: "up", job: "gateway" }, { __name__: "up", job: "worker" }];
  const TIME = 1714564800;
  const runOn = async (query: string, want: Record<string, unknown>, answer: [Record<string, string>, number][] = [], more: Record<string, unknown> = {}) => {
    const requests: { url: string; headers: Headers }[] = [];
    const server = fakePrometheus(SERIES, () => answer, requests);
    try {
      const r = await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query, time: TIME, expect: want, ...more }), testContext());
      const asked = requests.filter((q) => new URL(q.url).pathname !== "/api/v1/query");
      return { r, asked, paths: asked.map((q) => `${new URL(q.url).pathname} ${new URL(q.url).searchParams.getAll("match[]").join(" ")}`) };
    } finally {
      server.stop(true);
    }
  };
  const typoWarning =
    "empty as expected, but no series named upp exists from 2024-05-01T11:00:00.000Z to 2024-05-01T12:00:00.000Z: a typo? (a labelled counter has none before its first increment)";

  test.each([[{ empty: true }], [{ series: 0 }], [{ series: { lt: 1 } }]])("a typo'd metric with %j passes, warning that no series has its name", async (want) => {
    const { r, paths } = await runOn('count(upp{job=~"gateway|worker"} == 0)', want);
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => c.ok)).toEqual([true]);
    expect(r.warnings).toEqual([typoWarning]);
    // The metric's name alone is asked about, as the step asks of a selector that reads no data.
    expect(paths).toEqual(["/api/v1/series upp"]);
  });

  test("a metric that has series, whose labels select none, with empty: true passes without a warning", async () => {
    for (const want of [{ empty: true }, { series: 0 }]) {
      const { r, paths } = await runOn('count(up{job=~"gateway|worker"} == 0)', want);
      expect(r.error).toBeUndefined();
      expect(r.checks.map((c) => c.ok)).toEqual([true]);
      expect(r.warnings).toBeUndefined();
      expect(paths).toEqual(["/api/v1/series up"]);
    }
  });

  test("each metric is asked once; one without series is named, a selector with no metric's name is not asked", async () => {
    const { r, paths } = await runOn('count(upp{job="a"} == 0) + count(upp{job="b"}) + count({job="gateway"} == 0) + count(up == 0)', { empty: true });
    expect(r.error).toBeUndefined();
    expect(r.warnings).toEqual([typoWarning]);
    expect(paths.sort()).toEqual(["/api/v1/series up", "/api/v1/series upp"]);
  });

  test("a metric named by a regex is asked about as written, and named so", async () => {
    const { r, paths } = await runOn('count({__name__=~"upp|uq", job="gateway"} == 0)', { empty: true });
    expect(r.warnings).toEqual([typoWarning.replace("no series named upp exists", 'no series matches {__name__=~"upp|uq"}')]);
    expect(paths).toEqual(['/api/v1/series {__name__=~"upp|uq"}']);
  });

  test("the tenant, auth and headers go with the request; a tenant is named in the warning", async () => {
    const { r, asked } = await runOn("count(upp == 0)", { empty: true }, [], { tenant: "t1", auth: { bearer: "tok" }, headers: { "X-Extra": "1" } });
    expect(r.warnings).toEqual([typoWarning.replace("no series named upp", 'no series of tenant "t1" named upp')]);
    expect(asked.map((q) => [q.headers.get("x-scope-orgid"), q.headers.get("authorization"), q.headers.get("x-extra")])).toEqual([["t1", "Bearer tok", "1"]]);
  });

  test("no request beyond the query when the answer is not empty, or when a check failed", async () => {
    for (const [want, answer] of [
      [{ empty: false }, [[{}, 1]]],
      [{ series: 1 }, [[{}, 1]]],
      [{ empty: true }, [[{}, 1]]],
      [{ series: 0 }, [[{}, 1]]],
    ] as [Record<string, unknown>, [Record<string, string>, number][]][]) {
      const { r, paths } = await runOn("count(upp == 0)", want, answer);
      expect([want, paths, r.warnings]).toEqual([want, [], undefined]);
    }
  });

  test("a look-up's warnings are not the step's: dropped where the metric has series, said in the warning where it has none", async () => {
    for (const [query, warnings] of [
      ['count(up{job=~"gateway|worker"} == 0)', undefined],
      ["count(upp == 0)", [`${typoWarning}; when asked about upp, Prometheus warned: "remote_read: partial"`]],
    ] as const) {
      const server = fakePrometheus(SERIES, () => [], [], { series: ["remote_read: partial"], labels: ["not implemented"] });
      try {
        const r = await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query, time: TIME, expect: { empty: true } }), testContext());
        expect([query, r.error, r.warnings, r.observed?.warnings]).toEqual([query, undefined, warnings, undefined]);
      } finally {
        server.stop(true);
      }
    }
  });

  test("a Prometheus that cannot be asked leaves a note, not a failure", async () => {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req) =>
        new URL(req.url).pathname === "/api/v1/series"
          ? Response.json({ status: "error", errorType: "internal", error: "boom" }, { status: 500 })
          : Response.json({ status: "success", data: { resultType: "vector", result: [] } }),
    });
    try {
      const r = await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query: "count(upp == 0)", expect: { empty: true } }), testContext());
      expect(r.error).toBeUndefined();
      expect(r.checks.map((c) => c.ok)).toEqual([true]);
      expect(r.warnings).toBeUndefined();
      expect(r.details?.[0]?.body).toContain("\nnote:   could not tell whether upp has series: Prometheus at ");
    } finally {
      server.stop(true);
    }
  });
});

// `labels: {lee: {not_contains: 2}}` on `count by (le) (…)`: the note that no series carries lee was in the run log
// alone, where the docs said a typo in the name shows.
describe("promql: a label none of the series carries", () => {
  test("its checks pass with a warning, on the console and in the Markdown report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenario-promql-unlabelled-"));
    const buckets = ["0.1", "0.5", "1", "2.5", "5", "10", "25", "50", "100", "+Inf"];
    const prom = fakePrometheus([], () => buckets.map((le) => [{ le }, 1]));
    try {
      const yaml = [
        "name: unlabelled",
        "steps:",
        "  - name: buckets",
        "    promql:",
        `      url: http://127.0.0.1:${prom.port}`,
        "      query: count by (le) (demo_duration_seconds_bucket)",
        "      expect: { labels: { lee: { not_contains: 2 } } }",
        "",
      ].join("\n");
      const r = await runInProcess(dir, yaml, "--report", "md");
      expect(r.code).toBe(0);
      const text = "labels.lee passed, but none of the 10 series carries the label lee: a typo in its name?";
      expect(r.stdout).toContain(`\n    warning: ${text}\n`);
      expect(r.markdown).toContain(`\n- buckets (step 1): \`${text}\`\n`);
    } finally {
      prom.stop(true);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("promql: a value captured as .* into a negative regex matcher", () => {
  test("fails the step, saying the matcher leaves out every series", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenario-promql-negre-"));
    const prom = fakePrometheus([{ __name__: "demo_requests_total", code: "500" }], () => [[{}, 0]]);
    const src = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => Response.json({ pattern: ".*" }) });
    try {
      const yaml = [
        "name: negre",
        "steps:",
        "  - name: get",
        `    http: {url: "http://127.0.0.1:${src.port}/", capture: {I: $.pattern}}`,
        "  - name: no errors",
        "    promql:",
        `      url: http://127.0.0.1:${prom.port}`,
        `      query: 'count(demo_requests_total{code!~"\${I}"}) or vector(0)'`,
        "      expect: {value: 0}",
        "",
      ].join("\n");
      const r = await runInProcess(dir, yaml, "--quiet");
      expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
      expect(r.steps[1]!.error).toContain('(the label matcher code!~".*" would leave out more than meant: its regex matches every value, "" of a series without code too, so no series can match it)');
      expect(r.code).toBe(1);
    } finally {
      prom.stop(true);
      src.stop(true);
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describeWithPrometheus("promql run against a real Prometheus", () => {
  let prom: RunningPrometheus;
  /** When the first scrape's data answered: the series exists from then on. */
  let readyMs = 0;

  beforeAll(async () => {
    prom = await startDemoPrometheus("demo_requests_total");
    readyMs = Date.now();
    // A range ends at the last whole step before now: with a step of 1s, one asked within the second of the first
    // scrape would end before it. The next whole second holds it.
    await Bun.sleep(Math.ceil(readyMs / 1000) * 1000 + 1 - Date.now());
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await prom?.stop();
  });

  const run = (input: Record<string, unknown>) => {
    const ctx = testContext();
    return step.run(step.schema.parse({ url: prom.url, ...input }), ctx).then((r) => ({ r, ctx }));
  };
  const failed = (r: { checks: { ok: boolean; path: string }[] }) => r.checks.filter((c) => !c.ok).map((c) => c.path);

  const cases: { name: string; input: Record<string, unknown>; failing: string[] }[] = [
    { name: "series count and a value per service", failing: [], input: {
      query: "sum by (service) (demo_requests_total)",
      expect: { series: 2, value: [{ labels: { service: "api" }, value: { gte: 200 } }, { labels: { service: "vllm" }, value: 20 }] },
    } },
    { name: "a value every series satisfies", failing: [], input: { query: "demo_requests_total", expect: { value: { between: [10, 300] }, labels: { service: ["api", "vllm"] } } } },
    { name: "a value one series misses", failing: ['value{__name__="demo_requests_total", instance="X", job="scenario-test", service="vllm"}'], input: {
      query: "demo_requests_total", expect: { value: { gte: 100 } },
    } },
    { name: "an item selecting two series", failing: ['value{job="scenario-test"}'], input: { query: "demo_requests_total", expect: { value: [{ labels: { job: "scenario-test" }, value: 1 }] } } },
    { name: "an item selecting none", failing: ['value{service="web"}'], input: { query: "demo_requests_total", expect: { value: [{ labels: { service: "web" }, value: 1 }] } } },
    { name: "empty", failing: [], input: { query: 'demo_requests_total{service="none"}', expect: { empty: true } } },
    { name: "value on an empty result fails", failing: ["value"], input: { query: 'demo_requests_total{service="none"}', expect: { value: 0 } } },
    // Reaching back before Prometheus's first scrape: the steps before it have no point, so value does not hold at every one.
    { name: "a range reaching back before the first scrape", failing: ['value{__name__="demo_up", instance="X", job="scenario-test"}'], input: { query: "demo_up", since: "10m", step: "1s", expect: { value: 1, series: 1 } } },
    { name: "a range where points fail", failing: ["value{} at"], input: { query: "sum(demo_up) * 2", since: "20s", step: "1s", expect: { value: { lt: 2 } } } },
    { name: "a scalar", failing: [], input: { query: "scalar(sum(demo_requests_total)) / 10", expect: { value: 22 } } },
    // "Zero or more": value on no series fails, `or vector(0)` gives one series of 0 where there is none (docs/steps/logql.md):
    // here the series are there, and none is over the bound.
    { name: "value on no series, zero or more with or vector(0)", failing: [], input: { query: "sum(demo_requests_total > 1e9) or vector(0)", expect: { value: { lt: 5 }, series: 1 } } },
    // Beside `by`, the unlabelled 0 matches no series and is always added: the docs keep the idiom to queries without by.
    // Its series has no service: the values are "" besides those of the series that have one (a missing label reads as "").
    { name: "or vector(0) beside by is always one more series", failing: [], input: { query: "sum by (service) (demo_requests_total) or vector(0)", expect: { series: 3, labels: { service: ["", "api", "vllm"] } } } },
    { name: "an exact list of labels beside by's vector(0) misses its empty value", failing: ["labels.service"], input: { query: "sum by (service) (demo_requests_total) or vector(0)", expect: { labels: { service: ["api", "vllm"] } } } },
    { name: "or vector(0) leaves a series that is there alone", failing: ["value{}"], input: { query: 'sum(demo_requests_total{service="api"}) or vector(0)', expect: { value: { lt: 5 }, series: 1 } } },
  ];
  test("a range where every point holds: from the first scrape on", async () => {
    // Every step from then on has a sample (Prometheus looks back 5 minutes from each step, later steps included).
    const start = Math.ceil(readyMs / 1000);
    const { r } = await run({ query: "demo_up", start, end: start + 2, step: "1s", expect: { value: 1, series: 1 } });
    expect(r.error).toBeUndefined();
    expect(failed(r)).toEqual([]);
    // Each expectation made its check (no failure alone also holds for a check not made).
    expect(r.checks.map((c) => [c.path.replace(prom.target, "X"), c.ok])).toEqual([["series", true], ['value{__name__="demo_up", instance="X", job="scenario-test"}', true]]);
  });

  test("a range over a window off the step's grid: Prometheus answers the whole steps asked, each with a point", async () => {
    // 0.4 s past a whole second at both ends: the whole seconds within are asked, and Prometheus evaluates at each.
    const start = Math.ceil(readyMs / 1000) + 0.4;
    const { r, ctx } = await run({ query: "demo_up", start, end: start + 3, step: "1s", expect: { value: 1 } });
    expect(r.error).toBeUndefined();
    expect(failed(r)).toEqual([]);
    expect(r.checks.map((c) => c.actual)).toEqual(["3 points from 1 to 1"]);
    expect(ctx.logs.some((l) => l.includes(`start=${start + 0.6}&end=${start + 2.6}&step=1`))).toBe(true);
    expect(r.details?.[1]?.body).toMatch(/^\{[^}]*\} 1 @\d\d:\d\d:\d\d, 1 @\d\d:\d\d:\d\d, 1 @\d\d:\d\d:\d\d$/);
  });

  // A typo in a metric or label answers nothing, or the 0 of `or vector(0)`: a check that passed on that checked nothing.
  test.each([
    ["value: {lt: 5} on a typo'd label name with or vector(0)", { query: 'sum(demo_requests_total{sevice="api"}) or vector(0)', expect: { value: { lt: 5 } } }, 'demo_requests_total{sevice="api"}', "value{}"],
    ["value: {lt: 5} on a typo'd metric with or vector(0)", { query: 'sum(demo_requets_total{service="api"}) or vector(0)', expect: { value: { lt: 5 } } }, 'demo_requets_total{service="api"}', "value{}"],
    ["labels on a typo'd metric", { query: "demo_requets_total", expect: { labels: { service: { not_contains: "web" } } } }, "demo_requets_total", "labels.service"],
    // The other side's series matched: the error ratio was 0 because its errors' selector matched nothing.
    ["an error ratio whose errors' selector has a typo, with or vector(0)", { query: 'sum(demo_requests_total{sevice="web"}) / sum(demo_requests_total) or vector(0)', expect: { value: { lt: 0.01 } } }, 'demo_requests_total{sevice="web"}', "value{}"],
    // scalar() of no series is NaN, one series: it passed a check that NaN meets and the step's "some series" rule.
    ["ne: 0 on scalar() of a typo'd metric", { query: "scalar(sum(demo_requets_total))", expect: { value: { ne: 0 } } }, "demo_requets_total", "value{}"],
    ["empty: false on scalar() of a typo'd metric", { query: "scalar(sum(demo_requets_total))", expect: { empty: false } }, "demo_requets_total", "empty"],
    // Read at another time (this Prometheus started minutes ago): a day back, or at a fixed time in 2023, there is nothing.
    ["value: {lt: 1} a day back, with offset 1d and or vector(0)", { query: 'sum(increase(demo_requests_total{service="api"}[5m] offset 1d)) or vector(0)', expect: { value: { lt: 1 } } }, 'demo_requests_total{service="api"}[5m] offset 1d', "value{}"],
    ["value: 0 at a fixed time, with @ and or vector(0)", { query: "sum(demo_requests_total @ 1700000000) or vector(0)", expect: { value: 0 } }, "demo_requests_total @ 1700000000", "value{}"],
    // absent(x) * 0 fills in as vector(0) does ({} 0 where x has no series): the typo'd x outside absent(…) reads nothing.
    ["value: {lt: 0.5} on a typo'd metric with or absent(…) * 0", { query: "sum(rate(demo_requets_total[1m])) or absent(demo_requets_total) * 0", expect: { value: { lt: 0.5 } } }, "demo_requets_total", "value{}"],
    ["value: {lt: 0.5} on a typo'd metric with absent_over_time(…) - 1 or", { query: "absent_over_time(demo_requets_total[5m]) - 1 or sum(rate(demo_requets_total[1m]))", expect: { value: { lt: 0.5 } } }, "demo_requets_total", "value{}"],
  ])("%s fails: no series matches its selector", async (_, input, selector, held) => {
    const { r } = await run(input);
    expect(r.error).toStartWith(`no series matches ${selector} from `);
    expect(r.error).toContain(`: ${held} held on nothing (a typo in a metric or label`);
    expect(r.error).toContain(input.query.startsWith("scalar") ? "leave out scalar(…) and write empty: true" : "");
    expect(r.final).toBeUndefined();
  });

  test("a label value no series has yet, on a metric whose series carry that label, reads as a value not seen yet: the step passes, saying so", async () => {
    // A healthy service has no code="500" series before its first 500: its error ratio is 0, not a typo.
    for (const query of ['sum(demo_requests_total{service="web"}) / sum(demo_requests_total) or vector(0)', 'sum(demo_requests_total{service=~"w.*"}) or vector(0)']) {
      const { r } = await run({ query, expect: { value: { lt: 0.01 } } });
      expect([query, r.error]).toEqual([query, undefined]);
      expect(r.details?.[0]?.body).toContain("; demo_requests_total has series with service: taken as a value not seen yet (a typo in the value reads so too)");
    }
  });

  test("a selector whose label matchers are all negative, on a metric that has series, reads as a value not seen yet: the step passes, saying so", async () => {
    // `!~` and `!=` match a series without the label too: no series matching means every series has an excluded value
    // (no 5xx yet), never a typo in the label's name. They were left out, and the step failed as "held on nothing".
    for (const query of ['sum(rate(demo_requests_total{service!~"api|vllm"}[5m])) or vector(0)', 'demo_up{job!="scenario-test",job!="dead"} or vector(0)']) {
      const { r } = await run({ query, expect: { value: { lt: 0.5 } } });
      expect([query, r.error]).toEqual([query, undefined]);
      expect([query, failed(r)]).toEqual([query, []]);
      const metric = query.includes("demo_up") ? "demo_up" : "demo_requests_total";
      expect(r.details?.[0]?.body).toContain(`; ${metric} has series: taken as a value not seen yet (a typo in the value reads so too)`);
    }
  });

  test.each([
    ["a typo'd metric, with negative matchers only", 'sum(rate(demo_requets_total{service!~"api|vllm"}[5m])) or vector(0)', 'demo_requets_total{service!~"api|vllm"}'],
    // `!=""` asks for the label: a typo in its name matches nothing on a metric that has series.
    ["a typo'd label name under !=\"\"", 'sum(demo_requests_total{sevice!=""}) or vector(0)', 'demo_requests_total{sevice!=""}'],
  ])("%s still fails: no series matches its selector", async (_, query, selector) => {
    const { r } = await run({ query, expect: { value: { lt: 0.5 } } });
    expect(r.error).toStartWith(`no series matches ${selector} from `);
    expect(r.error).toContain(": value{} held on nothing (a typo in a metric or label");
  });

  test("a typo on one side of or, the other side's series there, passes; so does an error ratio whose selectors both match", async () => {
    // A side that may rightly have no series (no 5xx yet) falls back on a selector that has them, times 0 (docs/steps/promql.md).
    const fallback = '(sum(demo_requests_total{sevice="api"}) or sum(demo_requests_total) * 0) / sum(demo_requests_total)';
    for (const query of ["sum(demo_requets_total) or sum(demo_requests_total) or vector(0)", 'sum(demo_requests_total{service="api"}) / sum(demo_requests_total) or vector(0)', "scalar(sum(demo_requests_total))", fallback, "sum(demo_requests_total @ end()) or vector(0)", "sum(demo_requests_total offset -1m) or vector(0)"]) {
      const { r } = await run({ query, expect: { value: { gte: 0 } } });
      expect([query, r.error]).toEqual([query, undefined]);
      expect([query, failed(r)]).toEqual([query, []]);
    }
  });

  test('a selector with code!~".*" fails: it leaves out every series, so none is a value not seen yet', async () => {
    const { r } = await run({ query: 'count(demo_requests_total{service!~".*"}) or vector(0)', expect: { value: 0 } });
    expect(r.error).toStartWith('no series matches demo_requests_total{service!~".*"} from ');
    expect(r.error).toContain('(the label matcher service!~".*" would leave out more than meant: its regex matches every value, "" of a series without service too, so no series can match it)');
  });

  test("absent(…) filling in on a metric that has series passes", async () => {
    const { r } = await run({ query: "sum(demo_requests_total) or absent(demo_requests_total) * 0", expect: { value: { gte: 0 } } });
    expect(r.error).toBeUndefined();
    expect(failed(r)).toEqual([]);
  });

  test("absent() of a selector no series matches passes: no series is what it asks about", async () => {
    const { r } = await run({ query: 'absent(demo_requests_total{service="nonne"})', expect: { value: 1 } });
    expect(r.error).toBeUndefined();
    expect(failed(r)).toEqual([]);
  });

  // `empty: true` says no series is the answer, which a typo'd metric gives too: the step passes, warning that no series
  // has the metric's name. A metric that has series, whose labels select none (no target down), passes without one.
  test("empty: true on a typo'd metric passes with a warning; on a metric that has series, without one", async () => {
    const typo = await run({ query: 'count(demo_requets_total{job=~"gateway|worker"} == 0)', expect: { empty: true } });
    expect(typo.r.error).toBeUndefined();
    expect(failed(typo.r)).toEqual([]);
    expect(typo.r.warnings).toEqual([expect.stringMatching(/^empty as expected, but no series named demo_requets_total exists from \S+Z to \S+Z: a typo\? \(a labelled counter has none before its first increment\)$/)]);
    expect(typo.ctx.logs.some((l) => l.startsWith(`GET ${prom.url}/api/v1/series?match%5B%5D=demo_requets_total&`) && l.includes("→ 200 OK"))).toBe(true);
    for (const expectation of [{ empty: true }, { series: 0 }]) {
      const { r } = await run({ query: 'count(demo_requests_total{service="web"} == 0)', expect: expectation });
      expect([expectation, r.error, failed(r), r.warnings]).toEqual([expectation, undefined, [], undefined]);
    }
  });

  test("through the CLI: the warning of an empty answer on a metric no series has shows on the console and in the Markdown report", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenario-promql-empty-"));
    try {
      const yaml = [
        "name: promql empty",
        "steps:",
        "  - name: No target is down",
        "    promql:",
        `      url: ${prom.url}`,
        "      query: 'count(demo_requets_total == 0)'",
        "      expect: { empty: true }",
        "",
      ].join("\n");
      const r = await runInProcess(dir, yaml, "--report", "md");
      expect(r.code).toBe(0);
      expect(r.steps.map((s) => s.status)).toEqual(["passed"]);
      expect(r.stdout).toMatch(/\n {4}warning: empty as expected, but no series named demo_requets_total exists from \S+Z to \S+Z: a typo\? \(a labelled counter has none before its first increment\)\n/);
      expect(r.markdown).toMatch(/\n- No target is down \(step 1\): `empty as expected, but no series named demo_requets_total exists from \S+Z to \S+Z: a typo\? \(a labelled counter has none before its first increment\)`\n/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  for (const c of cases) {
    test(c.name, async () => {
      const { r } = await run(c.input);
      expect(r.error).toBeUndefined();
      const instance = prom.target;
      const bad = failed(r).map((p) => p.replace(instance, "X").replace(/ at \S+$/, " at"));
      expect(bad).toEqual(c.failing);
      expect(r.checks.length).toBeGreaterThan(0);
    });
  }

  test("the report shows the query, the source, the time and the values", async () => {
    const { r, ctx } = await run({ query: "sum by (service) (demo_requests_total)", time: Date.now() / 1000 });
    expect(r.summary).toMatch(new RegExp(`^promql sum by \\(service\\) \\(demo_requests_total\\) on ${prom.url} at \\S+Z → 2 series$`));
    expect(r.observed).toMatchObject({ series: 2, values: { '{service="api"}': 200, '{service="vllm"}': 20 } });
    expect(r.details?.map((d) => d.title)).toEqual(["Query", "Result"]);
    expect(r.details?.[0]?.body).toContain(`source: Prometheus ${prom.url}`);
    expect(r.details?.[1]?.body).toBe('{service="api"} 200\n{service="vllm"} 20');
    expect(ctx.logs.some((l) => l.startsWith(`GET ${prom.url}/api/v1/query?query=`) && l.includes("→ 200 OK"))).toBe(true);
  });

  test("a bad query is a step error with Prometheus's message", async () => {
    const { r } = await run({ query: "sum(", expect: { value: 1 } });
    expect(r.error).toContain("refused the query (400 Bad Request): bad_data: ");
    expect(r.checks).toEqual([]);
  });

  test("through the CLI: a passing and a failing promql step give exit code 1 and a report of the failure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenario-promql-cli-"));
    try {
      const yaml = [
        "name: promql cli",
        "vars:",
        "  PROM_URL: http://127.0.0.1:9",
        "steps:",
        "  - name: Requests per service",
        "    promql:",
        "      url: ${PROM_URL}",
        "      query: sum by (service) (demo_requests_total)",
        "      expect:",
        "        series: 2",
        "        value:",
        "          - { labels: { service: api }, value: { gte: 200 } }",
        "    eventually: 10s",
        "  - name: Too few vllm requests",
        "    continue_on_failure: true",
        "    promql:",
        "      url: ${PROM_URL}",
        "      query: 'demo_requests_total{service=\"vllm\"}'",
        "      expect: { value: { gt: 100 } }",
        "",
      ].join("\n");
      await writeFile(join(dir, "s.yaml"), yaml);
      const out: string[] = [];
      const io = { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => out.push(s) }, cwd: dir, env: {}, handleSignals: false };
      const code = await main(["run", join(dir, "s.yaml"), "--var", `PROM_URL=${prom.url}`, "--report", "md", "--report-dir", join(dir, "reports"), "--no-color"], io);
      expect(code).toBe(1);
      const report = await readFile(join(dir, "reports", "latest.md"), "utf8");
      expect(report).toContain("| 1 | Requests per service |  | ✅ passed |");
      expect(report).toMatch(/\| `value\{__name__="demo_requests_total", instance="[^"]+", job="scenario-test", service="vllm"\}` \| `> 100` \| `20` \|/);
      expect(report).toContain(`source: Prometheus ${prom.url}`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// Tests of the logql step: input validation, Loki mode against real Loki responses on 127.0.0.1, files mode on temp files.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFile } from "node:fs/promises";
import { step, DEFAULT_STEP_LINE_LIMIT } from "./logql.ts";
import { main } from "../cli.ts";
import { testContext } from "../../test/helpers/context.ts";
import { lokiFixture as fixture } from "../../test/helpers/loki-fixtures.ts";
import { expectPassed } from "../../test/helpers/step-result.ts";
import { runInProcess } from "../../test/helpers/in-process.ts";
import { describeWithLoki, LOKI_START_TIMEOUT_MS, sharedLoki, startLoki, type RunningLoki, type SharedLoki } from "../../test/helpers/loki.ts";

describe("logql input", () => {
  const ok: [string, unknown][] = [
    ["a Loki query", { url: "http://127.0.0.1:3100", query: '{a="b"}', since: "5m", expect: { lines: { gte: 1 } } }],
    ["files with labels and without", { files: { "logs/{service}/*.log": { env: "ci" }, "x.log": null }, query: '{env="ci"}' }],
    ["a window", { url: "http://x", query: '{a="b"}', start: "2024-05-01T12:00:00Z", end: 1714568400, limit: 50, direction: "forward" }],
    ["a metric range", { url: "http://x", query: 'sum(count_over_time({a="b"}[1m]))', since: "1h", step: "15s" }],
    ["a query holding a captured variable, whose kind is known at run", { url: "http://x", query: "${Q}", step: "15s", limit: 5 }],
    ["auth and tenant", { url: "http://x", query: '{a="b"}', tenant: "t", auth: { bearer: "tok" }, headers: { X: "1" } }],
    ["a metric query with a window and step, and one with end alone (its instant)", { url: "http://x", query: 'count_over_time({a="b"}[5m])', since: "1h", step: "5m" }],
    ["a metric query evaluated at end", { url: "http://x", query: 'count_over_time({a="b"}[5m])', end: 1714564800 }],
    ["a query only a Loki runs, with url", { url: "http://x", query: 'sum(rate_counter({a="b"} |= ip("10.0.0.1") | json | unwrap n [5m]))' }],
    ["every expectation", { url: "http://x", query: '{a="b"}', expect: { lines: 1, streams: 1, contains: "x", not_contains: [{ matches: "y" }], labels: { a: "b" }, series: 1, empty: false, value: 1 } }],
    // Beside another check, a count that holds for every count says that an empty answer is fine.
    ["a line count that allows none beside a check", { url: "http://x", query: '{a="b"}', expect: { lines: { gte: 0 }, not_contains: "panic" } }],
  ];
  for (const [name, input] of ok) test(`accepts ${name}`, () => expect(step.schema.safeParse(input).error?.issues).toBeUndefined());

  const bad: [string, unknown, string][] = [
    ["neither url nor files", { query: '{a="b"}' }, "give url (a Loki server) or files"],
    ["both url and files", { url: "http://x", files: { "*.log": {} }, query: '{a="b"}' }, "give either url or files, not both"],
    ["auth with files", { files: { "*.log": {} }, query: '{a="b"}', auth: { bearer: "x" } }, "auth applies to a Loki url, not to files"],
    ["no globs", { files: {}, query: '{a="b"}' }, "needs at least one glob"],
    ["a bad label name in files", { files: { "*.log": { "bad-name": "x" } }, query: '{a="b"}' }, 'invalid label name \\"bad-name\\"'],
    ["a query the embedded engine cannot run", { files: { "*.log": {} }, query: 'approx_topk(2, rate({a="b"}[5m]))' }, "is not supported by the embedded engine"],
    ["a query with a syntax error, with files", { files: { "*.log": {} }, query: '{a="b"' }, "parse error at line 1"],
    ["a query with a syntax error, with url", { url: "http://x", query: '{a="b"' }, "parse error at line 1"],
    ["an unknown expectation", { url: "http://x", query: '{a="b"}', expect: { count: 1 } }, 'Unrecognized key: \\"count\\"'],
    ["a bad direction", { url: "http://x", query: '{a="b"}', direction: "up" }, "direction"],
    ["a zero limit", { url: "http://x", query: '{a="b"}', limit: 0 }, "limit"],
    ["a bad contains", { url: "http://x", query: '{a="b"}', expect: { contains: { match: "x" } } }, 'Unrecognized key: \\"match\\"'],
    ["a bad regex", { url: "http://x", query: '{a="b"}', expect: { contains: { matches: "(" } } }, "invalid regular expression"],
    ["ingest_labels with url", { url: "http://x", query: '{a="b"}', ingest_labels: false }, "ingest_labels applies to files"],
    ["since with start", { url: "http://x", query: '{a="b"}', since: "5m", start: 1714564800 }, "either since or start"],
    // Settings the query's kind does not use did nothing, silently.
    ["step on a log query", { url: "http://x", query: '{a="b"} |= "x"', step: "15s" }, "step applies to a metric query, evaluated every step; a log query returns the lines of the window whatever the step"],
    ["step on a log query, with files", { files: { "*.log": {} }, query: '{a="b"}', step: "1m" }, "step applies to a metric query"],
    ["limit on a metric query", { url: "http://x", query: 'sum(count_over_time({a="b"}[1m]))', limit: 5 }, "limit applies to a log query's lines; a metric query returns numbers, which no line limit cuts: remove limit"],
    ["direction on a metric query", { url: "http://x", query: 'rate({a="b"}[1m])', direction: "forward" }, "direction applies to a log query's lines; a metric query returns numbers, which no direction orders: remove direction"],
    // Evaluated once at end over its own [5m]: `since: 2h` beside it counted the last 5 minutes, not the 2 hours it says.
    ["since on a metric query without step", { url: "http://x", query: 'sum(count_over_time({a="b"} |= "error" [5m])) or vector(0)', since: "2h" }, "since sets a window, which a metric query without step does not use: it is evaluated once, at end (default now), over the range written in the query"],
    ["start on a metric query without step, with files", { files: { "*.log": {} }, query: 'count_over_time({a="b"}[5m])', start: 1714564800 }, "start sets a window, which a metric query without step does not use"],
    // Each passed on any answer: a count that holds for every count and nothing else, no label, a contains count of at least 0.
    ["a line count that holds for every count, alone", { url: "http://x", query: '{a="b"}', expect: { lines: { gte: 0 } } }, "lines holds here for every count, and expect checks nothing else, so the step would pass on any answer"],
    ["a label length that holds for every list, alone", { url: "http://x", query: '{a="b"}', expect: { labels: { level: { length: { gte: 0 } } } } }, "labels.level holds here for every list of values, none included"],
    ["stream and series counts that hold for every count, alone", { url: "http://x", query: '{a="b"}', expect: { streams: { gt: -1 }, series: { not: { lt: 0 } } } }, "series holds here for every count"],
    ["labels: {}", { url: "http://x", query: '{a="b"}', expect: { labels: {} } }, "labels: {} checks nothing"],
    // An empty text is in every line, an empty pattern (or a flag group alone) matches every one: each passed on any answer.
    ["contains an empty text", { url: "http://x", query: '{a="b"}', expect: { contains: "" } }, "an empty string is in every line: give the text to look for"],
    ["not_contains an empty text in a list", { url: "http://x", query: '{a="b"}', expect: { not_contains: ["x", ""] } }, "an empty string is in every line"],
    ["contains a flag group alone", { url: "http://x", query: '{a="b"}', expect: { contains: { matches: "(?i)" } } }, "an empty pattern (or a flag group alone, such as (?i)) matches every line"],
    ["not_contains an empty pattern", { url: "http://x", query: '{a="b"}', expect: { not_contains: { matches: "" } } }, "an empty pattern (or a flag group alone, such as (?i)) matches every line"],
    // `$ERR` matches no line: not_contains with it passed on any answer (the fast check vouched for it).
    ["not_contains $NAME", { url: "http://x", query: '{a="b"}', expect: { not_contains: { matches: "$ERR" } } }, '/$ERR/: \\"$ERR\\" matches nowhere'],
    ["contains a$b", { url: "http://x", query: '{a="b"}', expect: { contains: [{ matches: "a$b", count: { gte: 1 } }] } }, '\\"$b\\" matches nowhere'],
    // What the schema refuses as sliding past its lookahead, the fast check vouched for too.
    ["not_contains a sliding lookahead", { url: "http://x", query: '{a="b"}', expect: { not_contains: { matches: "(?!.*ok).+" } } }, "a search tries (?!…) at every position"],
    ["a contains count of at least 0", { url: "http://x", query: '{a="b"}', expect: { contains: { matches: "x", count: { gte: 0 } } } }, "holds for every count, which is never below 0: it checks nothing"],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects ${name}`, () => {
      const r = step.schema.safeParse(input);
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain(message);
      // The fast check leaves it to zod, which words the error.
      expect(step.fastInput!(input)).toBeUndefined();
    });
  }

  test("through the CLI: a label value written as a number otherwise than it prints is refused at its file:line:col, asking to quote it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenario-logql-spelled-"));
    try {
      const validate = async (kind: string, expectYaml: string) => {
        const query = kind === "logql" ? "'{a=\"b\"}'" : "up";
        await writeFile(join(dir, "s.yaml"), ["name: spelled", "steps:", `  - ${kind}:`, "      url: http://127.0.0.1:9", `      query: ${query}`, `      expect: ${expectYaml}`, ""].join("\n"));
        const out: string[] = [];
        const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, cwd: dir, env: {}, handleSignals: false };
        return { code: await main(["validate", join(dir, "s.yaml"), "--no-color"], io), out: out.join("") };
      };
      // YAML reads 1.10 as 1.1: the label "1.1" equalled it and the check passed on the other version.
      const refused = await validate("logql", "{ labels: { version: 1.10 } }");
      expect(refused.code).toBe(2);
      expect(refused.out).toContain(`s.yaml:6:36: steps[0].logql.expect.labels.version: 1.10 is read by YAML as the number 1.1, so a label is compared with 1.1, not with the text "1.10" (the labels "1.1" and "1.10" both equal it). Quote it to compare with the text exactly: '1.10' (or write 1.1)`);
      for (const [kind, e, where] of [
        ["promql", "{ labels: { le: [0.5, 1.0, .inf] } }", "expect.labels.le[1]: 1.0 is read by YAML as the number 1"],
        ["promql", "{ labels: { v: { contains: 007 } } }", "expect.labels.v.contains: 007 is read by YAML as the number 7"],
        ["promql", "{ value: [{ labels: { v: 2.50 }, value: 1 }] }", "expect.value[0].labels.v: 2.50 is read by YAML as the number 2.5"],
        // Under some and every (a matcher of each value) too: `some: 1.10` passed on the label "1.1".
        ["promql", "{ labels: { version: { some: 1.10 } } }", `expect.labels.version.some: 1.10 is read by YAML as the number 1.1, so a label is compared with 1.1, not with the text "1.10" (the labels "1.1" and "1.10" both equal it). Quote it to compare with the text exactly: '1.10' (or write 1.1)`],
        ["promql", "{ labels: { version: { some: { eq: 1.10 } } } }", "expect.labels.version.some.eq: 1.10 is read by YAML as the number 1.1, so a label is compared with 1.1"],
        ["logql", "{ labels: { version: { every: { in: [1.10] } } } }", "expect.labels.version.every.in[0]: 1.10 is read by YAML as the number 1.1, so a label is compared with 1.1"],
        ["promql", "{ labels: { version: { every: { not: { ne: 0.50 } } } } }", "expect.labels.version.every.not.ne: 0.50 is read by YAML as the number 0.5"],
        ["promql", "{ labels: { version: { eq: [1, 1.10] } } }", "expect.labels.version.eq[1]: 1.10 is read by YAML as the number 1.1"],
        // Under not too, now that not of the list's operators loads.
        ["promql", "{ labels: { version: { not: { some: 1.10 } } } }", "expect.labels.version.not.some: 1.10 is read by YAML as the number 1.1"],
        ["logql", "{ labels: { version: { not: { contains: 1.10 } } } }", "expect.labels.version.not.contains: 1.10 is read by YAML as the number 1.1"],
        ["promql", "{ labels: { version: { not: { ne: [1.10] } } } }", "expect.labels.version.not.ne[0]: 1.10 is read by YAML as the number 1.1"],
        ["logql", "{ labels: { version: { not: { every: { in: [1.10] } } } } }", "expect.labels.version.not.every.in[0]: 1.10 is read by YAML as the number 1.1"],
        ["promql", "{ value: [{ labels: { v: { in: [2.50] } }, value: 1 }] }", "expect.value[0].labels.v.in[0]: 2.50 is read by YAML as the number 2.5"],
        // A text matcher of one value looks for the digits: .inf is refused there (it is no "+Inf").
        ["promql", "{ labels: { le: { some: { contains: .inf } } } }", "expect.labels.le.some.contains: .inf is read by YAML as the number Infinity, so the text is compared with Infinity"],
      ] as const) {
        const r = await validate(kind, e);
        expect(r.code).toBe(2);
        expect(r.out).toContain(`steps[0].${kind}.${where}`);
      }
      // Quoted, as it prints, .inf, or a number elsewhere (a value, a length): loads.
      for (const e of ["{ labels: { version: '1.10' } }", "{ labels: { le: [0.5, 1, .inf] } }", "{ labels: { v: { length: 01 } }, value: 1.50 }", "{ labels: { le: { contains: .inf, some: .inf, every: { in: [0.5, .inf] } } } }", "{ labels: { v: { some: '1.10', every: { in: ['1.10', 1.1] } } } }", "{ labels: { job: { not: { some: { eq: dead } } } } }"]) {
        expect((await validate("logql", e)).code).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("through the CLI: step on a log query is refused at its file:line:col, exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "scenario-logql-kind-"));
    try {
      await writeFile(join(dir, "s.yaml"), ["name: kinds", "steps:", "  - logql:", "      url: http://127.0.0.1:9", "      query: '{a=\"b\"}'", "      step: 1m", "      expect: { lines: { gte: 1 } }", ""].join("\n"));
      const out: string[] = [];
      const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, cwd: dir, env: {}, handleSignals: false };
      expect(await main(["validate", join(dir, "s.yaml"), "--no-color"], io)).toBe(2);
      expect(out.join("")).toContain("s.yaml:6:13: steps[0].logql.step: step applies to a metric query");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("logql on Loki", () => {
  interface Seen {
    path: string;
    params: URLSearchParams;
    headers: Headers;
  }
  const seen: Seen[] = [];
  let server: ReturnType<typeof Bun.serve>;
  let url = "";
  const json = (body: string) => new Response(body, { headers: { "content-type": "application/json" } });

  beforeAll(() => {
    server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(req) {
        const u = new URL(req.url);
        seen.push({ path: u.pathname, params: u.searchParams, headers: req.headers });
        const q = u.searchParams.get("query") ?? "";
        // An answer whose type does not fit the request: a vector for a range or a log query, a matrix for an instant.
        if (q.includes("misfit_vector")) return json(await fixture("query_instant_vector.json"));
        if (q.includes("misfit_matrix")) return json(await fixture("query_range_matrix_by_level_step15.json"));
        if (q.includes("parse-error")) return new Response(await fixture("parse_error_400.txt"), { status: 400 });
        // One line at the window's end or start, as asked.
        for (const edge of ["atend", "atstart"] as const) {
          if (!q.includes(edge)) continue;
          const ts = u.searchParams.get(edge === "atend" ? "end" : "start");
          return json(JSON.stringify({ status: "success", data: { resultType: "streams", result: [{ stream: { service: edge }, values: [[ts, "edge"]] }] } }));
        }
        if (q.includes("warned")) return json(JSON.stringify({ ...JSON.parse(await fixture("query_range_streams.json")), warnings: ["results may be incomplete: a querier timed out"] }));
        if (u.pathname === "/loki/api/v1/query_range" && q.startsWith("{")) return json(await fixture("query_range_streams.json"));
        if (u.pathname === "/loki/api/v1/query_range") return json(await fixture("query_range_matrix_by_level_step15.json"));
        if (u.pathname === "/loki/api/v1/query") return json(await fixture("query_instant_vector.json"));
        if (u.pathname === "/ready") return new Response("ready\n");
        return new Response("404 page not found", { status: 404 });
      },
    });
    url = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.stop(true));

  /** Just after the recorded log lines (2026-11-22T01:36:11–13Z): a log query's window must hold its lines. */
  const RECORDED_END = 1795311380;
  const run = async (input: Record<string, unknown>) => {
    const ctx = testContext();
    const logQuery = String(input.query).startsWith("{") && input.start === undefined && input.end === undefined;
    const r = await step.run(step.schema.parse({ url, ...(logQuery ? { end: RECORDED_END } : {}), ...input }), ctx);
    return { r, ctx, req: seen.filter((s) => s.path !== "/ready").at(-1)! };
  };
  const failing = (r: { checks: { ok: boolean; path: string }[] }) => r.checks.filter((c) => !c.ok).map((c) => c.path);

  test("a log query asks query_range over the window with a limit and checks the lines", async () => {
    const { r, req } = await run({
      query: '{service="api"} |= "hello"',
      since: "10m",
      tenant: "team-a",
      auth: { basic: { username: "u", password: "p" } },
      expect: {
        lines: 3,
        streams: 3,
        contains: ["db timeout", { matches: "^hello from api #\\d", count: 2 }],
        not_contains: "panic",
        labels: { level: ["error", "info"], trace_id: "abc123" },
      },
    });
    expect(r.error).toBeUndefined();
    expect(failing(r)).toEqual([]);
    expect(r.checks).toHaveLength(7);
    expect(req.path).toBe("/loki/api/v1/query_range");
    expect(req.params.get("limit")).toBe(String(DEFAULT_STEP_LINE_LIMIT));
    expect(req.params.has("step")).toBe(false);
    const endMs = Number(BigInt(req.params.get("end")!) / 1_000_000n);
    const startMs = Number(BigInt(req.params.get("start")!) / 1_000_000n);
    expect(endMs).toBe(RECORDED_END * 1000);
    expect(endMs - startMs).toBe(600_000);
    expect(req.headers.get("x-scope-orgid")).toBe("team-a");
    expect(req.headers.get("authorization")).toBe(`Basic ${btoa("u:p")}`);
    expect(r.observed).toMatchObject({ lines: 3, streams: 3 });
    expect(r.summary).toMatch(/^logql \{service="api"\} \|= "hello" on http:\/\/127\.0\.0\.1:\d+ over \S+ \.\. \S+ \(10m\) → 3 lines in 3 streams$/);
    expect(r.details?.[0]?.body).toContain(`source: Loki ${url} (tenant team-a)`);
    expect(r.details?.[1]).toEqual({
      title: "Lines",
      body: [
        '2026-11-22T01:36:13.769Z {detected_level="info", env="dev", level="info", service="api", service_name="api", trace_id="abc123", user="alice"} hello from api #2 user=alice',
        '2026-11-22T01:36:13.269Z {detected_level="error", env="dev", level="error", service="api", service_name="api"} hello error: db timeout',
        '2026-11-22T01:36:11.769Z {detected_level="info", env="dev", level="info", service="api", service_name="api"} hello from api #1',
      ].join("\n"),
    });
  });

  test("an answer whose type does not fit the request is an error naming both, not checks (a vector for a range skipped the check at every step)", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ query: 'sum(count_over_time({misfit_vector="1"}[1m]))', since: "10m", step: "1m", expect: { value: { gte: 0 } } }, "a range query (step) with a vector, where its answer is a matrix"],
      [{ query: '{misfit_vector="1"}', expect: { lines: { gte: 0 }, not_contains: "x" } }, "a log query with a vector, where its answer is log streams"],
      [{ query: 'sum(count_over_time({misfit_matrix="1"}[1m]))', expect: { value: { gte: 0 } } }, "an instant metric query with a matrix, where its answer is a vector or a scalar"],
    ];
    for (const [input, message] of cases) {
      const { r } = await run(input);
      expect(r.error).toBe(`Loki at ${url} answered ${message}: not judged`);
      expect(r.checks).toEqual([]);
    }
  });

  test("failed expectations are checks, not errors", async () => {
    const { r } = await run({ query: '{service="api"}', expect: { lines: { lte: 2 }, not_contains: "timeout", labels: { service: "web" }, value: 1 } });
    expect(r.error).toBeUndefined();
    expect(failing(r)).toEqual(["lines", "labels.service", "not_contains", "value"]);
  });

  test("Loki's warnings on a successful answer are in the report, not dropped", async () => {
    const { r } = await run({ query: '{service="api"} |= "warned"', expect: { lines: { gte: 1 } } });
    expect(r.error).toBeUndefined();
    expect(r.details?.[0]?.body).toContain("warning: Loki: results may be incomplete: a querier timed out");
    expect(r.observed?.warnings).toBe(1);
  });

  test("an answer holding lines outside the window asked for is not judged (a cache's or a stand-in's, never Loki's)", async () => {
    const after = await run({ query: '{service="api"}', end: 1795311300, since: "5m", expect: { lines: 3 } });
    expect(after.r.checks).toEqual([]);
    expect(after.r.error).toBe(
      `Loki at ${url} answered a log query for 2026-11-22T01:30:00.000Z to 2026-11-22T01:35:00.000Z with a line at 2026-11-22T01:36:13.269Z (+813404 ns), outside that window (Loki returns none: a cache or proxy answering for another window?): not judged`,
    );
    const before = await run({ query: '{service="api"}', end: RECORDED_END, since: "1s", expect: { not_contains: "panic" } });
    expect(before.r.error).toMatch(/with a line at 2026-11-22T01:36:1\d\.\d{3}Z \(\+813404 ns\), outside that window/);
    const inside = await run({ query: '{service="api"}', end: RECORDED_END, since: "9s", expect: { lines: 3 } });
    expect(inside.r.error).toBeUndefined();
    // A line at the window's end: Loki 3.4.6 leaves it out (start <= t < end).
    const atEnd = await run({ query: '{service="atend"}', end: RECORDED_END, since: "1m", expect: { lines: { gte: 1 } } });
    expect(atEnd.r.error).toContain("with a line at 2026-11-22T01:36:20.000Z, outside that window");
    const atStart = await run({ query: '{service="atstart"}', end: RECORDED_END, since: "1m", expect: { lines: { gte: 1 } } });
    expect(atStart.r.error).toBeUndefined();
  });

  test("reaching the limit is reported", async () => {
    const { r, req } = await run({ query: '{service="api"}', limit: 3 });
    expect(req.params.get("limit")).toBe("3");
    expect(r.observed?.limit_reached).toBe(true);
    expect(r.details?.[0]?.body).toContain("the limit of 3 lines was reached");
  });

  test("a metric query without step is an instant query at end", async () => {
    const { r, req } = await run({
      query: 'sum by (level) (count_over_time({service="api"}[5m]))',
      end: "2026-11-22T01:36:19Z",
      expect: { series: 2, value: [{ labels: { level: "error" }, value: 1 }, { labels: { level: "info" }, value: { gte: 3 } }] },
    });
    expect(r.error).toBeUndefined();
    expect(failing(r)).toEqual([]);
    expectPassed(r, ["series", 'value{level="error"}', 'value{level="info"}']);
    expect(req.path).toBe("/loki/api/v1/query");
    expect(req.params.get("time")).toBe(String(Date.parse("2026-11-22T01:36:19Z") * 1_000_000));
    expect(req.params.has("limit")).toBe(false);
    expect(r.observed).toMatchObject({ series: 2, time: "2026-11-22T01:36:19.000Z", values: { '{level="error"}': 1, '{level="info"}': 3 } });
    expect(r.details?.[1]).toEqual({ title: "Series", body: '{level="error"} 1\n{level="info"} 3' });
  });

  test("a metric query with step is a range query and value holds at every point", async () => {
    // The window of the recorded answer (points at 01:36:15 and 01:36:30).
    const { r, req } = await run({ query: 'sum by (level) (count_over_time({service="api"}[1m]))', start: 1795311375, end: 1795311390, step: "15s", expect: { value: { lt: 3 } } });
    expect(req.path).toBe("/loki/api/v1/query_range");
    expect(req.params.get("step")).toBe("15");
    expect(failing(r)).toEqual(['value{level="info"} at 2026-11-22T01:36:15.000Z']);
    expect(r.summary).toContain("every 15s → 2 series (range)");
  });

  test("a step of the window without a point is no pass: the series had no sample there (Loki leaves out counts of 0)", async () => {
    const { r } = await run({ query: 'sum by (level) (count_over_time({service="api"}[1m]))', start: 1795311345, end: 1795311390, step: "15s", expect: { value: { gte: 1 } } });
    expect(r.checks.filter((c) => !c.ok).map((c) => [c.path, c.actual])).toEqual([
      ['value{level="error"}', "no point at 2 of 4 steps (first from 2026-11-22T01:35:45.000Z to 2026-11-22T01:36:00.000Z): no sample there"],
      ['value{level="info"}', "no point at 2 of 4 steps (first from 2026-11-22T01:35:45.000Z to 2026-11-22T01:36:00.000Z): no sample there"],
    ]);
  });

  test("Loki's error message fails the step", async () => {
    // A query the load check passes, answered with Loki's recorded parse error (a syntax error is refused at load).
    const { r } = await run({ query: '{service="parse-error"}', expect: { lines: 1 } });
    expect(r.error).toBe(`Loki at ${url} refused the query (400 Bad Request): parse error at line 1, col 15: syntax error: unexpected $end, expecting } or ,`);
    expect(r.checks).toEqual([]);
    expect(r.details?.[0]?.body).toContain('query:  {service="parse-error"}');
  });

  test("every request goes to the run log", async () => {
    const { ctx } = await run({ query: '{service="api"}' });
    expect(ctx.logs[0]).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/loki\/api\/v1\/query_range\?query=.* → 200 OK/);
    expect(ctx.logs[1]).toBe('logql {service="api"} → 3 lines in 3 streams');
  });
});

// Where Loki cannot be asked whether a selector matches a stream, an empty answer the expectation asks for passes, and
// the Query detail says so.
describe("logql on a Loki whose series API fails: an empty answer the expectation asks for", () => {
  test("passes, with a note in the Query detail and no warning", async () => {
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch(req) {
        const path = new URL(req.url).pathname;
        if (path === "/ready") return new Response("ready\n");
        if (path === "/loki/api/v1/series") return new Response("boom", { status: 500 });
        return Response.json({ status: "success", data: { resultType: "streams", result: [] } });
      },
    });
    try {
      for (const want of [{ empty: true }, { streams: 0 }]) {
        const r = await step.run(step.schema.parse({ url: `http://127.0.0.1:${server.port}`, query: '{service="apii"} |= "panic"', expect: want }), testContext());
        expect([want, r.error, r.checks.map((c) => c.ok), r.warnings]).toEqual([want, undefined, [true], undefined]);
        expect(r.details?.[0]?.body).toContain('\nnote:   could not tell whether {service="apii"} matches a stream: GET /loki/api/v1/series: Loki at ');
      }
    } finally {
      server.stop(true);
    }
  });
});

describe("logql on files", () => {
  let dir = "";
  /** Lines are dated before a time aligned to 5 minutes, as the engine aligns range steps to the step. */
  const anchor = Math.floor(Date.now() / 300_000) * 300_000;
  const at = (secondsAgo: number) => new Date(anchor - secondsAgo * 1000).toISOString();
  const line = (secondsAgo: number, level: string, message: string) => JSON.stringify({ timestamp: at(secondsAgo), level, message });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scenario-logql-files-"));
    await mkdir(join(dir, "logs", "api"), { recursive: true });
    await mkdir(join(dir, "logs", "web"), { recursive: true });
    await writeFile(
      join(dir, "logs", "api", "app.jsonl"),
      [line(7200, "error", "old failure"), line(310, "info", "GET /users 200"), line(200, "error", "db timeout"), line(100, "info", "GET /items 200")].join("\n") + "\n",
    );
    await writeFile(join(dir, "logs", "web", "app.jsonl"), [line(250, "info", "GET / 200"), line(50, "warn", "slow page")].join("\n") + "\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const FILES = { "logs/{service}/*.jsonl": { env: "ci" } };
  const run = async (input: Record<string, unknown>) => {
    const ctx = testContext({ scenarioDir: dir });
    const r = await step.run(step.schema.parse({ files: FILES, ...input }), ctx);
    return { r, ctx };
  };
  const failing = (r: { checks: { ok: boolean; path: string }[] }) => r.checks.filter((c) => !c.ok).map((c) => c.path);

  test("service_name and detected_level are added as a default Loki 3.x does, unless ingest_labels is false", async () => {
    const perLevel = await run({ query: 'count_over_time({service="api"}[1h])', expect: { series: 2, labels: { detected_level: ["error", "info"], service_name: "api" } } });
    expect(failing(perLevel.r)).toEqual([]);
    expectPassed(perLevel.r, ["series", "labels.detected_level", "labels.service_name"]);
    const off = await run({ query: 'count_over_time({service="api"}[1h])', ingest_labels: false, expect: { series: 1, labels: { detected_level: { length: 0 } } } });
    expect(failing(off.r)).toEqual([]);
    expectPassed(off.r, ["series", "labels.detected_level.length"]);
  });

  test("not_contains on a selector no file's labels match fails: it held on nothing; on a stream with no such line it passes", async () => {
    const typo = await run({ query: '{service="apii"} |= "panic"', since: "1h", expect: { not_contains: "panic" } });
    expect(typo.r.error).toMatch(/^no line of any file matches \{service="apii"\} from \S+ to \S+: not_contains held on nothing \(a typo in the selector/);
    const there = await run({ query: '{service="api"} |= "panic"', since: "1h", expect: { not_contains: "panic" } });
    expect(there.r.error).toBeUndefined();
    expectPassed(there.r, ["not_contains"]);
    const zero = await run({ query: 'sum(count_over_time({service="apii"} |= "panic" [1h])) or vector(0)', expect: { value: 0 } });
    expect(zero.r.error).toMatch(/^no line of any file matches \{service="apii"\} from \S+ to \S+: value\{\} held on nothing .*leave out or vector\(…\) and write empty: true/);
    const none = await run({ query: '{service="apii"}', since: "1h", expect: { empty: true } });
    expect(none.r.error).toBeUndefined();
  });

  // absent_over_time fills missing data in as vector(…) does: `… or absent_over_time(x[1h]) * 0` is 0 on a typo in both
  // selectors, which passed `value: 0` on nothing. absent_over_time's own selector is not asked about (no stream is what it
  // asks), the others are; absent_over_time alone still passes where its selector has no stream.
  test("value: 0 on '… or absent_over_time(…) * 0' with a typo fails: the 0 was filled in; absent_over_time alone passes", async () => {
    const typo = await run({ query: 'sum(count_over_time({service="apii"} |= "panic" [1h])) or absent_over_time({service="apii"}[1h]) * 0', expect: { value: 0 } });
    expect(typo.r.error).toMatch(/^no line of any file matches \{service="apii"\} from \S+ to \S+: value\{service="apii"\} held on nothing .*query absent_over_time\(…\) alone, or write empty: true, if no line is the expected answer\)$/);
    const there = await run({ query: 'sum(count_over_time({service="api"} |= "panic" [1h])) or absent_over_time({service="apii"}[1h]) * 0', expect: { value: 0 } });
    expect(there.r.error).toBeUndefined();
    expectPassed(there.r, ['value{service="apii"}']);
    const alone = await run({ query: 'absent_over_time({service="apii"} |= "panic" [1h])', expect: { value: 1 } });
    expect(alone.r.error).toBeUndefined();
    expectPassed(alone.r, ['value{service="apii"}']);
  });

  // empty: true and streams: 0 say no stream is expected, which a typo in the selector answers too: the step passes,
  // warning where no selector holds a stream; one that holds a stream with no line the filters keep passes without.
  const filesWarning = (sel: string) => new RegExp(`^empty as expected, but no line of any file matches ${sel.replace(/[{}]/g, "\\$&")} from \\S+Z to \\S+Z: a typo\\? \\(a service silent in the window reads so too\\)$`);
  test.each([[{ empty: true }], [{ streams: 0 }], [{ series: { lt: 1 } }], [{ empty: true, lines: 0 }]])("%j on a selector no file's labels match passes with a warning", async (want) => {
    const { r } = await run({ query: '{service="apii"} |= "panic"', since: "1h", expect: want });
    expect(r.error).toBeUndefined();
    expect(r.checks.length).toBeGreaterThan(0);
    expect(failing(r)).toEqual([]);
    expect(r.warnings).toEqual([expect.stringMatching(filesWarning('{service="apii"}'))]);
    expect(r.warnings![0]!.length).toBeLessThan(200);
  });

  test("empty: true or series: 0 on a metric query whose selector no file matches passes with a warning; on a stream with no kept line, without", async () => {
    for (const want of [{ empty: true }, { series: 0 }]) {
      const typo = await run({ query: 'sum by (level) (count_over_time({service="apii"} |= "panic" [1h]))', expect: want });
      expect([want, typo.r.error, failing(typo.r), typo.r.warnings]).toEqual([want, undefined, [], [expect.stringMatching(filesWarning('{service="apii"}'))]]);
      const there = await run({ query: 'sum by (level) (count_over_time({service="api"} |= "panic" [1h]))', expect: want });
      expect([want, there.r.error, failing(there.r), there.r.warnings]).toEqual([want, undefined, [], undefined]);
    }
  });

  test("empty: true or streams: 0 on a selector that has lines, none kept by the filter, passes without a warning", async () => {
    for (const want of [{ empty: true }, { streams: 0 }]) {
      const { r } = await run({ query: '{service="api"} |= "panic"', since: "1h", expect: want });
      expect([want, r.error, failing(r), r.warnings]).toEqual([want, undefined, [], undefined]);
    }
  });

  test("a label none of the streams carries, whose checks passed, is a warning", async () => {
    const { r } = await run({ query: '{service="api"}', since: "1h", expect: { labels: { svcx: { not_contains: "web" } } } });
    expect(r.error).toBeUndefined();
    expect(failing(r)).toEqual([]);
    expect(r.warnings).toEqual(["labels.svcx passed, but none of the 2 streams carries the label svcx: a typo in its name?"]);
    const carried = await run({ query: '{service="api"}', since: "1h", expect: { labels: { service: { not_contains: "web" } } } });
    expect(carried.r.warnings).toBeUndefined();
  });

  test("through the CLI: the warning of an empty answer on a selector no file matches shows on the console and in the Markdown report", async () => {
    const yaml = [
      "name: logql empty",
      "steps:",
      "  - name: No panic logged",
      "    logql:",
      '      files: { "logs/{service}/*.jsonl": { env: ci } }',
      `      query: '{service="apii"} |= "panic"'`,
      "      since: 1h",
      "      expect: { empty: true }",
      "",
    ].join("\n");
    const r = await runInProcess(dir, yaml, "--report", "md");
    expect(r.code).toBe(0);
    expect(r.steps.map((s) => s.status)).toEqual(["passed"]);
    const text = 'empty as expected, but no line of any file matches \\{service="apii"\\} from \\S+Z to \\S+Z: a typo\\? \\(a service silent in the window reads so too\\)';
    expect(r.stdout).toMatch(new RegExp(`\\n {4}warning: ${text}\\n`));
    expect(r.markdown).toMatch(new RegExp(`\\n- No panic logged \\(step 1\\): \`${text}\`\\n`));
  });

  test("a metric window counts a line at its end, (start, end]: a stream whose only line lies there read data, not nothing", async () => {
    const endSec = Math.floor(anchor / 1000) - 3600;
    await mkdir(join(dir, "logs", "edge"), { recursive: true });
    await writeFile(join(dir, "logs", "edge", "app.jsonl"), `${JSON.stringify({ timestamp: new Date(endSec * 1000).toISOString(), level: "info", message: "at the end" })}\n`);
    try {
      await edgeChecks(endSec);
    } finally {
      // The other tests count the services of the folder.
      await rm(join(dir, "logs", "edge"), { recursive: true, force: true });
    }
  });
  const edgeChecks = async (endSec: number) => {
    const instant = await run({ query: 'sum(count_over_time({service="edge"}[1m])) or vector(0)', end: endSec, expect: { value: 1 } });
    expect(instant.r.error).toBeUndefined();
    expectPassed(instant.r, ["value{}"]);
    const filtered = await run({ query: 'sum(count_over_time({service="edge"} |= "error" [1m])) or vector(0)', end: endSec, expect: { value: { lt: 1 } } });
    expect(filtered.r.error).toBeUndefined();
    // Once the window has passed the line (left-open: a line at its start is not read), the selector read nothing, and
    // says so; one at its start still shows the stream is there, as Loki's series API lists it.
    const after = await run({ query: 'sum(count_over_time({service="edge"} |= "error" [1m])) or vector(0)', end: endSec + 61, expect: { value: { lt: 1 } } });
    expect(after.r.error).toMatch(/^no line of any file matches \{service="edge"\} from \S+ to \S+: value\{\} held on nothing/);
  };

  test("an error ratio whose errors' selector no file matches passes on the other side's lines (a stream label's value not seen yet is no typo to tell); with no selector matching it fails; unless's right side is not asked", async () => {
    const ratio = await run({ query: 'sum(count_over_time({service="apii"} |= "panic" [1h])) / sum(count_over_time({service="api"}[1h])) or vector(0)', expect: { value: { lt: 0.01 } } });
    expect(ratio.r.error).toBeUndefined();
    const both = await run({ query: 'sum(count_over_time({service="apii"}[1h])) / sum(count_over_time({service="apiii"}[1h])) or vector(0)', expect: { value: { lt: 0.01 } } });
    expect(both.r.error).toMatch(/^no line of any file matches \{service="apii"\} from \S+ to \S+, nor \{service="apiii"\} from \S+ to \S+: value\{\} held on nothing/);
    const unless = await run({ query: 'sum(count_over_time({service="apii"}[1h])) unless sum(count_over_time({service="api"}[1h])) or vector(0)', expect: { value: { gte: 0 } } });
    expect(unless.r.error).toMatch(/^no line of any file matches \{service="apii"\} from \S+ to \S+: value\{\} held on nothing/);
  });

  test("a log query returns the lines of the window with path and static labels", async () => {
    const { r } = await run({
      query: '{service="api"} | json | level="error"',
      since: "1h",
      expect: { lines: 1, contains: "db timeout", not_contains: "old failure", labels: { env: "ci", service: "api", filename: "logs/api/app.jsonl" } },
    });
    expect(r.error).toBeUndefined();
    expect(failing(r)).toEqual([]);
    expectPassed(r, ["lines", "labels.env", "labels.service", "labels.filename", "contains", "not_contains"]);
    expect(r.observed).toMatchObject({ lines: 1, streams: 1, files_read: 1 });
    expect(r.details?.[0]?.body).toContain('source: files logs/{service}/*.jsonl {env="ci"}');
    expect(r.details?.[0]?.body).toMatch(/read: {3}1 file, \d+ B/);
    expect(r.details?.[1]?.body).toContain("db timeout");
    expect(r.summary).toMatch(/^logql .* on files over .* \(1h\) → 1 line in 1 stream$/);
  });

  test("a metric query is evaluated once at end, per service", async () => {
    const { r } = await run({
      query: 'sum by (service) (count_over_time({env="ci"} | json | level=~"error|warn" [1h]))',
      expect: { series: 2, value: [{ labels: { service: "api" }, value: 1 }, { labels: { service: "web" }, value: 1 }] },
    });
    expect(r.error).toBeUndefined();
    expect(failing(r)).toEqual([]);
    expectPassed(r, ["series", 'value{service="api"}', 'value{service="web"}']);
    expect(r.details?.[1]).toEqual({ title: "Series", body: '{service="api"} 1\n{service="web"} 1' });
  });

  test("a metric query with step must hold at every point", async () => {
    // Steps at end-10m (no line in the hour before), end-5m (1 line) and end (5 lines).
    const window = { since: "10m", end: anchor / 1000, step: "5m" };
    const { r } = await run({ query: 'sum(count_over_time({env="ci"}[1h]))', ...window, expect: { value: { gte: 1 }, series: 1 } });
    expect(r.error).toBeUndefined();
    // The first step has no point (no line in its hour): it fails the check, as a step without a point anywhere does
    // (a step and a half of slack at either end let it pass).
    expect(r.checks.filter((c) => !c.ok)).toEqual([
      { path: "value{}", expected: "every point >= 1", actual: `no point at 1 of 3 steps (first at ${new Date(anchor - 600_000).toISOString()}): no sample there`, ok: false },
    ]);
    expect(r.summary).toContain("every 5m → 1 series (range)");
    expect(r.observed).toMatchObject({ series: 1, value: 5, step: "5m" });
    const hhmmss = (ms: number) => new Date(ms).toISOString().slice(11, 19);
    expect(r.details?.[1]?.body).toBe(`{} 1 @${hhmmss(anchor - 300_000)}, 5 @${hhmmss(anchor)}`);
    const strict = await run({ query: 'sum(count_over_time({env="ci"}[1h]))', ...window, expect: { value: { gte: 5 } } });
    expect(failing(strict.r)).toEqual([`value{} at ${new Date(anchor - 300_000).toISOString()}`]);
  });

  test("not_contains over no line at all passes, and the report says it held on nothing; with lines, no such note", async () => {
    const none = await run({ query: '{service="api"} |= "zzz-none"', expect: { not_contains: "panic" } });
    expect(failing(none.r)).toEqual([]);
    expectPassed(none.r, ["not_contains"]);
    expect(none.r.details?.[0]?.body).toContain("no line in the window: not_contains held on nothing (add lines: {gte: 1} if lines are expected here)");
    const some = await run({ query: '{service="api"}', expect: { not_contains: "panic" } });
    expect(some.r.details?.[0]?.body).not.toContain("held on nothing");
    // Every check that passed on no line, not not_contains alone; lines given did not silence it.
    const counts = await run({ query: '{service="api"} |= "zzz-none"', expect: { lines: { lt: 5 }, labels: { service: [] } } });
    expectPassed(counts.r, ["lines", "labels.service"]);
    expect(counts.r.details?.[0]?.body).toContain("no line in the window: lines, labels.service held on nothing (add lines: {gte: 1} if lines are expected here)");
  });

  test("a range is judged at the whole steps within the window: the step still in progress at end is not (a steady log failed on the second the run began)", async () => {
    const dir2 = await mkdtemp(join(tmpdir(), "logql-steady-"));
    try {
      // A line every 10 s up to B, a whole minute; the window ends 8 s later, inside the minute after B.
      const B = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;
      const lines = Array.from({ length: 37 }, (_, i) => `${new Date(B - 360_000 + i * 10_000).toISOString()} tick ${i}`);
      await writeFile(join(dir2, "steady.log"), `${lines.join("\n")}\n`);
      const ctx = testContext({ scenarioDir: dir2 });
      const input = { files: { "steady.log": { app: "steady" } }, query: 'sum(count_over_time({app="steady"}[1m]))', since: "5m", end: (B + 8_000) / 1000, step: "1m", expect: { value: { gte: 1 } } };
      const r = await step.run(step.schema.parse(input), ctx);
      expect(r.error).toBeUndefined();
      expect(r.checks.filter((c) => !c.ok)).toEqual([]);
      expectPassed(r, ["value{}"]);
      // The instants judged: the whole minutes from B-4m to B, said in the report since they are not the window's ends.
      expect(r.observed?.evaluated).toBe(`at ${new Date(B - 240_000).toISOString()} … ${new Date(B).toISOString()}`);
      // since shorter than step is refused at load: such a window may hold no whole step.
      expect(step.schema.safeParse({ ...input, since: "30s" }).success).toBe(false);
    } finally {
      await rm(dir2, { recursive: true, force: true });
    }
  });

  test("an empty result", async () => {
    const { r } = await run({ query: '{service="api"} |= "panic"', expect: { empty: true, lines: 0 } });
    expect(failing(r)).toEqual([]);
    expectPassed(r, ["empty", "lines"]);
    expect(r.details?.[1]?.body).toBe("(no lines)");
  });

  test("an engine error is the step's error", async () => {
    const { r } = await run({ query: '{service="api"}', limit: 1_000_000 });
    expect(r.error).toContain("max entries limit per query exceeded");
    expect(r.checks).toEqual([]);
  });

  test("a regex search Bun's engine gives up (no match, though RE2 finds one) is not known: a filter's is the step's error, a check's fails", async () => {
    const line = JSON.stringify({ timestamp: at(30), level: "error", message: "word ".repeat(30) + "! zz: ERROR" });
    await mkdir(join(dir, "giveup", "api"), { recursive: true });
    await writeFile(join(dir, "giveup", "api", "app.jsonl"), line + "\n");
    const files = { "giveup/{service}/*.jsonl": {} };
    const nested = String.raw`(\w+\s?)+: ERROR`;
    const filter = await run({ files, query: `sum(count_over_time({service="api"} |~ \`${nested}\` [1h]))`, expect: { value: 0 } });
    expect(filter.r.error).toStartWith(`not known on a line of ${line.length} characters: ${JSON.stringify(line.slice(0, 80))}: /${nested}/ answered "no match"`);
    const parser = await run({ files, query: `{service="api"} | regexp \`(?P<w>${nested.slice(0, -7)}): ERROR\``, since: "1h", expect: { labels: { w: { length: 0 } } } });
    expect(parser.r.error).toContain("not known on a line of");
    // A label filter's regex and an exact count of a group give up too (Loki's RE2 keeps the line).
    const label = await run({ files, query: `sum(count_over_time({service="api"} | json | message=~\`${nested.slice(0, -7)}!|.*ERROR\` [1h]))`, expect: { value: 1 } });
    expect(label.r.error).toContain("not known on a label value of");
    const counted = await run({ files, query: `sum(count_over_time({service="api"} |~ \`(\\w+\\s?){12}: ERROR\` [1h]))`, expect: { value: 0 } });
    expect(counted.r.error).toContain("not known on a line of");
    const check = await run({ files, query: '{service="api"}', since: "1h", expect: { not_contains: [{ matches: nested }] } });
    const notKnown = `not_contains: not known on the line ${JSON.stringify(line.slice(0, 80) + "…")}: /${nested}/ answered "no match"`;
    expect(check.r.checks.filter((c) => !c.ok).map((c) => `${c.path}: ${String(c.actual)}`.slice(0, notKnown.length))).toEqual([notKnown]);
  });

  test("a glob that matches no file fails the step saying what is there", async () => {
    const { r } = await run({ files: { "logs/{service}/*.log": {} }, query: '{service="api"}' });
    expect(r.error).toBe('"logs/{service}/*.log" matches no file; logs holds: api/, web/');
  });

  test("symlinked log files and directories are read, each real file once; a dangling link is noted in the report", async () => {
    await mkdir(join(dir, "real"), { recursive: true });
    await writeFile(join(dir, "real", "a.log"), `${line(100, "info", "linked line")}\n`);
    await writeFile(join(dir, "real", "b.log"), `${line(90, "info", "another")}\n`);
    await mkdir(join(dir, "linked", "api"), { recursive: true });
    await symlink("../../real/a.log", join(dir, "linked", "api", "a.log"));
    await symlink("../../real/gone.log", join(dir, "linked", "api", "gone.log"));
    await symlink("../real", join(dir, "linked", "web"));
    const { r, ctx } = await run({ files: { "linked/{service}/*.log": {} }, query: 'sum by (service) (count_over_time({filename=~".+"}[1h]))' });
    expect(r.error).toBeUndefined();
    // linked/web/a.log is linked/api/a.log (one real file, claimed first under api); linked/web/b.log is its own.
    expect(r.details?.[1]?.body).toBe('{service="api"} 1\n{service="web"} 1');
    expect(r.details?.[0]?.body).toContain("link:   linked/api/gone.log -> ../../real/gone.log (dangling: the target does not exist)");
    expect(ctx.logs.join("\n")).toContain("linked/api/gone.log -> ../../real/gone.log");
  });

  test("through the CLI: a variable in a files glob is interpolated", async () => {
    const yaml = ["name: glob var", "steps:", "  - logql:", '      files: { "${WWW}/{service}/*.jsonl": {} }', `      query: '{service="api"} |= "db timeout"'`, "      expect: { lines: 1 }", ""].join("\n");
    await writeFile(join(dir, "var.yaml"), yaml);
    const { code, out } = await cli(["run", join(dir, "var.yaml"), "--var", "WWW=logs", "--report", "md", "--report-dir", join(dir, "reports"), "--no-color"]);
    expect(out).toContain("1 passed");
    expect(code).toBe(0);
    const missing = await cli(["validate", join(dir, "var.yaml")]);
    expect(missing.code).toBe(2);
    expect(missing.out).toContain("var.yaml:4:17: undefined variable ${WWW}");
  });

  const cli = async (argv: string[]) => {
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, cwd: dir, env: {}, handleSignals: false };
    const code = await main(argv, io);
    return { code, out: out.join("") };
  };

  test("through the CLI: a query the embedded engine cannot run is rejected before anything runs", async () => {
    const yaml = ["name: unsupported", "steps:", "  - logql:", '      files: { "logs/{service}/*.jsonl": {} }', `      query: '{service="api"} |= ip("10.0.0.1") or ip("::1")'`, ""].join("\n");
    await writeFile(join(dir, "unsupported.yaml"), yaml);
    const { code, out } = await cli(["validate", join(dir, "unsupported.yaml")]);
    expect(code).toBe(2);
    expect(out).toContain("unsupported.yaml:5:14: steps[0].logql.query: ");
    expect(out).toContain("is not supported by the embedded engine");
  });

  test("through the CLI: a passing log check and a failing metric check, with the report", async () => {
    const yaml = [
      "name: logql files cli",
      "steps:",
      "  - name: The db timeout was logged",
      "    continue_on_failure: true",
      "    logql:",
      '      files: { "logs/{service}/*.jsonl": { env: ci } }',
      `      query: '{service="api"} | json | level="error"'`,
      "      expect: { contains: db timeout }",
      "  - name: Few errors",
      "    logql:",
      '      files: { "logs/{service}/*.jsonl": { env: ci } }',
      `      query: 'sum(count_over_time({env="ci"} | json | level="error" [3h]))'`,
      "      expect: { value: 0 }",
      "",
    ].join("\n");
    await writeFile(join(dir, "run.yaml"), yaml);
    const { code } = await cli(["run", join(dir, "run.yaml"), "--report", "md", "--report-dir", join(dir, "reports"), "--no-color"]);
    expect(code).toBe(1);
    const report = await readFile(join(dir, "reports", "latest.md"), "utf8");
    expect(report).toContain("| 1 | The db timeout was logged |  | ✅ passed |");
    expect(report).toContain("| `value{}` | `== 0` | `2` |");
    expect(report).toContain('source: files logs/{service}/*.jsonl {env="ci"}');
  });
});

describeWithLoki("logql on a real Loki 3.4.6: zero or more", () => {
  let loki: SharedLoki;
  beforeAll(async () => {
    loki = await sharedLoki();
  }, LOKI_START_TIMEOUT_MS);
  const run = (input: Record<string, unknown>) => step.run(step.schema.parse({ url: loki.url, ...input }), testContext());

  // value on an empty result fails (no series); `or vector(0)` makes "no line" the number 0, which the docs give for
  // "zero or more". A stream with no error line: Loki answers no series for its errors, and vector(0) with or.
  test("value: {lt: 5} on no line fails as empty; with or vector(0) it is one series of 0 and passes", async () => {
    const labels = { zero_or_more: crypto.randomUUID() };
    await loki.push([{ labels, entries: [{ tsNs: BigInt(Date.now() - 60_000) * 1_000_000n, line: "level=info msg=ok" }] }]);
    const selector = `{zero_or_more="${labels.zero_or_more}"} |= "error"`;
    const bare = await run({ query: `sum(count_over_time(${selector}[5m]))`, expect: { value: { lt: 5 } } });
    expect(bare.checks.map((c) => [c.path, c.actual, c.ok])).toEqual([["value", "no series: the result is empty", false]]);
    const zero = await run({ query: `sum(count_over_time(${selector}[5m])) or vector(0)`, expect: { value: { lt: 5 } } });
    expect(zero.error).toBeUndefined();
    expect(zero.checks.map((c) => [c.path, c.actual, c.ok])).toEqual([["value{}", 0, true]]);
  });
});

// A Loki still starting answers queries (200, with nothing) while GET /ready answers 503 "Ingester not ready": this one
// says so for an hour (test/helpers/loki.ts, notReady).
describeWithLoki("logql on a real Loki 3.4.6 that is not ready yet", () => {
  let loki: RunningLoki | undefined;
  beforeAll(async () => {
    loki = await startLoki({ notReady: true });
  }, LOKI_START_TIMEOUT_MS);
  afterAll(async () => {
    await loki?.stop();
  });
  const run = (input: Record<string, unknown>) => step.run(step.schema.parse({ url: loki!.url, ...input }), testContext());
  const selector = `{not_ready="${crypto.randomUUID()}"}`;
  const notReady = /^Loki is not ready \(Loki at http:\/\/127\.0\.0\.1:\d+ answered 503 Service Unavailable: Ingester not ready: waiting for 1h0m0s after being ready\): its answer is not judged/;

  test.each([
    ["lines: 0", { query: selector, expect: { lines: 0 } }],
    ["not_contains", { query: selector, expect: { not_contains: "panic" } }],
    ["empty: true", { query: selector, expect: { empty: true } }],
    ["value: {lt: 5} on … or vector(0)", { query: `sum(count_over_time(${selector}[5m])) or vector(0)`, expect: { value: { lt: 5 } } }],
    ["value: 1 on absent_over_time", { query: `absent_over_time(${selector}[5m])`, expect: { value: 1 } }],
  ])("%s does not pass on its answer: the step fails, to be asked again under eventually", async (_, input) => {
    const r = await run(input);
    expect(r.error).toMatch(notReady);
    expect(r.final).toBeUndefined();
    expect(r.checks).toEqual([]);
  });

  test("a check that fails on the answer fails as it is", async () => {
    const r = await run({ query: selector, expect: { lines: { gte: 1 } } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["lines", false]]);
  });
});

describeWithLoki("logql on a real Loki 3.4.6: a selector that matches no stream", () => {
  let loki: SharedLoki;
  const env = `no-stream-${crypto.randomUUID()}`;
  beforeAll(async () => {
    loki = await sharedLoki();
    const ms = Date.now() - 60_000;
    await loki.push([{ labels: { service: "api", env }, entries: [{ tsNs: BigInt(ms) * 1_000_000n, line: "level=info msg=ok" }] }]);
  }, LOKI_START_TIMEOUT_MS);
  const run = (input: Record<string, unknown>) => step.run(step.schema.parse({ url: loki.url, ...input }), testContext());

  test("not_contains on a selector with a typo fails: no stream matches it, the check held on nothing", async () => {
    const r = await run({ query: `{env="${env}", service="apii"} |= "panic"`, expect: { not_contains: "panic" } });
    expect(r.error).toMatch(new RegExp(`^no stream matches \\{env="${env}", service="apii"\\} from \\S+ to \\S+: not_contains held on nothing \\(a typo in the selector`));
    expect(r.final).toBeUndefined();
  });

  test("not_contains on a stream that has lines, none of them matching, passes", async () => {
    const r = await run({ query: `{env="${env}", service="api"} |= "panic"`, expect: { not_contains: "panic" } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["not_contains", true]]);
  });

  test("value: {lt: 5} on '… or vector(0)' with a typo fails: the 0 was filled in, no stream matches", async () => {
    const r = await run({ query: `sum(count_over_time({env="${env}", service="apii"} |= "error" [5m])) or vector(0)`, expect: { value: { lt: 5 } } });
    expect(r.error).toMatch(new RegExp(`^no stream matches \\{env="${env}", service="apii"\\} from \\S+ to \\S+: value\\{\\} held on nothing \\(.*leave out or vector\\(…\\) and write empty: true`));
  });

  test("value: 0 on '… or absent_over_time(…) * 0' with a typo fails as with vector(0); absent_over_time alone passes", async () => {
    const typo = await run({ query: `sum(count_over_time({env="${env}", service="apii"} |= "panic" [5m])) or absent_over_time({env="${env}", service="apii"}[5m]) * 0`, expect: { value: 0 } });
    expect(typo.error).toMatch(new RegExp(`^no stream matches \\{env="${env}", service="apii"\\} from \\S+ to \\S+: value\\{env="${env}", service="apii"\\} held on nothing \\(.*query absent_over_time\\(…\\) alone, or write empty: true, if no line is the expected answer\\)$`));
    const there = await run({ query: `sum(count_over_time({env="${env}", service="api"} |= "panic" [5m])) or absent_over_time({env="${env}", service="apii"}[5m]) * 0`, expect: { value: 0 } });
    expect(there.error).toBeUndefined();
    expect(there.checks.map((c) => [c.ok, c.actual])).toEqual([[true, 0]]);
    const alone = await run({ query: `absent_over_time({env="${env}", service="apii"} |= "panic" [5m])`, expect: { value: 1 } });
    expect(alone.error).toBeUndefined();
    expect(alone.checks.map((c) => [c.ok, c.actual])).toEqual([[true, 1]]);
  });

  test("an error ratio whose errors' stream is not there passes on the other side's stream: a stream label's value not seen yet cannot be told from a typo", async () => {
    const r = await run({ query: `sum(count_over_time({env="${env}", service="api", level="error"}[5m])) / sum(count_over_time({env="${env}", service="api"}[5m])) or vector(0)`, expect: { value: { lt: 0.01 } } });
    expect(r.error).toBeUndefined();
  });

  test("value: {lt: 5} on '… or vector(0)' over a stream that has lines passes on its 0", async () => {
    const r = await run({ query: `sum(count_over_time({env="${env}", service="api"} |= "error" [5m])) or vector(0)`, expect: { value: { lt: 5 } } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok, c.actual])).toEqual([["value{}", true, 0]]);
  });

  test("a metric window counts a line at its end, (start, end]: a stream whose only line lies there is found (series and log queries read [start, end))", async () => {
    const edge = `${env}-edge`;
    const endSec = Math.floor(Date.now() / 1000) - 120;
    await loki.push([{ labels: { service: "api", env: edge }, entries: [{ tsNs: BigInt(endSec) * 1_000_000_000n, line: "level=info msg=at-the-end" }] }]);
    const instant = await run({ query: `sum(count_over_time({env="${edge}", service="api"}[1m])) or vector(0)`, end: endSec, expect: { value: 1 } });
    expect(instant.error).toBeUndefined();
    expect(instant.checks.map((c) => [c.path, c.ok, c.actual])).toEqual([["value{}", true, 1]]);
    const filtered = await run({ query: `sum(count_over_time({env="${edge}", service="api"} |= "error" [1m])) or vector(0)`, end: endSec, expect: { value: { lt: 1 } } });
    expect(filtered.error).toBeUndefined();
    const after = await run({ query: `sum(count_over_time({env="${edge}", service="api"} |= "error" [1m])) or vector(0)`, end: endSec + 61, expect: { value: { lt: 1 } } });
    expect(after.error).toMatch(/held on nothing/);
  });

  test("absent_over_time of a selector no stream matches passes: no stream is what it asks about", async () => {
    const r = await run({ query: `absent_over_time({env="${env}", service="apii"}[5m])`, expect: { value: 1 } });
    expect(r.error).toBeUndefined();
    expect(r.checks.every((c) => c.ok)).toBe(true);
  });

  // "No error line": lines: 0 says the selector's streams have no line the filters keep; with a typo there are none.
  test.each([
    ["lines: 0", { lines: 0 }],
    ["lines: {lt: 1}", { lines: { lt: 1 } }],
    ["lines: 0 beside not_contains", { lines: 0, not_contains: "panic" }],
  ])("%s on a selector with a typo fails: no stream matches it", async (_, expectation) => {
    const r = await run({ query: `{env="${env}", service="apii"} |= "panic"`, expect: expectation });
    expect(r.error).toMatch(new RegExp(`^no stream matches \\{env="${env}", service="apii"\\} from \\S+ to \\S+: lines.* held on nothing \\(.*; write empty: true or streams: 0 if no stream is the expected answer\\)$`));
  });

  test("lines: 0 on a stream that has lines, none of them kept by the filter, passes; so do empty: true and streams: 0 on no stream (with a warning)", async () => {
    expect((await run({ query: `{env="${env}", service="api"} |= "panic"`, expect: { lines: 0 } })).error).toBeUndefined();
    for (const expectation of [{ empty: true, lines: 0 }, { streams: 0, lines: 0 }, { streams: 0 }]) {
      const r = await run({ query: `{env="${env}", service="apii"} |= "panic"`, expect: expectation });
      expect([expectation, r.error, r.warnings]).toEqual([expectation, undefined, [expect.stringMatching(emptyWarning(`{env="${env}", service="apii"}`))]]);
    }
  });

  test("empty: true on a selector no stream matches passes: no line is the expected answer (with a warning)", async () => {
    const r = await run({ query: `{env="${env}", service="apii"}`, expect: { empty: true } });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => [c.path, c.ok])).toEqual([["empty", true]]);
    expect(r.warnings).toEqual([expect.stringMatching(emptyWarning(`{env="${env}", service="apii"}`))]);
  });

  // empty: true and streams: 0 ("no panic logged") say no stream is expected, which a typo in the selector answers too:
  // the step passes, and asks Loki what a check that held on nothing asks; where no selector holds a stream, it warns.
  const emptyWarning = (sel: string, tenant = "") =>
    new RegExp(`^empty as expected, but no stream${tenant} matches ${sel.replace(/[{}]/g, "\\$&")} from \\S+Z to \\S+Z: a typo\\? \\(a service silent in the window reads so too\\)$`);
  const runLogged = async (input: Record<string, unknown>) => {
    const ctx = testContext();
    const r = await step.run(step.schema.parse({ url: loki.url, ...input }), ctx);
    const asked = (path: string) => ctx.logs.filter((l) => l.startsWith(`GET ${loki.url}${path}?`));
    return { r, ctx, series: asked("/loki/api/v1/series"), ranges: asked("/loki/api/v1/query_range") };
  };

  test.each([[{ empty: true }], [{ streams: 0 }], [{ series: { lt: 1 } }]])("%j on a selector with a typo passes, warning that no stream matches it", async (want) => {
    const { r, series, ranges } = await runLogged({ query: `{env="${env}", service="apii"} |= "panic"`, expect: want });
    expect(r.error).toBeUndefined();
    expect(r.checks.map((c) => c.ok)).toEqual([true]);
    expect(r.warnings).toEqual([expect.stringMatching(emptyWarning(`{env="${env}", service="apii"}`))]);
    // As a check that held on nothing asks: the selector's series, then one line of the selector alone.
    expect(series).toHaveLength(1);
    expect(ranges).toHaveLength(2);
    const asked = new URL(ranges[1]!.split(" ")[1]!).searchParams;
    expect([asked.get("query"), asked.get("limit")]).toEqual([`{env="${env}", service="apii"}`, "1"]);
  });

  test("a typical selector's warning is under 200 characters (the console and the Markdown report cut there)", async () => {
    const { r } = await runLogged({ query: '{service="apii"} |= "panic"', expect: { empty: true } });
    expect(r.warnings).toEqual([expect.stringMatching(emptyWarning('{service="apii"}'))]);
    expect(r.warnings![0]!.length).toBeLessThan(200);
  });

  test("a metric query with empty: true or series: 0 on a selector with a typo passes with a warning, naming the range it reads", async () => {
    for (const want of [{ empty: true }, { series: 0 }]) {
      const { r } = await runLogged({ query: `sum by (level) (count_over_time({env="${env}", service="apii"} |= "panic" [5m]))`, expect: want });
      expect([want, r.error, r.checks.map((c) => c.ok), r.warnings]).toEqual([want, undefined, [true], [expect.stringMatching(emptyWarning(`{env="${env}", service="apii"}`))]]);
      const [, from, to] = /from (\S+) to (\S+):/.exec(r.warnings![0]!)!;
      expect(Date.parse(to!) - Date.parse(from!)).toBe(300_000);
    }
  });

  test("a tenant is named in the warning", async () => {
    const { r } = await runLogged({ query: `{env="${env}", service="apii"} |= "panic"`, tenant: "team-a", expect: { empty: true } });
    expect(r.warnings).toEqual([expect.stringMatching(emptyWarning(`{env="${env}", service="apii"}`, ' of tenant "team-a"'))]);
  });

  test("empty: true or streams: 0 on a selector that has a stream, no line of it kept by the filter, passes without a warning", async () => {
    for (const want of [{ empty: true }, { streams: 0 }, { empty: true, lines: 0 }]) {
      const { r, series } = await runLogged({ query: `{env="${env}", service="api"} |= "panic"`, expect: want });
      expect([want, r.error, r.checks.every((c) => c.ok), r.warnings, series.length]).toEqual([want, undefined, true, undefined, 1]);
    }
  });

  test("nothing more is asked when the answer is not empty, or a check failed", async () => {
    for (const [query, want] of [
      [`{env="${env}", service="api"}`, { empty: false }],
      [`{env="${env}", service="api"}`, { empty: true }],
      [`{env="${env}", service="api"}`, { streams: 0 }],
      [`sum(count_over_time({env="${env}", service="api"}[5m]))`, { series: 0 }],
      [`{env="${env}", service="apii"}`, { empty: true, not_contains: "x", contains: "y" }],
    ] as [string, Record<string, unknown>][]) {
      const { r, series, ranges, ctx } = await runLogged({ query, expect: want });
      const queries = ctx.logs.filter((l) => l.startsWith(`GET ${loki.url}/loki/api/v1/query?`));
      expect([want, series, ranges.length + queries.length, r.warnings]).toEqual([want, [], 1, undefined]);
    }
  });
});

describe("logql on files, a limit cutting through lines of one time", () => {
  let dir = "";
  const t = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;
  const at = (s: number) => new Date(t + s * 1000).toISOString();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scenario-logql-tie-"));
    // One file, one stream: the two lines at `at(0)` differ in their detected_level only. Loki 3.4.6 returned
    // a=q, a=z forward and a=y, a=z backward at limit 2; the engine's own order kept a=b.
    await writeFile(join(dir, "app.log"), [`ts=${at(-2)} level=info a=q`, `ts=${at(0)} level=info a=z`, `ts=${at(0)} level=error a=b`, `ts=${at(2)} level=info a=y`].join("\n") + "\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const run = (input: Record<string, unknown>) =>
    step.run(step.schema.parse({ files: { "app.log": { case: "tie" } }, query: '{case="tie"}', start: at(-60), end: at(60), ...input }), testContext({ scenarioDir: dir }));
  const verdicts = (r: { checks: { ok: boolean; path: string; note?: string }[] }) => r.checks.map((c) => `${c.path} ${c.ok ? "ok" : "failed"}`);

  test("a line found only among the lines at the cut's time does not pass contains, in either direction", async () => {
    for (const direction of ["forward", "backward"]) {
      const r = await run({ limit: 2, direction, expect: { contains: ["a=b"] } });
      expect(verdicts(r)).toEqual(["contains failed"]);
      expect(r.checks[0]!.note).toContain("where the limit cut through lines of one time: which of those Loki returns is not known");
      expect(r.details?.map((d) => d.body).join("\n")).toContain(`the limit cut through lines of one time (${at(0)}): which of them Loki returns is not known`);
      const labels = await run({ limit: 2, direction, expect: { labels: { detected_level: { contains: "error" } } } });
      expect(verdicts(labels)).toEqual(["labels.detected_level failed"]);
    }
  });

  test("the lines before the cut's time still count, and so does the number of lines", async () => {
    const forward = await run({ limit: 2, direction: "forward", expect: { contains: ["a=q"], lines: { gte: 2 }, streams: { gte: 1 } } });
    expect(verdicts(forward)).toEqual(["lines ok", "streams ok", "contains ok"]);
    const backward = await run({ limit: 2, direction: "backward", expect: { contains: ["a=y"] } });
    expect(verdicts(backward)).toEqual(["contains ok"]);
  });

  test("a limit that cuts between two times leaves every returned line counted", async () => {
    const r = await run({ limit: 3, direction: "forward", expect: { contains: ["a=b", "a=z"], labels: { detected_level: { contains: "error" } } } });
    expect(verdicts(r)).toEqual(["labels.detected_level ok", "contains ok", "contains ok"]);
    const all = await run({ limit: 4, direction: "backward", expect: { contains: ["a=b"] } });
    expect(verdicts(all)).toEqual(["contains ok"]);
  });
});

describe("logql on files, topk and bottomk among series of one value", () => {
  let dir = "";
  const t = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;
  const at = (s: number) => new Date(t + s * 1000).toISOString();
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scenario-logql-topk-"));
    // GET and POST one line each: topk(1) keeps one of the two, which Loki 3.4.6 picks in Go map order (asked 5 times, it
    // answered GET twice and POST three times; the engine kept GET every time).
    await writeFile(join(dir, "tie.log"), [`ts=${at(0)} method=GET`, `ts=${at(1)} method=POST`].join("\n") + "\n");
    // PUT 2, GET and POST 1 each.
    await writeFile(join(dir, "three.log"), [`ts=${at(0)} method=PUT`, `ts=${at(1)} method=PUT`, `ts=${at(2)} method=GET`, `ts=${at(3)} method=POST`].join("\n") + "\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const by = (file: string) => `sum by (method) (count_over_time({file="${file}"} | logfmt [10m]))`;
  const run = (input: Record<string, unknown>) =>
    step.run(step.schema.parse({ files: { "tie.log": { file: "tie" }, "three.log": { file: "three" } }, end: at(60), ...input }), testContext({ scenarioDir: dir }));
  const verdicts = (r: { checks: { ok: boolean; path: string }[] }) => r.checks.map((c) => `${c.path} ${c.ok ? "ok" : "failed"}`);
  const notes = (r: { details?: { body: string }[] }) => (r.details?.[0]?.body ?? "").split("\n").filter((l) => l.includes("Loki keeps is not known"));

  test("a check that depends on which of the tied series topk kept is not known: labels, and a value picked by labels", async () => {
    const r = await run({ query: `topk(1, ${by("tie")})`, expect: { labels: { method: ["GET"] }, value: [{ labels: { method: "GET" }, value: 1 }] } });
    expect(verdicts(r)).toEqual(["labels.method failed", "value{method=\"GET\"} failed"]);
    for (const c of r.checks) expect(String(c.actual)).toContain(", but not known: its verdict depends on which tied series topk(1) keeps (Loki picks in Go map order; raise k past the tie, or aggregate so that no two series tie)");
        expect(notes(r)).toEqual([`note:   topk(1) at ${at(60)}: {method="GET"} kept, {method="POST"} left out, all of value 1: which of them Loki keeps is not known (it picks in Go map order), so checks that depend on it are not known`]);
    // The check that fails on the engine's pick is not known either: Loki may keep POST.
    const post = await run({ query: `topk(1, ${by("tie")})`, expect: { labels: { method: { contains: "POST" } } } });
    expect(verdicts(post)).toEqual(["labels.method failed"]);
    expect(String(post.checks[0]!.actual)).toContain("but not known: its verdict depends on which tied series");
  });

  test("checks the pick does not change keep their verdict: a count of series, a value every tied series has, a label they share", async () => {
    const r = await run({ query: `topk(1, ${by("tie")})`, expect: { series: 1, value: { gte: 1 }, labels: { method: { length: 1 } }, empty: false } });
    expect(verdicts(r)).toEqual(["empty ok", "series ok", "labels.method.length ok", "value{method=\"GET\"} ok"]);
    const three = await run({ query: `topk(2, ${by("three")})`, expect: { labels: { method: { contains: "PUT" } }, value: [{ labels: { method: "PUT" }, value: 2 }] } });
    expect(verdicts(three)).toEqual(["labels.method ok", "value{method=\"PUT\"} ok"]);
    expect(notes(three)).toHaveLength(1);
    const exact = await run({ query: `topk(2, ${by("three")})`, expect: { labels: { method: ["GET", "PUT"] }, value: [{ labels: { method: { ne: "PUT" } }, value: 1 }] } });
    // Exactly one of GET and POST is kept whichever it is, with the value 1: only the list of values is not known.
    expect(verdicts(exact)).toEqual(["labels.method failed", "value{method != \"PUT\"} ok"]);
  });

  test("bottomk by a group says the group", async () => {
    const r = await run({ query: `bottomk by (file) (1, sum by (file, method) (count_over_time({file="three"} | logfmt [10m])))`, expect: { labels: { method: ["GET"] } } });
    expect(verdicts(r)).toEqual(["labels.method failed"]);
    expect(notes(r)).toEqual([`note:   bottomk(1) at ${at(60)} in the group {file="three"}: {file="three", method="GET"} kept, {file="three", method="POST"} left out, all of value 1: which of them Loki keeps is not known (it picks in Go map order), so checks that depend on it are not known`]);
  });

  test("no tie, or a tie the kept series hold whole: checks as before, and no note", async () => {
    for (const [query, labels] of [
      [`topk(1, ${by("three")})`, ["PUT"]],
      [`topk(3, ${by("three")})`, ["GET", "POST", "PUT"]],
      [`topk(2, ${by("tie")})`, ["GET", "POST"]],
      [`bottomk(2, ${by("three")})`, ["GET", "POST"]],
    ] as const) {
      const r = await run({ query, expect: { labels: { method: labels } } });
      expect([query, verdicts(r), notes(r)]).toEqual([query, ["labels.method ok"], []]);
    }
  });

  test("a range query: each step's pick is open, and the series a count sees over the steps with it", async () => {
    const r = await run({ query: `topk(1, ${by("tie")})`, start: at(30), end: at(90), step: "30s", expect: { series: 1, labels: { method: { length: { gte: 1 } } }, value: { gte: 1 } } });
    // Loki may keep GET at one step and POST at the next: two series then, each without a point at some step.
    expect(verdicts(r)).toEqual(["series failed", "labels.method.length ok", "value{method=\"GET\"} failed"]);
    expect(notes(r)).toHaveLength(3);
  });

  test("a topk inside the query: every check stands on its pick, and is not known", async () => {
    const r = await run({ query: `sum by (method) (topk(1, ${by("tie")}))`, expect: { labels: { method: ["GET"] }, empty: false } });
    expect(verdicts(r)).toEqual(["empty failed", "labels.method failed"]);
    expect(String(r.checks[0]!.actual)).toContain("but not known: the rest of the query stands on which tied series topk(1) keeps (Loki picks in Go map order; raise k");
  });
});

describe("logql on files: a stream label named detected_level", () => {
  let dir = "";
  const t = Math.floor(Date.now() / 60_000) * 60_000 - 600_000;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scenario-logql-dl-"));
    await writeFile(join(dir, "a.log"), [`${new Date(t).toISOString()} ERROR boom`, `${new Date(t + 1000).toISOString()} INFO fine`].join("\n") + "\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const run = (query: string, expect_: Record<string, unknown>) =>
    step.run(step.schema.parse({ files: { "a.log": { app: "a", detected_level: "audit" } }, query, expect: expect_ }), testContext({ scenarioDir: dir }));

  test("keeps its value, and the line's level is detected_level_extracted, as Loki 3.4.6 answers", async () => {
    const own = await run('sum by (detected_level) (count_over_time({app="a"}[1h]))', { labels: { detected_level: ["audit"] }, value: 2 });
    expect(own.checks.filter((c) => !c.ok)).toEqual([]);
    const lines = await run('sum by (detected_level_extracted) (count_over_time({app="a"}[1h]))', { labels: { detected_level_extracted: ["error", "info"] } });
    expect(lines.checks.filter((c) => !c.ok)).toEqual([]);
  });
});

// Loki's GET /loki/api/v1/series lists a stream whose chunk overlaps the window, and a chunk spans from its first line
// to its last: a window between two lines of a stream (in one chunk) is held by that stream. The embedded engine asked
// for a line inside the window and failed such a step as held on nothing where Loki 3.4.6 passed it.
describe("logql on files: a window between two lines of a stream", () => {
  let dir = "";
  /** A whole minute 50 minutes ago: every line below lies within the hour before now (none refused as too far behind). */
  const B = Math.floor(Date.now() / 60_000) * 60_000 - 50 * 60_000;
  const at = (ms: number) => new Date(B + ms).toISOString();
  const sec = (ms: number) => (B + ms) / 1000;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "scenario-logql-gap-"));
    await mkdir(join(dir, "logs"), { recursive: true });
    // The two lines' detected_level differs (error, then info): still one stream.
    await writeFile(join(dir, "logs", "x.log"), `${at(0)} GET /x/0 200 0ms ERROR boom id=0\n${at(60_000)} GET /x/1 200 13ms ok id=1\n`);
    // 30 minutes apart: one chunk in Loki (cut after more than chunk_idle_period of quiet).
    await writeFile(join(dir, "logs", "edge.log"), `${at(0)} first\n${at(30 * 60_000)} second\n`);
    // 31 minutes apart: two chunks in Loki, and the window between them is held by neither.
    await writeFile(join(dir, "logs", "wide.log"), `${at(0)} first\n${at(31 * 60_000)} second\n`);
    // One line before the window in one stream, one after it in another.
    await writeFile(join(dir, "logs", "a.log"), `${at(0)} before\n`);
    await writeFile(join(dir, "logs", "b.log"), `${at(60_000)} after\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const FILES = {
    "logs/x.log": { env: "nu", service: "pl" },
    "logs/edge.log": { service: "edge" },
    "logs/wide.log": { service: "wide" },
    "logs/a.log": { service: "two" },
    "logs/b.log": { service: "two" },
  };
  const run = (input: Record<string, unknown>) => step.run(step.schema.parse({ files: FILES, ...input }), testContext({ scenarioDir: dir }));
  const inGap = { start: sec(10_000), end: sec(50_000) };

  test("lines: 0, not_contains and a logfmt label filter pass on a window between two lines of the stream", async () => {
    const lines = await run({ query: '{service="pl"}', ...inGap, expect: { lines: 0 } });
    expect(lines.error).toBeUndefined();
    expectPassed(lines, ["lines"]);
    const not = await run({ query: '{service="pl"} |= "zzz"', ...inGap, expect: { not_contains: "zzz" } });
    expect(not.error).toBeUndefined();
    expectPassed(not, ["not_contains"]);
    const logfmt = await run({ query: '{service="pl"} | logfmt | id="0"', ...inGap, expect: { lines: 0 } });
    expect(logfmt.error).toBeUndefined();
    expectPassed(logfmt, ["lines"]);
    // Without the labels Loki adds at ingestion, the same.
    const bare = await run({ query: '{service="pl"}', ...inGap, ingest_labels: false, expect: { lines: 0 } });
    expect(bare.error).toBeUndefined();
  });

  test("… or vector(0) passes with value 0 when its range lies between two lines of the stream", async () => {
    const zero = await run({ query: 'sum(count_over_time({service="pl"} |= "ERROR" [20s])) or vector(0)', end: sec(40_000), expect: { value: 0 } });
    expect(zero.error).toBeUndefined();
    expectPassed(zero, ["value{}"]);
    const range = await run({ query: 'sum(count_over_time({service="pl"} |= "ERROR" [20s])) or vector(0)', start: sec(30_000), end: sec(50_000), step: "10s", expect: { value: 0 } });
    expect(range.error).toBeUndefined();
  });

  test("two lines 30 minutes apart hold the window between them; 31 minutes apart, they do not", async () => {
    const edge = await run({ query: '{service="edge"}', ...inGap, expect: { lines: 0 } });
    expect(edge.error).toBeUndefined();
    const wide = await run({ query: '{service="wide"}', ...inGap, expect: { lines: 0 } });
    expect(wide.error).toMatch(/^no line of any file matches \{service="wide"\} from \S+ to \S+: lines held on nothing \(a typo in the selector/);
    const zero = await run({ query: 'sum(count_over_time({service="wide"}[20s])) or vector(0)', end: sec(40_000), expect: { value: 0 } });
    expect(zero.error).toMatch(/^no line of any file matches \{service="wide"\} from \S+ to \S+: value\{\} held on nothing/);
  });

  test("a line before the window in one stream and one after it in another hold nothing; nor does a selector with a typo", async () => {
    const two = await run({ query: '{service="two"}', ...inGap, expect: { lines: 0 } });
    expect(two.error).toMatch(/^no line of any file matches \{service="two"\} from \S+ to \S+: lines held on nothing/);
    const typo = await run({ query: '{service="pll"} |= "zzz"', ...inGap, expect: { not_contains: "zzz" } });
    expect(typo.error).toMatch(/^no line of any file matches \{service="pll"\} from \S+ to \S+: not_contains held on nothing/);
  });
});

// Loki 3.4.6 stops listing a recent stream in GET /loki/api/v1/series once its chunk is flushed (POST /flush, or by
// itself after chunk_idle_period: 30 m of quiet by default), while query_range still answers its lines: "the quiet
// worker logged no error" then failed as held on nothing.
describeWithLoki("logql on a real Loki 3.4.6: a stream whose chunk was flushed", () => {
  let loki: RunningLoki | undefined;
  beforeAll(async () => {
    loki = await startLoki();
  }, LOKI_START_TIMEOUT_MS);
  afterAll(async () => {
    await loki?.stop();
  });
  const run = (input: Record<string, unknown>) => step.run(step.schema.parse({ url: loki!.url, ...input }), testContext());

  test("lines: 0 and … or vector(0) pass on it; a selector with a typo still fails as held on nothing", async () => {
    const id = crypto.randomUUID();
    const selector = `{flushed="${id}"}`;
    await loki!.push([{ labels: { flushed: id }, entries: [{ tsNs: BigInt(Date.now() - 60_000) * 1_000_000n, line: "level=info msg=quiet worker started" }] }]);
    const listed = async () => {
      const params = new URLSearchParams({ "match[]": selector, start: String((Date.now() - 3_600_000) * 1e6), end: String(Date.now() * 1e6) });
      const body = (await (await fetch(`${loki!.url}/loki/api/v1/series?${params}`)).json()) as { data?: unknown[] };
      return (body.data ?? []).length > 0;
    };
    expect(await listed()).toBe(true);
    await loki!.flush(async () => !(await listed()));
    const lines = await run({ query: `${selector} |= "error"`, since: "1h", expect: { lines: 0 } });
    expect(lines.error).toBeUndefined();
    expect(lines.checks.map((c) => [c.path, c.ok])).toEqual([["lines", true]]);
    const zero = await run({ query: `sum(count_over_time(${selector} |= "error" [1h])) or vector(0)`, expect: { value: 0 } });
    expect(zero.error).toBeUndefined();
    const typo = await run({ query: `{flushed="${id}-typo"} |= "error"`, since: "1h", expect: { lines: 0 } });
    expect(typo.error).toMatch(/^no stream matches \{flushed="[^"]+-typo"\} from \S+ to \S+: lines held on nothing/);
  }, LOKI_START_TIMEOUT_MS);
});

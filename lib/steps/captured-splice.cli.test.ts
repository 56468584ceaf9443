// A value captured during the run, spliced outside quotes into a JSONPath or a PromQL query, is one literal there or
// fails its step: a server's answer `-1 || @.status == "ok"` spliced into a filter rewrote it and the check passed.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runInProcess } from "../../test/helpers/in-process.ts";

const dir = mkdtempSync(join(tmpdir(), "captured-splice-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const queries: string[] = [];
const ITEMS = { items: [{ id: 1, status: "ok" }, { id: 7, status: "failed" }, { id: 9, status: "ok" }] };
const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    switch (new URL(req.url).pathname) {
      case "/inj1":
        return Response.json({ id: '-1 || @.status == "ok"' });
      case "/num":
        return Response.json({ id: 9 });
      case "/failed":
        return Response.json({ id: 7 });
      case "/inj2":
        return Response.json(ITEMS);
      case "/range":
        return Response.json({ ok: "5m", bad: "5m]) or vector(1" });
      case "/api/v1/query":
        // A Prometheus that answers every query with one series whose value is 5, and says what it was asked.
        queries.push(new URL(req.url).searchParams.get("query") ?? "");
        return Response.json({ status: "success", data: { resultType: "vector", result: [{ metric: { service: "api" }, value: [Date.now() / 1000, "5"] }] } });
      default:
        return new Response("not found", { status: 404 });
    }
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

const run = (yaml: string, ...extra: string[]) => runInProcess(dir, yaml, "--quiet", ...extra);

const scenario = (from: string, path: string, secrets = "", check = "{every: {eq: ok}}") => `name: splice
${secrets}steps:
  - name: get id
    http: {url: "${base}${from}", capture: {ID: $.id}}
  - name: check
    http:
      url: ${base}/inj2
      expect: {json: {'${path}': ${check}}}
`;

describe("a captured value outside quotes in a JSONPath", () => {
  test("a value that would add `|| @.status == \"ok\"` to the filter fails the step, naming the variable, its step and how to quote it", async () => {
    const r = await run(scenario("/inj1", "$.items[?(@.id == ${ID})].status"));
    expect(r.code).toBe(1);
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toBe(
      `invalid input after interpolating variables: \${ID} (captured by step "get id") stands outside quotes in the JSONPath "$.items[?(@.id == \${ID})].status", and its value "-1 || @.status == \\"ok\\"" is not one number, true, false, null or name after a ".": a value from the run would be read as path syntax, and could change what the path selects; quote it ('\${ID}') to take it as text`,
    );
  });

  test("a secret captured value is shown masked", async () => {
    const r = await run(scenario("/inj1", "$.items[?(@.id == ${ID})].status", "secrets: [ID]\n"));
    expect(r.steps[1]!.status).toBe("failed");
    expect(r.steps[1]!.error).toContain('and its value "***" is not one');
    expect(r.steps[1]!.error).not.toContain("@.status ==");
  });

  test("a numeric captured id still works unquoted: the filter finds the item it names", async () => {
    expect((await run(scenario("/num", "$.items[?(@.id == ${ID})].status"))).steps.map((s) => s.status)).toEqual(["passed", "passed"]);
    const failed = await run(scenario("/failed", "$.items[?(@.id == ${ID})].status"));
    expect(failed.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(failed.steps[1]!.error).toBeUndefined();
  });

  test("quoted, the same captured value is text, as before: no item has that id", async () => {
    const r = await run(scenario("/inj1", "$.items[?(@.id == \"${ID}\")].status", "", "{exists: false}"));
    expect(r.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
  });

  test("an author's --var is path syntax still, as documented", async () => {
    const yaml = `name: author
steps:
  - name: check
    http:
      url: ${base}/inj2
      expect: {json: {'$.items[?(@.id == \${ID})].status': {every: {eq: ok}}}}
`;
    const r = await run(yaml, "--var", "ID=1 || @.id == 9");
    expect(r.steps.map((s) => s.status)).toEqual(["passed"]);
  });
});

describe("a captured value outside quotes in a PromQL query", () => {
  const promql = (query: string) => `name: promql splice
steps:
  - name: get range
    http: {url: "${base}/range", capture: {OK: $.ok, BAD: $.bad}}
  - name: query
    promql:
      url: ${base}
      query: '${query}'
      expect: {value: 5}
`;

  test("a duration is one literal and is sent as written", async () => {
    queries.length = 0;
    const r = await run(promql("sum(rate(x[${OK}]))"));
    expect(r.steps.map((s) => [s.status, s.error])).toEqual([["passed", undefined], ["passed", undefined]]);
    expect(queries).toEqual(["sum(rate(x[5m]))"]);
  });

  test("a value with a space fails the step before Prometheus is asked; inside quotes it is text", async () => {
    queries.length = 0;
    const r = await run(promql("sum(rate(x[${BAD}]))"));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toBe(
      'invalid input after interpolating variables: ${BAD} (captured by step "get range") stands outside quotes in the query "sum(rate(x[${BAD}]))", and its value "5m]) or vector(1" is not one number, duration (5m, 1h30m) or name: a value from the run would be read as query text, and could change what the query selects; quote it ("${BAD}") to take it as text',
    );
    expect(queries).toEqual([]);
    const quoted = await run(promql('x{service="${BAD}"}'));
    expect(quoted.steps.map((s) => s.status)).toEqual(["passed", "passed"]);
    expect(queries).toEqual(['x{service="5m]) or vector(1"}']);
  });

  test("a quote in a # comment opens no string: a value after it is outside quotes still, and fails the step", async () => {
    queries.length = 0;
    // In YAML's single quotes `''` is a quote and a blank line a line break: the query is "x # it's⏎> ${BAD}".
    const r = await run(promql("x # it''s\n\n        > ${BAD}"));
    expect(r.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
    expect(r.steps[1]!.error).toStartWith('invalid input after interpolating variables: ${BAD} (captured by step "get range") stands outside quotes in the query "x # it\'s\\n> ${BAD}"');
    expect(queries).toEqual([]);
  });
});

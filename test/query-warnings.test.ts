// Loki's and Prometheus's warnings about an answer that passed its checks (a partial result, a metric that may not be a
// counter) show on the console under the step, one line each, and in the run log; with --quiet too, naming the step,
// as the CLI's other warnings do. Fake servers on 127.0.0.1 answer with warnings (and Prometheus's infos).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lokiFixture } from "./helpers/loki-fixtures.ts";
import { removeTempDirs, runCli, tempDir, writeScenario } from "./helpers/cli.ts";

let server: ReturnType<typeof Bun.serve>;
let url = "";
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const path = new URL(req.url).pathname;
      if (path === "/loki/api/v1/query_range") return json({ ...JSON.parse(await lokiFixture("query_range_streams.json")), warnings: ["results may be incomplete: a querier timed out"] });
      if (path === "/api/v1/query")
        return json({ status: "success", data: { resultType: "vector", result: [{ metric: { job: "api" }, value: [1700000000, "1"] }] }, warnings: ["partial response"], infos: ['metric might not be a counter, name does not end in _total: "http_requests"'] });
      return new Response("404 page not found", { status: 404 });
    },
  });
  url = `http://127.0.0.1:${server.port}`;
});
afterAll(() => {
  server.stop(true);
  removeTempDirs();
});

const scenario = () =>
  [
    "name: warned",
    "steps:",
    "  - name: logs of the api",
    "    logql:",
    `      url: ${url}`,
    `      query: '{service="api"}'`,
    "      expect: { not_contains: panic }",
    "  - name: requests of the api",
    "    promql:",
    `      url: ${url}`,
    "      query: rate(http_requests[5m])",
    "      expect: { value: { gte: 0 } }",
    "",
  ].join("\n");

const LOKI = "warning: Loki: results may be incomplete: a querier timed out";
const PROM = ["warning: Prometheus: partial response", 'warning: Prometheus: metric might not be a counter, name does not end in _total: "http_requests"'];

test("a passing step's warnings are on the console under it and in the run log", async () => {
  const dir = tempDir();
  writeScenario(dir, scenario());
  const r = await runCli(["run", "scenario.yaml"], { cwd: dir });
  expect(r.code).toBe(0);
  const lines = r.stdout.split("\n");
  const loki = lines.findIndex((l) => l.startsWith("✓ logs of the api"));
  expect(lines[loki + 1]).toBe(`    ${LOKI}`);
  const prom = lines.findIndex((l) => l.startsWith("✓ requests of the api"));
  expect(lines.slice(prom + 1, prom + 3)).toEqual(PROM.map((w) => `    ${w}`));
  const log = /\.context\/terminal\/\S+\.log/.exec(r.stdout)?.[0];
  const text = readFileSync(join(dir, log!), "utf8");
  for (const w of [LOKI, ...PROM]) expect(text).toContain(`\n    ${w}\n`);
});

test("with --quiet, which prints no line for a passing step, each warning names its step", async () => {
  const dir = tempDir();
  writeScenario(dir, scenario());
  const r = await runCli(["run", "--quiet", "scenario.yaml"], { cwd: dir });
  expect(r.code).toBe(0);
  const warnings = r.stdout.split("\n").filter((l) => l.startsWith("warning:"));
  expect(warnings).toEqual([LOKI.replace("warning: ", "warning: logs of the api: "), ...PROM.map((w) => w.replace("warning: ", "warning: requests of the api: "))]);
});

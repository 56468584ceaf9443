// Loki's and Prometheus's warnings about an answer that passed its checks (a partial result, a metric that may not be a
// counter) show on the console under the step, one line each, and in the run log; with --quiet too, naming the step,
// as the CLI's other warnings do. Fake servers on 127.0.0.1 answer with warnings (and Prometheus's infos).
import { afterAll, beforeAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { lokiFixture } from "./helpers/loki-fixtures.ts";
import { removeTempDirs, runCli, tempDir, writeScenario } from "./helpers/cli.ts";

let server: ReturnType<typeof Bun.serve>;
const FORGED = "x\n✓ forged step (1ms, 1 attempt)";
let url = "";
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(req) {
      const { pathname: path, searchParams } = new URL(req.url);
      const query = searchParams.get("query") ?? "";
      // The query picks the warnings: 500 of them, one with a line break that reads as a record of the run log, or one.
      const warnings = query.includes("many") ? Array.from({ length: 500 }, (_, i) => `partial ${i}`) : query.includes("forged") ? [FORGED] : ["results may be incomplete: a querier timed out"];
      if (path === "/loki/api/v1/query_range") return json({ ...JSON.parse(await lokiFixture("query_range_streams.json")), warnings });
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

const scenario = (selector = '{service="api"}') =>
  [
    "name: warned",
    "steps:",
    "  - name: logs of the api",
    "    logql:",
    `      url: ${url}`,
    `      query: '${selector}'`,
    "      end: 1795311380 # just after the recorded lines",
    "      expect: { contains: [hello] } # a presence check: an answer that may be partial passes no other",
    "  - name: requests of the api",
    "    promql:",
    `      url: ${url}`,
    "      query: rate(http_requests[5m])",
    "      expect: { series: { gte: 1 } }",
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

test("the Markdown report of a passing run lists each step's warnings under Warnings", async () => {
  const dir = tempDir();
  writeScenario(dir, scenario());
  const r = await runCli(["run", "scenario.yaml"], { cwd: dir });
  expect(r.code).toBe(0);
  const md = readFileSync(join(dir, "reports", "latest.md"), "utf8");
  const section = md.slice(md.indexOf("### Warnings"), md.indexOf("### Problems found"));
  expect(section.trim().split("\n")).toEqual([
    "### Warnings",
    "",
    `- logs of the api (step 1): \`${LOKI.replace("warning: ", "")}\``,
    ...PROM.map((w) => `- requests of the api (step 2): \`${w.replace("warning: ", "")}\``),
  ]);
});

test("a warning's line break is shown as ↵ wherever its text is written: no line of its own in the run log", async () => {
  const dir = tempDir();
  writeScenario(dir, scenario('{service="forged"}'));
  const r = await runCli(["run", "scenario.yaml", "--report", "junit"], { cwd: dir });
  expect(r.code).toBe(0);
  const shown = "Loki: x ↵ ✓ forged step (1ms, 1 attempt)";
  expect(r.stdout).toContain(`    warning: ${shown}\n`);
  const log = readFileSync(join(dir, /\.context\/terminal\/\S+\.log/.exec(r.stdout)![0]), "utf8");
  // Under the step's checks and inside its Query detail alike: one line each, never "✓ forged step" at a line's start.
  expect(log.split(`    warning: ${shown}\n`).length).toBe(3);
  expect(log).not.toMatch(/^\s*✓ forged step/m);
  const md = readFileSync(join(dir, "reports", "latest.md"), "utf8");
  expect(md).toContain(`- logs of the api (step 1): \`${shown}\``);
  expect(md).not.toMatch(/^\s*✓ forged step/m);
  const junit = readFileSync(join(dir, "reports", "latest.xml"), "utf8");
  expect(junit).toContain(`warning: ${shown}`);
  expect(junit).not.toMatch(/^\s*✓ forged step/m);
});

test("500 warnings: the console and the run log show 5 and count the rest; the JSON report keeps all 500", async () => {
  const dir = tempDir();
  writeScenario(dir, scenario('{service="many"}'));
  const r = await runCli(["run", "scenario.yaml", "--report", "json"], { cwd: dir });
  expect(r.code).toBe(0);
  const more = "… and 495 more warnings (all in the JSON report: --report json)";
  const lines = r.stdout.split("\n");
  const at = lines.findIndex((l) => l.startsWith("✓ logs of the api"));
  expect(lines.slice(at + 1, at + 8)).toEqual([0, 1, 2, 3, 4].map((i) => `    warning: Loki: partial ${i}`).concat([`    warning: ${more}`, expect.stringMatching(/^✓ requests of the api/) as unknown as string]));
  const log = readFileSync(join(dir, /\.context\/terminal\/\S+\.log/.exec(r.stdout)![0]), "utf8");
  expect(log).not.toContain("partial 5\n");
  expect(log).toContain(`    warning: ${more}\n`);
  const report = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8")) as { steps: { warnings?: string[] }[] };
  expect(report.steps[0]!.warnings).toEqual(Array.from({ length: 500 }, (_, i) => `Loki: partial ${i}`));
});

// End to end through the real CLI: "50 requests, p95 under a bound" as one repeated http step plus thresholds; a crossed one exits 1.
import { afterAll, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli, tempDir, writeScenario } from "./helpers/cli.ts";

let served = 0;
const server = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => (served++, Response.json({ ok: true })) });
afterAll(() => server.stop(true));

const scenario = (thresholds: string) => `name: Smoke burst
steps:
  - id: burst
    name: burst
    service: api
    tags: [us-001]
    http:
      url: http://127.0.0.1:${server.port}/health
      repeat: 50
      concurrency: 5
      expect: { status: 200, json: { "$.ok": true } }
thresholds:
${thresholds}
`;

test("thresholds that hold: exit 0; the summary counts all 50 requests and 100 checks", async () => {
  const dir = tempDir();
  served = 0;
  const file = writeScenario(dir, scenario(`  http_reqs: ["count==50"]\n  "checks{tag:us-001}": ["rate==1"]\n  "http_req_duration{service:api}": ["p(95)<60000"]`));
  const r = await runCli([file, "--report", "json", "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(served).toBe(50);
  expect(r.stdout).toContain("✓ 'count==50' count=50");
  expect(r.stdout).toContain("✓ 'rate==1' rate=100.00%");
  expect(r.stdout).toMatch(/checks\.+: 100\.00% 100 out of 100\n/);
  expect(r.stdout).toMatch(/http_reqs\.+: 50 /);
  const doc = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8"));
  expect(doc.summary.total.http_reqs.count).toBe(50);
  expect(doc.thresholds.every((t: { ok: boolean }) => t.ok)).toBe(true);
  // every() holds on an empty list too: the three thresholds are there, each judged.
  expect(doc.thresholds.map((t: { key: string; expression: string; ok: boolean }) => [t.key, t.expression, t.ok])).toEqual([
    ["http_reqs", "count==50", true],
    ["checks{tag:us-001}", "rate==1", true],
    ["http_req_duration{service:api}", "p(95)<60000", true],
  ]);
});

test("a crossed threshold fails a run whose steps passed: exit 1, listed with its observed value", async () => {
  const dir = tempDir();
  const file = writeScenario(dir, scenario(`  http_reqs: ["count>50"]`));
  const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stdout).toContain("✓ burst [api]");
  expect(r.stdout).toContain("✗ 'count>50' count=50");
  expect(r.stdout).toContain("✗ Smoke burst: failed · 1 passed");
  const md = readFileSync(join(dir, "reports", "latest.md"), "utf8");
  expect(md).toContain("1 of 1 crossed: the run fails.");
  expect(md).toContain("| ❌ | `http_reqs` | `count>50` | `count=50` |");
});

test("under GitHub Actions a crossed threshold is an ::error at its expression's line and column; the JSON report has them too", async () => {
  const dir = tempDir();
  // Line 13 (a flow list) on the fast parse; through an alias the expression is where the alias is written.
  const file = writeScenario(dir, scenario(`  http_reqs: ["count>=1", "count>50"]
  data_sent:
    - &big count>1000
  "data_sent{service:api}": [*big]`));
  const r = await runCli([file, "--report", "json", "--report-dir", join(dir, "reports")], { cwd: dir, env: { GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: join(dir, "summary.md") } });
  expect(r.code).toBe(1);
  const annotations = r.stdout.split("\n").filter((l) => l.startsWith("::error"));
  expect(annotations).toEqual([
    `::error file=scenario.yaml,line=13,col=27,title=Smoke burst%3A threshold http_reqs crossed::'count>50' count=50`,
    `::error file=scenario.yaml,line=15,col=12,title=Smoke burst%3A threshold data_sent crossed::'count>1000' count=0`,
    `::error file=scenario.yaml,line=16,col=30,title=Smoke burst%3A threshold data_sent{service%3Aapi} crossed::'count>1000' count=0`,
  ]);
  const doc = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8"));
  expect(doc.thresholds.map((t: { expression: string; line?: number; col?: number }) => [t.expression, t.line, t.col])).toEqual([
    ["count>=1", 13, 15], ["count>50", 13, 27], ["count>1000", 15, 12], ["count>1000", 16, 30],
  ]);
});

test("a bad threshold expression is exit 2 with file:line:col, and nothing runs", async () => {
  const dir = tempDir();
  served = 0;
  const file = writeScenario(dir, scenario(`  http_req_duration: ["p95<300"]`));
  const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`scenario.yaml:13:23: thresholds.http_req_duration[0]: failed parsing threshold expression "p95<300": unknown aggregation method "p95"`);
  expect(served).toBe(0);
});

test("a threshold no run can pass (rate>1.5, count<0, p(95)<0) is exit 2 at its file:line:col, saying why, and nothing runs", async () => {
  const dir = tempDir();
  served = 0;
  const file = writeScenario(dir, scenario(`  checks: ["rate>0.9", "rate>1.5"]\n  data_sent: ["count<0"]\n  http_req_duration: ["p(95)<0"]`));
  const r = await runCli([file, "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(`scenario.yaml:13:24: thresholds.checks[1]: threshold checks "rate>1.5": a rate is between 0 and 1: rate>1.5 can never hold, so every run would fail on it`);
  expect(r.stderr).toContain(`scenario.yaml:14:15: thresholds.data_sent[0]: threshold data_sent "count<0": a count is never below 0: count<0 can never hold`);
  expect(r.stderr).toContain(`scenario.yaml:15:23: thresholds.http_req_duration[0]: threshold http_req_duration "p(95)<0": p(95) of a duration is a finite number of milliseconds, never below 0: p(95)<0 can never hold`);
  expect(r.stderr).toContain("3 errors: nothing was run.");
  expect(served).toBe(0);
});

test("a number k6 reads is accepted (3e2, 1_000); one it refuses (0x10) is exit 2 with file:line:col", async () => {
  const dir = tempDir();
  const ok = writeScenario(dir, scenario(`  http_req_duration: ["p(95)<6e4"]\n  http_reqs: ["count>=5e1", "count<1_000"]`));
  const r = await runCli([ok, "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("✓ 'count>=5e1' count=50");
  const bad = writeScenario(dir, scenario(`  http_reqs: ["count<0x10"]`), "bad.yaml");
  served = 0;
  const refused = await runCli([bad, "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(`bad.yaml:13:15: thresholds.http_reqs[0]: failed parsing threshold expression "count<0x10": the right-hand side "0x10" is not a number`);
  expect(served).toBe(0);
});

test("a step that could not check (no response) counts one failed check: checks rate==1 is crossed for its tag, held for the other", async () => {
  const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
  const port = closed.port;
  closed.stop(true);
  const dir = tempDir();
  const file = writeScenario(
    dir,
    `name: One answers, one does not
steps:
  - name: up
    tags: [us-001]
    http:
      url: http://127.0.0.1:${server.port}/health
      expect: { status: 200 }
  - name: down
    tags: [us-002]
    continue_on_failure: true
    http:
      url: http://127.0.0.1:${port}/health
      timeout: 5s
      expect: { status: 200 }
thresholds:
  "checks{tag:us-001}": ["rate==1"]
  "checks{tag:us-002}": ["rate==1"]
`,
  );
  const r = await runCli([file, "--report", "json", "--report-dir", join(dir, "reports")], { cwd: dir });
  expect(r.code).toBe(1);
  expect(r.stdout).toMatch(/checks\.+: 50\.00% 1 out of 2, 1 failed\n/);
  const doc = JSON.parse(readFileSync(join(dir, "reports", "latest.json"), "utf8"));
  const steps = doc.steps as { status: string; error?: string; checks: unknown[] }[];
  // The second step failed on its error, with no check of its own evaluated.
  expect(steps.map((s) => [s.status, s.checks.length, s.error !== undefined])).toEqual([
    ["passed", 1, false],
    ["failed", 0, true],
  ]);
  const thresholds = doc.thresholds as { metric: string; ok: boolean }[];
  expect(thresholds.map((t) => t.ok)).toEqual([true, false]);
  expect(r.stdout).toContain("✗ 'rate==1' rate=0.00%");
});

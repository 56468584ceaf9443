// Tests of the load-time warnings about thresholds: one written twice on a metric (and one every run passes, with it).
import { expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { thresholdWarnings } from "./threshold-warnings.ts";
import { parseThresholds } from "./thresholds.ts";
import { runCli, tempDir } from "../../test/helpers/cli.ts";

const TWICE = "it is checked and reported once for each; remove one";

test("a threshold written again on its metric is warned about at each later copy, however it is spelt", () => {
  const { thresholds, errors } = parseThresholds({
    http_req_duration: ["p(95)<300", "p(95)<300", "p(95)<=300", "p(95) < 3e2"],
    "http_req_duration{service:api,tag:t}": ["p(95)<300"],
    "http_req_duration{ tag:t, service:api }": ["p(95)<300", "p(90)<300"],
    checks: ["rate==1", "rate===1"],
  });
  expect(errors).toEqual([]);
  expect([...thresholdWarnings({ thresholds })]).toEqual([
    ['threshold http_req_duration "p(95)<300"', `the same as thresholds.http_req_duration[0]: ${TWICE}`],
    ['threshold http_req_duration "p(95) < 3e2"', `the same as thresholds.http_req_duration[0]: ${TWICE}`],
    ['threshold http_req_duration{ tag:t, service:api } "p(95)<300"', `the same as thresholds.http_req_duration{service:api,tag:t}[0]: ${TWICE}`],
    ['threshold checks "rate===1"', `the same as thresholds.checks[0]: ${TWICE}`],
  ]);
});

test("one always true and written twice has both warnings; other metrics or selectors are not the same threshold", () => {
  const { thresholds } = parseThresholds({ checks: ["rate>=0", "rate>=0"], "checks{tag:t}": ["rate>=0"], http_req_failed: ["rate<0.5"], http_req_duration: ["avg<300", "med<300"] });
  const always = "always true when checks has samples (a rate is between 0 and 1): it fails only when there are none, and checks nothing else";
  expect([...thresholdWarnings({ thresholds })]).toEqual([
    ['threshold checks "rate>=0"', `${always}; the same as thresholds.checks[0]: ${TWICE}`],
    ['threshold checks{tag:t} "rate>=0"', always],
  ]);
});

test("validate warns on stderr at the later copy's file:line:col, a run in its reports; the scenario loads, as k6 takes it", async () => {
  const dir = tempDir("scenario-threshold-twice-");
  writeFileSync(join(dir, "s.yaml"), 'name: t\nthresholds:\n  checks: ["rate==1",\n     "rate==1"]\nsteps:\n  - name: s\n    shell: { run: "true" }\n');
  const warning = `warning: s.yaml:4:6: threshold checks "rate==1": the same as thresholds.checks[0]: ${TWICE}\n`;
  const v = await runCli(["validate", "s.yaml"], { cwd: dir });
  expect(v.code).toBe(0);
  expect(v.stderr).toBe(warning);
  const r = await runCli(["run", "s.yaml", "--report-dir", "out"], { cwd: dir });
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(warning);
  const report = await Bun.file(join(dir, "out", "latest.md")).text();
  expect(report).toContain(`| warning: threshold checks "rate==1" | the same as thresholds.checks\\[0\\]: ${TWICE} |`);
});

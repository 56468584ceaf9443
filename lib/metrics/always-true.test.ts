// Tests of the load-time warning about thresholds that every run with samples passes.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { alwaysTrueWhy } from "./always-true.ts";
import { thresholdWarnings } from "./threshold-warnings.ts";
import { parseThresholds } from "./thresholds.ts";
import { runCli, tempDir } from "../../test/helpers/cli.ts";

const why = (key: string, expression: string) => alwaysTrueWhy(parseThresholds({ [key]: [expression] }).thresholds[0]!);

describe("alwaysTrueWhy", () => {
  test.each([
    ["checks", "rate>=0"], ["checks", "rate<=1"], ["checks", "rate>-0.5"], ["checks", "rate<1.01"], ["checks", "rate!=2"], ["checks", "rate!=-1"],
    ["http_req_failed", "rate>=0"], ["http_reqs", "count>=0"], ["http_reqs", "count>0"], ["http_reqs", "count>=1"], ["data_sent", "count>=0"],
    ["http_reqs", "rate>=0"], ["http_req_duration", "p(95)>=0"], ["http_req_duration", "avg>-1"], ["http_req_duration", "max<Infinity"],
    ["http_req_duration", "min!=-1"], ["http_req_duration{service:api}", "med>=0"],
    // A count is whole.
    ["http_reqs", "count!=2.5"], ["data_sent", "count!=0.5"],
  ])("%s %s holds for every value it can have", (key, expression) => {
    expect(why(key, expression)).toMatch(/^always true when \w+ has samples \(.+\): it fails only when there are none, and checks nothing else$/);
  });

  test.each([
    ["checks", "rate>0"], ["checks", "rate>=0.99"], ["checks", "rate==1"], ["checks", "rate<1"], ["checks", "rate!=1"], ["checks", "rate!=0"],
    ["http_reqs", "count>=2"], ["data_sent", "count>0"], ["http_reqs", "rate>0"], ["http_req_duration", "p(95)<500"], ["http_req_duration", "p(95)>0"],
    ["http_req_duration", "max<=1e308"], ["http_reqs", "count!=3"], ["data_sent", "rate!=0.5"], ["http_req_duration", "avg!=2.5"],
  ])("%s %s can fail", (key, expression) => {
    expect(why(key, expression)).toBeUndefined();
  });

  test("each such threshold is named with its key and expression", () => {
    const { thresholds } = parseThresholds({ checks: ["rate>=0", "rate>0.9"], http_req_duration: ["p(95)>=0"] });
    expect([...thresholdWarnings({ thresholds }).keys()]).toEqual(['threshold checks "rate>=0"', 'threshold http_req_duration "p(95)>=0"']);
  });
});

test("the command line warns on stderr and in the reports; the scenario still loads, as k6 takes it", async () => {
  const dir = tempDir("scenario-always-true-");
  writeFileSync(join(dir, "s.yaml"), 'name: t\nthresholds:\n  checks: ["rate>=0"]\nsteps:\n  - name: s\n    shell: { run: "true" }\n');
  const warning = 'warning: s.yaml:3:12: threshold checks "rate>=0": always true when checks has samples (a rate is between 0 and 1): it fails only when there are none, and checks nothing else\n';
  const v = await runCli(["validate", "s.yaml"], { cwd: dir });
  expect(v.code).toBe(0);
  expect(v.stderr).toBe(warning);
  const r = await runCli(["run", "s.yaml", "--report-dir", "out"], { cwd: dir });
  expect(r.stderr).toContain(warning);
  const report = await Bun.file(join(dir, "out", "latest.md")).text();
  expect(report).toContain('| warning: threshold checks "rate\\>=0" | always true when checks has samples (a rate is between 0 and 1): it fails only when there are none, and checks nothing else |');
});

test("the warning points at each expression's file:line:col, on the fast parse and the exact one, through an alias", async () => {
  const dir = tempDir("scenario-always-true-pos-");
  const body = 'thresholds:\n  checks: ["rate>0.5",\n     "rate>=0"]\n  "checks{step:s}":\n    - &never rate<=1\n  "checks{tag:t}": [*never]\nsteps:\n  - name: s\n    tags: [t]\n';
  // The first file loads on the fast path; `X-Id: 007` (sent as written) takes the second through the exact parse.
  writeFileSync(join(dir, "fast.yaml"), `name: t\n${body}    shell: { run: "true" }\n`);
  writeFileSync(join(dir, "exact.yaml"), `name: t\n${body}    http: { url: "http://127.0.0.1:21001/", headers: { X-Id: 007 } }\n`);
  const why = "always true when checks has samples (a rate is between 0 and 1): it fails only when there are none, and checks nothing else";
  for (const file of ["fast.yaml", "exact.yaml"]) {
    const v = await runCli(["validate", file], { cwd: dir });
    expect(v.code).toBe(0);
    expect(v.stderr).toBe(
      `warning: ${file}:4:6: threshold checks "rate>=0": ${why}\n` +
      `warning: ${file}:6:14: threshold checks{step:s} "rate<=1": ${why}\n` +
      `warning: ${file}:7:21: threshold checks{tag:t} "rate<=1": ${why}\n`,
    );
  }
});

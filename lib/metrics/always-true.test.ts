// Tests of the load-time warning about thresholds that every run with samples passes.
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { alwaysTrueThresholds, alwaysTrueWhy } from "./always-true.ts";
import { parseThresholds } from "./thresholds.ts";
import { runCli, tempDir } from "../../test/helpers/cli.ts";

const why = (key: string, expression: string) => alwaysTrueWhy(parseThresholds({ [key]: [expression] }).thresholds[0]!);

describe("alwaysTrueWhy", () => {
  test.each([
    ["checks", "rate>=0"], ["checks", "rate<=1"], ["checks", "rate>-0.5"], ["checks", "rate<1.01"], ["checks", "rate!=2"], ["checks", "rate!=-1"],
    ["http_req_failed", "rate>=0"], ["http_reqs", "count>=0"], ["http_reqs", "count>0"], ["http_reqs", "count>=1"], ["data_sent", "count>=0"],
    ["http_reqs", "rate>=0"], ["http_req_duration", "p(95)>=0"], ["http_req_duration", "avg>-1"], ["http_req_duration", "max<Infinity"],
    ["http_req_duration", "min!=-1"], ["http_req_duration{service:api}", "med>=0"],
  ])("%s %s holds for every value it can have", (key, expression) => {
    expect(why(key, expression)).toMatch(/^always true when \w+ has samples \(.+\): it fails only when there are none, and checks nothing else$/);
  });

  test.each([
    ["checks", "rate>0"], ["checks", "rate>=0.99"], ["checks", "rate==1"], ["checks", "rate<1"], ["checks", "rate!=1"], ["checks", "rate!=0"],
    ["http_reqs", "count>=2"], ["data_sent", "count>0"], ["http_reqs", "rate>0"], ["http_req_duration", "p(95)<500"], ["http_req_duration", "p(95)>0"],
    ["http_req_duration", "max<=1e308"],
  ])("%s %s can fail", (key, expression) => {
    expect(why(key, expression)).toBeUndefined();
  });

  test("each such threshold is named with its key and expression", () => {
    const { thresholds } = parseThresholds({ checks: ["rate>=0", "rate>0.9"], http_req_duration: ["p(95)>=0"] });
    expect([...alwaysTrueThresholds({ thresholds }).keys()]).toEqual(['threshold checks "rate>=0"', 'threshold http_req_duration "p(95)>=0"']);
  });
});

test("the command line warns on stderr and in the reports; the scenario still loads, as k6 takes it", async () => {
  const dir = tempDir("scenario-always-true-");
  writeFileSync(join(dir, "s.yaml"), 'name: t\nthresholds:\n  checks: ["rate>=0"]\nsteps:\n  - name: s\n    shell: { run: "true" }\n');
  const warning = 'warning: s.yaml: threshold checks "rate>=0": always true when checks has samples (a rate is between 0 and 1): it fails only when there are none, and checks nothing else\n';
  const v = await runCli(["validate", "s.yaml"], { cwd: dir });
  expect(v.code).toBe(0);
  expect(v.stderr).toBe(warning);
  const r = await runCli(["run", "s.yaml", "--report-dir", "out"], { cwd: dir });
  expect(r.stderr).toContain(warning);
  const report = await Bun.file(join(dir, "out", "latest.md")).text();
  expect(report).toContain('| warning: threshold checks "rate\\>=0" | always true when checks has samples (a rate is between 0 and 1): it fails only when there are none, and checks nothing else |');
});

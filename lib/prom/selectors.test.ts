// Tests of vectorSelectors: the selectors a PromQL query reads, from its text.
import { expect, test } from "bun:test";
import { vectorSelectors } from "./selectors.ts";

test.each([
  ["up", ["up"]],
  ['up{job="api"} == 1', ['up{job="api"}']],
  ['sum(rate(http_requests_total{job="api", code=~"5.."}[5m])) or vector(0)', ['http_requests_total{job="api", code=~"5.."}']],
  ["sum by (job, instance) (rate(errors_total[5m] offset 1h))", ["errors_total"]],
  ["sum(rate(errors_total[5m])) without (instance) / on (job) group_left (team) team_info", ["errors_total", "team_info"]],
  ['{__name__=~"demo_.*", job="x"}', ['{__name__=~"demo_.*", job="x"}']],
  ['absent(up{job="api"})', []],
  ['absent_over_time(up{job="api"}[5m]) or up', ["up"]],
  ['label_replace(up, "dst", "$1 {x}", "src", "(.*)")', ["up"]],
  ["histogram_quantile(0.95, sum by (le) (rate(req_seconds_bucket[5m]))) > bool 1e3", ["req_seconds_bucket"]],
  ["topk(5, x) unless y and z or NaN", ["x", "y", "z"]],
  ['rate(x[5m:1m]) # a comment naming nothing{a="b"}\n + scalar(time())', ["x"]],
  ["avg_over_time(x[1h] @ start())", ["x"]],
  ["sum (x) by (job)", ["x"]],
  ["vector(1)", []],
])("%s reads %j", (query, selectors) => {
  expect(vectorSelectors(query)).toEqual(selectors);
});

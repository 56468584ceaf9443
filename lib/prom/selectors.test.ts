// Tests of vectorSelectors: the selectors a PromQL query reads, from its text.
import { expect, test } from "bun:test";
import { instantSelector, matchesEveryValue, metricAndLabels, selectorNeeds, timedSelectorNeeds, vectorSelectors } from "./selectors.ts";
import { unmet } from "./needs.ts";

test.each([
  ["up", ["up"]],
  ['up{job="api"} == 1', ['up{job="api"}']],
  ['sum(rate(http_requests_total{job="api", code=~"5.."}[5m])) or vector(0)', ['http_requests_total{job="api", code=~"5.."}']],
  // A selector read at another time than the query's is named with its range and modifiers: its data is asked about there.
  ["sum by (job, instance) (rate(errors_total[5m] offset 1h))", ["errors_total[5m] offset 1h"]],
  ["rate(errors_total[5m]) / rate(errors_total[5m] offset 1d)", ["errors_total", "errors_total[5m] offset 1d"]],
  ["sum(rate(errors_total[5m])) without (instance) / on (job) group_left (team) team_info", ["errors_total", "team_info"]],
  ['{__name__=~"demo_.*", job="x"}', ['{__name__=~"demo_.*", job="x"}']],
  ['absent(up{job="api"})', []],
  ['absent_over_time(up{job="api"}[5m]) or up', ["up"]],
  ['label_replace(up, "dst", "$1 {x}", "src", "(.*)")', ["up"]],
  ["histogram_quantile(0.95, sum by (le) (rate(req_seconds_bucket[5m]))) > bool 1e3", ["req_seconds_bucket"]],
  // The right side of unless is left out: no series there is what it asks for.
  ["topk(5, x) unless y and z or NaN", ["x", "z"]],
  ["x and (y) unless on (job) (w) or (v)", ["x", "y", "v"]],
  ['rate(x[5m:1m]) # a comment naming nothing{a="b"}\n + scalar(time())', ["x"]],
  // PromQL's lexer ends a comment at a carriage return as at a line feed (Prometheus 2.42 and 3): what follows is read.
  ["vector(0) # x\r or sum(req_totl)", ["req_totl"]],
  ["vector(0) # a\r + y # c\r\n or z", ["y", "z"]],
  ["avg_over_time(x[1h] @ start())", ["x[1h] @ start()"]],
  ["avg_over_time(x[30m])", ["x"]],
  ["sum (x) by (job)", ["x"]],
  ["vector(1)", []],
])("%s reads %j", (query, selectors) => {
  expect(vectorSelectors(query)).toEqual(selectors);
});

// Which selectors an answer rests on: a typo on either side of `/` leaves the answer resting on nothing there (an error
// ratio of 0 with its errors' selector misspelt); `or` needs one side that reads a selector to match.
test.each([
  ['sum(rate(req_total{code="5OO"}[1m])) / sum(rate(req_total[1m])) or vector(0)', ["req_total"], ['req_total{code="5OO"}']],
  ['sum(rate(req_totl{code="500"}[1m])) / sum(rate(req_total[1m]))', ["req_total"], ['req_totl{code="500"}']],
  ["x_v2 or x_v1 or vector(0)", ["x_v1"], undefined],
  ["x_v2 or x_v1 or vector(0)", [], ["x_v2", "x_v1"]],
  ["up unless on (job) maintenance", ["up"], undefined],
  ["up and on (job) maintenance", ["up"], ["maintenance"]],
  ["(a or b) / c", ["b", "c"], undefined],
  ["(a or b) / c", ["a", "b"], ["c"]],
  ["scalar(sum(req_totl))", [], ["req_totl"]],
  ['absent(x{job="a"}) or y', [], ["y"]],
  ['absent(x{job="a"})', [], undefined],
  ["vector(1) + scalar(time())", [], undefined],
  ["sum by (job) (a) / on (job) group_left (team) b > bool 0.5", ["a"], ["b"]],
  // Unbalanced brackets (Prometheus refuses the query first): read without a loop or a throw.
  ["a))) or (b", ["b"], ["a"]],
])("%s with %j matching: %j rest on nothing", (query, matching, none) => {
  expect(unmet(selectorNeeds(query), (sel) => matching.includes(sel))).toEqual(none);
});

test.each([
  ['http_requests_total{code=~"5..", job="api"}', { metric: "http_requests_total", labels: ["code", "job"], narrowed: true }],
  ["up", { metric: "up", labels: [], narrowed: false }],
  ['{__name__="up"}', { metric: '{__name__="up"}', labels: [], narrowed: false }],
  // A negative matcher whose value is not empty also matches a series without the label: it asks no value of it.
  ['x{a!="b", c!~"d", e=\'f\'}', { metric: "x", labels: ["e"], narrowed: true }],
  ['prometheus_http_requests_total{code!~"2..|4.."}', { metric: "prometheus_http_requests_total", labels: [], narrowed: true }],
  ['up{job!="self",job!="dead"}', { metric: "up", labels: [], narrowed: true }],
  // One that refuses the empty value asks for the label (`!=""`: it is there); one that takes it does not (`=~".*"`).
  ['x{a!="", b!~"|x", c!~".*", d="", e=~".*", f=~"a?", g=~"\\\\d*", h=~".+"}', { metric: "x", labels: ["a", "b", "c", "h"], narrowed: true, excludesEvery: ['c!~".*"'] }],
  ['{__name__=~"demo_.*", job="x"}', { metric: '{__name__=~"demo_.*"}', labels: ["job"], narrowed: true }],
  ['{job="api"}', undefined],
  // A negative regex that matches every value, "" too, leaves out every series: none can ever match.
  ['x{code!~".*", job="a"}', { metric: "x", labels: ["code", "job"], narrowed: true, excludesEvery: ['code!~".*"'] }],
  ["x{code!~'(?s:.*)', a!~`.*|b`}", { metric: "x", labels: ["code", "a"], narrowed: true, excludesEvery: ["code!~'(?s:.*)'", "a!~`.*|b`"] }],
])("metricAndLabels(%s)", (selector, parts) => {
  expect(metricAndLabels(selector)).toEqual(parts);
});

// The window each selector reads data in, for a query evaluated from T to T + 60 s: the hour before each instant (or its
// longer range), moved back by `offset` (forward by a negative one), fixed by `@`, and by the subqueries around it.
const T = Date.UTC(2026, 0, 10);
const H = 3_600_000;
const D = 24 * H;
test.each([
  ["up", "up", [T - H, T + 60_000]],
  ["sum(increase(req_total[5m] offset 1d)) or vector(0)", "req_total[5m] offset 1d", [T - D - H, T + 60_000 - D]],
  ["req_total offset -30m", "req_total offset -30m", [T + 30 * 60_000 - H, T + 60_000 + 30 * 60_000]],
  ["sum(req_total @ 1700000000) or vector(0)", "req_total @ 1700000000", [1_700_000_000_000 - H, 1_700_000_000_000]],
  ["req_total @ end() offset 1h", "req_total @ end() offset 1h", [T + 60_000 - H - H, T + 60_000 - H]],
  ["increase(req_total[2d])", "req_total[2d]", [T - 2 * D, T + 60_000]],
  ["max_over_time(rate(req_total[5m])[1d:5m] offset 1w)", "req_total[5m] (in [1d:5m] offset 1w)", [T - 7 * D - D - 5 * 60_000, T + 60_000 - 7 * D]],
  ["max_over_time((req_total @ 100)[1h:1m] offset 1d)", "req_total @ 100 (in [1h:1m] offset 1d)", [100_000 - H, 100_000]],
  ["sum(req_total @ 0x6B14A328) or vector(0)", "req_total @ 0x6B14A328", [0x6b14a328 * 1000 - H, 0x6b14a328 * 1000]],
  ["req_total @ -100", "req_total @ -100", [-100_000 - H, -100_000]],
])("%s: %s reads from %j", (query, key, [startMs, endMs]) => {
  const { needs, window } = timedSelectorNeeds(query);
  expect(unmet(needs, () => false)).toEqual([key]);
  expect(window(key, T, T + 60_000)).toEqual({ text: key.replace(/[[ ].*$/, ""), startMs: startMs!, endMs: endMs! });
});

test.each(["req_total offset 5x", "req_total @ 12abc"])("a modifier the scan cannot read is said so, not guessed: %s", (query) => {
  const { needs, window } = timedSelectorNeeds(query);
  const keys = unmet(needs, () => false)!;
  expect(keys).toHaveLength(1);
  expect(window(keys[0]!, T, T)).toEqual(expect.objectContaining({ text: "req_total", unknown: true }));
});

// Prometheus anchors a label regex (^(?:re)$); from 3.0 on its "." matches a line break too ((?s)), before that every
// character but one. Either way these leave nothing a label's value (or "") could be outside of.
test.each([".*", ".*?", "(.*)", "(?s).*", "(?s:.*)", "(?:.*)", ".*|x", "x|.*", "((?:.*))", "(?P<all>.*)", "[\\s\\S]*", ".*.*", "(?i).*", "(.*)?", "(.*)+", "^.*$", "^(.*)$", "^.*", ".*$", "(?s)^.*$", "x|^.*$", "|.+", ".+|", "|.+?", "|[\\s\\S]+"])("%s matches every value", (re) => {
  expect(matchesEveryValue(re)).toBe(true);
});

test.each([".+", "", "x", "x.*", ".*x", "5..", ".", "(.*)x", "(x|.*)y", "\\.*", "[.]*", ".{0,}", "(?-s).*", "[^\\n]*", "(.*", ".*)", "^.+$", "^x.*", "|.", "a|.+", ".*^", "$.*", "\\$", ".*\\$"])("%s is not recognised as matching every value", (re) => {
  expect(matchesEveryValue(re)).toBe(false);
});

// A selector read at an instant takes each series' newest sample (a partial answer may lack a newer one, or the stale
// marker that ended the series); one read over a range of its own reads samples, which more data only adds to.
test.each([
  ['up{job="api"} == 0', 'up{job="api"}'],
  ["sum by (job) (up)", "up"],
  ['rate(x[5m]) > 0 or up{job="a"} offset 1h', 'up{job="a"}'],
  ["max_over_time(up[10m:1m])", "up"],
  ["max_over_time((up == 1)[10m:1m] offset 1d)", "up"],
  ["x[5m] @ end() or y", "y"],
  ['{__name__=~"up|x"}', '{__name__=~"up|x"}'],
  ["sum(rate(x[5m])) / sum(rate(y[5m] offset 1h))", undefined],
  ['count_over_time(up{job="a"}[1h]) or present_over_time(x[5m])', undefined],
  ['last_over_time(x[5m]) and on(job) label_replace(count_over_time(y[1m]), "a", "$1", "b", "(up)")', undefined],
])("%s: the first selector read at an instant is %s", (query, selector) => {
  expect(instantSelector(query)).toBe(selector);
});

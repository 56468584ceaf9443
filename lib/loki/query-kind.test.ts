// Tests that log queries and metric queries are told apart.
import { expect, test } from "bun:test";
import { isLogQuery } from "./query-kind.ts";

const cases: [string, boolean][] = [
  ['{service="api"}', true],
  ['{service="api"} |= "GET" | json | level="error"', true],
  ['sum(count_over_time({service="api"}[5m]))', false],
  ['rate({a="b"}[1m]) > 2', false],
  ["2*3", false],
  ["vector(1)", false],
  // A leading comment is not the expression (it made a log query a metric one: evaluated at one instant, no lines).
  ['# the edge lines\n{service="edge"}', true],
  ['\n  # one\n  # two\n{a="b"} |= "x" # trailing', true],
  ['# c\nsum(count_over_time({a="b"}[1m]))', false],
];
for (const [query, log] of cases) test(`${query} is a ${log ? "log" : "metric"} query`, () => expect(isLogQuery(query)).toBe(log));
// Label filters lezer-logql reads otherwise than Loki (a size without its B, filters side by side) stay a log query.
test("a log query lezer-logql reads only as Loki's lexer does is a log query", () => {
  expect(isLogQuery('{a="b"} | json | size > 1kib != "x"')).toBe(true);
  expect(isLogQuery('{a="b"} | json | method="GET" status>=500')).toBe(true);
});

// Where an empty value widens a text check: the path and offset the loader reports it at, and what the check becomes.
import { expect, test } from "bun:test";
import { widenedChecks, widenedMessage } from "./empty-refs.ts";

const values: Record<string, string> = { X: "", Y: "7" };
const lookup = (n: string) => values[n];
const isEmpty = (n: string) => values[n] === "";

test("each widened check with its path from the step's input, the offset of its first empty reference and what it becomes", () => {
  expect(widenedChecks("shell", { expect: { stdout: { contains: "id=${Y}-${X}" }, json: { "$.a": { matches: ["ok", "^${X}a"] } } } }, isEmpty, lookup)).toEqual([
    { path: ["expect", "stdout", "contains"], offset: 8, names: ["X"], shown: 'contains "id=7-"' },
    { path: ["expect", "json", "$.a", "matches", 1], offset: 1, names: ["X"], shown: "matches /^a/" },
  ]);
  expect(widenedChecks("logql", { query: '{a="b"} != "x" |= "id=${X}"' }, isEmpty, lookup)).toEqual([
    { path: ["query"], offset: 22, names: ["X"], shown: 'the line filter |= "id="' },
  ]);
});

test("a regex label matcher of a logql or promql query, in file order with the line filters; a files step's name", () => {
  expect(widenedChecks("promql", { query: 'up{job=~"api-${X}.*"}' }, isEmpty, lookup)).toEqual([
    { path: ["query"], offset: 13, names: ["X"], shown: 'the label matcher job=~"api-.*"' },
  ]);
  expect(widenedChecks("logql", { query: '{app="a"} |= "${X}" | json | msg =~ `${X}x`' }, isEmpty, lookup).map((c) => c.shown)).toEqual([
    'the line filter |= ""',
    "the label matcher msg=~`x`",
  ]);
  expect(widenedChecks("files", { glob: "*", expect: { each: { name: "^app_${X}" } } }, isEmpty, lookup)).toEqual([
    { path: ["expect", "each", "name"], offset: 5, names: ["X"], shown: "name /^app_/" },
  ]);
});

test("none outside expect, in a negative check or for another step kind's query", () => {
  expect(widenedChecks("shell", { run: "grep ${X}", env: { contains: "${X}" } }, isEmpty, lookup)).toEqual([]);
  expect(widenedChecks("http", { expect: { body: { not_contains: "${X}", not: { matches: "${X}" } } } }, isEmpty, lookup)).toEqual([]);
  expect(widenedChecks("promql", { query: 'x |= "${X}"' }, isEmpty, lookup)).toEqual([]);
  expect(widenedChecks("promql", { query: 'up{job!~"a${X}", env="${X}"}' }, isEmpty, lookup)).toEqual([]);
  expect(widenedChecks("http", { expect: { json: { "$.name": "${X}a" } } }, isEmpty, lookup)).toEqual([]);
});

test("the message names each variable with where its value comes from", () => {
  const [c] = widenedChecks("files", { expect: { contains: "${X}${X}" } }, isEmpty, lookup);
  expect(widenedMessage(c!, () => "from --var")).toBe('${X} is empty (from --var): contains "" would match more than meant');
});

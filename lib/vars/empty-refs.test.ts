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
  expect(widenedChecks("promql", { query: 'up{env="prod-${X}", zone!="a${X}"}' }, isEmpty, lookup)).toEqual([]);
  expect(widenedChecks("http", { expect: { json: { "$.name": "${X}a" } } }, isEmpty, lookup)).toEqual([]);
});

test("a line filter's `or` alternatives and the pattern filter |>: one alternative an empty value widens keeps more lines", () => {
  expect(widenedChecks("logql", { query: '{a="b"} |= "a" or "${X}"' }, isEmpty, lookup)).toEqual([
    { path: ["query"], offset: 19, names: ["X"], shown: 'the line filter |= "a" or ""' },
  ]);
  expect(widenedChecks("logql", { query: '{a="b"} |~ "a" or `b${X}` |> "id=${X}<_>"' }, isEmpty, lookup).map((c) => c.shown)).toEqual([
    "the line filter |~ \"a\" or `b`",
    'the line filter |> "id=<_>"',
  ]);
  // Negative filters with alternatives leave out more lines (a check that some are absent then passed on fewer).
  expect(widenedChecks("logql", { query: '{a="b"} != "a" or "${X}" !~ "${X}" or "c" !> "${X}"' }, isEmpty, lookup).map((c) => [c.shown, c.effect])).toEqual([
    ['the line filter != "a" or ""', "would leave out more than meant"], ['the line filter !~ "" or "c"', "would leave out more than meant"], ['the line filter !> ""', "would leave out more than meant"],
  ]);
});

test("an equality matcher a value leaves empty as a whole, which also selects what lacks the label; a parser's or formatter's argument is no matcher", () => {
  expect(widenedChecks("promql", { query: 'up{job="${X}"}' }, isEmpty, lookup)).toEqual([
    { path: ["query"], offset: 8, names: ["X"], shown: 'the label matcher job=""' },
  ]);
  expect(widenedChecks("logql", { query: '{app="a", svc="${X}"} | json | (level="${X}${X}", b="1") or c="${Y}"' }, isEmpty, lookup).map((c) => c.shown)).toEqual([
    'the label matcher svc=""',
    'the label matcher level=""',
  ]);
  // PromQL takes single-quoted strings too (LogQL does not: Loki refuses them, and a `'` there is no string).
  expect(widenedChecks("promql", { query: "reqs{path='${X}'} + on() x{a=~'${X}.*', b='c=\"${X}\"'}" }, isEmpty, lookup).map((c) => c.shown)).toEqual([
    "the label matcher path=''",
    "the label matcher a=~'.*'",
  ]);
  expect(widenedChecks("promql", { query: "x{a='it\\'s', b='${X}'}" }, isEmpty, lookup).map((c) => c.shown)).toEqual(["the label matcher b=''"]);
  expect(widenedChecks("promql", { query: `label_replace(x, "d", "p='\${X}'", "s", "(.*)")` }, isEmpty, lookup)).toEqual([]);
  // Part of a value is still one value; so is a reference not known yet (filled in later, or refused then).
  expect(widenedChecks("logql", { query: '{app="a", svc="web-${X}", env="${X}${LATER}"}' }, isEmpty, lookup)).toEqual([]);
  // Extraction, formatting, drop and keep take `name="…"` as arguments; a string's text is no matcher either.
  const stages = '{app="a"} | json lvl="${X}" | logfmt b="${X}" | label_format c="${X}" | drop d="${X}" | keep e=~"${X}" | line_format "f=\\"${X}\\"" != `g="${X}"`';
  // (The string after `!=` is a line filter's, which an empty value makes leave out other lines than meant.)
  expect(widenedChecks("logql", { query: stages }, isEmpty, lookup).map((c) => c.shown)).toEqual(['the line filter != `g=""`']);
});

test("a {regex} capture's pattern (no match fails the step, and what matches is handed on); other captures take no pattern", () => {
  expect(widenedChecks("shell", { run: "env", capture: { ID: { regex: "${X}(\\d+)" }, OUT: "stdout", V: "$.items[?(@.n == '${X}')].id" } }, isEmpty, lookup)).toEqual([
    { path: ["capture", "ID", "regex"], offset: 0, names: ["X"], shown: "the capture ID's regex /(\\d+)/" },
  ]);
  expect(widenedChecks("http", { url: "u", capture: { ID: { regex: "id=${X:-7}(\\d+)" } } }, isEmpty, lookup)).toEqual([]);
});

test("a files step's root, glob, globs and exclude: an empty value names other files than meant; a default allows it", () => {
  const checks = widenedChecks("files", { root: "${X}", glob: "logs/${X}", globs: ["a/*", "b/${X}.log"], exclude: ["${X}*"], expect: { count: 0 } }, isEmpty, lookup);
  expect(checks.map((c) => [c.path, c.offset, widenedMessage(c, () => undefined)])).toEqual([
    [["root"], 0, '${X} is empty: root "" would be another folder than meant'],
    [["glob"], 5, '${X} is empty: glob "logs/" would name other files than meant'],
    [["globs", 1], 2, '${X} is empty: globs "b/.log" would name other files than meant'],
    [["exclude", 0], 0, '${X} is empty: exclude "*" would leave out other files than meant'],
  ]);
  expect(widenedChecks("files", { root: "${X:-.}", glob: "logs/${Y}/${X:-}*", exclude: "*.tmp" }, isEmpty, lookup)).toEqual([]);
  // Another kind's glob-like fields are not these.
  expect(widenedChecks("shell", { run: "ls ${X}", glob: "${X}" }, isEmpty, lookup)).toEqual([]);
});

test("the message names each variable with where its value comes from", () => {
  const [c] = widenedChecks("files", { expect: { contains: "${X}${X}" } }, isEmpty, lookup);
  expect(widenedMessage(c!, () => "from --var")).toBe('${X} is empty (from --var): contains "" would match more than meant');
});

// A query's negative filters and matchers leave out what they match: an empty value leaves out more, and a check that
// something is absent (`empty: true`, `lines: 0`, `value: 0` on `… or vector(0)`) then passed on data it never saw:
// `code!~"${IGNORE}.*"` with IGNORE empty is `code!~".*"`, which leaves out every series.
test("a query's negative line filters and label matchers: an empty value leaves out more than meant", () => {
  expect(widenedChecks("promql", { query: 'h_requests_total{code=~"5..", code!~"${X}.*"}' }, isEmpty, lookup)).toEqual([
    { path: ["query"], offset: 37, names: ["X"], shown: 'the label matcher code!~".*"', effect: "would leave out more than meant" },
  ]);
  expect(widenedChecks("promql", { query: 'up{job!~"a${X}", zone!="${X}", env!="prod-${X}"}' }, isEmpty, lookup).map((c) => c.shown)).toEqual([
    'the label matcher job!~"a"', 'the label matcher zone!=""',
  ]);
  expect(widenedChecks("logql", { query: '{app="a"} != "${X}" |= "error" !~ `a${X}` | json | code != "${X}" | msg !~ "${X}"' }, isEmpty, lookup).map((c) => c.shown)).toEqual([
    'the line filter != ""', "the line filter !~ `a`", 'the label matcher code!=""', 'the label matcher msg!~""',
  ]);
  expect(widenedChecks("logql", { query: '{app="a"} != "x" or "${X}"' }, isEmpty, lookup).map((c) => c.shown)).toEqual(['the line filter != "x" or ""']);
  // Inside a string, or a formatter's argument, it is text.
  expect(widenedChecks("logql", { query: '{app="a"} | line_format "!= \\"${X}\\"" | label_format x!="${X}"' }, isEmpty, lookup)).toEqual([]);
});

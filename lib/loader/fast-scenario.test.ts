// The fast check beside zod: on many generated scenarios it is unsure or returns zod's exact output (values, defaults, key order); errors still come from zod.
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { scenarioSchemaFor, stepSchemaFor } from "../schema/scenario.ts";
import { allSteps, loadSteps } from "../steps/registry.ts";
import { fastScenario } from "./fast-scenario.ts";
import { loadScenario } from "./load.ts";
import { loadErrorText } from "../../test/helpers/load-errors.ts";
import { REPO, tempDir } from "../../test/helpers/cli.ts";

const steps = await loadSteps(["http", "shell", "sleep", "logql", "promql", "files"]);
const schema = scenarioSchemaFor([...steps.values()]);
const stepSchema = stepSchemaFor([...steps.values()]);
/** The loader's fallback for one step the fast check is unsure of. */
const slowStep = (raw: unknown) => {
  const one = stepSchema.safeParse(raw, { jitless: true });
  return one.success ? one.data : undefined;
};

/** Values tried for each field of the http input: valid, wrong types, bounds, empty, bad regexes and JSONPaths. */
const HTTP_FIELDS: Record<string, unknown[]> = {
  url: ["http://127.0.0.1:1/x", "", "x", 1, null, true, [], {}],
  method: ["get", "POST", "pAtCh", "GE T", "", 1, null, ["GET"]],
  headers: [{ a: "b" }, { a: 1, b: true }, { a: null }, { a: [] }, { a: Infinity }, { a: Number.NaN }, [], "x", {}],
  query: [{ a: "1" }, { a: [1, "x", true] }, { a: [null] }, { a: {} }, { a: -Infinity }, {}, [], "q"],
  body: ["x", "", 1, null, {}],
  json: [{ a: 1 }, null, "x", [1], 0, false],
  timeout: ["2s", "0", 0, 5, 0.5, -1, "bad", "", "1m30s", " 2s ", Infinity, Number.NaN, null, true],
  follow_redirects: [true, false, "true", null, 1],
  insecure_tls: [true, false, "false", null, 0],
  repeat: [1, 2, 0, 10_000, 10_001, 1.5, "2", null, -3],
  concurrency: [1, 2, 0, 100, 101, 2.5, "1", null],
  capture: [{ x: "body" }, { "1x": "body" }, { x: "nope" }],
  bogus: [1],
};

const MATCHERS: unknown[] = [
  "x", 1, null, true, [1, 2], { contains: "y" }, { bogus: 1 }, { matches: "(" }, { matches: "a+" }, { not_matches: 3 },
  { not: { eq: 1 } }, { not: { bad: 1 } }, { length: { gt: 2 } }, { length: { gt: "x" } }, { between: [1] }, { between: [1, 2] },
  { in: 1 }, { in: [1] }, { type: "nope" }, { type: "string" }, { exists: "x" }, { exists: true }, {}, { every: { gte: 1 } },
  { some: { matches: "[" } }, { lt: "2s" }, { lt: "10MiB" }, { gt: "soon" }, { eq: { a: 1 } },
];

const EXPECT_FIELDS: Record<string, unknown[]> = {
  status: [200, "2xx", "2XX", "6xx", "200", 99, 600, 200.5, [200, "3xx"], [], [200, "x"], { gte: 200, lt: 300 }, { gte: "x" }, { foo: 1 }, {}, null, true],
  headers: [{ "content-type": "text/plain" }, ...MATCHERS.map((m) => ({ a: m })), [], "x"],
  body: MATCHERS,
  json: [{ "$.id": 1 }, { id: 1 }, { "$.a[": 1 }, { "$..": 1 }, { "$.a.": 1 }, { "$['x']": 2 }, { "$[0]": 1, "$.b": 2 }, { '$["q': 1 }, ...MATCHERS.map((m) => ({ "$.a": m })), [], "x", {}],
  json_schema: [true, false, { type: "object" }, {}, [], "x", null],
  latency: [{ lt: "2s" }, { lt: "bad" }, 5, "fast"],
  bogus: [1],
};

/** Values tried for each field of the shell input. */
const SHELL_FIELDS: Record<string, unknown[]> = {
  run: ["true", "", ["echo", "a b"], [], ["x", 1], [""], 1, null, {}],
  cwd: [".", "", 1, null, []],
  env: [{ A: "1" }, { A: 1, B: false }, { A: null }, { A: [1] }, { A: Number.NaN }, {}, [], "x"],
  background: [true, false, "true", null, 0],
  capture: [{ out: "stdout" }, { out: "nope" }],
  bogus: [1],
};

const SHELL_EXPECT_FIELDS: Record<string, unknown[]> = {
  exit_code: [0, 1, { in: [0, 1] }, { bogus: 1 }, "0", null],
  stdout: MATCHERS,
  stderr: MATCHERS,
  json: [{ "$.id": 1 }, { id: 1 }, { "$.a[": 1 }, ...MATCHERS.map((m) => ({ "$.a": m })), [], "x", {}],
  bogus: [1],
};

/** Values tried for each field of the logql input (files mode and url mode): valid, wrong types, refinements. */
const LOGQL_FIELDS: Record<string, unknown[]> = {
  query: ['{job="a"}', '{job="a"} |= "x"', 'sum(count_over_time({job="a"}[5m]))', "", "{", '{job="a"} |= "${X}"', 'sum(rate({job="a"} | json [1m]))', 1, null],
  url: ["http://127.0.0.1:1", "", 1, null],
  tenant: ["t1", "", 1],
  auth: [{ bearer: "x" }, { basic: { username: "u", password: "p" } }, { basic: { username: "u" } }, { bearer: 1 }, { bearer: "x", basic: {} }, "x"],
  headers: [{ a: "b" }, { A: 1 }, { "x-scope-orgid": "t" }, { a: null }, []],
  files: [{ "*.log": { job: "a" } }, { "logs/{service}/*.log": null }, { "*.log": {} }, { "*.log": { job: 1 } }, { "*.log": [] }, {}, { "": {} }, { "{a}/{a}.log": {} }, "x"],
  since: ["5m", 300, 0, "x", -1, null],
  start: ["2024-05-01T12:00:00Z", 1714564800, "${T0}", "2024-05-01", 1714564800.0001, 1e12, "x", null, -5],
  end: ["2024-05-01T13:00:00Z", 1714568400, "2024-05-01T11:00:00Z", "${T1}", "x"],
  step: ["15s", 60, 0, -1, "x", "10m"],
  limit: [10, 0, 1.5, -1, "5", 2 ** 60],
  direction: ["forward", "backward", "up", 1],
  ingest_labels: [true, false, "yes"],
  bogus: [1],
};

const QUERY_EXPECT_COUNTS: unknown[] = [1, 0, { gte: 1 }, { lt: "2s" }, { gte: "x" }, { bogus: 1 }, "3", -1, 1.5, null];

/** Values tried for each field of the logql `expect`. */
const LOGQL_EXPECT_FIELDS: Record<string, unknown[]> = {
  lines: QUERY_EXPECT_COUNTS,
  streams: QUERY_EXPECT_COUNTS,
  contains: ["x", ["a", "b"], [], { matches: "a+" }, { matches: "(" }, { matches: "a", count: 2 }, { matches: "a", count: { gte: 1 } }, { matches: "a", count: "x" }, { matches: "a", bogus: 1 }, [{ matches: "b" }, "c"], 1, null],
  not_contains: ["x", ["a"], [], { matches: "a" }, { matches: "a", count: 1 }, { matches: "[" }, 2],
  value: [1, { gte: 1 }, { between: [1, 2] }, [], [{ labels: { job: "a" }, value: 1 }], [{ labels: {}, value: { gt: 0 } }], [{ value: 1 }], [{ labels: { a: "b" } }], [{ labels: { a: "b" }, value: 1, x: 2 }], [1], "x", null, { bogus: 1 }],
  series: QUERY_EXPECT_COUNTS,
  labels: [{ job: "a" }, { job: ["a", "b"] }, { job: { contains: "a" } }, { job: { ne: "a" } }, { job: { ne: ["a"] } }, { job: { not: "a" } }, { job: { matches: "a" } }, { job: { every: { matches: "a" } } }, { job: { bogus: 1 } }, [], "x"],
  empty: [true, false, "no"],
  bogus: [1],
};

/** Values tried for each field of the promql input. */
const PROMQL_FIELDS: Record<string, unknown[]> = {
  url: ["http://127.0.0.1:1", "", 1, null],
  query: ["up", "sum(rate(x[5m]))", "", 1],
  time: ["2024-05-01T12:00:00Z", 1714564800, "${T}", "x"],
  start: ["2024-05-01T12:00:00Z", "x"],
  end: ["2024-05-01T13:00:00Z", "2024-05-01T11:00:00Z"],
  since: ["5m", 0, "x"],
  step: ["15s", 0, -1, "x"],
  tenant: ["t", 1],
  auth: [{ bearer: "x" }, { basic: { username: "u", password: "p" } }, { bearer: null }],
  headers: [{ a: "b" }, { "X-Scope-OrgID": "t" }, { a: {} }],
  bogus: [1],
};

/**
 * Classes of logql and promql input the lists above miss, tried in every field of both kinds (a field a kind lacks makes
 * it unsure): a reference to a name captured during the run, which stays `${…}` at load, anywhere in a value or a key;
 * numbers YAML reads that JSON cannot write (.inf, .nan, -0); keys named like Object.prototype's members; the edge shapes
 * of auth, files, labels, patterns and value items.
 */
const QUERY_EDGES: unknown[] = [
  "${V}", "x${V}", "${V}x", "$${V}", "${V:-5m}", "${V:-}", "${", Infinity, -Infinity, Number.NaN, -0, 2 ** 53, 1e21, "0x10", "1e3", " 5m", "5M",
  { "${K}": "${V}" }, { constructor: "x" }, { toString: 1 }, { "": "" }, { "1": "a", b: "c", "0": "d" }, { a: -0 }, { a: Infinity }, [["x"]],
  { bearer: "" }, { Bearer: "x" }, { basic: null }, { basic: "u:p" }, { basic: { username: "u", password: "p", x: 1 } }, { basic: { username: "${V}", password: "${V}" } },
  { "${G}/*.log": {} }, { "*.log": { "${L}": "x" } }, { "*.log": { job: "${V}" } }, { "*.log": { job: null } }, { "{}/x": {} }, { "{1a}/x": {} }, { "a/{b/c}.log": {} }, { "*.log": { filename: "x" } },
];
const QUERY_EDGE_EXPECT: Record<string, unknown[]> = {
  lines: ["${N}", { gte: "${N}" }, { eq: "0x10" }, { lt: Infinity }, -0, { not: { eq: "2s" } }, { in: ["a"] }, { length: 1 }],
  contains: ["${V}", { matches: "${V}" }, { matches: "a", count: "${N}" }, { matches: "a", count: null }, { matches: "a", count: {} }, { matches: "a{2,1}" }, { matches: "(?P<x>a)" }, [["a"]], [{ matches: "a" }, { matches: "(" }]],
  not_contains: ["${V}", { matches: "${V}" }, [{ matches: "a" }, { count: 1 }], { matches: "a", count: undefined }],
  value: ["${V}", { gte: "${V}" }, { gte: "1KiB" }, { in: [1, "2s"] }, -0, [{ labels: { a: "${V}" }, value: 1 }], [{ labels: { a: { bogus: 1 } }, value: 1 }], [{ labels: "x", value: 1 }], [{ labels: { a: "b" }, value: 1 }, 3]],
  labels: [{ "${V}": "a" }, { "${V}": { ne: "a" } }, { job: { not: { contains: "a" } } }, { job: { eq: ["a"] } }, { job: {} }, { job: { contains: "a", length: 1 } }, { constructor: "x" }, { "": "a" }],
  series: [-0, "${N}", { exists: true }],
  empty: ["${V}", 0],
};

/** The object with its keys in a random order (zod's output follows the schema's order, whatever the input's). */
function shuffled(rand: () => number, v: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(v);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  return Object.fromEntries(entries);
}

/** Values tried for the sleep input (a duration). */
const SLEEP_VALUES: unknown[] = ["1ms", "2s", "1m30s", " 2s ", "", "bad", 0, 1, 0.5, -1, Infinity, Number.NaN, null, true, [], {}, { ms: 1 }];

const COMMON_FIELDS: Record<string, unknown[]> = {
  name: ["x", "", 1, null],
  id: ["a_b-1", "1a", "", 5, "a.b"],
  service: ["s", 1, null],
  tags: [["a"], [1], "a", [], [null]],
  timeout: ["1s", "x", -1, 3, null],
  eventually: ["5s", 5, "x", null, -2, { timeout: "5s" }, { timeout: "5s", interval: "100ms", backoff: 2, max_interval: "1s" },
    { interval: "1s" }, { timeout: "1s", backoff: 0.5 }, { timeout: "1s", backoff: 11 }, { timeout: "1s", backoff: "2" }, { timeout: "1s", foo: 1 }, { timeout: "1s", interval: "x" }],
  retries: [0, 3, -1, 1001, 1.5, "3", null],
  hold: ["1s", "x", 2],
  continue_on_failure: [true, false, "yes", null],
  always: [true, false, 1],
  setup: [true, false, "no"],
  shell: ["true", { run: "true" }],
  sleep: ["1ms"],
  bogus: [1],
};

const TOP_FIELDS: Record<string, unknown[]> = {
  name: ["t", "", 1, null],
  description: ["d", 1, null],
  vars: [{ A: 1, B: "x", C: true }, { "1bad": 1 }, { D: null }, { E: [1] }, { F: Infinity }, {}, [], "v"],
  secrets: [["A"], [1], "A", []],
  defaults: [{ timeout: "1s" }, { interval: "20ms", timeout: 3 }, { interval: "x" }, { foo: 1 }, {}, null],
  teardown: [[], [{ http: { url: "http://x/" } }], [{ sleep: "1ms" }], "t", null],
  thresholds: [{ "http_req_duration": ["p(95) < 200"] }],
  bogus: [1],
};

/** A small deterministic PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)]!;
}

/** Sets `count` random fields of `base` from `fields` (structuredClone: zod and the fast check each get their own copy). */
function mutate(rand: () => number, base: Record<string, unknown>, fields: Record<string, unknown[]>, count: number): Record<string, unknown> {
  const out = { ...base };
  for (let i = 0; i < count; i++) {
    const key = pick(rand, Object.keys(fields));
    if (rand() < 0.1) delete out[key];
    else out[key] = structuredClone(pick(rand, fields[key]!));
  }
  return out;
}

/** Steps of a kind without a fast check (files), and shapes no kind takes, valid and not: zod's step schema decides them. */
const OTHER_STEPS: unknown[] = [
  { files: { glob: "*.log" } }, { name: "p", files: { glob: "*.log", expect: { count: 1 } } }, { files: { glob: 1 } },
  { shell: { run: "x", capture: { out: "stdout" } } }, { shell: "true", retries: 2 }, {}, "x",
];

function randomShellStep(rand: () => number): unknown {
  const shell = mutate(rand, { run: "true" }, SHELL_FIELDS, Math.floor(rand() * 3));
  if (rand() < 0.6) shell.expect = mutate(rand, { exit_code: 0 }, SHELL_EXPECT_FIELDS, Math.floor(rand() * 3));
  return mutate(rand, { name: "cmd", shell }, COMMON_FIELDS, Math.floor(rand() * 2));
}

function randomQueryStep(rand: () => number): unknown {
  if (rand() < 0.5) {
    const promql = mutate(rand, { url: "http://127.0.0.1:1", query: "up" }, PROMQL_FIELDS, Math.floor(rand() * 3));
    if (rand() < 0.6) promql.expect = mutate(rand, { value: { gte: 0 } }, { ...LOGQL_EXPECT_FIELDS, lines: [1] }, Math.floor(rand() * 3));
    return mutate(rand, { promql }, COMMON_FIELDS, Math.floor(rand() * 2));
  }
  const base = rand() < 0.5 ? { query: '{job="a"}', files: { "*.log": { job: "a" } } } : { query: '{job="a"}', url: "http://127.0.0.1:1" };
  const logql = mutate(rand, base, LOGQL_FIELDS, Math.floor(rand() * 3));
  if (rand() < 0.7) logql.expect = mutate(rand, { lines: { gte: 1 } }, LOGQL_EXPECT_FIELDS, Math.floor(rand() * 3));
  return mutate(rand, { logql }, COMMON_FIELDS, Math.floor(rand() * 2));
}

function randomStep(rand: () => number): unknown {
  const kind = rand();
  if (kind < 0.2) return structuredClone(pick(rand, OTHER_STEPS));
  if (kind < 0.35) return randomQueryStep(rand);
  if (kind < 0.45) return mutate(rand, { sleep: structuredClone(pick(rand, SLEEP_VALUES)) }, COMMON_FIELDS, Math.floor(rand() * 2));
  if (kind < 0.6) return randomShellStep(rand);
  const http = mutate(rand, { url: "http://127.0.0.1:1/items/1" }, HTTP_FIELDS, Math.floor(rand() * 3));
  if (rand() < 0.8) http.expect = mutate(rand, { status: 200 }, EXPECT_FIELDS, Math.floor(rand() * 3));
  return mutate(rand, { name: "item", http }, COMMON_FIELDS, Math.floor(rand() * 3));
}

function randomScenario(rand: () => number): Record<string, unknown> {
  const list = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomStep(rand));
  return mutate(rand, { name: "t", steps: list }, TOP_FIELDS, rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 2));
}

/** Fast says unsure, or zod accepts the same data with an equal output in the same key order; both without and with zod's step schema for the unsure steps. */
function agree(data: Record<string, unknown>): "fast" | "mixed" | "unsure" {
  const mixed = fastScenario(structuredClone(data), steps, slowStep);
  if (mixed) agreeWithZod(data, mixed);
  const fast = fastScenario(structuredClone(data), steps);
  if (!fast) return mixed ? "mixed" : "unsure";
  agreeWithZod(data, fast);
  return "fast";
}

function agreeWithZod(data: Record<string, unknown>, fast: unknown): void {
  const zod = schema.safeParse(structuredClone(data), { jitless: true });
  expect({ data, zodAccepts: zod.success }).toEqual({ data, zodAccepts: true });
  expect(fast).toStrictEqual(zod.data!);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(zod.data));
}

describe("fastScenario", () => {
  test("agrees with zod on every single-field variant of a step, its expect and the top level", () => {
    const counts = { fast: 0, mixed: 0, unsure: 0 };
    const base = () => ({ name: "t", steps: [{ name: "s", http: { url: "http://127.0.0.1:1/", expect: { status: 200 } } }] });
    for (const [key, values] of Object.entries(HTTP_FIELDS)) for (const v of values) {
      const d = base();
      (d.steps[0]!.http as Record<string, unknown>)[key] = v;
      counts[agree(d)]++;
    }
    for (const [key, values] of Object.entries(EXPECT_FIELDS)) for (const v of values) {
      const d = base();
      (d.steps[0]!.http.expect as Record<string, unknown>)[key] = v;
      counts[agree(d)]++;
    }
    for (const [key, values] of Object.entries(COMMON_FIELDS)) for (const v of values) {
      const d = base();
      (d.steps[0] as Record<string, unknown>)[key] = v;
      counts[agree(d)]++;
    }
    for (const [key, values] of Object.entries(TOP_FIELDS)) for (const v of values) {
      const d: Record<string, unknown> = base();
      d[key] = v;
      counts[agree(d)]++;
    }
    const shellBase = () => ({ name: "t", steps: [{ name: "s", shell: { run: "true", expect: { exit_code: 0 } } as Record<string, unknown> }] });
    for (const [key, values] of Object.entries(SHELL_FIELDS)) for (const v of values) {
      const d = shellBase();
      d.steps[0]!.shell[key] = v;
      counts[agree(d)]++;
    }
    for (const [key, values] of Object.entries(SHELL_EXPECT_FIELDS)) for (const v of values) {
      const d = shellBase();
      (d.steps[0]!.shell.expect as Record<string, unknown>)[key] = v;
      counts[agree(d)]++;
    }
    for (const v of SLEEP_VALUES) counts[agree({ name: "t", steps: [{ sleep: v }] })]++;
    const queryCounts = { fast: 0, mixed: 0, unsure: 0 };
    const logqlBases = [{ query: '{job="a"}', files: { "*.log": { job: "a" } }, expect: { lines: 1 } }, { query: 'sum(count_over_time({job="a"}[5m]))', url: "http://127.0.0.1:1", expect: { value: 1 } }];
    for (const logql of logqlBases) {
      for (const [key, values] of Object.entries(LOGQL_FIELDS)) for (const v of values) queryCounts[agree({ name: "t", steps: [{ logql: { ...logql, [key]: v } }] })]++;
      for (const [key, values] of Object.entries(LOGQL_EXPECT_FIELDS)) for (const v of values) queryCounts[agree({ name: "t", steps: [{ logql: { ...logql, expect: { [key]: v } } }] })]++;
    }
    const promqlBases = [{ url: "http://127.0.0.1:1", query: "up" }, { url: "http://127.0.0.1:1", query: "up", step: "15s", since: "5m" }];
    for (const promql of promqlBases) {
      for (const [key, values] of Object.entries(PROMQL_FIELDS)) for (const v of values) queryCounts[agree({ name: "t", steps: [{ promql: { ...promql, [key]: v } }] })]++;
      for (const [key, values] of Object.entries(LOGQL_EXPECT_FIELDS)) for (const v of values) queryCounts[agree({ name: "t", steps: [{ promql: { ...promql, expect: { [key]: v } } }] })]++;
    }
    expect(queryCounts.fast).toBeGreaterThan(100);
    expect(queryCounts.unsure).toBeGreaterThan(100);
    // A background command with expect (zod refuses it) or without.
    for (const background of [true, false]) counts[agree({ name: "t", steps: [{ shell: { run: "x", background, expect: { exit_code: 0 } } }] })]++;
    // Both answers occur often: the fast check is neither idle nor a rubber stamp.
    expect(counts.fast).toBeGreaterThan(100);
    expect(counts.unsure).toBeGreaterThan(100);
  });

  test("agrees with zod on logql and promql inputs holding variables, non-finite numbers and odd keys in every field", () => {
    const counts = { fast: 0, mixed: 0, unsure: 0 };
    const logqlBases = [
      { query: '{job="a"}', files: { "*.log": { job: "a" } } },
      { query: '{job="a"}', url: "http://127.0.0.1:1", tenant: "t", expect: { lines: 1 } },
      { query: 'sum(count_over_time({job="a"}[5m]))', files: { "*.log": {} }, start: "2024-05-01T12:00:00Z", end: "2024-05-01T13:00:00Z", step: "1m", expect: { value: 1 } },
    ];
    const promqlBases = [{ url: "http://127.0.0.1:1", query: "up", expect: { value: 1 } }, { url: "http://127.0.0.1:1", query: "up", step: "1m", since: "5m" }];
    const fieldsOf = (fields: Record<string, unknown[]>) => Object.keys(fields).filter((k) => k !== "bogus");
    for (const [kind, bases, fields] of [["logql", logqlBases, fieldsOf(LOGQL_FIELDS)], ["promql", promqlBases, fieldsOf(PROMQL_FIELDS)]] as const) {
      for (const base of bases) {
        for (const key of fields) for (const v of QUERY_EDGES) counts[agree({ name: "t", steps: [{ [kind]: { ...base, [key]: structuredClone(v) } }] })]++;
        for (const [key, values] of Object.entries(QUERY_EDGE_EXPECT)) for (const v of values) counts[agree({ name: "t", steps: [{ [kind]: { ...base, expect: { [key]: structuredClone(v) } } }] })]++;
      }
    }
    expect(counts.fast).toBeGreaterThan(100);
    expect(counts.unsure).toBeGreaterThan(500);
  });

  test("agrees with zod on 2,000 logql and promql steps whose inputs and expects list their keys in any order", () => {
    const rand = prng(34);
    const counts = { fast: 0, mixed: 0, unsure: 0 };
    const expectFields = { ...LOGQL_EXPECT_FIELDS, ...QUERY_EDGE_EXPECT };
    for (let i = 0; i < 2000; i++) {
      const step = randomQueryStep(rand) as Record<string, Record<string, unknown>>;
      const kind = "logql" in step ? "logql" : "promql";
      const input = step[kind]!;
      // Fields set one by one in the schema's order would hide an output that follows the input's order.
      const expectation = shuffled(rand, mutate(rand, { lines: { gte: 1 }, contains: "a", labels: { job: "a" }, empty: false, value: { gte: 0 }, series: 1 }, expectFields, Math.floor(rand() * 2)));
      if (kind === "promql") {
        delete expectation.lines;
        delete expectation.contains;
      }
      input.expect = expectation;
      if (rand() < 0.3) input[pick(rand, Object.keys(input))] = structuredClone(pick(rand, QUERY_EDGES));
      counts[agree({ name: "t", steps: [{ ...step, [kind]: shuffled(rand, { ...input, ...(kind === "logql" ? { since: "1h", limit: 10, direction: "forward" } : { tenant: "t", headers: { a: 1 } }) }) }] })]++;
    }
    expect(counts.fast).toBeGreaterThan(300);
    expect(counts.unsure).toBeGreaterThan(300);
  });

  test("agrees with zod on 3,000 random combinations", () => {
    const rand = prng(12);
    const counts = { fast: 0, mixed: 0, unsure: 0 };
    for (let i = 0; i < 3000; i++) counts[agree(randomScenario(rand))]++;
    expect(counts.fast).toBeGreaterThan(100);
    expect(counts.mixed).toBeGreaterThan(50);
    expect(counts.unsure).toBeGreaterThan(300);
  });

  test("takes the common shapes: defaults and transforms as zod sets them", () => {
    const data = { name: "t", steps: [{ http: { url: "http://h/", method: "post", headers: { n: 1 }, query: { q: [1, true] }, expect: { status: "2xx", json: { "$.id": { gte: 1 } } } }, eventually: { timeout: "2s", backoff: 2 } }] };
    expect(agree(data)).toBe("fast");
    expect(fastScenario(data, steps)!.steps[0] as Record<string, unknown>).toStrictEqual({
      eventually: { timeout: 2000, backoff: 2 },
      http: { url: "http://h/", method: "POST", headers: { n: "1" }, query: { q: ["1", "true"] }, follow_redirects: true, insecure_tls: false, expect: { status: "2xx", json: { "$.id": { gte: 1 } } }, repeat: 1, concurrency: 1 },
    });
  });

  test("takes shell and sleep steps: a command line or argv list, env as strings, a duration in milliseconds", () => {
    const data = { name: "t", steps: [{ shell: { run: ["echo", "hi"], env: { N: 1, B: true }, expect: { stdout: "hi", json: { "$.a": { gte: 1 } } } } }, { sleep: "1m30s" }, { shell: { run: "sleep 9", background: true } }] };
    expect(agree(data)).toBe("fast");
    expect(fastScenario(data, steps)!.steps as unknown[]).toStrictEqual([
      { shell: { run: ["echo", "hi"], env: { N: "1", B: "true" }, expect: { stdout: "hi", json: { "$.a": { gte: 1 } } } } },
      { sleep: 90_000 },
      { shell: { run: "sleep 9", background: true } },
    ]);
  });

  test("takes logql and promql steps: files with null labels, durations and times in milliseconds, contains as a list", () => {
    const data = {
      name: "t",
      steps: [
        { logql: { expect: { contains: "GET", lines: { gte: 1 }, labels: { job: { contains: "a" } } }, query: '{job="a"} |= "GET"', files: { "logs/{service}/*.log": null, "*.txt": { job: 1 } }, since: "10m", ingest_labels: false } },
        { logql: { url: "http://127.0.0.1:3100", query: 'sum(count_over_time({job="a"}[1m]))', tenant: "t1", start: "2024-05-01T12:00:00Z", end: 1714568400, step: "1m", expect: { value: [{ labels: { job: "a" }, value: { gte: 1 } }] } } },
        { promql: { query: "up", url: "http://127.0.0.1:9090", auth: { basic: { password: "p", username: "u" } }, expect: { value: 1, empty: false } } },
      ],
    };
    expect(agree(data)).toBe("fast");
    expect(fastScenario(data, steps)!.steps as unknown[]).toStrictEqual([
      { logql: { query: '{job="a"} |= "GET"', files: { "logs/{service}/*.log": {}, "*.txt": { job: "1" } }, since: 600_000, ingest_labels: false, expect: { lines: { gte: 1 }, contains: ["GET"], labels: { job: { contains: "a" } } } } },
      { logql: { query: 'sum(count_over_time({job="a"}[1m]))', url: "http://127.0.0.1:3100", tenant: "t1", start: 1714564800000, end: 1714568400000, step: 60_000, expect: { value: [{ labels: { job: "a" }, value: { gte: 1 } }] } } },
      { promql: { url: "http://127.0.0.1:9090", query: "up", auth: { basic: { username: "u", password: "p" } }, expect: { value: 1, empty: false } } },
    ]);
    // A query the embedded engine cannot run, and a tenant given twice: zod words them.
    expect(fastScenario({ name: "t", steps: [{ logql: { query: '{job="a"} | unpack_me', files: { "*.log": {} } } }] }, steps)).toBeUndefined();
    expect(fastScenario({ name: "t", steps: [{ promql: { url: "http://h", query: "up", tenant: "a", headers: { "X-Scope-OrgID": "b" } } }] }, steps)).toBeUndefined();
  });

  test("is unsure of a step of a kind without a fast check, and of a key zod strips or refuses", () => {
    const files = { files: { glob: "*.log" } };
    expect(fastScenario({ name: "t", steps: [files] }, steps)).toBeUndefined();
    expect(fastScenario({ name: "t", steps: [files, { http: { url: "http://h/" } }] }, steps, slowStep)).toStrictEqual(schema.parse({ name: "t", steps: [files, { http: { url: "http://h/" } }] }));
    expect(fastScenario({ name: "t", steps: [{ files: { glob: 1 } }, { http: { url: "http://h/" } }] }, steps, slowStep)).toBeUndefined();
    expect(fastScenario({ name: "t", steps: [{ sleep: "bad" }] }, steps, slowStep)).toBeUndefined();
    expect(fastScenario({ name: "t", steps: [{ shell: { run: "x", background: true, expect: { exit_code: 0 } } }] }, steps, slowStep)).toBeUndefined();
    expect(fastScenario({ name: "t", steps: [{ shell: { run: "x", capture: { out: "stdout" } } }] }, steps)).toBeUndefined();
    expect(fastScenario({ name: "t", steps: [{ http: { url: "http://h/" }, shell: "true" }] }, steps)).toBeUndefined();
    expect(fastScenario(JSON.parse('{"name":"t","steps":[{"http":{"url":"http://h/","headers":{"__proto__":"x"}}}]}'), steps)).toBeUndefined();
  });
});

describe("loading with the fast check", () => {
  const dir = tempDir("scenario-fast-");
  async function errors(yaml: string): Promise<string> {
    const file = join(dir, "s.yaml");
    writeFileSync(file, yaml);
    return loadErrorText(loadScenario(file, { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir));
  }

  test("an invalid http step still gets zod's error at its position", async () => {
    const text = await errors("name: t\nsteps:\n  - http:\n      url: http://127.0.0.1:1/\n      method: GE T\n      expect:\n        json: { \"id\": 1 }\n");
    expect(text).toContain('s.yaml:5:15: steps[0].http.method: method: an HTTP method such as GET or POST');
    // a JSONPath key is located at the character its message names: here its first (it was the value's position)
    expect(text).toContain('s.yaml:7:18: steps[0].http.expect.json.id: a JSONPath starts with "$", e.g. "$.data[0].id"; got "id"');
  });

  test("a valid file loads the same input as zod gives", async () => {
    const yaml = "name: t\nsteps:\n  - name: a\n    http:\n      url: http://127.0.0.1:1/\n      method: put\n      expect: { status: [200, 3xx] }\n";
    writeFileSync(join(dir, "v.yaml"), yaml);
    const { scenario } = await loadScenario(join(dir, "v.yaml"), { sources: { cli: {}, envFile: {}, env: {} }, builtins: () => ({}) }, dir);
    const zod = schema.parse(Bun.YAML.parse(yaml), { jitless: true });
    expect(scenario.steps[0]!.staticInput).toStrictEqual((zod.steps[0] as Record<string, unknown>).http);
  });
});

describe("the docs", () => {
  test("name every kind that has a fast check (and a schema built on first use), as the registry says", async () => {
    // Written in the registry's order: "http, logql, promql, shell and sleep".
    const kinds = (await allSteps()).filter((s) => s.fastInput).map((s) => s.kind);
    const list = `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}`;
    const flat = (file: string) => readFileSync(join(REPO, file), "utf8").replace(/\s+/g, " ");
    const architecture = flat("docs/architecture.md");
    const missing = [
      ...[`The ${list} kinds' schemas are in`, `So a run whose ${list} steps all pass the fast check below never loads zod`, `a kind may offer \`fastInput\` (${list} do`].filter((p) => !architecture.includes(p)),
      ...[`a run whose ${list} steps pass the fast check never loads it`].filter((p) => !flat("docs/command-line.md").includes(p)),
    ];
    expect(missing).toEqual([]);
  });
});

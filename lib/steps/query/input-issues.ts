// The logql and promql inputs' checks across fields (which source, which window, which connection), in one place for
// both readers of an input: the zod schemas report each as an issue, the fast check (fast-input.ts) leaves an input with
// any of them to zod.
import { embeddedSupportErrors, filesMapErrors, lokiSyntaxErrors } from "../../logsource/evaluate.ts";
import { connectionIssues, type QueryServer, windowIssues } from "./source.ts";
import { isLogQuery } from "../../loki/query-kind.ts";
import { checksOnly, holdsForEvery } from "../../expect/matcher.ts";

export interface InputIssue {
  path: (string | number)[];
  message: string;
}

interface QueryInput {
  url?: string;
  tenant?: string;
  headers?: Record<string, string>;
  since?: number;
  start?: number;
  end?: number;
  step?: number;
  expect?: Record<string, unknown>;
}

/** What no field shows alone in both kinds: the window, and the connection (an http(s) URL of the server's root, the tenant given once). */
function sharedIssues(input: QueryInput, issues: InputIssue[], server: QueryServer): InputIssue[] {
  for (const i of windowIssues(input)) issues.push({ path: [i.path], message: i.message });
  for (const i of connectionIssues(input, server)) issues.push({ path: [i.path], message: i.message });
  // `series: {gte: 0}` says "any number, none too" beside other checks; alone, the step passed on any answer.
  const expect = input.expect ?? {};
  const counts = ["lines", "streams", "series"].filter((k) => expect[k] !== undefined);
  if (checksOnly(expect, counts) && counts.every((k) => holdsForEvery(expect[k], "count")))
    for (const k of counts)
      issues.push({ path: ["expect", k], message: `${k} holds here for every count, and expect checks nothing else, so the step would pass on any answer: leave ${k} out to check that something came back, write {gte: 1}, or empty: true for an empty answer` });
  // `labels: {job: {length: {gte: 0}}}` holds for every list of values (none included): alone, or beside counts that hold
  // for every count, the step passed on any answer too.
  const labels = expect.labels;
  const anyLength = (m: unknown) => isPlainObject(m) && Object.keys(m).length === 1 && "length" in m && holdsForEvery(m.length, "count");
  if (isPlainObject(labels) && Object.keys(labels).length > 0 && Object.values(labels).every(anyLength) && checksOnly(expect, [...counts, "labels"]) && counts.every((k) => holdsForEvery(expect[k], "count")))
    for (const name of Object.keys(labels))
      issues.push({ path: ["expect", "labels", name], message: `labels.${name} holds here for every list of values, none included (its length always meets the bound), and expect checks nothing else, so the step would pass on any answer: check the values (a value, a list, contains), or write length: {gte: 1}` });
  return issues;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A logql input's issues across its fields, in the order they are reported. */
export function logqlInputIssues(input: QueryInput & { query: string; files?: Record<string, Record<string, string>>; auth?: unknown; ingest_labels?: boolean; limit?: number; direction?: string }): InputIssue[] {
  const issues: InputIssue[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ path, message });
  if (input.url === undefined && input.files === undefined) issue([], "give url (a Loki server) or files (evaluated locally by the embedded engine)");
  if (input.url !== undefined && input.files !== undefined) issue(["files"], "give either url or files, not both");
  if (input.files !== undefined) {
    for (const message of filesMapErrors(input.files)) issue(["files"], message);
    for (const key of ["tenant", "auth", "headers"] as const) {
      if (input[key] !== undefined) issue([key], `${key} applies to a Loki url, not to files`);
    }
    if (!input.query.includes("${")) for (const message of embeddedSupportErrors(input.query)) issue(["query"], message);
  } else {
    if (input.ingest_labels !== undefined) issue(["ingest_labels"], "ingest_labels applies to files (a Loki adds its own labels)");
    // For a Loki: its syntax errors only (Loki refuses them too), never what the embedded engine cannot run. A query
    // holding a variable is left to Loki, which judges it as sent (a 400 fails the step at once).
    if (input.url !== undefined && !input.query.includes("${")) for (const message of lokiSyntaxErrors(input.query)) issue(["query"], message);
  }
  // A setting the query's kind does not use did nothing, silently: a log query returns the window's lines (no step), a
  // metric query numbers (no line limit, no order of lines). The engine's parser tells the kinds apart.
  if (!input.query.includes("${")) {
    const log = isLogQuery(input.query);
    if (log && input.step !== undefined) issue(["step"], "step applies to a metric query, evaluated every step; a log query returns the lines of the window whatever the step: remove step, or count the lines per step with a metric query (sum(count_over_time({…}[1m])))");
    if (!log) {
      for (const key of ["limit", "direction"] as const) {
        if (input[key] !== undefined) issue([key], `${key} applies to a log query's lines; a metric query returns numbers, which no ${key === "limit" ? "line limit cuts" : "direction orders"}: remove ${key}`);
      }
      // Without step a metric query is evaluated once, at end, over the range written in it: a window set beside it was
      // not looked at (since: 2h with count_over_time(…[5m]) counted the last 5 minutes).
      if (input.step === undefined) {
        for (const key of ["since", "start"] as const) {
          if (input[key] !== undefined) issue([key], `${key} sets a window, which a metric query without step does not use: it is evaluated once, at end (default now), over the range written in the query ([5m]); write the range you mean there (count_over_time({…}[2h])), or add step to evaluate it at every step of the window`);
        }
      }
    }
  }
  if (input.step !== undefined && input.step <= 0) issue(["step"], "step must be more than 0");
  // A range is evaluated at whole steps within the window: one shorter than a step may hold none.
  if (input.step !== undefined && input.since !== undefined && input.since < input.step) issue(["since"], "since is shorter than step: a range is evaluated at whole steps within the window, so make since at least one step");
  return sharedIssues(input, issues, "Loki");
}

/** A promql input's issues across its fields, in the order they are reported. */
export function promqlInputIssues(input: QueryInput & { time?: number }): InputIssue[] {
  const issues: InputIssue[] = [];
  const issue = (path: string, message: string) => issues.push({ path: [path], message });
  if (input.step !== undefined) {
    if (input.step <= 0) issue("step", "step must be more than 0");
    if (input.time !== undefined) issue("time", "time is the instant of an instant query; with step, give start/end or since");
    // A range is evaluated at whole steps within the window (as the logql step's): one shorter than a step may hold none.
    if (input.since !== undefined && input.since < input.step) issue("since", "since is shorter than step: a range is evaluated at whole steps within the window, so make since at least one step");
  } else {
    for (const key of ["start", "end", "since"] as const) {
      if (input[key] !== undefined) issue(key, `${key} belongs to a range query: add step (e.g. step: 15s), or give time for an instant query`);
    }
  }
  return sharedIssues(input, issues, "Prometheus");
}

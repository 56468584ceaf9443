// Where a variable with an empty value would widen a text check: `contains: "id=${X}"` with X empty checks
// `contains: "id="`, which holds on any line with `id=`. The loader refuses those it knows the value of (exit 2), the
// engine fails the step for a value captured empty during the run (lib/engine/empty-captures.ts).
import { findRefs, interpolate, type Lookup } from "./interpolate.ts";

/** A LogQL string: double-quoted with escapes, or in backticks. PromQL also takes single quotes, with escapes. */
const LOGQL_STRING = /(?:"(?:[^"\\]|\\.)*"|`[^`]*`)/.source;
const PROMQL_STRING = /(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/.source;
/**
 * LogQL line filters with their `or` alternatives: `|= "…"`, `|~ "…" or "…"`, `|> "…"` keep the lines holding, matching
 * or fitting a string (one empty alternative keeps every line); `!=`, `!~`, `!>` leave them out (an empty one every line).
 */
const LINE_FILTER = new RegExp(`(\\|=|\\|~|\\|>|!=|!~|!>)\\s*(${LOGQL_STRING}(?:\\s+or\\s+${LOGQL_STRING})*)`, "g");
/** Regex label matchers of a selector or a LogQL label filter, strings as the language writes them: `app=~"…"`, `app!~"…"`. */
const labelRegex = (string: string) => new RegExp(`([A-Za-z_][A-Za-z0-9_]*)\\s*(=~|!~)\\s*(${string})`, "g");
/**
 * Equality label matchers of a selector or a LogQL label filter: `app="…"` (not `=~`, `==`, `!=`). `app=""` holds where
 * the label is empty or missing (Prometheus and Loki read a missing label as ""): a value that leaves the whole string
 * empty selects the streams or lines without the label too.
 */
const labelEqual = (string: string) => new RegExp(`(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)\\s*(!?=)(?![=~])\\s*(${string})`, "g");
/** Each language's matchers: PromQL's strings may be single-quoted (`job='${X}'`), LogQL's may not (Loki refuses them). */
const MATCHERS = {
  logql: { regex: labelRegex(LOGQL_STRING), equal: labelEqual(LOGQL_STRING), quotes: '"`' },
  promql: { regex: labelRegex(PROMQL_STRING), equal: labelEqual(PROMQL_STRING), quotes: "\"'`" },
} as const;
/** LogQL stages whose `name="…"` or `name=~"…"` is no matcher: they extract, rename, format or drop labels. */
const NOT_FILTER_STAGES = new Set(["json", "logfmt", "regexp", "pattern", "unpack", "label_format", "line_format", "drop", "keep", "decolorize", "unwrap"]);

/** Where the query's strings lie, [start, end) each, opened by one of `quotes`: a `name="…"` found inside one is text, not a matcher. */
function stringSpans(query: string, quotes: string): [number, number][] {
  const spans: [number, number][] = [];
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    if (!quotes.includes(c)) continue;
    let j = i + 1;
    while (j < query.length && query[j] !== c) j += c !== "`" && query[j] === "\\" ? 2 : 1;
    spans.push([i, j + 1]);
    i = j;
  }
  return spans;
}

/** Whether the character at `i` lies inside one of the query's strings (stringSpans). */
function inString(spans: readonly [number, number][], i: number): boolean {
  return spans.some(([s, e]) => i >= s && i < e);
}

/**
 * Whether the `name=…` at `at` selects: a matcher of a selector (`{…}`) or of a LogQL label filter (`| name="…"`, and
 * after `and`, `or` or `,` in the same stage), not a parser's, formatter's, `drop`'s or `keep`'s argument, nor text.
 */
function isMatcher(query: string, at: number, spans: readonly [number, number][]): boolean {
  if (inString(spans, at)) return false;
  for (let i = at - 1; i >= 0; i--) {
    const c = query[i];
    if ((c !== "{" && c !== "}" && c !== "|") || inString(spans, i)) continue;
    if (c !== "|") return c === "{";
    const stage = /^\s*([A-Za-z_]+)/.exec(query.slice(i + 1, at + 1))?.[1];
    return stage === undefined || !NOT_FILTER_STAGES.has(stage);
  }
  return false;
}

export interface WidenedCheck {
  /** Where the pattern is, from the step's input (its kind's mapping): ["expect", "stdout", "contains"], ["query"]. */
  path: (string | number)[];
  /** The offset of the first empty reference's "${" in the text at path. */
  offset: number;
  /** The empty variables the pattern takes, each once, in order. */
  names: string[];
  /** The check as the values make it: `contains "id="`, `matches /id=$/`, `the line filter |= "id="`. */
  shown: string;
  /** What it would do (default: "would match more than meant"). */
  effect?: string;
}

/**
 * Each positive text check of a step's input whose pattern holds a reference, without a default, to a variable `isEmpty`
 * says is empty: `contains` and `matches` under `expect` (a `not` around them turns them negative, a `not` of a `not`
 * positive again; `not_contains` and `not_matches` are negative: an empty value makes those stricter, not looser), and
 * a files step's `name` regex; a `{regex: …}` capture's pattern; a logql query's line filters (any `or` alternative),
 * and a logql or promql query's `=~` and `!~` label matchers and its `=` and `!=` ones whose whole value is left empty:
 * a query's negative ones leave out more (an absence checked then held on less). `lookup` fills in the values for
 * `shown` (and tells whether an `=` matcher's value is empty as a whole).
 */
export function widenedChecks(kind: string, input: unknown, isEmpty: (name: string) => boolean, lookup: Lookup): WidenedCheck[] {
  if (!input || typeof input !== "object" || Array.isArray(input)) return [];
  const found: WidenedCheck[] = [];
  const report = (text: string, path: (string | number)[], base: number, shown: (filled: string) => string, effect?: string) => {
    const empty = findRefs(text).filter((r) => !r.error && !r.hasDefault && isEmpty(r.name));
    if (!empty.length) return;
    found.push({ path, offset: base + empty[0]!.offset, names: [...new Set(empty.map((r) => r.name))], shown: shown(interpolate(text, lookup)), ...(effect !== undefined ? { effect } : {}) });
  };
  const pattern = (key: "contains" | "matches", v: unknown, path: (string | number)[]) => {
    if (typeof v === "string") report(v, path, 0, (t) => (key === "contains" ? `contains ${JSON.stringify(t)}` : `matches /${t}/`));
    else if (Array.isArray(v)) v.forEach((item, i) => pattern(key, item, [...path, i]));
    else walk(v, true, path);
  };
  const walk = (node: unknown, positive: boolean, path: (string | number)[]): void => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, positive, [...path, i]));
    else if (node && typeof node === "object") {
      for (const [k, v] of Object.entries(node)) {
        if (k === "not") walk(v, !positive, [...path, k]);
        // A negated check with an empty value is stricter, not looser: it is left as it is.
        else if (k === "not_contains" || k === "not_matches") continue;
        else if ((k === "contains" || k === "matches") && positive) pattern(k, v, [...path, k]);
        // A files step's `name` regex: every file's name must match it.
        else if (kind === "files" && k === "name" && positive && typeof v === "string") report(v, [...path, k], 0, (t) => `name /${t}/`);
        else walk(v, positive, [...path, k]);
      }
    }
  };
  const fields = input as Record<string, unknown>;
  walk(fields.expect, true, ["expect"]);
  // A files step's patterns and root: an empty value names other files than meant (`logs/${OLD}` is `logs/`, which
  // matches no file, so `count: 0` passed; `root: ${ROOT}` is the scenario's folder; `exclude: "${X}*"` leaves out every
  // file). `${X:-}` says an empty value is meant.
  if (kind === "files") {
    const paths = (key: string, effect: string) => {
      const v = fields[key];
      const one = (text: unknown, path: (string | number)[]) => {
        if (typeof text === "string") report(text, path, 0, (t) => `${key} ${JSON.stringify(t)}`, effect);
      };
      if (Array.isArray(v)) v.forEach((item, i) => one(item, [key, i]));
      else one(v, [key]);
    };
    paths("root", "would be another folder than meant");
    paths("glob", "would name other files than meant");
    paths("globs", "would name other files than meant");
    paths("exclude", "would leave out other files than meant");
  }
  // A `{regex: …}` capture is a check too (no match fails the step), and what it captures is handed on: a shorter
  // pattern takes whatever its first match is (`${PREFIX}(\d+)` the output's first number).
  const capture = fields.capture;
  if (capture && typeof capture === "object" && !Array.isArray(capture)) {
    for (const [name, source] of Object.entries(capture)) {
      const regex = source && typeof source === "object" ? (source as { regex?: unknown }).regex : undefined;
      if (typeof regex === "string") report(regex, ["capture", name, "regex"], 0, (t) => `the capture ${name}'s regex /${t}/`);
    }
  }
  if ((kind === "logql" || kind === "promql") && typeof fields.query === "string") {
    const query = fields.query;
    const language = MATCHERS[kind];
    const spans = stringSpans(query, language.quotes);
    const matchers = (re: RegExp) => [...query.matchAll(re)].filter((m) => isMatcher(query, m.index!, spans));
    // A `|=` inside a string (a line_format template's text) is no filter, nor is the `!=` of a label matcher or filter
    // (`code != "x"`: a name before it).
    const lineFilters = [...query.matchAll(LINE_FILTER)].filter((m) => !inString(spans, m.index!) && !/[A-Za-z0-9_]\s*$/.test(query.slice(0, m.index!)));
    const matches = [
      ...(kind === "logql" ? lineFilters.map((m) => ({ at: m.index!, op: m[1]!, text: m[2]!, end: m.index! + m[0].length, whole: false, shown: (t: string) => `the line filter ${m[1]} ${t}` })) : []),
      ...matchers(language.regex).map((m) => ({ at: m.index!, op: m[2]!, text: m[3]!, end: m.index! + m[0].length, whole: false, shown: (t: string) => `the label matcher ${m[1]}${m[2]}${t}` })),
      // An equality widens only when the whole value is empty: `app="web-${X}"` is still one value.
      ...matchers(language.equal).map((m) => ({ at: m.index!, op: m[2]!, text: m[3]!, end: m.index! + m[0].length, whole: true, shown: (t: string) => `the label matcher ${m[1]}${m[2]}${t}` })),
    ].sort((a, b) => a.at - b.at);
    for (const { op, text, end, whole, shown } of matches) {
      if (whole && interpolate(text.slice(1, -1), lookup) !== "") continue;
      // A negative one (`!=`, `!~`, `!>`) leaves out what it matches: an empty value leaves out more, and a check that
      // something is absent (`empty: true`, `lines: 0`) then passed on what was never looked at.
      report(text, ["query"], end - text.length, shown, op.startsWith("!") ? "would leave out more than meant" : undefined);
    }
  }
  return found;
}

/** The message of one: `${X} is empty (captured by step "get id"): contains "id=" would match more than meant`. */
export function widenedMessage(check: WidenedCheck, whence: (name: string) => string | undefined): string {
  const names = check.names.map((n) => {
    const from = whence(n);
    return `\${${n}} is empty${from === undefined ? "" : ` (${from})`}`;
  });
  return `${names.join(", ")}: ${check.shown} ${check.effect ?? "would match more than meant"}`;
}

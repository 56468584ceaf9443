// The vector selectors of a PromQL query, read from its text (no full parser): what the promql step asks Prometheus's
// /api/v1/series about when its checks passed on missing data.
import { type Needs, needed } from "./needs.ts";
import { compileRe2 } from "../logql/re2.ts";

/** Words after which a parenthesised list holds label names, not an expression. */
export const LABEL_LISTS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);
/** Words that are no metric name when not followed by "(". */
const KEYWORDS = new Set(["bool", "offset", "and", "or", "unless", "atan2", "inf", "nan", ...LABEL_LISTS]);
/** Aggregation operators: `sum by (job) (x)` puts a label list between the word and its "(". */
const AGGREGATIONS = new Set(["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio"]);
/** Functions whose argument's absence is the answer: their selectors are left out. */
const ABSENCE = new Set(["absent", "absent_over_time"]);

/** The index past the string (`"…"`, `'…'`, or backquoted: no escapes) starting at i. */
export function endOfString(q: string, i: number): number {
  const quote = q[i];
  let j = i + 1;
  while (j < q.length && q[j] !== quote) j += quote !== "`" && q[j] === "\\" ? 2 : 1;
  return j + 1;
}

/** The index after the bracket that closes the one at i ("{", "(" or "["), strings inside skipped. */
export function endOfGroup(q: string, i: number): number {
  const open = q[i]!;
  const close = open === "{" ? "}" : open === "(" ? ")" : "]";
  let depth = 0;
  let j = i;
  while (j < q.length) {
    const c = q[j]!;
    if (c === '"' || c === "'" || c === "`") {
      j = endOfString(q, j);
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return j + 1;
    j++;
  }
  return q.length;
}

/** The index after the spaces and `#` comments at i. PromQL's lexer ends a comment at "\r" as at "\n" (Prometheus 2 and 3). */
function skipSpace(q: string, i: number): number {
  let j = i;
  for (;;) {
    while (j < q.length && /\s/.test(q[j]!)) j++;
    if (q[j] !== "#") return j;
    while (j < q.length && q[j] !== "\n" && q[j] !== "\r") j++;
  }
}

/**
 * When a selector reads: `offset` (milliseconds back, summed over the subqueries around it), `@` (a Unix time in
 * milliseconds, or the query's start or end; the innermost wins), how far back its range and the subqueries around it
 * reach, and as written (`[5m] offset 1d`). `unknown`: a modifier the scan could not read.
 */
export interface SelectorTime {
  offsetMs: number;
  at?: number | "start" | "end";
  rangeMs: number;
  written: string;
  unknown?: boolean;
}

/**
 * What the scan reads of a query: a selector (`ranged`: read over a range of its own, `x[5m]`, not at instants as `x`,
 * `x offset 1h` and `x[5m:1m]` are), a bracket with the function it calls (`rate(`: "rate"; a bare "(": ""), its close,
 * a set operator.
 */
type Token = { k: "sel"; text: string; time: SelectorTime; ranged: boolean } | { k: "open"; fn: string } | { k: "close" } | { k: "op"; op: "or" | "and" | "unless" };

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

/** A PromQL duration (`5m`, `1h30m`, `1.5` seconds) in milliseconds, or undefined. */
function durationMs(text: string): number | undefined {
  if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
  if (!/^(?:\d+(?:ms|[smhdwy]))+$/.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

/**
 * The range, subquery and modifiers written from `i` on (`[5m]`, `[1h:1m]`, `offset -1d`, `@ 1700000000`, `@ end()`,
 * in either order), and where they end. `subquery`: the range had a step (`[1h:]`).
 */
function modifiersAt(q: string, i: number): { end: number; rangeMs: number; range: boolean; subquery: boolean; offsetMs: number; at?: SelectorTime["at"]; unknown: boolean } {
  const out: ReturnType<typeof modifiersAt> = { end: i, rangeMs: 0, range: false, subquery: false, offsetMs: 0, unknown: false };
  let j = skipSpace(q, i);
  if (q[j] === "[") {
    const close = endOfGroup(q, j);
    const [range, step] = q.slice(j + 1, close - 1).split(":");
    const ms = durationMs(range!.trim());
    if (ms === undefined) out.unknown = true;
    else out.rangeMs = ms;
    out.subquery = step !== undefined;
    out.range = !out.subquery;
    out.end = close;
    j = skipSpace(q, close);
  }
  for (;;) {
    const offset = /^offset\s*([+-]?)\s*([0-9A-Za-z.]+)/i.exec(q.slice(j));
    // A time as PromQL reads a number: decimal, exponent, hexadecimal (`@ 0x6B14A328`); anything else stuck to it is
    // not read (unknown), never a selector of its own.
    const at = /^@\s*(?:(start|end)\s*\(\s*\)|([+-]?(?:0x[0-9a-f]+|[0-9]*\.?[0-9]+(?:e[+-]?\d+)?|[0-9]+\.))([A-Za-z0-9_.]*))/i.exec(q.slice(j));
    if (offset) {
      const ms = durationMs(offset[2]!);
      if (ms === undefined) out.unknown = true;
      else out.offsetMs += offset[1] === "-" ? -ms : ms;
      j += offset[0].length;
    } else if (at) {
      const s = at[1] !== undefined ? at[1].toLowerCase() : Number(at[2]!.replace(/^\+/, ""));
      if ((typeof s === "number" && !Number.isFinite(s)) || (at[3] ?? "") !== "") out.unknown = true;
      else out.at = typeof s === "number" ? s * 1000 : (s as "start" | "end");
      j += at[0].length;
    } else break;
    out.end = j;
    j = skipSpace(q, j);
  }
  return out;
}

const SET_OPERATORS = new Set(["or", "and", "unless"]);

/**
 * The query's selectors as written (`http_requests_total{job="api"}`, `{__name__=~"x.*"}`), brackets and set operators,
 * in order. Reads identifiers not followed by "(" that are no keyword, and bare `{…}`; skips strings, comments, ranges,
 * label lists, numbers and the other operators. A query it misreads can only gain or lose selectors.
 */
function tokens(query: string): Token[] {
  const out: Token[] = [];
  // Where each open bracket's tokens start: a subquery after its close (`(…)[1h:1m] offset 1d`) times them all.
  const opened: number[] = [];
  const selector = (text: string, end: number): number => {
    const m = modifiersAt(query, end);
    const written = query.slice(end, m.end).trim().replace(/\s+/g, " ");
    out.push({ k: "sel", text, ranged: m.range, time: { offsetMs: m.offsetMs, ...(m.at !== undefined ? { at: m.at } : {}), rangeMs: m.rangeMs, written, ...(m.unknown ? { unknown: true } : {}) } });
    return m.end;
  };
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '"' || c === "'" || c === "`") i = endOfString(query, i);
    else if (c === "#") i = skipSpace(query, i);
    else if (c === "[") i = endOfGroup(query, i);
    else if (c === "(") {
      opened.push(out.length);
      out.push({ k: "open", fn: "" });
      i++;
    } else if (c === ")") {
      out.push({ k: "close" });
      const from = opened.pop() ?? 0;
      const m = modifiersAt(query, i + 1);
      if (m.subquery || m.offsetMs !== 0 || m.at !== undefined || m.unknown) {
        const written = query.slice(i + 1, m.end).trim().replace(/\s+/g, " ");
        for (const t of out.slice(from)) {
          if (t.k !== "sel") continue;
          // The outer modifiers move what is inside, unless an @ inside fixes its time.
          const inner = t.time;
          t.time = {
            offsetMs: inner.at !== undefined ? inner.offsetMs : inner.offsetMs + m.offsetMs,
            ...(inner.at !== undefined ? { at: inner.at } : m.at !== undefined ? { at: m.at } : {}),
            rangeMs: inner.at !== undefined ? inner.rangeMs : inner.rangeMs + m.rangeMs,
            written: `${inner.written} (in ${written})`.trim(),
            ...(inner.unknown || m.unknown ? { unknown: true } : {}),
          };
        }
        i = m.end;
      } else i++;
    } else if (c === "{") {
      i = selector(query.slice(i, endOfGroup(query, i)), endOfGroup(query, i));
    } else if (/[A-Za-z_:]/.test(c)) {
      let j = i;
      while (j < query.length && /[A-Za-z0-9_:]/.test(query[j]!)) j++;
      const word = query.slice(i, j);
      const lower = word.toLowerCase();
      const next = skipSpace(query, j);
      if (SET_OPERATORS.has(lower)) {
        // `x and (y)`: the bracket after a set operator is its right side's, no call.
        out.push({ k: "op", op: lower as "or" | "and" | "unless" });
        i = j;
        continue;
      }
      if (query[next] === "(") {
        if (LABEL_LISTS.has(lower)) i = endOfGroup(query, next);
        else {
          opened.push(out.length);
          out.push({ k: "open", fn: lower });
          i = next + 1;
        }
        continue;
      }
      if (lower === "offset") {
        // Its duration: `offset -5m`.
        let k = next;
        if (query[k] === "-" || query[k] === "+") k++;
        while (k < query.length && /[0-9A-Za-z.]/.test(query[k]!)) k++;
        i = k;
        continue;
      }
      const after = query.slice(next).match(/^[A-Za-z_]+/)?.[0]?.toLowerCase();
      if (KEYWORDS.has(lower) || (AGGREGATIONS.has(lower) && (after === "by" || after === "without"))) {
        i = j;
        continue;
      }
      const end = query[next] === "{" ? endOfGroup(query, next) : j;
      i = selector(query.slice(i, end).replace(/\s+\{/, "{"), end);
    } else if (/[0-9.]/.test(c)) {
      // A number (1e3, 0x1f, .5) or a duration: never a selector.
      while (i < query.length && /[0-9A-Za-z._]/.test(query[i]!)) i++;
    } else i++;
  }
  return out;
}

/**
 * The selectors a query's answer rests on (Needs), read from its text by PromQL's precedence of the set operators
 * (`or` below `and` and `unless`, below every other operator): both sides of an arithmetic or comparison operator and of
 * `and`, either side of `or`, the left side of `unless`; a function's or aggregation's argument, but not that of `absent(…)`
 * or `absent_over_time(…)`, whose no series is the answer asked for.
 */
export function selectorNeeds(query: string): Needs<string> {
  return timedSelectorNeeds(query).needs;
}

/**
 * selectorNeeds, and the window each selector reads data in for the query evaluated from `firstMs` to `lastMs`: its own
 * range or the lookback before each instant, moved by `offset` or fixed by `@` (and by the subqueries around it).
 * `unknown` when a modifier could not be read.
 */
export function timedSelectorNeeds(query: string): {
  needs: Needs<string>;
  window: (key: string, firstMs: number, lastMs: number) => { text: string; startMs: number; endMs: number; unknown?: true };
} {
  const keyed = new Map<string, { text: string; time: SelectorTime }>();
  /**
   * A selector's key: its text alone when it reads at the query's instants (within the lookback), else with its range
   * and modifiers as written (`errors_total[5m] offset 1d`, `x[5m] (in [1d:1m] @ end())`): the same text read at two
   * times is two selectors.
   */
  const keyOf = (text: string, time: SelectorTime): string => {
    if (time.offsetMs === 0 && time.at === undefined && time.rangeMs <= SERIES_LOOKBACK_MS && !time.unknown) return text;
    const key = `${text}${time.written.startsWith("[") ? "" : " "}${time.written}`;
    keyed.set(key, { text, time });
    return key;
  };
  const window = (key: string, firstMs: number, lastMs: number) => {
    const timed = keyed.get(key);
    if (timed === undefined) return { text: key, startMs: firstMs - SERIES_LOOKBACK_MS, endMs: lastMs };
    const { text, time } = timed;
    const [from, to] = time.at === undefined ? [firstMs, lastMs] : time.at === "start" ? [firstMs, firstMs] : time.at === "end" ? [lastMs, lastMs] : [time.at, time.at];
    const w = { text, startMs: from - time.offsetMs - Math.max(SERIES_LOOKBACK_MS, time.rangeMs), endMs: to - time.offsetMs };
    return time.unknown ? { ...w, unknown: true as const } : w;
  };
  return { needs: readNeeds(query, keyOf), window };
}

function readNeeds(query: string, keyOf: (text: string, time: SelectorTime) => string): Needs<string> {
  const ts = tokens(query);
  let i = 0;
  const one = (parts: Needs<string>[], many: (parts: Needs<string>[]) => Needs<string>) => (parts.length === 1 ? parts[0]! : many(parts));
  const isOp = (op?: "or") => {
    const t = ts[i];
    return t?.k === "op" && (op === undefined ? t.op !== "or" : t.op === op);
  };
  const operand = (): Needs<string> => {
    const parts: Needs<string>[] = [];
    for (let t = ts[i]; t !== undefined && t.k !== "op" && t.k !== "close"; t = ts[i]) {
      i++;
      if (t.k === "sel") parts.push({ sel: keyOf(t.text, t.time) });
      else if (t.k === "open") {
        const inner = orChain();
        if (ts[i]?.k === "close") i++;
        if (!ABSENCE.has(t.fn)) parts.push(inner);
      }
    }
    return one(parts, (all) => ({ all }));
  };
  const andChain = (): Needs<string> => {
    const parts = [operand()];
    while (isOp()) {
      const unless = (ts[i] as { op: string }).op === "unless";
      i++;
      const right = operand();
      if (!unless) parts.push(right);
    }
    return one(parts, (all) => ({ all }));
  };
  const orChain = (): Needs<string> => {
    const parts = [andChain()];
    while (isOp("or")) {
      i++;
      parts.push(andChain());
    }
    return one(parts, (any) => ({ any }));
  };
  const top: Needs<string>[] = [];
  while (i < ts.length) {
    const at = i;
    top.push(orChain());
    // A close with no open before it: passed over.
    if (i === at || ts[i]?.k === "close") i++;
  }
  return one(top, (all) => ({ all }));
}

/** How far before an instant a selector with no longer range counts as read (a typo reads nothing in an hour either). */
export const SERIES_LOOKBACK_MS = 3_600_000;

/**
 * The vector selectors of a query its answer rests on (selectorNeeds), each once, in order: those inside `absent(…)` and
 * `absent_over_time(…)` and on the right of `unless` left out.
 */
export function vectorSelectors(query: string): string[] {
  return needed(selectorNeeds(query));
}

/**
 * The first vector selector of a query read at an instant, as written (`up{job="api"}`), or undefined when every one is
 * read over a range of its own (`rate(x[5m])`). At an instant a selector takes each series' newest sample within the
 * lookback: data an answer lacks (a store or remote_read that failed) may hold a newer sample, whose value a filter
 * (`up == 0`) judges otherwise, or the stale marker that ended the series, so what a partial answer holds may not be
 * there. `x offset 1h` and `x[5m:1m]` (a subquery evaluates it at instants) are read so too; a range's samples, stale
 * markers left out, only grow with more data.
 */
export function instantSelector(query: string): string | undefined {
  for (const t of tokens(query)) if (t.k === "sel" && !t.ranged) return t.text;
  return undefined;
}

/** The escapes of a PromQL string that are one letter, as Go reads them. */
const LETTER_ESCAPES: Readonly<Record<string, string>> = { a: "\x07", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };

/** A PromQL string's text: its quotes taken off, its escapes read (`"\\d+"` is `\d+`); a raw string (backticks) as written. */
function stringValue(quoted: string): string {
  const body = quoted.slice(1, -1);
  if (quoted[0] === "`") return body;
  return body.replace(/\\(?:([xuU])([0-9A-Fa-f]+)|([0-7]{3})|(.))/gs, (all, hex: string | undefined, digits: string | undefined, octal: string | undefined, one: string | undefined) => {
    if (one !== undefined) return LETTER_ESCAPES[one] ?? one;
    const code = octal !== undefined ? parseInt(octal, 8) : parseInt(digits!.slice(0, hex === "x" ? 2 : hex === "u" ? 4 : 8), 16);
    const rest = octal !== undefined ? "" : digits!.slice(hex === "x" ? 2 : hex === "u" ? 4 : 8);
    return code <= 0x10ffff ? String.fromCodePoint(code) + rest : all;
  });
}

/**
 * Whether a label matcher refuses the empty value, which a series without the label has: `="x"`, `=~".+"`, `!=""`,
 * `!~".*"` do (a typo in the label's name matches no series); `!="x"`, `!~"5.."`, `=""`, `=~".*"` do not. A regex the
 * scan cannot read counts as refusing it.
 */
function refusesEmpty(op: string, value: string): boolean {
  if (op === "=") return value !== "";
  if (op === "!=") return value === "";
  let takesEmpty: boolean;
  try {
    takesEmpty = compileRe2(value, true).test("");
  } catch {
    return true;
  }
  return op === "=~" ? !takesEmpty : takesEmpty;
}

/** Where the bracket group opening at `i` ("(" or "[") closes, escapes and classes inside skipped; -1 when it does not. */
function regexGroupEnd(re: string, i: number): number {
  let depth = 0;
  for (let j = i; j < re.length; j++) {
    const c = re[j];
    if (c === "\\") j++;
    else if (c === "[" && re[i] === "(") {
      j = regexGroupEnd(re, j) - 1;
      if (j < 0) return -1;
    } else if (re[i] === "[") {
      // A class: "]" first (`[]a]`, `[^]a]`) is a member; POSIX classes (`[[:alpha:]]`) hold brackets of their own.
      if (c === "[" && re[j + 1] === ":") j = re.indexOf(":]", j + 2) === -1 ? re.length : re.indexOf(":]", j + 2) + 1;
      else if (c === "]" && j > i + 1 && !(j === i + 2 && re[i + 1] === "^")) return j + 1;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j + 1;
  }
  return -1;
}

/** The regex's top-level alternatives (`a|b(c|d)`: `a`, `b(c|d)`); undefined when its brackets do not balance. */
function alternatives(re: string): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let j = 0; j < re.length; j++) {
    const c = re[j];
    if (c === "\\") j++;
    else if (c === "(" || c === "[") {
      const end = regexGroupEnd(re, j);
      if (end === -1) return undefined;
      j = end - 1;
    } else if (c === ")") return undefined;
    else if (c === "|") {
      out.push(re.slice(from, j));
      from = j + 1;
    }
  }
  out.push(re.slice(from));
  return out;
}

/** Whether a regex is any character, once or more: `.+`, `.+?`, `[\s\S]+`. */
function anyNonEmpty(re: string): boolean {
  const plus = /\+\??$/.exec(re);
  if (!plus) return false;
  const one = re.slice(0, plus.index);
  return one === "." || EVERY_CHARACTER.has(one);
}

/** Classes that hold every character: `[\s\S]` and the like. */
const EVERY_CHARACTER = new Set(["[\\s\\S]", "[\\S\\s]", "[\\d\\D]", "[\\D\\d]", "[\\w\\W]", "[\\W\\w]"]);

/** Whether a regex (no flag group before it) is one matchesEveryValue recognises as matching every string. */
function matchesEverything(re: string, depth: number, whole = false): boolean {
  const alts = alternatives(re);
  if (alts === undefined || depth > 20) return false;
  // "" and every string of one character or more: `|.+`, `.+|`.
  if (alts.length > 1 && alts.includes("") && alts.some((a) => anyNonEmpty(a))) return true;
  if (alts.length > 1) return alts.some((a) => matchesEverything(a, depth + 1, whole));
  // The whole regex (or one of its alternatives) anchored as Prometheus anchors it anyway: `^.*$` is `.*`.
  if (whole) re = re.replace(/^\^/, "").replace(/(?<!\\)\$$/, "");
  // A concatenation matches every string when each of its pieces does (each matches "" too): `.*`, `(.*)?`, `.*.*`.
  let pieces = 0;
  for (let j = 0; j < re.length; pieces++) {
    let every: "any character" | "everything";
    if (re[j] === ".") {
      every = "any character";
      j++;
    } else if (re[j] === "[") {
      const end = regexGroupEnd(re, j);
      if (end === -1 || !EVERY_CHARACTER.has(re.slice(j, end))) return false;
      every = "any character";
      j = end;
    } else if (re[j] === "(") {
      const end = regexGroupEnd(re, j);
      // A plain, non-capturing, named or flagged group (`(?s:…)`); not a look-around or anything else after "(?".
      const open = /^\((?:\?(?::|P?<[A-Za-z_][A-Za-z0-9_]*>|[imsU]+:))?/.exec(re.slice(j))![0];
      if (end === -1 || (re[j + 1] === "?" && open.length === 1) || !matchesEverything(re.slice(j + open.length, end - 1), depth + 1)) return false;
      every = "everything";
      j = end;
    } else return false;
    const quantifier = /^(?:[*+?]\??)?/.exec(re.slice(j))![0];
    j += quantifier.length;
    // Any character, repeated any number of times (`.*`, `.*?`); a group that matches everything, however repeated.
    if (every === "any character" && !quantifier.startsWith("*")) return false;
  }
  return pieces > 0;
}

/**
 * Whether a label matcher's regex matches every value, the empty one included, as Prometheus anchors it (`^(?:re)$`):
 * `.*`, `.*?`, `(.*)`, `(?:.*)`, `(?s).*`, `(?s:.*)`, `.*|x`, `[\s\S]*`, `.*.*`, `(.*)?`, `^.*$`, `|.+`. So `!~` with it leaves out
 * every series. Prometheus 3 reads "." as any character, a line break too (it compiles `^(?s:re)$`); Prometheus 2 not
 * a line break, so there `!~".*"` still matches a value holding one, which no scenario waits for: taken as every value
 * too. A structural reading, not a proof: it does not recognise a counted repetition (`.{0,}`), a class other than those
 * of EVERY_CHARACTER (`[^\n]*`, `[\x00-\x{10FFFF}]*`), alternatives that together cover every string other than
 * "" and `.+` (`(.|\n)*`), `^` and `$` inside a group, a flag group that clears a flag (`(?-s)`), nor a flag group other than at the start: those read as
 * matching less (false).
 */
export function matchesEveryValue(re: string): boolean {
  // Leading flag groups take no string away: (?i), (?s), (?U), (?is).
  return matchesEverything(re.replace(/^(?:\(\?[imsU]+\))+/, ""), 0, true);
}

/**
 * The metric a selector reads, as a selector of its own (`http_requests_total`, or `{__name__=~"x.*"}`), the names of
 * the labels it asks for values of, and whether it has label matchers besides the metric's name (`narrowed`). A label
 * is asked a value of by a matcher that refuses the empty value, the value of a series without it (refusesEmpty):
 * `http_requests_total{code=~"5.."}` gives `http_requests_total` and `code`; `up{job!="self"}`, which also matches a
 * series without a job, gives `up` and none. `excludesEvery`: its `!~` matchers, as written, whose regex matches every
 * value, "" too (matchesEveryValue: `code!~".*"`), each of which leaves out every series. Undefined without a metric
 * (`{job="api"}`).
 */
export function metricAndLabels(selector: string): { metric: string; labels: string[]; narrowed: boolean; excludesEvery?: string[] } | undefined {
  const brace = selector.indexOf("{");
  const name = (brace === -1 ? selector : selector.slice(0, brace)).trim();
  const matchers = [...(brace === -1 ? "" : selector.slice(brace)).matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/g)];
  const byName = matchers.find((m) => m[1] === "__name__" && (m[2] === "=" || m[2] === "=~"));
  const metric = name !== "" ? name : byName ? `{__name__${byName[2]}${byName[3]}}` : undefined;
  if (metric === undefined) return undefined;
  const others = matchers.filter((m) => m[1] !== "__name__");
  const excluding = matchers.filter((m) => m[2] === "!~" && matchesEveryValue(stringValue(m[3]!))).map((m) => `${m[1]}${m[2]}${m[3]}`);
  return {
    metric,
    labels: [...new Set(others.filter((m) => refusesEmpty(m[2]!, stringValue(m[3]!))).map((m) => m[1]!))],
    narrowed: others.length > 0,
    ...(excluding.length > 0 ? { excludesEvery: excluding } : {}),
  };
}

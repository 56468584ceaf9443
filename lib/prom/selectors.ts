// The vector selectors of a PromQL query, read from its text (no full parser): what the promql step asks Prometheus's
// /api/v1/series about when its checks passed on missing data.
import { type Needs, needed } from "./needs.ts";

/** Words after which a parenthesised list holds label names, not an expression. */
const LABEL_LISTS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);
/** Words that are no metric name when not followed by "(". */
const KEYWORDS = new Set(["bool", "offset", "and", "or", "unless", "atan2", "inf", "nan", ...LABEL_LISTS]);
/** Aggregation operators: `sum by (job) (x)` puts a label list between the word and its "(". */
const AGGREGATIONS = new Set(["sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "limitk", "limit_ratio"]);
/** Functions whose argument's absence is the answer: their selectors are left out. */
const ABSENCE = new Set(["absent", "absent_over_time"]);

function endOfString(q: string, i: number): number {
  const quote = q[i];
  let j = i + 1;
  while (j < q.length && q[j] !== quote) j += quote !== "`" && q[j] === "\\" ? 2 : 1;
  return j + 1;
}

/** The index after the bracket that closes the one at i ("{", "(" or "["), strings inside skipped. */
function endOfGroup(q: string, i: number): number {
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

function skipSpace(q: string, i: number): number {
  let j = i;
  for (;;) {
    while (j < q.length && /\s/.test(q[j]!)) j++;
    if (q[j] !== "#") return j;
    while (j < q.length && q[j] !== "\n") j++;
  }
}

/** What the scan reads of a query: a selector, a bracket with the function it calls (`rate(`: "rate"; a bare "(": ""), its close, a set operator. */
type Token = { k: "sel"; text: string } | { k: "open"; fn: string } | { k: "close" } | { k: "op"; op: "or" | "and" | "unless" };

const SET_OPERATORS = new Set(["or", "and", "unless"]);

/**
 * The query's selectors as written (`http_requests_total{job="api"}`, `{__name__=~"x.*"}`), brackets and set operators,
 * in order. Reads identifiers not followed by "(" that are no keyword, and bare `{…}`; skips strings, comments, ranges,
 * label lists, numbers and the other operators. A query it misreads can only gain or lose selectors.
 */
function tokens(query: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '"' || c === "'" || c === "`") i = endOfString(query, i);
    else if (c === "#") i = skipSpace(query, i);
    else if (c === "[") i = endOfGroup(query, i);
    else if (c === "(") {
      out.push({ k: "open", fn: "" });
      i++;
    } else if (c === ")") {
      out.push({ k: "close" });
      i++;
    } else if (c === "{") {
      const end = endOfGroup(query, i);
      out.push({ k: "sel", text: query.slice(i, end) });
      i = end;
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
      out.push({ k: "sel", text: query.slice(i, end).replace(/\s+\{/, "{") });
      i = end;
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
      if (t.k === "sel") parts.push({ sel: t.text });
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

/**
 * The vector selectors of a query its answer rests on (selectorNeeds), each once, in order: those inside `absent(…)` and
 * `absent_over_time(…)` and on the right of `unless` left out.
 */
export function vectorSelectors(query: string): string[] {
  return needed(selectorNeeds(query));
}

/**
 * The metric a selector reads, as a selector of its own (`http_requests_total`, or `{__name__=~"x.*"}`), and the names
 * of the labels it asks for values of (`=` and `=~` matchers): `http_requests_total{code=~"5.."}` gives
 * `http_requests_total` and `code`. Undefined without a metric (`{job="api"}`).
 */
export function metricAndLabels(selector: string): { metric: string; labels: string[] } | undefined {
  const brace = selector.indexOf("{");
  const name = (brace === -1 ? selector : selector.slice(0, brace)).trim();
  const matchers = [...(brace === -1 ? "" : selector.slice(brace)).matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)/g)];
  const byName = matchers.find((m) => m[1] === "__name__" && (m[2] === "=" || m[2] === "=~"));
  const metric = name !== "" ? name : byName ? `{__name__${byName[2]}${byName[3]}}` : undefined;
  if (metric === undefined) return undefined;
  return { metric, labels: [...new Set(matchers.filter((m) => m[1] !== "__name__" && (m[2] === "=" || m[2] === "=~")).map((m) => m[1]!))] };
}

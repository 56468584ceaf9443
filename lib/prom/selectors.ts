// The vector selectors of a PromQL query, read from its text (no full parser): what the promql step asks Prometheus's
// /api/v1/series about when its checks passed on missing data.

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

/**
 * The vector selectors of a query as written (`http_requests_total{job="api"}`, `{__name__=~"x.*"}`), in order, those
 * inside `absent(…)` and `absent_over_time(…)` left out. Reads identifiers not followed by "(" that are no keyword, and
 * bare `{…}`; skips strings, comments, ranges and label lists. A query it misreads can only gain or lose selectors.
 */
export function vectorSelectors(query: string): string[] {
  const out: string[] = [];
  const calls: string[] = [];
  const inAbsence = () => calls.some((f) => ABSENCE.has(f));
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (c === '"' || c === "'" || c === "`") i = endOfString(query, i);
    else if (c === "#") i = skipSpace(query, i);
    else if (c === "[") i = endOfGroup(query, i);
    else if (c === "(") {
      calls.push("");
      i++;
    } else if (c === ")") {
      calls.pop();
      i++;
    } else if (c === "{") {
      const end = endOfGroup(query, i);
      if (!inAbsence()) out.push(query.slice(i, end));
      i = end;
    } else if (/[A-Za-z_:]/.test(c)) {
      let j = i;
      while (j < query.length && /[A-Za-z0-9_:]/.test(query[j]!)) j++;
      const word = query.slice(i, j);
      const lower = word.toLowerCase();
      const next = skipSpace(query, j);
      if (query[next] === "(") {
        if (LABEL_LISTS.has(lower)) i = endOfGroup(query, next);
        else {
          calls.push(lower);
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
      if (!inAbsence()) out.push(query.slice(i, end).replace(/\s+\{/, "{"));
      i = end;
    } else if (/[0-9.]/.test(c)) {
      // A number (1e3, 0x1f, .5) or a duration: never a selector.
      while (i < query.length && /[0-9A-Za-z._]/.test(query[i]!)) i++;
    } else i++;
  }
  return out;
}

// Parsing: lezer-logql trees to the AST, operator precedence, Loki's validation rules, and error positions.
import { describe, expect, test } from "bun:test";
import type { MetricQuery, Query } from "./ast.ts";
import { embeddedSupportErrors, parseQuery } from "./index.ts";

/** A compact rendering of the tree shape, to compare associativity. */
function shape(q: Query): string {
  switch (q.kind) {
    case "literal":
      return String(q.value);
    case "binop":
      return `(${shape(q.left)} ${q.op}${q.bool ? " bool" : ""} ${shape(q.right)})`;
    case "range_agg":
      return `${q.op}(${q.range.rangeMs / 1000}s)`;
    case "vector_agg":
      return `${q.op}(${shape(q.expr)})`;
    case "vector":
      return `vector(${q.value})`;
    case "label_replace":
      return `label_replace(${shape(q.expr)})`;
    case "log":
      return "log";
  }
}

const r = 'rate({a="b"}[1m])';

describe("binary operator precedence (lezer-logql gets it wrong; the engine re-associates)", () => {
  // Loki's grammar: or < and/unless < comparisons < + - < * / % < ^ (right-associative), all others left-associative.
  test.each([
    [`${r} + ${r} * ${r}`, "(rate(60s) + (rate(60s) * rate(60s)))"],
    [`${r} * ${r} + ${r}`, "((rate(60s) * rate(60s)) + rate(60s))"],
    [`${r} - ${r} - ${r}`, "((rate(60s) - rate(60s)) - rate(60s))"],
    [`${r} ^ ${r} ^ ${r}`, "(rate(60s) ^ (rate(60s) ^ rate(60s)))"],
    [`${r} > bool ${r} + ${r}`, "(rate(60s) > bool (rate(60s) + rate(60s)))"],
    [`${r} or ${r} and ${r}`, "(rate(60s) or (rate(60s) and rate(60s)))"],
    [`(${r} + ${r}) * ${r}`, "((rate(60s) + rate(60s)) * rate(60s))"],
    [`sum(${r}) / on() count(${r}) > 0.5`, "((sum(rate(60s)) / count(rate(60s))) > 0.5)"],
  ])("%s", (q, want) => {
    expect(shape(parseQuery(q))).toBe(want);
  });

  test("literal arithmetic folds to a number", () => {
    expect(parseQuery("1 + 2 * 3")).toMatchObject({ kind: "literal", value: 7 });
    expect(parseQuery("-2 ^ 2")).toMatchObject({ kind: "literal", value: 4 });
  });
});

describe("log queries", () => {
  test("a full pipeline", () => {
    const q = parseQuery('{a="b", c=~"d.+"} |= "x" or "y" != `z\\d` | json f="g.h", i | level="error" or status >= 500 | line_format "{{.f}}" | label_format k=f, l="{{.i}}" | drop m, n="o" | keep p | decolorize');
    expect(q).toMatchObject({
      kind: "log",
      matchers: [{ name: "a", op: "=", value: "b" }, { name: "c", op: "=~", value: "d.+" }],
      stages: [
        { kind: "line_filter", op: "|=", values: ["x", "y"] },
        { kind: "line_filter", op: "!=", values: ["z\\d"] },
        { kind: "json", extractions: [{ name: "f", path: "g.h" }, { name: "i", path: "i" }] },
        { kind: "label_filter", filter: { kind: "or", left: { kind: "match" }, right: { kind: "number", name: "status", op: ">=", value: 500 } } },
        { kind: "line_format", template: "{{.f}}" },
        { kind: "label_format", items: [{ dst: "k", src: "f" }, { dst: "l", template: "{{.i}}" }] },
        { kind: "drop", items: [{ name: "m" }, { name: "n", matcher: { op: "=", value: "o" } }] },
        { kind: "keep", items: [{ name: "p" }] },
        { kind: "decolorize" },
      ],
    });
  });

  test("strings: Go escapes in double quotes, raw in backticks", () => {
    expect(parseQuery('{a="b"} |= "tab\\there \\"q\\" \\u00e9"')).toMatchObject({ stages: [{ values: ['tab\there "q" é'] }] });
    expect(parseQuery('{a="b"} |~ `\\d+\\.\\d+`')).toMatchObject({ stages: [{ values: ["\\d+\\.\\d+"] }] });
  });

  test("label filter values: numbers, durations, bytes", () => {
    expect(parseQuery('{a="b"} | x > -1.5 | y <= 250ms | z == 20KB | w != 1h30m')).toMatchObject({
      stages: [
        { filter: { kind: "number", op: ">", value: -1.5 } },
        { filter: { kind: "duration", op: "<=", seconds: 0.25 } },
        { filter: { kind: "bytes", op: "==", bytes: 20000 } },
        { filter: { kind: "duration", op: "!=", seconds: 5400 } },
      ],
    });
  });

  test("names Object.prototype answers to are label names, as in Loki (the grammar's keyword table found them there)", () => {
    expect(parseQuery('{constructor="x", Constructor="y"} | json __proto__="a" | __proto__!="" | keep toString')).toMatchObject({
      matchers: [{ name: "constructor" }, { name: "Constructor" }],
      stages: [{ kind: "json", extractions: [{ name: "__proto__", path: "a" }] }, { kind: "label_filter" }, { kind: "keep", items: [{ name: "toString" }] }],
    });
    expect(parseQuery('sum by (constructor, __proto__) (count_over_time({a="b"}[1m]))')).toMatchObject({ kind: "vector_agg", grouping: { labels: ["constructor", "__proto__"] } });
    // The keywords around them are still keywords, in any case.
    expect(parseQuery('SUM BY (constructor) (count_over_time({a="b"} | JSON [1m]))')).toMatchObject({ kind: "vector_agg", op: "sum" });
  });
});

describe("keywords and functions' names as labels' names, as Loki 3.4.6's lexer reads them (each checked against it)", () => {
  test("by, without, and, or and unless are keywords wherever they stand, in any case: no label's name (Loki answers 400)", () => {
    for (const word of ["by", "without", "and", "or", "unless", "BY", "Or"])
      for (const q of [`sum by (${word}) (count_over_time({a="b"}[5m]))`, `{a="b"} | keep ${word}`, `{a="b"} | logfmt | ${word}="x"`, `{a="b"} | label_format ${word}="x"`, `{a="b", ${word}="x"}`])
        expect(() => parseQuery(q)).toThrow(`syntax error: unexpected ${word.toLowerCase()}`);
    // In vector matching too (Loki: "unexpected or, expecting IDENTIFIER or )").
    for (const q of [`${r} / on(or) ${r}`, `${r} / ignoring(by) ${r}`, `${r} * on(a) group_left(without) ${r}`, `${r} * on(a) group_right(unless) ${r}`, `${r} and ignoring(Without) ${r}`])
      expect(() => parseQuery(q)).toThrow("syntax error: unexpected");
    // As the keywords they are, they still work.
    expect(parseQuery('sum by (a) (count_over_time({a="b"} | logfmt | x="1" and y="2" or z="3" [5m])) unless vector(1)')).toMatchObject({ op: "unless" });
  });

  test("vector and label_replace not followed by ( are labels' names, in any case; called, they are the functions", () => {
    expect(parseQuery('sum by (vector, Label_Replace) (count_over_time({a="b", vector="x"}[5m]))')).toMatchObject({
      kind: "vector_agg", grouping: { labels: ["vector", "Label_Replace"] }, expr: { range: { matchers: [{ name: "a" }, { name: "vector", value: "x" }] } },
    });
    expect(parseQuery('{a="b"} | logfmt | vector="x" | label_format vector=label_replace | keep label_replace, vector')).toMatchObject({
      stages: [{ kind: "logfmt" }, { kind: "label_filter" }, { kind: "label_format" }, { kind: "keep", items: [{ name: "label_replace" }, { name: "vector" }] }],
    });
    expect(parseQuery('label_replace(vector (1), "a", "b", "c", "d")')).toMatchObject({ kind: "label_replace", expr: { kind: "vector", value: 1 } });
  });
});

describe("metric queries", () => {
  test("range aggregations with offset, unwrap and grouping", () => {
    const q = parseQuery('quantile_over_time(0.99, {a="b"}[5m] offset 1m | json | unwrap duration(latency) | __error__="") by (path)') as MetricQuery;
    expect(q).toMatchObject({
      kind: "range_agg",
      op: "quantile_over_time",
      param: 0.99,
      grouping: { without: false, labels: ["path"] },
      range: { rangeMs: 300_000, offsetMs: 60_000, unwrap: { label: "latency", conversion: "duration", postFilters: [{ kind: "match" }] } },
    });
  });

  test("vector aggregations, modifiers and functions", () => {
    expect(parseQuery('topk by (a) (3, sum without (b) (count_over_time({a="b"}[1h])))')).toMatchObject({
      kind: "vector_agg", op: "topk", param: 3, grouping: { labels: ["a"] }, expr: { op: "sum", grouping: { without: true, labels: ["b"] } },
    });
    expect(parseQuery(`${r} / ignoring(x) group_left(y, z) ${r}`)).toMatchObject({ matching: { on: false, labels: ["x"], card: "many-to-one", include: ["y", "z"] } });
    expect(parseQuery(`${r} * on(x) group_right ${r}`)).toMatchObject({ matching: { on: true, labels: ["x"], card: "one-to-many" } });
    expect(parseQuery(`sum(${r}) or vector(0)`)).toMatchObject({ op: "or", right: { kind: "vector", value: 0 } });
  });
});

describe("numbers and durations as Loki 3.4.6 reads them (each answer checked against it)", () => {
  test("a number is strconv.ParseFloat's: 017 is 17, 08.5 and 08e1 are decimal", () => {
    expect(parseQuery("vector(017)")).toMatchObject({ kind: "vector", value: 17 });
    expect(parseQuery("vector(08.5)")).toMatchObject({ kind: "vector", value: 8.5 });
    expect(parseQuery("vector(08e1)")).toMatchObject({ kind: "vector", value: 80 });
  });

  test("a range of 0s, and offsets in Go's form (fractions, µs, negative)", () => {
    expect(parseQuery('count_over_time({a="b"}[0s])')).toMatchObject({ kind: "range_agg", range: { rangeMs: 0, offsetMs: 0 } });
    expect(parseQuery('count_over_time({a="b"}[5m] offset -10m)')).toMatchObject({ range: { rangeMs: 300_000, offsetMs: -600_000 } });
    expect(parseQuery('count_over_time({a="b"}[5m] offset 1.5m)')).toMatchObject({ range: { offsetMs: 90_000 } });
    expect(parseQuery('count_over_time({a="b"}[5m] offset 1d)')).toMatchObject({ range: { offsetMs: 86_400_000 } });
    expect(parseQuery('count_over_time({a="b"}[5m] offset 300us)')).toMatchObject({ range: { offsetMs: 0.3 } });
  });

  test("an offset after a range that follows `| unwrap …`, which Loki's grammar takes (lezer-logql's does not)", () => {
    expect(parseQuery('sum_over_time({a="b"} | json | unwrap n [5m] offset 1m)')).toMatchObject({ range: { rangeMs: 300_000, offsetMs: 60_000, unwrap: { label: "n" } } });
    expect(parseQuery('max_over_time({a="b"} | unwrap n [5m] offset -1.5m)')).toMatchObject({ range: { offsetMs: -90_000 } });
    expect(parseQuery('rate_counter({a="b"} | logfmt | unwrap duration(d) | __error__="" [1m] offset 300us) > 1')).toMatchObject({ left: { range: { offsetMs: 0.3 } } });
    // Each range keeps its own offset; a label filter's duration after it is still a value.
    expect(parseQuery('sum_over_time({a="b"} | json | unwrap n [5m] offset 2m) / sum_over_time({a="b"} | json | d > 1m | unwrap n [5m])')).toMatchObject({
      left: { range: { offsetMs: 120_000 } },
      right: { range: { offsetMs: 0 } },
    });
    expect(() => parseQuery('sum_over_time({a="b"} | json | unwrap n [5m] offset)')).toThrow(/syntax error/);
    expect(() => parseQuery('sum_over_time({a="b"} | json | unwrap n [5m] offset 5)')).toThrow(/syntax error/);
  });

  test("parentheses around a log range's selector and pipeline, with an unwrap inside (Loki's grammar takes them)", () => {
    expect(parseQuery('sum_over_time(({a="b"} | json | unwrap n | __error__="") [5m] offset 1m)')).toMatchObject({ range: { rangeMs: 300_000, offsetMs: 60_000, unwrap: { label: "n" } } });
    expect(parseQuery('quantile_over_time(0.5, ({a="b"} | logfmt | unwrap bytes(s)) [1m]) by (x)')).toMatchObject({ op: "quantile_over_time", range: { unwrap: { label: "s", conversion: "bytes" } } });
    // A parenthesis inside a string is text, and the column of an error after the parentheses is where it was written.
    expect(parseQuery('count_over_time(({a="b"} |= "(" | json) [5m])')).toMatchObject({ range: { rangeMs: 300_000 } });
    expect(() => parseQuery('sum_over_time(({a="b"} | json | unwrap n) [5m] | x)')).toThrow(/col 48: syntax error: unexpected "\|"/);
  });
});

describe("extraction expressions as Loki 3.4.6's grammars read them (each checked against it)", () => {
  const ok = (stage: string) => () => parseQuery(`{a="b"} | ${stage}`);
  test.each([
    'logfmt x="a-b"', 'logfmt x="a.b"', 'logfmt x="9a"', 'logfmt x=""', 'logfmt x="a b"', 'logfmt x="\\"a\\"b"',
    'logfmt x="a[0]"', 'logfmt x="é"', 'json x="a-b"', 'json x="a.b-c"', 'json x="a$b"', 'json x="$a"', 'json x="@a"',
    'json x="a.9"', 'json x="a..b"', 'json x="a[-1]"', 'json x="é"',
  ])("%s is refused", (stage) => {
    expect(ok(stage)).toThrow("cannot parse");
  });
  test("a size in PB or PiB is refused, as Go's scanner takes the P for an exponent", () => {
    expect(() => parseQuery('{a="b"} | logfmt | b > 1PB')).toThrow("'P' exponent requires hexadecimal mantissa");
    expect(() => parseQuery('{a="b"} | logfmt | b > 2PiB')).toThrow("'P' exponent requires hexadecimal mantissa");
    expect(() => parseQuery('{a="b"} | logfmt | b > 2TiB')).not.toThrow();
  });
  test("spaces between a JSON path's parts are allowed; a logfmt key may be quoted", () => {
    const paths = (stage: string) => {
      const q = parseQuery(`{a="b"} | ${stage}`) as Extract<Query, { kind: "log" }>;
      return q.stages.flatMap((st) => ("extractions" in st ? st.extractions.map((e) => e.path) : []));
    };
    expect(paths('json x="a[ 0 ] . b", y=" c", z="a[\\"b c\\"]"')).toEqual(["a[0].b", "c", 'a["b c"]']);
    expect(paths('logfmt x=" \\"a-b\\" ", y="c_9"')).toEqual(["a-b", "c_9"]);
  });
});

describe("errors name the position and quote the query", () => {
  test.each([
    ['{service="api"', 1, 15, /unexpected end of query/],
    ['{a="b"} |= "x" | unknown_stage', 1, 31, /unexpected end of query/],
    ["{a='b'}", 1, 4, /double quotes or backticks/],
    ['{a="b"}\n  | json\n  | x >> 1', 3, 8, /syntax error: unexpected ">"/],
    ['{a="b"} |~ "(?=x)"', 1, 9, /invalid or unsupported Perl syntax/],
    ['{a="b"} | regexp "(nameless)"', 1, 18, /named capture/],
    ['{a="b"} | pattern "<a><b>"', 1, 19, /consecutive captures/],
    ['{a="b"} | json | status >= 0x1F4', 1, 28, /Loki 3.4.6 reads a hexadecimal number in a label filter as 0/],
    // Loki 3.4.6 answers 400: a pattern line filter extracts nothing.
    ['{a="b"} |> "<_> pattern: <method> <_>"', 1, 9, /named captures are not allowed in a line filter/],
    ['{a="b"} | label_format __error__="x"', 1, 24, /__error__/],
    // Loki 3.4.6 refuses these numbers: strconv.ParseFloat takes no hexadecimal integer; its lexer reads 08 as octal.
    ["vector(0x10)", 1, 8, /strconv.ParseFloat: parsing "0x10": invalid syntax, as Loki 3.4.6 refuses it \(write it in decimal: 0x10 is 16\)/],
    ['count_over_time({a="b"}[1m]) > 0x10', 1, 32, /parsing "0x10": invalid syntax/],
    ["vector(019)", 1, 8, /invalid digit '9' in octal literal/],
    ['count_over_time({a="b"}[5m] offset +1h)', 1, 36, /syntax error/],
    ['count_over_time({a="b"}[1.5h])', 1, 24, /invalid range \[1.5h\]/],
    ['count_over_time({a="b"}[-5m])', 1, 24, /invalid range/],
    // Loki's lexer reads all between the brackets as the duration.
    ['count_over_time({a="b"}[ 5m ])', 1, 24, /invalid range \[ 5m \]: Loki 3.4.6 reads all of " 5m " as the duration/],
    ['count_over_time({a="b"}[5m # c\n])', 1, 24, /invalid range/],
    // Loki checks a label_replace by the selector its expression stands on; a number (a binary operation's left side) has none.
    ['label_replace(1, "a", "b", "c", "d")', 1, 1, /queries require at least one regexp or equality matcher/],
    ['sum(label_replace(2 * count_over_time({a="b"}[1m]), "a", "b", "c", "d"))', 1, 5, /queries require at least one regexp or equality matcher/],
    ['vector(1) + label_replace(topk(1, (1 + 2) * vector(1)), "a", "b", "c", "d")', 1, 13, /queries require at least one regexp or equality matcher/],
    // Loki's grammar takes no trailing comma in on(…), ignoring(…), group_left(…), group_right(…) (nor in by (…)).
    ['rate({a="b"}[1m]) / ignoring(x,) rate({a="b"}[1m])', 1, 32, /unexpected \), expecting IDENTIFIER/],
    ['rate({a="b"}[1m]) / on(x) group_left(y, ) rate({a="b"}[1m])', 1, 41, /unexpected \), expecting IDENTIFIER/],
    ['rate({a="b"}[1m]) / on(x /* c */, # d\n) rate({a="b"}[1m])', 2, 1, /unexpected \), expecting IDENTIFIER/],
  ])("%j → line %d col %d", (q, line, col, re) => {
    let message = "";
    try {
      parseQuery(q);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(re);
    expect(message).toContain(`line ${line}, col ${col}`);
    expect(message).toContain("^");
  });
});

describe("embeddedSupportErrors: the load-time check", () => {
  test.each([
    '{a="b"}',
    'sum by (level) (rate({a="b"} |= "x" | json | level=~"err.*" [5m])) > 0.1',
    'avg_over_time({a="b"} | logfmt | unwrap bytes(size) | __error__="" [1m]) by (host)',
    'rate_counter({a="b"} | json | unwrap n [5m])',
    'sum_over_time({a="b"} | json | unwrap n [5m] offset 1m)',
    '{a="b"} | line_format `{{ printf "%-5s" .level | upper }} {{ .msg | trunc 20 }}`',
    // Go's flags anywhere in a pattern, and negated POSIX classes, are translated.
    '{a="b"} |~ "a(?U:b+)" |~ "[[:^alpha:]]" | line_format `{{ regexReplaceAll "GET (?i:/API)" .v "X" }}`',
  ])("supported: %s", (q) => {
    expect(embeddedSupportErrors(q)).toEqual([]);
  });

  test.each([
    ['{a="b"} |= ip("10.0.0.0/8") or ip("::1")', /ip\(\) line filter in an `or` chain/],
    ['{a="b"} |= "x" or ip("10.0.0.0/8")', /ip\(\) line filter in an `or` chain/],
    ['approx_topk(2, rate({a="b"}[1m]))', /approx_topk/],
    ['{a="b"} | line_format `{{ range .x }}{{ end }}`', /\{\{range\}\} action/],
    ['{a="b"} | line_format `{{ toDate "2006" .t }}`', /toDate/],
    // Loki 3.4.6 takes names with letters outside ASCII in groupings, keep and drop (lezer-logql does not): not a syntax error.
    ['sum by (ключ) (count_over_time({a="b"} | json [1m]))', /the label name ключ \(line 1, col 9\)/],
    ['sum by (café) (count_over_time({a="b"} | logfmt [1m]))', /the label name café \(line 1, col 9\)/],
    ['{a="b"} | json | keep x, ключ', /the label name ключ/],
  ])("unsupported: %s", (q, re) => {
    const errors = embeddedSupportErrors(q);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(re);
    expect(errors[0]).toContain("not supported by the embedded engine — point `url` at a Loki");
  });

  test("an ip() filter Loki 3.4.6 refuses (400) is a parse error: after another operator than |= and !=, or a pattern netip cannot read", () => {
    expect(embeddedSupportErrors('{a="b"} |~ ip("10.0.0.0/8")')[0]).toMatch(/^parse error at line 1, col 12: ip: invalid operation/);
    expect(embeddedSupportErrors('{a="b"} !> ip("10.0.0.0/8")')[0]).toMatch(/^parse error at line 1, col 12: ip: invalid operation/);
    expect(embeddedSupportErrors('{a="b"} |= ip("10.0.0.0/08")')[0]).toMatch(/^parse error at line 1, col 12: ip: invalid pattern: "10.0.0.0\/08"/);
    expect(embeddedSupportErrors('{a="b"} | logfmt | c != ip("bad")')[0]).toMatch(/^parse error at line 1, col 28: ip: invalid pattern: "bad"/);
  });

  test("every problem is listed, and syntax errors too", () => {
    expect(embeddedSupportErrors('{a="b"} |= ip("1.2.3.4") or ip("::1") | line_format `{{ toDate "x" "y" }}`').length).toBe(2);
    expect(embeddedSupportErrors('{a="b"} | line_format "{{ nosuchfn .x }}"')[0]).toMatch(/function "nosuchfn" not defined/);
    expect(embeddedSupportErrors("sum(")[0]).toMatch(/^parse error at line 1, col 5/);
  });
});

describe("label filter values and filters side by side, as Loki 3.4.6's lexer reads them", () => {
  type Filter = Extract<Extract<Query, { kind: "log" }>["stages"][number], { kind: "label_filter" }>["filter"];
  const show = (f: Filter): string => {
    switch (f.kind) {
      case "and":
      case "or":
        return `(${show(f.left)} ${f.kind} ${show(f.right)})`;
      case "match":
        return `${f.matcher.name}${f.matcher.op}${JSON.stringify(f.matcher.value)}`;
      case "number":
        return `${f.name}${f.op}${f.value}`;
      case "duration":
        return `${f.name}${f.op}${f.seconds}s`;
      case "bytes":
        return `${f.name}${f.op}${f.bytes}B`;
      case "ip":
        return `${f.name}${f.negative ? "!=" : "="}ip(${JSON.stringify(f.pattern)})`;
    }
  };
  const filterOf = (q: string): string => {
    const parsed = parseQuery(q) as Extract<Query, { kind: "log" }>;
    return parsed.stages.flatMap((s) => (s.kind === "label_filter" ? [show(s.filter)] : [])).join(" | ");
  };
  // Loki's tryScanBytes takes B, i, k, K, M, G, T, P after the digits, tryScanDuration n, u, µ, m, s, h, d, w, y, each
  // as far as they make a size or a duration; what follows is a label, and a filter written after another is a `,`.
  // A size is printed back by Loki's frontend in SI units (1Ki is 1.0 kB, 1000 bytes).
  test.each([
    ['{a="b"} | size > 1Ki', "size>1000B"],
    ['{a="b"} | size >= 12k', "size>=12000B"],
    ['{a="b"} | size > 1kib != "x"', '(size>1000B and b!="x")'],
    ['{a="b"} | size > 1Kb="y"', '(size>1000B and b="y")'],
    ['{a="b"} | d > 1mb=""', '(d>60s and b="")'],
    ['{a="b"} | d > 1s2m', "d>121s"],
    ['{a="b"} | n > 1000method=""', '(n>60000s and ethod="")'],
    ['{a="b"} | n > 2e3method="POST"', '(n>2000 and method="POST")'],
    ['{a="b"} | n > 1x="1"', '(n>1 and x="1")'],
    ['{a="b"} | size > 1kiand x="1"', '(size>1000B and x="1")'],
    ['{a="b"} | size > 1Ki x="1" or y="2"', '(size>1000B and (x="1" or y="2"))'],
    ['{a="b"} | x="1" y="2" or z="3"', '(x="1" and (y="2" or z="3"))'],
    ['{a="b"} | x="1" or y="2" z="3"', '(x="1" or (y="2" and z="3"))'],
    ['{a="b"} | x="1" (y="2" or z="3")', '(x="1" and (y="2" or z="3"))'],
    ['{a="b"} | (x="1" or y="2") z="3"', '((x="1" or y="2") and z="3")'],
    ['{a="b"} | status >= 500 method="GET"', '(status>=500 and method="GET")'],
    ['{a="b"} | json | unwrap x | size > 1Ki y="2"', ""],
  ])("%s", (q, want) => {
    if (want === "") expect(embeddedSupportErrors(`sum_over_time(${q} [1m])`)).toEqual([]);
    else expect(filterOf(q)).toBe(want);
  });

  test("a rewrite no label filter takes is left out, the others kept (a `)` and a `(` after it in a grouping)", () => {
    expect(embeddedSupportErrors('sum by (m) (count_over_time({a="b"} | json | size > 1Ki m!="GET" [10m]))')).toEqual([]);
    expect(embeddedSupportErrors('sum by (m) (count_over_time({a="b"} | json | (m="a") (n="b") [10m]))')).toEqual([]);
  });

  // Where Loki's grammar takes no label filter, the rewritten tokens are no filter either: the syntax error stays.
  test.each([
    ['count_over_time({a="b"}[1m]) > 1Ki', 1, 33],
    ['{a="1" b="2"}', 1, 8],
    ['{a="b"} | json x="a" y="b"', 1, 22],
    ['{a="b"} | label_format x="a" y="b"', 1, 30],
    ['{a="b"} | size > 1kib', 1, 19],
    ['{a="b"} | size > 1Ki b', 1, 19],
    ['sum(count_over_time({a="b"}[1m])) by (x) (y)', 1, 42],
    // Go's scanner reads 0900 as an octal integer and fails on its 9.
    ['{a="b"} | n > 0900method="x"', 1, 20],
  ])("%j stays a syntax error (line %d col %d)", (q, line, col) => {
    const errors = embeddedSupportErrors(q);
    expect(errors.length).toBe(1);
    expect(errors[0]).toMatch(/^parse error/);
    expect(errors[0]).toContain(`line ${line}, col ${col}`);
  });
});

describe("Go comments, which Loki 3.4.6's scanner skips as spaces", () => {
  test.each([
    ['{a="b"} /* c */ |= "x" // d', '{a="b"} |= "x"'],
    ['sum(count_over_time({a="b"}[1m])) // 2', 'sum(count_over_time({a="b"}[1m]))'],
    ['sum(count_over_time({a="b"}[1m])) / /* x */ 2', 'sum(count_over_time({a="b"}[1m])) / 2'],
    ['{a="b"} |= "x" /* a # b\n c */ != "y"', '{a="b"} |= "x" != "y"'],
    ['{a="b"} |= "//" != "/*x*/"', '{a="b"} |= "//" != "/*x*/"'],
    ['{a="b"} | json | size > 1Ki/* c */m="GET"', '{a="b"} | json | size > 1Ki, m="GET"'],
  ])("%j reads as %j", (q, same) => {
    expect(JSON.stringify(parseQuery(q), (k, v) => (k === "span" ? undefined : v))).toBe(JSON.stringify(parseQuery(same), (k, v) => (k === "span" ? undefined : v)));
  });

  test("positions after a comment are those of the query as written; an unclosed one stays an error", () => {
    expect(embeddedSupportErrors('{a="b"} /* c */\n  | x >> 1')[0]).toContain("line 2, col 8");
    expect(embeddedSupportErrors('{a="b"} |= "x" /* open')[0]).toMatch(/^parse error at line 1, col 17/);
    expect(embeddedSupportErrors('count_over_time({a="b"}[1m/*x*/])')[0]).toMatch(/^parse error/);
  });
});

// Loki 3.4.6 ends a `#` or `//` comment at a line feed only (PromQL also at a carriage return): after "\r" the comment
// goes on, so `{job="x"} # c\r |= "y"` answered every line of the stream, and the text after it, a syntax error too, is
// not read (each checked against it).
describe("a carriage return in a comment, which Loki 3.4.6 reads on past (only a line feed ends it)", () => {
  test.each([
    ['{job="x"} # c\r |= "y"', '{job="x"}'],
    ['{job="x"} // c\r |= "y"', '{job="x"}'],
    ['{job="x"} # c\r |= "y" | bad syntax (((', '{job="x"}'],
    ['sum(count_over_time({job="x"}[1h])) # c\r * 100', 'sum(count_over_time({job="x"}[1h]))'],
    ['{job="x"} # c\r\n |= "y"', '{job="x"} |= "y"'],
  ])("%j reads as %j", (q, same) => {
    expect(embeddedSupportErrors(q)).toEqual([]);
    expect(JSON.stringify(parseQuery(q), (k, v) => (k === "span" ? undefined : v))).toBe(JSON.stringify(parseQuery(same), (k, v) => (k === "span" ? undefined : v)));
  });
});

describe("functions' names in capitals, which Loki 3.4.6's lexer reads in any case before their `(`", () => {
  const same = (q: string) => JSON.stringify(parseQuery(q), (k, v) => (k === "span" ? undefined : v));
  test.each([
    ['RATE({a="b"}[1m])', 'rate({a="b"}[1m])'],
    ['Sum BY (x) (Count_Over_Time({a="b"}[1m]))', 'sum by (x) (count_over_time({a="b"}[1m]))'],
    ['Quantile_Over_Time(0.5, {a="b"} | unwrap DURATION(x) [1m]) BY (y)', 'quantile_over_time(0.5, {a="b"} | unwrap duration(x) [1m]) by (y)'],
    ['sum(sum_over_time({a="b"} | unwrap Bytes (x) [1m]))', 'sum(sum_over_time({a="b"} | unwrap bytes(x) [1m]))'],
    ['Label_Replace(VECTOR(1), "a", "b", "", "")', 'label_replace(vector(1), "a", "b", "", "")'],
    ['TopK by (x) (1, Sort_Desc(rate({a="b"}[1m])))', 'topk by (x) (1, sort_desc(rate({a="b"}[1m])))'],
    ['sum by (RATE) (rate({RATE="b"}[1m]))', 'sum by (RATE) (rate({RATE="b"}[1m]))'],
  ])("%s", (q, lower) => {
    expect(same(q)).toBe(same(lower));
  });
});

test("label_replace over an expression whose left side is a vector(…) or a log range is taken, as Loki 3.4.6 takes it", () => {
  for (const q of ['label_replace(vector(1) + 1, "a", "b", "c", "d")', 'label_replace(count_over_time({a="b"}[1m]) * 2, "a", "b", "c", "d")', 'label_replace(label_replace(vector(1), "a", "b", "c", "d"), "a", "b", "c", "d")'])
    expect(embeddedSupportErrors(q)).toEqual([]);
  // One inside another's expression is checked too.
  expect(embeddedSupportErrors('label_replace(vector(1) + label_replace(1, "a", "b", "c", "d"), "a", "b", "c", "d")')[0]).toMatch(/^parse error at line 1, col 27: queries require/);
});

describe("Go's group names in the regexp parser and elsewhere (Loki 3.4.6)", () => {
  // Go takes a name starting with a digit, and one name twice; Loki's regexp parser then wants label names, once each.
  test("a name that is no label name is refused by the regexp parser", () => {
    expect(() => parseQuery('{a="b"} | regexp `(?P<1n>a)`')).toThrow("invalid extracted label name '1n'");
    expect(() => parseQuery('{a="b"} | regexp `(?P<n>a)(?P<n>b)`')).toThrow("duplicate extracted label name 'n'");
  });
  test("anywhere else such names are Go's", () => {
    expect(() => parseQuery('{a="b"} |~ `(?P<1n>a)` | v=~`(?P<v>GET)|(?P<v>POST)`')).not.toThrow();
    expect(() => parseQuery('{a=~"(?P<1n>a).*"}')).not.toThrow();
    expect(() => parseQuery('label_replace(vector(1), "x", "${0}", "y", "(?P<1n>43)")')).not.toThrow();
    expect(embeddedSupportErrors('{a="b"} | line_format `{{ regexReplaceAll "a(?i)B" .v "X" }}`')).toEqual([]);
  });
});

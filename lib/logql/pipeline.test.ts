// Pipeline stage semantics (filters, parsers, formatters, drop/keep), each case citing the Loki documentation it follows.
import { describe, expect, test } from "bun:test";
import { evaluateStreams } from "./index.ts";

const T = Date.UTC(2026, 0, 1, 12, 0, 0);

/** Runs `{app="t"} <pipeline>` over one line; returns the resulting line and labels, or null when it is dropped. */
function run(pipeline: string, line: string, labels: Record<string, string> = {}): { line: string; labels: Record<string, string> } | null {
  const r = evaluateStreams(`{app="t"} ${pipeline}`, { startMs: T - 1000, endMs: T + 1000 }, [
    { labels: { app: "t", ...labels }, entries: [{ ms: T, line }] },
  ]);
  if (r.type !== "streams") throw new Error(r.type);
  const s = r.streams[0];
  if (!s) return null;
  const { app: _app, ...rest } = s.labels;
  return { line: s.entries[0]!.line, labels: rest };
}
const kept = (pipeline: string, line: string) => run(pipeline, line) !== null;
const labelsOf = (pipeline: string, line: string, labels?: Record<string, string>) => run(pipeline, line, labels)?.labels;

describe("line filters", () => {
  test.each([
    ['|= "error"', "an error here", true],
    ['|= "error"', "an ERROR here", false], // case-sensitive
    ['!= "timeout"', "error: timeout", false],
    ['|~ "err(or)?"', "err", true],
    ['|~ "(?i)error"', "ERROR", true],
    ['!~ "\\\\d+"', "no digits", true],
    ['|= "error" != "timeout"', "error: refused", true],
    // Loki PR 12463: `|= "a" or "b"` keeps lines with either; `!= "a" or "b"` drops lines with either.
    ['|= "foo" or "bar"', "has bar", true],
    ['|= "foo" or "bar"', "has baz", false],
    ['|= "test" |= "foo" or "bar"', "test bar", true],
    ['|= "test" |= "foo" or "bar"', "foo bar", false],
    ['!= "foo" or "bar"', "has bar", false],
    ['!= "foo" or "bar"', "has baz", true],
    ['|~ "x.z" or "q+"', "qqq", true],
    // Pattern filters: the whole pattern must match the line.
    ['|> "<_> GET <_>"', "10.0.0.1 GET /index", true],
    ['|> "<_> GET <_>"', "10.0.0.1 POST /index", false],
    ['!> "<_> GET <_>"', "10.0.0.1 POST /index", true],
    // "Unlike the label matcher regex operators, the |~ and !~ regex operators are not fully anchored."
    ['|~ "rro"', "error", true],
    // Patterns without regex syntax are searched as text: escaped punctuation is itself, case still counts.
    ['|~ "api\\\\.v1"', "GET /api.v1", true],
    ['|~ "api\\\\.v1"', "GET /apixv1", false],
    ['|~ "ERROR"', "an error", false],
    ['!~ "rro"', "error", false],
    ['!~ "rro" or "x.z"', "xyz", false],
  ])("%s on %j → %p", (f, line, want) => {
    expect(kept(f, line)).toBe(want);
  });
});

describe("Loki reorders line filters ahead of the stages around them (MultiStageExpr.reorderStages)", () => {
  test("a line filter after decolorize sees the still-coloured line (Loki 3.4.6 returns no line here)", () => {
    expect(kept('| decolorize |= "ERROR coloured"', "\u001b[31mERROR\u001b[0m coloured")).toBe(false);
    expect(kept('| decolorize |= "ERROR coloured"', "ERROR coloured")).toBe(true);
  });
  test("line_format and unpack keep the line filters written after them after them; a label filter is a barrier", () => {
    expect(run('| line_format "{{.app}}" |= "t"', "xyz")?.line).toBe("t");
    expect(kept('| line_format "{{.app}}" |= "xyz"', "xyz")).toBe(false);
    expect(run('| unpack |= "inner"', '{"_entry":"inner","k":"v"}')?.line).toBe("inner");
    expect(kept('| unpack |= "_entry"', '{"_entry":"inner","k":"v"}')).toBe(false);
    // `| json | a="1" |= "z"`: the label filter stays before the line filter that follows it.
    expect(kept('| json | a="1" | line_format "z" |= "z"', '{"a":"1"}')).toBe(true);
  });
});

describe("what Loki 3.4.6 answered in the differential suite", () => {
  test("a byte size in a label filter passes through go-humanize: 1KiB and 1024B are 1000", () => {
    expect(kept("| json | size < 1KiB", '{"size":"1000B"}')).toBe(false);
    expect(kept("| json | size > 1024B", '{"size":"1023B"}')).toBe(true);
    expect(kept("| json | size < 2000B", '{"size":"1999B"}')).toBe(true);
  });
  test("parse errors carry Loki's messages", () => {
    expect(labelsOf("| json", "not json")?.__error_details__).toBe("Value looks like object, but can't find closing '}' symbol");
    expect(labelsOf('| json a="x"', "not json")).toEqual({ __error__: "JSONParserErr" });
    expect(labelsOf("| unpack", "not json")?.__error_details__).toBe("expecting json object(6), but it is not");
    expect(labelsOf("| logfmt --strict", 'a=1 b="é')?.__error_details__).toBe("logfmt syntax error at pos 10 : unterminated quoted value");
  });
  test("label values convert as Go's strconv.ParseFloat does: 1_000, 1_0.5 and 0x1p4 are numbers; a value that does not convert carries Go's error", () => {
    expect(kept("| logfmt | x > 999", "x=1_000")).toBe(true);
    expect(kept("| logfmt | x == 10.5", "x=1_0.5")).toBe(true);
    expect(kept("| logfmt | x == 16", "x=0x1p4")).toBe(true);
    expect(labelsOf("| logfmt | x > 1", "x=0x10")?.__error_details__).toBe('strconv.ParseFloat: parsing "0x10": invalid syntax');
    expect(labelsOf("| logfmt | x > 1s", "x=1_000")?.__error_details__).toBe('time: unknown unit "_" in duration "1_000"');
    const sum = (q: string, line: string) => evaluateStreams(q, { startMs: T, endMs: T }, [{ labels: { app: "t" }, entries: [{ ms: T - 1, line }] }]);
    expect(sum('sum(sum_over_time({app="t"} | logfmt | unwrap x [1m]))', "x=1_000")).toMatchObject({ type: "vector", samples: [{ value: 1000 }] });
    // unwrap's error is Go's too (it said `cannot convert "0x10" of label x (float)`).
    expect(() => sum('sum(sum_over_time({app="t"} | logfmt | unwrap x [1m]))', "x=0x10")).toThrow('__error_details__="strconv.ParseFloat: parsing \\"0x10\\": invalid syntax"');
    expect(() => sum('sum(sum_over_time({app="t"} | logfmt | unwrap duration(x) [1m]))', "x=1_000")).toThrow('time: unknown unit \\"_\\" in duration \\"1_000\\"');
  });
  test("a parser of every key sets no label that is there already, from label_format or an earlier parser; a key it writes twice itself overwrites", () => {
    // Loki 3.4.6's answers, asked with the same lines.
    expect(labelsOf("| label_format level=app | logfmt", "level=warn x=1")).toMatchObject({ level: "t", x: "1" });
    expect(labelsOf('| label_format x="m" | json', '{"x":1,"y":2}')).toMatchObject({ x: "m", y: "2" });
    expect(labelsOf("| regexp `x=(?P<x>\\d)` | logfmt", "x=1 x=2")).toMatchObject({ x: "1" });
    expect(labelsOf('| label_format x="m" | pattern "<_>x=<x> <_>"', "a x=1 y=2")).toMatchObject({ x: "m" });
    expect(labelsOf("| logfmt", "x=1 x=2")).toMatchObject({ x: "2" });
    // The expression parsers are not bound by it: `json x="y"` sets x.
    expect(labelsOf('| json | json x="y"', '{"x":1,"y":2}')).toMatchObject({ x: "2" });
    expect(labelsOf('| label_format x="m" | json x="x"', '{"x":1,"y":2}')).toMatchObject({ x: "1" });
  });
  test("logfmt with expressions: a line key fills the extraction of its path or else its name, the later winning; keys an earlier parser extracted are passed over (Loki 3.4.6, measured)", () => {
    const x = (pipeline: string, line: string, labels?: Record<string, string>) => labelsOf(`${pipeline} | keep x, y, c, job_extracted`, line, labels);
    expect(x('| logfmt x="y"', "x=1 y=2")).toEqual({ x: "2" });
    expect(x('| logfmt x="y"', "y=2 x=1")).toEqual({ x: "1" });
    expect(x('| logfmt x="y"', "x=1")).toEqual({ x: "1" });
    expect(x('| logfmt x="y"', "y=2 y=3")).toEqual({ x: "3" });
    expect(x('| logfmt | logfmt x="y"', "y=2")).toEqual({ x: "", y: "2" });
    expect(x('| logfmt | logfmt x="y"', "x=1 y=2")).toEqual({ x: "1", y: "2" });
    expect(x('| logfmt | logfmt x="y"', "y=2 x=1")).toEqual({ x: "1", y: "2" });
    expect(x('| logfmt y | logfmt x="y"', "y=2")).toEqual({ x: "", y: "2" });
    expect(x("| regexp `y=(?P<y>\\d)` | logfmt x=\"y\"", "y=2")).toEqual({ x: "", y: "2" });
    // label_format's value is not a parser's: the line fills it, or it is emptied.
    expect(x('| label_format x="m" | logfmt x="y"', "y=2 x=1")).toEqual({ x: "1" });
    expect(x('| label_format c="m" | logfmt c', "d=1")).toEqual({ c: "" });
    // Its extractions are emptied over an earlier stage's value when the line does not fill them.
    expect(labelsOf('| json n | logfmt n | keep n', '{"n":7}')).toEqual({ n: "" });
    expect(x("| logfmt | keep x | logfmt y", "x=1 y=2")).toEqual({ x: "1", y: "2" });
    // A stream label: the value goes to `_extracted`, and a line without the key adds none.
    expect(x('| logfmt job="a"', "a=1", { job: "j" })).toEqual({ job_extracted: "1" });
    expect(x('| logfmt job="a"', "b=1", { job: "j" })).toEqual({});
    // Only once: a second value for it ends the scan (y stays empty).
    expect(labelsOf('| logfmt job="a", y | keep job_extracted, y', "a=1 a=2 y=5", { job: "j" })).toEqual({ job_extracted: "1", y: "" });
    expect(labelsOf('| logfmt job="a" | keep job_extracted', "job=j a=1", { job: "j" })).toEqual({ job_extracted: "j" });
  });
  test("a label a stage added on the line and a later one removed stays out of later parsers (Loki 3.4.6, measured)", () => {
    expect(labelsOf("| logfmt | drop msg | logfmt", "level=info msg=x n=5")).toEqual({ level: "info", n: "5" });
    expect(labelsOf("| logfmt | keep level | logfmt", "level=info msg=x n=5")).toEqual({ level: "info" });
    expect(labelsOf("| logfmt | label_format m=msg | logfmt", "level=info msg=x n=5")).toEqual({ level: "info", m: "x", n: "5" });
    expect(labelsOf('| label_format n="q" | drop n | logfmt', "level=info msg=x n=5")).toEqual({ level: "info", msg: "x" });
    expect(labelsOf("| json | drop level | json", '{"level":"warn","n":7}')).toEqual({ n: "7" });
    // An expression parser reads the key it names whatever came before.
    expect(labelsOf("| logfmt | drop msg | logfmt msg", "level=info msg=x n=5")).toEqual({ level: "info", msg: "x", n: "5" });
  });
  test("a filter on __error_details__ sees \"\", durations past Go's int64 and bytes after a space do not convert (Loki 3.4.6, measured)", () => {
    expect(kept('| json | __error_details__!=""', "x=1")).toBe(false);
    expect(kept('| json | __error_details__=~".+"', "x=1")).toBe(false);
    expect(kept('| json | __error_details__=""', "x=1")).toBe(true);
    expect(kept('| json | __error_details__!~".+"', "x=1")).toBe(true);
    // Go's time.ParseDuration counts in an int64 of nanoseconds: one more is "time: invalid duration".
    expect(labelsOf("| logfmt | d > 1s", "d=2562047h47m16.854775808s")?.__error_details__).toBe('time: invalid duration "2562047h47m16.854775808s"');
    expect(labelsOf("| logfmt | d > 1s", "d=2562047h47m16.854775807s")?.__error__).toBeUndefined();
    expect(kept("| logfmt | d < 1s", "d=-2562047h47m16.854775808s")).toBe(true);
    expect(labelsOf("| logfmt | d < 1s", "d=-2562048h")?.__error__).toBe("LabelFilterErr");
    // go-humanize reads the number from the first character: " 5" is no size, "5 " is.
    expect(labelsOf('| logfmt | v > 1B', 'v=" 5"')?.__error_details__).toBe('strconv.ParseFloat: parsing "": invalid syntax');
    expect(kept('| logfmt | v > 1B', 'v="5 "')).toBe(true);
  });
  test("duration() gives Go's Duration.Seconds()", () => {
    expect(run('| logfmt | line_format "{{ duration .d }}"', "d=691ms")?.line).toBe("0.691");
  });
  test("lines of one stream and time that the pipeline made alike are one entry, whatever their labels", () => {
    const r = evaluateStreams('{app="t"} | line_format "same"', { startMs: T - 1000, endMs: T + 1000, ingestLabels: true }, [
      { labels: { app: "t" }, entries: [{ ms: T, line: "ERROR a" }, { ms: T, line: "INFO b" }, { ms: T + 1, line: "INFO c" }] },
    ]);
    // Loki 3.4.6 kept the ERROR line's labels backward and the INFO line's forward.
    expect(r.type === "streams" && r.streams.flatMap((x) => x.entries.map((e) => `${x.labels.detected_level} ${e.tsNs - BigInt(T) * 1000000n}`))).toEqual(["info 1000000", "error 0"]);
  });
});

describe("or chains of line filters (Loki 3.4.6, measured)", () => {
  test("a side that matches every line is dropped from a positive chain, unless every side does", () => {
    const lines = ["x", "y", "", "xy"];
    const keptOf = (q: string) => lines.filter((l) => kept(q, l));
    expect(keptOf('|= "" or "x"')).toEqual(["x", "xy"]);
    expect(keptOf('|= "x" or "" or "y"')).toEqual(["x", "y", "xy"]);
    expect(keptOf('|~ ".*" or "x"')).toEqual(["x", "xy"]);
    expect(keptOf("|= `` or \"x\"")).toEqual(["x", "xy"]);
    expect(keptOf('|= "" or ""')).toEqual(lines);
    expect(keptOf('!= "" or "x"')).toEqual([]);
    expect(keptOf('|~ ".+" or "x"')).toEqual(["x", "y", "xy"]);
    // Written non-greedy or as a repetition, `.*` is still Loki's match-everything.
    for (const q of ['|~ ".*?" or "x"', '|~ "x" or "(.*?)"', '|~ ".{0,}" or "x"', '|~ "(?i).*?" or "x"']) expect(keptOf(q)).toEqual(["x", "xy"]);
  });
});

describe("pattern filters and parsers (Loki 3.4.6, measured)", () => {
  test('an empty pattern filter matches the empty line only; a capture name twice is refused', () => {
    expect(["", "a", "b c"].filter((l) => kept('|> ""', l))).toEqual([""]);
    expect(["", "a", "b c"].filter((l) => kept('!> ""', l))).toEqual(["a", "b c"]);
    expect(() => kept('| pattern "<a> <a>"', "x y")).toThrow("duplicate capture name (a)");
    expect(kept('|> "<_> <_>"', "x y")).toBe(true);
  });
  test("a pattern filter's first literal may stand anywhere; a capture takes at least one character", () => {
    const lines = ["GET /a 200", "ts=1 GET /b 500", " ", "a ", " b", "a", "ab", "aXb"];
    expect(lines.filter((l) => kept('|> "GET <_>"', l))).toEqual(["GET /a 200", "ts=1 GET /b 500"]);
    expect(lines.filter((l) => kept('|> "<_> <_>"', l))).toEqual(["GET /a 200", "ts=1 GET /b 500"]);
    expect(lines.filter((l) => kept('|> "a<_>"', l))).toEqual(["GET /a 200", "a ", "ab", "aXb"]);
    expect(lines.filter((l) => kept('|> "a<_>b"', l))).toEqual(["aXb"]);
  });
});

describe("json", () => {
  test("nested properties are flattened with _, arrays are skipped (the docs' example)", () => {
    const doc = JSON.stringify({
      protocol: "HTTP/2.0",
      servers: ["129.0.1.1", "10.2.1.3"],
      request: { time: "6.032", method: "GET", host: "foo.grafana.net", size: "55", headers: { Accept: "*/*", "User-Agent": "curl/7.68.0" } },
      response: { status: 401, size: "228", latency_seconds: "6.031" },
    });
    expect(labelsOf("| json", doc)).toEqual({
      protocol: "HTTP/2.0",
      request_time: "6.032",
      request_method: "GET",
      request_host: "foo.grafana.net",
      request_size: "55",
      request_headers_Accept: "*/*",
      request_headers_User_Agent: "curl/7.68.0",
      response_status: "401",
      response_size: "228",
      response_latency_seconds: "6.031",
    });
  });

  test.each([
    // "Extracted label keys are automatically sanitized … { "a.b": {c: "d"}, e: "f" } -> {a_b_c="d", e="f"}"
    ['{"a.b":{"c":"d"},"e":"f"}', { a_b_c: "d", e: "f" }],
    // "They cannot start with a digit": Loki prefixes such keys with _.
    ['{"1st":"x","wé":"y"}', { _1st: "x", w_: "y" }],
    ['{"n":1.50,"b":true,"z":null,"s":"a\\"q\\u00e9"}', { n: "1.50", b: "true", s: 'a"qé' }],
    // Loki's docs say only the first value of a key written twice is kept; Loki 3.4.6 keeps the last in a log query (its
    // labels builder overwrites), and the first only where parser hints extract the label once (the differential suite
    // checks both against a real Loki).
    ['{"k":"first","k":"second"}', { k: "second" }],
  ] as [string, Record<string, string>][])("%s", (line, want) => {
    expect(labelsOf("| json", line)).toEqual(want);
  });

  test("a key written twice: its last value, and a one-label filter on it checked at each writing (Loki 3.4.6, measured)", () => {
    expect(labelsOf("| logfmt", "x=1 y=a x=2")).toEqual({ x: "2", y: "a" });
    // `x="2"` fails at the first writing (x=1): Loki drops the line there, though x ends as 2.
    expect(kept('| logfmt | x="2"', "x=1 y=a x=2")).toBe(false);
    expect(kept('| logfmt | x="1"', "x=1 y=a x=2")).toBe(false);
    expect(kept('| logfmt | x=~"1|2"', "x=1 y=a x=2")).toBe(true);
    // An or/and filter is left to its stage, on the last value; a later stage's change of x does not save the line.
    expect(kept('| logfmt | x="2" or y="b"', "x=1 y=a x=2")).toBe(true);
    expect(kept('| logfmt | label_format x="{{.y}}" | x="a"', "x=1 y=a")).toBe(false);
    expect(kept('| json | msg!="first"', '{"msg":"first","msg":"second"}')).toBe(false);
  });

  test("keys that sanitise to one label: the first the line holds fills it, a key written twice still overwrites (Loki 3.4.6, measured)", () => {
    // Loki's parser decides once per key whether to extract it, and says no to a label already extracted on the line.
    expect(labelsOf("| json", '{"a.b":"2","a_b":"3"}')).toEqual({ a_b: "2" });
    expect(labelsOf("| json", '{"a-b":"1","a_b":"3"}')).toEqual({ a_b: "1" });
    expect(labelsOf("| json", '{"a.b":"2","a_b":"3","a-b":"1"}')).toEqual({ a_b: "2" });
    expect(labelsOf("| json", '{"a_b":"3","a_b":"4","a.b":"2"}')).toEqual({ a_b: "4" });
    // A nested member's key is its sanitised path: `a_b` written as a top-level key is the same key, `a.b` is not.
    expect(labelsOf("| json", '{"a":{"b":"2"},"a_b":"9"}')).toEqual({ a_b: "9" });
    expect(labelsOf("| json", '{"a_b":"9","a":{"b":"2"}}')).toEqual({ a_b: "2" });
    expect(labelsOf("| json", '{"a.b":"1","a":{"b":"2"}}')).toEqual({ a_b: "1" });
    expect(labelsOf("| json", '{"a":{"b":"2"},"a.b":"1"}')).toEqual({ a_b: "2" });
    expect(labelsOf("| json", '{"a":{"b-c":"1","b_c":"2"}}')).toEqual({ a_b_c: "2" });
    expect(labelsOf("| logfmt", "a.b=2 a_b=3 a-b=1")).toEqual({ a_b: "2" });
    expect(labelsOf("| logfmt", "a_b=3 a.b=2 a_b=4")).toEqual({ a_b: "4" });
  });

  test("json a=\"path\" walks the line as jsonparser's EachKey does: only the values it reads are checked (Loki 3.4.6, measured)", () => {
    // Broken elsewhere in the line: the paths found are read, no error.
    expect(labelsOf('| json x="a"', '{"a":1 "b":2}')).toEqual({ x: "1" });
    expect(labelsOf('| json x="b"', '{"a":1 "b":2}')).toEqual({ x: "2" });
    expect(labelsOf('| json x="b"', '{"a":"x"}{"b":"y"}')).toEqual({ x: "y" });
    expect(labelsOf('| json x="a"', '{"trunc":"abc')).toEqual({ x: "" });
    expect(labelsOf('| json x="a"', '{"a":"ok","b":[1,')).toEqual({ x: "ok" });
    expect(labelsOf('| json x="b", y="b.c"', '{"b":{"c":1}')).toEqual({ x: '{"c":1}', y: "1" });
    // The value read at a path is what fails: its error, and "".
    expect(labelsOf('| json x="trunc"', '{"trunc":"abc')).toEqual({ x: "", __error__: "JSONParserErr", __error_details__: "Value is string, but can't find closing '\"' symbol" });
    expect(labelsOf('| json x="a"', '{"a":tru}')).toEqual({ x: "", __error__: "JSONParserErr", __error_details__: "Unknown value type" });
    expect(labelsOf('| json x="b"', '{"a":"ok","b":[1,')).toEqual({ x: "", __error__: "JSONParserErr", __error_details__: "Value is array, but can't find closing ']' symbol" });
    expect(labelsOf('| json x="a"', '"a":1')).toEqual({ x: "", __error__: "JSONParserErr", __error_details__: "Malformed JSON error" });
    // An array's text is unescaped as a string is; an object's is kept as written.
    expect(labelsOf('| json q="q", o="o"', '{"q":["x\\ty","\\u00e9"],"o":{"k":"a\\"b"}}')).toEqual({ q: '["x\ty","é"]', o: '{"k":"a\\"b"}' });
  });

  test("logfmt unquotes as Loki's decoder does: a surrogate with no pair is U+FFFD, a space under | logfmt and \"\" under logfmt a (Loki 3.4.6, measured)", () => {
    const line = 'a="\\ud800" b="\\udc00x" c="\\ud800\\u0041" d="\\ud83d\\ude00" e="\\u00e9\ttab" f="\\\'q\\\'" h="a\\"b"';
    expect(labelsOf("| logfmt", line)).toEqual({ a: " ", b: " x", c: " A", d: "😀", e: "é\ttab", f: "'q'", h: 'a"b' });
    expect(labelsOf("| logfmt a, c, e", line)).toEqual({ a: "", c: "", e: "é\ttab" });
    // A bad escape is reported past the closing quote.
    const bad = 'a="\\uD83D\\uDE00" b="\\u0000" c="\\ud800\\ud800" d="\\x41" e=ok';
    expect(labelsOf("| logfmt --strict", bad)?.__error_details__).toBe("logfmt syntax error at pos 54 : invalid quoted value");
  });

  test("strings unescape as jsonparser's Unescape does; a key's bad escape, or _entry's under unpack, fails the line (Loki 3.4.6, measured)", () => {
    // A high surrogate takes any second \\u escape of DC00 or more: \\ud800\\uffff is U+123FF.
    expect(labelsOf("| json", '{"a":"\\ud800\\uffff","\\ud800\\uffffk":"1"}')).toEqual({ a: "\u{123ff}", _k: "1" });
    const bad = { __error__: "JSONParserErr", __error_details__: "Encountered an invalid escape sequence in a string" };
    expect(labelsOf("| json", '{"k\\x":"1","m":"2"}')).toEqual(bad);
    expect(run("| unpack", '{"_entry":"\\ud800","m":"2"}')).toEqual({ line: '{"_entry":"\\ud800","m":"2"}', labels: bad });
    // unpack's labels have U+FFFD as a space, its _entry keeps it.
    expect(run("| unpack", '{"a":"x\\ufffdy","_entry":"line\\ufffd"}')).toEqual({ line: "line\ufffd", labels: { a: "x y" } });
  });

  test("| json and | unpack read a line as jsonparser's ObjectEach does: a member object is found by its brackets alone (Loki 3.4.6, measured)", () => {
    const arrayErr = { __error__: "JSONParserErr", __error_details__: "Value is array, but can't find closing ']' symbol" };
    const objectErr = { __error__: "JSONParserErr", __error_details__: "Value looks like object, but can't find closing '}' symbol" };
    // The object's brackets match, so its members are read until its own error.
    expect(labelsOf("| json", '{"a":{"b":"c","d":[1}')).toEqual({ a_b: "c", ...arrayErr });
    // An object left open is the object error, its members unread.
    expect(labelsOf("| json", '{"ts":"x","level":"error","user":{"name":"ann"')).toEqual({ ts: "x", level: "error", ...objectErr });
    expect(labelsOf("| json", '{"a":{"b":"c",')).toEqual(objectErr);
    expect(labelsOf("| unpack", '{"ts":"x","level":"error","user":{"name":"ann"')).toEqual(objectErr);
  });

  test("a key's spaces are trimmed at every level, as Loki's appendSanitized does (Loki 3.4.6, measured)", () => {
    expect(labelsOf("| json", '{" a ":"1","x":{" y ":"4"}," z":{"w":"5"}}')).toEqual({ a: "1", x_y: "4", z_w: "5" });
    // Go's strings.TrimSpace: U+0085 is a space, U+FEFF is not.
    expect(labelsOf("| json", '{"\u0085a":"1","\ufeffb":"2"}')).toEqual({ a: "1", _b: "2" });
  });

  test("a line's keys are read unescaped; a bracketed key in a path is taken as written (Loki 3.4.6, measured)", () => {
    const line = String.raw`{"a\u0062":1,"c\"d":2,"e\\f":3,"g\/h":4,"\u00fc":5,"e\\\\f":6}`;
    expect(labelsOf("| json", line)).toEqual({ ab: "1", c_d: "2", e_f: "3", g_h: "4", _: "5", e__f: "6" });
    expect(labelsOf('| json x="ab", y="[\\"g/h\\"]", z="[\\"ü\\"]"', line)).toEqual({ x: "1", y: "4", z: "5" });
    // `["e\f"]` names the key e\f (two backslashes, the line's "e\\\\f"); `["e\f"]` with one names "e\\f".
    expect(labelsOf(String.raw`| json x="[\"e\\\\f\"]"`, line)).toEqual({ x: "6" });
    expect(labelsOf(String.raw`| json x="[\"e\\f\"]"`, line)).toEqual({ x: "3" });
    expect(labelsOf("| json", String.raw`{"a\"b":1,"a.b":2}`)).toEqual({ a_b: "1" });
  });

  test("values as jsonparser reads them: a number runs to the next delimiter, a trailing comma passes, arrays are skipped unread (Loki 3.4.6, measured)", () => {
    for (const n of ["01", "1.", "1e", "--1", "-", "0x1"]) expect(labelsOf("| json", `{"a":${n}}`)).toEqual({ a: n });
    expect(labelsOf("| json", '{"a":1,}')).toEqual({ a: "1" });
    expect(labelsOf("| json", '{"a":[01, x, "]"],"b":2}')).toEqual({ b: "2" });
    expect(labelsOf("| json", '{"a":"\\ud800"}')).toEqual({ a: "" });
    // Errors in jsonparser's words.
    expect(labelsOf("| json", '{"a":truex}')).toEqual({ __error__: "JSONParserErr", __error_details__: "Unknown value type" });
    expect(labelsOf("| json", '{"a')).toEqual({ __error__: "JSONParserErr", __error_details__: "Malformed JSON error" });
    expect(labelsOf("| json", '{"a":"x')).toEqual({ __error__: "JSONParserErr", __error_details__: "Value is string, but can't find closing '\"' symbol" });
    expect(labelsOf("| json", '{"a":1')).toEqual({ a: "1", __error__: "JSONParserErr", __error_details__: "Value is array, but can't find closing ']' symbol" });
    expect(labelsOf("| json", '{"a":1 2}')).toEqual({ a: "1", __error__: "JSONParserErr", __error_details__: "Value looks like object, but can't find closing '}' symbol" });
  });

  test("a raw control character in a string is kept; the line's error labels are hidden from a one-field line_format and a rename (Loki 3.4.6, measured)", () => {
    expect(labelsOf("| json", '{"a":"p\tq","n":2}')).toEqual({ a: "p\tq", n: "2" });
    expect(run('| json | line_format "{{.__error__}}"', "x=1")?.line).toBe("");
    expect(run('| json | line_format "{{.__error__}}{{.a}}"', "x=1")?.line).toBe("JSONParserErr");
    expect(labelsOf("| json | label_format e=__error__", "x=1")).toMatchObject({ __error__: "JSONParserErr" });
    expect(labelsOf("| json | label_format e=__error__", "x=1")?.e).toBeUndefined();
    expect(labelsOf("| json | label_format e=`{{.__error__}}x`", "x=1")?.e).toBe("JSONParserErrx");
  });

  test("a path the line lacks sets an empty label only where none is there (Loki 3.4.6, measured)", () => {
    expect(labelsOf('| label_format c="x" | json c', '{"d":"1"}')).toEqual({ c: "x" });
    expect(labelsOf('| label_format c="x" | json c, e="d"', '{"d":"1"}')).toEqual({ c: "x", e: "1" });
    expect(labelsOf('| label_format c="x" | json c', '{"c":null}')).toEqual({ c: "" });
    expect(labelsOf('| label_format c="x" | json c', '{"c":"1"}')).toEqual({ c: "1" });
    // A stream label of that name is there too: no `_extracted` is added for a missing path, one is for a found one.
    expect(labelsOf("| json job", '{"d":"1"}', { job: "j" })).toEqual({ job: "j" });
    expect(labelsOf("| json job", '{"job":"q"}', { job: "j" })).toEqual({ job: "j", job_extracted: "q" });
    expect(labelsOf("| json c", '{"d":"1"}')).toEqual({ c: "" });
  });

  test("with parameters: field and array access, objects as JSON text, missing as empty", () => {
    // "| json first_server=\"servers[0]\", ua=\"request.headers[\\\"User-Agent\\\"]\""
    const doc = '{"servers":["129.0.1.1","10.2.1.3"],"request":{"headers":{"Accept":"*/*","User-Agent":"curl/7.68.0"}}}';
    expect(labelsOf('| json first_server="servers[0]", ua="request.headers[\\"User-Agent\\"]", headers="request.headers", nope="x.y", servers', doc)).toEqual({
      first_server: "129.0.1.1",
      ua: "curl/7.68.0",
      headers: '{"Accept":"*/*","User-Agent":"curl/7.68.0"}',
      nope: "",
      servers: '["129.0.1.1","10.2.1.3"]',
    });
  });

  test.each(["not json", '{"a":1', "[1,2]", ""])("%j is a JSONParserErr", (line) => {
    expect(labelsOf("| json", line)?.__error__).toBe("JSONParserErr");
  });
});

describe("logfmt", () => {
  test("the docs' example line", () => {
    expect(labelsOf("| logfmt", 'at=info method=GET path=/ host=grafana.net fwd="124.133.124.161" service=8ms status=200')).toEqual({
      at: "info", method: "GET", path: "/", host: "grafana.net", fwd: "124.133.124.161", service: "8ms", status: "200",
    });
  });

  test.each([
    // "Without the --strict flag the parser skips invalid key/value pairs and continues parsing the rest of the line."
    ["| logfmt", "a=1 =value b=2 foo=bar=baz c=3", { a: "1", b: "2", c: "3" }],
    // "With strict parsing enabled, the logfmt parser immediately stops scanning … and returns early with an error"
    ["| logfmt --strict", "a=1 =value b=2", { a: "1", __error__: "LogfmtParserErr" }],
    // "--keep-empty to retain standalone keys with empty value"
    ["| logfmt", "flag a=1", { a: "1" }],
    ["| logfmt --keep-empty", "flag a=1", { flag: "", a: "1" }],
    ['| logfmt host, fwd_ip="fwd"', 'host=grafana.net fwd="1.2.3.4" other=x', { host: "grafana.net", fwd_ip: "1.2.3.4" }],
    ["| logfmt", 'msg="say \\"hi\\"" n=1', { msg: 'say "hi"', n: "1" }],
  ] as [string, string, Record<string, string>][])("%s on %j", (p, line, want) => {
    const got = { ...labelsOf(p, line) };
    delete got.__error_details__;
    expect(got).toEqual(want);
  });
});

describe("pattern and regexp", () => {
  test("the docs' NGINX example", () => {
    const line = '0.191.12.2 - - [10/Jun/2021:09:14:29 +0000] "GET /api/plugins/versioncheck HTTP/1.1" 200 2 "-" "Go-http-client/2.0" "13.76.247.102, 34.120.177.193" "TLSv1.2" "US" ""';
    expect(labelsOf('| pattern `<ip> - - <_> "<method> <uri> <_>" <status> <size> <_> "<agent>" <_>`', line)).toEqual({
      ip: "0.191.12.2", method: "GET", uri: "/api/plugins/versioncheck", status: "200", size: "2", agent: "Go-http-client/2.0",
    });
  });

  test.each([
    // "By default, a pattern expression is anchored at the start of the log line."
    ['| pattern "level=<level> <_>"', "ts=1 level=info x", {}],
    ['| pattern "<_> level=<level> <_>"', "ts=1 level=info x", { level: "info" }],
    // A capture whose closing literal is missing takes the rest of the line.
    ['| pattern "<a> (<b>)"', "x (y", { a: "x", b: "y" }],
    // "the parser | regexp … will extract from the following line" (the docs' example)
    ['| regexp "(?P<method>\\\\w+) (?P<path>[\\\\w|/]+) \\\\((?P<status>\\\\d+?)\\\\) (?P<duration>.*)"', "POST /api/prom/api/v1/query_range (200) 1.5s", {
      method: "POST", path: "/api/prom/api/v1/query_range", status: "200", duration: "1.5s",
    }],
    ['| regexp "(?P<a>x)(?P<b>y)?"', "x", { a: "x", b: "" }],
    ['| regexp "(?P<a>nomatch)"', "x", {}],
  ] as [string, string, Record<string, string>][])("%s on %j", (p, line, want) => {
    expect(labelsOf(p, line)).toEqual(want);
  });
});

describe("unpack", () => {
  test("labels from a packed entry, and _entry replaces the line", () => {
    // "The unpack parser parses a JSON log line, unpacking all embedded labels … _entry will also be used to replace the original log line"
    expect(run("| unpack", '{"container":"myapp","pod":"pod-3223f","_entry":"original log message"}')).toEqual({
      line: "original log message",
      labels: { container: "myapp", pod: "pod-3223f" },
    });
    expect(run("| unpack", '{"container":"myapp"}')).toEqual({ line: '{"container":"myapp"}', labels: {} });
  });
});

describe("label filters", () => {
  const line = "status=503 latency=1.5s size=2KB method=GET";
  test.each([
    ["| logfmt | status >= 500", true],
    ["| logfmt | status == 503", true],
    ["| logfmt | status = 503", true],
    ["| logfmt | status != 503", false],
    ["| logfmt | latency > 1s", true],
    ["| logfmt | latency <= 1500ms", true],
    ["| logfmt | size > 1KB", true],
    ["| logfmt | size < 1KiB", false],
    ['| logfmt | method = "GET"', true],
    ['| logfmt | method =~ "G.*"', true],
    ['| logfmt | method =~ "G"', false], // regex label matchers are fully anchored
    ['| logfmt | nothere = ""', true], // a missing label compares as ""
    ["| logfmt | nothere > 1", false], // numeric filters on a missing label fail
    // "`and` can be equivalently expressed by a comma, a space or another pipe"
    ['| logfmt | status >= 500, method = "GET"', true],
    ['| logfmt | status >= 500 and method = "POST"', false],
    ['| logfmt | status < 500 or method = "GET"', true],
    ['| logfmt | (status < 500 or method = "GET") and latency > 1s', true],
  ])("%s → %p", (p, want) => {
    expect(kept(p, line)).toBe(want);
  });

  test("a value that does not convert adds LabelFilterErr and keeps the line", () => {
    // "If the conversion of the label value fails, the log line is not filtered and an __error__ label is added."
    expect(labelsOf("| logfmt | method > 5", line)?.__error__).toBe("LabelFilterErr");
    // "The string type is the only one that can filter out a log line with a label __error__."
    expect(labelsOf("| logfmt | method > 5 | status > 500", line)?.__error__).toBe("LabelFilterErr");
    expect(kept('| logfmt | method > 5 | __error__ = ""', line)).toBe(false);
  });

  test("a missing label drops the line even when it carries __error__; a convertible value is compared whatever the error (Loki 3.4.6)", () => {
    // Loki 3.4.6 answers `{…} | json | k >= 2` over `not json k=3`, `{"k":"abc"}`, `{"k":3}` with the last two lines.
    expect(kept("| json | k >= 2", "not json k=3")).toBe(false);
    expect(kept("| json | d > 1s", "not json")).toBe(false);
    expect(kept("| json | b > 1KB", "not json")).toBe(false);
    expect(labelsOf("| json | k >= 2", '{"k":"abc"}')).toEqual({
      k: "abc",
      __error__: "LabelFilterErr",
      __error_details__: 'strconv.ParseFloat: parsing "abc": invalid syntax',
    });
    expect(kept("| json | k >= 2", '{"k":3}')).toBe(true);
    // An error already set is kept, not overwritten, and the filter still compares a value that converts.
    expect(labelsOf("| regexp `(?P<k>\\d+)` | json | k > 2", "k 5")?.__error__).toBe("JSONParserErr");
    expect(kept("| regexp `(?P<k>\\d+)` | json | k > 9", "k 5")).toBe(false);
  });
});

describe("formatters", () => {
  test.each([
    ['| logfmt | line_format "{{.method}} {{.status}}"', "GET 503"],
    ['| logfmt | line_format "{{.missing}}-"', "-"],
    ['| logfmt | line_format `{{ .method | lower }} {{ div .status 100 }}xx`', "get 5xx"],
    ['| logfmt | line_format `{{ if eq .method "GET" }}read{{ else }}write{{ end }}`', "read"],
    ["| line_format `{{ __line__ | upper }}`", "METHOD=GET STATUS=503"],
  ])("%s", (p, want) => {
    expect(run(p, "method=GET status=503")!.line).toBe(want);
  });

  test("label_format renames (dropping the source) or templates (keeping it)", () => {
    // "The renaming form dst=src will drop the src label … the template form will preserve the referenced labels"
    expect(labelsOf("| logfmt | label_format verb=method", "method=GET")).toEqual({ verb: "GET" });
    expect(labelsOf('| logfmt | label_format verb="{{.method}}!"', "method=GET")).toEqual({ method: "GET", verb: "GET!" });
    // "You can forcefully override the original label using a label formatter expression."
    expect(labelsOf('| label_format env="override"', "x", { env: "prod" })).toEqual({ env: "override" });
  });

  test("a failing template adds TemplateFormatErr and keeps the line", () => {
    const r = run('| logfmt | line_format `{{ div .a 0 }}`', "a=1 b=2");
    expect(r!.line).toBe("a=1 b=2");
    expect(r!.labels.__error__).toBe("TemplateFormatErr");
  });

  test("decolorize strips ANSI colour codes", () => {
    expect(run("| decolorize", "\u001b[31mred\u001b[0m text")!.line).toBe("red text");
  });
});

describe("drop and keep (the docs' examples)", () => {
  const a = '{"app": "some-api-service", "level": "info", "method": "GET", "path": "/", "host": "grafana.net", "status": "200"}';
  const b = '{"app": "other-service", "level": "info", "method": "GET", "path": "/", "host": "grafana.net", "status": "200"}';
  test("drop names and name matchers", () => {
    expect(labelsOf('| json | drop level, path, app_extracted=~"some-api.*"', a)).toEqual({ host: "grafana.net", method: "GET", status: "200" });
    expect(labelsOf('| json | drop level, path, app_extracted=~"some-api.*"', b)).toEqual({ app_extracted: "other-service", host: "grafana.net", method: "GET", status: "200" });
  });
  test("keep names and name matchers; never the error labels", () => {
    expect(labelsOf('| json | keep level, method="GET"', a)).toEqual({ level: "info", method: "GET" });
    expect(labelsOf('| json | keep level, method="POST"', a)).toEqual({ level: "info" });
    // "The keep stage will not drop the __error__ or __error_details__ labels"
    expect(Object.keys(labelsOf("| json | keep level", "oops")!).sort()).toEqual(["__error__", "__error_details__"]);
  });
});

describe("templates past the engine's limits", () => {
  test("a template result longer than the engine's strings fails the query (Loki would build it): no TemplateFormatErr on the line", () => {
    expect(() => run('| line_format `{{ repeat 4000000000 "a" }}`', "x")).toThrow(
      "a text of 4000000000 bytes (a template's result longer than the engine's strings) in a template (line 1, col 11) is not supported by the embedded engine",
    );
    expect(() => run('| label_format y=`{{ repeat 4000000000 "a" }}`', "x")).toThrow("a text of 4000000000 bytes (a template's result longer than the engine's strings) in a template (line 1, col 11)");
  });

  test("indent over many lines past the engine's strings fails the query the same way, not with the runtime's out-of-memory error", () => {
    expect(() => run('| line_format `{{ indent 60000 (repeat 60000 "\\n") }}`', "x")).toThrow(
      "a text of 3600120000 bytes (a template's result longer than the engine's strings) in a template (line 1, col 11) is not supported by the embedded engine",
    );
  });
});

describe("a line's key named __error__ (Loki 3.4.6's answers, measured)", () => {
  // The parser sets a label named __error__ beside the pipeline's error, which label filters and drop test.
  const LINE = '{"__error__":"x","msg":"a"}';
  test("it shows as a label, passes | __error__=\"\" and fails | __error__!=\"\"", () => {
    expect(labelsOf("| json", LINE)).toEqual({ __error__: "x", msg: "a" });
    expect(labelsOf('| json | __error__=""', LINE)).toEqual({ __error__: "x", msg: "a" });
    expect(run('| json | __error__!=""', LINE)).toBeNull();
    expect(labelsOf('| logfmt | __error__=""', "__error__=x msg=c")).toEqual({ __error__: "x", msg: "c" });
  });
  test("a filter on __error_details__ tests a line's key of that name (the pipeline's details it never sees)", () => {
    expect(labelsOf('| json | __error_details__="d"', '{"__error_details__":"d"}')).toEqual({ __error_details__: "d" });
    expect(run('| json | __error_details__=""', '{"__error_details__":"d"}')).toBeNull();
    expect(labelsOf('| json | __error_details__=""', "x")).toEqual({ __error__: "JSONParserErr", __error_details__: "Value looks like object, but can't find closing '}' symbol" });
  });
  test("drop __error__ drops the error, not the key; keep keeps it", () => {
    expect(labelsOf("| json | drop __error__", LINE)).toEqual({ __error__: "x", msg: "a" });
    expect(labelsOf("| json | keep msg", LINE)).toEqual({ __error__: "x", msg: "a" });
  });
  test("templates and renames find it; the pipeline's error shows over it", () => {
    expect(run('| json | line_format "{{.__error__}}"', LINE)!.line).toBe("x");
    expect(run('| json | line_format "{{.__error__}}|{{.msg}}"', LINE)!.line).toBe("x|a");
    expect(labelsOf("| json | label_format e=__error__", LINE)).toEqual({ e: "x", msg: "a" });
    expect(labelsOf('| json e="__error__"', LINE)).toEqual({ e: "x" });
    expect(labelsOf('| json msg, __error__', LINE)).toEqual({ __error__: "x", msg: "a" });
    expect(run('| json | msg > 1 | line_format "{{.__error__}}|{{.msg}}"', LINE)).toEqual({
      line: "LabelFilterErr|a",
      labels: { __error__: "LabelFilterErr", __error_details__: 'strconv.ParseFloat: parsing "a": invalid syntax', msg: "a" },
    });
  });
  test("a metric query fails on it, as on an error", () => {
    const at = { startMs: T, endMs: T };
    const streams = [{ labels: { app: "t" }, entries: [{ ms: T, line: LINE }] }];
    expect(() => evaluateStreams('count_over_time({app="t"} | json | __error__="" [1m])', at, streams)).toThrow("pipeline error: 'x'");
    expect(() => evaluateStreams('sum by (__error__) (count_over_time({app="t"} | json [1m]))', at, streams)).toThrow(`pipeline error: 'x' for series: '{__error__="x"}'`);
  });
});

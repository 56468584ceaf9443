// Which literals a line must contain to matter, derived from a pipeline (used to skip lines before decoding them).
import { describe, expect, test } from "bun:test";
import { parseQuery } from "./index.ts";
import { commonExcluded, excludedLiterals, requiredLiterals, unionLiterals } from "./prefilter.ts";

function stagesOf(query: string) {
  const q = parseQuery(query);
  return q.kind === "log" ? q.stages : q.kind === "range_agg" ? q.range.stages : [];
}

function literals(query: string, streamLabels: Record<string, string> = {}): string[] | undefined {
  return requiredLiterals(stagesOf(query), streamLabels);
}

describe("requiredLiterals", () => {
  test.each([
    ['{a="b"}', undefined],
    ['{a="b"} |= "ERROR"', ["ERROR"]],
    ['count_over_time({a="b"} |= "ERROR" [1h])', ["ERROR"]],
    ['{a="b"} |= "ERROR" or "WARN"', ["ERROR", "WARN"]],
    ['{a="b"} |= "a" |= "longer"', ["longer"]],
    ['{a="b"} |~ "timeout"', ["timeout"]],
    ['{a="b"} |~ "time.*out"', undefined],
    ['{a="b"} |~ "(?i)error"', undefined],
    ['{a="b"} != "x"', undefined],
    ['{a="b"} |= ""', undefined],
    ['{a="b"} |> "<_> GET /api/<_>"', [" GET /api/"]],
    // A line rewritten by line_format no longer holds what a later filter looks for.
    ['{a="b"} | json | line_format "{{.msg}}" |= "x"', undefined],
    ['{a="b"} |= "x" | line_format "{{.msg}}" |= "yy"', ["x"]],
    // A label a parser extracts: its value is in the line, or escaped (hence the backslash).
    ['{a="b"} | json | level="error"', ["error", "\\"]],
    ['{a="b"} | logfmt | level="error", status="500"', ["error", "\\"]],
    ['{a="b"} | pattern "<_> <level> <_>" | level="error"', ["error"]],
    ['{a="b"} |= "GET" | json | level="error"', ["GET"]],
    ['{a="b"} | json | level!="error"', undefined],
    ['{a="b"} | json | level="error" or level="warn"', undefined],
    ['{a="b"} | json | __error__=""', undefined],
    ['{a="b"} | level="error"', undefined], // no parser: only the stream's labels
    ['{a="b"} | json | label_format level=lvl | level="error"', undefined],
    // A decoded line gets U+FFFD for bytes that are not UTF-8: such a value may not be in the raw bytes.
    ['{a="b"} |= "\ufffd"', undefined],
    ['{a="b"} |~ "bad \ufffd"', undefined],
    ['{a="b"} |= "\ufffd" |= "bad"', ["bad"]],
    ['{a="b"} | json | level="\ufffd"', undefined],
  ])("%s", (q, want) => {
    expect(literals(q)).toEqual(want as string[] | undefined);
  });

  test("a stream label of that name makes the parsed one `_extracted`: no literal", () => {
    expect(literals('{a="b"} | json | level="error"', { level: "info" })).toBeUndefined();
  });

  // A name some of the streams the query reads carry as a label and others not (Row.sameSuffix): a line a parser may set it
  // on is read too, so that the engine meets the name wherever Loki's parser does.
  test.each([
    ['{a="b"} | logfmt | id="1234"', ["level"], ["1234", "\\", "level"]],
    ['{a="b"} | json | id="1234"', ["level"], ["1234", "\\", "level"]],
    ['{a="b"} | json | id="1234"', ["service_name", "env"], ["1234", "\\", "service", "env"]],
    // Before any parser a literal rules out only lines Loki's parser never reads.
    ['{a="b"} |= "GET" | json | id="1234"', ["level"], ["GET"]],
    ['{a="b"} | json | id="1234" |= "GET"', ["level"], ["1234", "\\", "level"]],
    // A parser that sets the name whatever the line holds: no literal after it.
    ['{a="b"} | regexp "(?P<level>\\\\w+) (?P<id>\\\\d+)" | id="1234"', ["level"], undefined],
    ['{a="b"} | pattern "<level> <id>" | id="1234"', ["level"], undefined],
    ['{a="b"} | json level, id | id="1234"', ["level"], undefined],
    ['{a="b"} | logfmt id | id="1234"', ["level"], ["1234", "\\"]],
    ['{a="b"} | regexp "(?P<id>\\\\d+)" | id="1234"', ["level"], ["1234"]],
    // A name of no part between underscores.
    ['{a="b"} | logfmt | id="1234"', ["_"], undefined],
  ] as [string, string[], string[] | undefined][])("%s, where %j differ", (q, differing, want) => {
    expect(requiredLiterals(stagesOf(q), {}, new Set(differing))).toEqual(want);
  });

  // A second parser of every key (json, logfmt, regexp, unpack) decides on a key once per query in Loki 3.4.6, on the first
  // line it meets it on (Row.decideKey): a line a literal after the first parser rules out still decides there, so only
  // the literals before the first parser are used (a line filter moves ahead of the parsers up to a label filter).
  test.each([
    ['{a="b"} | regexp "GET (?P<user>\\\\S+)" | logfmt | user="bob"', undefined],
    ['{a="b"} |= "user" | regexp "GET (?P<user>\\\\S+)" | logfmt | user="bob"', ["user"]],
    ['{a="b"} | regexp "GET (?P<user>\\\\S+)" | regexp "user=(?P<user>\\\\w+)" | user!="" |= "bob"', undefined],
    ['{a="b"} | logfmt | logfmt u="user" | u="bob"', undefined],
    ['{a="b"} | json | json | user="bob"', undefined],
    // pattern decides line by line, as the engine does; one parser alone decides the same on every line.
    ['{a="b"} | regexp "GET (?P<user>\\\\S+)" | pattern "<_> <user>" | user="bob"', ["bob"]],
    ['{a="b"} | logfmt | user="bob"', ["bob", "\\"]],
  ] as [string, string[] | undefined][])("a second parser that decides once per query: %s", (q, want) => {
    expect(literals(q)).toEqual(want);
  });

  test("unionLiterals: any pipeline's requirement, or none if one has none", () => {
    expect(unionLiterals([["a"], ["b", "a"]])).toEqual(["a", "b"]);
    expect(unionLiterals([["a"], undefined])).toBeUndefined();
  });
});

describe("excludedLiterals", () => {
  test.each([
    ['{a="b"}', undefined],
    ['{a="b"} != "debug"', ["debug"]],
    ['{a="b"} != "debug" or "trace"', ["debug", "trace"]],
    ['{a="b"} !~ "debug"', ["debug"]],
    ['{a="b"} !~ "debu."', undefined],
    ['{a="b"} != "debug" !~ "trace"', ["debug", "trace"]],
    ['{a="b"} | json != "debug"', ["debug"]], // parsers leave the line as it is
    ['{a="b"} |= "x" | line_format "{{.msg}}" != "debug"', undefined],
    ['{a="b"} | unpack != "debug"', undefined],
    ['{a="b"} != ""', undefined],
    // A line keeps its trailing CR, so the bytes hold it; U+FFFD also comes from invalid bytes.
    ['{a="b"} != "debug\r"', ["debug\r"]],
    ['{a="b"} != "\ufffd"', undefined],
    ['{a="b"} !> "<_> debug"', undefined],
  ])("%s", (q, want) => {
    expect(excludedLiterals(stagesOf(q))).toEqual(want as string[] | undefined);
  });

  test("a filter after a parser that may set a name some streams carry as a label and others not drops no line", () => {
    expect(excludedLiterals(stagesOf('{a="b"} != "x" | logfmt | id="1" != "debug"'), new Set(["level"]))).toEqual(["x"]);
    expect(excludedLiterals(stagesOf('{a="b"} | regexp "(?P<id>\\\\d+)" | id="1" != "debug"'), new Set(["level"]))).toEqual(["debug"]);
  });

  test("a filter after a parser that a second parser deciding once per query follows drops no line (Row.decideKey)", () => {
    expect(excludedLiterals(stagesOf('{a="b"} != "x" | regexp "GET (?P<user>\\\\S+)" | logfmt | user!="" != "bob"'))).toEqual(["x"]);
    expect(excludedLiterals(stagesOf('{a="b"} | label_format user=path | json | user!="" != "bob"'))).toBeUndefined();
    expect(excludedLiterals(stagesOf('{a="b"} | regexp "GET (?P<user>\\\\S+)" | pattern "<_> <user>" | user!="" != "bob"'))).toEqual(["bob"]);
  });

  test("commonExcluded: only what every pipeline drops", () => {
    expect(commonExcluded([["a", "b"], ["b", "c"]])).toEqual(["b"]);
    expect(commonExcluded([["a"], ["c"]])).toBeUndefined();
    expect(commonExcluded([["a"], undefined])).toBeUndefined();
  });
});

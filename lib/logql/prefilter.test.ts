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

  test("commonExcluded: only what every pipeline drops", () => {
    expect(commonExcluded([["a", "b"], ["b", "c"]])).toEqual(["b"]);
    expect(commonExcluded([["a"], ["c"]])).toBeUndefined();
    expect(commonExcluded([["a"], undefined])).toBeUndefined();
  });
});

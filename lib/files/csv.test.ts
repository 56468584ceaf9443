// Tests for format: csv — header columns, field counts, RFC 4180 quoting across lines, per-column rules.
import { describe, expect, test } from "bun:test";
import { CsvProbe } from "./csv.ts";
import { fieldRules } from "./fields.ts";

function check(text: string, columns: string[] = [], spec?: Parameters<typeof fieldRules>[0]): string | undefined {
  const p = new CsvProbe(columns, fieldRules(spec));
  p.onText(text);
  p.onEnd();
  return p.problems.render("s.csv");
}

describe("CsvProbe", () => {
  test.each([
    ["a well-formed file", "ts,component,errors\n1,api,0\n2,db,3\n", ["ts", "errors"], undefined, undefined],
    ["a BOM and CRLF line ends", "\uFEFFts,errors\r\n1,0\r\n", ["ts"], undefined, undefined],
    ["a missing column", "ts,component\n1,api\n", ["ts", "errors", "p50"], undefined, 's.csv:1: header lacks columns "errors", "p50": ts,component'],
    ["a ragged row", "a,b,c\n1,2,3\n1,2\n", [], undefined, "s.csv:3: 2 fields, the header has 3: 1,2"],
    ["quoted commas and doubled quotes", 'a,b\n"x, y","say ""hi"""\n', [], undefined, undefined],
    ["a quoted field spanning lines keeps the record's first line number", 'a,b\n"multi\nline",2\n3\n', [], undefined, "s.csv:4: 1 fields, the header has 2: 3"],
    ["an unterminated quote", 'a,b\n1,"open\n', [], undefined, 's.csv:2: unterminated quoted field: 1,"open'],
    ["an empty file", "", [], undefined, "s.csv: empty file: no header row"],
    ["required_fields must be non-empty", "a,b\n1,\n", [], ["b"], 's.csv:2: empty field "b": 1,'],
    ["a matcher on a column's values", "a,n\nx,5\ny,50\n", [], { n: { lt: 10 } }, 's.csv:3: field "n" is "50", expected < 10: y,50'],
    ["a required field that is not a column is reported once, on the header", "a\n1\n2\n", [], ["b"], 's.csv:1: header lacks column "b": a'],
  ])("%s", (_, text, columns, spec, problem) => {
    expect(check(text, columns, spec)).toBe(problem);
  });
});

test("a header that lacks a column because the rows end with a lone CR says so", () => {
  expect(check("ts,errors\r1,0\r2,3\r", ["errors"])).toStartWith('s.csv:1: header lacks column "errors" (its rows end with a lone CR, which ends no row here: write LF or CRLF line ends)');
  expect(check("ts,count\n1,0\n", ["errors"])).toStartWith('s.csv:1: header lacks column "errors": ');
});

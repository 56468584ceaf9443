// Tests for format: json — one document per file, required fields on it or on each item of a top-level list.
import { describe, expect, test } from "bun:test";
import { JsonDocProbe } from "./json-doc.ts";
import { fieldRules } from "./fields.ts";

const NAN_HINT = "(NaN and Infinity are not JSON; Python's json.dumps writes them unless allow_nan=False)";

function check(chunks: string[], fields?: string[]): string | undefined {
  const p = new JsonDocProbe(fieldRules(fields));
  for (const c of chunks) p.onBytes(Buffer.from(c));
  p.onEnd();
  return p.problems.render("d.json", "problem");
}

describe("JsonDocProbe", () => {
  test.each([
    ["a document split across chunks", ['{"a":', '1, "b": [1,2]}'], ["a", "b"], undefined],
    ["any document without fields", ["[1, 2, 3]"], undefined, undefined],
    ["a bare NaN is no JSON, and the hint says why it is there", ['{"loss": NaN}'], undefined, `d.json: not valid JSON ${NAN_HINT}: {"loss": NaN}`],
    ["invalid JSON quotes the start", ['{"a": tru'], undefined, /^d\.json: not valid JSON \(.+\): \{"a": tru$/],
    ["an empty file", ["  \n"], undefined, "d.json: empty file: not a JSON document"],
    ["a file of JSON whitespace is empty", [" \t\r\n"], undefined, "d.json: empty file: not a JSON document"],
    ["a file of other whitespace is not JSON", ["\u00A0\n"], undefined, "d.json: not valid JSON (whitespace only, of U+00A0: JSON whitespace is only space, tab, CR and LF): \u00A0\n"],
    // A UTF-8 BOM at the file's start is the encoding's mark, as json.loads of the bytes and jq take it.
    ["a BOM at the file's start", ['\uFEFF{"a":1}'], ["a"], undefined],
    ["a BOM alone is an empty file", ["\uFEFF\n"], undefined, "d.json: empty file: not a JSON document"],
    ["a BOM after the start fails, and is named", ['\n\uFEFF{"a":1}'], undefined, 'd.json: not valid JSON (a BOM, U+FEFF, after the file\'s start: only the start may have one): \uFEFF{"a":1}'],
    ["two BOMs", ['\uFEFF\uFEFF{"a":1}'], undefined, 'd.json: not valid JSON (a BOM, U+FEFF, after the file\'s start: only the start may have one): \uFEFF{"a":1}'],
    ["a missing field on the document", ['{"a":1}'], ["a", "b"], 'd.json: the document: missing field "b": {"a":1}'],
    ["list items that are not objects", ['[{"a":1}, 2, 3]'], ["a"], "d.json: item [1] is not a JSON object: 2 (and 1 more problem in this file)"],
  ])("%s", (_, chunks, fields, expected) => {
    const got = check(chunks, fields);
    if (expected instanceof RegExp) expect(got).toMatch(expected);
    else expect(got).toBe(expected);
  });

  test("a BOM whose bytes come in separate chunks", () => {
    const p = new JsonDocProbe(fieldRules(["a"]));
    for (const c of [[0xef], [0xbb], [0xbf, 0x7b], [...Buffer.from('"a":1}')]]) p.onBytes(Buffer.from(c));
    p.onEnd();
    expect(p.problems.count).toBe(0);
    expect(p.problems.records).toBe(1);
  });
});

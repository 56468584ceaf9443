// Tests for format: json — one document per file, required fields on it or on each item of a top-level list.
import { describe, expect, test } from "bun:test";
import { JsonDocProbe } from "./json-doc.ts";
import { fieldRules } from "./fields.ts";

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
    ["invalid JSON quotes the start", ['{"a": tru'], undefined, /^d\.json: not valid JSON \(.+\): \{"a": tru$/],
    ["an empty file", ["  \n"], undefined, "d.json: empty file: not a JSON document"],
    ["a missing field on the document", ['{"a":1}'], ["a", "b"], 'd.json: the document: missing field "b": {"a":1}'],
    ["list items that are not objects", ['[{"a":1}, 2, 3]'], ["a"], "d.json: item [1] is not a JSON object: 2 (and 1 more problem in this file)"],
  ])("%s", (_, chunks, fields, expected) => {
    const got = check(chunks, fields);
    if (expected instanceof RegExp) expect(got).toMatch(expected);
    else expect(got).toBe(expected);
  });
});

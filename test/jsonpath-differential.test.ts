// The JSONPath differential, a fixed-seed slice: the tool's matches and verdicts against jq's (see
// test/jsonpath-differential/). The script there runs any seed and count. Also the cases it found, as regressions.
import { describe, expect, test } from "bun:test";
import { isIndefinitePath, jsonPathError, queryJsonPath } from "../lib/steps/shared/jsonpath.ts";
import { runDifferential } from "./jsonpath-differential/compare.ts";
import { describeRequiring } from "./helpers/requires.ts";

const jqMissing = Bun.which("jq") === null ? "no jq on PATH (apt-get install jq)" : undefined;

describeRequiring("JSONPath differential against jq (fixed seeds)", "jq", jqMissing, () => {
  test.each([20260101, 7])("seed %p: 40 documents × 10 paths, values and verdicts agree", async (seed) => {
    const { differences, paths, verdicts } = await runDifferential(seed, 40, 10);
    expect(paths).toBeGreaterThan(300);
    expect(verdicts).toBeGreaterThan(1500);
    expect(differences).toEqual([]);
  });
});

// Each was a difference the fuzzer found: the path, the document, the matches jq gives (RFC 9535's rules), or the
// start of the load error for a path refused.
const REGRESSIONS: [string, unknown, unknown[] | string][] = [
  ["$.name[-2]", { name: [{ a: 1 }, ["x"], { b: 2 }, "s"] }, [{ b: 2 }]],
  ["$[?(@.b >= false || @.a >= null)]", { x: { a: [], b: true }, y: { a: null } }, [{ a: null }]],
  ["$[0].*[*][?(@ < 1.5)]", [[{ a: ["[", false, -1e-300] }]], [-1e-300]],
  ["$[?(@ < false)]", { n: -1, m: false }, []],
  ["$[-1][0].*[?(@.id != 1)]", [[{ n: ["q"] }, "a.b"]], ["q"]],
  ["$[?(@.n == 'a')][1].id", [[], { id: 3 }, null, -1e-300], []],
  ["$[0][*][?(@.n != 0)]", [[{ n: { k: null } }, 0, [null, { a: null }]], null], [{ k: null }, null, { a: null }]],
  ["$[2,0]", "é😀", []],
  ["$..[0]", { s: "x y", l: ["ab"] }, ["ab"]],
  ["$..name[1]", { name: [{ name: "q\"uote" }, "a", true] }, ["a"]],
  ["$[2][*]", [1.5, 9, { "c]d": 1e300, ok: null, "*": 9 }], [1e300, null, 9]],
  ["$.a['$']", { a: 9, b: { $: 1 } }, []],
  // jsonpath-plus misread these names and a union's negative index, so such paths were refused when loading; the
  // evaluator of our own reads them as RFC 9535 does.
  ["$..b['..']", { b: { "..": 1 }, c: [{ b: { "..": 2 } }] }, [1, 2]],
  ["$['$'].*.*", { $: { a: { x: 1 }, b: [2, 3] } }, [1, 2, 3]],
  ["$..['c]d']", { "c]d": 1, l: [{ "c]d": 2 }] }, [1, 2]],
  ["$['~'][*][1]", { "~": [[0, 1], [2, 3], "ab"] }, [1, 3]],
  ["$..['@']", { "@": { "@": 2 } }, [{ "@": 2 }, 2]],
  ["$[0,-1]", [1, 2, 3], [1, 3]],
  ["$[-1,0,-4]", [1, 2, 3], [3, 1]],
];

describe("the differences the fuzzer found stay fixed", () => {
  test.each(REGRESSIONS)("%s", async (path, doc, want) => {
    if (typeof want === "string") {
      expect(jsonPathError(path)).toStartWith(want);
      return;
    }
    expect(jsonPathError(path)).toBeUndefined();
    // A path naming one place gives its value, any other the list of its matches (docs/steps/http.md).
    const value = want.length === 0 ? undefined : isIndefinitePath(path) ? want : want[0];
    expect(await queryJsonPath(path, doc, true)).toEqual({ ok: true, value });
  });
});

// The JSONPath differential, a fixed-seed slice: the tool's matches and verdicts against jq's (see
// test/jsonpath-differential/). The script there runs any seed and count. Also the cases it found, as regressions.
import { describe, expect, test } from "bun:test";
import { isIndefinitePath, jsonPathError, queryJsonPath } from "../lib/steps/shared/jsonpath.ts";
import { runDifferential } from "./jsonpath-differential/compare.ts";
import { JQ_PRELUDE, rfcSlice } from "./jsonpath-differential/forms.ts";
import { SYNC_CHILD_LIMIT } from "./helpers/bounded-spawn.ts";
import { describeRequiring } from "./helpers/requires.ts";

const jqMissing = Bun.which("jq") === null ? "no jq on PATH (apt-get install jq)" : undefined;

describeRequiring("JSONPath differential against jq (fixed seeds)", "jq", jqMissing, () => {
  test.each([20260101, 7])("seed %p: 40 documents × 10 paths, values and verdicts agree", async (seed) => {
    const { differences, paths, verdicts } = await runDifferential(seed, 40, 10);
    expect(paths).toBeGreaterThan(300);
    expect(verdicts).toBeGreaterThan(1500);
    expect(differences).toEqual([]);
  });

  // The forms the first generator does not write (forms.ts): filters without parentheses, with $, nested, with ! and
  // parentheses; slices with steps; unions and .. of filters and slices; escapes; numbers spelled 1.0, 1e3, -0.
  test.each([3, 20261202])("seed %p, new forms: 60 documents × 10 paths, values and verdicts agree", async (seed) => {
    const { differences, paths, verdicts } = await runDifferential(seed, 60, 10, true);
    expect(paths).toBe(600);
    expect(verdicts).toBeGreaterThan(2500);
    expect(differences).toEqual([]);
  });

  test("the jq slice the differential uses is rfcSlice (RFC 9535 §2.3.4.2.2) on every bound and step from -7 to 7", () => {
    const combos = sliceCombos();
    const program = `${JQ_PRELUDE}\n[.[] as [$len, $a, $b, $c] | [range($len)] | [_jp_slice($a; $b; $c // 1)]]`;
    const input = JSON.stringify(combos.map(([len, a, b, c]) => [len, a ?? null, b ?? null, c ?? null]));
    const run = Bun.spawnSync(["jq", "-c", program], { stdin: Buffer.from(input), ...SYNC_CHILD_LIMIT });
    expect(run.stderr.toString()).toBe("");
    const jq = JSON.parse(run.stdout.toString()) as number[][];
    expect(jq.length).toBe(combos.length);
    expect(combos.filter(([len, a, b, c], i) => JSON.stringify(jq[i]) !== JSON.stringify(rfcSlice(len, a, b, c)))).toEqual([]);
    // the comparison is between real selections: jq's answers hold every length a list of 0 to 6 items can give
    expect([...new Set(jq.map((selected) => selected.length))].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });
});

/** Every slice [a:b:c] with a, b and c from -7 to 7 or left out, on lists of 0 to 6 items. */
function sliceCombos(): [number, number | undefined, number | undefined, number | undefined][] {
  const values = [undefined, ...Array.from({ length: 15 }, (_, i) => i - 7)];
  const combos: [number, number | undefined, number | undefined, number | undefined][] = [];
  for (let len = 0; len <= 6; len++) for (const a of values) for (const b of values) for (const c of values) combos.push([len, a, b, c]);
  return combos;
}

test("slices select as RFC 9535 §2.3.4.2.2 (rfcSlice) on every bound and step from -7 to 7, left out or written", () => {
  const wrong: string[] = [];
  for (const [len, a, b, c] of sliceCombos()) {
    const list = Array.from({ length: len }, (_, i) => i);
    const path = `$[${a ?? ""}:${b ?? ""}${c === undefined ? "" : `:${c}`}]`;
    const want = rfcSlice(len, a, b, c);
    const found = queryJsonPath(path, list, true);
    const got = !found.ok ? found.error : found.value === undefined ? [] : isIndefinitePath(path) ? found.value : [found.value];
    if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${path} on ${len} items: ${JSON.stringify(got)}, RFC ${JSON.stringify(want)}`);
  }
  expect(wrong).toEqual([]);
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

// Tests of the JSONPath helpers: load-time syntax check, evaluation (none / one / several matches), expect.json checks.
import { describe, expect, test } from "bun:test";
import { checkJsonPaths, jsonPathError, lazyJson, queryJsonPath, queryWithLibrary } from "./jsonpath.ts";
import { jsonPathMap } from "./jsonpath-schema.ts";
import { evaluate } from "../../expect/matcher.ts";
import { matcherSchema } from "../../expect/matcher-schema.ts";

const doc = { data: [{ id: "a", n: 1 }, { id: "b", n: 5 }], s: "x", z: null };

describe("jsonPathError", () => {
  test.each(["$", "$.data[0].id", "$.data[*].id", "$..id", "$['a]b']", "$.data[?(@.n > 2)].id", '$["x"]'])("accepts %p", (p) => {
    expect(jsonPathError(p)).toBeUndefined();
  });

  test.each([
    ["data[0]", 'starts with "$"'],
    ["$.data[0", 'missing "]"'],
    ["$.data]", 'unbalanced "]"'],
    ["$.a[?(@.n>1]", 'unbalanced "]"'],
    ["$['abc]", "unclosed quote"],
    ["$.data[]", "empty []"],
    ["$.data.", 'ends with "."'],
    ["$..", 'ends with ".."'],
  ])("rejects %p (%s)", (p, message) => {
    expect(jsonPathError(p)).toContain(message);
  });

  test("a union with a negative index is refused (the library reads -1 there as a key)", () => {
    expect(jsonPathError("$.a[0,-1]")).toContain("negative index");
    expect(jsonPathError("$.a[-1]")).toBeUndefined();
    expect(jsonPathError("$.a[*][0,1]")).toBeUndefined();
  });

  test.each(["$.a[*]['x.y']", "$..['a b']", "$.a[?(@.s == 'x]y')]", "$['$']['*']", "$['x\\'y']"])("accepts the names the library reads right, and any in a path of names and indices: %p", (p) => {
    expect(jsonPathError(p)).toBeUndefined();
  });

  test("jsonPathMap reports the bad key by path", () => {
    const r = jsonPathMap(matcherSchema).safeParse({ "$.ok": 1, "bad": 2 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path)).toEqual([["bad"]]);
  });
});

describe("queryJsonPath", () => {
  test.each([
    ["$.data[0].id", "a"],
    ["$.data[*].id", ["a", "b"]],
    ["$..id", ["a", "b"]],
    ["$.data[?(@.n > 2)].id", "b"],
    ["$.z", null],
    ["$.nope", undefined],
    ["$.data[7]", undefined],
  ])("%p → %p", async (path, value) => {
    expect(await queryJsonPath(path, doc)).toEqual({ ok: true, value });
  });

  test("$ on a scalar document is the scalar", async () => {
    expect(await queryJsonPath("$", 5)).toEqual({ ok: true, value: 5 });
  });

  test("a path the library cannot parse is an error, not a throw", async () => {
    const r = await queryJsonPath("$.data[?(@.n >", doc);
    expect(r.ok).toBe(false);
  });
});

describe("filters compare without converting types, as RFC 9535 and jq do", () => {
  const doc = { items: [{ id: "a", n: 0 }, { id: "b", n: 5 }, { id: "c", n: false }, { id: "d", n: "0" }, { id: "e", n: "" }] };
  test.each([
    ["$.items[?(@.n == 0)].id", ["a"]],
    ["$.items[?(@.n == '5')].id", undefined],
    ["$.items[?(@.n == \"0\")].id", ["d"]],
    ["$.items[?(@.n != 0)].id", ["b", "c", "d", "e"]],
    ["$.items[?(@.n === 0 || @.n == false)].id", ["a", "c"]],
    ["$.items[?(@.n !== 0 && @.n != '')].id", ["b", "c", "d"]],
    ["$.items[?(@.id == 'a==b' || @.n >= 5)].id", ["b"]],
  ])("%s", async (path, want) => {
    expect(await queryJsonPath(path, doc, true)).toEqual({ ok: true, value: want });
  });
});

describe("filters compare as RFC 9535 does: < <= > >= between two numbers or two strings only, == by content", () => {
  const doc = { items: [{ id: "s", n: "5" }, { id: "t", n: true }, { id: "z", n: null }, { id: "l", n: [5] }, { id: "five", n: 5 }, { id: "m" }, { id: "o", n: { k: [1] } }] };
  test.each([
    // JavaScript's coercions matched the string "5", true, null and [5] here.
    ["$.items[?(@.n > 1)].id", ["five"]],
    ["$.items[?(@.n >= 0)].id", ["five"]],
    ["$.items[?(@.n < 1)].id", undefined],
    ["$.items[?(@.n <= null)].id", ["z"]],
    ["$.items[?(@.n > '4')].id", ["s"]],
    ["$.items[?(@.n == @.n)].id", ["s", "t", "z", "l", "five", "m", "o"]],
    ["$.items[?(@.missing <= @.other)].id", ["s", "t", "z", "l", "five", "m", "o"]],
  ])("%s", async (path, want) => {
    expect(await queryJsonPath(path, doc, true)).toEqual({ ok: true, value: want });
  });

  test("text compares by code point, as RFC 9535 and jq order it", async () => {
    expect(await queryJsonPath("$[?(@ > '\uffff')]", ["😀", "a"], true)).toEqual({ ok: true, value: ["😀"] });
  });
});

describe("a filter reading a member of null or of a missing value reads nothing (the whole path was an error)", () => {
  const doc = { items: [{ id: "a", a: { b: 1 } }, { id: "b" }, null, { id: "c", a: null }, { id: "d", a: { b: 2 } }] };
  test.each([
    ["$.items[?(@.a.b == 1)].id", ["a"]],
    ["$.items[?(@.a.b != 1)].id", ["b", "c", "d"]],
    ["$.items[?(@.id == 'b')].id", ["b"]],
    ["$.items[?(@.a.b.c > 0)].id", undefined],
  ])("%s", async (path, want) => {
    expect(await queryJsonPath(path, doc, true)).toEqual({ ok: true, value: want });
  });
});

describe("[-N] is the item N from the end of a list, in the direct walk and through the library", () => {
  const doc = { data: [{ id: "a" }, { id: "b" }, { id: "c" }], m: { "-1": "key" } };
  test.each([
    ["$.data[-1].id", "c"],
    ["$.data[-3].id", "a"],
    ["$.data[-4].id", undefined],
    ["$.data[-2:][-1].id", undefined],
    ["$..data[-1].id", ["c"]],
    ["$.data[*].id[-1]", undefined],
    // On a mapping an index selects nothing; its key "-1" is ['-1'].
    ["$.m[-1]", undefined],
    ["$.m['-1']", "key"],
    ["$.data[?(@.id != 'x')][-1]", undefined],
  ])("%s", async (path, want) => {
    expect(await queryJsonPath(path, doc, true)).toEqual({ ok: true, value: want });
  });

  test("a check of the last item sees it (exists: false passed on nothing matched)", async () => {
    const checks = await checkJsonPaths({ "$.data[-1]": { exists: false }, "$.data[-1].id": "c" }, () => ({ ok: true, value: doc }));
    expect(checks.map((c) => c.ok)).toEqual([false, true]);
  });
});

describe("checkJsonPaths", () => {
  test("one check per path, expected and actual filled in", async () => {
    const checks = await checkJsonPaths({ "$.data[0].id": "a", "$.s": { eq: "y" }, "$.nope": { exists: false } }, lazyJson(JSON.stringify(doc), "stdout"));
    expect(checks).toEqual([
      { path: "json $.data[0].id", expected: '== "a"', actual: "a", ok: true },
      { path: "json $.s", expected: '== "y"', actual: "x", ok: false },
      { path: "json $.nope", expected: "does not exist", actual: undefined, ok: true },
    ]);
  });

  test("names and indices only: the checks come back at once, equal to the library's answers matched one by one", async () => {
    const { JSONPath } = await import("jsonpath-plus");
    const paths = { "$.data[0].id": "a", "$.data[1].n": { gt: 2 }, "$.s": { eq: "y" }, "$.nope": { exists: false }, "$.z": null, "$['data'][1]": { type: "object" } };
    const direct = checkJsonPaths(paths, lazyJson(JSON.stringify(doc), "stdout"));
    expect(Array.isArray(direct)).toBe(true);
    const byLibrary = Object.entries(paths).flatMap(([path, matcher]) => {
      const found = JSONPath({ path, json: doc, wrap: true, eval: "safe" }) as unknown[];
      return evaluate(matcher, found.length === 0 ? undefined : found.length === 1 ? found[0] : found, `json ${path}`);
    });
    expect(direct).toEqual(byLibrary);
  });

  test("paths that need the library keep their place among the direct ones, and a bad one keeps its error", async () => {
    const checks = await checkJsonPaths({ "$.s": "x", "$.data[*].id": ["a", "b"], "$.z": null, "$.data[?(@.n >": 1, "$.data[0].n": 1 }, lazyJson(JSON.stringify(doc), "stdout"));
    expect(checks.map((c) => [c.path, c.ok])).toEqual([["json $.s", true], ["json $.data[*].id", true], ["json $.z", true], ["json $.data[?(@.n >", false], ["json $.data[0].n", true]]);
    expect(checks[3]!.expected).toBe("a valid JSONPath");
    expect(String(checks[3]!.actual)).toStartWith('invalid JSONPath "$.data[?(@.n >": ');
  });

  test("a text that is not JSON fails with the parse error and the text's start", async () => {
    const checks = await checkJsonPaths({ "$.a": 1 }, lazyJson("hello", "stdout"));
    expect(checks).toHaveLength(1);
    expect(checks[0]!.ok).toBe(false);
    expect(checks[0]!.path).toBe("json");
    expect(String(checks[0]!.actual)).toContain('stdout is not JSON');
    expect(String(checks[0]!.actual)).toContain('"hello"');
  });
});

describe("the direct walk of simple paths agrees with the library", () => {
  const hard = JSON.parse('{"a.b": 1, "0": "zero", "-1": "minus", "length": 2, "__proto__": {"x": 1}, "constructor": 3, "": 4, "x\'y": 5, "c d": 6, "$": 7, "*": 8, "..": 9, "~": 10, "@": 11}') as unknown;
  const docs: unknown[] = [doc, [1, [2, 3]], { "a.b": { "c d": [0, { e: false }] } }, { length: 3, "0": "zero" }, "text", 7, { o: { s: "str" } }, hard, [hard, [hard]], { l: ["x", "y"] }];
  const paths = ["$", "$.data", "$.data[1].id", "$.data.length", "$[1][0]", "$['a.b']['c d'][1].e", '$["a.b"]', "$.length", "$[0]", "$.o.s.length", "$.o.s[0]", "$.nope.deeper", "$.constructor", "$.data[0].toString",
    "$['0']", "$['-1']", "$[-1]", "$[-2][0]", "$['length']", "$.__proto__", "$['__proto__'].x", "$['constructor']", "$['']", "$['x\\'y']", "$['c d']", "$.l[-1]", "$.l[-3]", "$[1][-1][-1]['a.b']", "$[-0]", "$.l[-0]", "$.l[-00]"];
  test.each(paths)("%p", async (path) => {
    for (const d of docs) {
      expect({ path, doc: d, ...(await queryJsonPath(path, d)) }).toEqual({ path, doc: d, ...(await queryWithLibrary(path, d)) });
    }
  });

  // The library reads these names as JSONPath ($ the root, * a wildcard, .. a descent, ~ property names, @ an error):
  // the walk takes them as keys, and a path that would reach the library with one is refused when loading.
  test.each(["$", "*", "..", "~", "@", "c]d", "%@%", "a;b", "(x)", "^"])("the name %p: the walk reads the key; a library path with it is refused", async (name) => {
    const d = JSON.parse(JSON.stringify({ w: [{ [name]: "V" }] })) as unknown;
    expect(await queryJsonPath(`$.w[0]['${name}']`, d)).toEqual({ ok: true, value: "V" });
    expect(await queryJsonPath(`$.w[-1]["${name}"]`, d)).toEqual({ ok: true, value: "V" });
    expect(await queryJsonPath(`$.w[0]["x'y"]`, { w: [{ "x'y": 1 }] })).toEqual({ ok: true, value: 1 });
    for (const path of [`$..['${name}']`, `$.w[*]['${name}']`, `$.w[?(@.n > 1)]["${name}"]`]) expect(jsonPathError(path)).toContain(`the name ${JSON.stringify(name)} in JSONPath`);
  });

  test("a wildcard after an index or a union is a wildcard also on a mapping with a key \"*\" (the library took that key alone)", async () => {
    const d = { l: [1, { x: 1, "*": 7, "..": { id: 2 } }] };
    expect(await queryJsonPath("$.l[1][*]", d, true)).toEqual({ ok: true, value: [1, 7, { id: 2 }] });
    expect(await queryJsonPath("$.l[0,1].*", d, true)).toEqual({ ok: true, value: [1, 7, { id: 2 }] });
    expect(await queryJsonPath("$.l[1]..id", d, true)).toEqual({ ok: true, value: [2] });
  });

  test("names and indices on a number or null select nothing (the walk handed them to the library, which read ['$'] as the root)", async () => {
    expect(await queryJsonPath("$.a['$']", { a: 5 })).toEqual({ ok: true, value: undefined });
    expect(await queryJsonPath("$.a['*'][0]", { a: null })).toEqual({ ok: true, value: undefined });
  });

  test("a string has no members (the library read $.s[0] and $.s.length as its UTF-16 units)", async () => {
    for (const path of ["$.s[0]", "$.s.length", "$.s[1,2]", "$..[0]", "$..length"]) expect(await queryJsonPath(path, { s: "é😀" })).toEqual({ ok: true, value: undefined });
    expect(await queryJsonPath("$..[0]", { l: ["ab", "c"] }, true)).toEqual({ ok: true, value: ["ab"] });
  });

  test("$ of a null document is null", async () => {
    expect(await queryJsonPath("$", null)).toEqual({ ok: true, value: null });
  });
});

describe("a path that can match several values is checked as a list, also when it matches one", () => {
  const doc = { data: [{ id: "m-10", n: "abc" }] };
  const verdicts = async (json: Record<string, unknown>) => (await checkJsonPaths(json, () => ({ ok: true, value: doc }))).map((c) => c.ok);
  test.each([
    // One match was the item itself: contains looked inside the string "m-10", length measured "abc".
    [{ "$.data[*].id": { contains: "m-1" } }, [false]],
    [{ "$.data[*].n": { length: 3 } }, [false]],
    [{ "$.data[*].id": { every: { matches: "^m-" } } }, [true]],
    [{ "$.data[*].id": ["m-10"] }, [true]],
    [{ "$..id": { length: 1 } }, [true]],
    // Nothing matched stays undefined, whatever the path: exists: true must not pass on an empty list.
    [{ "$.data[?(@.id == 'x')]": { exists: true } }, [false]],
    [{ "$.data[?(@.id == 'x')]": { exists: false } }, [true]],
    [{ "$.data[0].id": "m-10" }, [true]],
    // [-1:], the last item (there is no [-1]), names one place: its value, as an index gives it.
    [{ "$.data[-1:].id": "m-10" }, [true]],
    [{ "$.data[0:5].id": ["m-10"] }, [true]],
  ])("%j → %j", async (json, want) => {
    expect(await verdicts(json)).toEqual(want);
  });
});

test("a filter of a member alone keeps the items whose member is true as JavaScript reads it (docs/steps/http.md)", async () => {
  // RFC 9535 would keep every item that has the member, jq's select(.e) all but null and false: the docs name the difference.
  const doc = { items: [{ e: 0 }, { e: "" }, { e: false }, { e: null }, { e: "x" }, { e: [] }, { e: {} }, {}] };
  expect(await queryJsonPath("$.items[?(@.e)].e", doc, true)).toEqual({ ok: true, value: ["x", [], {}] });
});

test("blanks around a bracket's selectors are read as RFC 9535 reads them, not as part of a key", async () => {
  // The library read [0, 1] as the index 0 and the key " 1", [ 1 ] as the key " 1 " and [ * ] as a key.
  const doc = { l: ["a", "b", "c"], m: { " 1 ": "blank key", "a b": 1 } };
  const cases: [string, unknown][] = [
    ["$.l[ 1 ]", "b"], ["$.l[1 ]", "b"], ["$.l[ -1 ]", "c"], ["$.l[0, 1]", ["a", "b"]], ["$.l[ 0:2 ]", ["a", "b"]],
    ["$.l[ * ]", ["a", "b", "c"]], ["$.m[ 'a b' ]", 1], ["$.m[' 1 ']", "blank key"], ["$.l[?( @ == 'b' )]", ["b"]],
  ];
  for (const [path, value] of cases) expect({ path, got: await queryJsonPath(path, doc, true) }).toEqual({ path, got: { ok: true, value } });
  expect(jsonPathError("$.l[ * ]['c]d']")).toContain('in JSONPath "$.l[ * ][\'c]d\']"');
});

// Tests of the JSONPath helpers: load-time syntax check, evaluation (none / one / several matches), expect.json checks.
import { describe, expect, test } from "bun:test";
import { checkJsonPaths, isIndefinitePath, jsonPathError, jsonPathProblem, lazyJson, queryJsonPath, severalComparedWhole, severalNeverPasses } from "./jsonpath.ts";
import { jsonPathMap } from "./jsonpath-schema.ts";
import { matcherSchema } from "../../expect/matcher-schema.ts";
import former from "../../../test/fixtures/jsonpath-former-answers.json";

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

  test.each(["$.a[*]['x.y']", "$..['a b']", "$.a[?(@.s == 'x]y')]", "$['$']['*']", "$['x\\'y']", "$.a[0,-1]", "$..['$']", "$.a[?@.n > 1]", "$.a-b.é", "$.a[1:5:2]", "$.a[?(@.n == $.max)]"])("accepts %p", (p) => {
    expect(jsonPathError(p)).toBeUndefined();
  });

  // `.-1` was the key "-1": nothing on a list, so `{exists: false}` passed while `$.items.1` picked an item. RFC 9535 and jq
  // refuse a name that starts with "-".
  test.each([
    ["$.items.-1", "$.items[-1]", 8],
    ["$.a.-0", "$.a[-0]", 4],
    ["$..-1", "$..[-1]", 3],
    ["$.a.-12.b", "$.a[-12]", 4],
    ["$.a.-x", "$.a['-x']", 4],
  ])("refuses %p, saying to write %p, at the \"-\"", (p, write, at) => {
    const problem = jsonPathProblem(p)!;
    expect(problem.message).toContain(`write ${write}`);
    expect(problem.at).toBe(at);
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

  test("a path that does not parse is an error, not a throw (jsonPathError refuses it when loading)", async () => {
    const r = await queryJsonPath("$.data[?(@.n >", doc);
    expect(r.ok).toBe(false);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^invalid JSONPath "\$\.data\[\?\(@\.n >": /) });
    expect(jsonPathError("$.data[?(@.n >")).toBe('missing ")" in JSONPath "$.data[?(@.n >"');
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

describe("[-N] is the item N from the end of a list, alone, in a union and in a filter", () => {
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
    // A union reads -1 as an index too (jsonpath-plus read it as a key: such a union was refused when loading).
    ["$.data[0,-1].id", ["a", "c"]],
    ["$.data[-1,-9,-3].id", ["c", "a"]],
    ["$.m[0,-1]", undefined],
    // In a filter's query (jsonpath-plus's JavaScript read @.l[-1] as the key "-1": nothing)
    ["$.data[?(@.id == $.data[-1].id)].id", ["c"]],
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

  test("the checks come back at once (an array, not a promise), for any path", () => {
    const direct = checkJsonPaths({ "$.data[0].id": "a", "$.data[1].n": { gt: 2 }, "$..id": ["a", "b"], "$.data[?(@.n > 2)].id": ["b"] }, lazyJson(JSON.stringify(doc), "stdout"));
    expect(Array.isArray(direct)).toBe(true);
    expect(direct.map((c) => [c.path, c.ok])).toEqual([["json $.data[0].id", true], ["json $.data[1].n", true], ["json $..id", true], ["json $.data[?(@.n > 2)].id", true]]);
  });

  test("every path keeps its place, and a bad one (not loaded through the schema) keeps its error", async () => {
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

describe("a check that nothing matches needs something to look through", () => {
  const check = (path: string, matcher: unknown, value: unknown) => checkJsonPaths({ [path]: matcher }, () => ({ ok: true, value }));
  test("{exists: false} on a filter fails when the list it looks through is missing: it held for any response", () => {
    const filter = "$.data.items[?(@.level == 'error')]";
    for (const body of [{ data: { itmes: [] } }, { status: "error", message: "boom" }, { data: null }, []]) {
      const [c, ...rest] = check(filter, { exists: false }, body);
      expect(rest).toEqual([]);
      expect([body, c!.ok, c!.actual]).toEqual([body, false, `nothing at $.data.items, so ${filter} had nothing to look through: the check would hold for any response without it`]);
    }
    expect(check("$.a['b c'][*].x", { exists: false }, {})[0]!.actual).toStartWith("nothing at $.a[\"b c\"], so");
    expect(check("$.rows[0][*]", { exists: false }, { rows: [] })[0]!.actual).toStartWith("nothing at $.rows[0], so");
  });

  test("{exists: false} fails when the part it looks through is a text, a number or a boolean: an error response of another shape", () => {
    for (const [items, shown] of [["error: upstream down", 'a text ("error: upstream down")'], [0, "a number (0)"], [false, "a boolean (false)"]] as const) {
      for (const path of ["$.items[?(@.level == 'error')]", "$.items[*].level", "$.items[0:5]", "$.items..level"]) {
        const [c, ...rest] = check(path, { exists: false }, { items });
        expect(rest).toEqual([]);
        expect([path, c!.ok, c!.actual]).toEqual([path, false, `$.items is ${shown}, not a list or a mapping, so ${path} had nothing to look through: the check would hold for any response of that shape`]);
      }
    }
  });

  test("it holds when the list is there and nothing in it matches, also when the list is empty or null; from $ or .. there is always something", () => {
    for (const body of [{ data: { items: [{ level: "info" }] } }, { data: { items: [] } }, { data: { items: null } }, { data: { items: { a: { level: "info" } } } }])
      expect([body, check("$.data.items[?(@.level == 'error')]", { exists: false }, body).map((c) => c.ok)]).toEqual([body, [true]]);
    expect(check("$[?(@.level == 'error')]", { exists: false }, {}).map((c) => c.ok)).toEqual([true]);
    expect(check("$..error", { exists: false }, { a: 1 }).map((c) => c.ok)).toEqual([true]);
    // A match still fails as before, and a singular path keeps its reading.
    expect(check("$.data.items[?(@.level == 'error')]", { exists: false }, { data: { items: [{ level: "error" }] } }).map((c) => c.ok)).toEqual([false]);
    expect(check("$.data.error", { exists: false }, {}).map((c) => c.ok)).toEqual([true]);
  });
});

describe("names, indices and strings", () => {
  // jsonpath-plus read these names as JSONPath ($ the root, * a wildcard, .. a descent, ~ property names, @ an error)
  // in a path with a wildcard, "..", a filter, a slice or a union, so such a path was refused when loading: a quoted
  // name is a key in every path now.
  test.each(["$", "*", "..", "~", "@", "c]d", "%@%", "a;b", "(x)", "^", "?(@)", "[0]", "x'y", 'q"d', "a\\b"])("the name %p is the key, in any path", async (name) => {
    const d = JSON.parse(JSON.stringify({ w: [{ [name]: "V", n: 2, x: { [name]: "W" } }] })) as unknown;
    const q = (c: string) => `${c}${name.replaceAll("\\", "\\\\").replaceAll(c, `\\${c}`)}${c}`;
    for (const quoted of [q("'"), q('"')]) {
      expect(await queryJsonPath(`$.w[0][${quoted}]`, d)).toEqual({ ok: true, value: "V" });
      expect(await queryJsonPath(`$.w[-1][${quoted}]`, d)).toEqual({ ok: true, value: "V" });
      for (const [path, value] of [[`$..[${quoted}]`, ["V", "W"]], [`$.w[*][${quoted}]`, ["V"]], [`$.w[?(@.n > 1)][${quoted}]`, ["V"]], [`$.w[0][${quoted},'n']`, ["V", 2]], [`$.w[?(@[${quoted}] == 'V')].n`, [2]]] as const) {
        expect({ path, error: jsonPathError(path), found: await queryJsonPath(path, d, true) }).toEqual({ path, error: undefined, found: { ok: true, value } });
      }
    }
  });

  test("a wildcard after an index or a union is a wildcard also on a mapping with a key \"*\" (jsonpath-plus took that key alone)", async () => {
    const d = { l: [1, { x: 1, "*": 7, "..": { id: 2 } }] };
    expect(await queryJsonPath("$.l[1][*]", d, true)).toEqual({ ok: true, value: [1, 7, { id: 2 }] });
    expect(await queryJsonPath("$.l[0,1].*", d, true)).toEqual({ ok: true, value: [1, 7, { id: 2 }] });
    expect(await queryJsonPath("$.l[1]..id", d, true)).toEqual({ ok: true, value: [2] });
  });

  test("names and indices on a number or null select nothing (jsonpath-plus read ['$'] as the root there)", async () => {
    expect(await queryJsonPath("$.a['$']", { a: 5 })).toEqual({ ok: true, value: undefined });
    expect(await queryJsonPath("$.a['*'][0]", { a: null })).toEqual({ ok: true, value: undefined });
  });

  test("a string has no members (jsonpath-plus read $.s[0] and $.s.length as its UTF-16 units)", async () => {
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
  expect(jsonPathError("$.l[ * ][c]")).toContain('of JSONPath "$.l[ * ][c]"');
});

describe("the answers of the former evaluator (jsonpath-plus with its corrections), recorded before its removal", () => {
  const docs = former.docs.map((text) => JSON.parse(text) as unknown);
  const byPath = new Map<string, [number, unknown, unknown][]>();
  for (const [path, doc, list, capture] of former.answers as [string, number, unknown, unknown][]) byPath.set(path, [...(byPath.get(path) ?? []), [doc, list, capture]]);
  test.each([...byPath.keys()])("%s", async (path) => {
    expect(jsonPathError(path)).toBeUndefined();
    for (const [doc, list, capture] of byPath.get(path)!) {
      // Compared as JSON text: what the recording holds (no undefined, -0 as 0)
      const got = [JSON.stringify(await queryJsonPath(path, docs[doc], true)), JSON.stringify(await queryJsonPath(path, docs[doc]))];
      expect({ path, doc, got }).toEqual({ path, doc, got: [JSON.stringify(list), JSON.stringify(capture)] });
    }
  });
});

describe("filters: RFC 9535's grammar, and what jsonpath-plus's JavaScript read that is kept", () => {
  const doc = {
    max: 5,
    items: [
      { id: "a", n: 1, tags: ["x", "y"], name: "alpha", code: "500" },
      { id: "b", n: 5, tags: [], name: "b😀", code: "404" },
      null,
      { id: "c", n: 9, tags: ["y"], sub: { k: [1, 2] } },
    ],
  };
  test.each([
    // `[?…]` without parentheses (jsonpath-plus read `?@.n > 2` as a key: nothing matched, and exists: false passed)
    ["$.items[?@.n > 2].id", ["b", "c"]],
    ["$.items[?@.n > 2 && @.n < 9].id", ["b"]],
    // $ in a filter is the document (an error in jsonpath-plus: "$ is not defined")
    ["$.items[?(@.n == $.max)].id", ["b"]],
    ["$.items[?(@.n < $.nothing)].id", undefined],
    // A query that can match several, alone: whether it matches (jsonpath-plus's nested filter, an error on a null item)
    ["$.items[?(@.tags[?(@ == 'x')])].id", ["a"]],
    ["$.items[?(@.tags[*])].id", ["a", "c"]],
    ["$.items[?(@..k)].id", ["c"]],
    ["$.items[?(!@.tags[*])].id", ["b"]],
    // Precedence: ! then && then ||, parentheses group
    ["$.items[?(@.n == 1 || @.n == 5 && @.id == 'x')].id", ["a"]],
    ["$.items[?((@.n == 1 || @.n == 5) && @.id == 'b')].id", ["b"]],
    ["$.items[?(!(@.n > 1))].id", ["a"]],
    ["$.items[?(!!@.sub)].id", ["c"]],
    // A text's length and characters in a filter (as jsonpath-plus's JavaScript had them), counted in characters
    ["$.items[?(@.name.length == 2)].id", ["b"]],
    ["$.items[?(@.code[0] == '5')].id", ["a"]],
    ["$.items[?(@.code['0'] == '4')].id", ["b"]],
    ["$.items[?(@.name[-1] == '😀')].id", ["b"]],
    ["$.items[?(@.tags[-1] == 'y')].id", ["a", "c"]],
    // A member of a list item by index, and `undefined` for a missing value
    ["$.items[?(@.sub.k[1] == 2)].id", ["c"]],
    ["$.items[?(@.sub == undefined)].id", ["a", "b"]],
    // Literals: numbers as JavaScript wrote them, text in either quote with RFC 9535's escapes
    ["$.items[?(@.n > .5 && @.n < 1e1)].id", ["a", "b", "c"]],
    ["$.items[?(@.n == -1 || @.n == 1.0)].id", ["a"]],
    ["$.items[?(@.id == '\\u0061')].id", ["a"]],
    ["$.items[?(@.id == \"b\")].id", ["b"]],
    // A filter in a union, and blanks between a filter's parts
    ["$.items[?@.n == 1, 3].id", ["a", "c"]],
    ["$.items[?(  @.n==9  )].id", ["c"]],
  ])("%s", async (path, want) => {
    expect(jsonPathError(path)).toBeUndefined();
    expect(await queryJsonPath(path, doc, true)).toEqual({ ok: true, value: want });
  });
});

describe("what is not read is refused when the scenario loads, saying what and where", () => {
  test.each([
    // jsonpath-plus's JavaScript in filters: method calls, regular expressions, arithmetic, its own names
    ["$.a[?(@.name.startsWith('x'))]", "a call such as .startsWith(…)", 24],
    ["$.a[?(@.tags.includes('x'))]", "a call such as", 22],
    ["$.a[?(@.name.match(/^x/))]", "a call such as", 19],
    ["$.a[?(/^x/.test(@.name))]", '"/" is not supported in a filter (no regular expressions, no arithmetic)', 7],
    ["$.a[?(@.n / 2 > 1)]", '"/" is not supported in a filter', 11],
    ["$.a[?(@.content-type == 'x')]", '"-" is not supported in a filter', 16],
    ["$.a[?(@.n + 1 > 2)]", '"+" is not supported in a filter (no arithmetic', 11],
    ["$.a[?(@.n-1)]", '"-" is not supported in a filter (no arithmetic', 10],
    ["$.a[?(@.n % 2 == 1)]", '"%" is not supported', 11],
    ["$.a[?(@.n > 2 ? true : false)]", '"?" is not supported', 15],
    ["$.a[?(@.n ?? 0)]", '"?" is not supported', 11],
    ["$.a[?(@.n > 1 & @.n < 9)]", '"&" is not supported', 15],
    ["$.a[?(typeof @.n == 'number')]", '"typeof" is not a value in a filter', 7],
    ["$.a[?(@.id in ['a'])]", '"in" is not a value in a filter', 12],
    ["$.a[?(length(@.n) > 1)]", "the function length(…) is not supported in a filter", 7],
    ["$.a[?(@property == 'x')]", "@property is not supported in a filter: @ is the item tested, $ the document", 7],
    ["$.a[?(@parent)]", "@parent is not supported", 7],
    ["$.a[?(@root.max == 5)]", "@root is not supported", 7],
    ["$.a[?(@path)]", "@path is not supported", 7],
    ["$.a[?(@.n = 1)]", '"=" alone is not a comparison: write ==', 11],
    // a leading zero: JavaScript read 010 as 8 (octal), this evaluator as 10; refused, as an index's is
    ["$.a[?(@.n == 010)]", "010 has a leading zero: write 10", 14],
    ["$.a[?(@.n == -007.5)]", "-007.5 has a leading zero: write -7.5", 14],
    ["$.a[?(true)]", "a literal alone is not a test", 7],
    ["$.a[?(@.n == [1])]", 'unexpected "[" in a filter', 14],
    // RFC 9535's grammar: a comparison's sides, chaining, "!" before a comparison
    ["$.a[?(!@.n == 1)]", '"!" negates what follows it alone, not a comparison: write !(… == …)', 7],
    ["$.a[?(@.n == 1 == true)]", "comparisons do not chain", 16],
    ["$.a[?((@.n == 1) == true)]", "a comparison's sides are queries or literals", 18],
    ["$.a[?(@.t[*] == 'x')]", "a comparison's query names one value", 14],
    ["$.a[?(@.n 1)]", "two values in a row", 11],
    ["$.a[?()]", "expected a query (@.x, $.y) or a literal", 7],
    // jsonpath-plus's own path forms
    ["$.a[(@.length-1)]", "a script [( )] is not supported: write an index such as [-1]", 5],
    ["$.a[0]^", 'unexpected "^"', 7],
    ["$.a.*~", 'unexpected "~"', 6],
    ["$..@string()", '".." is followed by a name, * or [ ]', 4],
    ["$.a.`b", '"." is followed by a name or *', 5],
    ["$.$", '"." is followed by a name or *', 3],
    ["$a", 'unexpected "a"', 2],
    ["$.a.[0]", '"." is followed by a name or *', 5],
    ["$[a]", "a name in [ ] is quoted: write ['a']", 3],
    ["$.a [0]", "a blank outside brackets", 4],
    // Indices and text
    ["$.a[007]", "007 has a leading zero: write 7", 5],
    ["$.a[-00]", "-00 has a leading zero: write -0", 5],
    ["$.a[1.5]", "an index is a whole number", 5],
    ["$.a[99999999999999999]", "beyond the largest index", 5],
    ["$['a\\qb']", "\\q is not an escape", 5],
    ["$.a[0 1]", 'unexpected "1" in [ ]', 7],
    // The position counts characters: "😀" is one (it counted the two UTF-16 units of each character beyond the BMP).
    ["$.é😀[?(@.a ~ 1)]", '"~" is not supported in a filter', 12],
    ["$.😀😀.a b", "a blank outside brackets", 7],
    ["$['😀'] [0]", "a blank outside brackets", 7],
    ["$[?@.a == '😀' && @.b ~ 1]", '"~" is not supported in a filter', 22],
    ["$['😀', 'a\\q']", "\\q is not an escape", 10],
  ])("%s", (path, message, position) => {
    expect(jsonPathError(path)).toBe(`${jsonPathError(path)!.split(", at position ")[0]}, at position ${position} of JSONPath ${JSON.stringify(path)}`);
    expect(jsonPathError(path)).toContain(message);
  });
});

test("the shape check's positions count characters too", () => {
  expect(jsonPathError("$.😀]")).toBe('unbalanced "]" at position 4 of JSONPath "$.😀]"');
  expect(jsonPathError("$.😀[]")).toBe('empty [] at position 4 of JSONPath "$.😀[]"');
});

describe("slices, names and escapes", () => {
  const doc = { l: [0, 1, 2, 3, 4], "a-b": { é: 1 }, "a\nb": "newline", A: "A", "x/y": 2 };
  test.each([
    ["$.l[1:4:2]", [1, 3]],
    ["$.l[::-1]", [4, 3, 2, 1, 0]],
    ["$.l[-2:]", [3, 4]],
    ["$.l[:-3]", [0, 1]],
    ["$.l[4:1:-2]", [4, 2]],
    ["$.l[::0]", undefined],
    ["$.l[-1:]", 4],
    ["$.a-b.é", 1],
    ["$['a\\nb']", "newline"],
    ["$['\\u0041']", "A"],
    ["$['x\\/y']", 2],
  ])("%s", async (path, want) => {
    expect(jsonPathError(path)).toBeUndefined();
    expect(await queryJsonPath(path, doc, true)).toEqual({ ok: true, value: want });
  });
});

test("isIndefinitePath: a wildcard, '..', a filter, a union or a slice other than [-1:] can match several", () => {
  const several = ["$.a[*]", "$.a.*", "$..a", "$.a[?(@.b)]", "$.a[0,1]", "$.a[0:1]", "$.a[-1::1]", "$.a[-1::]", "$.a[-2:]", "$.a[:]", "$.a['x','y']"];
  const one = ["$", "$.a", "$.a[0]", "$.a[-1]", "$.a[-1:]", "$.a[ -1: ]", "$['x,y']", "$['*']", "$['..']", "$['?(@)']"];
  expect(several.filter((p) => !isIndefinitePath(p))).toEqual([]);
  expect(one.filter((p) => isIndefinitePath(p))).toEqual([]);
});

describe("large and deep documents (a body is up to 10 MiB) are walked, not a crash", () => {
  test("a list of 1,200,000 items: [*], .* and ..* give them all (a spread of them overflowed the stack)", () => {
    const list = JSON.parse(`[${"0,".repeat(1_199_999)}7]`) as number[];
    for (const path of ["$[*]", "$.*"]) {
      const found = queryJsonPath(path, list, true) as { ok: true; value: unknown[] };
      expect(found.value.length).toBe(1_200_000);
      expect(found.value.at(-1)).toBe(7);
    }
    const all = queryJsonPath("$..*", { l: list }, true) as { ok: true; value: unknown[] };
    expect(all.value.length).toBe(1_200_001);
  });

  test("lists nested 100,000 deep: .., and == between such values, walk them (recursion overflowed the stack)", () => {
    const depth = 100_000;
    const deep = (leaf: string) => `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}`;
    const doc = JSON.parse(`{"a":${deep("1")},"b":${deep("1")},"c":${deep("2")}}`) as unknown;
    const all = queryJsonPath("$..*", doc, true) as { ok: true; value: unknown[] };
    expect(all.value.length).toBe(3 * depth + 3);
    expect(queryJsonPath("$..[?@ == 2]", doc, true)).toEqual({ ok: true, value: [2] });
    const same = queryJsonPath("$[?@ == $.a]", doc, true) as { ok: true; value: unknown[] };
    expect(same.value.length).toBe(2);
    expect(same.value[0]).toBe((doc as { a: unknown }).a);
    expect(same.value[1]).toBe((doc as { b: unknown }).b);
  });
});

describe("a filter nested deeper than the parser reads is refused when loading, not a crash (RangeError)", () => {
  const n = 20_000;
  test.each([
    // the filter is the first level, the 256th "(" the 257th
    ["parentheses", `$[?${"(".repeat(n)}@.a${")".repeat(n)}]`, 3 + 256],
    ["negations", `$[?${"!".repeat(n)}@.a]`, 3 + 256],
    ["filters in filters", `$${"[?@".repeat(n)}${"]".repeat(n)}`, 3 * 257],
    ["negated parentheses", `$[?${"!(".repeat(n)}@.a${")".repeat(n)}]`, 3 + 256],
  ])("%s", (_, path, position) => {
    const err = jsonPathError(path)!;
    expect(err).toStartWith(`a filter nests more than 256 parentheses, "!" and filters in one another, at position ${position} of JSONPath`);
  });

  test("256 deep is read", () => {
    expect(queryJsonPath(`$[?${"(".repeat(255)}@.a${")".repeat(255)}]`, [{ a: 1 }, { a: 0 }], true)).toEqual({ ok: true, value: [{ a: 1 }] });
    expect(queryJsonPath(`$[?${"!".repeat(255)}@.a]`, [{ a: 1 }, { a: 0 }], true)).toEqual({ ok: true, value: [{ a: 0 }] });
    expect(queryJsonPath(`$${"[?@".repeat(256)}${"]".repeat(256)}`, [[[1]], [[]]], true)).toEqual({ ok: true, value: undefined });
  });
});

describe("a filter's comparison that the rounding of a number beyond 2^53 decides fails as undecided (docs/format.md)", () => {
  // {"id":9007199254740993} parses as 9007199254740992: the filter picked items by the rounded digits.
  const body = JSON.parse('{"items":[{"id":9007199254740992,"name":"x","other":9007199254740993},{"id":5,"name":"y"}],"big":[9007199254740993],"lists":[[9007199254740993],[9007199254740992]],"inf":1e400,"inf2":1e401}') as unknown;
  test.each([
    "$.items[?(@.id == 9007199254740993)].name",
    "$.items[?(@.id != 9007199254740993)].name",
    "$.items[?(@.id < 9007199254740993)].name",
    "$.items[?(@.id >= 9007199254740994)].name",
    "$.items[?(@.id == @.other)].name",
    "$.items[?(@.id == $.big[0])].name",
    "$.lists[?(@ == $.lists[1])]",
    "$[?(@ == $.inf2)]",
  ])("%s", (path) => {
    expect(jsonPathError(path)).toBeUndefined();
    const found = queryJsonPath(path, body, true);
    expect(found.ok).toBe(false);
    expect((found as { error: string }).error).toContain("cannot be decided");
    const checks = checkJsonPaths({ [path]: { exists: false } }, () => ({ ok: true, value: body }));
    expect(checks.map((c) => [c.ok, c.expected, String(c.actual).includes("cannot be decided")])).toEqual([[false, "does not exist", true]]);
  });

  test("far from the rounding, or another kind, a big number compares as before", () => {
    expect(queryJsonPath("$.items[?(@.id > 5)].name", body, true)).toEqual({ ok: true, value: ["x"] });
    expect(queryJsonPath("$.items[?(@.id == 9007199254740000)].name", body, true)).toEqual({ ok: true, value: undefined });
    expect(queryJsonPath("$.items[?(@.id == '9007199254740993')].name", body, true)).toEqual({ ok: true, value: undefined });
    expect(queryJsonPath("$.items[?(@.name == 'y')].id", body, true)).toEqual({ ok: true, value: [5] });
    expect(queryJsonPath("$[?(@.inf > 1e300)]", { a: { inf: 1e400 } }, true)).toEqual({ ok: true, value: [{ inf: Infinity }] });
  });

  test("a number literal beyond a double's range is refused when loading (it read as Infinity, equal to any other such)", () => {
    expect(jsonPathError("$[?(@.n == 1e400)]")).toStartWith("1e400 is beyond the largest number (about 1.8e308), at position 12");
    expect(jsonPathError("$[?(@.n > -2e308)]")).toStartWith("-2e308 is beyond the largest number");
    expect(jsonPathError("$[?(@.n > 1.7e308)]")).toBeUndefined();
  });

  test("a capture through such a filter fails instead of taking another item's value", async () => {
    const { runCaptures } = await import("./capture.ts");
    const r = await runCaptures({ NAME: "$.items[?(@.id == 9007199254740993)].name" }, { text: "", json: () => ({ ok: true, value: body }), named: () => undefined }, "the response body");
    expect(r.captures).toEqual({});
    expect(r.checks.map((c) => [c.ok, String(c.actual).includes("cannot be decided")])).toEqual([[false, true]]);
  });
});

test("a mapping's members come in JavaScript's order (index-like keys first, ascending), a key written twice has its last value (docs/steps/http.md)", () => {
  const doc = JSON.parse('{"b":1,"a":2,"10":3,"0":4,"-1":5,"01":6,"a":7}') as unknown;
  // RFC 9535 leaves a mapping's order open; jq keeps the text's (1, 7, 3, 4, 5, 6)
  expect(queryJsonPath("$.*", doc, true)).toEqual({ ok: true, value: [4, 3, 1, 7, 5, 6] });
  expect(queryJsonPath("$..*", doc, true)).toEqual({ ok: true, value: [4, 3, 1, 7, 5, 6] });
  expect(queryJsonPath("$[?@ > 2]", doc, true)).toEqual({ ok: true, value: [4, 3, 7, 5, 6] });
  expect(queryJsonPath("$.a", doc, true)).toEqual({ ok: true, value: 7 });
});

test("a value nested too deep for the matcher fails its check, saying so, and the body's other checks are still made", async () => {
  const depth = 100_000;
  const doc = JSON.parse(`{"a":${"[".repeat(depth)}1${"]".repeat(depth)},"ok":1}`) as unknown;
  // the matcher's walk of the value (and JSON.stringify) overflowed the stack: the step ended in an internal error
  const checks = checkJsonPaths({ "$.a": { exists: true }, "$.ok": 1 }, () => ({ ok: true, value: doc }));
  expect(checks.map((c) => [c.path, c.ok])).toEqual([["json $.a", false], ["json $.ok", true]]);
  expect(String(checks[0]!.actual)).toContain("nested too deep");
  const { runCaptures } = await import("./capture.ts");
  const r = await runCaptures({ A: "$.a", OK: "$.ok" }, { text: "", json: () => ({ ok: true, value: doc }), named: () => undefined }, "the response body");
  expect(r.captures).toEqual({ OK: "1" });
  expect(r.checks.map((c) => [c.path, c.ok, String(c.actual).includes("nested too deep")])).toEqual([["capture A", false, true]]);
});

// A path that can match several gives a list of one or more, or nothing (missing): `length: 0` on it never passed, on a
// body with error items or without.
describe("severalNeverPasses", () => {
  const filter = "$.items[?(@.level=='error')]";
  test.each([
    [filter, { length: 0 }, ["length"]], [filter, { length: { lt: 1 } }, ["length"]], [filter, { length: { eq: 0 } }, ["length"]],
    [filter, { length: { in: [0] } }, ["length"]], [filter, { length: { lte: 0.5 } }, ["length"]], [filter, { length: { not: { gte: 1 } } }, ["length"]],
    ["$.items[*]", [], []], ["$..id", { eq: [] }, ["eq"]], ["$.a[0:2]", { length: { between: [0, 0] } }, ["length"]],
    // Any matcher an empty list satisfies and no list of one or more does: `not: {length: {gte: 1}}` and `in: [[]]` loaded and always failed.
    [filter, { not: { length: { gte: 1 } } }, ["not"]], [filter, { in: [[]] }, ["in"]], [filter, { in: [[], 0, "x"] }, ["in"]],
    [filter, { not: { ne: [] } }, ["not"]], [filter, { type: "array", length: 0 }, ["length"]],
    // The items of a match are there: `some: {exists: true}` holds for every list of one or more.
    [filter, { not: { some: { exists: true } } }, ["not"]], [filter, { not: { every: { not: { exists: false } } } }, ["not"]], [filter, { exists: true, not: { exists: true, length: { gt: 0 } } }, ["not"]],
  ] as [string, unknown, string[]][])("%s %j: refused, pointing to exists: false", (path, m, at) => {
    const got = severalNeverPasses(path, m);
    expect(got?.at).toEqual(at);
    expect(got?.message).toContain("write {exists: false}");
  });
  test.each([
    [filter, { length: { gte: 0 } }], [filter, { length: { lt: 2 } }], [filter, { length: { ne: 0 } }], [filter, { length: { in: [0, 1] } }],
    [filter, { exists: false }], [filter, { length: { not: { eq: 0 } } }], ["$.items", { length: 0 }], ["$.items[0]", []], [filter, { length: { matches: "^0$" } }],
    [filter, { not: { length: { gte: 2 } } }], [filter, { in: [[], [1]] }], [filter, { not: { some: { eq: 1 } } }], [filter, { not: { exists: true, length: { gte: 1 } } }],
    [filter, { not: { contains: "x" } }], [filter, { not: { type: "array" } }], [filter, { in: [[["x"]]] }],
  ] as [string, unknown][])("%s %j: can pass, loads", (path, m) => {
    expect(severalNeverPasses(path, m)).toBeUndefined();
  });
  test("what it refuses indeed never passes, on a body with matches and without", () => {
    for (const body of ['{"items":[{"level":"error"}]}', '{"items":[{"level":"info"}]}', '{"items":[]}']) {
      for (const m of [{ length: 0 }, { length: { lt: 1 } }, [], { not: { length: { gte: 1 } } }, { in: [[]] }, { not: { ne: [] } }]) {
        const checks = checkJsonPaths({ [filter]: m }, lazyJson(body, "the body"));
        expect(checks.every((c) => c.ok)).toBe(false);
      }
    }
  });
});

// A path that can match several gives a list: `{ne: error}` held for every list of matches (each "error"), and `info`,
// `{eq: info}` or `{in: [info]}` for none.
describe("severalComparedWhole", () => {
  const filter = "$.items[?(@.level)].level";
  test.each([
    [filter, { ne: "error" }, ["ne"], "holds whenever anything matches"], ["$.items[*].level", { not: { eq: "error" } }, ["not"], "holds whenever anything matches"],
    ["$.items[*].level", { not: "error" }, ["not"], "holds whenever anything matches"], ["$..id", { ne: 5, length: 2 }, ["ne"], "holds whenever anything matches"],
    [filter, "info", [], "could never pass"], [filter, { eq: "info" }, ["eq"], "could never pass"], ["$.a[0:2]", { in: ["info", "warn"] }, ["in"], "could never pass"],
    ["$.items[*]", { eq: { level: "info" } }, ["eq"], "could never pass"], ["$.items[*].id", 1, [], "could never pass"],
  ] as [string, unknown, string[], string][])("%s %j: refused", (path, m, at, says) => {
    const got = severalComparedWhole(path, m);
    expect(got?.at).toEqual(at);
    expect(got?.message).toContain(says);
    expect(got?.message).toContain("{every:");
  });
  test.each([
    [filter, { every: { ne: "error" } }], [filter, { not_contains: "error" }], [filter, ["info"]], [filter, { eq: ["info"] }], [filter, { in: [["info"], ["warn"]] }],
    [filter, { ne: ["error"] }], ["$.items[0].level", { ne: "error" }], ["$.items[0].level", "info"], [filter, { exists: true }], [filter, { not: { contains: "x" } }],
  ] as [string, unknown][])("%s %j: loads", (path, m) => {
    expect(severalComparedWhole(path, m)).toBeUndefined();
  });
  test("what it refuses passes on every body where something matches, or on none", () => {
    for (const body of ['{"items":[{"level":"error"}]}', '{"items":[{"level":"info"},{"level":"error"}]}', '{"items":[{"level":"info"}]}']) {
      expect(checkJsonPaths({ [filter]: { ne: "error" } }, lazyJson(body, "the body")).every((c) => c.ok)).toBe(true);
      for (const m of ["info", { eq: "info" }, { in: ["info"] }]) expect(checkJsonPaths({ [filter]: m }, lazyJson(body, "the body")).every((c) => c.ok)).toBe(false);
    }
  });
});

describe("a JSON number too small for a double (1e-400 reads as 0)", () => {
  test("no check of the body is decided: `0` and {not: {gt: 0}} passed on 1e-400, {gt: 0} failed", () => {
    for (const body of ['{"v":1e-400}', '{"v":-1E-0400,"w":1}', `{"v":0.${"0".repeat(400)}1}`, '{"v":[2.5e-330]}']) {
      const checks = checkJsonPaths({ "$.v": 0, "$.w": { not: { gt: 0 } } }, lazyJson(body, "the body"));
      expect(checks).toEqual([{ path: "json", expected: "a JSON document", actual: expect.stringContaining("too small for a double: it reads as 0 here"), ok: false }]);
    }
  });
  test("a zero written with an exponent, a small number a double holds, and the digits in a string are read as before", () => {
    for (const body of ['{"v":0e-500,"w":0}', '{"v":0.0,"w":0}', '{"v":1e-300,"w":0}', '{"v":"1e-400","w":0}']) {
      expect(checkJsonPaths({ "$.w": 0 }, lazyJson(body, "the body"))).toEqual([expect.objectContaining({ ok: true })]);
    }
  });
});

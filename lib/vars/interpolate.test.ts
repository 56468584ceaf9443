// ${VAR} interpolation, shell quoting and lookup order.
import { describe, expect, test } from "bun:test";
import { findRefs, strayRefs, interpolate, interpolateDeep, shellQuote, interpolateGlob, interpolateJsonPath, interpolateQuery, interpolateUrl, InterpolationError, interpolateInput, KeyCollisionError, ProtoKeyError, CapturedSpliceError, shellQuoteShown, type RunValues } from "./interpolate.ts";
import { HIDDEN_CHARS } from "../util/hidden-chars.ts";
import { compileFileGlob } from "../logsource/files.ts";
import { VarScope } from "./scope.ts";

/** The message `run` refuses a value the run captured with: it must throw a CapturedSpliceError (an InterpolationError). */
function spliceRefusal(run: () => unknown): string {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(CapturedSpliceError);
  expect(thrown).toBeInstanceOf(InterpolationError);
  return (thrown as Error).message;
}

const vars: Record<string, string> = { A: "1", URL: "http://x", EMPTY: "" };
const lookup = (n: string) => vars[n];

describe("interpolate", () => {
  const table: [string, string][] = [
    ["plain", "plain"],
    ["${A}", "1"],
    ["${URL}/v1/${A}", "http://x/v1/1"],
    ["${MISSING:-fallback}", "fallback"],
    ["${MISSING:-}", ""],
    ["${A:-fallback}", "1"],
    // As bash and compose read `:-`: an empty value takes the default too (the scenario's vars feed compose files).
    ["${EMPTY:-fallback}", "fallback"],
    ["${EMPTY}", ""],
    ["$${A} stays literal", "${A} stays literal"],
    ["${MISSING}", "${MISSING}"],
  ];
  for (const [text, out] of table) test(text, () => expect(interpolate(text, lookup)).toBe(out));

  test("strayRefs finds each ${ that starts no reference and is no $${", () => {
    expect(strayRefs("${A} ${B:-x} $${C:?x} ${A:-${B}}")).toEqual([]);
    expect(strayRefs("a ${A:?x} ${B:+y} ${C")).toEqual([2, 10, 18]);
  });

  test("findRefs reports malformed names, and a default holding another reference", () => {
    expect(findRefs("${1BAD}")[0]!.error).toContain("invalid variable name");
    // ${A:-${B}} was read as the default "${B" and a stray "}".
    expect(findRefs("x ${A:-${B}} y")[0]!.error).toBe('a default cannot hold another reference ("${A:-${B}}"): give the default as text, or set A from B under vars:');
    // An escaped ${ or a lone one has no variable to name (the hint read "set A from {B under vars:").
    expect(findRefs("${A:-$${B}}")[0]!.error).toBe('a default cannot hold "${", not even as $${ ("${A:-$${B}"): give the default as text without it, or set A under vars:');
    expect(findRefs("${A:-${}")[0]!.error).toBe('a default cannot hold "${", not even as $${ ("${A:-${}"): give the default as text without it, or set A under vars:');
    expect(findRefs("a ${A} ${B:-x}").map((r) => [r.name, r.hasDefault, r.offset])).toEqual([["A", false, 2], ["B", true, 7]]);
  });

  test("deep interpolation skips raw top-level fields", () => {
    expect(interpolateDeep({ run: "${A}", env: { X: "${A}" }, list: ["${A}"] }, lookup, ["run"])).toEqual({ run: "${A}", env: { X: "1" }, list: ["1"] });
  });

  test("deep interpolation also substitutes mapping keys", () => {
    expect(interpolateDeep({ files: { "${A}/logs/*.log": { env: "${A}" } } }, lookup)).toEqual({ files: { "1/logs/*.log": { env: "1" } } });
  });
});

describe("shell quoting", () => {
  const table: [string, string][] = [
    ["simple", "simple"],
    ["a b", "'a b'"],
    ["x; rm -rf /", "'x; rm -rf /'"],
    ["it's", "'it'\\''s'"],
    ["$(id)", "'$(id)'"],
    ["", "''"],
  ];
  for (const [value, quoted] of table) test(JSON.stringify(value), () => expect(shellQuote(value)).toBe(quoted));
  // shellQuote keeps a line break or an escape as it is: a value put in a script must stay that value.
  test("a control character stays as it is", () => expect(shellQuote("a\nb\x1b")).toBe("'a\nb\x1b'"));
});

describe("shell quoting for a command line shown (shellQuoteShown)", () => {
  const table: [string, string][] = [
    ["simple", "simple"],
    ["it's", "'it'\\''s'"],
    ["l1\nl2", "$'l1\\nl2'"],
    ["\x1b[31mred", "$'\\x1B[31mred'"],
    ["tab\there 'q' back\\slash", "$'tab\\there \\'q\\' back\\\\slash'"],
    ["\x01\x7f\r", "$'\\x01\\x7F\\r'"],
    ["\x00", "$'\\x00'"],
    ["\x85 \u2028", "$'\\u0085 \\u2028'"],
    ["deploy \u202Eyrt\u202C\u200B\uFEFF é", "$'deploy \\u202Eyrt\\u202C\\u200B\\uFEFF é'"],
    ["\x1bf", "$'\\x1Bf'"],
  ];
  for (const [value, quoted] of table) test(JSON.stringify(value), () => expect(shellQuoteShown(value)).toBe(quoted));

  test("each one, given to bash, is the value (but NUL, which no argument holds), on one line of visible characters", () => {
    const values = table.map(([value]) => value).filter((v) => !v.includes("\0"));
    const script = `printf '%s\\0' ${values.map(shellQuoteShown).join(" ")}`;
    expect(script).not.toMatch(new RegExp(String.raw`[\x00-\x1F\x7F-\x9F\u2028\u2029${HIDDEN_CHARS}]`));
    const bash = Bun.spawnSync(["bash", "-c", script], { env: { PATH: process.env.PATH, LC_ALL: "C.UTF-8" } });
    expect(bash.stdout.toString().split("\0").slice(0, -1)).toEqual(values);
  });
});

describe("VarScope lookup order", () => {
  const scope = new VarScope({
    cli: { C: "cli" },
    envFile: { C: "envfile", F: "envfile" },
    env: { C: "env", F: "env", E: "env", V: "env" },
    vars: { C: "vars", F: "vars", E: "vars", V: "vars", ONLY: "vars", REF: "${ONLY}-${E}", CAP: "vars" },
    builtins: { RUN_ID: "r1" },
  });
  test("--var beats everything but captures", () => expect(scope.lookup("C")).toBe("cli"));
  test("env file beats the environment", () => expect(scope.lookup("F")).toBe("envfile"));
  test("environment beats vars:", () => expect(scope.lookup("E")).toBe("env"));
  test("vars: is the fallback", () => expect(scope.lookup("ONLY")).toBe("vars"));
  test("vars: values interpolate", () => expect(scope.lookup("REF")).toBe("vars-env"));
  test("captures beat --var", () => {
    scope.capture("CAP", "captured");
    expect(scope.lookup("CAP")).toBe("captured");
    expect(scope.exported().CAP).toBe("captured");
  });
  test("built-ins", () => expect(scope.lookup("RUN_ID")).toBe("r1"));
  test("child processes see every name as lookup() gives it", () => {
    const exported = scope.exported();
    for (const name of ["C", "F", "E", "V", "ONLY", "REF", "CAP", "RUN_ID"]) expect([name, exported[name]]).toEqual([name, scope.lookup(name)]);
  });
});

describe("variables named as Object.prototype's members", () => {
  test("an undefined constructor, toString or hasOwnProperty is undefined; defined, it is its value", () => {
    // Plain objects answered these names with Object.prototype's functions: ${constructor} passed the load-time
    // check and ended the step with an internal error, and a capture named toString did too.
    const scope = new VarScope({ cli: {}, envFile: {}, env: {}, vars: { constructor: "v" }, builtins: {} });
    for (const name of ["toString", "hasOwnProperty", "valueOf", "__proto__"]) {
      expect([name, scope.lookup(name), scope.knownBeforeRun(name)]).toEqual([name, undefined, false]);
    }
    expect([scope.lookup("constructor"), scope.knownBeforeRun("constructor")]).toEqual(["v", true]);
    scope.capture("toString", "7");
    scope.capture("__proto__", "p");
    expect([scope.lookup("toString"), scope.lookup("__proto__")]).toEqual(["7", "p"]);
    expect(Object.entries(scope.exported()).sort()).toEqual([["__proto__", "p"], ["constructor", "v"], ["toString", "7"]]);
  });
});

describe("a value in a JSONPath's quoted name or text is that text, whatever it holds", () => {
  const values: Record<string, string> = { ID: "zzz' || @.id != 'zzz", Q: 'a"b\\c', NL: "x\ny", IDX: "0", KEY: "a.b" };
  const lookup = (n: string) => values[n];
  test.each([
    // a quote in the value ended the text and wrote a filter of its own: every item matched
    ["$.items[?(@.id == '${ID}')].status", "$.items[?(@.id == 'zzz\\' || @.id != \\'zzz')].status"],
    ['$.items[?(@.id == "${ID}")]', `$.items[?(@.id == "zzz' || @.id != 'zzz")]`],
    ["$['${Q}']", "$['a\"b\\\\c']"],
    ['$["${Q}"]', '$["a\\"b\\\\c"]'],
    ["$['${NL}']", "$['x\\ny']"],
    ["$[?@.a == 'it\\'s ${ID}']", "$[?@.a == 'it\\'s zzz\\' || @.id != \\'zzz']"],
    // outside quotes a value is path syntax, as written
    ["$.items[${IDX}].${KEY}", "$.items[0].a.b"],
    ["$['${UNKNOWN}']", "$['${UNKNOWN}']"],
    ["$['$${ID}']", "$['${ID}']"],
  ])("%s", (path, want) => {
    expect(interpolateJsonPath(path, lookup)).toBe(want);
  });

  test("interpolateDeep uses it for the keys of expect.json and a capture's JSONPath only", () => {
    const input = { json: { a: "'${ID}'" }, body: "$['${ID}']", expect: { json: { "$[?@.id == '${ID}']": "'${ID}'" } }, capture: { X: "$['${ID}']", Y: "body" } };
    const fields = { keysAt: [["expect", "json"]], valuesAt: [["capture", "*"]] };
    expect(interpolateDeep(input, lookup, [], fields)).toEqual({
      json: { a: `'${values.ID}'` },
      body: `$['${values.ID}']`,
      expect: { json: { "$[?@.id == 'zzz\\' || @.id != \\'zzz']": `'${values.ID}'` } },
      capture: { X: "$['zzz\\' || @.id != \\'zzz']", Y: "body" },
    });
  });
});

describe("a LogQL or PromQL query takes a value inside a quoted string as text", () => {
  const vars: Record<string, string> = { REQ: 'req-42" or "error', P: "a\\.b", NL: "a\nb", Q: "it's", BQ: "x`y", RANGE: "5m", SVC: "api" };
  const lookup = (n: string) => vars[n];
  test.each([
    // A quote in the value cannot end the string and add a filter; a backslash is itself.
    ['{job="x"} |= "${REQ}"', '{job="x"} |= "req-42\\" or \\"error"'],
    ['{job="x"} |~ "${P}"', '{job="x"} |~ "a\\\\.b"'],
    ['{job="x"} |= "${NL}"', '{job="x"} |= "a\\nb"'],
    ["up{job='${Q}'}", "up{job='it\\'s'}"],
    // Outside quotes a value is query text; inside backquotes it is as it is.
    ['sum(count_over_time({service="${SVC}"}[${RANGE}]))', 'sum(count_over_time({service="api"}[5m]))'],
    ['{job="x"} |= `${P}`', '{job="x"} |= `a\\.b`'],
    // A quote written escaped in the query does not end its string.
    ['{job="x"} |= "say \\"${SVC}\\""', '{job="x"} |= "say \\"api\\""'],
  ])("%s", (query, want) => {
    expect(interpolateQuery(query, lookup)).toBe(want);
  });

  test("a backquote in a value inside backquotes is an error, not a shorter string", () => {
    expect(() => interpolateQuery("{job=`${BQ}`}", lookup)).toThrow(InterpolationError);
  });

  test("only the step's query fields are read as queries", () => {
    expect(interpolateInput({ queryFields: ["query"] }, { query: '{a="${REQ}"}', tenant: '"${REQ}"' }, lookup)).toEqual({ query: '{a="req-42\\" or \\"error"}', tenant: '"req-42" or "error"' });
  });
});

describe("a value the run captured, outside quotes in a JSONPath or a query, is one literal or an error", () => {
  // ID, N, … as a step captured them; AUTHOR as --var gave it (path and query syntax, as documented).
  const values: Record<string, string> = {
    ID: '-1 || @.status == "ok"', N: "7", NEG: "-2.5e3", T: "true", NUL: "null", F: "status", SP: "a b", R: "5m", R2: "1h30m", E: "", Z: "007",
    AUTHOR: "1 || @.id == 9", AQ: 'x" or "y',
  };
  const lookup = (n: string) => values[n];
  const runValues: RunValues = { origin: (n) => (n.startsWith("A") ? undefined : `captured by step "get id"`), shown: (v) => v.replaceAll("status", "***") };

  test.each([
    ["$.items[?(@.id == ${N})].status", "$.items[?(@.id == 7)].status"],
    ["$.items[${NEG}]", "$.items[-2.5e3]"],
    ["$[?@.ok == ${T} && @.x == ${NUL}]", "$[?@.ok == true && @.x == null]"],
    // A name where a name can stand: after a ".".
    ["$.items[0].${F}", "$.items[0].status"],
    ["$..${F}", "$..status"],
    // Inside quotes any value is text, escaped.
    ["$.items[?(@.id == '${ID}')]", `$.items[?(@.id == '-1 || @.status == "ok"')]`],
    ['$.items[?(@.id == "${SP}")]', '$.items[?(@.id == "a b")]'],
    // The author's own values are path syntax still.
    ["$.items[?(@.id == ${AUTHOR})]", "$.items[?(@.id == 1 || @.id == 9)]"],
    // A default the author wrote, taken for an empty capture, is the author's.
    ["$.items[${E:-0:2}]", "$.items[0:2]"],
  ])("JSONPath %s", (path, want) => {
    expect(interpolateJsonPath(path, lookup, runValues)).toBe(want);
  });

  test.each([
    ["$.items[?(@.id == ${ID})].status", "ID", String.raw`"-1 || @.*** == \"ok\""`],
    ["$.items[?(@.id == ${F})]", "F", '"***"'],
    ["$.items[${SP}]", "SP", '"a b"'],
    ["$.items[${E}]", "E", '""'],
    ["$.items[${Z}]", "Z", '"007"'],
    ["$.items[${R}]", "R", '"5m"'],
  ])("JSONPath %s: refused", (path, name, shown) => {
    const message = spliceRefusal(() => interpolateJsonPath(path, lookup, runValues));
    expect(message).toStartWith(`\${${name}} (captured by step "get id") stands outside quotes in the JSONPath ${JSON.stringify(path)}, and its value ${shown} is not one number, true, false, null or name after a ".": `);
    expect(message).toEndWith(`quote it ('\${${name}}') to take it as text`);
  });

  test("without RunValues (the loader, values known before the run) nothing is refused", () => {
    expect(interpolateJsonPath("$.items[?(@.id == ${ID})]", lookup)).toBe('$.items[?(@.id == -1 || @.status == "ok")]');
    expect(interpolateQuery("sum(x) ${SP}", lookup)).toBe("sum(x) a b");
  });

  test.each([
    ["sum(count_over_time({job=\"x\"}[${R}]))", 'sum(count_over_time({job="x"}[5m]))'],
    ["rate(x[${R2}]) > ${NEG}", "rate(x[1h30m]) > -2.5e3"],
    ["${F}_total", "status_total"],
    ["{job=\"x\"} |= \"${SP}\" |= `${ID}`", '{job="x"} |= "a b" |= `-1 || @.status == "ok"`'],
    ["{job='${ID}'}", `{job='-1 || @.status == "ok"'}`],
    ["sum(x) ${AQ}", 'sum(x) x" or "y'],
  ])("query %s", (query, want) => {
    expect(interpolateQuery(query, lookup, runValues)).toBe(want);
  });

  test("a captured value with a space outside quotes in a query is refused, saying to quote it", () => {
    expect(() => interpolateQuery('{job="x"} |= "a" ${SP}', lookup, runValues)).toThrow(
      new CapturedSpliceError('${SP} (captured by step "get id") stands outside quotes in the query "{job=\\"x\\"} |= \\"a\\" ${SP}", and its value "a b" is not one number, duration (5m, 1h30m) or name: a value from the run would be read as query text, and could change what the query selects; quote it ("${SP}") to take it as text'),
    );
    expect(() => interpolateQuery("x[${ID}]", lookup, runValues)).toThrow(CapturedSpliceError);
  });

  test("interpolateInput refuses it in the keys of expect.json, a capture's JSONPath and a query field, and nowhere else", () => {
    const impl = { jsonPathFields: { keysAt: [["expect", "json"]], valuesAt: [["capture", "*"]] }, queryFields: ["query"] };
    expect(() => interpolateInput(impl, { expect: { json: { "$[?@.id == ${ID}]": 1 } } }, lookup, undefined, runValues)).toThrow(CapturedSpliceError);
    expect(() => interpolateInput(impl, { capture: { X: "$[${SP}]" } }, lookup, undefined, runValues)).toThrow(CapturedSpliceError);
    expect(() => interpolateInput(impl, { query: "x ${SP}" }, lookup, undefined, runValues)).toThrow(CapturedSpliceError);
    expect(interpolateInput(impl, { url: "http://h/${SP}", expect: { json: { "$.a": "${ID}" } }, capture: { X: "$[${N}]" } }, lookup, undefined, runValues)).toEqual({
      url: "http://h/a b", expect: { json: { "$.a": values.ID } }, capture: { X: "$[7]" },
    });
  });
});

describe("a value that is part of a glob is a name, not glob syntax", () => {
  const vars: Record<string, string> = { ID: "req-[0-9]", S: "*", B: "{a,b}", BS: "a\\b", G: "logs/**/*.log", SVC: "api", P: "__proto__", C: "nothere,a" };
  const lookup = (n: string) => vars[n];
  test.each([
    // An ID of req-[0-9] matched req-1.log, and one of * every file.
    ["gv/${ID}.log", "gv/req-\\[0-9\\].log"],
    ["gv/${S}.log", "gv/\\*.log"],
    ["gv/${B}/x-${BS}.log", "gv/\\{a\\,b\\}/x-a\\\\b.log"],
    // In a brace group a comma ends an alternative: {x,${C}} with C "nothere,a" took a.log too.
    ["gv/{x,${C}}.log", "gv/{x,nothere\\,a}.log"],
    ["logs/${SVC}/*.log", "logs/api/*.log"],
    // The whole pattern from a variable is the pattern; $${ is the text ${.
    ["${G}", "logs/**/*.log"],
    ["${G:-x}", "logs/**/*.log"],
    ["$${S}/${S}", "${S}/\\*"],
  ])("%s", (glob, want) => {
    expect(interpolateGlob(glob, lookup)).toBe(want);
  });

  test("the escaped glob matches the name alone", () => {
    const g = new Bun.Glob(interpolateGlob("gv/${ID}.log", lookup));
    expect([g.match("gv/req-[0-9].log"), g.match("gv/req-1.log")]).toEqual([true, false]);
    // A logql step's files glob, which also captures {labels}.
    const f = compileFileGlob(interpolateGlob("gv/{svc}/${ID}.log", lookup));
    expect([f.regex.test("gv/api/req-[0-9].log"), f.regex.test("gv/api/req-1.log"), f.names]).toEqual([true, false, ["svc"]]);
    const braces = new Bun.Glob(interpolateGlob("gv/{x,${C}}.log", lookup));
    expect(["gv/x.log", "gv/nothere,a.log", "gv/a.log"].map((p) => braces.match(p))).toEqual([true, true, false]);
    const inFiles = compileFileGlob(interpolateGlob("gv/{x,${C}}.log", lookup));
    expect(["gv/x.log", "gv/nothere,a.log", "gv/a.log"].map((p) => inFiles.regex.test(p))).toEqual([true, true, false]);
  });

  test("a step's glob fields: a pattern, a list of them, the keys of a mapping", () => {
    const impl = { globFields: ["glob", "globs", "exclude", "files"] };
    expect(interpolateInput(impl, { glob: "a/${S}", globs: ["b/${S}", "${G}"], exclude: "${S}.tmp", files: { "c/${S}.log": { job: "${S}" } }, root: "${S}" }, lookup)).toEqual({
      glob: "a/\\*", globs: ["b/\\*", "logs/**/*.log"], exclude: "\\*.tmp", files: { "c/\\*.log": { job: "*" } }, root: "*",
    });
    expect(() => interpolateInput(impl, { files: { "${P}": {} } }, lookup)).toThrow(ProtoKeyError);
  });
});

describe("two keys of a mapping that become one", () => {
  const values: Record<string, string> = { P: "$.a", A: "K", B: "K", S: "*" };
  const lookup = (n: string) => values[n];
  const impl = { rawFields: ["run"], jsonPathFields: { keysAt: [["expect", "json"]], valuesAt: [] }, globFields: ["files"] };
  test("are an error naming both as written and what they become: the value of one vanished, a failing check with it", () => {
    // `$.a == 2` was dropped and the step passed on {"a":1}.
    expect(() => interpolateInput(impl, { run: "x", expect: { json: { "$.a": 2, "${P}": 1 } } }, lookup)).toThrow(
      new KeyCollisionError("$.a", "${P}", "$.a"),
    );
    expect(() => interpolateInput(impl, { env: { "${A}": "first", "${B}": "second" } }, lookup)).toThrow('the keys "${A}" and "${B}" both become "K"');
    expect(() => interpolateInput(impl, { files: { "x/\\*": {}, "x/${S}": {} } }, lookup)).toThrow(KeyCollisionError);
    expect(() => interpolateDeep({ labels: [{ K: 1, "${A}": 2 }] }, lookup)).toThrow(KeyCollisionError);
  });

  test("with onCollision, each pair is told with its mapping's path, and the first key kept", () => {
    const seen: unknown[] = [];
    const out = interpolateInput(impl, { env: { "${A}": "1", "${B}": "2" }, list: [{ K: 1, "${A}": 2 }], files: { "x/${S}": {}, "x/\\*": {} } }, lookup, (...a) => seen.push(a));
    expect(seen).toEqual([[["env"], "${A}", "${B}", "K"], [["list", 0], "K", "${A}", "K"], [["files"], "x/${S}", "x/\\*", "x/\\*"]]);
    expect(out).toEqual({ env: { K: "1" }, list: [{ K: 1 }], files: { "x/\\*": {} } });
  });

  test("keys that stay apart are kept, and an escaped glob is no collision with its pattern", () => {
    expect(interpolateInput(impl, { env: { "${A}": "1", K2: "2" }, files: { "x/*": {}, "x/${S}": {} } }, lookup)).toEqual({ env: { K: "1", K2: "2" }, files: { "x/*": {}, "x/\\*": {} } });
  });
});

describe("a value the run captured in a url stays in the part it stands in", () => {
  const values: Record<string, string> = {
    PORT: "8080", HOST: "127.0.0.3", V6: "::1", PW: "p@ss:w", S: "https", P: "a/b?c#d", NEXT: "http://127.0.0.1:9/next?x=1", ORIGIN: "http://127.0.0.1:9",
    BAD_PORT: "1@127.0.0.2:9", BAD_HOST: "127.0.0.3:9/x?", BAD_AT: "@127.0.0.2", BAD_SLASH: "127.0.0.2/x?", BAD_PW: "x@127.0.0.2/", BAD_S: "http://127.0.0.2/?",
    HP: "127.0.0.2:18082", HP6: "[::1]:9", HP_NO_PORT: "127.0.0.2", HP1: "127.0.0.2:1", D: "8", HN: "h.test:9", BAD_ADDR: "bob:pw@127.0.0.2:9", BAD_USER: "tok@127.0.0.2",
    AUTHOR: "http://127.0.0.1", AP: "1@127.0.0.2:9",
  };
  const lookup = (n: string) => values[n];
  const runValues: RunValues = { origin: (n) => (n.startsWith("A") ? undefined : `captured by step "get"`), shown: (v) => v };

  test.each([
    ["http://127.0.0.1:${PORT}/x", "http://127.0.0.1:8080/x"],
    ["http://${HOST}:${PORT}/x", "http://127.0.0.3:8080/x"],
    ["http://[${V6}]:${PORT}/", "http://[::1]:8080/"],
    ["http://bob:${PW}@127.0.0.1/", "http://bob:p@ss:w@127.0.0.1/"],
    ["${S}://127.0.0.1/", "https://127.0.0.1/"],
    ["http://127.0.0.1/${P}", "http://127.0.0.1/a/b?c#d"],
    ["${AUTHOR}:9${P}", "http://127.0.0.1:9a/b?c#d"],
    ["${NEXT}", "http://127.0.0.1:9/next?x=1"],
    // A host and its port where the scenario writes the host, and no port.
    ["http://${HP}/x", "http://127.0.0.2:18082/x"],
    ["https://${HP}", "https://127.0.0.2:18082"],
    ["http://${HP6}/x", "http://[::1]:9/x"],
    ["http://bob@${HP}/x?q=${P}", "http://bob@127.0.0.2:18082/x?q=a/b?c#d"],
    ["http://${HP_NO_PORT}/x", "http://127.0.0.2/x"],
    ["${ORIGIN}/api", "http://127.0.0.1:9/api"],
    // The author's own values write what they like.
    ["http://127.0.0.1:${AP}/", "http://127.0.0.1:1@127.0.0.2:9/"],
    // A default is the author's.
    ["http://127.0.0.1:${NONE:-1@127.0.0.2:9}/", "http://127.0.0.1:1@127.0.0.2:9/"],
  ])("%s", (url, want) => {
    expect(interpolateUrl(url, lookup, runValues)).toBe(want);
  });

  test.each([
    ["http://${BAD_HOST}/x", "BAD_HOST", "host"],
    ["${AUTHOR}${BAD_AT}/x", "BAD_AT", "host"],
    ["http://${BAD_SLASH}127.0.0.1/", "BAD_SLASH", "host"],
    ["${BAD_S}://127.0.0.1/", "BAD_S", "scheme"],
    ["${ORIGIN}${BAD_AT}/", "BAD_AT", "port"],
    // A host and port only where the scenario writes the whole host and no port.
    ["http://api.${HN}/x", "HN", "host"],
    ["http://${HP1}${D}/x", "HP1", "host"],
  ])("%s: refused", (url, name, part) => {
    expect(spliceRefusal(() => interpolateUrl(url, lookup, runValues))).toStartWith(`\${${name}} (captured by step "get") stands in the ${part} of the url ${JSON.stringify(url)}, and its value ${JSON.stringify(values[name])} reaches past it: `);
  });

  test.each([
    ["http://bob:${BAD_PW}@127.0.0.1/", "BAD_PW", "password", "(not shown: it stands in a user name or password, which are secrets)"],
    ["http://${BAD_PW}@127.0.0.1/", "BAD_PW", "user name", "(not shown: it stands in a user name or password, which are secrets)"],
    // Standing elsewhere, what a value writes of a user name and password is shown as ***.
    ["http://${BAD_ADDR}/x", "BAD_ADDR", "host", '"***@127.0.0.2:9"'],
    ["http://${BAD_USER}/x", "BAD_USER", "host", '"***@127.0.0.2"'],
    ["http://127.0.0.1:${BAD_PORT}/x", "BAD_PORT", "port", '"***@127.0.0.2:9"'],
  ])("%s: refused, its user name or password not shown (a url's user name and password are secrets)", (url, name, part, shown) => {
    expect(spliceRefusal(() => interpolateUrl(url, lookup, runValues))).toStartWith(`\${${name}} (captured by step "get") stands in the ${part} of the url ${JSON.stringify(url)}, and its value ${shown} reaches past it: `);
  });

  test("without RunValues nothing is refused", () => {
    expect(interpolateUrl("http://127.0.0.1:${BAD_PORT}/", lookup)).toBe("http://127.0.0.1:1@127.0.0.2:9/");
  });
});

describe("a value the run captured in a line_format or label_format template", () => {
  const values: Record<string, string> = { OPEN: "{{ .x }}", HALF: "{ .x }", F: "user", N: "42", SP: "a b", AUTHOR: "{{ .x }}" };
  const lookup = (n: string) => values[n];
  const runValues: RunValues = { origin: (n) => (n.startsWith("A") ? undefined : `captured by step "get"`), shown: (v) => v };
  const refused = (query: string) => spliceRefusal(() => interpolateQuery(query, lookup, runValues));

  test("is text there; a name or number inside an action is taken", () => {
    expect(interpolateQuery('{a="b"} | line_format "x ${SP} {{.${F}}} {{ add ${N} 1 }}"', lookup, runValues)).toBe('{a="b"} | line_format "x a b {{.user}} {{ add 42 1 }}"');
    expect(interpolateQuery('{a="b"} | label_format n=`${SP}`, m=o', lookup, runValues)).toBe('{a="b"} | label_format n=`a b`, m=o');
    // Not a template: a line filter, a label matcher, a label_format after a `|` that ends it.
    expect(interpolateQuery('{a="${OPEN}"} |= "${OPEN}" | label_format n=m | json x="${OPEN}"', lookup, runValues)).toBe('{a="{{ .x }}"} |= "{{ .x }}" | label_format n=m | json x="{{ .x }}"');
    expect(interpolateQuery('{a="b"} | line_format "${AUTHOR}"', lookup, runValues)).toBe('{a="b"} | line_format "{{ .x }}"');
  });

  test("{{ or }}, its own or made with the text beside it, and any other value inside an action, are refused", () => {
    expect(refused('{a="b"} | line_format "${OPEN}"')).toStartWith('${OPEN} (captured by step "get") stands in the line_format template "${OPEN}", and its value "{{ .x }}" holds "{{" or "}}"');
    expect(refused('{a="b"} | line_format `{${HALF}}`')).toContain('makes "{{" or "}}" with the template\'s text beside it');
    expect(refused('{a="b"} | label_format a=b, n="x=${OPEN}"')).toContain("stands in the label_format template");
    expect(refused('{a="b"} | line_format "{{ printf \\"%s\\" ${SP} }}"')).toContain('stands inside an action {{ … }} of the line_format template');
  });
});

describe("a query's comments (`#`, and LogQL's `//` and `/* */`) are no strings and no code", () => {
  const values: Record<string, string> = {
    OPEN: "{{ if true }}ERROR{{ end }}", Q: 'a" | line_format "ERROR', BT: "0 | line_format `ERROR`", SP: "a note", N: "5",
    NL: 'x\n| line_format "ERROR"', CR: "x\r| line_format", END: '*/ | line_format "ERROR" /*', STAR: "x*", AUTHOR: 'x\n| line_format "ERROR"',
  };
  const lookup = (n: string) => values[n];
  const runValues: RunValues = { origin: (n) => (n.startsWith("A") ? undefined : `captured by step "get"`), shown: (v) => v };
  const refused = (query: string) => spliceRefusal(() => interpolateQuery(query, lookup, runValues));

  test("a quote in a comment opens no string: a value after it is where the query has it", () => {
    // Inside a string after the comment: escaped.
    expect(interpolateQuery('{a="b"} # it\'s\n| logfmt | line_format "x ${Q}"', lookup, runValues)).toBe('{a="b"} # it\'s\n| logfmt | line_format "x a\\" | line_format \\"ERROR"');
    expect(interpolateQuery('{a="b"} // it\'s\n|= "${Q}"', lookup, runValues)).toBe('{a="b"} // it\'s\n|= "a\\" | line_format \\"ERROR"');
    expect(interpolateQuery('{a="b"} /* it\'s */ |= "${Q}"', lookup, runValues)).toBe('{a="b"} /* it\'s */ |= "a\\" | line_format \\"ERROR"');
    expect(interpolateQuery('up # it\'s\n + x{a="${Q}"}', lookup, runValues)).toBe('up # it\'s\n + x{a="a\\" | line_format \\"ERROR"}');
    // Outside quotes after the comment: one literal, or refused.
    expect(refused('{a="b"} # a 5" screen\n|= "l"\n| logfmt | level="info" or size > ${BT}')).toStartWith("${BT} (captured by step \"get\") stands outside quotes in the query");
    expect(interpolateQuery('{a="b"} # a 5" screen\n| logfmt | size > ${N}', lookup, runValues)).toBe('{a="b"} # a 5" screen\n| logfmt | size > 5');
  });

  test("a comment between line_format and its template leaves it the template", () => {
    expect(refused('{a="b"} | logfmt | line_format # c\n "x ${OPEN}"')).toStartWith('${OPEN} (captured by step "get") stands in the line_format template "x ${OPEN}"');
    expect(refused('{a="b"} | line_format /* c */ "x ${OPEN}"')).toContain("stands in the line_format template");
    expect(refused('{a="b"} | label_format # c\n n="${OPEN}"')).toContain("stands in the label_format template");
  });

  test("a # inside a string starts no comment", () => {
    expect(refused('{a="b"} |= "#" | line_format "${OPEN}"')).toContain("stands in the line_format template");
    expect(refused('{a="b"} |= `it\'s #` | size > ${BT}')).toContain("stands outside quotes");
    expect(interpolateQuery('{a="b"} |= "#${Q}"', lookup, runValues)).toBe('{a="b"} |= "#a\\" | line_format \\"ERROR"');
  });

  test("a captured value in a comment is text there, but cannot end it", () => {
    expect(interpolateQuery('{a="b"} # note ${SP}, ${Q}\n| logfmt', lookup, runValues)).toBe(`{a="b"} # note a note, ${values.Q}\n| logfmt`);
    expect(interpolateQuery('{a="b"} /* ${NL} */ | logfmt', lookup, runValues)).toBe(`{a="b"} /* ${values.NL} */ | logfmt`);
    expect(refused('{a="b"} # note ${NL}\n| logfmt')).toBe(
      '${NL} (captured by step "get") stands in a comment of the query "{a=\\"b\\"} # note ${NL}\\n| logfmt", and its value "x\\n| line_format \\"ERROR\\"" holds a line break, which would end the comment: a value from the run would be read as query text, and could change what the query selects',
    );
    expect(refused('{a="b"} // note ${CR}\n| logfmt')).toContain("holds a line break");
    expect(refused('{a="b"} /* ${END} */ | logfmt')).toContain('holds "*/", which would end the comment');
    expect(refused('{a="b"} /* ${STAR}/ */ | logfmt')).toContain('makes "*/" with the text beside it, which would end the comment');
    // The author's own value writes query text still.
    expect(interpolateQuery('{a="b"} # ${AUTHOR}', lookup, runValues)).toBe(`{a="b"} # ${values.AUTHOR}`);
  });
});

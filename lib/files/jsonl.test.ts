// Tests for format: jsonl and the field rules shared with json and csv.
import { describe, expect, test } from "bun:test";
import { JsonlProbe } from "./jsonl.ts";
import { fieldRules, getField } from "./fields.ts";
import { CsvProbe } from "./csv.ts";
import { ProbeFeeder } from "./scan.ts";
import { JsonDocProbe } from "./json-doc.ts";

const NAN_HINT = "(NaN and Infinity are not JSON; Python's json.dumps writes them unless allow_nan=False)";

function check(text: string, spec?: Parameters<typeof fieldRules>[0]): string | undefined {
  const p = new JsonlProbe(fieldRules(spec));
  p.onText(text);
  return p.problems.render("app.jsonl");
}

describe("JsonlProbe", () => {
  test.each([
    ["valid lines, blank lines ignored", '{"a":1}\n\n  \n{"a":2}\r\n', undefined, undefined],
    ["any JSON value when no fields are required", '1\n"x"\n[1]\n', undefined, undefined],
    ["bad JSON names the line and quotes it", '{"a":1}\n{"a":\n{"a":3}\n', undefined, 'app.jsonl:2: not valid JSON: {"a":'],
    ["later bad lines are counted", "x\ny\n{}\nz\n", undefined, "app.jsonl:1: not valid JSON: x (and 2 more bad lines in this file)"],
    ["a missing field", '{"level":"info"}\n{"message":"m"}\n', ["level"], 'app.jsonl:2: missing field "level": {"message":"m"}'],
    ["not an object when fields are required", '{"level":"x"}\n[1]\n', ["level"], "app.jsonl:2: not a JSON object: [1]"],
    ["a dotted field path", '{"http":{"status":200}}\n', ["http.status"], undefined],
    ["a matcher per field", '{"tags":["a"]}\n{"tags":[]}\n', { tags: { length: { gte: 1 } } }, 'app.jsonl:2: field "tags" is [], expected length >= 1: {"tags":[]}'],
    ["a matcher that fails on a missing field says so", '{"x":1}\n', { level: { in: ["error"] } }, 'app.jsonl:1: missing field "level": {"x":1}'],
    ["exists: false may require absence", '{"secret":1}\n', { secret: { exists: false } }, 'app.jsonl:1: field "secret" is 1, expected does not exist: {"secret":1}'],
    // `not` of exists is about exists too: it was asked as "the field must be present", and failed where none had it.
    ["not: {exists: true} holds where no line has the field", '{"a":1}\n{"a":2}\n', { debug: { not: { exists: true } } }, undefined],
    ["not: {exists: true} fails on a line with it", '{"a":1}\n{"debug":0}\n', { debug: { not: { exists: true } } }, 'app.jsonl:2: field "debug" is 0, expected not (exists): {"debug":0}'],
    ["exists: true on a line without the field", '{"a":1}\n', { debug: { exists: true } }, 'app.jsonl:1: missing field "debug", expected exists: {"a":1}'],
    // Blank is empty or JSON whitespace only (space, tab, CR), as json.loads and jq read a line; other whitespace is no JSON.
    ["a line of spaces, tabs and CRs is blank", '{"a":1}\n \t\r\r\n\t\n{"a":2}\n', ["a"], undefined],
    ["a line of U+00A0 is not JSON, and says what it holds", '{"a":1}\n\u00A0\n{"a":2}\n', undefined, "app.jsonl:2: not valid JSON (a line of U+00A0: JSON whitespace is only space, tab, CR and LF): \u00A0"],
    ["a line of a vertical tab", '{"a":1}\n\v\n', undefined, "app.jsonl:2: not valid JSON (a line of U+000B: JSON whitespace is only space, tab, CR and LF): \v"],
    ["a line of a form feed and spaces", '{"a":1}\n \f \n', undefined, "app.jsonl:2: not valid JSON (a line of U+000C: JSON whitespace is only space, tab, CR and LF):  \f "],
    ["a line of U+2028 and U+3000", '{"a":1}\n\u2028\u3000\n', undefined, "app.jsonl:2: not valid JSON (a line of U+2028, U+3000: JSON whitespace is only space, tab, CR and LF): \u2028\u3000"],
    ["a value after U+00A0", '\u00A0{"a":1}\n', undefined, "app.jsonl:1: not valid JSON: \u00A0{\"a\":1}"],
    // A UTF-8 BOM at the file's start is the encoding's mark (json.loads of the bytes and jq drop it); elsewhere it fails.
    ["a BOM at the file's start", '\uFEFF{"a":1}\n{"a":2}\n', ["a"], undefined],
    ["a BOM alone on the first line", '\uFEFF\n{"a":1}\n', ["a"], undefined],
    ["a BOM on a later line fails, and is named", '{"a":1}\n\uFEFF{"a":2}\n', undefined, 'app.jsonl:2: not valid JSON (it starts with a BOM, U+FEFF, which only the file\'s start may have): \uFEFF{"a":2}'],
    ["a line of a BOM after the start", '{"a":1}\n\uFEFF\n', undefined, "app.jsonl:2: not valid JSON (it starts with a BOM, U+FEFF, which only the file's start may have): \uFEFF"],
    // Python's json.dumps writes NaN, Infinity and -Infinity bare: still not JSON (json.loads takes them, jq does not), with a hint.
    ["a bare NaN", '{"a":1}\n{"loss": NaN}\n', undefined, `app.jsonl:2: not valid JSON ${NAN_HINT}: {"loss": NaN}`],
    ["a bare Infinity and -Infinity", '[Infinity, -Infinity]\n', undefined, `app.jsonl:1: not valid JSON ${NAN_HINT}: [Infinity, -Infinity]`],
    ["NaN inside a string is no hint", '{"msg": "NaN", "x": }\n', undefined, 'app.jsonl:1: not valid JSON: {"msg": "NaN", "x": }'],
    ["an escaped quote does not end the string", '{"msg": "a \\" NaN", "x": }\n', undefined, 'app.jsonl:1: not valid JSON: {"msg": "a \\" NaN", "x": }'],
    ["NaN as part of a word is no hint", '{"a": NaNx}\n', undefined, 'app.jsonl:1: not valid JSON: {"a": NaNx}'],
  ])("%s", (_, text, spec, problem) => {
    expect(check(text, spec)).toBe(problem);
  });

  test("a value nested too deep to check fails its line, naming the field; the file was read (it said it could not be)", () => {
    const deep = `{"timestamp":${"[".repeat(200_000)}${"]".repeat(200_000)}}\n`;
    expect(check(`{"timestamp":"t"}\n${deep}`, { timestamp: { type: "string" } })).toStartWith('app.jsonl:2: field "timestamp" is a value nested too deep to compare or show (the walk of it overflowed the stack): {"timestamp":[[[');
  });

  test("quoted lines are truncated to 200 characters", () => {
    const long = "x".repeat(500);
    expect(check(`${long}\n`)).toBe(`app.jsonl:1: not valid JSON: ${"x".repeat(200)}…`);
  });

  test("a BOM is the file's start only once: the second block's first line is no start", () => {
    const p = new JsonlProbe([]);
    p.onText('\uFEFF{"a":1}\n');
    p.onText('\uFEFF{"a":2}\n');
    expect(p.problems.render("f")).toBe(`f:2: not valid JSON (it starts with a BOM, U+FEFF, which only the file's start may have): \uFEFF{"a":2}`);
  });

  test("line numbers continue across blocks", () => {
    const p = new JsonlProbe([]);
    p.onText("{}\n{}\n");
    p.onText("{}\nbad\n");
    expect(p.problems.render("f")).toBe("f:4: not valid JSON: bad");
  });
});

describe("getField", () => {
  test.each([
    [{ a: 1 }, "a", 1],
    [{ "a.b": 2, a: { b: 3 } }, "a.b", 2],
    [{ a: { b: 3 } }, "a.b", 3],
    [{ a: { b: 3 } }, "a.c", undefined],
    [{ a: 1 }, "a.b", undefined],
    // What every object inherits is no field of the record.
    [{ level: "info" }, "constructor", undefined],
    [{ level: "info" }, "toString", undefined],
    [{ a: { b: 3 } }, "a.hasOwnProperty", undefined],
    [JSON.parse('{"constructor": 5}'), "constructor", 5],
  ])("%j %s → %j", (record, name, value) => {
    expect(getField(record, name)).toBe(value);
  });
});

describe("a line longer than the feeder keeps whole (it comes in pieces)", () => {
  /** Feeds the text in 3-byte chunks through a feeder that keeps lines of at most 8 bytes whole. */
  function pieces(probe: JsonlProbe | CsvProbe, text: string): void {
    const feeder = new ProbeFeeder({ bytes: [], text: [probe] }, 0, 8);
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += 3) feeder.push(bytes.subarray(at, at + 3));
    feeder.end();
  }

  test("jsonl: one problem for the long line, saying why, and later lines keep their numbers", () => {
    const p = new JsonlProbe([]);
    pieces(p, '{"a":"0123456789abcdef"}\n{"b":1}\nbad\n');
    expect(p.problems.render("app.jsonl")).toBe('app.jsonl:1: longer than 32 MiB: not parsed: {"a":"012 (and 1 more bad line in this file)');
    expect(p.problems.count).toBe(2);
  });

  test("csv: the long line is one problem, and later rows keep their numbers", () => {
    const p = new CsvProbe([], []);
    pieces(p, "a,b\n1,0123456789abcdef\n1\n");
    expect(p.problems.render("s.csv")).toBe("s.csv:2: longer than 32 MiB: not parsed: 1,012345678 (and 1 more bad line in this file)");
  });
});

describe("JSON text is UTF-8 (RFC 8259): bytes that are no UTF-8 fail the line, a U+FFFD written as such does not", () => {
  /** Feeds the bytes in chunks of `size` through the scan's feeder, as a file is read. */
  function fed(bytes: Buffer, size: number): string | undefined {
    const p = new JsonlProbe([]);
    const feeder = new ProbeFeeder({ bytes: [], text: [p] });
    for (let at = 0; at < bytes.length; at += size) feeder.push(bytes.subarray(at, at + size));
    feeder.end();
    return p.problems.render("app.jsonl");
  }
  const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}\n{"b":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n{"c":"ok \uFFFD real"}\n{"d":1}\n')]);
  test.each([1, 2, 5, 64 * 1024])("in chunks of %d bytes", (size) => {
    expect(fed(bytes, size)).toBe('app.jsonl:1: not valid UTF-8 (JSON text is UTF-8): {"a":"\uFFFD\uFFFD"} (and 1 more bad line in this file)');
    expect(fed(Buffer.from('{"c":"ok \uFFFD real"}\n{"é":"ü"}\n'), size)).toBeUndefined();
  });
  test("a whole json document", () => {
    const p = new JsonDocProbe([]);
    p.onBytes(Buffer.concat([Buffer.from('{"a":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]));
    p.onEnd();
    expect(p.problems.render("d.json", "problem")).toBe("d.json: not valid UTF-8 (JSON text is UTF-8)");
    const ok = new JsonDocProbe([]);
    ok.onBytes(Buffer.from('{"a":"\uFFFD é"}'));
    ok.onEnd();
    expect(ok.problems.count).toBe(0);
  });
});

// An integer beyond 2^53 is no exact number once parsed (9007199254740992 and …993 are one double): a field compared
// with a number close to it cannot be decided, and fails saying so, in a JSON line, a JSON document and a CSV cell.
describe("required_fields on integers beyond 2^53", () => {
  const jsonl = (text: string, spec: Parameters<typeof fieldRules>[0]) => {
    const p = new JsonlProbe(fieldRules(spec));
    p.onText(text);
    return p.problems.render("x.jsonl");
  };
  const jsonDoc = (text: string, spec: Parameters<typeof fieldRules>[0]) => {
    const p = new JsonDocProbe(fieldRules(spec));
    p.onBytes(Buffer.from(text));
    p.onEnd();
    return p.problems.render("x.json", "problem");
  };
  const csv = (text: string, spec: Parameters<typeof fieldRules>[0]) => {
    const p = new CsvProbe([], fieldRules(spec));
    p.onText(text);
    p.onEnd();
    return p.problems.render("x.csv");
  };
  test.each([
    [{ id: 9007199254740993 }],
    [{ id: { eq: 9007199254740993 } }],
    [{ id: { in: [9007199254740993] } }],
    [{ id: { gt: 9007199254740991 } }],
    [{ id: { not: { ne: 9007199254740993 } } }],
    [{ id: { gt: 9007199254740992 } }],
  ])("%j: undecided in jsonl, json and csv", (spec) => {
    for (const got of [jsonl('{"id":9007199254740992}\n', spec), jsonDoc('{"id":9007199254740992}', spec), csv("id\n9007199254740992\n", spec)])
      expect(got).toContain("cannot be decided: beyond 2^53 a number is not exact here");
  });
  test("far from the constant, or the digits compared as text, it is decided", () => {
    expect(jsonl('{"id":9007199254740992}\n', { id: { gt: 5 } })).toBeUndefined();
    expect(jsonl('{"id":9007199254740992}\n', { id: { lt: 5 } })).toContain('expected < 5');
    expect(csv("id\n9007199254740992\n", { id: "9007199254740992" })).toBeUndefined();
    expect(csv("id\n9007199254740992\n", { id: "9007199254740993" })).toContain('expected == "9007199254740993"');
  });
  // JSON's text of an infinity is null: a failure said `field "v" is null` of -1e999, which json.loads reads as -inf.
  test("a JSON number beyond a double's range that fails a check is shown as the infinity it reads as, not null", () => {
    expect(jsonl('{"v":-1e999}\n', { v: { gte: 0 } })).toContain('field "v" is -Infinity, expected >= 0');
    expect(jsonl('{"v":{"a":1e999}}\n', { v: { type: "string" } })).toContain('field "v" is {"a":Infinity}, expected is of type string');
  });
  // A cell "1e-400" read as 0 passed `v: 0`; "1.0000000000000001" passed `v: 1`; "1e999" passed `v: .inf`.
  test("a CSV cell its double does not hold, compared with a number close to it, is undecided, saying what it lost", () => {
    expect(csv("v\n1e-400\n", { v: 0 })).toContain("cannot be decided: a number too small for a double reads as 0 here");
    expect(csv("v\n1.0000000000000001\n", { v: 1 })).toContain("cannot be decided: a double keeps fewer digits than this number has");
    expect(csv("v\n1e999\n", { v: Infinity })).toContain("cannot be decided: beyond a double's range (about 1.8e308) a number reads as Infinity here");
    expect(csv("v\n1e999\n", { v: { gt: 5 } })).toBeUndefined();
    expect(csv("v\n1e-400\n", { v: { lt: 1 } })).toBeUndefined();
  });
});

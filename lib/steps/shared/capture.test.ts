// Tests of `capture:`: load-time validation of names and sources, and each capture form at run time.
import { describe, expect, test } from "bun:test";
import { captureText, runCaptures, type CaptureInput } from "./capture.ts";
import { captureSchema } from "./capture-schema.ts";
import { lazyJson } from "./jsonpath.ts";

const httpCaptures = captureSchema({ named: ["body", "status"], headers: true, textName: "the response body" });
const shellCaptures = captureSchema({ named: ["stdout", "stderr"], textName: "stdout" });

describe("captureSchema", () => {
  test.each([
    [httpCaptures, { ID: "$.data[0].id", LOC: "header:Location", B: "body", S: "status", R: { regex: "id=(\\d+)" } }],
    [shellCaptures, { OUT: "stdout", ERR: "stderr", V: "$.version", R: { regex: "v\\d+" } }],
    // Names close to those refused are fine.
    [shellCaptures, { MY_PATH: "stdout", ENV_NAME: "stdout", BASH_ENVIRONMENT: "stdout", LD: "stdout" }],
  ])("accepts every source form %#", (schema, value) => {
    expect(schema.safeParse(value).success).toBe(true);
  });

  test.each([
    [httpCaptures, { "1X": "body" }, "variable name"],
    [httpCaptures, { "A-B": "body" }, "variable name"],
    [httpCaptures, { X: "stdout" }, 'unknown capture source "stdout"'],
    [httpCaptures, { X: "data[0].id" }, 'unknown capture source "data[0].id" (did you mean the JSONPath "$.data[0].id"?)'],
    [shellCaptures, { X: "header:Location" }, 'unknown capture source "header:Location"'],
    [httpCaptures, { X: "header:" }, "needs a header name"],
    [httpCaptures, { X: "$.a[" }, 'missing "]"'],
    [httpCaptures, { X: { regex: "(" } }, "invalid regular expression"],
    [httpCaptures, { X: { regex: "a", from: "body" } }, ""],
    // Names later programs read as code or as where code is: a response would choose what later steps run.
    [httpCaptures, { BASH_ENV: "body" }, "capture name BASH_ENV: every later step's programs get it in their environment, where bash runs the file it names before each script; a captured value (chosen by what answered) would decide that: pick another name"],
    [shellCaptures, { PATH: "stdout" }, "capture name PATH: every later step's programs get it in their environment, where it says where every command is found"],
    [shellCaptures, { LD_PRELOAD: "stdout" }, "the dynamic linker reads it"],
    [httpCaptures, { BASH_FUNC_ls: { regex: "x" } }, "bash defines functions from it"],
    [httpCaptures, { DOCKER_HOST: "header:X-Engine" }, "docker and compose talk to the engine it names"],
  ])("rejects %p", (schema, value, message) => {
    const r = schema.safeParse(value);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join("\n")).toContain(message);
  });
});

function input(text: string, headers: Record<string, string> = {}): CaptureInput {
  return {
    text,
    json: lazyJson(text, "the response body"),
    named: (n) => (n === "status" ? "201" : text.trim()),
    header: (h) => Object.entries(headers).find(([k]) => k.toLowerCase() === h.toLowerCase())?.[1],
  };
}

describe("runCaptures", () => {
  test("a number beyond a double's range (1e400, read as Infinity) is no capture: its text would be null", async () => {
    const r = await runCaptures({ N: "$.n", L: "$.l", OK: "$.k" }, input('{"n":1e400,"l":[1,-1e400],"k":5}'), "the response body");
    expect(r.captures).toEqual({ OK: "5" });
    expect(r.checks.map((c) => [c.path, String(c.actual).slice(0, 62)])).toEqual([
      ["capture N", "a JSON number beyond a double's range (about 1.8e308) reads as"],
      ["capture L", "a JSON number beyond a double's range (about 1.8e308) reads as"],
    ]);
    expect(String(r.checks[0]!.actual)).toEndWith(`capture its digits with {regex: '"n"\\s*:\\s*([-\\d.eE+]+)'}`);
  });

  test("a regex capture whose search Bun's engine gives up is not known, not no match", async () => {
    const r = await runCaptures({ W: { regex: String.raw`((\w+\s?)+): ERROR` } }, input("word ".repeat(30) + "! zz: ERROR"), "the response body");
    expect(String(r.checks[0]?.actual)).toStartWith('not known: /((\\w+\\s?)+): ERROR/ answered "no match"');
  });

  test("each form captures its value", async () => {
    const body = '{"data":[{"id":"m1","n":3},{"id":"m2"}],"obj":{"a":1}}\n';
    const r = await runCaptures(
      {
        ID: "$.data[0].id",
        N: "$.data[0].n",
        IDS: "$.data[*].id",
        OBJ: "$.obj",
        LOC: "header:location",
        BODY: "body",
        STATUS: "status",
        GROUP: { regex: '"id":"(m\\d)"' },
        WHOLE: { regex: "m\\d" },
        CI: { regex: '(?i)"ID":"(\\w+)"' },
      },
      input(body, { Location: "/next" }),
      "the response body",
    );
    expect(r.checks).toEqual([]);
    expect(r.captures).toEqual({
      ID: "m1",
      N: "3",
      IDS: '["m1","m2"]',
      OBJ: '{"a":1}',
      LOC: "/next",
      BODY: body.trim(),
      STATUS: "201",
      GROUP: "m1",
      WHOLE: "m1",
      CI: "m1",
    });
  });

  test("a capture that matches nothing is a failed check naming it", async () => {
    const r = await runCaptures({ A: "$.missing", B: "header:X-Nope", C: { regex: "zzz(\\d)" } }, input('{"x":1}'), "the response body");
    expect(r.captures).toEqual({});
    expect(r.checks).toEqual([
      { path: "capture A", expected: "$.missing matches a value in the response body", actual: "nothing matched", ok: false },
      { path: "capture B", expected: "response header X-Nope", actual: "absent", ok: false },
      { path: "capture C", expected: "/zzz(\\d)/ matches the response body", actual: "no match", ok: false },
    ]);
  });

  test("a regex whose group 1 took no part in the match captures nothing: a failed check, not an empty value", async () => {
    const r = await runCaptures({ R: { regex: "(a)|(b)" }, E: { regex: "x(\\d*)y" } }, input("b xy"), "the response body");
    // An empty group that took part is a value (E: ""); one that did not is none.
    expect(r.captures).toEqual({ E: "" });
    expect(r.checks).toEqual([{ path: "capture R", expected: "/(a)|(b)/ matches the response body with group 1", actual: "a match in which group 1 took no part: nothing captured", ok: false }]);
  });

  test("a JSONPath capture on a body that is not JSON says so", async () => {
    const r = await runCaptures({ A: "$.a" }, input("<html>"), "the response body");
    expect(r.checks[0]!.ok).toBe(false);
    expect(String(r.checks[0]!.actual)).toContain("the response body is not JSON");
  });

  test("a JSON integer beyond 2^53 is not captured with wrong digits; its digits are captured by a regex", async () => {
    const body = '{"id":9007199254740993,"ids":[1,9007199254740995],"ok":9007199254740991}';
    const r = await runCaptures({ ID: "$.id", IDS: "$.ids", OK: "$.ok", RAW: { regex: '"id":(\\d+)' } }, input(body), "the response body");
    expect(r.captures).toEqual({ OK: "9007199254740991", RAW: "9007199254740993" });
    expect(r.checks.map((c) => [c.path, String(c.actual).split(":")[0]])).toEqual([["capture ID", "9007199254740992"], ["capture IDS", "[1,9007199254740996]"]]);
    // The regex it suggests names the captured field and allows a space after the colon, and it works as given.
    const big = await runCaptures({ BIG: "$.data['big']" }, input('{"id": 1, "data": {"big": 12345678901234567890}}'), "the response body");
    const suggested = /\{regex: '(.*)'\}/.exec(String(big.checks[0]!.actual))![1]!;
    expect(suggested).toBe('"big"\\s*:\\s*(\\d+)');
    expect((await runCaptures({ BIG: { regex: suggested } }, input('{"id": 1, "data": {"big": 12345678901234567890}}'), "the response body")).captures).toEqual({ BIG: "12345678901234567890" });
  });

  test("the regex suggested for such a number is one that captures its digits in this body, or none", async () => {
    const body = '{"ids":[9007199254740993],"o":{"id":12345678901234567890},"x":{"k":1},"k":9007199254740993,"n":-9007199254740993,"inf":1e400}';
    const r = await runCaptures({ L: "$.ids", O: "$.o", W: "$.ids[*]", K: "$.k", N: "$.n", D: "$.o.id", I: "$['inf']" }, input(body), "the response body");
    expect(r.captures).toEqual({});
    const hints = Object.fromEntries(r.checks.map((c) => [c.path, String(c.actual).replace(/^.*?; /, "")]));
    expect(hints).toEqual({
      // A list, a mapping, an item: no `"KEY":DIGITS` holds them.
      "capture L": "capture its digits with a {regex} on the response body",
      "capture O": "capture its digits with a {regex} on the response body",
      "capture W": "capture its digits with a {regex} on the response body",
      // The first "k" in the body is x's, whose value is 1.
      "capture K": "capture its digits with a {regex} on the response body",
      "capture N": `capture its digits with {regex: '"n"\\s*:\\s*(-\\d+)'}`,
      "capture D": `capture its digits with {regex: '"id"\\s*:\\s*(\\d+)'}`,
      "capture I": `capture its digits with {regex: '"inf"\\s*:\\s*([-\\d.eE+]+)'}`,
    });
    // Each regex given captures the digits as written.
    const given = Object.fromEntries(r.checks.flatMap((c) => {
      const m = /\{regex: '(.*)'\}/.exec(String(c.actual));
      return m ? [[c.path.slice(8), { regex: m[1]!.replaceAll("''", "'") }]] : [];
    }));
    expect((await runCaptures(given, input(body), "the response body")).captures).toEqual({ N: "-9007199254740993", D: "12345678901234567890", I: "1e400" });
  });

  test("a value holding a NUL byte is not captured: no command's environment or argument could carry it", async () => {
    const body = '{"v":"a\\u0000b","w":{"k":"x\\u0000"},"ok":"fine"}';
    const r = await runCaptures({ V: "$.v", W: "$.w", OK: "$.ok", R: { regex: '"v":"(a)' } }, input(body), "the response body");
    // An object holding one is its JSON text, where the NUL is the escape \u0000: that goes anywhere.
    expect(r.captures).toEqual({ W: '{"k":"x\\u0000"}', OK: "fine", R: "a" });
    expect(r.checks).toEqual([
      {
        path: "capture V",
        expected: "$.v in the response body, without a NUL byte",
        actual: "a NUL byte at character 2 of 3, which no command\'s environment or argument can carry (every variable is exported to each shell, compose and background command); capture a part without it with a {regex}",
        ok: false,
      },
    ]);
    const text = await runCaptures({ OUT: "body", M: { regex: "x.y" } }, input("x\0y"), "the response body");
    expect(text.captures).toEqual({});
    expect(text.checks.map((c) => [c.path, c.expected])).toEqual([
      ["capture OUT", "body, without a NUL byte"],
      ["capture M", "/x.y/ matches the response body, without a NUL byte"],
    ]);
    // A NUL as the value's first character is refused as well.
    const first = await runCaptures({ Z: "$.z" }, input('{"z":"\\u0000z"}'), "the response body");
    expect([first.captures, first.checks.map((c) => [c.path, c.ok])]).toEqual([{}, [["capture Z", false]]]);
  });

  test("captureText keeps strings and writes the rest as JSON", () => {
    expect([captureText("s"), captureText(1), captureText(true), captureText(null), captureText([1])]).toEqual(["s", "1", "true", "null", "[1]"]);
  });
});

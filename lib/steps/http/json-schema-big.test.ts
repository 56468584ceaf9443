// `expect.json_schema` on numbers a double does not hold (an int64 id beyond 2^53, 1e400): a comparison the rounding
// decides fails as undecided, naming the JSON pointer, as the json matcher's does; one far from it is given.
import { afterAll, describe, expect, test } from "bun:test";
import { step } from "../http.ts";
import type { Check } from "../../expect/matcher.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { expectPassed } from "../../../test/helpers/step-result.ts";

const BODIES: Record<string, string> = {
  bigId: '{"id":1234567890123456789}',
  n992: "9007199254740992",
  n993: "9007199254740993",
  ids: '{"ids":[9007199254740993,9007199254740992]}',
  idsFar: '{"ids":[9007199254740993,5]}',
  neg: '{"id":-9007199254740993}',
  inf: '{"a":[1e400,1e401],"b":1e400}',
  objs: '{"list":[{"id":9007199254740993},{"id":9007199254740992}]}',
  // Numbers beyond 2^53 that their doubles hold exactly, as written.
  exact: '{"e":1e20,"t":1152921504606846976,"u":[9007199254740992,9007199254740994]}',
};

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch(req) {
    const name = new URL(req.url).pathname.slice(1);
    return Object.hasOwn(BODIES, name) ? new Response(BODIES[name], { headers: { "content-type": "application/json" } }) : new Response("not found", { status: 404 });
  },
});
afterAll(() => server.stop(true));
const base = `http://127.0.0.1:${server.port}`;

async function check(body: string, json_schema: Record<string, unknown>) {
  const r = await step.run(step.schema.parse({ url: `${base}/${body}`, expect: { json_schema } }), testContext());
  expect(r.error).toBeUndefined();
  return r;
}

const failures = (checks: Check[]) => checks.filter((c) => !c.ok).map(({ path, expected, actual }) => ({ path, expected, actual }));

/** The json matcher's words for a comparison the rounding decides, after the number as the body wrote it. */
const NOT_EXACT = ": beyond 2^53 a number is not exact here, so this comparison cannot be decided (compare the digits as text instead, e.g. body: {matches: '\"KEY\"\\s*:\\s*DIGITS\\b'} with the field's name and digits)";
const BEYOND_RANGE = ": a JSON number beyond a double's range (about 1.8e308) reads as Infinity here, its digits lost, so this cannot be decided (compare the digits as text instead, e.g. body: {matches: '\"KEY\"\\s*:\\s*DIGITS\\b'} with the field's name and digits)";

describe("json_schema on numbers beyond 2^53", () => {
  test.each([
    // const …788 passed on …789: both read as 1234567890123456768.
    ["bigId", { type: "object", required: ["id"], properties: { id: { const: 1234567890123456788 } } }, "/id", "must be equal to constant 1234567890123456800", "1234567890123456789 (read as 1234567890123456800)"],
    // enum [9007199254740993, 1] passed on …992: the schema's …993 reads as …992.
    ["n992", { enum: [9007199254740993, 1] }, "/", "must be equal to one of the allowed values [9007199254740992,1]", "9007199254740992"],
    ["n993", { const: 9007199254740992 }, "/", "must be equal to constant 9007199254740992", "9007199254740993 (read as 9007199254740992)"],
    // Under not, anyOf and a bound: the answer on the rounded value would be the verdict.
    ["bigId", { properties: { id: { not: { const: 1234567890123456788 } } } }, "/id", "must be equal to constant 1234567890123456800", "1234567890123456789 (read as 1234567890123456800)"],
    ["bigId", { properties: { id: { anyOf: [{ const: 1234567890123456788 }, { type: "string" }] } } }, "/id", "must be equal to constant 1234567890123456800", "1234567890123456789 (read as 1234567890123456800)"],
    ["n993", { maximum: 9007199254740992 }, "/", "must be <= 9007199254740992", "9007199254740993 (read as 9007199254740992)"],
    ["neg", { properties: { id: { exclusiveMinimum: -9007199254740992 } } }, "/id", "must be > -9007199254740992", "-9007199254740993 (read as -9007199254740992)"],
    // An odd number read as an even one.
    ["n993", { multipleOf: 2 }, "/", "must be multiple of 2", "9007199254740993 (read as 9007199254740992)"],
    ["objs", { properties: { list: { items: { enum: [{ id: 9007199254740992 }] } } } }, "/list/0", "must be equal to one of the allowed values [{\"id\":9007199254740992}]", '{"id":9007199254740993} (read as {"id":9007199254740992})'],
  ])("%s with %j fails as undecided at its pointer", async (body, schema, pointer, expected, shown) => {
    const r = await check(body, schema);
    const got = failures(r.checks);
    expect(got).toContainEqual({ path: `json_schema ${pointer}`, expected, actual: `${shown}${NOT_EXACT}` });
    // Nothing else is said of it: no violation decided on the rounded value (not's "must NOT be valid", anyOf's).
    expect(got.filter((c) => c.path === `json_schema ${pointer}` && c.expected !== expected)).toEqual([]);
  });

  test("uniqueItems on two ids one apart is undecided, its list shown with the digits as written; a decided violation beside it stays", async () => {
    const r = await check("ids", { required: ["next"], properties: { ids: { uniqueItems: true } } });
    expect(failures(r.checks)).toEqual([
      { path: "json_schema /", expected: "must have required property 'next'", actual: { ids: [9007199254740992, 9007199254740992] } },
      { path: "json_schema /ids", expected: "must NOT have duplicate items", actual: `[9007199254740993,9007199254740992] (read as [9007199254740992,9007199254740992])${NOT_EXACT}` },
    ]);
    const objs = await check("objs", { properties: { list: { uniqueItems: true } } });
    expect(failures(objs.checks)).toEqual([
      { path: "json_schema /list", expected: "must NOT have duplicate items", actual: `[{"id":9007199254740993},{"id":9007199254740992}] (read as [{"id":9007199254740992},{"id":9007199254740992}])${NOT_EXACT}` },
    ]);
  });

  test("far from the rounding the answer is given, passed or failed", async () => {
    expectPassed(await check("bigId", { type: "object", properties: { id: { type: "integer", minimum: 0, maximum: 1e19, not: { const: 5 } } } }), ["status", "json_schema"]);
    expectPassed(await check("idsFar", { properties: { ids: { uniqueItems: true, items: { type: "integer", minimum: 0, not: { enum: [1, 2] } } } } }), ["status", "json_schema"]);
    const bad = await check("bigId", { properties: { id: { const: 5, maximum: 100 } } });
    expect(failures(bad.checks)).toEqual([
      { path: "json_schema /id", expected: "must be equal to constant", actual: 1234567890123456800 },
      { path: "json_schema /id", expected: "must be <= 100", actual: 1234567890123456800 },
    ]);
  });

  test("a body's number its double holds exactly (its text says so) is compared as it is, with another such or with a schema's number below 2^53", async () => {
    expectPassed(await check("exact", { properties: { e: { multipleOf: 4 }, t: { multipleOf: 1024, minimum: 9007199254740991 }, u: { uniqueItems: true, items: { exclusiveMinimum: 9007199254740991 } } } }), ["status", "json_schema"]);
    // 2^60 is no multiple of 3, though 2^60 / 3 reads as a whole number in a double; a schema number beyond 2^53 is not known.
    const r = await check("exact", { properties: { t: { multipleOf: 3 }, u: { items: { maximum: 9007199254740992 } } } });
    expect(failures(r.checks)).toEqual([
      { path: "json_schema /t", expected: "must be multiple of 3", actual: 1152921504606846976 },
      { path: "json_schema /u/0", expected: "must be <= 9007199254740992", actual: `9007199254740992${NOT_EXACT}` },
      { path: "json_schema /u/1", expected: "must be <= 9007199254740992", actual: `9007199254740994${NOT_EXACT}` },
    ]);
  });

  test("a number beyond a double's range: equal to another such, and a multiple, are undecided; against finite bounds it is decided", async () => {
    const r = await check("inf", { properties: { a: { uniqueItems: true }, b: { multipleOf: 2 } } });
    expect(failures(r.checks)).toEqual([
      { path: "json_schema /a", expected: "must NOT have duplicate items", actual: `[1e400,1e401] (read as [Infinity,Infinity])${BEYOND_RANGE}` },
      { path: "json_schema /b", expected: "must be multiple of 2", actual: `1e400 (read as Infinity)${BEYOND_RANGE}` },
    ]);
    const bound = await check("inf", { properties: { b: { maximum: 5 } } });
    expect(failures(bound.checks)).toEqual([{ path: "json_schema /b", expected: "must be <= 5", actual: Infinity }]);
    expectPassed(await check("inf", { properties: { b: { minimum: 1e308 } } }), ["status", "json_schema"]);
  });
});

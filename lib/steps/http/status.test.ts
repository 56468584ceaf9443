// checkStatus: a numeric code's shortcut gives exactly what the matcher's literal evaluation gives.
import { afterEach, describe, expect, test } from "bun:test";
import { checkStatus } from "./status.ts";
import { statusSchema } from "./status-schema.ts";
import { evaluate } from "../../expect/matcher.ts";
import { step } from "../http.ts";
import { testContext } from "../../../test/helpers/context.ts";
import { scriptedServer } from "../../../test/helpers/scripted-server.ts";
import { raw } from "../../../test/helpers/wire-diff.ts";

test("a numeric expected status checks as evaluate checks the literal, match or not", () => {
  const codes = [100, 200, 201, 204, 301, 302, 304, 400, 404, 418, 500, 503, 599, 0, -0];
  for (const expected of codes) {
    for (const status of [200, 204, 302, 404, 500, 0]) {
      expect(checkStatus(expected, status)).toEqual(evaluate(expected, status, "status"));
    }
  }
});

test("a non-finite number still goes through evaluate", () => {
  expect(checkStatus(Number.NaN, 200)).toEqual(evaluate(Number.NaN, 200, "status"));
  expect(checkStatus(Number.POSITIVE_INFINITY, 200)).toEqual([{ path: "status", expected: "== Infinity", actual: 200, ok: false }]);
});

test("classes, lists and matcher mappings keep their own checks", () => {
  expect(checkStatus("2xx", 204)).toEqual([{ path: "status", expected: "2xx", actual: 204, ok: true }]);
  expect(checkStatus([200, "3xx"], 404)).toEqual([{ path: "status", expected: "one of 200, 3xx", actual: 404, ok: false }]);
  expect(checkStatus({ gte: 200, lt: 300 }, 250)).toEqual(evaluate({ gte: 200, lt: 300 }, 250, "status"));
  expect(checkStatus(undefined, 404)).toEqual([{ path: "status", expected: "2xx or 3xx (no status expected explicitly)", actual: 404, ok: false }]);
});

test("without an expected status, 200 to 399 pass and every other status fails, at both edges", () => {
  expect([199, 200, 399, 400].map((s) => checkStatus(undefined, s)[0]!.ok)).toEqual([false, true, true, false]);
});

test("a code as text, as a captured status gives it (status: \"${CODE}\"), is that code, not its class", () => {
  // "200" read as a class matched any 2xx; the schema refused it before ("\"200\" is not a status").
  expect(checkStatus("200", 200).map((c) => [c.expected, c.ok])).toEqual([["== 200", true]]);
  expect(checkStatus("200", 204).map((c) => c.ok)).toEqual([false]);
  expect(checkStatus(["201", "2xx"], 204).map((c) => c.ok)).toEqual([true]);
  expect(statusSchema.safeParse("200").success).toBe(true);
  expect(statusSchema.safeParse("999").error?.issues[0]?.message).toBe("999 is not an HTTP status code (100-599)");
});

describe("a class under a matcher mapping means its class, as the top-level forms (it was compared as the text \"4xx\")", () => {
  // [matcher, passes on 200, on 404, on 500]: every operator that takes a status, with classes in either case.
  const table: [unknown, boolean, boolean, boolean][] = [
    [{ eq: "2xx" }, true, false, false],
    [{ eq: "4XX" }, false, true, false],
    [{ ne: "4xx" }, true, false, true],
    [{ ne: "5xx" }, true, true, false],
    [{ in: ["2xx"] }, true, false, false],
    [{ in: ["4xx", "5xx"] }, false, true, true],
    [{ in: [200, "5XX"] }, true, false, true],
    [{ in: ["201", "4xx"] }, false, true, false],
    [{ not: "4xx" }, true, false, true],
    [{ not: "5xx" }, true, true, false],
    [{ not: { in: ["4xx", "5xx"] } }, true, false, false],
    [{ not: ["4xx", 500] }, true, false, false],
    [{ not: { eq: "2xx" } }, false, true, true],
    [{ not: { ne: "4xx" } }, false, true, false],
    [{ not: { not: "5xx" } }, false, false, true],
    [{ not: 404 }, true, false, true],
    [{ eq: 404 }, false, true, false],
    [{ ne: "500" }, true, true, false],
    [{ gte: 400, lt: 500 }, false, true, false],
    [{ between: [400, 599] }, false, true, true],
    [{ matches: "^5" }, false, false, true],
    [{ not_matches: "^[45]" }, true, false, false],
    [{ contains: "0" }, true, true, true],
    [{ not_contains: "4" }, true, false, true],
    [{ in: ["2xx"], not: 204 }, true, false, false],
    // not over several operators negates them together: not (2xx and below 450), so 404 fails and 500 passes.
    [{ not: { gte: 200, lt: 450 } }, false, false, true],
  ];
  for (const [matcher, ...want] of table) {
    test(JSON.stringify(matcher), () => {
      expect(statusSchema.safeParse(matcher).error?.issues).toBeUndefined();
      expect([200, 404, 500].map((s) => checkStatus(matcher, s).every((c) => c.ok))).toEqual(want);
    });
  }

  test("a failure says what was expected of the class", () => {
    expect(checkStatus({ not: "4xx" }, 404)).toEqual([{ path: "status", expected: "not (4xx)", actual: 404, ok: false }]);
    expect(checkStatus({ ne: "5XX" }, 500)).toEqual([{ path: "status", expected: "not 5xx", actual: 500, ok: false }]);
    expect(checkStatus({ in: ["2xx", 301] }, 404)).toEqual([{ path: "status", expected: "one of 2xx, 301", actual: 404, ok: false }]);
    expect(checkStatus({ eq: "2xx" }, 500)).toEqual([{ path: "status", expected: "2xx", actual: 500, ok: false }]);
    expect(checkStatus({ not: { in: ["4xx", "5xx"] } }, 503)).toEqual([{ path: "status", expected: "not (one of 4xx, 5xx)", actual: 503, ok: false }]);
  });
});

describe("a status matcher no status can satisfy as meant is refused at load", () => {
  const refused: [unknown, (string | number)[], string][] = [
    [{ gte: "4xx" }, ["gte"], "4xx is a class, not a number: gte takes a code (gte: 400); for the class itself write status: 4xx (or {not: 4xx})"],
    [{ not: { lt: "5XX" } }, ["not", "lt"], "5xx is a class, not a number: lt takes a code (lt: 500); for the class itself write status: 5xx (or {not: 5xx})"],
    [{ between: ["4xx", 500] }, ["between"], 'between takes two codes, not a class (["4xx",500]): write between: [400, 499], or the class itself (status: 4xx)'],
    [{ contains: "4xx" }, ["contains"], 'contains: 4xx reads the status as text, its digits, which never hold "4xx": for the class write status: 4xx (or {not: 4xx})'],
    [{ not_contains: "5xx" }, ["not_contains"], 'not_contains: 5xx reads the status as text, its digits, which never hold "5xx": for the class write status: 5xx (or {not: 5xx})'],
    [{ matches: "2xx" }, ["matches"], 'matches: 2xx reads the status as text, its digits, which never hold "2xx": for the class write status: 2xx (or {not: 2xx})'],
    [{ not_matches: "4xx" }, ["not_matches"], 'not_matches: 4xx reads the status as text, its digits, which never hold "4xx": for the class write status: 4xx (or {not: 4xx})'],
    [{ eq: "ok" }, ["eq"], '"ok" is not a status: write a code (200), a class (2xx), or a list of them'],
    [{ ne: "6xx" }, ["ne"], '"6xx" is not a status: write a code (200), a class (2xx), or a list of them'],
    [{ in: [200, "2xxx"] }, ["in", 1], '"2xxx" is not a status: write a code (200), a class (2xx), or a list of them'],
    [{ not: "four" }, ["not"], '"four" is not a status: write a code (200), a class (2xx), or a list of them'],
    [{ not: { in: [] } }, ["not", "in"], "an empty list allows no status: list at least one, e.g. [200, 204]"],
    [{ eq: 999 }, ["eq"], "999 is not an HTTP status code (100-599)"],
    [{ eq: [200, 204] }, ["eq"], "eq takes one code or class: for several write in: [...]"],
    [{ ne: ["4xx"] }, ["ne"], "ne takes one code or class: for several write not: {in: [...]}"],
    [{ lt: "2s" }, ["lt"], '"2s" is a duration, not a status code (a number)'],
    [{ type: "string" }, ["type"], 'type: "string" holds for no status, which is always a number: the check could never pass'],
  ];
  for (const [matcher, path, message] of refused) {
    test(JSON.stringify(matcher), () => {
      const issues = statusSchema.safeParse(matcher).error?.issues ?? [];
      expect(issues.map((i) => i.path)).toEqual([path]);
      if (message) expect(issues[0]!.message).toBe(message);
    });
  }

  // A status is 100-599: `status: {gte: 0}` passed on a 404 and a 500 alike.
  test("a matcher that holds for every status says any status: refused when the step checks nothing else", () => {
    const alone = "expect.status: status holds here for every status, and expect checks nothing else, so the step would pass on any response: leave status out to require 2xx, or check a header, the body or a JSON field beside it";
    // Also lists of every class, and text tests every status's digits meet (they passed on a 500).
    for (const status of [{ type: "number" }, { gte: 0 }, { lte: 599 }, { between: [100, 599] }, ["1xx", "2xx", "3xx", "4xx", "5xx"], { in: ["2xx", "3xx", "4xx", "5xx"] }, { matches: "\\d" }, { not_matches: "x" }, { matches: "^[1-5]" }]) {
      expect(statusSchema.safeParse(status).success).toBe(true);
      const input = { url: "http://127.0.0.1:1/", expect: { status } };
      expect(step.schema.safeParse(input).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual([alone]);
      expect(step.fastInput!(input)).toBeUndefined();
      expect(step.schema.safeParse({ url: "http://127.0.0.1:1/", expect: { status, body: { contains: "error" } } }).success).toBe(true);
    }
  });
  test("one holding a reference the loader left (a value captured during the run) is refused at that text, which the loader sets aside", () => {
    const issuePaths = (status: unknown) => step.schema.safeParse({ url: "http://127.0.0.1:1/", expect: { status } }).error?.issues.map((i) => i.path.join("."));
    expect(issuePaths({ not_matches: "^${E}" })).toEqual(["expect.status.not_matches"]);
    expect(issuePaths({ gte: 0, not: { matches: "^${A}" } })).toEqual(["expect.status.not.matches"]);
    // An escape is no reference: the text "${E}" is what is matched.
    expect(issuePaths({ not_matches: "^$${E}" })).toEqual(["expect.status"]);
    expect(issuePaths({ not_matches: "^x" })).toEqual(["expect.status"]);
  });
  test("lists and text tests that leave a status out are taken", () => {
    for (const status of [["2xx", "3xx"], { in: ["2xx", "4xx", "5xx"] }, { matches: "^[23]" }, { not_contains: "7" }])
      expect(step.schema.safeParse({ url: "http://127.0.0.1:1/", expect: { status } }).success).toBe(true);
  });
  test("a matcher no status meets is refused", () => {
    for (const [status, message] of [[{ lt: 0 }, "lt: 0 holds for no status, which is 100 to 599: the check could never pass"], [{ gt: 999 }, "gt: 999 holds for no status, which is 100 to 599: the check could never pass"], [{ gte: 600 }, "gte: 600 holds for no status, which is 100 to 599: the check could never pass"]] as const)
      expect(statusSchema.safeParse(status).error?.issues[0]?.message).toBe(message);
  });
});

describe("a final status outside 100-599, over either client", () => {
  const saved = process.env.SCENARIO_HTTP_CLIENT;
  afterEach(() => {
    if (saved === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
    else process.env.SCENARIO_HTTP_CLIENT = saved;
  });
  for (const client of ["wire", "fetch"] as const)
    test(`fails the step, naming the status as written (${client})`, async () => {
      if (client === "fetch") process.env.SCENARIO_HTTP_CLIENT = "fetch";
      else delete process.env.SCENARIO_HTTP_CLIENT;
      // `HTTP/1.1 099 X` read as status 99 passed `status: {lt: 400}`, and a step without `status` too for a 0 or a 99.
      const server = scriptedServer((req) => raw(`HTTP/1.1 ${req.target.slice(1)} X\r\nContent-Length: 2\r\n\r\nok`));
      try {
        for (const written of ["099", "000", "600", "999"])
          for (const expect_ of [{ status: { lt: 400 } }, {}, { body: "ok" }]) {
            const r = await step.run(step.schema.parse({ url: `${server.base}/${written}`, expect: expect_ }), testContext());
            expect(r.error).toBe(`the server answered with status ${written}, which is no HTTP status (a status is 100 to 599, RFC 9110 §15): the response is invalid, and nothing of it is checked`);
            expect(r.checks).toEqual([]);
            // A failed request in http_req_failed, whatever `status` allowed.
            expect(r.http?.[0]?.statusExpected).toBe(false);
          }
      } finally {
        server.stop();
      }
    });
});

// checkStatus: a numeric code's shortcut gives exactly what the matcher's literal evaluation gives.
import { expect, test } from "bun:test";
import { checkStatus } from "./status.ts";
import { statusSchema } from "./status-schema.ts";
import { evaluate } from "../../expect/matcher.ts";

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

test("a code as text, as a captured status gives it (status: \"${CODE}\"), is that code, not its class", () => {
  // "200" read as a class matched any 2xx; the schema refused it before ("\"200\" is not a status").
  expect(checkStatus("200", 200).map((c) => [c.expected, c.ok])).toEqual([["== 200", true]]);
  expect(checkStatus("200", 204).map((c) => c.ok)).toEqual([false]);
  expect(checkStatus(["201", "2xx"], 204).map((c) => c.ok)).toEqual([true]);
  expect(statusSchema.safeParse("200").success).toBe(true);
  expect(statusSchema.safeParse("999").error?.issues[0]?.message).toBe("999 is not an HTTP status code (100-599)");
});

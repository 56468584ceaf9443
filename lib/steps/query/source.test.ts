// Table tests of the query inputs: time values, windows, durations in reports, urls.
import { describe, expect, test } from "bun:test";
import { compactDuration, connectionIssues, parseTime, resolveWindow, urlError, windowIssues } from "./source.ts";
import { step as logql } from "../logql.ts";
import { step as promql } from "../promql.ts";

describe("parseTime", () => {
  const cases: [string | number, number | string][] = [
    ["2024-05-01T12:00:00Z", Date.UTC(2024, 4, 1, 12)],
    ["2024-05-01T14:00:00.5+02:00", Date.UTC(2024, 4, 1, 12, 0, 0, 500)],
    [1714564800, 1714564800000],
    ["1714564800.25", 1714564800250],
    ["yesterday", 'invalid time "yesterday": use RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds (1714564800)'],
    ["2024-05-01", 'invalid time "2024-05-01": use RFC 3339 (2024-05-01T12:00:00Z) or epoch seconds (1714564800)'],
    [1714564800000, "time 1714564800000 looks like milliseconds or nanoseconds; give epoch seconds (e.g. 1700000000) or RFC 3339"],
    // Finer than a millisecond: cut silently, a start of .123456790 kept a line at .123456789. Zeros past it are fine.
    ["2026-12-01T06:01:00.123456790Z", 'time "2026-12-01T06:01:00.123456790Z" is finer than a millisecond, and windows are kept to the millisecond: give at most 3 decimals of a second (e.g. 2026-12-01T06:01:00.123Z)'],
    ["1714564800.2501", 'time "1714564800.2501" is finer than a millisecond, and windows are kept to the millisecond: give at most 3 decimals of a second'],
    ["2026-12-01T06:01:00.123000Z", Date.UTC(2026, 11, 1, 6, 1, 0, 123)],
    // Dates and times that do not exist: Date.parse rolled them over (2023-02-29 was March 1st), a window a day off.
    ["2023-02-29T00:00:00Z", 'invalid time "2023-02-29T00:00:00Z": 2023-02 has 28 days'],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
    ["2024-04-31T23:59:59Z", 'invalid time "2024-04-31T23:59:59Z": 2024-04 has 30 days'],
    ["2024-13-01T00:00:00Z", 'invalid time "2024-13-01T00:00:00Z": month 13 does not exist'],
    ["2024-05-00T00:00:00Z", 'invalid time "2024-05-00T00:00:00Z": 2024-05 has 31 days'],
    ["2024-05-01T24:00:00Z", 'invalid time "2024-05-01T24:00:00Z": 24:00:00 is not a time of day (hours 00-23, minutes and seconds 00-59)'],
    ["2024-05-01T12:60Z", 'invalid time "2024-05-01T12:60Z": 12:60 is not a time of day (hours 00-23, minutes and seconds 00-59)'],
    ["2024-05-01T12:00:60Z", 'invalid time "2024-05-01T12:00:60Z": 12:00:60 is not a time of day (hours 00-23, minutes and seconds 00-59)'],
    ["2024-05-01T12:00:00+24:00", 'invalid time "2024-05-01T12:00:00+24:00": the offset 24:00 is not one (hours 00-23, minutes 00-59)'],
    ["2024-05-01 12:00:00+0230", Date.UTC(2024, 4, 1, 9, 30)],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => expect(parseTime(input)).toBe(want));
});

describe("resolveWindow", () => {
  const now = 1_000_000_000;
  const cases: [Parameters<typeof resolveWindow>[0], ReturnType<typeof resolveWindow>][] = [
    [{}, { startMs: now - 3_600_000, endMs: now }],
    [{ since: 60_000 }, { startMs: now - 60_000, endMs: now }],
    [{ end: 500_000_000, since: 1000 }, { startMs: 499_999_000, endMs: 500_000_000 }],
    [{ start: 10, end: 20 }, { startMs: 10, endMs: 20 }],
    [{ start: now + 1 }, "the window is empty: start 1970-01-12T13:46:40.001Z is not before end 1970-01-12T13:46:40.000Z"],
    [{ start: Number.NaN }, "start/end still hold an undefined variable"],
  ];
  for (const [input, want] of cases) test(JSON.stringify(input), () => expect(resolveWindow(input, now)).toEqual(want));
});

test("compactDuration", () => {
  expect([15_000, 600_000, 90_000, 3_600_000, 250, 86_400_000 + 1000, 0].map(compactDuration)).toEqual(["15s", "10m", "1m30s", "1h", "250ms", "1d1s", "0s"]);
});

test("urlError", () => {
  expect(urlError("http://127.0.0.1:3100")).toBeUndefined();
  expect(urlError("HTTPS://loki/")).toBeUndefined();
  expect(urlError("")).toBe("url is empty");
  expect(urlError("127.0.0.1:3100")).toBe('url "127.0.0.1:3100" is not an http:// or https:// URL');
  // The API's path is added after the URL: a query string or fragment there would end up before it.
  expect(urlError("http://127.0.0.1:9090/?foo=1")).toBe('url "http://127.0.0.1:9090/?foo=1" holds a query string (?…): give the server\'s root URL (a path prefix is kept), to which the API\'s path is added');
  expect(urlError("http://127.0.0.1:9090/prom?")).toContain("holds a query string (?…)");
  expect(urlError("http://127.0.0.1:9090/#x")).toContain("holds a fragment (#…)");
  expect(urlError("http://u:p%3Fq@127.0.0.1:9090/prom")).toBeUndefined();
});

test("load-time checks: a since of no time, a url that is no http(s) URL (unless captured during the run)", () => {
  expect(windowIssues({ since: 0 })).toEqual([{ path: "since", message: "since must be more than 0" }]);
  expect(windowIssues({ since: 1 })).toEqual([]);
  expect(connectionIssues({ url: "ftp://x" })).toEqual([{ path: "url", message: 'url "ftp://x" is not an http:// or https:// URL' }]);
  expect(connectionIssues({ url: "" })).toEqual([{ path: "url", message: "url is empty" }]);
  expect(connectionIssues({ url: "${LOKI}/x" })).toEqual([]);
  expect(connectionIssues({ url: "http://127.0.0.1:3100" })).toEqual([]);
  // The fast check and zod both refuse them.
  for (const input of [{ url: "ftp://x", query: '{a="b"}' }, { files: { "*.log": {} }, query: '{a="b"}', since: 0 }, { url: "http://x/?a=1", query: '{a="b"}' }]) {
    expect(logql.fastInput!(input)).toBeUndefined();
    expect(logql.schema.safeParse(input).success).toBe(false);
  }
  const withQueryString = { url: "http://x/prom?a=1", query: "up" };
  expect(promql.fastInput!(withQueryString)).toBeUndefined();
  expect(promql.schema.safeParse(withQueryString).success).toBe(false);
});

test("a numeric tenant is read as its text, by the fast check and zod alike", () => {
  const input = { url: "http://127.0.0.1:9090", query: "up", tenant: 123 };
  expect(promql.fastInput!(input)?.value).toEqual({ url: "http://127.0.0.1:9090", query: "up", tenant: "123" });
  expect(promql.schema.parse(input)).toEqual({ url: "http://127.0.0.1:9090", query: "up", tenant: "123" });
});

// Line timestamps: RFC 3339 / ISO 8601 prefixes, time/timestamp/ts fields of JSON and logfmt lines, epoch units.
import { describe, expect, test } from "bun:test";
import { TimestampStats, lineTimestamp, parseTimeValue, prefixTimestamp } from "./timestamp.ts";

const ms = (iso: string) => Date.parse(iso);

describe("lineTimestamp", () => {
  test.each([
    ["2024-01-15T10:30:00Z INFO started", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    ["2024-01-15T10:30:00.123456789Z x", ms("2024-01-15T10:30:00.123Z"), 456789, "rfc3339"],
    ["2024-01-15T12:30:00+02:00 x", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    ["2024-01-15T05:30:00-0500 x", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    // ISO 8601 with a space and no zone (Python logging's asctime, comma before the fraction) counts as UTC.
    ["2024-01-15 10:30:00,250 - INFO - x", ms("2024-01-15T10:30:00.250Z"), 0, "rfc3339"],
    ["[2024-01-15T10:30:00Z] x", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    ['{"level":"info","time":"2024-01-15T10:30:00Z"}', ms("2024-01-15T10:30:00Z"), 0, "json"],
    ['{"ts":1705314600.5,"msg":"x"}', ms("2024-01-15T10:30:00.500Z"), 0, "json"],
    ['{"timestamp":1705314600123,"nested":{"time":"2000-01-01T00:00:00Z"}}', ms("2024-01-15T10:30:00.123Z"), 0, "json"],
    ['{"ts":"1705314600123456789"}', ms("2024-01-15T10:30:00.123Z"), 456789, "json"],
    ["level=info ts=2024-01-15T10:30:00Z msg=x", ms("2024-01-15T10:30:00Z"), 0, "logfmt"],
    ['time="2024-01-15 10:30:00" level=warn', ms("2024-01-15T10:30:00Z"), 0, "logfmt"],
  ])("%s", (line, wantMs, wantSub, rule) => {
    expect(lineTimestamp(line)).toMatchObject({ ms: wantMs, sub: wantSub, rule });
  });

  test.each([
    "plain text line",
    "2024-13-01T00:00:00Z month 13",
    "12:30:00 time only",
    '{"nested":{"time":"2024-01-15T10:30:00Z"}}', // only top-level fields count
    '{"time":"soon"}',
    "mytime=2024-01-15T10:30:00Z", // not a ts/time/timestamp key
    "",
  ])("no timestamp in %j", (line) => {
    expect(lineTimestamp(line)).toBeUndefined();
  });
});

describe("parseTimeValue: epoch units by magnitude", () => {
  test.each([
    ["1705314600", 1705314600000, 0],
    ["1705314600123", 1705314600123, 0],
    ["1705314600123456", 1705314600123, 456000],
    ["1705314600123456789", 1705314600123, 456789],
    ["1705314600.000001", 1705314600000, 1000],
  ])("%s", (v, wantMs, wantSub) => {
    expect(parseTimeValue(v)).toEqual({ ms: wantMs, sub: wantSub });
  });
});

describe("TimestampStats", () => {
  test("names each rule with its count, most used first", () => {
    const stats = new TimestampStats();
    for (let i = 0; i < 3; i++) stats.add(lineTimestamp("2024-01-15T10:30:00Z x"));
    stats.add(undefined);
    stats.add(lineTimestamp('{"ts":1705314600}'));
    stats.add(lineTimestamp('{"ts":1705314601}'));
    expect(stats.toString()).toBe("RFC 3339 prefix (3 lines), JSON `ts` field (2 lines), mtime (1 line)");
    expect(new TimestampStats().toString()).toBe("no lines read");
  });
});

describe("prefixTimestamp", () => {
  test("a line's first characters give its time only when they settle it: the same as the whole line's", () => {
    const lines = [
      "2024-01-15T10:30:00.123456789Z INFO ok",
      "2024-01-15T10:30:00.1234567891234567891234567891234567891234567891234567891234567891234567+02:00 long fraction",
      "2024-01-15 10:30:00,5+0530 x",
      "[2024-01-15T10:30:00Z] bracketed",
      "2024-13-15T10:30:00Z not a date level=info ts=2024-01-15T11:00:00Z",
      '{"ts":"2024-01-15T10:30:00.5Z","msg":"x"}',
      '  {"time":"2024-01-15T10:30:00+01:00","msg":"x"}',
      '{"msg":"first","ts":"2024-01-15T10:30:00Z"}',
      '{"ts":1705314600,"msg":"epoch"}',
      "level=info ts=2024-01-15T10:30:00Z msg=x",
      "plain text",
    ];
    let settled = 0;
    for (const line of lines) {
      for (let k = 1; k < line.length; k++) {
        const t = prefixTimestamp(line.slice(0, k));
        if (t === null) continue;
        settled++;
        expect([line, k, t]).toEqual([line, k, lineTimestamp(line)!]);
      }
    }
    expect(settled).toBeGreaterThan(40);
  });
});

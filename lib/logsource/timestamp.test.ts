// Line timestamps: RFC 3339 / ISO 8601 prefixes, time/timestamp/ts fields of JSON and logfmt lines, epoch units.
import { describe, expect, test } from "bun:test";
import { TimestampStats, bytesTime, bytesTimeFound, lineTimestamp, parseTimeValue } from "./timestamp.ts";

const ms = (iso: string) => Date.parse(iso);

describe("lineTimestamp", () => {
  test.each([
    ["2024-01-15T10:30:00Z INFO started", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    ["2024-01-15T10:30:00.123456789Z x", ms("2024-01-15T10:30:00.123Z"), 456789, "rfc3339"],
    ["2024-01-15T12:30:00+02:00 x", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    ["2024-01-15T05:30:00-0500 x", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    // A numeric zone after one space (Go's time.Time.String(), `date '+%F %T %z'`) is the zone: it was taken as UTC,
    // the line dated hours away (east: dropped as too new; west: out of a since: 15m window).
    ["2026-12-06 18:44:53.084081526 -0500 EST ERROR panic", ms("2026-12-06T23:44:53.084Z"), 81526, "rfc3339"],
    ["2026-12-07 08:44:53 +0900 ERROR panic", ms("2026-12-06T23:44:53Z"), 0, "rfc3339"],
    ["2026-12-07 08:44:53 +09:00 x", ms("2026-12-06T23:44:53Z"), 0, "rfc3339"],
    ["2026-12-07 08:44:53 +09 x", ms("2026-12-06T23:44:53Z"), 0, "rfc3339"],
    ["2026-12-06T23:44:53 -05:00", ms("2026-12-07T04:44:53Z"), 0, "rfc3339"],
    // After the space, text that is no zone: the time is UTC, as before.
    ["2026-12-06 23:44:53 -1 retries left", ms("2026-12-06T23:44:53Z"), 0, "rfc3339"],
    ["2026-12-06 23:44:53 +12345 bytes", ms("2026-12-06T23:44:53Z"), 0, "rfc3339"],
    ["2026-12-06 23:44:53 -05:3x", ms("2026-12-06T23:44:53Z"), 0, "rfc3339"],
    // ISO 8601 with a space and no zone (Python logging's asctime, comma before the fraction) counts as UTC.
    ["2024-01-15 10:30:00,250 - INFO - x", ms("2024-01-15T10:30:00.250Z"), 0, "rfc3339"],
    ["[2024-01-15T10:30:00Z] x", ms("2024-01-15T10:30:00Z"), 0, "rfc3339"],
    ['{"level":"info","time":"2024-01-15T10:30:00Z"}', ms("2024-01-15T10:30:00Z"), 0, "json"],
    ['{"ts":1705314600.5,"msg":"x"}', ms("2024-01-15T10:30:00.500Z"), 0, "json"],
    ['{"timestamp":1705314600123,"nested":{"time":"2000-01-01T00:00:00Z"}}', ms("2024-01-15T10:30:00.123Z"), 0, "json"],
    ['{"ts":"1705314600123456789"}', ms("2024-01-15T10:30:00.123Z"), 456789, "json"],
    ["level=info ts=2024-01-15T10:30:00Z msg=x", ms("2024-01-15T10:30:00Z"), 0, "logfmt"],
    ['time="2024-01-15 10:30:00" level=warn', ms("2024-01-15T10:30:00Z"), 0, "logfmt"],
    ["2024-02-29T10:30:00Z leap day", ms("2024-02-29T10:30:00Z"), 0, "rfc3339"],
    // A time key inside a quoted value is text: the line's own pairs are read, as a logfmt stage reads them.
    ['level=error msg="issued ts=1600000000 is too old" ts=2024-01-15T10:30:00Z', ms("2024-01-15T10:30:00Z"), 0, "logfmt"],
  ])("%s", (line, wantMs, wantSub, rule) => {
    expect(lineTimestamp(line)).toMatchObject({ ms: wantMs, sub: wantSub, rule });
  });

  test.each([
    "plain text line",
    "2024-13-01T00:00:00Z month 13",
    // A day the month does not have, a second of 60: Go's time.Parse refuses them, so a shipper keeps the read time
    // (they were rolled over to the next month, the next minute, and the line then dropped as too new).
    "2026-11-31T09:00:00Z day 31 of November",
    "2026-02-29T09:00:00Z no leap year",
    "2026-12-06T08:00:60Z second 60",
    '{"ts":"2026-04-31T00:00:00Z"}',
    "12:30:00 time only",
    '{"nested":{"time":"2024-01-15T10:30:00Z"}}', // only top-level fields count
    '{"time":"soon"}',
    "mytime=2024-01-15T10:30:00Z", // not a ts/time/timestamp key
    'level=error msg="token rejected: issued ts=1600000000 is too old"', // inside a quoted value
    'msg="x time=5"',
    'a="b\\" ts=7"',
    "",
  ])("no timestamp in %j", (line) => {
    expect(lineTimestamp(line)).toBeUndefined();
  });
});

test("lines of different days one after another each get their own day", () => {
  const times = ["2024-01-15T23:59:59.999Z", "2024-01-16T00:00:00Z", "2024-02-16T00:00:00Z", "2023-02-16T00:00:00Z", "2024-01-15T10:00:00Z", "1999-12-31T23:00:00Z"];
  for (const iso of times) {
    expect(lineTimestamp(`${iso} x`)?.ms).toBe(Date.parse(iso));
    expect(lineTimestamp(`{"ts":"${iso}"}`)?.ms).toBe(Date.parse(iso));
  }
});

test("times at a line's start agree with a regular-expression reading of the format, on random near-times", () => {
  // A zone right after the time, or a numeric one after one space that ends there (else the space ends the time: UTC).
  const shape = /^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:[.,](\d+)|(?![.,]))(?:[Zz]|([+-])(\d\d)(?::(\d\d)|(\d\d)|(?![:\d]))| ([+-])(\d\d)(?::(\d\d)(?![:\d])|(\d\d)(?![:\d])|(?![:\d]))|(?![+-]))/;
  const reference = (line: string) => {
    const m = shape.exec(line);
    if (!m) return undefined;
    const [y, mo, d, h, mi, se] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    // Go's time.Parse, as a shipper's timestamp stage reads the time: a day the month has, a second up to 59.
    const year = y <= 99 ? y + 1900 : y;
    const days = mo === 2 ? ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
    if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || se > 59) return undefined;
    const nanos = Number(((m[7] ?? "") + "000000000").slice(0, 9));
    const offset = m[8] ? (m[8] === "-" ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10] ?? m[11] ?? 0)) : m[12] ? (m[12] === "-" ? -1 : 1) * (Number(m[13]) * 60 + Number(m[14] ?? m[15] ?? 0)) : 0;
    return { ms: Date.UTC(y, mo - 1, d, h, mi, se) - offset * 60000 + Math.floor(nanos / 1e6), sub: nanos % 1e6 };
  };
  const pieces = ["2024", "1999", "0050", "-", "01", "12", "13", "00", "31", "29", "T", "t", " ", "23", "24", ":", "59", "60", "61", ".", ",", "5", "123456789012", "Z", "z", "+", "-", "0530", "05:30", "02:", "1", "x", "ä", "\u0130"];
  let seed = 99;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  let found = 0;
  for (let round = 0; round < 20000; round++) {
    // Mostly well-formed times with one or two pieces swapped, so that both readings are often reached.
    const parts = ["2024", "-", "01", "-", "31", "T", "23", ":", "59", ":", "58", ".", "5", "+", "05:30", " x"];
    for (let e = 1 + rand(2); e > 0; e--) parts[rand(parts.length)] = pieces[rand(pieces.length)]!;
    if (rand(3) === 0) parts.splice(11 + rand(5), 1);
    const line = parts.join("");
    const want = reference(line);
    const got = lineTimestamp(line);
    expect([line, got?.rule === "rfc3339" ? { ms: got.ms, sub: got.sub } : undefined]).toEqual([line, want]);
    if (want) found++;
  }
  expect(found).toBeGreaterThan(1500);
});

test("a long line of digits is read whole, and the next line still reads as it should", () => {
  const digits = "7".repeat(20_000);
  expect(lineTimestamp(digits)).toBeUndefined();
  expect(lineTimestamp(`2024-01-15T10:30:00.${"1".repeat(10_000)}+02:00 x`)).toMatchObject({ ms: Date.parse("2024-01-15T08:30:00.111Z"), sub: 111111 });
  expect(lineTimestamp("2024-01-15T10:30:00Z x")?.ms).toBe(Date.parse("2024-01-15T10:30:00Z"));
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

describe("bytesTime", () => {
  /** bytesTime of the line's bytes inside a buffer that goes on past its end (with `after`), or null when unsettled. */
  const fromBytes = (line: Buffer, after = "") => {
    const buf = Buffer.concat([Buffer.from("x\n"), line, Buffer.from(after)]);
    return bytesTime(buf, 2, 2 + line.length) ? { ms: bytesTimeFound.ms, sub: bytesTimeFound.sub } : null;
  };
  const fromText = (line: Buffer) => {
    const t = lineTimestamp(line.toString("utf8"));
    return t && { ms: t.ms, sub: t.sub };
  };

  test("the bytes give a time only when it is the decoded line's", () => {
    const lines = [
      "2024-01-15T10:30:00.123456789Z INFO ok",
      "2024-01-15T10:30:00.1234567891234567891234567891234567891234567891234567891234567891234567+02:00 long fraction",
      "2024-01-15 10:30:00,5+0530 x",
      "2024-01-15t10:30:00z lower case",
      "2024-01-15T10:30:00-07",
      "2024-02-29T23:59:59Z a leap day",
      "2024-02-31T23:59:59Z no such day (Go's time.Parse refuses it; Date.UTC rolled it over)",
      "0050-01-01T00:00:00Z a two-digit year of Date.UTC",
      "[2024-01-15T10:30:00Z] bracketed",
      "2024-13-15T10:30:00Z not a date level=info ts=2024-01-15T11:00:00Z",
      '{"ts":"2024-01-15T10:30:00.5Z","msg":"x"}',
      '  {"time":"2024-01-15T10:30:00+01:00","msg":"x"}',
      '{"timestamp":"2024-01-15T10:30:00Z"}',
      '{"msg":"first","ts":"2024-01-15T10:30:00Z"}',
      '{"ts":1705314600,"msg":"epoch"}',
      '{"ts":"2024-01-15T10:30:00Zä"}',
      "2024-01-15T10:30:00.5ä after the time",
      "level=info ts=2024-01-15T10:30:00Z msg=x",
      "plain text",
    ].map((l) => Buffer.from(l));
    let settled = 0;
    for (const line of lines) {
      const got = fromBytes(line);
      if (got === null) continue;
      settled++;
      expect([line.toString(), got]).toEqual([line.toString(), fromText(line)!]);
    }
    expect(settled).toBe(11);
  });

  test("a line cut in the middle of its time is read to its end only, not into the next line", () => {
    expect(fromBytes(Buffer.from("2024-01-15T10:30:00.12"), "345Z")).toEqual({ ms: Date.parse("2024-01-15T10:30:00.120Z"), sub: 0 });
    expect(fromBytes(Buffer.from("2024-01-15T10:30:00+02"), ":30")).toEqual({ ms: Date.parse("2024-01-15T08:30:00Z"), sub: 0 });
    expect(fromBytes(Buffer.from("2024-01-15T10:30:00+0"), "2:00")).toBeNull();
    expect(fromBytes(Buffer.from("2024-01-15T10:30:00+02:3"), "0")).toBeNull();
    expect(fromBytes(Buffer.from("2024-01-15T10:30"), ":00Z")).toBeNull();
    expect(fromBytes(Buffer.from('{"ts":"2024-01-15T10:30:00Z'), '"}')).toBeNull();
  });

  test("random edits of timed lines (also bytes that are not UTF-8): a settled time is always the decoded line's", () => {
    const seeds = ["2024-01-15T10:30:00.123+02:00 x", '{"ts":"2024-01-15 10:30:00,25Z","a":1}', "[2024-01-15T10:30:00Z] y", ' {"time":"2024-01-15T10:30:00-0530"}'];
    const alphabet = [..."0123456789-:Tt zZ+.,\"{}[]=xs"].map((c) => c.charCodeAt(0)).concat([0xc3, 0xa4, 0xff, 0x80]);
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let settled = 0;
    let unsettled = 0;
    for (let round = 0; round < 20000; round++) {
      const line = Buffer.from(seeds[rand(seeds.length)]!);
      const edits = 1 + rand(3);
      let bytes = [...line];
      for (let e = 0; e < edits; e++) {
        const at = rand(bytes.length + 1);
        const kind = rand(3);
        const b = alphabet[rand(alphabet.length)]!;
        if (kind === 0) bytes[at] = b;
        else if (kind === 1) bytes.splice(at, 0, b);
        else bytes.splice(at, 1);
        bytes = bytes.filter((x) => x !== undefined && x !== 10 && x !== 13);
      }
      const edited = Buffer.from(bytes);
      const got = fromBytes(edited, "99Z");
      if (got === null) {
        unsettled++;
        continue;
      }
      settled++;
      expect([edited.toString("latin1"), got]).toEqual([edited.toString("latin1"), fromText(edited)!]);
    }
    expect(settled).toBeGreaterThan(3000);
    expect(unsettled).toBeGreaterThan(1000);
  });
});

test("lines sharing a minute, then not, each read their own time (the parser keeps the last minute it read)", () => {
  const lines = [
    "2024-01-15T12:30:00Z a",
    "2024-01-15T12:30:59.5Z b",
    "2024-01-15T12:30:61Z c",
    "2024-01-15T12:31:00Z d",
    "2024-01-15T12:30:01+01:00 e",
    "2024-01-15T12:30x01Z f",
    "2024-01-15 12:30:02Z g",
    "2024-01-15T12:30:03Z h",
    "2024-02-15T12:30:03Z i",
  ];
  const want = [Date.UTC(2024, 0, 15, 12, 30, 0), Date.UTC(2024, 0, 15, 12, 30, 59, 500), undefined, Date.UTC(2024, 0, 15, 12, 31, 0), Date.UTC(2024, 0, 15, 11, 30, 1), undefined, Date.UTC(2024, 0, 15, 12, 30, 2), Date.UTC(2024, 0, 15, 12, 30, 3), Date.UTC(2024, 1, 15, 12, 30, 3)];
  // The same lines as text, as bytes of one buffer, and as bytes of buffers of their own at another offset, interleaved.
  const joined = Buffer.from(lines.join("\n"));
  let at = 0;
  lines.forEach((line, i) => {
    expect(lineTimestamp(line)?.ms).toBe(want[i]);
    const end = at + Buffer.byteLength(line);
    expect(bytesTime(joined, at, end) ? bytesTimeFound.ms : undefined).toBe(want[i]);
    const own = Buffer.concat([Buffer.from("xyz"), Buffer.from(line)]);
    expect(bytesTime(own, 3, own.length) ? bytesTimeFound.ms : undefined).toBe(want[i]);
    at = end + 1;
  });
});

test("a line holding several time fields takes the first of them in the line, JSON or logfmt, as docs/logql-embedded.md says", () => {
  const a = "2024-01-01T00:00:00Z";
  const b = "2025-01-01T00:00:00Z";
  for (const [line, iso, field] of [
    [`{"ts":"${a}","time":"${b}"}`, a, "ts"],
    [`{"n":1,"ts":"${a}","time":"${b}"}`, a, "ts"],
    [`{"time":"${b}","ts":"${a}"}`, b, "time"],
    [`{"timestamp":"${b}","time":"${a}"}`, b, "timestamp"],
    [`level=info ts=${a} time=${b}`, a, "ts"],
    [`level=info time=${b} ts=${a}`, b, "time"],
  ] as const) {
    const t = lineTimestamp(line);
    expect([line, t?.ms, t?.field]).toEqual([line, ms(iso), field]);
    // The byte reading, where it settles the time (a first field), settles the same one.
    const bytes = Buffer.from(line);
    if (bytesTime(bytes, 0, bytes.length)) expect([line, bytesTimeFound.ms]).toEqual([line, ms(iso)]);
  }
});

// Finds a log line's timestamp: an RFC 3339 / ISO 8601 prefix, or a time/timestamp/ts field of a JSON or logfmt line.
import { topLevelJsonField } from "../logql/json.ts";
import { scanLogfmt } from "../logql/logfmt.ts";

export type TimestampRule = "rfc3339" | "json" | "logfmt" | "mtime";

export interface LineTime {
  /** Whole milliseconds since the epoch. */
  ms: number;
  /** Nanoseconds past `ms`. */
  sub: number;
  rule: Exclude<TimestampRule, "mtime">;
  /** The field the time came from (json/logfmt). */
  field?: string;
}

const TIME_FIELDS = ["time", "timestamp", "ts"] as const;

/** What isoAt and leadingTime found: the time, and the offset just past it. */
const iso = { ms: 0, sub: 0, end: 0 };

/** Date.UTC of the last day asked for (most lines of a file share their day). */
let dayKey = Number.NaN;
let dayMs = 0;

/**
 * The last minute isoAt read: its 16 bytes (`YYYY-MM-DDThh:mm`) as four 32-bit words, and their time (without a
 * zone). Most lines share their minute with the line before: four compares then stand for the whole check of those
 * bytes.
 */
let minute0 = -1;
let minute1 = -1;
let minute2 = -1;
let minute3 = -1;
let minuteMs = 0;

/**
 * Views of the last two arrays parsed (a scan's read buffer and the scratch of its decoded lines take turns), the
 * latest first. They are kept past their use until two others are parsed.
 */
let viewedA: Uint8Array | undefined;
let viewA: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let viewedB: Uint8Array | undefined;
let viewB: DataView<ArrayBufferLike> = viewA;

/** A DataView of `b` (isoAt reads four bytes at a time through it). */
function viewOf(b: Uint8Array): DataView<ArrayBufferLike> {
  if (b === viewedA) return viewA;
  if (b !== viewedB) {
    viewedB = b;
    viewB = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  const view = viewB;
  viewedB = viewedA;
  viewB = viewA;
  viewedA = b;
  viewA = view;
  return view;
}

/** The number of the two digits b[i], b[i + 1] (both before `lim`), or -1. */
function pair(b: Uint8Array, i: number, lim: number): number {
  return i + 2 > lim ? -1 : digits(b, i);
}

/** The number of the two digits b[i], b[i + 1] (known to be there), or -1. */
function digits(b: Uint8Array, i: number): number {
  const hi = b[i]! - 48;
  const lo = b[i + 1]! - 48;
  return hi >= 0 && hi <= 9 && lo >= 0 && lo <= 9 ? hi * 10 + lo : -1;
}

/**
 * Parses `YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|±hh:mm|±hhmm|±hh]` at b[at] (the text ends at `lim`) into `iso`; a
 * missing zone means UTC. False when there is none. It only ever compares a byte with a digit or one of
 * TIME_CHARS, so any other byte acts as the end of the text.
 */
function isoAt(b: Uint8Array, at: number, lim: number): boolean {
  if (at + 19 > lim) return false;
  // The fixed part, up to the seconds, lies before `lim`.
  const view = viewOf(b);
  const w0 = view.getUint32(at, true);
  const w1 = view.getUint32(at + 4, true);
  const w2 = view.getUint32(at + 8, true);
  const w3 = view.getUint32(at + 12, true);
  if (w0 !== minute0 || w1 !== minute1 || w2 !== minute2 || w3 !== minute3) {
    const ms = minuteAt(b, at);
    if (ms === undefined) return false;
    minute0 = w0;
    minute1 = w1;
    minute2 = w2;
    minute3 = w3;
    minuteMs = ms;
  }
  const se = digits(b, at + 17);
  // A second of 60 is none (Go's time.Parse refuses it; Date.UTC made it the next minute).
  if (b[at + 16] !== 58 || se < 0 || se > 59) return false;
  let i = at + 19;
  let nanos = 0;
  const dot = i < lim ? b[i] : -1;
  if (dot === 46 || dot === 44) {
    let k = 0;
    for (i++; i < lim; i++, k++) {
      const dg = b[i]! - 48;
      if (dg < 0 || dg > 9) break;
      if (k < 9) nanos = nanos * 10 + dg;
    }
    if (k === 0) return false;
    for (; k < 9; k++) nanos *= 10;
  }
  let offsetMin = 0;
  // A numeric zone after one space, as Go's time.Time.String() (`… 18:44:53.084 -0500 EST`) and `date '+%F %T %z'`
  // write it: read as the zone (it was left for no zone, UTC, and the line dated hours away from its time). Anything
  // else after the space is no zone.
  if (i < lim && b[i] === 32 && spacedZone(b, i + 1, lim)) i++;
  const z = i < lim ? b[i] : -1;
  if (z === 90 || z === 122) i++;
  else if (z === 43 || z === 45) {
    const oh = pair(b, i + 1, lim);
    if (oh < 0) return false;
    let om = 0;
    let len = 3;
    if (i + 3 < lim && b[i + 3] === 58) {
      om = pair(b, i + 4, lim);
      len = 6;
    } else if (i + 3 < lim && b[i + 3]! >= 48 && b[i + 3]! <= 57) {
      om = pair(b, i + 3, lim);
      len = 5;
    }
    if (om < 0) return false;
    offsetMin = (z === 45 ? -1 : 1) * (oh * 60 + om);
    i += len;
  }
  const base = minuteMs + se * 1000 - offsetMin * 60_000;
  iso.ms = base + Math.floor(nanos / 1e6);
  iso.sub = nanos % 1e6;
  iso.end = i;
  return true;
}

/** Whether b[i] starts `±hh:mm`, `±hhmm` or `±hh` that ends there (at `lim`, or before a byte that is no digit or `:`). */
function spacedZone(b: Uint8Array, i: number, lim: number): boolean {
  if (i >= lim || (b[i] !== 43 && b[i] !== 45) || pair(b, i + 1, lim) < 0) return false;
  let end = i + 3;
  if (end < lim && b[end] === 58) {
    if (pair(b, end + 1, lim) < 0) return false;
    end += 3;
  } else if (end < lim && b[end]! >= 48 && b[end]! <= 57) {
    if (pair(b, end, lim) < 0) return false;
    end += 2;
  }
  return end >= lim || !((b[end]! >= 48 && b[end]! <= 57) || b[end] === 58);
}

/** Days of a month (1-12) of a year as Date.UTC reads it (0 to 99 are 1900 to 1999). */
function daysInMonth(y: number, mo: number): number {
  if (mo !== 2) return mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;
  const year = y <= 99 ? y + 1900 : y;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

/** The time (UTC) of `YYYY-MM-DD[T ]hh:mm` at b[at, at + 16), or undefined when those bytes are not one. */
function minuteAt(b: Uint8Array, at: number): number | undefined {
  const yHi = digits(b, at);
  const yLo = digits(b, at + 2);
  if (yHi < 0 || yLo < 0 || b[at + 4] !== 45) return undefined;
  const mo = digits(b, at + 5);
  if (mo < 1 || mo > 12 || b[at + 7] !== 45) return undefined;
  const y = yHi * 100 + yLo;
  const d = digits(b, at + 8);
  // A day the month does not have (`2026-11-31`) is no time, as Go's time.Parse in a shipper's timestamp stage refuses
  // it (the line keeps the time it is read at); Date.UTC rolled it over to the next month.
  if (d < 1 || d > daysInMonth(y, mo)) return undefined;
  const sep = b[at + 10];
  if (sep !== 84 && sep !== 116 && sep !== 32) return undefined;
  const h = digits(b, at + 11);
  const mi = digits(b, at + 14);
  if (h < 0 || h > 23 || b[at + 13] !== 58 || mi < 0 || mi > 59) return undefined;
  // Date.UTC(y, mo - 1, d, h, mi) is its day's time plus the time of day (whole numbers, so exactly).
  const key = (y * 100 + mo) * 100 + d;
  if (key !== dayKey) {
    dayKey = key;
    dayMs = Date.UTC(y, mo - 1, d);
  }
  return dayMs + h * 3_600_000 + mi * 60_000;
}

/** Whether leadingTime may compare a byte with this ASCII character: the time's, `[`, `{`, `"`, blanks and the letters of `time` and `ts`. */
const TIME_CHARS = new Uint8Array(128);
for (const c of '0123456789-:.,TtZz+ \t[{"times') TIME_CHARS[c.charCodeAt(0)] = 1;

/** Where strings are read: their first characters as bytes (see asBytes). */
let scratch = new Uint8Array(64);
/** A scratch grown past this for one long time-shaped line (a line of digits) is let go at the next copy. */
const SCRATCH_KEPT = 4096;

/**
 * Copies the characters of `s` from `at` into `scratch` up to the first one that is not ASCII or not one of
 * TIME_CHARS, and returns how many. The parsers read nothing else, and the end acts as such a character would, so
 * they find in the copy what they would in the string.
 */
function asBytes(s: string, at: number): number {
  if (scratch.length > SCRATCH_KEPT) scratch = new Uint8Array(64);
  let n = 0;
  for (let i = at; i < s.length; i++, n++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TIME_CHARS[c] === 0) break;
    if (n === scratch.length) {
      const bigger = new Uint8Array(n * 2);
      bigger.set(scratch);
      scratch = bigger;
    }
    scratch[n] = c;
  }
  return n;
}

/** isoAt on a string, from `at`. */
function parseIsoAt(s: string, at = 0): { ms: number; sub: number } | undefined {
  const n = asBytes(s, at); // first: it may replace scratch
  return isoAt(scratch, 0, n) ? { ms: iso.ms, sub: iso.sub } : undefined;
}

/** leadingTime's answers besides an index into TIME_FIELDS (a JSON line's first field). */
const NOT_SETTLED = -1;
const RFC3339 = -2;

/**
 * The time of a line b[start, lim) that its first bytes settle, in `iso`: RFC3339 for a time at its start (or after
 * `[`), or the index in TIME_FIELDS of a JSON line's first field holding an RFC 3339 string (`{"ts":"2024-…Z", …}`).
 * NOT_SETTLED when they do not (the rest of the line decides).
 */
function leadingTime(b: Uint8Array, start: number, lim: number): number {
  const at = start < lim && b[start] === 91 ? start + 1 : start;
  if (at < lim && b[at]! >= 48 && b[at]! <= 57) return isoAt(b, at, lim) ? RFC3339 : NOT_SETTLED;
  let brace = start;
  while (brace < lim && (b[brace] === 32 || b[brace] === 9)) brace++;
  if (brace + 1 >= lim || b[brace] !== 123 || b[brace + 1] !== 34) return NOT_SETTLED;
  // TIME_FIELDS in order: "time", else "ts" ("timestamp" starts as "time" does, and `"time"` must follow).
  let field: number;
  let q = brace + 2;
  if (q + 4 <= lim && b[q] === 116 && b[q + 1] === 105 && b[q + 2] === 109 && b[q + 3] === 101) {
    field = TIME_FIELDS.indexOf("time");
    q += 4;
  } else if (q + 2 <= lim && b[q] === 116 && b[q + 1] === 115) {
    field = TIME_FIELDS.indexOf("ts");
    q += 2;
  } else return NOT_SETTLED;
  if (q + 3 > lim || b[q] !== 34 || b[q + 1] !== 58 || b[q + 2] !== 34 || !isoAt(b, q + 3, lim) || iso.end >= lim || b[iso.end] !== 34) return NOT_SETTLED;
  return field;
}

/** A field value: RFC 3339 text, or epoch seconds / ms / µs / ns told apart by magnitude. */
export function parseTimeValue(v: string): { ms: number; sub: number } | undefined {
  const t = parseIsoAt(v.trim());
  if (t) return { ms: t.ms, sub: t.sub };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(v.trim());
  if (!m) return undefined;
  const int = m[1]!;
  const frac = m[2] ?? "";
  // Digits of the integer part decide the unit: 10 → seconds, 13 → ms, 16 → µs, 19 → ns (±1 digit).
  const n = int.length;
  const unitDigits = n <= 11 ? 0 : n <= 14 ? 3 : n <= 17 ? 6 : 9; // digits below the second
  const all = int + frac;
  const secDigits = n - unitDigits;
  const seconds = Number(all.slice(0, secDigits) || "0");
  const below = (all.slice(secDigits) + "000000000").slice(0, 9); // nanoseconds
  const nanos = Number(below);
  return { ms: seconds * 1000 + Math.floor(nanos / 1e6), sub: nanos % 1e6 };
}

const TIME_FIELD_SET: ReadonlySet<string> = new Set(TIME_FIELDS);

/** The line's own timestamp, or undefined (the caller then uses the file's modification time). */
export function lineTimestamp(line: string): LineTime | undefined {
  const n = asBytes(line, 0); // first: it may replace scratch
  const settled = leadingTime(scratch, 0, n);
  if (settled === RFC3339) return { ms: iso.ms, sub: iso.sub, rule: "rfc3339" };
  if (settled !== NOT_SETTLED) return { ms: iso.ms, sub: iso.sub, rule: "json", field: TIME_FIELDS[settled] };
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (line.charCodeAt(i) === 123) {
    const f = topLevelJsonField(line, TIME_FIELDS);
    if (f && (f.type === "string" || f.type === "number")) {
      const t = parseTimeValue(f.value);
      if (t) return { ...t, rule: "json", field: f.name };
    }
    return undefined;
  }
  if (line.includes("=")) {
    // The line's own pairs, as a logfmt stage reads them: a `ts=` inside a quoted value (`msg="issued ts=1600000000"`)
    // is text, not the line's time (it dated the line to 2020, and Loki's hour-behind rule then dropped it).
    let field: string | undefined;
    let value = "";
    scanLogfmt(line, false, (k, v) => {
      if (!TIME_FIELD_SET.has(k)) return true;
      field = k;
      value = v;
      return false;
    });
    if (field !== undefined) {
      const t = parseTimeValue(value);
      if (t) return { ...t, rule: "logfmt", field };
    }
  }
  return undefined;
}

/** Where bytesTime puts the time it finds (overwritten by the next call). */
export const bytesTimeFound: Readonly<{ ms: number; sub: number }> = iso;

/**
 * True when the bytes of the line buf[start, end) (no newline, no CR) settle its time without decoding it: a time at
 * the start of the line (or after `[`), or as a JSON line's first field, as lineTimestamp reads those; the time is then
 * in bytesTimeFound, the same as lineTimestamp of the decoded line gives. False when they do not settle it (read the
 * line as text). A time is ASCII: a byte of a longer character fails the parse where its character would.
 */
export function bytesTime(buf: Uint8Array, start: number, end: number): boolean {
  return leadingTime(buf, start, end) !== NOT_SETTLED;
}

const RULE_NAMES = [
  "RFC 3339 prefix",
  ...TIME_FIELDS.map((f) => `JSON \`${f}\` field`),
  ...TIME_FIELDS.map((f) => `logfmt \`${f}\` field`),
  "mtime",
];

/** Counts how each line's timestamp was found, for the report ("RFC 3339 prefix (412 lines), mtime (3 lines)"). */
export class TimestampStats {
  private readonly counts = new Array<number>(RULE_NAMES.length).fill(0);

  add(t: LineTime | undefined): void {
    let i: number;
    if (!t) i = RULE_NAMES.length - 1;
    else if (t.rule === "rfc3339") i = 0;
    else i = (t.rule === "json" ? 1 : 1 + TIME_FIELDS.length) + TIME_FIELDS.indexOf(t.field as (typeof TIME_FIELDS)[number]);
    this.counts[i]!++;
  }

  toString(): string {
    const used = this.counts.map((n, i) => [RULE_NAMES[i]!, n] as const).filter(([, n]) => n > 0);
    if (!used.length) return "no lines read";
    return used
      .sort((a, b) => b[1] - a[1])
      .map(([name, n]) => `${name} (${n} line${n === 1 ? "" : "s"})`)
      .join(", ");
  }
}

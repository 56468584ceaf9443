// Finds a log line's timestamp: an RFC 3339 / ISO 8601 prefix, or a time/timestamp/ts field of a JSON or logfmt line.
import { topLevelJsonField } from "../logql/json.ts";

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

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

function num(s: string, i: number, len: number): number {
  let v = 0;
  for (let k = 0; k < len; k++) {
    const d = digit(s, i + k);
    if (d < 0) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Parses `YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|±hh:mm|±hhmm|±hh]` at `at`; a missing zone means UTC.
 * Returns the time and the offset just past it, or undefined.
 */
function parseIsoAt(s: string, at = 0): { ms: number; sub: number; end: number } | undefined {
  const y = num(s, at, 4);
  if (y < 0 || s[at + 4] !== "-") return undefined;
  const mo = num(s, at + 5, 2);
  if (mo < 1 || mo > 12 || s[at + 7] !== "-") return undefined;
  const d = num(s, at + 8, 2);
  if (d < 1 || d > 31) return undefined;
  const sep = s[at + 10];
  if (sep !== "T" && sep !== "t" && sep !== " ") return undefined;
  const h = num(s, at + 11, 2);
  const mi = num(s, at + 14, 2);
  const se = num(s, at + 17, 2);
  if (h < 0 || h > 23 || s[at + 13] !== ":" || mi < 0 || mi > 59 || s[at + 16] !== ":" || se < 0 || se > 60) return undefined;
  let i = at + 19;
  let nanos = 0;
  if (s[i] === "." || s[i] === ",") {
    let k = 0;
    i++;
    while (digit(s, i) >= 0) {
      if (k < 9) nanos = nanos * 10 + digit(s, i);
      k++;
      i++;
    }
    if (k === 0) return undefined;
    for (; k < 9; k++) nanos *= 10;
  }
  let offsetMin = 0;
  const z = s[i];
  if (z === "Z" || z === "z") i++;
  else if (z === "+" || z === "-") {
    const oh = num(s, i + 1, 2);
    if (oh < 0) return undefined;
    let om = 0;
    let len = 3;
    if (s[i + 3] === ":") {
      om = num(s, i + 4, 2);
      len = 6;
    } else if (digit(s, i + 3) >= 0) {
      om = num(s, i + 3, 2);
      len = 5;
    }
    if (om < 0) return undefined;
    offsetMin = (z === "-" ? -1 : 1) * (oh * 60 + om);
    i += len;
  }
  const base = Date.UTC(y, mo - 1, d, h, mi, se) - offsetMin * 60000;
  return { ms: base + Math.floor(nanos / 1e6), sub: nanos % 1e6, end: i };
}

/** A field value: RFC 3339 text, or epoch seconds / ms / µs / ns told apart by magnitude. */
export function parseTimeValue(v: string): { ms: number; sub: number } | undefined {
  const iso = parseIsoAt(v.trim());
  if (iso) return { ms: iso.ms, sub: iso.sub };
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

/** Fast path for the common shape `{"ts":"2024-…Z", …}`: the time field first, an RFC 3339 string value. */
function leadingJsonTime(line: string, brace: number): LineTime | undefined {
  if (line.charCodeAt(brace + 1) !== 34) return undefined;
  for (const field of TIME_FIELDS) {
    if (!line.startsWith(field, brace + 2)) continue;
    const at = brace + 2 + field.length;
    if (line.charCodeAt(at) !== 34 || line.charCodeAt(at + 1) !== 58 || line.charCodeAt(at + 2) !== 34) return undefined;
    const iso = parseIsoAt(line, at + 3);
    if (!iso || line.charCodeAt(iso.end) !== 34) return undefined;
    return { ms: iso.ms, sub: iso.sub, rule: "json", field };
  }
  return undefined;
}

const LOGFMT_TIME = /(?:^|\s)(time|timestamp|ts)=("(?:[^"\\]|\\.)*"|[^\s"]+)/;

/** The line's own timestamp, or undefined (the caller then uses the file's modification time). */
export function lineTimestamp(line: string): LineTime | undefined {
  let start = 0;
  if (line.charCodeAt(0) === 91) start = 1; // "[2024-…]"
  const c = line.charCodeAt(start);
  if (c >= 48 && c <= 57) {
    const iso = parseIsoAt(line, start);
    if (iso) return { ms: iso.ms, sub: iso.sub, rule: "rfc3339" };
  }
  let i = 0;
  while (i < line.length && (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9)) i++;
  if (line.charCodeAt(i) === 123) {
    const fast = leadingJsonTime(line, i);
    if (fast) return fast;
    const f = topLevelJsonField(line, TIME_FIELDS);
    if (f && (f.type === "string" || f.type === "number")) {
      const t = parseTimeValue(f.value);
      if (t) return { ...t, rule: "json", field: f.name };
    }
    return undefined;
  }
  if (line.includes("=")) {
    const m = LOGFMT_TIME.exec(line);
    if (m) {
      let v = m[2]!;
      if (v.startsWith('"')) v = v.slice(1, -1);
      const t = parseTimeValue(v);
      if (t) return { ...t, rule: "logfmt", field: m[1] };
    }
  }
  return undefined;
}

/**
 * lineTimestamp of a line known by its first characters only (more follow), when they settle it: a time at the start
 * of the line, or in a JSON line's first field, that ends before the prefix does (a character after it is in the
 * prefix, so the whole line reads the same). null when they do not settle it (read the whole line). The prefix may be
 * decoded as Latin-1: a time is ASCII, and a parse that meets any other character fails.
 */
export function prefixTimestamp(prefix: string): LineTime | null {
  const start = prefix.charCodeAt(0) === 91 ? 1 : 0;
  if (digit(prefix, start) >= 0) {
    const iso = parseIsoAt(prefix, start);
    return iso && iso.end < prefix.length ? { ms: iso.ms, sub: iso.sub, rule: "rfc3339" } : null;
  }
  let i = 0;
  while (i < prefix.length && (prefix.charCodeAt(i) === 32 || prefix.charCodeAt(i) === 9)) i++;
  // leadingJsonTime reads up to the quote after the time: found within the prefix, the whole line gives the same.
  if (prefix.charCodeAt(i) === 123) return leadingJsonTime(prefix, i) ?? null;
  return null;
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

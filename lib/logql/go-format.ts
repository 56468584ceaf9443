// Go's value formatting as templates print it: %v of numbers and times, a small printf, and time layouts (UTC).

/**
 * An integer in a template: `int` (number literals without a dot, len, count, sprig's int) or `int64` (sprig's add,
 * sub, mul, div, mod, max, min). Go tells them apart: an int64 is no argument for a function's `int` parameter. Both
 * are 64 bits (Loki runs on 64-bit machines): the value is exact, and wraps as Go's arithmetic does (see int64).
 */
export class GoInt {
  readonly v: bigint;
  constructor(
    v: bigint | number,
    readonly type: "int" | "int64" = "int",
  ) {
    this.v = BigInt.asIntN(64, typeof v === "number" ? BigInt(v) : v);
  }
}

/** A whole number as Go's int64 holds it: wrapped to 64 bits (9223372036854775807 + 1 is -9223372036854775808). */
export const int64 = (n: bigint): bigint => BigInt.asIntN(64, n);

const MIN_INT64 = -(2n ** 63n);

/**
 * Go's int64(f) for a float64 as amd64 computes it (Loki's builds): the whole part, and for NaN or a value outside
 * int64 the minimum, -9223372036854775808 (`{{ int 1e19 }}` prints it in Loki 3.4.6).
 */
export function floatToInt64(f: number): bigint {
  const t = Math.trunc(f);
  if (!(t >= -(2 ** 63) && t < 2 ** 63)) return MIN_INT64;
  return BigInt(t);
}

/**
 * A time.Time with nanosecond precision, always shown in UTC (the zone of a Loki container). `unixSec`: the exact
 * Unix seconds of a time sprig's date made from an integer (time.Unix(n, 0)), which may lie beyond what a JavaScript
 * Date holds (±8.64e12 s); such a time is shown as Go shows it (see goCivil).
 */
export class GoTime {
  constructor(
    readonly ms: number,
    readonly sub: number,
    readonly unixSec?: bigint,
  ) {}
  static fromUnixSeconds(sec: bigint): GoTime {
    return new GoTime(Number(sec) * 1000, 0, sec);
  }
  get unixNanos(): bigint {
    return BigInt(this.ms) * 1_000_000n + BigInt(this.sub);
  }
}

export type GoValue = string | number | GoInt | boolean | GoTime | null;

/** strconv.FormatFloat(v, 'g', -1, 64), what %v prints: shortest digits, exponent form below 1e-4 and from 1e6 up. */
export function formatGoFloat(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const [mant, expText] = v.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp >= -4 && exp < 6) return String(v);
  const abs = Math.abs(exp);
  return `${mant}e${exp < 0 ? "-" : "+"}${abs < 10 ? "0" + abs : abs}`;
}

export function formatGoValue(v: GoValue): string {
  if (v === null) return "<no value>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof GoInt) return String(v.v);
  if (v instanceof GoTime) return formatGoTime("2006-01-02 15:04:05.999999999 -0700 MST", v);
  return formatGoFloat(v);
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

const pad = (n: number, width: number, ch = "0") => String(n).padStart(width, ch);
/** Go's appendInt: a sign, then the digits zero-padded to `width` (year -5 is `-0005`). */
const padSigned = (n: number, width: number) => (n < 0 ? "-" + pad(-n, width) : pad(n, width));

/** A time's fields in UTC: month 0-11, day of the month, day of the year from 1, weekday 0 (Sunday)-6. */
interface Civil {
  year: number;
  month: number;
  date: number;
  yday: number;
  weekday: number;
  hours: number;
  minutes: number;
  seconds: number;
}

function civilOf(t: GoTime): Civil {
  if (t.unixSec !== undefined) return goCivil(t.unixSec);
  const d = new Date(t.ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    date: d.getUTCDate(),
    yday: dayOfYear(d),
    weekday: d.getUTCDay(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
  };
}

/** Go 1.23's time constants: seconds from Unix time to its absolute time, whose year 0 is absoluteZeroYear. */
const UNIX_TO_ABSOLUTE = 62135596800n + 9223371966579724800n;
const ABSOLUTE_ZERO_YEAR = -292277022399n;
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

/**
 * time.Unix(sec, 0) in UTC as Go 1.23 (Loki 3.4.6's) computes its date: int64 seconds made absolute with wrapping
 * arithmetic, then 400-, 100-, 4- and 1-year cycles (absDate). Exact for any int64 (year 292277026596 at the ends).
 */
function goCivil(sec: bigint): Civil {
  const abs = BigInt.asUintN(64, BigInt.asIntN(64, sec + UNIX_TO_ABSOLUTE));
  let d = abs / 86400n;
  let n = d / 146097n;
  let y = 400n * n;
  d -= 146097n * n;
  n = d / 36524n;
  n -= n >> 2n;
  y += 100n * n;
  d -= 36524n * n;
  n = d / 1461n;
  y += 4n * n;
  d -= 1461n * n;
  n = d / 365n;
  n -= n >> 2n;
  y += n;
  d -= 365n * n;
  const year = Number(BigInt.asIntN(64, y) + ABSOLUTE_ZERO_YEAR);
  const yday = Number(d);
  const clock = Number(abs % 86400n);
  const rest = { yday: yday + 1, weekday: Number(((abs + 86400n) % 604800n) / 86400n), hours: Math.floor(clock / 3600), minutes: Math.floor(clock / 60) % 60, seconds: clock % 60 };
  let day = yday;
  if (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) {
    if (day === 59) return { year, month: 1, date: 29, ...rest };
    if (day > 59) day--;
  }
  let month = Math.floor(day / 31);
  if (day >= DAYS_BEFORE[month + 1]!) month++;
  return { year, month, date: day - DAYS_BEFORE[month]! + 1, ...rest };
}

/** Formats a time with a Go reference layout (`2006-01-02T15:04:05Z07:00`), in UTC. */
export function formatGoTime(layout: string, t: GoTime): string {
  const c = civilOf(t);
  const nanos = t.unixSec !== undefined ? 0 : (t.ms - Math.floor(t.ms / 1000) * 1000) * 1e6 + t.sub;
  const year = c.year;
  const tokens: [string, () => string][] = [
    ["January", () => MONTHS[c.month]!],
    ["Monday", () => DAYS[c.weekday]!],
    ["2006", () => padSigned(year, 4)],
    ["-07:00:00", () => "+00:00:00"],
    ["-0700", () => "+0000"],
    ["-07:00", () => "+00:00"],
    ["Z07:00", () => "Z"],
    ["Z0700", () => "Z"],
    ["-07", () => "+00"],
    ["Z07", () => "Z"],
    ["Jan", () => MONTHS[c.month]!.slice(0, 3)],
    ["Mon", () => DAYS[c.weekday]!.slice(0, 3)],
    ["MST", () => "UTC"],
    ["002", () => pad(c.yday, 3)],
    ["__2", () => pad(c.yday, 3, " ")],
    ["01", () => pad(c.month + 1, 2)],
    ["02", () => pad(c.date, 2)],
    ["_2", () => pad(c.date, 2, " ")],
    ["06", () => pad(Math.abs(year) % 100, 2)], // Go drops a negative year's sign here
    ["15", () => pad(c.hours, 2)],
    ["03", () => pad(c.hours % 12 || 12, 2)],
    ["04", () => pad(c.minutes, 2)],
    ["05", () => pad(c.seconds, 2)],
    ["PM", () => (c.hours >= 12 ? "PM" : "AM")],
    ["pm", () => (c.hours >= 12 ? "pm" : "am")],
    ["1", () => String(c.month + 1)],
    ["2", () => String(c.date)],
    ["3", () => String(c.hours % 12 || 12)],
    ["4", () => String(c.minutes)],
    ["5", () => String(c.seconds)],
  ];
  let out = "";
  for (let i = 0; i < layout.length; ) {
    const frac = /^[.,](0+|9+)/.exec(layout.slice(i));
    if (frac && !/\d/.test(layout[i + frac[0].length] ?? "")) {
      const digits = frac[1]!.length;
      const text = pad(nanos, 9).slice(0, digits);
      if (frac[1]![0] === "0") out += layout[i] + text;
      else {
        const trimmed = text.replace(/0+$/, "");
        if (trimmed) out += layout[i] + trimmed;
      }
      i += frac[0].length;
      continue;
    }
    const tok = tokens.find(([k]) => layout.startsWith(k, i));
    if (tok) {
      out += tok[1]();
      i += tok[0].length;
    } else out += layout[i++];
  }
  return out;
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400e3) + 1;
}

/** A subset of fmt.Sprintf: %v %s %d %f %F %e %g %q %x %X %o %O %b %t %c %U %%, with flags `-+ 0#`, width and precision. */
export function goSprintf(format: string, args: GoValue[]): string {
  let out = "";
  let argi = 0;
  const re = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([a-zA-Z%])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(format))) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, givenFlags = "", widthText, precText, verb] = m;
    let flags = givenFlags;
    if (verb === "%") {
      out += "%";
      continue;
    }
    // A `*` takes an int argument (fmt's intFromArg): no int, or one past ±1e6, is %!(BADWIDTH) / %!(BADPREC); a
    // negative width pads on the right, a negative precision is bad.
    let width = widthText && widthText !== "*" ? Number(widthText) : undefined;
    if (widthText === "*") {
      const w = intFromArg(args[argi]);
      if (argi < args.length) argi++;
      if (w === undefined) out += "%!(BADWIDTH)";
      else if (w < 0) {
        width = -w;
        flags = flags.replaceAll("0", "") + "-";
      } else width = w;
    }
    let prec = precText !== undefined && precText !== "*" ? Number(precText || "0") : undefined;
    if (precText === "*") {
      const p = intFromArg(args[argi]);
      if (argi < args.length) argi++;
      if (p === undefined || p < 0) out += "%!(BADPREC)";
      else prec = p;
    }
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++]!;
    if (arg instanceof GoInt) {
      out += formatInt(verb!, arg, flags, width, prec);
      continue;
    }
    let text = formatVerb(verb!, arg, flags, prec);
    const bad = `%!${verb}(${goTypeName(arg)}=${formatGoValue(arg)})`;
    if (text === bad && (width !== undefined || (prec !== undefined && typeof arg === "string"))) {
      // Go prints a bad verb's argument with %v under the same width, precision and flags: %05d of "483" is
      // %!d(string=00483), %.2f of "1.828" is %!f(string=1.) (a precision cuts a string to that many characters).
      let v = formatGoValue(arg);
      if (prec !== undefined && typeof arg === "string") v = [...v].slice(0, prec).join("");
      if (width === undefined) {
        out += `%!${verb}(${goTypeName(arg)}=${v})`;
        continue;
      }
      const padded = v.length >= width ? v : flags.includes("-") ? v.padEnd(width) : v.padStart(width, flags.includes("0") ? "0" : " ");
      out += `%!${verb}(${goTypeName(arg)}=${padded})`;
      continue;
    }
    if (width !== undefined && text.length < width) {
      const zero = flags.includes("0") && !flags.includes("-") && /[dfFeEgGxXob]/.test(verb!) && typeof arg !== "string";
      if (flags.includes("-")) text = text.padEnd(width);
      else if (zero) {
        const sign = /^[+-]/.test(text) ? text[0]! : "";
        text = sign + text.slice(sign.length).padStart(width - sign.length, "0");
      } else text = text.padStart(width);
    }
    out += text;
  }
  out += format.slice(last);
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => `${goTypeName(a)}=${formatGoValue(a)}`).join(", ")})`;
  return out;
}

function goTypeName(v: GoValue): string {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoInt) return v.type;
  if (v instanceof GoTime) return "time.Time";
  if (v === null) return "<nil>";
  return "float64";
}

/** fmt's intFromArg: an int or int64 within ±1e6 (its tooLarge), else undefined. */
function intFromArg(v: GoValue | undefined): number | undefined {
  if (!(v instanceof GoInt) || v.v > 1_000_000n || v.v < -1_000_000n) return undefined;
  return Number(v.v);
}

function asNumber(v: GoValue): number {
  if (v instanceof GoInt) return Number(v.v);
  if (typeof v === "number") return v;
  return NaN;
}

function formatVerb(verb: string, arg: GoValue, flags: string, prec: number | undefined): string {
  const plus = flags.includes("+");
  const space = flags.includes(" ");
  const signed = (n: number, s: string) => (n >= 0 && !s.startsWith("-") ? (plus ? "+" : space ? " " : "") + s : s);
  const bad = () => `%!${verb}(${goTypeName(arg)}=${formatGoValue(arg)})`;
  switch (verb) {
    case "v":
    case "s": {
      if (verb === "s" && typeof arg !== "string" && !(arg instanceof GoTime)) {
        if (typeof arg === "number" || arg instanceof GoInt) return bad();
      }
      const s = formatGoValue(arg);
      return prec !== undefined ? [...s].slice(0, prec).join("") : s;
    }
    case "q":
      if (typeof arg !== "string") return bad();
      return JSON.stringify(prec !== undefined ? [...arg].slice(0, prec).join("") : arg);
    case "t":
      return typeof arg === "boolean" ? String(arg) : bad();
    case "x":
    case "X": {
      if (typeof arg !== "string") return bad();
      const s = [...Buffer.from(arg)].map((b) => b.toString(16).padStart(2, "0")).join("");
      return (flags.includes("#") ? "0x" : "") + (verb === "X" ? s.toUpperCase() : s);
    }
    case "f":
    case "F":
    case "e":
    case "E":
    case "g":
    case "G": {
      const n = asNumber(arg);
      if (typeof arg !== "number") return bad();
      if (!Number.isFinite(n)) return signed(n, formatGoFloat(n));
      const p = prec ?? 6;
      let s: string;
      if (verb === "f" || verb === "F") s = n.toFixed(p);
      else if (verb === "e" || verb === "E") s = goExp(n.toExponential(p));
      else s = prec === undefined ? formatGoFloat(n) : goExp(n.toPrecision(p || 1));
      if (verb === "E" || verb === "G") s = s.toUpperCase();
      return signed(n, s);
    }
    default:
      return `%!${verb}(${goTypeName(arg)}=${formatGoValue(arg)})`;
  }
}

/**
 * An int or int64 under a printf verb, as Go's fmt prints it: %d and %v in decimal, %x %X %o %O %b in their bases,
 * %c the character (U+FFFD for no valid code point), %q it quoted, %U its code point; any other verb is Go's bad-verb text with the value as %v under
 * the same flags (`%.2f` of int64 2 is `%!f(int64=02)`). The text comes with its width's padding.
 */
function formatInt(verb: string, arg: GoInt, flags: string, width: number | undefined, prec: number | undefined): string {
  switch (verb) {
    case "d":
    case "v":
      return fmtInteger(arg.v, 10, verb, flags, width, prec);
    case "x":
    case "X":
      return fmtInteger(arg.v, 16, verb, flags, width, prec);
    case "o":
    case "O":
      return fmtInteger(arg.v, 8, verb, flags, width, prec);
    case "b":
      return fmtInteger(arg.v, 2, verb, flags, width, prec);
    case "c":
      // fmt's fmtC: the value as a uint64, and beyond utf8.MaxRune (or a surrogate, which UTF-8 cannot hold) U+FFFD.
      return padTo(String.fromCodePoint(goRune(arg.v)), width, flags);
    case "q":
      // fmtQc: strconv.QuoteRune, or QuoteRuneToASCII under `+`.
      return padTo(quoteRune(goRune(arg.v), flags.includes("+")), width, flags);
    case "U": {
      // fmtUnicode: U+ and the uint64 in upper-case hex, 4 digits at least (more with a precision over 4); `#` adds
      // the character quoted where it is printable.
      const u = BigInt.asUintN(64, arg.v);
      let text = "U+" + u.toString(16).toUpperCase().padStart(Math.max(4, prec ?? 0), "0");
      if (flags.includes("#") && u <= 0x10ffffn && isGoPrint(Number(u))) text += ` '${String.fromCodePoint(Number(u))}'`;
      return padTo(text, width, flags);
    }
    default:
      return `%!${verb}(${arg.type}=${fmtInteger(arg.v, 10, "v", flags, width, prec)})`;
  }
}

/** An integer as a rune: itself where it is a valid code point (no surrogate), else U+FFFD. */
function goRune(v: bigint): number {
  return v >= 0n && v <= 0x10ffffn && !(v >= 0xd800n && v <= 0xdfffn) ? Number(v) : 0xfffd;
}

/**
 * strconv.IsPrint: Unicode's letters, marks, numbers, punctuation and symbols, and the ASCII space (by the Unicode
 * tables of the JavaScript engine, which may be a version newer than Go 1.23's 15.0 for characters assigned since).
 */
function isGoPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r < 0x7f;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(String.fromCodePoint(r));
}

/** strconv.QuoteRune (QuoteRuneToASCII when `ascii`): in single quotes, escaped where it is not printable. */
function quoteRune(r: number, ascii: boolean): string {
  const named: Record<number, string> = { 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v", 39: "\\'", 92: "\\\\" };
  let body = named[r];
  if (body === undefined) {
    if (isGoPrint(r) && !(ascii && r >= 0x80)) body = String.fromCodePoint(r);
    else if (r < 0x20 || r === 0x7f) body = "\\x" + r.toString(16).padStart(2, "0");
    else if (r < 0x10000) body = "\\u" + r.toString(16).padStart(4, "0");
    else body = "\\U" + r.toString(16).padStart(8, "0");
  }
  return `'${body}'`;
}

/**
 * Go's fmt.fmtInteger: digits in `base`, at least `prec` of them (with precision 0, the value 0 prints nothing), else
 * zero-padded to the width under the 0 flag; `#` adds 0b, a leading 0 or 0x/0X; %O adds 0o; then the sign (`-`, or
 * `+`/space under those flags), then spaces to the width (on the right under `-`).
 */
function fmtInteger(v: bigint, base: 2 | 8 | 10 | 16, verb: string, flags: string, width: number | undefined, prec: number | undefined): string {
  const minus = flags.includes("-");
  const plus = flags.includes("+");
  const space = flags.includes(" ");
  const negative = v < 0n;
  let digits = (negative ? -v : v).toString(base);
  if (verb === "X") digits = digits.toUpperCase();
  let least = 0;
  if (prec !== undefined) {
    if (prec === 0 && v === 0n) return " ".repeat(width ?? 0);
    least = prec;
  } else if (flags.includes("0") && !minus && width !== undefined) least = negative || plus || space ? width - 1 : width;
  if (digits.length < least) digits = "0".repeat(least - digits.length) + digits;
  if (flags.includes("#")) {
    if (base === 2) digits = "0b" + digits;
    else if (base === 8 && digits[0] !== "0") digits = "0" + digits;
    else if (base === 16) digits = (verb === "X" ? "0X" : "0x") + digits;
  }
  if (verb === "O") digits = "0o" + digits;
  return padTo((negative ? "-" : plus ? "+" : space ? " " : "") + digits, width, flags);
}

/** Spaces to `width` characters, on the left (the right under the `-` flag). */
function padTo(text: string, width: number | undefined, flags: string): string {
  if (width === undefined || text.length >= width) return text;
  return flags.includes("-") ? text.padEnd(width) : text.padStart(width);
}

/** JS exponent text (1.5e+7) → Go's (1.5e+07). */
function goExp(s: string): string {
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

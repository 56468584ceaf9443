// Go's value formatting as templates print it: %v of numbers and times, a small printf, and time layouts (UTC).
import { goBytes } from "./go-utf8.ts";
import { goEscapeRune, goQuote, isGoPrint } from "./lexical.ts";

/**
 * An integer in a template: `int` (number literals without a dot, len, count, sprig's int) or `int64` (sprig's add,
 * sub, mul, div, mod, max, min). Go tells them apart: an int64 is no argument for a function's `int` parameter. Both
 * are 64 bits (Loki runs on 64-bit machines): the value is exact, and wraps as Go's arithmetic does (see int64).
 */
export class GoInt {
  readonly v: bigint;
  constructor(
    v: bigint | number,
    readonly type: "int" | "int64" | "uint8" = "int",
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

/** A time's nanoseconds within its second (0 for a time given in whole seconds). */
function nanosOf(t: GoTime): number {
  return t.unixSec !== undefined ? 0 : (t.ms - Math.floor(t.ms / 1000) * 1000) * 1e6 + t.sub;
}

/** Formats a time with a Go reference layout (`2006-01-02T15:04:05Z07:00`), in UTC. */
export function formatGoTime(layout: string, t: GoTime): string {
  const c = civilOf(t);
  const nanos = nanosOf(t);
  const year = c.year;
  // Go 1.23's nextStdChunk: the layout's elements, tried at each byte in this order.
  const std: Record<string, () => string> = {
    January: () => MONTHS[c.month]!,
    Jan: () => MONTHS[c.month]!.slice(0, 3),
    Monday: () => DAYS[c.weekday]!,
    Mon: () => DAYS[c.weekday]!.slice(0, 3),
    MST: () => "UTC",
    "2006": () => padSigned(year, 4),
    "-070000": () => "+000000",
    "-07:00:00": () => "+00:00:00",
    "-0700": () => "+0000",
    "-07:00": () => "+00:00",
    "-07": () => "+00",
    // The ISO 8601 zones print Z for UTC, whatever their length.
    Z070000: () => "Z",
    "Z07:00:00": () => "Z",
    Z0700: () => "Z",
    "Z07:00": () => "Z",
    Z07: () => "Z",
    "002": () => pad(c.yday, 3),
    __2: () => pad(c.yday, 3, " "),
    "01": () => pad(c.month + 1, 2),
    "02": () => pad(c.date, 2),
    "03": () => pad(c.hours % 12 || 12, 2),
    "04": () => pad(c.minutes, 2),
    "05": () => pad(c.seconds, 2),
    "06": () => pad(Math.abs(year) % 100, 2), // Go drops a negative year's sign here
    _2: () => pad(c.date, 2, " "),
    "15": () => pad(c.hours, 2),
    PM: () => (c.hours >= 12 ? "PM" : "AM"),
    pm: () => (c.hours >= 12 ? "pm" : "am"),
    "1": () => String(c.month + 1),
    "2": () => String(c.date),
    "3": () => String(c.hours % 12 || 12),
    "4": () => String(c.minutes),
    "5": () => String(c.seconds),
  };
  /** The element starting at i (its text), or undefined for a literal byte. */
  const chunk = (i: number): string | undefined => {
    const at = (k: string) => layout.startsWith(k, i);
    const lowerAfter = (n: number) => /^[a-z]/.test(layout.slice(i + n, i + n + 1));
    switch (layout[i]) {
      case "J":
        if (at("January")) return "January";
        return at("Jan") && !lowerAfter(3) ? "Jan" : undefined;
      case "M":
        if (at("Monday")) return "Monday";
        if (at("Mon") && !lowerAfter(3)) return "Mon";
        return at("MST") ? "MST" : undefined;
      case "0":
        if (/^0[1-6]/.test(layout.slice(i, i + 2))) return layout.slice(i, i + 2);
        return at("002") ? "002" : undefined;
      case "1":
        return at("15") ? "15" : "1";
      case "2":
        return at("2006") ? "2006" : "2";
      case "_":
        if (at("_2")) return at("_2006") ? undefined : "_2"; // `_2006` is a literal _ and the year
        return at("__2") ? "__2" : undefined;
      case "3":
      case "4":
      case "5":
        return layout[i];
      case "P":
        return at("PM") ? "PM" : undefined;
      case "p":
        return at("pm") ? "pm" : undefined;
      case "-":
        return ["-070000", "-07:00:00", "-0700", "-07:00", "-07"].find(at);
      case "Z":
        return ["Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"].find(at);
    }
    return undefined;
  };
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
    const tok = chunk(i);
    if (tok !== undefined) {
      out += std[tok]!();
      i += tok.length;
    } else out += layout[i++];
  }
  return out;
}

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400e3) + 1;
}

/** A subset of fmt.Sprintf: %v %s %d %f %F %e %g %q %x %X %o %O %b %t %c %U %%, with flags `-+ 0#`, width and precision. */
export function goSprintf(format: string, args: GoValue[]): string {
  // Go's doPrintf, directive by directive: flags, an argument index `[n]`, a width (or `*`), a precision (or `*`),
  // another index, then any character as the verb (`%!` is the verb `!`; a `%` ending the format is `%!(NOVERB)`).
  let out = "";
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const end = format.length;
  while (i < end) {
    let goodArgNum = true;
    const pct = format.indexOf("%", i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    i = pct + 1;
    let flags = "";
    while (i < end && "#0+- ".includes(format[i]!)) flags += format[i++];
    let afterIndex = false;
    // fmt's argNumber: `[n]` picks argument n (1-based); a bad one makes the verb %!v(BADINDEX).
    const argIndex = (): void => {
      afterIndex = false;
      if (format[i] !== "[") return;
      reordered = true;
      const close = format.indexOf("]", i + 1);
      if (close < 0) {
        goodArgNum = false;
        i += 1;
        return;
      }
      const text = format.slice(i + 1, close);
      i = close + 1;
      const n = /^\d+$/.test(text) ? Number(text) : NaN;
      if (n >= 1 && n <= args.length) {
        argNum = n - 1;
        afterIndex = true;
      } else goodArgNum = false;
    };
    // fmt's parsenum: digits while the number read so far is within ±1e6 (its tooLarge); a digit after a number
    // beyond that ends the whole format there (i = end: `%12345678d` is %!(NOVERB)), while 1000001 or 10000000 read
    // to their last digit are a width or precision as they are.
    const number = (): number | undefined => {
      let num = 0;
      const start = i;
      for (; i < end && format[i]! >= "0" && format[i]! <= "9"; i++) {
        if (num > 1_000_000) {
          i = end;
          return undefined;
        }
        num = num * 10 + Number(format[i]);
      }
      return i > start ? num : undefined;
    };
    argIndex();
    let width: number | undefined;
    if (format[i] === "*") {
      i++;
      const w = intFromArg(args[argNum]);
      if (argNum < args.length) argNum++;
      if (w === undefined) out += "%!(BADWIDTH)";
      else if (w < 0) {
        width = -w;
        flags = flags.replaceAll("0", "") + "-";
      } else width = w;
      afterIndex = false;
    } else {
      width = number();
      if (afterIndex && width !== undefined) goodArgNum = false;
    }
    let prec: number | undefined;
    if (i + 1 < end && format[i] === ".") {
      i++;
      if (afterIndex) goodArgNum = false;
      argIndex();
      if (format[i] === "*") {
        i++;
        const p = intFromArg(args[argNum]);
        if (argNum < args.length) argNum++;
        if (p === undefined || p < 0) out += "%!(BADPREC)";
        else prec = p;
        afterIndex = false;
      } else prec = number() ?? 0;
    }
    if (!afterIndex) argIndex();
    if (i >= end) {
      out += "%!(NOVERB)";
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === "%") {
      out += "%";
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(verb, args[argNum++]!, flags, width, prec);
  }
  if (!reordered && argNum < args.length) out += `%!(EXTRA ${args.slice(argNum).map((a) => (a === null ? "<nil>" : `${goTypeName(a)}=${formatGoValue(a)}`)).join(", ")})`;
  return out;
}

/** One argument under one verb, with its flags, width and precision, as Go's printArg prints it. */
function formatArg(verb: string, arg: GoValue, flags: string, width: number | undefined, prec: number | undefined): string {
  if (verb === "T") return padTo(arg === null ? "<nil>" : goTypeName(arg), width, flags, true);
  if (arg === null) return verb === "v" ? padTo("<nil>", width, flags, true) : `%!${verb}(<nil>)`;
  if (arg instanceof GoInt) return formatInt(verb, arg, flags, width, prec);
  if (arg instanceof GoTime) {
    // A time.Time is a fmt.Stringer (a GoStringer under %#v): fmt's handleMethods prints its String() as a string under
    // %v %s %q %x %X, and its GoString() under %#v as %s prints a string (cut to the precision, padded with zeros under
    // the 0 flag); under any other verb fmt prints the struct's fields, its *Location's address among them.
    if (verb === "v" && flags.includes("#")) return formatArg("s", goTimeGoString(arg), flags.replace("#", ""), width, prec);
    if ("vsqxX".includes(verb)) return formatArg(verb, formatGoValue(arg), flags, width, prec);
    throw new UnsupportedFormat(`printf's %${verb} of a time (Go prints the time.Time struct's fields and its location's address)`);
  }
  let text = formatVerb(verb, arg, flags, prec);
  const bad = `%!${verb}(${goTypeName(arg)}=${formatGoValue(arg)})`;
  if (text === bad && (width !== undefined || (prec !== undefined && typeof arg === "string"))) {
    let v = formatGoValue(arg);
    if (prec !== undefined && typeof arg === "string") v = [...v].slice(0, prec).join("");
    return `%!${verb}(${goTypeName(arg)}=${padTo(v, width, flags, true)})`;
  }
  if (width !== undefined && runeCount(text) < width) {
    // Go 1.23 pads with zeros under the 0 flag whatever the value (`%08s` of "ab" is 000000ab), after a number's
    // sign; not an infinity or NaN.
    const zero = flags.includes("0") && !(typeof arg === "number" && !Number.isFinite(arg));
    if (flags.includes("-")) text = padRunes(text, width, true);
    else if (zero && typeof arg === "number") {
      const sign = /^[+ -]/.test(text) ? text[0]! : "";
      text = sign + text.slice(sign.length).padStart(width - sign.length, "0");
    } else text = padRunes(text, width, false, zero ? "0" : " ");
  }
  return text;
}

/** What Go's fmt prints but the engine does not emulate: the template function fails as unsupported. */
export class UnsupportedFormat extends Error {}

/**
 * time.Time's GoString (what %#v prints): time.Date(2023, time.November, 14, 22, 13, 20, 0, time.Local). Loki's times
 * (unixToTime, now, __timestamp__, date's) are all in time.Local, which a Loki container has as UTC.
 */
function goTimeGoString(t: GoTime): string {
  const c = civilOf(t);
  const nanos = nanosOf(t);
  return `time.Date(${c.year}, time.${MONTHS[c.month]}, ${c.date}, ${c.hours}, ${c.minutes}, ${c.seconds}, ${nanos}, time.Local)`;
}

/** A value's type as fmt's %T names it (nil as <nil>). */
export function goTypeName(v: GoValue): string {
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
  // fmt's fmtFloat of an infinity or NaN, under every float verb: strconv's +Inf keeps its sign (` Inf` under the space
  // flag alone), and NaN gets one only from the + or space flag.
  if (typeof arg === "number" && !Number.isFinite(arg) && "vbxXfFeEgG".includes(verb)) {
    const text = formatGoFloat(arg);
    if (Number.isNaN(arg)) return plus ? "+NaN" : space ? " NaN" : "NaN";
    return arg > 0 && space && !plus ? " Inf" : text;
  }
  switch (verb) {
    case "v":
    case "s": {
      // %s takes strings (and Stringers, a time above); a bool or number under it is a bad verb: %!s(bool=true).
      if (verb === "s" && typeof arg !== "string") return bad();
      // %v of a float is %g (its precision in significant digits; # is fmt's sharpV there, which prints it as %v does);
      // %#v of a string is the string quoted.
      if (verb === "v" && typeof arg === "number") return formatVerb("g", arg, flags.replace("#", ""), prec);
      if (verb === "v" && typeof arg === "string" && flags.includes("#")) return goQuote(arg);
      const s = formatGoValue(arg);
      return prec !== undefined ? [...s].slice(0, prec).join("") : s;
    }
    case "q": {
      if (typeof arg !== "string") return bad();
      // %#q backquotes a text strconv.CanBackquote takes (no backquote, no control character but tab); %+q is ASCII.
      const t = prec !== undefined ? [...arg].slice(0, prec).join("") : arg;
      if (flags.includes("#") && !/[`\x00-\x08\x0a-\x1f\x7f\ufeff]/.test(t)) return "`" + t + "`";
      return goQuote(t, flags.includes("+"));
    }
    case "t":
      return typeof arg === "boolean" ? String(arg) : bad();
    case "b":
      return typeof arg === "number" && Number.isFinite(arg) ? signed(arg, goBinaryFloat(arg)) : bad();
    case "x":
    case "X": {
      if (typeof arg === "number" && Number.isFinite(arg)) {
        const t = signed(arg, goHexFloat(arg, prec));
        const up = verb === "X" ? t.toUpperCase() : t;
        return flags.includes("#") ? goSharpFloat(up, verb, prec) : up;
      }
      if (typeof arg !== "string") return bad();
      // fmtSbx: the bytes in hex (precision: how many); under ` ` one group a byte, each with 0x under `#`.
      const bytes = [...goBytes(arg)].slice(0, prec).map((b) => b.toString(16).padStart(2, "0"));
      const sharp = flags.includes("#");
      const s = flags.includes(" ") ? bytes.map((b) => (sharp ? "0x" : "") + b).join(" ") : (sharp && bytes.length ? "0x" : "") + bytes.join("");
      return verb === "X" ? s.toUpperCase() : s;
    }
    case "f":
    case "F":
    case "e":
    case "E":
    case "g":
    case "G": {
      const n = asNumber(arg);
      if (typeof arg !== "number") return bad();
      const lower = verb.toLowerCase() as "f" | "e" | "g";
      let s = lower === "g" && prec === undefined ? formatGoFloat(n) : goFloatDigits(n, lower, prec ?? 6);
      if (verb === "E" || verb === "G") s = s.toUpperCase();
      if ((n < 0 || Object.is(n, -0)) && !s.startsWith("-")) s = "-" + s; // -0.5 to no places is -0, as in Go
      return signed(n, flags.includes("#") ? goSharpFloat(s, lower, prec) : s);
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
      return padTo(String.fromCodePoint(goRune(arg.v)), width, flags, true);
    case "q":
      // fmtQc: strconv.QuoteRune, or QuoteRuneToASCII under `+`.
      return padTo(quoteRune(goRune(arg.v), flags.includes("+")), width, flags, true);
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

/** strconv.QuoteRune (QuoteRuneToASCII when `ascii`): in single quotes, escaped where it is not printable. */
function quoteRune(r: number, ascii: boolean): string {
  return `'${goEscapeRune(r, 0x27, ascii)}'`;
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

/** Spaces to `width` characters, on the left (the right under the `-` flag); zeros on the left under `0` when `zero` (fmt's pad). */
function padTo(text: string, width: number | undefined, flags: string, zero = false): string {
  if (width === undefined) return text;
  return padRunes(text, width, flags.includes("-"), zero && flags.includes("0") ? "0" : " ");
}

/** How many characters a text has: what Go's fmt pads to a width (utf8.RuneCount), an emoji one, not two UTF-16 units. */
function runeCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The text padded to `width` characters: on the right with spaces (the - flag), else on the left with `fill`. */
function padRunes(text: string, width: number, right: boolean, fill = " "): string {
  const n = width - runeCount(text);
  if (n <= 0) return text;
  return right ? text + " ".repeat(n) : fill.repeat(n) + text;
}

/** A finite float's sign, 53-bit mantissa and binary exponent: |n| = mant * 2^exp (a denormal's exponent is -1074). */
function floatParts(n: number): { neg: boolean; mant: bigint; exp: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const e = Number((bits >> 52n) & 0x7ffn);
  return { neg: bits >> 63n === 1n, mant: (bits & ((1n << 52n) - 1n)) | (e ? 1n << 52n : 0n), exp: (e || 1) - 1075 };
}

/** strconv's 'b' format (%b of a float): the mantissa, `p`, the binary exponent (1.5 is 6755399441055744p-52). */
function goBinaryFloat(n: number): string {
  const { neg, mant, exp } = floatParts(n);
  return `${neg ? "-" : ""}${mant}p${exp >= 0 ? "+" : "-"}${Math.abs(exp)}`;
}

/**
 * strconv's 'x' format (%x of a float): 0x1.<hex fraction>p±<exponent, two digits at least>; the fraction as short as
 * it can be, or rounded half to even to `prec` hex digits (1.5 is 0x1.8p+00, %.2x of 255 is 0x1.fep+07).
 */
function goHexFloat(n: number, prec: number | undefined): string {
  let { neg, mant, exp } = floatParts(n);
  if (mant === 0n) return `${neg ? "-" : ""}0x0${prec ? "." + "0".repeat(prec) : ""}p+00`;
  while (mant < 1n << 52n) {
    mant <<= 1n;
    exp--;
  }
  exp += 52;
  let frac = mant - (1n << 52n); // 52 bits: 13 hex digits
  if (prec !== undefined && prec < 13) {
    // Rounded half to even on the whole mantissa, its leading 1 included (%.0x of 1.5 is 0x1p+01).
    const drop = BigInt(52 - 4 * prec);
    const half = 1n << (drop - 1n);
    const rest = mant & ((1n << drop) - 1n);
    let m = mant >> drop;
    if (rest > half || (rest === half && (m & 1n) === 1n)) m++;
    if (m >> BigInt(4 * prec) === 2n) {
      m >>= 1n;
      exp++;
    }
    frac = m - (1n << BigInt(4 * prec));
  }
  let digits = prec !== undefined && prec < 13 ? (prec ? frac.toString(16).padStart(prec, "0") : "") : frac.toString(16).padStart(13, "0");
  if (prec === undefined) digits = digits.replace(/0+$/, "");
  else if (prec > 13) digits = digits.padEnd(prec, "0");
  const e = Math.abs(exp);
  return `${neg ? "-" : ""}0x1${digits ? "." + digits : ""}p${exp >= 0 ? "+" : "-"}${e < 10 ? "0" + e : e}`;
}

/**
 * strconv.FormatFloat(|n|, 'f' | 'e' | 'g', prec, 64), as Go writes it: the float's exact decimal value (its binary
 * value written out, however many digits), rounded half to even to the digits asked for. JavaScript's toFixed and
 * toExponential round half up, write 1e+21 from 1e21 up and take no precision past 100, where Go writes every digit.
 */
function goFloatDigits(n: number, fmt: "f" | "e" | "g", prec: number): string {
  // The value as 0.d × 10^dp, d without trailing zeros (Go's decimal: nd digits, dp the point's place).
  const { mant, exp } = floatParts(n);
  let d: string;
  let dp: number;
  if (mant === 0n) {
    d = "";
    dp = 0;
  } else if (exp >= 0) {
    d = (mant << BigInt(exp)).toString();
    dp = d.length;
  } else {
    d = (mant * 5n ** BigInt(-exp)).toString();
    dp = d.length + exp;
  }
  d = d.replace(/0+$/, "");
  // decimal.Round: up when the rest is past half, or exactly half after an odd digit.
  const round = (nd: number) => {
    if (nd < 0 || nd >= d.length) return;
    const rest = d.slice(nd);
    const up = rest[0]! > "5" || (rest[0] === "5" && (rest.length > 1 || (nd > 0 && Number(d[nd - 1]) % 2 === 1)));
    if (!up) {
      d = d.slice(0, nd).replace(/0+$/, "");
      if (d === "") dp = 0;
      return;
    }
    let i = nd - 1;
    while (i >= 0 && d[i] === "9") i--;
    if (i < 0) {
      d = "1";
      dp++;
    } else d = d.slice(0, i) + String(Number(d[i]) + 1);
  };
  const fmtE = (p: number) => {
    const e = d.length === 0 ? 0 : dp - 1;
    const frac = p > 0 ? "." + d.slice(1, 1 + p).padEnd(p, "0") : "";
    const a = Math.abs(e);
    return `${d[0] ?? "0"}${frac}e${e < 0 ? "-" : "+"}${a < 10 ? "0" + a : a}`;
  };
  const fmtF = (p: number) => {
    const int = dp > 0 ? d.slice(0, dp).padEnd(dp, "0") : "0";
    let frac = "";
    for (let i = 1; i <= p; i++) {
      const j = dp + i - 1;
      frac += j >= 0 && j < d.length ? d[j] : "0";
    }
    return p > 0 ? `${int}.${frac}` : int;
  };
  if (fmt === "e") {
    round(prec + 1);
    return fmtE(prec);
  }
  if (fmt === "f") {
    round(dp + prec);
    return fmtF(prec);
  }
  // %g: %e's form when the exponent is below -4 or at least the precision, else %f's, without trailing zeros.
  let p = prec === 0 ? 1 : prec;
  round(p);
  let eprec = p;
  if (eprec > d.length && d.length >= dp) eprec = d.length;
  const x = dp - 1;
  if (x < -4 || x >= eprec) {
    if (p > d.length) p = d.length;
    return fmtE(p - 1);
  }
  if (p > dp) p = d.length;
  return fmtF(Math.max(p - dp, 0));
}

/**
 * fmt's sharp flag on a float's text (`%#g`, `%#.0f`, `%#x`): a decimal point always, and under %g (and %x) the
 * trailing zeros strconv dropped, up to the precision (6 when none is given) in significant digits.
 */
function goSharpFloat(num: string, verb: string, prec: number | undefined): string {
  let digits = verb === "g" || verb === "G" || verb === "x" ? (prec ?? 6) : 0;
  const sign = /^[+ -]/.test(num) ? num[0]! : "";
  let body = num.slice(sign.length);
  let tail = "";
  let point = false;
  let nonzero = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === ".") point = true;
    else if (c === "p" || c === "P" || ((c === "e" || c === "E") && verb !== "x" && verb !== "X")) {
      tail = body.slice(i);
      body = body.slice(0, i);
      break;
    } else {
      if (c !== "0") nonzero = true;
      if (nonzero) digits--;
    }
  }
  if (!point) {
    if (body === "0") digits--;
    body += ".";
  }
  if (digits > 0) body += "0".repeat(digits);
  return sign + body + tail;
}

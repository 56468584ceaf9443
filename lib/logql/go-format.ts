// Go's value formatting as templates print it: %v of numbers and times, a small printf, and time layouts (UTC).

/**
 * An integer in a template: `int` (number literals without a dot, len, count, sprig's int) or `int64` (sprig's add,
 * sub, mul, div, mod, max, min). Go tells them apart: an int64 is no argument for a function's `int` parameter.
 */
export class GoInt {
  constructor(
    readonly v: number,
    readonly type: "int" | "int64" = "int",
  ) {}
}

/** A time.Time with nanosecond precision, always shown in UTC (the zone of a Loki container). */
export class GoTime {
  constructor(
    readonly ms: number,
    readonly sub: number,
  ) {}
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

/** Formats a time with a Go reference layout (`2006-01-02T15:04:05Z07:00`), in UTC. */
export function formatGoTime(layout: string, t: GoTime): string {
  const d = new Date(t.ms);
  const nanos = (t.ms - Math.floor(t.ms / 1000) * 1000) * 1e6 + t.sub;
  const year = d.getUTCFullYear();
  const tokens: [string, () => string][] = [
    ["January", () => MONTHS[d.getUTCMonth()]!],
    ["Monday", () => DAYS[d.getUTCDay()]!],
    ["2006", () => pad(year, 4)],
    ["-07:00:00", () => "+00:00:00"],
    ["-0700", () => "+0000"],
    ["-07:00", () => "+00:00"],
    ["Z07:00", () => "Z"],
    ["Z0700", () => "Z"],
    ["-07", () => "+00"],
    ["Z07", () => "Z"],
    ["Jan", () => MONTHS[d.getUTCMonth()]!.slice(0, 3)],
    ["Mon", () => DAYS[d.getUTCDay()]!.slice(0, 3)],
    ["MST", () => "UTC"],
    ["002", () => pad(dayOfYear(d), 3)],
    ["__2", () => pad(dayOfYear(d), 3, " ")],
    ["01", () => pad(d.getUTCMonth() + 1, 2)],
    ["02", () => pad(d.getUTCDate(), 2)],
    ["_2", () => pad(d.getUTCDate(), 2, " ")],
    ["06", () => pad(year % 100, 2)],
    ["15", () => pad(d.getUTCHours(), 2)],
    ["03", () => pad(d.getUTCHours() % 12 || 12, 2)],
    ["04", () => pad(d.getUTCMinutes(), 2)],
    ["05", () => pad(d.getUTCSeconds(), 2)],
    ["PM", () => (d.getUTCHours() >= 12 ? "PM" : "AM")],
    ["pm", () => (d.getUTCHours() >= 12 ? "pm" : "am")],
    ["1", () => String(d.getUTCMonth() + 1)],
    ["2", () => String(d.getUTCDate())],
    ["3", () => String(d.getUTCHours() % 12 || 12)],
    ["4", () => String(d.getUTCMinutes())],
    ["5", () => String(d.getUTCSeconds())],
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

/** A subset of fmt.Sprintf: %v %s %d %f %F %e %g %q %x %X %o %b %t %c %%, with flags `-+ 0#`, width and precision. */
export function goSprintf(format: string, args: GoValue[]): string {
  let out = "";
  let argi = 0;
  const re = /%([-+# 0]*)(\d+|\*)?(?:\.(\d+|\*)?)?([a-zA-Z%])/g;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(format))) {
    out += format.slice(last, m.index);
    last = re.lastIndex;
    const [, flags = "", widthText, precText, verb] = m;
    if (verb === "%") {
      out += "%";
      continue;
    }
    const width = widthText === "*" ? Number(asNumber(args[argi++] ?? 0)) : widthText ? Number(widthText) : undefined;
    const prec = precText === "*" ? Number(asNumber(args[argi++] ?? 0)) : precText !== undefined ? Number(precText || "0") : undefined;
    if (argi >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argi++]!;
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
  if (v instanceof GoInt) return "int";
  if (v instanceof GoTime) return "time.Time";
  if (v === null) return "<nil>";
  return "float64";
}

function asNumber(v: GoValue): number {
  if (v instanceof GoInt) return v.v;
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
    case "d":
      if (!(arg instanceof GoInt)) return bad();
      return signed(arg.v, String(arg.v));
    case "c":
      return arg instanceof GoInt ? String.fromCodePoint(arg.v) : bad();
    case "x":
    case "X":
    case "o":
    case "b": {
      const base = verb === "o" ? 8 : verb === "b" ? 2 : 16;
      let s: string;
      if (typeof arg === "string") s = [...Buffer.from(arg)].map((b) => b.toString(16).padStart(2, "0")).join("");
      else if (arg instanceof GoInt) s = arg.v.toString(base);
      else return bad();
      if (flags.includes("#") && base === 16) s = "0x" + s;
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

/** JS exponent text (1.5e+7) → Go's (1.5e+07). */
function goExp(s: string): string {
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

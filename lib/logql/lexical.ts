// Literal values of LogQL: quoted strings (Go rules), durations (Prometheus and Go forms), byte sizes and numbers.

/** Unquotes a "…" (Go escapes) or `…` (raw) string literal; returns undefined when it is malformed. */
export function unquote(text: string): string | undefined {
  if (text.length >= 2 && text.startsWith("`") && text.endsWith("`")) return text.slice(1, -1);
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return undefined;
  const body = text.slice(1, -1);
  if (!body.includes("\\")) return body.includes('"') || body.includes("\n") ? undefined : body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '"' || c === "\n") return undefined;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case "a": out += "\x07"; break;
      case "b": out += "\b"; break;
      case "f": out += "\f"; break;
      case "n": out += "\n"; break;
      case "r": out += "\r"; break;
      case "t": out += "\t"; break;
      case "v": out += "\v"; break;
      case "\\": out += "\\"; break;
      case '"': out += '"'; break;
      case "'": return undefined; // Go rejects \' inside "…"
      case "x":
      case "u":
      case "U": {
        const len = e === "x" ? 2 : e === "u" ? 4 : 8;
        const hex = body.slice(i + 1, i + 1 + len);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
        const code = parseInt(hex, 16);
        if (e === "x") out += String.fromCharCode(code); // a byte; the engine works on text, so treat it as a code point
        else {
          if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
          out += String.fromCodePoint(code);
        }
        i += len;
        break;
      }
      default: {
        if (e !== undefined && e >= "0" && e <= "7") {
          const oct = body.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(oct)) return undefined;
          const code = parseInt(oct, 8);
          if (code > 255) return undefined;
          out += String.fromCharCode(code);
          i += 2;
          break;
        }
        return undefined;
      }
    }
  }
  return out;
}

const PROM_UNITS: Record<string, number> = { y: 365 * 86400e3, w: 7 * 86400e3, d: 86400e3, h: 3600e3, m: 60e3, s: 1e3, ms: 1 };

/** A Prometheus duration (`1h30m`, `5m`, `250ms`, `2d`) in milliseconds; undefined when malformed. */
export function parsePromDuration(text: string): number | undefined {
  if (text === "0") return 0;
  const re = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
  const m = re.exec(text);
  if (!m || text === "") return undefined;
  const units = ["y", "w", "d", "h", "m", "s", "ms"];
  let ms = 0;
  for (let i = 0; i < units.length; i++) if (m[i + 1]) ms += Number(m[i + 1]) * PROM_UNITS[units[i]!]!;
  return ms;
}

const GO_UNITS: Record<string, number> = { ns: 1e-9, us: 1e-6, "\u00b5s": 1e-6, "\u03bcs": 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Go's time.ParseDuration (`1.5h`, `300ms`, `-2m3s`, `0`) in seconds; undefined when malformed. */
export function parseGoDurationSeconds(text: string): number | undefined {
  let s = text;
  let sign = 1;
  if (s.startsWith("-") || s.startsWith("+")) {
    if (s[0] === "-") sign = -1;
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") return undefined;
  let total = 0;
  const re = /^(\d*)(?:\.(\d*))?([a-z\u00b5\u03bc]+)/;
  while (s.length) {
    const m = re.exec(s);
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) return undefined;
    const unit = GO_UNITS[m[3]!];
    if (unit === undefined) return undefined;
    total += Number(`${m[1] || "0"}.${m[2] ?? ""}0`) * unit;
    s = s.slice(m[0].length);
  }
  return sign * total;
}

/** A duration written in a query (Go or Prometheus form, e.g. `10s`, `1.5h`, `2d`) in seconds. */
export function parseQueryDurationSeconds(text: string): number | undefined {
  const go = parseGoDurationSeconds(text);
  if (go !== undefined) return go;
  const prom = parsePromDuration(text);
  return prom === undefined ? undefined : prom / 1000;
}

const BYTE_UNITS: Record<string, number> = {
  "": 1, b: 1,
  k: 1e3, kb: 1e3, ki: 1024, kib: 1024,
  m: 1e6, mb: 1e6, mi: 1024 ** 2, mib: 1024 ** 2,
  g: 1e9, gb: 1e9, gi: 1024 ** 3, gib: 1024 ** 3,
  t: 1e12, tb: 1e12, ti: 1024 ** 4, tib: 1024 ** 4,
  p: 1e15, pb: 1e15, pi: 1024 ** 5, pib: 1024 ** 5,
  e: 1e18, eb: 1e18, ei: 1024 ** 6, eib: 1024 ** 6,
};

/** go-humanize's ParseBytes (`5 MiB`, `3k`, `1G`, `20KB`, `42`): a whole number of bytes; undefined when malformed. */
export function parseBytes(text: string): number | undefined {
  const s = text.trim();
  let i = 0;
  let hasComma = false;
  while (i < s.length) {
    const c = s[i]!;
    if (!((c >= "0" && c <= "9") || c === "." || c === ",")) break;
    if (c === ",") hasComma = true;
    i++;
  }
  let num = s.slice(0, i);
  if (hasComma) num = num.replaceAll(",", "");
  const value = parseGoFloat(num);
  if (value === undefined) return undefined;
  const unit = BYTE_UNITS[s.slice(i).trim().toLowerCase()];
  if (unit === undefined) return undefined;
  const bytes = value * unit;
  if (!Number.isFinite(bytes) || bytes >= 2 ** 64) return undefined;
  return Math.floor(bytes);
}

/** Go's strconv.ParseFloat for decimal text (also Inf/NaN); undefined when malformed. */
export function parseGoFloat(text: string): number | undefined {
  if (/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) return Number(text);
  const lower = text.toLowerCase();
  const m = /^([+-]?)(inf|infinity|nan)$/.exec(lower);
  if (m) return m[2] === "nan" ? NaN : m[1] === "-" ? -Infinity : Infinity;
  return undefined;
}

/** A number literal of the query language (decimal, exponent, or 0x hex). */
export function parseNumberLiteral(text: string): number | undefined {
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return parseInt(text.slice(2), 16);
  return parseGoFloat(text);
}

/** Go's strconv.Quote for the common cases: printable text kept, quotes, backslashes and control characters escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (c === 7) out += "\\a";
    else if (c === 8) out += "\\b";
    else if (c === 12) out += "\\f";
    else if (c === 10) out += "\\n";
    else if (c === 13) out += "\\r";
    else if (c === 9) out += "\\t";
    else if (c === 11) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

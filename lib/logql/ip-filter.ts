// The ip() filters (`|= ip("10.0.0.0/8")`, `| addr != ip("10.0.0.1-10.0.0.9")`) as Loki 3.4.6 runs them: the pattern
// read by Go's net/netip (one address, a CIDR prefix) or go4.org/netipx (a from-to range), and the text searched for
// addresses the way Loki's ipFilter finds them (pkg/logql/log/ip.go).

/** An address as Go's netip.Addr holds it: 32 or 128 bits, and an IPv6 zone ("" for none). */
export interface GoAddr {
  bits: 32 | 128;
  value: bigint;
  zone: string;
}

/** What a pattern matches: one address, a prefix (its address is not masked), or a range of one family. */
export type IpMatcher = { kind: "addr"; addr: GoAddr } | { kind: "prefix"; addr: GoAddr; bits: number } | { kind: "range"; from: GoAddr; to: GoAddr };

/** netip.ParseAddr: the first `.`, `:` or `%` decides between IPv4 and IPv6; undefined where Go fails. */
export function parseAddr(s: string): GoAddr | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === ".") {
      const fields = ipv4Fields(s);
      return fields && { bits: 32, value: BigInt(((fields[0]! << 24) >>> 0) + (fields[1]! << 16) + (fields[2]! << 8) + fields[3]!), zone: "" };
    }
    if (c === ":") return parseIPv6(s);
    if (c === "%") return undefined;
  }
  return undefined;
}

/** Go's parseIPv4Fields: four decimal fields of 0-255, no leading zero, no empty field. */
function ipv4Fields(s: string): number[] | undefined {
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits === 1 && val === 0) return undefined;
      val = val * 10 + (c - 48);
      digits++;
      if (val > 255) return undefined;
    } else if (c === 46) {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".") return undefined;
      if (fields.length === 3) return undefined;
      fields.push(val);
      val = 0;
      digits = 0;
    } else return undefined;
  }
  if (fields.length < 3) return undefined;
  fields.push(val);
  return fields;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/** Go's parseIPv6: groups of 1-4 hex digits, one `::`, a trailing dotted IPv4, a non-empty zone after `%`. */
function parseIPv6(input: string): GoAddr | undefined {
  let s = input;
  let zone = "";
  const pct = s.indexOf("%");
  if (pct !== -1) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === "") return undefined;
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return { bits: 128, value: 0n, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const h = hexValue(s.charCodeAt(off));
      if (h < 0) break;
      acc = acc * 16 + h;
      if (off > 3) return undefined;
      if (acc > 0xffff) return undefined;
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const fields = ipv4Fields(s);
      if (!fields) return undefined;
      for (let k = 0; k < 4; k++) ip[i + k] = fields[k]!;
      s = "";
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ":" || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
  } else if (ellipsis >= 0) return undefined;
  let value = 0n;
  for (const b of ip) value = (value << 8n) | BigInt(b);
  return { bits: 128, value, zone };
}

/** netip.Addr.Compare: by family, then by value, then by zone. */
function compareAddr(a: GoAddr, b: GoAddr): number {
  if (a.bits !== b.bits) return a.bits < b.bits ? -1 : 1;
  if (a.value !== b.value) return a.value < b.value ? -1 : 1;
  return a.zone === b.zone ? 0 : a.zone < b.zone ? -1 : 1;
}

/** The matcher of a pattern as Loki's getMatcher reads it (an address, else a prefix, else a range); undefined: invalid. */
export function ipMatcher(pattern: string): IpMatcher | undefined {
  const addr = parseAddr(pattern);
  if (addr) return { kind: "addr", addr };
  const slash = pattern.lastIndexOf("/");
  if (slash !== -1) {
    const ip = parseAddr(pattern.slice(0, slash));
    const bitsText = pattern.slice(slash + 1);
    // netip.ParsePrefix: no zone, the length in decimal without a sign or a leading zero, within the family's bits.
    if (ip && ip.zone === "" && /^(0|[1-9][0-9]*)$/.test(bitsText)) {
      const bits = Number(bitsText);
      if (bits <= ip.bits) return { kind: "prefix", addr: ip, bits };
    }
    return undefined;
  }
  const hyphen = pattern.indexOf("-");
  if (hyphen !== -1) {
    // netipx.ParseIPRange: two addresses of one family (zones dropped), the first not after the second.
    const from = parseAddr(pattern.slice(0, hyphen));
    const to = parseAddr(pattern.slice(hyphen + 1));
    if (from && to) {
      const f = { ...from, zone: "" };
      const t = { ...to, zone: "" };
      if (f.bits === t.bits && compareAddr(t, f) >= 0) return { kind: "range", from: f, to: t };
    }
  }
  return undefined;
}

function contains(m: IpMatcher, ip: GoAddr): boolean {
  switch (m.kind) {
    case "addr":
      return compareAddr(m.addr, ip) === 0;
    case "prefix": {
      if (ip.zone !== "" || ip.bits !== m.addr.bits) return false;
      const shift = BigInt(ip.bits - m.bits);
      return (ip.value ^ m.addr.value) >> shift === 0n;
    }
    case "range":
      return ip.zone === "" && compareAddr(m.from, ip) <= 0 && compareAddr(m.to, ip) >= 0;
  }
}

const IPV4_CHARS = new Set("0123456789.".split("").map((c) => c.charCodeAt(0)));
const IPV6_CHARS = new Set("0123456789abcdefABCDEF:.".split("").map((c) => c.charCodeAt(0)));
const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => hexValue(c) >= 0;

/**
 * Whether `text` holds an address `pattern` takes, found as Loki's ipFilter finds one, over the text's UTF-8 bytes:
 * at each byte where an IPv4 hint (a digit with a `.` in the next three bytes) or an IPv6 hint (`::` and a hex digit,
 * or 1-4 hex digits and a `:`) starts, the run of address characters is parsed; a run that is no address or not
 * taken is skipped whole (with the byte after it).
 */
export function ipTextFilter(pattern: string): (text: string) => boolean {
  const m = ipMatcher(pattern);
  // The parser refused such a pattern (as Loki fails the query).
  if (!m) throw new Error(`ip: invalid pattern: ${JSON.stringify(pattern)}`);
  return (text) => {
    // Bytes outside ASCII never belong to an address, but they count in the hints' windows as UTF-8 bytes.
    const bytes = /[^\x00-\x7f]/.test(text) ? Buffer.from(text, "utf8") : undefined;
    const n = bytes ? bytes.length : text.length;
    const at = bytes ? (i: number) => bytes[i]! : (i: number) => text.charCodeAt(i);
    const run = (start: number, chars: Set<number>): [boolean, number] => {
      let end = start;
      while (end < n && chars.has(at(end))) end++;
      // The run is ASCII: its bytes read as Latin-1 are its text.
      const ip = parseAddr(bytes ? bytes.toString("latin1", start, end) : text.slice(start, end));
      return ip && contains(m, ip) ? [true, 0] : [false, end - start];
    };
    /** Loki's ipv6Hint at i: `::` and a hex digit, or one to four hex digits and a `:`. */
    const ipv6Hint = (i: number): boolean => {
      if (at(i) === 58) return at(i + 1) === 58 && isHex(at(i + 2));
      for (let k = i; k < i + 4 && isHex(at(k)); k++) if (at(k + 1) === 58) return true;
      return false;
    };
    for (let i = 0; i < n; i++) {
      if (i + 3 < n && isDigit(at(i)) && (at(i + 1) === 46 || at(i + 2) === 46 || at(i + 3) === 46)) {
        const [ok, len] = run(i, IPV4_CHARS);
        if (ok) return true;
        i += len;
        continue;
      }
      if (i + 4 < n && ipv6Hint(i)) {
        const [ok, len] = run(i, IPV6_CHARS);
        if (ok) return true;
        i += len;
      }
    }
    return false;
  };
}

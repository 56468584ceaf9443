// Go's view of strings: decoding bytes with one U+FFFD per invalid byte (as Loki's JSON output shows them), byte slicing, case mapping.

/**
 * Decodes UTF-8 as Go's range loop and encoding/json do: each byte of an invalid sequence becomes one U+FFFD. `escape`:
 * each such byte b becomes the lone surrogate U+DC00+b instead (as Python's surrogateescape), which a template's text
 * keeps so that Go's byte counts and slices of it stay exact (see goBytes, goVisible).
 */
export function goDecode(bytes: Uint8Array, escape = false): string {
  let out = "";
  let from = 0; // start of the pending valid run
  const n = bytes.length;
  let i = 0;
  const flushTo = (end: number) => {
    if (end > from) out += Buffer.from(bytes.buffer, bytes.byteOffset + from, end - from).toString("utf8");
  };
  while (i < n) {
    const size = validRuneSize(bytes, i);
    if (size > 0) {
      i += size;
      continue;
    }
    flushTo(i);
    out += escape ? String.fromCharCode(0xdc00 + bytes[i]!) : "\ufffd";
    i++;
    from = i;
  }
  flushTo(n);
  return out;
}

/** The length of the valid UTF-8 sequence starting at i, or 0 when the byte there starts none (utf8.DecodeRune). */
export function validRuneSize(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c >= 0xe1 && c <= 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * The string's bytes (goBytes); Go's s[from:to] on them, as a template's text (goText): a cut multibyte character's
 * bytes stay escaped, so `len` and later slices count them as Go does. The template's result shows each as U+FFFD, as
 * Loki 3.4.6 writes invalid bytes into its JSON answer (a line's, a metric label's); in a label of a log query's
 * streams, whose bytes Loki writes as they are, an HTTP client's decoder (the WHATWG one: Scenario's Loki client,
 * Grafana) reads each broken sequence as one U+FFFD: "漢" cut after two of its three bytes is one U+FFFD there, two
 * elsewhere (measured against Loki 3.4.6, fuzz seed 157).
 */
export function goSlice(s: string, from: number, to?: number): string {
  return goText(goBytes(s).subarray(from, to));
}

/**
 * Bytes as a template's text: each byte of invalid UTF-8 escaped (goDecode's `escape`), so that later functions see the
 * bytes Go sees; the template's result shows them (Template.execute: goVisible, or a stream label's decoding).
 */
export function goText(bytes: Uint8Array): string {
  return goDecode(bytes, true);
}

/** A byte goDecode escaped: a lone low surrogate U+DC80–U+DCFF (not the second half of a pair). */
const ESCAPED_BYTE = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/;
const ESCAPED_BYTES = /(?<![\uD800-\uDBFF])[\uDC80-\uDCFF]/g;

/** True when the text holds a byte goText escaped. */
export function goHasEscapedBytes(s: string): boolean {
  return ESCAPED_BYTE.test(s);
}

/** A template text's bytes as Go holds them: UTF-8, each escaped byte (goText) the byte itself. */
export function goBytes(s: string): Uint8Array {
  if (!ESCAPED_BYTE.test(s)) return Buffer.from(s, "utf8");
  const out: number[] = [];
  let last = 0;
  for (const m of s.matchAll(ESCAPED_BYTES)) {
    out.push(...Buffer.from(s.slice(last, m.index), "utf8"), s.charCodeAt(m.index) - 0xdc00);
    last = m.index + 1;
  }
  out.push(...Buffer.from(s.slice(last), "utf8"));
  return Uint8Array.from(out);
}

/** A template text as Loki's answer shows it: each escaped byte (goText) one U+FFFD. */
export function goVisible(s: string): string {
  return ESCAPED_BYTE.test(s) ? s.replace(ESCAPED_BYTES, "\ufffd") : s;
}

/** len(s) in Go: the byte length (an escaped byte, see goText, is one). */
export function goLen(s: string): number {
  const n = Buffer.byteLength(s, "utf8");
  if (!ESCAPED_BYTE.test(s)) return n;
  // Buffer writes each lone surrogate as the three bytes of U+FFFD.
  return n - 2 * (s.match(ESCAPED_BYTES)?.length ?? 0);
}

/**
 * Characters Go 1.23's case tables (Unicode 15.0) neither fold nor map, which the engine's JavaScript (a newer Unicode)
 * pairs: the simple foldings Unicode 15.1 added (ΐ U+1FD3 with U+0390, ΰ U+1FE3 with U+03B0, ﬅ with ﬆ), the cased
 * letters of later versions, and the older ƛ and ɤ those pair with. Measured against Loki 3.4.6: `(?i)[c]` takes only c.
 * As a JavaScript class (the u flag).
 */
export const GO_UNCASED_CLASS = String.raw`[\u019b\u0264\u0390\u03b0\u1c89\u1c8a\u1fd3\u1fe3\ua7cb-\ua7cf\ua7d2-\ua7d5\ua7da-\ua7dc\ufb05\ufb06\u{10d50}-\u{10d65}\u{10d70}-\u{10d85}\u{16ea0}-\u{16eb8}\u{16ebb}-\u{16ed3}]`;
const GO_UNCASED = new RegExp(`^${GO_UNCASED_CLASS}$`, "u");

/** The character has no other case in Go 1.23 though JavaScript gives it one (see GO_UNCASED). */
export const goUncased = (ch: string): boolean => GO_UNCASED.test(ch);

/**
 * Go's strings.ToUpper/ToLower: each character by its simple (one-character) case mapping. JavaScript's maps "ß" to
 * "SS"; Go (and so Loki) keeps "ß", and lowers "İ" to "i"; a character of GO_UNCASED stays as it is.
 */
export function goCase(s: string, upper: boolean): string {
  let out = "";
  for (const ch of s) {
    if (!upper && ch === "\u0130") {
      out += "i";
      continue;
    }
    const mapped = upper ? ch.toUpperCase() : ch.toLowerCase();
    out += [...mapped].length === 1 && !goUncased(ch) ? mapped : ch;
  }
  return out;
}

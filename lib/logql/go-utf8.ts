// Go's view of strings: decoding bytes with one U+FFFD per invalid byte (as Loki's JSON output shows them), byte slicing, case mapping.

/** Decodes UTF-8 as Go's range loop and encoding/json do: each byte of an invalid sequence becomes one U+FFFD. */
export function goDecode(bytes: Uint8Array): string {
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
    out += "\ufffd";
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
 * The string's UTF-8 bytes; Go's s[from:to] on them, decoded back. A cut multibyte character shows as U+FFFD, one per
 * byte (goDecode), as Loki 3.4.6 writes invalid bytes into its JSON answer: a line's, a metric label's. `streamLabel`:
 * the text becomes a label of a log query's streams, whose bytes Loki writes as they are, and an HTTP client's decoder
 * (the WHATWG one: Scenario's Loki client, Grafana) reads each broken sequence as one U+FFFD: "漢" cut after two of
 * its three bytes is one U+FFFD there, two elsewhere (measured against Loki 3.4.6, fuzz seed 157).
 */
export function goSlice(s: string, from: number, to?: number, streamLabel = false): string {
  return goText(Buffer.from(s, "utf8").subarray(from, to), streamLabel);
}

/** Bytes as a template's text: invalid UTF-8 one U+FFFD a byte, or (`streamLabel`) one a broken sequence (see goSlice). */
export function goText(bytes: Uint8Array, streamLabel = false): string {
  return streamLabel ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8") : goDecode(bytes);
}

/** len(s) in Go: the byte length. */
export function goLen(s: string): number {
  return Buffer.byteLength(s, "utf8");
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

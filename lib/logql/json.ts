// The `json` and `unpack` parser stages: a small JSON scanner that flattens objects into labels the way Loki does.
import { LogqlError } from "./errors.ts";
import { sanitizeLabelName } from "./labels.ts";
import { goTrimSpace } from "./lexical.ts";

class JsonSyntaxError extends Error {}

type ValueType = "string" | "number" | "boolean" | "null" | "object" | "array";

/** jsonparser's MalformedJsonError text: a key or a value missing where one must be. */
const MALFORMED = "Malformed JSON error";

const WS = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Scans JSON text by offsets, without building objects. */
class Scanner {
  constructor(readonly s: string) {}

  ws(i: number): number {
    const s = this.s;
    while (i < s.length && WS(s.charCodeAt(i))) i++;
    return i;
  }

  /** jsonparser's error text (what Loki puts in `__error_details__`); `i` is where it was found, kept for debugging. */
  fail(i: number, what: string): never {
    const error = new JsonSyntaxError(what);
    error.cause = i;
    throw error;
  }

  /** End offset (after the closing quote) of the string starting at i; `what` is the error when it is not closed. */
  stringEnd(i: number, what = "Value is string, but can't find closing '\"' symbol"): number {
    const s = this.s;
    for (let j = i + 1; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 34) return j + 1;
      if (c === 92) j++;
    }
    this.fail(i, what);
  }

  type(i: number): ValueType {
    const c = this.s.charCodeAt(i);
    if (c === 34) return "string";
    if (c === 123) return "object";
    if (c === 91) return "array";
    if (c === 116 || c === 102) return "boolean";
    if (c === 110) return "null";
    if (c === 45 || (c >= 48 && c <= 57)) return "number";
    this.fail(i, i >= this.s.length ? MALFORMED : "Unknown value type");
  }

  /** End offset of the value starting at i (i must not be whitespace). */
  valueEnd(i: number): number {
    const s = this.s;
    switch (this.type(i)) {
      case "string":
        return this.stringEnd(i);
      // As jsonparser, which Loki uses, reads them: a number is whatever runs to the next delimiter (01, 1., --1 and
      // 0x1 are numbers to Loki, kept as written); true, false and null must be that whole token (truex is no value).
      case "number":
        return this.tokenEnd(i);
      case "boolean": {
        const j = this.tokenEnd(i);
        const token = s.slice(i, j);
        if (token !== "true" && token !== "false") this.fail(i, "Unknown value type");
        return j;
      }
      case "null": {
        const j = this.tokenEnd(i);
        if (s.slice(i, j) !== "null") this.fail(i, "Unknown value type");
        return j;
      }
      case "object":
        return this.eachMember(i, () => {});
      case "array": {
        // Skipped as jsonparser skips it: to its matching `]` (strings stepped over), its contents not checked.
        let depth = 0;
        for (let j = i; j < s.length; j++) {
          const c = s.charCodeAt(j);
          if (c === 34) j = this.stringEnd(j) - 1;
          else if (c === 91) depth++;
          else if (c === 93 && --depth === 0) return j + 1;
        }
        return this.fail(i, "Value is array, but can't find closing ']' symbol");
      }
    }
  }

  /** The end of a bare token (a number, true, false, null): the next space, `,`, `}` or `]`. */
  tokenEnd(i: number): number {
    const s = this.s;
    let j = i;
    for (; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c === 32 || c === 10 || c === 13 || c === 9 || c === 44 || c === 125 || c === 93) break;
    }
    return j;
  }

  /** Calls fn(rawKey, valueStart, valueEnd, type) for each member of the object at i; returns the end offset. */
  eachMember(i: number, fn: (rawKey: string, vs: number, ve: number, type: ValueType) => void | boolean): number {
    const s = this.s;
    if (s.charCodeAt(i) !== 123) this.fail(i, "expecting a JSON object");
    let j = this.ws(i + 1);
    if (s.charCodeAt(j) === 125) return j + 1;
    for (;;) {
      if (s.charCodeAt(j) !== 34) this.fail(j, "Value looks like object, but can't find closing '}' symbol");
      const ke = this.stringEnd(j, MALFORMED);
      // A key is read unescaped, as jsonparser hands it to Loki: {"a\u0062":1} is `ab`, {"g\/h":1} is `g/h`.
      const written = s.slice(j + 1, ke - 1);
      const rawKey = written.includes("\\") ? this.stringValue(j, ke) : written;
      if (rawKey === undefined) this.fail(j, JP_BAD_ESCAPE);
      j = this.ws(ke);
      if (s.charCodeAt(j) !== 58) this.fail(j, MALFORMED);
      const vs = this.ws(j + 1);
      const type = this.type(vs);
      const ve = this.valueEnd(vs);
      if (fn(rawKey, vs, ve, type) === false) return ve;
      j = this.ws(ve);
      // The line ends where a `,` or `}` should come: jsonparser says so with its array error (Loki 3.4.6's text).
      if (j >= s.length) this.fail(j, "Value is array, but can't find closing ']' symbol");
      const c = s.charCodeAt(j);
      if (c === 125) return j + 1;
      if (c !== 44) this.fail(j, "Value looks like object, but can't find closing '}' symbol");
      j = this.ws(j + 1);
      if (j >= s.length) this.fail(j, "Value is array, but can't find closing ']' symbol");
      if (s.charCodeAt(j) === 125) return j + 1; // a trailing comma, which jsonparser lets pass
    }
  }

  /** The unescaped text of the string at [vs, ve), as jsonparser's Unescape gives it; undefined when an escape is invalid. */
  stringValue(vs: number, ve: number): string | undefined {
    return jpUnescape(this.s.slice(vs + 1, ve - 1));
  }
}



/**
 * `| json`: every string, number and boolean member becomes a label; nested objects are flattened with `_`
 * (`{"a.b":{"c":"d"}}` gives `a_b_c="d"`); arrays and nulls are skipped. Returns an error message when the line
 * is not a JSON object; members read before the error are kept. `set` returning false stops the parse there
 * (all wanted labels found: the rest of the line is not read, as Loki's parser hints do); `wantPrefix` skips
 * nested objects no wanted label can come from, and `wanted` false says `set` would pass over the label (its value is
 * then not read).
 */
export function flattenJson(
  line: string,
  set: (name: string, value: string, source: string) => boolean | void,
  wantPrefix?: (prefix: string) => boolean,
  wanted?: (name: string) => boolean,
): string | undefined {
  // As Loki 3.4.6's parser: jsonparser's ObjectEach over the line, and again over each object member's text (found by
  // bracket matching alone, so `{"a":{"b":"c","d":[1}` gives a_b before its error).
  const STOP = "\u0000stop";
  const walk = (text: string, prefix: string): string | undefined =>
    jpObjectEach(text, (rawKey, value, type) => {
      if (type === "array" || type === "null") return undefined;
      const name = prefix ? `${prefix}_${sanitizeSegment(rawKey)}` : sanitizeLabelName(rawKey);
      if (type === "object") return !wantPrefix || wantPrefix(name) ? walk(value, name) : undefined;
      // A key empty once sanitised (`""`, `" "`) is a label with no name in Loki 3.4.6: a log query fails ("unexpected
      // \"=\" in label set") and a metric query's series holding it are left out. Where the answer would show it: no answer.
      if (!name) {
        if (!wanted || wanted(name)) throw new LogqlError("pipeline", `the JSON key ${JSON.stringify(rawKey)} of a line is a label with no name once sanitised: Loki 3.4.6 fails a log query over it ("unexpected \"=\" in label set") and leaves out a metric query's series holding it, so its answer is not known here; aggregate the label away (sum, sum by (…)) or extract the keys you need (| json a="a")`);
        return undefined;
      }
      if (wanted && !wanted(name)) return undefined;
      const v = type === "string" ? (jpUnescape(value) ?? "").replaceAll("\ufffd", " ") : value;
      return set(name, v, prefix ? name : rawKey) === false ? STOP : undefined;
    });
  const error = walk(line, "");
  return error === STOP ? undefined : error;
}

/** A nested key as Loki's appendSanitized writes it after the prefix: trimmed (strings.TrimSpace), then each character not an ASCII letter, digit or `_` as `_`. */
function sanitizeSegment(key: string): string {
  let out = "";
  for (const ch of goTrimSpace(key)) {
    const c = ch.charCodeAt(0);
    out += (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 ? ch : "_";
  }
  return out;
}

/** A `| json a="b.c[0]"` path: object keys and array indexes. */
export function parseJsonPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  // A bracketed key is taken as written, as Loki's grammar reads it (no escapes); the line's keys are unescaped.
  const re = /\.?([A-Za-z_][A-Za-z0-9_]*)|\["([^"]*)"\]|\[(\d+)\]/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2]);
    else out.push(Number(m[3]));
  }
  return out;
}

/**
 * `| json name="path"` as Loki 3.4.6 runs it (jsonparser's EachKey, below): each path found, in the order the line
 * holds them, with its value (strings and arrays unescaped, an object as its text, null as ""); `error` is the last
 * error met reading a found path's value (Loki keeps the last), and nothing else in the line is checked. A path not
 * found gives no value (the caller decides what it leaves: Loki 3.4.6 keeps a label already there). `invalidStart`
 * (no values, no message) when the line's first byte cannot start a JSON object, array or string.
 */
export function extractJsonPaths(line: string, paths: (string | number)[][]): { found: { index: number; value: string }[]; error?: string; invalidStart?: boolean } {
  const found: { index: number; value: string }[] = [];
  // Loki checks the very first byte (no space skipped) and then sets neither the labels nor error details.
  const c = line.charCodeAt(0);
  if (c !== 123 && c !== 91 && c !== 34) return { found, invalidStart: true };
  let error: string | undefined;
  // Loki hands the library its paths as text, an index as "[0]".
  const keyPaths = paths.map((p) => p.map((step) => (typeof step === "number" ? `[${step}]` : step)));
  jpEachKey(line, keyPaths, (index, got) => {
    if ("error" in got) {
      error = got.error;
      return;
    }
    let value: string;
    if (got.type === "null") value = "";
    else if (got.type === "object") value = got.value;
    else value = (jpUnescape(got.value) ?? "").replaceAll("\ufffd", " ");
    found.push({ index, value });
  });
  return { found, error };
}

/**
 * `| unpack`: string members become labels and `_entry` replaces the line; nothing is extracted unless the line
 * has an `_entry`. Returns the new line and the members, each key sanitised and as written (Row.setUnpacked), or an
 * error message.
 */
export function unpackJson(line: string): { line: string; members?: [name: string, value: string, rawKey: string][]; error?: string } {
  if (line.charCodeAt(0) !== 123) return { line, error: "expecting json object(6), but it is not" };
  const pending: [string, string, string][] = [];
  let entry: string | undefined;
  // Loki unescapes `_entry` on its own, and a bad escape there fails the whole line; a label's value is "" for a bad
  // escape (and U+FFFD a space), as its unescapeJSONString gives it.
  const error = jpObjectEach(line, (rawKey, value, type) => {
    if (type !== "string") return undefined;
    const text = jpUnescape(value);
    if (rawKey === "_entry") {
      if (text === undefined) return JP_BAD_ESCAPE;
      entry = text;
    } else pending.push([sanitizeLabelName(rawKey), (text ?? "").replaceAll("\ufffd", " "), rawKey]);
    return undefined;
  });
  if (error !== undefined) return { line, error };
  if (entry === undefined) return { line };
  return { line: entry, members: pending.filter(([k]) => k) };
}

/**
 * Reads the top-level member `name` of a JSON object line without parsing the rest (used for timestamps);
 * returns the raw value text (strings unescaped) or undefined.
 */
export function topLevelJsonField(line: string, names: readonly string[]): { name: string; value: string; type: ValueType } | undefined {
  const sc = new Scanner(line);
  const start = sc.ws(0);
  if (line.charCodeAt(start) !== 123) return undefined;
  let found: { name: string; value: string; type: ValueType } | undefined;
  try {
    sc.eachMember(start, (rawKey, vs, ve, type) => {
      if (names.includes(rawKey)) {
        found = { name: rawKey, value: type === "string" ? (sc.stringValue(vs, ve) ?? "") : line.slice(vs, ve), type };
        return false;
      }
    });
  } catch {
    return found;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------------------------------
// `| json a="b.c"` as Loki 3.4.6 runs it: jsonparser's EachKey (Grafana's fork of buger/jsonparser v1.1.1) walks the
// line once looking for the paths, without checking the rest of it. A path found reports its value or the error
// reading that value; anything broken elsewhere in the line goes unnoticed (`{"a":1 "b":2}` gives a=1 and b=2, the
// truncated `{"a":"x","b":"unterminated` gives a=x with no error), and a walk that cannot go on stops quietly. The
// functions below follow the library's, offset for offset (structural characters are ASCII, so UTF-16 offsets do as
// well as Go's byte offsets).

type JpType = "string" | "number" | "object" | "array" | "boolean" | "null" | "unknown" | "notexist";
const JP_MALFORMED_STRING = "Value is string, but can't find closing '\"' symbol";
const JP_MALFORMED_ARRAY = "Value is array, but can't find closing ']' symbol";
const JP_MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";
const JP_MALFORMED_JSON = "Malformed JSON error";
const JP_UNKNOWN_VALUE = "Unknown value type";
/** jsonparser's MalformedStringEscapeError. */
const JP_BAD_ESCAPE = "Encountered an invalid escape sequence in a string";

const jpSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/** nextToken: the offset of the first non-space character at or after `from`, relative to `from`; -1 when none. */
function jpNextToken(s: string, from: number): number {
  for (let i = from; i < s.length; i++) if (!jpSpace(s.charCodeAt(i))) return i - from;
  return -1;
}

/** tokenEnd: the length of the bare token at `from` (to a space, `,`, `}` or `]`, else the end). */
function jpTokenEnd(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (jpSpace(c) || c === 44 || c === 125 || c === 93) return i - from;
  }
  return s.length - from;
}

/** Whether the string jpStringEnd last read had a backslash before its closing quote (kept here: no pair allocated per string). */
let jpEscaped = false;

/** stringEnd: for text just after an opening quote, the offset past the closing quote (-1 when none); jpEscaped says whether a backslash came first. */
function jpStringEnd(s: string, from: number): number {
  jpEscaped = false;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      if (!jpEscaped) return i - from + 1;
      // A quote after backslashes closes the string when they are an even number.
      let j = i - 1;
      for (;;) {
        if (j < from || s.charCodeAt(j) !== 92) return i - from + 1;
        j--;
        if (j < from || s.charCodeAt(j) !== 92) break;
        j--;
      }
    } else if (c === 92) jpEscaped = true;
  }
  return -1;
}

/** blockEnd: the length of the block opened at `from` up to its matching close (strings skipped), -1 when unclosed. */
function jpBlockEnd(s: string, from: number, open: number, close: number): number {
  let level = 0;
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 34) {
      const se = jpStringEnd(s, i + 1);
      if (se === -1) return -1;
      i += se;
    } else if (c === open) level++;
    else if (c === close) {
      level--;
      if (level === 0) return i - from + 1;
    }
  }
  return -1;
}

/** getType: the value at `offset` (a string with its quotes) and where it ends, or the library's error. */
function jpGetType(s: string, offset: number): { value: string; type: JpType; end: number } | { error: string } {
  const c = s.charCodeAt(offset);
  if (c === 34) {
    const idx = jpStringEnd(s, offset + 1);
    return idx === -1 ? { error: JP_MALFORMED_STRING } : { value: s.slice(offset, offset + idx + 1), type: "string", end: offset + idx + 1 };
  }
  if (c === 91 || c === 123) {
    const len = jpBlockEnd(s, offset, c, c + 2);
    if (len === -1) return { error: c === 91 ? JP_MALFORMED_ARRAY : JP_MALFORMED_OBJECT };
    return { value: s.slice(offset, offset + len), type: c === 91 ? "array" : "object", end: offset + len };
  }
  const end = offset + jpTokenEnd(s, offset);
  const value = s.slice(offset, end);
  if (c === 116 || c === 102) return value === "true" || value === "false" ? { value, type: "boolean", end } : { error: JP_UNKNOWN_VALUE };
  if (c === 117 || c === 110) return value === "null" ? { value, type: "null", end } : { error: JP_UNKNOWN_VALUE };
  if (c === 45 || (c >= 48 && c <= 57)) return { value, type: "number", end };
  return { error: JP_UNKNOWN_VALUE };
}

type JpGot = { value: string; type: JpType; end: number } | { error: string; type: JpType };

/** Get(data[from:]) with no keys: the next value (a string without its quotes); `end` relative to `from`. */
function jpGet(s: string, from: number): JpGot {
  const n = jpNextToken(s, from);
  if (n === -1) return { error: JP_MALFORMED_JSON, type: "notexist" };
  // A string, the most common value, is cut once, without its quotes (what jpGetType and the slice below would give).
  if (s.charCodeAt(from + n) === 34) {
    const idx = jpStringEnd(s, from + n + 1);
    return idx === -1 ? { error: JP_MALFORMED_STRING, type: "unknown" } : { value: s.slice(from + n + 1, from + n + idx), type: "string", end: n + idx + 1 };
  }
  const t = jpGetType(s, from + n);
  if ("error" in t) return { error: t.error, type: "unknown" };
  return { value: t.type === "string" ? t.value.slice(1, -1) : t.value, type: t.type, end: t.end - from };
}

/** ArrayEach over the array at `from`: each element (strings without quotes); returns where it stopped, relative to `from`. */
function jpArrayEach(s: string, from: number, cb: (value: string, type: JpType) => void): number {
  if (from >= s.length) return -1;
  const nT = jpNextToken(s, from);
  if (nT === -1) return -1;
  let offset = nT + 1;
  const nO = jpNextToken(s, from + offset);
  if (nO === -1) return offset;
  offset += nO;
  if (s.charCodeAt(from + offset) === 93) return offset;
  for (;;) {
    const got = jpGet(s, from + offset);
    if ("error" in got) return offset;
    if (got.end === 0) break;
    if (got.type !== "notexist") cb(got.value, got.type);
    offset += got.end;
    const skip = jpNextToken(s, from + offset);
    if (skip === -1) return offset;
    offset += skip;
    const c = s.charCodeAt(from + offset);
    if (c === 93) break;
    if (c !== 44) return offset;
    offset++;
  }
  return offset;
}

/** Unescape: a JSON string's escapes decoded as the library does (undefined for a bad escape). */
export function jpUnescape(raw: string): string | undefined {
  if (!raw.includes("\\")) return raw;
  let out = "";
  for (let i = 0; i < raw.length; ) {
    const c = raw.charCodeAt(i);
    if (c !== 92) {
      out += raw[i];
      i++;
      continue;
    }
    const e = raw[i + 1];
    const simple: Record<string, string> = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
    if (e !== undefined && Object.hasOwn(simple, e)) {
      out += simple[e];
      i += 2;
      continue;
    }
    if (e !== "u") return undefined;
    const hex = (at: number) => (/^[0-9A-Fa-f]{4}$/.test(raw.slice(at, at + 4)) && raw[at - 2] === "\\" && raw[at - 1] === "u" ? parseInt(raw.slice(at, at + 4), 16) : -1);
    const r = hex(i + 2);
    if (r === -1) return undefined;
    if (r < 0xd800 || r > 0xdfff) {
      out += String.fromCodePoint(r);
      i += 6;
      continue;
    }
    // A surrogate needs a second \u escape of at least 0xDC00; the two combine however they fall (Go writes a rune
    // that is no character, past U+10FFFF, as U+FFFD).
    const r2 = hex(i + 8);
    if (r2 === -1 || r2 < 0xdc00) return undefined;
    const cp = 0x10000 + ((r - 0xd800) << 10) + (r2 - 0xdc00);
    out += cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? "\ufffd" : String.fromCodePoint(cp);
    i += 12;
  }
  return out;
}

const jpSameTree = (p1: readonly string[], p2: readonly string[]) => {
  const n = Math.min(p1.length, p2.length);
  for (let i = 0; i < n; i++) if (p1[i] !== p2[i]) return false;
  return true;
};

/** searchKeys: the offset just past the `:` of the last key of `keys` inside the value at `from`, relative to it; -1 when not found. */
function jpSearchKeys(s: string, from: number, keys: readonly string[]): number {
  let keyLevel = 0;
  let level = 0;
  let i = from;
  const lk = keys.length;
  let lastMatched = true;
  if (lk === 0) return 0;
  while (i < s.length) {
    switch (s.charCodeAt(i)) {
      case 34: {
        i++;
        const keyBegin = i;
        const strEnd = jpStringEnd(s, i);
        const keyEscaped = jpEscaped;
        if (strEnd === -1) return -1;
        i += strEnd;
        const keyEnd = i - 1;
        const valueOffset = jpNextToken(s, i);
        if (valueOffset === -1) return -1;
        i += valueOffset;
        if (s.charCodeAt(i) === 58) {
          if (level < 1) return -1;
          const key = keyEscaped ? jpUnescape(s.slice(keyBegin, keyEnd)) : s.slice(keyBegin, keyEnd);
          if (key === undefined) return -1;
          if (level <= lk) {
            if (key === keys[level - 1]) {
              lastMatched = true;
              if (keyLevel === level - 1) {
                keyLevel++;
                if (keyLevel === lk) return i + 1 - from;
              }
            } else lastMatched = false;
          } else return -1;
        } else i--;
        break;
      }
      case 123:
        if (!lastMatched) {
          const end = jpBlockEnd(s, i, 123, 125);
          if (end === -1) return -1;
          i += end - 1;
        } else level++;
        break;
      case 125:
        level--;
        if (level === keyLevel) keyLevel--;
        break;
      case 91: {
        const k = keys[level];
        if (keyLevel === level && k !== undefined && k[0] === "[") {
          if (k.length < 3 || k[k.length - 1] !== "]") return -1;
          const aIdx = goAtoi(k.slice(1, -1));
          if (aIdx === undefined) return -1;
          let curIdx = 0;
          let found: { start: number; text: string } | undefined;
          const curI = i;
          // The element's text as the library slices it: a string with its quotes back.
          jpArrayEachAt(s, curI, (start, text) => {
            if (curIdx === aIdx) found = { start, text };
            curIdx++;
          });
          if (found === undefined) return -1;
          const sub = jpSearchKeys(found.text, 0, keys.slice(level + 1));
          if (sub < 0) return -1;
          return found.start - from + sub;
        }
        const skip = jpBlockEnd(s, i, 91, 93);
        if (skip === -1) return -1;
        i += skip - 1;
        break;
      }
      case 58:
        return -1;
    }
    i++;
  }
  return -1;
}

/** ArrayEach, handing each element's start (a string's opening quote) and its text (a string with its quotes). */
function jpArrayEachAt(s: string, from: number, cb: (start: number, text: string) => void): void {
  if (from >= s.length) return;
  const nT = jpNextToken(s, from);
  if (nT === -1) return;
  let offset = from + nT + 1;
  const nO = jpNextToken(s, offset);
  if (nO === -1) return;
  offset += nO;
  if (s.charCodeAt(offset) === 93) return;
  for (;;) {
    const n = jpNextToken(s, offset);
    if (n === -1) return;
    const t = jpGetType(s, offset + n);
    if ("error" in t) return;
    if (t.end - offset === 0) break;
    cb(offset + n, t.value);
    offset = t.end;
    const skip = jpNextToken(s, offset);
    if (skip === -1) return;
    offset += skip;
    const c = s.charCodeAt(offset);
    if (c === 93) break;
    if (c !== 44) return;
    offset++;
  }
}

/** strconv.Atoi's value, or undefined. */
function goAtoi(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) && Math.abs(Number(text)) <= Number.MAX_SAFE_INTEGER ? Number(text) : undefined;
}

/**
 * EachKey: calls `cb(pathIndex, got)` for each path it finds, in the order the line holds them; a path index of -1
 * is the library's MalformedJsonError (a key outside any object).
 */
function jpEachKey(s: string, paths: readonly (readonly string[])[], cb: (pi: number, got: JpGot) => void): void {
  let level = 0;
  let pathsMatched = 0;
  let i = 0;
  const ln = s.length;
  const pathFlags = paths.map(() => false);
  const maxPath = Math.max(0, ...paths.map((p) => p.length));
  const pathsBuf: string[] = [];
  while (i < ln) {
    switch (s.charCodeAt(i)) {
      case 34: {
        i++;
        const keyBegin = i;
        const strEnd = jpStringEnd(s, i);
        const keyEscaped = jpEscaped;
        if (strEnd === -1) return;
        i += strEnd;
        const keyEnd = i - 1;
        const valueOffset = jpNextToken(s, i);
        if (valueOffset === -1) return;
        i += valueOffset;
        if (s.charCodeAt(i) === 58) {
          let match = -1;
          const key = keyEscaped ? jpUnescape(s.slice(keyBegin, keyEnd)) : s.slice(keyBegin, keyEnd);
          if (key === undefined) return;
          if (maxPath >= level) {
            if (level < 1) {
              cb(-1, { error: JP_MALFORMED_JSON, type: "unknown" });
              return;
            }
            pathsBuf[level - 1] = key;
            for (let pi = 0; pi < paths.length; pi++) {
              const p = paths[pi]!;
              if (p.length !== level || pathFlags[pi] || key !== p[level - 1] || !jpSameTree(p, pathsBuf.slice(0, level))) continue;
              match = pi;
              pathsMatched++;
              pathFlags[pi] = true;
              cb(pi, jpGet(s, i + 1));
              if (pathsMatched === paths.length) break;
            }
            if (pathsMatched === paths.length) return;
          }
          if (match === -1) {
            i += jpNextToken(s, i + 1);
            if (s.charCodeAt(i) === 123) i += jpBlockEnd(s, i, 123, 125) + 1;
          }
          if (i < ln) {
            const c = s.charCodeAt(i);
            if (c === 123 || c === 125 || c === 91 || c === 34) i--;
          }
        } else i--;
        break;
      }
      case 123:
        level++;
        break;
      case 125:
        level--;
        break;
      case 91: {
        if (level < 0) {
          cb(-1, { error: JP_MALFORMED_JSON, type: "unknown" });
          return;
        }
        const arrIdx = new Set<number>();
        const pIdx = paths.map(() => false);
        paths.forEach((p, pi) => {
          const step = p[level];
          if (p.length < level + 1 || pathFlags[pi] || step === "" || step![0] !== "[" || !jpSameTree(p, pathsBuf.slice(0, level))) return;
          if (step!.length > 2) {
            arrIdx.add(goAtoi(step!.slice(1, -1)) ?? 0);
            pIdx[pi] = true;
          }
        });
        if (arrIdx.size > 0) {
          level++;
          let curIdx = 0;
          const arrOff = jpArrayEach(s, i, (value, type) => {
            if (arrIdx.has(curIdx))
              paths.forEach((p, pi) => {
                if (!pIdx[pi] || curIdx !== (goAtoi(p[level - 1]!.slice(1, -1)) ?? 0)) return;
                const of = jpSearchKeys(value, 0, p.slice(level));
                pathsMatched++;
                pathFlags[pi] = true;
                if (of !== -1) {
                  // The fork hands a string element on as it is (its quotes are gone: Get cannot read it again).
                  if (type === "string") cb(pi, { value: value.slice(of), type, end: 0 });
                  else cb(pi, jpGet(value, of));
                }
              });
            curIdx++;
          });
          if (pathsMatched === paths.length) return;
          i += arrOff - 1;
        } else {
          const skip = jpBlockEnd(s, i, 91, 93);
          if (skip === -1) return;
          i += skip - 1;
        }
        break;
      }
      case 93:
        level--;
        break;
    }
    i++;
  }
}

/**
 * ObjectEach: calls `cb(key, value, type)` for each member of the object `s` holds (a key unescaped, a string value
 * without its quotes and not unescaped, an object or array as its text, found by bracket matching alone); `cb`
 * returns a string to stop there with it. Returns that string, or the library's error, or undefined at the object's end.
 */
function jpObjectEach(s: string, cb: (key: string, value: string, type: JpType) => string | undefined): string | undefined {
  let offset = jpNextToken(s, 0);
  if (offset === -1 || s.charCodeAt(offset) !== 123) return JP_MALFORMED_OBJECT;
  offset++;
  let off = jpNextToken(s, offset);
  if (off === -1) return JP_MALFORMED_JSON;
  offset += off;
  if (s.charCodeAt(offset) === 125) return undefined;
  while (offset < s.length) {
    const c = s.charCodeAt(offset);
    if (c === 125) return undefined;
    if (c !== 34) return JP_MALFORMED_OBJECT;
    offset++;
    const end = jpStringEnd(s, offset);
    const escaped = jpEscaped;
    if (end === -1) return JP_MALFORMED_JSON;
    let key: string | undefined = s.slice(offset, offset + end - 1);
    offset += end;
    if (escaped) {
      key = jpUnescape(key);
      if (key === undefined) return JP_BAD_ESCAPE;
    }
    off = jpNextToken(s, offset);
    if (off === -1) return JP_MALFORMED_JSON;
    offset += off;
    if (s.charCodeAt(offset) !== 58) return JP_MALFORMED_JSON;
    offset++;
    const got = jpGet(s, offset);
    if ("error" in got) return got.error;
    const stop = cb(key, got.value, got.type);
    if (stop !== undefined) return stop;
    offset += got.end;
    off = jpNextToken(s, offset);
    if (off === -1) return JP_MALFORMED_ARRAY;
    offset += off;
    const d = s.charCodeAt(offset);
    if (d === 125) return undefined;
    if (d !== 44) return JP_MALFORMED_OBJECT;
    offset++;
    off = jpNextToken(s, offset);
    if (off === -1) return JP_MALFORMED_ARRAY;
    offset += off;
  }
  return JP_MALFORMED_OBJECT;
}

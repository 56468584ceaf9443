// The `json` and `unpack` parser stages: a small JSON scanner that flattens objects into labels the way Loki does.
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
      const rawKey = written.includes("\\") ? (this.stringValue(j, ke) ?? written) : written;
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

  /** The unescaped text of the string at [vs, ve); undefined when an escape is invalid. */
  stringValue(vs: number, ve: number): string | undefined {
    const raw = this.s.slice(vs + 1, ve - 1);
    if (!raw.includes("\\")) return raw;
    try {
      // jsonparser keeps a raw control character (a tab) in a string, which JSON.parse refuses: escape it first.
      const text = this.s.slice(vs, ve).replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
      const value = JSON.parse(text) as string;
      // An escaped lone surrogate (\ud800) is no character: Go's unescaping fails on it, and Loki gives "".
      return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value) ? undefined : value;
    } catch {
      return undefined;
    }
  }
}

/** A label value as Loki reads it: strings unescaped (invalid escapes give ""), numbers and booleans as written. */
function readValue(sc: Scanner, vs: number, ve: number, type: ValueType): string {
  if (type === "string") return (sc.stringValue(vs, ve) ?? "").replaceAll("\ufffd", " ");
  if (type === "null") return "";
  return sc.s.slice(vs, ve);
}

/** jsonparser's error (what Loki reports) for a line that is not a JSON object. */
const MALFORMED_OBJECT = "Value looks like object, but can't find closing '}' symbol";

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
  const sc = new Scanner(line);
  /** Set when `set` asked to stop: each level's member loop returns at once (no error thrown: that costs a stack). */
  let stopped = false;
  const walk = (start: number, prefix: string): number =>
    sc.eachMember(start, (rawKey, vs, ve, type) => {
      if (type === "array" || type === "null") return;
      const name = prefix ? `${prefix}_${sanitizeSegment(rawKey)}` : sanitizeLabelName(rawKey);
      if (type === "object") {
        if (!wantPrefix || wantPrefix(name)) walk(vs, name);
        if (stopped) return false;
      } else if (name && (!wanted || wanted(name)) && set(name, readValue(sc, vs, ve, type), prefix ? name : rawKey) === false) {
        stopped = true;
        return false;
      }
    });
  const start = sc.ws(0);
  if (line.charCodeAt(start) !== 123) return MALFORMED_OBJECT;
  try {
    walk(start, "");
    return undefined;
  } catch (err) {
    if (err instanceof JsonSyntaxError) return err.message;
    throw err;
  }
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
 * `| json name="path"`: the value at each path (objects and arrays as their JSON text, null as ""); a path the
 * line lacks gives undefined (the caller decides what it leaves: Loki 3.4.6 keeps a label already there). Returns an error message when the line is not JSON, and `invalidStart` (no values, no
 * message) when its first byte cannot start a JSON object, array or string.
 */
export function extractJsonPaths(line: string, paths: (string | number)[][]): { values: (string | undefined)[]; error?: string; invalidStart?: boolean } {
  const values: (string | undefined)[] = paths.map(() => undefined);
  const sc = new Scanner(line);
  const start = sc.ws(0);
  // Loki checks the very first byte (no space skipped) and then sets neither the labels nor error details.
  const c = line.charCodeAt(0);
  if (c !== 123 && c !== 91 && c !== 34) return { values, invalidStart: true };
  try {
    sc.valueEnd(start);
    paths.forEach((path, idx) => {
      let vs = start;
      for (const step of path) {
        const t = sc.type(vs);
        let next = -1;
        if (typeof step === "string" && t === "object") {
          sc.eachMember(vs, (k, s) => {
            if (k === step) {
              next = s;
              return false;
            }
          });
        } else if (typeof step === "number" && t === "array") {
          let j = sc.ws(vs + 1);
          for (let k = 0; line.charCodeAt(j) !== 93; k++) {
            if (k === step) {
              next = j;
              break;
            }
            j = sc.ws(sc.valueEnd(j));
            if (line.charCodeAt(j) === 44) j = sc.ws(j + 1);
          }
        }
        if (next === -1) return;
        vs = next;
      }
      const type = sc.type(vs);
      const ve = sc.valueEnd(vs);
      values[idx] = type === "object" || type === "array" ? line.slice(vs, ve) : readValue(sc, vs, ve, type);
    });
    return { values };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { values, error: err.message };
    throw err;
  }
}

/**
 * `| unpack`: string members become labels and `_entry` replaces the line; nothing is extracted unless the line
 * has an `_entry`. Returns the new line, or an error message.
 */
export function unpackJson(line: string, set: (name: string, value: string) => void): { line: string; error?: string } {
  const sc = new Scanner(line);
  if (line.charCodeAt(0) !== 123) return { line, error: "expecting json object(6), but it is not" };
  const pending: [string, string][] = [];
  let entry: string | undefined;
  try {
    sc.eachMember(0, (rawKey, vs, ve, type) => {
      if (type !== "string") return;
      const value = sc.stringValue(vs, ve) ?? "";
      if (rawKey === "_entry") entry = value;
      else pending.push([sanitizeLabelName(rawKey), value]);
    });
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { line, error: err.message };
    throw err;
  }
  if (entry === undefined) return { line };
  for (const [k, v] of pending) if (k) set(k, v);
  return { line: entry };
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

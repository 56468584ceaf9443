// `capture:` shared by shell and http at run time: NAME → a named source, a JSONPath, `header:NAME`, or {regex} on the text (its schema: capture-schema.ts).
import { compileRegex } from "../../expect/regex.ts";
import { execAnswer, gaveUpText } from "../../util/regex-limit.ts";
import { BEYOND_RANGE_READ, holdsInfinity, TOO_DEEP, type Check } from "../../expect/matcher.ts";
import { queryJsonPath, type JsonPathResult } from "./jsonpath.ts";
import { NUL_WHY } from "../../vars/nul.ts";

export type CaptureSpec = string | { regex: string };

/** The values a step hands to runCaptures. */
export interface CaptureInput {
  /** The text {regex} applies to (stdout, the response body). */
  text: string;
  /** The text parsed as JSON, for JSONPath captures. */
  json(): JsonPathResult;
  /** The value of a named source ("stdout" → trimmed stdout, "status" → "200"). */
  named(name: string): string | undefined;
  /** A response header, for `header:NAME`. */
  header?(name: string): string | undefined;
  /** Why a text source's value is not known (a stream cut to its end), for {regex} (`text`) or a named source; undefined when it is. */
  notKnown?(source: "text" | string): string | undefined;
}

/** A captured JSON value as a variable: strings as they are, anything else as JSON. */
export function captureText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Whether a captured JSON value is or holds an integer beyond ±2^53, whose digits JSON.parse did not keep. */
function holdsInexactInteger(value: unknown): boolean {
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) > Number.MAX_SAFE_INTEGER;
  if (Array.isArray(value)) return value.some(holdsInexactInteger);
  if (value && typeof value === "object") return Object.values(value).some(holdsInexactInteger);
  return false;
}

/** Runs every capture: values for the ones that matched, a failed check for each that did not. */
export function runCaptures(
  spec: Record<string, CaptureSpec>,
  input: CaptureInput,
  textName: string,
): { captures: Record<string, string>; checks: Check[] } {
  const captures: Record<string, string> = {};
  const checks: Check[] = [];
  const fail = (name: string, expected: string, actual: unknown) => checks.push({ path: `capture ${name}`, expected, actual, ok: false });
  // `expected` words the capture as its failure would (`$.v in the response body`).
  const keep = (name: string, expected: string, value: string) => {
    const nul = value.indexOf("\0");
    if (nul < 0) captures[name] = value;
    else fail(name, `${expected}, without a NUL byte`, nulText(value, nul));
  };
  for (const [name, source] of Object.entries(spec)) {
    if (typeof source !== "string") {
      // The first match in a kept end need not be the output's first: not known.
      const unknown = input.notKnown?.("text");
      if (unknown !== undefined) {
        fail(name, `/${source.regex}/ matches ${textName}`, unknown);
        continue;
      }
      const m = execAnswer(compileRegex(source.regex), input.text);
      if (m === undefined) fail(name, `/${source.regex}/ matches ${textName}`, gaveUpText(source.regex));
      else if (!m) fail(name, `/${source.regex}/ matches ${textName}`, "no match");
      // Group 1 took no part in the match (`(a)|(b)` on "b"): nothing was captured, which an empty value would hide.
      else if (m.length > 1 && m[1] === undefined) fail(name, `/${source.regex}/ matches ${textName} with group 1`, "a match in which group 1 took no part: nothing captured");
      else keep(name, `/${source.regex}/ matches ${textName}`, m.length > 1 ? m[1]! : m[0]);
    } else if (source.startsWith("$")) {
      const doc = input.json();
      if (!doc.ok) {
        fail(name, `${source} in ${textName}`, doc.error);
        continue;
      }
      const found = queryJsonPath(source, doc.value);
      if (!found.ok) fail(name, `${source} in ${textName}`, found.error);
      else if (found.value === undefined) fail(name, `${source} matches a value in ${textName}`, "nothing matched");
      else {
        let inexact: boolean;
        let text: string;
        try {
          inexact = holdsInexactInteger(found.value);
          text = captureText(found.value);
        } catch (e) {
          // A value nested 100,000 deep: its walk (and JSON.stringify) overflows the stack.
          if (!(e instanceof RangeError)) throw e;
          fail(name, `${source} in ${textName}`, TOO_DEEP);
          continue;
        }
        // Its digits are lost to rounding (9007199254740993 reads as …992): a later step would use another id.
        if (holdsInfinity(found.value)) fail(name, `${source} in ${textName}, exactly`, `${BEYOND_RANGE_READ}; ${digitsHint(source, found.value, input.text, textName)}`);
        else if (inexact) fail(name, `${source} in ${textName}, exactly`, `${text}: a JSON integer beyond 2^53 is not exact here; ${digitsHint(source, found.value, input.text, textName)}`);
        else keep(name, `${source} in ${textName}`, text);
      }
    } else if (source.toLowerCase().startsWith("header:")) {
      const header = source.slice(7).trim();
      const value = input.header?.(header);
      if (value === undefined) fail(name, `response header ${header}`, "absent");
      else keep(name, `response header ${header}`, value);
    } else {
      const unknown = input.notKnown?.(source);
      if (unknown !== undefined) {
        fail(name, source, unknown);
        continue;
      }
      const value = input.named(source);
      if (value === undefined) fail(name, source, "absent");
      else keep(name, source, value);
    }
  }
  return { captures, checks };
}

/**
 * Why a value holding a NUL byte (at `at`) is no variable: every variable is exported to each command's environment,
 * which cannot carry one (nor can an argument): it failed every later shell step, even one that never used it.
 */
function nulText(value: string, at: number): string {
  return `a NUL byte at character ${[...value.slice(0, at)].length + 1} of ${[...value].length}, ${NUL_WHY}; capture a part without it with a {regex}`;
}

/**
 * How to capture the digits of a number JSON.parse did not keep (beyond 2^53, or read as Infinity): a `{regex}` on the
 * member the JSONPath ends with (`$.data['big']` → `"big"\s*:\s*(\d+)`), given only where its first match in the text
 * captures digits that read as that number, and no other match does (digits that round alike could be another's); a
 * list, a mapping, an item of a list, or a name whose first match is another's (`$.k` where `{"x":{"k":1},"k":…}`)
 * gets no regex of it.
 */
function digitsHint(path: string, value: unknown, text: string, textName: string): string {
  const key = typeof value === "number" ? lastKey(path) : undefined;
  if (key !== undefined) {
    const digits = !Number.isFinite(value as number) ? "([-\\d.eE+]+)" : (value as number) < 0 ? "(-\\d+)" : "(\\d+)";
    const regex = `"${key}"\\s*:\\s*${digits}`;
    // The first match is what the capture takes: it must be this number, and no other match may read as it too.
    const re = compileRegex(regex);
    const m = execAnswer(re, text);
    const alike = [...text.matchAll(new RegExp(re.source, `${re.flags}g`))].filter((x) => Number(x[1]) === value).length;
    if (m && Number(m[1]) === value && alike === 1) return `capture its digits with {regex: '${regex.replaceAll("'", "''")}'}`;
  }
  return `capture its digits with a {regex} on ${textName}`;
}

/** The member name a JSONPath ends with (`$.data[0].big` → big, `$['a b']` → a b), escaped for a regex; undefined when it ends otherwise. */
function lastKey(path: string): string | undefined {
  const m = /(?:\.([A-Za-z_$][\w$-]*)|\[\s*(['"])(.*?)\2\s*\])$/.exec(path);
  const key = m?.[1] ?? m?.[3];
  return key?.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
}

// JSONPath for `expect.json` and captures: the load-time check and the evaluation (jsonpath-eval.ts: parser and walker).
import { describe, evaluateJsonValue, everyOperator, invert, isPlainObject, matcherIssues, passes, toNumber, TOO_DEEP, type Check, type Matcher } from "../../expect/matcher.ts";
import { clipAfter } from "../../util/clip.ts";
import { charPosition, definitePrefix, JsonPathSyntaxError, JsonPathUndecided, parseJsonPath, walk, type ParsedPath } from "./jsonpath-eval.ts";

const CLOSING: Record<string, string> = { "[": "]", "(": ")" };

/**
 * Returns what is wrong with a JSONPath, or undefined when it is one docs/steps/http.md reads: first its shape (leading
 * `$`, balanced brackets and quotes), then the whole grammar (parsed).
 */
export function jsonPathError(path: string): string | undefined {
  return jsonPathProblem(path)?.message;
}

/** As jsonPathError, with the UTF-16 offset in the path of the character the message names (for file:line:col). */
export function jsonPathProblem(path: string): { message: string; at: number } | undefined {
  const shape = shapeError(path);
  if (shape) return shape;
  const parsed = parsedPath(path);
  return parsed.ok ? undefined : { message: parsed.error, at: parsed.at };
}

function shapeError(path: string): { message: string; at: number } | undefined {
  const problem = (message: string, at: number) => ({ message, at });
  if (!path.startsWith("$")) return problem(`a JSONPath starts with "$", e.g. "$.data[0].id"; got ${JSON.stringify(path)}`, 0);
  const open: string[] = [];
  let quote: string | undefined;
  let quoteAt = 0;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === "'" || c === '"') && open.length > 0) {
      quote = c;
      quoteAt = i;
    }
    else if (c === "[" || c === "(") open.push(CLOSING[c]!);
    else if (c === "]" || c === ")") {
      if (open.pop() !== c) return problem(`unbalanced "${c}" at position ${charPosition(path, i)} of JSONPath ${JSON.stringify(path)}`, i);
      if (c === "]" && path[i - 1] === "[") return problem(`empty [] at position ${charPosition(path, i - 1)} of JSONPath ${JSON.stringify(path)}`, i - 1);
    }
  }
  if (quote) return problem(`unclosed quote ${quote} in JSONPath ${JSON.stringify(path)}`, quoteAt);
  if (open.length > 0) return problem(`missing "${open.at(-1)}" in JSONPath ${JSON.stringify(path)}`, path.length);
  if (path.endsWith(".") && !path.endsWith("..")) return problem(`JSONPath ${JSON.stringify(path)} ends with "."`, path.length - 1);
  if (path.endsWith("..")) return problem(`JSONPath ${JSON.stringify(path)} ends with "..": name what to search for, e.g. "$..id"`, path.length - 2);
  return undefined;
}

const parsedPaths = new Map<string, { ok: true; path: ParsedPath } | { ok: false; error: string; at: number }>();

/** A path parsed once (kept for the next call, up to 10,000 paths), or what is wrong with it. */
function parsedPath(path: string): { ok: true; path: ParsedPath } | { ok: false; error: string; at: number } {
  let parsed = parsedPaths.get(path);
  if (!parsed) {
    try {
      parsed = { ok: true, path: parseJsonPath(path) };
    } catch (e) {
      if (!(e instanceof JsonPathSyntaxError)) throw e;
      parsed = { ok: false, error: e.message, at: e.at };
    }
    if (parsedPaths.size < 10_000) parsedPaths.set(path, parsed);
  }
  return parsed;
}

/**
 * Whether a path can match several values (a wildcard, `..`, a filter, a slice or a union): its answer is a list. `[-1:]`,
 * the last item as `[-1]` is, names one place like an index.
 */
export function isIndefinitePath(path: string): boolean {
  const parsed = parsedPath(path);
  return parsed.ok && parsed.path.indefinite;
}

/**
 * A path that can match several values with a matcher that only an empty list satisfies (`length: 0`, `length: {lt: 1}`,
 * `[]`, `{in: [[]]}`, `{not: {length: {gte: 1}}}`): its answer is a list of one or more matches, or, when none matches,
 * missing (undefined), so the check could never pass. Tried on an empty list and on a missing value (evaluated), and
 * judged on every list of one or more (onFilledList). The message and where it points (the path under the matcher), or undefined.
 */
export function severalNeverPasses(path: string, matcher: Matcher): { message: string; at: (string | number)[] } | undefined {
  if (!isIndefinitePath(path) || matcherIssues(matcher).length > 0) return undefined;
  // `{not: {exists: true, length: {gte: 1}}}` holds on a missing value, so when nothing matches: it can pass.
  if (!passes(matcher, []) || passes(matcher, undefined) || onFilledList(matcher) !== false) return undefined;
  const fix = `"${path}" can match several values: it gives a list of its matches, one or more, or nothing (missing) when none matches, so this check could never pass; to check that nothing matches write {exists: false}`;
  if (!isPlainObject(matcher)) return { message: `${JSON.stringify(matcher)}: ${fix}`, at: [] };
  // Every operator holds for the empty list (it passed), so the one that holds for no list of matches is the culprit.
  const [op, v] = Object.entries(matcher).find(([k, x]) => opOnFilledList(k, x) === false)!;
  return { message: `${op} ${JSON.stringify(v)} holds only for an empty list: ${fix}`, at: [op] };
}

/** The operators that compare a value whole, and a `not` of them only. */
const WHOLE = new Set(["eq", "ne", "in"]);
const comparesWhole = (op: string, v: unknown): boolean =>
  WHOLE.has(op) || (op === "not" && (!isPlainObject(v) || Object.entries(v).every(([k, x]) => comparesWhole(k, x))));

/**
 * A path that can match several values, compared whole with what no list of one or more equals (a text, a number, a
 * mapping): its answer is the list of its matches, so `"$.items[*].level": {ne: error}` held for every list, each match
 * "error" included (it checked only that something matched), and `info`, `{eq: info}` or `{in: [info, warn]}` for none.
 * The message and where it points, or undefined. A list (`[info]`, `{in: [[info]]}`) compares the whole list, as meant.
 */
export function severalComparedWhole(path: string, matcher: Matcher): { message: string; at: (string | number)[] } | undefined {
  if (!isIndefinitePath(path) || matcherIssues(matcher).length > 0) return undefined;
  const ops: [string, unknown][] = isPlainObject(matcher) ? Object.entries(matcher) : [["eq", matcher]];
  for (const [op, v] of ops) {
    if (!comparesWhole(op, v)) continue;
    const verdict = opOnFilledList(op, v);
    if (verdict === undefined) continue;
    const shown = isPlainObject(matcher) ? `${op}: ${JSON.stringify(v)}` : JSON.stringify(matcher);
    const whole = `"${path}" can match several values: it gives the list of its matches (one or more), which ${shown} compares whole`;
    const message = verdict
      ? `${whole}, so it holds whenever anything matches: it checks only that something matches; to check each match write {every: {ne: …}} or {not_contains: …}, or write {exists: true}`
      : `${whole}, so it could never pass; to check each match write {every: {eq: …}}, that one of them is it {contains: …}, or the whole list ([a, b])`;
    return { message, at: isPlainObject(matcher) ? [op] : [] };
  }
  return undefined;
}

/** A list of one or more values, which a matcher's value could equal. */
const filled = (v: unknown) => Array.isArray(v) && v.length > 0;

/**
 * On a list of one or more values (a path that can match several, when something matches): whether a matcher holds for
 * every such list (true), for none (false), or depends on its items (undefined). Literals and the operators that
 * decide on a list alone are judged; any other operator (contains, every, matches…) depends on the items.
 */
function onFilledList(m: Matcher): boolean | undefined {
  if (!isPlainObject(m)) return filled(m) ? undefined : false;
  return everyOperator(m, opOnFilledList);
}

function opOnFilledList(op: string, v: unknown): boolean | undefined {
  switch (op) {
    // Only a list of one or more equals one: `eq: []`, `eq: 0`, `in: [[]]` hold for none.
    case "eq": return filled(v) ? undefined : false;
    case "ne": return filled(v) ? undefined : true;
    case "in": return Array.isArray(v) && !v.some(filled) ? false : undefined;
    case "exists": return v === true;
    case "type": return v === "array";
    // A list is no number: a bound holds for none.
    case "gt": case "gte": case "lt": case "lte": case "between": return false;
    case "length": return onCountsFromOne(v);
    // The items of a match are values that are there: `some: {exists: true}` holds for every list of one or more.
    case "some": case "every": return onPresentValue(v);
    case "not": {
      if (!isPlainObject(v)) return filled(v) ? undefined : true;
      // Only a `not` whose every operator is judged: one the items decide (a regex search that gave up) fails `not` too.
      if (Object.entries(v).some(([k, x]) => opOnFilledList(k, x) === undefined)) return undefined;
      return invert(onFilledList(v));
    }
    default: return undefined;
  }
}

/** On any value that is there: whether a matcher of `exists` alone (under `not` too) holds (true), does not (false), or depends on it (undefined). */
function onPresentValue(m: unknown): boolean | undefined {
  if (!isPlainObject(m)) return undefined;
  return everyOperator(m, (op, v) => (op === "exists" ? v === true : op === "not" ? invert(onPresentValue(v)) : undefined));
}

const COMPARISONS = new Set(["eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "not"]);

/**
 * Whether a length matcher made of comparisons with numbers holds for every length of 1 or more (true), for none (false),
 * or for some (undefined). Its verdict on a whole number changes only at its constants, so it is tried at 1, at each
 * constant and the whole numbers next to it, and past the greatest: a matcher with any other operator is not judged.
 */
function onCountsFromOne(m: unknown): boolean | undefined {
  const constants: number[] = [];
  const numeric = (x: unknown): boolean => {
    if (isPlainObject(x)) return Object.entries(x).every(([op, v]) => COMPARISONS.has(op) && (op === "not" ? numeric(v) : Array.isArray(v) ? v.every(numeric) : numeric(v)));
    const n = toNumber(x);
    if (n === undefined || !Number.isFinite(n)) return false;
    constants.push(n);
    return true;
  };
  if (!numeric(m)) return undefined;
  const tries = new Set([1]);
  for (const c of constants) for (const k of [Math.floor(c) - 1, Math.floor(c), Math.ceil(c), Math.ceil(c) + 1]) if (k >= 1) tries.add(k);
  tries.add(Math.max(...tries) + 1);
  const held = [...tries].map((n) => passes(m, n));
  return held.every(Boolean) ? true : held.some(Boolean) ? undefined : false;
}

/** An answer, or why there is none: a path that does not parse, a body that is not JSON, or (`undecided`) a filter's comparison that rounding decides. */
export type JsonPathResult = { ok: true; value: unknown } | { ok: false; error: string; undecided?: true };

/**
 * Evaluates a JSONPath against parsed JSON. Nothing matched: undefined (so `exists: false` passes and `exists: true`
 * fails, whatever the path). A path that names one place (`$.data[0].id`): its value. A path that can match several
 * (`$.data[*].id`), for a check (`asList`): the list of the matches, also of one (that match alone was the item
 * itself, so `{contains: m-1}` looked inside the one id "m-10"); for a capture: one match is the value, several a list.
 */
export function queryJsonPath(path: string, data: unknown, asList = false): JsonPathResult {
  const parsed = parsedPath(path);
  if (!parsed.ok) return { ok: false, error: `invalid JSONPath ${JSON.stringify(path)}: ${parsed.error}` };
  let found: unknown[];
  try {
    found = walk(parsed.path.segments, data, data);
  } catch (e) {
    // A filter compared numbers JSON.parse rounded (docs/format.md): its matches could be other items.
    if (e instanceof JsonPathUndecided) return { ok: false, error: e.message, undecided: true };
    throw e;
  }
  if (found.length === 0) return { ok: true, value: undefined };
  if (asList && parsed.path.indefinite) return { ok: true, value: found };
  return { ok: true, value: found.length === 1 ? found[0] : found };
}

/** The JSON of a text cut short (a body past its bound, stdout's kept end): not known, `why` says what was cut. */
export function notKnownJson(why: string): () => JsonPathResult {
  const result: JsonPathResult = { ok: false, error: `not known: ${why}` };
  return () => result;
}

/** What a JSON number too small for a double needs: an exponent of -100 or below, or 300 zeros after the point. */
const MAY_UNDERFLOW = /[eE]-0*[1-9]\d{2}|\.0{300}/;

/** A number in JSON text whose digits are not all zero but which JSON.parse reads as 0 (`1e-400`), as written; else undefined. */
export function underflowIn(text: string): string | undefined {
  if (!MAY_UNDERFLOW.test(text)) return undefined;
  let found: string | undefined;
  const reviver = (_key: string, value: unknown, context?: { source?: string }) => {
    const source = context?.source;
    if (found === undefined && value === 0 && source !== undefined && /[1-9]/.test(source.replace(/[eE].*$/, ""))) found = source;
    return value;
  };
  JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
  return found;
}

/** Parses a text (stdout, a response body) as JSON once, on first use. */
export function lazyJson(text: string, what: string): () => JsonPathResult {
  let parsed: JsonPathResult | undefined;
  return () => {
    if (parsed) return parsed;
    try {
      parsed = { ok: true, value: JSON.parse(text) };
      // 1e-400 reads as 0, its value lost: `"$.v": 0` passed on it and `{gt: 0}` failed. No check of it can be decided.
      const tiny = underflowIn(text);
      if (tiny !== undefined)
        parsed = { ok: false, error: `${what} holds the number ${clipAfter(tiny, 40)}, too small for a double: it reads as 0 here, its value lost, so its JSON cannot be checked (compare the digits as text instead, e.g. body: {matches: '"KEY"\\s*:\\s*1e-400'})` };
    } catch (e) {
      const head = clipAfter(text, 120);
      parsed = { ok: false, error: `${what} is not JSON (${(e as Error).message}): ${JSON.stringify(head)}` };
    }
    return parsed;
  };
}


/** Evaluates `expect.json` (JSONPath → matcher) against a lazily parsed JSON text: checks named `json $.path`, in order. */
export function checkJsonPaths(paths: Record<string, unknown>, json: () => JsonPathResult): Check[] {
  const entries = Object.entries(paths);
  if (entries.length === 0) return [];
  const doc = json();
  if (!doc.ok) return [{ path: "json", expected: "a JSON document", actual: doc.error, ok: false }];
  const checks: Check[] = [];
  for (const [path, matcher] of entries) {
    const found = queryJsonPath(path, doc.value, true);
    if (!found.ok) checks.push({ path: `json ${path}`, expected: found.undecided ? describe(matcher) : "a valid JSONPath", actual: found.error, ok: false });
    else {
      let evaluated: Check[];
      try {
        evaluated = evaluateJsonValue(matcher, found.value, `json ${path}`);
      } catch (e) {
        // A value nested 100,000 deep (a body of 10 MiB can be): the matcher's walk of it overflows the stack.
        if (!(e instanceof RangeError)) throw e;
        evaluated = [{ path: `json ${path}`, expected: describe(matcher), actual: TOO_DEEP, ok: false }];
      }
      const empty = found.value === undefined && evaluated.every((c) => c.ok) ? lookedThroughNothing(path, doc.value) : undefined;
      if (empty !== undefined) checks.push({ path: `json ${path}`, expected: describe(matcher), actual: empty, ok: false });
      else for (const check of evaluated) checks.push(check);
    }
  }
  return checks;
}

/**
 * Why a check that passed on a path matching nothing (`{exists: false}`, `{not: {contains: …}}`) checked nothing: the
 * part before its wildcard or filter matched nothing, or only a text, a number or a boolean, so there was no list to
 * look through (`$.itmes[?(…)]`, or a response of another shape). Undefined when that part is a list or a mapping (or
 * null: an API's empty list may be null), or is `$`.
 */
function lookedThroughNothing(path: string, data: unknown): string | undefined {
  const parsed = parsedPath(path);
  if (!parsed.ok || !parsed.path.indefinite) return undefined;
  const prefix = definitePrefix(parsed.path.segments);
  if (prefix === undefined) return undefined;
  let base: unknown[];
  try {
    base = walk(prefix.segments, data, data);
  } catch (e) {
    if (e instanceof JsonPathUndecided) return undefined;
    throw e;
  }
  const at = prefix.text;
  if (base.length === 0) return `nothing at ${at}, so ${path.slice(0, 80)} had nothing to look through: the check would hold for any response without it`;
  // A text, a number or a boolean there (`"items": "error: upstream down"`) holds nothing to look through either.
  const scalar = base.find((v) => v !== null && typeof v !== "object");
  if (scalar === undefined || base.some((v) => v !== null && typeof v === "object")) return undefined;
  const what = typeof scalar === "string" ? "a text" : typeof scalar === "boolean" ? "a boolean" : "a number";
  return `${at} is ${what} (${clipAfter(JSON.stringify(scalar), 60)}), not a list or a mapping, so ${path.slice(0, 80)} had nothing to look through: the check would hold for any response of that shape`;
}

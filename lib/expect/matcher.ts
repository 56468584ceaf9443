// The one matcher language of every `expect`: shape checks (load time) and evaluation (run time); its zod schema is in matcher-schema.ts.
import { parseDuration } from "../core/units/duration.ts";
import { oneLetterSize, parseSize } from "../core/units/size.ts";
import { compileRegex, deadDollarIssue, everyTextReason, isEmptyPattern, matchesEveryText, regexError, slidingLookaheadIssue } from "./regex.ts";
import { didYouMean } from "../util/did-you-mean.ts";
import { findRefs } from "../vars/interpolate.ts";
import { gaveUpText, testAnswer } from "../util/regex-limit.ts";
import { EXACT_LIMIT, writtenNumber } from "./written-numbers.ts";

/** Words a pattern that matches every text (`^`, `.*`, `a|`; an empty one is worded apart). */
const everyText = (p: string) => `/${p}/ matches every text (${everyTextReason(p)})`;

export const OPERATORS = [
  "eq", "ne", "gt", "gte", "lt", "lte", "between", "in", "contains", "not_contains",
  "matches", "not_matches", "exists", "type", "length", "every", "some", "not",
] as const;

export const TYPES = ["string", "number", "boolean", "object", "array", "null"] as const;
const NESTED: ReadonlySet<string> = new Set(["length", "every", "some", "not"]);

/** A literal (equality) or a mapping of operators combined with AND. A literal mapping is written `{eq: {...}}`. */
export type Matcher = unknown;

/** One evaluated condition: where, what was expected, what was there. */
export interface Check {
  path: string;
  expected: string;
  actual: unknown;
  ok: boolean;
  /** Why the actual value is what it is, in the tool's words (not a value seen): shown plainly after it. */
  note?: string;
  /**
   * The check had nothing to look for (`contains: ""`, `matches: ""`), or its answer is not known (a regex search that
   * may have given up): it fails, and `not` around it fails too.
   */
  empty?: true;
  /**
   * Where a text check found what it must not (a failed `not_contains` or `not_matches` on a text): the first match's
   * line and column (from 1; columns in UTF-16 units), so a report can show that line of a long text, not its start.
   */
  found?: { line: number; column: number };
  /**
   * A check that sums up others not listed one by one (a query's series past the first 20): the checks they make, which
   * the `checks` metric counts in its place, so a rate does not depend on how many were listed.
   */
  counts?: { passed: number; failed: number };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A matcher's problem at `path`; `atKey`: it is about the path's last key itself (an unknown operator), not its value. */
export type MatcherIssue = { path: (string | number)[]; message: string; atKey?: true };
type Issue = MatcherIssue;

/** Lists what is wrong with a matcher's shape, with paths relative to it. */
export function matcherIssues(value: unknown, path: (string | number)[] = []): Issue[] {
  if (!isPlainObject(value)) return [];
  const issues: Issue[] = [];
  const keys = Object.keys(value);
  if (keys.length === 0) issues.push({ path, message: "an empty mapping is not a matcher; write a value, or operators such as {gte: 1}" });
  for (const key of keys) {
    const v = value[key];
    const p = [...path, key];
    if (!(OPERATORS as readonly string[]).includes(key)) {
      issues.push({ path: p, atKey: true, message: `unknown matcher operator "${key}"${didYouMean(key, OPERATORS)}; to compare with a literal mapping write {eq: {...}}` });
      continue;
    }
    if (key === "length") {
      // A length is a count: `length: "abc"` or `length: -1` could never pass, `length: {ne: 1.5}` never fail, and
      // `length: {gte: 2s}` compared it with 2,000.
      // `length: {gte: 0}` says the value has a length (a text, a list or a mapping): "any length" checks that much.
      issues.push(...numericMatcherIssues(v, "count", p, true));
    } else if (NESTED.has(key)) {
      issues.push(...matcherIssues(v, p));
    } else if (key === "between") {
      if (!Array.isArray(v) || v.length !== 2) issues.push({ path: p, message: "between takes a list of two bounds, e.g. [1, 5]" });
      else {
        const [lo, hi] = v.map(toNumber);
        const unread = betweenBoundIssues(v, p);
        if (unread.length || lo === undefined || hi === undefined) issues.push(...unread);
        // As gt/lt NaN; the list's JSON would show the NaN as null.
        else if (Number.isNaN(lo) || Number.isNaN(hi)) issues.push({ path: p, message: `between [${v.map((x) => show(x)).join(", ")}] holds for no value: to check for NaN write the literal (value: NaN)` });
        // No value is both >= 5 and <= 1: the check could never pass.
        else if (lo > hi) issues.push({ path: p, message: `between ${JSON.stringify(v)} holds for no value: write the lower bound first` });
        else (v as unknown[]).forEach((b, i) => {
          const why = typeof b === "string" ? lostBound(b) : undefined;
          if (why) issues.push({ path: [...p, i], message: why });
        });
      }
    } else if (key === "in") {
      if (!Array.isArray(v)) issues.push({ path: p, message: "in takes a list of allowed values" });
    } else if (key === "matches" || key === "not_matches") {
      if (typeof v !== "string") issues.push({ path: p, message: `${key} takes a regular expression string` });
      else {
        const err = regexError(v);
        if (err) issues.push({ path: p, message: `invalid regular expression: ${err}` });
        // A pattern that matches every text: `matches` checks only that there is a value, `not_matches` never passes.
        else if (matchesEveryText(v))
          issues.push({ path: p, message: `${isEmptyPattern(v) ? "an empty pattern (or a flag group alone, such as (?i)) matches every text" : everyText(v)}: ${key === "matches" ? "it checks only that there is a value; give the pattern to look for (or write exists: true)" : "the check could never pass"}` });
        // `$ERR` is the end of the text followed by ERR: no text holds it (not_matches with it passed on anything).
        else if (deadDollarIssue(v) !== undefined) issues.push({ path: p, message: deadDollarIssue(v)! });
        // `(?!.*ERROR).+` meant as "no ERROR" matches past the last ERROR; not_matches with it fails nearly always.
        else {
          const sliding = slidingLookaheadIssue(v);
          if (sliding !== undefined) issues.push({ path: p, message: sliding });
        }
      }
    } else if (key === "exists") {
      if (typeof v !== "boolean") issues.push({ path: p, message: "exists takes true or false" });
    } else if (key === "type") {
      if (typeof v !== "string" || !(TYPES as readonly string[]).includes(v))
        issues.push({ path: p, message: `type takes one of ${TYPES.join(", ")}` });
    } else if (["gt", "gte", "lt", "lte"].includes(key)) {
      const letter = typeof v === "string" ? oneLetterSize(v) : undefined;
      if (letter !== undefined) issues.push({ path: p, message: letter });
      else if (typeof v !== "number" && (typeof v !== "string" || toNumber(v) === undefined))
        issues.push({ path: p, message: `${key} takes a number, a duration (2s) or a size (10MiB); got ${JSON.stringify(v)}` });
      // Nothing is greater or less than NaN: the bound could never hold, and `not` of it always would.
      else if (Number.isNaN(toNumber(v))) issues.push({ path: p, message: `${key} NaN holds for no value: to check for NaN write the literal (value: NaN)` });
      else if (typeof v === "string" && lostBound(v)) issues.push({ path: p, message: lostBound(v)! });
    }
  }
  return issues;
}

/**
 * The bounds of `between` that are no number (`p`: the path of `between`). One still holding a reference (the loader
 * has filled in the values known before the run: what is left is captured during it) is said at the bound itself, as
 * gte's is: there the loader sets the issue aside, and the step judges it once the value is known (said at the list,
 * between: ["${ZERO}", "${BIG}"] was refused at load as the text written, while {gte: "${ZERO}", lte: "${BIG}"}
 * loaded). Any other is said once, at the list: "got [1,"a"]" shows both bounds.
 */
function betweenBoundIssues(v: readonly unknown[], p: (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  let atList = false;
  v.forEach((b, i) => {
    const letter = typeof b === "string" ? oneLetterSize(b) : undefined;
    const message = letter ?? (toNumber(b) === undefined ? `between takes two numbers, durations (2s) or sizes (10MiB); got ${JSON.stringify(v)}` : undefined);
    if (message === undefined) return;
    if (typeof b === "string" && findRefs(b).some((r) => !r.error)) issues.push({ path: [...p, i], message });
    else if (!atList) {
      atList = true;
      issues.push({ path: p, message });
    }
  });
  return issues;
}

/**
 * Why a bound written as text is no bound: its digits read as ±Infinity ("1e400") or, not all zero, as 0 ("1e-400"), so
 * `{gte: "1e400"}` held for the text "1e999" (and `{gt: "1e-400"}` compared with 0). The loader refuses a number written
 * so (lib/loader/written-scalars.ts); quoted, it is this text.
 */
function lostBound(v: string): string | undefined {
  const lost = lostIn(v);
  if (lost === "range") return `${JSON.stringify(v)} is beyond a double's range (about 1.8e308): it reads as ${String(Number(v))}, so the bound would be infinity, not the number written: write ${Number(v) > 0 ? "" : "-"}.inf for infinity, or a bound a double holds (${Number(v) > 0 ? "" : "-"}1e308)`;
  if (lost === "tiny") return `${JSON.stringify(v)} is too small for a double: it reads as 0, so the bound would be 0, not the number written: write 0 for zero`;
  return undefined;
}

/** What a numeric field holds: a plain count, a number of bytes (sizes allowed) or of milliseconds (durations allowed). */
export type NumericUnit = "count" | "exit" | "bytes" | "ms" | "value" | "status";

const UNIT_WANTED: Record<NumericUnit, string> = {
  count: "a number",
  exit: "a number",
  bytes: "a number of bytes or a size (10MiB)",
  ms: "a number of milliseconds or a duration (2s)",
  value: "a number (or a size, in bytes)",
  status: "a status code (a number)",
};

/**
 * Why `v` is not a value of the unit, or undefined when it is one. A duration in a size (`size: {lt: 5s}`) or a size in a
 * count meant something else: refused. `10m` reads as ten minutes first (as everywhere a matcher compares), so in a size it
 * is refused too, not taken as 600,000 bytes.
 */
function unitIssue(v: unknown, unit: NumericUnit): string | undefined {
  if (typeof v === "number") return undefined;
  if (typeof v !== "string") return `${JSON.stringify(v)} is not ${UNIT_WANTED[unit]}`;
  // A number as toNumber reads one (decimal only: `0x10` is no number there either).
  if (DECIMAL.test(v)) return undefined;
  // As toNumber: text with spaces around it is no number (the check could never pass).
  if (v !== v.trim()) return `${JSON.stringify(v)} has spaces around it, so it is not ${UNIT_WANTED[unit]}: remove them`;
  const t = v;
  if (SPECIAL_NUMBERS.has(t)) return undefined;
  const duration = parseDuration(t) !== undefined;
  const size = parseSize(t) !== undefined;
  const letter = duration ? undefined : oneLetterSize(t);
  if (letter !== undefined) return letter;
  if (unit === "ms" && duration) return undefined;
  // A query's value: PromQL and LogQL give durations in seconds, where a matcher reads `500ms` as 500.
  if (unit === "value" && duration) return `${JSON.stringify(v)} is a duration: a query's value is a plain number, and PromQL and LogQL give durations in seconds — write ${parseDuration(t)! / 1000}`;
  if (unit === "value" && size) return undefined;
  if (unit === "bytes" && size && !duration) return undefined;
  if (unit === "bytes" && duration && /^\d+(?:\.\d+)?m$/.test(t)) return `${JSON.stringify(v)} reads as a duration (m is minutes), not a size: write the bytes with B, e.g. 10MB or 10MiB`;
  const what = duration ? "a duration" : size ? "a size" : undefined;
  return `${JSON.stringify(v)} is ${what ? `${what}, ` : ""}not ${UNIT_WANTED[unit]}`;
}

/** A count compared for equality that no count can be (1.5, -1, NaN): lines: 1.5 never passed, lines: {ne: 1.5} never failed. */
function countIssue(v: unknown): string | undefined {
  const n = toNumber(v);
  if (n === undefined || (Number.isInteger(n) && n >= 0)) return undefined;
  return `${JSON.stringify(v)} is no count (a count is a whole number, 0 or more), so comparing one with it for equality decides nothing`;
}

/**
 * What is wrong with a matcher of a count, a size or a time (files, lines, series, exit codes, latency): besides its
 * shape, every value it compares with must be of the field's unit. `size: 10XB` could never pass, `size: {ne: 10XB}`
 * never fail, and `size: {lt: 5s}` would compare the bytes with 5,000: each checked nothing it said.
 */
export function numericMatcherIssues(value: unknown, unit: NumericUnit, path: (string | number)[] = [], everyAllowed = false): Issue[] {
  const issues = matcherIssues(value, path);
  if (issues.length) return issues;
  /** `exact`: compared for equality (a literal, eq, ne, in), where a count that is no whole number of 0 or more decides nothing. */
  const number = (v: unknown, p: (string | number)[], exact = false) => {
    const issue = unitIssue(v, unit) ?? (exact && (unit === "count" || unit === "exit") ? countIssue(v) : undefined);
    if (issue !== undefined) issues.push({ path: p, message: issue });
  };
  const walk = (m: unknown, p: (string | number)[]) => {
    if (!isPlainObject(m)) {
      const before = issues.length;
      number(m, p, true);
      // A literal no number of the unit equals (`exit_code: 300`): the check could never pass.
      if (issues.length === before && boundOn("eq", m, unit) === false)
        issues.push({ path: p, message: `${show(m)} holds for no ${UNIT_NOUN[unit]}, ${rangeWords(unit, m)}: the check could never pass` });
      return;
    }
    for (const [key, v] of Object.entries(m)) {
      if (key === "eq" || key === "ne") number(v, [...p, key], true);
      else if (key === "gt" || key === "gte" || key === "lt" || key === "lte") number(v, [...p, key]);
      else if (key === "in") (v as unknown[]).forEach((item, i) => number(item, [...p, key, i], true));
      else if (key === "between") (v as unknown[]).forEach((item, i) => number(item, [...p, key, i]));
      else if (key === "not") walk(v, [...p, key]);
      else if (unit === "value" && TEXT_OPERATORS.has(key))
        issues.push({ path: [...p, key], message: `${key} would read the value as text, its digits (contains: 1 holds for 10, 0.1 and 21, and a sample may print as 1e-7): compare the number with eq, ne, in, between, gt, gte, lt or lte` });
    }
  };
  walk(value, path);
  if (issues.length === 0) issues.push(...constantIssues(value, unit, path, everyAllowed));
  return issues;
}

/**
 * A matcher of a text that is always there (a shell step's stdout, stderr, an http step's body; `empty` names an empty one): a literal it compares for equality (as
 * written, under `eq`, `ne`, `in`, `not`) that no text can equal (true, false, null, a list, a mapping) is refused,
 * instead of a check that never passes (or, under `ne`, never fails). Numbers compare with the text's digits.
 */
export function textMatcherIssues(value: unknown, name: string, path: (string | number)[] = [], empty = "no output"): Issue[] {
  return textIssues(value, path, { name, empty });
}

/**
 * A matcher of a response header's value (`name` as the scenario writes it), which is text or, when the header is
 * absent, undefined: as textMatcherIssues, a literal no text equals is refused (`x-cache: true` never passed, and
 * `x-cache: {ne: false}` passed on the value "false": it failed only on an absent header), `null` pointing at
 * `exists`; and so are `type` other than string, `every` and `some`, which hold for no text (under `not`, for every
 * one). Numbers compare with the value read as a decimal number (`content-length: {gt: 0}`).
 */
export function headerMatcherIssues(value: unknown, name: string, path: (string | number)[] = []): Issue[] {
  return textIssues(value, path, { name, header: true });
}

function textIssues(value: unknown, path: (string | number)[], o: { name: string; empty?: string; header?: boolean }): Issue[] {
  const issues = matcherIssues(value, path);
  if (issues.length) return issues;
  const subject = o.header ? `header ${o.name}` : o.name;
  /** What a check that holds for every text does: never fails (stdout), or fails only on an absent header. */
  const neverFails = o.header ? "fail while the header is there (only when it is absent)" : "fail";
  /** `negated`: under `ne` or an odd number of `not` (never fails); undefined for an item of `in` (never matches). */
  const literal = (v: unknown, p: (string | number)[], where: (quoted: string) => string, negated: boolean | undefined) => {
    if (typeof v === "string" || typeof v === "number" || v === undefined) return;
    const text = typeof v === "boolean" || v === null ? String(v) : JSON.stringify(v);
    const quoted = typeof v === "boolean" || v === null ? `"${text}"` : `'${text.replace(/'/g, "''")}'`;
    const kind = v === null ? "null" : Array.isArray(v) ? "a list" : typeof v === "boolean" ? "a boolean" : "a mapping";
    const so = negated === undefined ? "" : `, so the check could never ${negated ? neverFails : "pass"}`;
    const none =
      v !== null ? ""
      : !o.header ? `, or ${where('""')} for ${o.empty}`
      : negated === undefined ? ""
      : negated ? `, or ${o.name}: {exists: true} for a header that is there` : `, or ${o.name}: {exists: false} for an absent header`;
    issues.push({ path: p, message: `${subject} is text: ${show(v)} is ${kind}, which no text equals${so}; quote it to compare with the text: ${where(quoted)}${none}` });
  };
  /**
   * A header's `type`, `every` or `some`, which holds for every text (type: string) or none: under an odd number of `not`
   * (`negated`) it then never passes, or never fails while the header is there; `type: string` alone checks that it is.
   */
  const constant = (key: string, v: unknown, p: (string | number)[], negated: boolean, all: Record<string, unknown>) => {
    const holds = onText(key, v) === true;
    if (holds && !negated) return;
    // Beside other operators, one that holds for every text leaves them to decide: `not: {type: string, contains: x}` is
    // "does not contain x" (it was refused as never passing).
    if (holds && onTextMatcher(all) !== true) return;
    const op = key === "type" ? `type: ${String(v)}` : key;
    const why = key === "type" ? "" : " (it takes a list)";
    // Under not, one that holds for every text passes only where the header is absent, which exists: false says.
    const outcome = holds && negated ? `pass while the header is there (only when it is absent: write ${o.name}: {exists: false} for that)` : holds === negated ? "pass" : neverFails;
    issues.push({ path: p, message: `${subject} is text, or absent: ${op} holds for ${holds ? "every" : "no"} text${why}, so the check could never ${outcome}` });
  };
  const walk = (m: unknown, p: (string | number)[], where: (quoted: string) => string, negated: boolean) => {
    if (!isPlainObject(m)) return literal(m, p, where, negated);
    for (const [key, v] of Object.entries(m)) {
      if (key === "eq" || key === "ne") literal(v, [...p, key], (q) => where(`{${key}: ${q}}`), key === "ne" ? !negated : negated);
      else if (key === "in") (v as unknown[]).forEach((item, i) => literal(item, [...p, key, i], (q) => where(`{in: [${(v as unknown[]).map((x, j) => (j === i ? q : show(x))).join(", ")}]}`), undefined));
      else if (key === "not") walk(v, [...p, key], (q) => where(`{not: ${q}}`), !negated);
      else if (o.header && (key === "type" || key === "every" || key === "some")) constant(key, v, [...p, key], negated, m);
    }
  };
  walk(value, path, (q) => `${o.name}: ${q}`, false);
  if (issues.length || o.header || !isPlainObject(value)) return issues;
  // A text that is always there (stdout, stderr, a body) exists, is of type string and has a length: a matcher that holds
  // for every text checked nothing (`body: {exists: true}` beside `status: {gte: 0}` passed on a 503 error page), one
  // that holds for none never passed.
  const always = onTextMatcher(value);
  if (always === true)
    issues.push({ path, message: `${o.name} is always text: ${show(value)} holds for every text, so the check could never fail; say what the text must hold (${o.name}: {contains: …}), or write ${o.name}: {not: {eq: ""}} against ${o.empty ?? "an empty text"}` });
  else if (always === false) {
    for (const [key, v] of Object.entries(value)) {
      if (onText(key, v) === false) issues.push({ path: [...path, key], message: `${o.name} is always text: ${key}: ${typeof v === "string" ? v : show(v)} holds for no text${key === "every" || key === "some" ? " (it takes a list)" : ""}, so the check could never pass` });
    }
  }
  return issues;
}

/**
 * On a text that is there (a body, stdout, a present header's value): whether an operator holds for every text (true),
 * for none (false), or depends on the text (undefined). A text exists, is of type string, has no items (`every`, `some`
 * take a list) and has a length, which a count's matcher may hold for every count or none (`length: {gte: 0}`).
 */
function onText(op: string, v: unknown): boolean | undefined {
  switch (op) {
    case "exists": return v === true;
    case "type": return v === "string";
    case "every": case "some": return false;
    case "length": return constantMatcher(v, "count");
    case "not": {
      if (!isPlainObject(v)) return undefined;
      const decided = Object.entries(v).map(([k, x]) => [k, onText(k, x)] as const);
      if (decided.every(([, c]) => c !== undefined)) return invert(onTextMatcher(v));
      // One operator that holds for no text makes the whole false whatever the others say (`not: {type: number,
      // contains: x}` held for every text), unless another can fail as not known, which fails `not` too: `not: {some:
      // x, matches: P}` failed where P's search gave up, and a number beyond 2^53 is undecided.
      if (decided.some(([, c]) => c === false) && decided.every(([k, c]) => c !== undefined || knownOnText(k, v[k]))) return true;
      return undefined;
    }
    default: return undefined;
  }
}

/**
 * Whether an operator's verdict on a text is always a pass or a fail, never "not known": not a regex search (which can
 * give up), not a number compared (beyond 2^53 it is undecided), not an empty text to look for (which fails both ways).
 */
function knownOnText(op: string, v: unknown): boolean {
  return (op === "contains" || op === "not_contains") && typeof v === "string" && v !== "";
}

/** onText for a whole matcher (its operators combined with AND): false when one holds for no text, true when all hold for every one. */
function onTextMatcher(m: unknown): boolean | undefined {
  return isPlainObject(m) ? everyOperator(m, onText) : undefined;
}

/** The opposite of a judgement that is known; unknown stays unknown. */
export function invert(c: boolean | undefined): boolean | undefined {
  return c === undefined ? undefined : !c;
}

/**
 * A matcher's operators, combined with AND, judged one by one on some kind of value: false when one holds for none
 * (`judge` says false), true when every one holds for all (true), undefined when it depends on the value.
 */
export function everyOperator(m: Record<string, unknown>, judge: (op: string, v: unknown) => boolean | undefined): boolean | undefined {
  let always = true;
  for (const [op, v] of Object.entries(m)) {
    const c = judge(op, v);
    if (c === false) return false;
    if (c !== true) always = false;
  }
  return always ? true : undefined;
}

/** The operators that read their actual value as text: on a query's value, its digits, which decide nothing of the number. */
const TEXT_OPERATORS: ReadonlySet<string> = new Set(["contains", "not_contains", "matches", "not_matches"]);

/** What a number of the unit is, in messages ("holds for every count"). */
const UNIT_NOUN: Record<NumericUnit, string> = { count: "count", exit: "exit code", bytes: "size", ms: "time", value: "value", status: "status" };

/** The numbers a unit can be: a count, a size, a time are never below 0, an exit code is 0-255, an HTTP status 100-599. */
const RANGE: Partial<Record<NumericUnit, { min: number; max: number; words: string }>> = {
  count: { min: 0, max: Infinity, words: "which is never below 0" },
  bytes: { min: 0, max: Infinity, words: "which is never below 0" },
  ms: { min: 0, max: Infinity, words: "which is never below 0" },
  exit: { min: 0, max: 255, words: "which is 0 to 255" },
  status: { min: 100, max: 599, words: "which is 100 to 599" },
};

/**
 * On a number that is always there (a count, a size, a time, a query's value): whether an operator holds whatever the
 * number (true), for none (false), or depends on it (undefined). A number has no length and no items, is of type number,
 * exists, and as text (contains, as matches reads it) is its digits: a count's, a size's or a time's are digits and a point.
 */
function constantOn(op: string, v: unknown, unit: NumericUnit): boolean | undefined {
  switch (op) {
    case "type": return v === "number";
    case "exists": return v === true;
    case "length": case "every": case "some": return false;
    case "contains":
      if (unit !== "value" && !/^[0-9.]+$/.test(asText(v))) return false;
      return onEveryCode(unit, (text) => text.includes(asText(v)));
    case "not_contains":
      if (unit !== "value" && !/^[0-9.]+$/.test(asText(v))) return true;
      return onEveryCode(unit, (text) => !text.includes(asText(v)));
    case "matches":
    case "not_matches": {
      if (typeof v !== "string") return undefined;
      let re: RegExp;
      try {
        re = compileRegex(v);
      } catch {
        return undefined;
      }
      return onEveryCode(unit, (text) => re.test(text) !== (op === "not_matches"));
    }
    case "gt": case "gte": case "lt": case "lte": case "between": case "eq": case "ne": case "in": return boundOn(op, v, unit);
    case "not": {
      const inner = constantMatcher(v, unit);
      return inner === undefined ? undefined : !inner;
    }
    default: return undefined;
  }
}

/**
 * A text test of a number whose every value can be tried (an exit code, a status): true when it holds for each of their
 * digits, false for none (`exit_code: {matches: '\d'}`, `status: {not_matches: x}` checked nothing); else undefined.
 */
function onEveryCode(unit: NumericUnit, holds: (text: string) => boolean): boolean | undefined {
  const range = unit === "exit" || unit === "status" ? RANGE[unit]! : undefined;
  if (!range) return undefined;
  let all = true;
  let none = true;
  for (let n = range.min; n <= range.max; n++) {
    if (holds(String(n))) none = false;
    else all = false;
    if (!all && !none) return undefined;
  }
  return all ? true : none ? false : undefined;
}

/** constantOn for a whole matcher (its operators combined with AND); a literal depends on the number. */
function constantMatcher(m: unknown, unit: NumericUnit): boolean | undefined {
  if (!isPlainObject(m)) return undefined;
  let always = true;
  for (const [op, v] of Object.entries(m)) {
    const c = constantOn(op, v, unit);
    if (c === false) return false;
    if (c !== true) always = false;
  }
  return always ? true : undefined;
}

/**
 * A matcher of a number that can never pass (`count: {contains: x}`, `lines: {type: string}`, `exit_code: {not: {type:
 * number}}`), or that passes whatever the number (`{type: number}`, `{exists: true}`): refused, as the docs promise,
 * instead of a check that never passes or checks nothing.
 */
function constantIssues(m: unknown, unit: NumericUnit, path: (string | number)[], everyAllowed: boolean): Issue[] {
  if (!isPlainObject(m)) return [];
  const what = UNIT_NOUN[unit];
  const issues: Issue[] = [];
  for (const [op, v] of Object.entries(m)) {
    if (constantOn(op, v, unit) === false)
      issues.push({ path: [...path, op], message: `${op}: ${show(v)} holds for no ${what}, ${BOUNDS.has(op) ? rangeWords(unit, v) : "which is always a number"}${op === "contains" ? " (read as text, its digits)" : ""}: the check could never pass` });
  }
  if (issues.length === 0 && !everyAllowed && constantMatcher(m, unit) === true) {
    const why = boundsIn(m) ? rangeWords(unit, m) : "which is always a number";
    issues.push({ path, message: `${show(m)} holds for every ${what}, ${why}: it checks nothing; compare it with a number, e.g. {gte: 1}` });
  }
  return issues;
}

/** Why a bound holds for every number of the unit or none: its range, or (a bound at infinity) that the number is finite. */
function rangeWords(unit: NumericUnit, operand: unknown): string {
  const infinite = (x: unknown): boolean => toNumber(x) === Infinity || toNumber(x) === -Infinity || (Array.isArray(x) && x.some(infinite)) || (isPlainObject(x) && Object.values(x).some(infinite));
  return infinite(operand) && RANGE[unit]!.max === Infinity ? "which is always finite" : RANGE[unit]!.words;
}

/** Whether a matcher bounds the number (gte, lt, between…), also under not. */
function boundsIn(m: unknown): boolean {
  return isPlainObject(m) && Object.entries(m).some(([op, v]) => BOUNDS.has(op) || (op === "not" && boundsIn(v)));
}

/** The operators that bound or compare a number: on a unit's range (RANGE) some hold for every number of it, or none. */
const BOUNDS: ReadonlySet<string> = new Set(["gt", "gte", "lt", "lte", "between", "eq", "ne", "in"]);

/**
 * Whether a matcher of a count, a size or a time holds whatever the number (`{gte: 0}`, `{not: {lt: 0}}`): such a field
 * where it overrides a default (`exit_code`, a files step's `count`, a query's `series`) says "any", and checks nothing
 * when the step checks nothing else.
 */
export function holdsForEvery(m: unknown, unit: NumericUnit): boolean {
  return constantMatcher(m, unit) === true;
}

/** Whether `expect` checks something, and only with `fields` (set ones; an undefined value is a key left out). */
export function checksOnly(expect: Record<string, unknown>, fields: readonly string[]): boolean {
  const set = Object.keys(expect).filter((k) => expect[k] !== undefined);
  return set.length > 0 && set.every((k) => fields.includes(k));
}

/**
 * A bound or a comparison on a number of the unit's range (RANGE: a count is never below 0, an exit code 0-255, a status
 * 100-599; counts and sizes are finite): true when every such number meets it, false when none does.
 */
function boundOn(op: string, v: unknown, unit: NumericUnit): boolean | undefined {
  const range = RANGE[unit];
  if (!range) return undefined;
  const { min, max } = range;
  const n = op === "between" || op === "in" ? undefined : toNumber(v);
  if (n !== undefined && Number.isNaN(n)) return undefined;
  // No count, size or time is infinite: `gte: Inf` holds for none, `lt: Inf` for every one.
  const outside = (x: number) => x < min || x > max || x === Infinity;
  switch (op) {
    case "gte": return n === undefined ? undefined : n <= min ? true : n > max || n === Infinity ? false : undefined;
    case "gt": return n === undefined ? undefined : n < min ? true : n >= max ? false : undefined;
    case "lt": return n === undefined ? undefined : n <= min ? false : n > max || n === Infinity ? true : undefined;
    case "lte": return n === undefined ? undefined : n < min ? false : n >= max ? true : undefined;
    case "eq": return n !== undefined && outside(n) ? false : undefined;
    case "ne": return n !== undefined && outside(n) ? true : undefined;
    case "in": {
      if (!Array.isArray(v) || v.length === 0) return undefined;
      const all = v.map(toNumber);
      return all.every((x) => x !== undefined && !Number.isNaN(x) && outside(x)) ? false : undefined;
    }
    case "between": {
      if (!Array.isArray(v) || v.length !== 2) return undefined;
      const [lo, hi] = v.map(toNumber);
      if (lo === undefined || hi === undefined) return undefined;
      if (hi < min || lo > max) return false;
      return lo <= min && hi >= max ? true : undefined;
    }
    default: return undefined;
  }
}

/**
 * A number written in decimal, as JSON and YAML write one (`-1.5e3`): `Number()` also reads `0x10`, `0b11`, `0o7` and
 * padding, so a body's "0x10" equalled 16.
 */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number a matcher writes: a number, a decimal numeric string, a duration (as ms) or a size (as bytes). Text with
 * spaces around it is none, as in the data (`" 0"` read as the duration 0).
 */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  if (DECIMAL.test(v)) return Number(v);
  if (v !== v.trim()) return undefined;
  return parseDuration(v) ?? parseSize(v) ?? SPECIAL_NUMBERS.get(v);
}

/**
 * The number an actual value (a body's field, a header, a label) holds: a number, or a text that is a decimal number
 * or NaN/±Inf as Prometheus writes them. Units are the matcher's way to write a number, not the data's: a body's "1m"
 * is no 60000 (`"$.version": {gte: 2}` passed on it), "1k" no 1024, " 0" no 0.
 */
export function actualNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  return DECIMAL.test(v) ? Number(v) : SPECIAL_NUMBERS.get(v);
}

/**
 * The non-finite values as Prometheus and Loki write them (and as a YAML plain scalar reads: `NaN` is a string there,
 * `.nan` a number): `value: NaN` matches a NaN sample, `value: +Inf` an infinite one.
 */
const SPECIAL_NUMBERS = new Map([["NaN", Number.NaN], ["+Inf", Infinity], ["Inf", Infinity], ["-Inf", -Infinity]]);

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Whether the actual value `a` equals the matcher's `b`; numbers in the matcher may be written with units, not in `a`. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" || typeof b === "number") {
    const x = actualNumber(a);
    const y = toNumber(b);
    // NaN equals NaN here (unlike ===): `value: .nan` is how a check says "no number", and it must be able to pass.
    return x !== undefined && y !== undefined && (x === y || (Number.isNaN(x) && Number.isNaN(y)));
  }
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * A value as contains and matches read it: a text as itself, a number as it prints (an infinity or NaN too, whose JSON
 * is null: `contains: .inf` passed on "result=null"), anything else as its JSON text.
 */
function asText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  // Inside a list or a mapping too; only a text with a null can hold one, which the slower serializer then writes.
  const json = JSON.stringify(v);
  return json === undefined ? String(v) : json.includes("null") ? show(v) : json;
}

function show(v: unknown, number: (n: number) => string = String): string {
  // A finite number's JSON is its string form; String() skips the serializer (expected status codes and ids, every step).
  // NaN and ±Infinity too: their JSON is null, which would show an expected NaN as "== null".
  if (typeof v === "number") return number(v);
  if (typeof v === "string") return JSON.stringify(v);
  // Inside a list or a mapping too (`{between: [0, .inf]}` showed as [0,null]).
  const marked = (x: number) => (Number.isFinite(x) ? number(x) : String(x));
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === "number" && marked(x) !== JSON.stringify(x) ? `\u0000${marked(x)}` : x))?.replace(/"\\u0000(-?Infinity|NaN|[-+]?[0-9.][0-9.eE+-]*)"/g, "$1") ?? String(v);
}

/** A bound as a check's expected condition shows it: a text as itself (`2s`, `10MiB`), a number as written. */
function writtenBound(v: unknown): string {
  return typeof v === "number" ? writtenNumber(v) : asText(v);
}

/**
 * A value of a matcher or a JSON schema as the scenario wrote it, in a check's expected condition: a number beyond 2^53
 * with its digits as written (1234567890123456788, which YAML reads as a double that prints as …800), at any depth.
 */
export function writtenValue(v: unknown): string {
  return show(v, writtenNumber);
}

function compare(op: string, actual: unknown, expected: unknown): boolean {
  const a = actualNumber(actual);
  const e = toNumber(expected);
  if (a === undefined || e === undefined) return false;
  switch (op) {
    case "gt": return a > e;
    case "gte": return a >= e;
    case "lt": return a < e;
    default: return a <= e;
  }
}

/**
 * A list: has an equal item. A mapping: has the key among its own (`in` also saw what every object inherits, so
 * `contains: toString` passed on `{}`). Any other value as text, as matches reads it: a number's digits (not_contains
 * "5" passed on 500, where not_matches "5" failed).
 */
function containsValue(actual: unknown, expected: unknown): boolean {
  if (Array.isArray(actual)) return actual.some((v) => deepEqual(v, expected));
  if (isPlainObject(actual)) return (typeof expected === "string" || typeof expected === "number") && Object.hasOwn(actual, String(expected));
  if (actual === undefined) return false;
  return asText(actual).includes(asText(expected));
}

/** A value contains and matches read as text: not a list, a mapping or a missing value. */
function readAsText(actual: unknown): boolean {
  return actual !== undefined && !Array.isArray(actual) && !isPlainObject(actual);
}

function lengthOf(actual: unknown): number | undefined {
  if (typeof actual === "string") return characters(actual);
  if (Array.isArray(actual)) return actual.length;
  if (isPlainObject(actual)) return Object.keys(actual).length;
  return undefined;
}

/**
 * A text's length in characters (code points), as python's len() and jq's length count: JavaScript's length counts
 * UTF-16 units, so "😀" was 2. A lone surrogate (text from invalid input) counts as one.
 */
export function characters(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        pairs++;
        i++;
      }
    }
  }
  return text.length - pairs;
}

const SYMBOL: Record<string, string> = { gt: ">", gte: ">=", lt: "<", lte: "<=" };
/** Operators that compare with one number. */
const NUMERIC_OPS: ReadonlySet<string> = new Set(["eq", "ne", "gt", "gte", "lt", "lte"]);

/**
 * Whether comparing two numbers could come out either way for all a JavaScript number can tell: one of them is an
 * integer beyond ±2^53 (a JSON id of 9007199254740993 parses as …992) and they lie within two steps of the float
 * grid of their size. Such a check is not decided: it fails, saying why, instead of passing on a rounded value.
 */
function inexact(a: unknown, b: unknown): boolean {
  const x = actualNumber(a);
  const y = toNumber(b);
  if (x === undefined || y === undefined) return false;
  const lost = typeof a === "string" ? lostIn(a) : undefined;
  // "1e999" reads as Infinity: against finite numbers its order holds as for its true value, against Infinity it is the
  // same number (as a filter's 1e400 == 1e401 is, jsonpath-eval.ts).
  if (lost === "range") return x === y;
  if (lost !== undefined) return nearDouble(x, y);
  return roundingDecides(x, y);
}

/**
 * Whether a finite number lies within two steps of the double grid of another (either's size; the smallest step under
 * the smallest normal number): a text read as the one but holding other digits ("1.0000000000000001" as 1, "1e-400" as
 * 0) may then compare with it either way. Farther, the double's answer is the text's.
 */
function nearDouble(x: number, y: number): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  const big = Math.max(Math.abs(x), Math.abs(y));
  const step = big === 0 ? MIN_STEP : Math.max(2 ** (Math.floor(Math.log2(big)) - 52), MIN_STEP);
  return Math.abs(x - y) <= 2 * step;
}

/** The step of the double grid below the smallest normal number (2^-1074, the smallest double above 0). */
const MIN_STEP = 2 ** -1074;

/** A decimal text's exact value: its sign, its significant digits (no leading or trailing zero; "" for zero) and the power of ten of the last. */
export interface DecimalParts {
  negative: boolean;
  digits: string;
  exponent: number;
}

const DECIMAL_PARTS = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** The exact value of a text written in decimal (`-1.50e3`, `007`, `.5`), as DecimalParts; undefined for any other text. */
export function decimalParts(text: string): DecimalParts | undefined {
  const m = DECIMAL_PARTS.exec(text);
  if (!m || (m[2] === "" && !m[3])) return undefined;
  const all = m[2]! + (m[3] ?? "");
  let start = 0;
  while (start < all.length && all.charCodeAt(start) === 48) start++;
  let end = all.length;
  while (end > start && all.charCodeAt(end - 1) === 48) end--;
  if (start === end) return { negative: false, digits: "", exponent: 0 };
  return { negative: m[1] === "-", digits: all.slice(start, end), exponent: (m[4] === undefined ? 0 : Number(m[4])) - (m[3]?.length ?? 0) + (all.length - end) };
}

/** Whether two decimal values are the same number (0 and -0 are). */
export function sameDecimal(a: DecimalParts, b: DecimalParts): boolean {
  return a.digits === b.digits && (a.digits === "" || (a.negative === b.negative && a.exponent === b.exponent));
}

/**
 * How a text that reads as a decimal number loses it as a double, the number every comparison here uses: `digits`, it
 * has more than a double keeps ("1.0000000000000001" reads as 1, "9007199254740993" as …992); `range`, its finite
 * digits read as ±Infinity ("1e999"); `tiny`, its digits are not all zero but it reads as 0 ("1e-400"). Undefined when
 * the double holds it (its shortest text, JavaScript's String of it, is the same number: "0.1", "1.10", "1e3", "-0"),
 * and for any other text ("+Inf", "NaN", "abc").
 */
export function lostIn(text: string): "digits" | "range" | "tiny" | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return "range";
  const written = decimalParts(text)!;
  if (n === 0) return written.digits === "" ? undefined : "tiny";
  return sameDecimal(written, decimalParts(shortest(n))!) ? undefined : "digits";
}

/** A finite number's shortest decimal text, in the form decimalParts reads (`1e+21` as `1e21`). */
function shortest(n: number): string {
  return String(n).replace("e+", "e");
}

/** inexact's test on two finite numbers (false for an infinity): the rounding of one beyond ±2^53 could decide their comparison. */
export function roundingDecides(x: number, y: number): boolean {
  if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
  const big = Math.max(Math.abs(x), Math.abs(y));
  const unsafeInteger = (n: number) => Number.isInteger(n) && Math.abs(n) >= EXACT_LIMIT;
  if (big < EXACT_LIMIT || (!unsafeInteger(x) && !unsafeInteger(y))) return false;
  const step = 2 ** (Math.floor(Math.log2(big)) - 52);
  return Math.abs(x - y) <= 2 * step;
}

/** The numbers beyond ±2^53 in a parsed value (its lists and objects too), and its strings of digits that read as one. */
function bigNumbersIn(v: unknown, out: unknown[]): unknown[] {
  if (typeof v === "number") {
    if (Math.abs(v) >= EXACT_LIMIT) out.push(v);
  } else if (typeof v === "string") {
    const n = v.length >= 16 ? actualNumber(v) : undefined;
    // A text its double does not hold ("1e-400", "1.0000000000000001", "1e999"): near what it reads as, undecided.
    if ((n !== undefined && Math.abs(n) >= EXACT_LIMIT) || lostIn(v) !== undefined) out.push(v);
  } else if (Array.isArray(v)) for (const x of v) bigNumbersIn(x, out);
  else if (isPlainObject(v)) for (const k in v) bigNumbersIn(v[k], out);
  return out;
}

/** Every number (and numeric string) a matcher names, in its operands, lists and literals at any depth. */
function numbersIn(m: unknown, out: unknown[]): unknown[] {
  if (typeof m === "number" || typeof m === "string") out.push(m);
  else if (Array.isArray(m)) for (const x of m) numbersIn(x, out);
  else if (isPlainObject(m)) for (const k in m) numbersIn(m[k], out);
  return out;
}

/**
 * While evaluateJsonValue evaluates a list or an object holding a number beyond ±2^53: the first such number a text
 * operator (contains, matches and their negations) read as text, whose digits the rounding changed.
 */
let watchText = false;
let textOfBig: unknown;

/** Notes a text operator reading a rounded number (watchText). */
function noteTextOf(op: string, actual: unknown): void {
  if (op === "contains" || op === "not_contains") {
    if (typeof actual === "number" && Math.abs(actual) >= EXACT_LIMIT) textOfBig ??= actual;
  } else if (typeof actual === "number" || Array.isArray(actual) || isPlainObject(actual)) {
    const big = bigNumbersIn(actual, []).find((v) => typeof v === "number");
    if (big !== undefined) textOfBig ??= big;
  }
}

/** Whether a JSON value is or holds a number beyond a double's range (about 1.8e308), which JSON.parse reads as ±Infinity. */
export function holdsInfinity(v: unknown): boolean {
  if (typeof v === "number") return !Number.isFinite(v) && !Number.isNaN(v);
  if (Array.isArray(v)) return v.some(holdsInfinity);
  if (isPlainObject(v)) return Object.values(v).some(holdsInfinity);
  return false;
}

/** What to write instead of a check that cannot be decided on a JSON number. */
const AS_TEXT = "(compare the digits as text instead, e.g. body: {matches: '\"KEY\"\\s*:\\s*DIGITS\\b'} with the field's name and digits)";
/** What such a number is here (a capture of it says it, then how to capture its digits). */
export const BEYOND_RANGE_READ = "a JSON number beyond a double's range (about 1.8e308) reads as Infinity here, its digits lost, so this cannot be decided";
/** Why a check on a value holding such a number cannot be decided, and what to write instead. */
export const BEYOND_RANGE = `${BEYOND_RANGE_READ} ${AS_TEXT}`;

/**
 * The checks of a matcher on a value holding such a number: `1e400` and `1e401` both read as Infinity, and so equal;
 * its text is not its digits. Decided are `exists` and `type`, and on a lone number an order or (in)equality against
 * finite numbers only (`gt: 0`, `ne: 5`); every other operator is undecided (it fails, saying so).
 */
function infiniteChecks(matcher: Matcher, actual: unknown, path: string): Check[] {
  const ops: [string, unknown][] = isPlainObject(matcher) ? Object.entries(matcher) : [["eq", matcher]];
  return ops.flatMap(([op, exp]) => {
    const one = isPlainObject(matcher) ? { [op]: exp } : matcher;
    // Against finite numbers only, a lone number's order and (in)equality hold as for its true value.
    const numeric = typeof actual === "number" && ["gt", "gte", "lt", "lte", "between", "eq", "ne", "in"].includes(op);
    const finite = (Array.isArray(exp) ? exp : [exp]).every((x) => typeof x === "number" && Number.isFinite(x));
    if (op === "exists" || op === "type" || (numeric && finite)) return evaluate(one, actual, path);
    const check: Check = { path, expected: describe(one), actual: BEYOND_RANGE, ok: false };
    UNDECIDED.add(check);
    return [check];
  });
}

/** The actual value of a check (or capture) whose value is nested too deep to compare or write out. */
export const TOO_DEEP = "a value nested too deep to compare or show (the walk of it overflowed the stack)";

/** The actual value of a check that could not be decided (inexact). */
const NOT_EXACT = ": beyond 2^53 a number is not exact here, so this comparison cannot be decided";
const notExact = (actual: unknown) =>
  typeof actual === "string"
    ? `${show(actual)}${textNotExact(actual)}`
    : `a number read as ${show(actual)}, whatever digits were sent${NOT_EXACT} ${AS_TEXT}`;

/**
 * Why a check of a JSON value holding a number a double does not hold cannot be decided, in the words above, after the
 * value as the document wrote it and (when that differs) as it reads: beyond 2^53, or (`range`) beyond a double's range.
 */
export function roundedValueText(written: string, read: string, range: boolean): string {
  const shown = written === read ? written : `${written} (read as ${read})`;
  return range ? `${shown}: ${BEYOND_RANGE}` : `${shown}${NOT_EXACT} ${AS_TEXT}`;
}

/** A value as it was read, for a check's actual value: a number as its double prints (an infinity as Infinity, not null). */
export function readValue(v: unknown): string {
  return show(v);
}

/** Why a comparison of a text that reads as a number is undecided (lostIn), after the text; beyond 2^53, NOT_EXACT. */
function textNotExact(text: string): string {
  const lost = lostIn(text);
  const n = actualNumber(text)!;
  const why =
    lost === "range" ? `is beyond a double's range (read as ${String(n)})`
    : lost === "tiny" ? "is too small for a double (read as 0)"
    : lost === "digits" && Math.abs(n) < EXACT_LIMIT ? `has more digits than a double keeps (read as ${String(n)})`
    : undefined;
  if (why === undefined) return `${NOT_EXACT} (quote the matcher's digits, as '9007199254740993', to compare them as text, exactly)`;
  return ` ${why}, so this comparison cannot be decided (to compare the text exactly, quote the matcher's value: '${text.length > 40 ? "…" : text}')`;
}

/** In a word, why a check on the value cannot be decided: how a text that reads as a number loses it, else beyond 2^53. */
export function undecidedWhy(value: unknown): string {
  const text = bigNumbersIn(value, []).find((v): v is string => typeof v === "string" && lostIn(v) !== undefined);
  const lost = text === undefined ? undefined : lostIn(text);
  const n = text === undefined ? undefined : actualNumber(text);
  if (lost === "range") return "beyond a double's range (about 1.8e308) a number reads as Infinity here";
  if (lost === "tiny") return "a number too small for a double reads as 0 here";
  if (lost === "digits" && n !== undefined && Math.abs(n) < EXACT_LIMIT) return "a double keeps fewer digits than this number has";
  return "beyond 2^53 a number is not exact here";
}

/** The failed checks evaluateJsonValue could not decide: known by identity, not by their text (nothing in the reports). */
const UNDECIDED = new WeakSet<Check>();

/** A failed check that rounding keeps from being decided; `actual` is the value whose digits rounding changed. */
function undecidedCheck(path: string, expected: string, actual: unknown): Check {
  const check: Check = { path, expected, actual: notExact(actual), ok: false };
  UNDECIDED.add(check);
  return check;
}

/** Whether a failed check is one evaluateJsonValue could not decide (its actual value says why). */
export function isUndecided(check: Check): boolean {
  return UNDECIDED.has(check);
}

/** Whether equality of the actual scalar with the matcher's value is undecided: two texts compare as text, exactly. */
function equalityInexact(actual: unknown, expected: unknown): boolean {
  return !(typeof actual === "string" && typeof expected === "string") && inexact(actual, expected);
}

/**
 * Whether the matcher compares the scalar (a big number, or a string of its digits) with a constant close enough for
 * rounding to decide, at any depth `not` reaches: `{not: {ne: 9007199254740992}}` on an id of …993 passed, the ne
 * being false on the rounded value.
 */
function undecidedOn(matcher: Matcher, actual: unknown): boolean {
  if (!isPlainObject(matcher)) return equalityInexact(actual, matcher);
  return Object.entries(matcher).some(([op, exp]) => {
    if (op === "eq" || op === "ne") return equalityInexact(actual, exp);
    if (op === "in") return Array.isArray(exp) && exp.some((e) => equalityInexact(actual, e));
    if (op === "between") return Array.isArray(exp) && exp.some((b) => inexact(actual, b));
    if (op === "gt" || op === "gte" || op === "lt" || op === "lte") return inexact(actual, exp);
    if (op === "not") return undecidedOn(exp, actual);
    // Read as text, a rounded number shows other digits (9007199254740993 as …992): not_contains "993" passed on it.
    if (op === "contains" || op === "not_contains" || op === "matches" || op === "not_matches") return typeof actual === "number";
    return false;
  });
}

/**
 * A value parsed from JSON text (a body, a command's output, a JSON record), or a text from the data (a body, stdout, a CSV
 * cell), against a matcher: as evaluate, except that a comparison
 * with an integer beyond ±2^53 that rounding could decide either way fails as undecided (see inexact). Only JSON
 * numbers are rounded so: a sample value of Prometheus or Loki is a float to begin with, and compares as one.
 */
export function evaluateJsonValue(matcher: Matcher, actual: unknown, path: string): Check[] {
  if (typeof actual === "number" && Math.abs(actual) < EXACT_LIMIT) return evaluate(matcher, actual, path);
  if (holdsInfinity(actual)) return infiniteChecks(matcher, actual, path);
  const big = bigNumbersIn(actual, []);
  if (big.length === 0) return evaluate(matcher, actual, path);
  if (typeof actual !== "number" && typeof actual !== "string") {
    // Inside a list or an object (every, some, contains, a list or a mapping literal, a JSONPath filter's constant): the
    // same rounding decided `"$..id": [9007199254740992]` for an id of …993.
    const constants = numbersIn(matcher, []);
    for (const digits of path.match(/\d{16,}/g) ?? []) constants.push(Number(digits));
    const undecided = big.find((a) => constants.some((c) => inexact(a, c)));
    if (undecided !== undefined) return [undecidedCheck(path, describe(matcher), undecided)];
    // A big number inside read as text (`every: {not_matches: "993$"}`, matches on the list) shows its rounded digits.
    textOfBig = undefined;
    watchText = true;
    try {
      const checks = evaluate(matcher, actual, path);
      if (textOfBig !== undefined) return [undecidedCheck(path, describe(matcher), textOfBig)];
      return checks;
    } finally {
      watchText = false;
    }
  }
  // A big number, or a string of its digits (compared with a number, it compares as one). A JSONPath filter's constant
  // next to it (`$.items[?(@.id == 9007199254740993)].id`) picked the value by its rounded digits.
  if ((path.match(/\d{16,}/g) ?? []).some((digits) => inexact(actual, Number(digits)))) return [undecidedCheck(path, describe(matcher), actual)];
  if (!isPlainObject(matcher)) {
    if (undecidedOn(matcher, actual)) return [undecidedCheck(path, `== ${writtenValue(matcher)}`, actual)];
    return evaluate(matcher, actual, path);
  }
  const checks: Check[] = [];
  for (const [op, exp] of Object.entries(matcher)) {
    if (undecidedOn({ [op]: exp }, actual)) checks.push(undecidedCheck(path, describe({ [op]: exp }), actual));
    else checks.push(...evaluate({ [op]: exp }, actual, path));
  }
  return checks;
}

/** Evaluates a matcher against a value: one Check per operator (all must pass). */
export function evaluate(matcher: Matcher, actual: unknown, path: string): Check[] {
  if (!isPlainObject(matcher)) {
    return [{ path, expected: `== ${writtenValue(matcher)}`, actual, ok: deepEqual(actual, matcher) }];
  }
  return evaluateOperators(matcher, actual, path);
}

/** A mapping of operators, one Check each: apart from evaluate, so the literal case every step checks stays a small function. */
function evaluateOperators(matcher: Record<string, unknown>, actual: unknown, path: string): Check[] {
  const checks: Check[] = [];
  for (const [op, exp] of Object.entries(matcher)) {
    const check = (expected: string, ok: boolean, shown: unknown = actual) => checks.push({ path, expected, actual: shown, ok });
    /** A check with nothing to look for: failed, whatever the value, and so is a `not` around it. */
    const nothingToLookFor = (expected: string, why: string) => checks.push({ path, expected, actual: why, ok: false, empty: true });
    if (watchText && (op === "contains" || op === "not_contains" || op === "matches" || op === "not_matches")) noteTextOf(op, actual);
    switch (op) {
      case "eq": check(`== ${writtenValue(exp)}`, deepEqual(actual, exp)); break;
      // A missing value satisfies no operator but exists: false (ne, not_contains, not_matches and not included).
      case "ne": check(`!= ${writtenValue(exp)}`, actual !== undefined && !deepEqual(actual, exp)); break;
      case "gt": case "gte": case "lt": case "lte":
        check(`${SYMBOL[op]} ${writtenBound(exp)}`, compare(op, actual, exp)); break;
      case "between": {
        const [lo, hi] = exp as [unknown, unknown];
        check(`between ${writtenBound(lo)} and ${writtenBound(hi)}`, compare("gte", actual, lo) && compare("lte", actual, hi));
        break;
      }
      case "in": check(`one of ${writtenValue(exp)}`, (exp as unknown[]).some((v) => deepEqual(actual, v))); break;
      case "contains":
        // An empty text is in every text: `contains: "${JOB}"` with a JOB captured empty passed on anything.
        if (exp === "" && readAsText(actual)) nothingToLookFor('contains ""', "nothing to look for: an empty text is in every text (a variable with an empty value?)");
        else check(`contains ${writtenValue(exp)}`, containsValue(actual, exp));
        break;
      case "not_contains": {
        const ok = actual !== undefined && !containsValue(actual, exp);
        check(`does not contain ${writtenValue(exp)}`, ok);
        if (!ok && readAsText(actual)) noteFound(checks, asText(actual), "contains", exp);
        break;
      }
      case "matches":
        // An empty pattern matches every text: `matches: "${PATTERN}"` with a PATTERN empty passed on anything.
        if (typeof exp === "string" && matchesEveryText(exp))
          nothingToLookFor(`matches /${exp}/`, `nothing to look for: ${isEmptyPattern(exp) ? "an empty pattern matches every text" : everyText(exp)} (a variable with an empty value?)`);
        else {
          const found = actual === undefined ? false : testAnswer(compileRegex(exp as string), asText(actual));
          // A search that may have given up (regex-limit.ts) fails, and `not` around it too, as one with nothing to look for.
          if (found === undefined) nothingToLookFor(`matches /${exp}/`, gaveUpText(exp as string));
          else check(`matches /${exp}/`, found);
        }
        break;
      case "not_matches": {
        const found = actual === undefined ? true : testAnswer(compileRegex(exp as string), asText(actual));
        if (found === undefined) {
          nothingToLookFor(`does not match /${exp}/`, gaveUpText(exp as string));
          break;
        }
        const ok = actual !== undefined && !found;
        check(`does not match /${exp}/`, ok);
        if (!ok && actual !== undefined) noteFound(checks, asText(actual), "matches", exp);
        break;
      }
      case "exists": check(exp ? "exists" : "does not exist", (actual !== undefined) === exp); break;
      // A missing value shows as missing, as under every other operator (not as the text "undefined").
      case "type": check(`is of type ${exp}`, typeOf(actual) === exp, actual === undefined ? undefined : typeOf(actual)); break;
      case "length": {
        const len = lengthOf(actual);
        // Say which length: "has a length" alone read, in a description (describe), as if any length would do.
        if (len === undefined) check(`has a length: ${describe(exp)}`, false);
        else checks.push(...evaluate(exp, len, `${path}.length`));
        break;
      }
      case "every": case "some": {
        if (!Array.isArray(actual)) { check(`is a list, ${op === "every" ? "every" : "some"} item: ${describe(exp)}`, false); break; }
        const results = actual.map((item, i) => evaluate(exp, item, `${path}[${i}]`));
        const passing = results.map((r) => r.every((c) => c.ok));
        if (op === "every") {
          // An empty list has no item to check: a pass would be a check that checked nothing.
          if (actual.length === 0) { check(`every item: ${describe(exp)}`, false, "no items (an empty list)"); break; }
          const bad = passing.indexOf(false);
          if (bad === -1) check(`every item: ${describe(exp)}`, true, `${actual.length} items`);
          else checks.push(...results[bad]!.filter((c) => !c.ok));
        } else if (passing.includes(true)) check(`some item: ${describe(exp)}`, true);
        else {
          // No item passed, but one's check had nothing to look for or no answer (a search that gave up): whether some
          // item holds is not known, so this fails, and a `not` around it too (`not: {some: {contains: "${X}"}}` with X
          // empty passed on every list).
          const unknown = results.flat().find((c) => c.empty);
          if (unknown) nothingToLookFor(`some item: ${describe(exp)}`, unknown.actual as string);
          else check(`some item: ${describe(exp)}`, false);
        }
        break;
      }
      case "not": {
        const inner = evaluate(exp, actual, path);
        // On a missing value only a negated exists ({not: {exists: true}}) can hold.
        const aboutExists = isPlainObject(exp) && "exists" in exp;
        const expected = `not (${inner.map((c) => c.expected).join(" and ")})`;
        // `not: {matches: "${E}"}` with E empty would pass on anything: it fails, as not_matches: "" does.
        const empty = inner.find((c) => c.empty);
        if (empty) nothingToLookFor(expected, empty.actual as string);
        else {
          const ok = (actual !== undefined || aboutExists) && !inner.every((c) => c.ok);
          check(expected, ok);
          // `not: {contains: X}` or `not: {matches: P}` that failed: where X or P was found, as for not_contains.
          if (!ok && readAsText(actual) && isPlainObject(exp) && Object.keys(exp).length === 1) {
            const op = "contains" in exp ? "contains" : typeof exp.matches === "string" ? "matches" : undefined;
            if (op) noteFound(checks, asText(actual), op, exp[op]);
          }
        }
        break;
      }
    }
  }
  return checks;
}

/** How many newlines a match starts with, short of all of it. */
function leadingNewlines(match: string): number {
  let n = 0;
  while (n < match.length - 1 && match[n] === "\n") n++;
  return n;
}

/**
 * Notes on the last check where `op` (`contains` or `matches`) first finds `exp` in `text`: its line and column. A match
 * that starts with its line's newline (`(^|\n)name`) is placed on the line after it.
 */
function noteFound(checks: Check[], text: string, op: "contains" | "matches", exp: unknown): void {
  const match = op === "matches" ? compileRegex(exp as string).exec(text) : null;
  const index = op === "contains" ? text.indexOf(asText(exp)) : match === null ? -1 : match.index + leadingNewlines(match[0]);
  if (index < 0) return;
  let line = 1;
  let start = 0;
  for (let nl = text.indexOf("\n"); nl !== -1 && nl < index; nl = text.indexOf("\n", nl + 1)) {
    line++;
    start = nl + 1;
  }
  checks[checks.length - 1]!.found = { line, column: index - start + 1 };
}

/** A one-line description of a matcher, for reports. */
export function describe(matcher: Matcher): string {
  return evaluate(matcher, undefined, "").map((c) => c.expected).join(" and ");
}

/** Shorthand: does the value satisfy the matcher? */
export function passes(matcher: Matcher, actual: unknown): boolean {
  return evaluate(matcher, actual, "").every((c) => c.ok);
}

// What is wrong with an http step's `expect.status` (a code, a class such as 2xx, a list of either, or a matcher mapping),
// without zod: the schema (status-schema.ts) words these issues, and the fast input check vouches only for a status without any.
import { checksOnly, isPlainObject, matcherIssues, numericMatcherIssues, type MatcherIssue } from "../../expect/matcher.ts";
import { checkStatus, CLASS, CODE_TEXT } from "./status.ts";
import { findRefs } from "../../vars/interpolate.ts";

/** The statuses a response to the step's request can end with: 200-599 (a 1xx is interim; 101 needs an Upgrade). */
const FINAL_STATUSES = Array.from({ length: 400 }, (_, i) => 200 + i);

type Issue = MatcherIssue;

function itemError(v: unknown): string | undefined {
  if (typeof v === "string" && CODE_TEXT.test(v)) return itemError(Number(v));
  if (typeof v === "number") return Number.isInteger(v) && v >= 100 && v <= 599 ? undefined : `${v} is not an HTTP status code (100-599)`;
  if (typeof v === "string") return CLASS.test(v) ? undefined : `${JSON.stringify(v)} is not a status: write a code (200), a class (2xx), or a list of them`;
  return `${JSON.stringify(v)} is not a status: write a code (200), a class (2xx), or a list of them`;
}

const isClass = (v: unknown): v is string => typeof v === "string" && CLASS.test(v);

/** A list of codes and classes (the top-level form, `in`, a list under `not`): each item a status, at least one. */
function listIssues(items: unknown[], path: (string | number)[]): Issue[] {
  if (items.length === 0) return [{ path, message: "an empty list allows no status: list at least one, e.g. [200, 204]" }];
  return items.flatMap((item, i) => {
    const err = itemError(item);
    return err ? [{ path: [...path, i], message: err }] : [];
  });
}

/**
 * What a status matcher mapping says that no status can mean: `eq`, `ne`, `in`, `not` and a literal under `not` take codes
 * and classes (as the top-level forms); a class under a bound (gt, gte, lt, lte, between) has no order, and under
 * contains or matches it is text the status's digits never hold. The rest is checked as a number's matcher is (a status
 * is always a number: `type: string`, `length`, durations as bounds are refused).
 */
function mappingIssues(m: Record<string, unknown>, path: (string | number)[]): Issue[] {
  const issues: Issue[] = [];
  for (const [op, v] of Object.entries(m)) {
    const p = [...path, op];
    const cls = isClass(v) ? v.toLowerCase() : undefined;
    if (op === "eq" || op === "ne") {
      if (Array.isArray(v)) issues.push({ path: p, message: `${op} takes one code or class: for several write ${op === "eq" ? "in: [...]" : "not: {in: [...]}"}` });
      else {
        const err = itemError(v);
        if (err) issues.push({ path: p, message: err });
      }
    } else if (op === "in") {
      if (Array.isArray(v)) issues.push(...listIssues(v, p));
    }
    else if (op === "not") issues.push(...statusMatcherIssues(v, p));
    else if ((op === "gt" || op === "gte" || op === "lt" || op === "lte") && cls)
      issues.push({ path: p, message: `${cls} is a class, not a number: ${op} takes a code (${op}: ${cls[0]}00); for the class itself write status: ${cls} (or {not: ${cls}})` });
    else if (op === "between" && Array.isArray(v) && v.some(isClass)) {
      const c = (v.find(isClass) as string).toLowerCase();
      issues.push({ path: p, message: `between takes two codes, not a class (${JSON.stringify(v)}): write between: [${c[0]}00, ${c[0]}99], or the class itself (status: ${c})` });
    }
    else if ((op === "contains" || op === "not_contains" || op === "matches" || op === "not_matches") && cls)
      issues.push({ path: p, message: `${op}: ${cls} reads the status as text, its digits, which never hold "${cls}": for the class write status: ${cls} (or {not: ${cls}})` });
  }
  return issues;
}

/** A class or a code text stands as a code for the number checks (the class and code checks are mappingIssues'). */
function asCodes(m: unknown): unknown {
  if (isClass(m)) return Number(m[0]) * 100;
  if (Array.isArray(m)) return 200;
  if (!isPlainObject(m)) return m;
  const out: Record<string, unknown> = {};
  for (const [op, v] of Object.entries(m)) out[op] = op === "in" ? (v as unknown[]).map(asCodes) : op === "eq" || op === "ne" || op === "not" ? asCodes(v) : v;
  return out;
}

/** What is wrong with a status expectation (a code, a class, a list, or a matcher mapping), paths relative to it. */
export function statusMatcherIssues(v: unknown, path: (string | number)[] = []): Issue[] {
  if (isPlainObject(v)) {
    // The class's own messages first (matcherIssues would say `gte: 4xx` is no number), then the shape's elsewhere.
    const own = mappingIssues(v, path);
    const said = new Set(own.map((i) => JSON.stringify(i.path)));
    const issues = [...own, ...matcherIssues(v, path).filter((i) => !said.has(JSON.stringify(i.path)))];
    // A matcher every status meets says "any status" (the default is 2xx): the step decides whether that checks nothing.
    return issues.length ? issues : numericMatcherIssues(asCodes(v), "status", path, true);
  }
  if (Array.isArray(v)) return listIssues(v, path);
  const err = itemError(v);
  return err ? [{ path, message: err }] : [];
}

/**
 * An `expect` whose only check is a status matcher that every status meets (`status: {gte: 0}`): the step passed on any
 * response. Beside another check (a body, a JSON field) it says "any status", a meaning of its own (the default is 2xx).
 */
export function httpExpectIssue(expect: Record<string, unknown>): string | undefined {
  if (!checksOnly(expect, ["status"]) || statusMatcherIssues(expect.status).length > 0) return undefined;
  // Every status a response can end with, tried: `{gte: 0}`, `[2xx, 3xx, 4xx, 5xx]` and `{matches: '\d'}` hold for each.
  if (!FINAL_STATUSES.every((s) => checkStatus(expect.status, s).every((c) => c.ok))) return undefined;
  return "status holds here for every status, and expect checks nothing else, so the step would pass on any response: leave status out to require 2xx, or check a header, the body or a JSON field beside it";
}

/**
 * Where httpExpectIssue's issue stands, relative to `expect`: at the first text of the status matcher that still holds a
 * reference (`not_matches: "^${E}"`, E captured during the run; the loader has filled in the values known before it),
 * else at `status`. There the loader sets the issue aside, as for any field holding such a reference, and the engine
 * judges the matcher once the value is known: read as the text "^${E}" it held for every status, and was refused, while
 * with E=5 it fails on a 500.
 */
export function httpExpectIssuePath(status: unknown): (string | number)[] {
  return ["status", ...(refAt(status) ?? [])];
}

function refAt(v: unknown): (string | number)[] | undefined {
  if (typeof v === "string") return v.includes("${") && findRefs(v).some((r) => !r.error) ? [] : undefined;
  const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : isPlainObject(v) ? Object.entries(v) : [];
  for (const [k, x] of entries) {
    const at = refAt(x);
    if (at) return [k, ...at];
  }
  return undefined;
}

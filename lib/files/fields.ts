// Field checks shared by jsonl, json and csv records: presence of required fields, or a matcher per field.
import { evaluateJsonValue, isPlainObject, isUndecided, readValue, TOO_DEEP, undecidedWhy, type Check, type Matcher } from "../expect/matcher.ts";
import type { FieldsSpec } from "./schema.ts";
import { clipAfter } from "../util/clip.ts";

/**
 * Looks up a field: the exact key first, then a dotted path into nested objects ("http.status"). Own keys only: `in`
 * also found what every object inherits, so required_fields: [constructor] passed on {"level":"info"}.
 */
export function getField(record: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(record, name)) return record[name];
  if (!name.includes(".")) return undefined;
  let cur: unknown = record;
  for (const part of name.split(".")) {
    if (!isPlainObject(cur) || !Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Normalised field rules: name plus an optional matcher. */
export interface FieldRule {
  name: string;
  matcher?: Matcher;
}

export function fieldRules(spec: FieldsSpec | undefined): FieldRule[] {
  if (!spec) return [];
  if (Array.isArray(spec)) return spec.map((name) => ({ name }));
  return Object.entries(spec).map(([name, matcher]) => ({ name, matcher }));
}

/**
 * Whether a matcher says something of the field's presence (`exists`, under `not` too: `{not: {exists: true}}`): only
 * such a one is asked of a missing field; any other fails on it as "missing".
 */
function aboutExists(matcher: Matcher): boolean {
  return isPlainObject(matcher) && ("exists" in matcher || aboutExists(matcher.not));
}

/** Whether a rule holds on a record without the field (`{exists: false}`): a CSV header may then lack its column. */
export function holdsWhenMissing(rule: FieldRule): boolean {
  return rule.matcher !== undefined && aboutExists(rule.matcher) && evaluateJsonValue(rule.matcher, undefined, rule.name).every((c) => c.ok);
}

/**
 * Why a record fails the rules ("missing field \"level\""), or undefined when it passes. `isEmpty` says which values
 * count as missing (a CSV's empty cell too): a matcher sees them as a missing field, so `{exists: true}` fails on one.
 * `hidden` names the fields whose value the message shows as `***` (a CSV column named for a credential).
 */
export function fieldProblem(
  record: Record<string, unknown>,
  rules: readonly FieldRule[],
  isEmpty: (v: unknown) => boolean = (v) => v === undefined,
  hidden?: (name: string) => boolean,
): string | undefined {
  for (const rule of rules) {
    const found = getField(record, rule.name);
    const missing = isEmpty(found);
    const gone = found === undefined ? `missing field "${rule.name}"` : `empty field "${rule.name}"`;
    if (rule.matcher === undefined) {
      if (missing) return gone;
      continue;
    }
    if (missing && !aboutExists(rule.matcher)) return gone;
    const value = missing ? undefined : found;
    // A JSON number or a CSV cell of digits beyond 2^53 is no exact number: {id: 9007199254740993} passed on …992.
    let failed: Check[];
    let shown: string;
    try {
      failed = evaluateJsonValue(rule.matcher, value, rule.name).filter((c) => !c.ok);
      shown = !failed.length ? "" : hidden?.(rule.name) ? '"***"' : clipAfter(readValue(value), 80);
    } catch (e) {
      // A value nested 200,000 deep overflows the walks that compare and show it: the line fails, the file was read.
      if (e instanceof RangeError) return `field "${rule.name}" is ${TOO_DEEP}`;
      throw e;
    }
    if (failed.length) {
      const what = failed.map((c) => {
        const sub = c.path.slice(rule.name.length).replace(/^\./, "");
        return sub ? `${sub} ${c.expected}` : c.expected;
      });
      if (failed.some(isUndecided))
        return `field "${rule.name}" (read as ${shown}): ${what.join(" and ")} cannot be decided: ${undecidedWhy(value)} (compare the digits as text: quoted for a CSV cell, with contains: {matches: …} for JSON)`;
      return missing ? `${gone}, expected ${what.join(" and ")}` : `field "${rule.name}" is ${shown}, expected ${what.join(" and ")}`;
    }
  }
  return undefined;
}

// Field checks shared by jsonl, json and csv records: presence of required fields, or a matcher per field.
import { evaluateJsonValue, isPlainObject, isUndecided, TOO_DEEP, type Check, type Matcher } from "../expect/matcher.ts";
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

function wantsAbsence(matcher: Matcher): boolean {
  return isPlainObject(matcher) && "exists" in matcher;
}

/** Why a record fails the rules ("missing field \"level\""), or undefined when it passes. */
export function fieldProblem(record: Record<string, unknown>, rules: readonly FieldRule[], isEmpty: (v: unknown) => boolean = (v) => v === undefined): string | undefined {
  for (const rule of rules) {
    const value = getField(record, rule.name);
    if (rule.matcher === undefined) {
      if (isEmpty(value)) return value === undefined ? `missing field "${rule.name}"` : `empty field "${rule.name}"`;
      continue;
    }
    if (value === undefined && !wantsAbsence(rule.matcher)) return `missing field "${rule.name}"`;
    // A JSON number or a CSV cell of digits beyond 2^53 is no exact number: {id: 9007199254740993} passed on …992.
    let failed: Check[];
    let shown: string;
    try {
      failed = evaluateJsonValue(rule.matcher, value, rule.name).filter((c) => !c.ok);
      shown = failed.length ? clipAfter(typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value)), 80) : "";
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
        return `field "${rule.name}" (read as ${shown}): ${what.join(" and ")} cannot be decided: beyond 2^53 a number is not exact here (compare the digits as text: quoted for a CSV cell, with contains: {matches: …} for JSON)`;
      return `field "${rule.name}" is ${shown}, expected ${what.join(" and ")}`;
    }
  }
  return undefined;
}

// Checks without zod for the commonest fields of the format (strings, scalars, durations, string maps): each returns zod's exact output, or UNSURE (then zod decides).
import { durationMs } from "./units/duration.ts";

/** The answer of a fast check that cannot vouch for a value: the caller falls back to the zod schema. */
export const UNSURE: unique symbol = Symbol("unsure: let zod decide");
export type Fast<T> = T | typeof UNSURE;

/** A mapping as the YAML parser builds it, with no key that an object literal would treat specially. */
export function isFastMapping(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !Object.hasOwn(v, "__proto__");
}

/** True when every key of the mapping is in `allowed` and no value is undefined (zod keeps such keys, this path does not). */
export function onlyKeys(v: Record<string, unknown>, allowed: ReadonlySet<string>): boolean {
  for (const k in v) if (!allowed.has(k) || v[k] === undefined) return false;
  return true;
}

/** `scalar`: a string, finite number or boolean, as a string. */
export function fastScalar(v: unknown): Fast<string> {
  if (typeof v === "string") return v;
  if (typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v))) return String(v);
  return UNSURE;
}

/** `stringMap`: a mapping of scalars, as strings. */
export function fastStringMap(v: unknown): Fast<Record<string, string>> {
  if (!isFastMapping(v)) return UNSURE;
  const out: Record<string, string> = {};
  for (const k in v) {
    const s = fastScalar(v[k]);
    if (s === UNSURE) return UNSURE;
    out[k] = s;
  }
  return out;
}

/** `duration`: a string with units or a finite number of seconds, in milliseconds. */
export function fastDuration(v: unknown): Fast<number> {
  if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v))) return UNSURE;
  return durationMs(v) ?? UNSURE;
}

/** A duration of more than 0 in milliseconds: a deadline, an interval, a hold (zod: `deadline`, positiveDuration). */
export function fastDeadline(v: unknown): Fast<number> {
  const ms = fastDuration(v);
  return ms === UNSURE || ms > 0 ? ms : UNSURE;
}

/** An integer within bounds (zod's z.number().int().min().max()). */
export function isIntIn(v: unknown, min: number, max: number): v is number {
  return typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
}

/** A list of strings, copied (z.array(z.string())). */
export function fastStringList(v: unknown): Fast<string[]> {
  if (!Array.isArray(v)) return UNSURE;
  for (const s of v) if (typeof s !== "string") return UNSURE;
  return [...v];
}

/** Copies `v[key]`, as `check` parses it, into `out` when v has the key; false when the check is unsure. */
export function copyChecked<T>(v: Record<string, unknown>, key: string, check: (value: unknown) => Fast<T>, out: Record<string, unknown>): boolean {
  if (!(key in v)) return true;
  const value = check(v[key]);
  if (value === UNSURE) return false;
  out[key] = value;
  return true;
}

// A check's value as the reports show it, and the engine where it says a failed check in a line of its own.

/**
 * A value as reports show it: strings quoted, structures as JSON, a missing value as "(missing)", a number as String
 * gives it: NaN and ±Infinity too (a body's `1e400`, a sample's `+Inf`), which JSON would show as null, a value the
 * server never sent (`expected == 5, actual null`).
 */
export function showValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

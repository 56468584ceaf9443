// A json request body's numbers JSON.stringify would not send as written: refused when the scenario loads.

/** The numbers in a json body that JSON.stringify would not send as written (an integer beyond 2^53, ±Infinity), with their paths. */
export function inexactNumbers(v: unknown, path: (string | number)[]): [(string | number)[], number][] {
  if (typeof v === "number") return !Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER) ? [[path, v]] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => inexactNumbers(x, [...path, i]));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => inexactNumbers(x, [...path, k]));
  return [];
}

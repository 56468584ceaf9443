// A json request body's numbers JSON.stringify would not send as written, and an `expect:` indented into it: refused when the scenario loads.

/** The numbers in a json body that JSON.stringify would not send as written (an integer beyond 2^53, ±Infinity), with their paths. */
export function inexactNumbers(v: unknown, path: (string | number)[]): [(string | number)[], number][] {
  if (typeof v === "number") return !Number.isFinite(v) || (Number.isInteger(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER) ? [[path, v]] : [];
  if (Array.isArray(v)) return v.flatMap((x, i) => inexactNumbers(x, [...path, i]));
  if (v !== null && typeof v === "object") return Object.entries(v).flatMap(([k, x]) => inexactNumbers(x, [...path, k]));
  return [];
}

/** The keys of an http step's `expect:`: its checks. */
export const HTTP_CHECKS: ReadonlySet<string> = new Set(["status", "headers", "body", "json", "json_schema", "latency"]);

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Why the json body's own `expect:` is the step's checks indented one level too far, or undefined: a mapping of the
 * step's check keys alone, in a step with no `expect:` of its own. Sent in the body, it checked nothing, and the step
 * passed on any 2xx or 3xx (`status: 201` on a 200). A body that holds such a key on purpose gives the step an expect.
 */
export function expectInBody(json: unknown, stepExpect: unknown): string | undefined {
  if (stepExpect !== undefined || !isMapping(json) || !Object.hasOwn(json, "expect")) return undefined;
  const inner = json.expect;
  if (!isMapping(inner) || Object.keys(inner).length === 0 || !Object.keys(inner).every((k) => HTTP_CHECKS.has(k))) return undefined;
  return "this expect: is inside the request body (json:), so it is sent to the server and checks nothing: move it out to the indent of json: (a body that holds such a key on purpose: give the step an expect: of its own)";
}

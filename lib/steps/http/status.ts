// `expect.status` of the http step at run time: a code, a class such as 2xx, a list of either, or a matcher mapping.
import { evaluate, isPlainObject, type Check } from "../../expect/matcher.ts";

/** A code written as text: what a captured status (`status: "${CODE}"`) is once interpolated. */
export const CODE_TEXT = /^\d{3}$/;

/** A code (200, or "200" as a captured value gives it) or a class ("2xx"). */
function statusIs(item: unknown, status: number): boolean {
  if (typeof item === "string" && CODE_TEXT.test(item)) return Number(item) === status;
  return typeof item === "string" ? Math.floor(status / 100) === Number(item[0]) : item === status;
}

/** Checks the status; without an expectation, a 2xx or 3xx status passes and 4xx/5xx fail. */
export function checkStatus(spec: unknown, status: number): Check[] {
  // A code, the common case: what evaluate gives for a literal number (the number as String writes it, compared with ===).
  if (typeof spec === "number" && Number.isFinite(spec)) return [{ path: "status", expected: `== ${spec}`, actual: status, ok: status === spec }];
  if (spec === undefined) return [{ path: "status", expected: "2xx or 3xx (no status expected explicitly)", actual: status, ok: status >= 200 && status < 400 }];
  if (isPlainObject(spec)) return evaluate(spec, status, "status");
  if (Array.isArray(spec)) {
    return [{ path: "status", expected: `one of ${spec.map(String).join(", ")}`, actual: status, ok: spec.some((s) => statusIs(s, status)) }];
  }
  if (typeof spec === "string") return [{ path: "status", expected: CODE_TEXT.test(spec) ? `== ${spec}` : spec.toLowerCase(), actual: status, ok: statusIs(spec, status) }];
  return evaluate(spec, status, "status");
}

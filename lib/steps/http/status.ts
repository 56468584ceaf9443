// `expect.status` of the http step at run time: a code, a class such as 2xx, a list of either, or a matcher mapping.
import { evaluate, isPlainObject, type Check } from "../../expect/matcher.ts";

/** A code written as text: what a captured status (`status: "${CODE}"`) is once interpolated. */
export const CODE_TEXT = /^\d{3}$/;

/** A class of codes: 2xx, 2XX (any case). */
export const CLASS = /^[1-5]xx$/i;

/** A code (200, or "200" as a captured value gives it) or a class ("2xx"). */
function statusIs(item: unknown, status: number): boolean {
  if (typeof item === "string" && CODE_TEXT.test(item)) return Number(item) === status;
  return typeof item === "string" ? Math.floor(status / 100) === Number(item[0]) : item === status;
}

/** How a code or a class shows as an expectation: `== 200`, `4xx`. */
function shown(item: unknown): string {
  return typeof item === "string" && CLASS.test(item) ? item.toLowerCase() : `== ${String(item)}`;
}

/** A list of codes and classes, as the top-level list form and `in` show it. */
const oneOf = (items: unknown[]) => `one of ${items.map((s) => (typeof s === "string" ? s.toLowerCase() : String(s))).join(", ")}`;

/**
 * A matcher mapping on the status: `eq`, `ne`, `in` and `not` (and a literal under `not`) read a class as its class and a
 * list as one of its items, as the top-level forms do (`{not: 4xx}` passed on a 404, the generic matcher comparing the
 * number with the text "4xx"); the other operators compare the number as every matcher does.
 */
function statusChecks(matcher: unknown, status: number, path: string): Check[] {
  if (Array.isArray(matcher)) return [{ path, expected: oneOf(matcher), actual: status, ok: matcher.some((s) => statusIs(s, status)) }];
  if (!isPlainObject(matcher)) return [{ path, expected: shown(matcher), actual: status, ok: statusIs(matcher, status) }];
  const checks: Check[] = [];
  for (const [op, exp] of Object.entries(matcher)) {
    const check = (expected: string, ok: boolean) => checks.push({ path, expected, actual: status, ok });
    switch (op) {
      case "eq": check(shown(exp), statusIs(exp, status)); break;
      case "ne": check(typeof exp === "string" && CLASS.test(exp) ? `not ${exp.toLowerCase()}` : `!= ${String(exp)}`, !statusIs(exp, status)); break;
      case "in": check(oneOf(exp as unknown[]), (exp as unknown[]).some((s) => statusIs(s, status))); break;
      case "not": {
        const inner = statusChecks(exp, status, path);
        check(`not (${inner.map((c) => c.expected).join(" and ")})`, !inner.every((c) => c.ok));
        break;
      }
      default: checks.push(...evaluate({ [op]: exp }, status, path));
    }
  }
  return checks;
}

/** Checks the status; without an expectation, a 2xx or 3xx status passes and 4xx/5xx fail. */
export function checkStatus(spec: unknown, status: number): Check[] {
  // A code, the common case: what evaluate gives for a literal number (the number as String writes it, compared with ===).
  if (typeof spec === "number" && Number.isFinite(spec)) return [{ path: "status", expected: `== ${spec}`, actual: status, ok: status === spec }];
  if (spec === undefined) return [{ path: "status", expected: "2xx or 3xx (no status expected explicitly)", actual: status, ok: status >= 200 && status < 400 }];
  if (isPlainObject(spec) || Array.isArray(spec)) return statusChecks(spec, status, "status");
  if (typeof spec === "string") return [{ path: "status", expected: CODE_TEXT.test(spec) ? `== ${spec}` : spec.toLowerCase(), actual: status, ok: statusIs(spec, status) }];
  return evaluate(spec, status, "status");
}

/**
 * Why a final status is no HTTP status, or undefined for one that is (100 to 599). Both clients hand one over as the
 * number its three digits make (`HTTP/1.1 099 X` is 99), which `status: {lt: 400}`, or no `status` at all for a 0 or
 * a 99, let pass; RFC 9110 §15 has a client treat it as an error (5xx). Named as its status line writes it: 099, 000.
 */
export function invalidStatus(status: number): string | undefined {
  if (status >= 100 && status <= 599) return undefined;
  const written = Number.isInteger(status) && status >= 0 && status <= 999 ? String(status).padStart(3, "0") : String(status);
  return `the server answered with status ${written}, which is no HTTP status (a status is 100 to 599, RFC 9110 §15): the response is invalid, and nothing of it is checked`;
}

// The load-time schema of the http step's `expect.status`: a code, a class such as 2xx, a list of either, or a matcher mapping.
import { z } from "zod";
import { isPlainObject, matcherIssues } from "../../expect/matcher.ts";
import { CODE_TEXT } from "./status.ts";

const CLASS = /^[1-5]xx$/i;

function itemError(v: unknown): string | undefined {
  if (typeof v === "string" && CODE_TEXT.test(v)) return itemError(Number(v));
  if (typeof v === "number") return Number.isInteger(v) && v >= 100 && v <= 599 ? undefined : `${v} is not an HTTP status code (100-599)`;
  if (typeof v === "string") return CLASS.test(v) ? undefined : `${JSON.stringify(v)} is not a status: write a code (200), a class (2xx), or a list of them`;
  return `${JSON.stringify(v)} is not a status: write a code (200), a class (2xx), or a list of them`;
}

/** Validates a status expectation at load time. */
export const statusSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    if (isPlainObject(v)) {
      for (const issue of matcherIssues(v)) ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
      return;
    }
    const items = Array.isArray(v) ? v : [v];
    if (items.length === 0) ctx.addIssue({ code: "custom", message: "an empty list allows no status: list at least one, e.g. [200, 204]" });
    items.forEach((item, i) => {
      const err = itemError(item);
      if (err) ctx.addIssue({ code: "custom", path: Array.isArray(v) ? [i] : [], message: err });
    });
  })
  .meta({ description: "status code (200), class (2xx), a list of them ([200, 3xx]), or a matcher ({gte: 200, lt: 300}); default: 2xx or 3xx" });

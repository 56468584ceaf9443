// The zod schema of a JSONPath → matcher map, apart from jsonpath.ts so that evaluating JSONPaths never loads zod.
import { z } from "zod";
import { jsonPathProblem, severalComparedWhole, severalNeverPasses } from "./jsonpath.ts";

/** A map JSONPath → matcher (`expect.json`), each key checked for syntax. */
export function jsonPathMap<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    // `json: {}` checked nothing, and passed on a body that is not JSON at all.
    if (Object.keys(map).length === 0) ctx.addIssue({ code: "custom", message: "json: {} checks nothing: give a JSONPath and its matcher, e.g. {\"$.status\": ok}, or leave json out" });
    for (const key of Object.keys(map)) {
      const err = jsonPathProblem(key);
      // textOffset: where in the key the message points (lib/loader/zod-issues.ts turns it into the key's file:line:col)
      if (err) ctx.addIssue({ code: "custom", path: [key], message: err.message, params: { textOffset: err.at, inKey: true } });
      // `"$.items[?(@.level == 'error')]": {length: 0}`: no match is missing, not an empty list, so it never passed.
      const never = err ? undefined : severalNeverPasses(key, map[key]) ?? severalComparedWhole(key, map[key]);
      if (never) ctx.addIssue({ code: "custom", path: [key, ...never.at], message: never.message });
    }
  });
}

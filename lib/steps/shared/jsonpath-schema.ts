// The zod schema of a JSONPath → matcher map, apart from jsonpath.ts so that evaluating JSONPaths never loads zod.
import { z } from "zod";
import { jsonPathError } from "./jsonpath.ts";

/** A map JSONPath → matcher (`expect.json`), each key checked for syntax. */
export function jsonPathMap<T extends z.ZodType>(value: T) {
  return z.record(z.string(), value).superRefine((map, ctx) => {
    for (const key of Object.keys(map)) {
      const err = jsonPathError(key);
      if (err) ctx.addIssue({ code: "custom", path: [key], message: err });
    }
  });
}

// The zod schema of `capture:` (shell and http), apart from capture.ts so that running captures never loads zod.
import { z } from "zod";
import { regex } from "../../core/zod-fields.ts";
import { jsonPathProblem } from "./jsonpath.ts";
import { VAR_NAME } from "../../vars/interpolate.ts";
import { runsAsCodeWhy } from "../../vars/code-names.ts";

/** What a step offers to capture from. */
export interface CaptureSources {
  /** Names usable as plain strings, e.g. stdout/stderr (shell) or body/status (http). */
  named: readonly string[];
  /** Whether `header:NAME` is allowed (http). */
  headers?: boolean;
  /** Where {regex} and JSONPath apply, for messages ("stdout", "the response body"). */
  textName: string;
}

/** The zod schema of `capture:` for a step kind: variable names, and each source checked at load time. */
export function captureSchema(sources: CaptureSources) {
  const options = [...sources.named.map((n) => `"${n}"`), "a JSONPath such as \"$.data[0].id\"", ...(sources.headers ? ["\"header:NAME\""] : []), "{regex: ...}"];
  const spec = z.union([
    z.string().superRefine((v, ctx) => {
      const bad = v.startsWith("$") ? jsonPathProblem(v) : undefined;
      // textOffset: where in the path the message points (lib/loader/zod-issues.ts turns it into file:line:col)
      if (bad) return ctx.addIssue({ code: "custom", message: bad.message, params: { textOffset: bad.at } });
      const err = captureSourceError(v, sources);
      if (!err) return;
      const hint = /^[A-Za-z_][\w-]*([.[]|$)/.test(v) && /[.[]/.test(v) ? ` (did you mean the JSONPath "$.${v}"?)` : "";
      ctx.addIssue({ code: "custom", message: err === UNKNOWN ? `unknown capture source ${JSON.stringify(v)}${hint}: a capture takes ${options.join(", ")}` : err });
    }),
    z.object({ regex: regex.meta({ description: `regular expression on ${sources.textName}: captures its first group, else the whole match` }) }).strict(),
  ]);
  return z.record(z.string(), spec).superRefine((map, ctx) => {
    for (const name of Object.keys(map)) {
      if (!VAR_NAME.test(name)) ctx.addIssue({ code: "custom", path: [name], message: `capture name ${JSON.stringify(name)}: a variable name takes letters, digits and _ and does not start with a digit` });
      else {
        const why = runsAsCodeWhy(name);
        if (why) ctx.addIssue({ code: "custom", path: [name], message: `capture name ${name}: every later step's programs get it in their environment, where ${why}; a captured value (chosen by what answered) would decide that: pick another name` });
      }
    }
  });
}

const UNKNOWN = "unknown";

function captureSourceError(v: string, sources: CaptureSources): string | undefined {
  if (v.startsWith("$")) return undefined;
  if (sources.headers && v.toLowerCase().startsWith("header:")) return v.slice(7).trim() === "" ? "header: needs a header name, e.g. header:Location" : undefined;
  if (sources.named.includes(v)) return undefined;
  return UNKNOWN;
}

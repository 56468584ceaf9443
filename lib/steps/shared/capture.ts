// `capture:` shared by shell and http: NAME → a named source, a JSONPath, `header:NAME`, or {regex} on the text.
import { z } from "zod";
import { compileRegex } from "../../expect/regex.ts";
import type { Check } from "../../expect/matcher.ts";
import { jsonPathError, queryJsonPath, type JsonPathResult } from "./jsonpath.ts";

const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a step offers to capture from. */
export interface CaptureSources {
  /** Names usable as plain strings, e.g. stdout/stderr (shell) or body/status (http). */
  named: readonly string[];
  /** Whether `header:NAME` is allowed (http). */
  headers?: boolean;
  /** Where {regex} and JSONPath apply, for messages ("stdout", "the response body"). */
  textName: string;
}

export type CaptureSpec = string | { regex: string };

/** The zod schema of `capture:` for a step kind: variable names, and each source checked at load time. */
export function captureSchema(sources: CaptureSources) {
  // Required here, not imported: a run whose steps all pass their kind's fast check builds none of zod-fields' schemas.
  const { regex } = require("../../core/zod-fields.ts") as typeof import("../../core/zod-fields.ts");
  const options = [...sources.named.map((n) => `"${n}"`), "a JSONPath such as \"$.data[0].id\"", ...(sources.headers ? ["\"header:NAME\""] : []), "{regex: ...}"];
  const spec = z.union([
    z.string().superRefine((v, ctx) => {
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
    }
  });
}

const UNKNOWN = "unknown";

function captureSourceError(v: string, sources: CaptureSources): string | undefined {
  if (v.startsWith("$")) return jsonPathError(v);
  if (sources.headers && v.toLowerCase().startsWith("header:")) return v.slice(7).trim() === "" ? "header: needs a header name, e.g. header:Location" : undefined;
  if (sources.named.includes(v)) return undefined;
  return UNKNOWN;
}

/** The values a step hands to runCaptures. */
export interface CaptureInput {
  /** The text {regex} applies to (stdout, the response body). */
  text: string;
  /** The text parsed as JSON, for JSONPath captures. */
  json(): JsonPathResult;
  /** The value of a named source ("stdout" → trimmed stdout, "status" → "200"). */
  named(name: string): string | undefined;
  /** A response header, for `header:NAME`. */
  header?(name: string): string | undefined;
}

/** A captured JSON value as a variable: strings as they are, anything else as JSON. */
export function captureText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Runs every capture: values for the ones that matched, a failed check for each that did not. */
export async function runCaptures(
  spec: Record<string, CaptureSpec>,
  input: CaptureInput,
  textName: string,
): Promise<{ captures: Record<string, string>; checks: Check[] }> {
  const captures: Record<string, string> = {};
  const checks: Check[] = [];
  const fail = (name: string, expected: string, actual: unknown) => checks.push({ path: `capture ${name}`, expected, actual, ok: false });
  for (const [name, source] of Object.entries(spec)) {
    if (typeof source !== "string") {
      const m = compileRegex(source.regex).exec(input.text);
      if (!m) fail(name, `/${source.regex}/ matches ${textName}`, "no match");
      else captures[name] = m.length > 1 ? (m[1] ?? "") : m[0];
    } else if (source.startsWith("$")) {
      const doc = input.json();
      if (!doc.ok) {
        fail(name, `${source} in ${textName}`, doc.error);
        continue;
      }
      const found = await queryJsonPath(source, doc.value);
      if (!found.ok) fail(name, `${source} in ${textName}`, found.error);
      else if (found.value === undefined) fail(name, `${source} matches a value in ${textName}`, "nothing matched");
      else captures[name] = captureText(found.value);
    } else if (source.toLowerCase().startsWith("header:")) {
      const header = source.slice(7).trim();
      const value = input.header?.(header);
      if (value === undefined) fail(name, `response header ${header}`, "absent");
      else captures[name] = value;
    } else {
      const value = input.named(source);
      if (value === undefined) fail(name, source, "absent");
      else captures[name] = value;
    }
  }
  return { captures, checks };
}

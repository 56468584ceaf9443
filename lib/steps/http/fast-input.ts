// The http step's common inputs checked without zod: the schema's exact output (defaults and transforms applied), or undefined when unsure (then zod decides and words any error).
import { copyChecked, fastDeadline, fastScalar, fastStringMap, isFastMapping, isIntIn, onlyKeys, UNSURE, type Fast } from "../../core/fast-fields.ts";
import { expectInBody, HTTP_CHECKS, inexactNumbers } from "./json-body.ts";
import { isHeaderMatcher, isMatcher, isNumericMatcher, isTextMatcher, jsonMatchers } from "../shared/fast-expect.ts";
import { MAX_CONCURRENCY, MAX_REPEAT } from "./limits.ts";
import { isHttpMethod } from "./methods.ts";
import { schemaTypos, vacuousSchema } from "./schema-typos.ts";
import { compileIssues } from "./json-schema.ts";
import { httpExpectIssue, statusMatcherIssues } from "./status-issues.ts";
import { HEADER_NAME, HEADER_VALUE_CONTROL, unsupportedScheme, URL_CONTROL } from "../../util/url-text.ts";

/** Fields this path vouches for; any other (capture, unknown keys) leaves the input to zod. */
const INPUT_KEYS: ReadonlySet<string> = new Set(["url", "method", "headers", "query", "body", "json", "timeout", "follow_redirects", "insecure_tls", "expect", "repeat", "concurrency"]);
const METHOD = /^[A-Za-z]+$/;

/** A copy of a mapping whose every value passes `ok` (a z.record of checked z.unknown values). */
function checkedRecord(v: unknown, ok: (value: unknown) => boolean): Fast<Record<string, unknown>> {
  if (!isFastMapping(v)) return UNSURE;
  const out: Record<string, unknown> = {};
  for (const k in v) {
    if (!ok(v[k])) return UNSURE;
    out[k] = v[k];
  }
  return out;
}

function fastQuery(v: unknown): Fast<Record<string, string | string[]>> {
  if (!isFastMapping(v)) return UNSURE;
  const out: Record<string, string | string[]> = {};
  for (const k in v) {
    const item = v[k];
    if (Array.isArray(item)) {
      const list: string[] = [];
      for (const x of item) {
        const s = fastScalar(x);
        if (s === UNSURE) return UNSURE;
        list.push(s);
      }
      out[k] = list;
    } else {
      const s = fastScalar(item);
      if (s === UNSURE) return UNSURE;
      out[k] = s;
    }
  }
  return out;
}

/**
 * `expect.headers`: header name → matcher of its value (text, or absent); an empty mapping checks nothing, and a name no
 * header has (`bad name`) cannot be looked up: zod words both.
 */
const headerMatchers = (v: unknown) => (isFastMapping(v) && (Object.keys(v).length === 0 || !Object.keys(v).every((name) => HEADER_NAME.test(name))) ? UNSURE : checkedRecord(v, isHeaderMatcher));

function fastExpect(v: unknown): Fast<Record<string, unknown>> {
  if (!isFastMapping(v) || !onlyKeys(v, HTTP_CHECKS)) return UNSURE;
  const out: Record<string, unknown> = {};
  if ("status" in v) {
    // A class under a bound, a text that is no status…: zod words the issue (status-schema.ts).
    const s = v.status;
    if ((typeof s === "object" && s !== null && !Array.isArray(s) && !isFastMapping(s)) || statusMatcherIssues(s).length) return UNSURE;
    out.status = v.status;
  }
  if (!copyChecked(v, "headers", headerMatchers, out)) return UNSURE;
  if ("body" in v) {
    if (!isTextMatcher(v.body)) return UNSURE;
    out.body = v.body;
  }
  if (!copyChecked(v, "json", jsonMatchers, out)) return UNSURE;
  if ("json_schema" in v) {
    const js = v.json_schema;
    if (typeof js === "boolean") {
      if (vacuousSchema(js)) return UNSURE;
      out.json_schema = js;
    }
    else {
      const copy = checkedRecord(js, () => true);
      // A misspelt keyword, or a schema ajv refuses: zod says which (schema-typos.ts, json-schema.ts).
      if (copy === UNSURE || schemaTypos(copy).length || vacuousSchema(copy as Record<string, unknown>) || compileIssues(copy as Record<string, unknown>).length) return UNSURE;
      out.json_schema = copy;
    }
  }
  if ("latency" in v) {
    if (!isNumericMatcher(v.latency, "ms")) return UNSURE;
    out.latency = v.latency;
  }
  // A status every response meets, and nothing else: zod words it.
  return httpExpectIssue(out) ? UNSURE : out;
}

/** The parsed http input, exactly as the zod schema would return it, or undefined when this path is not sure. */
export function fastHttpInput(v: unknown): { value: Record<string, unknown> } | undefined {
  if (!isFastMapping(v) || !onlyKeys(v, INPUT_KEYS)) return undefined;
  // A URL no parser reads (known before the run: no `${…}`), or one holding a control character, is zod's to refuse.
  if (typeof v.url !== "string" || v.url.length === 0 || URL_CONTROL.test(v.url) || (!v.url.includes("${") && (!URL.canParse(v.url) || unsupportedScheme(v.url) !== undefined))) return undefined;
  const out: Record<string, unknown> = { url: v.url };
  if ("method" in v) {
    // An unknown method (a typo: GTE) is zod's to refuse.
    if (typeof v.method !== "string" || !METHOD.test(v.method) || !isHttpMethod(v.method.toUpperCase())) return undefined;
    out.method = v.method.toUpperCase();
  } else out.method = "GET";
  if (!copyChecked(v, "headers", fastStringMap, out) || !copyChecked(v, "query", fastQuery, out)) return undefined;
  // A name no header may have, or a value with a line break or NUL: zod words it.
  if (out.headers && Object.entries(out.headers).some(([name, value]) => (!name.includes("${") && !HEADER_NAME.test(name)) || HEADER_VALUE_CONTROL.test(value as string))) return undefined;
  if ("body" in v) {
    if (typeof v.body !== "string" || "json" in v) return undefined;
    out.body = v.body;
  }
  if ("json" in v) {
    // A number that would not be sent as written, or the step's expect indented into the body: the schema words it.
    if (inexactNumbers(v.json, []).length || expectInBody(v.json, v.expect)) return undefined;
    out.json = v.json;
  }
  // GET or HEAD with a body is refused by the schema: its message comes from there.
  if ((out.method === "GET" || out.method === "HEAD") && ("body" in v || "json" in v)) return undefined;
  if (!copyChecked(v, "timeout", fastDeadline, out)) return undefined;
  if ("follow_redirects" in v && typeof v.follow_redirects !== "boolean") return undefined;
  out.follow_redirects = v.follow_redirects ?? true;
  if ("insecure_tls" in v && typeof v.insecure_tls !== "boolean") return undefined;
  out.insecure_tls = v.insecure_tls ?? false;
  if (!copyChecked(v, "expect", fastExpect, out)) return undefined;
  // A HEAD response has no body: a body check is refused by the schema, whose message it is.
  if (out.method === "HEAD" && isFastMapping(v.expect) && ("body" in v.expect || "json" in v.expect || "json_schema" in v.expect)) return undefined;
  if ("repeat" in v && !isIntIn(v.repeat, 1, MAX_REPEAT)) return undefined;
  out.repeat = v.repeat ?? 1;
  if ("concurrency" in v && !isIntIn(v.concurrency, 1, MAX_CONCURRENCY)) return undefined;
  out.concurrency = v.concurrency ?? 1;
  if ((out.concurrency as number) > 1 && out.repeat === 1) return undefined;
  return { value: out };
}

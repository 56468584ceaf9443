// The `http` step kind: a request with Bun's fetch (or `repeat` of them), then status, headers, body, JSONPath, JSON Schema and latency checks.
import { z } from "zod";
import { duration, scalar, stringMap } from "../core/zod-fields.ts";
import { formatDuration } from "../core/units/duration.ts";
import { formatSize } from "../core/units/size.ts";
import { evaluate, matcherSchema, type Check } from "../expect/matcher.ts";
import { captureSchema, runCaptures } from "./shared/capture.ts";
import { checkJsonPaths, jsonPathMap, lazyJson } from "./shared/jsonpath.ts";
import { readBody } from "./http/body.ts";
import { requestError } from "./http/errors.ts";
import { checkJsonSchema } from "./http/json-schema.ts";
import { checkStatus, statusSchema } from "./http/status.ts";
import { matchText } from "./shared/step-text.ts";
import { abortText } from "../core/abort-text.ts";
import { clipBlockHead } from "../util/clip.ts";
import { combineIterations, runPool } from "./http/repeat.ts";
import { fastHttpInput } from "./http/fast-input.ts";
import type { Detail } from "../core/detail.ts";
import type { StepResult } from "../core/step-result.ts";
import type { Step, StepContext } from "./types.ts";

const MAX_BODY = 10 * 1024 * 1024;
const DETAIL_CHARS = 4096;
const MAX_REPEAT = 10_000;
const MAX_CONCURRENCY = 100;

const expectSchema = z
  .object({
    status: statusSchema.optional(),
    headers: z.record(z.string(), matcherSchema).optional().meta({ description: "header name (any case) → matcher on its value; an absent header is undefined" }),
    body: matcherSchema.optional().meta({ description: "matcher on the body text (trailing line breaks removed)" }),
    json: jsonPathMap(matcherSchema).optional().meta({ description: "JSONPath → matcher on the JSON body; no match is undefined, several matches a list" }),
    json_schema: z
      .union([z.boolean(), z.record(z.string(), z.unknown())])
      .optional()
      .meta({ description: "an inline JSON Schema (2020-12 unless $schema names draft-07 or 2019-09) the JSON body must satisfy" }),
    latency: matcherSchema.optional().meta({ description: "matcher on the time to the last body byte, in ms: {lt: 2s}" }),
  })
  .strict();

const schema = z
  .object({
    url: z.string().min(1, "url: give the address to request").meta({ description: "the full URL, http:// or https://" }),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, "method: an HTTP method such as GET or POST")
      .transform((m) => m.toUpperCase())
      .default("GET")
      .meta({ description: "HTTP method, any case (default GET)" }),
    headers: stringMap.optional().meta({ description: "request headers, name: value" }),
    query: z
      .record(z.string(), z.union([scalar, z.array(scalar)]))
      .optional()
      .meta({ description: "query parameters added to the url; a list repeats the parameter" }),
    body: z.string().optional().meta({ description: "request body text" }),
    json: z.unknown().optional().meta({ description: "request body sent as JSON (content-type: application/json unless headers set one)" }),
    timeout: duration.optional().meta({ description: "deadline of this request (the step's timeout applies too)" }),
    follow_redirects: z.boolean().default(true).meta({ description: "follow redirects and check the final response (default true); false checks the 3xx itself" }),
    insecure_tls: z.boolean().default(false).meta({ description: "accept any TLS certificate (self-signed test stacks)" }),
    expect: expectSchema.optional(),
    repeat: z.number().int().min(1).max(MAX_REPEAT).default(1).meta({ description: `send the request N times (at most ${MAX_REPEAT}); every response is checked, and the summary and thresholds count every request` }),
    concurrency: z.number().int().min(1).max(MAX_CONCURRENCY).default(1).meta({ description: `with repeat: at most K requests in flight at once (default 1, at most ${MAX_CONCURRENCY})` }),
    capture: captureSchema({ named: ["body", "status"], headers: true, textName: "the response body" })
      .optional()
      .meta({ description: "NAME: a JSONPath into the JSON body, header:NAME, body, status, or {regex: ...} on the body" }),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.body !== undefined && v.json !== undefined)
      ctx.addIssue({ code: "custom", path: ["json"], message: "give either body (text) or json (an object sent as JSON), not both" });
    if (v.concurrency > 1 && v.repeat === 1)
      ctx.addIssue({ code: "custom", path: ["concurrency"], message: "concurrency limits the requests of repeat: give repeat: N too" });
  });

type Input = z.output<typeof schema>;

function buildUrl(input: Input): URL | { error: string } {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    return { error: `invalid URL ${JSON.stringify(input.url)}: write it in full, e.g. http://127.0.0.1:8080/health` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { error: `unsupported URL scheme ${url.protocol} in ${input.url}: use http or https` };
  if (input.query) for (const [k, v] of Object.entries(input.query)) for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, item);
  return url;
}

function showHeaders(headers: Headers): string {
  let text = "";
  headers.forEach((v, k) => void (text += `${k}: ${v}\n`));
  return text;
}

/** A latency check as reports show it: bare numbers are milliseconds (`512ms`, `< 300ms`). */
function withUnits(check: Check): Check {
  return { ...check, expected: check.expected.replace(/(?<![\w.])(-?\d+(?:\.\d+)?)(?![\w.])/g, "$1ms"), actual: `${check.actual}ms` };
}

async function checkResponse(input: Input, res: Response, text: string, latency: number, truncated: string): Promise<{ checks: Check[]; captures?: Record<string, string>; error?: string }> {
  const expect = input.expect ?? {};
  const checks: Check[] = checkStatus(expect.status, res.status);
  if (expect.headers) for (const [name, matcher] of Object.entries(expect.headers)) checks.push(...evaluate(matcher, res.headers.get(name) ?? undefined, `headers.${name.toLowerCase()}`));
  if (expect.body !== undefined) checks.push(...evaluate(expect.body, matchText(text), "body"));
  const json = lazyJson(text, "the response body", truncated);
  if (expect.json) {
    const found = checkJsonPaths(expect.json, json);
    for (const check of Array.isArray(found) ? found : await found) checks.push(check);
  }
  if (expect.json_schema !== undefined) {
    const doc = json();
    if (!doc.ok) checks.push({ path: "json_schema", expected: "a JSON body", actual: doc.error, ok: false });
    else {
      const result = await checkJsonSchema(expect.json_schema, doc.value);
      if ("error" in result) return { checks, error: result.error };
      checks.push(...result.checks);
    }
  }
  if (expect.latency !== undefined) checks.push(...evaluate(expect.latency, latency, "latency").map(withUnits));
  if (!input.capture) return { checks };
  const got = await runCaptures(
    input.capture,
    { text, json, named: (n) => (n === "status" ? String(res.status) : text.trim()), header: (h) => res.headers.get(h) ?? undefined },
    "the response body",
  );
  return { checks: [...checks, ...got.checks], captures: got.captures };
}

/** A request ready to send, the same for every iteration. */
interface Prepared {
  url: URL;
  line: string;
  headers?: Headers;
  body?: string;
  requestDetail: Detail;
}

function prepare(input: Input): Prepared | StepResult {
  const url = buildUrl(input);
  const line = `${input.method} ${url instanceof URL ? url.href : input.url}`;
  if (!(url instanceof URL)) return { checks: [], error: url.error, summary: line };
  let headers: Headers | undefined;
  let body = input.body;
  if (input.headers || input.json !== undefined) {
    headers = new Headers(input.headers);
    if (input.json !== undefined) {
      body = JSON.stringify(input.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
  }
  const requestDetail: Detail = {
    title: "request",
    body: `${line}${headers ? `\n${showHeaders(headers).slice(0, -1)}` : ""}${body !== undefined ? `\n\n${clipBlockHead(body, DETAIL_CHARS)}` : ""}`,
  };
  return { url, line, headers, body, requestDetail };
}

/** Sends the request once and checks the response; the result carries its one HTTP sample. */
async function sendOnce(input: Input, req: Prepared, ctx: StepContext): Promise<StepResult> {
  const { url, line, headers, body, requestDetail } = req;
  const timeout = input.timeout !== undefined ? AbortSignal.timeout(input.timeout) : undefined;
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  const sentBytes = body === undefined ? 0 : Buffer.byteLength(body);

  ctx.log(`→ ${line}`);
  const started = performance.now();
  let res: Response;
  let read;
  try {
    res = await fetch(url, {
      method: input.method,
      headers,
      body,
      redirect: input.follow_redirects ? "follow" : "manual",
      signal,
      ...(input.insecure_tls ? { tls: { rejectUnauthorized: false } } : {}),
    });
    read = await readBody(res, MAX_BODY);
  } catch (e) {
    const error = ctx.signal.aborted ? abortText(ctx.signal) : timeout?.aborted ? `timed out after ${formatDuration(input.timeout!)}: ${line}` : requestError(e, url);
    ctx.log(`✗ ${line}: ${error}`);
    const elapsed = performance.now() - started;
    return {
      checks: [],
      error,
      summary: `${line} → no response`,
      details: [requestDetail],
      observed: { latency_ms: Math.round(elapsed) },
      http: [{ durationMs: elapsed, sentBytes, receivedBytes: 0 }],
    };
  }
  // Latency in ms to 0.1 ms: the one value both the latency check and the report show.
  const latency = Math.round((performance.now() - started) * 10) / 10;
  const truncated = read.truncated ? ` (body cut at ${formatSize(MAX_BODY)})` : "";
  const took = formatDuration(latency);
  ctx.log(`← ${res.status} ${res.statusText} ${formatSize(read.bytes)}${truncated} in ${took}${res.redirected ? ` from ${res.url}` : ""}`);

  const responseDetail: Detail = {
    title: `response${truncated}`,
    body: `HTTP ${res.status} ${res.statusText}\n${showHeaders(res.headers)}\n${clipBlockHead(read.text, DETAIL_CHARS) || "(empty body)"}`,
  };
  const checked = await checkResponse(input, res, read.text, latency, truncated);
  return {
    ...checked,
    summary: `${line} → ${res.status} in ${took}`,
    observed: { status: res.status, latency_ms: Math.round(latency), bytes: read.bytes, ...(res.redirected ? { final_url: res.url } : {}) },
    details: [requestDetail, responseDetail],
    http: [{ durationMs: latency, status: res.status, sentBytes, receivedBytes: read.bytes }],
  };
}

async function request(input: Input, ctx: StepContext): Promise<StepResult> {
  const req = prepare(input);
  if (!("url" in req)) return req;
  if (input.repeat === 1) return sendOnce(input, req, ctx);
  const concurrency = Math.min(input.concurrency, input.repeat);
  const results = await runPool(input.repeat, concurrency, ctx.signal, () => sendOnce(input, req, ctx));
  return combineIterations(results, { line: req.line, repeat: input.repeat, concurrency, requestDetail: req.requestDetail, aborted: ctx.signal.aborted ? abortText(ctx.signal) : undefined });
}

export const step = {
  kind: "http",
  checks: true,
  schema,
  describe: (input) => `${input.method} ${input.url}${input.repeat > 1 ? ` ×${input.repeat}` : ""}`,
  run: request,
  fastInput: (raw) => fastHttpInput(raw, { maxRepeat: MAX_REPEAT, maxConcurrency: MAX_CONCURRENCY }) as { value: Input } | undefined,
} satisfies Step<typeof schema>;

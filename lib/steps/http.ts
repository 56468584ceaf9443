// The `http` step kind: a request (or `repeat` of them) over the built-in plain-HTTP client or Bun's fetch, then status, headers, body, JSONPath, JSON Schema and latency checks.
import { formatDuration } from "../core/units/duration.ts";
import { formatSize } from "../core/units/size.ts";
import { evaluate, evaluateJsonValue, isPlainObject, type Check, type Matcher } from "../expect/matcher.ts";
import { evaluateKept } from "../expect/cut.ts";
import { runCaptures } from "./shared/capture.ts";
import { checkJsonPaths, lazyJson, notKnownJson, type JsonPathResult } from "./shared/jsonpath.ts";
import type { BodyRead } from "./http/body.ts";
import { requestError } from "./http/errors.ts";
import { checkJsonSchema } from "./http/json-schema.ts";
import { checkStatus, invalidStatus } from "./http/status.ts";
import { matchText } from "./shared/step-text.ts";
import { abortText, INTERRUPTED } from "../core/abort-text.ts";
import { hopStarts, stalledText, type Stalled, type RequestProgress } from "../core/stalled.ts";
import { probeStalled } from "../util/connect-probe.ts";
import { signalWatch } from "../core/abort-watch.ts";
import { clipBlockHead } from "../util/clip.ts";
import { combineIterations, runPool } from "./http/repeat.ts";
import { fastHttpInput } from "./http/fast-input.ts";
import { fetchExchange, fetchInit, fetchRest, headersAndBody, wireRequest } from "./http/transport.ts";
import { wireExchange } from "./http/wire.ts";
import { undecodedCoding, undecodedTransfer } from "./http/wire-coding.ts";
import { statusHasNoBody } from "./http/no-reuse.ts";
import type { WireRequest } from "./http/wire-request.ts";
import { credentialFieldValues } from "../util/credential-fields.ts";
import { headerOf, requestHeadersText, responseHeaderText, responseSources, setCookieSecrets, type Exchange, type HttpResponse } from "./http/exchange.ts";
import type { HttpInput, HttpSchema } from "./http/schema.ts";
import { lazyDetail, type Detail } from "../core/detail.ts";
import type { HttpSample, StepResult } from "../core/step-result.ts";
import type { Step, StepContext } from "./types.ts";
import { JSON_PATH_FIELDS } from "./shared/jsonpath-fields.ts";
import { badHeaderName, HEADER_VALUE_CONTROL, HEADER_VALUE_CONTROL_MESSAGE, invalidUrl, URL_CONTROL, URL_CONTROL_MESSAGE } from "../util/url-text.ts";
import { responseHeaderValue } from "../util/header-bytes.ts";
import { textMatcherSpelledNumbers } from "./shared/spelled-numbers.ts";

const MAX_BODY = 10 * 1024 * 1024;
/** Why a check or capture on a body cut at MAX_BODY is not known. */
const CUT_BODY = `the body was cut at ${formatSize(MAX_BODY)} and the rest not read`;
const DETAIL_CHARS = 4096;
function buildUrl(input: HttpInput): URL | { error: string } {
  // The schema refuses it (at load, or at the attempt for a run-time value); this keeps it so for any other caller.
  if (URL_CONTROL.test(input.url)) return { error: `url: ${URL_CONTROL_MESSAGE}` };
  // Parsed once: URL.parse gives null where URL.canParse gives false, and invalidUrl says why.
  const url = URL.parse(input.url);
  if (url === null) return { error: invalidUrl(input.url)! };
  if (url.protocol !== "http:" && url.protocol !== "https:") return { error: `unsupported URL scheme ${url.protocol} in ${input.url}: use http or https` };
  if (input.query) {
    // Appended to the query as written: searchParams.append re-wrote all of it as a form (`%20` became `+`, `flag`
    // became `flag=`), which a signed URL or a strict server reads differently. A space is %20, which both read as one.
    const added = queryParams(input.query, encodeURIComponent);
    if (added) url.search = url.search.length > 1 ? `${url.search}${added}` : `?${added.slice(1)}`;
  }
  return url;
}

/** `query:` as the text added after the URL's own query, each name and value through `encode`: `&a=1&b=2`. */
function queryParams(query: NonNullable<HttpInput["query"]>, encode: (text: string) => string): string {
  let added = "";
  for (const [k, v] of Object.entries(query)) for (const item of Array.isArray(v) ? v : [v]) added += `&${encode(k)}=${encode(item)}`;
  return added;
}

/** Percent-encoded as `query:` sends it, but for each `${NAME}` still in the text (a value the run captures), kept as written. */
const encodeKeepingRefs = (text: string) => text.split(/(\$\{[A-Za-z_][A-Za-z0-9_]*\})/).map((part, i) => (i % 2 === 1 ? part : encodeURIComponent(part))).join("");

/**
 * The URL as a step's name and --dry-run show it: as written, with its `query:` parameters when it has some (as sent,
 * before the URL's fragment), a `${NAME}` a value the run captures will fill in shown as written in both.
 */
function shownUrl(input: HttpInput): string {
  if (!input.query || Object.keys(input.query).length === 0) return input.url;
  const added = queryParams(input.query, encodeKeepingRefs);
  if (!added || !(buildUrl(input) instanceof URL)) return input.url;
  const hash = input.url.indexOf("#");
  const [url, fragment] = hash === -1 ? [input.url, ""] : [input.url.slice(0, hash), input.url.slice(hash)];
  const mark = url.indexOf("?");
  const joined = mark === -1 ? `${url}?${added.slice(1)}` : mark === url.length - 1 ? `${url}${added.slice(1)}` : `${url}${added}`;
  return joined + fragment;
}

/** The `expect.latency` check, when the step has one, after the checks before it. */
function pushLatency(matcher: Matcher | undefined, latency: number, checks: Check[], cut = false): void {
  if (matcher === undefined) return;
  const got = evaluate(matcher, latency, "latency").map(withUnits);
  // A body cut at its bound: the time to the cut is only a lower bound of the time to its last byte. A pass of a lower
  // bound (gt, gte) holds on the whole; any other pass (lt: 1s on an 11 MiB body whose last MiB came 2 s later) is not known.
  const lowerOnly = isPlainObject(matcher) && Object.keys(matcher).every((k) => k === "gt" || k === "gte");
  checks.push(...(cut && !lowerOnly ? got.map((c) => (c.ok ? { ...c, ok: false, actual: `not known: ${CUT_BODY}, so its time to the last byte was not measured (${c.actual} to the cut)` } : c)) : got));
}

/** A latency check as reports show it: bare numbers are milliseconds (`512ms`, `< 300ms`). */
function withUnits(check: Check): Check {
  return { ...check, expected: check.expected.replace(/(?<![\w.])(-?\d+(?:\.\d+)?)(?![\w.])/g, "$1ms"), actual: `${check.actual}ms` };
}

type Checked = { checks: Check[]; captures?: Record<string, string>; error?: string };

/** A response header's value as text (UTF-8 bytes read as UTF-8), or undefined when absent. */
function responseHeader(res: HttpResponse, name: string): string | undefined {
  const raw = res.headers.get(name);
  return raw === null ? undefined : responseHeaderValue(raw);
}

/** A response that has no body whatever its head says (RFC 9112 §6.3): to a HEAD request, a 204, 205 or 304. Its codings code nothing. */
function bodiless(input: HttpInput, status: number): boolean {
  return input.method === "HEAD" || statusHasNoBody(status);
}

/** Checks the response after its status (`checks`, checkStatus's). */
function checkResponse(input: HttpInput, res: HttpResponse, text: string, latency: number, truncated: string, checks: Check[]): Checked {
  const expect = input.expect ?? {};
  if (expect.headers) for (const [name, matcher] of Object.entries(expect.headers)) checks.push(...evaluateJsonValue(matcher, responseHeader(res, name), `headers.${name.toLowerCase()}`));
  // A body still encoded (`gzip, gzip`, an unknown coding): checking its bytes would decide nothing (`not_contains: ERROR`
  // passed on a gzipped "ERROR"), so a step that reads the body fails, saying why.
  const reads = readsBody(input) && !bodiless(input, res.status);
  const encoded = reads ? undecodedCoding(headerOf(res, "content-encoding")) : undefined;
  if (encoded !== undefined) {
    return { checks, error: `the body came encoded (Content-Encoding: ${encoded}), which is not decoded (one coding of gzip, deflate, br or zstd is): its body, json and capture checks cannot be decided` };
  }
  // A body still in a transfer coding (`Transfer-Encoding: gzip, chunked`): fetch hands it over coded, and so does the
  // wire client; `not_contains: ERR` passed on the gzipped bytes of "ERROR". Failed, saying why, as above.
  const coded = reads ? undecodedTransfer(headerOf(res, "transfer-encoding")) : undefined;
  if (coded !== undefined) {
    return { checks, error: `the body came in a transfer coding (Transfer-Encoding: ${coded}), which is not removed (only chunked is): its body, json and capture checks cannot be decided` };
  }
  // A body cut at MAX_BODY: only a pass the whole body would give counts (`not_contains` on the first 10 MiB is none).
  if (expect.body !== undefined) checks.push(...evaluateKept(expect.body, matchText(text), "body", truncated ? "head" : undefined, CUT_BODY));
  // JSON read from the first 10 MiB is not the body's: `{"ok":true}` and 11 MiB of spaces, then text, parsed there and
  // passed json, json_schema and JSONPath captures, though the whole body is no JSON. Not known, as on a shell step's cut stdout.
  const json = truncated ? notKnownJson(CUT_BODY) : lazyJson(text, "the response body");
  if (expect.json) for (const check of checkJsonPaths(expect.json, json)) checks.push(check);
  if (expect.json_schema !== undefined) return checkSchemaThenRest(input, res, text, latency, json, checks, truncated !== "");
  return checkLatencyAndCaptures(input, res, text, latency, json, checks, truncated !== "");
}

/** Whether the step checks or captures anything from the response's body. */
function readsBody(input: HttpInput): boolean {
  const expect = input.expect;
  if (expect && (expect.body !== undefined || expect.json !== undefined || expect.json_schema !== undefined)) return true;
  // A capture of `status` or `header:NAME` reads no body; `body`, a JSONPath or a {regex} does.
  return Object.values(input.capture ?? {}).some((c) => typeof c !== "string" || (c !== "status" && !c.toLowerCase().startsWith("header:")));
}

/** The JSON Schema check, then latency and the captures. */
function checkSchemaThenRest(input: HttpInput, res: HttpResponse, text: string, latency: number, json: () => JsonPathResult, checks: Check[], cut: boolean): Checked {
  const doc = json();
  if (!doc.ok) checks.push({ path: "json_schema", expected: "a JSON body", actual: doc.error, ok: false });
  else {
    const result = checkJsonSchema(input.expect!.json_schema, doc.value, text);
    if ("error" in result) return { checks, error: result.error };
    checks.push(...result.checks);
  }
  return checkLatencyAndCaptures(input, res, text, latency, json, checks, cut);
}

/** The checks after the body's: latency, then the captures. */
function checkLatencyAndCaptures(input: HttpInput, res: HttpResponse, text: string, latency: number, json: () => JsonPathResult, checks: Check[], cut: boolean): Checked {
  pushLatency(input.expect?.latency, latency, checks, cut);
  if (!input.capture) return { checks };
  // A capture of a cut body would hand later steps its first 10 MiB as the whole body, or a match the cut went through
  // (`token=(\w+)` took the part of a token before the cut) as the whole match: not known, as on a shell step's cut output.
  const notKnown = (n: string) => (cut && n !== "status" ? `not known: ${CUT_BODY}` : undefined);
  const got = runCaptures(
    input.capture,
    { text, json, named: (n) => (n === "status" ? String(res.status) : text.trim()), header: (h) => responseHeader(res, h), notKnown },
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
  /** The request as the wire client sends it; null when it is outside the client's envelope (fetch sends it). */
  wire: WireRequest | null;
}

function prepare(input: HttpInput): Prepared | StepResult {
  const url = buildUrl(input);
  const line = `${input.method} ${url instanceof URL ? url.href : input.url}`;
  if (!(url instanceof URL)) return { checks: [], error: url.error, summary: line };
  // A value with a line break (a captured one, say) cannot be sent as a header: the step says so, not "internal error".
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const badName = badHeaderName(name);
    if (badName !== undefined) return { checks: [], error: `header ${badName}; it was not sent`, summary: line };
    if (HEADER_VALUE_CONTROL.test(value)) return { checks: [], error: `header ${name}: ${HEADER_VALUE_CONTROL_MESSAGE}`, summary: line };
  }
  const { headers, body } = headersAndBody(input.headers, input.json, input.body);
  const requestDetail: Detail = {
    title: "request",
    body: `${line}${headers ? `\n${requestHeadersText(headers).slice(0, -1)}` : ""}${body !== undefined ? `\n\n${clipBlockHead(body, DETAIL_CHARS)}` : ""}`,
  };
  return { url, line, headers, body, requestDetail, wire: wireRequest(url, input.method, input.headers, headers, body, input.insecure_tls) };
}

/**
 * Sends the request once and checks the response; the result carries its one HTTP sample. The async part is only the
 * request and the body: what comes after is plain functions (a small async function compiles and runs cheaper).
 */
async function sendOnce(input: HttpInput, req: Prepared, ctx: StepContext): Promise<StepResult> {
  const timeout = input.timeout !== undefined ? AbortSignal.timeout(input.timeout) : undefined;
  // Without a timeout of its own the request watches the attempt's abort, which makes no AbortSignal for the wire client.
  const abort = timeout ? signalWatch(AbortSignal.any([ctx.signal, timeout])) : ctx.abort ?? signalWatch(ctx.signal);
  ctx.log(`→ ${req.line}`);
  // How far the request got, for the words of a timeout: the wire client knows whether it connected, fetch does not
  // (and may go through a proxy).
  const progress: RequestProgress = { address: "", connected: undefined };
  hopStarts(progress, req.url, req.wire ? false : undefined);
  const started = performance.now();
  let got: Exchange;
  try {
    got = req.wire
      ? await wireExchange(req.url, req.wire, input.follow_redirects, abort, MAX_BODY, fetchRest, progress)
      : await fetchExchange(req.url, fetchInit(input.method, req.headers, req.body, input.follow_redirects, abort.signal, input.insecure_tls), MAX_BODY, progress);
  } catch (e) {
    return noResponse(input, req, ctx, timeout, started, e, progress);
  }
  // Latency in ms to 0.1 ms: the one value both the latency check and the report show.
  return responded(input, req, ctx, got.res, got.read, msSince(started));
}

/** The time since `started` in ms to 0.1 ms: a request's duration, answered or not, as checks and thresholds compare it. */
function msSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}

/** A timeout's words as the step's other errors put them: what, the request, why (`could not connect within 5s: GET http://… — …`). */
function stalled(s: Stalled, line: string): string {
  return `${s.what}: ${line}${s.why ? ` — ${s.why}` : ""}`;
}

function sentBytesOf(req: Prepared): number {
  return req.body === undefined ? 0 : Buffer.byteLength(req.body);
}

/** The result of a request that got no response (refused, reset, timed out, aborted). */
async function noResponse(input: HttpInput, req: Prepared, ctx: StepContext, timeout: AbortSignal | undefined, started: number, e: unknown, progress: RequestProgress): Promise<StepResult> {
  // To 0.1 ms as an answered request's (msSince): its time until the error is a sample of http_req_duration too.
  const elapsed = msSince(started);
  // A redirect's target that failed is named, not the step's URL (whose service answered with the redirect).
  const target = progress.url !== undefined && progress.url !== req.url.href ? progress.url : undefined;
  const via = target === undefined ? undefined : `reached by a redirect from ${req.line}`;
  const line = target === undefined ? req.line : `${target} (${via})`;
  let error: string;
  // Aborted by the user's interrupt (not by a deadline that passed first): the request is cut short, not failed.
  const cut = ctx.interrupt.aborted && ctx.signal.aborted && abortText(ctx.signal) === INTERRUPTED;
  if (ctx.signal.aborted) {
    // The step's deadline says where the request stood; an interrupt is only "interrupted" (and checks nothing more).
    const why = abortText(ctx.signal);
    error = why === INTERRUPTED ? why : `${why}: ${stalled(stalledText(progress, undefined, await probeStalled(progress, ctx.interrupt)), line)}`;
  } else if (timeout?.aborted) error = stalled(stalledText(progress, formatDuration(input.timeout!), await probeStalled(progress, ctx.interrupt)), line);
  else error = target === undefined ? requestError(e, req.url, progress.proxy) : requestError(e, new URL(target), progress.proxy, via);
  // A Ctrl-C during the check ended it (a Ctrl-C after the step's deadline reaches only ctx.interrupt): only "interrupted".
  if (ctx.interrupt.aborted && (ctx.signal.aborted || timeout?.aborted)) error = INTERRUPTED;
  ctx.log(`✗ ${req.line}: ${error}`);
  return {
    checks: [],
    error,
    summary: `${req.line} → no response`,
    details: [req.requestDetail],
    observed: { latency_ms: Math.round(elapsed) },
    http: [cut ? { durationMs: elapsed, sentBytes: sentBytesOf(req), receivedBytes: 0, cut } : { durationMs: elapsed, sentBytes: sentBytesOf(req), receivedBytes: 0 }],
  };
}

/** Logs the response and checks it. */
function responded(input: HttpInput, req: Prepared, ctx: StepContext, res: HttpResponse, read: BodyRead, latency: number): StepResult {
  const truncated = read.truncated ? ` (body cut at ${formatSize(MAX_BODY)})` : "";
  const took = formatDuration(latency);
  // A session the response sets, and a token its body hands over ({"access_token": "…"}): masked from here on.
  if (ctx.addSecret) {
    for (const value of setCookieSecrets(res)) ctx.addSecret(value);
    const fields = credentialFieldValues(read.text);
    if (fields) for (const value of fields) ctx.addSecret(value);
  }
  ctx.log(`← ${res.status} ${res.statusText} ${formatSize(read.bytes)}${truncated} in ${took}${res.redirected ? ` from ${res.url}` : ""}`);
  // Made when a report reads it: the run log formats it while the loop is idle (a response and its body never change).
  // Besides its sources, it holds "HTTP", the status code, the cut's "… (N more characters left out)" and "(empty body)".
  const responseDetail = lazyDetail(
    `response${truncated}`,
    () => `HTTP ${res.status} ${res.statusText}\n${responseHeaderText(res)}\n${clipBlockHead(read.text, DETAIL_CHARS) || "(empty body)"}`,
    () => responseSources(res, read.text),
  );
  // A status outside 100-599 (`HTTP/1.1 099 X` is 99 to both clients): an invalid response, failed whatever `expect`
  // says, and a failed request for http_req_failed.
  const invalid = invalidStatus(res.status);
  if (invalid !== undefined) return withResponse({ checks: [], error: invalid }, req, res, read, latency, took, responseDetail, false);
  const status = input.expect?.status;
  const checks = checkStatus(status, res.status);
  // The status the step asks for is an expected response for http_req_failed (k6's expectedStatuses); undefined without one.
  const statusExpected = status === undefined ? undefined : checks.every((c) => c.ok);
  return withResponse(checkResponse(input, res, read.text, latency, truncated, checks), req, res, read, latency, took, responseDetail, statusExpected);
}

/** The checked result with what every report shows of the response; its keys in the order reports serialize them. */
function withResponse(checked: Checked, req: Prepared, res: HttpResponse, read: BodyRead, latency: number, took: string, responseDetail: Detail, statusExpected: boolean | undefined): StepResult {
  const result: StepResult = checked;
  result.summary = `${req.line} → ${res.status} in ${took}`;
  const observed: Record<string, unknown> = { status: res.status, latency_ms: Math.round(latency), bytes: read.bytes };
  if (res.redirected) observed.final_url = res.url;
  result.observed = observed;
  result.details = [req.requestDetail, responseDetail];
  const sample: HttpSample = statusExpected === undefined
    ? { durationMs: latency, status: res.status, sentBytes: sentBytesOf(req), receivedBytes: read.bytes }
    : { durationMs: latency, status: res.status, statusExpected, sentBytes: sentBytesOf(req), receivedBytes: read.bytes };
  if (read.truncated) sample.bodyCut = true;
  result.http = [sample];
  return result;
}

/** Not async itself: a single request's promise is sendOnce's own, one layer less on every step's path. */
function request(input: HttpInput, ctx: StepContext): Promise<StepResult> {
  try {
    const req = prepare(input);
    if (!("url" in req)) return Promise.resolve(req);
    if (input.repeat === 1) return sendOnce(input, req, ctx);
    return repeated(input, req, ctx);
  } catch (e) {
    return Promise.reject(e);
  }
}

async function repeated(input: HttpInput, req: Prepared, ctx: StepContext): Promise<StepResult> {
  const concurrency = Math.min(input.concurrency, input.repeat);
  const results = await runPool(input.repeat, concurrency, ctx.signal, () => sendOnce(input, req, ctx));
  return combineIterations(results, { line: req.line, repeat: input.repeat, concurrency, requestDetail: req.requestDetail, aborted: ctx.signal.aborted ? abortText(ctx.signal) : undefined });
}

let builtSchema: HttpSchema | undefined;

export const step = {
  kind: "http",
  jsonPathFields: JSON_PATH_FIELDS,
  checks: true,
  urlFields: ["url"],
  /** Built on first read (zod, when a step is unsure to the fast check, or for the JSON Schema); the same object every read. */
  get schema(): HttpSchema {
    return (builtSchema ??= (require("./http/schema.ts") as typeof import("./http/schema.ts")).httpSchema);
  },
  textScalars: [["headers", "*"], ["query", "*"], ["query", "*", "*"]],
  spelledNumbers: textMatcherSpelledNumbers(["expect", "body"], ["expect", "headers", "*"]),
  describe: (input) => `${input.method} ${shownUrl(input)}${input.repeat > 1 ? ` ×${input.repeat}` : ""}`,
  run: request,
  fastInput: (raw) => fastHttpInput(raw) as { value: HttpInput } | undefined,
} satisfies Step<HttpSchema>;

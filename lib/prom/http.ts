// GET requests to a Prometheus-style JSON API (Prometheus, Loki): auth, tenant, timeouts tied to a signal, bounded bodies, the server's own error messages.
import { formatSize } from "../core/units/size.ts";
import { clipAfter } from "../util/clip.ts";
import { abortText, INTERRUPTED } from "../core/abort-text.ts";
import { formatDuration } from "../core/units/duration.ts";
import { hopStarts, stalledText, type RequestProgress } from "../core/stalled.ts";
import { probeStalled } from "../util/connect-probe.ts";
import { headerBytes } from "../util/header-bytes.ts";

/** A fetch-compatible function, injected so clients can be tested. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** HTTP authentication: basic (username/password) or a bearer token. */
export type Auth = { basic: { username: string; password: string } } | { bearer: string };

export interface HttpOptions {
  /** Root URL of the server, e.g. http://127.0.0.1:3100 (a path prefix is kept). */
  url: string;
  /** "Loki" or "Prometheus": names the server in error messages. */
  server: string;
  /** Sent as X-Scope-OrgID (multi-tenant Loki, Mimir, Cortex). */
  tenant?: string;
  auth?: Auth;
  headers?: Record<string, string>;
  /** Aborts every request (the step's signal: its timeout and Ctrl-C). */
  signal?: AbortSignal;
  /** The run's interrupt (Ctrl-C), which also ends the check a timeout makes after `signal` fired for the step's deadline. */
  interrupt?: AbortSignal;
  /** Deadline of one request; default 60s. */
  timeoutMs?: number;
  /** Largest response body accepted; default 64 MiB. */
  maxBytes?: number;
  fetch?: FetchLike;
  /** Receives one line per request: what was asked and what came back. */
  log?: (line: string) => void;
  /**
   * Receives the `warnings` and Prometheus's `infos` a successful answer carries, for the report (`all`, warnings
   * first), and the `warnings` alone: what may say the answer is partial (infos only inform).
   */
  warn?: (all: string[], warnings: string[]) => void;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** A request that did not give a usable answer; the message is meant for the report as is. */
export class ApiError extends Error {
  /**
   * @param refused the server refused the query itself (a parse error, a limit it sets): asking again gets the same
   *   answer, so a step does not retry it (see Refusal).
   */
  constructor(message: string, readonly status?: number, readonly refused = false) {
    super(message);
    this.name = "ApiError";
  }
}

/**
 * Which error answers of a query API refuse the query itself, not the moment it was asked at: given the status and
 * the JSON `errorType` (undefined when the body has none). Loki answers 400 for the errors it calls the client's and
 * not retryable (parse, pipeline, limits, an instant log query: isClientError in its pkg/util/server/error.go);
 * Prometheus answers 400 `bad_data` for a query or parameter it cannot read, and 422 `execution`, 503 `timeout`,
 * `unavailable` and `canceled` for failures of one evaluation, which asking again may not meet.
 */
export type Refusal = (status: number, errorType: string | undefined) => boolean;

export type Params = readonly (readonly [string, string])[];

/** Builds the request URL from the server root, an API path and query parameters. */
function apiUrl(root: string, path: string, params: Params = []): string {
  const base = root.replace(/\/+$/, "");
  const qs = new URLSearchParams(params as [string, string][]).toString();
  return `${base}${path}${qs ? `?${qs}` : ""}`;
}

/** The request's headers, each value beyond ASCII as its UTF-8 bytes (headerBytes), as curl sends it. */
function requestHeaders(opts: HttpOptions, extra: Record<string, string>): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(opts.headers ?? {})) h.set(k, headerBytes(v));
  if (opts.tenant) h.set("X-Scope-OrgID", headerBytes(opts.tenant));
  if (opts.auth && "basic" in opts.auth) {
    const { username, password } = opts.auth.basic;
    h.set("Authorization", `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`);
  } else if (opts.auth && "bearer" in opts.auth) {
    h.set("Authorization", `Bearer ${headerBytes(opts.auth.bearer)}`);
  }
  for (const [k, v] of Object.entries(extra)) h.set(k, headerBytes(v));
  return h;
}

/** Reads a body as text, giving up (and closing the connection) once it passes maxBytes; `progress` counts the bytes read. */
async function readBounded(res: Response, maxBytes: number, what: string, progress: RequestProgress): Promise<string> {
  const declared = Number(res.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => {});
    throw new ApiError(`${what}: the response is ${formatSize(declared)}, more than the ${formatSize(maxBytes)} limit; narrow the query or lower its limit`);
  }
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    progress.bodyBytes = total;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ApiError(`${what}: the response passed the ${formatSize(maxBytes)} limit; narrow the query or lower its limit`);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** The `errorType` of a JSON error body (Prometheus's API), or undefined. */
function errorType(body: string): string | undefined {
  try {
    const json: unknown = JSON.parse(body);
    if (json && typeof json === "object") {
      const t = (json as Record<string, unknown>).errorType;
      if (typeof t === "string" && t) return t;
    }
  } catch {
    // not JSON: no type
  }
  return undefined;
}

/** The server's own words from an error body: JSON `error`/`message`, or the text itself. */
function errorMessage(body: string): string {
  const text = body.trim();
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object") {
      const o = json as Record<string, unknown>;
      const msg = typeof o.error === "string" ? o.error : typeof o.message === "string" ? o.message : undefined;
      if (msg) return typeof o.errorType === "string" && o.errorType ? `${o.errorType}: ${msg}` : msg;
    }
  } catch {
    // not JSON: the text is the message
  }
  if (text === "") return "(empty body)";
  return clipAfter(text, 2000);
}

async function networkError(err: unknown, opts: HttpOptions, timeoutMs: number, what: string, progress: RequestProgress): Promise<ApiError> {
  const e = err as { name?: string; code?: string; message?: string };
  if (opts.signal?.aborted) {
    // The step's deadline says where the request stood (see stalled); an interrupt is only "interrupted".
    const why = abortText(opts.signal);
    return new ApiError(`${what}: ${why === INTERRUPTED ? why : await stalled(progress, opts, undefined, `${why}: `)}`);
  }
  if (e?.name === "TimeoutError") return new ApiError(`${what}: ${await stalled(progress, opts, formatDuration(timeoutMs))}`);
  if (e?.code === "ECONNREFUSED" || e?.code === "ConnectionRefused")
    return new ApiError(`${what}: connection refused; is ${opts.server} running at ${opts.url}?`);
  if (e?.code === "ECONNRESET" || e?.code === "ConnectionClosed") return new ApiError(`${what}: the connection was closed before a full response`);
  const message = e?.message ?? String(err);
  // Some errors say their code first already (Bun: "EPROTO: The TLS handshake failed"): it is not said twice.
  return new ApiError(`${what}: ${e?.code && !message.startsWith(`${e.code}:`) ? `${e.code}: ` : ""}${message}`);
}

/**
 * Where a request that ran out of time stood: connecting, waiting for the headers, reading the body. fetch does not say
 * whether its connection was made, so before the headers a connection made to check tells whether the port (the proxy's,
 * behind one) takes one. A Ctrl-C during that check ends it, and the words are only "interrupted".
 */
async function stalled(progress: RequestProgress, opts: HttpOptions, after?: string, lead = ""): Promise<string> {
  const probe = await probeStalled(progress, opts.interrupt);
  if (opts.interrupt?.aborted) return INTERRUPTED;
  const s = stalledText(progress, after, probe);
  return `${lead}${s.why ? `${s.what} — ${s.why}` : s.what}`;
}

export interface TextResponse {
  status: number;
  contentType: string;
  text: string;
}

/** Redirects followed at most (a server behind a proxy that adds a slash, moves a prefix). */
const MAX_REDIRECTS = 5;

/**
 * Fetches, following redirects only within the server's own origin: one to another host or port is refused, since the
 * request's headers (an API key, the tenant) would go there and its answer be judged as this server's.
 */
async function fetchFollowingSameOrigin(doFetch: FetchLike, url: string, init: RequestInit, what: string, progress: RequestProgress): Promise<Response> {
  let at = url;
  for (let hop = 0; ; hop++) {
    hopStarts(progress, new URL(at), undefined);
    const res = await doFetch(at, { ...init, redirect: "manual" });
    progress.connected = true;
    progress.status = res.status;
    const location = res.status >= 300 && res.status < 400 ? res.headers.get("location") : null;
    if (location === null) return res;
    await res.body?.cancel().catch(() => {});
    let next: URL;
    try {
      next = new URL(location, at);
    } catch {
      throw new ApiError(`${what} answered ${res.status} with a Location that is not a URL: ${JSON.stringify(clipAfter(location, 200))}`, res.status);
    }
    if (next.origin !== new URL(at).origin) {
      throw new ApiError(`${what} answered ${res.status}, a redirect to ${next.origin}${next.pathname} (another server): not followed, so the step's headers and auth are not sent there; point url at that server if it is the one to ask`, res.status);
    }
    if (hop >= MAX_REDIRECTS) throw new ApiError(`${what}: more than ${MAX_REDIRECTS} redirects`, res.status);
    at = next.href;
  }
}

/**
 * GETs a path and returns its body; non-2xx answers become an ApiError with the server's message. An answer `refusal`
 * says refuses the query itself is worded so ("refused the query") and marked `refused`.
 */
export async function getText(opts: HttpOptions, path: string, params: Params = [], extraHeaders: Record<string, string> = {}, refusal?: Refusal): Promise<TextResponse> {
  const url = apiUrl(opts.url, path, params);
  const what = `${opts.server} at ${opts.url}`;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const signals = [AbortSignal.timeout(timeoutMs)];
  if (opts.signal) signals.push(opts.signal);
  const doFetch = opts.fetch ?? ((input: string, init?: RequestInit) => globalThis.fetch(input, init));
  const started = performance.now();
  const progress: RequestProgress = { address: "", connected: undefined };
  let res: Response;
  let text: string;
  try {
    res = await fetchFollowingSameOrigin(doFetch, url, { method: "GET", headers: requestHeaders(opts, extraHeaders), signal: AbortSignal.any(signals) }, what, progress);
    text = await readBounded(res, opts.maxBytes ?? DEFAULT_MAX_BYTES, what, progress);
  } catch (err) {
    const apiErr = err instanceof ApiError ? err : await networkError(err, opts, timeoutMs, what, progress);
    opts.log?.(`GET ${url} → ${apiErr.message}`);
    throw apiErr;
  }
  const ms = Math.round(performance.now() - started);
  opts.log?.(`GET ${url} → ${res.status} ${res.statusText}, ${formatSize(Buffer.byteLength(text))} in ${ms}ms`);
  if (res.status < 200 || res.status > 299) {
    const retryAfter = res.headers.get("retry-after");
    const wait = retryAfter ? ` (Retry-After: ${retryAfter.slice(0, 40)})` : "";
    if (refusal?.(res.status, errorType(text))) {
      throw new ApiError(`${what} refused the query (${res.status}${res.statusText ? ` ${res.statusText}` : ""}): ${errorMessage(text)}`, res.status, true);
    }
    // A 404 of an API path: the url is most likely not the server's root (`…/graph`, a wrong prefix), the path added to it.
    const root = res.status === 404 && /^\/(?:loki\/)?api\//.test(path) ? `; is the url ${opts.server}'s root? The step adds ${path} to it` : "";
    throw new ApiError(`${what} answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}${wait}: ${errorMessage(text)}${root}`, res.status);
  }
  return { status: res.status, contentType: res.headers.get("content-type") ?? "", text };
}

/** GETs a JSON API path and returns `data` of a {"status":"success","data":…} envelope. */
export async function getData(opts: HttpOptions, path: string, params: Params = [], extraHeaders: Record<string, string> = {}, refusal?: Refusal, answer = false): Promise<unknown> {
  const res = await getText(opts, path, params, extraHeaders, refusal);
  const what = `${opts.server} at ${opts.url}`;
  let json: unknown;
  try {
    json = JSON.parse(res.text);
  } catch {
    const shown = clipAfter(res.text, 300);
    throw new ApiError(`${what} answered ${res.status} with a body that is not JSON (${res.contentType || "no content type"}): ${JSON.stringify(shown)}; is the url the ${opts.server} root?`);
  }
  const env = json as { status?: unknown; data?: unknown; warnings?: unknown; infos?: unknown };
  if (!env || typeof env !== "object" || env.status !== "success") {
    throw new ApiError(`${what} answered ${res.status} without success: ${errorMessage(res.text)}`);
  }
  // A success may warn that the answer is partial (results may be incomplete): said in the report, never dropped.
  const warnings = (Array.isArray(env.warnings) ? env.warnings : []).map(String);
  const all = [...warnings, ...(Array.isArray(env.infos) ? env.infos : []).map(String)];
  if (all.length) opts.warn?.(all, warnings);
  // `{"status":"success"}` alone is no query's answer (`answer`): the decoder said "unexpected result type undefined",
  // naming no server. (Loki leaves out the data of a label that has no values.)
  if (answer && (env.data === undefined || env.data === null)) {
    throw new ApiError(`${what} answered ${res.status} with success but no data: ${JSON.stringify(clipAfter(res.text, 300))}; is the url the ${opts.server} root?`);
  }
  return env.data;
}

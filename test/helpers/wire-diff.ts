// Runs one HTTP case through Bun's fetch (as the http step uses it) and through the wire client, against fresh scripted servers;
// and sets which of the two a test's http steps use (SCENARIO_HTTP_CLIENT).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { requestError } from "../../lib/steps/http/errors.ts";
import { responseHeaderText, type Exchange } from "../../lib/steps/http/exchange.ts";
import { fetchExchange, fetchInit, fetchRest, headersAndBody, wireRequest } from "../../lib/steps/http/transport.ts";
import { wireExchange } from "../../lib/steps/http/wire.ts";
import { clearReuseBars } from "../../lib/steps/http/no-reuse.ts";
import { signalWatch } from "../../lib/core/abort-watch.ts";
import { scriptedServer, type Answer, type RequestInfo } from "./scripted-server.ts";

/** One request and how the servers answer it; `{B}` in an answer stands for the second server's base URL, `{BL}` for it by the name localhost. */
export interface DiffCase {
  name: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
  query?: Record<string, string | string[]>;
  follow?: boolean;
  max?: number;
  answer: (index: number, req: RequestInfo) => Answer | "close" | undefined;
  /** The second server (another origin) for redirects. */
  second?: (index: number, req: RequestInfo) => Answer | "close" | undefined;
}

/** An answer of raw bytes, the connection left open after them. */
export const raw = (...segments: (string | Uint8Array)[]): Answer => ({ segments });
/** An answer of raw bytes, the connection ended after them. */
export const closing = (...segments: (string | Uint8Array)[]): Answer => ({ segments, end: true });
/** A 200 with a Content-Length body; `extra` is header lines before the length. */
export const ok = (body = "ok", extra = ""): Answer => raw(`HTTP/1.1 200 OK\r\n${extra}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
/** A 200 whose body is `data` under the given Content-Encoding. */
export const encoded = (coding: string, data: Uint8Array): Answer => raw(`HTTP/1.1 200 OK\r\nContent-Encoding: ${coding}\r\nContent-Length: ${data.length}\r\n\r\n`, data);
/** The same answer to every request. */
export const always = (a: Answer | "close" | undefined) => () => a;

export interface DiffOutcome {
  requests: string[];
  secondRequests: string[];
  result: unknown;
}

/** One request as the http step's `method:`, `headers:`, `body:`, `json:` and `follow_redirects:` make it. */
export interface Send {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
  /** Follow redirects (default true). */
  follow?: boolean;
  /** The body bound (default the http step's 10 MiB). */
  max?: number;
  signal: AbortSignal;
}

/** Sends one request through one transport: Bun's fetch, or the wire client (which hands fetch the hops outside its envelope). */
export async function exchangeVia(transport: "fetch" | "wire", url: URL, r: Send): Promise<Exchange> {
  const method = r.method ?? "GET";
  const follow = r.follow ?? true;
  const max = r.max ?? 10 * 1024 * 1024;
  const { headers, body } = headersAndBody(r.headers, r.json, r.body);
  if (transport === "fetch") return fetchExchange(url, fetchInit(method, headers, body, follow, r.signal, false), max);
  const wire = wireRequest(url, method, r.headers, headers, body);
  if (!wire) throw new Error(`${method} ${url} is outside the wire client's envelope`);
  return wireExchange(url, wire, follow, signalWatch(r.signal), max, fetchRest);
}

/** Sends within 10 s through one transport: the exchange, or the step's error text for what it threw; one still going then fails the test (`what` names it). */
export async function exchangeOrError(transport: "fetch" | "wire", url: URL, r: Omit<Send, "signal">, what: string): Promise<Exchange | { error: string }> {
  const signal = AbortSignal.timeout(10_000);
  try {
    return await exchangeVia(transport, url, { ...r, signal });
  } catch (e) {
    if (signal.aborted) throw new Error(`${what} hung (${transport})`);
    return { error: requestError(e, url) };
  }
}

function withBase(a: Answer | "close" | undefined, base: string): Answer | "close" | undefined {
  if (a === undefined || a === "close") return a;
  const byName = base.replace("127.0.0.1", "localhost");
  return { ...a, segments: a.segments.map((s) => (typeof s === "string" ? s.replaceAll("{B}", base).replaceAll("{BL}", byName) : s)) };
}

/** Runs the case through one transport; ports in recorded requests and results read A and B. */
export async function runCase(c: DiffCase, transport: "fetch" | "wire"): Promise<DiffOutcome> {
  clearReuseBars(); // as in runSequence
  const second = scriptedServer((req, i) => (c.second ? c.second(i, req) : ok("")));
  const first = scriptedServer((req, i) => withBase(c.answer(i, req), second.base));
  const norm = (s: string) => s.replaceAll(String(first.port), "A").replaceAll(String(second.port), "B");
  try {
    const url = new URL(first.base + (c.path ?? "/"));
    if (c.query) for (const [k, v] of Object.entries(c.query)) for (const item of Array.isArray(v) ? v : [v]) url.searchParams.append(k, item);
    const got = await exchangeOrError(transport, url, { method: c.method, headers: c.headers, body: c.body, json: c.json, follow: c.follow, max: c.max }, `case ${c.name}`);
    const seen = ({ res, read }: Exchange) =>
      // `shown`: the header lines of the step's response detail (the wire client's plain responses give them without Headers).
      ({ status: res.status, statusText: res.statusText, shown: responseHeaderText(res), headers: [...res.headers], redirected: res.redirected, url: norm(res.url), text: read.text, bytes: read.bytes, truncated: read.truncated });
    const result = "error" in got ? { error: norm(got.error) } : seen(got);
    return { requests: first.requests.map((r) => norm(r.raw)), secondRequests: second.requests.map((r) => norm(r.raw)), result };
  } finally {
    first.stop();
    second.stop();
  }
}

/** One request of a sequence: its method and path, and the body bound. */
export interface SeqRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  max?: number;
}

/** Each request's recorded bytes, the connection that carried it and its position there, and each result, in order. */
export interface SeqOutcome {
  requests: { raw: string; connection: number; onConnection: number }[];
  results: unknown[];
}

/** Sends the requests one after another through one transport to one fresh server (so the transport's pool comes into play). */
export async function runSequence(answer: DiffCase["answer"], list: readonly SeqRequest[], transport: "fetch" | "wire"): Promise<SeqOutcome> {
  // Each client starts as the other did: an origin the last server made them stop keeping connections to (no-reuse.ts)
  // may be this server's port again.
  clearReuseBars();
  const server = scriptedServer((req, i) => answer(i, req));
  const norm = (s: string) => s.replaceAll(String(server.port), "A");
  const results: unknown[] = [];
  try {
    for (const r of list) {
      const url = new URL(server.base + (r.path ?? "/"));
      const got = await exchangeOrError(transport, url, { method: r.method, headers: r.headers, body: r.body, max: r.max }, `request ${results.length}`);
      results.push("error" in got ? { error: norm(got.error) } : { status: got.res.status, text: got.read.text, truncated: got.read.truncated });
    }
    return { requests: server.requests.map((q) => ({ raw: norm(q.raw), connection: q.connection, onConnection: q.onConnection })), results };
  } finally {
    server.stop();
  }
}

/** A connection case: its name, how the server answers, and the requests sent one after another. */
export type SeqCase = [name: string, answer: DiffCase["answer"], list: SeqRequest[]];

/** One test per case: what the wire client sends and sees equals what fetch does. */
export function compareCases(title: string, cases: readonly DiffCase[]): void {
  describe(title, () => {
    for (const c of cases)
      test(c.name, async () => {
        const viaFetch = await runCase(c, "fetch");
        const viaWire = await runCase(c, "wire");
        expect(viaWire).toEqual(viaFetch);
      });
  });
}

/** One test per sequence: the wire client's requests, connections and results equal fetch's. */
export function compareSequences(title: string, sequences: readonly SeqCase[]): void {
  describe(title, () => {
    for (const [name, answer, list] of sequences)
      test(name, async () => {
        const viaFetch = await runSequence(answer, list, "fetch");
        const viaWire = await runSequence(answer, list, "wire");
        expect(viaWire).toEqual(viaFetch);
      });
  });
}

/** For a test file that compares the two clients: SCENARIO_HTTP_CLIENT is unset while it runs (the suite may run with it set). */
export function withoutClientChoice(): void {
  const saved = process.env.SCENARIO_HTTP_CLIENT;
  beforeAll(() => void delete process.env.SCENARIO_HTTP_CLIENT);
  afterAll(() => {
    if (saved !== undefined) process.env.SCENARIO_HTTP_CLIENT = saved;
  });
}

/** Runs `fn` with SCENARIO_HTTP_CLIENT set to `client` (`fetch`, or `wire` for the built-in client), restored after. */
export async function withClient<T>(client: string, fn: () => Promise<T>): Promise<T> {
  const before = process.env.SCENARIO_HTTP_CLIENT;
  process.env.SCENARIO_HTTP_CLIENT = client;
  try {
    return await fn();
  } finally {
    if (before === undefined) delete process.env.SCENARIO_HTTP_CLIENT;
    else process.env.SCENARIO_HTTP_CLIENT = before;
  }
}

// Which transport sends a request (the wire client inside its envelope, else Bun's fetch), and the fetch path itself.
import { readBody } from "./body.ts";
import type { Exchange } from "./exchange.ts";
import { announcesBody, barReuse, reuseBarred } from "./no-reuse.ts";
import { inEnvelope } from "./wire-envelope.ts";
import { wireNames } from "./wire-names.ts";
import type { WireRequest } from "./wire-request.ts";
import type { RequestProgress } from "../../core/stalled.ts";
import { headerBytes, responseHeaderValue } from "../../util/header-bytes.ts";
import { hopStarts } from "../../core/stalled.ts";
import { fetchError } from "./wire-errors.ts";
import { asRedirected, FETCH_KEEPS_CROSS_ORIGIN, hopTarget, MAX_REQUESTS, redirectedHeaders, REDIRECTS } from "./redirect-rules.ts";

/**
 * The headers and body a step's `headers:`, `body:` and `json:` send (a `json:` body is its JSON text, typed
 * application/json unless a header says otherwise). A header value beyond ASCII is held as its UTF-8 bytes (headerBytes):
 * both clients send a value's characters as bytes.
 */
export function headersAndBody(given: Record<string, string> | undefined, json: unknown, text: string | undefined): { headers: Headers | undefined; body: string | undefined } {
  if (!given && json === undefined) return { headers: undefined, body: text };
  const headers = new Headers();
  if (given) for (const [name, value] of Object.entries(given)) headers.append(name, headerBytes(value));
  if (json === undefined) return { headers, body: text };
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return { headers, body: JSON.stringify(json) };
}

/**
 * The fetch options of a request: redirects followed or handed back (`follow`), the certificate check off for `insecureTls`.
 * A HEAD's connection is not kept for another request (keepalive false: fetch then sends no Connection line and does not
 * pool it): a server that wrongly sends a body after a HEAD's head would otherwise have those bytes read as the next
 * request's response, a verdict on an answer the server never gave it.
 */
export function fetchInit(method: string, headers: RequestInit["headers"], body: RequestInit["body"], follow: boolean, signal: AbortSignal, insecureTls: boolean | undefined): RequestInit {
  const init: RequestInit & { tls?: { rejectUnauthorized: boolean } } = { method, headers, body, redirect: follow ? "follow" : "manual", signal };
  if (method === "HEAD") init.keepalive = false;
  if (insecureTls) init.tls = { rejectUnauthorized: false };
  return init;
}

/**
 * fetch, then the body read up to `max` bytes: what the http step has always done. `progress` learns of the headers
 * when they come (fetch says nothing before: whether its connection was made is not known).
 */
export async function fetchExchange(url: URL, init: RequestInit, max: number, progress?: RequestProgress): Promise<Exchange> {
  const headers = init.headers;
  if (init.redirect === "follow" && keepsCredentials(headers)) return fetchFollowing(url, { ...init, headers }, max, progress);
  return received(url, await fetch(url, reuseBarred(url) ? { ...init, keepalive: false } : init), max, progress);
}

/** A response fetch gave: its origin barred from reuse when it announced a body it should not have, its body read up to `max` bytes. */
async function received(url: URL, res: Response, max: number, progress?: RequestProgress): Promise<Exchange> {
  // fetch keeps such a connection in a pool no option reaches: its origin is asked without keep-alive from now on.
  if (announcesBody(res.status, res.headers)) barReuse(res.url || url);
  if (progress) {
    progress.connected = true;
    progress.status = res.status;
  }
  return { res, read: await readBody(res, max) };
}

/** Whether the request sends a credential header fetch would keep on a redirect to another origin (X-Api-Key, X-Auth-Token). */
function keepsCredentials(headers: RequestInit["headers"]): headers is Headers {
  return headers instanceof Headers && FETCH_KEEPS_CROSS_ORIGIN.some((name) => headers.has(name));
}

/**
 * fetchExchange for a request sending a credential header fetch keeps across origins: its redirects are followed here,
 * one hop at a time, by the rules fetch and the wire client follow (redirect-rules.ts), until a hop to another origin
 * has dropped the credentials; fetch follows the rest. Its failures read as fetch's.
 */
async function fetchFollowing(url: URL, init: RequestInit & { headers: Headers }, max: number, progress?: RequestProgress): Promise<Exchange> {
  const first = url.href;
  let shown = url; // the URL the response is shown at: the Location's, whose user name and password fetch does not send
  for (let sent = 1; ; sent++) {
    const res = await fetch(url, { ...init, redirect: "manual", ...(reuseBarred(url) ? { keepalive: false } : {}) });
    const raw = REDIRECTS.has(res.status) ? res.headers.get("location") : null;
    if (raw === null || raw === "") {
      const got = await received(url, res, max, progress);
      return sent === 1 ? got : { res: { ...asRedirected(got.res), url: shown.href }, read: got.read };
    }
    void res.body?.cancel();
    if (sent >= MAX_REQUESTS) throw fetchError("TooManyRedirects", url.href);
    const next = URL.parse(responseHeaderValue(raw), url.href);
    if (next === null) throw fetchError("RedirectURLInvalid", url.href);
    if (next.protocol !== "http:" && next.protocol !== "https:") throw fetchError("UnsupportedRedirectProtocol", first);
    init = redirectedInit(init, res.status, url, next);
    url = hopTarget(url, next);
    shown = next;
    if (progress) hopStarts(progress, url, undefined);
    if (!keepsCredentials(init.headers)) {
      const rest = await fetchExchange(url, init, max, progress);
      return { res: { ...asRedirected(rest.res), url: rest.res.redirected ? rest.res.url : shown.href }, read: rest.read };
    }
  }
}

/** The request of the next hop, by the rules wire.ts's redirectedRequest follows (redirect-rules.ts). */
function redirectedInit(init: RequestInit & { headers: Headers }, status: number, from: URL, to: URL): RequestInit & { headers: Headers } {
  const edited = redirectedHeaders(init.headers, status, init.method ?? "GET", from, to);
  if (!edited) return init;
  return edited.toGet ? { ...init, method: "GET", headers: edited.headers, body: undefined } : { ...init, headers: edited.headers };
}

/** The headers of every request that sends none of its own: never changed (a redirect copies a request's headers before it edits them). */
const NO_HEADERS = new Headers();

/** The names of a request without `headers:`: none (never changed, as NO_HEADERS). */
const NO_NAMES: ReadonlyMap<string, string> = new Map();

/** The request for the wire client, or null when fetch must send it (see wire-envelope.ts). */
export function wireRequest(url: URL, method: string, given: Record<string, string> | undefined, headers: Headers | undefined, body: string | undefined, insecureTls = false): WireRequest | null {
  if (!inEnvelope(url, method, given, body !== undefined)) return null;
  const names = given ? wireNames(Object.keys(given)) : NO_NAMES;
  return { method, headers: headers ?? NO_HEADERS, names, body: body === undefined ? undefined : Buffer.from(body), bare: headers === undefined, insecureTls };
}

/** A hop the wire client hands over (outside its envelope, or a connection it could not make): fetch sends it and, when `follow`, follows the rest of the chain. */
export function fetchRest(url: URL, wire: WireRequest, signal: AbortSignal, max: number, follow = true, progress?: RequestProgress): Promise<Exchange> {
  const headers = new Headers();
  wire.headers.forEach((value, lower) => headers.append(wire.names.get(lower) ?? lower, value));
  return fetchExchange(url, fetchInit(wire.method, headers, wire.body, follow, signal, wire.insecureTls), max, progress);
}

// The built-in plain-HTTP/1.1 client of the http step: one request over a pooled keep-alive connection, read exactly as Bun's fetch reads it.
import { bodyRead } from "./body.ts";
import type { Exchange, HttpResponse } from "./exchange.ts";
import { decode, decoderFor, type Decoder } from "./wire-decode.ts";
import { wireAllowed, wireUrl } from "./wire-envelope.ts";
import { fetchError } from "./wire-errors.ts";
import type { AbortWatch } from "../../core/abort-watch.ts";
import { hopStarts, type RequestProgress } from "../../core/stalled.ts";
import { headerLines } from "./header-lines.ts";
import { open, release, takeIdle, type Connection } from "./wire-pool.ts";
import { barReuse, reuseBarred } from "./no-reuse.ts";
import { requestHead, type WireRequest } from "./wire-request.ts";
import { watchBound, type BoundWatch } from "./wire-bound.ts";
import { responseSpin } from "./wire-spin.ts";
import { ResponseParser, WireProtocolError, type ResponseHead } from "./wire-response.ts";
import { NON_ASCII } from "../../util/header-bytes.ts";
import { asRedirected, hopTarget, MAX_REQUESTS, redirectedHeaders, REDIRECTS } from "./redirect-rules.ts";

/** Raw bytes kept of a content-encoded body: a multiple of the decoded bound, and some more for a small bound. */
const ENCODED_FACTOR = 4;
const ENCODED_SLACK = 1024 * 1024;

/** How a hop that leaves the envelope (another scheme, a host name) is sent: with fetch, following the rest of the chain. */
export type FetchRest = (url: URL, req: WireRequest, signal: AbortSignal, max: number, follow?: boolean, progress?: RequestProgress) => Promise<Exchange>;

/** Bun.connect failed: it words every failure ECONNREFUSED (unreachable too), so fetch makes that connection and words it. */
class ConnectFailed extends Error {}

/** A pooled connection ended before any byte of the response: the request is sent again on a fresh one. */
class ClosedUnanswered extends Error {}

/** A hop's response before content decoding. */
interface Hop {
  head: ResponseHead;
  chunks: Buffer[];
  truncated: boolean;
  /** Read whole by `wholePlain` (see ResponseParser.plain). */
  plain?: boolean;
}

/**
 * Sends req to url (following redirects as fetch does when `follow`), reads the body up to `max` decoded bytes.
 * `progress` says, when an abort ends it, how far the last hop got (connecting, waiting for the headers, reading the body).
 */
export async function wireExchange(url: URL, req: WireRequest, follow: boolean, abort: AbortWatch, max: number, fetchRest: FetchRest, progress?: RequestProgress): Promise<Exchange> {
  let redirected = false;
  let shown = url; // the URL the response is shown at: the Location's, whose user name and password are not sent
  const first = url.href;
  for (let sent = 1; ; sent++) {
    let hop: Hop;
    try {
      hop = await sendHop(url, req, abort, max, first, follow, progress);
    } catch (e) {
      if (!(e instanceof ConnectFailed)) throw e;
      if (progress) hopStarts(progress, url, undefined); // fetch makes the connection now, and does not say when it has
      const rest = await fetchRest(url, req, abort.signal, max, follow, progress);
      return redirected ? { res: asRedirected(rest.res), read: rest.read } : rest;
    }
    const location = follow && followed(hop.head) ? locationOf(hop.head) : undefined;
    if (location === undefined) return finalExchange(url, shown, hop, redirected, max);
    if (sent >= MAX_REQUESTS) throw fetchError("TooManyRedirects", url.href);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw fetchError("RedirectURLInvalid", url.href);
    }
    if (next.protocol !== "http:" && next.protocol !== "https:") throw fetchError("UnsupportedRedirectProtocol", first);
    req = redirectedRequest(req, hop.head.status, url, next);
    url = hopTarget(url, next); // the Location's user name and password are not sent, as fetch sends none from a redirect
    shown = next;
    redirected = true;
    if (!wireAllowed() || !wireUrl(url)) {
      if (progress) hopStarts(progress, url, undefined);
      const rest = await fetchRest(url, req, abort.signal, max, true, progress);
      return { res: { ...asRedirected(rest.res), url: rest.res.redirected ? rest.res.url : shown.href }, read: rest.read };
    }
  }
}

/** Whether fetch follows this response (when following redirects): a redirect status with a Location to go to. */
function followed(head: ResponseHead): boolean {
  return REDIRECTS.has(head.status) && locationOf(head) !== undefined;
}

/** The last Location line (as fetch takes it), its bytes read as UTF-8 (the head was read as Latin-1); an empty one is not followed. */
function locationOf(head: ResponseHead): string | undefined {
  const found = head.headers.findLast(([name]) => name.toLowerCase() === "location");
  return found === undefined || found[1] === "" ? undefined : Buffer.from(found[1], "latin1").toString("utf8");
}

/** The request of the next hop: 301/302 turn POST, 303 any method but HEAD, into a GET without body; another origin loses the credentials. */
function redirectedRequest(req: WireRequest, status: number, from: URL, to: URL): WireRequest {
  const edited = redirectedHeaders(req.headers, status, req.method, from, to);
  if (!edited) return req;
  return { ...req, method: edited.toGet ? "GET" : req.method, headers: edited.headers, body: edited.toGet ? undefined : req.body, bare: false };
}

/** The response as the step sees it, shown at `shown` (the Location's URL, its user name and password, which were not sent, kept): the exchange itself for a body without content coding (most), else a promise of it. */
function finalExchange(url: URL, shown: URL, hop: Hop, redirected: boolean, max: number): Exchange | Promise<Exchange> {
  const res: HttpResponse = hop.plain
    ? new PlainResponse(hop.head, redirected, shown.href)
    : { status: hop.head.status, statusText: hop.head.statusText, headers: new Headers(hop.head.headers), redirected, url: shown.href };
  const data = hop.chunks.length === 1 ? hop.chunks[0]! : Buffer.concat(hop.chunks);
  const type = listHeader(hop.head.headers, "content-type");
  const decoder = data.length > 0 ? decoderFor(hop.head.coding, data) : undefined;
  if (!decoder) return { res, read: bodyRead(data, hop.truncated, type) };
  return decodedExchange(url, res, decoder, data, max, type);
}

/**
 * A response read whole by `wholePlain`, whose header list Headers takes as it is: its Headers object is made when a
 * check or capture reads it, and the response detail's header lines come from the list itself (header-lines.ts).
 */
class PlainResponse implements HttpResponse {
  readonly status: number;
  readonly statusText: string;
  #list: [string, string][];
  #headers: Headers | undefined;

  constructor(head: ResponseHead, readonly redirected: boolean, readonly url: string) {
    this.status = head.status;
    this.statusText = head.statusText;
    this.#list = head.headers;
  }

  get headers(): Headers {
    return (this.#headers ??= new Headers(this.#list));
  }

  headerText(): string {
    return headerLines(this.#list);
  }

  headerSources(): string[] {
    const sources: string[] = [];
    for (const [name, value] of this.#list) sources.push(name, value);
    return sources;
  }

  header(lower: string): string | null {
    return listHeader(this.#list, lower);
  }

  setCookies(): string[] {
    const lines: string[] = [];
    for (const [name, v] of this.#list) if (name.length === 10 && name.toLowerCase() === "set-cookie") lines.push(v);
    return lines;
  }
}

/** The header `lower` (a lower-case name) as `headers.get` gives it (several lines joined with ", "), from a head's header list; null for none. */
function listHeader(list: readonly [string, string][], lower: string): string | null {
  let value: string | null = null;
  for (const [name, v] of list) if (name.length === lower.length && name.toLowerCase() === lower) value = value === null ? v : `${value}, ${v}`;
  return value;
}

async function decodedExchange(url: URL, res: HttpResponse, decoder: Decoder, data: Buffer, max: number, type: string | null): Promise<Exchange> {
  try {
    const decoded = await decode(decoder, data, max);
    return { res, read: bodyRead(decoded.data, decoded.truncated, type) };
  } catch (e) {
    throw e instanceof WireProtocolError ? fetchError(e.code, url.href) : e;
  }
}

/** One request and its response on one connection (a second, fresh one when fetch would retry); `first` is the chain's first URL, which fetch names in a protocol error. */
async function sendHop(url: URL, req: WireRequest, abort: AbortWatch, max: number, first: string, follow: boolean, progress: RequestProgress | undefined): Promise<Hop> {
  if (abort.aborted) throw abort.reason;
  const port = Number(url.port || 80);
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const key = `${hostname}:${port}`;
  // A HEAD, or a request to an origin barred by no-reuse.ts, goes on a connection of its own, not kept after it, as fetch
  // sends it (keepalive false).
  const keep = req.method !== "HEAD" && !reuseBarred(url);
  const head = requestHead(url, req, keep);
  // An ASCII head (an href, tokens, printable-ASCII values: always, inside the envelope) is written as the string itself.
  const data = req.body && req.body.byteLength > 0 ? Buffer.concat([Buffer.from(head, "latin1"), req.body]) : NON_ASCII.test(head) ? Buffer.from(head, "latin1") : head;
  if (progress) hopStarts(progress, url, true);
  const idle = keep ? takeIdle(key) : undefined;
  if (idle) {
    try {
      return await exchangeOn(idle, true, keep, data, req, url, first, abort, max, follow, progress);
    } catch (e) {
      if (!(e instanceof ClosedUnanswered)) throw e;
    }
    // Every method is sent again, POST and PATCH too (fetch does not; curl does): a kept-alive connection the server
    // closed as the request went out, before one byte of an answer, is its idle timeout, not an answer to the request,
    // and failing the step there blamed a working server.
  }
  if (progress) progress.connected = false;
  const conn = await connect(hostname, port, key, abort);
  if (progress) progress.connected = true;
  return exchangeOn(conn, false, keep, data, req, url, first, abort, max, follow, progress);
}

/** A new connection; an abort while it is being made rejects at once (the connection, when it comes, is closed); a failure rejects with ConnectFailed. */
function connect(hostname: string, port: number, key: string, abort: AbortWatch): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const unwatch = abort.watch(() => reject(abort.reason));
    open(hostname, port, key).then(
      (conn) => {
        unwatch();
        if (!abort.aborted) return resolve(conn);
        conn.destroy();
        reject(abort.reason); // aborted before the watch was added: settled here, or it would never be
      },
      () => {
        unwatch();
        reject(new ConnectFailed());
      },
    );
  });
}

/**
 * Writes the request on conn and reads the response; rejects with ClosedUnanswered when conn is `reused` (from the pool)
 * and ended before any byte of the response. `keep`: false for a connection not to be kept after this response.
 * A response fetch refuses names, as fetch does, the chain's first URL when its head is at fault, this hop's when its body is.
 */
function exchangeOn(conn: Connection, reused: boolean, keep: boolean, data: Uint8Array | string, req: WireRequest, url: URL, first: string, abort: AbortWatch, max: number, follow: boolean, progress: RequestProgress | undefined): Promise<Hop> {
  return new Promise((resolve, reject) => {
    const parser = new ResponseParser(req.method, max, ENCODED_FACTOR * max + ENCODED_SLACK, true, (head) => follow && followed(head));
    let received = false;
    let settled = false;
    /** The decoded-size watch of a content-encoded body still arriving, and how many of parser.chunks it has had. */
    let watch: BoundWatch | undefined;
    let watched = 0;
    let unwatch: (() => void) | undefined;
    /** Ends the polling for this answer (wire-spin.ts); set when the request is written. */
    let answered: (() => void) | undefined;
    const settle = (outcome: Hop | Error, reusable: boolean) => {
      settled = true;
      answered?.();
      watch?.stop();
      unwatch?.();
      conn.listener = undefined;
      if (reusable) release(conn);
      else conn.destroy();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const fail = (e: unknown) => settle(e instanceof WireProtocolError ? fetchError(e.code, parser.head ? url.href : first) : (e as Error), false);
    const onAbort = () => {
      // Read here, not on every chunk: how far the response got is asked only of one that was aborted.
      if (progress && parser.head) {
        progress.status = parser.head.status;
        progress.bodyBytes = parser.bodyBytes;
      } else if (progress) progress.informational = parser.informational;
      settle(abort.reason as Error, false);
    };
    const completed = () => {
      const head = parser.head!;
      if (parser.announcedBody) barReuse(url);
      const reusable = keep && head.keepAlive && parser.leftover === 0 && !parser.truncated && !conn.writing && (req.bare === true || keepsAlive(req.headers));
      settle({ head, chunks: parser.chunks, truncated: parser.truncated, plain: parser.plain }, reusable);
    };
    // The decoded body passed the bound before its end: fetch reads no further, nor does this (the connection is closed).
    const overBound = () => {
      if (!settled) settle({ head: parser.head!, chunks: parser.chunks, truncated: true }, false);
    };
    const watchBody = () => {
      const coding = parser.head?.coding;
      if (coding === undefined || parser.bodyBytes < 2) return;
      if (!watch) {
        watch = watchBound(coding, Buffer.concat(parser.chunks), max, overBound);
        watched = parser.chunks.length;
      }
      while (watched < parser.chunks.length) watch.write(parser.chunks[watched++]!);
    };
    conn.listener = {
      data(bytes) {
        received = true;
        try {
          parser.push(bytes);
        } catch (e) {
          return fail(e);
        }
        if (parser.done) completed();
        else watchBody();
      },
      closed(failed) {
        if (!received && reused) return settle(new ClosedUnanswered(), false);
        try {
          parser.end(failed);
        } catch (e) {
          return fail(e);
        }
        completed();
      },
    };
    if (abort.aborted) return onAbort();
    unwatch = abort.watch(onAbort);
    if (conn.isClosed) return conn.listener.closed(false);
    answered = responseSpin.awaiting();
    try {
      conn.send(data);
    } catch (e) {
      settle(e as Error, false); // the promise rejects as before, and this exchange's wait and watch end with it
    }
  });
}

/** Whether the user's Connection header lets the connection be reused: as fetch, unless it names `close`. */
function keepsAlive(headers: Headers): boolean {
  const connection = headers.get("connection");
  return connection === null || !/(^|,)\s*close\s*(,|$)/i.test(connection);
}

// What a followed redirect changes in the request, the same for both clients: the method and body (as fetch does), and the credentials a redirect to another origin drops.
import type { HttpResponse } from "./exchange.ts";
import { CREDENTIAL_HEADERS } from "../../util/url-text.ts";

/** Fetch gives up when the 127th response is still a redirect. */
export const MAX_REQUESTS = 127;

export const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Headers dropped when a redirect turns the request into a GET without body (as fetch does). */
export const BODY_HEADERS = ["content-type", "content-encoding", "content-language", "content-location"];

/**
 * Headers dropped on a redirect to another origin (scheme, host or port): the three fetch drops (and curl, and browsers),
 * and the other credential headers (lib/util/url-text.ts), which fetch and curl keep: an API key set for one service
 * is not handed to whichever server it redirects to.
 */
export const CROSS_ORIGIN_DROPPED = ["cookie", ...CREDENTIAL_HEADERS];

/** Of those, the ones Bun's fetch keeps across origins: a request sending one has its redirects followed by the step (see fetchExchange). */
export const FETCH_KEEPS_CROSS_ORIGIN = ["x-api-key", "x-auth-token"];

/** Whether a redirect with this status turns a request of this method into a GET without body: 301/302 a POST, 303 any method but HEAD. */
export function turnsIntoGet(status: number, method: string): boolean {
  return ((status === 301 || status === 302) && method === "POST") || (status === 303 && method !== "GET" && method !== "HEAD");
}

/**
 * What a redirect with this status from `from` to `to` makes of a request of this method with these headers: GET
 * without body (and without the body's headers) where turnsIntoGet says so, the credentials dropped for another origin.
 * Undefined when neither applies and the request goes on as it was.
 */
export function redirectedHeaders(headers: ConstructorParameters<typeof Headers>[0], status: number, method: string, from: URL, to: URL): { headers: Headers; toGet: boolean } | undefined {
  const toGet = turnsIntoGet(status, method);
  const crossOrigin = from.origin !== to.origin;
  if (!toGet && !crossOrigin) return undefined;
  const edited = new Headers(headers);
  if (toGet) for (const name of BODY_HEADERS) edited.delete(name);
  if (crossOrigin) for (const name of CROSS_ORIGIN_DROPPED) edited.delete(name);
  return { headers: edited, toGet };
}

/**
 * The URL a redirect's next hop is sent to, `to` as the Location gives it, as fetch sends it: not with the user name and
 * password the Location may hold (fetch sends none from a redirect), but with those of the URL the hop before was sent
 * to, `from`, when `to` is of its origin (fetch keeps the step URL's Basic credential within the origin, and drops it for
 * good at a hop to another, as it drops Authorization). The response is still shown at `to`, as fetch shows it.
 */
export function hopTarget(from: URL, to: URL): URL {
  const same = from.origin === to.origin;
  const user = same ? from.username : "";
  const password = same ? from.password : "";
  if (to.username === user && to.password === password) return to;
  const sent = new URL(to.href);
  sent.username = user;
  sent.password = password;
  return sent;
}

/** A response reached by following redirects: its URL the last hop's, `redirected` true. */
export function asRedirected(res: HttpResponse): HttpResponse {
  return { status: res.status, statusText: res.statusText, headers: res.headers, redirected: true, url: res.url };
}

// Origins whose connections a run stops keeping: a server that answered a 204, 205 or 304 with a head announcing a body
// may send that body late, and a kept connection would have it read as the next request's response.

/** The origins (scheme, host, port) barred for the rest of the run. */
const barred = new Set<string>();

/** Whether requests to url's origin go without keep-alive: no idle connection taken, none kept, no keep-alive line. */
export function reuseBarred(url: URL): boolean {
  return barred.size > 0 && barred.has(url.origin);
}

/** From now on, no connection to the origin of url (a URL or its text) is kept or reused. */
export function barReuse(url: URL | string): void {
  barred.add(typeof url === "string" ? new URL(url).origin : url.origin);
}

/** Whether a response of this status has no body whatever its head says (RFC 9112 §6.3): a 204, 205 or 304. */
export function statusHasNoBody(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

/**
 * Whether a 204, 205 or 304 with these headers announces a body: a Content-Length other than 0, or a Transfer-Encoding.
 * The length is read as the wire client reads it: as a number (`00` is 0), and on each of its lines - Headers joins
 * `Content-Length: 0` sent twice into "0, 0", which is still no body.
 */
export function announcesBody(status: number, headers: Headers): boolean {
  if (!statusHasNoBody(status)) return false;
  const length = headers.get("content-length");
  return headers.has("transfer-encoding") || (length !== null && !/^\s*0+\s*(?:,\s*0+\s*)*$/.test(length));
}

/** Forgets every barred origin (tests: a port the system hands out again is another server). */
export function clearReuseBars(): void {
  barred.clear();
}

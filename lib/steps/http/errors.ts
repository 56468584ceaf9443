// Turns fetch failures (refused, DNS, TLS, reset) into one clear sentence naming the URL.

const TLS_CODES = /CERT|TLS|SSL|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME_MISMATCH|ALTNAME/i;

/**
 * A message for a request that got no response. `proxy` is the host:port fetch sent it through (HTTP_PROXY and the
 * like): a refused connection or a name that does not resolve is then the proxy's, not the server's. `url` is the URL that
 * failed: a redirect's target, with `via` saying so.
 */
export function requestError(e: unknown, url: URL, proxy?: string, via?: string): string {
  const err = e as { code?: unknown; message?: unknown };
  const code = typeof err?.code === "string" ? err.code : "";
  // Bun's fetch ends some messages with advice for its own API ("pass `verbose: true` in the second argument to fetch()").
  const message = (typeof err?.message === "string" ? err.message : String(e)).replace(/\.?\s*For more information, pass `verbose: true` in the second argument to fetch\(\)\.?/, "");
  // `via`: how a redirect's target was reached ("reached by a redirect from GET http://…/hop"), said next to it.
  const target = via === undefined ? url.href : `${url.href} (${via})`;
  const refused = code === "ECONNREFUSED" || code === "ConnectionRefused";
  const unresolved = code === "ENOTFOUND" || code === "EAI_AGAIN" || /DNS|getaddrinfo/i.test(code + message);
  if (proxy !== undefined && refused) return `connection refused: ${target} — through the proxy ${proxy}, which refused it (or is unreachable): is the proxy up?`;
  if (proxy !== undefined && unresolved) return `cannot resolve the proxy's host: ${target} — through the proxy ${proxy}: is HTTP_PROXY (or HTTPS_PROXY, ALL_PROXY) right?`;
  if (refused) return `connection refused: ${target} — is the service up?`;
  if (unresolved) return `cannot resolve host ${url.hostname}: ${target} — is the name right, and is the service on this network?`;
  if (code === "ECONNRESET" || code === "ConnectionClosed" || /socket (connection )?(was )?closed|connection (was )?closed/i.test(message))
    return `connection closed by the server before a full response: ${target}`;
  if (code === "ETIMEDOUT" || code === "ConnectionTimeout") return `connection timed out: ${target}`;
  if (code === "TooManyRedirects") return `too many redirects (a loop?): ${target} — check the Location headers, or set follow_redirects: false to check the first answer`;
  if (TLS_CODES.test(code) || /certificate|TLS/i.test(message))
    return `TLS failed (${code || message}): ${target} — for a self-signed certificate set insecure_tls: true; for a plain-HTTP port use http://`;
  // fetch names the others by code alone ("ZlibError fetching \"http://…\""): said in words, the code kept.
  const said = RESPONSE_FAULTS[code];
  if (said !== undefined) return `request failed: ${said} (${code}): ${target}`;
  return `request failed: ${message}${code && !message.includes(code) ? ` (${code})` : ""}: ${target}`;
}

/** What the response's fault is, for the codes fetch (and the built-in client, which fails alike) gives a response it cannot read. */
const RESPONSE_FAULTS: Record<string, string> = {
  ZlibError: "the response's body does not decode as its Content-Encoding (gzip or deflate) says: it is damaged, cut short or not so encoded",
  BrotliDecompressionError: "the response's body does not decode as its Content-Encoding (br) says: it is damaged, cut short or not so encoded",
  ZstdDecompressionError: "the response's body does not decode as its Content-Encoding (zstd) says: it is damaged, cut short or not so encoded",
  InvalidContentLength: "the response's Content-Length is not one number (several that differ, or not digits)",
  InvalidHTTPResponse: "the response is no valid HTTP/1.1 (a malformed status line or chunk)",
  // Raised for the status line too (`HTTP/1.1 2000 OK`, `HTTP/2 200`): naming only header lines sent people to the wrong line.
  Malformed_HTTP_Response: "the response's head is malformed (a status line that is no HTTP/1.x one with a three-digit code, such as HTTP/1.1 2000 or HTTP/2 200, or a header line HTTP/1.1 does not allow, such as a folded one)",
  ResponseHeadersTooLarge: "the response's headers are too large",
  UnsupportedTransferEncoding: "the response's Transfer-Encoding is one HTTP/1.1 clients do not read",
  UnrequestedUpgrade: "the server switched protocols (101) though the request asked for no upgrade",
};

// Request header names as Bun's fetch writes them: the names its Headers knows in their fixed spelling, any other as first given.

/** Every header name Bun's Headers knows, spelt as fetch sends it. */
const KNOWN = [
  "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Access-Control-Allow-Credentials",
  "Access-Control-Allow-Headers", "Access-Control-Allow-Methods", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers",
  "Access-Control-Max-Age", "Access-Control-Request-Headers", "Access-Control-Request-Method", "Age", "Authorization",
  "Cache-Control", "Connection", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
  "Content-Location", "Content-Range", "Content-Security-Policy", "Content-Security-Policy-Report-Only", "Content-Type",
  "Cookie", "Cookie2", "Cross-Origin-Embedder-Policy", "Cross-Origin-Embedder-Policy-Report-Only", "Cross-Origin-Opener-Policy",
  "Cross-Origin-Opener-Policy-Report-Only", "Cross-Origin-Resource-Policy", "DNT", "Date", "Default-Style", "ETag", "Expect",
  "Expires", "Host", "Icy-Metaint", "Icy-Metadata", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range",
  "If-Unmodified-Since", "Keep-Alive", "Last-Event-Id", "Last-Modified", "Link", "Location", "Origin", "Ping-From", "Ping-To",
  "Pragma", "Proxy-Authorization", "Purpose", "Range", "Referer", "Referrer-Policy", "Refresh", "Report-To", "Sec-Fetch-Dest",
  "Sec-Fetch-Mode", "Sec-WebSocket-Accept", "Sec-WebSocket-Extensions", "Sec-WebSocket-Key", "Sec-WebSocket-Protocol",
  "Sec-WebSocket-Version", "Server-Timing", "Service-Worker", "Service-Worker-Allowed", "Service-Worker-Navigation-Preload",
  "Set-Cookie2", "Sourcemap", "Strict-Transport-Security", "TE", "Timing-Allow-Origin", "Trailer", "Transfer-Encoding", "Upgrade",
  "Upgrade-Insecure-Requests", "User-Agent", "Vary", "Via", "X-Content-Type-Options", "X-DNS-Prefetch-Control", "X-Frame-Options",
  "X-Sourcemap", "X-Temp-Tablet", "X-XSS-Protection",
];

const KNOWN_BY_LOWER: ReadonlyMap<string, string> = new Map(KNOWN.map((name) => [name.toLowerCase(), name]));

/** Lower-case name → the name fetch writes for it, for every name in `given` (the step's `headers:` keys, in order). */
export function wireNames(given: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const name of given) {
    const lower = name.toLowerCase();
    if (!names.has(lower)) names.set(lower, KNOWN_BY_LOWER.get(lower) ?? name);
  }
  return names;
}

/** The name fetch writes for a lower-case name no `headers:` key gave (one the step set itself, e.g. content-type). */
export function knownName(lower: string): string {
  return KNOWN_BY_LOWER.get(lower) ?? lower;
}

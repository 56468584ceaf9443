// Which requests the built-in plain-HTTP client sends: only those it is proven to send and read exactly as Bun's fetch; the rest go to fetch.

/** The proxy variables Bun's fetch may honour: with any of them set, every request goes to fetch. */
const PROXY_VARS = ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];
const METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
/** Request headers fetch rewrites or drops in ways the wire client does not copy. */
const FETCH_ONLY_HEADERS: ReadonlySet<string> = new Set(["content-length", "transfer-encoding"]);
const IPV4 = /^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;
const PRINTABLE_ASCII = /^[\x20-\x7e\t]*$/;
const DIGITS = /^\d+$/;

/** False when SCENARIO_HTTP_CLIENT=fetch or a proxy variable is set: then fetch sends every request. */
export function wireAllowed(): boolean {
  if (process.env.SCENARIO_HTTP_CLIENT === "fetch") return false;
  for (const name of PROXY_VARS) if (process.env[name]) return false;
  return true;
}

/** Whether the URL is one the wire client may connect to: http, an IP literal host, no user or password. */
export function wireUrl(url: URL): boolean {
  if (url.protocol !== "http:" || url.username !== "" || url.password !== "") return false;
  const host = url.hostname;
  return IPV4.test(host) || host.startsWith("[");
}

/** Whether the whole request is inside the envelope (the environment, URL, method, headers and body). */
export function inEnvelope(url: URL, method: string, given: Record<string, string> | undefined, hasBody: boolean): boolean {
  if (!wireAllowed() || !wireUrl(url) || !METHODS.has(method)) return false;
  if (hasBody && (method === "GET" || method === "HEAD")) return false;
  if (given)
    for (const [name, value] of Object.entries(given))
      if (FETCH_ONLY_HEADERS.has(name.toLowerCase()) || DIGITS.test(name) || !PRINTABLE_ASCII.test(value)) return false;
  return true;
}

// The request head the wire client writes: byte for byte what Bun's fetch writes for the same request.
import { knownName } from "./wire-names.ts";

const USER_AGENT = `Bun/${Bun.version}`;
const ACCEPT_ENCODING = "gzip, deflate, br, zstd";
/** Methods fetch sends a Content-Length with even without a body. */
const LENGTH_ALWAYS: ReadonlySet<string> = new Set(["POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** One request as the wire client sends it: fixed for every hop that keeps the method, headers and body. */
export interface WireRequest {
  method: string;
  /** The user's headers (no content-length or transfer-encoding: those requests stay with fetch). */
  headers: Headers;
  /** Lower-case name → the name written on the wire. */
  names: ReadonlyMap<string, string>;
  body?: Uint8Array;
  /** True when `headers` holds nothing: the head is then the defaults alone. */
  bare?: boolean;
  /** The step's insecure_tls: for an https:// hop a redirect hands to fetch. */
  insecureTls?: boolean;
}

/** The path and query as fetch writes them: the URL's href after its origin, without the fragment. */
function requestTarget(url: URL): string {
  const rest = url.href.slice(url.origin.length);
  const hash = rest.indexOf("#");
  return hash < 0 ? rest : rest.slice(0, hash);
}

/** The request line and headers, ending with the blank line. */
export function requestHead(url: URL, req: WireRequest, keep = req.method !== "HEAD"): string {
  const line = `${req.method} ${requestTarget(url)} HTTP/1.1\r\n`;
  const length = req.body !== undefined || LENGTH_ALWAYS.has(req.method) ? `Content-Length: ${req.body?.byteLength ?? 0}\r\n` : "";
  // A connection not to be kept (a HEAD's, one to an origin barred by no-reuse.ts) has no keep-alive line, as fetch sends
  // none when told keepalive false.
  const keepAlive = keep ? "Connection: keep-alive\r\n" : "";
  if (req.bare) return `${line}${keepAlive}User-Agent: ${USER_AGENT}\r\nAccept: */*\r\nHost: ${url.host}\r\nAccept-Encoding: ${ACCEPT_ENCODING}\r\n${length}\r\n`;
  const { headers, names } = req;
  const lines: [string, string][] = [];
  headers.forEach((value, lower) => {
    if (lower !== "set-cookie") lines.push([names.get(lower) ?? knownName(lower), value]);
  });
  lines.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let head = line;
  for (const [name, value] of lines) head += `${name}: ${value}\r\n`;
  for (const cookie of headers.getSetCookie()) head += `set-cookie: ${cookie}\r\n`;
  if (!headers.has("connection")) head += keepAlive;
  if (!headers.has("user-agent")) head += `User-Agent: ${USER_AGENT}\r\n`;
  if (!headers.has("accept")) head += "Accept: */*\r\n";
  if (!headers.has("host")) head += `Host: ${url.host}\r\n`;
  if (!headers.has("accept-encoding")) head += `Accept-Encoding: ${ACCEPT_ENCODING}\r\n`;
  return `${head}${length}\r\n`;
}

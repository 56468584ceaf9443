// What a request that ran out of time had got: a port that never took the connection, or a server that took it and did
// not answer (no headers, or not the whole body). Someone debugging a stack needs the one or the other, not "timed out".
import { formatSize } from "./units/size.ts";
import { fetchProxy } from "../util/fetch-proxy.ts";

/** How far one request got; the transport fills it in as it goes. */
export interface RequestProgress {
  /** host:port of the hop in flight (a redirect's target once it is followed). */
  address: string;
  /** The URL of the hop in flight (a redirect's target once it is followed): the one a failure names. */
  url?: string;
  /** Its TCP connection was made (true), was still being made (false), or the transport does not say (undefined: fetch before the headers). */
  connected: boolean | undefined;
  /** The response's status, once its headers arrived. */
  status?: number;
  /** The status of an informational head (1xx) that came and no final one after it, when the transport tells (the wire client; fetch does not). */
  informational?: number;
  /** Body bytes read, when the transport counts them. */
  bodyBytes?: number;
  /**
   * host:port of the proxy fetch sent the hop through (HTTP_PROXY and the like, NO_PROXY applied), when one did: then a
   * stalled request stalled there or behind it, and the connection made to check goes to the proxy, not the server.
   */
  proxy?: string;
}

/**
 * A hop to url starts: nothing of its response known yet; `connected` as the transport knows it (see RequestProgress):
 * undefined is fetch, which may send it through a proxy (the wire client never does).
 */
export function hopStarts(progress: RequestProgress, url: URL, connected: boolean | undefined): void {
  progress.address = addressOf(url);
  progress.url = url.href;
  progress.connected = connected;
  progress.status = undefined;
  progress.bodyBytes = undefined;
  progress.informational = undefined;
  progress.proxy = connected === undefined ? fetchProxy(url) : undefined;
}

/**
 * What a connection made after the deadline found, for a transport that does not say whether its own connection was
 * made (fetch): "accepted" at once, "refused" (or unreachable: Bun words both alike), or "no answer" within the probe's bound.
 */
export type ProbeOutcome = "accepted" | "refused" | "no answer";

const UNREACHED = "a firewall dropping packets, or a host or container not up?";

/** Where a request stood when its deadline passed (`what`) and what that tells (`why`), which a step's error puts after the URL: `what: URL — why`. */
export interface Stalled {
  what: string;
  why?: string;
}

/**
 * Where the request stood when its deadline passed, as the step's error says it. `after` is the deadline ("5s") when
 * the words should carry it; `probe` what a connection made to check found (fetch only).
 */
export function stalledText(p: RequestProgress, after?: string, probe?: ProbeOutcome): Stalled {
  const within = after ? ` within ${after}` : "";
  const past = after ? ` after ${after}` : "";
  // Behind a proxy the connection (and the check) went to the proxy: nothing here is known of the server itself.
  const via = p.proxy === undefined ? "" : `through the proxy ${p.proxy}`;
  if (p.status !== undefined) {
    const read = p.bodyBytes !== undefined ? ` (${formatSize(p.bodyBytes)} of it read)` : "";
    return { what: `connected, response headers received (HTTP ${p.status}), the body not complete${past}${read}`, ...(via ? { why: via } : {}) };
  }
  // It answered, only not finally: "did not answer" sent one looking at a server that never started on the request.
  if (p.connected === true && p.informational !== undefined) {
    return { what: `connected, no final response headers${past}`, why: `${p.address} answered only with an informational ${p.informational} head (1xx), and no final response followed it` };
  }
  if (p.connected === true) return { what: `connected, no response headers${past}`, why: `${p.address} accepted the connection and did not answer` };
  if (p.connected === false) return { what: `could not connect${within}`, why: `nothing accepted the connection at ${p.address} (${UNREACHED})` };
  if (via) {
    const checked = `${via}: a connection made to the proxy to check`;
    if (probe === "accepted") return { what: `no response headers${past}`, why: `${checked} was accepted at once: the proxy is up, and it (or the server behind it) did not answer` };
    if (probe === "refused") return { what: `no response${within}`, why: `${checked} failed (refused or unreachable): is the proxy up?` };
    if (probe === "no answer") return { what: `could not connect to the proxy${within}, it seems`, why: `${checked} was not accepted either (${UNREACHED})` };
    return { what: `no response headers${past}`, why: `${via}: not known whether the proxy accepted the connection` };
  }
  if (probe === "accepted") return { what: `no response headers${past}`, why: `a connection made to ${p.address} to check was accepted at once: the server is up and did not answer` };
  if (probe === "refused") return { what: `no response${within}`, why: `a connection made to ${p.address} to check failed (refused or unreachable): is the service up?` };
  if (probe === "no answer") return { what: `could not connect${within}, it seems`, why: `a connection made to ${p.address} to check was not accepted either (${UNREACHED})` };
  return { what: `no response headers${past}`, why: `not known whether ${p.address} accepted the connection` };
}

/** Where the connection made to check a stalled request goes (see probeStalled): the proxy the request went through, else the server. */
export function checkedAddress(p: RequestProgress): string {
  return p.proxy ?? p.address;
}

/** host:port of a URL as the words above name it (the scheme's port when the URL has none). */
export function addressOf(url: URL): string {
  return `${url.hostname}:${url.port || (url.protocol === "https:" ? "443" : "80")}`;
}

// The proxy Bun's fetch sends a request through, decided as fetch decides it: a request that timed out behind a proxy
// got stuck at the proxy or behind it, and the words of the timeout must not blame (or check) the server's own port.
// The rules were measured against Bun's fetch, case by case; fetch-proxy.test.ts sends each case through fetch too.
import { withoutUserinfo } from "./url-text.ts";

type Env = Readonly<Record<string, string | undefined>>;

/** A value fetch reads as "no proxy here" when the variable holds it (a quoted empty string from a .env file). */
const QUOTED_EMPTY: ReadonlySet<string> = new Set(["''", '""']);
/** A proxy URL's port when it names none. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = { "http:": 80, "https:": 443, "socks:": 1080, "socks4:": 1080, "socks5:": 1080, "socks5h:": 1080 };

/** The lower-case variable, else the upper-case one; an empty value counts as unset (fetch reads it so). */
function either(env: Env, lower: string, upper: string): string | undefined {
  return env[lower] || env[upper] || undefined;
}

/**
 * host:port of the proxy fetch sends a request to `url` through, or undefined when it goes straight to the server.
 * http:// reads http_proxy/HTTP_PROXY, https:// https_proxy/HTTPS_PROXY, then both all_proxy/ALL_PROXY (the lower-case
 * name first each time); no_proxy/NO_PROXY names the hosts that go direct.
 */
export function fetchProxy(url: URL, env: Env = process.env): string | undefined {
  const scheme = url.protocol === "http:" ? "http" : url.protocol === "https:" ? "https" : undefined;
  if (!scheme) return undefined;
  // A quoted empty value in the scheme's own pair ends that pair (fetch does not read its upper-case twin), not ALL_PROXY.
  let value = either(env, `${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`);
  if (value === undefined || QUOTED_EMPTY.has(value)) value = either(env, "all_proxy", "ALL_PROXY");
  if (value === undefined || QUOTED_EMPTY.has(value)) return undefined;
  if (bypassed(url, env)) return undefined;
  return proxyAddress(value);
}

/**
 * host:port of a proxy variable's value ("http://proxy:3128", "proxy:3128"); the value itself when it is no URL, less a
 * user name and password (`http://bob:pa/ss@proxy:3128`: a password that breaks the URL is what usually makes it none).
 */
function proxyAddress(value: string): string {
  try {
    const u = new URL(value.includes("://") ? value : `http://${value}`);
    return `${u.hostname}:${u.port || DEFAULT_PORTS[u.protocol] || 80}`;
  } catch {
    return value.includes("://") ? withoutUserinfo(value) : withoutUserinfo(`http://${value}`).slice("http://".length);
  }
}

/** Whether no_proxy/NO_PROXY (entries split at commas and blanks) sends the request to `url` straight to the server. */
function bypassed(url: URL, env: Env): boolean {
  let list = env.no_proxy;
  // Here a quoted empty lower-case value falls through to the upper-case one (measured).
  if (!list || QUOTED_EMPTY.has(list)) list = env.NO_PROXY;
  if (!list || QUOTED_EMPTY.has(list)) return false;
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  // node:net (for the addresses and ranges) costs a start-up ~6 ms: loaded only when a proxy is set and no_proxy lists entries.
  const { matches } = require("./no-proxy-entry.ts") as typeof import("./no-proxy-entry.ts");
  return list.split(/[\s,]+/).some((entry) => entry !== "" && matches(entry.toLowerCase(), host, port));
}

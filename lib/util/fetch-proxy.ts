// The proxy Bun's fetch sends a request through, decided as fetch decides it: a request that timed out behind a proxy
// got stuck at the proxy or behind it, and the words of the timeout must not blame (or check) the server's own port.
// The rules were measured against Bun's fetch, case by case; fetch-proxy.test.ts sends each case through fetch too.
import { BlockList, isIP } from "node:net";

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

/** host:port of a proxy variable's value ("http://proxy:3128", "proxy:3128"); the value itself when it is no URL. */
function proxyAddress(value: string): string {
  try {
    const u = new URL(value.includes("://") ? value : `http://${value}`);
    return `${u.hostname}:${u.port || DEFAULT_PORTS[u.protocol] || 80}`;
  } catch {
    return value;
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
  return list.split(/[\s,]+/).some((entry) => entry !== "" && matches(entry.toLowerCase(), host, port));
}

/**
 * One NO_PROXY entry against the URL's host and port: `*` is every host; `host:port` and `[v6]:port` only that port; an
 * IP address is that address (IPv6 in any spelling), `a.b.c.d/n` a range; a name is that host and the hosts under it
 * (`example.com`, `.example.com` and `*.example.com` alike). An IP host matches no name and no suffix of itself.
 */
function matches(entry: string, host: string, port: number): boolean {
  if (entry === "*") return true;
  let name = entry;
  const bracketed = /^\[([^\]]*)\](?::(\d+))?$/.exec(entry);
  const withPort = bracketed ? undefined : /^([^:]+):(\d+)$/.exec(entry);
  if (bracketed) {
    name = bracketed[1]!;
    if (bracketed[2] !== undefined && Number(bracketed[2]) !== port) return false;
  } else if (withPort) {
    name = withPort[1]!;
    if (Number(withPort[2]) !== port) return false;
  } else if (entry.split(":").length === 2) return false; // "host:" or ":port": nothing
  name = name.replace(/^\*?\./, "").replace(/\.$/, "");
  const family = isIP(host);
  const slash = name.indexOf("/");
  if (slash >= 0) {
    const base = name.slice(0, slash);
    const bits = Number(name.slice(slash + 1));
    const type = isIP(base);
    if (type === 0 || type !== family || !Number.isInteger(bits) || bits < 0 || bits > (type === 4 ? 32 : 128)) return false;
    const range = new BlockList();
    range.addSubnet(base, bits, type === 4 ? "ipv4" : "ipv6");
    return range.check(host, type === 4 ? "ipv4" : "ipv6");
  }
  const type = isIP(name);
  if (type !== 0) {
    if (type !== family) return false;
    if (type === 4) return name === host;
    const one = new BlockList();
    one.addAddress(name, "ipv6");
    return one.check(host, "ipv6");
  }
  if (family !== 0 || name === "") return false;
  return host === name || host.endsWith(`.${name}`);
}

// One NO_PROXY entry read as Bun's fetch reads it (fetch-proxy.ts); apart because node:net is costly to load and only a proxied run needs it.
import { BlockList, isIP } from "node:net";

/**
 * One NO_PROXY entry against the URL's host and port: `*` is every host; `host:port` and `[v6]:port` only that port; an
 * IP address is that address (IPv6 in any spelling), `a.b.c.d/n` a range; a name is that host and the hosts under it
 * (`example.com`, `.example.com` and `*.example.com` alike). An IP host matches no name and no suffix of itself.
 */
export function matches(entry: string, host: string, port: number): boolean {
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
    // Decimal digits only, as fetch reads them: Number() would also take "" (a range of all), "+8", "0x8", "1e1", "8.0".
    const digits = name.slice(slash + 1);
    const bits = Number(digits);
    const type = isIP(base);
    if (type === 0 || type !== family || !/^\d+$/.test(digits) || bits > (type === 4 ? 32 : 128)) return false;
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

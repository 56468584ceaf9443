// ip() patterns read as Go's net/netip and go4.org/netipx read them, and addresses found in text as Loki 3.4.6's ipFilter finds them.
import { describe, expect, test } from "bun:test";
import { ipMatcher, ipTextFilter, parseAddr } from "./ip-filter.ts";

describe("addresses as netip.ParseAddr reads them", () => {
  test.each([
    ["1.2.3.4", 32, 0x01020304n, ""],
    ["0.0.0.0", 32, 0n, ""],
    ["255.255.255.255", 32, 0xffffffffn, ""],
    ["::", 128, 0n, ""],
    ["::1", 128, 1n, ""],
    ["2001:db8::1", 128, 0x20010db8000000000000000000000001n, ""],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", 128, 0x20010db8000000000000000000000001n, ""],
    ["::ffff:10.0.0.7", 128, 0xffff0a000007n, ""],
    ["1:2:3:4:5:6:1.2.3.4", 128, 0x00010002000300040005000601020304n, ""],
    ["fe80::1%eth0", 128, 0xfe800000000000000000000000000001n, "eth0"],
  ])("%s", (text, bits, value, zone) => {
    expect(parseAddr(text)).toEqual({ bits: bits as 32 | 128, value, zone });
  });

  test.each([
    "", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.256", "1..2.3", ".1.2.3", "1.2.3.", "1.2.3.4%eth0", "%eth0",
    "1::2::3", "12345::1", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%", ":1", "1:",
    "1:2:3:4::5:6:7:8", "1:2:3:4:5:6:7:8::", "g::1", "1.2.3.4/8",
  ])("%j is no address", (text) => {
    expect(parseAddr(text)).toBeUndefined();
  });

  test("`::` standing for one group at the end or the start is taken (for none it is not, above)", () => {
    expect(parseAddr("1:2:3:4:5:6:7::")).toEqual({ bits: 128, value: 0x00010002000300040005000600070000n, zone: "" });
    expect(parseAddr("1:2:3:4:5:6::8")).toEqual({ bits: 128, value: 0x00010002000300040005000600000008n, zone: "" });
    expect(parseAddr("::2:3:4:5:6:7:8")).toEqual({ bits: 128, value: 0x00000002000300040005000600070008n, zone: "" });
  });
});

describe("patterns as Loki's getMatcher reads them", () => {
  test.each([
    ["10.0.0.1", "addr"],
    ["10.0.0.0/8", "prefix"],
    ["10.1.2.3/8", "prefix"],
    ["0.0.0.0/0", "prefix"],
    ["2001:db8::/32", "prefix"],
    ["::ffff:10.0.0.0/104", "prefix"],
    ["10.0.0.1-10.0.0.9", "range"],
    ["10.0.0.1-10.0.0.1", "range"],
    ["fe80::1-fe80::2", "range"],
    // Read as one address first: a zone is any text after `%`, a hyphen or a slash included.
    ["fe80::1%eth0-fe80::2", "addr"],
    ["fe80::%x/10", "addr"],
  ])("%s is a %s", (pattern, kind) => {
    expect(ipMatcher(pattern)?.kind).toBe(kind as "addr" | "prefix" | "range");
  });

  test.each([
    "", "10.0.0.0/08", "10.0.0.0/33", "10.0.0.0/+8", "10.0.0.0/", "::/129", "fe80::/10%x", "300.1.1.1",
    "10.0.0.9-10.0.0.1", "10.0.0.1 - 10.0.0.9", "10.0.0.1-2001:db8::1", "10.0.0.1-", "x",
  ])("%j is refused", (pattern) => {
    expect(ipMatcher(pattern)).toBeUndefined();
  });
});

describe("addresses found in text as Loki's ipFilter finds them", () => {
  const finds = (pattern: string, text: string) => ipTextFilter(pattern)(text);

  test("inside other text: after a letter that is no hex digit, before a port, in brackets, after text outside ASCII", () => {
    expect(finds("10.0.0.0/8", "client=10.1.2.3 method=GET")).toBe(true);
    expect(finds("192.168.1.5", "client=192.168.1.5:8080")).toBe(true);
    expect(finds("2001:db8::ff", "v6=[2001:db8::ff]:443")).toBe(true);
    expect(finds("10.0.0.9", "é10.0.0.9é")).toBe(true);
    expect(finds("1.2.3.4", "x1.2.3.4")).toBe(true);
    expect(finds("1.1.1.1", "list=1.1.1.1,2.2.2.2")).toBe(true);
    expect(finds("2.2.2.2", "list=1.1.1.1,2.2.2.2")).toBe(true);
  });

  test("a run of address characters that is no address is skipped whole", () => {
    // "1.2.3.4.5" fails, and the scan goes on after it: 2.3.4.5 inside it is never tried.
    expect(finds("2.3.4.5", "ip=1.2.3.4.5")).toBe(false);
    expect(finds("1.2.3.4", "ip=01.2.3.4")).toBe(false);
    expect(finds("1.2.3.4", "ip=1.2.3.4")).toBe(true);
    // A hex digit just before it starts no IPv6 run (`a1.2` holds no `:`): the address is read from its first digit.
    expect(finds("1.2.3.4", "a1.2.3.4")).toBe(true);
    // A timestamp's "09:55.936" is an IPv6 run that fails, and takes nothing after it.
    expect(finds("10.0.0.1", "2026-12-05T04:09:55.936Z 10.0.0.1")).toBe(true);
  });

  test("families and zones: IPv4 never matches a 4-in-6 address, an address with a zone never matches a pattern without it", () => {
    expect(finds("10.0.0.7", "client=::ffff:10.0.0.7")).toBe(false);
    expect(finds("::ffff:10.0.0.7", "client=::ffff:10.0.0.7")).toBe(true);
    expect(finds("10.0.0.0/8", "client=::ffff:10.0.0.7")).toBe(false);
    expect(finds("::/0", "client=::ffff:10.0.0.7")).toBe(true);
    // `%` is no address character: the zone is never read from text, so a pattern with one finds nothing.
    expect(finds("fe80::1%eth0", "fe80::1%eth0 link")).toBe(false);
    expect(finds("fe80::1", "fe80::1%eth0 link")).toBe(true);
  });

  test("a range holds its ends; an empty text holds nothing", () => {
    expect(finds("10.0.0.1-10.0.0.9", "a 10.0.0.9 b")).toBe(true);
    expect(finds("10.0.0.1-10.0.0.9", "a 10.0.0.10 b")).toBe(false);
    expect(finds("0.0.0.0/0", "")).toBe(false);
    // Fewer than four bytes from a digit to the end: no IPv4 hint there.
    expect(finds("0.0.0.0/0", "1.2")).toBe(false);
  });
});

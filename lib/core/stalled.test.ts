// The words of a request that ran out of time, for each place it can stand (the transports' tests make each happen for real).
import { expect, test } from "bun:test";
import { addressOf, stalledText } from "./stalled.ts";

const at = "127.0.0.1:3100";

test("each place a request can stand has its own words; the deadline is in them when given", () => {
  expect(stalledText({ address: at, connected: false }, "5s")).toEqual({ what: "could not connect within 5s", why: `nothing accepted the connection at ${at} (a firewall dropping packets, or a host or container not up?)` });
  expect(stalledText({ address: at, connected: true }, "5s")).toEqual({ what: "connected, no response headers after 5s", why: `${at} accepted the connection and did not answer` });
  expect(stalledText({ address: at, connected: true, status: 200, bodyBytes: 2048 }, "5s")).toEqual({ what: "connected, response headers received (HTTP 200), the body not complete after 5s (2.0 KiB of it read)" });
  expect(stalledText({ address: at, connected: true, informational: 199 }, "5s")).toEqual({ what: "connected, no final response headers after 5s", why: `${at} answered only with an informational 199 head (1xx), and no final response followed it` });
  expect(stalledText({ address: at, connected: true }).what).toBe("connected, no response headers");
  expect(stalledText({ address: at, connected: false }).what).toBe("could not connect");
});

test("over fetch, which does not say whether it connected, the words are what a connection made to check found", () => {
  expect(stalledText({ address: at, connected: undefined }, "5s", "accepted").what).toBe("no response headers after 5s");
  expect(stalledText({ address: at, connected: undefined }, "5s", "refused")).toEqual({ what: "no response within 5s", why: `a connection made to ${at} to check failed (refused or unreachable): is the service up?` });
  expect(stalledText({ address: at, connected: undefined }, "5s", "no answer").what).toBe("could not connect within 5s, it seems");
  expect(stalledText({ address: at, connected: undefined }, "5s")).toEqual({ what: "no response headers after 5s", why: `not known whether ${at} accepted the connection` });
});

test("the address names the scheme's port when the URL has none", () => {
  expect(addressOf(new URL("http://loki"))).toBe("loki:80");
  expect(addressOf(new URL("https://loki/x"))).toBe("loki:443");
  expect(addressOf(new URL("http://[::1]:3100"))).toBe("[::1]:3100");
});

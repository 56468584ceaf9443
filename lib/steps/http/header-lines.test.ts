// headerLines gives what iterating a Headers object made of the same list gives, for every list the wire client's whole plain responses can hold.
import { describe, expect, test } from "bun:test";
import { headerLines } from "./header-lines.ts";
import { headersText } from "./exchange.ts";
import { seededRandom } from "../../../test/helpers/random.ts";

/** What the http step's response detail shows without headerLines: the lines of the Headers object made of the list. */
const viaHeaders = (list: [string, string][]) => headersText(new Headers(list));

const TOKEN = [..."!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"];
const NAMES = ["Content-Type", "content-type", "CONTENT-TYPE", "Set-Cookie", "set-cookie", "Date", "ETag", "X-A", "x-a", "x-a-", "x-", "a", "A", "B", "b", "_", "~", "0", "Vary", "vary", "Content-Length", "Cookie", "cookie"];

function pick<T>(next: () => number, from: readonly T[]): T {
  return from[Math.floor(next() * from.length)]!;
}

function generatedList(next: () => number): [string, string][] {
  const list: [string, string][] = [];
  const count = Math.floor(next() * 9);
  for (let i = 0; i < count; i++) {
    let name = "";
    if (next() < 0.7) name = pick(next, NAMES);
    else for (let n = 1 + Math.floor(next() * 6); n > 0; n--) name += pick(next, TOKEN);
    let value = "";
    for (let n = Math.floor(next() * 12); n > 0; n--) value += String.fromCharCode(32 + Math.floor(next() * 95));
    list.push([name, value.trim()]);
  }
  return list;
}

describe("headerLines", () => {
  test("hand-picked lists: order, case, repeated names, Set-Cookie, empty values", () => {
    const cases: [string, string][][] = [
      [],
      [["Content-Type", "application/json"], ["Content-Length", "2"], ["Date", "Mon, 30 Nov 2026 12:00:00 GMT"]],
      [["X-B", "1"], ["x-a", "2"], ["X-A", "3"], ["x-b", "4"]],
      [["Set-Cookie", "a=1; Path=/"], ["set-cookie", "b=2"], ["Vary", "Accept"], ["vary", "Origin"]],
      [["a", ""], ["A", ""], ["b", "x"]],
      [["x-", "1"], ["x", "2"], ["x-a", "3"], ["x_", "4"], ["X~", "5"], ["x0", "6"]],
      [["Set-Cookie", ""], ["Set-Cookie", "c=3"]],
      // Headers joins Cookie's values with "; ", not ", " (a response may repeat it; wholePlain takes it).
      [["Cookie", "a=1"], ["x-z", "1"], ["cookie", "b=2"], ["Cookie", ""]],
    ];
    for (const list of cases) expect(headerLines(list)).toBe(viaHeaders(list));
  });

  test("3,000 generated lists (seed from HEADER_LINES_SEED to replay one)", () => {
    const seed = Number(process.env.HEADER_LINES_SEED ?? 20261130);
    const next = seededRandom(seed);
    for (let i = 0; i < 3000; i++) {
      const list = generatedList(next);
      const got = headerLines(list);
      if (got !== viaHeaders(list)) expect({ seed, case: i, list, got }).toEqual({ seed, case: i, list, got: viaHeaders(list) });
    }
  });
});

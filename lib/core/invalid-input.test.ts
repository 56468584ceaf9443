// How load errors print: each at file:line:col with its line, each message once, a long one clipped.
import { expect, test } from "bun:test";
import { InvalidInput, MESSAGE_LIMIT } from "./invalid-input.ts";

test("a preflight's list of what it tried is printed whole (it was cut at 500 characters, after the first engine)", () => {
  const engine = (name: string) => `  - ${name}: Cannot connect to the Docker daemon at unix:///x.sock. Is the docker daemon running?; ${"start dockerd, or set DOCKER_HOST to the socket of a running engine ".repeat(5)}`;
  const message = ["compose: no compose engine answered. Tried, in order:", engine("`docker compose` 2.26.1"), engine("`docker-compose` 1.29.2"), engine("podman")].join("\n");
  expect(message.length).toBeGreaterThan(1000);
  expect(new InvalidInput([{ file: "s.yaml", message }]).format()).toBe(`s.yaml: ${message}\n1 error: nothing was run.`);
});

test("a message longer than the limit is clipped, saying by how much", () => {
  const text = new InvalidInput([{ file: "s.yaml", message: "x".repeat(MESSAGE_LIMIT + 10) }]).format();
  expect(text).toBe(`s.yaml: ${"x".repeat(MESSAGE_LIMIT)}… (10 more chars)\n1 error: nothing was run.`);
});

// The caret goes under the character the column names, as a terminal draws the excerpt: the excerpt's tabs repeated before
// it, a wide character (CJK, emoji) two cells; the column counts characters (code points), as editors do.
const drawn = (line: string, col: number) => new InvalidInput([{ file: "s.yaml", pos: { line: 1, col }, message: "m" }], new Map([["s.yaml", line]])).format().split("\n").slice(1, 3);

test("tabs before the column are repeated in the caret's line", () => {
  expect(drawn("\t\tkey: 1", 3)).toEqual(["  1 | \t\tkey: 1", "    | \t\t^"]);
  expect(drawn("a:\t{ x: 1,\tbogus: 2 }", 12)).toEqual(["  1 | a:\t{ x: 1,\tbogus: 2 }", `    |   \t${" ".repeat(7)}\t^`]);
});

test("a wide character before the column is two cells; the column counts code points (an emoji is one)", () => {
  // 日本語😀 then `", b`: the b is the 12th character, in the 16th cell
  const line = 'a: "日本語😀", b';
  expect([...line].indexOf("b") + 1).toBe(12);
  expect(drawn(line, 12)).toEqual([`  1 | ${line}`, `    | ${" ".repeat(4 + 8 + 3)}^`]);
});

test("a long line's excerpt is never cut inside a surrogate pair, and the caret stays under its character", () => {
  const line = `x: "${"😀".repeat(100)}", bogus: 1`;
  const col = [...line].indexOf("b") + 1;
  const [shown, caret] = drawn(line, col);
  expect(shown).not.toContain("\ufffd");
  expect(shown).toBe(`  1 | …${"😀".repeat(77)}", bogus: 1`);
  expect(Bun.stringWidth(shown!.slice(0, shown!.indexOf("bogus")))).toBe(caret!.indexOf("^"));
  const [shown2] = drawn(`${"😀".repeat(200)}`, 100);
  expect(shown2).not.toContain("\ufffd");
});

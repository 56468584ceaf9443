import { expect, test } from "bun:test";
import { notUtf8Values, type RawReader } from "./not-utf8-values.ts";

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

test("a value without U+FFFD reads nothing", () => {
  const read: RawReader = () => {
    throw new Error("read");
  };
  expect(notUtf8Values([{ name: "A", value: "café", from: "--var" }], "s.yaml", read)).toEqual([]);
});

test("the raw entry decides: a byte that is no UTF-8 is refused, a U+FFFD written as UTF-8 is not", () => {
  const cmdline = bytes("bun\0run\0--var\0BAD=caf", [0xe9], "\0--var=ALSO=x", [0xff], "\0OK=caf\ufffd\0");
  const read: RawReader = (f) => (f === "cmdline" ? cmdline : Buffer.alloc(0));
  const issues = notUtf8Values([{ name: "BAD", value: "caf\ufffd", from: "--var" }, { name: "ALSO", value: "x\ufffd", from: "--var" }, { name: "OK", value: "caf\ufffd", from: "--var" }], "s.yaml", read);
  expect(issues.map((i) => i.message.split(":")[0])).toEqual(["--var BAD", "--var ALSO"]);
  const environ = bytes("HOME=/h\0BAD=", [0xc3], "\0");
  expect(notUtf8Values([{ name: "BAD", value: "\ufffd", from: "environment" }], "s.yaml", (f) => (f === "environ" ? environ : undefined))[0]!.message).toStartWith("environment variable BAD: its value is not UTF-8 text");
});

test("without /proc a value holding U+FFFD is refused, saying why and what to do, the value not shown", () => {
  const issues = notUtf8Values([{ name: "BAD", value: "secret\ufffd", from: "environment" }], "s.yaml", () => undefined);
  expect(issues).toEqual([{ file: "s.yaml", message: "environment variable BAD: its value holds U+FFFD, which also stands for a byte that is no UTF-8, and without /proc/self/environ the bytes cannot be read to tell which: give the value in an --env-file (read as bytes) or under vars:" }]);
});

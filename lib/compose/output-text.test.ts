// Tests of reading compose output: escapes removed, and the error line picked over help pointers and noise.
import { describe, expect, test } from "bun:test";
import { errorLine, stripAnsi } from "./output-text.ts";

test("stripAnsi removes the escapes compose prints even with --no-color", () => {
  expect(stripAnsi("\x1b[2Kcrash-1  | fatal\x1b[0m\n\x1b[1;31merr\x1b[?25l")).toBe("crash-1  | fatal\nerr");
});

describe("errorLine", () => {
  test.each([
    ["podman's error, not its help pointer", "Error: unrecognized command `podman compose`\nTry 'podman --help' for more information\n", "Error: unrecognized command `podman compose`"],
    ["docker's missing plugin, not its help pointer", "docker: 'compose' is not a docker command.\nSee 'docker --help'\n", "docker: 'compose' is not a docker command."],
    ["the last error-like line", "warning: x\nError: first\nerror: second\nbye\n", "error: second"],
    ["the last line when none reads like an error", "one\ntwo\n", "two"],
    ["nothing", "\n \n", ""],
  ])("%s", (_name, text, want) => {
    expect(errorLine(text)).toBe(want);
  });
});

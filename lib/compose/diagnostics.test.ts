// Tests of the text taken from `compose logs`: escapes and compose v1's "Attaching to" header removed, the service's lines kept.
import { expect, test } from "bun:test";
import { logsText } from "./diagnostics.ts";
import type { ExecResult } from "../util/exec.ts";

const r = (stdout: string, stderr = ""): ExecResult => ({ exitCode: 0, signal: null, stdout, stderr, truncated: false, durationMs: 1, aborted: false });

test.each([
  ["compose v1's header line", "Attaching to p_web_1\nweb_1  | serving\n", "", "web_1  | serving"],
  ["v2 output as it is", "web-1  | serving\nweb-1  | Attaching to nothing\n", "", "web-1  | serving\nweb-1  | Attaching to nothing"],
  ["escapes removed, stderr after stdout", "\x1b[36mweb-1  |\x1b[0m a\n", "web-1  | b\n", "web-1  | a\nweb-1  | b"],
  ["nothing", "", "", ""],
])("%s", (_name, stdout, stderr, want) => {
  expect(logsText(r(stdout, stderr))).toBe(want);
});

// The --var values and environment variables a scenario reads whose bytes are no UTF-8: Bun decoded each such byte as U+FFFD, so they are refused.
import { readFileSync } from "node:fs";
import type { LoadIssue } from "../core/invalid-input.ts";

/** The bytes of /proc/self/cmdline or /proc/self/environ; undefined where there is none (no /proc, as on macOS). */
export type RawReader = (file: "cmdline" | "environ") => Buffer | undefined;

const procReader: RawReader = (file) => {
  try {
    return readFileSync(`/proc/self/${file}`);
  } catch {
    return undefined;
  }
};

/** Where a value the scenario reads comes from: the command line or the process environment. */
export interface UsedValue {
  name: string;
  value: string;
  from: "--var" | "environment";
}

/** Whether one of the NUL-separated entries of `raw` is a prefix then bytes that are no UTF-8 and decode to `value`. */
function notUtf8Entry(raw: Buffer, prefixes: readonly string[], value: string): boolean {
  const heads = prefixes.map((p) => Buffer.from(p, "utf8"));
  const exact = Buffer.from(value, "utf8");
  for (let start = 0; start < raw.length; ) {
    const end = raw.indexOf(0, start);
    const entry = raw.subarray(start, end === -1 ? raw.length : end);
    start = end === -1 ? raw.length : end + 1;
    for (const head of heads) {
      if (entry.length < head.length || !entry.subarray(0, head.length).equals(head)) continue;
      const rest = entry.subarray(head.length);
      if (!rest.equals(exact) && rest.toString("utf8") === value) return true;
    }
  }
  return false;
}

/**
 * A refusal for each value holding U+FFFD that stood for a byte that is no UTF-8: Bun's process.argv and process.env
 * hold the decoded text, so the bytes are read from /proc/self/cmdline and /proc/self/environ (only when some value
 * holds U+FFFD: a run without one reads nothing). A U+FFFD written as UTF-8 is a character like any other; where there
 * is no /proc the two cannot be told apart, and the value is refused saying so. The value is never quoted: it may be a
 * secret.
 */
export function notUtf8Values(values: readonly UsedValue[], file: string, read: RawReader = procReader): LoadIssue[] {
  const issues: LoadIssue[] = [];
  const raw = new Map<"cmdline" | "environ", Buffer | undefined>();
  const bytes = (f: "cmdline" | "environ") => (raw.has(f) ? raw.get(f) : raw.set(f, read(f)).get(f));
  for (const { name, value, from } of values) {
    if (!value.includes("\ufffd")) continue;
    const where = from === "--var" ? `--var ${name}` : `environment variable ${name}`;
    const source = bytes(from === "--var" ? "cmdline" : "environ");
    if (source === undefined) {
      issues.push({ file, message: `${where}: its value holds U+FFFD, which also stands for a byte that is no UTF-8, and without /proc/self/${from === "--var" ? "cmdline" : "environ"} the bytes cannot be read to tell which: give the value in an --env-file (read as bytes) or under vars:` });
      continue;
    }
    const prefixes = from === "--var" ? [`${name}=`, `--var=${name}=`] : [`${name}=`];
    if (notUtf8Entry(source, prefixes, value)) issues.push({ file, message: `${where}: its value is not UTF-8 text (a byte in it is none): read as U+FFFD, it would match no output; give it as UTF-8` });
  }
  return issues;
}

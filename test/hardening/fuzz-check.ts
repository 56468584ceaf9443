// Runs one fuzz case through the real CLI's main() (validate or --dry-run: nothing executes) and judges the outcome.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { main } from "../../lib/cli.ts";
import type { FuzzCase } from "./fuzz-cases.ts";

export type Verdict = "ok" | "crash" | "stack trace" | "bad exit" | "no message";

export interface Outcome {
  verdict: Verdict;
  code?: number;
  /** The first lines of the output or of the thrown error, for the tally. */
  text: string;
}

/** A JavaScript stack frame line ("    at fn (file.ts:12:3)"): never in the output of a handled outcome. */
const STACK_FRAME = /^\s+at .*(\.ts|\.js|native|<anonymous>)[^\n]*$/m;

/** Judges what the CLI printed and returned: exit 0/1/2 with a message and no stack trace. */
export function judge(code: number | null, output: string): Outcome {
  const text = output.slice(0, 400);
  if (STACK_FRAME.test(output)) return { verdict: "stack trace", code: code ?? undefined, text };
  if (code === null || ![0, 1, 2].includes(code)) return { verdict: "bad exit", code: code ?? undefined, text };
  if (!output.trim()) return { verdict: "no message", code, text };
  return { verdict: "ok", code, text };
}

/** Writes the case into dir and runs `validate` (even ids) or `run --dry-run` (odd ids) in-process. */
export async function checkInProcess(c: FuzzCase, dir: string): Promise<Outcome> {
  const file = join(dir, `case-${c.id}.yaml`);
  writeFileSync(file, c.bytes);
  let out = "";
  const io = {
    stdout: { write: (s: string) => void (out += s) },
    stderr: { write: (s: string) => void (out += s) },
    cwd: dir,
    env: { PATH: process.env.PATH },
    handleSignals: false,
  };
  const argv = c.id % 2 === 0 ? ["validate", file] : ["run", file, "--dry-run", "--report-dir", join(dir, "reports")];
  try {
    return judge(await main(argv, io), out);
  } catch (e) {
    const err = e as Error;
    return { verdict: "crash", text: `${err?.constructor?.name}: ${err?.message}\n${err?.stack ?? ""}`.slice(0, 800) };
  }
}

// The shell step's common inputs checked without zod: the schema's exact output (schema.ts), or undefined when unsure (then zod decides and words any error).
import { copyChecked, fastStringMap, isFastMapping, onlyKeys, UNSURE, type Fast } from "../../core/fast-fields.ts";
import { isNumericMatcher, isTextMatcher, jsonMatchers } from "../shared/fast-expect.ts";
import { listRunIssue, stringRunIssue } from "./shell-script.ts";
import { shellExpectIssue } from "./expect-issues.ts";
import { nulFields } from "./nul-fields.ts";

/** Fields this path vouches for, in the schema's order (the order of zod's output); `capture` and unknown keys leave the input to zod. */
const INPUT_KEYS: ReadonlySet<string> = new Set(["run", "cwd", "env", "background", "expect"]);
const EXPECT_ORDER = ["exit_code", "stdout", "stderr"] as const;
const EXPECT_KEYS: ReadonlySet<string> = new Set([...EXPECT_ORDER, "json"]);

/** `run`: a non-empty command line, or a non-empty list of strings (copied, as zod copies a list). */
function fastRun(v: unknown): Fast<string | string[]> {
  // A reference the string form refuses whatever its value: zod refuses it and says why.
  if (typeof v === "string") return v.length > 0 && !stringRunIssue(v) ? v : UNSURE;
  if (!Array.isArray(v) || v.length === 0) return UNSURE;
  for (const a of v) if (typeof a !== "string") return UNSURE;
  // A shell started through another program with a reference in its script: zod refuses it and says why.
  if (listRunIssue(v)) return UNSURE;
  return [...v];
}

function fastExpect(v: unknown): Fast<Record<string, unknown>> {
  if (!isFastMapping(v) || !onlyKeys(v, EXPECT_KEYS)) return UNSURE;
  const out: Record<string, unknown> = {};
  for (const key of EXPECT_ORDER) {
    if (!(key in v)) continue;
    if (!(key === "exit_code" ? isNumericMatcher(v[key], "exit", true) : isTextMatcher(v[key]))) return UNSURE;
    out[key] = v[key];
  }
  if (!copyChecked(v, "json", jsonMatchers, out)) return UNSURE;
  if (shellExpectIssue(out)) return UNSURE;
  return out;
}

/** The parsed shell input, exactly as the zod schema would return it, or undefined when this path is not sure. */
export function fastShellInput(v: unknown): { value: Record<string, unknown> } | undefined {
  if (!isFastMapping(v) || !onlyKeys(v, INPUT_KEYS)) return undefined;
  // A NUL byte no command can be given: zod words it.
  if (nulFields(v).length) return undefined;
  const out: Record<string, unknown> = {};
  if (!copyChecked(v, "run", fastRun, out) || !("run" in out)) return undefined;
  if ("cwd" in v) {
    if (typeof v.cwd !== "string") return undefined;
    out.cwd = v.cwd;
  }
  if (!copyChecked(v, "env", fastStringMap, out)) return undefined;
  if ("background" in v) {
    if (typeof v.background !== "boolean") return undefined;
    out.background = v.background;
  }
  // A background command with `expect` is an error: zod words it.
  if ("expect" in v && v.background === true) return undefined;
  if (!copyChecked(v, "expect", fastExpect, out)) return undefined;
  return { value: out };
}

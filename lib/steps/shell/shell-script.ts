// Where a list-form `run` hands a script to a shell ([sh, -c, SCRIPT], [bash, -o, pipefail, -c, --, SCRIPT]): that element is code, not an argument.
import { basename } from "node:path";
import { findRefs } from "../../vars/interpolate.ts";
import { LONG_WITH_ARGUMENT, SHELLS } from "../../vars/shells.ts";
import { interpreterCodeIssue } from "./interpreter-code.ts";


/**
 * The index of the script a shell at `at` reads as code, or undefined when it is given none with -c. As bash reads its
 * options: -c anywhere among them (`-ec` too) makes the first argument after the options the script; `-o NAME`,
 * `+o NAME`, `-O NAME`, `+O NAME`, `--rcfile FILE` and `--init-file FILE` take the next element; `--` or a lone `-`
 * ends the options.
 */
function scriptAfter(run: readonly string[], at: number): number | undefined {
  let command = false;
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--" || a === "-") return command && j + 1 < run.length ? j + 1 : undefined;
    if (a.length > 1 && (a[0] === "-" || a[0] === "+")) {
      if (a.startsWith("--")) {
        if (LONG_WITH_ARGUMENT.has(a)) j++;
        continue;
      }
      const letters = a.slice(1);
      if (a[0] === "-" && letters.includes("c")) command = true;
      // Each o or O in a group takes the next element, wherever it stands (`-oc pipefail SCRIPT`, `-euoc pipefail`).
      for (const l of letters) if (l === "o" || l === "O") j++;
      continue;
    }
    return command ? j : undefined;
  }
  return undefined;
}

/** Where a list hands a script to a shell: the shell's index and its script's (the first such shell); undefined when it does not. */
export function shellScript(run: readonly string[]): { shell: number; script: number } | undefined {
  for (let i = 0; i < run.length; i++) {
    if (!SHELLS.has(basename(run[i]!))) continue;
    const script = scriptAfter(run, i);
    if (script !== undefined) return { shell: i, script };
  }
  return undefined;
}

/**
 * Why a list-form `run` cannot be run safely, or undefined. A shell started through another program ([env, sh, -c, S],
 * [timeout, 5, bash, -c, S]) would read a value written into its script as code: its references cannot be given
 * through the environment as [sh, -c, S]'s are (the program in front decides what the shell gets), so they are refused.
 */
function wrappedShellIssue(run: readonly string[]): { index: number; message: string } | undefined {
  const found = shellScript(run);
  if (!found || found.shell === 0) return undefined;
  if (findRefs(run[found.script]!).length === 0) return undefined;
  const shell = basename(run[found.shell]!);
  return {
    index: found.script,
    message: `a \${NAME} in the script of ${shell} -c, started through ${JSON.stringify(run[0])}, would run as code: start the shell first ([${shell}, -c, SCRIPT]: its references are passed safely), use the string form, or give the step's timeout: and env: instead of a wrapper`,
  };
}

/** Why a list-form `run` would run a value as code (a shell behind another program, an interpreter's code), or undefined. */
export function listRunIssue(run: readonly string[]): { index: number; message: string } | undefined {
  return wrappedShellIssue(run) ?? interpreterCodeIssue(run);
}

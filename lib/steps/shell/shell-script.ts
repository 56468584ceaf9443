// Why a list-form `run` would run a value as code: a shell started through another program, or an interpreter's code (where a list hands a script to a shell: vars/shells.ts).
import { basename } from "node:path";
import { findRefs } from "../../vars/interpolate.ts";
import { shellScript } from "../../vars/shells.ts";
import { interpreterCodeIssue } from "../../vars/interpreter-code.ts";
import { bashCommand } from "../../vars/shell-refs.ts";

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

/**
 * `env -S STRING` (`--split-string`) splits its string into a command line, so a shell's script can hide inside one
 * element ([env, -S, "sh -c 'echo ${X}'"]): a reference after it would run as code.
 */
function splitStringIssue(run: readonly string[]): { index: number; message: string } | undefined {
  if (run.length === 0 || basename(run[0]!) !== "env") return undefined;
  const split = run.findIndex((a, i) => i > 0 && (/^-[A-Za-z]*S/.test(a) || a.startsWith("--split-string")));
  if (split < 0) return undefined;
  const index = run.findIndex((a, i) => i >= split && findRefs(a).length > 0);
  if (index < 0) return undefined;
  return { index, message: "a ${NAME} after env -S (--split-string), which splits its text into a command line, would run as code: give the command as list elements ([sh, -c, SCRIPT]: its references are passed safely), or use the string form" };
}

/** Words of the programs and builtins whose refusals hold whatever the value (vars/interpreter-code.ts, runByBash). */
const MAY_RUN_ANY_VALUE = /(?:python|pypy|node|bun|deno|perl|ruby|php|Rscript|\bR\b|lua|awk|sed|jq|psql|mysql|mariadb|sqlite|mapfile|readarray|complete|compgen|alias)/;

/**
 * Why a string-form `run` refuses a ${NAME} whatever its value (an interpreter's code, a callback bash runs), or
 * undefined: found when the scenario loads, before any step runs, as the list form's are. Asked with every value `1`
 * (a number, no shell syntax), so the refusals that depend on a value (shell syntax in a script another shell reads,
 * arithmetic) wait for the value, when the step runs.
 */
export function stringRunIssue(run: string): string | undefined {
  // Only a script that names an interpreter or a word bash runs again can be refused whatever the value: the rest
  // (curl, grep, docker …) skips the rewrite, whose first call costs about 4 ms at start-up.
  if (!run.includes("${") || !MAY_RUN_ANY_VALUE.test(run)) return undefined;
  const r = bashCommand(run, () => "1", "__scenario_load_");
  return "error" in r ? r.error : undefined;
}

/** Why a list-form `run` would run a value as code (a shell behind another program, an interpreter's code), or undefined. */
export function listRunIssue(run: readonly string[]): { index: number; message: string } | undefined {
  return splitStringIssue(run) ?? wrappedShellIssue(run) ?? interpreterCodeIssue(run);
}

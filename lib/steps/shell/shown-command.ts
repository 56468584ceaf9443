// A list-form `run` as the console, the run log, the reports and --dry-run show it: a line that, pasted into bash,
// runs what the step runs, never a value's `$(…)`.
import { shellQuote, type Lookup } from "../../vars/interpolate.ts";
import { displayCommand } from "../../vars/shell-refs.ts";
import { shellScript } from "../../vars/shells.ts";

/**
 * The words as one line, each quoted as the string form quotes a value (single quotes, where a word needs any). Each
 * was quoted with JSON's double quotes, inside which bash runs `$(…)` and backticks: `$ echo "$(touch pwned)"`.
 */
export function listCommandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(" ");
}

/** In a list such as [sh, -c, SCRIPT], [bash, -ec, SCRIPT] or [bash, -c, --, SCRIPT], the index of the script the shell reads as code. */
export function shellScriptIndex(run: readonly string[]): number | undefined {
  const found = shellScript(run);
  return found?.shell === 0 ? found.script : undefined;
}

/**
 * The line of a list-form `run` whose words are `words` (its elements with their values filled in): the script of
 * [sh, -c, SCRIPT] shown as the string form shows a command (each value in it quoted, `displayCommand`), from the
 * element as written and `lookup`; it was the value written into the script as it is, which bash then ran.
 */
export function shownListCommand(run: readonly string[], words: readonly string[], lookup: Lookup): string {
  const script = shellScriptIndex(run);
  return listCommandLine(script === undefined ? words : words.with(script, displayCommand(run[script]!, lookup)));
}

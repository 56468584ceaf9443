// Why a list-form `run` would run a value as code: a shell started through another program, a program that runs its command through a shell (su -c, ssh HOST …), a shell or its -c named by a variable, or an interpreter's code (where a list hands a script to a shell: vars/shells.ts).
import { basename } from "node:path";
import { findRefs } from "../../vars/interpolate.ts";
import { SHELL_COMMAND_RUNNERS, shellArguments, shellCommandElements, shellScript, standsAsProgram } from "../../vars/shells.ts";
import { interpreterCodeIssue } from "../../vars/interpreter-code.ts";
import { bashCommand } from "../../vars/shell-refs.ts";
import { runsProgram } from "../../vars/stdin-script.ts";

const holdsRef = (element: string) => findRefs(element).length > 0;

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

/** How each program of SHELL_COMMAND_RUNNERS hands its command to a shell, for messages. */
const RUNS_THROUGH_SHELL: Record<string, string> = {
  su: "su -c hands to the user's shell",
  runuser: "runuser -c hands to the user's shell",
  flock: "flock FILE -c hands to sh -c",
  sg: "sg GROUP hands to /bin/sh -c",
  script: "script -c hands to $SHELL -c",
  watch: "watch joins and hands to sh -c (unless -x)",
  ssh: "ssh HOST joins and hands to the remote shell (a -o ProxyCommand= or LocalCommand= to a local one)",
  tmux: "tmux hands to a shell (new-session, new-window, split-window, run-shell, if-shell …; send-keys types it into a pane's shell)",
  git: "git -c alias.NAME=!… hands to a shell",
};

/**
 * [su, root, -c, "echo ${X}"], [flock, F, -c, …], [watch, …], [ssh, HOST, …]: the program hands the element to a shell
 * that parses it, so a value written there would run as code, as in the string form's `su -c "…"`, which refuses a value
 * with shell syntax. Its other elements (su's user, flock's file, ssh's host, watch -x's command) are arguments.
 */
function shellCommandIssue(run: readonly string[]): { index: number; message: string } | undefined {
  for (let i = 0; i < run.length; i++) {
    const program = basename(run[i]!);
    // The program, or one a program that runs the rest starts ([sudo, su, -c, …]): `[grep, -r, watch, "${DIR}"]` is grep's.
    if (!SHELL_COMMAND_RUNNERS.has(program) || !standsAsProgram(run, i, runsProgram)) continue;
    const index = shellCommandElements(run, i).find((k) => holdsRef(run[k]!));
    if (index === undefined) continue;
    const through = i > 0 ? `, started through ${JSON.stringify(run[0])},` : "";
    const data =
      program === "ssh"
        ? `ssh hands the remote shell none of the variables: send it as data the remote command reads, ssh host 'read -r v; … "$v" …' <<< "\${NAME}"`
        : program === "tmux"
          ? `hand it to the command's environment with -e NAME="\${NAME}" (new-session, new-window, split-window, respawn-pane, respawn-window, display-popup: a tmux server already running has not this bash's variables) and write $NAME there, or pass it as an argument after a program ([tmux, new-window, PROGRAM, "\${NAME}"]: given more than one argument, tmux runs the program itself)`
          : `write $NAME there: the exported variable, which the shell expands as text${program === "su" || program === "runuser" ? `; with - or -l, ${program} starts a fresh environment, where it is not set` : ""}`;
    return {
      index,
      message: `a \${NAME} in the command that ${RUNS_THROUGH_SHELL[program]}${through} would run as code: use the string form, whose references are checked for shell syntax, or pass the value as data (${data})`,
    };
  }
  return undefined;
}

/**
 * ["${SHELL}", -c, "echo ${X}"]: whether the program is a shell is only known from a value, and then the element after
 * its -c is its script, read as code, whose references no one gives through the environment ([sh, -c, S] is found by
 * its written words). Refused at load: the program element (first, or after a program that runs the rest: sudo, env,
 * timeout …) holds a reference, and so does the script after a written -c. An option from a value ([bash, "${F}",
 * "${A}"], a script file named by a variable) is taken as what it most likely is, an operand: refusing it refused
 * `[bash, "${SCRIPT}", "${ARG}"]` with SCRIPT check.sh. A list with a shell's -c script written out is shellScript's
 * ([sh, -c, 'x "$1" "$2"', sh, "${A}", "${B}"]: its later elements are arguments).
 */
function variableShellIssue(run: readonly string[]): { index: number; message: string } | undefined {
  if (shellScript(run)) return undefined;
  for (let i = 0; i < run.length; i++) {
    if (!standsAsProgram(run, i, runsProgram)) continue;
    const name = basename(run[i]!);
    if (!holdsRef(name) || /^[A-Za-z_]\w*=/.test(run[i]!)) continue;
    const script = shellArguments(run, i).script;
    if (script === undefined || !holdsRef(run[script]!)) continue;
    const safe = "[bash, -c, SCRIPT]: its references are passed safely";
    const data = `or pass the value as data (an argument after the script: [bash, -c, 'echo "$1"', bash, "\${NAME}"])`;
    return {
      index: script,
      message: `a \${NAME} in the script of ${JSON.stringify(run[i])} -c would run as code when the value names a shell, which only the value tells: name the shell (${safe}), use the string form, whose references are checked for shell syntax, ${data}`,
    };
  }
  return undefined;
}

/** Words of the programs and builtins whose refusals hold whatever the value (vars/interpreter-code.ts, runByBash). */
const MAY_RUN_ANY_VALUE = /(?:python|pypy|node|bun|deno|perl|ruby|php|Rscript|\bR\b|lua|awk|sed|jq|psql|mysql|mariadb|sqlite|mapfile|readarray|complete|compgen|alias|gdb|tclsh|wish|expect|\b(?:n?vim?|ex|view|vimdiff|rvim|rview|gvim|r?ed)\b)/;

/**
 * Why a string-form `run` refuses a ${NAME} whatever its value (an interpreter's code, a callback bash runs), or
 * undefined: found when the scenario loads, before any step runs, as the list form's are. Asked with every value `1`
 * (a number, no shell syntax), so the refusals that depend on a value (shell syntax in a script another shell reads,
 * arithmetic, a program file's path a value makes) wait for the value, when the step runs.
 */
export function stringRunIssue(run: string): string | undefined {
  // Only a script that names an interpreter or a word bash runs again can be refused whatever the value: the rest
  // (curl, grep, docker …) skips the rewrite, whose first call costs about 4 ms at start-up.
  if (!run.includes("${") || !MAY_RUN_ANY_VALUE.test(run)) return undefined;
  // A reference in a program file's path (`python3 "${TOOLS}/load.py" <<< …`) is read as its value when the step runs: a
  // plain word now.
  const r = bashCommand(run, () => "1", "__scenario_load_", () => "value");
  return "error" in r ? r.error : undefined;
}

/**
 * Why a list-form `run` would run a value as code (a shell behind another program, a program that runs its command
 * through a shell, a shell or -c named by a variable, an interpreter's code), or undefined.
 */
export function listRunIssue(run: readonly string[]): { index: number; message: string } | undefined {
  // Only a list with a reference can hand a value to a shell: the rest skips the scans of options.
  const refs = run.some((a) => a.includes("${"));
  return splitStringIssue(run) ?? (refs ? shellCommandIssue(run) : undefined) ?? wrappedShellIssue(run) ?? interpreterCodeIssue(run) ?? (refs ? variableShellIssue(run) : undefined);
}

// The shells the runner knows read a script (after -c, from standard input): one list for every check that asks.

/** Shells by their program name (`/bin/bash` is bash). */
export const SHELLS: ReadonlySet<string> = new Set(["bash", "rbash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "fish"]);

/**
 * Programs that run a command in a container (`docker exec -i c sh`, `docker compose exec -T web sh`, `kubectl exec -i
 * pod -- sh`): a shell among their words reads their standard input there, as the wrappers' do here, but without this
 * bash's environment (the exported variable is not set in the container).
 */
export const CONTAINER_RUNNERS: ReadonlySet<string> = new Set(["docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc"]);

/** Programs that print their arguments (`echo '…' | sh`): a value among them is their output. shuf does with -e (printsArguments). */
export const PRINTERS: ReadonlySet<string> = new Set(["echo", "printf"]);

/**
 * The indices of the operands `shuf -e` (`--echo`) prints, each a line, from shuf's words at `p` on (quotes removed), as
 * GNU shuf reads them: options anywhere before `--`, -n, -o, -i and --random-source taking an argument (attached or the
 * next word), long ones by any unambiguous start (`--ec`). Undefined without -e, and with -o (it writes the file) or -i
 * (no operands).
 */
export function shufEchoed(words: readonly string[], p: number): number[] | undefined {
  const operands: number[] = [];
  let echo = false;
  let options = true;
  const long = (a: string, name: string, min: number) => a.length >= min && name.startsWith(a);
  for (let j = p + 1; j < words.length; j++) {
    const a = words[j]!;
    if (!options || a === "-" || !a.startsWith("-")) {
      operands.push(j);
      continue;
    }
    if (a === "--") {
      options = false;
      continue;
    }
    if (a.startsWith("--")) {
      const name = a.split("=")[0]!;
      if (long(name, "--echo", 3)) echo = true;
      else if (long(name, "--output", 3) || long(name, "--input-range", 3)) return undefined;
      else if (!a.includes("=") && (long(name, "--head-count", 3) || long(name, "--random-source", 4))) j++;
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const l = a[k]!;
      if (l === "e") echo = true;
      else if (l === "o" || l === "i") return undefined;
      else if (l === "n") {
        if (k === a.length - 1) j++;
        break;
      }
    }
  }
  return echo ? operands : undefined;
}

/**
 * Whether a command's words (from its program on; quotes removed, or masked) print their arguments: echo, printf, or
 * shuf -e (shufEchoed), whose operands are its output (`shuf -e '…' | sh`).
 */
export function printsArguments(cmd: readonly string[]): boolean {
  // `command echo`, `builtin echo`, `exec printf` (`-p`, `--`) print as echo and printf do.
  let k = 0;
  while (k + 1 < cmd.length && (cmd[k] === "command" || cmd[k] === "builtin" || cmd[k] === "exec")) {
    k++;
    while (k + 1 < cmd.length && (cmd[k] === "-p" || cmd[k] === "--")) k++;
  }
  const program = cmd[k]?.slice(cmd[k]!.lastIndexOf("/") + 1);
  if (program === undefined) return false;
  return PRINTERS.has(program) || (program === "shuf" && shufEchoed(cmd, k) !== undefined);
}

/** Long options of bash that take the next word (`--rcfile FILE`): that word is no script. */
const LONG_WITH_ARGUMENT: ReadonlySet<string> = new Set(["--rcfile", "--init-file"]);

/** The shells as a regex alternation, longest names first (`rbash` before `bash`, `bash` before `sh`). */
export const SHELL_NAMES_PATTERN = [...SHELLS].sort((a, b) => b.length - a.length).join("|");

/** A shell's command line as bash reads it (shellArguments): where its script comes from, its startup files, its arguments. */
export interface ShellArguments {
  /**
   * The indices of its option words, in order (`bash -e -o pipefail --norc -c S`: those of -e, -o, --norc and -c; not
   * -o's argument, nor a `--` or `-` that ends them): which options it was given are their words.
   */
  options: readonly number[];
  /** -c among its options (`-c`, `-ec`): its first operand is the script. */
  command: boolean;
  /** -s among its options: its script is its standard input, its operands that script's arguments. */
  stdinOption: boolean;
  /** The index of its first operand, past its options and a `--` or `-` that ends them; undefined for none. */
  operand: number | undefined;
  /** The index of its -c script (its first operand, given -c); undefined without -c, or with no word after the options. */
  script: number | undefined;
  /** The index of its script file (its first operand, given neither -c nor -s: `bash FILE`, `sh -x -- FILE`). */
  scriptFile: number | undefined;
  /** The indices of the startup files given to --rcfile or --init-file among its options (`bash --rcfile FILE -i`). */
  startupFiles: readonly number[];
  /** Whether it reads its script from its standard input: no -c, and -s or no operand (`bash`, `sh -s x`, `bash -e`). */
  readsStdin: boolean;
  /**
   * The index of the first word after its script: after the -c script (that word is the script's `$0`), after the
   * script file (its `$1`), or its first operand when it reads its standard input (`sh -s A B`: A is `$1`); the words'
   * length when there is none.
   */
  args: number;
}

/** The empty list shellArguments gives for no option, or no startup file (never written to). */
const NONE: never[] = [];

/**
 * A shell's command line from the word after the shell at `at`, as bash reads its options: a word that begins with `-`
 * or `+` (longer than that) is an option up to the first operand, or to `--` or a lone `-`, which end them; -c anywhere
 * among them (`-ec` too) makes the first operand the script, -s makes the standard input the script; each o or O in a
 * group takes the next element, wherever it stands (`-oc pipefail SCRIPT`, `-euoc pipefail`, `+o posix`), and so do
 * `--rcfile FILE` and `--init-file FILE` (its startup files). With neither -c nor -s the first operand is the script
 * file, and with no operand the standard input is the script. The one reading of a shell's options every check asks:
 * it runs for each shell word of every shell step at load, so it makes no list for a shell given none.
 */
export function shellArguments(run: readonly string[], at: number): ShellArguments {
  let command = false;
  let stdinOption = false;
  // The lists are made for their first entry (NONE till then).
  let options: number[] | undefined;
  let startupFiles: number[] | undefined;
  let operand: number | undefined;
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--" || a === "-") {
      if (j + 1 < run.length) operand = j + 1;
      break;
    }
    const sign = a[0];
    if (a.length > 1 && (sign === "-" || sign === "+")) {
      (options ??= []).push(j);
      if (sign === "-" && a[1] === "-") {
        if (LONG_WITH_ARGUMENT.has(a)) {
          if (j + 1 < run.length) (startupFiles ??= []).push(j + 1);
          j++;
        }
        continue;
      }
      if (sign === "-") {
        command ||= a.includes("c", 1);
        stdinOption ||= a.includes("s", 1);
      }
      // Each o or O in a group takes the next element, wherever it stands (`-oc pipefail SCRIPT`, `-euoc pipefail`).
      for (let k = 1; k < a.length; k++) if (a[k] === "o" || a[k] === "O") j++;
      continue;
    }
    operand = j;
    break;
  }
  const readsStdin = !command && (stdinOption || operand === undefined);
  return {
    options: options ?? NONE,
    command,
    stdinOption,
    operand,
    script: command ? operand : undefined,
    scriptFile: command || stdinOption ? undefined : operand,
    startupFiles: startupFiles ?? NONE,
    readsStdin,
    args: operand === undefined ? run.length : readsStdin ? operand : operand + 1,
  };
}

/** Where a list hands a script to a shell: the shell's index and its script's (the first such shell); undefined when it does not. */
export function shellScript(run: readonly string[]): { shell: number; script: number } | undefined {
  for (let i = 0; i < run.length; i++) {
    if (!SHELLS.has(run[i]!.slice(run[i]!.lastIndexOf("/") + 1))) continue;
    const script = shellArguments(run, i).script;
    if (script !== undefined) return { shell: i, script };
  }
  return undefined;
}

/**
 * ssh's -o settings whose value is a command line run by a shell, locally or on the host (ProxyCommand, LocalCommand,
 * KnownHostsCommand; RemoteCommand on the host), as ssh reads `KEY=VALUE`, `KEY VALUE`, `KEY = VALUE`, its key in any
 * case: the key (1), and the separator before the value (2), absent when the text ends at the key (spaces after it at most).
 */
const SSH_COMMAND_SETTING = /^\s*(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)(?:(\s*=\s*|\s+)|\s*$)/i;

/**
 * The text of an -o argument (`ProxyCommand=CMD`, `ProxyCommand CMD`; -o's own letters not in it) when it is one of
 * ssh's settings whose value a shell runs: its key as written, where its value (the command) starts, and whether the
 * value is separated from the key (`=` or blanks). Unseparated (the text ends at the key) it is a word cut short, as a
 * command line up to a reference is (`-o "ProxyCommand${X}"`); an -o argument whole is a setting only separated.
 */
export function sshCommandSetting(text: string): { key: string; value: number; separated: boolean } | undefined {
  const m = SSH_COMMAND_SETTING.exec(text);
  return m ? { key: m[1]!, value: m[0].length, separated: m[2] !== undefined } : undefined;
}

/** ssh's options that take an argument (`-p 22`, `-i key`, `-o Opt=v`, `-P tag`). */
export const SSH_WITH_ARGUMENT = "BbcDEeFIiJLlmOoPpQRSWw";

/**
 * Programs that run (some of) their arguments through a shell: `su`/`runuser -c CMD`, `flock FILE -c CMD`, `sg GROUP
 * [-c] CMD` (/bin/sh -c), `script -c CMD` ($SHELL -c), `watch CMD…` (joined, sh -c, unless -x), `ssh HOST CMD…` (joined,
 * parsed by the remote shell), `tmux new-session CMD`, `run-shell CMD`, `send-keys KEYS…` … (tmuxCommands), `git -c
 * alias.NAME=!CMD` (gitShellAliases). A value written into such an argument is code there, as in a shell's -c script.
 */
export const SHELL_COMMAND_RUNNERS: ReadonlySet<string> = new Set(["su", "runuser", "flock", "sg", "script", "watch", "ssh", "tmux", "git"]);

/**
 * tmux's commands that run a shell command, by name or alias, with their options that take an argument (tmux 3.3), and
 * which of their operands a shell reads: `one`, the operand when it is the only one (with more, tmux runs the first as
 * the program itself, the rest its arguments); `first`, the first; `all`, every one (if-shell's command and the tmux
 * commands it runs, which may be run-shell; send-keys's keys, typed into a pane's shell, which runs them at an Enter).
 */
const TMUX_COMMANDS: readonly { name: string; alias: string; takes: string; runs: "one" | "first" | "all" }[] = [
  { name: "new-session", alias: "new", takes: "cefFnstxy", runs: "one" },
  { name: "new-window", alias: "neww", takes: "ceFnt", runs: "one" },
  { name: "split-window", alias: "splitw", takes: "celFpt", runs: "one" },
  { name: "respawn-pane", alias: "respawnp", takes: "cet", runs: "one" },
  { name: "respawn-window", alias: "respawnw", takes: "cet", runs: "one" },
  { name: "display-popup", alias: "popup", takes: "bcdehsStTwxy", runs: "one" },
  { name: "run-shell", alias: "run", takes: "cdt", runs: "first" },
  { name: "pipe-pane", alias: "pipep", takes: "t", runs: "first" },
  { name: "if-shell", alias: "if", takes: "t", runs: "all" },
  { name: "send-keys", alias: "send", takes: "cNt", runs: "all" },
];

/**
 * What tmux at `at` hands a shell, as it reads its words: its own -c SHELL-COMMAND, and in each of its commands
 * (separated by an argument `;`, or one ending in `;` but not `\;`; a command named by its name, alias or a start of its
 * name, as tmux finds it) the operands a shell reads (TMUX_COMMANDS). `programs`: the operands tmux runs as a program
 * itself (`tmux new-window PROGRAM ARG…`).
 */
export function tmuxCommands(run: readonly string[], at: number): { shell: number[]; programs: number[] } {
  const out = { shell: [] as number[], programs: [] as number[] };
  let j = at + 1;
  for (; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--") {
      j++;
      break;
    }
    if (!(a.length > 1 && a.startsWith("-"))) break;
    const k = [...a].findIndex((l, n) => n > 0 && "cfLST".includes(l));
    if (k < 0) continue;
    const arg = k + 1 < a.length ? j : ++j;
    if (a[k] === "c" && arg < run.length) out.shell.push(arg);
  }
  while (j < run.length) {
    const name = run[j++]!;
    const cmd = TMUX_COMMANDS.find((c) => c.name === name || c.alias === name) ?? TMUX_COMMANDS.find((c) => name !== "" && c.name.startsWith(name));
    const operands: number[] = [];
    let options = true;
    for (; j < run.length; j++) {
      const written = run[j]!;
      const ends = written.endsWith(";") && !written.endsWith("\\;");
      const a = ends ? written.slice(0, -1) : written;
      if (options && a === "--") options = false;
      else if (options && a.length > 1 && a.startsWith("-")) {
        const k = [...a].findIndex((l, n) => n > 0 && (cmd?.takes ?? "").includes(l));
        if (k >= 0 && k === a.length - 1 && !ends) j++;
      } else if (a !== "") {
        options = false;
        operands.push(j);
      }
      if (ends) {
        j++;
        break;
      }
    }
    if (cmd === undefined || operands.length === 0) continue;
    if (cmd.runs === "all") out.shell.push(...operands);
    else if (cmd.runs === "first" || operands.length === 1) out.shell.push(operands[0]!);
    else out.programs.push(operands[0]!);
  }
  return out;
}

/** A git setting `alias.NAME=!CMD` (its section and key in any case): git runs CMD with a shell. */
const GIT_SHELL_ALIAS = /^alias\.[^=]*=!/i;

/**
 * The elements of git at `at` that define an alias a shell runs (`git -c alias.NAME=!CMD`), among its options before
 * its subcommand; the command starts after the `!` (gitAliasCommand).
 */
export function gitShellAliases(run: readonly string[], at: number): number[] {
  const out: number[] = [];
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (!a.startsWith("-")) break;
    if (a === "-c" && j + 1 < run.length && GIT_SHELL_ALIAS.test(run[j + 1]!.replace(/^\0/, ""))) out.push(j + 1);
    if (["-c", "-C", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env"].includes(a)) j++;
  }
  return out;
}

/** Where the command of a git alias element (`alias.NAME=!CMD`) starts: after its `!`. */
export const gitAliasCommand = (element: string): number => element.indexOf("=!") + 2;

/** Their short options that take an argument (getopt: attached, `-w5`, or the next element), and long ones (`--timeout 5`, or `=`). */
const RUNNER_SHORT: Record<string, string> = { su: "cgGsw", runuser: "cgGsuw", flock: "wE", script: "cEIOBTm", watch: "nqs", ssh: SSH_WITH_ARGUMENT };
const RUNNER_LONG: Record<string, readonly string[]> = {
  su: ["--command", "--session-command", "--group", "--supp-group", "--shell", "--whitelist-environment"],
  runuser: ["--command", "--session-command", "--group", "--supp-group", "--shell", "--whitelist-environment", "--user"],
  flock: ["--timeout", "--wait", "--conflict-exit-code"],
  script: ["--command", "--echo", "--log-in", "--log-out", "--log-io", "--log-timing", "--logging-format"],
  watch: ["--interval", "--equexit", "--shotsfile"],
};

/** Their long options that take no argument: with RUNNER_LONG, every long option each knows (getopt_long's abbreviations). */
const SU_FLAGS = ["--fast", "--login", "--preserve-environment", "--pty", "--help", "--version"];
const RUNNER_FLAGS: Record<string, readonly string[]> = {
  su: SU_FLAGS,
  runuser: SU_FLAGS,
  flock: ["--shared", "--exclusive", "--unlock", "--nonblock", "--nb", "--close", "--no-fork", "--verbose", "--fcntl", "--help", "--version"],
  script: ["--append", "--return", "--flush", "--force", "--output-limit", "--quiet", "--timing", "--help", "--version"],
  watch: ["--beep", "--color", "--no-color", "--differences", "--errexit", "--chgexit", "--exec", "--precise", "--no-title", "--no-wrap", "--no-linewrap", "--no-rerun", "--help", "--version"],
};

/**
 * The long option of `program` that `written` (`--comm`, without its `=value`) names, as getopt_long reads it: the
 * option of that name, else the only one it begins (`--comm` is su's --command; `--s`, which begins --session-command,
 * --shell and --supp-group, is ambiguous: su stops with an error). `written` itself when the program knows no such
 * option (the caller reads it as written), undefined when it is ambiguous.
 */
export function longOption(program: string, written: string): string | undefined {
  const known = [...(RUNNER_LONG[program] ?? []), ...(RUNNER_FLAGS[program] ?? [])];
  if (known.includes(written) || written.length < 3) return written;
  const starts = [...new Set(known.filter((o) => o.startsWith(written)))];
  return starts.length === 0 ? written : starts.length === 1 ? starts[0] : undefined;
}

/** The index in an option element (`-lu root`, `-sSHELL`) of the first letter that takes an argument (RUNNER_SHORT), or -1. */
const argumentLetter = (program: string, a: string): number => [...a].findIndex((l, k) => k > 0 && (RUNNER_SHORT[program] ?? "").includes(l));

/**
 * One option element of `program` at run[j]: where its argument is (the element itself when attached, the next one, or
 * none), whether it is -c/--command (su, runuser, script), and -x/--exec (watch runs its command without a shell). A long
 * one by any unambiguous start (longOption: `--comm`); an ambiguous one takes nothing.
 */
function runnerOption(program: string, run: readonly string[], j: number): { arg?: number; command: boolean; exec: boolean } {
  const a = run[j]!;
  if (a.startsWith("--")) {
    const eq = a.indexOf("=");
    const name = longOption(program, eq < 0 ? a : a.slice(0, eq)) ?? "";
    const command = name === "--command" || name === "--session-command";
    const arg = (RUNNER_LONG[program] ?? []).includes(name) ? (eq < 0 ? j + 1 : j) : undefined;
    return { arg, command, exec: name === "--exec" };
  }
  const letters = a.slice(1);
  const short = RUNNER_SHORT[program] ?? "";
  for (let k = 0; k < letters.length; k++) {
    const l = letters[k]!;
    if (!short.includes(l)) continue;
    return { arg: k + 1 < letters.length ? j : j + 1, command: l === "c" && program !== "ssh", exec: letters.slice(0, k).includes("x") };
  }
  return { command: false, exec: letters.includes("x") };
}

/**
 * The shell su or runuser at `at` starts (`-s SHELL`, `-sSHELL`, `--shell SHELL`, `--shell=SHELL`): each element that
 * gives one, and where in it the shell's name starts. As they read their options (getopt permutes: anywhere, to `--`).
 */
export function shellOptionArguments(run: readonly string[], at: number): { index: number; from: number }[] {
  const program = run[at]!.slice(run[at]!.lastIndexOf("/") + 1);
  const out: { index: number; from: number }[] = [];
  if (program !== "su" && program !== "runuser") return out;
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--") break;
    if (!(a.length > 1 && a.startsWith("-"))) continue;
    const o = runnerOption(program, run, j);
    if (o.arg === undefined) continue;
    // The option that takes the argument: --shell, or the first letter of the group that takes one.
    const letter = a.startsWith("--") ? -1 : argumentLetter(program, a);
    const shell = a.startsWith("--") ? longOption(program, a.split("=")[0]!) === "--shell" : a[letter] === "s";
    if (shell && o.arg < run.length) out.push({ index: o.arg, from: o.arg !== j ? 0 : a.startsWith("--") ? a.indexOf("=") + 1 : letter + 1 });
    j = Math.max(j, o.arg);
  }
  return out;
}

/**
 * How su or runuser at `at` is called, as they read their words (getopt permutes: options anywhere, to `--`): whether it
 * is given a command (-c, --command, --session-command, by any unambiguous start: the shell runs that), whether -u
 * (--user: runuser runs the program after it, as sudo does), whether an option is ambiguous (it stops with an error),
 * and its operands in order: `-` (a login shell) aside when it is the first, then the user and the shell's arguments;
 * with -u, the program and its arguments.
 */
export function switchedUser(run: readonly string[], at: number): { command: boolean; user: boolean; ambiguous: boolean; operands: number[] } {
  const program = run[at]!.slice(run[at]!.lastIndexOf("/") + 1);
  const out = { command: false, user: false, ambiguous: false, operands: [] as number[] };
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--") {
      for (let k = j + 1; k < run.length; k++) out.operands.push(k);
      break;
    }
    if (!(a.length > 1 && a.startsWith("-"))) {
      if (!(a === "-" && out.operands.length === 0)) out.operands.push(j);
      continue;
    }
    const long = a.startsWith("--") ? longOption(program, a.split("=")[0]!) : "";
    if (long === undefined) out.ambiguous = true;
    const o = runnerOption(program, run, j);
    out.command ||= o.command;
    // Its letters up to the first that takes an argument (the rest of the element is that argument: `-lu root`, `-uroot`).
    const takes = argumentLetter(program, a);
    const letters = a.startsWith("--") ? "" : a.slice(1, takes < 0 ? a.length : takes + 1);
    out.user ||= program === "runuser" && (a.startsWith("--") ? long === "--user" : letters.includes("u"));
    if (o.arg !== undefined) j = Math.max(j, o.arg);
  }
  return out;
}

/**
 * The program `watch -x` (`--exec`) at `at` runs itself, without a shell: its first operand, past watch's options; undefined
 * without -x, or with none.
 */
export function watchExecProgram(run: readonly string[], at: number): number | undefined {
  let exec = false;
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--") return exec && j + 1 < run.length ? j + 1 : undefined;
    if (!(a.length > 1 && a.startsWith("-"))) return exec ? j : undefined;
    const o = runnerOption("watch", run, j);
    exec ||= o.exec;
    if (o.arg !== undefined) j = Math.max(j, o.arg);
  }
  return undefined;
}

/**
 * The elements a program at `at` (one of SHELL_COMMAND_RUNNERS) hands to a shell as its command line, in order; none
 * when it runs its command without one (`flock FILE CMD…`, `watch -x`). As each reads its options: su, runuser and script
 * anywhere (getopt permutes; su hands `-c` after the user to the shell too), flock and watch before their first operand,
 * ssh before its host and right after it.
 */
export function shellCommandElements(run: readonly string[], at: number): number[] {
  const program = run[at]!.slice(run[at]!.lastIndexOf("/") + 1);
  const out: number[] = [];
  const isOption = (a: string) => a.length > 1 && a.startsWith("-");
  if (program === "tmux") return tmuxCommands(run, at).shell;
  if (program === "git") return gitShellAliases(run, at);
  if (program === "su" || program === "runuser" || program === "script") {
    for (let j = at + 1; j < run.length; j++) {
      if (!isOption(run[j]!) || run[j] === "--") continue;
      const o = runnerOption(program, run, j);
      if (o.command && o.arg !== undefined && o.arg < run.length) out.push(o.arg);
      if (o.arg !== undefined) j = Math.max(j, o.arg);
    }
    return out;
  }
  if (program === "sg") {
    // sg [-] GROUP [-c] COMMAND: /bin/sh -c COMMAND.
    let j = at + 1;
    if (run[j] === "-") j++;
    j++;
    if (run[j] === "-c") j++;
    for (; j < run.length; j++) out.push(j);
    return out;
  }
  let j = at + 1;
  let exec = false;
  let host = program !== "ssh";
  for (; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--") {
      j++;
      if (!host) j++;
      break;
    }
    if (!isOption(a)) {
      if (host) break;
      host = true;
      continue;
    }
    const o = runnerOption(program, run, j);
    exec ||= o.exec;
    // ssh -o ProxyCommand=… (LocalCommand, KnownHostsCommand, RemoteCommand): a command line ssh hands to a shell.
    if (program === "ssh" && o.arg !== undefined && a.startsWith("-o") && o.arg < run.length && sshCommandSetting(o.arg === j ? a.slice(2) : run[o.arg]!)?.separated) out.push(o.arg);
    if (o.arg !== undefined) j = Math.max(j, o.arg);
  }
  if (program === "flock") {
    // flock [options] FILE -c CMD (exactly so); flock FILE CMD ARG… runs CMD itself.
    const dash = run[j + 1];
    if (dash === "-c" || dash === "--command") out.push(j + 2);
    return out.filter((k) => k < run.length);
  }
  if (program === "watch" && exec) return out;
  for (; j < run.length; j++) out.push(j);
  return out;
}

/**
 * Whether words[i] stands where a program runs, counting from words[from] (the command): the command itself, or a
 * word after programs that run the rest (`runs`: sudo, timeout, env …) with only their options, an option's argument,
 * numbers and NAME=value settings between (`sudo -u app su -c …`, `timeout 5 flock f -c …`). In `timeout 5 grep -r watch
 * DIR` watch is grep's pattern, and in `docker compose exec ssh ls` a service's name: not the program.
 */
export function standsAsProgram(words: readonly string[], i: number, runs: (word: string) => boolean, from = 0): boolean {
  if (i === from) return true;
  if (i < from || !runs(words[from]!)) return false;
  for (let k = from + 1; k < i; k++) {
    const w = words[k]!;
    if (runs(w) || w.startsWith("-") || /^\d+(?:\.\d+)?[smhd]?$/.test(w) || /^[A-Za-z_]\w*=/.test(w) || words[k - 1]!.startsWith("-")) continue;
    return false;
  }
  return true;
}

// The shells the runner knows read a script (after -c, from standard input): one list for every check that asks.

/** Shells by their program name (`/bin/bash` is bash). */
export const SHELLS: ReadonlySet<string> = new Set(["bash", "rbash", "sh", "dash", "zsh", "ksh", "mksh", "ash", "yash", "posh", "fish"]);

/**
 * Programs that run a command in a container (`docker exec -i c sh`, `docker compose exec -T web sh`, `kubectl exec -i
 * pod -- sh`): a shell among their words reads their standard input there, as the wrappers' do here, but without this
 * bash's environment (the exported variable is not set in the container).
 */
export const CONTAINER_RUNNERS: ReadonlySet<string> = new Set(["docker", "podman", "nerdctl", "docker-compose", "podman-compose", "kubectl", "oc"]);

/** Programs that print their arguments (`echo '…' | sh`): a value among them is their output. */
export const PRINTERS: ReadonlySet<string> = new Set(["echo", "printf"]);

/** Long options of bash that take the next word (`--rcfile FILE`): that word is no script. */
export const LONG_WITH_ARGUMENT: ReadonlySet<string> = new Set(["--rcfile", "--init-file"]);

/** The shells as a regex alternation, longest names first (`rbash` before `bash`, `bash` before `sh`). */
export const SHELL_NAMES_PATTERN = [...SHELLS].sort((a, b) => b.length - a.length).join("|");

/**
 * The index of the script a shell at `at` reads as code, or undefined when it is given none with -c. As bash reads its
 * options: -c anywhere among them (`-ec` too) makes the first argument after the options the script; `-o NAME`,
 * `+o NAME`, `-O NAME`, `+O NAME`, `--rcfile FILE` and `--init-file FILE` take the next element; `--` or a lone `-`
 * ends the options.
 */
export function scriptAfter(run: readonly string[], at: number): number | undefined {
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

/**
 * The index of the script file a shell at `at` runs (`bash FILE`, `sh -x -- FILE`), or undefined: with -c its first
 * operand is the script's `$0`, with -s an argument (the script is the standard input), and with none the standard input.
 * Options read as scriptAfter reads them.
 */
export function scriptFileAfter(run: readonly string[], at: number): number | undefined {
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--" || a === "-") return j + 1 < run.length ? j + 1 : undefined;
    if (a.length > 1 && (a[0] === "-" || a[0] === "+")) {
      if (a.startsWith("--")) {
        if (LONG_WITH_ARGUMENT.has(a)) j++;
        continue;
      }
      const letters = a.slice(1);
      if (a[0] === "-" && (letters.includes("c") || letters.includes("s"))) return undefined;
      for (const l of letters) if (l === "o" || l === "O") j++;
      continue;
    }
    return j;
  }
  return undefined;
}

/**
 * The indices of the startup files a shell at `at` runs first (`bash --rcfile FILE -i`, `--init-file FILE`), among its
 * options as scriptAfter reads them: a file chosen there is a script the shell runs.
 */
export function startupFilesAfter(run: readonly string[], at: number): number[] {
  const out: number[] = [];
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (a === "--" || a === "-" || !(a.length > 1 && (a[0] === "-" || a[0] === "+"))) break;
    if (a.startsWith("--")) {
      if (LONG_WITH_ARGUMENT.has(a)) {
        if (j + 1 < run.length) out.push(j + 1);
        j++;
      }
      continue;
    }
    for (const l of a.slice(1)) if (l === "o" || l === "O") j++;
  }
  return out;
}

/** Where a list hands a script to a shell: the shell's index and its script's (the first such shell); undefined when it does not. */
export function shellScript(run: readonly string[]): { shell: number; script: number } | undefined {
  for (let i = 0; i < run.length; i++) {
    if (!SHELLS.has(run[i]!.slice(run[i]!.lastIndexOf("/") + 1))) continue;
    const script = scriptAfter(run, i);
    if (script !== undefined) return { shell: i, script };
  }
  return undefined;
}

/** ssh's -o settings whose value is a command line run by a shell, locally or on the host. */
export const SSH_COMMAND_OPTION = /^\s*(?:ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*[=\s]/i;

/** ssh's options that take an argument (`-p 22`, `-i key`, `-o Opt=v`, `-P tag`). */
export const SSH_WITH_ARGUMENT = "BbcDEeFIiJLlmOoPpQRSWw";

/**
 * Programs that run (some of) their arguments through a shell: `su`/`runuser -c CMD`, `flock FILE -c CMD`, `sg GROUP
 * [-c] CMD` (/bin/sh -c), `script -c CMD` ($SHELL -c), `watch CMD…` (joined, sh -c, unless -x), `ssh HOST CMD…` (joined,
 * parsed by the remote shell). A value written into such an argument is code there, as in a shell's -c script.
 */
export const SHELL_COMMAND_RUNNERS: ReadonlySet<string> = new Set(["su", "runuser", "flock", "sg", "script", "watch", "ssh"]);

/** Their short options that take an argument (getopt: attached, `-w5`, or the next element), and long ones (`--timeout 5`, or `=`). */
const RUNNER_SHORT: Record<string, string> = { su: "cgGsw", runuser: "cgGsuw", flock: "wE", script: "cEIOBTm", watch: "nqs", ssh: SSH_WITH_ARGUMENT };
const RUNNER_LONG: Record<string, readonly string[]> = {
  su: ["--command", "--session-command", "--group", "--supp-group", "--shell", "--whitelist-environment"],
  runuser: ["--command", "--session-command", "--group", "--supp-group", "--shell", "--whitelist-environment", "--user"],
  flock: ["--timeout", "--wait", "--conflict-exit-code"],
  script: ["--command", "--echo", "--log-in", "--log-out", "--log-io", "--log-timing", "--logging-format"],
  watch: ["--interval", "--equexit", "--shotsfile"],
};

/**
 * One option element of `program` at run[j]: where its argument is (the element itself when attached, the next one, or
 * none), whether it is -c/--command (su, runuser, script), and -x/--exec (watch runs its command without a shell).
 */
function runnerOption(program: string, run: readonly string[], j: number): { arg?: number; command: boolean; exec: boolean } {
  const a = run[j]!;
  if (a.startsWith("--")) {
    const eq = a.indexOf("=");
    const name = eq < 0 ? a : a.slice(0, eq);
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
    const letter = a.startsWith("--") ? -1 : [...a].findIndex((l, k) => k > 0 && (RUNNER_SHORT[program] ?? "").includes(l));
    const shell = a.startsWith("--") ? a.split("=")[0] === "--shell" : a[letter] === "s";
    if (shell && o.arg < run.length) out.push({ index: o.arg, from: o.arg !== j ? 0 : a.startsWith("--") ? a.indexOf("=") + 1 : letter + 1 });
    j = Math.max(j, o.arg);
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
    if (program === "ssh" && o.arg !== undefined && a.startsWith("-o") && o.arg < run.length && SSH_COMMAND_OPTION.test(o.arg === j ? a.slice(2) : run[o.arg]!)) out.push(o.arg);
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

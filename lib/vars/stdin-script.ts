// Text a shell reads from its standard input as its script: `bash <<< '…'`, `bash <<EOF … EOF`, `echo '…' | sh`. A value
// written into that text is code to the shell that reads it, as in `sh -c '…'`; shell-refs.ts refuses one with shell syntax.
// The same for an interpreter's program (`python3 <<EOF`, `echo '…' | node`), and its code on its command line read
// from a command's words (`sudo -u app python3 -c '…'`): any value there is refused.
import { interpreterCodeWord, interpreterReadingDescriptor, interpreterReadingStdin, SUBSTITUTED_FILE, substitutedProgram, xargsInputCode } from "./interpreter-code.ts";
import { CONTAINER_RUNNERS, printsArguments, SHELL_NAMES_PATTERN, shellArguments, shellCommandElements, SHELLS, SSH_WITH_ARGUMENT, standsAsProgram, switchedUser, type ShellArguments } from "./shells.ts";
import { refValue, type Lookup } from "./interpolate.ts";
import { unquoteBash } from "./bash-quotes.ts";
import { BEFORE_DESCRIPTOR, descriptorBefore, fdFiles, labelWith, programFileReads, splitUncertain, uncertainLabel } from "./descriptors.ts";

/** Programs that start the command after them (`env`, `timeout 5`, `busybox sh`): a shell among their words is the one that runs. */
const WRAPPERS = new Set(["env", "timeout", "nice", "nohup", "sudo", "doas", "exec", "command", "stdbuf", "setsid", "ionice", "chrt", "taskset", "time", "busybox", "unbuffer", "flock"]);
export { CONTAINER_RUNNERS };
const startsCommand = (word: string) => WRAPPERS.has(base(word)) || CONTAINER_RUNNERS.has(base(word));
/** The label of a shell a container runner starts (`sh (in docker)`): shell-refs.ts's advice differs there. */
export const inContainer = (reader: string) => / \(in [\w-]+\)$/.test(splitUncertain(reader).label);

/**
 * Programs that run the command in their words (wrappers, container runners, `xargs`, environment managers: `uv run`,
 * `poetry run`, `conda run -n env`, `npx`): an interpreter after them is the one that runs (`sudo -u app python3 -c …`).
 */
const PROGRAM_RUNNERS = new Set([
  ...WRAPPERS, ...CONTAINER_RUNNERS, "xargs", "uv", "uvx", "poetry", "pipenv", "pdm", "hatch", "rye", "conda", "mamba", "micromamba", "pixi", "npx", "bunx", "pnpm", "yarn",
  "coproc", "chroot", "unshare", "nsenter", "setpriv", "strace", "ltrace", "firejail", "systemd-run", "su", "runuser", "sg", "parallel", "watch", "tmux",
  // find's -exec and -ok; privilege and limit wrappers; runners that set up an environment or its secrets first.
  "find", "fakeroot", "prlimit", "dbus-run-session", "gosu", "su-exec", "chpst", "bundle", "mise", "direnv", "dotenv", "op", "doppler", "aws-vault", "infisical", "envchain",
]);
export const runsProgram = (word: string) => PROGRAM_RUNNERS.has(base(word));

/** Who reads a command's standard input as code, from its words (and as written): a shell, or an interpreter's program. */
type StdinReads = (all: string[], raw: string[]) => string | undefined;
/**
 * The interpreter that reads its standard input as its program (`python3 <<EOF`, `… | node`, `psql <<< '…'`), or whose
 * code xargs makes of it (`xargs -I{} python3 -c '{}'`).
 */
const stdinProgram: StdinReads = (all, raw) => {
  const first = commandStart(all);
  // The words as bash reads them: a quoted program file is that file (`python3 "/dev/stdin"`, `python3 "$1"`).
  const cmd = raw.slice(first).map(unquoteBash);
  const xargs = cmd.length === 0 ? -1 : base(cmd[0]!) === "xargs" ? 0 : runsProgram(cmd[0]!) ? cmd.findIndex((w, j) => j > 0 && base(w) === "xargs") : -1;
  if (xargs < 0) return interpreterReadingStdin(cmd, runsProgram);
  const rawArgs = raw.slice(first + xargs + 1);
  const options = xargsOptions(cmd.slice(xargs + 1), rawArgs);
  return options && xargsInputCode(rawArgs.slice(options.at).map(unquoteBash), options.replace, runsProgram);
};

/**
 * Why the word at `at` (a reference's opening quote, or the reference itself when unquoted) is an interpreter's code,
 * from the words of its command before it: `python3 -c "…"`, `sudo -u app python3 -c '…'`,
 * `docker compose exec api python3 -c "…"`, `psql -c "…"`, `-c"…"` written in one word; undefined otherwise.
 */
export function interpreterCodeReader(text: string, at: number, name: string, lookup?: Lookup): string | undefined {
  // A redirection's target (`<<< "…"`, `> "…"`) is no word of the command.
  if (/(?:^|[^<>])[<>]+&?[ \t]*$/.test(text.slice(text.lastIndexOf("\n", at - 1) + 1, at))) return undefined;
  // The words as bash reads them: a quoted or escaped program name or option (`'python3' -c`, `\python3`) is that word,
  // and a word that is a reference is its value (`${PYTHON} -c "…"` with PYTHON=python3).
  const words = commandBefore(text, at).raw.map((w) => {
    const ref = lookup && /^"?\$\{([A-Za-z_]\w*)(?::-([^}]*))?\}"?$/.exec(w);
    return ref ? (refValue(lookup, ref[1]!, ref[2]) ?? w) : unquoteBash(w);
  });
  // The quote continues a word begun before it (`-c"…"`, `--eval='…'`): that word is the reference's.
  // A data: URL it begins with is kept (node --import "data:text/javascript,…" is code; another URL names a file), and
  // so is a `+` or `!` (vim's `'+!cmd'` is a command, ed's `'!cmd'` a shell command).
  const lead = /^["']?(?:(data:)|([+!]))/i.exec(text.slice(at));
  const word = `\u0000${lead?.[1] !== undefined ? "data:" : (lead?.[2] ?? "")}`;
  if (at > 0 && !/[\s;&|()<>]/.test(text[at - 1]!) && words.length > 0) words[words.length - 1] += word;
  else words.push(word);
  const cmd = command(words);
  return interpreterCodeWord(cmd, cmd.length - 1, runsProgram, name);
}

/** The interpreter that runs, as its program, the quoted text at [from, to): a here-string of one, or printed into a pipe to one. */
export const quotedProgramReader = (text: string, from: number, to: number) => quotedScriptReader(text, from, to, stdinProgram);
/** The interpreter that runs, as its program, what the redirection at [from, to) feeds a command (`python3 <<EOF`, `cat <<EOF | perl`). */
export const stdinProgramReader = (text: string, from: number, to: number, printer?: FilePrinter) => stdinReader(text, from, to, stdinProgram, printer);

/**
 * Whether a command's own words (quotes removed, from its program on) print the text of a file `isFile` says is one, as
 * cat and the line filters do (the caller's list: lib/steps/shell/program-refs.ts's LINE_FILTERS).
 */
export type FilePrinter = (cmd: readonly string[], isFile: (word: string) => boolean) => boolean;

/** Words that open a command without being it (`if bash <<< '…'; then`). */
const KEYWORDS = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"]);

/**
 * Redirections with their target (`2>&1`, `>out`, `< in`, `<<EOF`, `<<< word`): none of them is a word of the command.
 * The digits of a word that ends in some (`a3<<<`) are that word's, not the redirection's descriptor (descriptorBefore).
 */
const REDIRECTION = new RegExp(String.raw`(?:(?<![^${BEFORE_DESCRIPTOR}])(?:\d+|\{[A-Za-z_]\w*\}))?(?:<<<|<<-?|&>>?|[<>]&-?\d*|>>|>\||<>|[<>])[ \t]*(?:[^\s;&|()<>\x60]+)?`, "g");
/** A command ends at these (outside quotes): `;`, `&`, `|`, a newline, a subshell's or a substitution's bounds. */
const SEPARATOR = /[;&|\n()`]/;

/** Same-length text with quoted strings and escaped characters turned into Q, so that their contents split nothing. */
const unquoted = (text: string) => text.replace(/\$?'[^']*'|"(?:[^"\\]|\\.)*"|\\[^]/g, (q) => "Q".repeat(q.length));
/** The same, with the `&` of `2>&1`, `>&2` and `&>f` out of the way: it separates no commands there. */
const scanned = (text: string) => unquoted(text).replace(/[<>]&|&>/g, (r) => (r === "&>" ? " >" : `${r[0]}_`));
/**
 * Masked text with each command substitution that closes in it (`$(…)`, `` `…` ``, `$((…))`) as `$` and S's: part of a
 * word (`sh $(echo /dev/stdin)` is sh and one word), no command's bounds. One still open at the text's end, or closed
 * past its start, stays: the command around a word inside it is the substitution's own.
 */
function substitutionsMasked(s: string): string {
  let out = s;
  for (let i = 0; i < s.length; i++) {
    let end = -1;
    if (s[i] === "$" && s[i + 1] === "(") {
      let depth = 0;
      for (let j = i + 1; j < s.length && end < 0; j++) {
        if (s[j] === "(") depth++;
        else if (s[j] === ")" && --depth === 0) end = j;
      }
    } else if (s[i] === "`") end = s.indexOf("`", i + 1);
    if (end < 0) continue;
    out = `${out.slice(0, i)}$${"S".repeat(end - i)}${out.slice(end + 1)}`;
    i = end;
  }
  return out;
}

/** A redirection of standard output (`>f`, `1>>f`, `&>f`, `>&2`; not `2>&1`): nothing the command prints goes down a pipe. */
const STDOUT_AWAY = /(?:^|[^\d])1?>/;

const words = (text: string) => text.replace(REDIRECTION, (r) => " ".repeat(r.length)).split(/\s+/).filter(Boolean);
const base = (word: string) => word.split("/").at(-1)!;

/** words() of masked text, and beside each the same span of the text as written (quotes and all). */
function wordsWithRaw(masked: string, written: string): { words: string[]; raw: string[] } {
  const out = { words: [] as string[], raw: [] as string[] };
  for (const m of masked.replace(REDIRECTION, (r) => " ".repeat(r.length)).matchAll(/\S+/g)) {
    out.words.push(m[0]);
    out.raw.push(written.slice(m.index, m.index + m[0].length));
  }
  return out;
}

/** The command before `at` (from the last separator on its line): its words (and as written), whether it sends its output elsewhere, and where it starts. */
function commandBefore(text: string, at: number): { words: string[]; raw: string[]; stdoutAway: boolean; start: number } {
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const written = text.slice(lineStart, at);
  const line = substitutionsMasked(scanned(written));
  let start = line.length;
  while (start > 0 && !SEPARATOR.test(line[start - 1]!)) start--;
  const own = line.slice(start);
  return { ...wordsWithRaw(own, written.slice(start)), stdoutAway: STDOUT_AWAY.test(own), start: lineStart + start };
}

/** The command from `at` to its end: its words (and as written), whether it sends its output elsewhere, or takes its standard input from elsewhere than a pipe (stdinAway), whether a pipe takes its output on to the command at `next`. */
function commandAfter(text: string, at: number): { words: string[]; raw: string[]; stdoutAway: boolean; stdinAway: boolean; pipe: boolean; next: number } {
  const rest = substitutionsMasked(scanned(text.slice(at)));
  let end = 0;
  while (end < rest.length && !SEPARATOR.test(rest[end]!)) end++;
  const own = rest.slice(0, end);
  const pipe = rest[end] === "|" && rest[end + 1] !== "|";
  return { ...wordsWithRaw(own, text.slice(at, at + end)), stdoutAway: STDOUT_AWAY.test(own), stdinAway: stdinAway(own, text.slice(at, at + end)), pipe, next: at + end + (rest[end + 1] === "&" ? 2 : 1) };
}

/**
 * A redirection of the standard input in a command's masked text (`own`, as scanned: `<&` is `<_`), written as `written`:
 * `< FILE`, `0< FILE`, `<> FILE`, a heredoc or here-string, `<&N` (N not 0) or `<&-`. The command reads that, not the
 * pipe before it (`sort FILE | bash < script.sh`). `< /dev/stdin` (or /dev/fd/0, /proc/self/fd/0) and `<&0` are the pipe.
 */
const STDIN_REDIRECTION = /(?:^|[^\d{}])0?<(?:([<>])|_(\d*-?)|[ \t]*)/g;
const PIPE_ITSELF = /^(?:\/dev\/stdin|\/dev\/fd\/0|\/proc\/(?:self|\$\$|\$BASHPID)\/fd\/0)$/;
function stdinAway(own: string, written: string): boolean {
  for (const m of own.matchAll(STDIN_REDIRECTION)) {
    // A heredoc, a here-string, `<>`.
    if (m[1] !== undefined) return true;
    // A duplication: `<&0` is the pipe, `<&4` and `<&-` are not.
    if (m[2] !== undefined) {
      if (m[2] !== "0") return true;
      continue;
    }
    // A file: the pipe only when it names the standard input itself (a quoted one read without its quotes).
    const target = unquoteBash(/^[^\s;&|()<>]*/.exec(written.slice(m.index + m[0].length))![0]);
    if (target !== "" && !PIPE_ITSELF.test(target)) return true;
    // `< <(…)`: a process substitution's output.
    if (target === "" && own[m.index + m[0].length] === "<") return true;
  }
  return false;
}

/** Where the command's own words start: keywords, a function's head (`function f {`) and leading assignments (`A=1 bash`) skipped. */
function commandStart(all: string[]): number {
  let k = 0;
  while (k < all.length && (KEYWORDS.has(all[k]!) || all[k] === "function" || /^[A-Za-z_]\w*=/.test(all[k]!))) k += all[k] === "function" ? 2 : 1;
  return k;
}

/** The command's own words. */
function command(all: string[]): string[] {
  return all.slice(commandStart(all));
}

/**
 * The shell these words start when it runs its standard input as a script (`bash`, `sh -s`, `bash -e`, `env sh`,
 * `timeout 5 bash`, `busybox sh`), or undefined: with -c the script is an argument, and a first operand is a script file
 * (its standard input is data) unless -s says otherwise, or it is (or may be) the standard input's file (shellReadingStdin).
 */
function stdinShell(all: string[], raw: string[] = all): string | undefined {
  const first = commandStart(all);
  // The words as bash reads them: a quoted script file is that file (`sh "/dev/stdin"`, `sh "$1"`).
  const cmd = raw.slice(first).map(unquoteBash);
  if (cmd.length === 0) return undefined;
  // ssh joins its words into one command line for the remote shell: `ssh host 'bash -s'` runs bash -s there.
  if (base(cmd[0]!) === "ssh") return sshShell(raw.slice(first).map(unquoteBash).join(" ").split(/\s+/).filter(Boolean));
  const xargs = base(cmd[0]!) === "xargs" ? 0 : startsCommand(cmd[0]!) ? cmd.findIndex((w, j) => j > 0 && base(w) === "xargs") : -1;
  if (xargs >= 0) return xargsShell(cmd.slice(xargs + 1), raw.slice(first + xargs + 1));
  const at = shellWordAt(cmd);
  const user = at < 0 ? switchedUserAt(cmd) : -1;
  if (at < 0 && user < 0) return undefined;
  const runner = cmd.slice(0, at < 0 ? user : at).find((w) => CONTAINER_RUNNERS.has(base(w)));
  const shell = at >= 0 ? shellReadingStdin(cmd, at) : switchedUserShell(cmd, user);
  return shell !== undefined && runner !== undefined ? labelWith(shell, ` (in ${base(runner)})`) : shell;
}

/** Programs that start a shell as another user or group (`su root`, `runuser root`, `sg root`): with no command it reads their standard input. */
const SWITCHERS: ReadonlySet<string> = new Set(["su", "runuser", "sg"]);

/** Where su, runuser or sg stands as the program in a command's words (`su -`, `nice su root`, `sudo su`), or -1. */
function switchedUserAt(cmd: readonly string[]): number {
  const at = cmd.findIndex((w) => SWITCHERS.has(base(w)));
  return at >= 0 && standsAsProgram(cmd, at, runsProgram) ? at : -1;
}

/**
 * The shell su, runuser or sg at cmd[at] starts that reads its standard input as its script, as the program's label
 * (`su`), or undefined: `su root`, `su -`, `su -s /bin/bash root`, `runuser root`, `sg root`, `sg - root` with no
 * command (su's and runuser's -c, --command, --session-command; sg's command words), and su's arguments for the shell
 * none that makes it read a script elsewhere (`su root -- -c CMD`, `su root FILE`). runuser -u USER runs the program
 * after it, as sudo does (`runuser -u root -- bash`): a shell there that reads its standard input, or the one sg's
 * command starts (`sg root bash`, /bin/sh -c bash).
 */
function switchedUserShell(cmd: readonly string[], at: number): string | undefined {
  const program = base(cmd[at]!);
  const ofWords = (words: string[]) => {
    const shellAt = shellWordAt(words);
    return shellAt < 0 ? undefined : shellReadingStdin(words, shellAt);
  };
  if (program === "sg") {
    // sg [-] GROUP [-c] COMMAND (shellCommandElements); with no group it starts nothing.
    if (at + (cmd[at + 1] === "-" ? 2 : 1) >= cmd.length) return undefined;
    const command = shellCommandElements(cmd, at).map((k) => cmd[k]!);
    return command.length === 0 ? "sg" : ofWords(command.join(" ").split(/\s+/).filter(Boolean));
  }
  const called = switchedUser(cmd, at);
  if (called.command || called.ambiguous) return undefined;
  const operands = called.operands.map((k) => cmd[k]!);
  if (called.user) return operands.length === 0 ? undefined : ofWords(operands);
  // The user, then the shell's arguments: `su root -- -s x` reads its input with -s; `su root FILE` runs FILE.
  return shellArguments(["sh", ...operands.slice(1)], 0).readsStdin ? program : undefined;
}

/**
 * The remote shell that reads ssh's standard input as its script (`ssh host <<EOF`, `… | ssh host`, `ssh host bash -s
 * <<EOF`), as `sh (in ssh)`: with no remote command the login shell reads it; else the remote command's words decide,
 * as for a local one. Undefined when the remote command reads it as data (`ssh host 'read -r v; …'`).
 */
function sshShell(cmd: readonly string[]): string | undefined {
  let j = 1;
  for (; j < cmd.length; j++) {
    const a = cmd[j]!;
    if (a === "--") {
      j++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    const letters = a.slice(1);
    const takes = [...letters].findIndex((l) => SSH_WITH_ARGUMENT.includes(l));
    if (takes === letters.length - 1) j++;
  }
  const remote = cmd.slice(j + 1);
  if (j >= cmd.length) return undefined;
  if (remote.length === 0) return "sh (in ssh)";
  const at = shellWordAt(remote);
  const shell = at < 0 ? undefined : shellReadingStdin([...remote], at);
  return shell === undefined ? undefined : labelWith(shell, " (in ssh)");
}

/** Where the shell a command's words start is: the first word, or one after a wrapper or container runner (`timeout 5 bash`); -1 for none. */
function shellWordAt(cmd: readonly string[]): number {
  if (SHELLS.has(base(cmd[0]!))) return 0;
  return startsCommand(cmd[0]!) ? cmd.findIndex((w, k) => k > 0 && SHELLS.has(base(w))) : -1;
}

/**
 * A program file that reads descriptor `fd` (`"0"`: the standard input), as the label of `reader`, its program: the
 * label itself when its path is that descriptor's file (`sh /dev/stdin`, `sh //dev/./fd/3`, `/dev/fd/$n`: any), the
 * label with why when its path cannot be known to be no descriptor's file (`sh "$1"`, `sh /proc/self/root/dev/stdin`,
 * `sh stdin` after `cd /dev`: uncertainLabel), else undefined.
 */
function fileReader(reader: string, file: string | undefined, fd: string): string | undefined {
  const reads = file === undefined ? undefined : programFileReads(file, fd);
  if (reads === undefined) return undefined;
  return reads.may === undefined ? reader : uncertainLabel(reader, file!, reads.may);
}

/**
 * The shell at cmd[at] when it reads its standard input as its script (no -c, no script file operand but one that is, or
 * may be, the standard input's: fileReader). `shell`: its command line (shellArguments), when read already.
 */
function shellReadingStdin(cmd: string[], at: number, shell: ShellArguments = shellArguments(cmd, at)): string | undefined {
  if (shell.command) return undefined;
  if (shell.readsStdin) return base(cmd[at]!);
  // A script file (after `--` too: `sh -- /dev/stdin`) that is the standard input itself (`sh /dev/stdin <<< '…'`,
  // `sh //dev/./stdin`), or may be (`sh "$1"`).
  return fileReader(base(cmd[at]!), cmd[shell.scriptFile!], "0");
}

/** xargs's short options that take an argument: attached (`-n1`) or the next word (`-n 1`). `-a` reads another file. */
const XARGS_SHORT_WITH_ARGUMENT = "adEILnPs";
/** Its long options whose argument may be the next word (`--max-args 1`); --replace and --eof take one only after `=`. */
const XARGS_LONG_WITH_ARGUMENT = new Set(["--arg-file", "--delimiter", "--max-lines", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"]);

/**
 * `xargs … SHELL -c …` reading its standard input: the shell whose script that input becomes, as `xargs sh`. xargs
 * appends the input's words to the command, so with no script after -c the first word is the script; with -I R (-i,
 * --replace: R is `{}`) each input line replaces R inside the words, the script's too when it holds R. A script given
 * whole (`xargs sh -c 'echo "$1"' _`, `xargs -I{} sh -c '…"$1"…' _ {}`) gets the input as its arguments: text.
 * `args` are the words after xargs, `raw` the same as written. Undefined when the input is no script.
 */
function xargsShell(args: string[], raw: string[]): string | undefined {
  const options = xargsOptions(args, raw);
  if (options === undefined) return undefined;
  const { at: j, replace } = options;
  const cmd = args.slice(j);
  if (cmd.length === 0) return undefined;
  const at = shellWordAt(cmd);
  if (at < 0) return undefined;
  const shell = `xargs ${base(cmd[at]!)}`;
  // Its -c among its options (`sh -c -e`: the script is still to come; `sh FILE -c`: FILE's argument).
  const { command, script } = shellArguments(cmd, at);
  if (!command) return undefined;
  if (script === undefined) return shell;
  return replace !== undefined && replace !== "" && raw[j + script]!.includes(replace) ? shell : undefined;
}

/**
 * xargs's options, from the words after it (and as written): where its command starts, and the text -I (-i, --replace)
 * has each input line replace. Undefined when its input comes from a file (`-a FILE`, `--arg-file`), not standard input,
 * unless that file is a process substitution's output (SUBSTITUTED_FILE: processSubstitutionReader asks).
 */
function xargsOptions(args: string[], raw: string[]): { at: number; replace: string | undefined } | undefined {
  let replace: string | undefined;
  let j = 0;
  for (; j < args.length; j++) {
    const a = args[j]!;
    if (a === "--") {
      j++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    if (a.startsWith("--")) {
      const [opt, value] = [a.split("=")[0]!, raw[j]!.includes("=") ? unquoteBash(raw[j]!.slice(raw[j]!.indexOf("=") + 1)) : undefined];
      if (opt === "--arg-file" && (value ?? raw[j + 1]) !== SUBSTITUTED_FILE) return undefined;
      if (opt === "--replace") replace = value ?? "{}";
      if (value === undefined && XARGS_LONG_WITH_ARGUMENT.has(opt)) j++;
      continue;
    }
    for (let k = 1; k < a.length; k++) {
      const l = a[k]!;
      if (l === "i") {
        replace = k + 1 < a.length ? unquoteBash(raw[j]!.slice(k + 1)) : "{}";
        break;
      }
      if (l === "e" || l === "l") break;
      if (XARGS_SHORT_WITH_ARGUMENT.includes(l)) {
        const value = k + 1 < a.length ? unquoteBash(raw[j]!.slice(k + 1)) : raw[j + 1] === undefined ? "" : unquoteBash(raw[++j]!);
        // Its input from a file: only a process substitution's output is known text (`xargs -a <(…)`).
        if (l === "a" && value !== SUBSTITUTED_FILE) return undefined;
        if (l === "I") replace = value;
        break;
      }
    }
  }
  return { at: j, replace };
}

/** A regex source matching any of `files` as a shell script may spell it (`//dev/./fd/3`). */
const spelledFiles = (files: readonly string[]) =>
  files.map((f) => `/+(?:\\./+)*${f.split("/").filter(Boolean).map((p) => (/^\{\w+\}$/.test(p) ? FD_EXPANSION : p.replace(/[.]/g, "\\$&"))).join("/+(?:\\./+)*")}`).join("|");
/** A descriptor's number as an expansion (`$fd`, `${fd}`): that of a named descriptor (`exec {fd}<`, descriptorBefore's `{fd}`), as a regex. */
const FD_EXPANSION = String.raw`["']?\$\{?[A-Za-z_]\w*\}?["']?`;

/**
 * What a -c script does with descriptor `fd` (its regex source) that runs the text: a command substitution or a process
 * substitution that prints it (`$(cat)`, `$(cat <&3)`, `$(< /dev/fd/3)`, `<(cat /dev/stdin)`), evaluated where eval,
 * source, `.` or a shell take it as code, or standing where the program goes (`$(cat)` as a command).
 */
function evaluatesInput(descriptor: string, file: string): string {
  const fd = /^\d+$/.test(descriptor) ? descriptor : FD_EXPANSION;
  const cat = `cat(?:\\s+-)?(?:\\s+(?:${file}|${fd === "0" ? "-|" : ""}0?<&${fd}|<\\s*(?:${file})))${fd === "0" ? "?" : ""}`;
  const src = `(?:${cat}|<\\s*(?:${file})${fd === "0" ? "" : `|0?<&${fd}\\s+cat`})`;
  const sub = `(?:\\$\\(\\s*${src}\\s*\\)|\`\\s*${src}\\s*\`|<\\(\\s*${src}\\s*\\))`;
  const evaluated = `(?:^|[\\s;&|(){])(?:eval|source|\\.|(?:[\\w./-]*/)?(?:${SHELL_NAMES_PATTERN}))(?:\\s+-\\S*)*\\s+["']?${sub}`;
  const asCommand = `(?:^|[;&|(){]|\\b(?:then|do|else|elif|if|while|until)\\s)\\s*(?:[A-Za-z_]\\w*=\\S*\\s+)*["']?${sub}`;
  return `${evaluated}|${asCommand}`;
}

/**
 * Who runs, as a script, the text a command gets on descriptor `fd` (`3<<< '…'`, `3< <(…)`; `"0"`: its standard input),
 * from its words (`all`) and as written (`raw`): `source` or `.` of that descriptor's file (`source /dev/fd/3`), a shell
 * whose script file it is (`sh /dev/fd/3 3<<< '…'`, `bash /proc/self/fd/3`), or a shell whose -c script sources or runs
 * it (`bash -c '. /dev/fd/3' 3<<< '…'`, `bash -c 'source /dev/stdin' <<< '…'`). Undefined for a script that reads it
 * as data (`bash -c 'cat /dev/fd/3' 3<<< '…'`).
 */
function fdScriptReader(all: string[], raw: string[], fd: string): string | undefined {
  const first = commandStart(all);
  const cmd = raw.slice(first).map(unquoteBash);
  if (cmd.length === 0) return undefined;
  // The descriptor's file, however spelt; or a file whose path may be it (fileReader's label says why).
  const isFile = (w: string) => isFdFile(w, fd);
  const fileOf = (reader: string, w: string | undefined) => fileReader(reader, w, fd);
  if (cmd[0] === "source" || cmd[0] === ".") return fileOf(cmd[0], cmd[1] === "--" ? cmd[2] : cmd[1]);
  // eval's words joined are a script it runs, as a shell's -c script is (`eval "$(cat <&3)"`, `eval "source /dev/fd/3"`).
  if (cmd[0] === "eval") return scriptRuns(raw.slice(first + 1).map((w) => unquoteBash(substitutionsBefore(w))).join(" "), fd) ? "eval" : undefined;
  const at = shellWordAt(cmd);
  if (at < 0) return undefined;
  const shell = base(cmd[at]!);
  // Its startup file: named by BASH_ENV or ENV before it (or as env's setting), or given to --rcfile, --init-file.
  const settings = [...raw.slice(0, first), ...cmd.slice(0, at)].map(unquoteBash);
  for (const w of settings) {
    const startup = /^(?:BASH_ENV|ENV)=(.*)$/s.exec(w)?.[1];
    const reader = startup === undefined ? undefined : fileOf(shell, startup);
    if (reader !== undefined) return reader;
  }
  // Among its options only: after its first operand `--rcfile F` is its script's arguments (`bash -c S x --rcfile F`).
  const args = shellArguments(cmd, at);
  for (const k of args.startupFiles) {
    const reader = fileOf(shell, cmd[k]);
    if (reader !== undefined) return reader;
  }
  const script = args.script;
  if (script === undefined) {
    // Its script file: the descriptor's file where a script file goes; or a file that may be it (`sh "$1"`,
    // `sh /proc/$$/fd/3`), which shellReadingStdin names with why. `named` has cmd's options where cmd has them (a
    // descriptor's file is no option word: writing it /dev/stdin moves none), so cmd's reading of them stands.
    const named = cmd.map((w, k) => (k > at && isFile(w) ? "/dev/stdin" : w));
    const reader = shellReadingStdin(named, at, args);
    return reader !== undefined && (named.some((w, k) => k > at && w !== cmd[k]) || splitUncertain(reader).clause !== undefined) ? reader : undefined;
  }
  return scriptRuns(unquoteBash(substitutionsBefore(raw[first + script]!)), fd) ? base(cmd[at]!) : undefined;
}

/** Whether a script (a shell's -c script, eval's words) sources or runs the text on descriptor `fd`, or evaluates what prints it (evaluatesInput). */
function scriptRuns(script: string, fd: string): boolean {
  const file = spelledFiles(fdFiles(fd));
  const runs = new RegExp(`(?:^|[\\s;&|(){])(?:(?:source|\\.)(?:\\s+--)?|(?:[\\w./-]*/)?(?:${SHELL_NAMES_PATTERN})(?:\\s+-\\S*)*)\\s+(?:${file})(?=[\\s;&|)]|$)|${evaluatesInput(fd, file)}`);
  return runs.test(script) || filterEvaluates(script, fd, file);
}

/** The printer stdinReader was given (program-refs.ts's line filters), for scriptRuns's readers while it asks them. */
let activePrinter: FilePrinter | undefined;

/**
 * Whether the script evaluates, where evaluatesInput's cat stands (eval's, source's, a shell's word, or the command),
 * a substitution in which one line filter the active printer knows prints descriptor `fd`'s file whole: named
 * (`$(tail -n +1 /dev/fd/3)`) or as its standard input (`$(head -n 100 <&3)`, `<(sed -n p < /dev/fd/3)`; `$(tail -n
 * +1)` for descriptor 0). A substitution with more in it (a pipe, another substitution, an output redirection) is not read.
 */
function filterEvaluates(script: string, fd: string, file: string): boolean {
  const printer = activePrinter;
  if (printer === undefined) return false;
  const number = /^\d+$/.test(fd) ? fd : FD_EXPANSION;
  const sub = "(?:\\$\\(\\s*([^()`;&<>$]*(?:0?<(?:&\\S+|\\s*\\S+)[^()`;&<>$]*)?)\\)|`\\s*([^`();&<>$]*(?:0?<(?:&\\S+|\\s*\\S+)[^`();&<>$]*)?)`|<\\(\\s*([^()`;&<>$]*(?:0?<(?:&\\S+|\\s*\\S+)[^()`;&<>$]*)?)\\))";
  const evaluated = `(?:^|[\\s;&|(){])(?:eval|source|\\.|(?:[\\w./-]*/)?(?:${SHELL_NAMES_PATTERN}))(?:\\s+-\\S*)*\\s+["']?`;
  const asCommand = `(?:^|[;&|(){]|\\b(?:then|do|else|elif|if|while|until)\\s)\\s*(?:[A-Za-z_]\\w*=\\S*\\s+)*["']?`;
  const isFile = (w: string) => isFdFile(w, fd);
  const fromFd = new RegExp(`^(?:&${number}|(?:${file}))$`);
  for (const m of script.matchAll(new RegExp(`(?:${evaluated}|${asCommand})${sub}`, "g"))) {
    // A pipe of filters (`$(cat /dev/fd/3 | nl)`): the first reads the descriptor, each after it passes on what it gets.
    const [head, ...rest] = (m[1] ?? m[2] ?? m[3]!).split("|").map((c) => c.trim());
    if (rest.length > 0 && !rest.every((c) => passesOn(c, printer))) continue;
    let body = head!;
    // Its standard input: a redirection's (the descriptor, or another file), else this script's own.
    let stdin = fd === "0";
    const redirection = /(?:^|\s)0?<(&\S+|\s*\S+)/.exec(body);
    if (redirection) {
      stdin = fromFd.test(unquoteBash(redirection[1]!.trim()));
      body = body.slice(0, redirection.index) + body.slice(redirection.index + redirection[0].length);
    }
    const words = body.split(/\s+/).filter(Boolean).map(unquoteBash);
    if (words.length === 0) continue;
    // It reads its standard input only with no file of its own.
    if (stdin && !printer(words, () => true)) words.push(fdFiles(/^\d+$/.test(fd) ? fd : "0")[0]!);
    if (printer(words, isFile)) return true;
  }
  return false;
}

/**
 * Whether a command of a pipe (as written) passes on what it reads on its standard input as a filter the printer knows
 * does (`nl`, `grep x`, `tr -d '\r'`): no redirection, no file of its own. `|| x` (an empty command) is none.
 */
function passesOn(command: string, printer: FilePrinter): boolean {
  if (command === "" || /[<>]/.test(command)) return false;
  return printsStdin(command.split(/\s+/).filter(Boolean).map(unquoteBash), printer);
}

/** Whether a command's words print what they read on their standard input, as `printer` says: no file of their own, and one named last (`/dev/stdin`) would be printed. */
function printsStdin(words: readonly string[], printer: FilePrinter): boolean {
  return !printer(words, () => true) && printer([...words, "/dev/stdin"], () => true);
}

/** Whether `w` is descriptor `fd`'s file however spelt (`/dev/fd/3`, `/proc/self/fd/3`), not a path that only may be it (programFileReads). */
function isFdFile(w: string, fd: string): boolean {
  const reads = programFileReads(w, fd);
  return reads !== undefined && reads.may === undefined;
}

/**
 * A duplication, `N<&M` or `N>&M` (`<&M`: N is 0, `>&M`: 1; `M-` moves it), in unquoted text: N gets M's file. N is
 * digits that are a word of their own (descriptorBefore's rule: `a3<&0` is the word a3, then `<&0`).
 */
const DUPLICATION = new RegExp(String.raw`(?:(?<![^${BEFORE_DESCRIPTOR}])(\d+))?([<>])&(\d+)-?(?![^\s;&|()])`, "g");

/** Builtins that read lines into variables: a duplication on one (`read -r l <&3`) hands the descriptor's text to no command. */
const LINE_READERS: ReadonlySet<string> = new Set(["read", "mapfile", "readarray"]);

/**
 * The descriptors that carry what descriptor `fd` is fed: itself, and any a duplication anywhere in the script copies it
 * to, in turn (`f() { sh /dev/fd/3; } 3<&0; f <<< '…'`: 0 and 3; `exec 4<&3`). Where and when each runs is not read:
 * a duplication written anywhere counts, but for one on `read`, `mapfile` or `readarray` (LINE_READERS), which keep
 * what they read in variables (`while read -r l <&3`).
 */
function carriedFds(text: string, fd: string): string[] {
  const number = (n: string) => n.replace(/^0+(?=\d)/, "");
  const lineReader = (at: number) => {
    const name = command([...commandBefore(text, at).words, ...commandAfter(text, at).words])[0];
    return name !== undefined && LINE_READERS.has(name);
  };
  const dups = [...unquoted(text).matchAll(DUPLICATION)].filter((m) => !lineReader(m.index)).map((m) => ({ to: m[1] ? number(m[1]) : m[2] === "<" ? "0" : "1", from: number(m[3]!) }));
  const fds = [fd];
  for (let grew = true; grew; ) {
    grew = false;
    for (const d of dups)
      if (fds.includes(d.from) && !fds.includes(d.to)) {
        fds.push(d.to);
        grew = true;
      }
  }
  return fds;
}

/** A reader of what descriptor `fd` is fed, on it or on a descriptor a duplication copies it to (carriedFds): `readsOf` each. */
function carriedReads(text: string, fd: string, readsOf: (fd: string) => StdinReads): StdinReads {
  const readers = carriedFds(text, fd).map(readsOf);
  return readers.length === 1 ? readers[0]! : (all, raw) => first(readers, (r) => r(all, raw));
}

const fdReaders = new Map<string, StdinReads>();

/**
 * fdScriptReader of descriptor `fd` as a reader of words, one for each descriptor, and through calls of the functions and
 * aliases of `text` (callReads): `f() { sh /dev/fd/3; }; f 3<<< '…'` runs the text as `sh /dev/fd/3 3<<< '…'` does.
 */
function fdReads(text: string, fd: string): StdinReads {
  let reads = fdReaders.get(fd);
  if (reads === undefined) fdReaders.set(fd, (reads = (all, raw) => fdScriptReader(all, raw, fd)));
  return callReads(text, reads);
}

const fdProgramReaders = new Map<string, StdinReads>();

/**
 * The interpreter whose program file is descriptor `fd`'s file (`python3 /dev/fd/3 3<<< '…'`, `perl /proc/self/fd/3`,
 * `ruby /dev/fd/4 4<<EOF`), from a command's words as written, and through calls of the functions and aliases of `text`
 * (`f() { python3 /dev/fd/3; }; f 3<<< '…'`): what the descriptor carries is its program. Named for stdinCodeMessage,
 * with where the text comes from when that is not the standard input: `python3 (from descriptor 3)` (`as`
 * "descriptor"), `python3 (from 3< <(…))` (`as` "substitution").
 */
function fdProgramReads(text: string, fd: string, as: "descriptor" | "substitution"): StdinReads {
  const key = `${as} ${fd}`;
  let reads = fdProgramReaders.get(key);
  if (reads === undefined) {
    const from = as === "substitution" ? ` (from ${fd === "0" ? "" : fd}< <(…))` : fd === "0" ? "" : ` (from descriptor ${fd})`;
    reads = (all, raw) => {
      const program = interpreterReadingDescriptor(raw.slice(commandStart(all)).map(unquoteBash), runsProgram, fd);
      return program === undefined ? undefined : `${program}${from}`;
    };
    fdProgramReaders.set(key, reads);
  }
  return callReads(text, reads);
}

/** How a shell runs a process substitution's output that is its script file (`bash <(…)`), for messages. */
const SCRIPT_FILE = "runs as its script file (a process substitution's output, <(…))";

/**
 * Who runs a process substitution's output as a script, from the words of its command (`words`, unquoted, with
 * SUBSTITUTED_FILE where it stands): `source` or `.` of it (`. <(…)`), a shell whose script file it is (`bash <(…)`,
 * `bash -e <(…)`) or startup file (`bash --rcfile <(…) -i`, `--init-file`), or a shell a BASH_ENV or ENV assignment names
 * it to, before the command or as env's setting (`BASH_ENV=<(…) bash -c …`, `env BASH_ENV=<(…) bash …`, `ENV=<(…) sh -i`).
 */
function substitutedScriptShell(words: string[]): { shell: string; via: string } | undefined {
  const first = commandStart(words);
  const cmd = words.slice(first);
  if (cmd.length === 0) return undefined;
  if ((cmd[0] === "source" || cmd[0] === ".") && (cmd[1] === "--" ? cmd[2] : cmd[1]) === SUBSTITUTED_FILE) return { shell: cmd[0], via: "reads as code (a process substitution's output, <(…))" };
  const at = shellWordAt(cmd);
  if (at < 0) return undefined;
  const shell = base(cmd[at]!);
  const named = words.slice(0, first + at).map((w) => /^(BASH_ENV|ENV)=(.*)$/s.exec(w)).find((m) => m?.[2] === SUBSTITUTED_FILE);
  if (named) return { shell, via: `runs as its startup file (a process substitution's output, <(…), named by ${named[1]})` };
  const args = shellArguments(cmd, at);
  const startup = args.startupFiles.find((k) => cmd[k] === SUBSTITUTED_FILE);
  if (startup !== undefined) return { shell, via: `runs as its startup file (a process substitution's output, <(…), given to ${cmd[startup - 1]})` };
  return args.scriptFile !== undefined && cmd[args.scriptFile] === SUBSTITUTED_FILE ? { shell, via: SCRIPT_FILE } : undefined;
}

/**
 * The shell further down the pipe from a command (`… | bash`, `… | grep x | sh`): whatever the commands between pass on
 * of the text, it reads as its script. Undefined when there is none, or a command sends its output elsewhere first.
 */
function shellDownPipe(text: string, command: ReturnType<typeof commandAfter>, reads: StdinReads = stdinShell): string | undefined {
  let at = command;
  while (at.pipe && !at.stdoutAway) {
    // The next command may start on the next line (`echo '…' |⏎ bash`), or in a subshell that reads the pipe too
    // (`echo '…' | (sh)`, `| ( cd /tmp && bash )`).
    const next = at.next + /^\s*/.exec(text.slice(at.next))![0].length;
    at = commandAfter(text, next);
    // A subshell, a loop, an if, a case or a group on the pipe: any command in it reads the pipe (`| (cd /tmp; sh)`),
    // and what its body prints goes on after its end (`| while read -r l; do echo "$l"; done | sh`, `… done > >(sh)`).
    // A command whose own redirection replaces its standard input reads that, not the pipe (`sort FILE | bash < script.sh`).
    if (at.stdinAway) return undefined;
    const end = text[next] === "(" || COMPOUND_OPENERS.has(at.words[0] ?? "") ? compoundEnd(text, next) : undefined;
    if (end !== undefined) {
      const inside = readerBetween(text, text[next] === "(" ? next + 1 : next, end, reads) ?? outputSubstitutionReader(text, end, reads, true);
      if (inside) return inside;
      at = commandAfter(text, end);
      continue;
    }
    const shell = reads(at.words, at.raw) ?? outputSubstitutionReader(text, next, reads, true);
    if (shell) return shell;
  }
  return undefined;
}

/** Words that open a compound command whose body's output is the command's. */
const COMPOUND_OPENERS: ReadonlySet<string> = new Set(["while", "until", "for", "select", "if", "case", "{"]);

/** Where the compound command starting at `from` ends (past its `done`, `fi`, `esac` or `}`), or undefined. */
function compoundEnd(text: string, from: number): number | undefined {
  const s = scanned(text);
  const inner: Construct[] = [];
  let opened = false;
  for (let i = from; i < s.length; ) {
    const r = stepOver(s, i, inner);
    i += r.length;
    if (r.closedBase) return undefined;
    if (inner.length > 0) opened = true;
    else if (opened) return i;
  }
  return undefined;
}

/** A `{` or `}` that is a word of its own (a group's bounds, not `${X}` or `a{b,c}`), at `i` of masked text. */
const braceWord = (s: string, i: number) => (i === 0 || /[\s;&|()]/.test(s[i - 1]!)) && (i + 1 === s.length || /[\s;&|()<>]/.test(s[i + 1]!));

/** Compound commands' reserved words that open a body whose output is the command's (`if`, `case`, a loop's `do`) and close it. */
const OPENING_WORDS = new Set(["if", "case", "do"]);
const CLOSING_WORDS = new Set(["fi", "esac", "done"]);

/** The reserved word at `i` of masked text when one starts there in a command's place (`; done`, not `echo done`), else undefined. */
function reservedWordAt(s: string, i: number): string | undefined {
  const m = /^[a-z]+/.exec(s.slice(i, i + 5));
  if (!m || !(OPENING_WORDS.has(m[0]) || CLOSING_WORDS.has(m[0])) || /[^\s;&|()<>]/.test(s[i + m[0].length] ?? " ")) return undefined;
  let j = i - 1;
  while (j >= 0 && (s[j] === " " || s[j] === "\t")) j--;
  if (j >= 0 && !/[;&|\n(]/.test(s[j]!) && !(s[j] === "{" && braceWord(s, j)) && !/(?:^|[\s;&|(])(?:then|do|else|elif)$/.test(s.slice(Math.max(0, j - 5), j + 1))) return undefined;
  return m[0];
}

type Construct = "group" | "subshell" | "substitution" | "case" | "compound";

/** What opens or closes at `i` of masked text (a group's braces, a subshell's or substitution's parentheses, a reserved word), and its length. */
function boundAt(s: string, i: number): { opens?: Construct; closes?: boolean; length: number } {
  const c = s[i]!;
  if (c === "(") return { opens: i > 0 && "$<>".includes(s[i - 1]!) ? "substitution" : "subshell", length: 1 };
  if (c === ")") return { closes: true, length: 1 };
  if ((c === "{" || c === "}") && braceWord(s, i)) return c === "{" ? { opens: "group", length: 1 } : { closes: true, length: 1 };
  const word = /[a-z]/.test(c) && (i === 0 || !/[\w-]/.test(s[i - 1]!)) ? reservedWordAt(s, i) : undefined;
  if (word) return OPENING_WORDS.has(word) ? { opens: word === "case" ? "case" : "compound", length: word.length } : { closes: true, length: word.length };
  return { length: 1 };
}

/** Moves a stack of open constructs over what is at `i`; a `)` directly inside a `case` ends a pattern, not the case. Returns the length read and whether the stack's base was closed. */
function stepOver(s: string, i: number, stack: Construct[]): { length: number; closedBase: boolean } {
  const b = boundAt(s, i);
  if (b.opens) stack.push(b.opens);
  else if (b.closes && !(s[i] === ")" && stack.at(-1) === "case")) {
    if (stack.length === 0) return { length: b.length, closedBase: true };
    stack.pop();
  }
  return { length: b.length, closedBase: false };
}

/** The constructs open at `at` of masked text `s`, innermost last, and where each opened. */
function openAt(s: string, at: number): { open: Construct[]; starts: number[] } {
  const open: Construct[] = [];
  const starts: number[] = [];
  for (let i = 0; i < at; ) {
    const depth = open.length;
    const r = stepOver(s, i, open);
    if (open.length > depth) starts.push(i);
    else if (open.length < depth) starts.pop();
    i += r.length;
  }
  return { open, starts };
}

/**
 * The shell down the pipe after the compound commands around `at` (`{ echo '…'; } | sh`, `( printf '…' ) | bash`,
 * `for …; do echo '…'; done | sh`, `if …; then …; fi | sh`, `case … esac | sh`, nested ones outward): what a command
 * prints inside one goes out with its output. Undefined when none is piped to a shell, one's output goes elsewhere
 * first, or the text is inside a command substitution (`$(…)`, whose output becomes words, not a script).
 */
function shellAfterGroups(text: string, at: number, reads: StdinReads): string | undefined {
  const s = scanned(text);
  const { open, starts } = openAt(s, at);
  let from = at;
  for (let k = open.length - 1; k >= 0; k--) {
    if (open[k] === "substitution") return undefined;
    // The construct's end: the first closer past `from` that nothing opened after it (inside a case, its patterns' `)` aside).
    const inner: Construct[] = open[k] === "case" ? ["case"] : [];
    let end = -1;
    for (let i = from; i < s.length && end < 0; ) {
      const r = stepOver(s, i, inner);
      if (r.closedBase || (open[k] === "case" && inner.length === 0)) end = i + r.length - 1;
      i += r.length;
    }
    if (end < 0) return undefined;
    // A function's body prints where the function is called: `f() { echo '…'; }; f | sh`.
    const fn = open[k] === "group" ? FUNCTION_HEAD.exec(s.slice(0, starts[k]!)) : null;
    if (fn) return shellOfCalls(text, s, fn[1] ?? fn[2]!, end + 1, reads);
    const after = commandAfter(text, end + 1);
    // Its output sent elsewhere: into a process substitution that runs it (`{ echo '…'; } > >(python3)`), or away.
    if (after.stdoutAway) return outputSubstitutionReader(text, end + 1, reads);
    if (after.pipe) return shellDownPipe(text, after, reads);
    from = end + 1;
  }
  return undefined;
}

/** A function's head: `name()`, `function name`, `function name()`; a name as bash takes one (`f.x`, `f@g`, `py+`, `fé`: no blank, quote, `$`, `=` or operator). */
const FUNCTION_HEAD_SOURCE = String.raw`(?:^|[\s;&|(])(?:function\s+([^\s;&|()<>'"\`$={}]+)(?:\s*\(\s*\))?|([^\s;&|()<>'"\`$={}\d][^\s;&|()<>'"\`$={}]*)\s*\(\s*\))\s*`;
/** The text before a group that makes it a function's body. */
const FUNCTION_HEAD = new RegExp(`${FUNCTION_HEAD_SOURCE}$`);
/** A function's definition up to its body (a group, a subshell, or another compound command: `f() if …; fi`), in masked text. */
const FUNCTION_DEFINITION = new RegExp(String.raw`${FUNCTION_HEAD_SOURCE}(?=[{(]|(?:if|while|until|for|select|case)[\s;])`, "g");
/** `alias NAME=VALUE [NAME=VALUE…]` (bash expands aliases in a script only with `shopt -s expand_aliases` or in POSIX mode). */
const ALIAS_DEFINITION = /(?:^|[\s;&|(])alias[ \t]+/g;
/** What turns alias expansion on in a script. */
const EXPANDS_ALIASES = /\bexpand_aliases\b|\bset[ \t]+-o[ \t]+posix\b|\bPOSIXLY_CORRECT=/;

/** calledBodies's answers for the last texts asked (a script, and the -c scripts of shells it starts). */
const calledCache = new Map<string, Map<string, string[]>>();

/**
 * The functions the script defines, each with its bodies as written (`py() { python3 "$@"; }`: py → [` python3 "$@"; `]);
 * with alias expansion on, its aliases too, as the alias's value followed by "$@" (`alias py='python3 -u'`:
 * `python3 -u "$@"`).
 */
function calledBodies(text: string): Map<string, string[]> {
  const cached = calledCache.get(text);
  if (cached !== undefined) return cached;
  // Every definition of a name: which one a call finds depends on the order things run in.
  const bodies = new Map<string, string[]>();
  const define = (name: string, body: string) => bodies.set(name, [...(bodies.get(name) ?? []), body]);
  const s = scanned(text);
  for (const m of s.matchAll(FUNCTION_DEFINITION)) {
    const open = m.index + m[0].length;
    const grouped = s[open] === "{" || s[open] === "(";
    // A reserved word opens a compound only in a command's place: right after `()` it does too (`f() if …; fi`).
    const end = compoundEnd(grouped || open === 0 ? text : `${text.slice(0, open - 1)};${text.slice(open)}`, open);
    if (end === undefined) continue;
    define(m[1] ?? m[2]!, grouped ? text.slice(open + 1, end - 1) : text.slice(open, end));
  }
  if (EXPANDS_ALIASES.test(text)) {
    for (const m of s.matchAll(ALIAS_DEFINITION)) {
      // Every NAME=VALUE of the command: `alias p=true py='python3 -c'`.
      for (const word of commandAfter(text, m.index + m[0].length).raw) {
        const def = /^([^\s=$'"]+)=(.*)$/s.exec(word);
        if (def) define(def[1]!, `${unquoteBash(def[2]!)} "$@"`);
      }
    }
  }
  if (calledCache.size >= 16) calledCache.clear();
  calledCache.set(text, bodies);
  return bodies;
}

/** Each reader callReads made or was given, with the text it was made for, what it made, and the reader it wraps. */
const callReaders = new WeakMap<StdinReads, { text: string; reads: StdinReads; base: StdinReads }>();
/** The reader `reads` is, or wraps when callReads made it: stdinReader asks whether it reads for shells. */
const baseOf = (reads: StdinReads): StdinReads => callReaders.get(reads)?.base ?? reads;

/**
 * `reads`, also for a call of a function or alias the script defines whose body holds a reader of its standard input
 * (`f() { sh; }; echo '…' | f`, `py() { python3; }; py <<< '…'`), and for a shell whose -c script holds one
 * (`bash -c 'sh' <<< '…'`): the call or the shell reads it as that reader does (following).
 */
function callReads(text: string, reads: StdinReads): StdinReads {
  const known = callReaders.get(reads);
  if (known?.text === text) return known.reads;
  // One made for another text is made again from the reader it wraps, for this text's functions.
  const base = known?.base ?? reads;
  const bodies = calledBodies(text);
  const wrapped: StdinReads = (all, raw) => following(base, bodies, all, raw, 0);
  callReaders.set(wrapped, { text, reads: wrapped, base });
  callReaders.set(base, { text, reads: wrapped, base });
  return wrapped;
}

/** How deep following goes: calls in a called function's body, -c scripts in a -c script. */
const FOLLOW_DEPTH = 4;

/**
 * `base`'s reader among a command's words (`all`, and as written `raw`), or among the commands it runs in turn, which
 * get its standard input and descriptors: the body of a function or alias of `bodies` it calls, calls in that body too
 * (`g() { sh /dev/fd/3; }; f() { g; }; f 3<<< '…'`), and the -c script of a shell it starts (`bash -c 'sh' <<< '…'`,
 * `bash -c 'python3 /dev/stdin' <<< '…'`, `bash -c 'sh "$0"' /dev/stdin <<< '…'`), whose own functions count there
 * besides the script's (`export -f` hands those on); `depth` levels of that deep at most (FOLLOW_DEPTH).
 */
function following(base: StdinReads, bodies: ReadonlyMap<string, string[]>, all: string[], raw: string[], depth: number): string | undefined {
  const own = base(all, raw);
  if (own !== undefined || depth >= FOLLOW_DEPTH) return own;
  // The commands a call or a -c script runs start after the redirection is open (ownRedirection's words are this one's).
  const inner = (known: ReadonlyMap<string, string[]>): StdinReads => (a, r) => laterCommand(() => following(base, known, a, r, depth + 1));
  const cmd = command(all);
  for (const body of (cmd.length > 0 ? bodies.get(unquoteBash(cmd[0]!)) : undefined) ?? []) {
    const reader = readerBetween(body, 0, body.length, inner(bodies));
    if (reader !== undefined) return reader;
  }
  const words = raw.slice(commandStart(all)).map(unquoteBash);
  const at = words.length > 0 ? shellWordAt(words) : -1;
  const script = at < 0 ? undefined : shellArguments(words, at).script;
  if (script === undefined || script >= words.length) return undefined;
  const text = words[script]!;
  const known = new Map(bodies);
  for (const [name, defined] of calledBodies(text)) known.set(name, [...(known.get(name) ?? []), ...defined]);
  return readerBetween(text, 0, text.length, inner(known));
}

/** A word that is every argument (`"$@"`, `$*`, `"${@}"`), or an occurrence of them inside a word (`"${@:2}"`, `"x $*"`). */
const ALL_WORD = /^"?\$(?:[@*]|\{[@*]\})"?$/;
const ALL_INSIDE = /\$(?:[@*]|\{[#!]?[@*][^}]*\}|\{!#\})/;

/**
 * How many places `shift` has moved the arguments at `from` of a body (`shift`, `shift 2` before it); undefined when a
 * shift inside a loop before it makes that unknown (an option parser's `while …; do … shift 2;; … done`).
 */
function shiftsBefore(body: string, from: number): number | undefined {
  const before = body.slice(0, from);
  let n = 0;
  for (const m of before.matchAll(/(?:^|[\s;&|(){])shift(?:[ \t]+(\d+))?(?=[\s;&|)}]|$)/g)) {
    if (openAt(scanned(before), m.index).open.includes("compound") && /\b(?:while|until|for|select)\b/.test(before.slice(0, m.index))) return undefined;
    n += m[1] ? Number(m[1]) : 1;
  }
  return n;
}

/** Where positional parameter `n` (or, `shifted` by an unknown count, any up to n) is used in a word: `$1` (`$10` is `${1}0`), `${1}`, `${1:-x}`, `${1%%x}`. */
function positional(n: number, shifted: boolean): RegExp {
  if (n < 1) return /(?!)/;
  const numbers = shifted ? Array.from({ length: n }, (_, k) => k + 1) : [n];
  const plain = numbers.filter((k) => k <= 9).join("");
  return new RegExp(`${plain ? `\\$[${plain}]|` : ""}\\$\\{(?:${numbers.join("|")})(?:[^0-9}][^}]*)?\\}`);
}

/** A word as bash reads it for `$`: single-quoted parts (and `$'…'`) are text. */
const expanding = (w: string) => w.replace(/\$?'[^']*'|\\./g, (q) => "_".repeat(q.length));

/**
 * Where the word at `at` (a reference's opening quote, or the reference itself when unquoted), an argument of a call of
 * a function or alias the script defines, lands in its body: `py() { python3 "$@"; }; py -c "…"` runs
 * `python3 -c "…"`, `run() { bash -c "$1"; }; run "…"` runs `bash -c "…"`, `f() { python3 <<< "$1"; }` feeds it to
 * python3. For each word of the body that uses it (at most 8): the script up to the call's command word, then the body
 * in a group with the call's word put there (the call's arguments before it too, for `"$@"`), then what follows the
 * word on the call's line; `at`, `word` and `wordEnd`: where the reference and its word stand there. Empty when the
 * command at `at` calls none, or the body uses no such word.
 */
export function throughCalls(text: string, at: number): CallLanding[] {
  const before = commandBefore(text, at);
  const first = commandStart(before.words);
  if (first >= before.raw.length) return [];
  const bodies = calledBodies(text).get(unquoteBash(before.raw[first]!));
  if (bodies === undefined) return [];
  // The call's arguments before the word, and the word's own start when it begins before `at` (`-c"…"`).
  const attached = at > 0 && !/[\s;&|()<>]/.test(text[at - 1]!);
  const args = before.raw.slice(first + 1);
  const head = attached ? args.pop()! : "";
  const position = args.length + 1;
  const word = head + (commandAfter(text, at).raw[0] ?? "");
  const rest = text.slice(at - head.length + word.length);
  // The script up to the call's command word (its assignments and keywords are kept, and the definitions before it).
  const lineBefore = `${text.slice(0, callAt(text, before.start, first))}{ `;
  // The body in a group, so that what the call's pipe or redirection takes is what the body prints.
  const tail = `\n} ${rest}`;
  const out: CallLanding[] = [];
  for (const body of bodies) {
    const carried = carriers(body, position);
    for (const { w, from } of wordsAt(body)) {
      const bare = expanding(w);
      // The word's positional parameter there: the call's position less the shifts before it (any, when unknown).
      const shifted = shiftsBefore(body, from);
      const own = positional(shifted === undefined ? position : position - shifted, shifted === undefined);
      const inAll = shifted === undefined || position > shifted;
      let lead: string;
      let put: string;
      if (ALL_WORD.test(w)) {
        if (!inAll) continue;
        lead = "";
        put = [...args.slice(shifted ?? 0), word].join(" ");
      } else if ((inAll && ALL_INSIDE.test(bare)) || own.test(bare) || carried?.test(bare)) {
        // Inside a word: the call's word stands where that word stands (`"print('$1')"` is python3's code), written
        // onto an option when the body writes it so (`-c"$1"`, `--eval="$1"`).
        lead = /^-[\w-]*=?(?=["']?\$)/.exec(w)?.[0] ?? "";
        put = word;
      } else continue;
      const prefix = `${lineBefore}${body.slice(0, from)}${lead}`;
      const wordAt = prefix.length + (put.length - word.length);
      // Unquoted where a command goes (`f() { $1; }`): bash splits the value into words and runs them.
      const command = /^\$(?:\w+|[@*]|\{[^}]*\})$/.test(w) && COMMAND_PLACE.test(body.slice(0, from));
      // Expanded as a prompt (`${1@P}`): a `$(…)` in the value runs.
      const prompt = /@P\}/.test(bare);
      out.push({ text: `${prefix}${put}${body.slice(from + w.length)}${tail}`, at: wordAt + head.length, word: wordAt, wordEnd: wordAt + word.length, command, prompt });
      if (out.length >= 8) return out;
    }
  }
  return out;
}

/** Where a call's word lands in a function's body (throughCalls). */
export interface CallLanding {
  text: string;
  at: number;
  word: number;
  wordEnd: number;
  /** An unquoted `$1`, `$@` where a command goes: the value's words are run. */
  command: boolean;
  /** Expanded as a prompt, `${1@P}`: a command substitution in the value runs. */
  prompt: boolean;
}

/** The text before a word that puts it where a command goes: a separator, `{`, or a keyword, then assignments. */
const COMMAND_PLACE = /(?:^|[;&|\n{]|(?<![=$<>(])\((?!\()|(?:^|[\s;&|(){])(?:then|do|else|elif|if|while|until|time|!|exec|command|builtin|nohup|nice|xargs|timeout(?:\s+-\S+)*\s+\S+|env(?:\s+[A-Za-z_]\w*=\S*)*))\s*(?:[A-Za-z_]\w*=\S*\s+)*$/;

/**
 * Variables of a body that carry the call's word: a loop over the arguments (`for a in "$@"`, `for a;`), and an
 * assignment of the word's positional parameter (`local c="$1"`, `c=$1`), as a pattern of their uses (`$a`, `${c}`).
 */
function carriers(body: string, position: number): RegExp | undefined {
  const names = new Set<string>();
  for (const m of body.matchAll(/\bfor[ \t]+([A-Za-z_]\w*)[ \t]*(?:[;\n]|do\b|in[ \t]+"?\$(?:[@*]|\{[@*][^}]*\})"?)/g)) {
    const shifted = shiftsBefore(body, m.index);
    if (shifted === undefined || position > shifted) names.add(m[1]!);
  }
  for (const m of body.matchAll(/(?:^|[\s;&|(])([A-Za-z_]\w*)=("?\$(?:\d|\{[^}]*\}|[@*])"?)(?=[\s;&|)]|$)/g)) {
    const shifted = shiftsBefore(body, m.index);
    const own = positional(shifted === undefined ? position : position - shifted, shifted === undefined);
    if (own.test(m[2]!) || ((shifted === undefined || position > shifted) && ALL_INSIDE.test(m[2]!))) names.add(m[1]!);
  }
  if (names.size === 0) return undefined;
  return new RegExp(`\\$(?:${[...names].join("|")}|\\{(?:${[...names].join("|")})(?:[^\\w}][^}]*)?\\})(?!\\w)`);
}

/** Where the call's command word stands: past its leading assignments and keywords (the `first` words before it). */
function callAt(text: string, start: number, first: number): number {
  let i = start;
  const s = scanned(text);
  for (let k = 0; k <= first; k++) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (k === first) return i;
    while (i < s.length && !/\s/.test(s[i]!)) i++;
  }
  return i;
}

/** The words of a command as written, each with where it starts (redirections are words here: `<<<`, `"$1"`). */
function wordsAt(command: string): { w: string; from: number }[] {
  const s = unquoted(command);
  const out: { w: string; from: number }[] = [];
  for (const m of s.matchAll(/[^\s;&|()<>]+/g)) out.push({ w: command.slice(m.index, m.index + m[0].length), from: m.index });
  return out;
}

/** The shell that reads what a call of function `name` after `from` prints: down the call's pipe, or out of the constructs around it. */
function shellOfCalls(text: string, s: string, name: string, from: number, reads: StdinReads): string | undefined {
  const call = new RegExp(`(?:^|[\\s;&|(])(${name.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&")})(?=[\\s;&|()<>]|$)`, "g");
  call.lastIndex = from;
  for (let m = call.exec(s); m; m = call.exec(s)) {
    const at = m.index + m[0].length - name.length;
    const words = commandBefore(text, at).words;
    // The name as the command itself (`f | sh`, `x=1 f`), not an argument of another (`echo f | sh`).
    if (command(words).length > 0) continue;
    const after = commandAfter(text, at);
    if (after.stdoutAway) continue;
    const shell = after.pipe ? shellDownPipe(text, after, reads) : undefined;
    if (shell) return shell;
    const outer = printedOutOfGroups(text, at, after, reads);
    if (outer) return outer;
  }
  return undefined;
}


/**
 * The first reader among the process substitutions `>(…)` further on the command line from `from` (up to a `;`, `&` or
 * newline; `own`: up to the end of this command, a `|` too), or down a pipe inside one (`>(cat | python3)`).
 */
function outputSubstitutionReader(text: string, from: number, reads: StdinReads, own = false): string | undefined {
  // scanned: the & of `&> >(…)` and `>&2` separates nothing.
  const rest = scanned(text.slice(from));
  if (!rest.includes(">(")) return undefined;
  const stop = rest.search(own ? /[;&|\n]/ : /[;&\n]/);
  for (const m of (stop < 0 ? rest : rest.slice(0, stop)).matchAll(/>\(\s*/g)) {
    // Every command in it reads its input (`>(cd /tmp && sh)`), as a pipe inside it passes it on (`>(cat | python3)`).
    const opened = from + m.index + 1;
    const end = compoundEnd(text, opened) ?? text.length;
    for (let i = opened + 1; i < end; ) {
      const inside = commandAfter(text, i);
      const reader = reads(inside.words, inside.raw) ?? shellDownPipe(text, inside, reads);
      if (reader) return reader;
      if (inside.next <= i) break;
      i = inside.next;
    }
  }
  return undefined;
}

/**
 * Who runs, as code, what the process substitution `<(…)` around `at` prints (whatever command inside prints it, as for
 * a command substitution): an interpreter whose program file it is (`python3 <(…)`, `awk -f <(…)`,
 * `sqlite3 -init <(…)`: `python3 (from <(…))`) or that reads it from its standard input (`python3 < <(…)`:
 * `python3 (from < <(…))`), or a shell reading it so (`sh < <(…)`, `bash -c '. /dev/fd/3' 3< <(…)`), or running it
 * as its script file or startup file (`bash <(…)`, `bash --rcfile <(…)`, `BASH_ENV=<(…) bash`), or `source` of it. The
 * innermost process substitution around `at` decides; inside a command substitution (`$(…)`) there, or a `>(…)`, the
 * output goes elsewhere.
 */
export function processSubstitutionReader(text: string, at: number, word?: number): { program: string } | { shell: string; via: string } | undefined {
  if (!text.includes("<(")) return undefined;
  const s = scanned(text);
  const { open, starts } = openAt(s, at);
  let k = open.length - 1;
  while (k >= 0 && open[k] !== "substitution") k--;
  if (k < 0 || s[starts[k]! - 1] !== "<") return undefined;
  // Only what the command there prints is its output: the word (`word`: where it starts) as an argument of echo,
  // printf or shuf -e, or a here-string (`<(cat <<< '…')`), or a heredoc's body (no `word`). As curl's URL, git's revision or a
  // file's name it is data: `python3 <(curl -fsSL "${URL}")`.
  if (word !== undefined && !printedAt(text, word)) return undefined;
  const sub = starts[k]! - 1;
  const before = commandBefore(text, sub);
  const lineStart = text.lastIndexOf("\n", sub - 1) + 1;
  const end = compoundEnd(text, sub + 1) ?? -1;
  const after = end < 0 ? undefined : commandAfter(text, end);
  if (/(?:^|[^<])<[ \t]*$/.test(s.slice(lineStart, sub))) {
    // Its output is the command's standard input (`python3 < <(…)`): the words after the substitution count too.
    const all = [...before.words, ...(after?.words ?? [])];
    const raw = [...before.raw, ...(after?.raw ?? [])];
    // A subshell, group or compound command takes it for every command in it (`(cd /tmp && sh) < <(…)`), and a call of a
    // function or alias the script defines gives it to the body (`f() { sh; }; f < <(…)`).
    // The redirection starts at its descriptor (`3< <(…)`): the group it is on ends before that.
    const operator = s.lastIndexOf("<", sub - 1);
    const descriptor = descriptorBefore(text, operator);
    const redirect = descriptor?.start ?? operator;
    const compound = before.words.length === 0 || (before.words.length === 1 && CLOSERS.has(before.words[0]!));
    // On another descriptor, or the standard input, as a file a script sources or a shell runs (`bash -c '. /dev/fd/3' 3< <(…)`):
    // asked first for another descriptor, whose reader names it (`{ sh "$F"; } 3< <(…)` may read either).
    const fd = descriptor?.fd ?? "0";
    const onFd = carriedReads(text, fd, (f) => fdReads(text, f));
    const fromFd = () => onFd(all, raw) ?? (compound ? readerInside(text, redirect, onFd) : undefined);
    const onOther = fd === "0" ? undefined : fromFd();
    if (onOther) return { shell: onOther, via: `reads from descriptor ${fd} through a process substitution, ${fd}< <(…)` };
    const shells = callReads(text, stdinShell);
    const shell = shells(all, raw) ?? (compound ? readerInside(text, redirect, shells) : undefined) ?? (fd === "0" ? fromFd() : undefined);
    if (shell) return { shell, via: "reads from its standard input through a process substitution, < <(…)" };
    // An interpreter whose program file is the descriptor's (`python3 /dev/fd/3 3< <(…)`, `f() { perl /dev/fd/3; }; f 3< <(…)`),
    // or that reads its program from its standard input.
    const onFdProgram = carriedReads(text, fd, (f) => fdProgramReads(text, f, "substitution"));
    const fromFdProgram = onFdProgram(all, raw) ?? (compound ? readerInside(text, redirect, onFdProgram) : undefined);
    if (fromFdProgram !== undefined) return { program: fromFdProgram };
    const programs = callReads(text, (w) => interpreterReadingStdin(command(w), runsProgram));
    const program = programs(all, raw) ?? (compound ? readerInside(text, redirect, callReads(text, stdinProgram)) : undefined);
    if (program !== undefined) return { program: `${program} (from < <(…))` };
    // What the command passes on of it, down a pipe (`while read -r l; do echo "$l"; done < <(…) | sh`).
    if (after === undefined || after.stdoutAway) return undefined;
    const downShell = shellDownPipe(text, after, stdinShell);
    if (downShell) return { shell: downShell, via: "reads from its standard input: what a command passes on of a process substitution, < <(…)" };
    const downProgram = shellDownPipe(text, after, stdinProgram);
    return downProgram === undefined ? undefined : { program: downProgram };
  }
  // Its output is a file the command names: the interpreter's program file, or xargs's input (`xargs -a <(…) python3 -c`).
  // Written onto an option (`awk --file=<(…)`, `-f<(…)`), it is that word's end.
  const attached = sub > 0 && !/[\s;&|()<>]/.test(text[sub - 1]!) && before.raw.length > 0;
  const words = attached ? [...before.raw.map(unquoteBash).slice(0, -1), `${unquoteBash(before.raw.at(-1)!)}${SUBSTITUTED_FILE}`] : [...before.raw.map(unquoteBash), SUBSTITUTED_FILE];
  const program = substitutedProgram(command(words), runsProgram);
  if (program !== undefined) return { program };
  const all = [...words, ...(after?.raw.map(unquoteBash) ?? [])];
  // A shell's script file or startup file, or a file `source` reads (`bash --rcfile <(…) -i`, `BASH_ENV=<(…) bash -c …`).
  const script = substitutedScriptShell(all);
  if (script) return script;
  const xargs = stdinShell(all, all);
  if (xargs?.startsWith("xargs ")) return { shell: xargs, via: "through a process substitution xargs reads as its input (-a)" };
  const code = stdinProgram(all, all);
  if (code?.endsWith(" (from xargs)")) return { program: code };
  // What the command prints of the file may go on down a pipe or into a process substitution (`cat <(…) | python3`).
  if (after === undefined) return undefined;
  const downShell = after.stdoutAway ? outputSubstitutionReader(text, end, stdinShell) : shellDownPipe(text, after, stdinShell) ?? outputSubstitutionReader(text, end, stdinShell);
  if (downShell) return { shell: downShell, via: "reads from its standard input: what a command prints of a process substitution, <(…)" };
  const downProgram = after.stdoutAway ? outputSubstitutionReader(text, end, stdinProgram) : shellDownPipe(text, after, stdinProgram) ?? outputSubstitutionReader(text, end, stdinProgram);
  return downProgram === undefined ? undefined : { program: downProgram };
}

/** Whether the word starting at `at` is printed by its command: an argument of echo, printf or shuf -e, or a here-string. */
function printedAt(text: string, at: number): boolean {
  if (/<<<[ \t]*$/.test(text.slice(text.lastIndexOf("\n", at - 1) + 1, at))) return true;
  return printsArguments(commandAsRead(commandBefore(text, at), commandAfter(text, at)));
}

/**
 * The command's own words around a word (its parts before and after it) as bash reads them, quotes removed: a printer
 * spelt `"echo"`, `e\cho` or `$'printf'` is that printer.
 */
function commandAsRead(before: { words: string[]; raw: string[] }, after: { words: string[]; raw: string[] }): string[] {
  const all = [...before.words, ...after.words];
  return [...before.raw, ...after.raw].slice(commandStart(all)).map(unquoteBash);
}

/** Characters that end a word outside quotes. */
const WORD_END = /[\s;&|()<>`]/;

/** How far the word holding [from, to) reaches: adjacent quoted or plain parts are the same word (`'a'"${X}"b`). */
function wordAround(text: string, from: number, to: number, quote = ""): { start: number; end: number } {
  const lineStart = text.lastIndexOf("\n", from - 1) + 1;
  // Inside a quote (`quote`: the one [from, to) is in), the text before ends it and the text after begins it.
  const before = unquoted(text.slice(lineStart, from) + quote).slice(0, from - lineStart);
  let start = before.length;
  while (start > 0 && !WORD_END.test(before[start - 1]!)) start--;
  const after = unquoted(quote + text.slice(to)).slice(quote.length);
  let end = 0;
  while (end < after.length && !WORD_END.test(after[end]!)) end++;
  return { start: lineStart + start, end: to + end };
}

/**
 * The shell that runs, as its script, the quoted text at [from, to) (from its opening quote to past its closing one), or
 * undefined. Such text is a script when it is a here-string of a shell (`bash <<< '…'`, `<<< '…' sh -s`), or printed by
 * `echo` or `printf` into a pipe that ends in one (`echo '…' | bash`); a here-string of another command, as stdinReader says.
 */
export function quotedScriptReader(text: string, from: number, to: number, reads: StdinReads = stdinShell): string | undefined {
  reads = callReads(text, reads);
  const { start, end } = wordAround(text, from, to);
  const hereString = /<<<[ \t]*$/.exec(text.slice(0, start));
  if (hereString) return stdinReader(text, hereString.index, end, reads);
  if (/[<>][ \t]*$/.test(text.slice(0, start))) return undefined;
  // Printed into a process substitution that a shell reads (`echo '…' > >(sh)`, `echo '…' | tee >(sh)`), or an
  // interpreter as its program (`echo '…' > >(python3)`).
  const substituted = outputSubstitutionReader(text, end, reads);
  if (substituted) return substituted;
  const before = commandBefore(text, start);
  const after = commandAfter(text, end);
  if (!printsArguments(commandAsRead(before, after)) || before.stdoutAway) return undefined;
  return shellDownPipe(text, after, reads) ?? printedOutOfGroups(text, start, after, reads);
}

/**
 * The shell that reads, as its script, what the command whose word is at [from, to) prints, whatever that command is
 * (the caller knows it prints the word's file: `cat FILE | sh`, `cat FILE > >(sh)`, `{ cat FILE; } | bash`), or with
 * `reads` stdinProgram the interpreter that reads it as its program (`cat FILE | python3`); undefined for none.
 */
export function outputScriptReader(text: string, from: number, to: number, reads: StdinReads = stdinShell): string | undefined {
  reads = callReads(text, reads);
  const { start, end } = wordAround(text, from, to);
  if (/[<>][ \t]*$/.test(text.slice(0, start))) return undefined;
  const substituted = outputSubstitutionReader(text, end, reads);
  if (substituted) return substituted;
  const before = commandBefore(text, start);
  if (before.stdoutAway) return undefined;
  const after = commandAfter(text, end);
  return shellDownPipe(text, after, reads) ?? printedOutOfGroups(text, start, after, reads);
}
/** The interpreter that runs, as its program, what the command whose word is at [from, to) prints (outputScriptReader's). */
export const outputProgramReader = (text: string, from: number, to: number) => outputScriptReader(text, from, to, stdinProgram);

/** What a printer inside groups passes out of them (through the commands its pipe goes on to): the shell that reads it. */
function printedOutOfGroups(text: string, start: number, after: ReturnType<typeof commandAfter>, reads: StdinReads): string | undefined {
  return pipeEnd(text, after).stdoutAway ? undefined : shellAfterGroups(text, start, reads);
}

/** The pipe's last command from `at` on (`a | b | c`: c), or the first that sends its output elsewhere. */
function pipeEnd(text: string, at: ReturnType<typeof commandAfter>): ReturnType<typeof commandAfter> {
  while (!at.stdoutAway && at.pipe) at = commandAfter(text, at.next + /^[\s(]*/.exec(text.slice(at.next))![0].length);
  return at;
}

/**
 * The shell that runs, as its script, what the redirection at [from, to) (`<<< '…'`, a heredoc's `<<EOF`) feeds a
 * command: that command when it is a shell reading its standard input (`bash <<< '…'`), or one further down its pipe
 * (`cat <<EOF | sh`: what cat, grep, sed… pass on of the text is code there too).
 */
export function stdinReader(text: string, from: number, to: number, reads: StdinReads = stdinShell, printer?: FilePrinter): string | undefined {
  if (printer === undefined || activePrinter === printer) return stdinReaderWith(text, from, to, reads, printer);
  const was = activePrinter;
  activePrinter = printer;
  try {
    return stdinReaderWith(text, from, to, reads, printer);
  } finally {
    activePrinter = was;
  }
}

function stdinReaderWith(text: string, from: number, to: number, reads: StdinReads, printer: FilePrinter | undefined): string | undefined {
  // Made by callReads (`quotedScriptReader`'s), it still reads for shells, or for interpreters' programs.
  const shells = baseOf(reads) === stdinShell;
  const programs = baseOf(reads) === stdinProgram;
  reads = callReads(text, reads);
  // A file descriptor written before the operator (`sh 0<<< '…'`, `sh 0<<EOF`) belongs to it, not to the command's words.
  const fd = descriptorBefore(text, from);
  if (fd) from = fd.start;
  // The text on another descriptor, or on the standard input, as a file a script sources or a shell runs (`sh /dev/fd/3 3<<< '…'`),
  // or an interpreter's program file (`python3 /dev/fd/3 3<<< '…'`).
  const fed = fd?.fd ?? "0";
  // A copy of it on the standard input (`bash 0<&3`, `sh <&3`, `cat <&3 | sh`) is read there too, by a shell that reads its
  // standard input as its script.
  const stdinTo = (f: string, own: StdinReads): StdinReads => (f === "0" && fed !== "0" ? (all, raw) => own(all, raw) ?? reads(all, raw) : own);
  const onFd = shells ? carriedReads(text, fed, (f) => stdinTo(f, fdReads(text, f))) : programs ? carriedReads(text, fed, (f) => fdProgramReads(text, f, "descriptor")) : undefined;
  const before = commandBefore(text, from);
  const after = commandAfter(text, to);
  const all = [...before.words, ...after.words];
  const raw = [...before.raw, ...after.raw];
  // What the command passes on may go into a process substitution that runs it (`tee >(python3) <<< '…'`, `cat > >(sh) <<EOF`),
  // among its words before the redirection too (from the command's start, past the substitutions' parentheses).
  const lineStart = text.lastIndexOf("\n", from - 1) + 1;
  const line = scanned(text.slice(lineStart, from));
  let start = line.length;
  while (start > 0 && !/[;&|]/.test(line[start - 1]!)) start--;
  const substituted = () => outputSubstitutionReader(text, lineStart + start, reads);
  // A subshell, a group or a compound command takes the redirection for every command in it (`(cd /tmp && python3) <<EOF`).
  const compound = before.words.length === 0 || (before.words.length === 1 && CLOSERS.has(before.words[0]!));
  // An interpreter's program file named for the descriptor says more than its reading the standard input besides
  // (`sqlite3 -init /dev/fd/3 db 3<<< '…'`): asked first.
  const readers = onFd === undefined ? [reads] : programs ? [onFd, reads] : [reads, onFd];
  const inside = compound ? first(readers, (r) => readerInside(text, from, r)) : undefined;
  // bash expands the command's words before it opens its redirections: a command substitution outside single quotes
  // reads the descriptor as it was before (`eval "$(cat)" < FILE`, `bash -c "$(cat <&3)" 3< FILE` read no FILE).
  const own = ownRedirection(() => first(readers, (r) => r(all, raw)));
  // `exec 3< FILE`, `exec 3<<< '…'`, `exec < FILE`: exec with no command opens the descriptor for the rest of the script,
  // where any later command that reads it reads the text (`exec 3<<< '…'; sh /dev/fd/3`). Where that rest ends (a
  // subshell's close) is not read: every command after it counts.
  if (own === undefined && !compound && command(all).length === 1 && command(all)[0] === "exec") {
    const later = fed === "0" ? readers : onFd === undefined ? [] : [onFd];
    // Up to where exec closes or reopens the descriptor, when no duplication copied it elsewhere first.
    const to = carriedFds(text, fed).length === 1 ? reachEnd(text, after.next, fed) : text.length;
    const reader = first(later, (r) => readerBetween(text, after.next, to, r)) ?? (printer === undefined ? undefined : printedBetween(text, after.next, to, fed, printer, reads, shells ? "shell" : programs ? "program" : undefined));
    if (reader !== undefined) return reader;
  }
  if (before.stdoutAway) return own ?? inside ?? substituted();
  return own ?? inside ?? shellDownPipe(text, after, reads) ?? substituted();
}

/**
 * The shell (or, `reads` stdinProgram, the interpreter) that reads, down a pipe, what a command in [from, to) prints of
 * descriptor `fd`'s file (or a copy's, carriedFds) as `printer` says one prints a file: `exec 3< FILE; tail -n +1
 * /dev/fd/3 | sh`; named (`cat /dev/fd/3`) or as its standard input, with no file of its own (`cat <&3`, `head < /dev/fd/3`;
 * `cat` alone for descriptor 0). Or, `runs` the kind of reader asked for, the one that runs the process substitution
 * it prints in (`exec 3< FILE; source <(cat /dev/fd/3)`, `. <(cat <&3)`, `bash <(…)`; a program: `python3 <(…)`).
 */
function printedBetween(text: string, from: number, to: number, fd: string, printer: FilePrinter, reads: StdinReads, runs?: "shell" | "program"): string | undefined {
  const fds = carriedFds(text, fd);
  const isFile = (w: string) => fds.some((f) => isFdFile(w, f));
  for (let i = from; i < to; ) {
    const c = commandAfter(text, i);
    const words = c.raw.slice(commandStart(c.words)).map(unquoteBash);
    const stdin = stdinRedirection(text.slice(i, c.next));
    const onStdin = stdin === undefined ? fds.includes("0") : "fd" in stdin ? fds.includes(stdin.fd) : isFile(stdin.file);
    const prints = printer(words, isFile) || (words.length > 0 && onStdin && printsStdin(words, printer));
    if (!c.stdoutAway && prints) {
      const reader = shellDownPipe(text, c, reads);
      if (reader !== undefined) return reader;
      const substituted = runs === undefined ? undefined : processSubstitutionReader(text, i);
      if (substituted !== undefined && runs === "shell" && "shell" in substituted) return substituted.shell;
      if (substituted !== undefined && runs === "program" && "program" in substituted) return substituted.program;
    }
    if (c.next <= i) break;
    i = c.next;
  }
  return undefined;
}

/**
 * The standard input a command's own text (as written) redirects: a duplication (`<&3`, `0<&3`: its descriptor) or a
 * file (`< FILE`, `0< FILE`); undefined for none. A heredoc, a here-string and `< <(…)` are none of these.
 */
function stdinRedirection(own: string): { fd: string } | { file: string } | undefined {
  const m = /(?:^|[\s;&|(])0?<(?![<(>])(?:&(\d+)|[ \t]*([^\s;&|()<>]+))/.exec(unquoted(own));
  if (m === null) return undefined;
  return m[1] !== undefined ? { fd: m[1] } : { file: unquoteBash(own.slice(m.index + m[0].length - m[2]!.length, m.index + m[0].length)) };
}

/** Whether the readers are asked about the command whose own redirection feeds the descriptor (ownRedirection), not a later one. */
let onOwnRedirection = false;

/** `ask`'s answer with onOwnRedirection `on`. */
function withOwnRedirection<T>(on: boolean, ask: () => T): T {
  const was = onOwnRedirection;
  onOwnRedirection = on;
  try {
    return ask();
  } finally {
    onOwnRedirection = was;
  }
}
const ownRedirection = <T>(ask: () => T): T => withOwnRedirection(true, ask);
const laterCommand = <T>(ask: () => T): T => withOwnRedirection(false, ask);

/**
 * A word as written with each command substitution bash expands (one outside single quotes: `$(…)`, `` `…` ``) as `$`
 * and S's, when the command's own redirection feeds the descriptor (onOwnRedirection): bash runs those before it opens
 * the redirection, so what they read is not its text.
 */
const substitutionsBefore = (word: string) => (onOwnRedirection ? expandedFirst(word) : word);

/** A word as written with each command substitution bash expands (one outside single quotes: `$(…)`, `` `…` ``) as `$` and S's. */
function expandedFirst(word: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c === "\\" && i + 1 < word.length) {
      out += word.slice(i, i + 2);
      i++;
    } else if (c === "'" && !quoted) {
      const close = word.indexOf("'", i + 1);
      const end = close < 0 ? word.length : close + 1;
      out += word.slice(i, end);
      i = end - 1;
    } else if (c === '"') {
      quoted = !quoted;
      out += c;
    } else if ((c === "$" && word[i + 1] === "(") || c === "`") {
      let end = word.length;
      if (c === "`") {
        for (let j = i + 1; j < word.length; j++) {
          if (word[j] === "\\") j++;
          else if (word[j] === "`") {
            end = j + 1;
            break;
          }
        }
      } else {
        let depth = 0;
        for (let j = i + 1; j < word.length; j++) {
          if (word[j] === "(") depth++;
          else if (word[j] === ")" && --depth === 0) {
            end = j + 1;
            break;
          }
        }
      }
      out += `$${"S".repeat(end - i - 1)}`;
      i = end - 1;
    } else out += c;
  }
  return out;
}

/** The first answer of `ask` for the readers in turn, or undefined. */
function first(readers: readonly StdinReads[], ask: (reads: StdinReads) => string | undefined): string | undefined {
  for (const r of readers) {
    const found = ask(r);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Words that end a compound command. */
const CLOSERS: ReadonlySet<string> = new Set(["}", "fi", "done", "esac"]);

/** The reader among the commands of the subshell, group or compound command that ends just before `from`, or undefined. */
function readerInside(text: string, from: number, reads: StdinReads): string | undefined {
  const s = scanned(text);
  let close = from - 1;
  while (close >= 0 && /\s/.test(s[close]!)) close--;
  if (close < 0) return undefined;
  // The closer's first character: `)`, `}`, or the f of fi, the d of done, the e of esac.
  const word = /(?:fi|done|esac)$/.exec(s.slice(Math.max(0, close - 3), close + 1));
  const at = word ? close - word[0].length + 1 : close;
  const { open, starts } = openAt(s, at);
  if (open.length === 0) return undefined;
  // From the opener itself: a reserved word (`if`) is skipped as the command's keyword, a `{` or `(` as well. A loop's
  // `do` opens its body; the redirection on `done` is its condition's too (`while sh /dev/fd/3; do …; done 3<<< '…'`).
  let opener = starts.at(-1)!;
  if (s.startsWith("do", opener)) {
    const loop = [...s.slice(0, opener).matchAll(/(?:^|[\s;&|(){])(while|until)\s/g)].at(-1);
    if (loop) opener = loop.index + loop[0].indexOf(loop[1]!);
  }
  return readerBetween(text, opener, at, reads);
}

/** The reader among the commands from `from` to `to` (a subshell's, a group's or a loop's body), or undefined. */
/** Words that open a compound command, and those that close one (reachEnd's nesting). */
const OPENERS: ReadonlySet<string> = new Set(["if", "while", "until", "for", "select", "case", "{"]);

/**
 * Where the reach of descriptor `fd`, which an `exec` before `from` opened, ends: at a later `exec` that closes or
 * reopens it (`exec 3<&-`, `exec 3>&-`, `exec 3< ./other`), when that surely runs before what follows it: no `&&`,
 * `||`, `|` or `&` before it, and no deeper in if, while, for, case, a group or a subshell than every command between
 * (`if x; then exec 3<&-; fi` may not run). `text.length` for none. Rough, as readerBetween.
 */
function reachEnd(text: string, from: number, fd: string): number {
  // A named descriptor's (`exec {fd}<`) close is not followed: it reaches the end.
  if (!/^\d+$/.test(fd)) return text.length;
  const redirects = new RegExp(fd === "0" ? String.raw`(?:^|[\s;&|()])0*0?[<>]` : String.raw`(?:^|[\s;&|()])0*${fd}[<>]`);
  const s = substitutionsMasked(scanned(text));
  let depth = 0;
  let lowest = 0;
  let sure = true;
  for (let i = from; i < text.length; ) {
    const c = commandAfter(text, i);
    if (c.next <= i) break;
    const end = Math.min(c.next, text.length);
    const own = command(c.words);
    if (c.words.length > 0) {
      if (sure && depth <= lowest && own.length === 1 && own[0] === "exec" && redirects.test(s.slice(i, end).replace(/^[\s;]+/, " "))) return i;
      if (OPENERS.has(c.words[0]!)) depth++;
      if (CLOSERS.has(c.words[0]!)) lowest = Math.min(lowest, --depth);
    }
    // The separator that ended it: a parenthesis nests; `&&`, `||`, `|`, `&` make the next command uncertain.
    const sep = s.slice(i, end).replace(/[^;&|\n()]/g, "").slice(-2);
    if (sep.endsWith("(")) depth++;
    if (sep.endsWith(")")) lowest = Math.min(lowest, --depth);
    if (c.words.length > 0 || !/[&|]/.test(sep)) sure = !/[&|]/.test(sep);
    i = c.next;
  }
  return text.length;
}

function readerBetween(text: string, from: number, to: number, reads: StdinReads): string | undefined {
  for (let i = from; i < to; ) {
    const c = commandAfter(text, i);
    const reader = reads(c.words, c.raw);
    if (reader) return reader;
    if (c.next <= i) break;
    i = c.next;
  }
  return undefined;
}

/**
 * Builtins whose arguments bash takes as variable names: a subscript in a name (`a[$(…)]`) is arithmetic, which runs the
 * commands in it (`export` and `readonly` refuse one, and count too: evaluatedAt). Every one of DECLARERS is one.
 */
const NAME_TAKERS = new Set(["declare", "typeset", "local", "read", "export", "readonly"]);
/** The declaring ones, whose values are parsed again under -a, -A or -i (`declare -a "a=(…)"`, `local -i n=…`), or named under -n. */
const DECLARERS = new Set(["declare", "typeset", "local", "readonly"]);
/** Options of read whose argument is no name (`read -p PROMPT`, `read -d DELIM`). */
const WITH_ARGUMENT = new Set(["-p", "-d", "-t", "-n", "-N", "-u", "-i"]);
/** Operators of [[ … ]] under which bash evaluates both operands as arithmetic. */
const ARITHMETIC_TEST = new Set(["-eq", "-ne", "-lt", "-le", "-gt", "-ge"]);
/** Operators of [[ … ]], test and [ whose operand is a variable's name, a subscript in it evaluated (`-R` evaluates none). */
const NAME_TEST = new Set(["-v"]);
/** A declaration giving variables the integer attribute: every later assignment to them is evaluated as arithmetic. */
const INTEGER_DECLARED = /(?:^|[\s;&|({])(?:declare|typeset|local|readonly|export)(?:[ \t]+-[A-Za-z]*)*[ \t]+-[A-Za-z]*i/;
/** An assignment word: its name, its subscript if any, its operator. */
const ASSIGNMENT = /^([A-Za-z_]\w*)(\[[^\]]*\])?(\+?=)/;

/** Options of mapfile and readarray whose argument is no name (`-d DELIM`, `-u FD`, `-C CALLBACK`), alone or last in a group (`-td`). */
const MAPFILE_WITH_ARGUMENT = /^-[A-Za-z]*[dnOsuCc]$/;

/**
 * Whether bash evaluates the value of the word holding [from, to) again, where a value is code: as arithmetic (an
 * operand of `[[ … -eq … ]]`, an argument of `let`, an array subscript written in an assignment, an assignment to a
 * variable declared integer, a value under `declare -i`) or as a variable's name (`[[ -v … ]]`, `test -v`, `read`,
 * `printf -v`, `unset` (not `unset -f`), `wait -p`, the name in `declare NAME=…`, a value under `declare -n`; a value
 * under `declare -a`, parsed as a list), also behind `command` or `builtin`. Each was seen to run `a[$(…)]`'s command
 * in bash 5.2; the names `export`, `readonly`, `mapfile`, `readarray` and `getopts` take were seen to take no
 * subscript at all (not a valid identifier), and count as names too: no name there holds `$` or a backtick, and
 * another bash may evaluate one. `[[ -R … ]]` evaluates none. Arithmetic on a name with a subscript runs the commands in it:
 * `X='a[$(touch p)]'` makes `[[ $X -eq 1 ]]` run touch. Else, a word that holds the reference inside a subscript it
 * writes (`m[${X}]`, `${m[${X}]}`, an element's `[${X}]=` in `m=(…)`) is `subscript`: bash evaluates that subscript
 * wherever it reads the word as a name or a number (`unset`, `${!n}`, a nameref, `$((n))`), beyond what a reading of
 * the command can follow. `quote` is the quote [from, to) is inside, if any (`"` or `'`). Returns how the value is
 * read then, `arithmetic`, `name` or `subscript`, and where, or undefined for a word bash only expands.
 */
export function evaluatedAt(text: string, from: number, to: number, quote = ""): { as: "arithmetic" | "name" | "subscript"; where: string } | undefined {
  return readAgainAt(text, from, to, quote) ?? subscriptAround(text, from, to, quote);
}

/**
 * The subscript a word writes around the reference at [from, to), if any: the word (quotes removed) holds an open
 * `NAME[` before it (`m[${X}]`, `"$${m[${X}]}"`), or begins with `[` as an element of a compound assignment whose
 * `NAME=(` (or `NAME+=(`) is still open before it on the line (`m=(a [${X}]=1)`).
 */
function subscriptAround(text: string, from: number, to: number, quote: string): { as: "subscript"; where: string } | undefined {
  const { start } = wordAround(text, from, to, quote);
  const word = text.slice(start, from).replace(/["']/g, "");
  let depth = 0;
  let open = -1;
  for (let i = 0; i < word.length; i++) {
    if (word[i] === "[" && (depth > 0 || (i > 0 && /[A-Za-z0-9_]/.test(word[i - 1]!)))) {
      if (depth++ === 0) open = i;
    } else if (word[i] === "]" && depth > 0) depth--;
  }
  if (depth > 0) return { as: "subscript", where: `inside the subscript of ${/[A-Za-z0-9_]+$/.exec(word.slice(0, open))![0]}[…]` };
  if (!word.startsWith("[") || word.includes("]")) return undefined;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const compound = /(?:^|[\s;&|({])([A-Za-z_]\w*)\+?=\([^()]*$/.exec(unquoted(text.slice(lineStart, start)));
  return compound ? { as: "subscript", where: `inside the subscript of an element of ${compound[1]}=(…)` } : undefined;
}

/** How bash reads the word holding [from, to) again as a command reads it (evaluatedAt), the subscripts a word writes aside. */
function readAgainAt(text: string, from: number, to: number, quote: string): { as: "arithmetic" | "name"; where: string } | undefined {
  const { start, end } = wordAround(text, from, to, quote);
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const before = unquoted(text.slice(lineStart, start));
  const after = unquoted(text.slice(end, text.indexOf("\n", end) === -1 ? text.length : text.indexOf("\n", end)));
  // Inside [[ … ]], which && and || do not end: the operand of an arithmetic or a name test.
  const open = before.search(/(?:^|[\s;&|(!])\[\[(?=\s)(?!.*\s\]\](?:\s|$))/);
  if (open !== -1) {
    const prev = words(before.slice(open).replace(/^[^[]*\[\[/, "")).at(-1);
    const next = words(after.replace(/\s\]\][^]*$/, "")).at(0);
    if ((prev && ARITHMETIC_TEST.has(prev)) || (next && ARITHMETIC_TEST.has(next))) return { as: "arithmetic", where: `an operand of ${prev && ARITHMETIC_TEST.has(prev) ? prev : next} in [[ … ]]` };
    if (prev && NAME_TEST.has(prev)) return { as: "name", where: `the operand of ${prev} in [[ … ]]` };
    return undefined;
  }
  // A redirection's target (`read -r n <<< "${X}"`, `> "${F}"`) is no argument of the command.
  if (/(?:<<<|[<>])[ \t]*$/.test(before)) return undefined;
  let own = command(commandBefore(text, start).words);
  // `command unset …`, `builtin printf -v …`: the builtin after them reads its words as ever.
  while (own.length > 1 && (own[0] === "command" || own[0] === "builtin")) {
    const rest = own.slice(own[0] === "command" && own[1] === "-p" ? 2 : 1);
    if (rest.length === 0) break;
    own = rest;
  }
  // The word as bash sees it after quote removal, and the reference's place in it (`"a=(${X})"` is a=(…)).
  const word = text.slice(start, end).replace(/["']/g, "");
  const offset = text.slice(start, from).replace(/["']/g, "").length;
  if (own.length === 0) {
    // An assignment: its subscript is arithmetic (for an indexed array), and so is its value once the name is integer.
    const m = ASSIGNMENT.exec(word);
    if (m && m[2] !== undefined && offset < m[1]!.length + m[2].length) return { as: "arithmetic", where: `the subscript of ${m[1]}[…]` };
    if (m && offset >= m[0].length && INTEGER_DECLARED.test(text.slice(0, start))) return { as: "arithmetic", where: `the value assigned to ${m[1]}, after a declaration with -i` };
    return undefined;
  }
  const name = base(own[0]!);
  const prev = own.at(-1)!;
  if (name === "let") return { as: "arithmetic", where: "an argument of let" };
  if ((name === "test" || name === "[") && NAME_TEST.has(prev)) return { as: "name", where: `the operand of ${prev} in ${name}` };
  if (name === "printf" && prev === "-v") return { as: "name", where: "the name after printf -v" };
  const flags = own.slice(1).filter((w) => w.startsWith("-")).join("");
  // unset -f takes a function's name, no variable's.
  if (name === "unset" && !/f/.test(flags)) return { as: "name", where: "a name given to unset" };
  if (name === "wait" && /^-[A-Za-z]*p$/.test(prev)) return { as: "name", where: "the name after wait -p" };
  if (name === "getopts" && own.length === 2) return { as: "name", where: "the name given to getopts" };
  if ((name === "mapfile" || name === "readarray") && !MAPFILE_WITH_ARGUMENT.test(prev)) return { as: "name", where: `the array name given to ${name}` };
  if (NAME_TAKERS.has(name) && !(name === "read" && WITH_ARGUMENT.has(prev))) {
    const m = ASSIGNMENT.exec(word);
    if (!m || offset < m[1]!.length + (m[2]?.length ?? 0)) return { as: "name", where: `a name given to ${name}` };
    if (DECLARERS.has(name) && /i/.test(flags)) return { as: "arithmetic", where: `a value given to ${name} -i` };
    if (DECLARERS.has(name) && /n/.test(flags)) return { as: "name", where: `a value given to ${name} -n, the name it refers to` };
    if (DECLARERS.has(name) && /[aA]/.test(flags)) return { as: "name", where: `a value given to ${name} ${/A/.test(flags) ? "-A" : "-a"}, which bash parses as a list` };
  }
  return undefined;
}

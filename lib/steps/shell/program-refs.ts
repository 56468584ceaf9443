// Which ${NAME} references of a shell step's `run` stand where the program to run goes: a captured value there would choose the program (the loader refuses it: lib/loader/variables.ts).
import { findRefs } from "../../vars/interpolate.ts";
import { ansiC, ansiCEnd } from "../../vars/bash-quotes.ts";
import { gitAliasCommand, printsArguments, SHELL_COMMAND_RUNNERS, shellArguments, shellCommandElements, shellOptionArguments, SHELLS, shufEchoed, sshCommandSetting, SSH_WITH_ARGUMENT, tmuxCommands, watchExecProgram } from "../../vars/shells.ts";
import { interpreterProgramFiles, type ProgramFile } from "../../vars/interpreter-code.ts";
import { runsAsCodeWhy } from "../../vars/code-names.ts";
import { outputProgramReader, outputScriptReader, processSubstitutionReader, quotedProgramReader, quotedScriptReader, stdinProgramReader, stdinReader, throughCalls, type FilePrinter } from "../../vars/stdin-script.ts";
import { descriptorBefore, PLAIN_PROGRAM_PATH, SCRIPT_REF_SOURCE, splitUncertain, withPathValues, withValues, type PathValue } from "../../vars/descriptors.ts";

/** A reference: its name and the offset of its `${` in the text read. */
export interface ProgramRef {
  name: string;
  offset: number;
  /** In a script a shell reads from its input or a generated file, who reads it and how (`sh reads from its standard input`). */
  via?: string;
  /**
   * Not the program: the value is assigned to this variable, one a program reads as code (lib/vars/code-names.ts:
   * `BASH_ENV="${F}" bash -c …`, `export PATH="${DIR}:$PATH"`, `env GIT_SSH_COMMAND="${X}" git …`).
   */
  assigned?: string;
  /** What the place is when it is no program's name itself (a script file, a module, a file loaded first, ssh's host): Place. */
  place?: Place;
}

/**
 * A place where a value chooses the code that runs without naming the program: a file or module a program runs or loads
 * first (`bash FILE`, `python3 -m MODULE`, `node -r FILE`, `bash --rcfile FILE`, `bash < FILE`, `ssh -F FILE`), or an
 * operand the program reads as its option when the value begins with `-` (`ssh "${H}"`: `-oProxyCommand=…`).
 */
export type Place =
  | {
      kind: "file";
      /** After the reference: `is the script file bash runs`. */
      what: string;
      /** `script file`, `module`, `file`. */
      noun: string;
      /** A command that names one itself: `bash ./check.sh`, its last word the sample file. */
      named: string;
      /** Whether to say: pass the value as its argument. */
      argument: boolean;
      /** The value in `named` to compare with, when it is no `./` file. */
      sample?: string;
    }
  | { kind: "operand"; what: string; program: string };

/** A sample file of the kind `program` runs, for the messages (`./check.sh`, `./tool.py`). */
function sampleFile(program: string): string {
  if (SHELLS.has(program) || program === "source" || program === ".") return "./check.sh";
  if (/^(?:python|pypy)/.test(program)) return "./tool.py";
  if (/^(?:node|nodejs|bun|deno)$/.test(program)) return "./app.js";
  if (program.startsWith("ruby")) return "./app.rb";
  if (program.startsWith("perl")) return "./tool.pl";
  if (program.startsWith("php")) return "./app.php";
  if (program.startsWith("lua")) return "./app.lua";
  if (/awk$/.test(program)) return "./prog.awk";
  if (/sed$/.test(program)) return "./edit.sed";
  if (program === "psql" || program === "mysql" || program === "mariadb" || program.startsWith("sqlite")) return "./query.sql";
  if (program === "Rscript" || program === "R") return "./tool.R";
  return "./file";
}

/** The script file a shell runs (`bash FILE`), or the file `source` or `.` reads. */
function scriptFilePlace(program: string): Place {
  const what = program === "source" || program === "." ? `is the file ${program} reads and runs as a script` : `is the script file ${program} runs`;
  return { kind: "file", what, noun: "script file", named: `${program} ${sampleFile(program)}`, argument: true };
}

/** An interpreter's program file, module or a file it loads first (interpreterProgramFiles). */
function interpreterPlace(program: string, f: ProgramFile): Place {
  const sample = sampleFile(program);
  if (f.kind === "module") return { kind: "file", what: `is the module ${program} runs (${f.option})`, noun: "module", named: `${program} ${f.option} tool`, argument: true };
  if (f.kind === "script") {
    return f.option === ""
      ? { kind: "file", what: `is the script file ${program} runs`, noun: "script file", named: `${program} ${sample}`, argument: true }
      : { kind: "file", what: `is the program file ${program} runs (${f.option})`, noun: "program file", named: `${program} ${f.option} ${sample}`, argument: true };
  }
  if (f.option.startsWith("-d ")) {
    // php -d NAME=VALUE: a setting whose file or library runs, or one whose name the value makes.
    const setting = f.option.slice(3, -1);
    return setting === ""
      ? { kind: "file", what: "is the setting php takes from -d, which an answer could make auto_prepend_file=FILE (a file php runs first) or extension=LIB", noun: "setting", named: "php -d memory_limit=256M …", argument: false, sample: "memory_limit=256M" }
      : { kind: "file", what: `is the value of ${setting}, the setting php takes from -d (a file or library php runs, or where it finds them)`, noun: "file", named: `php -d ${setting}=./prepend.php …`, argument: false };
  }
  if (f.option.startsWith("--env-file")) return { kind: "file", what: `is the env file ${program} reads (${f.option}), whose NODE_OPTIONS=--require FILE loads and runs a file first`, noun: "env file", named: `${program} ${f.option}=./.env …`, argument: false };
  const attach = f.option.startsWith("--") ? "=" : " ";
  return { kind: "file", what: `is a file ${program} loads and runs before its program (${f.option})`, noun: "file", named: `${program} ${f.option}${attach}./setup${sample.slice(sample.lastIndexOf("."))} …`, argument: false };
}

/** One word of a simple command as bash reads it. */
interface Word {
  /** Its quotes and backslashes removed (a substitution, `${…}` and a reference kept as written). */
  text: string;
  /** For each character of `text`, its offset in the text read (-1 for none: a space eval joins its words with). */
  at: number[];
  /** Its characters as written, from its start: an assignment is `NAME=` written without quotes. */
  raw: string;
  /** Written with no quote, backslash or expansion: only such a word is a keyword. */
  plain: boolean;
  refs: ProgramRef[];
  /** Where it starts and ends in the text read (a word of that text's own). */
  from?: number;
  to?: number;
  /**
   * The command substitutions (`$(…)`, `` `…` ``) the shell reading the word expands, written outside single quotes: each
   * its start and end in `text`. What one prints becomes part of the word before a program reads it (eval's script).
   */
  expanded?: [number, number][];
}

/** `${NAME}`, `${NAME:-default}` and `$${` (bash's own `${…}`), as lib/vars/interpolate.ts reads them. */
const REF = new RegExp(SCRIPT_REF_SOURCE, "y");
const ASSIGNMENT = /^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=/;
/** Reserved words after which a command's program comes (`time -p` too); `coproc CMD` runs CMD. */
const BEFORE_PROGRAM = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "coproc"]);
/** Reserved words that end a compound command: what follows them is redirections. */
const CLOSING = new Set(["}", "fi", "done", "esac"]);
/** Where a redirection operator stands: its target is the next word. `<<<` before `<<`, `<<-` before `<<`. */
const REDIRECTION = /&>>?|<<<|<<-?|<>|>>|>\||[<>]&?/y;
const CONTROL = /;;&|;;|;&|&&|\|\||\|&|[;&|]/y;
/** find's actions that run the command after them (to `;` or `+`). */
const FIND_RUNS = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

/** How a program that runs the rest of its words reads its options, before the program it runs. */
interface Runner {
  /** Short options that take an argument (attached, `-n5`, or the next word). */
  short?: string;
  /** Long options that take an argument (`--user app`, or attached with `=`). */
  long?: readonly string[];
  /** Operands before the program (timeout's duration, chroot's directory, flock's file). */
  operands?: number;
  /** It takes NAME=value settings before the program (env, sudo). */
  settings?: true;
  /** It reads them after `--` too (GNU env: `env -i -- MODEL=x printenv MODEL`); sudo reads none there. */
  settingsAfterEnd?: true;
  /** Short options with which it runs no program (`command -v`, `sudo -l`). */
  none?: string;
  noneLong?: readonly string[];
}

/**
 * The programs that run the program their words name, as each reads its options (all stop at their first operand): a
 * value after them is the program only past their options, an option's argument and their own operands, so `sudo -u
 * "${U}" id`, `timeout "${T}" curl …` and `docker exec "${CID}" ls` (docker is none of them) take a captured value.
 */
const RUNNERS: Record<string, Runner> = {
  sudo: { short: "CDghpRrTtUu", long: ["--close-from", "--chdir", "--group", "--host", "--prompt", "--chroot", "--role", "--command-timeout", "--type", "--other-user", "--user"], settings: true, none: "eKlVv", noneLong: ["--edit", "--remove-timestamp", "--list", "--version", "--validate", "--help"] },
  doas: { short: "uC", none: "C" },
  env: { short: "uCSa", long: ["--unset", "--chdir", "--split-string", "--argv0"], settings: true, settingsAfterEnd: true },
  timeout: { short: "sk", long: ["--signal", "--kill-after"], operands: 1 },
  nice: { short: "n", long: ["--adjustment"] },
  nohup: {},
  exec: { short: "a" },
  command: { none: "vV" },
  builtin: {},
  time: { short: "fo", long: ["--format", "--output"] },
  stdbuf: { short: "ioe", long: ["--input", "--output", "--error"] },
  setsid: {},
  ionice: { short: "cnpPu", long: ["--class", "--classdata", "--pid", "--pgid", "--uid"] },
  chrt: { short: "TPD", long: ["--sched-runtime", "--sched-period", "--sched-deadline"], operands: 1 },
  taskset: { operands: 1, none: "p", noneLong: ["--pid"] },
  unbuffer: {},
  busybox: {},
  flock: { short: "wE", long: ["--timeout", "--wait", "--conflict-exit-code"], operands: 1 },
  chroot: { long: ["--userspec", "--groups"], operands: 1 },
  xargs: { short: "adEILnPs", long: ["--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"] },
  // Namespaces, privileges and tracers: each runs the program after its options as it is.
  unshare: { short: "SGRw", long: ["--setuid", "--setgid", "--root", "--wd", "--propagation", "--setgroups", "--map-user", "--map-group", "--map-users", "--map-groups", "--load-interp", "--monotonic", "--boottime"] },
  nsenter: { short: "tSG", long: ["--target", "--setuid", "--setgid"] },
  setpriv: {
    long: ["--reuid", "--regid", "--ruid", "--rgid", "--euid", "--egid", "--groups", "--inh-caps", "--ambient-caps", "--bounding-set", "--securebits", "--pdeathsig", "--selinux-label", "--apparmor-profile", "--landlock-access", "--landlock-rule", "--seccomp-filter"],
    none: "d", noneLong: ["--dump"],
  },
  // `runuser -u USER CMD…` (without -u, runuser's arguments go to the user's shell: SHELL_COMMAND_RUNNERS).
  runuser: { short: "ugGw", long: ["--user", "--group", "--supp-group", "--whitelist-environment"] },
  gosu: { operands: 1 },
  "su-exec": { operands: 1 },
  prlimit: { short: "p", long: ["--pid", "--output"] },
  strace: { short: "abeEIopPsSuUX", long: ["--output", "--user", "--env", "--trace", "--signal", "--status", "--string-limit", "--attach", "--trace-path", "--summary-sort-by", "--columns", "--abbrev", "--verbose", "--raw", "--read", "--write", "--fault", "--inject", "--kvm", "--argv0"] },
  ltrace: { short: "aADeFlnopsuwx", long: ["--output", "--library", "--align", "--indent"] },
  valgrind: {},
  "dbus-run-session": { long: ["--config-file", "--dbus-daemon"] },
  fakeroot: { short: "lsib", long: ["--lib", "--faked"] },
  // npx and bunx run the package's program (npx -c's script: a shell's, below).
  npx: { short: "pw", long: ["--package", "--cache", "--userconfig", "--registry", "--prefix", "--workspace"] },
  bunx: { short: "p", long: ["--package"] },
  // GNU parallel runs its command (through a shell) for each argument.
  parallel: {
    short: "ajdEILnNPSsC",
    long: ["--jobs", "--arg-file", "--delimiter", "--colsep", "--sshlogin", "--max-args", "--max-replace-args", "--load", "--results", "--joblog", "--tmpdir", "--workdir", "--timeout", "--retries", "--halt", "--delay", "--memfree", "--tagstring", "--env"],
  },
};

/** A part of a word from `from` on, as a word of its own. */
const wordFrom = (w: Word, from: number): Word => ({
  ...w,
  text: w.text.slice(from),
  at: w.at.slice(from),
  plain: false,
  expanded: w.expanded?.filter(([start]) => start >= from).map(([start, end]): [number, number] => [start - from, end - from]),
});

/** Words joined with spaces into one script (eval's, watch's, ssh's remote command), each character's offset kept. */
const joinedWords = (rest: readonly Word[]): Word => {
  const expanded: [number, number][] = [];
  let shift = 0;
  for (const x of rest) {
    for (const [start, end] of x.expanded ?? []) expanded.push([start + shift, end + shift]);
    shift += x.text.length + 1;
  }
  return { text: rest.map((x) => x.text).join(" "), at: rest.flatMap((x, k) => (k === 0 ? x.at : [-1, ...x.at])), raw: "", plain: false, refs: [], expanded };
};

/**
 * The scripts a program of SHELL_COMMAND_RUNNERS at `p` hands a shell (`su -c S`, `flock F -c S`, `sg G S`, `script -c
 * S`, `watch CMD…`, `ssh H CMD…`, ssh's `-o ProxyCommand=S`), as words; undefined when it hands none (`flock F CMD`,
 * `runuser -u U CMD`, `watch -x`): it may run its program itself.
 */
function shellCommands(words: readonly Word[], p: number, name: string): Word[] | undefined {
  const texts = words.map((x) => x.text);
  if (name === "runuser" && texts.slice(p + 1).some((t) => t === "-u" || t === "--user" || t.startsWith("--user=") || /^-[A-Za-z]*u/.test(t))) return undefined;
  const elements = shellCommandElements(texts, p);
  if (elements.length === 0) return undefined;
  // git -c alias.NAME=!CMD: the command starts after the `!`.
  if (name === "git") return elements.map((k) => wordFrom(words[k]!, gitAliasCommand(texts[k]!)));
  if (name !== "sg" && name !== "watch" && name !== "ssh") return elements.map((k) => words[k]!);
  const out: Word[] = [];
  const joined: Word[] = [];
  for (const k of elements) {
    const w = words[k]!;
    // ssh's command options are scripts of their own; its remote command is the rest joined.
    // The command starts after the option's name (`-oProxyCommand=`, `ProxyCommand `).
    const glued = w.text.startsWith("-o") ? 2 : 0;
    const option = name === "ssh" && (texts[k - 1] === "-o" || glued > 0) ? sshCommandSetting(w.text.slice(glued)) : undefined;
    if (option?.separated) out.push(wordFrom(w, glued + option.value));
    else joined.push(w);
  }
  if (joined.length > 0) out.push(joinedWords(joined));
  return out;
}

/** Where the program `bun run` or `bun x` runs is (`bun run ${X}`), past bun's options; undefined for none. */
function bunRuns(texts: readonly string[], p: number): number | undefined {
  let j = p + 1;
  while (j < texts.length && texts[j]!.startsWith("-")) j++;
  if (texts[j] !== "run" && texts[j] !== "x") return undefined;
  j++;
  while (j < texts.length && texts[j]!.startsWith("-")) j++;
  return j < texts.length ? j : undefined;
}

const base = (word: string) => word.slice(word.lastIndexOf("/") + 1);

/**
 * The index of the program `words[at]` (one of RUNNERS) runs, or undefined when it runs none: past its options (and
 * their arguments), its NAME=value settings (env's after `--` too) and its operands. `settings` gets the index of each NAME=value setting
 * (env's, sudo's): an option's own argument is none (`env -u NAME=x`), a word after an option that takes none is one
 * (`env -i BASH_ENV=…`, `sudo -E …`).
 */
function runAfter(runner: Runner, words: readonly string[], at: number, settings?: number[]): number | undefined {
  let j = at + 1;
  for (; j < words.length; j++) {
    const a = words[j]!;
    if (a === "--") {
      j++;
      // GNU env reads NAME=value settings after `--` still, then the program.
      if (runner.settingsAfterEnd) for (; j < words.length && ASSIGNMENT.test(words[j]!); j++) settings?.push(j);
      break;
    }
    if (a === "-") continue;
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (runner.noneLong?.includes(name)) return undefined;
      if (eq < 0 && runner.long?.includes(name)) j++;
      continue;
    }
    if (a.length > 1 && a.startsWith("-")) {
      const letters = a.slice(1);
      for (let k = 0; k < letters.length; k++) {
        const l = letters[k]!;
        if (runner.none?.includes(l)) return undefined;
        if (runner.short?.includes(l)) {
          if (k === letters.length - 1) j++;
          break;
        }
      }
      continue;
    }
    if (runner.settings && ASSIGNMENT.test(a)) {
      settings?.push(j);
      continue;
    }
    break;
  }
  j += runner.operands ?? 0;
  return j < words.length ? j : undefined;
}

/**
 * The text env's -S (--split-string) takes, from env's words at `p` on: the next word (`-S TEXT`, `-iS TEXT`,
 * `--split-string TEXT`) or the rest of the option's own (`-S"TEXT"`, `--split-string=TEXT`), as a word of its own;
 * undefined when env is given none (past its options, its settings and program).
 */
function splitString(words: readonly Word[], p: number): Word | undefined {
  const part = (w: Word, from: number): Word => ({ ...w, text: w.text.slice(from), at: w.at.slice(from), plain: false });
  for (let j = p + 1; j < words.length; j++) {
    const a = words[j]!.text;
    if (a === "--") return undefined;
    if (a === "--split-string") return words[j + 1];
    if (a.startsWith("--split-string=")) return part(words[j]!, "--split-string=".length);
    if (a.startsWith("--")) {
      if (!a.includes("=") && RUNNERS.env!.long!.includes(a)) j++;
      continue;
    }
    if (a.length > 1 && a.startsWith("-")) {
      for (let k = 1; k < a.length; k++) {
        if (a[k] === "S") return k === a.length - 1 ? words[j + 1] : part(words[j]!, k + 1);
        if ("uCa".includes(a[k]!)) {
          if (k === a.length - 1) j++;
          break;
        }
      }
      continue;
    }
    if (ASSIGNMENT.test(a)) continue;
    return undefined;
  }
  return undefined;
}

/** What a simple command's program is found for: its word's references, and a script another shell reads. */
interface Found {
  program(word: Word, place?: Place): void;
  /** `runner`: who runs it (`eval`, `bash -c`), for messages. */
  script(word: Word, runner?: string): void;
  /** An assignment word whose variable a program reads as code (the name). */
  assigned(word: Word, name: string): void;
}

/** The variable an assignment word sets when a program reads it as code (runsAsCodeWhy), or undefined. */
function codeAssignment(w: Word): string | undefined {
  const m = /^([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=/.exec(w.text);
  return m && w.refs.length > 0 && runsAsCodeWhy(m[1]!) !== undefined ? m[1] : undefined;
}

/**
 * How ssh, scp, sftp and rsync read their options: short ones that take an argument, long ones that take the next word
 * when written without `=` (rsync's), and whether options may follow operands (rsync's popt permutes; ssh reads its
 * options again right after the host; scp and sftp stop at the first operand).
 */
const REMOTE_SHELLS: Record<string, { short: string; long?: readonly string[]; permute?: true }> = {
  ssh: { short: SSH_WITH_ARGUMENT },
  scp: { short: "cDFiJloPSX" },
  sftp: { short: "bBcDFiJloPRsSX" },
  rsync: {
    short: "eBfTM@",
    long: [
      "--rsh", "--rsync-path", "--filter", "--exclude", "--include", "--exclude-from", "--include-from", "--files-from", "--temp-dir", "--compare-dest", "--copy-dest", "--link-dest",
      "--partial-dir", "--backup-dir", "--suffix", "--chmod", "--chown", "--usermap", "--groupmap", "--block-size", "--max-size", "--min-size", "--max-delete", "--timeout", "--contimeout",
      "--port", "--sockopts", "--log-file", "--log-file-format", "--out-format", "--password-file", "--bwlimit", "--remote-option", "--iconv", "--checksum-choice", "--compress-choice",
      "--compress-level", "--skip-compress", "--modify-window", "--info", "--debug", "--stop-after", "--stop-at", "--write-batch", "--only-write-batch", "--read-batch", "--protocol", "--address", "--outbuf", "--checksum-seed",
    ],
    permute: true,
  },
};

/** A config file ssh, scp or sftp reads (-F), whose ProxyCommand, LocalCommand and KnownHostsCommand run commands. */
const sshConfigPlace = (program: string): Place => ({ kind: "file", what: `is the config file ${program} reads (-F), whose ProxyCommand and LocalCommand run commands on this machine`, noun: "config file", named: `${program} -F ./ssh_config`, argument: false });

/** The whole argument of ssh's, scp's or sftp's -o, whose key (ProxyCommand, LocalCommand) a value there chooses. */
const sshOptionPlace = (program: string): Place => ({
  kind: "file",
  what: `begins the argument of ${program}'s -o, so the value chooses the option's key (ProxyCommand=CMD and LocalCommand=CMD run a command on this machine)`,
  noun: "option",
  named: `${program} -o ConnectTimeout=5 …`,
  argument: false,
  sample: "ConnectTimeout=5",
});

/**
 * Expansions bash may fill in with nothing: `$X`, `$1`, `"$@"`, `${X}` (not `${#X}`), `$(…)`, `` `…` ``, bash's own
 * `${…}` written `$${…}` in a scenario (`$${Z:+x}`, `$${PREFIX}`), and `$''` (an empty ANSI-C string).
 */
const MAY_BE_EMPTY = /^(?:\$(?:[A-Za-z_]\w*|\d|[@*]|\{(?!#)[^}]*\}|\$\{[^}]*\}|\([^)]*\)|'')|`[^`]*`)+$/;

/**
 * The references of `w` that begin the word as bash reads it: one at its start, or behind only expansions that may be
 * empty (`ssh $X${H}`, `"$1"${H}`, `${U}${H}`: with X unset the value comes first). Such an expansion counts only where
 * it is written as one (its word as written, double quotes and empty '' aside, starts with it): the list form's `$X`,
 * and an escaped or single-quoted one, are text. A scenario reference whose value is known at load (vars:, not a
 * capture: withPathValues) is read as that value: `${USER}@${H}` with USER `deploy` begins with USER's value, and H
 * begins nothing. Only these are the operand's first characters: a later reference behind text (`${USER}@${HOST}`) is
 * no option, whatever its value.
 */
function beginningRefs(w: Word): ProgramRef[] {
  return w.refs.filter((r) => {
    const k = w.at.indexOf(r.offset);
    if (k === 0) return true;
    if (k < 0 || w.from === undefined) return false;
    const prefix = w.text.slice(0, k);
    if (!MAY_BE_EMPTY.test(prefix) || !(w.raw.replace(/"/g, "").startsWith(prefix) || w.raw.replace(/''|"/g, "").startsWith(prefix))) return false;
    const known = withValues(prefix);
    return known === prefix || known === "" || known.startsWith("-") || MAY_BE_EMPTY.test(known);
  });
}

/** Whether a reference of `w` begins the word (beginningRefs). */
const refBegins = (w: Word): boolean => beginningRefs(w).length > 0;

/** The word with only its references that begin it (beginningRefs): those a value there makes an option. */
const beginning = (w: Word): Word => ({ ...w, refs: beginningRefs(w) });

/**
 * The places of ssh's, scp's, sftp's and rsync's words (at `p`) where a value chooses code: the config file (-F), sftp's
 * batch file (-b: its `!` lines run a shell), the program scp -S or sftp -S and -D run, the command line of -o
 * ProxyCommand (scp, sftp: ssh's is shellCommands's), an -o argument a value begins (its key the value's), rsync's -e (--rsh) and --rsync-path; and an operand that begins
 * with a value with no `--` before it (`ssh "${H}" true`, `scp "${F}" h:`, `rsync -a "${SRC}" h:`), which the program
 * reads as its options when the value begins with `-` (`-oProxyCommand=…`, `-e …`).
 */
function remoteShellPlaces(words: readonly Word[], p: number, name: string, found: Found): void {
  const table = REMOTE_SHELLS[name]!;
  const operand: Place = { kind: "operand", what: `begins ${name}'s ${name === "ssh" || name === "sftp" ? "host" : "operand"} with no -- before it`, program: name };
  /** What the argument of the short option `letter` is (written on the option, or the next word). */
  const argument = (letter: string, arg: Word) => {
    // A value that begins -o's argument chooses its key: `ProxyCommand=sh p.sh` runs a command on this machine.
    if (letter === "o" && name !== "rsync" && refBegins(arg)) found.program(beginning(arg), sshOptionPlace(name));
    else if (letter === "F") found.program(arg, sshConfigPlace(name));
    else if (letter === "b" && name === "sftp") found.program(arg, { kind: "file", what: "is the batch file sftp runs (-b), whose ! lines run a shell on this machine", noun: "batch file", named: "sftp -b ./batch", argument: false });
    else if ((letter === "S" || letter === "D") && name !== "ssh") found.program(arg);
    else if (letter === "e" && name === "rsync") found.script(arg);
    else if (letter === "o" && name !== "ssh" && name !== "rsync") {
      const option = sshCommandSetting(arg.text);
      if (option?.separated) found.script(wordFrom(arg, option.value));
    }
  };
  let operands = 0;
  let reparse = name === "ssh";
  for (let j = p + 1; j < words.length; j++) {
    const w = words[j]!;
    const a = w.text;
    if (a === "--") return;
    if (a.length > 1 && a.startsWith("-") && !refBegins(w)) {
      if (a.startsWith("--")) {
        const eq = a.indexOf("=");
        const long = eq < 0 ? a : a.slice(0, eq);
        const arg = eq < 0 ? words[j + 1] : wordFrom(w, eq + 1);
        if ((long === "--rsh" || long === "--rsync-path") && arg !== undefined) found.script(arg);
        if (eq < 0 && table.long?.includes(long)) j++;
        continue;
      }
      for (let k = 1; k < a.length; k++) {
        if (!table.short.includes(a[k]!)) continue;
        const arg = k + 1 < a.length ? wordFrom(w, k + 1) : words[++j];
        if (arg !== undefined) argument(a[k]!, arg);
        break;
      }
      continue;
    }
    // An operand: the program reads it as options when a value begins it with `-`.
    if (refBegins(w)) found.program(beginning(w), operand);
    operands++;
    if (table.permute) continue;
    // ssh reads its options again right after the host (none after `--`), to the remote command.
    if (reparse && operands === 1) {
      reparse = false;
      continue;
    }
    return;
  }
}

/** Builtins whose arguments are assignments (`export PATH=…`, `declare -x BASH_ENV=…`). */
const ASSIGNING = new Set(["export", "declare", "typeset", "local", "readonly"]);

/**
 * Where such a builtin is among a command's words from `k`: the word itself, or behind `command` (its -p, and `--`) and
 * `builtin`, which run it as it is (`command export BASH_ENV=…`); undefined for none (`command -v export` prints).
 */
function assigningAt(words: readonly Word[], k: number): number | undefined {
  for (let guard = 0; guard < 8 && k < words.length; guard++) {
    const t = words[k]!.text;
    if (words[k]!.refs.length > 0 || /[$`]/.test(t)) return undefined;
    if (ASSIGNING.has(t)) return k;
    if (t !== "command" && t !== "builtin") return undefined;
    k++;
    for (; k < words.length && words[k]!.text.length > 1 && words[k]!.text.startsWith("-"); k++) {
      if (words[k]!.text === "--") {
        k++;
        break;
      }
      if (t === "command" && /[vV]/.test(words[k]!.text)) return undefined;
    }
  }
  return undefined;
}

/**
 * From the program at `p` on: records its word, and what it runs in turn (sudo's program, find's -exec command, the
 * script of a shell's -c or of eval). A word with a reference is a program only the value names: nothing after it is known.
 */
function programsFrom(words: readonly Word[], p: number, found: Found): void {
  const texts = words.map((x) => x.text);
  for (let guard = 0; guard < 16; guard++) {
    const w = words[p];
    if (w === undefined) return;
    found.program(w);
    if (w.refs.length > 0 || w.text.includes("$") || w.text.includes("`")) {
      // A program only a value names (`$SHELL -c '…'`, `$(which bash) -c …`): given -c, a shell when the value names one.
      const script = shellArguments(texts, p).script;
      if (script !== undefined) found.script(words[script]!);
      return;
    }
    const name = base(w.text);
    if (name === "eval" && p + 1 < words.length) {
      // eval joins its words with spaces into one script.
      found.script(joinedWords(words.slice(p + 1)), "eval");
      return;
    }
    if (name === "source" || name === ".") {
      // The file `source` reads is a script this bash runs: a program the value picks.
      const file = words[p + 1]?.text === "--" ? words[p + 2] : words[p + 1];
      if (file !== undefined) found.program(file, scriptFilePlace(name));
      return;
    }
    if (name === "trap") {
      // trap's first argument (past `--`) is a script bash runs at the signal, as eval's words are; -p, -l print.
      const at = words[p + 1]?.text === "--" ? p + 2 : p + 1;
      const action = words[at];
      // bash expands a substitution outside single quotes into it first (`trap "echo $(cat FILE)" EXIT`): what it prints is code.
      if (action !== undefined && (at > p + 1 || !/^-[lp]+$/.test(action.text)) && at + 1 < words.length) found.script(action, "trap");
      return;
    }
    if (name === "env") {
      // env -S (--split-string) splits its text into the command line it runs: the program is that text's first word.
      const split = splitString(words, p);
      if (split !== undefined) {
        found.script(split);
        return;
      }
    }
    if (SHELLS.has(name)) {
      // Its startup file (`bash --rcfile FILE -i`, `--init-file`): a script it runs first.
      const shell = shellArguments(texts, p);
      for (const k of shell.startupFiles)
        found.program(words[k]!, { kind: "file", what: `is the startup file ${name} runs first (${texts[k - 1]})`, noun: "startup file", named: `${name} ${texts[k - 1]} ./rc.sh -i`, argument: false });
      if (shell.script !== undefined) found.script(words[shell.script]!, `${name} -c`);
      // Its script file (`bash FILE`): the file the value picks runs, as a program it named would.
      else if (shell.scriptFile !== undefined) found.program(words[shell.scriptFile]!, scriptFilePlace(name));
      return;
    }
    // An interpreter's program file or module (`perl FILE`, `python3 -m MODULE`, `awk -f FILE`), or a file it loads
    // first (`node -r FILE`, `php -c INI`): the same.
    const programFiles = interpreterProgramFiles(texts, p);
    const bunProgram = name === "bun" ? bunRuns(texts, p) : undefined;
    if (programFiles !== undefined && bunProgram === undefined) {
      for (const f of programFiles) found.program(words[f.index]!, interpreterPlace(name, f));
      return;
    }
    if (name === "bun") {
      if (bunProgram === undefined) return;
      p = bunProgram;
      continue;
    }
    if (name === "npx" || name === "bunx") {
      // npx -c (--call) hands its text to a shell.
      const call = texts.findIndex((t, k) => k > p && (t === "-c" || t === "--call"));
      const eq = texts.findIndex((t, k) => k > p && t.startsWith("--call="));
      if (call > 0 && call + 1 < words.length) {
        found.script(words[call + 1]!);
        return;
      }
      if (eq > 0) {
        found.script(wordFrom(words[eq]!, "--call=".length));
        return;
      }
    }
    if (name === "watch") {
      // watch -x (--exec) runs its first argument itself: a program, with the rest its arguments.
      const program = watchExecProgram(texts, p);
      if (program !== undefined) {
        p = program;
        continue;
      }
    }
    // The shell su and runuser start (-s, --shell): a program.
    for (const s of shellOptionArguments(texts, p)) found.program(s.from === 0 ? words[s.index]! : wordFrom(words[s.index]!, s.from));
    if (Object.hasOwn(REMOTE_SHELLS, name)) {
      remoteShellPlaces(words, p, name, found);
      if (name !== "ssh") return;
    }
    if (name === "tmux") {
      // The programs tmux runs itself (`tmux new-window PROGRAM ARG…`), and the shell commands it hands a shell.
      for (const k of tmuxCommands(texts, p).programs) programsFrom(words, k, found);
      for (const s of shellCommands(words, p, name) ?? []) found.script(s, name);
      return;
    }
    if (SHELL_COMMAND_RUNNERS.has(name)) {
      // su -c, runuser -c, flock F -c, sg, script -c, watch, ssh's command, git's alias: scripts a shell reads, into which
      // this bash expands a substitution outside single quotes first (`su -c "echo $(cat FILE)" user`, `ssh host "… $(cat FILE)"`).
      const scripts = shellCommands(words, p, name);
      if (scripts !== undefined) {
        for (const s of scripts) found.script(s, name === "sg" || name === "watch" || name === "ssh" || name === "git" ? name : `${name} -c`);
        return;
      }
    }
    if (name === "find") {
      for (let j = p + 1; j + 1 < words.length; j++) if (FIND_RUNS.has(words[j]!.text)) programsFrom(words, j + 1, found);
      return;
    }
    const runner = Object.hasOwn(RUNNERS, name) ? RUNNERS[name] : undefined;
    const settings: number[] = [];
    const next = runner && runAfter(runner, texts, p, settings);
    // env's and sudo's NAME=value settings are the environment of the program they run.
    for (const j of settings) {
      const set = codeAssignment(words[j]!);
      if (set !== undefined) found.assigned(words[j]!, set);
    }
    if (next === undefined) return;
    p = next;
  }
}

/**
 * A program that prints the lines of its files, unchanged or nearly (cat, and filters that pick or edit lines: `tail -n
 * +1 FILE`, `grep '' FILE`, `sed -n p FILE`, `awk 1 FILE`), whole in another order or some left out (`sort`, `uniq`,
 * `shuf`, `tac`), or decompressed or decoded (`zcat`, `gzip -dc`, `base64 -d`), as it reads its options: what it prints
 * of a file a shell reads as its script is the file's code. So is what one prints with a count or number in front of
 * each line (`uniq -c`, `nl`, `cat -n`, `grep -n`): bash runs the rest of the line after the number (`      1 x; touch
 * p` runs touch), and part of a line (`cut -c1-40`, `head -c`) can be a command too. One that prints the file
 * compressed or encoded (`gzip -c`, `base64`) is none. `short`, `long`: its options that take an argument;
 * `program`: those that give its program or pattern, without which its first operand is one (grep, sed, awk); `none`:
 * options with which it prints no line of its files, only a count, names or nothing (`grep -c`, `grep -l`, `sed -i`,
 * `sort -o FILE`, `sort -C`; a long one also as written with its value, `--check=quiet`); `needs`:
 * options it prints its files' text with only when one of each is given (gzip's -d and -c); `output`: the operand (from
 * 1) that is the file it writes, with which it prints nothing (`uniq IN OUT`); `prints`: what it does to the text first,
 * for messages (`decompresses`).
 */
interface LineFilter {
  short: string;
  long: readonly string[];
  program?: { short: string; long: readonly string[] };
  none?: { short: string; long: readonly string[] };
  needs?: readonly { short: string; long: readonly string[] }[];
  output?: number;
  prints?: "decompresses" | "decodes";
  /** It reads only its standard input: its operands are no files (tr's sets, tee's output files). */
  stdinOnly?: true;
  /** Its files are operands `if=FILE` (dd), and an operand `of=FILE` makes it write there, printing nothing. */
  ddOperands?: true;
}

const GREP: LineFilter = {
  short: "efmABCdD",
  long: ["--regexp", "--file", "--max-count", "--after-context", "--before-context", "--context", "--devices", "--directories", "--label", "--include", "--exclude", "--exclude-from", "--exclude-dir", "--binary-files", "--group-separator"],
  program: { short: "ef", long: ["--regexp", "--file"] },
  none: { short: "clLq", long: ["--count", "--files-with-matches", "--files-without-match", "--quiet", "--silent"] },
};
const AWK: LineFilter = { short: "fvFEilW", long: ["--file", "--assign", "--field-separator", "--exec", "--include", "--load"], program: { short: "fE", long: ["--file", "--exec"] } };
/** Decompressors' options: -d (decompress) and -c (to the standard output), which gzip, xz, bzip2 and zstd print with only together; -l, -t print no text. */
const DECOMPRESS = { short: "d", long: ["--decompress", "--uncompress"] };
const TO_STDOUT = { short: "c", long: ["--stdout", "--to-stdout"] };
const LIST_TEST = { short: "lt", long: ["--list", "--test"] };
const GZIP: LineFilter = { short: "S", long: ["--suffix"], none: LIST_TEST, prints: "decompresses" };
const XZ: LineFilter = {
  short: "FCTSM",
  long: ["--format", "--check", "--threads", "--suffix", "--memlimit", "--memory", "--memlimit-compress", "--memlimit-decompress", "--block-size", "--block-list", "--filters"],
  none: LIST_TEST,
  prints: "decompresses",
};
const BZIP2: LineFilter = { short: "", long: [], none: { short: "t", long: ["--test"] }, prints: "decompresses" };
/** zstd -o FILE writes the file. */
const ZSTD: LineFilter = { short: "D", long: [], none: { short: "ltzo", long: ["--list", "--test"] }, prints: "decompresses" };
const BASE64: LineFilter = { short: "w", long: ["--wrap"], needs: [{ short: "d", long: ["--decode"] }], prints: "decodes" };
const LINE_FILTERS: Record<string, LineFilter> = {
  cat: { short: "", long: [] },
  tac: { short: "s", long: ["--separator"] },
  head: { short: "nc", long: ["--lines", "--bytes"] },
  tail: { short: "ncs", long: ["--lines", "--bytes", "--pid", "--sleep-interval", "--max-unchanged-stats"] },
  cut: { short: "bcfd", long: ["--bytes", "--characters", "--fields", "--delimiter", "--output-delimiter"] },
  grep: GREP,
  egrep: GREP,
  fgrep: GREP,
  sed: { short: "efl", long: ["--expression", "--file", "--line-length"], program: { short: "ef", long: ["--expression", "--file"] }, none: { short: "i", long: ["--in-place"] } },
  awk: AWK,
  gawk: AWK,
  mawk: AWK,
  nawk: AWK,
  // Lines whole, in another order or some left out (sort -o FILE and shuf -o FILE write them to the file; uniq's second
  // operand is its output file; shuf -e and -i print their operands or numbers, no file).
  sort: {
    short: "kStT",
    long: ["--key", "--field-separator", "--buffer-size", "--temporary-directory", "--parallel", "--batch-size", "--files0-from", "--compress-program", "--random-source", "--sort"],
    // sort -c prints the first line out of order (on stderr: `sort -c FILE 2>&1 | sh` ran it); -C and --check=quiet print none.
    none: { short: "oC", long: ["--output", "--check=quiet", "--check=silent"] },
  },
  // uniq -c and nl put a count or number in front of each line: the rest of the line is still code (`      1 x; touch p`
  // runs `1 x`, then touch), as cat -n's, grep -n's and -b's is.
  uniq: { short: "fsw", long: ["--skip-fields", "--skip-chars", "--check-chars"], output: 2 },
  nl: {
    short: "bdfhilnsvw",
    long: ["--body-numbering", "--section-delimiter", "--footer-numbering", "--header-numbering", "--line-increment", "--join-blank-lines", "--number-format", "--number-separator", "--starting-line-number", "--number-width"],
  },
  shuf: { short: "n", long: ["--head-count", "--random-source"], none: { short: "eio", long: ["--echo", "--input-range", "--output"] } },
  // Decompressed or decoded: the file's text as it was written.
  zcat: GZIP,
  gzcat: GZIP,
  gzip: { ...GZIP, needs: [DECOMPRESS, TO_STDOUT] },
  gunzip: { ...GZIP, needs: [TO_STDOUT] },
  xzcat: XZ,
  lzcat: XZ,
  xz: { ...XZ, needs: [DECOMPRESS, TO_STDOUT] },
  unxz: { ...XZ, needs: [TO_STDOUT] },
  bzcat: BZIP2,
  bzip2: { ...BZIP2, needs: [DECOMPRESS, TO_STDOUT] },
  bunzip2: { ...BZIP2, needs: [TO_STDOUT] },
  zstdcat: ZSTD,
  zstd: { ...ZSTD, needs: [DECOMPRESS, { short: "c", long: ["--stdout"] }] },
  unzstd: { ...ZSTD, needs: [{ short: "c", long: ["--stdout"] }] },
  base64: BASE64,
  base32: BASE64,
  // Changed in a way the file's writer can undo (lines reversed, joined, cut into shorter ones, tabs and spaces swapped,
  // characters translated or deleted): the writer writes the code so that the change makes it (`tr -d '\r'`, `rev`).
  tr: { short: "", long: [], stdinOnly: true },
  tee: { short: "", long: [], stdinOnly: true },
  paste: { short: "d", long: ["--delimiters"] },
  rev: { short: "", long: [] },
  fold: { short: "w", long: ["--width"] },
  expand: { short: "t", long: ["--tabs"] },
  unexpand: { short: "t", long: ["--tabs"] },
  dd: { short: "", long: [], ddOperands: true },
  strings: { short: "nteTs", long: ["--bytes", "--radix", "--encoding", "--target", "--output-separator"] },
  pr: { short: "DhlNowW", long: ["--date-format", "--header", "--length", "--first-line-number", "--indent", "--width", "--page-width"] },
  // jq -R reads lines as strings, -r (-j, --raw-output0) prints strings raw: `jq -Rr .` prints the lines as they are.
  jq: {
    short: "fL",
    long: ["--from-file", "--indent"],
    program: { short: "f", long: ["--from-file"] },
    needs: [
      { short: "R", long: ["--raw-input"] },
      { short: "rj", long: ["--raw-output", "--join-output", "--raw-output0"] },
    ],
  },
};

/** The line filter a program's name is (an own entry of LINE_FILTERS: `constructor` is none), or undefined. */
const lineFilter = (name: string): LineFilter | undefined => (Object.hasOwn(LINE_FILTERS, name) ? LINE_FILTERS[name] : undefined);

/**
 * The file operands of a line filter (LINE_FILTERS) whose words start at `k`, each a word with a reference; [] for one
 * that reads its standard input; undefined when words[k] is no line filter, or its options make it print no line of
 * its files. A reference in an option's letters (not its argument) is taken for a file, as cat's `-${X}`.
 */
function filterFiles(words: readonly Word[], k: number, isFile = (w: Word) => w.refs.length > 0): Word[] | undefined {
  const w0 = words[k];
  const filter = w0 !== undefined && w0.refs.length === 0 && !/[$`]/.test(w0.text) ? lineFilter(base(w0.text)) : undefined;
  if (filter === undefined) return undefined;
  const files: Word[] = [];
  // Options may come after operands (GNU's order: `grep "${F}" -e x`): a first pass reads them, the second the operands.
  let programGiven = false;
  const needed = (filter.needs ?? []).map(() => false);
  for (const pass of ["options", "operands"] as const) {
    if (pass === "operands" && needed.includes(false)) return undefined;
    let options = true;
    let operands = 0;
    for (let j = k + 1; j < words.length; j++) {
      const w = words[j]!;
      const a = w.text;
      if (options && a === "--") {
        options = false;
        continue;
      }
      if (options && a.length > 1 && a.startsWith("-") && !refBegins(w)) {
        if (a.startsWith("--")) {
          const eq = a.indexOf("=");
          const long = eq < 0 ? a : a.slice(0, eq);
          if (filter.none?.long.includes(long) || filter.none?.long.includes(a)) return undefined;
          if (filter.program?.long.includes(long)) programGiven = true;
          filter.needs?.forEach((n, at) => (needed[at] ||= n.long.includes(long)));
          if (eq < 0 && filter.long.includes(long)) j++;
          continue;
        }
        // A cluster of letters; the first that takes an argument takes the rest of the word, or the next word.
        let argAt = a.length;
        for (let l = 1; l < a.length; l++) {
          if (filter.none?.short.includes(a[l]!)) return undefined;
          if (filter.program?.short.includes(a[l]!)) programGiven = true;
          filter.needs?.forEach((n, at) => (needed[at] ||= n.short.includes(a[l]!)));
          if (filter.short.includes(a[l]!)) {
            argAt = l + 1;
            if (argAt === a.length) j++;
            break;
          }
        }
        if (pass === "operands" && w.refs.some((r) => w.at.indexOf(r.offset) < argAt)) files.push(w);
        continue;
      }
      if (pass === "options") continue;
      if (filter.stdinOnly) continue;
      if (filter.ddOperands) {
        if (/^of=/.test(w.raw)) return undefined;
        if (/^if=/.test(w.raw) && isFile(w)) files.push(w);
        continue;
      }
      operands++;
      // grep's pattern, sed's script, awk's program: the first operand, unless an option gave it.
      if (filter.program !== undefined && !programGiven && operands === 1) continue;
      // awk's operands NAME=value are assignments.
      if (filter === AWK && /^[A-Za-z_]\w*=/.test(w.raw)) continue;
      if (isFile(w)) files.push(w);
    }
    if (pass === "operands" && filter.output !== undefined && operands >= filter.output) return undefined;
  }
  return files;
}

/** filterFiles for stdin-script.ts: whether the words print a file `isFile` names (`tail -n +1 /dev/fd/3`, after `exec 3< FILE`). */
const printsFile: FilePrinter = (cmd, isFile) => {
  // One that reads only its standard input (tr, tee) prints that: the callers ask by naming it last (`tr -d x /dev/stdin`).
  const program = cmd[0] === undefined ? "" : base(cmd[0]);
  if (lineFilter(program)?.stdinOnly) return cmd.length > 1 && /^\/(?:dev|proc)\//.test(cmd.at(-1)!) && isFile(cmd.at(-1)!);
  const words = cmd.map((t): Word => ({ text: t, at: [], raw: t, plain: true, refs: [] }));
  return (filterFiles(words, 0, (w) => isFile(w.text)) ?? []).length > 0;
};

/**
 * The index of the program `command` or `exec` at words[k] runs, past their `-p` and `--` (`command cat`, `exec -- cat`:
 * cat), or k for another word; a last word is the program whatever it is.
 */
function ranBy(words: readonly Word[], k: number): number {
  const is = (p: number, names: readonly string[]) => p + 1 < words.length && words[p]!.plain && names.includes(words[p]!.text);
  let p = k;
  while (is(p, ["command", "exec"])) {
    p++;
    while (is(p, ["-p", "--"])) p++;
  }
  return p;
}

/** Reads a bash script for the words that stand where a program goes. Rough by design, as lib/vars/code-readers.ts's reader. */
class ScriptReader {
  private pending: { delimiter: string; stripTabs: boolean; via?: string; expands: boolean }[] = [];
  /** The text with each backslash-newline as two spaces (one command, the same offsets), as the readers of stdin-script.ts take it. */
  private readonly joined: string;

  constructor(
    private readonly text: string,
    /** Offsets in the text the references are reported in, for each character of `text` (a word's, unquoted). */
    private readonly map: readonly number[] | undefined,
    private readonly out: Map<number, { name: string; via?: string; assigned?: string; place?: Place }>,
    private readonly depth: number,
    /** Who reads this text as a script from its input or a generated file, for messages. */
    private readonly via?: string,
    /** Who runs this text as its script (`eval`, `bash -c`), for messages; undefined for the step's own bash. */
    private readonly runner?: string,
  ) {
    this.joined = text.replace(/\\\n/g, "  ");
  }

  private pos(i: number): number {
    return this.map ? (this.map[i] ?? -1) : i;
  }

  private found: Found = {
    program: (w, place) => {
      for (const r of w.refs) if (r.offset >= 0) this.out.set(r.offset, { name: r.name, via: this.via, ...(place === undefined ? {} : { place }) });
    },
    script: (w, runner) => {
      // A script another shell reads (`sh -c '…'`, eval's words) holds commands of its own.
      this.read(w.text, w.at, this.via, runner ?? "the shell");
      if (runner !== undefined) this.expandedFiles(w, runner);
    },
    assigned: (w, name) => {
      for (const r of w.refs) if (r.offset >= 0 && !this.out.has(r.offset)) this.out.set(r.offset, { name: r.name, via: this.via, assigned: name });
    },
  };

  /** Reads `text` (offsets `at`) as a script of its own: another shell's, or one a shell reads from its input. */
  private read(text: string, at: readonly number[], via: string | undefined, runner?: string): void {
    if (this.depth < 4 && text.includes("${")) new ScriptReader(text, at, this.out, this.depth + 1, via, runner).list(0, "");
  }

  /**
   * A program word that is a command substitution printing files (`$(cat FILE)`, `$(< FILE)`, `` `cat FILE` ``): what
   * the files hold is the command that runs, and the whole script of eval's or `bash -c`'s (`eval "$(cat FILE)"`,
   * `bash -c "$(< FILE)"`). Each file with a reference is the file the script is read from (printedFiles).
   */
  private substitutedFiles(w: Word): void {
    const m = /^(?:\$\((?!\()([\s\S]*)\)|`([\s\S]*)`)$/.exec(w.text);
    if (m === null) return;
    const runner = this.runner ?? "bash";
    const printed = this.printedFiles(m[1] ?? m[2]!, w.at.slice(m[1] !== undefined ? 2 : 1), m[1] === undefined);
    for (const { file, form } of printed ?? []) this.found.program(file, this.scriptFilePlace(runner, `is the file ${runner} reads its script from (${form})`));
  }

  /**
   * The command substitutions this script's shell expands in the words of eval or the -c script it hands a shell
   * (Word's `expanded`: outside single quotes), wherever they stand there (`eval "x=$(cat FILE)"`, `bash -c "grep x
   * $(cat FILE)"`): what one prints is parsed as part of that script, so a file it prints whole (printedFiles) is code.
   * One eval or the inner shell runs itself (`eval 'x=$(cat FILE)'`) prints data. A reference found already (the
   * substitution that is the whole script: substitutedFiles) keeps its message.
   */
  private expandedFiles(w: Word, runner: string): void {
    const shell = this.runner ?? "bash";
    for (const { file, form } of this.substitutionsPrinting(w.text, w.at, w.expanded ?? []))
      this.placeUnfound(file, this.scriptFilePlace(runner, `is the file ${runner} reads part of its script from (${form}, which ${shell} expands before ${runner} reads it)`));
  }

  /** The files with a reference each command substitution at `ranges` (start and end in `text`, offsets `at`) prints whole (printedFiles), in order. */
  private substitutionsPrinting(text: string, at: readonly number[], ranges: readonly [number, number][]): { file: Word; form: string }[] {
    return ranges.flatMap(([start, end]) => {
      const backtick = text[start] === "`";
      const from = start + (backtick ? 1 : 2);
      return this.printedFiles(text.slice(from, end - 1), at.slice(from, end - 1), backtick) ?? [];
    });
  }

  /** `place` for the file's references not found already (one found keeps its message). */
  private placeUnfound(file: Word, place: Place): void {
    for (const r of file.refs) if (r.offset >= 0 && !this.out.has(r.offset)) this.out.set(r.offset, { name: r.name, via: this.via, place });
  }

  /** The place of a file whose text `runner` (`eval`, `bash -c`) reads as its script: name one yourself (`bash ./check.sh`, `source ./check.sh`). */
  private scriptFilePlace(runner: string, what: string): Place {
    const shell = runner.split(" ")[0]!;
    return { kind: "file", what, noun: "file", named: SHELLS.has(shell) ? `${shell} ./check.sh` : "source ./check.sh", argument: true };
  }

  /**
   * The files with a reference whose text the command substitution `inner` (offsets `at`; `backtick`: written with
   * backticks) prints whole, each with the substitution as written for messages (`$(cat FILE | grep …)`): a lone `<`, or
   * a pipe of line filters (LINE_FILTERS: `$(cat FILE | grep x)`, `$(grep -v '^#' FILE)`). Undefined for one that prints
   * something else, which is data (`$(cat FILE | wc -l)`, `$(grep -c x FILE)`).
   */
  private printedFiles(inner: string, at: readonly number[], backtick: boolean): { file: Word; form: string }[] | undefined {
    if (this.depth >= 4 || !inner.includes("${")) return undefined;
    const reader = new ScriptReader(inner, at, new Map(), this.depth + 1, this.via);
    // The pipe's commands, each its words.
    const commands: Word[][] = [[]];
    let redirect = false;
    /** The first command's standard input, a file (`$(uniq -c < FILE)`): the word after its `<`. */
    let stdin: Word | undefined;
    let stdinNext = false;
    for (let i = 0; i < inner.length; ) {
      const c = inner[i]!;
      if (" \t\r\n".includes(c)) {
        i++;
        continue;
      }
      if (c === "<" && !redirect && commands.length === 1 && commands[0]!.length === 0 && !"<(&>".includes(inner[i + 1] ?? "")) {
        redirect = true;
        i++;
        continue;
      }
      if (c === "<" && !redirect && !stdinNext && stdin === undefined && commands.length === 1 && commands[0]!.length > 0 && !"<(&>".includes(inner[i + 1] ?? "")) {
        // `0< FILE` is the same; another descriptor's (`3< FILE`) is not read here.
        const glued = /\d$/.test(inner.slice(0, i)) && !/\s/.test(inner[i - 1] ?? " ");
        if (glued && commands[0]!.at(-1)!.text !== "0") return undefined;
        if (glued) commands[0]!.pop();
        stdinNext = true;
        i++;
        continue;
      }
      if (c === "|" && !"|&".includes(inner[i + 1] ?? "") && commands.at(-1)!.length > 0) {
        commands.push([]);
        i++;
        continue;
      }
      if (";&|<>()#".includes(c)) return undefined;
      const { word, next } = reader.word(i);
      if (next <= i) return undefined;
      if (stdinNext) {
        stdin = word;
        stdinNext = false;
      } else commands.at(-1)!.push(word);
      i = next;
    }
    if (stdinNext) return undefined;
    // `$(< FILE)` prints the file only alone (`$(< FILE | grep x)` prints nothing).
    if (redirect && (commands.length > 1 || commands[0]!.length !== 1)) return undefined;
    // `command cat`, `exec cat` run cat (`command -p`, `--`); `\cat` is cat (no alias), as `"cat"` is.
    for (const words of commands) words.splice(0, ranBy(words, 0));
    // A filter with no file of its own reads its standard input's (`$(cat < FILE)`, `$(uniq -c < FILE | sh …)`).
    const own = (words: Word[]) => (stdin !== undefined && words === commands[0] && filterFiles(words, 0, () => true)?.length === 0 ? [stdin] : filterFiles(words, 0));
    const named = (w: Word | undefined) => w !== undefined && w.refs.length === 0 && !/[$`]/.test(w.raw);
    const filesOf = commands.map((words) => (redirect ? words : named(words[0]) ? own(words) : undefined));
    if (filesOf.some((f) => f === undefined)) return undefined;
    const shown = (j: number) => {
      const name = redirect ? "<" : base(commands[j]![0]!.text);
      return name === "<" || name === "cat" ? `${name} FILE` : `${name} … FILE`;
    };
    const out: { file: Word; form: string }[] = [];
    filesOf.forEach((files, j) => {
      const pipe = commands.map((words, l) => (l === j ? shown(l) : `${base(words[0]!.text)} …`)).join(" | ");
      const form = backtick ? `\`${pipe}\`` : `$(${pipe})`;
      for (const file of files!) if (file.refs.length > 0) out.push({ file, form });
    });
    return out;
  }

  /**
   * Who reads the text at [from, to) (a word a printer prints, a here-string) as a script, and how: a shell reading it
   * from its standard input or another descriptor (`echo '…' | sh`, `sh <<< '…'`, `bash -c '. /dev/fd/3' 3<<< '…'`), or
   * one that runs a process substitution's output (`bash <(echo '…')`, `bash --rcfile <(…)`, `BASH_ENV=<(…) bash`, `. <(…)`).
   * xargs's shells are left out: where the input lands in the script its own words say.
   */
  private fedTo(from: number, to: number, descriptor = ""): string | undefined {
    const reader = quotedScriptReader(this.joined, from, to);
    if (reader !== undefined) return reader.startsWith("xargs ") ? undefined : readsFrom(reader, `reads from ${descriptor || "its standard input"}`);
    const substituted = processSubstitutionReader(this.joined, from, from);
    return substituted && "shell" in substituted ? readsFrom(substituted.shell, substituted.via) : undefined;
  }

  /** A printer's words (`echo`, `printf`, `shuf -e`) that a shell reads as its script: what it prints is read as one. */
  private printed(words: readonly Word[], k: number): void {
    const name = base(words[k]!.text);
    const args = words.slice(k + 1);
    if (this.depth >= 4) return;
    const out = name === "echo" ? echoed(args) : name === "printf" ? printfed(args) : shuffed(words, k);
    if (out === undefined) return;
    this.printedSubstitutions(name, args);
    const word = args.find((w) => w.refs.length > 0 && w.from !== undefined);
    if (word === undefined) return;
    const via = this.fedTo(word.from!, word.to!);
    if (via !== undefined) this.read(out.text, out.at, via);
  }

  /**
   * The command substitutions a printer's words hold, outside single quotes (`echo "$(cat FILE)" | bash`, `printf '%s\n'
   * "$(< FILE)" | sh`, `shuf -e "$(cat FILE)" | bash`): this bash expands them into what the printer prints, so a file
   * one prints whole (printedFiles) is the text of the script a shell (or an interpreter) down the pipe reads.
   */
  private printedSubstitutions(printer: string, args: readonly Word[]): void {
    for (const w of args) {
      if (w.from === undefined || w.to === undefined || (w.expanded ?? []).length === 0) continue;
      const shell = quotedScriptReader(this.joined, w.from, w.to);
      const reader = shell ?? quotedProgramReader(this.joined, w.from, w.to);
      if (reader === undefined || reader.startsWith("xargs ") || reader.endsWith(" (from xargs)")) continue;
      const label = splitUncertain(reader).label.replace(/ \(from .*\)$/, "");
      const program = label.split(" ")[0]!;
      for (const { file, form } of this.substitutionsPrinting(w.text, w.at, w.expanded!)) {
        const what = `is the file whose text ${printer} prints into the ${shell !== undefined ? "script" : "program"} ${label} reads (${form})`;
        this.found.program(file, { kind: "file", what, noun: "file", named: `${program} ${sampleFile(program)}`, argument: true });
      }
    }
  }

  private command(words: Word[]): void {
    let k = 0;
    while (k < words.length) {
      const w = words[k]!;
      if (w.plain && BEFORE_PROGRAM.has(w.text)) {
        k++;
        if (w.text === "time" && words[k]?.text === "-p") k++;
      } else if (ASSIGNMENT.test(w.raw)) {
        const set = codeAssignment(w);
        if (set !== undefined) this.found.assigned(w, set);
        k++;
      } else break;
    }
    const first = words[k];
    if (first === undefined || (first.plain && CLOSING.has(first.text))) return;
    const assigning = assigningAt(words, k);
    if (assigning !== undefined)
      for (const w of words.slice(assigning + 1)) {
        const set = codeAssignment(w);
        if (set !== undefined) this.found.assigned(w, set);
      }
    programsFrom(words, k, this.found);
    this.substitutedFiles(first);
    if (first.plain && this.defined().has(first.text)) this.calledWith(words.slice(k + 1));
    // `command cat`, `exec cat` (`-p`, `--`) run cat: what it prints is the same (`command cat "${F}" | bash`).
    const p = ranBy(words, k);
    const printer = words[p]!;
    if (printer.plain && printsArguments(words.slice(p).map((w) => w.text))) this.printed(words, p);
    const files = filterFiles(words, p);
    if (files !== undefined) this.catted(files, base(printer.text));
  }

  /**
   * cat's files (`cat FILE | sh`, `cat FILE | python3`, `bash <(cat FILE)`), and a line filter's (`tail -n +1 FILE | sh`,
   * `grep -v '^#' FILE | bash`): a file whose text a shell reads as its script, or an interpreter as its program, is the
   * code that runs.
   */
  private catted(files: readonly Word[], filter: string): void {
    for (const w of files) {
      if (w.from === undefined || w.to === undefined) continue;
      const shell = outputScriptReader(this.joined, w.from, w.to);
      const program = shell === undefined ? outputProgramReader(this.joined, w.from, w.to) : undefined;
      const substituted = shell === undefined && program === undefined ? processSubstitutionReader(this.joined, w.from) : undefined;
      const reader = shell ?? program ?? (substituted === undefined ? undefined : "shell" in substituted ? substituted.shell : substituted.program);
      if (reader === undefined || reader.startsWith("xargs ")) continue;
      const label = splitUncertain(reader).label.replace(/ \(from .*\)$/, "");
      const as = shell !== undefined || (substituted !== undefined && "shell" in substituted) ? "script" : "program";
      const prints = lineFilter(filter)?.prints;
      const hands = filter === "cat" ? "the file cat hands" : prints !== undefined ? `the file whose text ${filter} ${prints} and hands` : `the file whose lines ${filter} hands`;
      this.found.program(w, { kind: "file", what: `is ${hands} ${label} as its ${as}`, noun: "file", named: `${label.split(" ")[0]} ${sampleFile(label.split(" ")[0]!)}`, argument: true });
    }
  }

  /**
   * The file a redirection at [from, to) (`< FILE`, `3< FILE`) gives a shell as its script (`bash < FILE`, `sh -s < FILE`,
   * `. /dev/stdin < FILE`, `cat < FILE | sh`), or an interpreter as its program (`python3 < FILE`): its place, or undefined.
   */
  private redirectedFile(from: number, to: number, descriptor: string): Place | undefined {
    const shell = stdinReader(this.joined, from, to, undefined, printsFile);
    const reader = shell ?? stdinProgramReader(this.joined, from, to, printsFile);
    if (reader === undefined) return descriptor === "" ? this.substitutedRedirection(from, to) : undefined;
    if (reader.startsWith("xargs ")) return undefined;
    const label = splitUncertain(reader).label.replace(/ \(from .*\)$/, "");
    const program = label.split(" ")[0]!;
    // `exec 3< FILE` opens it for a later command (`exec 3< FILE; bash /dev/fd/3`).
    const exec = /(?:^|[\s;&|(){])exec[ \t]+$/.test(this.joined.slice(0, from - descriptor.length));
    const operator = `${exec ? "exec " : ""}${descriptor}<`;
    // `. /dev/stdin < FILE` is `. FILE`, as eval of what prints it (`eval "$(cat <&3)"`) is; ssh's remote shell reads what ssh is given.
    const named =
      program === "eval" ? "source ./check.sh" : program === "." || program === "source" || exec ? `${program} ${sampleFile(program)}` : label.endsWith(" (in ssh)") ? `ssh host ${operator} ${sampleFile("sh")}` : `${program} ${operator} ${sampleFile(program)}`;
    const what = shell !== undefined ? "script" : /^(?:psql|mysql|mariadb|sqlite3?)$/.test(program) ? "SQL" : "program";
    return { kind: "file", what: `is the file ${label} reads its ${what} from (${operator} FILE)`, noun: "file", named, argument: false };
  }

  /**
   * The arguments of a call of a function the script defines, read in its body where they land (throughCalls): a body
   * that runs them as a command (`retry() { until "$@"; do …; done; }; retry "${C}"`, `f() { "$1" -v; }`) puts the
   * call's word where the program goes, so its references are found there as the program's (`retry curl -s "${URL}"`
   * keeps the value an argument).
   */
  private definedNames: Set<string> | undefined;

  /** The names the text may define as functions or aliases (`f()`, `function f`, `alias f=`): only a call of one is followed. */
  private defined(): Set<string> {
    this.definedNames ??= new Set([...this.joined.matchAll(/(?:^|[\s;&|(){])(?:function[ \t]+([^\s;&|()<>]+)|alias[ \t]+([^\s=;&|()<>]+)=|([^\s;&|()<>{}$`'"]+)[ \t]*\(\s*\))/g)].map((m) => (m[1] ?? m[2] ?? m[3])!));
    return this.definedNames;
  }

  private calledWith(args: readonly Word[]): void {
    if (this.depth >= 4 || !this.joined.includes("(")) return;
    for (const w of args) {
      if (w.refs.length === 0 || w.from === undefined || w.to === undefined) continue;
      for (const landing of throughCalls(this.joined, w.from)) {
        if (landing.word + (w.to - w.from) !== landing.wordEnd) continue;
        // Only the body is read again: the script before the call, and after the word, is this text's own (read here).
        let start = 0;
        while (start < w.from && landing.text[start] === this.joined[start]) start++;
        const rest = this.joined.length - w.to;
        const end = landing.text.slice(landing.text.length - rest) === this.joined.slice(w.to) ? landing.text.length - rest : landing.text.length;
        const found = new Map<number, { name: string; via?: string; assigned?: string; place?: Place }>();
        new ScriptReader(landing.text.slice(0, end), undefined, found, this.depth + 1, this.via, this.runner).list(start, "");
        for (const [offset, ref] of found) {
          if (offset < landing.word || offset >= landing.wordEnd) continue;
          const at = this.pos(w.from + offset - landing.word);
          if (at >= 0 && !this.out.has(at)) this.out.set(at, { ...ref, via: this.via });
        }
      }
    }
  }

  /**
   * A lone `< FILE` that is the whole command of a process substitution (`. <(< FILE)`, `bash <(< FILE)`): bash prints
   * the file there, as cat would. The file a shell or interpreter reads its script from, when one runs what it prints.
   */
  private substitutedRedirection(from: number, to: number): Place | undefined {
    if (!/<\([ \t]*$/.test(this.joined.slice(0, from)) || !/^[ \t]*\)/.test(this.joined.slice(to))) return undefined;
    const substituted = processSubstitutionReader(this.joined, from);
    if (substituted === undefined) return undefined;
    const reader = "shell" in substituted ? substituted.shell : substituted.program;
    if (reader.startsWith("xargs ")) return undefined;
    const label = splitUncertain(reader).label.replace(/ \(from .*\)$/, "");
    const program = label.split(" ")[0]!;
    const what = "shell" in substituted ? "script" : "program";
    return { kind: "file", what: `is the file ${label} reads its ${what} from (<(< FILE))`, noun: "file", named: `${program} ${sampleFile(program)}`, argument: true };
  }

  /**
   * Reads a list of commands from `i` to `closer` (`)` of `$(`, `<(`; "" for the end): returns the index after the closer.
   * A backtick substitution's commands are read from its text of their own (substitutionEnd).
   */
  list(i: number, closer: ")" | ""): number {
    const text = this.text;
    let words: Word[] = [];
    let parens = 0;
    let cases = 0;
    let pattern = false;
    let test = false;
    let target: string | undefined;
    /** Where the operator of the redirection whose target comes next starts (a descriptor's number stands just before it). */
    let targetAt = 0;
    const end = () => {
      if (words.length > 0) this.command(words);
      words = [];
    };
    while (i < text.length) {
      const c = text[i]!;
      if (c === "\\" && text[i + 1] === "\n") {
        i += 2;
        continue;
      }
      if (c === " " || c === "\t" || c === "\r") {
        i++;
        continue;
      }
      if (c === "#") {
        while (i < text.length && text[i] !== "\n") i++;
        continue;
      }
      if (c === "\n") {
        if (!test && !pattern) end();
        i = this.heredocBodies(i + 1);
        continue;
      }
      if (pattern) {
        // A case's patterns, to the `)` that ends them; `esac` ends the case.
        if (c === ")") pattern = false;
        if (c === ")" || c === "(" || c === "|") {
          i++;
          continue;
        }
        const { word, next } = this.word(i);
        i = next;
        if (word.plain && word.text === "esac") {
          cases--;
          pattern = false;
        }
        continue;
      }
      if (test) {
        // `[[ … ]]`: its operands and operators (&&, ||, <, parentheses) to `]]`.
        if (";&|()<>".includes(c)) {
          i++;
          continue;
        }
        const { word, next } = this.word(i);
        i = next;
        if (word.plain && word.text === "]]") test = false;
        continue;
      }
      if ((c === "<" || c === ">") && text[i + 1] === "(") {
        // A process substitution: a command list, its result an argument (or a redirection's target: `sh < <(…)`).
        i = this.list(i + 2, ")");
        if (target !== undefined) target = undefined;
        else words.push({ text: "/dev/fd/63", at: [], raw: "/dev/fd/63", plain: false, refs: [] });
        continue;
      }
      REDIRECTION.lastIndex = i;
      const redirection = c === "<" || c === ">" || (c === "&" && text[i + 1] === ">") ? REDIRECTION.exec(text) : null;
      if (redirection) {
        target = redirection[0];
        targetAt = i;
        i += redirection[0].length;
        continue;
      }
      if (c === "(") {
        if (text[i + 1] === "(" && (words.length === 0 || (words.length === 1 && words[0]!.plain && words[0]!.text === "for"))) {
          // `(( … ))`, `for (( … ))`: arithmetic.
          i = parenEnd(text, i);
          words = [];
          continue;
        }
        end();
        parens++;
        i++;
        continue;
      }
      if (c === ")") {
        if (parens === 0 && closer === ")") {
          end();
          return i + 1;
        }
        end();
        parens = Math.max(0, parens - 1);
        i++;
        continue;
      }
      CONTROL.lastIndex = i;
      const control = CONTROL.exec(text);
      if (control) {
        end();
        i += control[0].length;
        // `;;`, `;&`, `;;&` end a case's branch: its next patterns follow.
        if (cases > 0 && (control[0] === ";;" || control[0] === ";&" || control[0] === ";;&")) pattern = true;
        continue;
      }
      const { word, next } = this.word(i);
      i = next;
      if (target !== undefined) {
        // A redirection's target; a heredoc's delimiter, whose body starts at the next line. A shell may read either as
        // its script (`sh <<< '…'`, `bash <<EOF`, `cat <<EOF | sh`, `sh /dev/fd/3 3<<< '…'`).
        const fd = descriptorBefore(text, targetAt)?.fd;
        // `3`, or a name in braces for a descriptor bash numbers (`{fd}`).
        const written = fd === undefined || fd === "0" ? "" : fd;
        const descriptor = written === "" ? "" : `descriptor ${written}`;
        if (target === "<<" || target === "<<-") {
          const reader = word.text === "" ? undefined : stdinReader(this.joined, targetAt, i);
          const via = reader === undefined || reader.startsWith("xargs ") ? undefined : readsFrom(reader, `reads from ${descriptor ? `a heredoc on ${descriptor}` : "a heredoc"}`);
          this.pending.push({ delimiter: word.text, stripTabs: target === "<<-", via, expands: !/['"\\]/.test(word.raw) });
        } else if (target === "<<<" && (word.refs.length > 0 || (word.expanded ?? []).length > 0) && this.depth < 4) {
          const via = this.fedTo(word.from!, word.to!, descriptor);
          if (via !== undefined) {
            this.read(word.text, word.at, via);
            this.fedSubstitutions(word.text, word.at, word.expanded ?? [], via, "a here-string");
          }
        } else if ((target === "<" || target === "<>") && word.refs.length > 0) {
          // A file a shell reads its script from (`bash < FILE`): the code that runs.
          const place = this.redirectedFile(targetAt, i, written);
          if (place !== undefined) this.found.program(word, place);
        }
        target = undefined;
        continue;
      }
      // A descriptor's number before its redirection (`2>`), not a word ending in digits (`a3<<<`).
      if ((text[i] === "<" || text[i] === ">") && descriptorBefore(text, i)?.start === word.from) continue;
      if (words.length === 0 && word.plain && word.text === "[[") {
        test = true;
        continue;
      }
      if (words.length === 0 && word.plain && word.text === "esac" && cases > 0) {
        cases--;
        continue;
      }
      words.push(word);
      if (words.length === 3 && words[0]!.plain && words[0]!.text === "case" && words[2]!.plain && words[2]!.text === "in") {
        // `case WORD in`: the patterns follow.
        words = [];
        cases++;
        pattern = true;
      } else if (words.length === 2 && words[0]!.plain && words[0]!.text === "function") words = [];
    }
    end();
    return i;
  }

  /** Skips the bodies of the heredocs whose operators the line before `i` held, to the line after the last delimiter. */
  private heredocBodies(i: number): number {
    const text = this.text;
    while (this.pending.length > 0) {
      const { delimiter, stripTabs, via, expands } = this.pending.shift()!;
      const start = i;
      let end = i;
      while (i < text.length) {
        const nl = text.indexOf("\n", i);
        const line = text.slice(i, nl < 0 ? text.length : nl);
        end = i;
        i = nl < 0 ? text.length : nl + 1;
        if ((stripTabs ? line.replace(/^\t+/, "") : line) === delimiter) break;
        end = i;
      }
      // A body a shell reads as its script (`bash <<EOF`, `cat <<EOF | sh`) holds commands of its own.
      if (via !== undefined) {
        const body = text.slice(start, end);
        const at = Array.from({ length: end - start }, (_, k) => this.pos(start + k));
        this.read(body, at, via);
        // An unquoted delimiter: this bash expands the body's substitutions before the shell reads it.
        if (expands) this.fedSubstitutions(body, at, substitutionsIn(body), via, "a heredoc");
      }
    }
    return i;
  }

  /**
   * The command substitutions this bash expands in a here-string or an unquoted heredoc's body (`text`, offsets `at`;
   * `ranges`: each one's start and end there) that a shell reads as its script (`via`: who, and how): a file one prints
   * whole (printedFiles) is the text of that script, wherever it stands (`bash <<< "echo $(cat FILE)"` runs the file's
   * `x; touch …`). A reference found already keeps its message.
   */
  private fedSubstitutions(text: string, at: readonly number[], ranges: readonly [number, number][], via: string, fed: string): void {
    const program = via.split(" ")[0]!;
    for (const { file, form } of this.substitutionsPrinting(text, at, ranges))
      this.placeUnfound(file, { kind: "file", what: `is the file whose text bash expands into ${fed} (${form}), the script ${via}`, noun: "file", named: `${program} ${sampleFile(program)}`, argument: true });
  }

  /** The word at `i` (to a blank or an operator outside quotes), and the index after it. */
  private word(i: number): { word: Word; next: number } {
    const text = this.text;
    const start = i;
    const w: Word = { text: "", at: [], raw: "", plain: true, refs: [], from: start };
    const put = (from: number, to: number) => {
      for (let k = from; k < to; k++) {
        w.text += text[k];
        w.at.push(this.pos(k));
      }
    };
    /** Text kept as written (single quotes, a substitution): the references in it are the word's too. */
    const kept = (from: number, to: number) => {
      this.refsIn(from, to, w);
      put(from, to);
    };
    while (i < text.length) {
      const c = text[i]!;
      if (" \t\r\n;&|<>)".includes(c)) break;
      if (c === "(") {
        // `NAME=(…)`: an array's elements.
        if (!ASSIGNMENT.test(text.slice(start, i)) || !text.slice(start, i).endsWith("=")) break;
        const close = parenEnd(text, i);
        put(i, close);
        i = close;
        w.plain = false;
        continue;
      }
      REF.lastIndex = i;
      const m = REF.exec(text);
      if (m) {
        w.plain = false;
        const close = m[0] === "$${" ? braceEnd(text, i + 3) : i + m[0].length;
        if (m[0] !== "$${") w.refs.push({ name: m[1]!, offset: this.pos(i) });
        put(i, close);
        i = close;
        continue;
      }
      w.plain &&= c !== "\\" && c !== "'" && c !== '"' && c !== "$" && c !== "`";
      if (c === "$" && text[i + 1] === "{") {
        // bash's own ${…} (`${A:0:2}`, `${A/;/x}`), which a script may write where no reference reads so: one expansion.
        const close = braceEnd(text, i + 2);
        kept(i, close);
        i = close;
        continue;
      }
      if (c === "\\") {
        if (text[i + 1] !== "\n") put(i + 1, Math.min(i + 2, text.length));
        i += 2;
      } else if (c === "'") {
        const close = text.indexOf("'", i + 1);
        const stop = close < 0 ? text.length : close;
        kept(i + 1, stop);
        i = stop + 1;
      } else if (c === "$" && text[i + 1] === "'") {
        const j = ansiCEnd(text, i + 2);
        // Its text as bash decodes it (`$'eval'`, `$'\x65val'` are eval), each character at its escape's offset; the
        // references in it are the word's too.
        this.refsIn(i, Math.min(j + 1, text.length), w);
        for (const d of ansiC(text.slice(i + 2, Math.min(j, text.length)))) {
          w.text += d.c;
          w.at.push(this.pos(i + 2 + d.at));
        }
        i = j + 1;
      } else if (c === '"' || (c === "$" && text[i + 1] === '"')) {
        // `$"…"`, a locale's translation of the text, is that text where no translation is installed: as `"…"`.
        i = this.doubleQuoted(i + (c === "$" ? 2 : 1), w, put);
      } else {
        const close = this.substitutionEnd(i) ?? i + 1;
        this.expands(w, i, close, put);
        i = close;
      }
    }
    w.raw = text.slice(start, i);
    w.to = i;
    return { word: w, next: i };
  }

  /** Reads a double-quoted text from `i` (after its `"`) into `w`; returns the index after its closing quote. */
  private doubleQuoted(i: number, w: Word, put: (from: number, to: number) => void): number {
    const text = this.text;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') return i + 1;
      REF.lastIndex = i;
      const m = REF.exec(text);
      if (m) {
        const close = m[0] === "$${" ? braceEnd(text, i + 3) : i + m[0].length;
        if (m[0] !== "$${") w.refs.push({ name: m[1]!, offset: this.pos(i) });
        put(i, close);
        i = close;
      } else if (c === "\\") {
        // Inside double quotes a backslash escapes only $ ` " \ and a newline.
        if (text[i + 1] === "\n") i += 2;
        else if ('$`"\\'.includes(text[i + 1] ?? "")) {
          put(i + 1, i + 2);
          i += 2;
        } else {
          put(i, i + 1);
          i++;
        }
      } else if (c === "$" && text[i + 1] === "{") {
        const close = braceEnd(text, i + 2);
        this.refsIn(i, close, w);
        put(i, close);
        i = close;
      } else if (c === "`") {
        // Its text as bash runs it: `\"` inside is a quote (`"`cat \"FILE\"`"` runs `cat "FILE"`).
        const close = this.substitutionEnd(i, true)!;
        const start = w.text.length;
        for (let k = i; k < close; k++) {
          if (text[k] === "\\" && k + 1 < close - 1) {
            if (text[k + 1] === '"') continue;
            put(k, k + 2);
            k++;
          } else put(k, k + 1);
        }
        if (text[close - 1] === "`" && close - i > 1) (w.expanded ??= []).push([start, w.text.length]);
        i = close;
      } else {
        const close = this.substitutionEnd(i) ?? i + 1;
        this.expands(w, i, close, put);
        i = close;
      }
    }
    return i;
  }

  /**
   * The index after a command substitution (`$(…)`, an arithmetic `$((…))`, `` `…` ``) starting at `i`, or undefined when
   * none does. A backtick one ends at the first backtick no backslash escapes, whatever quotes come before it (bash's
   * `` "`cat "FILE"`" `` runs `cat "FILE"`); its commands are read from its text with the backslashes before `$`, `` ` ``
   * and `\` taken away, and, `quoted` (inside double quotes), those before `"` too.
   */
  private substitutionEnd(i: number, quoted = false): number | undefined {
    const text = this.text;
    if (text[i] === "$" && text[i + 1] === "(") return text[i + 2] === "(" ? parenEnd(text, i + 1) : this.list(i + 2, ")");
    if (text[i] !== "`") return undefined;
    const close = backtickEnd(text, i + 1);
    const body = backtickBody(text, i + 1, close, quoted);
    new ScriptReader(body.text, body.from.map((k) => this.pos(k)), this.out, this.depth, this.via, this.runner).list(0, "");
    return Math.min(close + 1, text.length);
  }

  /** Puts the text at [from, to) into `w`, recording it as an expansion when it is a whole command substitution (Word's `expanded`). */
  private expands(w: Word, from: number, to: number, put: (from: number, to: number) => void): void {
    const text = this.text;
    const start = w.text.length;
    put(from, to);
    const command = text[from] === "$" && text[from + 1] === "(" && text[from + 2] !== "(" ? text[to - 1] === ")" : text[from] === "`" && to - from > 1 && text[to - 1] === "`";
    if (command) (w.expanded ??= []).push([start, w.text.length]);
  }

  private refsIn(from: number, to: number, w: Word): void {
    for (const r of findRefs(this.text.slice(from, to))) if (!r.error) w.refs.push({ name: r.name, offset: this.pos(from + r.offset) });
  }
}

/** Text with the offset of each character in the text read (-1 for none): what a printer prints of its words. */
interface Printed {
  text: string;
  at: number[];
}

/** Adds `text` (offsets `at`) to `out`; with `escapes`, `\\n` and `\\t` as the characters they stand for, as `echo -e` and printf print them. */
function printInto(out: Printed, text: string, at: readonly number[], escapes: boolean): void {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (escapes && c === "\\" && i + 1 < text.length) {
      const e = text[i + 1]!;
      out.text += e === "n" ? "\n" : e === "t" ? "\t" : e;
      out.at.push(at[i] ?? -1);
      i++;
      continue;
    }
    out.text += c;
    out.at.push(at[i] ?? -1);
  }
}

/** What `echo` prints of its words (their options aside): the words joined with spaces, escapes read under `-e`. */
function echoed(args: readonly Word[]): Printed {
  const out: Printed = { text: "", at: [] };
  let k = 0;
  let escapes = false;
  for (; k < args.length && args[k]!.plain && /^-[neE]+$/.test(args[k]!.text); k++) escapes = /e[^E]*$/.test(args[k]!.text) || (escapes && !args[k]!.text.includes("E"));
  args.slice(k).forEach((w, j) => {
    if (j > 0) printInto(out, " ", [-1], false);
    printInto(out, w.text, w.at, escapes);
  });
  return out;
}

/** What `shuf -e ARG…` (the printer at `k`) prints: its operands (shufEchoed), a line each, in an order no one knows. */
function shuffed(words: readonly Word[], k: number): Printed | undefined {
  const operands = shufEchoed(words.map((w) => w.text), k);
  if (operands === undefined) return undefined;
  const out: Printed = { text: "", at: [] };
  operands.forEach((j, n) => {
    if (n > 0) printInto(out, "\n", [-1], false);
    printInto(out, words[j]!.text, words[j]!.at, false);
  });
  return out;
}

/**
 * What `printf FORMAT ARG…` prints: the format with each conversion (`%s`, `%b`, `%q`, `%d` …) replaced by the next
 * argument, again while arguments are left, as printf does. Undefined for `printf -v NAME`, which prints nothing.
 */
function printfed(args: readonly Word[]): Printed | undefined {
  const k = args[0]?.text === "--" ? 1 : 0;
  const format = args[k];
  if (format === undefined || format.text === "-v") return undefined;
  const rest = args.slice(k + 1);
  const out: Printed = { text: "", at: [] };
  let next = 0;
  do {
    const used = next;
    for (let i = 0; i < format.text.length; i++) {
      const conversion = format.text[i] === "%" ? /^%(?:%|[-+ #0]*\d*(?:\.\d*)?[a-zA-Z])/.exec(format.text.slice(i)) : null;
      if (conversion === null) {
        const escaped = format.text[i] === "\\" ? 2 : 1;
        printInto(out, format.text.slice(i, i + escaped), format.at.slice(i, i + escaped), true);
        i += escaped - 1;
        continue;
      }
      const arg = conversion[0] === "%%" ? undefined : rest[next++];
      if (conversion[0] === "%%") printInto(out, "%", [format.at[i] ?? -1], false);
      else if (arg !== undefined) printInto(out, arg.text, arg.at, conversion[0].endsWith("b"));
      i += conversion[0].length - 1;
    }
    if (next === used) break;
  } while (next < rest.length);
  return out;
}

/**
 * The command substitutions (`$(…)`, `` `…` ``; no arithmetic `$((…))`) bash expands in an unquoted heredoc's body,
 * each its start and end: quotes are text there, a backslash escapes only `$`, `` ` `` and `\\`.
 */
function substitutionsIn(body: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") i++;
    else if (body[i] === "$" && body[i + 1] === "(" && body[i + 2] !== "(") {
      const end = parenEnd(body, i + 1);
      out.push([i, end]);
      i = end - 1;
    } else if (body[i] === "`") {
      const end = Math.min(backtickEnd(body, i + 1) + 1, body.length);
      out.push([i, end]);
      i = end - 1;
    }
  }
  return out;
}

/** The index after the parenthesis that closes the one at `at` (nested ones counted, quotes skipped). */
function parenEnd(text: string, at: number): number {
  let depth = 0;
  for (let j = at; j < text.length; j++) {
    const c = text[j]!;
    if (c === "\\") j++;
    else if (c === "'" || c === '"') {
      const close = text.indexOf(c, j + 1);
      if (close < 0) return text.length;
      j = close;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j + 1;
  }
  return text.length;
}

/** The index of the backtick that closes one whose inside starts at `from` (the first no backslash escapes), or the text's length. */
function backtickEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === "`") return j;
  }
  return text.length;
}

/**
 * The commands of a backtick substitution whose inside is [from, to): its text with a backslash before `$`, `` ` `` or
 * `\` (and, `quoted`, `"`) taken away, as bash reads it; `from`: each character's index in `text`.
 */
function backtickBody(text: string, from: number, to: number, quoted: boolean): { text: string; from: number[] } {
  const out = { text: "", from: [] as number[] };
  for (let j = from; j < to; j++) {
    if (text[j] === "\\" && j + 1 < to && (text[j + 1] === "$" || text[j + 1] === "`" || text[j + 1] === "\\" || (quoted && text[j + 1] === '"'))) j++;
    out.text += text[j];
    out.from.push(j);
  }
  return out;
}

/** The index after the `}` that closes bash's own `${` whose inside starts at `from`. */
function braceEnd(text: string, from: number): number {
  let depth = 1;
  for (let j = from; j < text.length; j++) {
    const c = text[j]!;
    if (c === "\\") j++;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return j + 1;
  }
  return text.length;
}

/**
 * The references of a `run:` string (or of the script a list hands a shell) that stand where bash takes a simple
 * command's program: its first word, past assignments and redirections, after `!`, `time`, `if`, `then`, `do` …, in
 * every command of a pipeline or list, inside `$(…)`, backticks and `<(…)`, after a program that runs the rest (sudo,
 * env, timeout 5, nice, nohup, exec, command, xargs, find -exec …), and in a script another shell reads (`sh -c '…'`,
 * `eval …`): anywhere in that word, whatever its quotes. In file order, each once. `pathValues`: the values known of
 * the references in a program file's path (`sh "${DIR}/run.sh" <<< …`), which say whether it may be a descriptor's
 * file (descriptors.ts's withPathValues); without, each such reference may be any path.
 */
export function scriptProgramRefs(script: string, pathValues?: PathValue): ProgramRef[] {
  if (!script.includes("${")) return [];
  const out = new Map<number, { name: string; via?: string; assigned?: string; place?: Place }>();
  withPathValues(pathValues, () => new ScriptReader(script, undefined, out, 0).list(0, ""));
  return [...out]
    .sort((a, b) => a[0] - b[0])
    .map(([offset, { name, via, assigned, place }]) => ({ name, offset, ...(via === undefined ? {} : { via }), ...(assigned === undefined ? {} : { assigned }), ...(place === undefined ? {} : { place }) }));
}

/** listProgramRefs's places: element index × ELEMENT + offset (no element is as long as this). */
const ELEMENT = 2 ** 32;

/**
 * The references of a list-form `run` in the element that is the program: the first, or the one a program that runs the
 * rest runs (`[sudo, -u, app, "${CMD}"]`); and those of the script a shell reads (`[sh, -c, SCRIPT]`) that stand where
 * its program goes. `offset`: in the element `index`; `pathValues` as scriptProgramRefs's.
 */
export function listProgramRefs(run: readonly string[], pathValues?: PathValue): ({ index: number } & ProgramRef)[] {
  if (!run.some((a) => a.includes("${"))) return [];
  const out: ({ index: number } & ProgramRef)[] = [];
  // Each character's place is its element's index and its offset there, in one number: a script may be part of an
  // element (ssh's `-oProxyCommand=…`) or join several (eval's words).
  const place = (index: number, offset: number) => index * ELEMENT + offset;
  const words: Word[] = run.map((a, index) => ({
    text: a,
    at: Array.from({ length: a.length }, (_, k) => place(index, k)),
    raw: a,
    plain: false,
    refs: findRefs(a).filter((r) => !r.error).map((r) => ({ name: r.name, offset: place(index, r.offset) })),
  }));
  const push = (at: number, r: ProgramRef) => {
    if (at >= 0) out.push({ index: Math.floor(at / ELEMENT), ...r, offset: at % ELEMENT });
  };
  programsFrom(words, 0, {
    program: (w, place) => {
      for (const r of w.refs) push(r.offset, place === undefined ? r : { ...r, place });
    },
    assigned: (w, assigned) => {
      for (const r of w.refs) push(r.offset, { ...r, assigned });
    },
    script: (w) => {
      for (const r of scriptProgramRefs(w.text, pathValues)) push(w.at[r.offset] ?? -1, r);
    },
  });
  return out;
}

/**
 * Who reads a script and how, for messages (`sh reads from its standard input`): a reader whose script file only may be
 * the text's descriptor says why after (`… (its program path, "$1", cannot be known to be no descriptor's file: …)`).
 */
function readsFrom(reader: string, how: string): string {
  const { label, clause } = splitUncertain(reader);
  return `${label} ${how}${clause === undefined ? "" : ` (${clause})`}`;
}

/**
 * The load error of a reference to a captured name where the program goes; `by`: the step that captures it (`step 1
 * ("get")`); `via`: who reads the script it is in from its input or a generated file (ProgramRef's).
 */
export function capturedProgramMessage(name: string, by: string, via?: string, place?: Place): string {
  // A script file that only may be the text's descriptor (readsFrom): the text may be the file's data.
  const plain = via?.includes(" (its program path, ") ? `; or, if the text is the data of a script file, ${PLAIN_PROGRAM_PATH}` : "";
  const ref = `\${${name}}`;
  const where = via === undefined ? "" : ` in the script ${via}`;
  if (place?.kind === "operand") {
    // A value beginning with `-` is read as the program's option: ssh's -oProxyCommand=…, rsync's -e … run a command here.
    const option = place.program === "rsync" ? "-e CMD and --rsh=CMD run a command" : "-oProxyCommand=CMD runs a command";
    return `${ref} ${place.what}${where}, and ${by} captures it: a value beginning with - would be read as ${place.program}'s option, and ${option} on this machine. Write -- before it, after the options (${place.program} … -- "${ref}" …), or check the value first (case "${ref}" in -*) exit 1 ;; esac)${plain}`;
  }
  if (place?.kind === "file") {
    const sample = place.sample ?? (/\.\/\S+/.exec(place.named) ?? [place.named.split(" ").at(-1)!])[0];
    const yourself = place.argument ? ` and pass the value as its argument (${place.named} "${ref}")` : ` (${place.named})`;
    return `${ref} ${place.what}${where}, and ${by} captures it: what answered would choose the code that runs. Name the ${place.noun} yourself${yourself}, or compare it with the ${place.noun}s you allow first (case "${ref}" in ${sample}) ${place.named} ;; esac)${plain}`;
  }
  return `${ref} stands where the program to run goes${where}, and ${by} captures it: what answered would choose the program. Name the program yourself and pass the value as its argument, or compare it with the programs you allow first (case "${ref}" in whoami) whoami ;; esac)${plain}`;
}

/**
 * The load error of a reference to a captured name in the value assigned to a variable a program reads as code
 * (`assigned`: ProgramRef's, `BASH_ENV="${F}" bash -c …`): what answered would choose the file or command that runs, as
 * an `env:` key's captured value would (lib/vars/code-names.ts envNameMessage).
 */
export function capturedAssignmentMessage(name: string, by: string, assigned: string, via?: string): string {
  return `\${${name}} is assigned to ${assigned}${via === undefined ? "" : ` in the script ${via}`} (${runsAsCodeWhy(assigned) ?? "a program reads it as code"}), and ${by} captures it: what answered would choose what runs. Set ${assigned} from a value of your own (vars:, --var, the environment), or check the captured value first (case "\${${name}}" in …)`;
}

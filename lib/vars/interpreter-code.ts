// Where a command hands code to an interpreter ([python3, -c, CODE], [node, -e, CODE], [awk, PROGRAM], [jq, FILTER], [psql, -c, SQL], `python3 <<EOF`): a ${NAME} there would run as code. The list form's elements, or the string form's words (stdin-script.ts).
import { basename } from "node:path";
import { findRefs } from "./interpolate.ts";
import { CONTAINER_RUNNERS } from "./shells.ts";
import { descriptorOfFile, isStdinFile, PLAIN_PROGRAM_PATH, splitUncertain, uncertainLabel, unknownProgramPath, withValues } from "./descriptors.ts";

/** What the first argument that is no option is to an interpreter. */
type Positional =
  /** a script file: the options end there and no code follows (python, node, perl…) */
  | "script"
  /** the program or filter (awk, jq), unless a file gave it (`-f FILE`) */
  | "code"
  /** a database or user name: options go on after it (psql, mysql) */
  | "name"
  /** the database file; every later one is SQL (sqlite3) */
  | "database"
  /** a subcommand: `eval` makes the next one code (deno) */
  | "subcommand";

interface Interpreter {
  /** Short options whose argument is code (`-c` of python, `-e` of perl). */
  code: string;
  /** Whether such an argument may be written in the same element (`-cprint(1)`, `-e'print 1'`); else it is the next one. */
  attached: boolean;
  /** Long options whose argument is code (`--eval CODE` or `--eval=CODE`). */
  longCode: readonly string[];
  /** Short options that take an argument (in the rest of the element, else the next element). */
  withArg: string;
  /** Short options whose argument, optional, can only be the rest of the element (`-i.bak` of perl). */
  restArg?: string;
  /** Short options followed by optional digits (`-l0`, `-0777`). */
  digitArg?: string;
  /** Short options after which the program comes from a file, not an argument (`-f FILE`); they take that file. */
  fromFile?: string;
  /** Short options that end the options with no code (`-m MODULE` of python). */
  stops?: string;
  /** Long options that take the next element when written without `=`; [name, how many elements]. */
  longWithArg: readonly (readonly [string, number])[];
  /** Long options after which the program comes from a file. */
  longFromFile?: readonly string[];
  /**
   * Short options whose argument (attached, or the next element) is a file or module it loads and runs before its program
   * (`node -r FILE`, `ruby -rLIB`, `gawk -i FILE`, `lua -l MOD`, `php -c INI`), and long ones (`--require FILE`, `=`;
   * `--env-file FILE`, whose NODE_OPTIONS=--require … preloads a file).
   */
  preload?: string;
  longPreload?: readonly string[];
  /** Options of one dash and a word (sqlite3's `-cmd`): those whose argument is code, those that take one. */
  wordCode?: readonly string[];
  wordWithArg?: readonly string[];
  /**
   * Options are words of one or two dashes (getopt_long_only: gdb's `-ex`, `--ex`, `-eval-command=…`), never groups of
   * letters: wordCode, wordWithArg and wordFromFile name them with one dash; a code word also by any start of it longer
   * than three characters (`-eval` is -eval-command).
   */
  longOnly?: true;
  /** Such words after which the program comes from a file (gdb's `-x FILE`). */
  wordFromFile?: readonly string[];
  /** Words after which the rest are another program's (gdb's `--args PROGRAM ARG…`). */
  argsStop?: readonly string[];
  /** An option it does not know ends its options, and its program is then its standard input (tclsh: `tclsh -c CODE` runs no CODE). */
  onlyKnownOptions?: true;
  /** An operand `+CMD` is a command it runs (vim's; `+` and `+N` go to a line). */
  plusCode?: true;
  /** An operand beginning with `!` is a shell command whose output it reads (ed's). */
  bangOperand?: true;
  /** vim's -s: a file of typed commands it runs, but a flag (silent) in ex mode (-e, -E, or the program ex). */
  silentInEx?: true;
  /**
   * It reads its standard input as commands after the code and files on its command line too (vim, ex, gdb, ed), unless
   * one of these words is given (vim's `-`, which makes it the text to edit; gdb's `-batch`).
   */
  stdinAfterCode?: readonly string[];
  positional: Positional;
  /** How to hand a value over instead, for the variable `name`. */
  instead: (name: string) => string;
}

const env = (how: string) => `read it from the environment instead (every variable is exported to the command: ${how})`;

const PYTHON: Interpreter = {
  code: "c", attached: true, longCode: [], withArg: "WXQ", stops: "m", longWithArg: [["--check-hash-based-pycs", 1]], positional: "script",
  instead: (n) => `${env(`os.environ["${n}"]`)}, or pass it as an argument after the code (sys.argv[1])`,
};
const NODE: Interpreter = {
  // --import and --loader take a URL: a data: URL is code (`--import "data:text/javascript,…"`), any other a file node
  // loads first (NODE_URL_OPTIONS).
  code: "ep", attached: false, longCode: ["--eval", "--print"], withArg: "rC", preload: "r",
  // An env file's NODE_OPTIONS=--require FILE preloads code too.
  longPreload: ["--require", "--env-file", "--env-file-if-exists"],
  longWithArg: [["--require", 1], ["--conditions", 1], ["--input-type", 1], ["--title", 1], ["--env-file", 1], ["--env-file-if-exists", 1]],
  positional: "script", instead: (n) => `${env(`process.env.${n}`)}, or pass it as an argument after the code (process.argv)`,
};
/** node's options that take a URL of a module it loads first: code itself when a data: URL. */
const NODE_URL_OPTIONS: readonly string[] = ["--import", "--loader", "--experimental-loader"];
const BUN: Interpreter = {
  // bun's config file (-c, bunfig.toml) names scripts to preload too.
  code: "ep", attached: false, longCode: ["--eval", "--print"], withArg: "rc", preload: "rc", longPreload: ["--preload", "--require", "--import", "--config", "--env-file"], longWithArg: [["--preload", 1], ["--require", 1], ["--import", 1], ["--cwd", 1], ["--config", 1], ["--env-file", 1]],
  positional: "script", instead: (n) => `${env(`process.env.${n}`)}, or pass it as an argument after the code (process.argv)`,
};
const DENO: Interpreter = {
  code: "", attached: false, longCode: [], withArg: "", longWithArg: [["--ext", 1], ["--location", 1], ["--import-map", 1], ["--config", 1], ["--env-file", 1]], positional: "subcommand",
  instead: (n) => `${env(`Deno.env.get("${n}")`)} with --allow-env, or pass it as an argument after the code (Deno.args)`,
};
const PERL: Interpreter = {
  // -M and -m are code too: `-MPOSIX;system(…)` is `use POSIX;system(…)`.
  code: "eEMm", attached: true, longCode: [], withArg: "I", restArg: "ixdDCV", digitArg: "l0", longWithArg: [], positional: "script",
  instead: (n) => `${env(`$ENV{${n}}`)}, or pass it as an argument after the code ($ARGV[0])`,
};
const RUBY: Interpreter = {
  code: "e", attached: true, longCode: [], withArg: "rICE", preload: "r", restArg: "FKWxT", digitArg: "0", longWithArg: [["--encoding", 1], ["--external-encoding", 1], ["--internal-encoding", 1]], positional: "script",
  instead: (n) => `${env(`ENV["${n}"]`)}, or pass it as an argument after the code (ARGV[0])`,
};
const PHP: Interpreter = {
  // -c names the php.ini (whose auto_prepend_file runs), -z a Zend extension (a shared library); -d's settings: PHP_CODE_SETTING.
  code: "rBRE", attached: true, longCode: ["--process-begin", "--process-code", "--process-end"], withArg: "cdzt", preload: "cz", fromFile: "fF", longWithArg: [], positional: "script",
  instead: (n) => `${env(`getenv("${n}")`)}, or pass it as an argument after the code (-- then $argv[1])`,
};
const R: Interpreter = {
  code: "e", attached: false, longCode: [], withArg: "", fromFile: "f", longWithArg: [], positional: "script",
  instead: (n) => `${env(`Sys.getenv("${n}")`)}, or pass it as an argument after the code (commandArgs(trailingOnly = TRUE))`,
};
const LUA: Interpreter = {
  code: "e", attached: true, longCode: [], withArg: "l", preload: "l", longWithArg: [], positional: "script",
  instead: (n) => `${env(`os.getenv("${n}")`)}, or pass it as an argument after the script (arg[1])`,
};
const AWK: Interpreter = {
  // gawk's -i (--include) sources an awk file first, -l (--load) loads an extension (a shared library).
  code: "e", attached: true, longCode: ["--source"], withArg: "FviWl", preload: "il", longPreload: ["--include", "--load"], restArg: "", fromFile: "fE",
  longWithArg: [["--field-separator", 1], ["--assign", 1], ["--include", 1], ["--load", 1]], longFromFile: ["--file", "--exec"], positional: "code",
  instead: (n) => env(`ENVIRON["${n}"]`),
};
/** sed's `e` command and the `e` flag of `s///` run a command: a value in its script can add one (`s/a/x/e;#`). */
const SED: Interpreter = {
  code: "e", attached: true, longCode: ["--expression"], withArg: "l", restArg: "i", fromFile: "f", longWithArg: [["--line-length", 1]], longFromFile: ["--file"], positional: "code",
  instead: (n) => `sed has no way to take a value as text (its e command and the e flag of s/// run commands): ${env(`ENVIRON["${n}"] in awk, or os.environ["${n}"] in python3`)}`,
};
const JQ: Interpreter = {
  code: "", attached: false, longCode: [], withArg: "L", fromFile: "f",
  longWithArg: [["--arg", 2], ["--argjson", 2], ["--slurpfile", 2], ["--rawfile", 2], ["--indent", 1]], longFromFile: ["--from-file"], positional: "code",
  instead: (n) => `give it as a jq variable (--arg v "\${${n}}", then $v) or read it from the environment ($ENV.${n})`,
};
const PSQL: Interpreter = {
  code: "c", attached: true, longCode: ["--command"], withArg: "dfhLoPpRTUvF",
  longWithArg: [["--dbname", 1], ["--file", 1], ["--host", 1], ["--port", 1], ["--username", 1], ["--set", 1], ["--variable", 1], ["--output", 1], ["--log-file", 1], ["--pset", 1], ["--field-separator", 1], ["--record-separator", 1], ["--table-attr", 1]],
  positional: "name",
  // psql replaces variables in SQL it reads (standard input, -f), not in -c's.
  instead: (n) => `give it as a psql variable and send the SQL on standard input, where psql replaces :'v' with it quoted as a literal (psql -v v="\${${n}}" <<'EOF' … :'v' … EOF; psql does not replace variables in -c)`,
};
/** Clients without a way to hand SQL a value safely from their command line. */
const boundParameters = (n: string) => `hand it to the database as a bound parameter from a client that has them (python3 with os.environ["${n}"] as the parameter's value)`;
const MYSQL: Interpreter = {
  code: "e", attached: true, longCode: ["--execute"], withArg: "uhPDS", restArg: "p",
  longWithArg: [["--user", 1], ["--host", 1], ["--port", 1], ["--database", 1], ["--socket", 1]], positional: "name", instead: boundParameters,
};
const SQLITE: Interpreter = {
  code: "", attached: false, longCode: [], withArg: "", longWithArg: [], wordCode: ["-cmd"],
  wordWithArg: ["-init", "-separator", "-nullvalue", "-newline", "-vfs", "-maxsize", "-mmap", "-lookaside", "-pagecache", "-heap", "-escape"],
  positional: "database", instead: boundParameters,
};

const GDB: Interpreter = {
  code: "", attached: false, longCode: [], withArg: "", longWithArg: [], longOnly: true,
  wordCode: ["-ex", "-eval-command", "-iex", "-init-eval-command"], wordFromFile: ["-x", "-command", "-ix", "-init-command"],
  wordWithArg: ["-p", "-pid", "-c", "-core", "-d", "-directory", "-cd", "-s", "-symbols", "-e", "-exec", "-se", "-b", "-l", "-i", "-interpreter", "-tty", "-D", "-data-directory"],
  argsStop: ["-args"], stdinAfterCode: ["-batch", "--batch"], positional: "name",
  instead: (n) => `${env(`$${n} in a shell command it runs (shell echo "$${n}"), os.environ["${n}"] in its python`)}, or hand it to gdb as an option's argument (-p "\${${n}}", --args ./app "\${${n}}")`,
};
/** vim, vi, ex, view, nvim: -c, +CMD and --cmd are Ex commands (`!CMD` runs a shell), and so is what they read from their standard input. */
const VIM: Interpreter = {
  code: "c", attached: true, longCode: ["--cmd", "--remote-send", "--remote-expr"], withArg: "TiWwt", preload: "uUS", restArg: "V", digitArg: "oOp",
  longWithArg: [["--startuptime", 1], ["--servername", 1], ["--socketid", 1], ["--windowid", 1], ["--gui-dialog-file", 1], ["--log", 1], ["--listen", 1], ["--server", 1]],
  plusCode: true, silentInEx: true, stdinAfterCode: ["-"], positional: "name",
  instead: (n) => env(`$${n} in its expressions (-c 'call setline(1, $${n})'), "$${n}" in a shell command it runs`),
};
/** nvim's -l runs a Lua script (vim's -l is lisp mode). */
const NVIM: Interpreter = { ...VIM, fromFile: "l" };
const ED: Interpreter = {
  code: "", attached: false, longCode: [], withArg: "p", longWithArg: [["--prompt", 1]], bangOperand: true, stdinAfterCode: [], positional: "name",
  instead: (n) => `ed has no way to take a value as text (its ! command runs a shell): write it to a file first (printf '%s\\n' "\${${n}}" > value.txt) and read that with ed's r command (r value.txt), or edit with awk (ENVIRON["${n}"])`,
};
/** tclsh and wish: a script file as their first argument, else their standard input (`-encoding NAME` before either). */
const TCL: Interpreter = {
  code: "", attached: false, longCode: [], withArg: "", longWithArg: [], wordWithArg: ["-encoding"], onlyKnownOptions: true, positional: "script",
  instead: (n) => `${env(`$env(${n})`)}, or pass it as an argument after the script ($argv)`,
};
const EXPECT: Interpreter = {
  code: "c", attached: true, longCode: [], withArg: "D", fromFile: "fb", longWithArg: [], positional: "script",
  instead: (n) => `${env(`$env(${n})`)}, or pass it as an argument after the script ($argv)`,
};

/**
 * php.ini settings (`php -d NAME=VALUE`) whose value names code php runs or loads: a file run before or after each
 * script, an extension (a shared library), where include and require look, the program mail() runs.
 */
const PHP_CODE_SETTING = /^(?:auto_prepend_file|auto_append_file|extension|zend_extension|extension_dir|include_path|sendmail_path)$/i;

/** The interpreters by program name (a path's last part; python3.12, perl5.36, lua5.4 are their family). */
function interpreterOf(program: string): Interpreter | undefined {
  const name = basename(program);
  if (/^(python|pypy)[\d.]*$/.test(name)) return PYTHON;
  if (name === "node" || name === "nodejs") return NODE;
  if (name === "bun") return BUN;
  if (name === "deno") return DENO;
  if (/^perl[\d.]*$/.test(name)) return PERL;
  if (/^ruby[\d.]*$/.test(name)) return RUBY;
  if (/^php[\d.]*$/.test(name)) return PHP;
  if (name === "Rscript" || name === "R") return R;
  if (/^(lua[\d.]*|luajit)$/.test(name)) return LUA;
  if (/^[gmn]?awk$/.test(name)) return AWK;
  if (name === "sed" || name === "gsed") return SED;
  if (name === "jq" || name === "gojq") return JQ;
  if (name === "psql") return PSQL;
  if (name === "mysql" || name === "mariadb") return MYSQL;
  if (name === "sqlite3" || name === "sqlite") return SQLITE;
  if (name === "gdb" || name === "gdb-multiarch") return GDB;
  if (name === "nvim") return NVIM;
  if (/^(?:vim?|ex|view|vimdiff|rvim|rview|gvim)$/.test(name)) return VIM;
  if (name === "ed" || name === "red") return ED;
  if (/^(?:tclsh|wish)[\d.]*$/.test(name)) return TCL;
  if (name === "expect") return EXPECT;
  return undefined;
}

/** A program file that is the standard input: `-`, /dev/stdin and its other names, however spelt (`//dev/stdin`, `/proc/thread-self/fd/0`). */
const isStdin = (file: string) => file === "-" || isStdinFile(file);

/** The word the string form's reader puts where a process substitution `<(…)` stands: bash passes the file of its output. */
export const SUBSTITUTED_FILE = "\u0000<(";

/**
 * An element that names a file the interpreter runs: its script or program file (`python3 FILE`, `awk -f FILE`), its
 * module (`python3 -m MODULE`), or a file it loads and runs first (`node -r FILE`, `sqlite3 -init FILE`, `php -c INI`).
 */
export interface ProgramFile {
  index: number;
  kind: "script" | "module" | "loaded";
  /** The option that names it (`-f`, `-m`, `--require`, `-d auto_prepend_file=`); "" for the script operand. */
  option: string;
}

/** Where an interpreter's code is: the element's index, and the option that gave it (`-c`, `--eval`, or the program's place). */
interface CodeAt {
  index: number;
  /** The code begins this far into the element (an option written with its code: `-cprint(1)`, `--eval=…`). */
  how: string;
}

/** The elements an interpreter at `at` reads as code, as it reads its options (a list: awk's -e may come several times). */
function codeArguments(run: readonly string[], at: number): CodeAt[] {
  return readArguments(run, at).code;
}

/**
 * An interpreter's arguments as it reads them: the elements it reads as code, and whether its program comes from a
 * file (a script operand, `-f FILE`, python's `-m MODULE`, psql's `-f`), so that its standard input is data; the
 * descriptors whose files are among its program files (`python3 /dev/fd/3`: "3"; `-` and /dev/stdin: "0"; "*" for
 * any, descriptorOfFile), and the program files whose path cannot be known to be no descriptor's file, with why
 * (`python3 "$1"`, `python3 /proc/self/root/dev/stdin`: unknownProgramPath).
 */
function readArguments(
  run: readonly string[],
  at: number,
): {
  code: CodeAt[];
  programFile: boolean;
  programStdin: boolean;
  programSubstituted: boolean;
  programDescriptors: string[];
  programUncertain: { file: string; why: string }[];
  codeToCome: boolean;
  programFileAt: ProgramFile[];
  /** It reads its standard input as commands whatever its command line gives besides (stdinAfterCode). */
  stdinCommands: boolean;
} {
  const it = interpreterOf(run[at]!);
  const found: CodeAt[] = [];
  // A program file that is the standard input (`-`, /dev/stdin): `python3 /dev/stdin <<< '…'`, `awk -f - <<< '…'`.
  let programStdin = false;
  // A program file that is a process substitution's output (`python3 <(…)`, `awk -f <(…)`, `sqlite3 -init <(…)`).
  let programSubstituted = false;
  // A program file that is a descriptor's (`python3 /dev/fd/3 3<<< '…'`, `awk -f /proc/self/fd/4`).
  const programDescriptors: string[] = [];
  // A program file whose path may be a descriptor's file (`python3 "$1"`, `perl /proc/$$/fd/3`, `cd /dev && python3 stdin`).
  const programUncertain: { file: string; why: string }[] = [];
  // The elements that hold a program file or module (`python3 FILE`, `awk -f FILE`, `-fFILE`, `python3 -m MODULE`).
  const programFileAt: ProgramFile[] = [];
  // vim's `-`, gdb's `-batch`: its standard input is no commands (stdinAfterCode).
  let stdinOff = false;
  // vim's ex mode (-e, -E, or the program ex), where -s is a flag.
  let exMode = it?.silentInEx === true && basename(run[at]!) === "ex";
  // Code that would be the next word (`python3 -c` at the end, awk or jq with no program yet): what xargs appends.
  const done = (programFile: boolean) => ({
    code: found.filter((c) => c.index < run.length),
    programFile,
    programStdin,
    programSubstituted,
    programDescriptors,
    programUncertain,
    codeToCome: found.some((c) => c.index >= run.length) || (it?.positional === "code" && !programFile && found.length === 0),
    programFileAt: programFileAt.filter((f) => f.index < run.length),
    stdinCommands: it?.stdinAfterCode !== undefined && !stdinOff,
  });
  const programFileIs = (file: string) => {
    if (isStdin(file)) programStdin = true;
    if (file === SUBSTITUTED_FILE) programSubstituted = true;
    // Its scenario references read as their values, where those are known (withPathValues).
    const path = withValues(file);
    const fd = file === "-" ? "0" : descriptorOfFile(path);
    if (fd !== undefined) programDescriptors.push(fd);
    const why = fd === undefined ? unknownProgramPath(path) : undefined;
    if (why !== undefined) programUncertain.push({ file, why });
  };
  const fileAt = (k: number, option = "", kind: ProgramFile["kind"] = "script") => {
    programFileAt.push({ index: k, kind, option });
    if (k < run.length) programFileIs(run[k]!);
  };
  if (!it) return done(false);
  let fromFile = false;
  let positionals = 0;
  let evalNext = false;
  for (let j = at + 1; j < run.length; j++) {
    const a = run[j]!;
    if (it.stdinAfterCode?.includes(a)) stdinOff = true;
    // vim's `+CMD` (a word the string form's reader gives as `\0+` when a quote opens it: `'+!cmd'`); `+N` is a line.
    if (it.plusCode && /^\0?\+/.test(a) && !/^\+\d*$/.test(a)) {
      found.push({ index: j, how: "+CMD" });
      continue;
    }
    // ed's `!CMD` as its file: the shell runs CMD, and ed reads its output.
    if (it.bangOperand && /^\0?!/.test(a)) {
      found.push({ index: j, how: "a file name beginning with !" });
      continue;
    }
    if (a.startsWith("-") && it.argsStop?.includes(`-${a.replace(/^--?/, "")}`)) break;
    if (it.longOnly && a.startsWith("-") && a.length > 1 && a !== "--") {
      // One dash or two, a word, its argument after `=` or the next element.
      const eq = a.indexOf("=");
      const written = eq < 0 ? a : a.slice(0, eq);
      const name = `-${written.replace(/^--?/, "")}`;
      const arg = eq < 0 ? j + 1 : j;
      if (it.wordCode?.some((w) => w === name || (name.length > 4 && w.startsWith(name)))) found.push({ index: arg, how: written });
      else if (it.wordFromFile?.includes(name)) {
        fromFile = true;
        if (eq < 0) fileAt(arg, written);
        else {
          programFileAt.push({ index: j, kind: "script", option: written });
          programFileIs(a.slice(eq + 1));
        }
      } else if (!it.wordWithArg?.includes(name)) continue;
      j = arg;
      continue;
    }
    if (it.onlyKnownOptions && a.startsWith("-") && !it.wordWithArg?.includes(a)) return done(false);
    if (a === "--" || a === "-" || !(a.startsWith("-") && a.length > 1)) {
      // The options end at `--` (the next element is then the first positional) for all but psql and mysql.
      if (a === "--") {
        if (it.positional === "name") continue;
        j++;
        if (j >= run.length) break;
      }
      const p = run[j]!;
      if (it.positional === "script") {
        // After code from the command line (`python3 -c '…' FILE`) the first operand is an argument of that code.
        if (found.length === 0) fileAt(j);
        return done(found.length === 0 && !programStdin);
      }
      if (it.positional === "code") {
        if (!fromFile && !found.some((f) => f.how !== "")) found.push({ index: j, how: "" });
        break;
      }
      if (it.positional === "subcommand") {
        if (evalNext) {
          found.push({ index: j, how: "" });
          break;
        }
        if (p !== "eval") break;
        evalNext = true;
        continue;
      }
      if (it.positional === "database") {
        if (positionals++ > 0) found.push({ index: j, how: "" });
        continue;
      }
      continue; // a name: psql and mysql read options after it
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a : a.slice(0, eq);
      if (it.positional === "database" && it.wordCode?.includes(name.slice(1))) {
        if (eq < 0) found.push({ index: ++j, how: name });
        else found.push({ index: j, how: name });
        continue;
      }
      if (it.positional === "database" && it.wordWithArg?.includes(name.slice(1))) {
        if (eq < 0) j++;
        continue;
      }
      if (it === NODE && NODE_URL_OPTIONS.includes(name)) {
        const at = eq < 0 ? j + 1 : j;
        const url = eq < 0 ? (run[at] ?? "") : a.slice(eq + 1);
        if (/^[\0"'\s]*data:/i.test(url)) found.push({ index: at, how: name });
        else programFileAt.push({ index: at, kind: "loaded", option: name });
        j = at;
        continue;
      }
      if (it.longCode.includes(name)) {
        found.push(eq < 0 ? { index: ++j, how: name } : { index: j, how: name });
        continue;
      }
      if (it.longPreload?.includes(name)) {
        programFileAt.push({ index: eq < 0 ? ++j : j, kind: "loaded", option: name });
        continue;
      }
      if (it.longFromFile?.includes(name) || (it === PSQL && name === "--file")) {
        fromFile = true;
        if (eq < 0) fileAt(++j, name);
        else {
          programFileAt.push({ index: j, kind: "script", option: name });
          programFileIs(a.slice(eq + 1));
        }
        continue;
      }
      const takes = it.longWithArg.find(([n]) => n === name)?.[1];
      if (takes !== undefined && eq < 0) j += takes;
      continue;
    }
    // One dash and a word (sqlite3's -cmd, -separator).
    if (it.wordCode?.includes(a)) {
      found.push({ index: ++j, how: a });
      continue;
    }
    if (it.wordWithArg?.includes(a)) {
      // sqlite3 runs the SQL of its -init file first.
      if (a === "-init") fileAt(j + 1, a, "loaded");
      j++;
      continue;
    }
    if (it.positional === "database") continue;
    // A group of short options: -c, -Ic, -lane, -rjson.
    for (let k = 1; k < a.length; k++) {
      const l = a[k]!;
      const rest = a.slice(k + 1);
      if (it.silentInEx && (l === "e" || l === "E")) exMode = true;
      if (it.silentInEx && l === "s") {
        if (exMode) continue;
        programFileAt.push({ index: rest === "" ? ++j : j, kind: "loaded", option: "-s" });
        break;
      }
      if (it.code.includes(l)) {
        found.push(it.attached && rest !== "" ? { index: j, how: `-${l}` } : { index: ++j, how: `-${l}` });
        break;
      }
      if (it.stops?.includes(l)) {
        programFileAt.push({ index: rest === "" ? j + 1 : j, kind: "module", option: `-${l}` });
        return done(true);
      }
      if (it.fromFile?.includes(l) || (it === PSQL && l === "f")) {
        fromFile = true;
        if (rest === "") fileAt(++j, `-${l}`);
        else {
          programFileAt.push({ index: j, kind: "script", option: `-${l}` });
          programFileIs(rest);
        }
        break;
      }
      if (it.preload?.includes(l)) {
        programFileAt.push({ index: rest === "" ? ++j : j, kind: "loaded", option: `-${l}` });
        break;
      }
      if (it === PHP && l === "d") {
        // A setting whose value names code (auto_prepend_file=FILE), or whose name a value makes.
        const at = rest === "" ? j + 1 : j;
        const setting = rest === "" ? (run[at] ?? "") : rest;
        const eq = setting.indexOf("=");
        const name = eq < 0 ? setting : setting.slice(0, eq);
        if (name.includes("${") || (PHP_CODE_SETTING.test(name.trim()) && setting.slice(eq + 1).includes("${"))) programFileAt.push({ index: at, kind: "loaded", option: `-d ${name.includes("${") ? "" : `${name.trim()}=`}` });
        j = at;
        break;
      }
      if (it.withArg.includes(l)) {
        if (rest === "") j++;
        break;
      }
      if (it.restArg?.includes(l)) break;
      if (it.digitArg?.includes(l)) {
        while (k + 1 < a.length && /\d/.test(a[k + 1]!)) k++;
        continue;
      }
    }
  }
  return done(fromFile);
}

/**
 * The elements that name the program file (or module) of the interpreter at `at`, the program it runs as surely as a
 * program named there (`python3 FILE`, `perl -w FILE`, `awk -f FILE`, `python3 -m MODULE`, `sqlite3 -init FILE`), or a
 * file it loads and runs first (`node -r FILE`, `ruby -rLIB`, `gawk -i FILE`, `lua -l MOD`, `php -c INI`, `php -d
 * auto_prepend_file=FILE`): undefined when run[at] is no interpreter, or is jq, whose filter runs no command.
 */
export function interpreterProgramFiles(run: readonly string[], at: number): ProgramFile[] | undefined {
  const it = interpreterOf(run[at]!);
  if (!it || it === JQ) return undefined;
  return readArguments(run, at).programFileAt;
}

/**
 * Why a list-form `run` would run a value as code in an interpreter, or undefined. A ${NAME} written into the code an
 * interpreter reads ([python3, -c, "print('${V}')"]) is code once replaced: a value `'); os.system('…'); print('` runs.
 * The interpreter may stand anywhere in the list (after env, timeout, nice, sudo, docker exec …), as a shell may.
 */
export function interpreterCodeIssue(run: readonly string[]): { index: number; message: string } | undefined {
  for (let i = 0; i < run.length; i++) {
    const it = interpreterOf(run[i]!);
    if (!it) continue;
    for (const code of codeArguments(run, i)) {
      const ref = findRefs(run[code.index]!)[0];
      if (ref) return { index: code.index, message: codeMessage(run, i, code, ref.name) };
    }
  }
  return undefined;
}

/** The error for a ${NAME} written into the code of the interpreter at words[at], and how to hand the value over instead. */
function codeMessage(words: readonly string[], at: number, code: CodeAt, name: string): string {
  const it = interpreterOf(words[at]!)!;
  const p = basename(words[at]!);
  const where = code.how !== "" ? `the code ${p} takes from ${code.how}` : `the ${it.positional === "database" ? "SQL" : it === JQ ? "filter" : "program"} ${p} runs`;
  return `\${${name}} is written into ${where}, where its value would run as code: ${instead(words, at, name)}`;
}

/** How to hand the value of `name` to the interpreter at words[at]: in a container, through its environment first. */
function instead(words: readonly string[], at: number, name: string): string {
  const how = interpreterOf(words[at]!)!.instead(name);
  const runner = words.slice(0, at).map((w) => basename(w)).find((w) => CONTAINER_RUNNERS.has(w));
  if (runner === undefined) return how;
  return `${how}. In ${runner}'s container only what you hand in is set: -e ${name}="\${${name}}" on docker or podman exec or run, docker compose exec or run`;
}

/**
 * Why the word at `index` of a command's words (the one the reference to `name` is in) is an interpreter's code, or
 * undefined: in the string form the interpreter is the command itself or comes after programs that run a command
 * (`sudo -u app python3 -c …`, `docker compose exec api python3 -c …`, `nice -n 5 perl -e …`); `echo python3 -c …`
 * prints text. `startsCommand` says which first words run a command after them.
 */
export function interpreterCodeWord(words: readonly string[], index: number, startsCommand: (word: string) => boolean, name: string): string | undefined {
  const at = interpreterAt(words, startsCommand);
  if (at < 0 || at >= index) return undefined;
  const code = codeArguments(words, at).find((c) => c.index === index);
  return code && codeMessage(words, at, code, name);
}

/** Where the interpreter of a command's words is: the first word, or the first interpreter after a runner of commands; -1 for none. */
function interpreterAt(words: readonly string[], startsCommand: (word: string) => boolean): number {
  if (words.length === 0) return -1;
  if (interpreterOf(words[0]!)) return 0;
  // After a runner of commands, or options left by a keyword that takes them (`time -p python3 …`).
  return startsCommand(words[0]!) || words[0]!.startsWith("-") ? words.findIndex((w, k) => k > 0 && interpreterOf(w) !== undefined) : -1;
}

/**
 * The interpreter whose program is its standard input (`python3 <<EOF`, `python3 - <<< '…'`, `node`, `perl`, `psql`,
 * `sqlite3 db.sqlite`; a program file that is it, `python3 /dev/stdin`, or any descriptor's, `python3 /dev/fd/$n`), as
 * `python3 (in docker)` when a container runner starts it, or undefined: with code on its command line, a script file
 * or a program from a file, the input is data; awk and jq read theirs as data always. A program file whose path cannot
 * be known to be no descriptor's file (`python3 "$1"`, `python3 /proc/self/root/dev/stdin`) may be the standard input:
 * the label says so (uncertainLabel).
 */
export function interpreterReadingStdin(words: readonly string[], startsCommand: (word: string) => boolean): string | undefined {
  const at = interpreterAt(words, startsCommand);
  if (at < 0) return undefined;
  const it = interpreterOf(words[at]!)!;
  const { code, programFile, programStdin, programDescriptors, programUncertain, stdinCommands } = readArguments(words, at);
  if (programStdin || programDescriptors.some((d) => d === "0" || d === "*")) return readerLabel(words, at);
  const uncertain = programUncertain[0];
  if (uncertain !== undefined) return uncertainLabel(readerLabel(words, at), uncertain.file, uncertain.why);
  if (it.positional === "code" || it === BUN || it === DENO || ((code.length > 0 || programFile) && !stdinCommands)) return undefined;
  return readerLabel(words, at);
}

/**
 * The interpreter whose program file is descriptor `fd`'s file (`python3 /dev/fd/3`, `ruby /proc/self/fd/4`,
 * `awk -f /dev/fd/3`, `sqlite3 -init /dev/fd/3 db`; a file whose number is an expansion, `/dev/fd/$n`, may be any), as
 * interpreterReadingStdin names it, or undefined: what that descriptor carries is its program. As an argument after
 * the program (`python3 script.py /dev/fd/3`, `python3 -c '…' /dev/fd/3`) the file is data. A program file whose path
 * cannot be known to be no descriptor's file (`python3 "$1"`, `perl /proc/$$/fd/3`) may be this one: the label says so.
 */
export function interpreterReadingDescriptor(words: readonly string[], startsCommand: (word: string) => boolean, fd: string): string | undefined {
  const at = interpreterAt(words, startsCommand);
  if (at < 0) return undefined;
  const { programDescriptors, programUncertain } = readArguments(words, at);
  if (programDescriptors.some((d) => d === fd || d === "*")) return readerLabel(words, at);
  const uncertain = programUncertain[0];
  return uncertain === undefined ? undefined : uncertainLabel(readerLabel(words, at), uncertain.file, uncertain.why);
}

/** An interpreter's name as the readers give it: `python3 (in docker)` when a container runner starts it. */
function readerLabel(words: readonly string[], at: number): string {
  const runner = words.slice(0, at).map((w) => basename(w)).find((w) => CONTAINER_RUNNERS.has(w));
  return runner === undefined ? basename(words[at]!) : `${basename(words[at]!)} (in ${runner})`;
}

/**
 * The interpreter whose program is the output of a process substitution, `python3 <(…)`, `awk -f <(…)`,
 * `sqlite3 -init <(…)`, from the words of its command up to it (SUBSTITUTED_FILE where it stands), as
 * `python3 (from <(…))`; or undefined.
 */
export function substitutedProgram(words: readonly string[], startsCommand: (word: string) => boolean): string | undefined {
  const at = interpreterAt(words, startsCommand);
  return at >= 0 && readArguments(words, at).programSubstituted ? `${basename(words[at]!)} (from <(…))` : undefined;
}

/**
 * `xargs … INTERPRETER …` (`words`: what follows xargs's options): the interpreter whose code xargs's input becomes, as
 * `python3 (from xargs)`, or undefined. With -I R (`replace`) each input line replaces R in the words: code where a code
 * word holds R (`xargs -I{} python3 -c '{}'`); without, xargs appends the input's words: code where the code comes next
 * (`xargs python3 -c`, `xargs awk`). As a script file's name or an argument the input is data.
 */
export function xargsInputCode(words: readonly string[], replace: string | undefined, startsCommand: (word: string) => boolean): string | undefined {
  const at = interpreterAt(words, startsCommand);
  if (at < 0) return undefined;
  const args = readArguments(words, at);
  const code = replace !== undefined && replace !== "" ? args.code.some((c) => words[c.index]!.includes(replace)) : args.codeToCome;
  return code ? `${basename(words[at]!)} (from xargs)` : undefined;
}

/**
 * The error for a ${NAME} in what an interpreter reads as its program from elsewhere than its command line: its standard
 * input (a heredoc, or other text), another descriptor whose file is its program file (`python3 (from descriptor 3)`),
 * a process substitution's output (`python3 (from <(…))`, `(from < <(…))`, `(from 3< <(…))`), or xargs's input
 * (`(from xargs)`). `reader` says which, as its readers name it; when its program path only may be that descriptor's
 * file (uncertainLabel), the message says why, and how to name the program instead.
 */
export function stdinCodeMessage(reader: string, name: string, heredoc: boolean): string {
  const { label, clause } = splitUncertain(reader);
  const [, bare, runner, source] = /^(\S+)(?: \(in (\S+)\))?(?: \(from (.+)\))?$/.exec(label)!;
  const program = bare!;
  const words = runner !== undefined ? [runner, program] : [program];
  const it = interpreterOf(program)!;
  const what = it === PSQL || it === MYSQL || it === SQLITE ? "SQL" : "program";
  const inHeredoc = heredoc ? "a heredoc inside " : "";
  const descriptor = /^(?:descriptor (\d+)|(\d+)< <\(…\))$/.exec(source ?? "");
  const fd = descriptor?.[1] ?? descriptor?.[2];
  const where =
    source === "<(…)" ? `is in ${inHeredoc}a process substitution, <(…), whose output ${program} runs as its ${what} file`
    : source === "< <(…)" ? `is in ${inHeredoc}a process substitution, < <(…), whose output ${program} reads from its standard input as its ${what}`
    : descriptor?.[2] !== undefined ? `is in ${inHeredoc}a process substitution, ${fd}< <(…), whose output ${program} reads from descriptor ${fd} as its ${what}`
    : fd !== undefined && heredoc ? `is in a heredoc on descriptor ${fd}, which ${program} reads as its ${what}`
    : fd !== undefined ? `is in the text ${program} reads from descriptor ${fd} as its ${what}`
    : source === "xargs" ? `is in the text xargs hands ${program} as its code (-I's replacement in the code, or the input as the code)`
    : heredoc ? `is in a heredoc, which ${program} reads as its ${what}`
    : `is in the text ${program} reads from its standard input as its ${what}`;
  // Why a program file only may be that descriptor's, after where; and how to name the file instead, first.
  const may = clause === undefined ? "" : ` (${clause})`;
  return `\${${name}} ${where}${may}, where its value would run as code: ${clause === undefined ? "" : `${PLAIN_PROGRAM_PATH}, or `}${instead(words, words.length - 1, name)}`;
}

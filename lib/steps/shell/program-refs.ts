// Which ${NAME} references of a shell step's `run` stand where the program to run goes: a captured value there would choose the program (the loader refuses it: lib/loader/variables.ts).
import { findRefs } from "../../vars/interpolate.ts";
import { PRINTERS, scriptAfter, scriptFileAfter, SHELL_COMMAND_RUNNERS, shellCommandElements, SHELLS, SSH_COMMAND_OPTION } from "../../vars/shells.ts";
import { interpreterProgramFiles } from "../../vars/interpreter-code.ts";
import { runsAsCodeWhy } from "../../vars/code-names.ts";
import { processSubstitutionReader, quotedScriptReader, stdinReader } from "../../vars/stdin-script.ts";
import { descriptorBefore, PLAIN_PROGRAM_PATH, splitUncertain, withPathValues, type PathValue } from "../../vars/descriptors.ts";

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
}

/** `${NAME}`, `${NAME:-default}` and `$${` (bash's own `${…}`), as lib/vars/interpolate.ts reads them. */
const REF = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?\}/y;
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
  env: { short: "uCSa", long: ["--unset", "--chdir", "--split-string", "--argv0"], settings: true },
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

/** The option names before a command option's value that ssh hands a shell (`-oProxyCommand=`, `ProxyCommand `). */
const SSH_OPTION_PREFIX = /^(?:-o)?\s*(?:ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand)\s*=?\s*/i;

/** A part of a word from `from` on, as a word of its own. */
const wordFrom = (w: Word, from: number): Word => ({ ...w, text: w.text.slice(from), at: w.at.slice(from), plain: false });

/** Words joined with spaces into one script (eval's, watch's, ssh's remote command), each character's offset kept. */
const joinedWords = (rest: readonly Word[]): Word => ({ text: rest.map((x) => x.text).join(" "), at: rest.flatMap((x, k) => (k === 0 ? x.at : [-1, ...x.at])), raw: "", plain: false, refs: [] });

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
  if (name !== "sg" && name !== "watch" && name !== "ssh") return elements.map((k) => words[k]!);
  const out: Word[] = [];
  const joined: Word[] = [];
  for (const k of elements) {
    const w = words[k]!;
    // ssh's command options are scripts of their own; its remote command is the rest joined.
    const option = name === "ssh" && (texts[k - 1] === "-o" || w.text.startsWith("-o")) ? SSH_OPTION_PREFIX.exec(w.text) : null;
    if (option && SSH_COMMAND_OPTION.test(w.text.replace(/^-o/, ""))) out.push(wordFrom(w, option[0].length));
    else joined.push(w);
  }
  if (joined.length > 0) out.push(joinedWords(joined));
  return out;
}

/** Where the program `bun run`, `bun x` or `bun exec` runs is (`bun run ${X}`), past bun's options; undefined for none. */
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
 * their arguments), its NAME=value settings and its operands.
 */
function runAfter(runner: Runner, words: readonly string[], at: number): number | undefined {
  let j = at + 1;
  for (; j < words.length; j++) {
    const a = words[j]!;
    if (a === "--") {
      j++;
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
    if (runner.settings && ASSIGNMENT.test(a)) continue;
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
  program(word: Word): void;
  script(word: Word): void;
  /** An assignment word whose variable a program reads as code (the name). */
  assigned(word: Word, name: string): void;
}

/** The variable an assignment word sets when a program reads it as code (runsAsCodeWhy), or undefined. */
function codeAssignment(w: Word): string | undefined {
  const m = /^([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=/.exec(w.text);
  return m && w.refs.length > 0 && runsAsCodeWhy(m[1]!) !== undefined ? m[1] : undefined;
}

/** Builtins whose arguments are assignments (`export PATH=…`, `declare -x BASH_ENV=…`). */
const ASSIGNING = new Set(["export", "declare", "typeset", "local", "readonly"]);

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
      const script = scriptAfter(texts, p);
      if (script !== undefined) found.script(words[script]!);
      return;
    }
    const name = base(w.text);
    if (name === "eval" && p + 1 < words.length) {
      // eval joins its words with spaces into one script.
      found.script(joinedWords(words.slice(p + 1)));
      return;
    }
    if (name === "source" || name === ".") {
      // The file `source` reads is a script this bash runs: a program the value picks.
      const file = words[p + 1]?.text === "--" ? words[p + 2] : words[p + 1];
      if (file !== undefined) found.program(file);
      return;
    }
    if (name === "trap") {
      // trap's first argument (past `--`) is a script bash runs at the signal, as eval's words are; -p, -l print.
      const at = words[p + 1]?.text === "--" ? p + 2 : p + 1;
      const action = words[at];
      if (action !== undefined && (at > p + 1 || !/^-[lp]+$/.test(action.text)) && at + 1 < words.length) found.script(action);
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
      const script = scriptAfter(texts, p);
      if (script !== undefined) found.script(words[script]!);
      else {
        // Its script file (`bash FILE`): the file the value picks runs, as a program it named would.
        const file = scriptFileAfter(texts, p);
        if (file !== undefined) found.program(words[file]!);
      }
      return;
    }
    // An interpreter's program file or module (`perl FILE`, `python3 -m MODULE`, `awk -f FILE`): the same.
    const programFiles = interpreterProgramFiles(texts, p);
    if (programFiles !== undefined && !(name === "bun" && bunRuns(texts, p) !== undefined)) {
      for (const k of programFiles) found.program(words[k]!);
      return;
    }
    if (name === "bun") {
      const next = bunRuns(texts, p);
      if (next === undefined) return;
      p = next;
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
    if (SHELL_COMMAND_RUNNERS.has(name)) {
      // su -c, runuser -c, flock F -c, sg, script -c, watch, ssh's command: scripts a shell reads.
      const scripts = shellCommands(words, p, name);
      if (scripts !== undefined) {
        for (const s of scripts) found.script(s);
        return;
      }
    }
    if (name === "find") {
      for (let j = p + 1; j + 1 < words.length; j++) if (FIND_RUNS.has(words[j]!.text)) programsFrom(words, j + 1, found);
      return;
    }
    const runner = Object.hasOwn(RUNNERS, name) ? RUNNERS[name] : undefined;
    const next = runner && runAfter(runner, texts, p);
    // env's and sudo's NAME=value settings are the environment of the program they run.
    if (runner?.settings)
      for (let j = p + 1; j < (next ?? words.length); j++) {
        const set = codeAssignment(words[j]!);
        if (set !== undefined && !words[j - 1]!.text.startsWith("-")) found.assigned(words[j]!, set);
      }
    if (next === undefined) return;
    p = next;
  }
}

/** Reads a bash script for the words that stand where a program goes. Rough by design, as lib/vars/code-readers.ts's reader. */
class ScriptReader {
  private pending: { delimiter: string; stripTabs: boolean; via?: string }[] = [];
  /** The text with each backslash-newline as two spaces (one command, the same offsets), as the readers of stdin-script.ts take it. */
  private readonly joined: string;

  constructor(
    private readonly text: string,
    /** Offsets in the text the references are reported in, for each character of `text` (a word's, unquoted). */
    private readonly map: readonly number[] | undefined,
    private readonly out: Map<number, { name: string; via?: string; assigned?: string }>,
    private readonly depth: number,
    /** Who reads this text as a script from its input or a generated file, for messages. */
    private readonly via?: string,
  ) {
    this.joined = text.replace(/\\\n/g, "  ");
  }

  private pos(i: number): number {
    return this.map ? (this.map[i] ?? -1) : i;
  }

  private found: Found = {
    program: (w) => {
      for (const r of w.refs) if (r.offset >= 0) this.out.set(r.offset, { name: r.name, via: this.via });
    },
    script: (w) => {
      // A script another shell reads (`sh -c '…'`, eval's words) holds commands of its own.
      this.read(w.text, w.at, this.via);
    },
    assigned: (w, name) => {
      for (const r of w.refs) if (r.offset >= 0 && !this.out.has(r.offset)) this.out.set(r.offset, { name: r.name, via: this.via, assigned: name });
    },
  };

  /** Reads `text` (offsets `at`) as a script of its own: another shell's, or one a shell reads from its input. */
  private read(text: string, at: readonly number[], via: string | undefined): void {
    if (this.depth < 4 && text.includes("${")) new ScriptReader(text, at, this.out, this.depth + 1, via).list(0, "");
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

  /** A printer's words (`echo`, `printf`) that a shell reads as its script: what it prints is read as one. */
  private printed(words: readonly Word[], k: number): void {
    const name = base(words[k]!.text);
    const args = words.slice(k + 1);
    const word = args.find((w) => w.refs.length > 0 && w.from !== undefined);
    if (word === undefined || this.depth >= 4) return;
    const via = this.fedTo(word.from!, word.to!);
    if (via === undefined) return;
    const out = name === "echo" ? echoed(args) : printfed(args);
    if (out !== undefined) this.read(out.text, out.at, via);
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
    if (first.plain && ASSIGNING.has(first.text))
      for (const w of words.slice(k + 1)) {
        const set = codeAssignment(w);
        if (set !== undefined) this.found.assigned(w, set);
      }
    programsFrom(words, k, this.found);
    if (first.plain && PRINTERS.has(base(first.text))) this.printed(words, k);
  }

  /**
   * Reads a list of commands from `i` to `closer` (`)` of `$(`, `<(`; a backtick; "" for the end): returns the index after
   * the closer.
   */
  list(i: number, closer: ")" | "`" | ""): number {
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
      if (closer === "`" && c === "`") {
        end();
        return i + 1;
      }
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
        const descriptor = fd !== undefined && fd !== "0" ? `descriptor ${fd}` : "";
        if (target === "<<" || target === "<<-") {
          const reader = word.text === "" ? undefined : stdinReader(this.joined, targetAt, i);
          const via = reader === undefined || reader.startsWith("xargs ") ? undefined : readsFrom(reader, `reads from ${descriptor ? `a heredoc on ${descriptor}` : "a heredoc"}`);
          this.pending.push({ delimiter: word.text, stripTabs: target === "<<-", via });
        } else if (target === "<<<" && word.refs.length > 0 && this.depth < 4) {
          const via = this.fedTo(word.from!, word.to!, descriptor);
          if (via !== undefined) this.read(word.text, word.at, via);
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
      const { delimiter, stripTabs, via } = this.pending.shift()!;
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
      if (via !== undefined) this.read(text.slice(start, end), Array.from({ length: end - start }, (_, k) => this.pos(start + k)), via);
    }
    return i;
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
        let j = i + 2;
        while (j < text.length && text[j] !== "'") j += text[j] === "\\" ? 2 : 1;
        kept(i, Math.min(j + 1, text.length));
        i = j + 1;
      } else if (c === '"') i = this.doubleQuoted(i + 1, w, put);
      else {
        const close = this.substitutionEnd(i) ?? i + 1;
        put(i, close);
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
      } else {
        const close = this.substitutionEnd(i) ?? i + 1;
        put(i, close);
        i = close;
      }
    }
    return i;
  }

  /** The index after a command substitution (`$(…)`, an arithmetic `$((…))`, `` `…` ``) starting at `i`, or undefined when none does. */
  private substitutionEnd(i: number): number | undefined {
    const text = this.text;
    if (text[i] === "$" && text[i + 1] === "(") return text[i + 2] === "(" ? parenEnd(text, i + 1) : this.list(i + 2, ")");
    if (text[i] === "`") return this.list(i + 1, "`");
    return undefined;
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
  const out = new Map<number, { name: string; via?: string; assigned?: string }>();
  withPathValues(pathValues, () => new ScriptReader(script, undefined, out, 0).list(0, ""));
  return [...out].sort((a, b) => a[0] - b[0]).map(([offset, { name, via, assigned }]) => ({ name, offset, ...(via === undefined ? {} : { via }), ...(assigned === undefined ? {} : { assigned }) }));
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
    program: (w) => {
      for (const r of w.refs) push(r.offset, r);
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
export function capturedProgramMessage(name: string, by: string, via?: string): string {
  // A script file that only may be the text's descriptor (readsFrom): the text may be the file's data.
  const plain = via?.includes(" (its program path, ") ? `; or, if the text is the data of a script file, ${PLAIN_PROGRAM_PATH}` : "";
  return `\${${name}} stands where the program to run goes${via === undefined ? "" : ` in the script ${via}`}, and ${by} captures it: what answered would choose the program. Name the program yourself and pass the value as its argument, or compare it with the programs you allow first (case "\${${name}}" in whoami) whoami ;; esac)${plain}`;
}

/**
 * The load error of a reference to a captured name in the value assigned to a variable a program reads as code
 * (`assigned`: ProgramRef's, `BASH_ENV="${F}" bash -c …`): what answered would choose the file or command that runs, as
 * an `env:` key's captured value would (lib/vars/code-names.ts envNameMessage).
 */
export function capturedAssignmentMessage(name: string, by: string, assigned: string, via?: string): string {
  return `\${${name}} is assigned to ${assigned}${via === undefined ? "" : ` in the script ${via}`} (${runsAsCodeWhy(assigned) ?? "a program reads it as code"}), and ${by} captures it: what answered would choose what runs. Set ${assigned} from a value of your own (vars:, --var, the environment), or check the captured value first (case "\${${name}}" in …)`;
}

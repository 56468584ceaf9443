// Where a shell step's script reads a variable as bash's own `$NAME` (or `${#NAME}`, `${NAME%x}` …): every variable, captures too, is exported to it, and the scenario's ${NAME} references do not show these reads.
import type { StepSpec } from "../engine/spec.ts";
import { SHELL_NAMES_PATTERN, shellScript } from "../vars/shells.ts";

/** A variable the script reads from its environment, and where: the offset of its `$` in the script. */
export interface EnvRead {
  name: string;
  offset: number;
}

const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

/** The scenario's own `${NAME}` and `${NAME:-default}` (interpolate.ts), which the capture check reads through findRefs. */
const SCENARIO_REF = /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}/y;

/**
 * A shell given -c in the same command before a single-quoted word (`bash -c '…'`, `sh -ec '…'`): the word is that
 * shell's script, which expands the exported variables itself.
 */
const SHELL_C_BEFORE = new RegExp(`(?:^|[\\s/;&|(])(?:${SHELL_NAMES_PATTERN})\\s(?:[^;&|\\n]*\\s)?-[A-Za-z]*c[A-Za-z]*\\s+$`);

interface Context {
  kind: "cmd" | "dq";
  /** Open parentheses inside this command context (a `)` at 0 ends a `$(`). */
  depth: number;
}

interface Heredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

/**
 * The variables a bash script reads from its environment as `$NAME`, `${#NAME}`, `${!NAME}` or `${NAME<op>…}`, in
 * order; not inside single quotes (unless they hold the script of a `sh -c`), `$'…'`, comments or quoted heredocs,
 * nor escaped (`\$NAME`). Left out: the scenario's `${NAME}` and `${NAME:-default}` (its own references), bash's
 * forms with a default (`${NAME-x}`, `${NAME:=x}` …), and a read after the script gave the name a value itself in the
 * same shell (ownValues: `NAME=…` as a whole command, `read NAME`, `for NAME` …; for a `sh -c` script, one exported
 * to it too). A reader of the common forms, not all of bash: arithmetic's bare names and backquotes are not followed.
 */
export function envReads(script: string): EnvRead[] {
  if (!script.includes("$")) return [];
  const reads: EnvRead[] = [];
  const children: Range[] = [];
  scan(script, 0, reads, children);
  if (!reads.length) return [];
  const levels = [{ start: 0, end: script.length }, ...children].map((r) => ({ ...r, own: ownValuesOrNone(script.slice(r.start, r.end), r.start) }));
  return reads.filter((read) => {
    const around = levels.filter((l) => l.start <= read.offset && read.offset <= l.end);
    const inner = around.reduce((a, b) => (b.start >= a.start ? b : a));
    // A value given in the same script holds there; one given by the script that runs `sh -c '…'`, only exported.
    return !around.some((l) => l.own.some((o) => o.name === read.name && o.at <= read.offset && read.offset < o.end && (l === inner || o.exported)));
  });
}

/** ownValues, or none when the script nests deeper than the parser's stack goes (its reads then stay reads). */
function ownValuesOrNone(script: string, base: number): OwnValue[] {
  try {
    return ownValues(script, base);
  } catch (e) {
    if (e instanceof RangeError) return [];
    throw e;
  }
}

/** A stretch of the script, as offsets from its start: [start, end). */
interface Range {
  start: number;
  end: number;
}

function scan(text: string, base: number, reads: EnvRead[], children: Range[]): void {
  const stack: Context[] = [{ kind: "cmd", depth: 0 }];
  const heredocs: Heredoc[] = [];
  let i = 0;
  while (i < text.length) {
    const ctx = stack[stack.length - 1]!;
    const ch = text[i]!;
    if (ch === "\\") {
      i += 2;
      continue;
    }
    if (ch === "$") {
      i = dollar(text, i, base, reads, stack);
      continue;
    }
    if (ctx.kind === "dq") {
      if (ch === '"') stack.pop();
      i++;
      continue;
    }
    if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      const stop = end < 0 ? text.length : end;
      if (SHELL_C_BEFORE.test(text.slice(Math.max(0, i - 300), i))) {
        children.push({ start: base + i + 1, end: base + stop });
        scan(text.slice(i + 1, stop), base + i + 1, reads, children);
      }
      i = stop + 1;
    } else if (ch === '"') {
      stack.push({ kind: "dq", depth: 0 });
      i++;
    } else if (ch === "#" && (i === 0 || /[\s;&|()]/.test(text[i - 1]!))) {
      const nl = text.indexOf("\n", i);
      i = nl < 0 ? text.length : nl;
    } else if (ch === "(") {
      ctx.depth++;
      i++;
    } else if (ch === ")") {
      if (ctx.depth > 0) ctx.depth--;
      else if (stack.length > 1) stack.pop();
      i++;
    } else if (ch === "<" && text[i + 1] === "<" && text[i + 2] !== "<") {
      i = heredocStart(text, i + 2, heredocs);
    } else if (ch === "\n" && heredocs.length) {
      i = heredocBodies(text, i + 1, base, heredocs.splice(0), reads);
    } else {
      i++;
    }
  }
}

/** Reads what starts with the `$` at i; returns where to go on. A `$(` opens a command context on the stack. */
function dollar(text: string, i: number, base: number, reads: EnvRead[], stack: Context[]): number {
  const next = text[i + 1];
  const ctx = stack[stack.length - 1]!;
  if (next === "$") {
    // The scenario's `$${` hands bash a literal `${`, which bash expands; `$$` alone is bash's process id.
    return text[i + 2] === "{" ? bashBrace(text, i + 1, i, base, reads) : i + 2;
  }
  if (next === "'" && ctx.kind === "cmd") {
    let j = i + 2;
    while (j < text.length && text[j] !== "'") j += text[j] === "\\" ? 2 : 1;
    return j + 1;
  }
  if (next === "(") {
    stack.push({ kind: "cmd", depth: 0 });
    return i + 2;
  }
  if (next === "{") {
    SCENARIO_REF.lastIndex = i;
    const ref = SCENARIO_REF.exec(text);
    return ref ? i + ref[0].length : bashBrace(text, i, i, base, reads);
  }
  NAME.lastIndex = i + 1;
  const m = NAME.exec(text);
  if (!m) return i + 1;
  reads.push({ name: m[0], offset: base + i });
  return i + 1 + m[0].length;
}

/** Bash's `${…}` at `at` (its `$`): `${#NAME}`, `${!NAME}`, `${NAME%x}`, `${NAME:0:2}` … read NAME; a default form does not need it. */
function bashBrace(text: string, at: number, dollarAt: number, base: number, reads: EnvRead[]): number {
  let j = at + 2;
  if ((text[j] === "#" || text[j] === "!") && /[A-Za-z_]/.test(text[j + 1] ?? "")) j++;
  NAME.lastIndex = j;
  const m = NAME.exec(text);
  if (!m) return at + 2;
  const after = j + m[0].length;
  const op = text.slice(after, after + 2);
  if (!/^(?:-|=|:-|:=)/.test(op)) reads.push({ name: m[0], offset: base + dollarAt });
  return after;
}

/** Reads a heredoc's delimiter word after `<<`; returns where the word ends. */
function heredocStart(text: string, j: number, heredocs: Heredoc[]): number {
  let stripTabs = false;
  if (text[j] === "-") {
    stripTabs = true;
    j++;
  }
  while (text[j] === " " || text[j] === "\t") j++;
  let delimiter = "";
  let quoted = false;
  while (j < text.length && !/[\s;&|<>()]/.test(text[j]!)) {
    const c = text[j]!;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, j + 1);
      const stop = end < 0 ? text.length : end;
      delimiter += text.slice(j + 1, stop);
      quoted = true;
      j = stop + 1;
    } else if (c === "\\") {
      delimiter += text[j + 1] ?? "";
      quoted = true;
      j += 2;
    } else {
      delimiter += c;
      j++;
    }
  }
  if (delimiter) heredocs.push({ delimiter, stripTabs, quoted });
  return j;
}

/** Reads the bodies of the heredocs begun on the line before `start`; an unquoted one expands `$NAME`. Returns where they end. */
function heredocBodies(text: string, start: number, base: number, docs: readonly Heredoc[], reads: EnvRead[]): number {
  let p = start;
  for (const doc of docs) {
    while (p < text.length) {
      const nl = text.indexOf("\n", p);
      const end = nl < 0 ? text.length : nl;
      const line = text.slice(p, end);
      if ((doc.stripTabs ? line.replace(/^\t+/, "") : line) === doc.delimiter) {
        p = end + 1;
        break;
      }
      if (!doc.quoted) {
        // Quotes are text in a heredoc's body: only `\` and `$` count, as inside double quotes.
        const inBody: Context[] = [{ kind: "dq", depth: 0 }];
        for (let k = 0; k < line.length; ) {
          if (line[k] === "\\") k += 2;
          else if (line[k] === "$") k = dollar(line, k, base + p, reads, inBody);
          else k++;
        }
      }
      p = end + 1;
    }
  }
  return p;
}

/** The bash script of a shell step: its `run` string, or the script of a list's shell -c ([bash, -c, SCRIPT]); else undefined. */
export function shellStepScript(spec: StepSpec): string | undefined {
  if (spec.kind !== "shell") return undefined;
  const run = (spec.input as { run?: unknown } | undefined)?.run;
  if (typeof run === "string") return run;
  if (!Array.isArray(run) || !run.every((a) => typeof a === "string")) return undefined;
  const found = shellScript(run);
  return found ? run[found.script] : undefined;
}

/** Where an offset of a script is, as a message says it: "in its run:", or "in line N of its run:" for a longer script. */
export function whereInRun(script: string, offset: number): string {
  if (!script.includes("\n")) return "in its run:";
  return `in line ${script.slice(0, offset).split("\n").length} of its run:`;
}

/**
 * A value the script gives a name itself: a read at an offset in [at, end) gets it, not the environment's. `end` is
 * where the shell that set it ends: the script's end, or a subshell's, a function body's, a pipeline element's.
 */
interface OwnValue {
  name: string;
  at: number;
  end: number;
  /** Exported (`export NAME=…`, `declare -x`): a `sh -c` script this one runs gets it too. */
  exported: boolean;
}

/** A whole word `NAME=…`, `NAME+=…`, `NAME[i]=…` (an assignment, as written: a quoted name is none). */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\+?=/;
const IS_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Ends a word: a blank or a character of bash's operators. */
const META = /[\s;&|()<>]/;
/** `NAME=`, `NAME+=` … in arithmetic (not `==`), and `NAME++`, `--NAME`. */
const ARITH_SET = /([A-Za-z_][A-Za-z0-9_]*)\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|([A-Za-z_][A-Za-z0-9_]*)\s*(?:\+\+|--)|(?:\+\+|--)\s*([A-Za-z_][A-Za-z0-9_]*)/g;

interface Word {
  raw: string;
  start: number;
  end: number;
}

/**
 * The values a bash script gives names itself (offsets plus `base`), as the script's own shell has them: a name is set
 * by an assignment that is a whole command (`NAME=…`, several too), by `export`, `declare`, `typeset`, `local` or
 * `readonly` with a value, `read`, `for`/`select`, `printf -v`, `mapfile`, `getopts`, `let` and `((…))`. An assignment
 * in front of a command (`NAME=1 cmd`) lasts for that command only and sets nothing; one inside `( … )`, `$( … )`,
 * backquotes, `<( … )`, a function's body, an element of a pipeline (`echo 1 | read NAME`) or a command run in the
 * background holds only there. Under `if`, `&&`, `case` or a loop it counts (the same shell, if that branch runs).
 * A reader of the common forms, not all of bash: what it does not follow sets nothing, so a later read stays a read.
 */
function ownValues(script: string, base = 0): OwnValue[] {
  return new OwnValues(script, base).all();
}

class OwnValues {
  private i = 0;
  /** The values given in each shell still open (the innermost last), their `end` not known yet. */
  private readonly open: OwnValue[][] = [[]];
  private readonly done: OwnValue[] = [];
  private readonly heredocs: { delimiter: string; stripTabs: boolean }[] = [];
  /** Names `export NAME` (no value) marked: a value given them later is exported too. */
  private readonly exportedNames = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  all(): OwnValue[] {
    this.list([]);
    this.close(this.open.pop()!, this.text.length);
    return this.done;
  }

  // The shells: values given in one hold until it ends, or go on in the shell around it.
  private close(values: OwnValue[], end: number): void {
    for (const v of values) this.done.push({ ...v, end: this.base + end });
  }

  private set(name: string, at: number, exported = false): void {
    this.open.at(-1)!.push({ name, at: this.base + at, end: -1, exported: exported || this.exportedNames.has(name) });
  }

  /** Runs `parse` in a shell of its own (a subshell, a function body), which ends where parse stops. */
  private ownShell(parse: () => void): void {
    this.open.push([]);
    parse();
    this.close(this.open.pop()!, this.i);
  }

  // Characters.
  private at(s: string): boolean {
    return this.text.startsWith(s, this.i);
  }

  /** Skips blanks, line continuations and a comment (not the line break that ends it). */
  private blank(): void {
    const t = this.text;
    for (;;) {
      if (t[this.i] === " " || t[this.i] === "\t" || t[this.i] === "\r") this.i++;
      else if (t[this.i] === "\\" && t[this.i + 1] === "\n") this.i += 2;
      else if (t[this.i] === "#") {
        const nl = t.indexOf("\n", this.i);
        this.i = nl < 0 ? t.length : nl;
      } else return;
    }
  }

  /** A line break: the bodies of the heredocs begun on its line follow it. */
  private newline(): void {
    const t = this.text;
    this.i++;
    for (const doc of this.heredocs.splice(0)) {
      while (this.i < t.length) {
        const nl = t.indexOf("\n", this.i);
        const end = nl < 0 ? t.length : nl;
        const line = t.slice(this.i, end);
        this.i = Math.min(t.length, end + 1);
        if ((doc.stripTabs ? line.replace(/^\t+/, "") : line) === doc.delimiter) break;
      }
    }
  }

  /** Blanks and line breaks. */
  private blankLines(): void {
    for (;;) {
      this.blank();
      if (this.text[this.i] !== "\n") return;
      this.newline();
    }
  }

  /** The word at i when it is written plainly (a reserved word: `if`, `done`, `{`, `[[`), else undefined. */
  private plainWord(): string | undefined {
    const m = /^[^\s;&|()<>'"`$\\]+/.exec(this.text.slice(this.i, this.i + 40));
    if (!m) return undefined;
    const next = this.text[this.i + m[0].length];
    return next === undefined || META.test(next) ? m[0] : undefined;
  }

  private take(word: string): boolean {
    if (this.plainWord() !== word) return false;
    this.i += word.length;
    return true;
  }

  // Lists, pipelines and commands.

  /** Commands until one of `stops` (a reserved word, `)`, `;;`) stands where a command would, or the text ends. */
  private list(stops: readonly string[]): void {
    const t = this.text;
    for (;;) {
      this.separators();
      if (this.i >= t.length) return;
      if (t[this.i] === ")" && stops.includes(")")) return;
      if (this.at(";;") || this.at(";&")) {
        if (stops.includes(";;")) return;
        this.i += 2;
        continue;
      }
      const word = this.plainWord();
      if (word !== undefined && stops.includes(word)) return;
      const before = this.i;
      this.pipeline();
      // What no command starts with (a `)` outside a subshell): passed over.
      if (this.i === before) this.i++;
    }
  }

  /** Line breaks, `;`, `&&` and `||` between commands (a `;;` ends a case's branch and is left). */
  private separators(): void {
    const t = this.text;
    for (;;) {
      this.blank();
      if (t[this.i] === "\n") this.newline();
      else if (t[this.i] === ";" && t[this.i + 1] !== ";" && t[this.i + 1] !== "&") this.i++;
      else if (this.at("&&") || this.at("||")) this.i += 2;
      else return;
    }
  }

  /**
   * Commands joined by `|`: each runs in a subshell of its own when there are several, and so does a command run in the
   * background (`&`); a value given there holds only there.
   */
  private pipeline(): void {
    const t = this.text;
    const elements: { values: OwnValue[]; end: number }[] = [];
    for (;;) {
      this.blank();
      if (t[this.i] === "!" && (this.i + 1 >= t.length || META.test(t[this.i + 1]!))) this.i++;
      this.open.push([]);
      this.command();
      elements.push({ values: this.open.pop()!, end: this.i });
      this.blank();
      if (t[this.i] === "|" && t[this.i + 1] !== "|") {
        this.i += t[this.i + 1] === "&" ? 2 : 1;
        this.blankLines();
        continue;
      }
      break;
    }
    const background = t[this.i] === "&" && t[this.i + 1] !== "&" && t[this.i + 1] !== ">";
    if (background) this.i++;
    if (elements.length > 1 || background) for (const e of elements) this.close(e.values, e.end);
    else this.open.at(-1)!.push(...elements[0]!.values);
  }

  private command(): void {
    const t = this.text;
    this.blank();
    if (t[this.i] === "(") {
      if (t[this.i + 1] === "(") this.arithmetic();
      else {
        this.i++;
        this.subshell();
      }
      this.simple(true);
      return;
    }
    switch (this.plainWord()) {
      case "{":
        this.i++;
        this.list(["}"]);
        this.take("}");
        break;
      case "if":
        this.i += 2;
        for (;;) {
          this.list(["then"]);
          this.take("then");
          this.list(["elif", "else", "fi"]);
          if (this.take("elif")) continue;
          if (this.take("else")) this.list(["fi"]);
          this.take("fi");
          break;
        }
        break;
      case "while":
      case "until":
        this.i += 5;
        this.list(["do"]);
        this.loopBody();
        break;
      case "for":
      case "select":
        this.i += this.at("for") ? 3 : 6;
        this.forLoop();
        break;
      case "case":
        this.i += 4;
        this.caseCommand();
        break;
      case "function":
        this.i += 8;
        this.blank();
        this.word();
        this.blank();
        if (/^\(\s*\)/.test(t.slice(this.i, this.i + 20))) this.i = t.indexOf(")", this.i) + 1;
        this.functionBody();
        return;
      case "[[":
        this.i += 2;
        while (this.i < t.length) {
          this.blankLines();
          if (this.take("]]")) break;
          if (this.word() === undefined) this.i++;
        }
        break;
      case "time":
        this.i += 4;
        this.blank();
        this.take("-p");
        this.command();
        return;
      default:
        this.simple(false);
        return;
    }
    this.simple(true);
  }

  /** `do … done` (or a brace group), after a loop's head. */
  private loopBody(): void {
    this.separators();
    if (this.take("do")) {
      this.list(["done"]);
      this.take("done");
    } else if (this.plainWord() === "{") this.command();
  }

  /** `for NAME [in WORDS]; do …; done`, and `for ((…))`: NAME has a value from the loop's first turn on. */
  private forLoop(): void {
    const t = this.text;
    this.blank();
    if (this.at("((")) this.arithmetic();
    else {
      const name = this.word();
      for (;;) {
        this.blank();
        if (t[this.i] === "\n") this.newline();
        else if (t[this.i] === ";") this.i++;
        else if (this.i >= t.length || this.plainWord() === "do" || this.plainWord() === "{") break;
        else if (this.word() === undefined) this.i++;
      }
      if (name && IS_NAME.test(name.raw)) this.set(name.raw, this.i);
    }
    this.loopBody();
  }

  private caseCommand(): void {
    const t = this.text;
    this.blank();
    this.word();
    this.blankLines();
    this.take("in");
    while (this.i < t.length) {
      this.blankLines();
      if (this.take("esac")) break;
      if (t[this.i] === "(") this.i++;
      while (this.i < t.length) {
        this.blankLines();
        if (t[this.i] === ")") {
          this.i++;
          break;
        }
        if (t[this.i] === "|") this.i++;
        else if (this.word() === undefined) this.i++;
      }
      this.list([";;", "esac"]);
      if (this.at(";;&")) this.i += 3;
      else if (this.at(";;") || this.at(";&")) this.i += 2;
    }
  }

  /** A function's body: its values hold in it only (a `local` one, and one set when it is called, maybe later). */
  private functionBody(): void {
    this.blankLines();
    this.ownShell(() => this.command());
  }

  /** After `(`: the subshell's commands, to its `)`. */
  private subshell(): void {
    this.ownShell(() => this.list([")"]));
    if (this.text[this.i] === ")") this.i++;
  }

  /** `((…))` at i, a command or `for ((…))`'s head: `NAME=…`, `NAME++` … in it set NAME. */
  private arithmetic(): void {
    const t = this.text;
    let depth = 0;
    const start = this.i;
    while (this.i < t.length) {
      const c = t[this.i++];
      if (c === "(") depth++;
      else if (c === ")" && --depth === 0) break;
    }
    for (const m of t.slice(start + 2, this.i).matchAll(ARITH_SET)) this.set((m[1] ?? m[2] ?? m[3])!, this.i);
  }

  /**
   * A simple command's words and redirections (`compound`: only the redirections after a compound command). Its
   * leading assignments set their names when no command follows them; its command may set names (`read NAME` …).
   */
  private simple(compound: boolean): void {
    const t = this.text;
    const words: Word[] = [];
    for (;;) {
      this.blank();
      if (this.i >= t.length) break;
      const c = t[this.i]!;
      if ((c === "<" || c === ">") && t[this.i + 1] !== "(") {
        this.redirection();
        continue;
      }
      if (c === "&" && t[this.i + 1] === ">") {
        this.i++;
        this.redirection();
        continue;
      }
      if (c === "(" && !compound && words.length === 1 && IS_NAME.test(words[0]!.raw) && /^\(\s*\)/.test(t.slice(this.i, this.i + 20))) {
        // NAME () BODY: a function's definition.
        this.i = t.indexOf(")", this.i) + 1;
        this.functionBody();
        return;
      }
      if (/[\n;&|()]/.test(c)) break;
      const word = this.word();
      if (word === undefined) break;
      // A file descriptor's number before a redirection (`2>/dev/null`), no word of the command.
      if (/^\d+$/.test(word.raw) && (t[this.i] === "<" || t[this.i] === ">")) continue;
      if (!compound) words.push(word);
    }
    if (!compound) this.commandSets(words);
  }

  private commandSets(words: readonly Word[]): void {
    let k = 0;
    while (k < words.length && ASSIGNMENT.test(words[k]!.raw)) k++;
    if (k === words.length) {
      for (const w of words) this.set(ASSIGNMENT.exec(w.raw)![1]!, w.end);
      return;
    }
    const command = words[k]!.raw;
    const args = words.slice(k + 1);
    const end = words.at(-1)!.end;
    switch (command) {
      case "export":
      case "declare":
      case "typeset":
      case "local":
      case "readonly": {
        let exported = command === "export";
        for (const a of args) {
          if (a.raw.startsWith("-")) {
            if (a.raw.includes("x")) exported = true;
            continue;
          }
          const m = ASSIGNMENT.exec(a.raw);
          if (m) this.set(m[1]!, a.end, exported);
          else if (exported && IS_NAME.test(a.raw)) this.exportedNames.add(a.raw);
        }
        break;
      }
      case "read":
        for (const name of namesAfterOptions(args, "dinNptu", "a")) this.set(name, end);
        break;
      case "mapfile":
      case "readarray":
        for (const name of namesAfterOptions(args, "dnOsuCc", "").slice(0, 1)) this.set(name, end);
        break;
      case "printf":
        if (args[0]?.raw === "-v" && args[1] && IS_NAME.test(args[1].raw)) this.set(args[1].raw, end);
        break;
      case "getopts":
        if (args[1] && IS_NAME.test(args[1].raw)) this.set(args[1].raw, end);
        break;
      case "let":
        for (const a of args) for (const m of a.raw.matchAll(ARITH_SET)) this.set((m[1] ?? m[2] ?? m[3])!, end);
        break;
      case "command":
      case "builtin":
        this.commandSets(args);
        break;
    }
  }

  /** A redirection at i (`>`, `2>&1`, `<<EOF` …): its operator and its word; a heredoc's body is read at the line's end. */
  private redirection(): void {
    const t = this.text;
    if (this.at("<<") && !this.at("<<<")) {
      this.i += 2;
      const stripTabs = t[this.i] === "-";
      if (stripTabs) this.i++;
      this.blank();
      const word = this.word();
      if (word) this.heredocs.push({ delimiter: word.raw.replace(/\\(.)/g, "$1").replace(/["']/g, ""), stripTabs });
      return;
    }
    while (/[<>&|]/.test(t[this.i] ?? "")) this.i++;
    this.blank();
    this.word();
  }

  /**
   * One word from i (quotes, `$(…)`, `${…}`, backquotes and all), or undefined when none starts there. The commands of a
   * `$(…)`, backquotes or `<(…)` in it run in a shell of their own.
   */
  private word(): Word | undefined {
    const t = this.text;
    const start = this.i;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === "\\") this.i += 2;
      else if (c === "'") this.i = end(t.indexOf("'", this.i + 1), t) + 1;
      else if (c === '"') this.doubleQuoted();
      else if (c === "`") this.backquoted();
      else if (c === "$") this.dollar(false);
      else if ((c === "<" || c === ">") && t[this.i + 1] === "(" && this.i === start) {
        this.i += 2;
        this.subshell();
      } else if (c === "(" && this.i > start && /[=@?*+!]/.test(t[this.i - 1]!)) this.balanced();
      else if (META.test(c)) break;
      else this.i++;
    }
    this.i = Math.min(this.i, t.length);
    return this.i > start ? { raw: t.slice(start, this.i), start, end: this.i } : undefined;
  }

  /** `(…)` in a word (an array's values, an extended glob), to its `)`. */
  private balanced(): void {
    const t = this.text;
    let depth = 0;
    while (this.i < t.length) {
      const c = t[this.i]!;
      if (c === "\\") this.i += 2;
      else if (c === "'") this.i = end(t.indexOf("'", this.i + 1), t) + 1;
      else if (c === '"') this.doubleQuoted();
      else if (c === "$") this.dollar(false);
      else {
        this.i++;
        if (c === "(") depth++;
        else if (c === ")" && --depth === 0) return;
      }
    }
  }

  private doubleQuoted(): void {
    const t = this.text;
    this.i++;
    while (this.i < t.length && t[this.i] !== '"') {
      const c = t[this.i]!;
      if (c === "\\") this.i += 2;
      else if (c === "`") this.backquoted();
      else if (c === "$") this.dollar(true);
      else this.i++;
    }
    this.i++;
  }

  /** Backquotes: their commands, read as a script of their own, run in a subshell. */
  private backquoted(): void {
    const t = this.text;
    let j = this.i + 1;
    while (j < t.length && t[j] !== "`") j += t[j] === "\\" ? 2 : 1;
    this.done.push(...new OwnValues(t.slice(this.i + 1, Math.min(j, t.length)), this.base + this.i + 1).all());
    this.i = j + 1;
  }

  /** What starts with the `$` at i: `$(…)` (a subshell), `$((…))`, `${…}`, `$'…'`, or a `$` of a name. */
  private dollar(quoted: boolean): void {
    const t = this.text;
    const next = t[this.i + 1];
    if (next === "(" && t[this.i + 2] === "(") {
      this.i++;
      this.balanced();
    } else if (next === "(") {
      this.i += 2;
      this.subshell();
    } else if (next === "{") {
      this.i += 2;
      let depth = 1;
      while (this.i < t.length && depth > 0) {
        const c = t[this.i]!;
        if (c === "\\") this.i += 2;
        else if (c === "'" && !quoted) this.i = end(t.indexOf("'", this.i + 1), t) + 1;
        else if (c === '"') this.doubleQuoted();
        else if (c === "$") this.dollar(quoted);
        else {
          if (c === "{") depth++;
          else if (c === "}") depth--;
          this.i++;
        }
      }
    } else if (next === "'" && !quoted) {
      let j = this.i + 2;
      while (j < t.length && t[j] !== "'") j += t[j] === "\\" ? 2 : 1;
      this.i = j + 1;
    } else this.i++;
  }
}

/** Where a search for a closing character ended: its index, or the text's end when there is none. */
function end(found: number, text: string): number {
  return found < 0 ? text.length : found;
}

/**
 * The names a builtin's words give values (`read -r -p "?" A B`): the words after its options, and the argument of an
 * option in `named` (`read -a NAME`); an option in `withArg` takes the next word (or the rest of its own) as an argument.
 */
function namesAfterOptions(args: readonly Word[], withArg: string, named: string): string[] {
  const names: string[] = [];
  let k = 0;
  for (; k < args.length; k++) {
    const raw = args[k]!.raw;
    if (raw === "--") {
      k++;
      break;
    }
    if (!raw.startsWith("-") || raw === "-") break;
    for (let c = 1; c < raw.length; c++) {
      const option = raw[c]!;
      if (!withArg.includes(option) && !named.includes(option)) continue;
      const value = c + 1 < raw.length ? raw.slice(c + 1) : args[++k]?.raw;
      if (named.includes(option) && value !== undefined && IS_NAME.test(value)) names.push(value);
      break;
    }
  }
  for (; k < args.length; k++) if (IS_NAME.test(args[k]!.raw)) names.push(args[k]!.raw);
  return names;
}

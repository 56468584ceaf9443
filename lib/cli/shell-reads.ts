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
 * forms with a default (`${NAME-x}`, `${NAME:=x}` …), and names the script sets itself (`NAME=…`, `for NAME`, `read NAME`).
 * A reader of the common forms, not all of bash: arithmetic's bare names and backquotes are not followed.
 */
export function envReads(script: string): EnvRead[] {
  if (!script.includes("$")) return [];
  const reads: EnvRead[] = [];
  scan(script, 0, reads);
  const own = new Map<string, boolean>();
  return reads.filter((r) => {
    if (!own.has(r.name)) own.set(r.name, setsItself(script, r.name));
    return !own.get(r.name);
  });
}

/** Whether the script gives the name a value of its own: an assignment at a command's start, `for NAME`, `read … NAME`. */
function setsItself(script: string, name: string): boolean {
  const assigned = new RegExp(
    `(?:^|[;&|({\\n]|\\b(?:then|do|else))\\s*(?:(?:export|local|declare|typeset|readonly)(?:\\s+-\\w+)*\\s+)?${name}\\+?=|\\b(?:for|select)\\s+${name}\\b|\\bread\\b[^;&|\\n]*\\s${name}\\b`,
  );
  return assigned.test(script);
}

function scan(text: string, base: number, reads: EnvRead[]): void {
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
      if (SHELL_C_BEFORE.test(text.slice(Math.max(0, i - 300), i))) scan(text.slice(i + 1, stop), base + i + 1, reads);
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

// Turns the ${NAME} references of a `bash -c` command line into references to environment variables that carry the values: bash expands them, no value is ever spliced into the code.
import { randomHex } from "../util/random-hex.ts";
import { refValue, shellQuote, type Lookup } from "./interpolate.ts";
import { SHELL_NAMES_PATTERN } from "./shells.ts";
import { CONTAINER_RUNNERS, evaluatedAt, inContainer, interpreterCodeReader, processSubstitutionReader, quotedProgramReader, quotedScriptReader, stdinProgramReader, stdinReader, throughCalls } from "./stdin-script.ts";
import { stdinCodeMessage } from "./interpreter-code.ts";
import { scriptReaderOf, sshOptionReader } from "./code-readers.ts";
import { unquoteBash } from "./bash-quotes.ts";
import { descriptorBefore, PLAIN_PROGRAM_PATH, SCRIPT_REF_SOURCE, splitUncertain, withPathValues } from "./descriptors.ts";

/** Matches $${ (a literal "${" for bash) and ${NAME} / ${NAME:-default}, as interpolate.ts does. */
const REF = new RegExp(SCRIPT_REF_SOURCE, "y");

/** Where a reference sits, which decides how bash must be told to expand it. */
type Context =
  | { kind: "cmd"; close: ")" | "`" | "" ; depth: number; start?: number }
  | { kind: "sq"; start?: number; end?: number }
  | { kind: "ansi"; start?: number; end?: number }
  | { kind: "dq"; start?: number; end?: number }
  | { kind: "param"; quoted: boolean; depth: number }
  | { kind: "arith"; depth: number; closeLen: number }
  | ({ kind: "heredoc" } & PendingHeredoc);

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
  /** The shell that runs the body as its script (`bash <<EOF`, `cat <<EOF | sh`), if one does. */
  reader?: string;
  /** The descriptor the heredoc is on when it is not the standard input (`3<<EOF`: "3"). */
  descriptor?: string;
  /** The interpreter that runs the body as its program (`python3 <<EOF`, `cat <<EOF | psql`), if one does. */
  program?: string;
}

export interface BashCommand {
  /** The command line for `bash -c`: every reference became "${<env name>}" in a form that fits its quoting. */
  command: string;
  /** The environment variables the command refers to, name → value. */
  env: Record<string, string>;
}

/** A value in an arithmetic context (`$(( ))`, `(( ))`) is evaluated again as an expression by bash: only numbers pass. */
const NUMBER = /^[+-]?(?:0[xX][0-9a-fA-F]+|[0-9]+)$/;

/** A prefix no scenario variable uses in practice, fresh per call so that it cannot be guessed from outside. */
function freshPrefix(): string {
  return `__scenario_${randomHex(4)}_`;
}

/**
 * Rewrites text (the `run:` string as written) so that each ${NAME} becomes a reference to an environment variable
 * holding lookup(NAME) (or the default): "${X}" inside double quotes and heredocs, "${X}" quoted where the author
 * wrote none (one word, no splitting or globbing), '…'"${X}"'…' inside single quotes. Only a quoted heredoc
 * (<<'EOF'), where bash expands nothing, receives the value as text, and only when no line of it ends the heredoc.
 * Returns an error text when a value cannot be given safely. Unknown names without a default are left as written.
 * `pathLookup` gives the values a reference in a program file's path is read as (descriptors.ts's withPathValues):
 * `lookup`'s, unless the caller has none yet (the load's check, whose values stand in for others).
 */
export function bashCommand(text: string, lookup: Lookup, prefix = freshPrefix(), pathLookup: Lookup = lookup): BashCommand | { error: string } {
  return withPathValues((name, def) => refValue(pathLookup, name, def), () => rewrite(text, lookup, prefix, false));
}

/**
 * The command as a person reads it (logs, reports): each value written in, quoted to fit its place, so that the line
 * pasted into bash means the same (except a value holding a heredoc's delimiter line, or line-leading tabs in a <<-
 * heredoc). Never run this text: values are code-free only in bashCommand's form.
 */
export function displayCommand(text: string, lookup: Lookup): string {
  const r = rewrite(text, lookup, "", true);
  return "error" in r ? text : r.command;
}

/** Inside double quotes (and unquoted heredocs) these characters need a backslash to stay literal. */
const dqEscape = (v: string) => v.replace(/[\\"$`]/g, "\\$&");

function rewrite(text: string, lookup: Lookup, prefix: string, display: boolean): BashCommand | { error: string } {
  const env: Record<string, string> = {};
  const out: string[] = [];
  const stack: Context[] = [{ kind: "cmd", close: "", depth: 0 }];
  const pending: PendingHeredoc[] = [];
  // References with shell syntax in quoted text: whether a shell reads that text from its standard input is known once the quote has ended.
  const quotedSyntax: { name: string; value: string; ctx: Extract<Context, { kind: "sq" | "dq" | "ansi" }> }[] = [];
  // Unquoted references with shell syntax (`echo ${X} | sh`, `bash <<< ${X}`): the same question, for the reference's own word.
  const bareSyntax: { name: string; value: string; start: number; end: number }[] = [];
  // Every quoted or unquoted reference: whether an interpreter reads its word from standard input as its program
  // (`python3 <<< "…"`, `echo "…" | node`) is known once the word has ended, and any value there is code.
  const programWords: { name: string; start: number; end: number | (() => number | undefined) }[] = [];
  let wordStart = true;
  let i = 0;
  // The text with each backslash-newline (a command continued on the next line) as two spaces: the same offsets.
  const joined = text.replace(/\\\n/g, "  ");

  const top = () => stack[stack.length - 1]!;
  const envName = (name: string, value: string, usedDefault: boolean): string => {
    let key = `${prefix}${name}`;
    if (usedDefault) {
      let n = 1;
      while (env[`${key}_d${n}`] !== undefined && env[`${key}_d${n}`] !== value) n++;
      key = `${key}_d${n}`;
    }
    env[key] = value;
    return key;
  };

  while (i < text.length) {
    const ctx = top();
    REF.lastIndex = i;
    const m = ctx.kind === "heredoc" ? null : REF.exec(text);
    if (m && m[0] === "$${") {
      // A literal "${" for bash: outside single quotes, its own parameter expansion, which keeps the quoting around it.
      out.push("${");
      i += 3;
      if (ctx.kind !== "sq" && ctx.kind !== "ansi") stack.push({ kind: "param", quoted: ctx.kind === "dq" || (ctx.kind === "param" && ctx.quoted), depth: 0 });
      wordStart = false;
      continue;
    }
    if (m) {
      const name = m[1]!;
      const value = refValue(lookup, name, m[2]);
      i += m[0].length;
      wordStart = false;
      if (value === undefined) {
        out.push(m[0]);
        continue;
      }
      // `${V:${N}}`, `${S:0:${N}}`: a substring's offset and length are arithmetic, evaluated as expressions by bash.
      const offset = /\$\{#?[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?(?::[^}]*)?:\s*$/.test(text.slice(0, i - m[0].length));
      if (offset && !display && !NUMBER.test(value.trim())) return { error: `\${${name}} is a substring's offset or length, which bash evaluates as arithmetic, and it is not a number: ${JSON.stringify(value)}` };
      const placed = display ? inBackticks(shown(ctx, value)) : place(ctx, name, value, envName(name, value, value !== lookup(name)), i - m[0].length, i);
      if (typeof placed !== "string") return placed;
      out.push(placed);
      continue;
    }
    if (text[i] === "\\" && ctx.kind !== "sq" && ctx.kind !== "heredoc" && isRef(text, i + 1)) {
      // A backslash written before a reference stays a literal backslash in front of the value.
      out.push("\\\\");
      i++;
      continue;
    }

    const c = text[i]!;
    switch (ctx.kind) {
      case "sq":
        if (c === "'") {
          ctx.end = i + 1;
          stack.pop();
        }
        out.push(c);
        i++;
        continue;
      case "ansi":
      case "dq":
        if (c === "\\" && i + 1 < text.length) {
          out.push(c, text[i + 1]!);
          i += 2;
          continue;
        }
        if ((ctx.kind === "ansi" && c === "'") || (ctx.kind === "dq" && c === '"')) {
          ctx.end = i + 1;
          stack.pop();
          out.push(c);
          i++;
          continue;
        }
        if (ctx.kind === "dq") {
          const opened = openExpansion(text, i, stack);
          if (opened) {
            out.push(opened);
            i += opened.length;
            continue;
          }
        }
        out.push(c);
        i++;
        continue;
      case "heredoc": {
        // Called at the start of each body line: the delimiter line ends it.
        const end = text.indexOf("\n", i);
        const line = text.slice(i, end === -1 ? text.length : end);
        if ((ctx.stripTabs ? line.replace(/^\t+/, "") : line) === ctx.delimiter) {
          stack.pop();
          out.push(line);
          i += line.length;
          const next = pending.shift();
          if (next && end !== -1) {
            out.push("\n");
            i++;
            stack.push({ kind: "heredoc", ...next });
          }
          continue;
        }
        const lineEnd = end === -1 ? text.length : end + 1;
        // In an unquoted heredoc bash runs each command substitution (`version: $(python3 -c "print('${X}')")`): its
        // text is a command line like any other, checked as one.
        if (!display && !ctx.quoted)
          for (const sub of substitutionsIn(line))
            if (sub.includes("${")) {
              const inner = rewrite(sub, lookup, prefix, false);
              if ("error" in inner) return inner;
            }
        // A heredoc inside a substitution that is a script (`sh -c "$(cat <<EOF …)"`): what its command prints is code.
        const substituted = display ? undefined : substitutionScriptReader(text, stack);
        const body = heredocLine(text.slice(i, lineEnd), ctx, lookup, display ? (_n, v) => ({ text: v.replace(/[\\$`]/g, "\\$&") }) : envName, !display, substituted);
        if (typeof body !== "string") return body;
        out.push(body);
        i = lineEnd;
        continue;
      }
      case "param":
      case "arith":
      case "cmd": {
        if (c === "\\" && i + 1 < text.length) {
          out.push(c, text[i + 1]!);
          i += 2;
          wordStart = false;
          continue;
        }
        if (c === "'" && !(ctx.kind === "param" && ctx.quoted)) {
          stack.push({ kind: "sq", start: i });
        } else if (c === '"') {
          stack.push({ kind: "dq", start: i });
        } else if (c === "$" && text[i + 1] === "'") {
          stack.push({ kind: "ansi", start: i });
          out.push("$'");
          i += 2;
          wordStart = false;
          continue;
        } else if (ctx.kind === "cmd" && c === "#" && wordStart) {
          const end = text.indexOf("\n", i);
          const comment = text.slice(i, end === -1 ? text.length : end);
          out.push(comment);
          i += comment.length;
          continue;
        } else if (ctx.kind === "cmd" && c === "<" && text[i + 1] === "<" && text[i + 2] !== "<" && text[i - 1] !== "<") {
          const doc = readHeredocOperator(text, i);
          if (doc) {
            // A heredoc inside a process substitution an interpreter runs (`node <(cat <<EOF …)`) is its program too.
            const substituted = processSubstitutionReader(joined, i);
            const program = stdinProgramReader(joined, i, i + doc.text.length) ?? (substituted && "program" in substituted ? substituted.program : undefined);
            const fd = descriptorBefore(text, i)?.fd;
            pending.push({ ...doc.heredoc, reader: stdinReader(text, i, i + doc.text.length), program, ...(fd === undefined || fd === "0" ? {} : { descriptor: fd }) });
            out.push(doc.text);
            i += doc.text.length;
            wordStart = false;
            continue;
          }
        } else if (c === "\n" && ctx.kind === "cmd" && pending.length) {
          out.push(c);
          i++;
          stack.push({ kind: "heredoc", ...pending.shift()! });
          wordStart = true;
          continue;
        } else if (ctx.kind === "cmd" && wordStart && c === "(" && text[i + 1] === "(") {
          stack.push({ kind: "arith", depth: 0, closeLen: 2 });
          out.push("((");
          i += 2;
          continue;
        } else {
          const opened = openExpansion(text, i, stack);
          if (opened) {
            out.push(opened);
            i += opened.length;
            wordStart = false;
            continue;
          }
          if (closes(ctx, text, i)) {
            const len = ctx.kind === "arith" ? ctx.closeLen : 1;
            out.push(text.slice(i, i + len));
            i += len;
            stack.pop();
            wordStart = false;
            continue;
          }
          if (c === "(" || c === "{") bump(ctx, c, 1);
          else if (c === ")" || c === "}") bump(ctx, c, -1);
        }
        out.push(c);
        i++;
        wordStart = /[\s;&|()]/.test(c);
        continue;
      }
    }
  }
  for (const { name, value, ctx } of quotedSyntax) {
    const reader = ctx.start !== undefined && ctx.end !== undefined ? quotedScriptReader(text, ctx.start, ctx.end) : undefined;
    if (reader !== undefined) return { error: runsAsCode(name, value, `${reader} reads from ${fedFrom(text, ctx.start!)}`, reader, ctx.kind === "dq" ? "expanded here" : "quoted") };
  }
  for (const { name, value, start, end } of bareSyntax) {
    const reader = quotedScriptReader(text, start, end);
    if (reader !== undefined) return { error: runsAsCode(name, value, `${reader} reads from ${fedFrom(text, start)}`, reader, "bare") };
  }
  for (const { name, start, end } of programWords) {
    const to = typeof end === "number" ? end : end();
    const program = to === undefined ? undefined : quotedProgramReader(joined, start, to);
    if (program !== undefined) return { error: stdinCodeMessage(program, name, false) };
  }
  return { command: out.join(""), env };

  /** Inside `…`, bash removes one level of backslashes before \\, \` and \$ first: the text must carry them once per level. */
  function inBackticks(shownText: string): string {
    let out = shownText;
    for (const c of stack) if (c.kind === "cmd" && c.close === "`") out = out.replace(/[\\`$]/g, "\\$&");
    return out;
  }

  function shown(ctx: Context, value: string): string {
    switch (ctx.kind) {
      case "dq":
        return dqEscape(value);
      case "sq":
        return `'${shellQuote(value)}'`;
      case "ansi":
        return `'${shellQuote(value)}$'`;
      case "param":
        // Inside "${x:-…}" a single quote would open a quote bash looks for; a nested "…" holds anything.
        return ctx.quoted ? `"${dqEscape(value)}"` : shellQuote(value);
      case "arith":
      case "heredoc":
        return value;
      case "cmd":
        return shellQuote(value);
    }
  }

  /**
   * Why an argument of a function or alias the script defines runs as code, read as the body with the argument in place
   * (throughCalls): the body hands it to an interpreter as code or program (`py() { python3 "$@"; }; py -c "…${X}…"`),
   * to a shell as its script (`run() { bash -c "$1"; }; run "…${X}…"`), runs it unquoted where a command goes, or
   * expands it as a prompt; through calls in the body too, four deep. Undefined when it does none of these.
   */
  function calledAsCode(ctx: Context, wordAt: number, name: string, value: string, text = joined, depth = 0): string | undefined {
    if (depth > 4) return undefined;
    const how = ctx.kind === "dq" ? "expanded here" : ctx.kind === "cmd" ? "bare" : "quoted";
    const calls = throughCalls(text, wordAt);
    const fn = calls.length > 0 ? commandName(text, wordAt) : "";
    for (const call of calls) {
      if (call.command && /[\s*?[]/.test(value))
        return `\${${name}} is an argument of ${fn}, whose body writes it unquoted where a command goes: bash splits the value into words and runs them as a command line. Quote it there ("$1"), or pass the command's words as arguments ("$@")`;
      if (call.prompt && /[$\`]/.test(value))
        return `\${${name}} is an argument of ${fn}, whose body expands it as a prompt (\${1@P}), which runs a command substitution in it, and its value holds one: drop the @P, or print it with printf '%s'`;
      const code = interpreterCodeReader(call.text, call.at, name, lookup);
      if (code !== undefined) return code;
      // What the body feeds an interpreter as its program (`python3 <<< "$1"`, `echo "$1" | node`): any value.
      const program = quotedProgramReader(call.text, call.word, call.wordEnd);
      if (program !== undefined) return stdinCodeMessage(program, name, false);
      const substituted = processSubstitutionReader(call.text, call.at, call.word);
      if (substituted && "program" in substituted) return stdinCodeMessage(substituted.program, name, false);
      if (SHELL_SYNTAX.test(value)) {
        const reader = reevaluatedBy(call.text.slice(0, call.at));
        if (reader !== undefined) return runsAsCode(name, value, `${reader} reads as code`, reader, how);
        const shell = quotedScriptReader(call.text, call.word, call.wordEnd);
        if (shell !== undefined) return runsAsCode(name, value, `${shell} reads from its standard input`, shell, how);
        if (substituted) return runsAsCode(name, value, `${substituted.shell} ${substituted.via}`, substituted.shell, how);
      }
      // A function that hands it on to another (`outer() { inner "$1"; }`).
      const deeper = calledAsCode(ctx, call.at, name, value, call.text, depth + 1);
      if (deeper !== undefined) return deeper;
    }
    return undefined;
  }

  /** The command word of the command the word at `at` belongs to, as written (a function's name), for messages. */
  function commandName(text: string, at: number): string {
    const line = text.slice(0, at);
    const start = Math.max(line.lastIndexOf("\n"), line.lastIndexOf(";"), line.lastIndexOf("|"), line.lastIndexOf("&")) + 1;
    return line.slice(start).trim().split(/\s+/).find((w) => !/^[A-Za-z_]\w*=/.test(w)) ?? "the function";
  }

  function place(ctx: Context, name: string, value: string, key: string, at: number, end: number): string | { error: string } {
    const ref = `\${${key}}`;
    // A word bash or an interpreter runs or expands again, whatever its quotes: a callback (`mapfile -C "${X}"`), an
    // interpreter's code (`python3 -c "…${X}…"`), an alias, a word list (`compgen -W`), a prompt or BASH_ENV.
    const quotedAt = (ctx.kind === "sq" || ctx.kind === "dq" || ctx.kind === "ansi") && ctx.start !== undefined ? ctx.start : at;
    // A line continued with a backslash is one command (`python3 \⏎ -c "…"`): read as one line.
    const ran = interpreterCodeReader(joined, quotedAt, name, lookup) ?? runByBash(joined, joined.slice(0, quotedAt), name, value, joined.slice(quotedAt, at)) ?? calledAsCode(ctx, quotedAt, name, value);
    if (ran !== undefined) return { error: ran };
    if (ctx.kind === "cmd") programWords.push({ name, start: at, end });
    else if ((ctx.kind === "sq" || ctx.kind === "dq" || ctx.kind === "ansi") && ctx.start !== undefined) programWords.push({ name, start: ctx.start, end: () => ctx.end });
    // Unquoted in a script another shell reads (`eval ${X}`, `sh -c ${X}`, `sh -c 'echo '${X}`): the value is its text.
    if (ctx.kind === "cmd" && SHELL_SYNTAX.test(value)) {
      const reader = reevaluatedBy(text.slice(0, at));
      if (reader !== undefined) return { error: runsAsCode(name, value, `${reader} reads as code`, reader, "bare") };
      // Unquoted text a shell reads from its standard input: decided at the end, as for quoted text.
      bareSyntax.push({ name, value, start: at, end });
    }
    // Quotes around a script another shell reads (`sh -c '…'`, `eval '…'`, `trap '…' EXIT`): bash hands the value to
    // it inside the script's text, which that shell parses as code. A value with shell syntax is refused there; bash
    // itself would expand `$NAME` in that script from the environment, where the value stays text.
    if ((ctx.kind === "sq" || ctx.kind === "dq" || ctx.kind === "ansi") && ctx.start !== undefined && SHELL_SYNTAX.test(value)) {
      const reader = reevaluatedBy(text.slice(0, ctx.start), text.slice(ctx.start, at));
      if (reader !== undefined) return { error: runsAsCode(name, value, `${reader} reads as code`, reader, ctx.kind === "dq" ? "expanded here" : "quoted") };
      // A here-string of a shell, or text echoed into a pipe to one (`bash <<< '…'`, `echo '…' | sh`): decided at the end.
      quotedSyntax.push({ name, value, ctx });
    }
    // Inside a command substitution within a quoted word (`sh <<< "$(cat <<< '…')"`, `echo "$(cat <<< '…')" | sh`): what
    // the substitution prints is part of that word, which a shell may read as its script: decided at the end, as for it.
    if (SHELL_SYNTAX.test(value)) {
      let inSubstitution = false;
      for (let k = stack.length - 1; k >= 0; k--) {
        const c = stack[k]!;
        if (c.kind === "cmd") {
          if (c.start === undefined) break;
          inSubstitution = true;
        } else if (inSubstitution && (c.kind === "sq" || c.kind === "dq" || c.kind === "ansi") && c.start !== undefined) quotedSyntax.push({ name, value, ctx: c });
      }
    }
    // Inside a command substitution that is itself a script (`bash -c "$(echo '…')"`, `eval $(cat <<< …)`): any command may print it.
    if (ctx.kind !== "heredoc" && ctx.kind !== "arith" && SHELL_SYNTAX.test(value)) {
      const reader = substitutionScriptReader(text, stack);
      if (reader !== undefined) return { error: runsAsCode(name, value, reader, reader, "substituted") };
    }
    // Inside a command substitution that is an interpreter's code or program (`python3 -c "$(echo '…')"`,
    // `python3 <<< "$(cat <<< '…')"`): whatever it prints is code there, whatever the value.
    for (let k = stack.length - 1; k >= 0; k--) {
      const c = stack[k]!;
      if (c.kind !== "cmd") continue;
      if (c.start === undefined) break;
      const outer = stack[k - 1];
      const quoted = outer !== undefined && (outer.kind === "dq" || outer.kind === "sq" || outer.kind === "ansi") && outer.start !== undefined ? outer : undefined;
      // The substitution's output as an argument of a function whose body runs it (`f "$(echo '…')"`) too.
      const code = interpreterCodeReader(joined, quoted?.start ?? c.start, name, lookup) ?? calledAsCode(quoted ?? ctx, quoted?.start ?? c.start, name, value);
      if (code !== undefined) return { error: code };
      if (quoted !== undefined) programWords.push({ name, start: quoted.start!, end: () => quoted.end });
    }
    // Inside a process substitution whose output an interpreter runs as its program (`python3 <(echo '…')`,
    // `python3 < <(…)`: any value), or a shell reads from its standard input as its script (`sh < <(…)`: shell syntax).
    const substituted = processSubstitutionReader(joined, at, quotedAt);
    if (substituted && "program" in substituted) return { error: stdinCodeMessage(substituted.program, name, false) };
    if (substituted && SHELL_SYNTAX.test(value))
      return { error: runsAsCode(name, value, `${substituted.shell} ${substituted.via}`, substituted.shell, ctx.kind === "dq" ? "expanded here" : ctx.kind === "cmd" ? "bare" : "quoted") };
    // Where bash evaluates the value again, as arithmetic or as a variable's name, a subscript in it runs commands.
    if (ctx.kind !== "arith" && ctx.kind !== "heredoc") {
      const evaluated = evaluatedPlace(text, stack, at, end);
      if (evaluated?.as === "arithmetic" && !NUMBER.test(value.trim()))
        return { error: `\${${name}} is ${evaluated.where}, which bash evaluates as arithmetic (a subscript in the value runs commands: "a[$(…)]"), and it is not a number: ${JSON.stringify(value)}` };
      if (evaluated?.as === "name" && /[$`]/.test(value))
        return { error: `\${${name}} is ${evaluated.where}, which bash reads as a variable's name (a subscript in it is arithmetic and runs the commands in it: "a[$(…)]"), and it holds $ or \`: ${JSON.stringify(value)}` };
      if (evaluated?.as === "subscript" && /[$`]/.test(value))
        return { error: `\${${name}} is ${evaluated.where}, which bash evaluates as arithmetic wherever it reads the word as a variable's name or a number (unset, wait -p, \${!n}, a nameref, $((n))), and runs the commands in it ("a[$(…)]"), and it holds $ or \`: ${JSON.stringify(value)}` };
    }
    switch (ctx.kind) {
      case "dq":
        return ref;
      case "sq":
        return `'"${ref}"'`;
      case "ansi":
        return `'"${ref}"$'`;
      case "param":
        return ctx.quoted ? ref : `"${ref}"`;
      case "arith":
        if (!NUMBER.test(value.trim())) return { error: `\${${name}} is used in arithmetic, where bash would evaluate its value as an expression, and it is not a number: ${JSON.stringify(value)}` };
        return ref;
      case "cmd":
        return `"${ref}"`;
      case "heredoc":
        // heredocLine handles references in heredoc bodies.
        return ref;
    }
  }
}

/**
 * How bash reads the value of a reference at [at, end) again, if it does: inside `$(( ))`, `(( ))` or `$[ ]` (quoted
 * there too: `$(( "${X}" ))`) as arithmetic, unless a command substitution in between holds it; else as evaluatedAt says.
 */
function evaluatedPlace(text: string, stack: readonly Context[], at: number, end: number): ReturnType<typeof evaluatedAt> {
  // The quote the word is in, seen from its command: the outermost one above it.
  let quote = "";
  for (let k = stack.length - 1; k >= 0; k--) {
    const c = stack[k]!;
    if (c.kind === "arith") return { as: "arithmetic", where: "inside an arithmetic expression" };
    if (c.kind === "cmd") break;
    if (c.kind === "dq") quote = '"';
    else if (c.kind === "sq" || c.kind === "ansi") quote = "'";
  }
  return evaluatedAt(text, at, end, quote);
}

/** Where the text at `at` reaches its command: `descriptor 3` when it is a here-string on one (`3<<< '…'`), else its standard input. */
function fedFrom(text: string, at: number): string {
  const hereString = /<<<[ \t]*[^\s;&|<>]*$/.exec(text.slice(0, at));
  const fd = hereString ? descriptorBefore(text, hereString.index)?.fd : undefined;
  return fd === undefined || fd === "0" ? "its standard input" : `descriptor ${fd}`;
}

/** Characters that make a value do something when a shell parses it as code (more than a word). */
const SHELL_SYNTAX = /[$`;&|<>()\n'"\\{}*?[\]~#!]/;

/**
 * The error for a value with shell syntax written into a script another shell parses (`whose` says which and how). In
 * double quotes or an unquoted heredoc this bash would expand a plain $NAME itself, splicing the value in again: \$NAME.
 */
/**
 * The program that runs, as its script, the output of a command substitution a value at `at` is inside: any `$(…)` or
 * `` `…` `` around it that is a script word (`bash -c "$(echo '…')"`, `eval $(printf '%s' …)`, `sh -c "x; $(echo …)"`).
 * Whatever command the substitution runs may print the value (`bash -c "$(cat <<< '…')"`, `$(tr a b <<< '…')`,
 * `$(cat "$(echo '…')")`), so every one counts, not only echo and printf.
 */
function substitutionScriptReader(text: string, stack: readonly Context[]): string | undefined {
  for (let k = stack.length - 1; k >= 0; k--) {
    const c = stack[k]!;
    if (c.kind !== "cmd") continue;
    if (c.start === undefined) return undefined;
    // Inside double quotes the script word starts at the quote (`sh -c "x=1; $(echo …)"`).
    const outer = stack[k - 1];
    const reader = reevaluatedBy(text.slice(0, outer?.kind === "dq" && outer.start !== undefined ? outer.start : c.start));
    if (reader !== undefined) return reader;
  }
  return undefined;
}

function runsAsCode(name: string, value: string, whose: string, reader: string, where: "quoted" | "expanded here" | "bare" | "substituted"): string {
  // A reader whose script file only may be the text's descriptor (`sh "$1" <<< '…'`): the message says why after naming
  // it, and ends with how to name the file instead (when the text is the file's data, not its script).
  const { label, clause } = splitUncertain(reader);
  if (clause !== undefined) return `${runsAsCode(name, value, `${splitUncertain(whose).label} (${clause})`, label, where)}; or, if the text is the data of a script file, ${PLAIN_PROGRAM_PATH}`;
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  // xargs writes its input into the script's text (-I's replacement, or the input as the script): whichever way this bash
  // gives the value, it arrives there as code. Only an argument beside the script stays text.
  if (reader.startsWith("xargs ")) {
    const sh = reader.slice("xargs ".length);
    return `\${${name}} reaches the input ${reader.replace(" ", " hands to ")} -c as its script's text (-I's replacement in the script, or the input as the script), and its value holds shell syntax (${shown}): it would run. Have xargs pass it as an argument instead, its quotes kept: xargs -d '\\n' -I{} ${sh} -c '… "$1" …' _ {}`;
  }
  // Unquoted, this bash would expand a plain $NAME itself and hand the value on as before: it needs single quotes.
  // `whose` is the reader itself here: the substitution's output is its script.
  if (where === "substituted") return `\${${name}} is inside a command substitution whose output ${whose} runs as its script, and its value holds shell syntax (${shown}): it would run. Write $${name} in the script itself (the exported variable, which ${reader} expands as text), or pass it as an argument`;
  const write = where === "expanded here" ? `\\$${name}` : where === "bare" ? `'$${name}'` : `$${name}`;
  // ssh's ProxyCommand, LocalCommand and KnownHostsCommand run on this machine, through the user's shell, with ssh's
  // environment (the exported variable is set there); RemoteCommand on the host, as ssh's command words.
  const [, sshProgram, sshOption] = /^(ssh|scp|sftp) -o (\w+)$/.exec(reader) ?? [];
  if (sshOption !== undefined && !/^RemoteCommand$/i.test(sshOption)) {
    return `\${${name}} is inside the command ${sshProgram}'s ${sshOption} option hands a shell on this machine, not the remote host, and its value holds shell syntax (${shown}): it would run here. Write ${write} there instead (the exported variable, which that shell expands as text), or check the value first`;
  }
  // A shell ssh starts on another host has none of this bash's variables, and ssh passes none by default.
  if (reader === "ssh" || reader.endsWith(" (in ssh)") || sshOption !== undefined)
    return `\${${name}} is inside the script ${whose}, and its value holds shell syntax (${shown}): it would run on the remote host. ssh hands the remote shell none of this bash's variables: send the value as data the remote command reads instead (ssh host 'read -r v; … "$v" …' <<< "\${${name}}")`;
  // tmux runs its commands with its server's environment, which a server already running took from another process.
  if (reader === "tmux")
    return `\${${name}} is inside the script ${whose}, and its value holds shell syntax (${shown}): it would run. tmux runs it with its server's environment, which holds this bash's variables only when this command started the server: hand the value in with -e ${name}="\${${name}}" (new-session, new-window, split-window, respawn-pane, respawn-window, display-popup) and write ${write} there, or pass it as an argument after a program (tmux new-window PROGRAM "\${${name}}": given more than one argument, tmux runs the program itself, without a shell)`;
  // A shell in a container has none of this bash's exported variables: the value must be handed in first.
  if (inContainer(reader))
    return `\${${name}} is inside the script ${whose}, and its value holds shell syntax (${shown}): it would run. Hand it to the container's environment (-e ${name}="\${${name}}" on docker or podman exec or run, docker compose exec or run) and write ${write} there instead, which ${reader.replace(/ \(in .*$/, "")} expands as text, or pass it as an argument`;
  const why = where === "expanded here" ? "; the backslash keeps this bash from expanding it first" : where === "bare" ? "; the quotes keep this bash from expanding it first" : "";
  // su -, su -l and runuser -l start the shell in a fresh environment, where the variable is not set.
  const fresh = reader === "su" || reader === "runuser" ? ` (with - or -l, ${reader} starts a fresh environment, where it is not set: pass it as an argument then)` : "";
  return `\${${name}} is inside the script ${whose}, and its value holds shell syntax (${shown}): it would run. Write ${write} there instead (the exported variable, which ${STARTS_SHELL.has(reader) ? `the shell ${reader} starts` : reader} expands as text${why}), or pass it as an argument${fresh}`;
}

/** Before a word bash runs as a command: `mapfile`/`readarray -C` (the callback), `complete`/`compgen -C`. */
const CALLBACK_WORD = /(?:^|[\s;|&(`])(mapfile|readarray|complete|compgen)(?:\s+[^\s;|&]+)*?\s+-[A-Za-z]*C\s*$/;
/** Before a word bash expands again: `complete`/`compgen -W`'s word list. */
const WORD_LIST = /(?:^|[\s;|&(`])(complete|compgen)(?:\s+[^\s;|&]+)*?\s+-[A-Za-z]*W\s*$/;
/** The variables bash expands again: the prompts (PS4 under `set -x`), and BASH_ENV when a shell starts. */
const EXPANDED_VARS = "PS[0-4]|PROMPT_COMMAND|BASH_ENV";
/**
 * Before a word assigned to one of them: at a command's start (after other assignments), or after an assignment
 * builtin (`export PS4=`, `declare -x BASH_ENV=`, `env PS4=`). `echo PS4=${X}` is an argument, no assignment.
 */
const EXPANDED_ASSIGNMENT = new RegExp(
  `(?:^|[;&|({\\n]|\\b(?:then|do|else))\\s*(?:[A-Za-z_]\\w*(?:\\[[^\\]]*\\])?\\+?=[^\\s;&|]*\\s+)*(?:(?:export|declare|local|readonly|typeset|env)(?:\\s+[^\\s;&|]+)*?\\s+)?(${EXPANDED_VARS})(?:\\[[^\\]]*\\])?\\+?=[^\\s;&|]*$`,
);
/** The script names one of them anywhere: a value may reach it another way (`printf -v PS4`, `read PS4`, a nameref). */
const EXPANDED_NAMED = new RegExp(`(?<![\\w$])(${EXPANDED_VARS})(?!\\w)`);
/** Before a word of an `alias` command: an alias's value is code. */
const ALIAS_WORD = /(?:^|[\s;|&(`])alias(?:\s+[^\s;|&]+)*?\s+[^\s=;|&'"]+=[^\s;|&]*$/;
/** What expansion runs code in: a command substitution, or arithmetic's subscripts. */
const EXPANSION = /[$`]/;

/**
 * Why the word a value is in (after `before`, in the script `text`) runs it, whatever its quotes, or undefined: a
 * callback or completion command (any value: it is a command; an interpreter's code is interpreterCodeReader's),
 * an alias's value (one with shell syntax), or text bash expands again (a value with `$` or a backtick: `$(…)` in it
 * runs): `compgen -W`'s word list, a prompt (PS4 under `set -x`) or BASH_ENV (a shell started later expands it),
 * assigned there or anywhere the script names one of them.
 */
function runByBash(text: string, before: string, name: string, value: string, word = ""): string | undefined {
  // The word's own line: the regexes below read the command it is in, not the whole script before it.
  const line = before.slice(before.lastIndexOf("\n") + 1);
  // The same to the reference, quotes removed (and the quoted text's blanks, which split no word): an alias's assignment
  // quoted whole (`alias "ll=${X}"`, `alias "ll=ls ${X}"`) is the same word.
  // `$'…'` decoded (`$'alias'`, `"mapfile"` are alias and mapfile): the regexes below read the words as bash does.
  const plain = unquoteBash(line);
  const toRef = plain + unquoteBash(word).replace(/\s/g, "_");
  const ref = `\${${name}}`;
  const callback = CALLBACK_WORD.exec(line) ?? CALLBACK_WORD.exec(plain);
  if (callback) return `${ref} is the command ${callback[1]} -C runs, and its value would run as a command. Pass it another way (an argument, or read "$${name}" in a function you name there)`;
  const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  const runs = (where: string) => `${ref} is ${where}, and its value holds shell syntax (${shown}): it would run. Pass it another way (an argument, or read "$${name}" in a function you name there)`;
  if (SHELL_SYNTAX.test(value) && (ALIAS_WORD.test(line) || ALIAS_WORD.test(toRef))) return runs("in an alias's value, which bash runs as code where the alias is used");
  if (!EXPANSION.test(value)) return undefined;
  const list = WORD_LIST.exec(line) ?? WORD_LIST.exec(plain);
  if (list) return runs(`the word list ${list[1]} -W expands again (command substitutions in it run)`);
  const assigned = (EXPANDED_ASSIGNMENT.exec(line) ?? EXPANDED_ASSIGNMENT.exec(plain))?.[1];
  const v = assigned ?? EXPANDED_NAMED.exec(text)?.[1];
  if (v === undefined) return undefined;
  const what = v === "BASH_ENV" ? "BASH_ENV, which a shell started later expands again" : `the prompt ${v}, which bash expands again (PS4 under set -x)`;
  return runs(assigned !== undefined ? `in ${what}` : `in a script that names ${what}, where a value can reach it (printf -v, read, a nameref, ${v}=$1)`);
}

/** Programs that hand a script to a shell they start (`su -c`, `flock F -c`): that shell expands the variable, not they. */
const STARTS_SHELL: ReadonlySet<string> = new Set(["su", "runuser", "flock", "sg", "script", "watch", "git"]);

/** The text before a redirection's target. */
const REDIRECTED = /(?:^|[^<>])(?:<<<|\d*[<>]|>>)[ \t]*$/;

/**
 * What reevaluatedBy looks for at the end of the text before a quoted word; the shells come from shells.ts. Among a
 * shell's short options only -o, -O, +o and +O (alone or ending a cluster: `-eo pipefail`) take the next word: after
 * another (`bash -e check -c '…'`) that word is the script file, and -c and the text its arguments.
 */
const REEVALUATING = new RegExp(
  `(?:^|[\\s(\`])(eval|trap|(?:[\\w./-]*\\/)?(?:${SHELL_NAMES_PATTERN})(?:\\s+(?:[-+][A-Za-z]*[oO]\\s+[\\w-]+|[-+][A-Za-z]+))*?\\s+-[A-Za-z]*c[A-Za-z]*(?:\\s+--)?|(?:su|runuser|flock|sg)(?:\\s+\\S+)*?\\s+(?:-c|--command)|script(?:\\s+\\S+)*?\\s+(?:-[A-Za-z]*c[A-Za-z]*|--command)|ssh(?:\\s+\\S+)+?|watch(?:\\s+-\\S+(?:\\s+[\\d.]+)?)*)\\s+$`,
);

/**
 * The command that will read a quoted word as a script, when the text before the word (`before`) ends with one: `eval`,
 * `trap`, a shell with `-c` (and its other options), `su`/`runuser`/`flock`/`sg … -c`, `script -c` (it runs the text with
 * $SHELL), `ssh HOST`, `watch`, `xargs … sh -c`; undefined otherwise.
 */
function reevaluatedBy(before: string, inWord = ""): string | undefined {
  // ssh's -o ProxyCommand=…: a command line a shell runs, on this machine (RemoteCommand: on the host).
  const option = REDIRECTED.test(before) ? undefined : sshOptionReader(before, inWord);
  if (option !== undefined) return option;
  let line = before.slice(Math.max(before.lastIndexOf("\n"), before.lastIndexOf(";"), before.lastIndexOf("|"), before.lastIndexOf("&")) + 1);
  // Inside a substitution still open (`ssh host 'bash -s' < <(curl "…`), the word is its command's, not the outer one's:
  // what the substitution gives is checked where it goes (processSubstitutionReader, substitutionScriptReader).
  const open = Math.max(line.lastIndexOf("<("), line.lastIndexOf(">("), line.lastIndexOf("$("));
  if (open >= 0 && !line.slice(open).includes(")")) line = line.slice(open + 2);
  // A redirection's target (`ssh host 'read -r v' <<< "…"`, `< "…"`) is no argument: the command's input or a file.
  const m = REDIRECTED.test(before) ? null : REEVALUATING.exec(line);
  // The words as bash reads them: a quoted or escaped shell name, long options, a word begun before the quote.
  if (!m) return scriptReaderOf(before, inWord);
  const reader = m[1]!.trim().split(/\s+/)[0]!.split("/").at(-1)!;
  // eval and trap are builtins: an argument of another command (`grep -c eval "…"`) is text; scriptReaderOf reads the
  // command's words for where its command is.
  if (reader === "eval" || reader === "trap") return scriptReaderOf(before);
  // `docker compose exec web sh -c '…'`: the shell runs in a container, without the exported variables.
  const runner = line.slice(0, m.index).split(/\s+/).map((w) => w.split("/").at(-1)!).find((w) => CONTAINER_RUNNERS.has(w));
  return runner === undefined ? reader : `${reader} (in ${runner})`;
}

/** True when a real reference (not "$${") starts at i. */
function isRef(text: string, i: number): boolean {
  REF.lastIndex = i;
  const m = REF.exec(text);
  return m !== null && m[0] !== "$${";
}

/** Pushes the context of `$(`, `$((`, `` ` `` or (bash's own) `${` starting at i, and returns the text it consumed. */
function openExpansion(text: string, i: number, stack: Context[]): string | undefined {
  if (text.startsWith("$((", i)) {
    stack.push({ kind: "arith", depth: 0, closeLen: 2 });
    return "$((";
  }
  // `$[ … ]`, bash's old spelling of `$(( … ))`: arithmetic too.
  if (text.startsWith("$[", i)) {
    stack.push({ kind: "arith", depth: 0, closeLen: 1 });
    return "$[";
  }
  if (text.startsWith("$(", i)) {
    stack.push({ kind: "cmd", close: ")", depth: 0, start: i });
    return "$(";
  }
  if (text[i] === "`") {
    const ctx = stack[stack.length - 1]!;
    if (ctx.kind === "cmd" && ctx.close === "`") return undefined;
    stack.push({ kind: "cmd", close: "`", depth: 0, start: i });
    return "`";
  }
  return undefined;
}

function closes(ctx: Context, text: string, i: number): boolean {
  if (ctx.kind === "cmd") return ctx.close !== "" && text[i] === ctx.close && ctx.depth === 0;
  if (ctx.kind === "param") return text[i] === "}" && ctx.depth === 0;
  if (ctx.kind === "arith") return ctx.depth === 0 && (ctx.closeLen === 1 ? text[i] === "]" : text.startsWith("))", i));
  return false;
}

function bump(ctx: Context, c: string, by: number): void {
  if (ctx.kind === "cmd" && (c === "(" || c === ")")) ctx.depth = Math.max(0, ctx.depth + by);
  if (ctx.kind === "arith" && (c === "(" || c === ")")) ctx.depth = Math.max(0, ctx.depth + by);
  if (ctx.kind === "param" && (c === "{" || c === "}")) ctx.depth = Math.max(0, ctx.depth + by);
}

/** Reads `<<WORD`, `<<-WORD`, `<<'WORD'`, `<<"WORD"`, `<<\WORD` at i. */
function readHeredocOperator(text: string, i: number): { text: string; heredoc: PendingHeredoc } | undefined {
  const m = /^<<(-?)([ \t]*)((?:[^\s;&|<>()'"\\]|'[^']*'|"[^"]*"|\\.)+)/.exec(text.slice(i));
  if (!m) return undefined;
  const word = m[3]!;
  const quoted = /['"\\]/.test(word);
  const delimiter = word.replace(/'([^']*)'|"([^"]*)"|\\(.)/g, (_, a?: string, b?: string, c?: string) => a ?? b ?? c ?? "");
  return { text: m[0], heredoc: { delimiter, stripTabs: m[1] === "-", quoted } };
}

/**
 * One line of a heredoc body: references become "${X}" (unquoted heredoc) or the value as text (quoted heredoc, expanded
 * by nobody). With refuseCode, a value with shell syntax in a body a shell runs (`bash <<EOF`) is an error.
 */
function heredocLine(
  line: string,
  ctx: Extract<Context, { kind: "heredoc" }>,
  lookup: Lookup,
  envName: (name: string, value: string, usedDefault: boolean) => string | { text: string },
  refuseCode: boolean,
  substituted?: string,
): string | { error: string } {
  let error: string | undefined;
  const body = line.replace(/\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (whole, name: string | undefined, def: string | undefined, offset: number) => {
    if (whole === "$${") return "${";
    const value = refValue(lookup, name!, def);
    if (value === undefined) return whole;
    if (!ctx.quoted && inArithmetic(line.slice(0, offset)) && !NUMBER.test(value.trim())) {
      error = `\${${name}} is in arithmetic inside a heredoc, where bash evaluates its value as an expression, and it is not a number: ${JSON.stringify(value)}`;
      return whole;
    }
    if (refuseCode && ctx.program !== undefined) {
      error = stdinCodeMessage(ctx.program, name!, true);
      return whole;
    }
    if (refuseCode && ctx.reader !== undefined && SHELL_SYNTAX.test(value)) {
      error = runsAsCode(name!, value, `${ctx.reader} reads from a heredoc${ctx.descriptor === undefined ? "" : ` on descriptor ${ctx.descriptor}`}`, ctx.reader, ctx.quoted ? "quoted" : "expanded here");
      return whole;
    }
    if (substituted !== undefined && SHELL_SYNTAX.test(value)) {
      error = runsAsCode(name!, value, substituted, substituted, "substituted");
      return whole;
    }
    if (!ctx.quoted) {
      const placed = envName(name!, value, value !== lookup(name!));
      return typeof placed === "string" ? `\${${placed}}` : placed.text;
    }
    const ends = value.split("\n").some((l) => (ctx.stripTabs ? l.replace(/^\t+/, "") : l) === ctx.delimiter);
    if (ends) error = `\${${name}} is inside a heredoc ending at "${ctx.delimiter}", and its value has a line "${ctx.delimiter}" that would end it early`;
    return value;
  });
  return error ? { error } : body;
}

/**
 * The command substitutions of a line of an unquoted heredoc, `$(…)` (not `$((`) and `` `…` ``, each as the command text
 * inside it (quotes inside it are the command's own).
 */
function substitutionsIn(line: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] === "\\") {
      i++;
      continue;
    }
    if (line[i] === "`") {
      const close = line.indexOf("`", i + 1);
      if (close < 0) break;
      out.push(line.slice(i + 1, close));
      i = close;
      continue;
    }
    if (!line.startsWith("$(", i) || line.startsWith("$((", i)) continue;
    let depth = 0;
    let quote = "";
    let j = i + 1;
    for (; j < line.length; j++) {
      const c = line[j]!;
      if (quote) {
        if (c === "\\" && quote === '"') j++;
        else if (c === quote) quote = "";
      } else if (c === "\\") j++;
      else if (c === "'" || c === '"') quote = c;
      else if (c === "(") depth++;
      else if (c === ")" && --depth === 0) break;
    }
    out.push(line.slice(i + 2, j));
    i = j;
  }
  return out;
}

/** Whether text (a heredoc line up to a reference) leaves a `$((` or `$[` open: the reference is in arithmetic. */
function inArithmetic(before: string): boolean {
  const opened = (before.match(/\$\(\(/g)?.length ?? 0) + (before.match(/\$\[/g)?.length ?? 0);
  const closed = (before.match(/\)\)/g)?.length ?? 0) + (before.match(/\]/g)?.length ?? 0);
  return opened > closed;
}

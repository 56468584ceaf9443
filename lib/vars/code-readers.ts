// Which program reads a word of a `run:` string as shell code, found from the words before it as bash reads them (their quotes removed): the reader of a value spliced into that word.
import { printsArguments, SHELL_COMMAND_RUNNERS, shellArguments, shellCommandElements, SHELLS, shellScript, sshCommandSetting, standsAsProgram } from "./shells.ts";
import { runsProgram } from "./stdin-script.ts";
import { isDescriptorFile } from "./descriptors.ts";
import { ansiCEnd, unquoteBash } from "./bash-quotes.ts";

/**
 * The words and operators of a bash command line, each word with its quotes and backslashes removed (`"sh"` and `s\h`
 * are both sh; `'echo '"$X"` is one word). Rough by design: `$(`, `<(`, backticks and redirections split words, and a
 * quote left open runs to the end; it only has to find program names, never to run anything.
 */
function lineTokens(text: string): { word: string; op: boolean }[] {
  const out: { word: string; op: boolean }[] = [];
  let word = "";
  let inWord = false;
  const end = () => {
    if (inWord) out.push({ word, op: false });
    word = "";
    inWord = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      if (text[i + 1] !== "\n") {
        word += text[i + 1];
        inWord = true;
      }
      i++;
    } else if (c === "$" && text[i + 1] === "'") {
      // `$'eval'`, `$'\x65val'`: the text bash decodes it to.
      const stop = ansiCEnd(text, i + 2);
      word += unquoteBash(text.slice(i, stop + 1));
      inWord = true;
      i = stop;
    } else if (c === "'" || c === '"' || (c === "$" && text[i + 1] === '"')) {
      // `$"…"` (a locale's translation) is read as `"…"`.
      if (c === "$") i++;
      const q = text[i]!;
      const close = text.indexOf(q, i + 1);
      const stop = close === -1 ? text.length : close;
      word += text.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (c === " " || c === "\t") end();
    else if (c === "<" || c === ">") {
      end();
      let j = i;
      while (j + 1 < text.length && (text[j + 1] === "<" || text[j + 1] === ">" || text[j + 1] === "(" || text[j + 1] === "&" || text[j + 1] === "-")) j++;
      out.push({ word: text.slice(i, j + 1), op: false });
      i = j;
    } else if ((c === "$" && text[i + 1] === "(") || c === "`") {
      // A substitution closed before the word is part of a word (`$(which bash) -c`, `eval $(cmd) "…"`); one still
      // open holds the word, whose command is the substitution's own.
      const close = substitutionEnd(text, i);
      if (close !== undefined) {
        word += text.slice(i, close + 1);
        inWord = true;
        i = close;
      } else {
        end();
        if (c === "$") i++;
        out.push({ word: "(", op: true });
      }
    } else if ("|&;()\n".includes(c)) {
      end();
      const two = text.slice(i, i + 2);
      if (two === "||" || two === "&&" || two === ";;") {
        out.push({ word: two, op: true });
        i++;
      } else out.push({ word: c, op: true });
    } else {
      word += c;
      inWord = true;
    }
  }
  end();
  return out;
}

/**
 * Where the command substitution opening at `at` (`$(` or a backtick) closes, or undefined when it does not in `text`.
 * Rough as lineTokens: quotes and nested parentheses are skipped, a `case` pattern's lone `)` is not known.
 */
function substitutionEnd(text: string, at: number): number | undefined {
  if (text[at] === "`") {
    for (let j = at + 1; j < text.length; j++) {
      if (text[j] === "\\") j++;
      else if (text[j] === "`") return j;
    }
    return undefined;
  }
  let depth = 0;
  for (let j = at + 1; j < text.length; j++) {
    const c = text[j]!;
    if (c === "\\") j++;
    else if (c === "'" || c === '"') {
      const close = text.indexOf(c, j + 1);
      if (close < 0) return undefined;
      j = close;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j;
  }
  return undefined;
}

/** A word that is a parameter expansion or a command substitution (`$SHELL`, `${SH}`, `$0`, `$(which bash)`, backticks): only its value names the program. */
const EXPANDED_WORD = /^(?:\$[A-Za-z_0-9{(@*#?$!-]|`)/;

/** Words before a command's own that are not it: keywords, `builtin` and `command` (which run the builtin after them). */
const BEFORE_BUILTIN = new Set(["if", "then", "else", "elif", "do", "while", "until", "!", "{", "time", "builtin", "command"]);

/**
 * Where the command of a simple command's words is (quotes removed): past keywords, `time -p`, `builtin`, `command -p`,
 * assignments (`X=1 . file`) and redirections with their targets (`2>/dev/null eval …`).
 */
function builtinAt(words: readonly string[]): number {
  let k = 0;
  while (k < words.length) {
    const w = words[k]!;
    if (BEFORE_BUILTIN.has(w) || /^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=/.test(w) || (w.startsWith("-") && k > 0 && (words[k - 1] === "time" || words[k - 1] === "command"))) k++;
    else if (/^\d+$/.test(w) && /^[<>]/.test(words[k + 1] ?? "")) k++;
    else if (/^[<>]/.test(w) && !w.endsWith("(")) k += /[<>&-]$/.test(w) && /^[<>]+&?$/.test(w) ? 2 : 1;
    else break;
  }
  return k;
}

/**
 * Whether the word ending `words` is printed by the command of the process substitution opened at `words[open]` (`<(`):
 * an argument of echo, printf or shuf -e, or a here-string (`<(cat <<< "…")`); as another command's argument (curl's URL, a
 * file's name) it is data: `bash <(curl -fsSL "${URL}")`.
 */
function printedInto(words: readonly string[], open: number): boolean {
  const inner = words.slice(open + 1);
  const close = inner.indexOf(")");
  return printsArguments(close < 0 ? inner : inner.slice(0, close)) || inner.includes("<<<");
}

/**
 * The reader of a word that is the value of ssh's `-o ProxyCommand=…` (LocalCommand, KnownHostsCommand, RemoteCommand),
 * glued to -o or not (`-oProxyCommand="…"`, `-o ProxyCommand="…"`, `-o "ProxyCommand=…"`), as `ssh -o ProxyCommand`
 * (scp's and sftp's, which hand -o to the ssh they start, as `scp -o ProxyCommand`), or undefined. `before`: the
 * command line up to the word's quote or reference; `inWord`: the word's own text from that quote to the reference
 * (`"ProxyCommand=echo ` in `-o "ProxyCommand=echo ${X}"`).
 */
export function sshOptionReader(before: string, inWord = ""): string | undefined {
  const tokens = lineTokens(before);
  const begun = before.length > 0 && !/[\s|&;()`]$/.test(before) && tokens.at(-1)?.op === false ? tokens.pop()!.word : "";
  let from = tokens.length;
  while (from > 0 && !tokens[from - 1]!.op) from--;
  const words = tokens.slice(from).map((t) => t.word);
  const names = words.map((w) => w.slice(w.lastIndexOf("/") + 1));
  const ssh = names.findIndex((n) => n === "ssh" || n === "scp" || n === "sftp");
  if (ssh < 0 || !standsAsProgram(words, ssh, runsProgram, builtinAt(words))) return undefined;
  const word = begun + unquoteBash(inWord);
  const setting = words.length - 1 > ssh && words.at(-1) === "-o" ? word : word.startsWith("-o") ? word.slice(2) : undefined;
  // The word may end at its key (`-o "ProxyCommand${X}"`): the value may hold the separator.
  const m = setting === undefined ? undefined : sshCommandSetting(setting);
  return m ? `${names[ssh]} -o ${m.key}` : undefined;
}

/** What REEVALUATING in shell-refs.ts took by its text: programs that run a quoted word as a script after their options. */
const COMMAND_READERS = /(?:^| )((?:su|runuser|flock|sg)(?: \S+)*? (?:-c|--command)|script(?: \S+)*? (?:-[A-Za-z]*c[A-Za-z]*|--command)|ssh(?: \S+)+?|watch(?: -\S+(?: [\d.]+)?)*) $/;

/**
 * The program that reads the word starting at the end of `before` as shell code, or undefined. `before` is the command
 * line up to the word (a quote that opens it, or a reference); whatever of the word stands before that (`'echo '` in
 * `sh -c 'echo '"${X}"`) is part of it. Read from the words of the word's simple command, their quotes removed, so a
 * shell named `"sh"` or `s\h`, long options (`bash --norc -c`) and split words are seen as bash sees them:
 * - `eval` or `trap` anywhere before it (eval joins all its words into one script);
 * - a shell whose script it is, as the list form reads a shell's options (`[bash, --noprofile, -o, pipefail, -c, S]`);
 * - `env -S` / `--split-string` (the string is split into a command line);
 * - `source` or `.` of generated text (`. <(echo "…")`, `source /dev/stdin <<< "…"`);
 * - `su`, `runuser`, `flock`, `sg` and `script` with their `-c`, `sg GROUP`, `ssh HOST`, `watch` (its words), tmux's
 *   shell commands and keys, `git -c alias.NAME=!…` (the word's own text decides: `inWord`, from its quote on);
 * - a program named by an expansion (`$SHELL`, `$(which bash)`) given -c, which is a shell when the value names one.
 */
export function scriptReaderOf(before: string, inWord = ""): string | undefined {
  const tokens = lineTokens(before);
  // A word already begun (no blank or operator before the word's own start) is the word itself.
  const begun = before.length > 0 && !/[\s|&;()`]$/.test(before) && tokens.at(-1)?.op === false ? tokens.pop()!.word : "";
  let from = tokens.length;
  while (from > 0 && !tokens[from - 1]!.op) from--;
  const words = tokens.slice(from).map((t) => t.word);
  const names = words.map((w) => w.slice(w.lastIndexOf("/") + 1));
  // eval, trap, source and . are builtins: they run only as the command itself (`jq . <<< "…"` passes `.` as jq's filter).
  const builtin = builtinAt(words);
  if (names[builtin] === "eval" || names[builtin] === "trap") return names[builtin];
  const script = shellScript([...words, "\0word"]);
  if (script && script.script === words.length) return names[script.shell];
  // A shell named by a value (`$SHELL -c`, `"$BASH" -c`, `$0 -c`, `${SH} -c`, `$(which bash) -c`): an expansion where the
  // command goes (or after a program that runs the rest: `sudo $SHELL -c`) given -c reads the word as its script.
  const named = EXPANDED_WORD.test(words[builtin] ?? "") ? builtin : runsProgram(words[builtin] ?? "") ? words.findIndex((w, k) => k > builtin && EXPANDED_WORD.test(w)) : -1;
  if (named >= 0 && shellArguments([...words, "\0word"], named).script === words.length) return words[named];
  // A shell whose script file is generated text: `bash <(echo "…")`.
  const generated = names.findIndex((n, i) => SHELLS.has(n) && words[i + 1] === "<(" && printedInto(words, i + 1));
  if (generated >= 0) return names[generated];
  for (let i = 0; i < names.length; i++)
    if (names[i] === "env" && words.slice(i + 1).some((w) => /^-[A-Za-z]*S/.test(w) || w.startsWith("--split-string"))) return "env -S";
  const sourced = names[builtin];
  const generatedAt = words.indexOf("<(", builtin + 1);
  // Of a descriptor's file (the standard input or another, however its path is spelt: descriptors.ts), a redirection
  // among its words (`<<<`, `<`), or generated text.
  if ((sourced === "source" || sourced === ".") && (generatedAt < 0 ? words.slice(builtin + 1).some((w) => isDescriptorFile(w) || w.startsWith("<")) : printedInto(words, generatedAt))) return sourced;
  // A redirection's target (`ssh host '…' <<< "…"`) is the command's input or a file, no word of its script.
  if (/^[<>]/.test(words.at(-1) ?? "")) return undefined;
  // Inside a process substitution (`ssh host 'bash -s' < <(curl "…`) the word is its command's, not the outer one's.
  const inner = Math.max(words.lastIndexOf("<("), words.lastIndexOf(">(")) + 1;
  const m = COMMAND_READERS.exec(`${names.slice(inner).join(" ")} `);
  if (m) return m[1]!.split(" ")[0];
  // The same programs read as the list form reads their options (`sg GROUP CMD`, `watch -n 1 echo …`).
  // Only as the command, or behind a program that runs the rest (`sudo sg …`): `grep -r watch "${DIR}"` is grep's.
  const command = Math.max(inner, builtin);
  for (let i = command; i < names.length; i++)
    if (SHELL_COMMAND_RUNNERS.has(names[i]!) && standsAsProgram(words, i, runsProgram, command) && shellCommandElements([...words, `\0${begun}${unquoteBash(inWord)}`], i).includes(words.length)) return names[i];
  return undefined;
}

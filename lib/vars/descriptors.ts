// A process's descriptors as a script names them: the files that are one (/dev/fd/3, /dev/stdin, /proc/self/fd/0,
// however the path is spelt), the program paths that cannot be known to be none (unknownProgramPath), and the number a
// redirection is written with (the 3 of `3<<<`). The readers of
// stdin-script.ts, interpreter-code.ts, code-readers.ts and shell-refs.ts, and lib/steps/shell/program-refs.ts, take
// them from here, so that each reads them alike.
import { posix } from "node:path";

/** The directories whose entries are the process's own descriptors. */
const FD_DIRS = ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"] as const;

/** /dev's names of the standard descriptors, by number. */
const STD_FILES: Readonly<Record<string, string>> = { "0": "/dev/stdin", "1": "/dev/stdout", "2": "/dev/stderr" };

/** The files that are descriptor `fd` (`"0"`: the standard input): /dev/fd/N and /proc/self/fd/N (thread-self too), /dev/stdin for 0 (/dev/stdout for 1, /dev/stderr for 2). */
export const fdFiles = (fd: string): string[] => [...(STD_FILES[fd] ? [STD_FILES[fd]] : []), ...FD_DIRS.map((d) => `${d}${fd}`)];

/**
 * An absolute path as the kernel resolves its spelling: repeated slashes as one, `.` dropped, `..` taking the part before
 * it (`//dev/./fd/3` is /dev/fd/3), no slash at its end. Other words as they are.
 */
function normalPath(word: string): string {
  return word.startsWith("/") ? spelt(word) : word;
}

/** A path as the kernel resolves its spelling (normalPath's reading), relative or not. */
function spelt(word: string): string {
  return posix.normalize(word).replace(/(.)\/$/, "$1");
}

/** A file that is the standard input, however its path is spelt (`/dev/stdin`, `//dev/./stdin`, `/proc/thread-self/fd/0`). */
export const isStdinFile = (word: string): boolean => fdFiles("0").includes(normalPath(word));

/** A file that is one of the descriptors, whichever (`/dev/fd/3`, `/proc/self/fd/$n`, /dev/stdin), however its path is spelt. */
export function isDescriptorFile(word: string): boolean {
  const path = normalPath(word);
  return Object.values(STD_FILES).includes(path) || FD_DIRS.some((d) => path.startsWith(d) && path.length > d.length);
}

/**
 * Which descriptor a file is, from its path however spelt: `"0"` for /dev/stdin (`"1"`, `"2"` for /dev/stdout,
 * /dev/stderr), the number of /dev/fd/N, /proc/self/fd/N (`"3"`); `"*"` when the number is an expansion or a pattern
 * bash fills in (`/dev/fd/$n`: it may be any); undefined for a file that is no descriptor, or a number the kernel has no
 * entry for (`/dev/fd/03`). A path that may still be one is unknownProgramPath's.
 */
export function descriptorOfFile(word: string): string | undefined {
  if (!isDescriptorFile(word)) return undefined;
  const path = normalPath(word);
  const std = Object.keys(STD_FILES).find((fd) => STD_FILES[fd] === path);
  if (std !== undefined) return std;
  const n = path.slice(path.lastIndexOf("/") + 1);
  if (/^(?:0|[1-9]\d*)$/.test(n) && FD_DIRS.includes(path.slice(0, path.length - n.length) as (typeof FD_DIRS)[number])) return n;
  return /[$`*?[]/.test(path) ? "*" : undefined;
}

/** Devices under /dev that are no descriptor's file, whatever the process has open. */
const ORDINARY_DEVICES: ReadonlySet<string> = new Set(["/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom"]);

/**
 * Why a program file's path (a shell's script file, an interpreter's program file, `source`'s file; its quotes removed)
 * that descriptorOfFile finds no descriptor's file cannot be known to be none either, or undefined for a plain path of an
 * ordinary file. Fed a value on its standard input or another descriptor, a shell or interpreter whose program path is
 * such runs the value when the path turns out to be that descriptor's file, and no reading of its spelling can rule
 * that out:
 * - an expansion, a pattern or braces bash fills in (`/proc/$$/fd/3`, `"$1"`, `$${IN:-/dev/stdin}`, `$(echo /dev/stdin)`,
 *   `/dev/std?n`, `/dev/{stdin,null}`), or a `~` (HOME, which a capture of that name sets); a scenario reference
 *   (`${TOOLS}/load.py`) is read as its value where that is known (withPathValues), else it is one too;
 * - a path under /dev or /proc (`/proc/self/root/dev/stdin`, `/proc/1234/fd/0`; /dev/null and the like aside);
 * - a path, relative or not, whose last part is a name descriptors' files have (stdin, stdout, stderr, a number):
 *   from some working directory it is one (`cd /dev && sh stdin`, `cd /dev && sh ./stdin`), and any path that
 *   leads to one ends so, whatever the directories before it (`..`, a `cd` anywhere, the step's `cwd:`). A path ending
 *   in another name (`./deploy.sh`, `scripts/x.sh`, `../load.py`) is an ordinary file from every directory, unless a
 *   link the script makes points elsewhere (`ln -s /dev/stdin run.sh`), which is not followed.
 */
export function unknownProgramPath(word: string): string | undefined {
  // A process substitution's file (interpreter-code.ts's SUBSTITUTED_FILE): its output, not a descriptor the command is fed.
  if (word.includes("\u0000")) return undefined;
  if (/[$`]/.test(word)) return "an expansion bash fills in";
  if (/[*?[]/.test(word)) return "a pattern bash fills in";
  if (/[{}]/.test(word)) return "braces bash expands";
  if (word.startsWith("~")) return "a ~, which bash fills in from HOME";
  const path = spelt(word);
  // An entry of the descriptors' own directories is one only when it is a number written as the kernel does (/dev/fd/03 is none).
  if (FD_DIRS.some((d) => path.startsWith(d) && !path.slice(d.length).includes("/"))) return undefined;
  const top = /^\/(dev|proc)(?:\/|$)/.exec(path);
  if (top && !ORDINARY_DEVICES.has(path)) return `a path under /${top[1]}, where every descriptor has files of other spellings`;
  if (/^(?:std(?:in|out|err)|\d+)$/.test(path.slice(path.lastIndexOf("/") + 1)))
    return "its last part is stdin, stdout, stderr or a number, a name descriptors' files have, so from some working directory it is one";
  return undefined;
}

/**
 * Whether a program file reads descriptor `fd`: `{}` when its path is that descriptor's file (or one whose number is an
 * expansion: /dev/fd/$n), `{ may }` (why) when it cannot be known to be no descriptor's file (unknownProgramPath), else
 * undefined (an ordinary file, or another descriptor's).
 */
export function programFileReads(file: string, fd: string): { may?: string } | undefined {
  const path = withValues(file);
  const d = descriptorOfFile(path);
  if (d !== undefined) return d === fd || d === "*" ? {} : undefined;
  const may = unknownProgramPath(path);
  return may === undefined ? undefined : { may };
}

/** The value of a scenario reference in a program path, or undefined when it is not known (a capture, at load). */
export type PathValue = (name: string, def: string | undefined) => string | undefined;
/** withPathValues's, while it runs; none: a reference is an expansion like any other. */
let pathValues: PathValue | undefined;
/** A scenario reference in a shell script (`${NAME}`, `${NAME:-default}`) or the escape `$${` (a literal "${" for bash): shell-refs.ts reads them with its own flags. */
export const SCRIPT_REF_SOURCE = String.raw`\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}`;
const SCENARIO_REF = new RegExp(SCRIPT_REF_SOURCE, "g");

/**
 * Runs `fn` with the values scenario references in program paths stand for (programFileReads): bash hands the path
 * the value as it is, quoted (shell-refs.ts), so `python3 "${TOOLS}/load.py"` is read as the path its value makes. A
 * reference `values` gives none for (a capture, while the scenario loads) stays an expansion.
 */
export function withPathValues<T>(values: PathValue | undefined, fn: () => T): T {
  const before = pathValues;
  pathValues = values;
  try {
    return fn();
  } finally {
    pathValues = before;
  }
}

/** A program path with its scenario references replaced by the values withPathValues gives them. */
export function withValues(file: string): string {
  const values = pathValues;
  if (values === undefined || !file.includes("${")) return file;
  return file.replace(SCENARIO_REF, (whole, name: string | undefined, def: string | undefined) => (name === undefined ? whole : values(name, def) ?? whole));
}

/** The clause a reader's label carries when its program path only may be the descriptor's file (uncertainLabel); its why has no parentheses. */
const UNCERTAIN = / \(its program path, ("(?:[^"\\]|\\.)*"), cannot be known to be no descriptor's file: ([^()]*)\)/;

/**
 * A reader's label (`sh`, `python3 (in docker)`) with why its program path may be the descriptor's file it is fed:
 * `sh (its program path, "/dev/std?n", cannot be known to be no descriptor's file: a pattern bash fills in)`. The
 * messages read it back with splitUncertain.
 */
export const uncertainLabel = (label: string, path: string, why: string): string => `${label} (its program path, ${JSON.stringify(path)}, cannot be known to be no descriptor's file: ${why})`;

/** A label without uncertainLabel's clause, and that clause (without its parentheses) when it has one. */
export function splitUncertain(label: string): { label: string; clause?: string } {
  const m = UNCERTAIN.exec(label);
  return m ? { label: label.slice(0, m.index) + label.slice(m.index + m[0].length), clause: m[0].slice(2, -1) } : { label };
}

/** A label with `suffix` (` (in docker)`) put after its name, before uncertainLabel's clause if it has one. */
export function labelWith(label: string, suffix: string): string {
  const m = UNCERTAIN.exec(label);
  return m ? `${label.slice(0, m.index)}${suffix}${label.slice(m.index)}` : `${label}${suffix}`;
}

/** What to do instead when a program path cannot be known to be no descriptor's file: part of the messages. */
export const PLAIN_PROGRAM_PATH =
  "name the program file by a plain path to an ordinary file (no expansion, pattern or braces, not under /dev or /proc, not ending in stdin or a number; a scenario variable's ${NAME} there is read as its value)";

/**
 * The characters after which bash reads digits before a redirection as its descriptor (`3<<<`, `;3<`, `)3<&0`): a
 * blank, or an operator. After any other the digits end a word (`a3<<<` is the word a3, then `<<<` on the standard
 * input), and `<` or `>` before them makes them a redirection's target (`>3<<<` is bash's syntax error).
 */
export const BEFORE_DESCRIPTOR = String.raw`\s;&|()`;
const beforeDescriptor = new RegExp(`[${BEFORE_DESCRIPTOR}]`);

/**
 * The descriptor a redirection whose operator starts at `at` of `text` is written with (the 3 of `3<<<`, `3<`, `3<&0`,
 * `2>`), or undefined for none: digits that are a word of their own, at the text's start or after a blank or an operator
 * no backslash escapes (a backslash-newline joins the lines). `fd` is the number without leading zeros (`03<` is
 * descriptor 3), `start` where its digits start; for a name in braces (`exec {fd}< FILE`), whose number bash chooses,
 * `fd` is the name as written, `{fd}`: the file of any descriptor whose number is an expansion (/dev/fd/$fd,
 * descriptorOfFile's `"*"`) may be it (programFileReads), and no numbered one is.
 */
export function descriptorBefore(text: string, at: number): { fd: string; start: number } | undefined {
  let start = at;
  // `{name}<`: bash opens a descriptor of its choosing (10 or more) and sets name to its number.
  const named = /\{[A-Za-z_]\w*\}$/.exec(text.slice(Math.max(0, at - 64), at));
  if (named) start = at - named[0].length;
  else while (start > 0 && text[start - 1]! >= "0" && text[start - 1]! <= "9") start--;
  if (start === at) return undefined;
  let end = start;
  // A backslash-newline is no character to bash: what stands before it does.
  while (end >= 2 && text[end - 1] === "\n" && escaped(text, end - 1)) end -= 2;
  if (end > 0 && (!beforeDescriptor.test(text[end - 1]!) || escaped(text, end - 1))) return undefined;
  return { fd: named ? named[0] : text.slice(start, at).replace(/^0+(?=\d)/, ""), start };
}

/** Whether an odd number of backslashes stands before `i`: the character there is escaped. */
function escaped(text: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && text[i - n - 1] === "\\") n++;
  return n % 2 === 1;
}

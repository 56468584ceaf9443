// A process's descriptors as a script names them: the files that are one (/dev/fd/3, /dev/stdin, /proc/self/fd/0,
// however the path is spelt), and the number a redirection is written with (the 3 of `3<<<`). The readers of
// stdin-script.ts, interpreter-code.ts, code-readers.ts and shell-refs.ts, and lib/steps/shell/program-refs.ts, take
// them from here, so that each reads them alike.
import { posix } from "node:path";

/** The directories whose entries are the process's own descriptors. */
const FD_DIRS = ["/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"] as const;

/** The files that are descriptor `fd` (`"0"`: the standard input): /dev/fd/N and /proc/self/fd/N (thread-self too), /dev/stdin for 0. */
export const fdFiles = (fd: string): string[] => [...(fd === "0" ? ["/dev/stdin"] : []), ...FD_DIRS.map((d) => `${d}${fd}`)];

/**
 * An absolute path as the kernel resolves its spelling: repeated slashes as one, `.` dropped, `..` taking the part before
 * it (`//dev/./fd/3` is /dev/fd/3), no slash at its end. Other words as they are.
 */
export function normalPath(word: string): string {
  return word.startsWith("/") ? posix.normalize(word).replace(/(.)\/$/, "$1") : word;
}

/** A file that is the standard input, however its path is spelt (`/dev/stdin`, `//dev/./stdin`, `/proc/thread-self/fd/0`). */
export const isStdinFile = (word: string): boolean => fdFiles("0").includes(normalPath(word));

/** A file that is one of the descriptors, whichever (`/dev/fd/3`, `/proc/self/fd/$n`, /dev/stdin), however its path is spelt. */
export function isDescriptorFile(word: string): boolean {
  const path = normalPath(word);
  return path === "/dev/stdin" || FD_DIRS.some((d) => path.startsWith(d) && path.length > d.length);
}

/**
 * Which descriptor a file is, from its path however spelt: `"0"` for /dev/stdin, the number of /dev/fd/N,
 * /proc/self/fd/N (`"3"`); `"*"` when the number is an expansion or a pattern bash fills in (`/dev/fd/$n`: it may be
 * any); undefined for a file that is no descriptor, or a number the kernel has no entry for (`/dev/fd/03`).
 */
export function descriptorOfFile(word: string): string | undefined {
  if (!isDescriptorFile(word)) return undefined;
  const path = normalPath(word);
  if (path === "/dev/stdin") return "0";
  const n = path.slice(path.lastIndexOf("/") + 1);
  if (/^(?:0|[1-9]\d*)$/.test(n) && FD_DIRS.includes(path.slice(0, path.length - n.length) as (typeof FD_DIRS)[number])) return n;
  return /[$`*?[]/.test(path) ? "*" : undefined;
}

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
 * descriptor 3), `start` where its digits start.
 */
export function descriptorBefore(text: string, at: number): { fd: string; start: number } | undefined {
  let start = at;
  while (start > 0 && text[start - 1]! >= "0" && text[start - 1]! <= "9") start--;
  if (start === at) return undefined;
  let end = start;
  // A backslash-newline is no character to bash: what stands before it does.
  while (end >= 2 && text[end - 1] === "\n" && escaped(text, end - 1)) end -= 2;
  if (end > 0 && (!beforeDescriptor.test(text[end - 1]!) || escaped(text, end - 1))) return undefined;
  return { fd: text.slice(start, at).replace(/^0+(?=\d)/, ""), start };
}

/** Whether an odd number of backslashes stands before `i`: the character there is escaped. */
function escaped(text: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && text[i - n - 1] === "\\") n++;
  return n % 2 === 1;
}

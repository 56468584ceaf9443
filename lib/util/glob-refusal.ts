// Patterns a glob matcher takes but reads otherwise than bash: refused where a scenario is loaded.

/** What to write for the POSIX classes people reach for, in place of `[:name:]` inside a class. */
const POSIX_RANGES: Record<string, string> = { digit: "0-9", alpha: "a-zA-Z", alnum: "a-zA-Z0-9", upper: "A-Z", lower: "a-z", xdigit: "0-9a-fA-F" };

/**
 * Why a pattern cannot be a glob here though Bun's matcher takes it, or undefined: a POSIX class (`[[:digit:]]`, any
 * digit in bash), collating symbol (`[[.1.]]`) or equivalence class (`[[=a=]]`) is read by Bun as a class of its
 * characters and a `]`, so `logs/app.log.[[:digit:]]` matched `app.log.d]` and not `app.log.1`, and `count: 0` passed.
 * Refused, naming the bracket expression as written and what to write instead.
 */
export function globRefusal(pattern: string): string | undefined {
  const posix = /(?<!\\)\[([:.=])([^\]]*?)\1\]/.exec(pattern);
  if (!posix) return undefined;
  const [whole, kind, name] = posix as unknown as [string, string, string];
  // The bracket expression holding it (`[![:digit:]]`, `[x[:digit:]]`), when there is one: the advice keeps the rest of it.
  const open = pattern.lastIndexOf("[", posix.index - 1);
  const close = pattern.indexOf("]", posix.index + whole.length);
  const outer = open >= 0 && close >= 0 && !pattern.slice(open + 1, posix.index).includes("]") ? pattern.slice(open, close + 1) : undefined;
  const what = kind === ":" ? "a POSIX class" : kind === "." ? "a POSIX collating symbol" : "a POSIX equivalence class";
  const inner = kind === ":" ? (Object.hasOwn(POSIX_RANGES, name) ? POSIX_RANGES[name] : undefined) : name;
  const written = outer ?? whole;
  const advice = inner === undefined ? "write the characters it stands for in a class" : `write ${JSON.stringify(outer ? outer.replace(whole, inner) : `[${inner}]`)}`;
  // Alone, `[:digit:]` is a class of the characters `:`, `d`, `i`, `g`, `t`, in bash too: never what is meant.
  if (!outer) return `${whole} outside a bracket expression is a class of its characters (in bash too), not ${what}, which goes inside one: ${advice}`;
  return `${whole} in ${JSON.stringify(written)} is ${what}, which this glob does not know (it reads it as a class of its characters and a ]): ${advice}`;
}

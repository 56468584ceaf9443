// Regexes written in scenarios: JavaScript syntax, plus a leading (?i)/(?s)/(?m) flag group as Go and Loki users write it.

const FLAG_GROUP = /^\(\?([ims]+)\)/;

/**
 * Syntax of other regex flavours that JavaScript reads as something else without a word: `\A`, `\z`, `\Z` are the
 * letters A, z, Z, and `[[:alpha:]]` is a class of the characters `[:alph` followed by `]`. A `not_matches` with one
 * passed on text grep and Python match.
 */
const FOREIGN: [RegExp, string][] = [
  [/(^|[^\\])(\\\\)*\\[AzZ]/, "\\A, \\z and \\Z are no anchors in JavaScript regexes (they match the letters): write ^ and $"],
  [/\[\[:(alpha|digit|alnum|upper|lower|space|blank|punct|print|graph|cntrl|xdigit|word):\]/, "POSIX classes such as [[:alpha:]] do not exist in JavaScript regexes (that is a class of the characters [:alph… and a ]): write [A-Za-z], \\d, \\s, \\w"],
];

/** Compiles a scenario regex; throws SyntaxError with the engine's message on bad input. */
export function compileRegex(source: string, extraFlags = ""): RegExp {
  for (const [pattern, why] of FOREIGN) if (pattern.test(source)) throw new SyntaxError(why);
  let flags = extraFlags;
  let body = source;
  const m = FLAG_GROUP.exec(source);
  if (m) {
    body = source.slice(m[0].length);
    for (const f of m[1]!) if (!flags.includes(f)) flags += f;
  }
  return new RegExp(body, flags);
}

/** Returns the error message for an invalid regex, or undefined when it compiles. */
export function regexError(source: string): string | undefined {
  try {
    compileRegex(source);
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, "");
  }
}

/** Punctuation a regex may escape to mean itself. */
const ESCAPABLE = new Set("\\^$.*+?()[]{}|/-");

/**
 * The text a regex matches when it is a plain literal (no metacharacters; escaped punctuation allowed), else undefined:
 * such a regex can be searched as bytes. Empty text, line breaks and text that does not survive UTF-8 are left to the regex.
 */
export function literalOfRegex(source: string): string | undefined {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      const next = source[i + 1];
      if (next === undefined || !ESCAPABLE.has(next)) return undefined;
      out += next;
      i++;
    } else if (ESCAPABLE.has(c) && c !== "/" && c !== "-") return undefined;
    else out += c;
  }
  if (out === "" || out.includes("\n") || out.includes("\r")) return undefined;
  return Buffer.from(out, "utf8").toString("utf8") === out ? out : undefined;
}

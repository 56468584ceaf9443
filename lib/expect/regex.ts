// Regexes written in scenarios: JavaScript syntax, plus a leading (?i)/(?s)/(?m) flag group as Go and Loki users write it.

const FLAG_GROUP = /^\(\?([ims]+)\)/;

/**
 * A pattern with nothing to look for: empty, or a flag group alone (`(?i)`, what `(?i)${PREFIX}` becomes with PREFIX
 * empty). It matches every text, so a check with it checks nothing.
 */
export function isEmptyPattern(source: string): boolean {
  return source === "" || FLAG_GROUP.exec(source)?.[0].length === source.length;
}

/**
 * Why a pattern looked for in lines (or names: `what`) checks nothing, or undefined: an empty one always, one with a
 * `$` no line can match (`$ERR`) always, one that matches every text (`^`, `.*`) unless a count is given beside it (then
 * it counts lines). The files and query steps' rule.
 */
export function everyLineIssue(p: string, counted: boolean, what = "line"): string | undefined {
  if (isEmptyPattern(p)) return `an empty pattern (or a flag group alone, such as (?i)) matches every ${what}: give the pattern to look for`;
  const dead = deadDollarIssue(p);
  if (dead !== undefined) return dead;
  if (!counted && matchesEveryText(p)) return `/${p}/ matches every ${what} (${everyTextReason(p, true)}): give the pattern to look for`;
  return counted ? undefined : slidingLookaheadIssue(p, true);
}

/**
 * Why matchesEveryText said so of a pattern, as messages put it: with what to write instead of a negative lookaround, the
 * likely slip. `lines`: the pattern is tried on each line (files, logql), where `^(?!.*ERROR)` says a line has no
 * ERROR; a text of several lines (stdout, a body) needs not_matches, as `^` and `.` see only its first line.
 */
export function everyTextReason(p: string, lines = false): string {
  const why = "it needs no character at its start or end";
  if (!/\(\?<?!/.test(p)) return why;
  return `${why}; a (?!…) holds at the end of every text and a (?<!…) at its start: ${lines ? "anchor it, as in ^(?!.*ERROR), or write not_contains" : "to say a text holds no ERROR, write not_matches: ERROR or not_contains: ERROR"}`;
}

/** The top-level alternatives of a pattern (its flag group aside), or undefined when it cannot be read so. */
function topAlternatives(source: string): string[] | undefined {
  const m = FLAG_GROUP.exec(source);
  const body = m ? source.slice(m[0].length) : source;
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "\\") i++;
    else if (c === "[") {
      let j = body[i + 1] === "^" ? i + 2 : i + 1;
      while (j < body.length && body[j] !== "]") j += body[j] === "\\" ? 2 : 1;
      if (j >= body.length) return undefined;
      i = j;
    } else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/**
 * An atom that takes any character, or nearly any: `.`, `[^]`, `[\s\S]` and the like, a negated class (`[^"]`), `\S`,
 * `\W`, `\D`. Group 0 is the atom.
 */
const WILD = /^(?:\.|\[\^(?:[^\]\\]|\\.)*\]|\[\\[sSwWdD]\\[sSwWdD]\]|\\[SWD])/;
/** A quantifier that repeats without a bound: `*`, `+`, `{0,}`, `{1,}`, each maybe lazy. */
const MANY = /^(?:[*+]|\{\d+,\})\??/;

/** The index after the group that opens at `i` (a `(`), or -1 when it does not close. */
function groupEnd(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j]!;
    if (c === "\\") j++;
    else if (c === "[") {
      let k = src[j + 1] === "^" ? j + 2 : j + 1;
      while (k < src.length && src[k] !== "]") k += src[k] === "\\" ? 2 : 1;
      j = k;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return j + 1;
  }
  return -1;
}

/** `s` without the group openings (`(`, `(?:`) it starts with. */
const opened = (s: string) => s.replace(/^(?:\((?:\?:)?(?!\?))+/, "");

/** Whether a text starts with what takes any character there: a WILD atom (in groups), `\b`, `\B`, `$`, a lookaround. */
function wildStart(f: string): boolean {
  const g = opened(f);
  return f === "" || WILD.test(g) || /^(?:\\[bB]|\$|\(\?<?[=!])/.test(g);
}

/**
 * Why a pattern's negative lookahead checks nothing where a search tries it, or undefined. A search tries a pattern at
 * every position: `(?!.*ERROR).+` not anchored with ^ matches from a position past the last ERROR (on `{"ok":true}`,
 * `(?!.*ok).` matches the `}`), and `((?!ok).)+` not anchored with ^ matches any run of characters that does not start
 * an ok. Each passed as "no ok" on a text holding one. Only where what follows the lookahead can start anywhere (a
 * WILD atom, nothing, a boundary): `(?!.*DEBUG)ERROR` looks for an ERROR no DEBUG follows, a check of its own, as
 * `foo(?!bar)` and `^(?!.*ERROR)` are. `lines`: as for everyTextReason.
 */
export function slidingLookaheadIssue(p: string, lines = false): string | undefined {
  const instead = lines ? "anchor it at the line's start, as in ^(?!.*X) or ^((?!X).)*$, or write not_contains: X" : "to say a text holds no X, write not_matches: X or not_contains: X";
  for (const alt of topAlternatives(p) ?? []) {
    // What a search may start anywhere with: word boundaries and positive lookaheads take no character.
    let at = 0;
    for (;;) {
      if (/^\\[bB]/.test(alt.slice(at))) at += 2;
      else if (alt.startsWith("(?=", at) && groupEnd(alt, at) > 0) at = groupEnd(alt, at);
      else break;
    }
    const anchored = alt[at] === "^";
    const head = anchored ? at + 1 : at;
    // A tempered run: ((?!X)W)+ with W a WILD atom.
    const open = /^\((?:\?:)?(?=\(\?!)/.exec(alt.slice(head));
    if (open) {
      const runEnd = groupEnd(alt, head);
      const look = head + open[0].length;
      const lookEnd = groupEnd(alt, look);
      const atom = lookEnd > 0 ? WILD.exec(alt.slice(lookEnd)) : null;
      const many = runEnd > 0 ? MANY.exec(alt.slice(runEnd)) : null;
      if (atom && many && lookEnd + atom[0].length === runEnd - 1) {
        const after = alt.slice(runEnd + many[0].length);
        if (!anchored || after === "")
          return `/${p}/: a search finds a run of ((?!…).)${many[0]} in any text with one character that does not start what the lookahead names (it is not anchored with ^${anchored ? " and $" : ""}): ${instead}`;
      }
    }
    if (anchored) continue;
    // The "none of it in the rest of the text" lookahead, (?!.*X), where a search slides past X.
    const look = alt.startsWith("(?!", at) ? at : -1;
    if (look < 0) continue;
    const lookEnd = groupEnd(alt, look);
    if (lookEnd < 0) continue;
    const inner = opened(alt.slice(look + 3, lookEnd - 1));
    const wild = WILD.exec(inner);
    if (!wild || !MANY.test(inner.slice(wild[0].length))) continue;
    if (wildStart(alt.slice(lookEnd)))
      return `/${p}/: a search tries (?!…) at every position, and past the last place what it names occurs it holds (it is not anchored with ^ at the text's start): ${instead}`;
  }
  return undefined;
}

/** Where a part of a pattern can match without consuming a character whatever the text: at its start, at its end. */
const AT_START = 1;
const AT_END = 2;
const ANYWHERE = AT_START | AT_END;

/**
 * A pattern that matches every text, and so every line and every name: besides an empty one, one with an alternative that
 * needs no character at the text's start (`^`, `.*`, `x?`, `^${ID}` with ID empty) or at its end (`$`, `a*$`), such as
 * `a|`. A lookaround counts for what it asks there: `(?!.*ERROR)` holds at the end of every text (nothing follows it
 * there, so no ERROR does) and `(?<!x)` at its start, when what they look for needs a character; `(?=)`, `(?=a*)` and
 * `(?<=)` hold wherever what they look for matches empty. Read from the pattern's structure, so it never says so of one
 * that does not (`^$` needs an empty text, `(?=a)` or `\b` a character beside it, `^(?!.*ERROR)` a text without ERROR);
 * it misses a few that do, such as `\b|\B`.
 */
export function matchesEveryText(source: string): boolean {
  if (isEmptyPattern(source)) return true;
  const m = FLAG_GROUP.exec(source);
  const body = m ? source.slice(m[0].length) : source;
  const read = readAlternatives(body, 0);
  return read !== undefined && read.end === body.length && read.where !== 0;
}

/**
 * Reads alternatives from `i` up to a `)` or the end: where they can all match without a character (a bit set of
 * AT_START, AT_END), or undefined when the pattern is beyond this reading (left to the run).
 */
function readAlternatives(src: string, i: number): { where: number; end: number; consumes: boolean } | undefined {
  let where = 0;
  let seq = ANYWHERE;
  /** Every alternative read so far needs at least one character (none read yet: true). */
  let allConsume = true;
  /** The alternative being read needs at least one character: one of its atoms does. */
  let seqConsumes = false;
  while (i < src.length && src[i] !== ")") {
    const c = src[i]!;
    if (c === "|") {
      where |= seq;
      allConsume &&= seqConsumes;
      seq = ANYWHERE;
      seqConsumes = false;
      i++;
      continue;
    }
    let atom: number;
    /** The atom, once, needs at least one character (a quantifier allowing none undoes it below). */
    let consumes: boolean;
    if (c === "^") { atom = AT_START; consumes = false; i++; }
    else if (c === "$") { atom = AT_END; consumes = false; i++; }
    else if (c === "(") {
      let j = i + 1;
      let look: "ahead" | "behind" | undefined;
      let negative = false;
      if (src[j] === "?") {
        if (src[j + 1] === ":") j += 2;
        else if (src[j + 1] === "<" && src[j + 2] !== "=" && src[j + 2] !== "!") {
          const close = src.indexOf(">", j);
          if (close < 0) return undefined;
          j = close + 1;
        } else {
          look = src[j + 1] === "<" ? "behind" : "ahead";
          negative = src[look === "behind" ? j + 2 : j + 1] === "!";
          j += look === "behind" ? 3 : 2;
        }
      }
      const inner = readAlternatives(src, j);
      if (inner === undefined || src[inner.end] !== ")") return undefined;
      if (look === undefined) atom = inner.where;
      // A positive lookaround holds, without a character, where what it looks for matches empty.
      else if (!negative) atom = inner.where;
      // A negative one holds where what it looks for cannot match: at the text's end for a lookahead (nothing follows),
      // at its start for a lookbehind (nothing precedes), when that needs a character.
      else atom = inner.consumes ? (look === "ahead" ? AT_END : AT_START) : 0;
      consumes = look === undefined && inner.consumes;
      i = inner.end + 1;
    } else if (c === "[") {
      // `[]` and `[^]` close at once: a `]` right after the opening ends the class.
      let j = src[i + 1] === "^" ? i + 2 : i + 1;
      while (j < src.length && src[j] !== "]") j += src[j] === "\\" ? 2 : 1;
      if (j >= src.length) return undefined;
      atom = 0;
      consumes = true;
      i = j + 1;
    } else if (c === "\\") {
      const e = src[i + 1];
      if (e === undefined) return undefined;
      // `\b`, `\B` and back references can hold without a character only beside some texts: read as not free, and as
      // needing no character either (a back reference to an empty group matches empty).
      atom = 0;
      consumes = !/[bB1-9k]/.test(e);
      i += escapeLength(src, i);
    } else { atom = 0; consumes = true; i++; }
    const q = QUANTIFIER_AT.exec(src.slice(i, i + 32));
    if (q) {
      if (q[1] === "*" || q[1] === "?" || q[2] === "0") {
        atom = ANYWHERE;
        consumes = false;
      }
      i += q[0].length;
    }
    seq &= atom;
    seqConsumes ||= consumes;
  }
  return { where: where | seq, end: i, consumes: allConsume && seqConsumes };
}

/** A quantifier at a position: `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each maybe lazy; group 2 is the lower bound. */
const QUANTIFIER_AT = /^(?:([*+?])|\{(\d+)(?:,\d*)?\})\??/;

/** The length of the escape at `i` (a backslash): `\x41`, `\u0041`, `\u{1F600}`, `\p{L}`, `\k<name>`, `\cJ`, or two. */
function escapeLength(src: string, i: number): number {
  const e = src[i + 1]!;
  const braced = (open: string, close: string) => (src[i + 2] === open && src.indexOf(close, i + 3) > 0 ? src.indexOf(close, i + 3) + 1 - i : 2);
  if (e === "x" && /^[0-9a-fA-F]{2}$/.test(src.slice(i + 2, i + 4))) return 4;
  if (e === "u") return /^[0-9a-fA-F]{4}$/.test(src.slice(i + 2, i + 6)) ? 6 : braced("{", "}");
  if (e === "p" || e === "P") return braced("{", "}");
  if (e === "k") return braced("<", ">");
  if (e === "c" && /^[A-Za-z]$/.test(src[i + 2] ?? "")) return 3;
  return 2;
}

/**
 * Syntax of other regex flavours that JavaScript reads as something else without a word: `\A`, `\z`, `\Z` are the
 * letters A, z, Z, and `[[:alpha:]]` is a class of the characters `[:alph` followed by `]`. A `not_matches` with one
 * passed on text grep and Python match.
 */
const FOREIGN: [RegExp, string][] = [
  [/(^|[^\\])(\\\\)*\\[AzZ]/, "\\A, \\z and \\Z are no anchors in JavaScript regexes (they match the letters): write ^ and $"],
  [/\[\[:(alpha|digit|alnum|upper|lower|space|blank|punct|print|graph|cntrl|xdigit|word):\]/, "POSIX classes such as [[:alpha:]] do not exist in JavaScript regexes (that is a class of the characters [:alph… and a ]): write [A-Za-z], \\d, \\s, \\w"],
];

/** Letters that are escapes in JavaScript's Unicode mode (`\c`, `\x`, `\u`, `\k` with what follows them). */
const JS_LETTER_ESCAPES = new Set("dDwWsSbBfnrtvcxupPk");

/** What other flavours read in a letter escape JavaScript has not, and what to write instead. */
const QUOTED = ["PCRE and grep -P read \\Q…\\E as quoted text", "escape each special character with \\ instead (\\. \\( \\*)"] as const;
const FOREIGN_LETTERS: Record<string, readonly [string, string]> = {
  h: ["PCRE and grep -P read a space or tab", "write [ \\t]"],
  H: ["PCRE and grep -P read any character but a space or tab", "write [^ \\t]"],
  e: ["PCRE and grep -P read the escape character", "write \\x1b"],
  a: ["Python, PCRE and grep -P read the bell character", "write \\x07"],
  R: ["PCRE and grep -P read a line break", "write (?:\\r\\n|\\n|\\r)"],
  Q: QUOTED,
  E: QUOTED,
};

/**
 * Escapes of other flavours that JavaScript reads as plain text without a word: a letter that is no escape here
 * (`\h`, `\Q…\E`, `\e`: PCRE's, which Python refuses, read as the letters) and, outside a class, GNU grep's word
 * boundaries `\<` and `\>` (read as the characters). A `not_contains` with one passed on lines grep finds.
 */
function foreignEscape(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    if (c !== "\\") continue;
    const e = source[++i];
    if (e === undefined) break;
    if (/[A-Za-z]/.test(e) && !JS_LETTER_ESCAPES.has(e)) {
      const [reads, write] = FOREIGN_LETTERS[e] ?? ["other flavours read an escape there, or refuse it", `write ${e} unescaped for the letter`];
      return `\\${e} is no escape in JavaScript regexes (it matches the letter ${e}; ${reads}): ${write}`;
    }
    if (!inClass && (e === "<" || e === ">")) return "\\< and \\> are no word boundaries in JavaScript regexes (they match the characters < and >; grep reads a word's start and end): write \\b, or < and > unescaped for the characters";
  }
  return undefined;
}

/**
 * The first `$` of the pattern that a word character follows (`$ERR`, `a$b`), outside a class and not escaped, with that
 * word; undefined when there is none. `$` is the end of the text (or, with (?m), of a line), which no letter, digit or
 * `_` can follow: that part of the pattern matches nowhere. It is how compose and bash write a variable (`$ERR`), and
 * `not_matches: "$ERR"` passed on any text.
 */
export function deadDollar(source: string): string | undefined {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "$") {
      const word = /^[A-Za-z0-9_]+/.exec(source.slice(i + 1));
      if (word) return `$${word[0]}`;
    }
  }
  return undefined;
}

/** Why a pattern with a dead `$` (deadDollar) checks nothing there, naming what to write instead; undefined for none. */
export function deadDollarIssue(source: string): string | undefined {
  const dead = deadDollar(source);
  if (dead === undefined) return undefined;
  const name = dead.slice(1);
  // `$1` (a replacement's group) names no variable: ${1} is refused as one.
  const variable = /^[A-Za-z_]/.test(name) ? `for the variable ${name} write \${${name}}, ` : "";
  return `/${source}/: "${dead}" matches nowhere ("$" is the end of the text or line, and "${name[0]}" cannot follow it), so this part of the pattern checks nothing; ${variable}for a dollar sign \\$`;
}

/**
 * Compiles a scenario regex; throws SyntaxError with the engine's message on bad input. It is compiled in Unicode mode
 * (`u`), so `.`, a class and a quantifier see a code point (an emoji is one character, as in Python and grep), after
 * `unicodeSource` has rewritten what that mode refuses but the plain mode reads as literal text; a pattern that mode
 * still refuses is compiled as before, in UTF-16 code units.
 */
export function compileRegex(source: string, extraFlags = ""): RegExp {
  for (const [pattern, why] of FOREIGN) if (pattern.test(source)) throw new SyntaxError(why);
  const foreign = foreignEscape(source);
  if (foreign) throw new SyntaxError(foreign);
  let flags = extraFlags;
  let body = source;
  const m = FLAG_GROUP.exec(source);
  if (m) {
    body = source.slice(m[0].length);
    for (const f of m[1]!) if (!flags.includes(f)) flags += f;
  }
  try {
    return new RegExp(unicodeSource(body), flags + "u");
  } catch {
    return new RegExp(body, flags);
  }
}

/** Escapes whose letter means something in Unicode mode (with what follows checked there). */
const UNICODE_LETTER_ESCAPES = new Set("dDwWsSbBfnrtvcxupPk0123456789");
/** Characters Unicode mode lets a backslash escape to mean themselves. */
const UNICODE_SYNTAX = new Set("^$\\.*+?()[]{}|/");
const CLASS_ESCAPE = /^\\[dDwWsS]/;
const QUANTIFIER = /^\{\d+(,\d*)?\}/;

/**
 * The same pattern as plain mode reads it, written so Unicode mode reads it alike: an escaped character that is no
 * escape there (`\-` outside a class, `\_`, `\ `, `\"`, `\é`) is the character itself, a `{` that starts no quantifier and a
 * lone `}` or `]` are escaped, and a `-` beside a class escape in a class (`[\w-]`, `[a-\d]`) is escaped.
 */
export function unicodeSource(source: string): string {
  let out = "";
  let inClass = false;
  let afterClassEscape = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      const next = source[i + 1];
      if (next === undefined) return out + c;
      i++;
      if (UNICODE_LETTER_ESCAPES.has(next) || UNICODE_SYNTAX.has(next) || (inClass && next === "-")) {
        out += c + next;
        // `\p{L}`, `\u{1F600}`: the braces are the escape's.
        const close = "pPu".includes(next) && source[i + 1] === "{" ? source.indexOf("}", i) : -1;
        if (close > 0) {
          out += source.slice(i + 1, close + 1);
          i = close;
        }
        afterClassEscape = inClass && /[dDwWsS]/.test(next);
        continue;
      }
      // Plain mode reads any other escaped character as itself; in a class a `-` or `]` written so stays escaped.
      out += next;
      afterClassEscape = false;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      else if (c === "-" && (afterClassEscape || CLASS_ESCAPE.test(source.slice(i + 1, i + 3)))) {
        out += "\\-";
        afterClassEscape = false;
        continue;
      }
      out += c;
      afterClassEscape = false;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      if (source[i + 1] === "^") out += source[++i];
      continue;
    }
    if (c === "{") {
      const q = QUANTIFIER.exec(source.slice(i, i + 32));
      if (q && out !== "" && !/[(|]$/.test(out)) {
        out += q[0];
        i += q[0].length - 1;
        continue;
      }
      out += "\\{";
      continue;
    }
    if (c === "}" || c === "]") {
      out += "\\" + c;
      continue;
    }
    out += c;
  }
  return out;
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

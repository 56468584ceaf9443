// Translates Go RE2 regular expressions (what Loki uses) to JavaScript RegExp, rejecting what RE2 rejects or JS cannot do.
import { GO_UNCASED_CLASS, goUncased } from "./go-utf8.ts";
import { ownValue } from "../util/own.ts";

export class RegexSyntaxError extends Error {
  constructor(
    message: string,
    /** True when RE2 accepts the pattern but the embedded engine cannot translate it. */
    readonly unsupported = false,
  ) {
    // Go's regexp/syntax errors read "error parsing regexp: <code>: `<text>`"; a template function shows them as they are.
    super(unsupported ? message : `error parsing regexp: ${message}`);
  }
}

const POSIX: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Unicode general categories RE2 knows by their short names (\\pL, \\p{Lu}); any other name is a script. */
const CATEGORIES = new Set("C Cc Cf Co Cs L Ll Lm Lo Lt Lu M Mc Me Mn N Nd Nl No P Pc Pd Pe Pf Pi Po Ps S Sc Sk Sm So Z Zl Zp Zs".split(" "));

/**
 * The scripts Go 1.23's unicode.Scripts knows (Unicode 15.0.0), by their long names only: JavaScript also takes the
 * short aliases (Latn, Grek, Zyyy), which Go refuses (Loki 3.4.6 answers 400 for `\\p{Latn}`).
 */
const GO_SCRIPTS = new Set(
  (
    "Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak Bengali " +
    "Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal Carian Caucasian_Albanian " +
    "Chakma Cham Cherokee Chorasmian Common Coptic Cuneiform Cypriot Cypro_Minoan Cyrillic Deseret " +
    "Devanagari Dives_Akuru Dogra Duployan Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian " +
    "Glagolitic Gothic Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya Hanunoo " +
    "Hatran Hebrew Hiragana Imperial_Aramaic Inherited Inscriptional_Pahlavi Inscriptional_Parthian " +
    "Javanese Kaithi Kannada Katakana Kawi Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi " +
    "Lao Latin Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam Mandaic " +
    "Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek Mende_Kikakui Meroitic_Cursive " +
    "Meroitic_Hieroglyphs Miao Modi Mongolian Mro Multani Myanmar Nabataean Nag_Mundari Nandinagari " +
    "New_Tai_Lue Newa Nko Nushu Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic " +
    "Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian Old_Turkic Old_Uyghur Oriya " +
    "Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa Phoenician Psalter_Pahlavi Rejang Runic " +
    "Samaritan Saurashtra Sharada Shavian Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo " +
    "Sundanese Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil Tangsa Tangut " +
    "Telugu Thaana Thai Tibetan Tifinagh Tirhuta Toto Ugaritic Vai Vithkuqi Wancho Warang_Citi Yezidi Yi " +
    "Zanabazar_Square"
  ).split(" "),
);

/**
 * RE2's `\\p{Name}` / `\\P{Name}` as JavaScript (`\\p{Script=Greek}`), or Go's error for a name it does not know. The
 * caller reads the `^` of `\\p{^Name}`.
 */
function unicodeClass(negated: boolean, name: string, inClass: boolean, written: string): string {
  const p = negated ? "P" : "p";
  if (name === "Any") {
    if (!negated) return inClass ? "\\u{0}-\\u{10FFFF}" : "[\\u{0}-\\u{10FFFF}]";
    // \P{Any} matches nothing: in a class it adds nothing, alone it is a class that no character is in.
    return inClass ? "" : "[^\\u{0}-\\u{10FFFF}]";
  }
  if (!CATEGORIES.has(name) && !GO_SCRIPTS.has(name)) throw new RegexSyntaxError(`invalid character class range: \`${written}\``);
  const js = CATEGORIES.has(name) ? `\\${p}{${name}}` : `\\${p}{Script=${name}}`;
  try {
    new RegExp(js, "u");
  } catch {
    throw new RegexSyntaxError(`the Unicode class ${written} (JavaScript does not know this script)`, true);
  }
  return js;
}

const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/".split(""));

export interface TranslatedRegex {
  source: string;
  flags: string;
  /** Named capture groups in order (a name may come twice, as Go allows). */
  names: string[];
  /** Every capture group in order, by its name or undefined: the JavaScript regex's group i + 1 is groups[i]. */
  groups: (string | undefined)[];
}

/** RE2's flags where the parser stands: i (fold case), m (^ and $ at lines), s (. takes \n), U (ungreedy). */
export interface Re2Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  U: boolean;
}

/**
 * A flag group's flags as Go's parsePerlFlags reads them at `at` (just past `(?`): letters, then `-` and letters to
 * clear, ending at `)` (the rest of the enclosing group) or `:` (a group of its own). Anything else, or a `-` with no
 * letter after it, is Go's error naming what it read.
 */
export function perlFlags(s: string, at: number, start: number, base: Re2Flags): { flags: Re2Flags; end: number; group: boolean } {
  const flags = { ...base };
  let on = true;
  let saw = false;
  for (let i = at; i < s.length; ) {
    const c = String.fromCodePoint(s.codePointAt(i)!);
    i += c.length;
    if (c === "i" || c === "m" || c === "s" || c === "U") {
      flags[c] = on;
      saw = true;
    } else if (c === "-" && on) {
      on = false;
      saw = false;
    } else if ((c === ":" || c === ")") && (on || saw)) return { flags, end: i, group: c === ":" };
    else throw new RegexSyntaxError(`invalid or unsupported Perl syntax: \`${s.slice(start, i)}\``);
  }
  throw new RegexSyntaxError(`missing closing ): \`${s.slice(start)}\``);
}

/**
 * A negated POSIX class ([:^alpha:]) in a JavaScript class: every character but its set's (all ASCII), as ranges. Under
 * (?i) Go folds the set first, then negates it (appendGroup): `(?i)[[:^lower:]]` takes neither a-z nor A-Z, nor ſ and
 * the Kelvin sign; a complement closed under folding, which JavaScript's i flag leaves as it is.
 */
function negatedPosix(set: string, fold: boolean): string {
  const inSet = new RegExp(`[${set}]`, fold ? "iu" : "u");
  const excluded: number[] = [];
  for (let n = 0; n < 0x80; n++) if (inSet.test(String.fromCharCode(n))) excluded.push(n);
  if (fold) for (const n of [0x17f, 0x212a]) if (inSet.test(String.fromCharCode(n))) excluded.push(n);
  const cp = (n: number) => `\\u{${n.toString(16)}}`;
  let out = "";
  let next = 0;
  for (const n of excluded) {
    if (n > next) out += n - 1 === next ? cp(next) : `${cp(next)}-${cp(n - 1)}`;
    next = n + 1;
  }
  return `${out}${cp(next)}-\\u{10FFFF}`;
}

/**
 * Translates an RE2 pattern; throws RegexSyntaxError. Go's flags may be set anywhere, (?i) or (?i:…), and cleared
 * ((?-i)): each holds to the end of its group, across alternatives, as Go's parser keeps them. JavaScript's own flags
 * are only the pattern's leading i and s; where the flags differ from those, each character, class or `.` says so
 * itself ((?i:x), (?-i:x), [\s\S]); ^ and $ are written out, never JavaScript's m flag, which also breaks lines at \r,
 * U+2028 and U+2029 (RE2 only at \n).
 */
export function translateRe2(pattern: string): TranslatedRegex {
  let fl: Re2Flags = { i: false, m: false, s: false, U: false };
  let rest = pattern;
  // Leading flag groups: (?i), (?s), (?m), (?U), (?is) … set JavaScript's i and s flags for the whole pattern.
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(rest);
    if (!m) break;
    for (const f of m[1]!) fl[f as keyof Re2Flags] = true;
    rest = rest.slice(m[0].length);
  }
  const jsFold = fl.i;
  const jsDotAll = fl.s;
  // Always JavaScript's u flag: RE2 matches characters (code points), so `.`, `[^a]` and `\S` take a whole emoji,
  // ranges may hold astral characters, and (?i) folds as Unicode's simple case folding does (the Kelvin sign K with
  // k, ſ with s), as Go's SimpleFold orbits do. Its stricter syntax is met below: a `{` that starts no repetition,
  // a `}` or `]` outside one are escaped (RE2 takes them as themselves).
  const groups: (string | undefined)[] = [];
  /** The flags to restore at each open group's `)`. */
  const saved: Re2Flags[] = [];
  let out = "";
  let inClass = false;
  /**
   * In a class, where Go's parseClass stands: at an item's start ("item": after `[`, a class such as \d or [:alpha:],
   * or a whole range), after a single character that a `-` makes a range's start ("char"), or after a range's `-`,
   * whose end must be a single character ("hi": `[` there is itself, never [:name:], and \d or \pL are errors).
   * A `-` at an item's start is a character (`[\d-z]` and `[[:space:]-z]` are a class, `-` and z), written `\-`.
   */
  let classAt = "item" as "item" | "char" | "hi";
  /** Where the open class began in `out`, and where its items begin (after `[` or `[^`). */
  let classStart = 0;
  let classBody = 0;
  let classNegated = false;
  /**
   * The open class's negated Unicode classes under (?i) (\P{Lu}, \p{^Greek}), each as its positive JavaScript class
   * (\p{Lu}). Go folds the class, then negates it (parseUnicodeClass): `(?i)\P{Ll}` takes no letter that has a
   * lowercase form or is one. JavaScript's i flag folds `\P{Ll}` after negating, so it takes every letter; `[^\p{Ll}]`
   * is what Go means. They cannot stand in a JavaScript class beside its other items, so the class is written as
   * alternatives at its `]`.
   */
  let foldedNegations: string[] = [];
  /** A piece that case folding concerns, under the flags where it stands: (?i:x) or (?-i:x) when they differ from JavaScript's. */
  const cased = (text: string) => (fl.i === jsFold ? text : fl.i ? `(?i:${text})` : `(?-i:${text})`);
  /**
   * A class (or one Unicode class) where it stands. Under (?i), a character Go 1.23 does not case (GO_UNCASED) is in
   * the class only as itself: [ƛ] does not take Ꟍ, nor [a-ʒ] or \p{Lu}; [^ƛ] does. Others fold as JavaScript's i
   * flag folds them.
   */
  const caseClass = (cls: string) =>
    fl.i ? cased(`(?:(?!${GO_UNCASED_CLASS})${cls}|(?=${GO_UNCASED_CLASS})(?-i:${cls}))`) : cased(cls);
  /**
   * A literal character outside a class. Under (?i) one Go 1.23 does not case (GO_UNCASED: ƛ, which JavaScript's newer
   * Unicode folds with Ꟍ) matches only itself.
   */
  const literal = (ch: string) => (fl.i && goUncased(ch) ? (jsFold ? `(?-i:${ch})` : ch) : cased(ch));
  /** The same for a character written as an escape (\x{…}, octal), as \u{…}. */
  const codeLiteral = (cp: number) => {
    const u = `\\u{${cp.toString(16)}}`;
    return fl.i && goUncased(String.fromCodePoint(cp)) ? (jsFold ? `(?-i:${u})` : u) : cased(u);
  };
  /** The range's start in a class: its code point and where it began in the pattern. */
  let lo = { cp: 0, at: 0 };
  /** A single character ends a class item: a range's start, or the end of the range begun (checked as Go orders it). */
  const classChar = (cp: number, at: number, end: number) => {
    if (classAt === "hi") {
      if (cp < lo.cp) throw new RegexSyntaxError(`invalid character class range: \`${rest.slice(lo.at, end)}\``);
      classAt = "item";
    } else {
      classAt = "char";
      lo = { cp, at };
    }
  };
  const counts = new RepeatCounts();
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i]!;
    if (!inClass) counts.before(c, c === "{" && REPEAT.test(rest.slice(i)));
    if (c === "\\") {
      const e = rest[i + 1];
      if (e === undefined) throw new RegexSyntaxError("trailing backslash at end of expression: ``");
      const at = i;
      i++;
      if (inClass) {
        // In a class only a character's escape (Go's parseEscape) or a class (\d, \pL) may stand, and a range's
        // end must be a character: `[\b]`, `[\Qa\E]` and `[a-\d]` are errors.
        const isSet = /[dDsSwWpP]/.test(e);
        if (isSet && classAt === "hi") throw new RegexSyntaxError(`invalid escape sequence: \`\\${e}\``);
        if (isSet) classAt = "item";
        else {
          const ch = charEscape(rest, at);
          classChar(ch.cp, at, ch.end);
          out += `\\u{${ch.cp.toString(16)}}`;
          i = ch.end - 1;
          continue;
        }
      }
      if (e === "Q") {
        const end = rest.indexOf("\\E", i + 1);
        const lit = end === -1 ? rest.slice(i + 1) : rest.slice(i + 1, end);
        for (const ch of lit) out += /[\^$\\.*+?()[\]{}|/]/.test(ch) ? cased(`\\${ch}`) : literal(ch);
        i = end === -1 ? rest.length : end + 1;
        continue;
      }
      // Octal as RE2 reads it: \0 and up to two more octal digits, or \1-\7 followed by one (a lone \1 is no
      // backreference in RE2 but an error).
      if (e === "0" || (/[1-7]/.test(e) && /[0-7]/.test(rest[i + 1] ?? ""))) {
        let code = Number(e);
        for (let k = 0; k < 2 && /[0-7]/.test(rest[i + 1] ?? ""); k++) code = code * 8 + Number(rest[++i]);
        out += codeLiteral(code);
        continue;
      }
      if (/[1-9]/.test(e)) throw new RegexSyntaxError(`invalid escape sequence: \`\\${e}\``);
      // \A and \z: the text's ends whatever (?m) says (JavaScript's m flag is never set).
      if (!inClass && e === "A") {
        out += "^";
        continue;
      }
      if (!inClass && e === "z") {
        out += "$";
        continue;
      }
      if (e === "a") {
        out += "\\x07";
        continue;
      }
      if (e === "x") {
        const ch = charEscape(rest, at);
        out += codeLiteral(ch.cp);
        i = ch.end - 1;
        continue;
      }
      if (e === "p" || e === "P") {
        const braced = rest[i + 1] === "{";
        const end = braced ? rest.indexOf("}", i + 2) : i + 1;
        if (braced && end === -1) throw new RegexSyntaxError(`invalid character class range: \`${rest.slice(i - 1)}\``);
        let name = braced ? rest.slice(i + 2, end) : (rest[i + 1] ?? "");
        let negated = e === "P";
        if (name.startsWith("^")) {
          negated = !negated;
          name = name.slice(1);
        }
        const cls = unicodeClass(fl.i && name !== "Any" ? false : negated, name, inClass, rest.slice(at, end + 1));
        i = end;
        if (!fl.i || name === "Any") out += inClass ? cls : cased(cls);
        else if (!negated) out += inClass ? cls : caseClass(cls);
        // Under (?i), \P{X} is every character outside X folded: what JavaScript's [^\p{X}] takes under its i flag.
        else if (inClass) foldedNegations.push(cls);
        else out += caseClass(`[^${cls}]`);
        continue;
      }
      // RE2's \s is [\t\n\f\r ] (JavaScript's also takes \v, U+00A0, U+FEFF and other spaces).
      if (e === "s") {
        out += inClass ? "\\t\\n\\f\\r " : "[\\t\\n\\f\\r ]";
        continue;
      }
      if (e === "S") {
        // In a class, what RE2's \S takes spelled out: everything but [\t\n\f\r ] (JavaScript's \S also leaves
        // out \v, U+00A0, U+FEFF and other spaces).
        out += inClass ? "\\x00-\\x08\\x0b\\x0e-\\x1f\\x21-\\u{10FFFF}" : "[^\\t\\n\\f\\r ]";
        continue;
      }
      if ((e === "b" || e === "B") && !inClass && jsFold) {
        // RE2's \b and \B look at ASCII word characters whatever the flags; JavaScript's under u and i also take
        // ſ and the Kelvin sign for word characters, unless i is off around them.
        out += `(?-i:\\${e})`;
        continue;
      }
      if (/[dDwWbBfnrtv]/.test(e)) {
        out += "\\" + e;
        continue;
      }
      // Letters Go gives no meaning (\C, any byte, among them), and any escaped character outside ASCII (\é).
      if (/[A-Za-z]/.test(e) || e.charCodeAt(0) >= 0x80) throw new RegexSyntaxError(`invalid escape sequence: \`\\${String.fromCodePoint(rest.codePointAt(i)!)}\``);
      // Escaped punctuation: keep it escaped where JS needs it, plain otherwise (the u flag rejects needless escapes).
      out += cased(JS_SYNTAX.has(e) ? "\\" + e : e);
      continue;
    }
    if (inClass) {
      if (c === "[" && rest[i + 1] === ":" && classAt !== "hi") {
        const end = rest.indexOf(":]", i + 2);
        if (end !== -1) {
          let name = rest.slice(i + 2, end);
          const negated = name.startsWith("^");
          if (negated) name = name.slice(1);
          const set = ownValue(POSIX, name);
          if (set === undefined) throw new RegexSyntaxError(`invalid character class range: \`[:${name}:]\``);
          out += negated ? negatedPosix(set, fl.i) : set;
          classAt = "item";
          i = end + 1;
          continue;
        }
      }
      if (c === "]") {
        inClass = false;
        out += c;
        let cls = out.slice(classStart);
        if (foldedNegations.length) {
          // The class's other items, and each negated Unicode class folded then negated (see foldedNegations): a
          // character in any of them, or for `[^…]`, in none (so in each folded class, and not among the items).
          const items = out.slice(classBody, -1);
          cls = classNegated
            ? `(?:${foldedNegations.map((p) => `(?=${p})`).join("")}[^${items}])`
            : `(?:${[...(items ? [`[${items}]`] : []), ...foldedNegations.map((p) => `[^${p}]`)].join("|")})`;
          foldedNegations = [];
        }
        out = out.slice(0, classStart) + caseClass(cls);
        continue;
      }
      // Go's rule: after a single character, a `-` not before the closing `]` makes a range of it and the next
      // character; anywhere else a `-` is itself.
      if (c === "-" && classAt === "char" && i + 1 < rest.length && rest[i + 1] !== "]") {
        classAt = "hi";
        out += c;
        continue;
      }
      const ch = String.fromCodePoint(rest.codePointAt(i)!);
      classChar(ch.codePointAt(0)!, i, i + ch.length);
      out += c === "[" || c === "-" ? "\\" + c : ch;
      i += ch.length - 1;
      continue;
    }
    if (c === "[") {
      inClass = true;
      classAt = "item";
      classStart = out.length;
      out += c;
      classNegated = rest[i + 1] === "^";
      if (classNegated) {
        out += "^";
        i++;
      }
      classBody = out.length;
      // A `]` first in a class is itself (and may start a range: `[]-a]`).
      if (rest[i + 1] === "]") {
        out += "\\]";
        i++;
        classChar(0x5d, i, i + 1);
      }
      continue;
    }
    if (c === "(") {
      if (rest[i + 1] !== "?") {
        saved.push(fl);
        groups.push(undefined);
        out += "(";
        continue;
      }
      const tail = rest.slice(i + 2);
      let m: RegExpExecArray | null;
      if (tail.startsWith(":")) {
        saved.push(fl);
        out += "(?:";
        i += 2;
      } else if (/^[=!]|^<[=!]/.test(tail)) {
        throw new RegexSyntaxError(`invalid or unsupported Perl syntax: \`(?${tail.slice(0, tail.startsWith("<") ? 2 : 1)}\``);
      } else if ((m = /^P?</.exec(tail))) {
        // Go's named group: a name of ASCII letters, digits and _ (a digit first too); two groups may share one.
        // Each is a plain JavaScript group, its name kept in `groups`.
        const close = tail.indexOf(">");
        if (close === -1) throw new RegexSyntaxError(`invalid named capture: \`${rest.slice(i)}\``);
        const name = tail.slice(m[0].length, close);
        if (!/^[A-Za-z0-9_]+$/.test(name)) throw new RegexSyntaxError(`invalid named capture: \`${rest.slice(i, i + 3 + close)}\``);
        groups.push(name);
        saved.push(fl);
        out += "(";
        i += 2 + close;
      } else {
        const f = perlFlags(rest, i + 2, i, fl);
        if (f.group) {
          saved.push(fl);
          out += "(?:";
        } else counts.flagsOnly();
        fl = f.flags;
        i = f.end - 1;
      }
      continue;
    }
    if (c === ")") {
      if (saved.length) fl = saved.pop()!;
      out += ")";
      continue;
    }
    const repeat = c === "{" ? REPEAT.exec(rest.slice(i)) : null;
    if (c === "*" || c === "+" || c === "?" || repeat) {
      // A repetition operator, then RE2's `?` making it non-greedy (the reverse under (?U)).
      out += repeat ? repeat[0] : c;
      if (repeat) i += repeat[0].length - 1;
      const lazyMark = rest[i + 1] === "?";
      if (repeat) counts.repeat(repeat, lazyMark);
      if (lazyMark) i++;
      if (lazyMark !== fl.U) out += "?";
      continue;
    }
    if (c === "{" || c === "}" || c === "]") {
      out += cased("\\" + c);
      continue;
    }
    // RE2's ^ and $ are the text's ends, or under (?m) also just after or before a \n (and nowhere else).
    if (c === "^") out += fl.m ? "(?<![^\\n])" : "^";
    else if (c === "$") out += fl.m ? "(?![^\\n])" : "$";
    else if (c === "|") out += c;
    // RE2's . is any character but \n (JavaScript's also stops at \r, U+2028 and U+2029); under (?s) anything.
    else if (c === ".") out += fl.s ? (jsDotAll ? "." : "[\\s\\S]") : "[^\\n]";
    else {
      const ch = String.fromCodePoint(rest.codePointAt(i)!);
      out += literal(ch);
      i += ch.length - 1;
    }
  }
  if (inClass) throw new RegexSyntaxError(`missing closing ]: \`${pattern}\``);
  const flags = (jsFold ? "i" : "") + (jsDotAll ? "s" : "") + "u";
  try {
    new RegExp(out, flags);
  } catch (err) {
    throw new RegexSyntaxError(goRegexError((err as Error).message.replace(/^Invalid regular expression: /, ""), pattern));
  }
  return { source: out, flags, names: groups.filter((n) => n !== undefined), groups };
}

/**
 * A counted repetition as Go's parseRepeat reads one: `{n}`, `{n,}` or `{n,m}`, numbers without a leading zero (`a{01}` is
 * text to Go: the `{` that starts no repetition is itself).
 */
const REPEAT = /^\{(0|[1-9]\d*)(?:(,)(0|[1-9]\d*)?)?\}/;

/** Go's regexp/syntax bound on a counted repetition's numbers, and on the product of nested ones (repeatIsValid). */
const MAX_REPEAT = 1000;

/**
 * Go's limits on counted repetitions, which JavaScript does not have: a number over 1000 or a range out of order, and
 * counts nested in counts whose product passes 1000 (`(a{500}){3}`, `((a{10}){10}){11}`), are each `invalid repeat
 * count`, naming the repetition. Fed each character outside a class (before) and each counted repetition (repeat); it
 * keeps, for the last item and for each open group, the largest product of counts within.
 */
class RepeatCounts {
  /** Per open group (the first is the whole pattern): the largest product of nested counts in it so far. */
  readonly #groups: number[] = [1];
  /** The product of counts within the last item (1 for a character or class; 0 when there is none to repeat). */
  #last = 0;

  before(c: string, startsRepeat: boolean): void {
    if (c === "(") {
      this.#groups.push(1);
      this.#last = 0;
    } else if (c === ")") {
      const inner = this.#groups.length > 1 ? this.#groups.pop()! : 1;
      this.#keep(inner);
      this.#last = inner;
    } else if (c === "|") this.#last = 0;
    else if (c === "*" || c === "+" || c === "?" || (c === "{" && startsRepeat)) return;
    else this.#last = 1;
  }

  /** The `(` just seen opened no group but set flags (`(?i)`): nothing stands before what follows. */
  flagsOnly(): void {
    if (this.#groups.length > 1) this.#groups.pop();
    this.#last = 0;
  }

  repeat(m: RegExpExecArray, lazyMark: boolean): void {
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === undefined ? -1 : Number(m[3]);
    if (min > MAX_REPEAT || max > MAX_REPEAT || (max >= 0 && min > max)) throw new RegexSyntaxError(`invalid repeat count: \`${m[0]}\``);
    if (this.#last === 0) return; // nothing to repeat: JavaScript's error says so
    // repeatIsValid: a count of 0 ends the walk (nothing under it repeats), an open range counts its minimum.
    const times = max === 0 ? 0 : max > 0 ? max : min;
    const product = times === 0 ? 1 : this.#last * times;
    if ((min >= 2 || max >= 2) && product > MAX_REPEAT) throw new RegexSyntaxError(`invalid repeat count: \`${m[0]}${lazyMark ? "?" : ""}\``);
    this.#last = product;
    this.#keep(product);
  }

  #keep(product: number): void {
    const top = this.#groups.length - 1;
    this.#groups[top] = Math.max(this.#groups[top]!, product);
  }
}

/**
 * The character escape at `at` (a backslash) as Go's parseEscape reads it: octal (\0 and up to two more digits, or
 * \1-\7 and one or two more), \xHH, \x{H…} (at most U+10FFFF), \a \f \n \r \t \v, or ASCII punctuation as
 * itself. Anything else is Go's error naming what it read (`\x{41`, `\b`, `\Q`). `end` is just past the escape.
 */
export function charEscape(s: string, at: number): { cp: number; end: number } {
  const e = s.codePointAt(at + 1)!;
  const c = String.fromCodePoint(e);
  let i = at + 1 + c.length;
  const bad = (upTo: number) => new RegexSyntaxError(`invalid escape sequence: \`${s.slice(at, upTo)}\``);
  if (c === "0" || (/[1-7]/.test(c) && /[0-7]/.test(s[i] ?? ""))) {
    let cp = Number(c);
    for (let k = 0; k < 2 && /[0-7]/.test(s[i] ?? ""); k++) cp = cp * 8 + Number(s[i++]);
    return { cp, end: i };
  }
  if (c === "x") {
    const hex = (ch: string | undefined) => (ch !== undefined && /^[0-9A-Fa-f]$/.test(ch) ? Number.parseInt(ch, 16) : -1);
    if (i >= s.length) throw bad(i);
    if (s[i] === "{") {
      i++;
      let cp = 0;
      let digits = 0;
      for (;;) {
        if (i >= s.length) throw bad(i);
        const d = String.fromCodePoint(s.codePointAt(i)!);
        i += d.length;
        if (d === "}") break;
        if (hex(d) < 0) throw bad(i);
        cp = cp * 16 + hex(d);
        if (cp > 0x10ffff) throw bad(i);
        digits++;
      }
      if (digits === 0) throw bad(i);
      return { cp, end: i };
    }
    const x = String.fromCodePoint(s.codePointAt(i)!);
    i += x.length;
    const y = s[i] === undefined ? undefined : String.fromCodePoint(s.codePointAt(i)!);
    if (y !== undefined) i += y.length;
    if (hex(x) < 0 || hex(y) < 0) throw bad(i);
    return { cp: hex(x) * 16 + hex(y), end: i };
  }
  const named: Record<string, number> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };
  if (named[c] !== undefined) return { cp: named[c], end: i };
  if (e < 0x80 && !/[0-9A-Za-z]/.test(c)) return { cp: e, end: i };
  throw bad(i);
}

/**
 * Go's wording of the errors JavaScript finds first (the text a template's regexReplaceAll shows in __error_details__):
 * an unclosed or unopened group names the whole pattern, as regexp/syntax does; others keep JavaScript's words.
 */
function goRegexError(message: string, pattern: string): string {
  if (/^missing \)$|Unterminated group/.test(message)) return `missing closing ): \`${pattern}\``;
  if (/^unmatched parentheses$|Unmatched '\)'/.test(message)) return `unexpected ): \`${pattern}\``;
  return message;
}

const cache = new Map<string, RegExp>();
const groupCache = new Map<string, (string | undefined)[]>();

/** Keeps `value` in a cache of at most about 1000 entries (emptied when full). */
function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size > 1000) map.clear();
  map.set(key, value);
  return value;
}

/** Compiles an RE2 pattern to a JS RegExp (cached); `anchored` wraps it as ^(?:…)$ like Prometheus label matchers. */
export function compileRe2(pattern: string, anchored = false): RegExp {
  const key = (anchored ? "A" : "U") + pattern;
  let re = cache.get(key);
  if (!re) {
    const t = translateRe2(pattern);
    re = remember(cache, key, new RegExp(anchored ? `^(?:${t.source})$` : t.source, t.flags));
    remember(groupCache, pattern, t.groups);
  }
  return re;
}

/** The capture groups of an RE2 pattern in order, by name or undefined (TranslatedRegex.groups; cached). */
export function re2Groups(pattern: string): (string | undefined)[] {
  return groupCache.get(pattern) ?? remember(groupCache, pattern, translateRe2(pattern).groups);
}

/**
 * A match's named groups by name, as Go's Regexp.Expand finds `${name}`: the leftmost group of that name that took part
 * in the match (Go allows two groups one name: `(?P<n>4)(?P<n>3)` gives 4).
 */
export function namedGroupsOf(pattern: string, m: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  re2Groups(pattern).forEach((name, i) => {
    if (name !== undefined && !(name in out) && m[i + 1] !== undefined) out[name] = m[i + 1]!;
  });
  return out;
}

/** The literal text a pattern matches when it has no regex syntax at all (`|~ "error"` is a plain contains). */
export function literalOf(pattern: string): string | undefined {
  if (/[\\^$.*+?()[\]{}|]/.test(pattern)) {
    // Allow escaped punctuation such as `GET /api\.v1` to still count as literal.
    let out = "";
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i]!;
      if (c === "\\") {
        const e = pattern[i + 1];
        if (e === undefined || /[A-Za-z0-9]/.test(e)) return undefined;
        out += e;
        i++;
      } else if (/[\^$.*+?()[\]{}|]/.test(c)) return undefined;
      else out += c;
    }
    return out;
  }
  return pattern;
}

// Loki 3.4.6's regex simplifier (pkg/logql/log/filter.go, RegexSimplifier): a line filter `|~` / `!~` or a label
// filter `=~` / `!~` whose regex is only literals, `.*`, `.+`, groups and alternations runs as contains/equal tests
// instead of the regex, and that changes answers:
// - an alternative that matches everything (`a|`, `a|.*`) is dropped from the `or` (`|~ "a|"` is `|= "a"`);
// - in a label filter a literal next to `.*` is a contains test (`path=~"api.*"` matches "/api/x"), as is a literal
//   that Go's parser factored out of alternatives (`GET|GEST` → `GE(?:T|ST)`);
// - a label filter `=~""` keeps every line (`!~""` none), whatever the value.
// The regex is parsed as Go's regexp/syntax does for this subset (merging literals, factoring common literal
// prefixes of alternatives, turning runs of single-character alternatives into classes, collapsing empty ones).
// Any other syntax gives undefined: Loki then runs the regex (anchored for a label), as the caller does.
import { goCase, goUncased } from "./go-utf8.ts";
import { charEscape, perlFlags, type Re2Flags } from "./re2.ts";

type Node =
  | { op: "lit"; text: string; fold: boolean; sealed?: boolean }
  | { op: "empty" }
  | { op: "star" } // .*
  | { op: "plus" } // .+
  | { op: "class" } // what Go makes of single-character alternatives: never simplified
  | { op: "capture"; sub: Node }
  | { op: "concat"; subs: Node[] }
  | { op: "alt"; subs: Node[] };

/** A test on a value; "true" is Loki's TrueFilter (an `or` leg that is dropped). */
export type Simple = ((v: string) => boolean) | "true";

/** Every character below U+20000, where all of Unicode's cased letters lie: what caseOrbit scans. */
let belowPlane2: string | undefined;
const orbits = new Map<string, string[]>();
/**
 * The characters (?i) matches for `c`, Go's SimpleFold orbit: a and A; k, K and the Kelvin sign; µ, μ and Μ; ı alone.
 * JavaScript's u and i flags fold as Unicode's simple case folding does, as Go does, but by a newer Unicode: the
 * characters Go 1.23 does not fold (GO_UNCASED) are left out, and are each their own orbit.
 */
function caseOrbit(c: string): string[] {
  let orbit = orbits.get(c);
  if (orbit === undefined) {
    if (goUncased(c)) orbit = [c];
    else {
      if (belowPlane2 === undefined) {
        const chars: string[] = [];
        for (let x = 0; x < 0x20000; x++) if (x < 0xd800 || x > 0xdfff) chars.push(String.fromCodePoint(x));
        belowPlane2 = chars.join("");
      }
      const re = new RegExp(`[${c.replace(/[\\\]^-]/g, "\\$&")}]`, "gui");
      orbit = (belowPlane2.match(re) ?? []).filter((x) => !goUncased(x));
      if (!orbit.includes(c)) orbit.push(c);
    }
    orbits.set(c, orbit);
  }
  return orbit;
}

/** Go's SimpleFold pairs: whether a and b are each other's only other case (`A` and `a`; not `k` and `K`, whose orbit has the Kelvin sign). */
const foldPair = (a: string, b: string) => a !== b && caseOrbit(a).length === 2 && caseOrbit(a).includes(b);

/**
 * A bracketed class at `k` as Go's parser leaves it (push): one character, a literal (under (?i) only when the
 * character has no other case, `[1]`); a character and its only other case (`[Aa]`, or `[a]` under (?i)), a folded
 * literal; anything else a class. Undefined when the class is not one Go's parser takes.
 */
function bracketClass(chars: string[], k: number, fold: boolean): { node: Node; end: number } | undefined {
  let i = k + 1;
  if (chars[i] === "^") return undefined;
  const runes = new Set<string>();
  let multi = false;
  let first = true;
  const single = (): string | undefined => {
    const c = chars[i];
    if (c === undefined) return undefined;
    if (c !== "\\") {
      if (c === "[" && chars[i + 1] === ":") return undefined;
      i++;
      return c;
    }
    const esc = escapeAt(chars, i);
    if (esc === undefined) return undefined;
    i += esc.width;
    return esc.ch;
  };
  while (chars[i] !== "]" || first) {
    first = false;
    const lo = single();
    if (lo === undefined) return undefined;
    let hi = lo;
    if (chars[i] === "-" && chars[i + 1] !== "]" && chars[i + 1] !== undefined) {
      i++;
      const h = single();
      if (h === undefined) return undefined;
      hi = h;
    }
    const a = lo.codePointAt(0)!;
    const b = hi.codePointAt(0)!;
    if (b < a) return undefined;
    if (b - a > 1) multi = true;
    else for (let cp = a; cp <= b; cp++) runes.add(String.fromCodePoint(cp));
    if (i >= chars.length) return undefined;
  }
  const end = i + 1;
  if (multi) return { node: { op: "class" }, end };
  const list = [...runes];
  if (list.length === 1) {
    const ch = list[0]!;
    const orbit = fold ? caseOrbit(ch).length : 1;
    if (orbit === 1) return { node: { op: "lit", text: ch, fold: false }, end };
    if (orbit === 2) return { node: { op: "lit", text: ch, fold: true }, end };
    return { node: { op: "class" }, end };
  }
  if (list.length === 2 && foldPair(list[0]!, list[1]!)) {
    const lo = list[0]!.codePointAt(0)! < list[1]!.codePointAt(0)! ? list[0]! : list[1]!;
    return { node: { op: "lit", text: lo, fold: true }, end };
  }
  return { node: { op: "class" }, end };
}

/**
 * The character escape at chars[k] (a backslash) as Go's parseEscape reads it (charEscape: \x61, \x{61}, \141, \t,
 * \.): the character and how many of chars it takes. Undefined for any other escape (\d, \pL, \b, \A), beyond the
 * subset, and for one longer than 14 characters (`\x{000000000061}`).
 */
function escapeAt(chars: string[], k: number): { ch: string; width: number } | undefined {
  try {
    const text = chars.slice(k, k + 14).join("");
    const esc = charEscape(text, 0);
    return { ch: String.fromCodePoint(esc.cp), width: [...text.slice(0, esc.end)].length };
  } catch {
    return undefined;
  }
}

/** A count Go's Simplify drops (`x{1}`, `x{1,1}`, lazy or not) at `k`: its length in characters, else 0. */
function countOfOne(chars: string[], k: number): number {
  const m = /^\{1(?:,1)?\}\??/.exec(chars.slice(k, k + 7).join(""));
  return m ? m[0].length : 0;
}

/** Parses the subset; undefined for anything else. */
function parse(pattern: string): Node | undefined {
  // RE2's flags where the parser stands. The subset follows i (fold case) and s (`.` takes \n: `.*` is then not Loki's
  // TrueFilter); m and U change nothing it takes (^ and $ are never simplified; greed changes no filter).
  let fl: Re2Flags = { i: false, m: false, s: false, U: false };
  const chars = [...pattern];
  let k = 0;
  const alternation = (): Node | undefined => {
    const legs: Node[] = [];
    for (;;) {
      const c = concat();
      if (!c) return undefined;
      legs.push(c);
      if (chars[k] === "|") {
        k++;
        continue;
      }
      break;
    }
    return legs.length === 1 ? legs[0] : collapseAlt(legs);
  };
  /** A flag group's flags at k (just past `(?`), as Go reads them (perlFlags); k moves past its `)` or `:`. */
  const flagGroup = (): { flags: Re2Flags; group: boolean } | undefined => {
    // perlFlags reads no further than the first `)` or `:`, and where it returns, it read ASCII only: its end counts characters.
    let stop = k;
    while (stop < chars.length && chars[stop] !== ")" && chars[stop] !== ":") stop++;
    try {
      const f = perlFlags(chars.slice(k, stop + 1).join(""), 0, 0, fl);
      k += f.end;
      return f;
    } catch {
      return undefined;
    }
  };
  const concat = (): Node | undefined => {
    const subs: Node[] = [];
    // Go's parser gives every literal character under (?i) the FoldCase flag, one without case too (`k sign` stays
    // one folded literal, which Loki searches as text); a one-character class loses it unless it has two case forms.
    // A literal a count of one ends (`a{1}`: Go's Simplify makes it `a` again, beside, not merged with, its
    // neighbours) is sealed: nothing merges with it.
    const pushLit = (ch: string, f = fl.i) => {
      const last = subs[subs.length - 1];
      if (last?.op === "lit" && last.fold === f && !last.sealed) last.text += ch;
      else subs.push({ op: "lit", text: ch, fold: f });
    };
    /** After a character: a count of one seals it (split off the literal it joined), any other repetition is beyond the subset. */
    const afterChar = (): boolean => {
      const one = countOfOne(chars, k);
      if (one) {
        const last = subs[subs.length - 1];
        if (last?.op === "lit") {
          const text = [...last.text];
          const ch = text.pop()!;
          if (text.length) {
            last.text = text.join("");
            subs.push({ op: "lit", text: ch, fold: last.fold, sealed: true });
          } else last.sealed = true;
        }
        k += one;
        return true;
      }
      return !"*+?{".includes(chars[k] ?? "x");
    };
    while (k < chars.length && chars[k] !== "|" && chars[k] !== ")") {
      const c = chars[k]!;
      if (c === ".") {
        // `.*` and `.+`, also written `.{0,}` / `.{1,}` (Go's Simplify makes them so) and non-greedy (`.*?`): Loki's
        // simplifier looks at the operator, not its greed. Under (?s) `.` is any character, which it does not take.
        if (fl.s) return undefined;
        const rest = chars.slice(k + 1, k + 6).join("");
        const q = chars[k + 1] === "*" || rest.startsWith("{0,}") ? "star" : chars[k + 1] === "+" || rest.startsWith("{1,}") ? "plus" : undefined;
        if (q === undefined) return undefined;
        k += chars[k + 1] === "{" ? 5 : 2;
        if (chars[k] === "?") k++;
        if (chars[k] === "?" || chars[k] === "*" || chars[k] === "+" || chars[k] === "{") return undefined;
        subs.push({ op: q });
        continue;
      }
      if (c === "(") {
        let capture = true;
        k++;
        const outer = fl;
        if (chars[k] === "?") {
          k++;
          const named = /^P?<[A-Za-z0-9_]+>/.exec(chars.slice(k, k + 40).join(""));
          if (chars[k] === ":") {
            capture = false;
            k++;
          } else if (named) k += named[0].length;
          else {
            const f = flagGroup();
            if (!f) return undefined;
            fl = f.flags;
            // (?i) holds to the end of the group it stands in; (?i:…) is a group of its own.
            if (!f.group) continue;
            capture = false;
          }
        }
        const inner = alternation();
        fl = outer;
        if (!inner || chars[k] !== ")") return undefined;
        k++;
        const one = countOfOne(chars, k);
        k += one;
        if ("*+?{".includes(chars[k] ?? "x")) return undefined;
        if (capture) subs.push({ op: "capture", sub: inner });
        else if (inner.op === "lit") {
          // Go merges a group's literal with its neighbours, unless a count of one stands on the group.
          if (one) subs.push({ ...inner, sealed: true });
          else pushLit(inner.text, inner.fold);
        } else if (inner.op === "concat" && !one) subs.push(...inner.subs);
        else if (inner.op !== "empty") subs.push(inner);
        continue;
      }
      if (c === "[") {
        const cls = bracketClass(chars, k, fl.i);
        if (!cls) return undefined;
        k = cls.end;
        if (cls.node.op === "lit") pushLit(cls.node.text, cls.node.fold);
        else subs.push(cls.node);
        if (!afterChar()) return undefined;
        continue;
      }
      if (c === "\\" && chars[k + 1] === "Q") {
        // \Q…\E: each character a literal.
        k += 2;
        let quoted = false;
        while (k < chars.length && !(chars[k] === "\\" && chars[k + 1] === "E")) {
          pushLit(chars[k++]!);
          quoted = true;
        }
        if (k < chars.length) k += 2;
        if (quoted && !afterChar()) return undefined;
        continue;
      }
      let ch = c;
      if (c === "\\") {
        const esc = escapeAt(chars, k);
        if (esc === undefined) return undefined;
        ch = esc.ch;
        k += esc.width;
      } else if ("*+?{}]^$".includes(c)) return undefined;
      else k++;
      pushLit(ch);
      if (!afterChar()) return undefined;
    }
    if (subs.length === 0) return { op: "empty" };
    return subs.length === 1 ? subs[0] : { op: "concat", subs };
  };
  const node = alternation();
  return node && k === chars.length ? node : undefined;
}

/** Go's leadingString: a literal, or one first in a concatenation (a sealed one is Go's repeat, no literal yet). */
const leadingLit = (n: Node): { text: string; fold: boolean } | undefined =>
  n.op === "lit" && !n.sealed ? n : n.op === "concat" && n.subs[0]?.op === "lit" && !n.subs[0].sealed ? n.subs[0] : undefined;

function removeLeading(n: Node, count: number): Node {
  if (n.op === "lit") {
    const rest = [...n.text].slice(count).join("");
    return rest ? { ...n, text: rest } : { op: "empty" };
  }
  if (n.op === "concat") {
    const first = removeLeading(n.subs[0]!, count);
    const subs = first.op === "empty" ? n.subs.slice(1) : [first, ...n.subs.slice(1)];
    return subs.length === 0 ? { op: "empty" } : subs.length === 1 ? subs[0]! : { op: "concat", subs };
  }
  return n;
}

const isSingleChar = (n: Node) => (n.op === "lit" && !n.sealed && [...n.text].length === 1) || n.op === "class";

/** Go's collapse(OpAlternate) + factor: common literal prefixes, single characters to classes, empty runs. */
function collapseAlt(legs: Node[]): Node {
  const flat = legs.flatMap((l) => (l.op === "alt" ? l.subs : [l]));
  // Round 1: common leading literal strings (with the same case folding).
  let out: Node[] = [];
  let start = 0;
  let istr: string[] = [];
  let ifold = false;
  for (let i = 0; i <= flat.length; i++) {
    let str: string[] = [];
    let sfold = false;
    if (i < flat.length) {
      const l = leadingLit(flat[i]!);
      str = l ? [...l.text] : [];
      sfold = l?.fold ?? false;
      if (sfold === ifold) {
        let same = 0;
        const key = (c: string) => (sfold ? c.toLowerCase() : c);
        while (same < istr.length && same < str.length && key(istr[same]!) === key(str[same]!)) same++;
        if (same > 0) {
          istr = istr.slice(0, same);
          continue;
        }
      }
    }
    if (i === start + 1) out.push(flat[start]!);
    else if (i > start + 1) {
      const prefix: Node = { op: "lit", text: istr.join(""), fold: ifold };
      const suffix = collapseAlt(flat.slice(start, i).map((n) => removeLeading(n, istr.length)));
      out.push({ op: "concat", subs: suffix.op === "empty" ? [prefix] : [prefix, suffix] });
    }
    start = i;
    istr = str;
    ifold = sfold;
  }
  // Round 3: runs of single characters become a class.
  const r3: Node[] = [];
  start = 0;
  for (let i = 0; i <= out.length; i++) {
    if (i < out.length && isSingleChar(out[i]!)) continue;
    if (i === start + 1) r3.push(out[start]!);
    else if (i > start + 1) r3.push({ op: "class" });
    if (i < out.length) r3.push(out[i]!);
    start = i + 1;
  }
  // Round 4: runs of empty matches become one.
  out = r3.filter((n, i) => !(n.op === "empty" && r3[i + 1]?.op === "empty"));
  if (out.length === 1) return out[0]!;
  return { op: "alt", subs: out };
}

type Built = Simple | undefined;


/**
 * The character Go's parser keeps for a case-folded literal: the smallest of its case-fold orbit (`σ` and `ς` → `Σ`,
 * U+A64A → U+1C88).
 */
function minFold(ch: string): string {
  return caseOrbit(ch).reduce((a, b) => (b.codePointAt(0)! < a.codePointAt(0)! ? b : a));
}

/** The characters of a `(?i)` literal as Loki's contains filter holds them: Go's parser's smallest fold, lowered. */
const foldedLiteral = (text: string) => [...text].map((ch) => goCase(minFold(ch), false));

/** The first byte of a character's UTF-8 form. */
const leadByte = (ch: string) => Buffer.from(ch)[0]!;

const ASCII_ONLY = /^[\x00-\x7f]*$/;
const LOWERS_TO_ASCII = /[\u0130\u212a]/;

/**
 * The last line foldContains read, lowered (undefined when it holds a character of LOWERS_TO_ASCII) and as characters:
 * an `or` of many `(?i)` literals (`(?-i)w0|(?i)w1|…`) tests one line with each in turn, and each lowered it again.
 */
let lineRead: { v: string; lowered: string | undefined; chars: string[] | undefined } | undefined;
const readLine = (v: string) => {
  if (lineRead?.v !== v) lineRead = { v, lowered: LOWERS_TO_ASCII.test(v) ? undefined : v.toLowerCase(), chars: undefined };
  return lineRead;
};

/**
 * Loki 3.4.6's case-insensitive contains (a `(?i)` literal its simplifier keeps as text), as measured against it: the
 * literal is what Go's parser keeps (each character the smallest of its case-fold orbit) lowered; a match starts only
 * where the line has the literal's first character, its ASCII capital, or another character whose UTF-8 form starts
 * with the same byte; each character of the line then equals the literal's or lowers (Go's simple mapping) to it. So
 * `(?i)σ` finds `σ` but not `Σ` (its bytes start otherwise) nor `ς`, while `(?i)aσ` finds `aΣ`; `(?i)μ` finds `µ`.
 */
function foldContains(text: string): (v: string) => boolean {
  const sub = foldedLiteral(text);
  const first = sub[0]!;
  const lead = leadByte(first);
  const firstUpper = first.length === 1 && first.charCodeAt(0) < 128 ? first.toUpperCase() : first;
  const joined = sub.join("");
  const ascii = ASCII_ONLY.test(joined);
  const startsAt = (ch: string) => ch === first || ch === firstUpper || (lead >= 0x80 && leadByte(ch) === lead);
  const verify = (chars: string[], at: number) => {
    for (let k = 0; k < sub.length; k++) {
      const lr = chars[at + k];
      if (lr === undefined || (lr !== sub[k] && goCase(lr, false) !== sub[k])) return false;
    }
    return true;
  };
  return (v) => {
    // An ASCII literal: a plain case-insensitive search is the same test, unless the line holds one of the two
    // characters outside ASCII that lower to ASCII (Kelvin's K, İ), which Loki never takes for a match's start.
    const line = readLine(v);
    if (ascii && line.lowered !== undefined) return line.lowered.includes(joined);
    const chars = (line.chars ??= [...v]);
    for (let i = 0; i + sub.length <= chars.length; i++) if (startsAt(chars[i]!) && verify(chars, i)) return true;
    return false;
  };
}

const containsTest = (text: string, fold: boolean): Simple => {
  if (!text) return "true";
  if (!fold) return (v) => v.includes(text);
  return foldContains(text);
};
/** Loki's equal filter: the same test, on a value as long in bytes as the literal it keeps. */
const equalTest = (text: string, fold: boolean): Simple => {
  if (!fold) return (v) => v === text;
  const contains = foldContains(text);
  const bytes = Buffer.byteLength(foldedLiteral(text).join(""));
  return (v) => Buffer.byteLength(v) === bytes && contains(v);
};
/** Loki's newOrFilter: a TrueFilter side is dropped. */
const or = (a: Simple | undefined, b: Simple): Simple => {
  if (a === undefined || a === "true") return b;
  if (b === "true") return a;
  return (v) => a(v) || b(v);
};
const clear = (n: Node) => (n.op === "capture" ? n.sub : n);

function simplify(n: Node, isLabel: boolean): Built {
  switch (n.op) {
    case "alt": {
      let f: Simple | undefined;
      for (const leg of n.subs.map(clear)) {
        const g = simplify(leg, isLabel);
        if (g === undefined) return undefined;
        f = or(f, g);
      }
      return f;
    }
    case "concat":
      return simplifyConcat(n.subs.map(clear), undefined);
    case "capture":
      return simplify(n.sub, isLabel);
    case "lit":
      return isLabel ? equalTest(n.text, n.fold) : containsTest(n.text, n.fold);
    case "star":
      return "true";
    case "plus":
      return (v) => v.length > 0;
    case "empty":
      return "true";
    case "class":
      return undefined;
  }
}

function simplifyConcat(subsIn: Node[], base: { text: string; fold: boolean } | undefined): Built {
  const subs = subsIn.filter((s) => s.op !== "empty");
  if (subs.length > 3) return undefined;
  let curr: Simple | undefined;
  let literals = 0;
  let text = base?.text;
  let fold = base?.fold ?? false;
  for (const sub of subs) {
    if (sub.op === "lit") {
      if (literals !== 0) return undefined;
      literals++;
      text = (text ?? "") + sub.text;
      fold = sub.fold;
      continue;
    }
    if (sub.op === "alt" && text !== undefined) {
      const next = simplifyConcatAlternate(sub, text, curr, fold);
      if (next === undefined) return undefined;
      curr = next;
      continue;
    }
    if (sub.op === "star") continue;
    return undefined;
  }
  if (curr !== undefined) return curr;
  if (text !== undefined) return containsTest(text, fold);
  return undefined;
}

function simplifyConcatAlternate(alt: Extract<Node, { op: "alt" }>, literal: string, currIn: Simple | undefined, fold: boolean): Built {
  let curr = currIn;
  const chain = (f: Simple) => (curr === undefined ? f : or(curr, f));
  for (const leg of alt.subs) {
    if (!fold && leg.op === "lit" && leg.fold) return undefined;
    switch (leg.op) {
      case "empty":
      case "star":
        curr = chain(containsTest(literal, fold));
        break;
      case "lit":
        curr = chain(containsTest(literal + leg.text, fold));
        break;
      case "concat": {
        const f = simplifyConcat(leg.subs.map(clear), { text: literal, fold });
        if (f === undefined) return undefined;
        curr = chain(f);
        break;
      }
      default:
        return undefined;
    }
  }
  return curr;
}

/**
 * The test Loki 3.4.6 runs for a regex filter, when its simplifier takes the regex: for a line filter (`isLabel`
 * false: contains tests) or a label filter (equal tests for whole literals). Undefined when Loki runs the regex.
 */
export function simplifiedRegex(pattern: string, isLabel: boolean): Simple | undefined {
  const node = parse(pattern);
  return node ? simplify(node, isLabel) : undefined;
}

// The forms the first generator (cases.ts's segment) does not write, each with the jq that computes its matches under
// docs/steps/http.md's reading: `[?…]` without parentheses, `$` queries and nested filters inside filters, `!` and
// parentheses, comparisons of lists and mappings (by content), literals with escapes and numbers in several spellings
// (-0, 1e3, 1.0), `undefined` (a missing value), a text's length and characters in a filter, slices with steps (jq has
// none: the jq is RFC 9535 §2.3.4.2.2's algorithm written out, as rfcSlice is in TypeScript), unions holding filters and
// slices, and `..` followed by filters, slices and unions. Also JSON texts written with escapes and numbers spelled in
// several ways, so JSON.parse and jq read the same values from the same text.

export type Rand = () => number;

const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
/** A text as a jq string literal. */
export const jqString = (s: string) => JSON.stringify(s);
/** A name JSONPath may write after a dot. */
export const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** jq definitions the programs use (put once before them). */
export const JQ_PRELUDE = [
  // A filter's comparison of two operands, each a list of 0 or 1 values (0: missing), as RFC 9535 compares.
  `def _jp_eq($l; $r): $l == $r;`,
  `def _jp_kind($v): ($v | type) as $t | if $t == "number" or $t == "string" then $t else null end;`,
  `def _jp_lt($l; $r): ($l | length) == 1 and ($r | length) == 1 and _jp_kind($l[0]) != null and _jp_kind($l[0]) == _jp_kind($r[0]) and $l[0] < $r[0];`,
  // A singular query alone: its value there and true as JavaScript reads it (docs/steps/http.md).
  `def _jp_truthy($l): ($l | length) == 1 and ($l[0] | . != null and . != false and . != 0 and . != "");`,
  // RFC 9535 §2.3.4.2.2: Normalize, Bounds, and the loop over i, on a list of length $len.
  `def _jp_norm($i; $len): if $i >= 0 then $i else $len + $i end;`,
  `def _jp_min($a; $b): if $a < $b then $a else $b end;`,
  `def _jp_max($a; $b): if $a > $b then $a else $b end;`,
  `def _jp_slice($start; $stop; $step): if type != "array" then empty else length as $len |`,
  `  (if $step == 0 then empty`,
  `   elif $step > 0 then`,
  `     _jp_min(_jp_max(_jp_norm($start // 0; $len); 0); $len) as $lower | _jp_min(_jp_max(_jp_norm($stop // $len; $len); 0); $len) as $upper |`,
  `     .[$lower | while(. < $upper; . + $step)]`,
  `   else`,
  `     _jp_min(_jp_max(_jp_norm($start // ($len - 1); $len); -1); $len - 1) as $upper | _jp_min(_jp_max(_jp_norm($stop // (-$len - 1); $len); -1); $len - 1) as $lower |`,
  `     .[$upper | while(. > $lower; . + $step)]`,
  `   end) end;`,
].join("\n");

/**
 * RFC 9535 §2.3.4.2.2 in TypeScript, written from the RFC's text (not from the tool's code): the indices a slice
 * visits in a list of `len` items, in order.
 */
export function rfcSlice(len: number, start: number | undefined, end: number | undefined, step = 1): number[] {
  if (step === 0) return [];
  const normalize = (i: number) => (i >= 0 ? i : len + i);
  const out: number[] = [];
  if (step > 0) {
    const lower = Math.min(Math.max(normalize(start ?? 0), 0), len);
    const upper = Math.min(Math.max(normalize(end ?? len), 0), len);
    for (let i = lower; i < upper; i += step) out.push(i);
  } else {
    const upper = Math.min(Math.max(normalize(start ?? len - 1), -1), len - 1);
    const lower = Math.min(Math.max(normalize(end ?? -len - 1), -1), len - 1);
    for (let i = upper; lower < i; i += step) out.push(i);
  }
  return out;
}

/**
 * A key as a quoted name, each character written plainly or escaped as RFC 9535 allows (`\uXXXX`, surrogate pairs for
 * characters beyond the BMP, `\n`, `\/`, …), in either quote.
 */
export function quotedName(r: Rand, key: string): string {
  const q = r() < 0.5 ? "'" : '"';
  let out = "";
  for (const ch of key) {
    const cp = ch.codePointAt(0)!;
    const short: Record<string, string> = { "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };
    if (ch === q || ch === "\\") out += `\\${ch}`;
    else if (short[ch] !== undefined) out += r() < 0.7 ? short[ch] : unicodeEscape(r, ch);
    else if (cp < 0x20) out += unicodeEscape(r, ch);
    else if (ch === "/" && r() < 0.5) out += "\\/";
    else if ((ch === "'" || ch === '"') && r() < 0.3) out += `\\${ch}`;
    else if (r() < 0.25) out += unicodeEscape(r, ch);
    else out += ch;
  }
  return `${q}${out}${q}`;
}

/** `\uXXXX` for each UTF-16 unit (a surrogate pair for a character beyond the BMP), hex digits in either case. */
function unicodeEscape(r: Rand, ch: string): string {
  let out = "";
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, "0")}`;
  return r() < 0.5 ? out : out.replace(/[a-f]/g, (c) => c.toUpperCase());
}

/** A JSON text of a value: numbers in several spellings of the same value, strings with escapes (as a body may have them). */
export function writeJson(r: Rand, v: unknown): string {
  if (typeof v === "number") return numberText(r, v);
  if (typeof v === "string") return jsonString(r, v);
  if (Array.isArray(v)) return `[${v.map((x) => writeJson(r, x)).join(r() < 0.2 ? " , " : ",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).map((k) => `${jsonString(r, k)}:${writeJson(r, (v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v);
}

function numberText(r: Rand, n: number): string {
  if (Object.is(n, -0)) return pick(r, ["-0", "-0.0", "-0e0", "-0E+2"]);
  if (n === 0) return pick(r, ["0", "0.0", "0e5", "0E-3"]);
  if (Number.isInteger(n) && Math.abs(n) < 1e15) {
    const forms = [`${n}`, `${n}.0`, `${n}e0`, `${n * 10}e-1`, `${n}E+0`];
    if (n % 1000 === 0) forms.push(`${n / 1000}e3`, `${n / 1000}E+3`);
    return pick(r, forms);
  }
  return JSON.stringify(n);
}

function jsonString(r: Rand, s: string): string {
  let out = "";
  // By code point: both halves of a surrogate pair escaped, or neither (a lone half would not survive UTF-8 for jq).
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (c === '"' || c === "\\") out += `\\${c}`;
    else if (cp < 0x20 || r() < 0.15) out += unicodeEscape(r, c);
    else out += c;
  }
  return `"${out}"`;
}

// ---------------------------------------------------------------------------------------------------------------
// Queries and filters.

/** jq: a name on the current value, as docs/steps/http.md reads it; in a filter's singular query also a text's length and characters. */
export function jqName(k: string, textMembers: boolean): string {
  const canonical = /^(?:0|[1-9]\d*)$/.test(k);
  const onList = canonical ? `if ${k} < length then .[${k}] else empty end` : k === "length" ? `length` : "empty";
  const onText = !textMembers ? "empty" : k === "length" ? "length" : canonical ? `(explode | if ${k} < length then ([.[${k}]] | implode) else empty end)` : "empty";
  return `if type == "object" then (if has(${jqString(k)}) then .[${jqString(k)}] else empty end) elif type == "array" then (${onList}) elif type == "string" then (${onText}) else empty end`;
}

/** jq: an index on the current value (a mapping's key for i >= 0; a text's character in a filter's singular query). */
export function jqIndex(i: number, textMembers: boolean): string {
  const at = i >= 0 ? `(if ${i} < length then .[${i}] else empty end)` : `(if ${-i} <= length then .[length + ${i}] else empty end)`;
  const onText = textMembers ? `(explode | ${at} | [.] | implode)` : "empty";
  const onMap = i >= 0 ? `(if has("${i}") then .["${i}"] else empty end)` : "empty";
  return `if type == "array" then ${at} elif type == "object" then ${onMap} elif type == "string" then ${onText} else empty end`;
}

/** jq: the items of a list and the values of a mapping (`[*]`). */
export const CHILDREN = `if type == "array" or type == "object" then .[] else empty end`;

interface Gen {
  r: Rand;
  keys: string[];
  names: readonly string[];
}

const key = (g: Gen) => (g.keys.length > 0 && g.r() < 0.75 ? pick(g.r, g.keys) : pick(g.r, g.names));

/** A name segment: `.k` when it reads as one, else a quoted name with escapes. */
function nameSegment(g: Gen, k: string): string {
  return IDENT.test(k) && g.r() < 0.6 ? `.${k}` : `[${quotedName(g.r, k)}]`;
}

/** A singular query's segments (names and indices) from `@` or `$`: its text and jq (0 or 1 values). */
function singular(g: Gen, root: "@" | "$"): { jp: string; jq: string } {
  const n = Math.floor(g.r() * 3);
  let jp = root;
  const jq: string[] = [root === "@" ? "." : "$__root"];
  for (let i = 0; i < n; i++) {
    const x = g.r();
    if (x < 0.55) {
      const k = key(g);
      jp += nameSegment(g, k);
      jq.push(jqName(k, true));
    } else if (x < 0.7) {
      jp += ".length";
      jq.push(jqName("length", true));
    } else {
      const idx = Math.floor(g.r() * 5) - 2;
      jp += `[${idx}]`;
      jq.push(jqIndex(idx, true));
    }
  }
  return { jp, jq: jq.map((s) => `(${s})`).join(" | ") };
}

/** A filter literal: its text and its jq operand (a list of 0 or 1 values). */
function literal(r: Rand): { jp: string; jq: string } {
  const all: [string, unknown[]][] = [
    ["0", [0]], ["-0", [0]], ["0.0", [0]], ["1", [1]], ["1.0", [1]], ["1e0", [1]], ["10e-1", [1]], ["-1", [-1]], ["1.5", [1.5]], ["-2.5", [-2.5]],
    ["5", [5]], ["1e3", [1000]], ["1E3", [1000]], ["1000", [1000]], ["0.5", [0.5]], [".5", [0.5]], ["1e300", [1e300]],
    ["'a'", ["a"]], ['"a"', ["a"]], ["'5'", ["5"]], ["''", [""]], ['"x y"', ["x y"]], ["'\\u00e9\\ud83d\\ude00'", ["é😀"]], ["'é😀'", ["é😀"]],
    ["'\\uD83D\\uDE00'", ["😀"]], ["'q\\\"uote'", ['q"uote']], ['"q\\"uote"', ['q"uote']], ["'a.b'", ["a.b"]], ["'['", ["["]], ["'\\t'", ["\t"]],
    ["'\\u0000'", ["\u0000"]], ["'\\/'", ["/"]], ["'\\\\'", ["\\"]], ["'\\''", ["'"]],
    ["true", [true]], ["false", [false]], ["null", [null]], ["undefined", []],
  ];
  const [jp, v] = pick(r, all);
  return { jp, jq: JSON.stringify(v) };
}

/** A comparison's operand: a literal, or a singular query from `@` or `$`. */
function operand(g: Gen): { jp: string; jq: string } {
  const x = g.r();
  if (x < 0.4) return literal(g.r);
  const q = singular(g, x < 0.85 ? "@" : "$");
  return { jp: q.jp, jq: `[${q.jq}]` };
}

type Expr = { jp: string; jq: string; prec: number };
// Precedence as printed: 1 ||, 2 &&, 3 a comparison, a test, ! or ( ).

/** A filter expression, `depth` levels of nesting left. */
function expr(g: Gen, depth: number): Expr {
  const x = g.r();
  if (depth > 0 && x < 0.25) {
    const or = g.r() < 0.5;
    const parts = [expr(g, depth - 1), expr(g, depth - 1)];
    const prec = or ? 1 : 2;
    // A part that binds more loosely than the operator is put in parentheses; now and then one that does not need them.
    const jp = parts.map((p) => (p.prec < prec || g.r() < 0.15 ? `(${p.jp})` : p.jp)).join(or ? " || " : " && ");
    return { jp, jq: `(${parts[0]!.jq}) ${or ? "or" : "and"} (${parts[1]!.jq})`, prec };
  }
  if (depth > 0 && x < 0.38) {
    const inner = expr(g, depth - 1);
    return { jp: `!(${inner.jp})`, jq: `((${inner.jq}) | not)`, prec: 3 };
  }
  if (depth > 0 && x < 0.45) {
    const t = test(g, depth - 1);
    return { jp: `!${t.jp}`, jq: `((${t.jq}) | not)`, prec: 3 };
  }
  if (x < 0.75) {
    const [l, rr] = [operand(g), operand(g)];
    const op = pick(g.r, ["==", "!=", "<", "<=", ">", ">="] as const);
    const jq = op === "==" ? `_jp_eq(${l.jq}; ${rr.jq})` : op === "!=" ? `(_jp_eq(${l.jq}; ${rr.jq}) | not)` : op === "<" ? `_jp_lt(${l.jq}; ${rr.jq})` : op === ">" ? `_jp_lt(${rr.jq}; ${l.jq})` : op === "<=" ? `(_jp_lt(${l.jq}; ${rr.jq}) or _jp_eq(${l.jq}; ${rr.jq}))` : `(_jp_lt(${rr.jq}; ${l.jq}) or _jp_eq(${l.jq}; ${rr.jq}))`;
    const e = { jp: `${l.jp}${g.r() < 0.2 ? "" : " "}${op}${g.r() < 0.2 ? "" : " "}${rr.jp}`, jq, prec: 3 };
    return g.r() < 0.1 ? { jp: `(${e.jp})`, jq: e.jq, prec: 3 } : e;
  }
  return test(g, depth);
}

/** A query alone: a singular one (true as JavaScript reads its value) or one that can match several (true when it matches). */
function test(g: Gen, depth: number): Expr {
  if (g.r() < 0.5) {
    const q = singular(g, g.r() < 0.85 ? "@" : "$");
    return { jp: q.jp, jq: `_jp_truthy([${q.jq}])`, prec: 3 };
  }
  const root = g.r() < 0.85 ? "@" : "$";
  const segs = Array.from({ length: 1 + Math.floor(g.r() * 2) }, () => segment(g, depth));
  // At least one segment that can match several, or the query is singular.
  if (segs.every((s) => s.definite)) segs.push(g.r() < 0.5 ? { jp: "[*]", jq: CHILDREN, definite: false } : slice(g));
  const jq = [root === "@" ? "." : "$__root", ...segs.map((s) => s.jq)].map((s) => `(${s})`).join(" | ");
  return { jp: `${root}${segs.map((s) => s.jp).join("")}`, jq: `([${jq}] | length > 0)`, prec: 3 };
}

/** A filter selector (`?…`, with or without parentheses): its text, and the jq selecting the children for which it holds. */
function filterSelector(g: Gen, depth: number): { jp: string; jq: string } {
  const e = expr(g, depth);
  const jp = g.r() < 0.5 ? `?(${e.jp})` : `?${g.r() < 0.2 ? " " : ""}${e.jp}`;
  return { jp, jq: `${CHILDREN} | select(${e.jq})` };
}

/** A slice with a step (negative too), any bound left out. */
function sliceSelector(g: Gen): { jp: string; jq: string } {
  const bound = () => (g.r() < 0.3 ? undefined : Math.floor(g.r() * 13) - 6);
  const start = bound();
  const end = bound();
  const step = g.r() < 0.15 ? undefined : pick(g.r, [-3, -2, -1, -1, 1, 2, 3, 0]);
  const txt = (n: number | undefined) => (n === undefined ? "" : String(n));
  const jp = `${txt(start)}:${txt(end)}${step === undefined && g.r() < 0.5 ? "" : `:${txt(step)}`}`;
  const jqn = (n: number | undefined) => (n === undefined ? "null" : String(n));
  return { jp, jq: `_jp_slice(${jqn(start)}; ${jqn(end)}; ${step ?? 1})` };
}

function slice(g: Gen): { jp: string; jq: string; definite: boolean } {
  const s = sliceSelector(g);
  // `[-1:]` names one place, as `[-1]` does (docs/steps/http.md): its value, not a list; `[-1::]` can match several
  return { jp: `[${s.jp}]`, jq: s.jq, definite: s.jp === "-1:" };
}

/** One selector of a union. */
function unionMember(g: Gen, depth: number): { jp: string; jq: string } {
  const x = g.r();
  if (x < 0.25) {
    const k = key(g);
    return { jp: quotedName(g.r, k), jq: jqName(k, false) };
  }
  if (x < 0.45) {
    const i = Math.floor(g.r() * 7) - 3;
    return { jp: String(i), jq: jqIndex(i, false) };
  }
  if (x < 0.55) return { jp: "*", jq: CHILDREN };
  if (x < 0.75) return sliceSelector(g);
  return depth > 0 ? filterSelector(g, depth - 1) : sliceSelector(g);
}

/**
 * One segment of the new forms: a slice with a step, a union holding filters or slices, a filter (nested, with $,
 * `!`, parentheses), `..` followed by one of those, or a name with escapes.
 */
export function segment(g: Gen, depth: number): { jp: string; jq: string; definite: boolean } {
  const x = g.r();
  if (x < 0.15) {
    const k = key(g);
    return { jp: `[${quotedName(g.r, k)}]`, jq: jqName(k, false), definite: true };
  }
  if (x < 0.35) return slice(g);
  if (x < 0.5) {
    const members = Array.from({ length: 2 + Math.floor(g.r() * 2) }, () => unionMember(g, depth));
    return { jp: `[${members.map((m) => m.jp).join(g.r() < 0.2 ? " , " : ",")}]`, jq: members.map((m) => `(${m.jq})`).join(", "), definite: false };
  }
  if (x < 0.75 && depth > 0) {
    const f = filterSelector(g, depth - 1);
    return { jp: `[${f.jp}]`, jq: f.jq, definite: false };
  }
  // `..` followed by a filter, a slice or a union
  const y = g.r();
  let inner: { jp: string; jq: string };
  if (y < 0.4 && depth > 0) inner = filterSelector(g, depth - 1);
  else if (y < 0.7) inner = sliceSelector(g);
  else {
    const members = Array.from({ length: 2 }, () => unionMember(g, depth));
    inner = { jp: members.map((m) => m.jp).join(","), jq: members.map((m) => `(${m.jq})`).join(", ") };
  }
  return { jp: `..[${inner.jp}]`, jq: `(.. | (${inner.jq}))`, definite: false };
}

export function newFormsGen(r: Rand, keys: string[], names: readonly string[]): Gen {
  return { r, keys, names };
}

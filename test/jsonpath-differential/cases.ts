// Seeded random JSON documents and JSONPaths from the subset docs/steps/http.md promises, each path with the jq
// program that computes its matches under RFC 9535's rules (what a name, an index, a slice or a filter selects on
// each kind of value). The differential (compare.ts) runs both and compares the lists of values.
import { seededRandom } from "../helpers/random.ts";
import { CHILDREN, IDENT, jqIndex, jqName, jqString, newFormsGen, segment as newFormSegment, writeJson } from "./forms.ts";

/** Keys that are hard for a path parser: dots, quotes, brackets, digits, JSONPath's own characters, unicode, prototype names. */
export const HARD_KEYS = ["a.b", "x'y", 'q"d', "c]d", "[0]", "0", "-1", "length", "é", "😀", " sp", "*", "$", "@", "..", "", "__proto__", "constructor", "toString", "a b", "~", "^", "%@%", ";", "?(@)", "1e3", "a\nb", "t\tab", "sl/ash", "back\\slash", "nul\u0000", "\u00e9\u0301"];
/** Names the generator and the filters favour, so paths hit. */
export const NAMES = ["id", "n", "a", "b", "name", "tags", "ok"];

export interface PathCase {
  path: string;
  /** A jq program printing the path's matches, one value a line, in JSONPath's order. */
  jq: string;
  /** Whether the docs say the path names one place (names, indices, `[-1:]`): its value, not a list of matches. */
  definite: boolean;
}

type Rand = () => number;

const SCALARS: unknown[] = [0, -0, 1, -1, 2, 5, 1.5, -2.5, 1e300, -1e-300, 9007199254740993, 12345678901234567890, 0.1, "", "a", "5", "0", "x y", "é😀", 'q"uote', "a.b", "[", true, false, null, 1000, 1e3 + 0.5, "😀", "\n", "a\\b", "\u0000"];

/** A random document: objects keyed by names and hard keys, arrays (empty too), every kind of scalar. */
export function randomDoc(r: Rand, depth = 0): unknown {
  const k = r();
  if (depth >= 4 || k < 0.35) return SCALARS[Math.floor(r() * SCALARS.length)];
  if (k < 0.65) return Array.from({ length: Math.floor(r() * 5) }, () => randomDoc(r, depth + 1));
  // A prototype-less object, so a key named __proto__ is an own key as JSON.parse makes it.
  const o: Record<string, unknown> = Object.create(null);
  const n = Math.floor(r() * 5);
  for (let i = 0; i < n; i++) {
    const key = r() < 0.7 ? NAMES[Math.floor(r() * NAMES.length)]! : HARD_KEYS[Math.floor(r() * HARD_KEYS.length)]!;
    o[key] = randomDoc(r, depth + 1);
  }
  return o;
}

/** `['k']` with the key's quotes and backslashes escaped (single or double quotes). */
function quoted(r: Rand, key: string): string {
  if (r() < 0.5) return `['${key.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}']`;
  return `["${key.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"]`;
}

// A name on a list and an index on a mapping as docs/steps/http.md reads them, after Goessner's JSONPath (a list's item
// "0" and own "length", a mapping's key "0"); RFC 9535 and jq select nothing there. Outside filters, so no text members.
const name = (k: string) => jqName(k, false);
const index = (i: number) => jqIndex(i, false);
const children = CHILDREN;
const descend = (seg: string) => `(.. | ${seg})`;

/** A filter's literal as JSONPath and jq write it. */
function literal(r: Rand): { jp: string; jq: string } {
  const all: [string, unknown][] = [["0", 0], ["1", 1], ["-1", -1], ["1.5", 1.5], ["5", 5], ["'a'", "a"], ["'5'", "5"], ["''", ""], ['"x y"', "x y"], ["true", true], ["false", false], ["null", null]];
  const [jp, v] = all[Math.floor(r() * all.length)]!;
  return { jp, jq: JSON.stringify(v) };
}

/** One comparison inside a filter, RFC 9535's meaning: a missing value is Nothing (== only Nothing), `<` only between two numbers or two strings. */
function comparison(r: Rand): { jp: string; jq: string } {
  const field = r() < 0.2 ? undefined : NAMES[Math.floor(r() * 4)]!;
  const jpOperand = field === undefined ? "@" : `@.${field}`;
  const present = field === undefined ? "true" : `(type == "object" and has(${jqString(field)}))`;
  const value = field === undefined ? "." : `.[${jqString(field)}]`;
  const op = ["==", "!=", ">", ">=", "<", "<="][Math.floor(r() * 6)]!;
  const lit = literal(r);
  const eq = `(${present} and (${value}) == ${lit.jq})`;
  const sameKind = `(${present} and ((${value}) | type) == (${lit.jq} | type) and ((${lit.jq} | type) == "number" or (${lit.jq} | type) == "string"))`;
  const jq = op === "==" ? eq : op === "!=" ? `(${eq} | not)` : op.length === 1 ? `(${sameKind} and (${value}) ${op} ${lit.jq})` : `((${sameKind} and (${value}) ${op} ${lit.jq}) or ${eq})`;
  return { jp: `${jpOperand} ${op} ${lit.jp}`, jq };
}

function filter(r: Rand): { jp: string; jq: string } {
  const a = comparison(r);
  if (r() < 0.7) return a;
  const b = comparison(r);
  return r() < 0.5 ? { jp: `${a.jp} && ${b.jp}`, jq: `(${a.jq} and ${b.jq})` } : { jp: `${a.jp} || ${b.jp}`, jq: `(${a.jq} or ${b.jq})` };
}

/** One segment: its JSONPath text and the jq that maps each current value to its matches. */
function segment(r: Rand, keys: string[]): { jp: string; jq: string; definite?: boolean } {
  const k = r();
  const key = keys.length > 0 && r() < 0.85 ? keys[Math.floor(r() * keys.length)]! : NAMES[Math.floor(r() * NAMES.length)]!;
  if (k < 0.3) return IDENT.test(key) && r() < 0.7 ? { jp: `.${key}`, jq: name(key), definite: true } : { jp: quoted(r, key), jq: name(key), definite: true };
  if (k < 0.45) {
    const i = Math.floor(r() * 7) - 3;
    return { jp: `[${i}]`, jq: index(i), definite: true };
  }
  if (k < 0.55) return { jp: r() < 0.5 ? "[*]" : ".*", jq: children };
  if (k < 0.65) {
    if (IDENT.test(key) && r() < 0.7) return { jp: `..${key}`, jq: descend(name(key)) };
    return r() < 0.5 ? { jp: `..${quoted(r, key)}`, jq: descend(name(key)) } : { jp: "..[0]", jq: descend(index(0)) };
  }
  if (k < 0.72) {
    const lo = r() < 0.3 ? "" : String(Math.floor(r() * 7) - 3);
    const hi = r() < 0.4 ? "" : String(Math.floor(r() * 7) - 3);
    const range = `${lo === "" ? "" : lo}:${hi === "" ? "" : hi}`;
    const jqRange = `${lo === "" ? "" : lo}:${hi === "" ? "" : hi}`;
    if (range === ":") return { jp: "[0:]", jq: `if type == "array" then .[0:][] else empty end` };
    return { jp: `[${range}]`, jq: `if type == "array" then .[${jqRange}][] else empty end`, definite: range === "-1:" };
  }
  if (k < 0.77) {
    const i = Math.floor(r() * 3);
    const j = Math.floor(r() * 3) - 1;
    return { jp: `[${i},${j}]`, jq: `(${index(i)}), (${index(j)})` };
  }
  const f = filter(r);
  return { jp: `[?(${f.jp})]`, jq: `${children} | select(${f.jq})` };
}

/** Every key of a document, so paths name keys that exist. */
function keysOf(doc: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(doc)) for (const v of doc) keysOf(v, out);
  else if (doc && typeof doc === "object") for (const [k, v] of Object.entries(doc)) keysOf(v, out.add(k));
  return out;
}

/**
 * `count` paths for a document, 1 to 4 segments each; with `newForms`, about 4 segments in 10 are of the forms in
 * forms.ts (filters without parentheses, with $, nesting, ! and escapes; slices with steps; unions and .. of those).
 */
export function randomPaths(r: Rand, doc: unknown, count: number, newForms = false): PathCase[] {
  const keys = [...keysOf(doc, new Set())];
  const g = newFormsGen(r, keys, NAMES);
  return Array.from({ length: count }, () => {
    const segs = Array.from({ length: 1 + Math.floor(r() * (newForms ? 3 : 4)) }, () => (newForms && r() < 0.5 ? newFormSegment(g, 2) : segment(r, keys)));
    return { path: `$${segs.map((s) => s.jp).join("")}`, jq: `. as $__root | ${segs.map((s) => `(${s.jq})`).join(" | ") || "."}`, definite: segs.every((s) => s.definite) };
  });
}

/**
 * The seeded cases: `docs` documents (as JSON text, as a response body arrives) with `perDoc` paths each. With
 * `newForms`, the paths have forms.ts's forms too and the texts spell numbers and strings in several ways (1.0, 1e3,
 * -0, \u escapes).
 */
export function differentialCases(seed: number, docs: number, perDoc: number, newForms = false): { text: string; paths: PathCase[] }[] {
  const r = seededRandom(seed);
  return Array.from({ length: docs }, () => {
    let value = randomDoc(r);
    // The new forms select in lists and mappings: a document of a scalar alone (a third of them) matches none.
    while (newForms && (value === null || typeof value !== "object" || Object.keys(value).length < 2)) value = randomDoc(r);
    const text = newForms ? writeJson(r, value) : JSON.stringify(value);
    return { text, paths: randomPaths(r, JSON.parse(text), perDoc, newForms) };
  });
}

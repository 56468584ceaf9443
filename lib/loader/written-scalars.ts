// A number or boolean YAML reads in a field that is text on the wire (a header, a query parameter, `env:`, a tenant,
// `vars:`) is taken as written: `X-Id: 0012345` sends 0012345, as curl would, not the 12345 YAML reads; so are the names
// of those mappings (`query: { 007: x }` sends ?007=x). The fast parse keeps no source text, so a file where that may
// differ takes the exact path, whose scalars keep theirs.
import { isPlainObject, lostIn } from "../expect/matcher.ts";
import { kindOf, type Steps } from "./kinds.ts";
import { valueAt } from "./data-shape.ts";
import { formatPath } from "./raw-issue.ts";

type Seg = string | number;
type Holder = Record<string, unknown> | unknown[];

/** What a walk along the text fields reports; each path is from the root, a fresh copy. */
interface Visitor {
  /** A number or boolean in a text field. */
  scalar?: (value: number | boolean, path: Seg[]) => void;
  /** A mapping whose keys are names given as text (a header's, a query parameter's, an env entry's, a `files:` glob): one a field's pattern passes through at a `*`. */
  mapping?: (value: Record<string, unknown>, path: Seg[]) => void;
}

/** The scenario's own text scalars: `vars:` values, used as text wherever they are interpolated. */
const TOP_TEXT_SCALARS: readonly (readonly string[])[] = [["vars", "*"]];

/** Patterns with their common beginnings walked once: a step kind's dozens of matcher places share `expect` and a field. */
interface Trie {
  children: Map<string, Trie>;
  /** A pattern ends here. */
  end: boolean;
}

const tries = new WeakMap<readonly (readonly string[])[], Trie>();

function trieOf(patterns: readonly (readonly string[])[]): Trie {
  let root = tries.get(patterns);
  if (!root) {
    root = { children: new Map(), end: false };
    for (const pattern of patterns) {
      let node = root;
      for (const seg of pattern) {
        let next = node.children.get(seg);
        if (!next) node.children.set(seg, (next = { children: new Map(), end: false }));
        node = next;
      }
      node.end = true;
    }
    tries.set(patterns, root);
  }
  return root;
}

/** Walks the patterns of `node` under value (`*`: any key of a mapping or item of a list; `#`: any item of a list), telling v what it finds. */
function walk(value: unknown, node: Trie, path: Seg[], v: Visitor): void {
  if (Array.isArray(value)) {
    for (const [seg, child] of node.children) if (seg === "*" || seg === "#") for (let i = 0; i < value.length; i++) visit(i, value[i], child, path, v);
  } else if (isPlainObject(value)) {
    for (const [seg, child] of node.children) {
      if (seg === "*") {
        if (v.mapping) v.mapping(value, [...path]);
        for (const key of Object.keys(value)) visit(key, value[key], child, path, v);
      } else if (seg !== "#" && Object.hasOwn(value, seg)) visit(seg, value[seg], child, path, v);
    }
  }
}

/** One child of walk's value: told to v where a pattern ends, walked on where patterns go on. */
function visit(key: Seg, child: unknown, node: Trie, path: Seg[], v: Visitor): void {
  path.push(key);
  if (node.end && v.scalar && (typeof child === "number" || typeof child === "boolean")) v.scalar(child, [...path]);
  if (node.children.size > 0) walk(child, node, path, v);
  path.pop();
}

/**
 * Walks the text fields: `vars:` and each step's input as its kind's `textScalars` say, telling `text`; with `spelled`,
 * each step's input as its kind's `spelledNumbers` say too, telling `spelled`, in the same pass over the steps.
 */
function eachTextField(root: Record<string, unknown>, steps: Steps, text: Visitor | undefined, spelled?: Visitor): void {
  if (text) walk(root, trieOf(TOP_TEXT_SCALARS), [], text);
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const raw: unknown = list[i];
      if (!isPlainObject(raw)) continue;
      const impl = kindOf(raw, steps);
      if (!impl) continue;
      const input = raw[impl.kind];
      // Only a mapping or a list holds a text field; the path is back as it was after each walk, so one serves them all.
      if (typeof input !== "object" || input === null) continue;
      const path: Seg[] = [phase, i, impl.kind];
      if (text && impl.textScalars) walk(input, trieOf(impl.textScalars), path, text);
      if (spelled && impl.spelledNumbers) walk(input, trieOf(impl.spelledNumbers), path, spelled);
    }
  }
}

/** A number YAML reads from hexadecimal, octal or binary digits (`0x10` is 16). */
const RADIX_SPELLING = /^[-+]?0[xob]/i;

/**
 * YAML's spellings of infinity and NaN: where a value is compared for equality they compare as ±Inf and NaN, as meant
 * (`le: .inf` is "+Inf"); contains looks for the text "Infinity" or "NaN", which is no `.inf`.
 */
const SPECIAL_SPELLING = /^[-+]?\.(?:inf|nan)$/i;

/** Each number at a step's `spelledNumbers` paths, with its path. */
function eachSpelledNumber(root: Record<string, unknown>, steps: Steps, visit: (value: number, path: Seg[]) => void): void {
  eachTextField(root, steps, undefined, {
    scalar: (value, path) => {
      if (typeof value === "number") visit(value, path);
    },
  });
}

/**
 * A number compared with text (a label's value, stdout, a body) written otherwise than it prints: `version: 1.10` is the
 * number 1.1, which the labels "1.1" and "1.10" both equal, so the check passed on the other version; `not_contains: 0x1F`
 * looked for "31", and `contains: .inf` for "Infinity". Refused, asking to quote it.
 */
export function misspelledNumberIssues(root: Record<string, unknown>, steps: Steps, textAt: (path: readonly Seg[]) => string | undefined): { path: Seg[]; message: string }[] {
  const issues: { path: Seg[]; message: string }[] = [];
  eachSpelledNumber(root, steps, (value, path) => {
    const text = textAt(path);
    if (text === undefined || text === String(value)) return;
    // [phase, i, kind, "expect", "labels", NAME, …] or [phase, i, kind, "expect", "value", j, "labels", NAME, …].
    const label = path[3] === "expect" && (path[4] === "labels" || (path[4] === "value" && path[6] === "labels"));
    // contains and not_contains look for the digits in a text, except on the list of a label's values
    // (`labels: {le: {contains: .inf}}`), where they look for a value equal to the number.
    const last = path.at(-1);
    const digits = (last === "contains" || last === "not_contains") && !(path[4] === "labels" && path.length === 7);
    if (!digits && SPECIAL_SPELLING.test(text)) return;
    // Outside a label, eq, ne and in (and a matcher that is a number) compare a text that reads as a number as that
    // number (`eq: 1.0` holds on "1.00"), which no text written in hexadecimal, octal or binary does.
    if (!label && !digits && !RADIX_SPELLING.test(text)) return;
    const compared = label && !digits ? `a label is compared with ${String(value)}, not with the text "${text}" (the labels "${String(value)}" and "${text}" both equal it)` : `the text is compared with ${String(value)}, not with "${text}"`;
    issues.push({ path, message: `${formatPath(path)}: ${text} is read by YAML as the number ${String(value)}, so ${compared}. Quote it to compare with the text exactly: '${text}' (or write ${String(value)})` });
  });
  return issues;
}


/**
 * Why a number written `text` is no number a double holds as written: finite digits read as ±Infinity (`1e400`), or
 * digits not all zero read as 0 (`1e-400`); undefined for any other text (`.inf`, `1e308`, `0e-999`, `1.0000000000000001`,
 * which reads as a number next to it).
 */
export function lostNumberWhy(text: string, value: unknown): string | undefined {
  const lost = lostIn(text);
  if (lost === "range") return `${text} is beyond a double's range (about 1.8e308): YAML reads it as ${String(value)}`;
  if (lost === "tiny") return `${text} is too small for a double: YAML reads it as 0`;
  return undefined;
}

/** A matcher's operators that take a bound. */
const BOUND_KEYS: ReadonlySet<string> = new Set(["gt", "gte", "lt", "lte"]);

/** Where such a number may be written: an exponent of 100 or more, or 200 digits in a row (what a double's range needs without one). */
const MAY_LOSE_NUMBER = /\d[eE][-+]?0*[1-9]\d\d|\d{200}/;

/** Whether the source may write such a number (a piece of plain text lostNumberWhy refuses), which only the exact parse sees as written. */
function mayWriteLostNumber(source: string): boolean {
  if (!MAY_LOSE_NUMBER.test(source)) return false;
  for (const [piece] of source.matchAll(PIECE)) if (lostNumberWhy(piece, 0) !== undefined) return true;
  return false;
}

/**
 * A number in a matcher (anywhere under a step's `expect`, any kind) written as a finite decimal that YAML reads as
 * ±Infinity (`1e400`) or as 0 (`1e-400`): `json: {"$.a": 1e400}` was the matcher .inf, which passed on the text "1e999"
 * and on "+Inf", and `{gte: 1e400}` passed on "1e999". Refused where written; `.inf` written so is infinity, as meant.
 * `textAt`: the exact parse's text of the plain scalar at a path (a quoted one is text, and none of these).
 */
export function lostNumberIssues(root: Record<string, unknown>, steps: Steps, textAt: (path: readonly Seg[]) => string | undefined): { path: Seg[]; message: string }[] {
  const issues: { path: Seg[]; message: string }[] = [];
  const walkNumbers = (value: unknown, path: Seg[]): void => {
    if (typeof value === "number") {
      if (value !== 0 && Number.isFinite(value)) return;
      const text = textAt(path);
      const why = text === undefined ? undefined : lostNumberWhy(text, value);
      if (why === undefined) return;
      // A JSON Schema's number is no matcher: quoted, it would be a text the schema compares with.
      if (path.includes("json_schema")) {
        // Infinity there is refused by the schema's own check (lib/steps/http/schema.ts), whatever its spelling.
        if (value !== 0) return;
        issues.push({ path, message: `${formatPath(path)}: ${why}, so the schema would check ${String(value)}, not the number written: write ${value === 0 ? "0" : "a number a double holds (1e308)"}` });
        return;
      }
      const instead = value === 0 ? "write 0 for zero" : `write ${value > 0 ? "" : "-"}.inf for infinity, or a number a double holds (${value > 0 ? "" : "-"}1e308)`;
      // Quoted, a bound is the same number (refused too, matcher.ts); a value compared for equality is then text.
      const bound = BOUND_KEYS.has(String(path.at(-1))) || path.at(-2) === "between";
      issues.push({ path, message: `${formatPath(path)}: ${why}, so it would compare as ${String(value)}, not as the number written: ${instead}${bound ? "" : `; to compare a text with these digits, quote them ('${text}')`}` });
    } else if (Array.isArray(value)) value.forEach((item, i) => walkNumbers(item, [...path, i]));
    else if (isPlainObject(value)) for (const key of Object.keys(value)) walkNumbers(value[key], [...path, key]);
  };
  for (const phase of ["steps", "teardown"] as const) {
    const list = root[phase];
    if (!Array.isArray(list)) continue;
    list.forEach((raw: unknown, i) => {
      if (!isPlainObject(raw)) return;
      const impl = kindOf(raw, steps);
      const input = impl ? raw[impl.kind] : undefined;
      if (isPlainObject(input) && input.expect !== undefined) walkNumbers(input.expect, [phase, i, impl!.kind, "expect"]);
    });
  }
  return issues;
}

/**
 * A key a parser may have made from a number, a boolean or null written otherwise (`007` and `0x07` are "7", `~` is
 * "null" to Bun's parser and "" to the yaml package): only the exact parse knows how it was written.
 */
const KEY_FROM_SCALAR = /^(?:-?(?:[0-9]+(?:\.[0-9]+)?(?:e[-+][0-9]+)?|Infinity)|NaN|true|false|null|)$/;

/** Whether a parser may have renamed one of the mapping's keys (see KEY_FROM_SCALAR). */
const hasKeyFromScalar = (mapping: Record<string, unknown>) => Object.keys(mapping).some((key) => KEY_FROM_SCALAR.test(key));

/** Pieces of text no plain scalar spans: whitespace, flow indicators, `:`, `#` and quotes end them. */
const PIECE = /[^\s,[\]{}:#'"]+/g;

/**
 * What some YAML parser may read as a number or a boolean, generously (signs, leading zeros, hex, octal and binary,
 * exponents, `_` separators, `.inf`, `.nan`, booleans in any case): a false alarm only costs the exact path.
 */
const NUMBER_OR_BOOLEAN = /^(?:[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:e[-+]?[0-9]+)?|[-+]?0[xob][0-9a-f_]+|[-+]?\.(?:inf|nan)|true|false)$/i;

/**
 * Whether the text writes a plain scalar that a parser may read as a number or a boolean whose own text is not what is
 * written (`007`, `1.10`, `0x1F`, `+5`, `1e3`, `.inf`, `True`): the value alone cannot give back that spelling.
 */
export function spellsValuesOtherwise(source: string): boolean {
  for (const [piece] of source.matchAll(PIECE)) {
    if (!NUMBER_OR_BOOLEAN.test(piece)) continue;
    const lower = piece.toLowerCase();
    const read = lower === "true" || lower === "false" ? lower : String(Number(piece));
    if (read !== piece) return true;
  }
  return false;
}

/** Where an integer beyond 2^53 may be written: 16 digits in a row, or an exponent of 15 or more. */
const MAY_WRITE_BIG = /\d{16}|\d[eE]\+?0*(?:1[5-9]|[2-9]\d|\d{3})/;

/**
 * Whether the source may write a plain number YAML reads as an integer beyond ±2^53 otherwise than it prints
 * (1234567890123456788 prints as 1234567890123456800): only the exact parse keeps the text a check shows
 * (lib/expect/written-numbers.ts).
 */
function mayWriteBigOtherwise(source: string): boolean {
  if (!MAY_WRITE_BIG.test(source)) return false;
  for (const [piece] of source.matchAll(PIECE)) {
    if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/.test(piece)) continue;
    const n = Number(piece);
    if (Number.isInteger(n) && Math.abs(n) >= 2 ** 53 && String(n) !== piece) return true;
  }
  return false;
}

/**
 * Whether the fast parse's data may hold a value only the exact parse reads right: in a text field, a number or boolean
 * written otherwise than its value reads (`X-Ver: 1.10` is 1.1 there), or a mapping key a parser may have made from
 * one; or a number compared with text (a label's value) that the file spells otherwise (see misspelledNumberIssues).
 * One pass over the steps for both. Or the file may write a number a double does not hold (`1e400`, lostNumberIssues),
 * or one beyond 2^53 otherwise than it prints (mayWriteBigOtherwise).
 */
export function needsExactText(root: Record<string, unknown>, steps: Steps, source: string): boolean {
  let keys = false;
  let holds = false;
  eachTextField(root, steps, {
    mapping: (mapping) => (keys ||= hasKeyFromScalar(mapping)),
    scalar: () => (holds = true),
  }, {
    scalar: (value) => {
      if (typeof value === "number") holds = true;
    },
  });
  return keys || (holds && spellsValuesOtherwise(source)) || mayWriteLostNumber(source) || mayWriteBigOtherwise(source);
}

/**
 * Replaces each number or boolean in a text field by its text as written when that differs from the value's (`textAt`:
 * the exact parse's plain scalar text at a path, undefined when there is none, e.g. under an explicit tag).
 */
export function takeAsWritten(
  root: Record<string, unknown>, steps: Steps, textAt: (path: readonly Seg[]) => string | undefined, keysAt: (path: readonly Seg[]) => ReadonlyMap<string, string>,
): void {
  const changes: [Seg[], string][] = [];
  // Keys are renamed after the values are set: a value's path names its mapping's keys as the parse made them.
  const renames: [Seg[], ReadonlyMap<string, string>][] = [];
  // A mapping several patterns pass through (`query` holds values and lists of them) is renamed once.
  const seen = new Set<string>();
  eachTextField(root, steps, {
    scalar: (value, path) => {
      const text = textAt(path);
      if (text !== undefined && text !== String(value)) changes.push([path, text]);
    },
    mapping: (mapping, path) => {
      const id = JSON.stringify(path);
      if (seen.has(id)) return;
      seen.add(id);
      if (!hasKeyFromScalar(mapping)) return;
      const written = keysAt(path);
      if ([...written].some(([key, text]) => key !== text)) renames.push([path, written]);
    },
  });
  const copies = new Set<Holder>();
  for (const [path, text] of changes) setOwn(root, path, text, copies);
  // Deepest first: renaming a mapping's keys makes it a new object, which the paths of mappings under it would miss.
  renames.sort((a, b) => b[0].length - a[0].length);
  for (const [path, written] of renames) {
    // In the order written (a key that is an array index still comes first: a JavaScript object orders them so).
    const mapping = valueAt(root, path) as Record<string, unknown>;
    const keys = [...new Set([...[...written.keys()].filter((key) => Object.hasOwn(mapping, key)), ...Object.keys(mapping)])];
    setOwn(root, path, Object.fromEntries(keys.map((key) => [written.get(key) ?? key, mapping[key]])), copies);
  }
}

/**
 * Sets the value at path, copying each mapping and list on the way the first time: an alias gives every place it is
 * used the same object (`headers: *c` and `json: *c`), and a header's text set in it would have reached the JSON body.
 */
function setOwn(root: Record<string, unknown>, path: readonly Seg[], value: unknown, copies: Set<Holder>): void {
  let holder = root as Record<Seg, unknown>;
  for (const key of path.slice(0, -1)) {
    let child = holder[key] as Holder;
    if (!copies.has(child)) {
      child = Array.isArray(child) ? [...child] : { ...child };
      copies.add(child);
      holder[key] = child;
    }
    holder = child as Record<Seg, unknown>;
  }
  holder[path.at(-1)!] = value;
}

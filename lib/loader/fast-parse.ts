// The fast parse (Bun's native YAML parser, no positions) and the cheap checks that decide when the exact reader (yaml-exact.ts) must run, duplicate keys among them.
import { MAX_DEPTH, MAX_NODES } from "./data-shape.ts";
import { writtenKeys } from "./written-keys.ts";

/** Parses YAML with the native parser; undefined when it fails or duplicate keys are suspected (the slow path says where). */
export function fastParse(source: string): unknown | undefined {
  return fastParseInBounds(source).data;
}

/**
 * fastParse, and whether the data is known to be within data-shape.ts's bounds (then shapeProblem would find nothing).
 * A text that writes no `*` holds no alias, so its data is a tree: one walk counts its keys and checks its bounds,
 * in place of heldKeys's walk and shapeProblem's. Any other text, or data out of bounds, takes the two walks as before.
 */
export function fastParseInBounds(source: string): { data: unknown | undefined; inBounds: boolean } {
  const parsed = nativeParse(source);
  if (parsed === FAILED || readsOtherwise(source)) return { data: undefined, inBounds: false };
  // A `__proto__` key is refused by shapeProblem: a text that may write one takes that walk.
  const tree = source.includes("*") || source.includes("__proto__") ? undefined : treeFacts(parsed);
  if (tree) return { data: keysDiffer(source, tree.keys) ? undefined : parsed, inBounds: true };
  return { data: mayHaveDuplicateKeys(source, parsed) ? undefined : parsed, inBounds: false };
}

/**
 * Text Bun's parser reads otherwise than YAML 1.2 core (the yaml package, which the exact path reads with), found by
 * probing both: a sign on a hexadecimal or octal number (`+0x10`, `-0o7`: numbers to Bun, text to YAML 1.2), one of
 * 2^64 or more (`0x10000000000000000`: text to Bun), a plain scalar that starts with `,` (`- ,a`: text to Bun, an
 * error to YAML 1.2), a tab in a line's indentation (Bun drops a block scalar's line of blanks with a tab, and reads
 * `- \t&a` where YAML 1.2 refuses it), and a quoted `"<<"` key (Bun merges it: YAML 1.2 merges a plain `<<` only), also
 * one written with an escaped `<` (`"\x3c<"`, `\u003c`, `\U0000003c`).
 * Generous, and a few scans of the text (one regular expression holding them all took ten times as long): a false
 * alarm only costs the exact path.
 */
const READ_OTHERWISE = /[-+]0[xo]|0x[0-9a-fA-F]{17}|0o[0-7]{22}|(["'])<<\1|\\(?:x3c|u003c|U0000003c)/;
const COMMA_FIRST = /[ \t\n],/;
const TAB_INDENT = /^[ \t-]*\t/m;

/** Whether the text may write something Bun's parser reads otherwise than YAML 1.2 core (see READ_OTHERWISE). */
export function readsOtherwise(source: string): boolean {
  return READ_OTHERWISE.test(source) || source.startsWith(",") || COMMA_FIRST.test(source) || (source.includes("\t") && TAB_INDENT.test(source));
}

const FAILED: unique symbol = Symbol("native parse failed");

function nativeParse(source: string): unknown {
  const native = (Bun as unknown as { YAML?: { parse(text: string): unknown } }).YAML;
  if (!native) return FAILED;
  try {
    return native.parse(source);
  } catch {
    return FAILED;
  }
}

const LONE_CR = /\r(?!\n)/;

/**
 * Whether the text may write a key twice in one mapping (the native parser keeps the last one silently). Sound: the
 * native parse keeps one key per distinct key, so any duplicate leaves fewer keys than the text writes, and
 * writtenKeys never counts fewer than are written. Keys that another YAML schema could read as the same value (numbers,
 * booleans, nulls) are suspected too. A false alarm only costs the exact path, which reports real duplicates.
 */
export function mayHaveDuplicateKeys(source: string, parsed: unknown = nativeParse(source)): boolean {
  if (parsed === FAILED) return true;
  return keysDiffer(source, () => heldKeys(parsed));
}

/** Whether the keys the data holds (counted only when the text's count is known) may differ from the keys the text writes. */
function keysDiffer(source: string, held: number | undefined | (() => number | undefined)): boolean {
  // writtenKeys reads lines ended by \n (or \r\n); YAML also ends a line at a lone \r.
  if (LONE_CR.test(source)) return true;
  const written = writtenKeys(source);
  if (written === undefined) return true;
  const count = typeof held === "function" ? held() : held;
  return count === undefined || count !== written;
}

/** What one walk of a tree tells: its mapping keys (undefined when one is not string-like), counted only within bounds. */
interface TreeFacts {
  keys: number | undefined;
}

/**
 * Walks data that holds no alias: its keys as heldKeys counts them, or undefined when it has more values than MAX_NODES
 * or a mapping or list deeper than MAX_DEPTH (as shapeProblem counts them). The depth bound also ends the walk on a cycle.
 */
function treeFacts(root: unknown): TreeFacts | undefined {
  let nodes = 0;
  let keys = 0;
  let stringKeys = true;
  const visit = (node: unknown, depth: number): boolean => {
    if (++nodes > MAX_NODES) return false;
    if (typeof node !== "object" || node === null) return true;
    if (depth >= MAX_DEPTH) return false;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (!visit(node[i], depth + 1)) return false;
      return true;
    }
    for (const key in node) {
      if (stringKeys && mayBeNonString(key)) stringKeys = false;
      keys++;
      if (!visit((node as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  };
  return visit(root, 0) ? { keys: stringKeys ? keys : undefined } : undefined;
}

/** The keys of every mapping in the parsed data (a mapping reached through several aliases once); undefined when a key is not string-like. */
function heldKeys(root: unknown): number | undefined {
  // Always: the written-key scan can miss an alias (e.g. in a file with CR-only line ends), and the data may hold a cycle.
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  let count = 0;
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    for (const key in node) {
      if (mayBeNonString(key)) return undefined;
      count++;
      const value = (node as Record<string, unknown>)[key];
      if (typeof value === "object" && value !== null) stack.push(value);
    }
  }
  return count;
}

/** Keys a YAML schema may resolve to a number, boolean or null, where two spellings are one key: 1 and 1.0, true and True, ~ and null, .inf. */
function mayBeNonString(key: string): boolean {
  if (key === "") return true;
  const c = key.charCodeAt(0) | 0x20; // letters in lower case; other characters can only match more
  if (c >= 0x30 && c <= 0x39) return true;
  if (c === 0x2d || c === 0x2b || c === 0x2e || c === 0x7e) return NUMBER_LIKE.test(key); // - + . ~
  if (c !== 0x74 && c !== 0x66 && c !== 0x6e && c !== 0x69) return false; // t f n i
  return WORD_LIKE.test(key);
}

/** A number spelled with a sign or a leading dot, `.inf`, `.nan`, or `~`. */
const NUMBER_LIKE = /^(?:[-+]?\.?[0-9]|[-+]?\.(?:inf|nan)|~$)/i;
/** The words that are booleans, nulls or numbers to some schema, as a key a parser may have written. */
const WORD_LIKE = /^(?:true|false|null|nan|infinity)$/i;

/** An upper bound of the values a YAML text can hold: every value needs its own line or a comma. */
export function roughValueCount(source: string): number {
  let n = 1;
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) n++;
  for (let i = source.indexOf(","); i >= 0; i = source.indexOf(",", i + 1)) n++;
  return n;
}

// The two YAML readers of the loader: the native parser (fast, no positions) and the yaml package (exact, with ranges), with the bounds both keep.
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node as YamlNode } from "yaml";
import { InvalidInput } from "./errors.ts";
import { MAX_DEPTH } from "./data-shape.ts";
import type { Positions } from "./positions.ts";

/** Alias uses the exact path expands before calling the file an alias bomb. */
const MAX_ALIAS_COUNT = 1000;

/** Parses YAML with the native parser; undefined when it fails or duplicate keys are suspected (the slow path says where). */
export function fastParse(source: string): unknown | undefined {
  const native = (Bun as unknown as { YAML?: { parse(text: string): unknown } }).YAML;
  if (!native || mayHaveDuplicateKeys(source)) return undefined;
  try {
    return native.parse(source);
  } catch {
    return undefined;
  }
}

/**
 * A cheap scan for a block-mapping key written twice at the same indentation in the same mapping. It only
 * decides whether to take the slow, exact path (which reports real duplicates), so a false alarm costs time, never
 * a wrong error; duplicates inside flow mappings ({a: 1, a: 2}) are not seen by it.
 */
export function mayHaveDuplicateKeys(source: string): boolean {
  const stack: { col: number; keys: Set<string> }[] = [];
  let blockScalarIndent = -1;
  for (const raw of source.split("\n")) {
    const line = raw.replace(/\r$/, "");
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    let col = line.length - trimmed.length;
    if (blockScalarIndent >= 0) {
      if (col > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    let rest = trimmed;
    let newItem = false;
    while (rest.startsWith("- ") || rest === "-") {
      newItem = true;
      const after = rest.slice(1).trimStart();
      col += rest.length - after.length;
      rest = after;
    }
    if (newItem) while (stack.length && stack.at(-1)!.col >= col) stack.pop();
    const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`?][^#]*?)\s*:(?:\s+(.*))?$/.exec(rest);
    if (!m) continue;
    const key = m[1]!;
    while (stack.length && stack.at(-1)!.col > col) stack.pop();
    let top = stack.at(-1);
    if (!top || top.col < col) {
      top = { col, keys: new Set() };
      stack.push(top);
    }
    if (top.keys.has(key)) return true;
    top.keys.add(key);
    if (m[2] !== undefined && /^[|>][-+0-9]*\s*(#.*)?$/.test(m[2])) blockScalarIndent = col;
  }
  return false;
}

/** The document as plain data, aliases and merge keys applied; what cannot be applied is an error where it is written. */
export function toData(doc: Document, pos: Positions, display: string, sources: Map<string, string>): unknown {
  // Before toJS: it recurses, and on deep documents with anchors takes seconds and gigabytes.
  const deep = tooDeep(doc.contents);
  if (deep) throw new InvalidInput([{ file: display, pos: deep.range ? pos.at(deep.range[0]) : undefined, message: `nested more than ${MAX_DEPTH} levels deep` }], sources);
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const bad = badMerge(doc);
    const message = bad ? "a `<<:` merge key takes a mapping, an alias of one, or a list of them"
      : e instanceof ReferenceError ? `aliases expand to too much data (more than ${MAX_ALIAS_COUNT} uses: an alias bomb?)`
      : e instanceof RangeError ? `nested too deeply`
      : (e as Error).message;
    throw new InvalidInput([{ file: display, pos: bad?.range ? pos.at(bad.range[0]) : undefined, message: `invalid YAML: ${message}` }], sources);
  }
}

/** The first collection nested deeper than MAX_DEPTH as written (aliases not followed), found without recursion. */
function tooDeep(root: unknown): YamlNode | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= MAX_DEPTH) return node as YamlNode;
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.key, depth + 1], [item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** The value of the first `<<:` merge key whose sources are not all mappings. */
function badMerge(doc: Document): YamlNode | undefined {
  let found: YamlNode | undefined;
  const mapOrAlias = (n: unknown) => isMap(n) || (isAlias(n) && isMap(n.resolve(doc)));
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== "symbol" || key.value.description !== "<<") return undefined;
      const value = isAlias(pair.value) ? pair.value.resolve(doc) : pair.value;
      const ok = mapOrAlias(value) || (isSeq(value) && value.items.every(mapOrAlias));
      if (ok) return undefined;
      found = pair.value as YamlNode;
      return visit.BREAK;
    },
  });
  return found;
}

/** An upper bound of the values a YAML text can hold: every value needs its own line or a comma. */
export function roughValueCount(source: string): number {
  let n = 1;
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) n++;
  for (let i = source.indexOf(","); i >= 0; i = source.indexOf(",", i + 1)) n++;
  return n;
}

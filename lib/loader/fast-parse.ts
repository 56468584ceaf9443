// The fast parse (Bun's native YAML parser, no positions) and the cheap scans that decide when the exact reader (yaml-exact.ts) must run, duplicate keys among them.

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

/** A block-mapping key line (after any "- "): the key, then what follows the colon. */
const KEY_LINE = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{[\]},&*!|>%@`?][^#]*?)\s*:(?:\s+(.*))?$/;
/** A block scalar indicator (| or >, with its chomping and indentation) after a key. */
const BLOCK_SCALAR = /^[|>][-+0-9]*\s*(#.*)?$/;

/**
 * A cheap scan for a block-mapping key written twice at the same indentation in the same mapping. It only
 * decides whether to take the slow, exact path (which reports real duplicates), so a false alarm costs time, never
 * a wrong error; duplicates inside flow mappings ({a: 1, a: 2}) are not seen by it.
 */
export function mayHaveDuplicateKeys(source: string): boolean {
  const stack: { col: number; keys: Set<string> }[] = [];
  let blockScalarIndent = -1;
  for (const raw of source.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
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
    if (newItem) while (stack.length && stack[stack.length - 1]!.col >= col) stack.pop();
    const m = KEY_LINE.exec(rest);
    if (!m) continue;
    const key = m[1]!;
    while (stack.length && stack[stack.length - 1]!.col > col) stack.pop();
    let top = stack[stack.length - 1];
    if (!top || top.col < col) {
      top = { col, keys: new Set() };
      stack.push(top);
    }
    if (top.keys.has(key)) return true;
    top.keys.add(key);
    if (m[2] !== undefined && BLOCK_SCALAR.test(m[2])) blockScalarIndent = col;
  }
  return false;
}

/** An upper bound of the values a YAML text can hold: every value needs its own line or a comma. */
export function roughValueCount(source: string): number {
  let n = 1;
  for (let i = source.indexOf("\n"); i >= 0; i = source.indexOf("\n", i + 1)) n++;
  for (let i = source.indexOf(","); i >= 0; i = source.indexOf(",", i + 1)) n++;
  return n;
}

// The loader's exact YAML reader (the yaml package, keeping every node's range): imported only when a file is invalid or unusual, to say file:line:col.
import { type Alias, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, Scalar, visit, type Document, type Node as YamlNode } from "yaml";
import { InvalidInput, type LoadIssue, type SourcePos } from "../core/invalid-input.ts";
import { MAX_DEPTH, MAX_NODES } from "./data-shape.ts";
import { charPos, linePosChars, Positions } from "./positions.ts";
import type { RawIssue } from "./raw-issue.ts";
import { refusedIssues } from "./yaml-refused.ts";
import { writtenSecretsMask, type SecretSources } from "./written-secrets.ts";

/**
 * When the native parser could not read the file (so its size after aliases is unknown), how much aliasing the exact
 * path expands before calling the file an alias bomb (the yaml package's measure: uses times what each use expands to).
 */
const MAX_ALIAS_COUNT = MAX_NODES;

/**
 * Parses the source keeping positions; invalid YAML throws InvalidInput with every error located. `bounded`: the native
 * parser read the same data within data-shape.ts's bounds, so aliases need no limit of their own here. Such an error
 * masks the file's secrets as far as they can be told (writtenSecretsMask), `secretSources` giving their values from
 * `--var`, `--env-file` and the environment: it is thrown before the file's `secrets:` are read as a scenario's.
 */
export function readExact(source: string, display: string, sources: Map<string, string>, bounded = false, secretSources?: SecretSources): { data: unknown; pos: Positions } {
  const lc = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, merge: true, logLevel: "error" });
  const masked = (issues: LoadIssue[]): InvalidInput => {
    const mask = writtenSecretsMask(doc, source, secretSources);
    return new InvalidInput(mask ? issues.map((issue) => ({ ...issue, message: mask(issue.message) })) : issues, sources, mask);
  };
  const issues = yamlIssues(doc, source, lc, display);
  if (issues.length) throw masked(issues);
  const refused = refusedIssues(doc, source, lc, display);
  if (refused.length) throw masked(refused);
  const pos = new Positions(doc, lc, source);
  try {
    return { data: toData(doc, pos, display, sources, bounded ? -1 : MAX_ALIAS_COUNT), pos };
  } catch (e) {
    throw e instanceof InvalidInput ? masked(e.issues) : e;
  }
}

/**
 * The parse errors of a document, each at file:line:col: a `{` or `[` left open is said where it was opened, and the
 * errors that only follow from another are left out. `oneDocument` says why a second document is refused.
 */
export function yamlIssues(doc: Document, source: string, lc: LineCounter, display: string, oneDocument = "a scenario file holds one (put each scenario in its own file)"): LoadIssue[] {
  const issues: LoadIssue[] = [];
  for (const err of doc.errors) {
    const first = err.message.split("\n")[0]!;
    // A `{` or `[` left open: the errors after it are its consequences; say where it was opened.
    const unclosed = /^Flow (map|sequence) in block collection must be sufficiently indented and end with a [}\]]/.exec(first);
    const opener = unclosed && err.pos ? openFlow(source, err.pos[0], unclosed[1] === "map" ? "{" : "[") : undefined;
    if (opener !== undefined) {
      const at = charPos(lc, source, opener);
      const before = lc.linePos(err.pos![0]);
      const [open, close, what] = unclosed![1] === "map" ? ["{", "}", "mapping"] : ["[", "]", "sequence"];
      const where = source.slice(err.pos![0]).trim() === "" ? "before the end of the file" : `before line ${before.line}`;
      issues.push({ file: display, pos: { line: at.line, col: at.col }, message: `invalid YAML: this "${open}" is not closed: the flow ${what} it opens needs its "${close}" ${where}` });
      break;
    }
    // `{url: ${P}, …}`: in a flow collection the `{` of an unquoted `${P}` opens a mapping, and a line of errors
    // followed; said once, at the `$`, with what to write.
    const at = err.pos?.[0];
    if (at !== undefined && at > 0 && source[at] === "{" && source[at - 1] === "$") {
      const ref = /^\$\{[^}\s]*\}?/.exec(source.slice(at - 1))?.[0] ?? "${…}";
      const dollar = charPos(lc, source, at - 1);
      issues.push({ file: display, pos: { line: dollar.line, col: dollar.col }, message: `invalid YAML: inside { … } or [ … ] an unquoted ${ref} opens a mapping: quote the value that holds it ("${ref}")` });
      break;
    }
    let p = err.linePos?.[0] ? linePosChars(lc, source, err.linePos[0]) : err.pos ? charPos(lc, source, err.pos[0]) : undefined;
    // The yaml package points at the line's start: the caret goes under the item that is out of line.
    if (p && first === "All mapping items must start at the same column") {
      const line = source.split("\n")[p.line - 1] ?? "";
      p = { line: p.line, col: line.length - line.trimStart().length + 1 };
    }
    const message = err.code === "MULTIPLE_DOCS" ? `a second YAML document starts here: ${oneDocument}` : first;
    issues.push({ file: display, pos: p ? { line: p.line, col: p.col } : undefined, message: `invalid YAML: ${message}` });
    // After an item out of line the parser reads what follows askew: its next errors ("Sequence item without -
    // indicator" on the line after) are that one's consequences, and only confuse.
    if (err.code === "BAD_INDENT") break;
  }
  return issues;
}

/**
 * The offset of the last `open` ("{" or "[") before `end` that starts a flow collection and is not closed, or undefined
 * when none is found. A `{` or `[` starts one only after a line's indentation, a `- `, a `key: `, a `,` or another
 * opener; quoted scalars (which may hold brackets) and comments are skipped; brackets inside plain text
 * (`echo ${X}`, `awk '{print}'`) do not count.
 */
function openFlow(source: string, end: number, open: "{" | "["): number | undefined {
  const stack: [char: string, at: number][] = [];
  let prev = "\n";
  for (let i = 0; i < end; i++) {
    const c = source[i]!;
    if (c === " " || c === "\t") continue;
    const starts = prev === "\n" || prev === "-" || prev === ":" || prev === "," || prev === "{" || prev === "[";
    if (c === "#" && (i === 0 || source[i - 1] === " " || source[i - 1] === "\t" || source[i - 1] === "\n")) {
      while (i < end && source[i] !== "\n") i++;
      prev = "\n";
      continue;
    }
    if ((c === '"' || c === "'") && starts) {
      for (i++; i < end; i++) {
        if (c === '"' && source[i] === "\\") i++;
        else if (source[i] === c) {
          if (c === "'" && source[i + 1] === "'") i++;
          else break;
        }
      }
      prev = c;
      continue;
    }
    if ((c === "{" || c === "[") && starts) stack.push([c, i]);
    else if ((c === "}" || c === "]") && stack.length && stack.at(-1)![0] === (c === "}" ? "{" : "[")) stack.pop();
    prev = c;
  }
  for (let k = stack.length - 1; k >= 0; k--) if (stack[k]![0] === open) return stack[k]![1];
  return undefined;
}

/** Where each issue is written: a key's position for unknown keys, the `${` itself for variable references. */
export function locate(raw: RawIssue, pos: Positions): SourcePos | undefined {
  if (raw.textOffset !== undefined) {
    const node = raw.key !== undefined ? pos.keyNode(raw.path, raw.key) : pos.node(raw.path);
    const at = isScalar(node) ? textPos(node, raw.textOffset, pos) : undefined;
    return at ?? (raw.key !== undefined ? pos.key(raw.path, raw.key) : pos.of(raw.path));
  }
  if (raw.key !== undefined && raw.refOffset !== undefined) {
    const node = pos.keyNode(raw.path, raw.key);
    return isScalar(node) ? refPos(node, raw.refOffset, pos) : pos.of(raw.path);
  }
  if (raw.key !== undefined) return pos.key(raw.path, raw.key);
  if (raw.refOffset !== undefined) {
    const node = pos.node(raw.path);
    return isScalar(node) ? refPos(node, raw.refOffset, pos) : pos.of(raw.path);
  }
  return pos.of(raw.path);
}

/**
 * Where the reference at `refOffset` of a scalar's value is written. The value's k-th `${` is the k-th `${` of the
 * scalar's text whatever the style (plain or quoted over several lines, a `|` or `>` block): folding and indentation
 * change only whitespace. When the counts differ (a double-quoted escape such as "\x24{" wrote one), the value's offset
 * from the quote on a one-line scalar, else the scalar's start.
 */
function refPos(node: Scalar, refOffset: number, pos: Positions): SourcePos | undefined {
  if (!node.range) return undefined;
  const value = String(node.value);
  const text = pos.source.slice(node.range[0], node.range[1]);
  const inValue = occurrences(value, refOffset + 2);
  const inText = occurrences(text);
  if (inText.length === occurrences(value).length && inValue.length > 0) return pos.at(node.range[0] + inText[inValue.length - 1]!);
  // An escape wrote a `${`: on one line, the value's offset from the quote is near it.
  const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE;
  if (!text.includes("\n") && (quoted || node.type === Scalar.PLAIN)) return pos.at(node.range[0] + (quoted ? 1 : 0) + refOffset);
  return pos.at(node.range[0]);
}

/**
 * Where the character at UTF-16 offset `offset` of a scalar's value is written, for a scalar on one line: plain (its
 * text is its value), single-quoted (`''` is one quote) or double-quoted (each escape read as YAML reads it).
 * Undefined for any other (a block scalar, one folded over lines): the caller points at the scalar.
 */
function textPos(node: Scalar, offset: number, pos: Positions): SourcePos | undefined {
  if (!node.range) return undefined;
  const value = String(node.value);
  const text = pos.source.slice(node.range[0], node.range[1]);
  if (text.includes("\n") || text.includes("\r")) return undefined;
  if (node.type === Scalar.PLAIN) return text.startsWith(value) ? pos.at(node.range[0] + Math.min(offset, value.length)) : undefined;
  if (node.type !== Scalar.QUOTE_SINGLE && node.type !== Scalar.QUOTE_DOUBLE) return undefined;
  // Walk the text from after the opening quote, counting the value's UTF-16 units each piece of text writes.
  let v = 0;
  let i = 1;
  while (i < text.length - 1 && v < offset) {
    if (node.type === Scalar.QUOTE_SINGLE) {
      i += text[i] === "'" && text[i + 1] === "'" ? 2 : 1;
      v++;
      continue;
    }
    if (text[i] !== "\\") {
      i++;
      v++;
      continue;
    }
    const e = text[i + 1];
    const hex = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    i += 2 + hex;
    v += hex === 8 && parseInt(text.slice(i - 8, i), 16) > 0xffff ? 2 : 1;
  }
  return v === offset ? pos.at(node.range[0] + i) : undefined;
}

/** Offsets of each `${` in text that starts before `end`. */
function occurrences(text: string, end = text.length): number[] {
  const found: number[] = [];
  for (let i = text.indexOf("${"); i !== -1 && i < end - 1; i = text.indexOf("${", i + 1)) found.push(i);
  return found;
}

/** The document as plain data, aliases and merge keys applied; what cannot be applied is an error where it is written. */
function toData(doc: Document, pos: Positions, display: string, sources: Map<string, string>, maxAliasCount: number): unknown {
  // Before toJS: it recurses, and on deep documents with anchors takes seconds and gigabytes.
  const deep = tooDeep(doc.contents);
  if (deep) throw new InvalidInput([{ file: display, pos: deep.range ? pos.at(deep.range[0]) : undefined, message: `nested more than ${MAX_DEPTH} levels deep` }], sources);
  const key = collectionKey(doc);
  if (key) {
    throw new InvalidInput([{ file: display, pos: key.range ? pos.at(key.range[0]) : undefined, message: "invalid YAML: a mapping key is a name, not a list or a mapping (YAML parsers make different text of it): write the name, quoted if it holds [ ] { } or ," }], sources);
  }
  try {
    return doc.toJS({ maxAliasCount });
  } catch (e) {
    const unresolved = undefinedAlias(doc);
    const bad = unresolved ?? badMerge(doc);
    const message = unresolved ? `undefined alias *${unresolved.source}: no anchor &${unresolved.source} is set before it`
      : bad ? "a `<<:` merge key takes a mapping, an alias of one, or a list of them"
      : e instanceof ReferenceError ? `aliases expand to too much data (an alias bomb?): a scenario is far smaller`
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

/** The first mapping key written as a list or a mapping (`{[a]: b}`, `? [a]`), or an alias of one. */
function collectionKey(doc: Document): YamlNode | undefined {
  let found: YamlNode | undefined;
  visit(doc, {
    Pair(_, pair) {
      const key = isAlias(pair.key) ? pair.key.resolve(doc) : pair.key;
      if (!isMap(key) && !isSeq(key)) return undefined;
      found = pair.key as YamlNode;
      return visit.BREAK;
    },
  });
  return found;
}

/** The first alias `*name` with no anchor `&name` before it (the yaml package calls it a ReferenceError, as it does an alias bomb). */
function undefinedAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_, alias) {
      if (alias.resolve(doc) !== undefined) return undefined;
      found = alias;
      return visit.BREAK;
    },
  });
  return found;
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


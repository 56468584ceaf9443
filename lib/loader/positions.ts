// Maps a path in the loaded data back to the YAML text it came from, through aliases and `<<` merge keys.
import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type LineCounter, type Node as YamlNode, type Pair, type YAMLMap } from "yaml";
import type { SourcePos } from "../core/invalid-input.ts";

type Seg = string | number;

/** Aliases resolved in a row before giving up (an alias chain is never longer in a real file). */
const MAX_HOPS = 64;

/** A `<<` merge key's pair, as the yaml package reads a plain `<<` with merge keys on. */
export function isMergePair(pair: Pair): boolean {
  const key = pair.key;
  return isScalar(key) && typeof key.value === "symbol" && key.value.description === "<<";
}

function keyText(pair: Pair): string | undefined {
  return isScalar(pair.key) && typeof pair.key.value !== "symbol" ? String(pair.key.value) : undefined;
}

/**
 * The line and column (from 1) of UTF-16 offset `offset` of `source`, the column in characters (code points: "😀" is
 * one, as editors count), where the yaml package's LineCounter counts UTF-16 units.
 */
export function charPos(lc: LineCounter, source: string, offset: number): SourcePos {
  const p = lc.linePos(offset);
  return linePosChars(lc, source, p);
}

/** A position as the yaml package gives it (its column in UTF-16 units), its column in characters (charPos). */
export function linePosChars(lc: LineCounter, source: string, p: { line: number; col: number }): SourcePos {
  const start = lc.lineStarts[p.line - 1] ?? 0;
  const end = start + p.col - 1;
  const within = source.slice(start, Math.min(end, source.length));
  return { line: p.line, col: [...within].length + Math.max(0, end - source.length) + 1 };
}

export class Positions {
  /** `source`: the text the document was parsed from. */
  constructor(private readonly doc: Document, private readonly lc: LineCounter, readonly source = "") {}

  /** The line and column of an offset, the column in characters (charPos). */
  at(offset: number): SourcePos {
    return charPos(this.lc, this.source, offset);
  }

  /** The node an alias stands for (the anchored node), or the node itself. */
  private deref(node: unknown): unknown {
    for (let hops = 0; isAlias(node) && hops < MAX_HOPS; hops++) node = node.resolve(this.doc);
    return node;
  }

  /**
   * The pair holding `key` in a mapping: written in it, else brought in by its `<<` merge keys (the first source
   * that has it, as the merge itself decides).
   */
  private pair(map: YAMLMap, key: string, depth = 0): Pair | undefined {
    const own = map.items.find((p) => keyText(p) === key);
    if (own || depth > MAX_HOPS) return own;
    for (const merge of map.items.filter(isMergePair)) {
      const value = this.deref(merge.value);
      const sources = isSeq(value) ? value.items.map((i) => this.deref(i)) : [value];
      for (const source of sources) {
        const found = isMap(source) ? this.pair(source, key, depth + 1) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The node written at path (an alias at the end of the path is returned as the alias, where it is written). */
  node(path: readonly Seg[]): YamlNode | undefined {
    let node: unknown = this.doc.contents;
    for (const seg of path) {
      node = this.deref(node);
      if (isMap(node)) node = this.pair(node, String(seg))?.value;
      else if (isSeq(node)) node = node.items[Number(seg)];
      else return undefined;
    }
    return (isPair(node) ? undefined : node) as YamlNode | undefined;
  }

  /**
   * The text of the plain scalar at path (an alias followed) as written, when YAML read it as a number or a boolean
   * (`0012345`, `1.10`, `True`); undefined for any other node, and under an explicit tag (`!!int 007` asks for the number).
   */
  writtenText(path: readonly Seg[]): string | undefined {
    const node = this.deref(this.node(path));
    if (!isScalar(node) || node.type !== Scalar.PLAIN || node.tag !== undefined) return undefined;
    return typeof node.value === "number" || typeof node.value === "boolean" ? node.source : undefined;
  }

  /**
   * Each plain number written at path (a step), aliases and `<<` merges followed, that YAML reads as an integer beyond
   * ±2^53, with its text as written (1234567890123456788, read as a double that prints as 1234567890123456800).
   */
  bigNumbers(path: readonly Seg[]): [number, string][] {
    const found: [number, string][] = [];
    const seen = new Set<unknown>();
    const walk = (at: unknown): void => {
      const node = this.deref(at);
      if (seen.has(node)) return;
      seen.add(node);
      if (isScalar(node)) {
        const n = node.value;
        if (typeof n === "number" && Number.isInteger(n) && Math.abs(n) >= 2 ** 53 && node.type === Scalar.PLAIN && node.tag === undefined && node.source !== undefined) found.push([n, node.source]);
      } else if (isMap(node)) for (const pair of node.items) walk(pair.value);
      else if (isSeq(node)) for (const item of node.items) walk(item);
    };
    walk(this.node(path));
    return found;
  }

  /** Position of the value at path, or of the nearest ancestor that exists. */
  of(path: readonly Seg[]): SourcePos | undefined {
    for (let n = path.length; n >= 0; n--) {
      const node = this.node(path.slice(0, n));
      if (node?.range) return this.at(node.range[0]);
    }
    return undefined;
  }

  /** The scalar node of a key inside the mapping at path. */
  keyNode(path: readonly Seg[], key: string): YamlNode | undefined {
    const map = this.deref(this.node(path));
    if (!isMap(map)) return undefined;
    const pair = this.pair(map, key);
    return pair && isScalar(pair.key) ? pair.key : undefined;
  }

  /**
   * The keys of the mapping at path (an alias followed, then its `<<` merge sources), in the order written, each as the
   * key the data has (`007` is "7", `null` and `~` are "": the yaml package's rule) with its text as written when YAML
   * read it as a number, a boolean or null; any other key (quoted, a string, under an explicit tag: `!!int 007` asks for
   * the number) is its own text.
   */
  writtenKeys(path: readonly Seg[]): Map<string, string> {
    const found = new Map<string, string>();
    const visit = (node: unknown, depth: number): void => {
      const map = this.deref(node);
      if (!isMap(map) || depth > MAX_HOPS) return;
      const merges: unknown[] = [];
      for (const pair of map.items) {
        if (isMergePair(pair)) {
          const value = this.deref(pair.value);
          merges.push(...(isSeq(value) ? value.items : [value]));
          continue;
        }
        const key = pair.key;
        if (!isScalar(key) || typeof key.value === "symbol") continue;
        const value = key.value;
        const js = value === null ? "" : String(value);
        const asRead = value === null || typeof value === "number" || typeof value === "boolean";
        const written = asRead && key.type === Scalar.PLAIN && key.tag === undefined && key.source !== undefined ? key.source : js;
        // A key written in the mapping itself wins over one a merge brings, and an earlier merge source over a later one.
        if (!found.has(js)) found.set(js, written);
      }
      for (const source of merges) visit(source, depth + 1);
    };
    visit(this.node(path), 0);
    return found;
  }

  /** Position of a key inside the mapping at path. */
  key(path: readonly Seg[], key: string): SourcePos | undefined {
    const node = this.keyNode(path, key);
    return node?.range ? this.at(node.range[0]) : this.of(path);
  }
}

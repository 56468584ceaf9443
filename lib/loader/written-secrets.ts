// What masks a file's secrets in a load error found before the file could be read whole (invalid YAML): the names its `secrets:` lists, as the yaml package still reads them or as the text writes them, and their values.
import { isAlias, isCollection, isMap, isScalar, isSeq, Scalar, visit, type Document, type Node as YamlNode } from "yaml";
import { Masker } from "../vars/mask.ts";
import { ONLY_REFS } from "../util/url-text.ts";

/** The values the other sources give a name (`--var`, `--env-file`, the environment). */
export type SecretSources = (name: string) => (string | undefined)[];

/** A name `secrets:` may list (a variable's). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `secrets: [A, "B"]` at the start of a line (the top level), as written. */
const FLOW_LIST = /^secrets[ \t]*:[ \t]*\[([^\]\n]*)\]/gm;
/** `secrets:` alone on a line at the top level, then its block list's items (`  - A`), comments and blank lines. */
const BLOCK_LIST = /^secrets[ \t]*:[ \t]*(?:#[^\n]*)?\n((?:[ \t]+-[^\n]*(?:\n|$)|[ \t]*(?:#[^\n]*)?\n)*)/gm;

/** A name as a list writes it: quotes and spaces aside, a comment after it left out. */
const bare = (item: string): string => item.replace(/\s#.*$/, "").trim().replace(/^(["'])(.*)\1$/, "$2");

/** The names `secrets:` lists as the text writes them at the top level (the parser may have read them into a quote left open). */
function namesWritten(source: string): string[] {
  const out: string[] = [];
  for (const m of source.matchAll(FLOW_LIST)) out.push(...m[1]!.split(",").map(bare));
  for (const m of source.matchAll(BLOCK_LIST)) for (const line of m[1]!.split("\n")) if (/^[ \t]+-/.test(line)) out.push(bare(line.replace(/^[ \t]+-/, "")));
  return out;
}

/** The value of the top-level key `key`, each one when the key is written twice (a duplicate the parser reports). */
function topLevel(doc: Document, key: string): unknown[] {
  const root = doc.contents;
  if (!isMap(root)) return [];
  return root.items.filter((pair) => isScalar(pair.key) && pair.key.value === key).map((pair) => (isAlias(pair.value) ? pair.value.resolve(doc) : pair.value));
}

/** Every scalar's text in a node (its keys too when it is a collection: a value read askew may have become one), aliases not followed. */
function scalarsIn(node: unknown, source: string, out: string[]): void {
  const add = (n: YamlNode) => {
    if (!isScalar(n) || n.value === null || typeof n.value === "symbol") return;
    const written = n.range ? source.slice(n.range[0], n.range[1]) : undefined;
    const quote = n.type === Scalar.QUOTE_DOUBLE ? '"' : n.type === Scalar.QUOTE_SINGLE ? "'" : undefined;
    // A quote left open ran on over the lines after it (other keys, `secrets:` itself): its first line alone is the value.
    if (quote && written !== undefined && (written.length < 2 || !written.endsWith(quote))) {
      out.push(written.slice(1).split(/\r?\n/)[0]!.trim());
      return;
    }
    out.push(String(n.value));
    // As written too: a number's digits (`0123`), a quoted value's escapes.
    if (written !== undefined) out.push(written.replace(/^(["'])([^]*)\1$/, "$2"));
  };
  if (isScalar(node)) add(node);
  else if (isCollection(node)) visit(node, { Scalar: (_key, n) => void add(n) });
}

/**
 * What masks, in a load error's messages and quoted lines, the secrets of a file the parser found invalid: the names
 * its `secrets:` lists (as the yaml package still reads the document, a duplicate key's value too, and as the text
 * writes the list at the top level, where a quote left open swallowed it), each value `vars:` gives one of them (both of
 * a duplicate key), and the values `others` gives them; and, on a line whose key is one of them (`API_PIN: …`,
 * `{ API_PIN: "…`), the rest of the line, which a quote left open may have read into something else. Undefined when
 * no name is found.
 */
export function writtenSecretsMask(doc: Document, source: string, others?: SecretSources): ((text: string) => string) | undefined {
  const names = new Set<string>();
  for (const list of topLevel(doc, "secrets")) {
    if (isSeq(list)) for (const item of list.items) if (isScalar(item) && typeof item.value === "string") names.add(item.value);
  }
  for (const name of namesWritten(source)) names.add(name);
  for (const name of names) if (!NAME.test(name)) names.delete(name);
  if (names.size === 0) return undefined;
  const values: string[] = [];
  for (const vars of topLevel(doc, "vars")) {
    if (!isMap(vars)) continue;
    for (const pair of vars.items) if (isScalar(pair.key) && names.has(String(pair.key.value))) scalarsIn(isAlias(pair.value) ? pair.value.resolve(doc) : pair.value, source, values);
  }
  for (const name of names) for (const v of others?.(name) ?? []) if (v !== undefined) values.push(v);
  const masker = new Masker();
  // A reference alone (`API_PIN: ${PIN}`) is no value: its text stays shown.
  for (const v of values) if (!ONLY_REFS.test(v.trim())) masker.add(v);
  const keyed = new RegExp(`((?:^|[\\s{,])(["']?)(?:${[...names].join("|")})\\2[ \\t]*:[ \\t]+)(\\S.*)$`, "gm");
  const restOfLine = (text: string) =>
    text.replace(keyed, (whole, before: string, _quote: string, rest: string) => (ONLY_REFS.test(bare(rest)) || rest === "***" ? whole : `${before}***`));
  return (text) => restOfLine(masker.active ? masker.text(text) : text);
}

// What the exact reader refuses in a document that parses: a tag no field reads (it was dropped silently, `!env TOKEN` the text TOKEN), a core tag on text it does not read, a date a `%YAML 1.1` file reads, a second `<<:` merge key in one mapping (the first won silently), and two keys the data holds as one (`1` and `"1"`).
import { type Document, isAlias, isScalar, LineCounter, Parser, visit, type Node as YamlNode } from "yaml";
import type { LoadIssue, SourcePos } from "../core/invalid-input.ts";
import { charPos, isMergePair } from "./positions.ts";

const CORE = "tag:yaml.org,2002:";

/** The YAML 1.2 core schema's tags: each makes a value some field takes. */
const CORE_TAGS: ReadonlySet<string> = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => CORE + t));

/** YAML's other standard tags (the yaml package reads them as bytes, a date, a set, a map): what no field takes, and what to write. */
const OTHER_TYPES: Readonly<Record<string, string>> = {
  binary: "bytes, which no field takes: write the text itself",
  timestamp: "a date, which no field takes: quote the time to compare or send it as text",
  set: "a set, which no field takes: write a list",
  omap: "ordered pairs, which no field takes: write a mapping",
  pairs: "ordered pairs, which no field takes: write a mapping",
};


/** Every tag token the text writes (`!env`, `!!int`, `!<tag:…>`), with its offset, in the order written. */
function tagTokens(source: string): { offset: number; source: string }[] {
  const found: { offset: number; source: string }[] = [];
  const stack: unknown[] = [...new Parser().parse(source)];
  while (stack.length) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (typeof node !== "object" || node === null) continue;
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === "tag" && typeof token.offset === "number" && typeof token.source === "string") {
      found.push({ offset: token.offset, source: token.source });
      continue;
    }
    for (const value of Object.values(node)) if (typeof value === "object" && value !== null) stack.push(value);
  }
  return found.sort((a, b) => a.offset - b.offset);
}

/** Why a tag written `written` (its full name `name`, null when its handle is not declared) is refused; undefined for a core tag. */
function tagRefusal(written: string, name: string | null, after: string): string | undefined {
  if (name !== null && CORE_TAGS.has(name)) return undefined;
  const other = name?.startsWith(CORE) ? OTHER_TYPES[name.slice(CORE.length)] : undefined;
  if (other) return `invalid YAML: the tag ${written} makes ${other}`;
  const as = name !== null && written.startsWith("!!") && !name.startsWith(CORE) ? ` (${name}, as %TAG names it)` : "";
  const said = `invalid YAML: the tag ${written}${as}: scenarios do not read tags (other than YAML 1.2 core's !!str, !!int, !!float, !!bool, !!null, !!map and !!seq), and the value would be taken without it`;
  if (/^!env$/i.test(written)) {
    const variable = /^[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:[,}\]\n#]|$)/.exec(after)?.[1];
    return `${said}, as the text ${variable ?? "written"}: to use a variable, write ${variable ? `\${${variable}}` : "${NAME}"}`;
  }
  // A lone `!` starts a shell command as often as a tag (`run: ! grep -q ERROR app.log`, bash's negation): removing it
  // would drop the negation.
  if (written === "!") return `${said}: to keep the ! as text (bash's negation, \`! grep -q ERROR app.log\`), quote the whole value ("! grep …")`;
  return `${said}: remove it (quote the value to keep it as text)`;
}

/** The tags the document writes that no field reads, each at its tag; and a core tag on a value it does not read (`!!int 1.5`). */
function tagIssues(doc: Document, source: string, lc: LineCounter, display: string, tagged: readonly { offset: number; source: string }[]): LoadIssue[] {
  const issues: LoadIssue[] = [];
  const at = (offset: number) => charPos(lc, source, offset);
  const written = new Map<number, string>();
  for (const token of tagged) {
    written.set(token.offset, token.source);
    const name = doc.directives?.tagName(token.source, () => {}) ?? null;
    const refusal = tagRefusal(token.source, name, source.slice(token.offset + token.source.length, source.indexOf("\n", token.offset) + 1 || source.length));
    if (refusal) issues.push({ file: display, pos: at(token.offset), message: refusal });
  }
  const refused = new Set(issues.map((issue) => `${issue.pos!.line}:${issue.pos!.col}`));
  for (const warning of doc.warnings) {
    if (warning.code !== "TAG_RESOLVE_FAILED") continue;
    const offset = warning.pos[0];
    const p = at(offset);
    if (refused.has(`${p.line}:${p.col}`)) continue;
    const tag = written.get(offset) ?? "the tag";
    issues.push({ file: display, pos: p, message: `invalid YAML: ${tag} does not read this value (YAML ${doc.directives?.yaml.version === "1.1" ? "1.1" : "1.2 core"}): write the value without the tag, quoted if it is text` });
  }
  return issues;
}

/** Each plain scalar a `%YAML 1.1` document reads as a date (`2001-12-14`), which YAML 1.2 core reads as text. */
function dateIssues(doc: Document, source: string, lc: LineCounter, display: string, tagged: readonly { offset: number; source: string }[]): LoadIssue[] {
  if (doc.directives?.yaml.version !== "1.1") return [];
  const issues: LoadIssue[] = [];
  visit(doc, {
    Scalar(_, node) {
      if (!(node.value instanceof Date) || !node.range) return;
      // A date written `!!timestamp 2001-12-14` is refused at its tag already.
      const before = source.slice(0, node.range[0]).trimEnd().length;
      if (tagged.some((tag) => tag.offset + tag.source.length === before)) return;
      issues.push({ file: display, pos: charPos(lc, source, node.range[0]), message: "invalid YAML: %YAML 1.1 reads this as a date, which no field takes: quote it to use it as text" });
    },
  });
  return issues;
}

/** A second `<<:` in one mapping: the yaml package kept the first one's keys and dropped the other's silently. */
function mergeIssues(doc: Document, source: string, lc: LineCounter, display: string): LoadIssue[] {
  const issues: LoadIssue[] = [];
  visit(doc, {
    Map(_, map) {
      const merges = map.items.filter(isMergePair);
      if (merges.length < 2) return;
      const sources = merges.flatMap((pair) => (isAlias(pair.value) ? [`*${pair.value.source}`] : []));
      const list = sources.length === merges.length ? `<<: [${sources.join(", ")}]` : "<<: [*a, *b]";
      for (const pair of merges.slice(1)) {
        const key = pair.key as YamlNode;
        issues.push({ file: display, pos: key.range ? charPos(lc, source, key.range[0]) : undefined, message: `invalid YAML: Map keys must be unique: a second \`<<\` merge key in one mapping (only the first one's keys were read): merge several mappings with one, ${list} (the earlier one's keys win)` });
      }
    },
  });
  return issues;
}

/**
 * The key the data holds for a scalar key, as the yaml package's toJS writes it into an object: a null is "", any other
 * value its text (`1.0` is "1", `.inf` "Infinity"). Undefined for a `<<` merge key.
 */
function dataKey(value: unknown): string | undefined {
  if (typeof value === "symbol") return undefined;
  return value === null || value === undefined ? "" : String(value);
}

/**
 * Two keys of one mapping that YAML reads as different values but the data holds as one (`1` and `"1"`, `true` and
 * `'true'`, `~` and `""`): the yaml package's unique-key check compares values, so both passed, and the data kept the
 * last one's value, the other dropped without a word, as a key written twice was. Said at the second, naming the first.
 */
function sameKeyIssues(doc: Document, source: string, lc: LineCounter, display: string): LoadIssue[] {
  const issues: LoadIssue[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Map<string, YamlNode>();
      for (const pair of map.items) {
        const node = (isAlias(pair.key) ? pair.key.resolve(doc) : pair.key) as YamlNode | undefined;
        if (!isScalar(node)) continue;
        const key = dataKey(node.value);
        if (key === undefined) continue;
        const before = seen.get(key);
        if (!before) {
          seen.set(key, pair.key as YamlNode);
          continue;
        }
        const written = (n: YamlNode) => (n.range ? source.slice(n.range[0], n.range[1]).trim() : JSON.stringify(key));
        const here = pair.key as YamlNode;
        const first = before.range ? ` (line ${charPos(lc, source, before.range[0]).line})` : "";
        issues.push({ file: display, pos: here.range ? charPos(lc, source, here.range[0]) : undefined, message: `invalid YAML: Map keys must be unique: ${written(here)} and ${written(before)}${first} are one key, ${JSON.stringify(key)}, to a scenario (the first one's value would be dropped): write the key once` });
      }
    },
  });
  return issues;
}

/** What the exact reader refuses in a document that parsed, in the order written. */
export function refusedIssues(doc: Document, source: string, lc: LineCounter, display: string): LoadIssue[] {
  if (!doc.contents) return [];
  const tagged = source.includes("!") ? tagTokens(source) : [];
  const issues = [...tagIssues(doc, source, lc, display, tagged), ...dateIssues(doc, source, lc, display, tagged), ...mergeIssues(doc, source, lc, display), ...sameKeyIssues(doc, source, lc, display)];
  return issues.sort((a, b) => (a.pos?.line ?? 0) - (b.pos?.line ?? 0) || (a.pos?.col ?? 0) - (b.pos?.col ?? 0));
}

// JSONPath for `expect.json` and captures: a load-time syntax check, and evaluation through jsonpath-plus (imported lazily; plain name/index paths are walked directly).
import { evaluateJsonValue, type Check } from "../../expect/matcher.ts";
import { clipAfter } from "../../util/clip.ts";

type JsonPathModule = typeof import("jsonpath-plus");
type FilterScript = { runInNewContext(context: object): unknown };
type FilterNode = { type: string; operator?: string; left?: FilterNode; right?: FilterNode; [k: string]: unknown };
type Evaluator = (path: string, json: unknown) => unknown;
let loading: Promise<Evaluator> | undefined;

/** The library's evaluation with this file's corrections: RFC 9535's filter comparisons, strings without members. */
function jsonPathLib(): Promise<Evaluator> {
  loading ??= import("jsonpath-plus").then(({ JSONPathClass }) => {
    const StrictScript = strictScriptOf(JSONPathClass);
    const Leaves = stringsAsLeaves(JSONPathClass);
    return (path, json) => new Leaves({ path, json: json as object, wrap: true, eval: StrictScript, autostart: false }).evaluate();
  });
  return loading;
}

type Trace = (expr: string[], val: unknown, ...rest: unknown[]) => unknown;
/** The library's steps that are operators, not names: `*`, `..`, `~`, `^`, `$`, a filter or a script. */
const OPERATOR_STEP = /^(?:\*|\.\.|~|\^|\$|\??\()/;

/**
 * The library with a string as a value without members: it read `[0]`, `[1,2]` and `.length` on a string as its
 * UTF-16 units and their count, so `$..[0]` matched the first letter of every string and `$..name[1]` a name's
 * second letter. RFC 9535 and jq select nothing there. (The library's step into a value is its `_trace`, called with
 * the path's remaining steps, the value, then path, parent, parent's key, callback, hasArrExpr and literalPriority.)
 */
function stringsAsLeaves(lib: JsonPathModule["JSONPathClass"]): new (opts: object) => { evaluate(): unknown } {
  const proto = lib.prototype as unknown as { _trace: Trace };
  const trace = proto._trace;
  class Leaves extends (lib as unknown as new (opts: object) => { evaluate(): unknown }) {}
  (Leaves.prototype as unknown as { _trace: Trace })._trace = function (this: unknown, expr, val, ...rest) {
    if (typeof val === "string" && expr.length > 0 && expr[0] !== "$") return [];
    // After a wildcard or a union the library takes a key spelt like the next step first: `$[2][*]` on {"*": 7, "x": 1}
    // gave 7 alone. A quoted name spelt so is refused in these paths (libraryPathError): the step is the operator.
    if (rest[5] && OPERATOR_STEP.test(expr[0] ?? "")) rest[5] = false;
    return trace.call(this, expr, val, ...rest);
  };
  return Leaves;
}

/**
 * Filters evaluated by the library's safe evaluator, with RFC 9535's comparisons in place of JavaScript's: `==` is
 * equality of JSON values (types not converted, lists and mappings by content), and `<`, `<=`, `>`, `>=` hold
 * between two numbers or two strings only. JavaScript's `"5" > 1`, `true >= 0`, `null < 1`, `[5] > 1` were true:
 * `$.items[?(@.n > 1)]` matched items whose n is the string "5", and a check on the matches passed on them.
 * The library's evaluator parses a filter into a syntax tree (its `safeVm.Script`); the comparisons in that tree
 * become calls of `_$_compare`, given to the evaluator with the filter's other names (see strictComparisons).
 */
function strictScriptOf(lib: JsonPathModule["JSONPathClass"]): new (code: string) => FilterScript {
  const Safe = (lib.prototype as unknown as { safeVm: { Script: new (code: string) => FilterScript & { ast: FilterNode } } }).safeVm.Script;
  const context = { _$_compare: compareInFilter, _$_orNothing: orNothing };
  return class StrictScript {
    private readonly script: FilterScript;
    constructor(code: string) {
      const script = new Safe(code);
      script.ast = strictComparisons(script.ast);
      this.script = script;
    }
    runInNewContext(sandbox: object): unknown {
      return this.script.runInNewContext({ ...sandbox, ...context });
    }
  };
}

/** A value without members, for reading a member of null or of a missing value. */
const NOTHING: object = Object.freeze(Object.create(null));
const orNothing = (value: unknown) => value ?? NOTHING;

const COMPARISONS = new Set(["==", "!=", "===", "!==", "<", "<=", ">", ">="]);

/**
 * The tree with every comparison replaced by a call of `_$_compare(left, "op", right)`, and the object of every member
 * access by `_$_orNothing(object)`: a member of null or of nothing is nothing (RFC 9535), as a missing key is.
 */
function strictComparisons(node: FilterNode): FilterNode {
  if (!node || typeof node !== "object") return node;
  for (const [key, child] of Object.entries(node)) {
    if (Array.isArray(child)) node[key] = child.map((c) => strictComparisons(c as FilterNode));
    else if (child && typeof child === "object" && typeof (child as FilterNode).type === "string") node[key] = strictComparisons(child as FilterNode);
  }
  // `@.a.b` on an item without `a` (or a null item): the evaluator threw, and the whole path was an error.
  if (node.type === "MemberExpression") return { ...node, object: { type: "CallExpression", callee: { type: "Identifier", name: "_$_orNothing" }, arguments: [node.object] } };
  if (node.type !== "BinaryExpression" || !COMPARISONS.has(node.operator ?? "")) return node;
  return { type: "CallExpression", callee: { type: "Identifier", name: "_$_compare" }, arguments: [node.left, { type: "Literal", value: node.operator, raw: JSON.stringify(node.operator) }, node.right] };
}

/** RFC 9535's comparison of two filter values (a missing one is undefined: equal only to another missing one). */
function compareInFilter(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case "==": case "===": return sameJsonValue(a, b);
    case "!=": case "!==": return !sameJsonValue(a, b);
    case "<": return lessThan(a, b);
    case ">": return lessThan(b, a);
    case "<=": return lessThan(a, b) || sameJsonValue(a, b);
    default: return lessThan(b, a) || sameJsonValue(a, b);
  }
}

function lessThan(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  if (typeof a !== "string" || typeof b !== "string") return false;
  // By code point, as RFC 9535 and jq order text: JavaScript's `<` compares UTF-16 units, putting "😀" before "\uffff".
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]!.codePointAt(0)! < y[i]!.codePointAt(0)!;
  }
  return x.length < y.length;
}

function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJsonValue(x, b[i]));
  if (!a || !b || typeof a !== "object" || typeof b !== "object") return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && sameJsonValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const CLOSING: Record<string, string> = { "[": "]", "(": ")" };

/**
 * Returns what is wrong with a JSONPath's syntax, or undefined when it looks well formed.
 * Checks the shape only (leading `$`, balanced brackets and quotes); the library reports the rest at run time.
 */
export function jsonPathError(path: string): string | undefined {
  if (!path.startsWith("$")) return `a JSONPath starts with "$", e.g. "$.data[0].id"; got ${JSON.stringify(path)}`;
  const open: string[] = [];
  let quote: string | undefined;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if ((c === "'" || c === '"') && open.length > 0) quote = c;
    else if (c === "[" || c === "(") open.push(CLOSING[c]!);
    else if (c === "]" || c === ")") {
      if (open.pop() !== c) return `unbalanced "${c}" at position ${i + 1} of JSONPath ${JSON.stringify(path)}`;
      if (c === "]" && path[i - 1] === "[") return `empty [] at position ${i} of JSONPath ${JSON.stringify(path)}`;
    }
  }
  if (quote) return `unclosed quote ${quote} in JSONPath ${JSON.stringify(path)}`;
  if (open.length > 0) return `missing "${open.at(-1)}" in JSONPath ${JSON.stringify(path)}`;
  if (path.endsWith(".") && !path.endsWith("..")) return `JSONPath ${JSON.stringify(path)} ends with "."`;
  if (path.endsWith("..")) return `JSONPath ${JSON.stringify(path)} ends with "..": name what to search for, e.g. "$..id"`;
  // What the evaluation reads: the path without blanks in brackets (messages quote it as written).
  const plain = withoutBracketBlanks(path);
  return segmentsOf(plain) ? undefined : libraryPathError(plain, path);
}

/**
 * Characters a quoted name cannot hold in a path the library evaluates (one with a wildcard, `..`, a filter, a slice or
 * a union): it reads `['$']` as the root, `['*']` as a wildcard, `['..']` as `..`, `['~']` as the property names, and
 * `['c]d']`, `["x'y"]`, `['%@%']`, `['a;b']`, `['(x)']`, `['@']` as nothing or an error. Such a path answered with other
 * values than the key's, so a check on it could pass on anything.
 */
const MISREAD_IN_NAME = /[$*~^%;#@()[\]'"`\\]|\.\./;

/** What the library would misread in a path that is not names and indices alone (`written`: as the file has it); undefined when nothing. */
function libraryPathError(path: string, written: string): string | undefined {
  let depth = 0;
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "'" || c === '"') {
      let name = "";
      let j = i + 1;
      for (; j < path.length && path[j] !== c; j++) name += path[j] === "\\" ? (path[++j] ?? "") : path[j];
      if (depth === 0 && MISREAD_IN_NAME.test(name)) {
        const what = /\.\./.test(name) ? ".." : MISREAD_IN_NAME.exec(name)![0];
        return `the name ${JSON.stringify(name)} in JSONPath ${JSON.stringify(written)} holds ${JSON.stringify(what)}, which is misread in a path with a wildcard, "..", a filter, a slice or a union: name it in a path of names and indices only (e.g. "$.items[0][${name.includes("'") ? JSON.stringify(name) : `'${name}'`}]"), or check the value that holds it`;
      }
      i = j;
    } else if (c === "[" && depth === 0) {
      const union = /^\[\s*(-?\d+\s*(?:,\s*-?\d+\s*)+)\]/.exec(path.slice(i));
      if (union?.[1]!.includes("-")) return `the union ${union[0]} in JSONPath ${JSON.stringify(written)} has a negative index, which a union reads as a key: write that index in a path of its own, e.g. "$.items[-1]"`;
    }
  }
  return undefined;
}

const FALLBACK = Symbol("use the library");
const SIMPLE_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[-?\d+\]|\['(?:[^'\\]|\\.)*'\]|\["(?:[^"\\]|\\.)*"\])*$/;
const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]|\[-(\d+)\]/g;
/** A quoted name's text: `\'` is `'`, `\\` is `\`. */
const unescaped = (name: string) => name.replace(/\\(.)/g, "$1");
/** A key, or a negative index: the item that many places from the end of a list. */
type Segment = string | { fromEnd: number };
const simpleSegments = new Map<string, Segment[] | null>();
/** `[-N]`'s segment: `[-0]` is `[0]`, the first item, as jq and negativeIndices read it (not the item past the end). */
const fromEnd = (n: number): Segment => (n === 0 ? "0" : { fromEnd: n });

/** Splits a path made only of names and indices ($.a.b[0]['c d'][-1]) into keys; null for anything richer. */
function segmentsOf(path: string): Segment[] | null {
  let segs = simpleSegments.get(path);
  if (segs === undefined) {
    segs = SIMPLE_PATH.test(path) ? [...path.matchAll(SEGMENT)].map((m) => (m[5] !== undefined ? fromEnd(Number(m[5])) : (m[1] ?? m[2] ?? unescaped(m[3] ?? m[4]!)))) : null;
    if (simpleSegments.size < 10_000) simpleSegments.set(path, segs);
  }
  return segs;
}

/**
 * The common case without the library: a path of names and indices walked through objects and arrays
 * (own properties only, as jsonpath-plus does). Anything richer goes to the library.
 */
function walkSimplePath(path: string, data: unknown): unknown {
  const segs = segmentsOf(path);
  if (!segs) return FALLBACK;
  let cur: unknown = data;
  for (const seg of segs) {
    // A scalar has no members (a string neither: see stringsAsLeaves), as in the library.
    if (typeof cur !== "object" || cur === null) return undefined;
    // [-N] selects from a list only (the library's slice, see negativeIndices): a mapping's key "-1" is ['-1'].
    const key = typeof seg === "string" ? seg : Array.isArray(cur) ? String(cur.length - seg.fromEnd) : undefined;
    if (key === undefined || !Object.hasOwn(cur, key)) return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export type JsonPathResult = { ok: true; value: unknown } | { ok: false; error: string };

/** The answer of a path of names and indices walked directly; undefined when the path needs the library. */
function queryJsonPathNow(path: string, data: unknown): JsonPathResult | undefined {
  const direct = walkSimplePath(path, data);
  return direct === FALLBACK ? undefined : { ok: true, value: direct };
}

/**
 * Whether a path can match several values (a wildcard, `..`, a filter, a slice or a union): its answer is a list. `[-1:]`,
 * the last item as `[-1]` is, names one place like an index.
 */
export function isIndefinitePath(path: string): boolean {
  path = withoutBracketBlanks(path);
  return /\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/.test(path.replace(/'[^']*'|"[^"]*"/g, "''").replaceAll("[-1:]", "[0]"));
}

/**
 * Evaluates a JSONPath against parsed JSON. Nothing matched: undefined (so `exists: false` passes and `exists: true`
 * fails, whatever the path). A path that names one place (`$.data[0].id`): its value. A path that can match several
 * (`$.data[*].id`), for a check (`asList`): the list of the matches, also of one (that match alone was the item
 * itself, so `{contains: m-1}` looked inside the one id "m-10"); for a capture: one match is the value, several a list.
 */
export async function queryJsonPath(path: string, data: unknown, asList = false): Promise<JsonPathResult> {
  const plain = withoutBracketBlanks(path);
  return queryJsonPathNow(plain, data) ?? libraryAnswer(plain, data, asList);
}

/**
 * The path without the blanks RFC 9535 allows around a bracket's selectors (`[ 1 ]`, `[0, 1]`, `[ 0:2 ]`, `[ * ]`,
 * `[ 'a' ]`): the library read `[0, 1]` as the index 0 and the key " 1", `[ 1 ]` as the key " 1 " and `[ * ]` as a key,
 * so a check on them saw other values. Blanks inside quotes and inside a filter or script (`[?(…)]`) are kept.
 */
export function withoutBracketBlanks(path: string): string {
  if (!/\[\s|\s\]|[,:]\s|\s[,:]/.test(path)) return path;
  let inBracket = false;
  return rewriteUnquoted(path, (i, depth) => {
    const c = path[i]!;
    if (depth !== 0) return undefined;
    if (c === "[") inBracket = true;
    else if (c === "]") inBracket = false;
    else if (inBracket && /\s/.test(c)) return ["", 1];
    return undefined;
  });
}

/**
 * The path with some of its characters outside quoted names rewritten: `at(i, depth)` is asked at each (depth: the
 * parentheses of a filter or script around it) and gives the text to write instead and how many characters it
 * replaces, or undefined to keep the character.
 */
function rewriteUnquoted(path: string, at: (i: number, depth: number) => [text: string, length: number] | undefined): string {
  let out = "";
  let quote: string | undefined;
  let depth = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (quote) {
      out += c;
      if (c === "\\") out += path[++i] ?? "";
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    const instead = at(i, depth);
    if (instead) {
      out += instead[0];
      i += instead[1] - 1;
      continue;
    }
    out += c;
  }
  return out;
}

/**
 * `[-N]` as the slice `[-N:-N+1]` (`[-1:]` for the last item), outside quotes and filters: the library reads `[-1]` as
 * the key "-1", so `$.data[-1].id` matched nothing (and `exists: false` passed) where RFC 9535 and jq take the last item.
 * A slice selects from a list only, as an index does.
 */
export function negativeIndices(path: string): string {
  if (!path.includes("[-")) return path;
  return rewriteUnquoted(path, (i, depth) => {
    const m = path[i] === "[" && depth === 0 ? /^\[\s*-(\d+)\s*\]/.exec(path.slice(i)) : null;
    if (!m) return undefined;
    const n = Number(m[1]);
    return [n === 0 ? "[0]" : n === 1 ? "[-1:]" : `[-${n}:-${n - 1}]`, m[0].length];
  });
}

/** A path's answer from the library alone, never the direct walk: what the walk must agree with (for tests). */
export function queryWithLibrary(path: string, data: unknown, asList = false): Promise<JsonPathResult> {
  return libraryAnswer(withoutBracketBlanks(path), data, asList);
}

async function libraryAnswer(path: string, data: unknown, asList: boolean): Promise<JsonPathResult> {
  const evaluate = await jsonPathLib();
  let found: unknown[];
  try {
    found = evaluate(negativeIndices(path), data) as unknown[];
  } catch (e) {
    return { ok: false, error: `invalid JSONPath ${JSON.stringify(path)}: ${(e as Error).message}` };
  }
  if (!Array.isArray(found) || found.length === 0) return { ok: true, value: undefined };
  if (asList && isIndefinitePath(path)) return { ok: true, value: found };
  return { ok: true, value: found.length === 1 ? found[0] : found };
}

/** Parses a text (stdout, a response body) as JSON once, on first use. */
export function lazyJson(text: string, what: string, truncatedNote = ""): () => JsonPathResult {
  let parsed: JsonPathResult | undefined;
  return () => {
    if (parsed) return parsed;
    try {
      parsed = { ok: true, value: JSON.parse(text) };
    } catch (e) {
      const head = clipAfter(text, 120);
      parsed = { ok: false, error: `${what} is not JSON (${(e as Error).message})${truncatedNote}: ${JSON.stringify(head)}` };
    }
    return parsed;
  };
}

function pushJsonPathChecks(checks: Check[], path: string, matcher: unknown, found: JsonPathResult): void {
  if (!found.ok) checks.push({ path: `json ${path}`, expected: "a valid JSONPath", actual: found.error, ok: false });
  else for (const check of evaluateJsonValue(matcher, found.value, `json ${path}`)) checks.push(check);
}

/**
 * Evaluates `expect.json` (JSONPath → matcher) against a lazily parsed JSON text: checks named `json $.path`.
 * Synchronous (an array, not a promise) while every path is one of names and indices; awaiting either works.
 */
export function checkJsonPaths(paths: Record<string, unknown>, json: () => JsonPathResult): Check[] | Promise<Check[]> {
  const entries = Object.entries(paths);
  if (entries.length === 0) return [];
  const doc = json();
  if (!doc.ok) return [{ path: "json", expected: "a JSON document", actual: doc.error, ok: false }];
  const checks: Check[] = [];
  for (let i = 0; i < entries.length; i++) {
    const [path, matcher] = entries[i]!;
    const found = queryJsonPathNow(path, doc.value);
    if (!found) return checkWithLibraryFrom(i, entries, doc.value, checks);
    pushJsonPathChecks(checks, path, matcher, found);
  }
  return checks;
}

/** The rest of checkJsonPaths from the first path that needs the library, in the same order. */
async function checkWithLibraryFrom(first: number, entries: [string, unknown][], data: unknown, checks: Check[]): Promise<Check[]> {
  for (let i = first; i < entries.length; i++) {
    const [path, matcher] = entries[i]!;
    pushJsonPathChecks(checks, path, matcher, await queryJsonPath(path, data, true));
  }
  return checks;
}

// JSONPath for `expect.json` and captures: a load-time syntax check, and evaluation through jsonpath-plus (imported lazily; plain name/index paths are walked directly).
import { evaluateJsonValue, type Check } from "../../expect/matcher.ts";
import { clipAfter } from "../../util/clip.ts";

type JsonPathModule = typeof import("jsonpath-plus");
let loading: Promise<JsonPathModule> | undefined;

function jsonPathLib(): Promise<JsonPathModule> {
  loading ??= import("jsonpath-plus");
  return loading;
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
  return undefined;
}

const FALLBACK = Symbol("use the library");
const SIMPLE_PATH = /^\$(?:\.[A-Za-z_][A-Za-z0-9_]*|\[\d+\]|\['[^'\\]*'\]|\["[^"\\]*"\])*$/;
const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/g;
const simpleSegments = new Map<string, string[] | null>();

/** Splits a path made only of names and indices ($.a.b[0]['c d']) into keys; null for anything richer. */
function segmentsOf(path: string): string[] | null {
  let segs = simpleSegments.get(path);
  if (segs === undefined) {
    segs = SIMPLE_PATH.test(path) ? [...path.matchAll(SEGMENT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!) : null;
    if (simpleSegments.size < 10_000) simpleSegments.set(path, segs);
  }
  return segs;
}

/**
 * The common case without the library: a path of names and indices walked through objects and arrays
 * (own properties only, as jsonpath-plus does). Anything richer, or a walk into a scalar, goes to the library.
 */
function walkSimplePath(path: string, data: unknown): unknown {
  const segs = segmentsOf(path);
  if (!segs) return FALLBACK;
  let cur: unknown = data;
  for (const key of segs) {
    if (typeof cur !== "object" || cur === null) return FALLBACK;
    if (!Object.hasOwn(cur, key)) return undefined;
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
 * the last item (jsonpath-plus has no `[-1]`), names one place like an index.
 */
export function isIndefinitePath(path: string): boolean {
  return /\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/.test(path.replace(/'[^']*'|"[^"]*"/g, "''").replaceAll("[-1:]", "[0]"));
}

/**
 * Evaluates a JSONPath against parsed JSON. Nothing matched: undefined (so `exists: false` passes and `exists: true`
 * fails, whatever the path). A path that names one place (`$.data[0].id`): its value. A path that can match several
 * (`$.data[*].id`), for a check (`asList`): the list of the matches, also of one (that match alone was the item
 * itself, so `{contains: m-1}` looked inside the one id "m-10"); for a capture: one match is the value, several a list.
 */
export async function queryJsonPath(path: string, data: unknown, asList = false): Promise<JsonPathResult> {
  return queryJsonPathNow(path, data) ?? queryWithLibrary(path, data, asList);
}

/**
 * A filter's `==` and `!=` as `===` and `!==` (outside quoted strings): jsonpath-plus evaluates filters as JavaScript,
 * where `@.n == 0` also matched `false`, `""` and `"0"`, and `@.n == '5'` the number 5. JSONPath (RFC 9535), jq and
 * the matchers compare without converting types.
 */
export function strictEquality(path: string): string {
  if (!path.includes("==") && !path.includes("!=")) return path;
  let out = "";
  let quote: string | undefined;
  for (let i = 0; i < path.length; i++) {
    const c = path[i]!;
    if (quote) {
      out += c;
      if (c === "\\") out += path[++i] ?? "";
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if ((c === "=" || c === "!") && path[i + 1] === "=" && path[i + 2] !== "=" && !"=!<>".includes(path[i - 1] ?? "")) {
      out += `${c}==`;
      i++;
      continue;
    }
    out += c;
  }
  return out;
}

async function queryWithLibrary(path: string, data: unknown, asList: boolean): Promise<JsonPathResult> {
  const { JSONPath } = await jsonPathLib();
  let found: unknown[];
  try {
    found = JSONPath({ path: strictEquality(path), json: data as object, wrap: true, eval: "safe" }) as unknown[];
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

// ${NAME} and ${NAME:-default} interpolation into text (bash command lines use shell-refs.ts instead), and shell quoting for display.
import { clipCounted } from "../util/clip.ts";
import { HIDDEN_CHARS } from "../util/hidden-chars.ts";
import { urlPartsOf, type UrlPartName } from "../util/url-text.ts";

/** Matches ${NAME} and ${NAME:-default}; `$${` escapes a literal "${". */
const REF = /\$\$\{|\$\{([^}:]*)(?::-([^}]*))?\}/g;
/** A variable name: under `vars:`, in `capture:`, inside ${…}. */
export const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface VarRef {
  name: string;
  hasDefault: boolean;
  /** Offset of the "${" in the text. */
  offset: number;
  /** Set when the reference is malformed. */
  error?: string;
}

/** The value a reference stands for: the variable's, or its default when it has none or (as `:-` in bash and compose) an empty one. */
export function refValue(lookup: Lookup, name: string, def: string | undefined): string | undefined {
  const found = lookup(name);
  return takesDefault(found, def) ? def : found;
}

/** Whether a reference with this value found takes its default (`${X:-d}`): none found, or an empty one. */
function takesDefault(found: string | undefined, def: string | undefined): boolean {
  return found === undefined || (found === "" && def !== undefined);
}

/** Lists the variable references in a text, in order. */
export function findRefs(text: string): VarRef[] {
  const refs: VarRef[] = [];
  for (const m of text.matchAll(REF)) {
    if (m[0] === "$${") continue;
    const name = m[1]!;
    const ref: VarRef = { name, hasDefault: m[2] !== undefined, offset: m.index };
    if (!VAR_NAME.test(name)) ref.error = `invalid variable name ${JSON.stringify(name)} in "${m[0]}": use letters, digits and _`;
    // `${A:-${B}}` read as the default "${B" and a stray "}": the value ran with text no one wrote.
    else if (m[2]?.includes("${")) {
      // The hint names the inner variable; a default holding `${` otherwise (`$${B}`, a lone `${`) has none to name.
      const inner = /(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)/.exec(m[2]);
      ref.error = inner
        ? `a default cannot hold another reference ("${m[0]}}"): give the default as text, or set ${name} from ${inner[1]} under vars:`
        : `a default cannot hold "\${", not even as $\${ ("${m[0]}"): give the default as text without it, or set ${name} under vars:`;
    }
    refs.push(ref);
  }
  return refs;
}

/**
 * The offsets of each "${" in text that starts no reference and is no `$${`: `${A:?must be set}`, `${A:+x}`,
 * `${A:=x}`, `${A:0:2}` or an unclosed `${A`. Outside a shell's script nothing fills them in, so they were used as the
 * text written (a URL, a header, a matcher's `not_contains` that then held on anything).
 */
export function strayRefs(text: string): number[] {
  if (!text.includes("${")) return [];
  const spans: [number, number][] = [];
  for (const m of text.matchAll(REF)) spans.push([m.index, m.index + m[0].length]);
  const stray: number[] = [];
  for (let at = text.indexOf("${"); at !== -1; at = text.indexOf("${", at + 1)) {
    if (!spans.some(([start, end]) => at >= start && at < end)) stray.push(at);
  }
  return stray;
}

/** Why a "${" at `offset` of text (one strayRefs gives) is refused. */
export function strayRefMessage(text: string, offset: number): string {
  const close = text.indexOf("}", offset);
  const written = close === -1 ? text.slice(offset, offset + 20) : text.slice(offset, close + 1);
  return close === -1
    ? `"${written}" has no closing "}": write \${NAME} or \${NAME:-default}, or $\${ for a literal "\${"`
    : `"${written}" is no reference this tool fills in (only \${NAME} and \${NAME:-default} are; compose's :?, :+ and := forms and bash's are not): it would be used as the text written; write $\${ for a literal "\${"`;
}

/** Quotes a value for bash so that it is always one literal word. */
export function shellQuote(value: string): string {
  if (value !== "" && /^[A-Za-z0-9_./:=@%+,-]+$/.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The characters a shown command line writes as escapes: control characters (C1 ones too), the line and paragraph
 * separators, and those that reorder or hide text (util/hidden-chars.ts). The reports show each of them otherwise
 * (a line break as ⏎, `\x1B` as text, a colour code dropped), so a word holding one, pasted back, was another word.
 */
const SHOWN_ESCAPED = new RegExp(String.raw`[\x00-\x1F\x7F-\x9F\u2028\u2029${HIDDEN_CHARS}]`);
const SHOWN_ESCAPED_EACH = new RegExp(String.raw`[\\'\x00-\x1F\x7F-\x9F\u2028\u2029${HIDDEN_CHARS}]`, "g");
const ANSI_C_SHORT: Record<string, string> = { "\\": "\\\\", "'": "\\'", "\n": "\\n", "\t": "\\t", "\r": "\\r" };

/**
 * Quotes a value for bash as one word that shows every character (a command line a report names, for pasting back):
 * one holding a control or hidden character is written in bash's `$'…'` quoting, `\n`, `\t`, `\r`, `\\`, `\'`, other
 * control bytes as `\xHH` (an escape as `\x1B`), C1 controls and hidden characters as `\uHHHH` (which bash reads in
 * a UTF-8 locale); any other is quoted as shellQuote does. Not for a script's text: shellQuote is.
 */
export function shellQuoteShown(value: string): string {
  if (!SHOWN_ESCAPED.test(value)) return shellQuote(value);
  return `$'${value.replace(SHOWN_ESCAPED_EACH, (c) => {
    const code = c.charCodeAt(0);
    return ANSI_C_SHORT[c] ?? (code < 0x80 ? `\\x${code.toString(16).toUpperCase().padStart(2, "0")}` : `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`);
  })}'`;
}

export type Lookup = (name: string) => string | undefined;

/**
 * Replaces references using lookup. Unknown names without a default are left as written
 * (the loader reports them; at run time, a capture never made fails the attempt first: engine/attempt.ts).
 */
export function interpolate(text: string, lookup: Lookup): string {
  if (!text.includes("${")) return text;
  return text.replace(REF, (whole, name: string | undefined, def: string | undefined) => {
    if (whole === "$${") return "${";
    const value = refValue(lookup, name!, def);
    if (value === undefined) return whole;
    return value;
  });
}

/**
 * The values of the run (captures), which a JSONPath or a query takes outside quotes only as one literal
 * (CapturedSpliceError): given by the engine when it fills in a step's input; the loader and the plan, which know the
 * author's values only, give none.
 */
export interface RunValues {
  /** Where the value `name` has now came from when the run captured it (`captured by step "get id"`); undefined for a value of the author's own (--var, --env-file, the environment, vars:, a built-in). */
  origin(name: string): string | undefined;
  /** A value as the reports show it (its secrets masked). */
  shown(value: string): string;
}

/** One literal of a JSONPath: a JSON number, true, false, null. */
const JSONPATH_LITERAL = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)$/;
/** One literal of a LogQL or PromQL query: a number or a duration (5m, 1h30m). */
const QUERY_LITERAL = /^(?:-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|(?:[0-9]+(?:ms|us|µs|ns|s|m|h|d|w|y))+)$/;

/** How a kind of text takes a captured value outside quotes: whether `value`, after `before` (the character written before its reference), is one literal there. */
interface OutsideQuotes {
  what: string;
  literal(value: string, before: string | undefined): boolean;
  /** What the value may be, as the error says it. */
  may: string;
  /** What it would be read as. */
  syntax: string;
  quote: string;
}

const JSONPATH_OUTSIDE: OutsideQuotes = {
  what: "JSONPath",
  // A plain member name only where a name stands (`$.${FIELD}`, `@.${F}`): elsewhere it is no literal of a filter.
  literal: (value, before) => JSONPATH_LITERAL.test(value) || (before === "." && VAR_NAME.test(value)),
  may: 'number, true, false, null or name after a "."',
  syntax: "path syntax, and could change what the path selects",
  quote: "'",
};

const QUERY_OUTSIDE: OutsideQuotes = {
  what: "query",
  literal: (value) => QUERY_LITERAL.test(value) || VAR_NAME.test(value),
  may: "number, duration (5m, 1h30m) or name",
  syntax: "query text, and could change what the query selects",
  quote: '"',
};

function capturedSpliceMessage(name: string, origin: string, text: string, value: string, how: OutsideQuotes, run: RunValues): string {
  const shown = JSON.stringify(clipCounted(run.shown(value), 200));
  return `\${${name}} (${origin}) stands outside quotes in the ${how.what} ${JSON.stringify(text)}, and its value ${shown} is not one ${how.may}: a value from the run would be read as ${how.syntax}; quote it (${how.quote}\${${name}}${how.quote}) to take it as text`;
}

/**
 * Interpolates a JSONPath: a reference inside a quoted name or text (`$['${K}']`, `[?(@.id == '${ID}')]`) gives that
 * text whatever the value holds (its quote, backslashes and control characters escaped as RFC 9535 writes them), so a
 * value holding a quote cannot end the text and write path or filter syntax of its own (`x' || @.id != 'x` matched every
 * item); anywhere else the value is spliced into the path and read as path syntax (`$.items[${I}]`). A value `run` says
 * the run captured must be one literal there (a number, true, false, null, a name after a "."): CapturedSpliceError.
 */
export function interpolateJsonPath(text: string, lookup: Lookup, run?: RunValues): string {
  return interpolateInQuotes(text, lookup, `'"`, "", (value, quote) => (quote === undefined ? value : quotedText(value, quote)), run && { run, how: JSONPATH_OUTSIDE });
}

/**
 * The comment of a LogQL or PromQL query that starts at `i` (outside a string), or undefined: `#` to the end of the line
 * (both), and Go's `// …` and `/* … *\/`, which Loki's lexer skips too (to PromQL they are no query: it is refused).
 */
function queryCommentAt(text: string, i: number): QueryComment | undefined {
  const c = text[i];
  if (c === "#") return "line";
  if (c !== "/") return undefined;
  if (text[i + 1] === "/") return "line";
  return text[i + 1] === "*" ? "block" : undefined;
}

/** A query's comment: to the end of its line (`#`, `//`), or to its `*\/`. */
type QueryComment = "line" | "block";

/** The offset just past the comment of `kind` that starts at `i` (its line's end, not the line break, or past its `*\/`). */
function queryCommentEnd(text: string, i: number, kind: QueryComment): number {
  if (kind === "line") {
    const eol = text.indexOf("\n", i);
    return eol === -1 ? text.length : eol;
  }
  const end = text.indexOf("*/", i + 2);
  return end === -1 ? text.length : end + 2;
}

/**
 * Fills in the references of text, each value through `place` with the quote it stands in (undefined outside quotes).
 * The quotes are those the text itself writes (`quotes`: the characters that open one); a value never opens or closes
 * one. Inside a quote not in `raw` a backslash escapes the next character. With `comments` (a query), a comment outside
 * quotes (queryCommentAt) opens no quote: a value in it is placed as outside quotes. With `captured`, a value the run
 * captured that stands outside quotes and is not one literal there is thrown (CapturedSpliceError), and one in a comment
 * that would end the comment; a default is the author's.
 */
function interpolateInQuotes(text: string, lookup: Lookup, quotes: string, raw: string, place: (value: string, quote: string | undefined, name: string, byDefault: boolean) => string, captured?: { run: RunValues; how: OutsideQuotes }, spans?: Placed[], comments = false): string {
  if (!text.includes("${")) return text;
  let out = "";
  let quote: string | undefined;
  let quoteAt = -1;
  let quoteOut = -1;
  let comment: QueryComment | undefined;
  let scanned = 0;
  for (const m of text.matchAll(REF)) {
    for (let i = scanned; i < m.index; i++) {
      const c = text[i]!;
      if (comment === "line") {
        if (c === "\n") comment = undefined;
      } else if (comment === "block") {
        if (c === "*" && text[i + 1] === "/") {
          comment = undefined;
          i++;
        }
      } else if (quote !== undefined && !raw.includes(quote) && c === "\\") i++;
      else if (quote !== undefined && c === quote) quote = undefined;
      else if (quote === undefined && comments && queryCommentAt(text, i) !== undefined) {
        comment = queryCommentAt(text, i);
        // Past the `//` or `/*` (`/*/` ends nothing).
        if (c === "/") i++;
      } else if (quote === undefined && quotes.includes(c)) {
        quote = c;
        quoteAt = i;
        quoteOut = out.length + i - scanned;
      }
    }
    out += text.slice(scanned, m.index);
    scanned = m.index + m[0].length;
    if (m[0] === "$${") {
      out += "${";
      continue;
    }
    const name = m[1]!;
    const found = lookup(name);
    // A default is the author's own (not the run's).
    const byDefault = takesDefault(found, m[2]);
    const value = byDefault ? m[2] : found;
    if (value === undefined) {
      out += m[0];
      continue;
    }
    const origin = captured && !byDefault ? captured.run.origin(name) : undefined;
    if (origin !== undefined && comment !== undefined) {
      const ends = commentEndIn(value, comment, out.at(-1) ?? "", text[scanned] ?? "");
      if (ends) throw new CapturedSpliceError(`\${${name}} (${origin}) stands in a comment of the query ${JSON.stringify(text)}, and its value ${JSON.stringify(clipCounted(captured!.run.shown(value), 200))} ${ends}, which would end the comment: a value from the run would be read as query text, and could change what the query selects`);
    } else if (origin !== undefined && quote === undefined && !captured!.how.literal(value, text[m.index - 1])) {
      throw new CapturedSpliceError(capturedSpliceMessage(name, origin, text, value, captured!.how, captured!.run));
    }
    const placed = place(value, quote, name, byDefault);
    spans?.push({ name, value, byDefault, quoteAt: quote === undefined ? undefined : quoteAt, quoteOut, at: out.length, end: out.length + placed.length });
    out += placed;
  }
  return out + text.slice(scanned);
}

/**
 * How a value would end the comment it stands in (`before` and `after`: the characters beside it), or undefined: a line
 * break ends a `#` or `//` one (PromQL's lexer ends one at a carriage return too), a `*\/` a block.
 */
function commentEndIn(value: string, comment: QueryComment, before: string, after: string): string | undefined {
  if (comment === "line") return /[\r\n]/.test(value) ? "holds a line break" : undefined;
  if (value.includes("*/")) return 'holds "*/"';
  return `${before}${value}${after}`.includes("*/") ? 'makes "*/" with the text beside it' : undefined;
}

/**
 * Where interpolateInQuotes put a value: its reference's name, the value, whether it is the default, the offsets of the
 * quote it stands in (in the text, undefined outside quotes, and in the result), and its span in the result.
 */
interface Placed {
  name: string;
  value: string;
  byDefault: boolean;
  quoteAt: number | undefined;
  quoteOut: number;
  at: number;
  end: number;
}

/** RFC 9535's short escapes inside a JSONPath's quoted text. */
const SHORT_ESCAPES: Record<string, string> = { "\\": "\\\\", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A value as the inside of a JSONPath text quoted with `quote` (RFC 9535's escapes). */
function quotedText(value: string, quote: string): string {
  let out = "";
  for (const c of value) {
    if (c === quote) out += `\\${c}`;
    else if (SHORT_ESCAPES[c] !== undefined) out += SHORT_ESCAPES[c];
    else if (c < " ") out += `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
    else out += c;
  }
  return out;
}

/** Where a step's input holds JSONPaths: the keys of the mappings at `keysAt`, the strings at `valuesAt` that start with `$` (`*`: any key). */
export interface JsonPathFields {
  keysAt: readonly (readonly string[])[];
  valuesAt: readonly (readonly string[])[];
}

const atPath = (paths: readonly (readonly string[])[], at: Path) => paths.some((p) => p.length === at.length && p.every((k, i) => k === "*" || k === String(at[i])));

/** The keys and list indices from a step's input down to a value. */
type Path = readonly (string | number)[];

/**
 * Two keys of the mapping at `at` (keys as written: `first`, then `second`) that both become `key`. Given to
 * interpolateInput, it is told of each such pair; without it, the first one met is thrown (KeyCollisionError).
 */
export type OnKeyCollision = (at: Path, first: string, second: string, key: string) => void;

const throwCollision: OnKeyCollision = (_at, first, second, key) => {
  throw new KeyCollisionError(first, second, key);
};

/**
 * Every string inside a JSON-like value (mapping keys included) with each reference to one of `names` written `${NAME}`,
 * its default dropped: for names whose value comes only at run time (a capture), which the default would not be.
 */
export function withoutDefaults(value: unknown, names: ReadonlySet<string>): unknown {
  if (names.size === 0) return value;
  if (typeof value === "string") return value.includes("${") ? value.replace(REF, (whole, name: string | undefined) => (name !== undefined && names.has(name) ? `\${${name}}` : whole)) : value;
  if (Array.isArray(value)) return value.map((v) => withoutDefaults(v, names));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [withoutDefaults(k, names) as string, withoutDefaults(v, names)]));
  }
  return value;
}

/**
 * Interpolates every string inside a JSON-like value, mapping keys included, except top-level fields listed in skip;
 * the JSONPaths at `jsonPaths` through interpolateJsonPath.
 */
export function interpolateDeep(value: unknown, lookup: Lookup, skip: readonly string[] = [], jsonPaths?: JsonPathFields): unknown {
  return interpolateAt(value, lookup, skip, jsonPaths, [], undefined, undefined);
}

/**
 * A step's input with its variables filled in as its kind asks: its raw fields left as written, its JSONPaths through
 * interpolateJsonPath, its queries through interpolateQuery, its globs through interpolateGlob, its URLs through
 * interpolateUrl. Two keys of a mapping that become one are thrown (KeyCollisionError), or each pair told to
 * `onCollision` (the loader, to say where). `run`: the values the run captured, which its JSONPaths and queries take
 * outside quotes only as one literal, its globs only as names and its URLs only within one part (RunValues).
 */
export function interpolateInput(impl: { rawFields?: readonly string[]; jsonPathFields?: JsonPathFields; queryFields?: readonly string[]; globFields?: readonly string[]; urlFields?: readonly string[] }, input: unknown, lookup: Lookup, onCollision?: OnKeyCollision, run?: RunValues): unknown {
  const queries = impl.queryFields ?? [];
  const globs = impl.globFields ?? [];
  const urls = impl.urlFields ?? [];
  const out = interpolateAt(input, lookup, [...(impl.rawFields ?? []), ...queries, ...globs, ...urls], impl.jsonPathFields, [], onCollision, run);
  if ((queries.length > 0 || globs.length > 0 || urls.length > 0) && typeof out === "object" && out !== null && !Array.isArray(out)) {
    const fields = out as Record<string, unknown>;
    for (const k of urls) if (typeof fields[k] === "string") fields[k] = interpolateUrl(fields[k] as string, lookup, run);
    for (const k of queries) if (typeof fields[k] === "string") fields[k] = interpolateQuery(fields[k] as string, lookup, run);
    for (const k of globs) if (Object.hasOwn(fields, k)) fields[k] = globsIn(fields[k], lookup, [k], onCollision, run);
  }
  return out;
}

/** A part of a URL as the errors name it. */
const URL_PART_SAID: Record<UrlPartName, string> = { scheme: "scheme", user: "user name", password: "password", host: "host", port: "port", path: "path, query or fragment", delimiter: "" };

/**
 * A URL (the `url` of an http, logql or promql step) with its variables filled in, each value as written. A value `run`
 * says the run captured fills the one part of the URL it stands in (its scheme, user name, password, host or port, or
 * the path, query and fragment after them) and leaves the parts of what the scenario wrote around it as they were; or,
 * standing at the start of a URL the scenario gives no scheme of its own, it is the URL's start (`url: "${NEXT}"`, a
 * Location an answer gave). Else the step fails (CapturedSpliceError): `http://127.0.0.1:${PORT}/port` with a PORT of
 * `18081@127.0.0.2:18081` sent the request to 127.0.0.2, with 127.0.0.1 and 18081 as its Basic auth. Where a value
 * stands, and what the scenario wrote is, is read from the URL with the placeholder `a` for each captured value.
 */
export function interpolateUrl(text: string, lookup: Lookup, run?: RunValues): string {
  // Nothing to fill in (a URL written out, as most are): the text as it is, without reading it for spans.
  if (!text.includes("${")) return text;
  if (!run) return interpolate(text, lookup);
  const { out, spans } = placedWith(text, lookup, new Set());
  const captured = spans.map((s) => !s.byDefault && s.end > s.at && run.origin(s.name) !== undefined);
  if (!captured.includes(true)) return out;
  // What no parser reads, or no http URL, the step's own checks refuse.
  const url = URL.parse(out);
  if (url === null || (url.protocol !== "http:" && url.protocol !== "https:")) return out;
  const names = new Set(spans.filter((_, i) => captured[i]).map((s) => s.name));
  const held = placedWith(text, lookup, names);
  const parts = urlPartsOf(out);
  const heldParts = urlPartsOf(held.out);
  const originStart = parts.findIndex((p) => p !== "path");
  let blamed = spans.findIndex((span, i) => {
    if (!captured[i]) return false;
    // The start of a URL whose scheme the scenario does not write (`${NEXT}`, `${ORIGIN}/api`).
    if (heldParts[held.spans[i]!.at] === "path" && span.at <= originStart) return false;
    const touched = new Set(parts.slice(span.at, span.end));
    if (touched.size <= 1 && !touched.has("delimiter")) return false;
    return !isHostAndPort(text, lookup, span, i, parts);
  });
  if (blamed === -1) {
    // What the scenario wrote keeps its parts: a character of it that moved to another is blamed on the value before it.
    let [at, heldAt] = [0, 0];
    for (let i = 0; i <= spans.length && blamed === -1; i++) {
      if (i < spans.length && !captured[i]) continue;
      const [to, heldTo] = i < spans.length ? [spans[i]!.at, held.spans[i]!.at] : [out.length, held.out.length];
      for (let k = 0; k < to - at; k++) {
        if (parts[at + k] === heldParts[heldAt + k]) continue;
        // (Before the first value there is none: lastIndexOf with -1 would search the whole list.)
        blamed = i > 0 ? captured.lastIndexOf(true, i - 1) : -1;
        if (blamed === -1) blamed = captured.indexOf(true);
        break;
      }
      if (i < spans.length) [at, heldAt] = [spans[i]!.end, held.spans[i]!.end];
    }
  }
  if (blamed === -1) return out;
  const span = spans[blamed]!;
  // Where it stands: the placeholder in its place alone, the other values as they are.
  const alone = placedWith(text, lookup, new Set([span.name]));
  const standsIn = urlPartsOf(alone.out)[alone.spans[blamed]!.at] ?? "delimiter";
  const stands = URL_PART_SAID[standsIn];
  // A url's user name and password are secrets (engine/secrets.ts's attemptCredentials masks the value the scenario
  // puts there once this is thrown): a value standing in one is not shown, and what another writes of them is shown as ***.
  const credential = parts.map((p, k) => (k >= span.at && k < span.end && (p === "user" || p === "password") ? k - span.at : -1)).filter((k) => k !== -1);
  // A value holding a secret besides (run.shown masks it) is masked whole: the secret could reach into what is kept.
  const written = credential.length === 0 ? span.value : run.shown(span.value) !== span.value ? "***" : `${span.value.slice(0, credential[0])}***${span.value.slice(credential.at(-1)! + 1)}`;
  const shown = standsIn === "user" || standsIn === "password" ? "(not shown: it stands in a user name or password, which are secrets)" : JSON.stringify(clipCounted(run.shown(written), 200));
  throw new CapturedSpliceError(
    `\${${span.name}} (${run.origin(span.name)}) stands in the ${stands ? `${stands} of the url` : "url"} ${JSON.stringify(text)}, and its value ${shown} reaches past it: the url's scheme, user name, password, host or port would no longer be what the scenario wrote, and a value from the run would choose where the request goes; a captured value may fill one of those parts (or, where the scenario writes the whole host and no port, be a host and its port), stand after them (in the path, query or fragment), or start a url whose scheme the scenario does not write (\${NEXT}, \${ORIGIN}/api)`,
  );
}

/**
 * Whether the value placed at `span` (the `i`th reference of text; `parts`: the parts of the URL filled in) is a host
 * and its port (`127.0.0.2:18082`, `[::1]:9`, a host alone) standing where the scenario writes the whole host and no
 * port (`http://${ADDR}/x`, `http://bob@${ADDR}/x`): it writes no user name, password or path, and the scenario named
 * no other host or port for it to change.
 */
function isHostAndPort(text: string, lookup: Lookup, span: Placed, i: number, parts: readonly UrlPartName[]): boolean {
  // Its host, then maybe the `:` before its port and the port: no `@`, no `/`.
  const letters = parts.slice(span.at, span.end).map((p) => (p === "host" ? "h" : p === "port" ? "p" : p === "delimiter" ? ":" : "x"));
  if (!/^h+(?::p*)?$/.test(letters.join(""))) return false;
  const alone = placedWith(text, lookup, new Set([span.name]));
  const aloneParts = urlPartsOf(alone.out);
  const at = alone.spans[i]!;
  if (aloneParts.includes("port")) return false;
  return aloneParts.every((p, k) => (p === "host") === (k >= at.at && k < at.end));
}

/** A text filled in with the placeholder `a` for each of `names`, and where its values stand. */
function placedWith(text: string, lookup: Lookup, names: ReadonlySet<string>): { out: string; spans: Placed[] } {
  const spans: Placed[] = [];
  const out = interpolateInQuotes(text, (name) => (names.has(name) ? "a" : lookup(name)), "", "", (value) => value, undefined, spans);
  return { out, spans };
}

/** A glob field: a pattern, a list of patterns, or a mapping whose keys are patterns (a logql step's `files`). */
function globsIn(value: unknown, lookup: Lookup, at: Path, onCollision: OnKeyCollision | undefined, run: RunValues | undefined): unknown {
  if (typeof value === "string") return interpolateGlob(value, lookup, run);
  if (Array.isArray(value)) return value.map((v, i) => (typeof v === "string" ? interpolateGlob(v, lookup, run) : interpolateAt(v, lookup, [], undefined, onCollision ? [...at, i] : at, onCollision, undefined)));
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  const written = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) {
    const key = interpolateGlob(k, lookup, run);
    if (key === "__proto__") throw new ProtoKeyError(k);
    if (!isNewKey(written, k, key, at, onCollision)) continue;
    out[key] = interpolateAt(v, lookup, [], undefined, onCollision ? [...at, k] : at, onCollision, undefined);
  }
  return out;
}

/**
 * Records that `written` becomes `key` in a mapping; false (after telling onCollision, or throwing without it) when an
 * earlier key of the mapping became it too: `{"$.a": 2, "${P}": 1}` with P `$.a` kept one check and dropped the other,
 * and the step passed on what the dropped one would have failed.
 */
function isNewKey(seen: Map<string, string>, written: string, key: string, at: Path, onCollision: OnKeyCollision | undefined): boolean {
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, written);
    return true;
  }
  (onCollision ?? throwCollision)(at, first, written, key);
  return false;
}

/** What a glob reads as syntax: `*`, `?`, `[…]`, `{a,b}` (a `,` ends an alternative), a leading `!`, and the backslash that escapes them. */
const GLOB_SYNTAX = /[*?[\]{}!\\,]/g;

/** A name as a glob matches it: its glob syntax escaped with `\` (`app[1]` is `app\[1\]`, matching that name alone). */
export function escapeGlob(name: string): string {
  return name.replace(GLOB_SYNTAX, "\\$&");
}

/**
 * A glob with its variables filled in. A value that is part of the pattern (`logs/${ID}.log`) is a name, its glob
 * syntax escaped: an ID of `req-[0-9]` matched req-1.log, and one of `*` every file, so a `count: 1` or a `contains`
 * passed on files the step never meant. A reference that is the whole pattern (`glob: "${LOG_GLOB}"`) gives the pattern.
 */
export function interpolateGlob(text: string, lookup: Lookup, run?: RunValues): string {
  if (!text.includes("${")) return text;
  if (/^\$\{[^}]*\}$/.test(text)) return interpolate(text, lookup);
  return interpolateInQuotes(text, lookup, "", "", (value, _quote, name, byDefault) => {
    const origin = run && !byDefault ? run.origin(name) : undefined;
    if (origin !== undefined && (/[/\\]/.test(value) || value === "." || value === "..")) {
      const what = value === "." || value === ".." ? 'is "." or ".."' : `holds ${JSON.stringify(value.includes("/") ? "/" : "\\")}`;
      throw new CapturedSpliceError(`\${${name}} (${origin}) is part of the glob ${JSON.stringify(text)}, and its value ${JSON.stringify(clipCounted(run!.shown(value), 200))} ${what}: a value from the run is one name there, and a "/" or "\\\\" in it, or a value "." or "..", would name files in other folders than meant`);
    }
    return escapeGlob(value);
  });
}

/**
 * A LogQL or PromQL query with its variables filled in: inside a quoted string (`"…"`, `'…'`) a value is escaped as
 * text, so a quote in it cannot end the string and rewrite the query (`|= "${REQ}"` with REQ `a" or "b` stays one
 * filter), and a backslash is itself; inside backticks, where nothing can be escaped, a value holding a backtick is an
 * error. Outside quotes a value is query text (`[${RANGE}]`, a whole `${QUERY}`); a value `run` says the run captured
 * must be one literal there (a number, a duration, a name): CapturedSpliceError.
 */
export function interpolateQuery(text: string, lookup: Lookup, run?: RunValues): string {
  const spans: Placed[] = [];
  const out = interpolateInQuotes(text, lookup, "'\"`", "`", (value, quote, name) => {
    if (quote === undefined) return value;
    if (quote !== "`") return goQuoted(value, quote);
    if (value.includes("`")) throw new InterpolationError(`\${${name}} is inside a backquoted string of the query, and its value holds a backquote, which would end it: write the string in double quotes ("…"), where the value is escaped`);
    return value;
  }, run && { run, how: QUERY_OUTSIDE }, run && spans, true);
  if (run) for (const span of spans) checkInTemplate(text, out, span, run);
  return out;
}

/** The offset of the quote that closes the string opened at `open` (a backslash escapes inside `"…"` and `'…'`, not inside backquotes). */
function closingQuote(text: string, open: number): number {
  const quote = text[open]!;
  let i = open + 1;
  for (; i < text.length && text[i] !== quote; i++) if (quote !== "`" && text[i] === "\\") i++;
  return Math.min(i, text.length);
}

type TemplateKind = "line_format" | "label_format";

/**
 * The strings of a LogQL query that are Go templates, by the offset of their opening quote: the one after
 * `line_format`, and each `name="…"` of a `label_format` (up to the next `|`).
 */
function templateStrings(text: string): Map<number, TemplateKind> {
  const found = new Map<number, TemplateKind>();
  let clause: string | undefined;
  // The last word outside quotes with nothing but spaces after it, and the last character outside quotes but a space.
  let word = "";
  let last = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\w/.test(c)) {
      word = i > 0 && /\w/.test(text[i - 1]!) ? word + c : c;
      last = c;
      continue;
    }
    if (word === "line_format" || word === "label_format") clause = word;
    if (/\s/.test(c)) continue;
    // A comment is a space between words (`line_format # …` and the template on the next line).
    const comment = queryCommentAt(text, i);
    if (comment !== undefined) {
      i = queryCommentEnd(text, i, comment) - 1;
      continue;
    }
    if (c === '"' || c === "'" || c === "`") {
      if (word === "line_format") found.set(i, "line_format");
      else if (clause === "label_format" && last === "=") found.set(i, "label_format");
      i = closingQuote(text, i);
    } else if (c === "|") clause = undefined;
    word = "";
    last = c;
  }
  return found;
}

/**
 * A value the run captured inside a `line_format` or `label_format` template (`line_format "note=${V}"`) is text there,
 * or the step fails (CapturedSpliceError): a `{{`/`}}` it holds or makes with the text beside it, or any value but one
 * name or number inside an action (`{{ .${F} }}`), is template code, run by the embedded engine as by Loki (a `V` of
 * `{{ if true }}ERROR{{ end }}` wrote ERROR into every line).
 */
function checkInTemplate(text: string, out: string, span: Placed, run: RunValues): void {
  if (span.quoteAt === undefined || span.byDefault) return;
  const origin = run.origin(span.name);
  if (origin === undefined) return;
  const kind = templateStrings(text).get(span.quoteAt);
  if (kind === undefined) return;
  const open = span.quoteOut + 1;
  const body = out.slice(open, closingQuote(out, span.quoteOut));
  const [from, to] = [span.at - open, span.end - open];
  // Go's template lexer: outside an action only `{{` starts one; inside it, `}}` ends it.
  let inAction = false;
  for (let k = 0; k < from; ) {
    const two = body.slice(k, k + 2);
    if (two === (inAction ? "}}" : "{{")) {
      inAction = !inAction;
      k += 2;
    } else k++;
  }
  let delimiter = false;
  for (let k = Math.max(0, from - 1); k < to && !delimiter; k++) delimiter = body.startsWith("{{", k) || body.startsWith("}}", k);
  const where = `\${${span.name}} (${origin}) stands`;
  const template = `the ${kind} template ${JSON.stringify(text.slice(span.quoteAt + 1, closingQuote(text, span.quoteAt)))}`;
  const shown = JSON.stringify(clipCounted(run.shown(span.value), 200));
  const why = "a value from the run would be read as template code, and could change the lines the query gives";
  if (delimiter) {
    const holds = /\{\{|\}\}/.test(span.value) ? 'holds "{{" or "}}"' : 'makes "{{" or "}}" with the template\'s text beside it';
    throw new CapturedSpliceError(`${where} in ${template}, and its value ${shown} ${holds}: ${why}`);
  }
  if (inAction && !VAR_NAME.test(span.value) && !/^-?[0-9]+(?:\.[0-9]+)?$/.test(span.value)) {
    throw new CapturedSpliceError(`${where} inside an action {{ … }} of ${template}, and its value ${shown} is not one name or number: ${why}`);
  }
}

/** A value as the inside of a Go string quoted with `quote` (what LogQL and PromQL strings are). */
function goQuoted(value: string, quote: string): string {
  let out = "";
  for (const c of value) {
    if (c === quote || c === "\\") out += `\\${c}`;
    else if (SHORT_ESCAPES[c] !== undefined) out += SHORT_ESCAPES[c];
    else if (c < " " || c === "\x7f") out += `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
    else out += c;
  }
  return out;
}

/** A value that cannot be filled in where its reference stands (its message says why); the attempt fails with it. */
export class InterpolationError extends Error {}

/**
 * A value the run captured (a server's answer, a command's output) that stands outside quotes in a JSONPath or a query
 * and is not one literal there: `$.items[?(@.id == ${ID})]` with an ID of `-1 || @.status == "ok"` kept the items that
 * are ok, and a check on them passed. The step fails with it, and is not tried again (the value stays).
 */
export class CapturedSpliceError extends InterpolationError {}

/** Why a key whose variables make it `__proto__` cannot be used (as a key written so is refused at load). */
export function protoKeyMessage(key: string): string {
  return `the key ${JSON.stringify(key)} becomes "__proto__", which cannot be used: JavaScript reads it as an object's prototype, and its value would be dropped without a word`;
}

/** Thrown by interpolateInput and interpolateDeep for a key whose variables make it `__proto__` (protoKeyMessage). */
export class ProtoKeyError extends InterpolationError {
  constructor(key: string) {
    super(protoKeyMessage(key));
  }
}

/** Why two keys of one mapping that become the same key cannot both be used (as YAML refuses a key written twice). */
export function keyCollisionMessage(first: string, second: string, key: string): string {
  return `the keys ${JSON.stringify(first)} and ${JSON.stringify(second)} both become ${JSON.stringify(key)} once their variables are filled in: a mapping holds a key once, and the value of one would be dropped without a word`;
}

/** Thrown by interpolateInput and interpolateDeep for two keys of a mapping that become one (keyCollisionMessage). */
export class KeyCollisionError extends InterpolationError {
  constructor(first: string, second: string, key: string) {
    super(keyCollisionMessage(first, second, key));
  }
}

/**
 * interpolateDeep at `at`, the keys and indices down to value (followed only when there are JSONPath fields to find or
 * collisions to place).
 */
function interpolateAt(value: unknown, lookup: Lookup, skip: readonly string[], jsonPaths: JsonPathFields | undefined, at: Path, onCollision: OnKeyCollision | undefined, run: RunValues | undefined): unknown {
  if (typeof value === "string") return jsonPaths && value.startsWith("$") && atPath(jsonPaths.valuesAt, at) ? interpolateJsonPath(value, lookup, run) : interpolate(value, lookup);
  const follow = jsonPaths !== undefined || onCollision !== undefined;
  if (Array.isArray(value)) return value.map((v, i) => interpolateAt(v, lookup, [], jsonPaths, follow ? [...at, i] : at, onCollision, run));
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    const written = new Map<string, string>();
    const keysArePaths = jsonPaths !== undefined && atPath(jsonPaths.keysAt, at);
    for (const [k, v] of Object.entries(value)) {
      if (skip.includes(k)) {
        if (isNewKey(written, k, k, at, onCollision)) out[k] = v;
        continue;
      }
      const key = keysArePaths && k.startsWith("$") ? interpolateJsonPath(k, lookup, run) : interpolate(k, lookup);
      // Known before the run, such a key is refused at load (lib/loader/variables.ts); a captured value makes it here.
      if (key === "__proto__") throw new ProtoKeyError(k);
      // So is a key another one becomes too, when the values that make it are known then.
      if (!isNewKey(written, k, key, at, onCollision)) continue;
      out[key] = interpolateAt(v, lookup, [], jsonPaths, follow ? [...at, k] : at, onCollision, run);
    }
    return out;
  }
  return value;
}

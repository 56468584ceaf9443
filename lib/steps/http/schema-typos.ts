// Keywords of an inline JSON Schema that would check nothing (a misspelt one: JSON Schema ignores a keyword it does not
// know, so `requried: [id]` passes; one the schema's draft does not have; one beside $ref in draft-07), keyword values no
// JSON Schema takes (`type: objec`) and numbers no JSON body holds (1e401): each at its place in the schema, for the load.
import { didYouMean } from "../../util/did-you-mean.ts";
import { unicodeSource } from "../../expect/regex.ts";
import { HTTP_CHECKS } from "./json-body.ts";

/** Keywords of drafts 7, 2019-09 and 2020-12, with the common annotations and OpenAPI's extras (never a typo of their own). */
const KEYWORDS = [
  "$schema", "$id", "$ref", "$defs", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "$recursiveAnchor", "$vocabulary", "$comment",
  "definitions", "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
  "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
  "maxProperties", "minProperties", "required", "dependentRequired", "dependencies", "properties", "patternProperties",
  "additionalProperties", "propertyNames", "unevaluatedProperties", "dependentSchemas", "items", "prefixItems", "additionalItems",
  "contains", "unevaluatedItems", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "format",
  "contentEncoding", "contentMediaType", "contentSchema", "title", "description", "default", "examples", "example",
  "deprecated", "readOnly", "writeOnly", "nullable", "discriminator", "xml", "externalDocs",
];
const KNOWN: ReadonlySet<string> = new Set(KEYWORDS);

/** Keywords whose value is a schema, an array of schemas, or a mapping of names to schemas. */
const ONE = new Set(["additionalProperties", "propertyNames", "unevaluatedProperties", "contains", "unevaluatedItems", "additionalItems", "not", "if", "then", "else", "contentSchema", "items"]);
const MANY = new Set(["allOf", "anyOf", "oneOf", "prefixItems", "items"]);
const NAMED = new Set(["properties", "patternProperties", "$defs", "definitions", "dependentSchemas", "dependencies"]);

/** The drafts `$schema` may name (draft-06 is checked as draft-07, less what draft-07 added), 2020-12 by default. */
export type Draft = "draft6" | "draft7" | "2019" | "2020";
const DRAFT_NAMES: Record<Draft, string> = { draft6: "draft-06", draft7: "draft-07", "2019": "2019-09", "2020": "2020-12" };

/** The draft a schema's `$schema` names (2020-12 without one), or an error for one no validator here follows. */
export function draftOf(schema: unknown): Draft | { error: string } {
  const id = isObject(schema) ? schema.$schema : undefined;
  if (id === undefined) return "2020";
  if (typeof id === "string") {
    if (/draft-06/.test(id)) return "draft6";
    if (/draft-07/.test(id)) return "draft7";
    if (/2019-09/.test(id)) return "2019";
    if (/2020-12/.test(id)) return "2020";
  }
  return { error: `unsupported $schema ${JSON.stringify(id)}: use draft-07 (or 06), 2019-09 or 2020-12 (the default)` };
}

/**
 * Keywords only some drafts have, with those drafts: a schema under another draft ignores them (ajv's draft-07 passed
 * `unevaluatedProperties: false` on any object), or ajv applies what its draft does not say (`$dynamicRef` under 2019-09).
 */
const DRAFT_KEYWORDS: Record<string, { in: readonly Draft[]; words: string; instead: string }> = {};
for (const [keys, drafts, words, instead] of [
  [["unevaluatedProperties", "unevaluatedItems", "dependentRequired", "dependentSchemas", "minContains", "maxContains", "$anchor"], ["2019", "2020"], "2019-09 and 2020-12", "name 2020-12 in $schema (or leave $schema out)"],
  [["prefixItems", "$dynamicRef", "$dynamicAnchor"], ["2020"], "2020-12", "name 2020-12 in $schema (or leave $schema out)"],
  [["$recursiveRef", "$recursiveAnchor"], ["2019"], "2019-09", "name 2019-09 in $schema, or write $dynamicRef and $dynamicAnchor (2020-12's)"],
  [["if", "then", "else"], ["draft7", "2019", "2020"], "draft-07 and later", "name draft-07 in $schema"],
] as const) for (const key of keys) DRAFT_KEYWORDS[key] = { in: drafts, words, instead };

/** Why a keyword is one the schema's draft does not have (it would check nothing), or undefined. */
function draftIssue(key: string, draft: Draft, named: boolean): string | undefined {
  const only = DRAFT_KEYWORDS[key];
  if (!only || only.in.includes(draft)) return undefined;
  return `${key} is a keyword of JSON Schema ${only.words}: ${DRAFT_NAMES[draft]} (${named ? "named in $schema" : "the default"}) ignores it, so it would check nothing; ${only.instead}`;
}

const sorted = (w: string) => [...w.toLowerCase()].sort().join("");

/** A keyword with the same letters in another order (`tpye`): Levenshtein counts a swap as two edits. */
function swapped(key: string): string {
  const k = sorted(key);
  const hit = KEYWORDS.find((w) => w.length === key.length && sorted(w) === k);
  return hit ? ` (did you mean "${hit}"?)` : "";
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const TYPES = ["null", "boolean", "object", "array", "number", "string", "integer"];
const COUNTS = new Set(["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "minContains", "maxContains"]);
const NUMBERS = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]);
const isSchema = (v: unknown) => isObject(v) || typeof v === "boolean";

/** What a core keyword's value must be, when it is not: ajv refuses the whole schema (at run time, after the request). */
function valueIssue(key: string, v: unknown): string | undefined {
  const got = `got ${JSON.stringify(v)}`;
  if (key === "type") {
    const names = Array.isArray(v) ? v : [v];
    const bad = names.find((t) => typeof t !== "string" || !TYPES.includes(t));
    if (names.length === 0) return `type takes one of ${TYPES.join(", ")}, or a list of them; ${got}`;
    if (bad !== undefined) return `type takes one of ${TYPES.join(", ")}, or a list of them; ${JSON.stringify(bad)} is none${typeof bad === "string" ? didYouMean(bad, TYPES) : ""}`;
    return undefined;
  }
  if (key === "required") return Array.isArray(v) && v.every((x) => typeof x === "string") ? undefined : `required takes a list of property names; ${got}`;
  if (key === "enum") return Array.isArray(v) && v.length > 0 ? undefined : `enum takes a non-empty list of the allowed values; ${got}`;
  if (key === "dependentRequired")
    return isObject(v) && Object.values(v).every((names) => Array.isArray(names) && names.every((n) => typeof n === "string")) ? undefined : `dependentRequired takes a mapping of property names to lists of property names; ${got}`;
  if (NUMBERS.has(key)) return typeof v === "number" ? undefined : `${key} takes a number; ${got}`;
  if (key === "multipleOf") return typeof v === "number" && v > 0 ? undefined : `multipleOf takes a number more than 0; ${got}`;
  if (COUNTS.has(key)) return Number.isInteger(v) && (v as number) >= 0 ? undefined : `${key} takes a whole number, 0 or more; ${got}`;
  if (key === "uniqueItems") return typeof v === "boolean" ? undefined : `uniqueItems takes true or false; ${got}`;
  if (key === "pattern") {
    if (typeof v !== "string") return `pattern takes a regular expression string; ${got}`;
    const bad = patternError(v);
    return bad === undefined ? undefined : `pattern: ${bad}`;
  }
  if (key === "nullable" && typeof v !== "boolean") return `nullable takes true or false; ${got}`;
  if ((key === "allOf" || key === "anyOf" || key === "oneOf") && !(Array.isArray(v) && v.length > 0 && v.every(isSchema))) return `${key} takes a non-empty list of schemas; ${got}`;
  if (key === "items" && !(isSchema(v) || (Array.isArray(v) && v.length > 0 && v.every(isSchema)))) return `items takes a schema; ${got}`;
  if (ONE.has(key) && key !== "items" && !isSchema(v)) return `${key} takes a schema (a mapping, or true or false); ${got}`;
  if (NAMED.has(key) && !(isObject(v) && Object.values(v).every((s) => isSchema(s) || (key === "dependencies" && Array.isArray(s))))) return `${key} takes a mapping of names to schemas; ${got}`;
  return undefined;
}

/**
 * Why a pattern (of `pattern`, or a name under `patternProperties`) does not compile as json_schema compiles it: in
 * Unicode mode (ajv's u flag), after what that mode refuses but plain JavaScript reads as literal text (`\-`, a lone
 * `{`) is written so it reads alike, as matchers do (lib/expect/regex.ts). Undefined when it compiles.
 */
function patternError(source: string): string | undefined {
  try {
    new RegExp(unicodeSource(source), "u");
    return undefined;
  } catch (e) {
    return `invalid regular expression (JSON Schema patterns are compiled in Unicode mode, the u flag): ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`;
  }
}

/**
 * OpenAPI's `nullable: true` adds null to the types of the `type` beside it (ajv applies it so); without a `type` it
 * has nothing to add to, and ajv refuses the schema.
 */
function nullableIssue(schema: Record<string, unknown>): string | undefined {
  if (!("nullable" in schema) || typeof schema.nullable !== "boolean") return undefined;
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  if (types.length === 0) return "nullable (OpenAPI's) adds null to the types of a type beside it: give type too (type: [string, \"null\"] says the same in JSON Schema)";
  if (types.includes("null") && schema.nullable === false) return "type: null contradicts nullable: false";
  return undefined;
}

/** Keys beside `$ref` that check nothing in any draft: annotations, definitions and the author's `x-…`. */
const REF_SIBLINGS = new Set(["$schema", "$id", "$comment", "$defs", "definitions", "title", "description", "default", "examples", "example", "deprecated", "readOnly", "writeOnly", "format", "contentMediaType", "contentEncoding", "contentSchema"]);

/** `items` as a list is draft-07's and 2019-09's: in 2020-12 (the default) it takes one schema, and a list is prefixItems. */
function itemsIssue(v: unknown, root: unknown): string | undefined {
  const id = isObject(root) && typeof root.$schema === "string" ? root.$schema : "";
  if (!Array.isArray(v) || /draft-0[67]|2019-09/.test(id)) return undefined;
  return "items takes one schema in JSON Schema 2020-12 (the default): a list of schemas, one per position, is prefixItems (or name draft-07 in $schema)";
}

/** A `$ref` within the schema itself (`#/$defs/x`) that leads nowhere: ajv refuses the schema when the step runs. */
function refIssue(v: unknown, root: unknown): string | undefined {
  if (typeof v !== "string" || !v.startsWith("#/")) return undefined;
  let at: unknown = root;
  for (const raw of v.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (!isObject(at) && !Array.isArray(at)) return `$ref ${JSON.stringify(v)} leads to nothing in the schema`;
    if (!Object.hasOwn(at as object, key)) return `$ref ${JSON.stringify(v)} leads to nothing in the schema`;
    at = (at as Record<string, unknown>)[key];
  }
  return undefined;
}

/**
 * Keys of the schema (and its subschemas) that are no keyword but one edit or two away from one (`requried`,
 * `propertys`): each with its path in the schema and the keyword meant. Other unknown keys (`x-…`, a vendor's) stay
 * allowed. And the core keywords whose value no JSON Schema takes (`type: objec`, `required: id`, `minimum: "5"`), the
 * keywords the schema's draft does not have (`unevaluatedProperties` under draft-07) or ignores (beside `$ref` in
 * draft-07), an unsupported `$schema`, and numbers no JSON body holds (Infinity, NaN).
 */
export function schemaTypos(schema: unknown): SchemaIssue[] {
  const out: SchemaIssue[] = [];
  const draft = draftOf(schema);
  if (typeof draft !== "string") out.push({ path: ["$schema"], message: `${draft.error}: the schema is invalid` });
  else keywordIssues(schema, [], schema, draft, isObject(schema) && schema.$schema !== undefined, out);
  unheldNumbers(schema, [], out);
  return out;
}

/** `atKey`: said at the key (a check that is no keyword), not at its value. */
type SchemaIssue = { path: (string | number)[]; message: string; atKey?: boolean };

/** schemaTypos's issues of the keywords of a schema and its subschemas. */
function keywordIssues(schema: unknown, path: (string | number)[], root: unknown, draft: Draft, named: boolean, out: SchemaIssue[]): void {
  if (!isObject(schema)) return;
  // draft-06 and -07 ignore every keyword beside $ref, which ajv applies: `{$ref: …, maxLength: 0}` checked more than the draft says.
  const refSiblings = (draft === "draft6" || draft === "draft7") && "$ref" in schema;
  const nullable = nullableIssue(schema);
  for (const [key, value] of Object.entries(schema)) {
    const at = [...path, key];
    if (!KNOWN.has(key)) {
      // A check of the step's expect indented one level too far (`status: 201` under json_schema) checked nothing.
      if (path.length === 0 && HTTP_CHECKS.has(key)) {
        out.push({ path: at, atKey: true, message: `${key} is a check of the step's expect, not a JSON Schema keyword: JSON Schema ignores it, so it would check nothing: move it out of json_schema, to the indent of json_schema` });
        continue;
      }
      const hint = key.length >= 4 && !key.startsWith("x-") ? didYouMean(key, KEYWORDS) || swapped(key) : "";
      if (hint) out.push({ path: at, message: `unknown JSON Schema keyword "${key}"${hint}: JSON Schema ignores it, so it would check nothing` });
      continue;
    }
    const ignored = draftIssue(key, draft, named) ?? (refSiblings && key !== "$ref" && !REF_SIBLINGS.has(key)
      ? `${DRAFT_NAMES[draft]} (named in $schema) ignores every keyword beside $ref, so ${key} would check nothing: wrap them in allOf: [{$ref: …}, {${key}: …}]`
      : undefined);
    if (ignored) {
      out.push({ path: at, message: ignored });
      continue;
    }
    const issue = valueIssue(key, value) ?? (key === "items" ? itemsIssue(value, root) : key === "$ref" ? refIssue(value, root) : key === "nullable" ? nullable : undefined);
    if (issue) {
      out.push({ path: at, message: `${issue}: the schema is invalid` });
      continue;
    }
    if (key === "patternProperties" && isObject(value)) {
      for (const name of Object.keys(value)) {
        const bad = patternError(name);
        if (bad !== undefined) out.push({ path: [...at, name], message: `the pattern ${JSON.stringify(name)}: ${bad}: the schema is invalid` });
      }
    }
    if (ONE.has(key) && isObject(value)) keywordIssues(value, at, root, draft, named, out);
    if (MANY.has(key) && Array.isArray(value)) value.forEach((v, i) => keywordIssues(v, [...at, i], root, draft, named, out));
    if (NAMED.has(key) && isObject(value)) for (const [name, sub] of Object.entries(value)) keywordIssues(sub, [...at, name], root, draft, named, out);
  }
}

/**
 * Numbers no JSON body holds as written, anywhere in the schema (a keyword's value, `const`, `enum`, an example): YAML
 * reads a number beyond a double's range (1e401) and `.inf` as Infinity and `.nan` as NaN, and `const: 1e401` passed
 * on a body's 1e400, which reads as Infinity too. (A non-zero number read as 0, 1e-400, only the written text shows:
 * lib/loader/written-scalars.ts.)
 */
function unheldNumbers(v: unknown, path: (string | number)[], out: SchemaIssue[]): void {
  if (typeof v === "number" && !Number.isFinite(v)) {
    const why = Number.isNaN(v) ? ".nan reads as NaN" : "a number beyond a double's range, about 1.8e308, reads as Infinity, as .inf does";
    out.push({ path, message: `${String(v)} is no number a JSON body holds (${why}): the schema would check ${String(v)}, not the number written; write one a double holds` });
  } else if (Array.isArray(v)) v.forEach((x, i) => unheldNumbers(x, [...path, i], out));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) unheldNumbers(x, [...path, k], out);
}

/** Keywords that constrain nothing (annotations, and `format`, an annotation since 2019-09): a schema of these alone holds for any value. */
const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "$anchor", "$defs", "definitions", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "format", "contentMediaType", "contentEncoding", "contentSchema", "nullable", "example"]);

/** Why a json_schema decides nothing (true, {}, annotations only: any JSON body passes; false: none does), or undefined. */
export function vacuousSchema(v: boolean | Record<string, unknown>): string | undefined {
  if (v === false) return "json_schema: false holds for no body: the step could never pass";
  if (v !== true && Object.keys(v).some((k) => !ANNOTATIONS.has(k) && !k.startsWith("x-"))) return undefined;
  return `json_schema: ${v === true ? "true" : Object.keys(v).length === 0 ? "{}" : `{${Object.keys(v).join(", ")}}`} holds for every JSON body, so it checks only that the body is JSON: say what the body must be (type, required, properties, …), or write json: {"$": {exists: true}} to check only that`;
}

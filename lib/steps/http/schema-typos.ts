// Misspelt keywords in an inline JSON Schema (JSON Schema ignores a keyword it does not know, so `requried: [id]` checks
// nothing and passes), and keyword values no JSON Schema takes (`type: objec`), which ajv refuses only when the step runs.
import { didYouMean } from "../../util/did-you-mean.ts";

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
    try {
      new RegExp(v, "u");
    } catch (e) {
      return `pattern: invalid regular expression: ${(e as Error).message}`;
    }
    return undefined;
  }
  if ((key === "allOf" || key === "anyOf" || key === "oneOf") && !(Array.isArray(v) && v.length > 0 && v.every(isSchema))) return `${key} takes a non-empty list of schemas; ${got}`;
  if (key === "items" && !(isSchema(v) || (Array.isArray(v) && v.length > 0 && v.every(isSchema)))) return `items takes a schema; ${got}`;
  if (ONE.has(key) && key !== "items" && !isSchema(v)) return `${key} takes a schema (a mapping, or true or false); ${got}`;
  if (NAMED.has(key) && !(isObject(v) && Object.values(v).every((s) => isSchema(s) || (key === "dependencies" && Array.isArray(s))))) return `${key} takes a mapping of names to schemas; ${got}`;
  return undefined;
}

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
 * allowed. And the core keywords whose value no JSON Schema takes (`type: objec`, `required: id`, `minimum: "5"`).
 */
export function schemaTypos(schema: unknown, path: (string | number)[] = [], root: unknown = schema): { path: (string | number)[]; message: string }[] {
  if (!isObject(schema)) return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const [key, value] of Object.entries(schema)) {
    const at = [...path, key];
    if (!KNOWN.has(key)) {
      const hint = key.length >= 4 && !key.startsWith("x-") ? didYouMean(key, KEYWORDS) || swapped(key) : "";
      if (hint) out.push({ path: at, message: `unknown JSON Schema keyword "${key}"${hint}: JSON Schema ignores it, so it would check nothing` });
      continue;
    }
    const issue = valueIssue(key, value) ?? (key === "items" ? itemsIssue(value, root) : key === "$ref" ? refIssue(value, root) : undefined);
    if (issue) {
      out.push({ path: at, message: `${issue}: the schema is invalid` });
      continue;
    }
    if (ONE.has(key) && isObject(value)) out.push(...schemaTypos(value, at, root));
    if (MANY.has(key) && Array.isArray(value)) value.forEach((v, i) => out.push(...schemaTypos(v, [...at, i], root)));
    if (NAMED.has(key) && isObject(value)) for (const [name, sub] of Object.entries(value)) out.push(...schemaTypos(sub, [...at, name], root));
  }
  return out;
}

/** Keywords that constrain nothing (annotations, and `format`, an annotation since 2019-09): a schema of these alone holds for any value. */
const ANNOTATIONS = new Set(["$schema", "$id", "$comment", "$anchor", "$defs", "definitions", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly", "format", "contentMediaType", "contentEncoding", "contentSchema", "nullable", "example"]);

/** Why a json_schema decides nothing (true, {}, annotations only: any JSON body passes; false: none does), or undefined. */
export function vacuousSchema(v: boolean | Record<string, unknown>): string | undefined {
  if (v === false) return "json_schema: false holds for no body: the step could never pass";
  if (v !== true && Object.keys(v).some((k) => !ANNOTATIONS.has(k) && !k.startsWith("x-"))) return undefined;
  return `json_schema: ${v === true ? "true" : Object.keys(v).length === 0 ? "{}" : `{${Object.keys(v).join(", ")}}`} holds for every JSON body, so it checks only that the body is JSON: say what the body must be (type, required, properties, …), or write json: {"$": {exists: true}} to check only that`;
}
